/* ld-documents-labels.c: an order's sample labels, filled from the store
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-documents"

#include "config.h"

#include "ld-documents-private.h"
#include "ld-sample.h"
#include "../store/ld-store-samples.h"

/**
 * ld_documents_labels:
 * @store: a store
 * @order: an order
 * @error: return location for an %LD_STORE_ERROR, or %LD_API_ERROR_CONFLICT
 *   when the order has no sample to label
 *
 * One label per sample of the order that is still in use (a rejected
 * sample's tube is not labelled again): its accession, which the barcode
 * carries, the patient's name, MRN, sex and age, the tests the tube is
 * for, the order's priority, the specimen, container and collection time.
 *
 * Returns: (transfer full) (nullable): the labels
 */
LdLabelSet *
ld_documents_labels (LdStore        *store,
                     const LdOrder  *order,
                     GError        **error)
{
  g_autoptr(LdLabelSet) set = ld_label_set_new ();
  g_autoptr(LdReportPatient) patient = ld_report_patient_new ();
  g_autoptr(GPtrArray) samples = NULL;
  g_autofree char *sex_age = NULL;
  g_autoptr(GStrvBuilder) tests = g_strv_builder_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_auto(GStrv) test_codes = NULL;

  g_return_val_if_fail (order != NULL, NULL);

  for (guint i = 0; order->tests != NULL && i < order->tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (order->tests, i);

      g_strv_builder_add (tests, test->code);
      g_ptr_array_add (items, test->item_code);
    }
  test_codes = g_strv_builder_end (tests);
  g_ptr_array_add (items, NULL);

  if ((samples = ld_store_samples_for_order (store, order->id, error)) == NULL ||
      !ld_documents_fill_patient (store, order->patient_id, ld_documents_first_collection (samples),
                                  patient, &sex_age, error))
    return NULL;

  for (guint i = 0; i < samples->len; i++)
    {
      const LdSample *sample = g_ptr_array_index (samples, i);
      LdLabel *label;

      if (!ld_documents_sample_is_live (sample->state))
        continue;

      label = ld_label_new ();
      label->accession = g_strdup (sample->accession);
      label->patient_name = g_strdup (patient->name);
      label->mrn = g_strdup (patient->mrn);
      label->sex_age = g_strdup (sex_age);
      label->specimen = g_strdup (sample->specimen);
      label->container = g_strdup (sample->container);
      label->order_number = g_strdup (order->number);
      label->collected_us = ld_documents_parse_time (sample->collected_at);
      label->test_codes = ld_sample_label_codes ((const char * const *) sample->test_codes,
                                                 (const char * const *) test_codes,
                                                 (const char * const *) items->pdata);
      label->priority = g_strdup (order->priority);
      g_ptr_array_add (set->labels, label);
    }

  if (set->labels->len == 0)
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "Order %s has no samples to label: labels are printed when it is collected.",
                   order->number);
      return NULL;
    }
  return g_steal_pointer (&set);
}

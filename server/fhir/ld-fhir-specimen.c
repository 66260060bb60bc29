/* ld-fhir-specimen.c: the order's samples as FHIR Specimens
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-fhir"

#include "config.h"

#include "ld-fhir-private.h"
#include "ld-sample.h"
#include "ld-states.h"

static gboolean
order_has_test (const LdOrder *order,
                const char    *code)
{
  for (guint i = 0; i < order->tests->len; i++)
    if (g_str_equal (((const LdOrderTest *) g_ptr_array_index (order->tests, i))->code, code))
      return TRUE;
  return FALSE;
}

/* The sample's tests the Bundle holds a ServiceRequest for. */
static guint
count_requests (const LdOrder  *order,
                const LdSample *sample)
{
  guint n = 0;

  for (guint t = 0; sample->test_codes != NULL && sample->test_codes[t] != NULL; t++)
    n += order_has_test (order, sample->test_codes[t]);
  return n;
}

/* Specimen: the accession under the lab's system, the specimen type as
 * the catalogue names it, when it was collected and received, and the
 * tests (ServiceRequests) it was taken for. A rejected sample is
 * "unsatisfactory". */
void
ld_fhir_write_specimens (JsonBuilder        *builder,
                         const LdFhirReport *report,
                         const char         *base,
                         const char         *search_mode)
{
  g_autofree char *system = ld_fhir_system (base, "sid/accession");
  g_autofree char *subject = ld_fhir_urn (report->order->patient_id);

  for (guint i = 0; i < report->samples->len; i++)
    {
      const LdSample *sample = g_ptr_array_index (report->samples, i);

      ld_fhir_begin_entry (builder, sample->id, "Specimen");
      json_builder_set_member_name (builder, "accessionIdentifier");
      json_builder_begin_object (builder);
      ld_fhir_add_string (builder, "system", system);
      ld_fhir_add_string (builder, "value", sample->accession);
      json_builder_end_object (builder);
      ld_fhir_add_string (builder, "status",
                          ld_sample_state_parse (sample->state) == LD_SAMPLE_STATE_REJECTED
                            ? "unsatisfactory"
                            : "available");
      if (sample->specimen != NULL && sample->specimen[0] != '\0')
        {
          json_builder_set_member_name (builder, "type");
          json_builder_begin_object (builder);
          ld_fhir_add_string (builder, "text", sample->specimen);
          json_builder_end_object (builder);
        }
      ld_fhir_add_reference (builder, "subject", subject);
      ld_fhir_add_string (builder, "receivedTime", sample->received_at);
      if (count_requests (report->order, sample) > 0)
        {
          json_builder_set_member_name (builder, "request");
          json_builder_begin_array (builder);
          for (guint t = 0; sample->test_codes[t] != NULL; t++)
            {
              g_autofree char *uuid = NULL;
              g_autofree char *urn = NULL;

              if (!order_has_test (report->order, sample->test_codes[t]))
                continue;
              uuid = ld_fhir_service_request_uuid (report->order, sample->test_codes[t]);
              urn = ld_fhir_urn (uuid);
              ld_fhir_add_reference (builder, NULL, urn);
            }
          json_builder_end_array (builder);
        }
      json_builder_set_member_name (builder, "collection");
      json_builder_begin_object (builder);
      ld_fhir_add_string (builder, "collectedDateTime", sample->collected_at);
      json_builder_end_object (builder);
      ld_fhir_end_entry (builder, search_mode);
    }
}

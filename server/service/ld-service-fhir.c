/* ld-service-fhir.c: released reports read for FHIR, with need-to-know and audit
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A FHIR Bundle of a report carries the report's PDF and every value in
 * it: reading one is reading the report. Each is found, the reader's
 * need-to-know checked and the read audited as report.read, in one
 * transaction, as ld-service-documents.c does for the PDF.
 */

#define G_LOG_DOMAIN "ld-service-fhir"

#include "config.h"

#include "ld-service-fhir.h"
#include "ld-service-care.h"
#include "ld-catalog.h"
#include "../documents/ld-documents.h"
#include "../store/ld-store.h"
#include "../store/ld-store-orders.h"
#include "../store/ld-store-results.h"
#include "../store/ld-store-samples.h"

typedef struct
{
  const LdPermission *permission;
  const char         *report_id;
  const LdFhirSearch *search;
  LdFhirReport       *report;
  GPtrArray          *reports;
  gboolean            more;
} ReadFhir;

static void
read_fhir_clear (ReadFhir *read)
{
  g_clear_pointer (&read->report, ld_fhir_report_free);
  g_clear_pointer (&read->reports, g_ptr_array_unref);
}

static gboolean
load_tests (LdServiceContext  *ctx,
            LdFhirReport      *report,
            GError           **error)
{
  report->tests =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ld_catalog_test_free);
  for (guint i = 0; i < report->order->tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (report->order->tests, i);
      g_autoptr(GError) local = NULL;
      LdCatalogTest *found = ld_store_catalog_get_test (ctx->store, test->code, &local);

      /* A test since dropped from the catalogue keeps its own code alone. */
      if (found == NULL && !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (found != NULL)
        g_hash_table_replace (report->tests, found->code, found);
    }
  return TRUE;
}

/* Loads all a Bundle is written from for @version, whose order the
 * caller has read (@order, taken) and whose reader it has checked, and
 * audits the read. Only an order's newest version is served: its
 * results are the order's results as they stand, which an older version
 * no longer shows. */
static LdFhirReport *
load_report (LdServiceContext  *ctx,
             LdReportVersion   *version,
             LdOrder           *order,
             GError           **error)
{
  g_autoptr(LdFhirReport) report = ld_fhir_report_new ();
  g_autofree char *detail = NULL;

  report->order = order;
  report->pdf = ld_documents_stored_report (ctx->store, order, 0, &report->report, error);
  if (report->pdf == NULL)
    {
      ld_report_version_free (version);
      return NULL;
    }
  if (!g_str_equal (report->report->id, version->id))
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                   "Report version %" G_GINT64_FORMAT " of order %s is superseded by version %"
                   G_GINT64_FORMAT " (DiagnosticReport/%s).",
                   version->version, order->number, report->report->version,
                   report->report->id);
      ld_report_version_free (version);
      return NULL;
    }
  ld_report_version_free (version);

  if ((report->patient = ld_store_patients_get (ctx->store, order->patient_id, error)) == NULL ||
      (report->samples = ld_store_samples_for_order (ctx->store, order->id, error)) == NULL ||
      (report->results = ld_store_results_for_order (ctx->store, order->id, error)) == NULL ||
      !load_tests (ctx, report, error))
    return NULL;

  detail = g_strdup_printf ("%s version %" G_GINT64_FORMAT " (FHIR)", order->number,
                            report->report->version);
  if (!ld_service_audit (ctx, "report.read", "report", report->report->id, detail, error))
    return NULL;
  return g_steal_pointer (&report);
}

static gboolean
read_report (LdServiceContext  *ctx,
             gpointer           data,
             GError           **error)
{
  ReadFhir *read = data;
  g_autoptr(GError) local = NULL;
  LdReportVersion *version;
  LdOrder *order;

  read_fhir_clear (read);
  version = ld_store_reports_get_by_id (ctx->store, read->report_id, &local);
  if (version == NULL)
    {
      if (g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                             "There is no released report with this id.");
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  order = ld_store_orders_get (ctx->store, version->order_id, error);
  if (order == NULL || !ld_service_care_check (ctx, read->permission, order->patient_id, error))
    {
      g_clear_pointer (&order, ld_order_free);
      ld_report_version_free (version);
      return FALSE;
    }

  read->report = load_report (ctx, version, order, error);
  return read->report != NULL;
}

/**
 * ld_service_fhir_read_report:
 * @ctx: who reads
 * @permission: the permission the reader was admitted by, for need-to-know
 * @report_id: a report version's id
 * @error: return location for a #GError: %LD_API_ERROR_NOT_FOUND for an
 *   unknown id or a superseded version, %LD_API_ERROR_FORBIDDEN for
 *   another doctor's patient, %LD_API_ERROR_GONE for a version released
 *   before PDFs were kept
 *
 * Reads a released report, all a Bundle is written from, and audits the
 * read as report.read.
 *
 * Returns: (transfer full) (nullable): the report
 */
LdFhirReport *
ld_service_fhir_read_report (LdServiceContext    *ctx,
                             const LdPermission  *permission,
                             const char          *report_id,
                             GError             **error)
{
  ReadFhir read = { permission, report_id, NULL, NULL, NULL, FALSE };
  LdFhirReport *report;

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, NULL);
  g_return_val_if_fail (permission != NULL && report_id != NULL, NULL);

  if (!ld_service_run (ctx, read_report, &read, error))
    {
      read_fhir_clear (&read);
      return NULL;
    }
  report = g_steal_pointer (&read.report);
  read_fhir_clear (&read);
  return report;
}

static gboolean
search_reports (LdServiceContext  *ctx,
                gpointer           data,
                GError           **error)
{
  ReadFhir *read = data;
  const LdFhirSearch *search = read->search;
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) local = NULL;
  guint n_reports;

  read_fhir_clear (read);
  patient = ld_store_patients_get (ctx->store, search->patient_id, &local);
  if (patient == NULL)
    {
      if (g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                             "There is no such patient.");
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!ld_service_care_check (ctx, read->permission, search->patient_id, error))
    return FALSE;

  /* One more than a page: its presence says there is a next page. */
  versions =
    ld_store_reports_for_patient (ctx->store, search->patient_id, search->from_us, search->until_us,
                                  search->after_id, search->limit + 1, error);
  if (versions == NULL)
    return FALSE;

  read->more = versions->len > search->limit;
  n_reports = MIN (versions->len, search->limit);
  read->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_fhir_report_free);
  for (guint i = 0; i < n_reports; i++)
    {
      LdReportVersion *version = g_ptr_array_steal_index (versions, 0);
      LdOrder *order = ld_store_orders_get (ctx->store, version->order_id, error);
      LdFhirReport *report;

      if (order == NULL)
        {
          ld_report_version_free (version);
          return FALSE;
        }
      report = load_report (ctx, version, order, error);
      if (report == NULL)
        return FALSE;
      g_ptr_array_add (read->reports, report);
    }
  return TRUE;
}

/**
 * ld_service_fhir_search_reports:
 * @ctx: who reads
 * @permission: the permission the reader was admitted by, for need-to-know
 * @search: whose reports, from when to when, which page
 * @out_more: (out): whether there is a page after this one
 * @error: return location for a #GError: %LD_API_ERROR_NOT_FOUND for an
 *   unknown patient, %LD_API_ERROR_FORBIDDEN for another doctor's patient
 *
 * The newest version of each of the patient's released reports whose
 * first result was collected in the period, in the order they were
 * released, each read audited as report.read.
 *
 * Returns: (transfer full) (element-type LdFhirReport) (nullable): the reports
 */
GPtrArray *
ld_service_fhir_search_reports (LdServiceContext    *ctx,
                                const LdPermission  *permission,
                                const LdFhirSearch  *search,
                                gboolean            *out_more,
                                GError             **error)
{
  ReadFhir read = { permission, NULL, search, NULL, NULL, FALSE };
  GPtrArray *reports;

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, NULL);
  g_return_val_if_fail (permission != NULL && search != NULL && search->patient_id != NULL,
                        NULL);
  g_return_val_if_fail (search->limit > 0 && out_more != NULL, NULL);

  if (!ld_service_run (ctx, search_reports, &read, error))
    {
      read_fhir_clear (&read);
      return NULL;
    }
  reports = g_steal_pointer (&read.reports);
  *out_more = read.more;
  read_fhir_clear (&read);
  return reports;
}

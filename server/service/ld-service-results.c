/* ld-service-results.c: publishing results and releasing reports
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Release turns every verified result into a reported one and issues
 * report version 1; an amendment issues the next version, marked
 * corrected. Both go through ld_service_issue_report(), the one place a
 * report version is made.
 */

#define G_LOG_DOMAIN "ld-service-results"

#include "config.h"

#include "ld-service-results.h"
#include "ld-service-orders.h"
#include "ld-lab-state.h"
#include "ld-permissions.h"
#include "ld-result-flow.h"
#include "ld-sample-rules.h"
#include "ld-settings.h"
#include "ld-time.h"
#include "../documents/ld-documents.h"
#include "../domain/ld-report-code.h"
#include "../store/ld-store-orders.h"
#include "../store/ld-store-results.h"
#include "../store/ld-store-samples.h"

/**
 * ld_service_result_publish:
 * @ctx: the change's context
 * @result: a result as it now is
 * @error: return location for an %LD_STORE_ERROR
 *
 * Puts a result in the change feed: to the lab while it is a draft, to
 * doctors too once it is checked.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_result_publish (LdServiceContext  *ctx,
                           const LdResult    *result,
                           GError           **error)
{
  g_autoptr(JsonNode) record = ld_result_to_node (result);

  g_return_val_if_fail (ctx != NULL && result != NULL, FALSE);

  return ld_service_record_change (ctx, "result", result->id,
                                   ld_result_is_checked (result) ? LD_RESULT_READERS : LD_RESULT_LAB,
                                   record, error);
}

/**
 * ld_service_save_interpretation:
 * @ctx: the change's context
 * @order: the order
 * @text: (nullable): the interpretation; %NULL leaves it as it is
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_save_interpretation (LdServiceContext  *ctx,
                                const LdOrder     *order,
                                const char        *text,
                                GError           **error)
{
  g_return_val_if_fail (ctx != NULL && order != NULL, FALSE);

  if (text == NULL)
    return TRUE;
  return ld_store_results_set_interpretation (ctx->store, order->id, text, error) &&
         ld_service_audit (ctx, "order.interpretation", "order", order->id, order->number, error);
}

/**
 * ld_service_check_counted:
 * @ctx: the change's context
 * @order: the order
 * @results: (element-type LdResult): the results about to be checked
 * @error: return location for a #GError
 *
 * Refuses results whose samples are not all counted for (received, or
 * rejected with a recollection asked for): ld_sample_check_result_counts().
 *
 * Returns: %TRUE when every result may go on
 */
gboolean
ld_service_check_counted (LdServiceContext  *ctx,
                          const LdOrder     *order,
                          GPtrArray         *results,
                          GError           **error)
{
  g_autoptr(GPtrArray) samples = NULL;

  g_return_val_if_fail (ctx != NULL && order != NULL && results != NULL, FALSE);

  samples = ld_store_samples_for_order (ctx->store, order->id, error);
  if (samples == NULL)
    return FALSE;

  for (guint i = 0; i < results->len; i++)
    if (!ld_sample_check_result_counts (g_ptr_array_index (results, i), samples, error))
      return FALSE;

  return TRUE;
}

/**
 * ld_service_issue_report:
 * @ctx: a release or an amendment, inside its transaction
 * @order: the order, reported
 * @write_results: (nullable): writes the results this version reports
 *   (an amendment's, which name the version they make)
 * @user_data: for @write_results
 * @error: return location for a #GError
 *
 * Makes the order's next report version (1, then corrected ones) with a
 * new verification code, renders it from the results as they now are and
 * keeps its PDF and SHA-256 with it, audits it and puts it in the change
 * feed — all in the caller's transaction, so a version exists exactly
 * when its PDF does.
 *
 * Returns: (transfer full) (nullable): the new version
 */
LdReportVersion *
ld_service_issue_report (LdServiceContext    *ctx,
                         const LdOrder       *order,
                         LdWriteVersionFunc   write_results,
                         gpointer             user_data,
                         GError             **error)
{
  g_autoptr(LdReportVersion) report = ld_report_version_new ();
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(LdSettings) settings = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *initials = NULL;

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && order != NULL, NULL);

  if ((stored = ld_store_settings_load (ctx->store, NULL, error)) == NULL ||
      (patient = ld_store_patients_get (ctx->store, order->patient_id, error)) == NULL)
    return NULL;
  settings = ld_settings_new_from_table (stored);

  report->order_id = g_strdup (order->id);
  report->released_by = g_strdup (ld_user_get_id (ctx->actor));
  report->verification_code = ld_report_code_new ();
  initials = ld_documents_initials (ld_patient_get_name (patient));
  if (!ld_store_reports_insert (ctx->store, report, initials, error) ||
      (write_results != NULL && !write_results (ctx, report, user_data, error)) ||
      !ld_documents_issue_report (ctx->store, settings, order, report, error))
    return NULL;

  detail = g_strdup_printf ("%s version %" G_GINT64_FORMAT "%s", order->number, report->version,
                            report->corrected ? ", corrected" : "");
  record = ld_report_version_to_node (report);
  /* The desk hands reports out: every role follows them. */
  if (!ld_service_audit (ctx, "report.release", "report", report->id, detail, error) ||
      !ld_service_record_change (ctx, "report", report->id, LD_ROLE_ALL, record, error))
    return NULL;

  return g_steal_pointer (&report);
}

typedef struct
{
  const char      *order_id;
  gint64           version;
  const char      *interpretation;
  LdOrder         *current;
  LdOrder         *saved;
  GPtrArray       *results;
  LdReportVersion *report;
} Release;

static void
release_clear (Release *release)
{
  g_clear_pointer (&release->current, ld_order_free);
  g_clear_pointer (&release->saved, ld_order_free);
  g_clear_pointer (&release->results, g_ptr_array_unref);
  g_clear_pointer (&release->report, ld_report_version_free);
}

static gboolean
release_order (LdServiceContext  *ctx,
               gpointer           data,
               GError           **error)
{
  Release *release = data;
  g_autoptr(LdOrder) order = NULL;
  GPtrArray *results;

  release_clear (release);
  order = ld_store_orders_get (ctx->store, release->order_id, error);
  if (order == NULL)
    return FALSE;
  if (order->version != release->version)
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "Order %s has changed since you saw it.", order->number);
      release->current = g_steal_pointer (&order);
      return FALSE;
    }

  results = release->results = ld_store_results_for_order (ctx->store, order->id, error);
  if (results == NULL ||
      !ld_service_check_counted (ctx, order, results, error) ||
      !ld_result_check_release (order, results, error) ||
      !ld_lab_state_check_move (order, "reported", error))
    return FALSE;

  for (guint i = 0; i < results->len; i++)
    {
      LdResult *result = g_ptr_array_index (results, i);

      if (!g_str_equal (result->state, "verified"))
        continue;
      g_free (result->state);
      result->state = g_strdup ("released");
      g_free (result->released_at);
      result->released_at = ld_time_format_rfc3339 (ctx->now_us);
      result->released_us = ctx->now_us;
      if (!ld_store_results_update (ctx->store, result, error) ||
          !ld_service_result_publish (ctx, result, error))
        return FALSE;
    }

  if (!ld_service_save_interpretation (ctx, order, release->interpretation, error) ||
      !ld_store_orders_move (ctx->store, order, "reported", NULL, error) ||
      (release->saved = ld_service_order_changed (ctx, order->id, "order.release", order->number,
                                                  error)) == NULL ||
      (release->report = ld_service_issue_report (ctx, release->saved, NULL, NULL, error)) == NULL)
    return FALSE;

  return TRUE;
}

/**
 * ld_service_release_order:
 * @ctx: a signatory
 * @order_id: the order
 * @version: the version the signatory saw
 * @interpretation: (nullable): the interpretation to save with it
 * @out_current: (out) (optional) (transfer full): on a stale @version,
 *   the order as it is now
 * @out_results: (out) (transfer container): the order's results as released
 * @out_report: (out) (transfer full): report version 1
 * @error: return location for a #GError
 *
 * Releases every verified result of an order and issues its report, in
 * one transaction.
 *
 * Returns: (transfer full) (nullable): the order as it now is
 */
LdOrder *
ld_service_release_order (LdServiceContext  *ctx,
                          const char        *order_id,
                          gint64             version,
                          const char        *interpretation,
                          LdOrder          **out_current,
                          GPtrArray        **out_results,
                          LdReportVersion  **out_report,
                          GError           **error)
{
  Release release = { order_id, version, interpretation, NULL, NULL, NULL, NULL };
  LdOrder *saved;

  g_return_val_if_fail (ctx != NULL && order_id != NULL, NULL);
  g_return_val_if_fail (out_results != NULL && out_report != NULL, NULL);

  if (!ld_permissions_check_signatory (ctx->actor, "release reports", error))
    return NULL;

  if (!ld_service_run (ctx, release_order, &release, error))
    {
      if (out_current != NULL)
        *out_current = g_steal_pointer (&release.current);
      release_clear (&release);
      return NULL;
    }

  *out_results = g_steal_pointer (&release.results);
  *out_report = g_steal_pointer (&release.report);
  saved = g_steal_pointer (&release.saved);
  release_clear (&release);
  return saved;
}

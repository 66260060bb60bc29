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
#include "ld-service-notify.h"
#include "ld-service-orders.h"
#include "ld-service-alerts.h"
#include "ld-service-care.h"
#include "ld-flag.h"
#include "ld-json.h"
#include "ld-lab-state.h"
#include "ld-permissions.h"
#include "ld-result-flow.h"
#include "ld-sample-rules.h"
#include "ld-settings.h"
#include "ld-states.h"
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
  LdJsonOut record;

  g_return_val_if_fail (ctx != NULL && result != NULL, FALSE);

  ld_json_out_init_text (&record);
  ld_result_write_json (result, &record);
  return ld_service_record_text_change (ctx, "result", result->id,
                                        ld_result_is_checked (result) ? LD_RESULT_READERS
                                                                      : LD_RESULT_LAB,
                                        result->order_id != NULL ? result->order_id : "", NULL,
                                        ld_json_out_end_text (&record), error);
}

/**
 * ld_service_save_interpretation:
 * @ctx: the change's context
 * @order: the order
 * @text: (nullable): the interpretation; %NULL leaves it as it is
 * @error: return location for an %LD_STORE_ERROR
 *
 * Saves it, and puts it in @order too: the answer shows @order as it now
 * is without reading it again.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_save_interpretation (LdServiceContext  *ctx,
                                LdOrder           *order,
                                const char        *text,
                                GError           **error)
{
  g_return_val_if_fail (ctx != NULL && order != NULL, FALSE);

  if (text == NULL)
    return TRUE;
  if (!ld_store_results_set_interpretation (ctx->store, order->id, text, error) ||
      !ld_service_audit (ctx, "order.interpretation", "order", order->id, order->number, error))
    return FALSE;
  g_free (order->interpretation);
  order->interpretation = g_strdup (text);
  return TRUE;
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
 * @rendered: (nullable): the version as a release rendered it before its
 *   transaction, with the code and time it printed
 * @error: return location for a #GError
 *
 * Makes the order's next report version (1, then corrected ones) with a
 * new verification code (or @rendered's), renders it from the results as
 * they now are (or keeps @rendered's bytes when they are what the results
 * as they now are render: ld_documents_issue_report()) and keeps its PDF
 * and SHA-256 with it, audits it and puts it in the change
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
                         const LdRenderedReport *rendered,
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
  if (rendered != NULL)
    ld_rendered_report_prepare_version (rendered, report);
  else
    report->verification_code = ld_report_code_new ();
  initials = ld_documents_initials (ld_patient_get_name (patient));
  if (!ld_store_reports_insert (ctx->store, report, initials, error) ||
      (write_results != NULL && !write_results (ctx, report, user_data, error)) ||
      !ld_documents_issue_report (ctx->store, settings, order, report, rendered, error))
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

/* The message links to the report's verification page, never its values. */
static gboolean
notify_report (LdServiceContext       *ctx,
               const char             *event,
               const LdOrder          *order,
               const LdReportVersion  *report,
               GError                **error)
{
  g_autoptr(JsonObject) facts = json_object_new ();
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(LdSettings) settings = NULL;
  g_autofree char *url = NULL;

  if ((stored = ld_store_settings_load (ctx->store, NULL, error)) == NULL)
    return FALSE;
  settings = ld_settings_new_from_table (stored);
  url = ld_documents_verification_url (settings, report->verification_code);
  if (url != NULL)
    json_object_set_string_member (facts, "report_url", url);
  /* Which version's kept PDF the e-mail attaches, with [mail]
   * attach-report (ld-notify-sender.c); no template says it. */
  json_object_set_string_member (facts, "report_id", report->id);
  return ld_service_notify (ctx, event, order, facts, error);
}

typedef struct
{
  const char      *order_id;
  gint64           version;
  const char      *interpretation;
  const LdRenderedReport *rendered;
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
      !ld_lab_state_check_move (order, ld_lab_state_wire (LD_LAB_STATE_REPORTED), error))
    return FALSE;

  for (guint i = 0; i < results->len; i++)
    {
      LdResult *result = g_ptr_array_index (results, i);

      if (ld_result_state_parse (result->state) != LD_RESULT_STATE_VERIFIED)
        continue;
      g_free (result->state);
      result->state = g_strdup (ld_result_state_wire (LD_RESULT_STATE_RELEASED));
      g_free (result->released_at);
      result->released_at = ld_time_format_rfc3339 (ctx->now_us);
      result->released_us = ctx->now_us;
      if (!ld_store_results_update (ctx->store, result, error) ||
          !ld_service_result_publish (ctx, result, error))
        return FALSE;
    }

  if (!ld_service_save_interpretation (ctx, order, release->interpretation, error) ||
      !ld_store_orders_move (ctx->store, order, ld_lab_state_wire (LD_LAB_STATE_REPORTED), NULL,
                             error) ||
      (release->saved = ld_service_order_changed (ctx, order->id, "order.release", order->number,
                                                  error)) == NULL ||
      (release->report = ld_service_issue_report (ctx, release->saved, NULL, NULL,
                                                  release->rendered, error)) == NULL)
    return FALSE;

  return notify_report (ctx, "report-ready", release->saved, release->report, error);
}

/**
 * ld_service_release_order:
 * @ctx: a signatory
 * @order_id: the order
 * @version: the version the signatory saw
 * @interpretation: (nullable): the interpretation to save with it
 * @rendered: (nullable): its report as rendered from a snapshot before
 *   this (ld_service_render_release()), kept if it is still what the
 *   order's data renders, else rendered again inside the transaction
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
                          const LdRenderedReport *rendered,
                          LdOrder          **out_current,
                          GPtrArray        **out_results,
                          LdReportVersion  **out_report,
                          GError           **error)
{
  Release release = { order_id, version, interpretation, rendered, NULL, NULL, NULL, NULL };
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

/**
 * ld_results_change_clear:
 * @change: what a change gave back
 *
 * Frees what @change holds.
 */
void
ld_results_change_clear (LdResultsChange *change)
{
  g_clear_pointer (&change->order, ld_order_free);
  g_clear_pointer (&change->results, g_ptr_array_unref);
  g_clear_pointer (&change->report, ld_report_version_free);
  g_clear_pointer (&change->current, json_node_unref);
}

/**
 * ld_service_find_result:
 * @results: (element-type LdResult): an order's results
 * @test_code: (nullable): a test
 *
 * Returns: (transfer none) (nullable): the result of @test_code
 */
LdResult *
ld_service_find_result (GPtrArray  *results,
                        const char *test_code)
{
  for (guint i = 0; test_code != NULL && i < results->len; i++)
    {
      LdResult *result = g_ptr_array_index (results, i);

      if (g_str_equal (result->test_code, test_code))
        return result;
    }

  return NULL;
}

/**
 * ld_service_check_result_version:
 * @result: a result as read in the change's transaction
 * @version: the version the client last saw
 * @out_current: (out) (transfer full): when stale, the result as it is
 * @error: return location for an %LD_API_ERROR_CONFLICT
 *
 * Returns: %TRUE if the versions match
 */
gboolean
ld_service_check_result_version (const LdResult  *result,
                                 gint64           version,
                                 JsonNode       **out_current,
                                 GError         **error)
{
  if (result->version == version)
    return TRUE;

  g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
               "%s of order %s has changed since you saw it.", result->test_code,
               result->order_number);
  *out_current = ld_result_to_node (result);
  return FALSE;
}

/**
 * ld_service_results_open:
 * @ctx: the collection, inside its transaction
 * @order: the order being collected
 * @samples: (nullable) (element-type LdSample): the samples collected
 * @error: return location for a #GError
 *
 * Makes the pending result of each ordered test that has none, noting its
 * sample, and puts the order's results in the change feed when it made
 * any. At collection it makes them all; later it makes those of an order
 * collected before this server made results.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_results_open (LdServiceContext  *ctx,
                         const LdOrder     *order,
                         GPtrArray         *samples,
                         GError           **error)
{
  g_autoptr(GPtrArray) results = NULL;
  guint n_opened = 0;

  if (!ld_store_results_open (ctx->store, order, samples, &n_opened, error))
    return FALSE;
  if (n_opened == 0)
    return TRUE;

  results = ld_store_results_for_order (ctx->store, order->id, error);
  if (results == NULL)
    return FALSE;

  for (guint i = 0; i < results->len; i++)
    if (!ld_service_result_publish (ctx, g_ptr_array_index (results, i), error))
      return FALSE;

  return TRUE;
}

/**
 * ld_service_settle_order:
 * @ctx: a change to results, inside its transaction
 * @order: (inout): the order as read; replaced when it moves
 * @results: (element-type LdResult): all its results, as they now are
 * @error: return location for a #GError
 *
 * Moves the order's lab state to where its results put it (see
 * ld_lab_state_for_results()), one checked step at a time; a moved order
 * is audited and goes to the change feed. Once every test is cancelled
 * the order is cancelled, which takes it out of its technician's open
 * work; the money stays held until the desk refunds it.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_settle_order (LdServiceContext  *ctx,
                         LdOrder          **order,
                         GPtrArray         *results,
                         GError           **error)
{
  guint n_pending = 0, n_entered = 0, n_verified = 0, n_cancelled = 0;
  g_autofree char *action = NULL;
  LdOrder *changed;
  const char *target;
  const char *next;

  for (guint i = 0; i < results->len; i++)
    {
      LdResultState state =
        ld_result_state_parse (((LdResult *) g_ptr_array_index (results, i))->state);

      n_pending += state == LD_RESULT_STATE_PENDING;
      n_entered += state == LD_RESULT_STATE_ENTERED;
      n_verified += state == LD_RESULT_STATE_VERIFIED;
      n_cancelled += state == LD_RESULT_STATE_CANCELLED;
    }
  target = ld_lab_state_for_results (n_pending, n_entered, n_verified, n_cancelled);
  if (g_str_equal ((*order)->lab_state, target))
    return TRUE;

  do
    {
      if (!ld_lab_state_next_toward (*order, target, &next, error))
        return FALSE;
      if (next != NULL && !ld_store_orders_move (ctx->store, *order, next,
                                                 ld_lab_state_parse (next) ==
                                                     LD_LAB_STATE_CANCELLED
                                                   ? "Every test was cancelled in the lab."
                                                   : NULL,
                                                 error))
        return FALSE;
    }
  while (next != NULL);

  action = g_strdup_printf ("order.%s", target);
  changed = ld_service_order_changed (ctx, (*order)->id, action, (*order)->number, error);
  if (changed == NULL)
    return FALSE;

  ld_order_free (*order);
  *order = changed;
  return TRUE;
}

typedef struct
{
  const LdPermission *permission;
  const char         *order_id;
  LdOrder            *order;
  GPtrArray          *results;
} ReadResults;

static gboolean
read_results (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  ReadResults *read = data;

  g_clear_pointer (&read->order, ld_order_free);
  g_clear_pointer (&read->results, g_ptr_array_unref);
  read->order = ld_store_orders_get (ctx->store, read->order_id, error);
  return read->order != NULL &&
         ld_service_care_check (ctx, read->permission, read->order->patient_id, error) &&
         (read->results = ld_store_results_for_order (ctx->store, read->order->id, error)) !=
           NULL &&
         ld_service_audit (ctx, "result.read", "order", read->order->id, NULL, error);
}

/**
 * ld_service_read_results:
 * @ctx: who reads
 * @permission: the permission the reader was admitted by, for need-to-know
 * @order_id: the order
 * @out_order: (out) (transfer full): the order
 * @out_results: (out) (transfer container) (element-type LdResult): its results
 * @error: return location for a #GError
 *
 * Reads an order's results, audited as a read of the patient's data.
 *
 * Returns: %TRUE when read
 */
gboolean
ld_service_read_results (LdServiceContext    *ctx,
                         const LdPermission  *permission,
                         const char          *order_id,
                         LdOrder            **out_order,
                         GPtrArray          **out_results,
                         GError             **error)
{
  ReadResults read = { permission, order_id, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && order_id != NULL, FALSE);
  g_return_val_if_fail (out_order != NULL && out_results != NULL, FALSE);

  if (!ld_service_run (ctx, read_results, &read, error))
    {
      g_clear_pointer (&read.order, ld_order_free);
      g_clear_pointer (&read.results, g_ptr_array_unref);
      return FALSE;
    }

  *out_order = read.order;
  *out_results = read.results;
  return TRUE;
}

typedef struct
{
  const LdPermission *permission;
  const char         *patient_id;
  const char         *test_code;
  gint64              after_collected_us;
  const char         *after_id;
  guint               limit;
  GPtrArray          *results;
} History;

static gboolean
read_history (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  History *history = data;
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(LdCatalogTest) test = NULL;
  g_autofree char *detail = NULL;
  const char *code = history->test_code;

  g_clear_pointer (&history->results, g_ptr_array_unref);
  patient = ld_store_patients_get (ctx->store, history->patient_id, error);
  if (patient == NULL ||
      !ld_service_care_check (ctx, history->permission, ld_patient_get_id (patient), error))
    return FALSE;
  if (code != NULL && (test = ld_store_catalog_get_test (ctx->store, code, NULL)) == NULL)
    {
      GError *local =
        g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED, "Please check: test.");

      ld_api_error_set_field (local, "test", "is not a test of the catalogue");
      g_propagate_error (error, local);
      return FALSE;
    }

  history->results = ld_store_results_history (ctx->store, ld_patient_get_id (patient), code,
                                               history->after_collected_us, history->after_id,
                                               history->limit + 1, error);
  if (history->results == NULL)
    return FALSE;

  detail = code != NULL
             ? g_strdup_printf ("%s, %u shown", code, MIN (history->results->len, history->limit))
             : g_strdup_printf ("%u shown", MIN (history->results->len, history->limit));
  return ld_service_audit (ctx, "patient.results", "patient", ld_patient_get_id (patient), detail,
                           error);
}

/**
 * ld_service_patient_history:
 * @ctx: who reads
 * @permission: the permission the reader was admitted by, for need-to-know
 * @patient_id: the patient
 * @test_code: (nullable): one test's trend; %NULL for every test's results
 * @after_collected_us: the page's cursor, or 0
 * @after_id: (nullable): the page's cursor
 * @limit: the page; one more result is read to tell whether there is a next
 * @error: return location for a #GError; a test not in the catalogue is
 *   refused as the query's `test`
 *
 * Returns: (transfer container) (element-type LdResult) (nullable): the results
 */
GPtrArray *
ld_service_patient_history (LdServiceContext    *ctx,
                            const LdPermission  *permission,
                            const char          *patient_id,
                            const char          *test_code,
                            gint64               after_collected_us,
                            const char          *after_id,
                            guint                limit,
                            GError             **error)
{
  History history = {
    permission, patient_id, test_code, after_collected_us, after_id, limit, NULL
  };

  g_return_val_if_fail (ctx != NULL && patient_id != NULL, NULL);

  if (!ld_service_run (ctx, read_history, &history, error))
    {
      g_clear_pointer (&history.results, g_ptr_array_unref);
      return NULL;
    }
  return history.results;
}

typedef struct
{
  const char      *result_id;
  gint64           version;
  const char      *reason;
  LdResultsChange *change;
} ResultChange;

/* What cancelling a test and sending a result back share: the result's
 * order and all its results, read in the change's transaction; the named
 * result, or %NULL with the error and the record as it is when stale. */
static LdResult *
load_result_change (LdServiceContext  *ctx,
                    ResultChange      *change,
                    GError           **error)
{
  LdResultsChange *out = change->change;
  g_autoptr(LdResult) found = NULL;
  LdResult *result;

  ld_results_change_clear (out);
  found = ld_store_results_get (ctx->store, change->result_id, error);
  if (found == NULL ||
      (out->order = ld_store_orders_get (ctx->store, found->order_id, error)) == NULL ||
      (out->results = ld_store_results_for_order (ctx->store, out->order->id, error)) == NULL)
    return NULL;

  result = ld_service_find_result (out->results, found->test_code);
  if (!ld_service_check_result_version (result, change->version, &out->current, error))
    return NULL;
  return result;
}

static gboolean
cancel_result (LdServiceContext  *ctx,
               gpointer           data,
               GError           **error)
{
  ResultChange *change = data;
  LdResultsChange *out = change->change;
  LdResult *result = load_result_change (ctx, change, error);

  if (result == NULL ||
      !ld_result_check_order_in_lab (out->order, "cancel a test", error) ||
      !ld_result_check_cancel (result, error))
    return FALSE;

  g_free (result->state);
  result->state = g_strdup (ld_result_state_wire (LD_RESULT_STATE_CANCELLED));
  g_free (result->cancel_reason);
  result->cancel_reason = g_strdup (change->reason);
  return ld_store_results_update (ctx->store, result, error) &&
         ld_service_result_publish (ctx, result, error) &&
         ld_service_audit (ctx, "result.cancel", "result", result->id, result->test_code, error) &&
         ld_service_settle_order (ctx, &out->order, out->results, error);
}

/**
 * ld_service_cancel_result:
 * @ctx: the technician who cancels
 * @result_id: the result of a test the lab cannot do
 * @version: the version of it the technician saw
 * @reason: why
 * @out_change: (out caller-allocates): the order and its results as they
 *   now are; on a stale @version, the result as it is in `current`
 * @error: return location for a #GError
 *
 * Returns: %TRUE once committed
 */
gboolean
ld_service_cancel_result (LdServiceContext  *ctx,
                          const char        *result_id,
                          gint64             version,
                          const char        *reason,
                          LdResultsChange   *out_change,
                          GError           **error)
{
  ResultChange change = { result_id, version, reason, out_change };

  g_return_val_if_fail (ctx != NULL && result_id != NULL && out_change != NULL, FALSE);

  if (ld_service_run (ctx, cancel_result, &change, error))
    return TRUE;

  g_clear_pointer (&out_change->order, ld_order_free);
  g_clear_pointer (&out_change->results, g_ptr_array_unref);
  return FALSE;
}

static gboolean
return_result (LdServiceContext  *ctx,
               gpointer           data,
               GError           **error)
{
  ResultChange *change = data;
  LdResultsChange *out = change->change;
  g_autoptr(LdResultAmendment) returned = ld_result_amendment_new ();
  g_autofree char *detail = NULL;
  LdResult *result = load_result_change (ctx, change, error);

  if (result == NULL || !ld_result_check_return (out->order, result, error))
    return FALSE;

  returned->kind = g_strdup ("returned");
  returned->old_value = g_strdup (result->value);
  returned->old_flag = g_strdup (result->flag);
  returned->old_comment = g_strdup (result->comment);
  returned->new_comment = g_strdup (result->comment);
  returned->reason = g_strdup (change->reason);
  returned->amended_by = g_strdup (ld_user_get_id (ctx->actor));
  ld_result_send_back (result);
  detail = g_strdup_printf ("%s: %s", result->test_code, returned->reason);
  if (!ld_store_results_update (ctx->store, result, error) ||
      !ld_store_results_add_amendment (ctx->store, result->id, returned, error))
    return FALSE;
  g_ptr_array_add (result->amendments, g_steal_pointer (&returned));
  return ld_service_result_publish (ctx, result, error) &&
         ld_service_audit (ctx, "result.return", "result", result->id, detail, error) &&
         ld_service_settle_order (ctx, &out->order, out->results, error);
}

/**
 * ld_service_return_result:
 * @ctx: a signatory who may send results back
 * @result_id: a verified result
 * @version: the version of it the signatory saw
 * @reason: why it goes back
 * @out_change: (out caller-allocates): the order and its results as they
 *   now are; on a stale @version, the result as it is in `current`
 * @error: return location for a #GError
 *
 * Issue 18: sends a verified value back for re-entry before release.
 * What it said is kept in its history like an amendment's old value.
 *
 * Returns: %TRUE once committed
 */
gboolean
ld_service_return_result (LdServiceContext  *ctx,
                          const char        *result_id,
                          gint64             version,
                          const char        *reason,
                          LdResultsChange   *out_change,
                          GError           **error)
{
  ResultChange change = { result_id, version, reason, out_change };

  g_return_val_if_fail (ctx != NULL && result_id != NULL && out_change != NULL, FALSE);

  if (!ld_permissions_check_returner (ctx->actor, error))
    return FALSE;
  if (ld_service_run (ctx, return_result, &change, error))
    return TRUE;

  g_clear_pointer (&out_change->order, ld_order_free);
  g_clear_pointer (&out_change->results, g_ptr_array_unref);
  return FALSE;
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Reads an amended value against the range and critical limits copied at
 * entry, so that only the value changes, never the rule it is read by. */
static char *
read_amended_value (LdServiceContext    *ctx,
                    const LdResult      *result,
                    const LdResultEntry *item,
                    LdResultReading     *out_reading,
                    const char         **out_field,
                    GError             **error)
{
  g_autoptr(LdCatalogTest) test = ld_store_catalog_get_test (ctx->store, result->test_code, error);
  JsonObject *range =
    result->reference_range ? json_node_get_object (result->reference_range) : NULL;

  if (test == NULL)
    return NULL;

  test->has_critical_low = result->has_critical_low;
  test->critical_low = result->critical_low;
  test->has_critical_high = result->has_critical_high;
  test->critical_high = result->critical_high;
  return ld_result_read_value (test, range, item->value, item->abnormal, out_reading, out_field);
}

/* Applies one amendment to its result and gives what it was in
 * @out_amendment, or %NULL when a problem with the value is noted in
 * @problems for one answer. */
static gboolean
amend_result (LdServiceContext    *ctx,
              const LdOrder       *order,
              LdResult            *result,
              const LdResultEntry *item,
              guint                index,
              const char          *reason,
              LdJsonReader        *problems,
              LdResultAmendment  **out_amendment,
              GError             **error)
{
  g_auto(LdResultReading) reading = { NULL };
  g_autoptr(LdResultAmendment) amendment = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GError) local = NULL;
  const char *field = NULL;
  g_autofree char *comment = g_strdup (item->has_comment ? item->comment : result->comment);

  *out_amendment = NULL;
  if (!ld_result_check_amend (order, result, error))
    return FALSE;

  problem = read_amended_value (ctx, result, item, &reading, &field, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (problem == NULL && g_strcmp0 (reading.value, result->value) == 0 &&
      g_strcmp0 (comment, result->comment) == 0)
    {
      field = "value";
      problem = g_strdup ("is what was reported: there is nothing to amend");
    }
  if (problem != NULL)
    {
      g_autofree char *name = ld_result_item_field (index, field);

      ld_json_reader_add_error (problems, name, problem);
      return TRUE;
    }

  amendment = ld_result_amendment_new ();
  amendment->old_value = g_strdup (result->value);
  amendment->old_flag = g_strdup (result->flag);
  amendment->old_comment = g_strdup (result->comment);
  amendment->new_value = g_strdup (reading.value);
  amendment->new_flag = g_strdup (ld_result_flag_to_string (reading.flag));
  amendment->new_comment = g_strdup (comment);
  amendment->reason = g_strdup (reason);
  amendment->amended_by = g_strdup (ld_user_get_id (ctx->actor));

  ld_result_set_value (result, reading.value, reading.has_numeric_value, reading.numeric_value,
                       amendment->new_flag);
  replace (&result->comment, comment);
  replace (&result->state, ld_result_state_wire (LD_RESULT_STATE_AMENDED));
  *out_amendment = g_steal_pointer (&amendment);
  return TRUE;
}

typedef struct
{
  const char      *order_id;
  GPtrArray          *items;
  const char      *reason;
  LdResultsChange *change;
  GPtrArray       *amendments;
} Amending;

/* Writes each amended result and what it said before, naming the version
 * the amendment makes, before that version is rendered. */
static gboolean
write_amendments (LdServiceContext       *ctx,
                  const LdReportVersion  *report,
                  gpointer                user_data,
                  GError                **error)
{
  Amending *amending = user_data;
  LdResultsChange *out = amending->change;

  for (guint i = 0; i < amending->items->len; i++)
    {
      const char *code = ((LdResultEntry *) g_ptr_array_index (amending->items, i))->test_code;
      LdResult *result = ld_service_find_result (out->results, code);
      LdResultAmendment *amendment = g_ptr_array_index (amending->amendments, i);
      g_autofree char   *detail = g_strdup_printf ("%s, report version %" G_GINT64_FORMAT,
                                                   result->test_code, report->version);
      gboolean           raise = ld_result_is_critical (amendment->new_flag) &&
                       g_strcmp0 (amendment->new_flag, amendment->old_flag) != 0;

      amendment->report_version = report->version;
      if (!ld_store_results_update (ctx->store, result, error) ||
          !ld_store_results_add_amendment (ctx->store, result->id, amendment, error))
        return FALSE;
      g_ptr_array_add (result->amendments,
                       g_steal_pointer (&g_ptr_array_index (amending->amendments, i)));
      if (!ld_service_result_publish (ctx, result, error) ||
          !ld_service_audit (ctx, "result.amend", "result", result->id, detail, error) ||
          (raise && !ld_service_alert_raise (ctx, out->order, result, error)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
amend_results (LdServiceContext  *ctx,
               gpointer           data,
               GError           **error)
{
  Amending *amending = data;
  LdResultsChange *out = amending->change;
  g_autoptr(JsonObject) nothing = json_object_new ();
  g_autoptr(LdJsonReader) problems = NULL;
  GPtrArray *items = amending->items;

  ld_results_change_clear (out);
  g_clear_pointer (&amending->amendments, g_ptr_array_unref);
  out->order = ld_store_orders_get (ctx->store, amending->order_id, error);
  if (out->order == NULL ||
      (out->results = ld_store_results_for_order (ctx->store, out->order->id, error)) == NULL)
    return FALSE;

  problems = ld_json_reader_new (nothing);
  amending->amendments = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_amendment_free);
  for (guint i = 0; i < items->len; i++)
    {
      const LdResultEntry *item = g_ptr_array_index (items, i);
      LdResult *result = ld_service_find_result (out->results, item->test_code);
      g_autofree char *field = ld_result_item_field (i, "test_code");
      LdResultAmendment *amendment = NULL;

      if (result == NULL)
        {
          ld_json_reader_add_error (problems, field, "is not a test of this order");
          g_ptr_array_add (amending->amendments, NULL);
          continue;
        }
      if (!ld_service_check_result_version (result, item->version, &out->current, error) ||
          !amend_result (ctx, out->order, result, item, i, amending->reason, problems, &amendment,
                         error))
        return FALSE;
      g_ptr_array_add (amending->amendments, amendment);
    }

  return ld_json_reader_finish (problems, error) &&
         (out->report =
            ld_service_issue_report (ctx, out->order, write_amendments, amending, NULL,
                                     error)) != NULL &&
         notify_report (ctx, "report-amended", out->order, out->report, error);
}

/**
 * ld_service_amend_results:
 * @ctx: a signatory
 * @order_id: a reported order
 * @items: (element-type LdResultEntry): the results amended, each with its
 *   new value and the version the signatory saw
 * @reason: why
 * @out_change: (out caller-allocates): the order, its results and the
 *   corrected report version; on a stale version, the result as it is in
 *   `current`
 * @error: return location for a #GError
 *
 * Changes released results, keeps what they said, and issues the next
 * report version, marked corrected, in one transaction. An amendment
 * that makes a value critical raises an alert.
 *
 * Returns: %TRUE once committed
 */
gboolean
ld_service_amend_results (LdServiceContext  *ctx,
                          const char        *order_id,
                          GPtrArray            *items,
                          const char        *reason,
                          LdResultsChange   *out_change,
                          GError           **error)
{
  Amending amending = { order_id, items, reason, out_change, NULL };
  gboolean ok;

  g_return_val_if_fail (ctx != NULL && order_id != NULL && items != NULL, FALSE);
  g_return_val_if_fail (out_change != NULL, FALSE);

  if (!ld_permissions_check_signatory (ctx->actor, "amend released reports", error))
    return FALSE;

  ok = ld_service_run (ctx, amend_results, &amending, error);
  g_clear_pointer (&amending.amendments, g_ptr_array_unref);
  if (!ok)
    {
      g_clear_pointer (&out_change->order, ld_order_free);
      g_clear_pointer (&out_change->results, g_ptr_array_unref);
      g_clear_pointer (&out_change->report, ld_report_version_free);
    }
  return ok;
}

/* ld-service-entry.c: entering results, drafts, and verification
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A save names the results it changes, each with the version the
 * technician saw; the whole save is one transaction, so a form is stored
 * entirely or not at all. Unsubmitted values are drafts: they are kept
 * and shown again, but nobody verifies them until they are submitted.
 * A verification checks them, with the record of the call for a critical
 * value, and raises the doctor's alert for it.
 */

#define G_LOG_DOMAIN "ld-service-entry"

#include "config.h"

#include "ld-service-entry.h"
#include "ld-service-alerts.h"
#include "ld-service-auto-verify.h"
#include "ld-service-samples.h"
#include "ld-delta.h"
#include "ld-flag.h"
#include "ld-json.h"
#include "ld-result-apply.h"
#include "ld-result-flow.h"
#include "ld-settings.h"
#include "ld-states.h"
#include "ld-time.h"
#include "../store/ld-store.h"
#include "../store/ld-store-orders.h"
#include "../store/ld-store-results.h"
#include "../store/ld-store-samples.h"

/* What a save needs besides its items: the order's samples and patient. */
typedef struct
{
  LdServiceContext *ctx;
  GPtrArray        *samples;
  LdPatient        *patient;
  LdJsonReader     *problems;
  gboolean          submit;
  gint64            now_us;
  const LdEntrySource *source;
} Entry;

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Compares @result's value with the patient's previous verified result of
 * its test, collected within the test's window before this sample, and
 * sets or clears its delta flag. A previous value in another unit is not
 * compared. */
static gboolean
check_delta (LdServiceContext     *ctx,
             const char           *patient_id,
             const LdCatalogTest  *test,
             LdResult             *result,
             GError              **error)
{
  g_autoptr(LdResult) previous = NULL;
  LdDeltaPrevious compared;

  g_clear_pointer (&result->delta, json_node_unref);
  if (!test->delta_check.active || !result->has_numeric_value || result->collected_us <= 0)
    return TRUE;
  if (!ld_store_results_previous (ctx->store, patient_id, result->test_code, result->id,
                                  result->collected_us -
                                    test->delta_check.window_days * G_TIME_SPAN_DAY,
                                  result->collected_us, &previous, error))
    return FALSE;
  if (previous == NULL || !previous->has_numeric_value ||
      g_strcmp0 (previous->unit, test->unit) != 0)
    return TRUE;

  compared = (LdDeltaPrevious){ previous->id, previous->value, previous->numeric_value,
                                previous->collected_us };
  result->delta =
    ld_delta_flag (&test->delta_check, test->decimals, &compared, result->numeric_value);
  return TRUE;
}

/* Applies one element of a save to its result, as read in this
 * transaction, by the shared rule (ld_result_apply_save()); value
 * problems are noted in @entry for one answer. */
static gboolean
apply_entry (Entry               *entry,
             LdResult            *result,
             const LdResultEntry *item,
             guint                index,
             GError             **error)
{
  LdResultSaveInput   input = { item->value, item->abnormal, item->has_comment, item->comment,
                                entry->submit };
  LdResultSaveContext context = { NULL, entry->patient, NULL,
                                  entry->ctx->actor ? ld_user_get_id (entry->ctx->actor) : NULL,
                                  entry->now_us };
  g_autoptr(LdCatalogTest) test = NULL;
  g_autofree char *problem = NULL;
  const char *field = NULL;

  if (!ld_result_check_entry (result, error))
    return FALSE;

  if (item->value != NULL &&
      ((context.sample = ld_result_find_sample (entry->samples, result->test_code, error)) ==
         NULL ||
       (test = ld_store_catalog_get_test (entry->ctx->store, result->test_code, error)) == NULL))
    return FALSE;
  context.test = test;
  if (entry->source != NULL)
    {
      context.instrument = entry->source->name;
      context.instrument_flags = g_ptr_array_index (entry->source->flags, index);
      context.observed_at = g_ptr_array_index (entry->source->observed_at, index);
    }

  problem = ld_result_apply_save (result, &input, &context, &field);
  if (problem != NULL)
    {
      g_autofree char *name = ld_result_item_field (index, field);

      ld_json_reader_add_error (entry->problems, name, problem);
      return TRUE;
    }
  return item->value == NULL ||
         check_delta (entry->ctx, ld_patient_get_id (entry->patient), test, result, error);
}

static char *
join_codes (GPtrArray *items)
{
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (codes, "%s%s", i ? ", " : "",
                            ((LdResultEntry *) g_ptr_array_index (items, i))->test_code);

  return g_string_free (g_steal_pointer (&codes), FALSE);
}

/* Writes the changed results, publishes them and audits the save. */
static gboolean
store_changed (LdServiceContext  *ctx,
               GPtrArray         *results,
               GPtrArray            *items,
               const char        *action,
               const char        *order_id,
               GError           **error)
{
  g_autofree char *codes = join_codes (items);

  for (guint i = 0; i < items->len; i++)
    {
      LdResult *result =
        ld_service_find_result (results,
                                ((LdResultEntry *) g_ptr_array_index (items, i))->test_code);

      if (!ld_store_results_update (ctx->store, result, error) ||
          !ld_service_result_publish (ctx, result, error))
        return FALSE;
    }

  return ld_service_audit (ctx, action, "order", order_id, codes, error);
}

/* Reads the order and its results for a change to them, inside the
 * transaction, into @out; a stale result is refused with the result as
 * it is in @out's `current`. */
static gboolean
load_for_change (LdServiceContext  *ctx,
                 const char        *order_id,
                 GPtrArray            *items,
                 const char        *doing,
                 LdResultsChange   *out,
                 GError           **error)
{
  g_autoptr(LdJsonReader) unknown = NULL;
  g_autoptr(JsonObject) nothing = json_object_new ();

  ld_results_change_clear (out);
  out->order = ld_store_orders_get (ctx->store, order_id, error);
  if (out->order == NULL || !ld_result_check_order_in_lab (out->order, doing, error) ||
      /* Orders collected before results existed get theirs now. */
      !ld_service_results_open (ctx, out->order, NULL, error) ||
      (out->results = ld_store_results_for_order (ctx->store, out->order->id, error)) == NULL)
    return FALSE;

  unknown = ld_json_reader_new (nothing);
  for (guint i = 0; i < items->len; i++)
    if (ld_service_find_result (out->results,
                                ((LdResultEntry *) g_ptr_array_index (items, i))->test_code) ==
        NULL)
      {
        g_autofree char *field = ld_result_item_field (i, "test_code");

        ld_json_reader_add_error (unknown, field, "is not a test of this order");
      }
  if (!ld_json_reader_finish (unknown, error))
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      const LdResultEntry *item = g_ptr_array_index (items, i);

      if (!ld_service_check_result_version (ld_service_find_result (out->results, item->test_code),
                                            item->version, &out->current, error))
        return FALSE;
    }

  return TRUE;
}

/* The verifier checks a value against the patient's results verified by
 * now; a delta flag stays on the result and is audited with the check. */
static gboolean
check_delta_at_verification (LdServiceContext  *ctx,
                             const LdOrder     *order,
                             LdResult          *result,
                             GError           **error)
{
  g_autoptr(LdCatalogTest) test = ld_store_catalog_get_test (ctx->store, result->test_code, error);

  return test != NULL && check_delta (ctx, order->patient_id, test, result, error);
}

static gboolean
audit_delta (LdServiceContext  *ctx,
             const LdResult    *result,
             GError           **error)
{
  JsonObject *delta = json_node_get_object (result->delta);
  g_autofree char *detail = NULL;
  char change[G_ASCII_DTOSTR_BUF_SIZE];
  char limit[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (change, sizeof change, json_object_get_double_member (delta, "difference"));
  g_ascii_dtostr (limit, sizeof limit, json_object_get_double_member (delta, "limit"));
  detail =
    g_strdup_printf ("%s verified with a delta flag: %s%s from the result of %s (%s limit %s)",
                     result->test_code, change[0] == '-' ? "" : "+", change,
                     json_object_get_string_member (delta, "previous_collected_at"),
                     json_object_get_string_member (delta, "type"), limit);
  return ld_service_audit (ctx, "result.verify_delta", "result", result->id, detail, error);
}

/* Issue 18, signing: a critical value is verified only with the record of
 * the telephone call that told someone of it; the verifier made it. */
static gboolean
take_critical_call (LdServiceContext *ctx,
                    LdResult         *result,
                    LdResultEntry    *item,
                    guint             index,
                    gint64            now_us,
                    LdJsonReader     *problems)
{
  g_autofree char *field = ld_result_item_field (index, "critical_call");
  const char *problem;

  if (!ld_result_is_critical (result->flag))
    {
      if (item->critical_call != NULL)
        ld_json_reader_add_error (problems, field, "is only for a critical result");
      return item->critical_call == NULL;
    }
  if (item->critical_call == NULL)
    {
      g_autofree char *message = g_strdup_printf ("is required: %s is critical; record whom you "
                                                  "telephoned, when, and that it was read back",
                                                  result->test_code);

      ld_json_reader_add_error (problems, field, message);
      return FALSE;
    }
  if ((problem = ld_critical_call_check_time (item->critical_call, result->entered_us, now_us)) !=
      NULL)
    {
      g_autofree char *at = ld_result_item_field (index, "critical_call.called_at");

      ld_json_reader_add_error (problems, at, problem);
      return FALSE;
    }

  g_clear_pointer (&result->critical_call, ld_critical_call_free);
  result->critical_call = g_steal_pointer (&item->critical_call);
  result->critical_call->called_by = g_strdup (ld_user_get_id (ctx->actor));
  return TRUE;
}

/* The call is audited on its own, so the log says who was told and when. */
static gboolean
audit_critical_calls (LdServiceContext  *ctx,
                      GPtrArray         *results,
                      GPtrArray            *items,
                      GError           **error)
{
  for (guint i = 0; i < items->len; i++)
    {
      LdResult *result =
        ld_service_find_result (results,
                                ((LdResultEntry *) g_ptr_array_index (items, i))->test_code);
      g_autofree char *detail = NULL;

      if (result->critical_call == NULL)
        continue;
      detail = g_strdup_printf ("%s telephoned to %s (%s) at %s, read back", result->test_code,
                                result->critical_call->name, result->critical_call->role,
                                result->critical_call->called_at);
      if (!ld_service_audit (ctx, "result.critical_call", "result", result->id, detail, error))
        return FALSE;
    }
  return TRUE;
}

/* Issue 34: what the rules verified, and held, is audited by the system;
 * one verified with a delta flag (a rule set without "delta") is audited
 * as a person's verification with one is. */
static gboolean
audit_auto_verified (LdServiceContext  *ctx,
                     GPtrArray         *outcomes,
                     GError           **error)
{
  if (!ld_service_auto_verify_audit (ctx, outcomes, error))
    return FALSE;
  for (guint i = 0; i < outcomes->len; i++)
    {
      LdAutoVerifyOutcome *outcome = g_ptr_array_index (outcomes, i);

      if (outcome->stopped_by == LD_AUTO_RULE_NONE && outcome->result->delta != NULL &&
          !audit_delta (ctx, outcome->result, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char      *order_id;
  GPtrArray          *items;
  gboolean         submit;
  const char      *interpretation;
  LdResultsChange *change;
  const LdEntrySource *source;
} EntryChange;

static gboolean
save_results (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  EntryChange *change = data;
  LdResultsChange *out = change->change;
  GPtrArray *items = change->items;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(LdJsonReader) problems = NULL;
  g_autoptr(JsonObject) nothing = json_object_new ();
  g_autoptr(GPtrArray) outcomes = NULL;
  Entry entry = { ctx };

  if (!load_for_change (ctx, change->order_id, items, "enter results", out, error))
    return FALSE;

  samples = ld_store_samples_for_order (ctx->store, out->order->id, error);
  patient = samples ? ld_store_patients_get (ctx->store, out->order->patient_id, error) : NULL;
  if (patient == NULL)
    return FALSE;

  problems = ld_json_reader_new (nothing);
  entry.samples = samples;
  entry.patient = patient;
  entry.problems = problems;
  entry.submit = change->submit;
  entry.now_us = ld_time_now ();
  entry.source = change->source;
  for (guint i = 0; i < items->len; i++)
    {
      const LdResultEntry *item = g_ptr_array_index (items, i);

      if (!apply_entry (&entry, ld_service_find_result (out->results, item->test_code), item, i,
                        error))
        return FALSE;
    }

  if (!ld_json_reader_finish (problems, error) ||
      (change->submit &&
       (outcomes = ld_service_auto_verify_apply (ctx, patient, samples, out->results, items,
                                                 error)) == NULL) ||
      !store_changed (ctx, out->results, items, change->submit ? "result.submit" : "result.save",
                      out->order->id, error) ||
      (outcomes != NULL && !audit_auto_verified (ctx, outcomes, error)))
    return FALSE;

  return ld_service_settle_order (ctx, &out->order, out->results, error);
}

/**
 * ld_service_save_results:
 * @ctx: the technician who enters them
 * @order_id: the order
 * @items: (element-type LdResultEntry): the results saved, each with its
 *   value (%NULL clearing a draft) and the version the technician saw
 * @submit: whether the values are submitted for verification, or drafts
 * @out_change: (out caller-allocates): the order and its results as they
 *   now are; on a stale version, the result as it is in `current`
 * @error: return location for a #GError
 *
 * Saves values, as drafts or submitted, in one transaction: a form is
 * stored entirely or not at all.
 *
 * Returns: %TRUE once committed
 */
gboolean
ld_service_save_results (LdServiceContext  *ctx,
                         const char        *order_id,
                         GPtrArray            *items,
                         gboolean           submit,
                         LdResultsChange   *out_change,
                         GError           **error)
{
  EntryChange change = { order_id, items, submit, NULL, out_change, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, FALSE);
  g_return_val_if_fail (order_id != NULL && items != NULL && out_change != NULL, FALSE);

  if (ld_service_run (ctx, save_results, &change, error))
    return TRUE;

  g_clear_pointer (&out_change->order, ld_order_free);
  g_clear_pointer (&out_change->results, g_ptr_array_unref);
  return FALSE;
}

/**
 * ld_service_save_drafts_from:
 * @ctx: an instrument's context (an actor name, no user), inside
 *   ld_service_run()
 * @order_id: the order
 * @items: (element-type LdResultEntry): the values, each with the version
 *   of its result as read in this transaction
 * @source: the instrument, and its flags and times, one per item
 * @out_change: (out caller-allocates): the order and its results as they
 *   now are
 * @error: return location for a #GError
 *
 * Saves an instrument's values as drafts, by the rules a person's save
 * follows, inside the caller's transaction, so that a message is stored
 * whole or not at all. Nothing is submitted, verified or released.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_save_drafts_from (LdServiceContext     *ctx,
                             const char           *order_id,
                             GPtrArray            *items,
                             const LdEntrySource  *source,
                             LdResultsChange      *out_change,
                             GError              **error)
{
  EntryChange change = { order_id, items, FALSE, NULL, out_change, source };

  g_return_val_if_fail (ctx != NULL && ctx->running, FALSE);
  g_return_val_if_fail (order_id != NULL && items != NULL && source != NULL, FALSE);
  g_return_val_if_fail (source->flags->len == items->len, FALSE);
  g_return_val_if_fail (source->observed_at->len == items->len, FALSE);

  return save_results (ctx, &change, error);
}

static gboolean
verify_results (LdServiceContext  *ctx,
                gpointer           data,
                GError           **error)
{
  EntryChange *change = data;
  LdResultsChange *out = change->change;
  GPtrArray *items = change->items;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(LdSettings) settings = NULL;
  g_autoptr(JsonObject) nothing = json_object_new ();
  g_autoptr(LdJsonReader) problems = NULL;
  const char *user_id = ld_user_get_id (ctx->actor);
  gint64 now_us = ld_time_now ();

  ld_results_change_clear (out);
  if ((stored = ld_store_settings_load (ctx->store, NULL, error)) == NULL)
    return FALSE;
  settings = ld_settings_new_from_table (stored);
  if (!load_for_change (ctx, change->order_id, items, "verify results", out, error) ||
      !ld_service_samples_check_counted (ctx, out->order, out->results, items, error))
    return FALSE;

  problems = ld_json_reader_new (nothing);
  for (guint i = 0; i < items->len; i++)
    {
      LdResultEntry *item = g_ptr_array_index (items, i);
      LdResult *result = ld_service_find_result (out->results, item->test_code);

      if (!ld_result_check_verify (result, user_id, settings->allow_self_verification, error) ||
          !check_delta_at_verification (ctx, out->order, result, error))
        return FALSE;
      if (!take_critical_call (ctx, result, item, i, now_us, problems))
        continue;

      replace (&result->state, ld_result_state_wire (LD_RESULT_STATE_VERIFIED));
      replace (&result->verified_by, user_id);
      g_free (result->verified_at);
      result->verified_at = ld_time_format_rfc3339 (now_us);
      result->verified_us = now_us;
    }

  if (!ld_json_reader_finish (problems, error) ||
      !store_changed (ctx, out->results, items, "result.verify", out->order->id, error) ||
      !audit_critical_calls (ctx, out->results, items, error) ||
      !ld_service_save_interpretation (ctx, out->order, change->interpretation, error))
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      LdResult *result =
        ld_service_find_result (out->results,
                                ((LdResultEntry *) g_ptr_array_index (items, i))->test_code);

      if (result->delta != NULL && !audit_delta (ctx, result, error))
        return FALSE;
    }
  /* The doctor hears of a critical value once it is checked, never of a
   * typing slip the verifier catches. */
  for (guint i = 0; i < items->len; i++)
    {
      LdResult *result =
        ld_service_find_result (out->results,
                                ((LdResultEntry *) g_ptr_array_index (items, i))->test_code);

      if (ld_result_is_critical (result->flag) &&
          !ld_service_alert_raise (ctx, out->order, result, error))
        return FALSE;
    }

  return ld_service_settle_order (ctx, &out->order, out->results, error);
}

/**
 * ld_service_verify_results:
 * @ctx: a second technician, who checks the values
 * @order_id: the order
 * @items: (element-type LdResultEntry): the results verified, each with the
 *   version the verifier saw and, for a critical value, the call that told
 *   of it (taken from the item)
 * @interpretation: (nullable): the order's interpretation to keep
 * @out_change: (out caller-allocates): the order and its results as they
 *   now are; on a stale version, the result as it is in `current`
 * @error: return location for a #GError
 *
 * Verifies submitted values in one transaction, audits each critical
 * call and delta flag, and raises an alert for each critical value.
 *
 * Returns: %TRUE once committed
 */
gboolean
ld_service_verify_results (LdServiceContext  *ctx,
                           const char        *order_id,
                           GPtrArray            *items,
                           const char        *interpretation,
                           LdResultsChange   *out_change,
                           GError           **error)
{
  EntryChange change = { order_id, items, FALSE, interpretation, out_change, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL, FALSE);
  g_return_val_if_fail (order_id != NULL && items != NULL && out_change != NULL, FALSE);

  if (ld_service_run (ctx, verify_results, &change, error))
    return TRUE;

  g_clear_pointer (&out_change->order, ld_order_free);
  g_clear_pointer (&out_change->results, g_ptr_array_unref);
  return FALSE;
}

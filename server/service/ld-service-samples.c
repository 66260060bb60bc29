/* ld-service-samples.c: collecting samples and their chain of custody
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A collection takes the samples an order needs (or new ones for those
 * the lab rejected), with cash on collection if it is due, and opens the
 * order's results; each custody step moves a sample, and a rejection
 * either asks for a new sample or cancels the tests it was for. Each is
 * one transaction, run, audited and announced by ld_service_run().
 */

#define G_LOG_DOMAIN "ld-service-samples"

#include "config.h"

#include "ld-service-samples.h"
#include "ld-service-money.h"
#include "ld-service-notify.h"
#include "ld-service-orders.h"
#include "ld-service-results.h"
#include "ld-lab-state.h"
#include "ld-order-rules.h"
#include "ld-result-flow.h"
#include "ld-sample-rules.h"
#include "ld-states.h"
#include "ld-time.h"
#include "../store/ld-store.h"
#include "../store/ld-store-orders.h"
#include "../store/ld-store-results.h"
#include "../store/ld-store-samples.h"

/**
 * ld_sample_to_node:
 * @sample: a sample
 *
 * Returns: (transfer full): the sample as the API shows it
 */
JsonNode *
ld_sample_to_node (const LdSample *sample)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_sample_to_json (sample, builder);
  return json_builder_get_root (builder);
}

/* Samples travel with orders: everyone who follows orders sees them.
 * The record is read back as GET …/samples reads it (custody included),
 * and that same record is what the caller answers, so the answer, the
 * feed and a later read can never differ. */
static LdSample *
publish_sample (LdServiceContext  *ctx,
                const char        *sample_id,
                GError           **error)
{
  g_autoptr(LdSample) saved = ld_store_samples_find (ctx->store, sample_id, NULL, error);
  LdJsonOut record;

  if (saved == NULL)
    return NULL;

  ld_json_out_init_text (&record);
  ld_sample_write_json (saved, &record);
  if (!ld_service_record_text_change (ctx, "sample", saved->id, LD_ROLE_ALL,
                                      saved->order_id != NULL ? saved->order_id : "", NULL,
                                      ld_json_out_end_text (&record), error))
    return NULL;

  return g_steal_pointer (&saved);
}

/**
 * ld_service_samples_check_counted:
 * @ctx: a verification, inside its transaction
 * @order: the order
 * @results: (element-type LdResult): its results
 * @items: (nullable) (element-type LdResultEntry): the results the change
 *   names; %NULL for all of them
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * Refuses a value measured on a rejected sample (see
 * ld_sample_check_result_counts()).
 *
 * Returns: %TRUE if every result concerned counts
 */
gboolean
ld_service_samples_check_counted (LdServiceContext  *ctx,
                                  const LdOrder     *order,
                                  GPtrArray         *results,
                                  GPtrArray            *items,
                                  GError           **error)
{
  g_autoptr(GPtrArray) checked = g_ptr_array_new ();

  for (guint i = 0; i < (items != NULL ? items->len : results->len); i++)
    {
      LdResult *result =
        items != NULL
          ? ld_service_find_result (results,
                                    ((LdResultEntry *) g_ptr_array_index (items, i))->test_code)
          : g_ptr_array_index (results, i);

      if (result != NULL)
        g_ptr_array_add (checked, result);
    }

  return ld_service_check_counted (ctx, order, checked, error);
}

/* What a collection takes: the samples the order needs, or new ones for
 * those the lab rejected. */
static GPtrArray *
samples_to_collect (LdServiceContext  *ctx,
                    const LdOrder     *order,
                    GError           **error)
{
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GHashTable) replaced = NULL;

  if (ld_lab_state_parse (order->lab_state) == LD_LAB_STATE_ORDERED)
    return ld_sample_plan (order->tests);

  existing = ld_store_samples_for_order (ctx->store, order->id, error);
  if (existing == NULL)
    return NULL;

  again = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_sample_free);
  replaced = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < existing->len; i++)
    {
      const LdSample *sample = g_ptr_array_index (existing, i);

      if (sample->replaces_sample_id != NULL)
        g_hash_table_add (replaced, sample->replaces_sample_id);
    }

  for (guint i = 0; i < existing->len; i++)
    {
      const LdSample *rejected = g_ptr_array_index (existing, i);
      LdSample *replacement;

      if (ld_sample_state_parse (rejected->state) != LD_SAMPLE_STATE_RECOLLECTION_REQUESTED ||
          g_hash_table_contains (replaced, rejected->id))
        continue;

      replacement = ld_sample_new ();
      replacement->specimen = g_strdup (rejected->specimen);
      replacement->container = g_strdup (rejected->container);
      replacement->test_codes = g_strdupv (rejected->test_codes);
      replacement->replaces_sample_id = g_strdup (rejected->id);
      g_ptr_array_add (again, replacement);
    }

  if (again->len == 0)
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "Order %s is %s and has no sample to collect again.", order->number,
                   order->lab_state);
      return NULL;
    }

  return g_steal_pointer (&again);
}

/* An unpaid order is not collected; cash on collection is taken now. */
static gboolean
check_money (const LdOrder  *order,
             gboolean        first_collection,
             gboolean        has_payment,
             GError        **error)
{
  gboolean cod = ld_payment_state_parse (order->payment_state) == LD_PAYMENT_STATE_COD_PENDING;
  GError *local;

  if (!first_collection && !has_payment)
    return TRUE;
  if (first_collection && !ld_order_payment_lets_collect (order->payment_state))
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "Order %s is not paid (%s); take the payment first.", order->number,
                   order->payment_state);
      return FALSE;
    }
  if (first_collection && cod == has_payment)
    return TRUE;

  local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                               cod ? "This order is paid in cash at collection: record the payment."
                                   : "This order needs no payment now.");
  ld_api_error_set_field (local, "payment",
                          cod ? "is required for cash on collection" : "is not due");
  g_propagate_error (error, local);
  return FALSE;
}

typedef struct
{
  const char *order_id;
  const char *location;
  const char *note;
  LdPayment  *payment;
  LdOrder    *saved;
  GPtrArray  *collected;
} Collection;

static gboolean
collect_order (LdServiceContext  *ctx,
               gpointer           data,
               GError           **error)
{
  Collection *collection = data;
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  GPtrArray *collected;
  gboolean first;

  g_clear_pointer (&collection->saved, ld_order_free);
  g_clear_pointer (&collection->collected, g_ptr_array_unref);
  order = ld_store_orders_get (ctx->store, collection->order_id, error);
  if (order == NULL)
    return FALSE;

  first = ld_lab_state_parse (order->lab_state) == LD_LAB_STATE_ORDERED;
  if ((first || !ld_order_is_open (order)) &&
      !ld_lab_state_check_move (order, ld_lab_state_wire (LD_LAB_STATE_COLLECTED), error))
    return FALSE;
  if (!check_money (order, first, collection->payment != NULL, error))
    return FALSE;

  if (collection->payment != NULL)
    {
      LdOrder *paid = ld_service_take_payment_for (ctx, order, collection->payment, TRUE,
                                                  error);

      if (paid == NULL)
        return FALSE;
      ld_order_free (order);
      order = paid;
    }

  samples = samples_to_collect (ctx, order, error);
  if (samples == NULL)
    return FALSE;
  collected = collection->collected =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ld_sample_free);
  for (guint i = 0; i < samples->len; i++)
    {
      LdSample *sample = g_ptr_array_index (samples, i);
      LdSample *stored;

      sample->order_id = g_strdup (order->id);
      sample->collected_by = g_strdup (ld_user_get_id (ctx->actor));
      sample->location = g_strdup (collection->location);
      if (!ld_store_samples_insert (ctx->store, sample, collection->note, error) ||
          (stored = publish_sample (ctx, sample->id, error)) == NULL)
        return FALSE;
      g_ptr_array_add (collected, stored);
    }

  if (first && (!ld_store_orders_move (ctx->store, order,
                                       ld_lab_state_wire (LD_LAB_STATE_COLLECTED), NULL, error) ||
                !ld_service_results_open (ctx, order, collected, error)))
    return FALSE;
  /* Every sample asked for again is collected at once: off the
   * recollection tab. */
  if (!first && !ld_store_samples_set_awaiting (ctx->store, order->id, FALSE, error))
    return FALSE;
  collection->saved =
    ld_service_order_changed (ctx, order->id, first ? "order.collect" : "order.recollect", NULL,
                              error);
  return collection->saved != NULL &&
         (!first || ld_service_notify (ctx, "sample-collected", collection->saved, NULL, error));
}

/**
 * ld_service_collect_order:
 * @ctx: who collects
 * @order_id: the order
 * @location: (nullable): where the samples are
 * @note: (nullable): a note for their custody
 * @payment: (nullable): cash on collection, as the desk sent it; filled in
 *   as it is taken
 * @out_collected: (out) (transfer container) (element-type LdSample): the
 *   samples collected, as read back
 * @error: return location for a #GError
 *
 * Collects the samples an order needs, or new ones for those the lab
 * rejected, taking cash on collection when it is due, and opens the
 * order's results, in one transaction.
 *
 * Returns: (transfer full) (nullable): the order as it now is
 */
LdOrder *
ld_service_collect_order (LdServiceContext  *ctx,
                          const char        *order_id,
                          const char        *location,
                          const char        *note,
                          LdPayment         *payment,
                          GPtrArray        **out_collected,
                          GError           **error)
{
  Collection collection = { order_id, location, note, payment, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && order_id != NULL, NULL);
  g_return_val_if_fail (out_collected != NULL, NULL);

  if (!ld_service_run (ctx, collect_order, &collection, error))
    {
      g_clear_pointer (&collection.saved, ld_order_free);
      g_clear_pointer (&collection.collected, g_ptr_array_unref);
      return NULL;
    }

  *out_collected = collection.collected;
  return collection.saved;
}

/* Applies a custody event to the sample's own record. */
static void
apply_event (LdSample   *sample,
             const char *event,
             const char *state,
             const char *user_id,
             const char *location,
             const char *reason)
{
  g_free (sample->state);
  sample->state = g_strdup (state);
  if (location != NULL)
    {
      g_free (sample->location);
      sample->location = g_strdup (location);
    }
  if (ld_sample_state_parse (event) == LD_SAMPLE_STATE_RECEIVED)
    {
      sample->received_by = g_strdup (user_id);
      sample->received_at = ld_time_format_rfc3339 (ld_time_now ());
    }
  if (reason != NULL)
    {
      g_free (sample->reject_reason);
      sample->reject_reason = g_strdup (reason);
    }
}

/* Cancels the tests a rejected sample was for, with the rejection's
 * reason, as ld_service_cancel_result() would: the order is cancelled
 * once every test is, and its money stays held until the desk refunds it. */
static gboolean
cancel_tests (LdServiceContext  *ctx,
              const LdSample    *sample,
              LdOrder          **order,
              GPtrArray         *results,
              GError           **error)
{
  g_autofree char *reason =
    g_strdup_printf ("Sample %s was rejected: %s", sample->accession, sample->reject_reason);
  guint n_cancelled = 0;

  for (guint i = 0; i < results->len; i++)
    {
      LdResult *result = g_ptr_array_index (results, i);

      if (!ld_sample_cancels_result (sample, result))
        continue;
      g_free (result->state);
      result->state = g_strdup (ld_result_state_wire (LD_RESULT_STATE_CANCELLED));
      g_free (result->cancel_reason);
      result->cancel_reason = g_strdup (reason);
      if (!ld_store_results_update (ctx->store, result, error) ||
          !ld_service_result_publish (ctx, result, error) ||
          !ld_service_audit (ctx, "result.cancel", "result", result->id, result->test_code, error))
        return FALSE;
      n_cancelled++;
    }

  return n_cancelled == 0 || ld_service_settle_order (ctx, order, results, error);
}

/*
 * settle_rejection:
 * @ctx: the rejection, inside its transaction, the sample already moved
 * @sample: the rejected sample
 * @recollect: whether a new sample is wanted
 *
 * Values measured on the sample stop counting (they are kept in its
 * history); the order then waits on the recollection tab for a new
 * sample, or the sample's tests are cancelled.
 */
static gboolean
settle_rejection (LdServiceContext  *ctx,
                  const LdSample    *sample,
                  gboolean           recollect,
                  GError           **error)
{
  g_autoptr(LdOrder) order = ld_store_orders_get (ctx->store, sample->order_id, error);
  g_autoptr(LdOrder) saved = NULL;
  g_autoptr(GPtrArray) results = NULL;

  if (order == NULL ||
      (results = ld_store_results_for_order (ctx->store, order->id, error)) == NULL ||
      !ld_sample_check_reject (sample, results, error) ||
      !ld_store_samples_keep_rejected_results (ctx->store, sample, error))
    return FALSE;

  if (!recollect)
    return cancel_tests (ctx, sample, &order, results, error);

  if (!ld_result_check_order_in_lab (order, "ask for a new sample", error) ||
      !ld_store_samples_set_awaiting (ctx->store, order->id, TRUE, error))
    return FALSE;
  saved = ld_service_order_changed (ctx, order->id, "order.recollection_requested",
                                    sample->accession, error);
  return saved != NULL && ld_service_notify (ctx, "sample-rejected", saved, NULL, error);
}

typedef struct
{
  const LdCustodyStep *step;
  LdSample             *saved;
  JsonNode             *current;
} Custody;

static gboolean
add_custody (LdServiceContext  *ctx,
             gpointer           data,
             GError           **error)
{
  Custody *custody = data;
  const LdCustodyStep *step = custody->step;
  g_autoptr(LdSample) sample = NULL;
  g_autofree char *from_state = NULL;
  g_autofree char *action = NULL;
  const char *user_id = ld_user_get_id (ctx->actor);
  gboolean rejecting = ld_sample_state_parse (step->event) == LD_SAMPLE_STATE_REJECTED;
  const char *to_state;

  g_clear_pointer (&custody->saved, ld_sample_free);
  g_clear_pointer (&custody->current, json_node_unref);
  sample = ld_store_samples_find (ctx->store, step->sample_id, NULL, error);
  if (sample == NULL)
    return FALSE;
  if (sample->version != step->version)
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "Sample %s has changed since you saw it.", sample->accession);
      custody->current = ld_sample_to_node (sample);
      return FALSE;
    }
  if (!ld_sample_check_move (sample, step->event, &to_state, error))
    return FALSE;

  if (rejecting)
    to_state = ld_sample_rejection_state (step->recollect);

  from_state = g_strdup (sample->state);
  apply_event (sample, step->event, to_state, user_id, step->location, step->reason);
  if (!ld_store_samples_move (ctx->store, sample, from_state, error) ||
      !ld_store_samples_add_custody (ctx->store, sample->id, step->event, user_id, step->location,
                                     step->reason ? step->reason : step->note, error))
    return FALSE;
  /* A rejection asks for the sample again in the same step. */
  if (ld_sample_state_parse (to_state) == LD_SAMPLE_STATE_RECOLLECTION_REQUESTED &&
      !ld_store_samples_add_custody (ctx->store, sample->id,
                                     ld_sample_state_wire (LD_SAMPLE_STATE_RECOLLECTION_REQUESTED),
                                     user_id, step->location, NULL, error))
    return FALSE;

  action = g_strdup_printf ("sample.%s", step->event);
  if (!ld_service_audit (ctx, action, "sample", sample->id, sample->accession, error) ||
      (rejecting && !settle_rejection (ctx, sample, step->recollect, error)))
    return FALSE;

  custody->saved = publish_sample (ctx, sample->id, error);
  return custody->saved != NULL;
}

/**
 * ld_service_add_custody:
 * @ctx: who handles the sample
 * @step: what happened to it
 * @out_current: (out) (optional) (transfer full): on a stale version, the
 *   sample as it is now
 * @error: return location for a #GError
 *
 * Moves a sample along its chain of custody, in one transaction; a
 * rejection asks for a new sample or cancels the tests it was for.
 *
 * Returns: (transfer full) (nullable): the sample as it now is
 */
LdSample *
ld_service_add_custody (LdServiceContext     *ctx,
                        const LdCustodyStep  *step,
                        JsonNode            **out_current,
                        GError              **error)
{
  Custody custody = { step, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && step != NULL, NULL);
  g_return_val_if_fail (step->sample_id != NULL && step->event != NULL, NULL);

  if (!ld_service_run (ctx, add_custody, &custody, error))
    {
      g_clear_pointer (&custody.saved, ld_sample_free);
      if (out_current != NULL)
        *out_current = g_steal_pointer (&custody.current);
      g_clear_pointer (&custody.current, json_node_unref);
      return NULL;
    }
  return custody.saved;
}

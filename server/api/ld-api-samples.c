/* ld-api-samples.c: collecting samples and their chain of custody
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-samples"

#include "config.h"

#include "ld-api.h"
#include "ld-service-orders.h"
#include "ld-service-money.h"
#include "ld-api-common.h"
#include "ld-api-results.h"
#include "ld-api-samples.h"
#include "ld-store-samples.h"
#include "ld-time.h"
#include "ld-lab-state.h"
#include "ld-result-flow.h"
#include "ld-sample-rules.h"

#define MAX_LOCATION_CHARS 100
#define MAX_NOTE_CHARS 500

static const char * const custody_events[] = { "received", "rejected", "stored", "disposed", NULL };

static JsonNode *
sample_to_node (const LdSample *sample)
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
publish_sample (LdHttpRequest  *req,
                const char     *sample_id,
                GError        **error)
{
  g_autoptr(LdSample) saved = ld_store_samples_find (req->store, sample_id, NULL, error);
  g_autoptr(JsonNode) record = NULL;

  if (saved == NULL)
    return NULL;

  record = sample_to_node (saved);
  if (!ld_http_request_record_change (req, "sample", saved->id, LD_ROLE_ALL, record, error))
    return NULL;

  return g_steal_pointer (&saved);
}

static void
add_samples (JsonBuilder *builder,
             const char  *name,
             GPtrArray   *samples)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < samples->len; i++)
    ld_sample_to_json (g_ptr_array_index (samples, i), builder);
  json_builder_end_array (builder);
}

/* What a collection takes: the samples the order needs, or new ones for
 * those the lab rejected. */
static GPtrArray *
samples_to_collect (LdHttpRequest  *req,
                    const LdOrder  *order,
                    GError        **error)
{
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GHashTable) replaced = NULL;

  if (g_str_equal (order->lab_state, "ordered"))
    return ld_sample_plan (order->tests);

  existing = ld_store_samples_for_order (req->store, order->id, error);
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

      if (!g_str_equal (rejected->state, "recollection_requested") ||
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
                   "Order %s is %s and has no sample to collect again.", order->number, order->lab_state);
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
  gboolean cod = g_str_equal (order->payment_state, "cod_pending");
  GError *local;

  if (!first_collection && !has_payment)
    return TRUE;
  if (first_collection && !ld_order_payment_lets_collect (order->payment_state))
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "Order %s is not paid (%s); take the payment first.", order->number, order->payment_state);
      return FALSE;
    }
  if (first_collection && cod == has_payment)
    return TRUE;

  local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                               cod ? "This order is paid in cash at collection: record the payment."
                                   : "This order needs no payment now.");
  ld_api_error_set_field (local, "payment", cod ? "is required for cash on collection" : "is not due");
  g_propagate_error (error, local);
  return FALSE;
}

/* POST /api/v1/orders/{id}/collect */
static gboolean
collect_order (LdHttpRequest  *req,
               GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdPayment) payment = NULL;
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(LdOrder) paid = NULL;
  g_autoptr(LdOrder) saved = NULL;
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(GPtrArray) collected = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *location = NULL;
  g_autofree char *note = NULL;
  LdJsonReader *payment_reader;
  gboolean first;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_api_order_read_text (reader, "location", LD_JSON_NULLABLE, MAX_LOCATION_CHARS, &location);
  ld_api_order_read_text (reader, "note", LD_JSON_NULLABLE, MAX_NOTE_CHARS, &note);
  payment_reader = ld_json_reader_get_object (reader, "payment", LD_JSON_NULLABLE);
  if (payment_reader != NULL)
    {
      payment = ld_payment_new ();
      ld_api_payment_read (payment_reader, payment);
      if (g_strcmp0 (payment->method, "online") == 0 || g_strcmp0 (payment->method, "cod") == 0)
        ld_json_reader_add_error (payment_reader, "method", "must be cash, card or UPI at collection");
      ld_json_reader_end_object (reader, "payment", payment_reader);
    }
  if (!ld_json_reader_finish (reader, error) ||
      !ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  order = ld_store_orders_get (req->store, ld_http_request_get_param (req, "id"), error);
  if (order == NULL)
    return FALSE;

  first = g_str_equal (order->lab_state, "ordered");
  if ((first && !ld_lab_state_check_move (order, "collected", error)) ||
      (!first && !ld_order_is_open (order) && !ld_lab_state_check_move (order, "collected", error)) ||
      !check_money (order, first, payment != NULL, error))
    return FALSE;

  if (payment != NULL)
    {
      paid = ld_service_take_payment_for (ld_http_request_get_service (req), order, payment, error);
      if (paid == NULL)
        return FALSE;
      ld_order_free (g_steal_pointer (&order));
      order = g_steal_pointer (&paid);
    }

  samples = samples_to_collect (req, order, error);
  if (samples == NULL)
    return FALSE;
  collected = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_sample_free);
  for (guint i = 0; i < samples->len; i++)
    {
      LdSample *sample = g_ptr_array_index (samples, i);
      LdSample *stored;

      sample->order_id = g_strdup (order->id);
      sample->collected_by = g_strdup (ld_user_get_id (req->user));
      sample->location = g_strdup (location);
      if (!ld_store_samples_insert (req->store, sample, note, error) ||
          (stored = publish_sample (req, sample->id, error)) == NULL)
        return FALSE;
      g_ptr_array_add (collected, stored);
    }

  if (first && (!ld_store_orders_move (req->store, order, "collected", NULL, error) ||
                !ld_api_results_open (req, order, collected, error)))
    return FALSE;
  /* Every sample asked for again is collected at once: off the
   * recollection tab. */
  if (!first && !ld_store_samples_set_awaiting (req->store, order->id, FALSE, error))
    return FALSE;
  saved = ld_service_order_changed (ld_http_request_get_service (req), order->id, first ? "order.collect" : "order.recollect",
                                NULL, error);
  if (saved == NULL || !ld_store_transaction_commit (&txn, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "order");
  ld_order_to_json (saved, builder);
  add_samples (builder, "samples", collected);
  json_builder_set_member_name (builder, "payment");
  if (payment != NULL)
    ld_payment_to_json (payment, builder);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_CREATED, builder);
  return TRUE;
}

/* GET /api/v1/orders/{id}/samples */
static gboolean
list_order_samples (LdHttpRequest  *req,
                    GError        **error)
{
  g_autoptr(LdOrder) order = ld_store_orders_get (req->store, ld_http_request_get_param (req, "id"), error);
  g_autoptr(GPtrArray) samples = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (order == NULL || !ld_api_care_check (req, order->patient_id, error) ||
      (samples = ld_store_samples_for_order (req->store, order->id, error)) == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_samples (builder, "items", samples);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

static void
respond_sample (LdHttpRequest  *req,
                const LdSample *sample)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sample");
  ld_sample_to_json (sample, builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
}

/* GET /api/v1/samples?accession=S26112100017: what a barcode scan finds. */
static gboolean
find_sample (LdHttpRequest  *req,
             GError        **error)
{
  static const char * const known[] = { "accession", NULL };
  const char *accession = ld_http_request_get_query (req, "accession");
  g_autoptr(LdSample) sample = NULL;

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;
  if (accession == NULL || *accession == '\0')
    {
      ld_api_refuse_query (error, "accession", "is required");
      return FALSE;
    }

  sample = ld_store_samples_find (req->store, NULL, accession, error);
  if (sample == NULL)
    return FALSE;

  respond_sample (req, sample);
  return TRUE;
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
  if (g_str_equal (event, "received"))
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
 * reason, as POST /results/{id}/cancel would: the order is cancelled once
 * every test is, and its money stays held until the desk refunds it. */
static gboolean
cancel_tests (LdHttpRequest   *req,
              const LdSample  *sample,
              LdOrder        **order,
              GPtrArray       *results,
              GError         **error)
{
  g_autofree char *reason = g_strdup_printf ("Sample %s was rejected: %s", sample->accession,
                                             sample->reject_reason);
  guint n_cancelled = 0;

  for (guint i = 0; i < results->len; i++)
    {
      LdResult *result = g_ptr_array_index (results, i);

      if (!ld_sample_cancels_result (sample, result))
        continue;
      g_free (result->state);
      result->state = g_strdup ("cancelled");
      g_free (result->cancel_reason);
      result->cancel_reason = g_strdup (reason);
      if (!ld_store_results_update (req->store, result, error) ||
          !ld_api_result_publish (req, result, error) ||
          !ld_http_request_audit (req, "result.cancel", "result", result->id, result->test_code, error))
        return FALSE;
      n_cancelled++;
    }

  return n_cancelled == 0 || ld_api_results_settle_order (req, order, results, error);
}

/*
 * settle_rejection:
 * @req: the rejection, inside its transaction, the sample already moved
 * @sample: the rejected sample
 * @recollect: whether a new sample is wanted
 *
 * Values measured on the sample stop counting (they are kept in its
 * history); the order then waits on the recollection tab for a new
 * sample, or the sample's tests are cancelled.
 */
static gboolean
settle_rejection (LdHttpRequest   *req,
                  const LdSample  *sample,
                  gboolean         recollect,
                  GError         **error)
{
  g_autoptr(LdOrder) order = ld_store_orders_get (req->store, sample->order_id, error);
  g_autoptr(LdOrder) saved = NULL;
  g_autoptr(GPtrArray) results = NULL;

  if (order == NULL || (results = ld_store_results_for_order (req->store, order->id, error)) == NULL ||
      !ld_sample_check_reject (sample, results, error) ||
      !ld_store_samples_keep_rejected_results (req->store, sample, error))
    return FALSE;

  if (!recollect)
    return cancel_tests (req, sample, &order, results, error);

  if (!ld_result_check_order_in_lab (order, "ask for a new sample", error) ||
      !ld_store_samples_set_awaiting (req->store, order->id, TRUE, error))
    return FALSE;
  saved = ld_service_order_changed (ld_http_request_get_service (req), order->id, "order.recollection_requested", sample->accession,
                                error);
  return saved != NULL;
}

/**
 * ld_api_samples_check_counted:
 * @req: a verification or a release, inside its transaction
 * @order: the order
 * @results: (element-type LdResult): its results
 * @items: (nullable) (element-type LdResultItem): the results the request
 *   names; %NULL for all of them
 * @error: return location for an %LD_API_ERROR (CONFLICT)
 *
 * Refuses a value measured on a rejected sample (see
 * ld_sample_check_result_counts()).
 *
 * Returns: %TRUE if every result concerned counts
 */
gboolean
ld_api_samples_check_counted (LdHttpRequest  *req,
                              const LdOrder  *order,
                              GPtrArray      *results,
                              GArray         *items,
                              GError        **error)
{
  g_autoptr(GPtrArray) checked = g_ptr_array_new ();

  for (guint i = 0; i < (items != NULL ? items->len : results->len); i++)
    {
      LdResult *result = items != NULL
        ? ld_api_find_result (results, g_array_index (items, LdResultItem, i).test_code)
        : g_ptr_array_index (results, i);

      if (result != NULL)
        g_ptr_array_add (checked, result);
    }

  return ld_service_check_counted (ld_http_request_get_service (req), order, checked, error);
}

/* POST /api/v1/samples/{id}/custody: received, rejected, stored, disposed. */
static gboolean
add_custody (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdSample) sample = NULL;
  g_autoptr(LdSample) saved = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *event = NULL;
  g_autofree char *location = NULL;
  g_autofree char *note = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *from_state = NULL;
  g_autofree char *action = NULL;
  const char *user_id = ld_user_get_id (req->user);
  const char *to_state;
  gint64 version = 0;
  gboolean recollect = FALSE;
  gboolean rejecting;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  if (ld_json_reader_get_string (reader, "event", LD_JSON_REQUIRED, &event) &&
      !g_strv_contains (custody_events, event))
    ld_json_reader_add_error (reader, "event", "must be received, rejected, stored or disposed");
  ld_api_order_read_text (reader, "location", LD_JSON_NULLABLE, MAX_LOCATION_CHARS, &location);
  ld_api_order_read_text (reader, "note", LD_JSON_NULLABLE, MAX_NOTE_CHARS, &note);
  ld_api_order_read_text (reader, "reason",
                          g_strcmp0 (event, "rejected") == 0 ? LD_JSON_REQUIRED : LD_JSON_NULLABLE,
                          MAX_NOTE_CHARS, &reason);
  if (reason != NULL && g_strcmp0 (event, "rejected") != 0)
    ld_json_reader_add_error (reader, "reason", "is only for a rejection");
  /* A rejection says what becomes of the tests: a new sample, or none. */
  rejecting = g_strcmp0 (event, "rejected") == 0;
  if (ld_json_reader_get_bool (reader, "recollect", rejecting ? LD_JSON_REQUIRED : LD_JSON_OPTIONAL,
                               &recollect) && !rejecting)
    ld_json_reader_add_error (reader, "recollect", "is only for a rejection");
  if (!ld_json_reader_finish (reader, error) ||
      !ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  sample = ld_store_samples_find (req->store, ld_http_request_get_param (req, "id"), NULL, error);
  if (sample == NULL)
    return FALSE;
  if (sample->version != version)
    {
      g_autoptr(GError) stale = g_error_new (LD_API_ERROR, LD_API_ERROR_CONFLICT,
                                             "Sample %s has changed since you saw it.", sample->accession);
      g_autoptr(JsonNode) current = sample_to_node (sample);

      ld_http_respond_error (req, stale, current);
      return TRUE;
    }
  if (!ld_sample_check_move (sample, event, &to_state, error))
    return FALSE;

  if (rejecting)
    to_state = ld_sample_rejection_state (recollect);

  from_state = g_strdup (sample->state);
  apply_event (sample, event, to_state, user_id, location, reason);
  if (!ld_store_samples_move (req->store, sample, from_state, error) ||
      !ld_store_samples_add_custody (req->store, sample->id, event, user_id, location,
                                     reason ? reason : note, error))
    return FALSE;
  /* A rejection asks for the sample again in the same step. */
  if (g_str_equal (to_state, "recollection_requested") &&
      !ld_store_samples_add_custody (req->store, sample->id, "recollection_requested", user_id,
                                     location, NULL, error))
    return FALSE;

  action = g_strdup_printf ("sample.%s", event);
  if (!ld_http_request_audit (req, action, "sample", sample->id, sample->accession, error) ||
      (rejecting && !settle_rejection (req, sample, recollect, error)) ||
      (saved = publish_sample (req, sample->id, error)) == NULL ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  respond_sample (req, saved);
  return TRUE;
}

void
ld_api_samples_register (LdRouter *router)
{
  ld_router_add (router, "POST", "/api/v1/orders/{id}/collect", collect_order);
  ld_router_add (router, "GET", "/api/v1/orders/{id}/samples", list_order_samples);
  ld_router_add (router, "GET", "/api/v1/samples", find_sample);
  ld_router_add (router, "POST", "/api/v1/samples/{id}/custody", add_custody);
}

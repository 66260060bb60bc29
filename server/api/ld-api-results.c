/* ld-api-results.c: reading results, a patient's history of a test,
 * cancelling a test, and what the result handlers share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pending result is made for each ordered test when the order is
 * collected (ld_api_results_open()). Results hold a patient's data: every
 * read is audited like a read of the patient.
 */

#define G_LOG_DOMAIN "ld-api-results"

#include "config.h"

#include "ld-api.h"
#include "ld-service-orders.h"
#include "ld-api-common.h"
#include "ld-api-results.h"
#include "ld-time.h"
#include "ld-lab-state.h"
#include "ld-permissions.h"
#include "ld-result-flow.h"

#define DEFAULT_PAGE 50
#define MAX_PAGE 200
#define MAX_REASON_CHARS 500

/**
 * ld_api_item_field:
 * @list: the list's member, such as "results"
 * @index: the element
 * @member: (nullable): a member of the element
 *
 * Returns: (transfer full): the wire name of a list element's field, such
 *   as "results[2].value"
 */
char *
ld_api_item_field (const char *list,
                   guint       index,
                   const char *member)
{
  return member ? g_strdup_printf ("%s[%u].%s", list, index, member)
                : g_strdup_printf ("%s[%u]", list, index);
}

/**
 * ld_api_read_items:
 * @reader: a body
 * @name: a member that must hold 1 to @max_items objects
 * @max_items: the most the list may hold
 * @read_item: reads one element, through its own reader
 * @user_data: for @read_item
 *
 * Errors and unknown members inside an element are reported as
 * "name[i].member" with the rest of the body's.
 *
 * Returns: %TRUE if the member is a list of the right length
 */
gboolean
ld_api_read_items (LdJsonReader  *reader,
                   const char    *name,
                   guint          max_items,
                   LdApiItemFunc  read_item,
                   gpointer       user_data)
{
  JsonNode *node = ld_json_reader_get_node (reader, name, LD_JSON_REQUIRED);
  JsonArray *array;
  g_autofree char *message = NULL;

  if (node == NULL)
    return FALSE;

  message = g_strdup_printf ("must be a list of 1 to %u objects", max_items);
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0 ||
      json_array_get_length (json_node_get_array (node)) > max_items)
    {
      ld_json_reader_add_error (reader, name, message);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = ld_api_item_field (name, i, NULL);
      LdJsonReader *item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          ld_json_reader_add_error (reader, field, "must be an object");
          continue;
        }
      item = ld_json_reader_new (json_node_get_object (element));
      read_item (item, i, user_data);
      ld_json_reader_end_object (reader, field, item);
    }

  return TRUE;
}

#define MAX_COMMENT_CHARS 1000

static void
result_item_clear (LdResultItem *item)
{
  g_clear_pointer (&item->test_code, g_free);
  g_clear_pointer (&item->value, g_free);
  g_clear_pointer (&item->comment, g_free);
  g_clear_pointer (&item->critical_call, ld_critical_call_free);
}

typedef struct
{
  GArray      *items;
  LdItemValue  value_mode;
} ItemsRead;

static void
read_result_item (LdJsonReader *reader,
                  guint         index,
                  gpointer      user_data)
{
  ItemsRead *read = user_data;
  LdResultItem *item;

  /* Elements come in order; one that is no object leaves a blank. */
  g_array_set_size (read->items, index + 1);
  item = &g_array_index (read->items, LdResultItem, index);

  ld_json_reader_get_string (reader, "test_code", LD_JSON_REQUIRED | LD_JSON_NON_EMPTY, &item->test_code);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &item->version);
  if (read->value_mode == LD_ITEM_NO_VALUE)
    {
      item->critical_call = ld_critical_call_read (reader, "critical_call");
      return;
    }

  /* A value is always named: null clears a draft, absent is a mistake. */
  ld_json_reader_get_string (reader, "value",
                             read->value_mode == LD_ITEM_VALUE ? LD_JSON_REQUIRED | LD_JSON_NON_EMPTY
                                                               : LD_JSON_REQUIRED | LD_JSON_NULLABLE,
                             &item->value);
  item->has_comment = ld_json_reader_has (reader, "comment");
  ld_api_order_read_text (reader, "comment", LD_JSON_NULLABLE, MAX_COMMENT_CHARS, &item->comment);
  ld_json_reader_get_bool (reader, "abnormal", LD_JSON_OPTIONAL, &item->abnormal);
}

/**
 * ld_api_read_result_items:
 * @reader: a body
 * @value_mode: whether elements carry a value
 *
 * Reads "results": 1 to %LD_API_MAX_RESULT_ITEMS objects of `test_code`
 * and `version`, and with @value_mode `value`, `comment` (absent: kept;
 * null: cleared) and `abnormal` (text results only). A test named twice
 * is refused.
 *
 * Returns: (transfer full) (element-type LdResultItem): the elements read
 */
GArray *
ld_api_read_result_items (LdJsonReader *reader,
                          LdItemValue   value_mode)
{
  ItemsRead read = { g_array_new (FALSE, TRUE, sizeof (LdResultItem)), value_mode };

  g_array_set_clear_func (read.items, (GDestroyNotify) result_item_clear);
  ld_api_read_items (reader, "results", LD_API_MAX_RESULT_ITEMS, read_result_item, &read);

  for (guint i = 0; i < read.items->len; i++)
    for (guint j = 0; j < i; j++)
      {
        const char *code = g_array_index (read.items, LdResultItem, i).test_code;

        if (code != NULL && g_strcmp0 (code, g_array_index (read.items, LdResultItem, j).test_code) == 0)
          {
            g_autofree char *field = ld_api_item_field ("results", i, "test_code");

            ld_json_reader_add_error (reader, field, "names a test already in the list");
          }
      }

  return read.items;
}

/* Returns: (transfer none) (nullable): the result of @test_code */
LdResult *
ld_api_find_result (GPtrArray  *results,
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
 * ld_api_check_result_version:
 * @req: a request
 * @result: a result as read in the request's transaction
 * @version: the version the client last saw
 *
 * Answers 409 with the result as it is when the client's copy is stale.
 *
 * Returns: %TRUE if the versions match; %FALSE when the answer is set
 */
gboolean
ld_api_check_result_version (LdHttpRequest  *req,
                             const LdResult *result,
                             gint64          version)
{
  g_autoptr(GError) stale = NULL;
  g_autoptr(JsonNode) current = NULL;

  if (result->version == version)
    return TRUE;

  stale = g_error_new (LD_API_ERROR, LD_API_ERROR_CONFLICT,
                       "%s of order %s has changed since you saw it.", result->test_code,
                       result->order_number);
  current = ld_result_to_node (result);
  ld_http_respond_error (req, stale, current);
  return FALSE;
}

/* Results go to the lab, and to doctors once checked; the desk hands out
 * reports. A result is never unchecked again, so a doctor's copy only
 * ever moves forward. */
gboolean
ld_api_result_publish (LdHttpRequest   *req,
                       const LdResult  *result,
                       GError         **error)
{
  return ld_service_result_publish (ld_http_request_get_service (req), result, error);
}

/* What a doctor is shown of a result not checked yet: that it waits. */
static void
withhold_unchecked (LdHttpRequest *req,
                    GPtrArray     *results)
{
  if (ld_user_get_roles (req->user) & LD_RESULT_LAB)
    return;

  for (guint i = 0; i < results->len; i++)
    {
      LdResult *result = g_ptr_array_index (results, i);

      if (ld_result_is_checked (result))
        continue;
      ld_result_set_value (result, NULL, FALSE, 0, NULL);
      g_clear_pointer (&result->comment, g_free);
    }
}

/**
 * ld_api_results_open:
 * @req: the collection, inside its transaction
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
ld_api_results_open (LdHttpRequest  *req,
                     const LdOrder  *order,
                     GPtrArray      *samples,
                     GError        **error)
{
  g_autoptr(GPtrArray) results = NULL;
  guint n_opened = 0;

  if (!ld_store_results_open (req->store, order, samples, &n_opened, error))
    return FALSE;
  if (n_opened == 0)
    return TRUE;

  results = ld_store_results_for_order (req->store, order->id, error);
  if (results == NULL)
    return FALSE;

  for (guint i = 0; i < results->len; i++)
    if (!ld_api_result_publish (req, g_ptr_array_index (results, i), error))
      return FALSE;

  return TRUE;
}

/**
 * ld_api_results_settle_order:
 * @req: a request that changed results, inside its transaction
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
ld_api_results_settle_order (LdHttpRequest  *req,
                             LdOrder       **order,
                             GPtrArray      *results,
                             GError        **error)
{
  guint n_pending = 0, n_entered = 0, n_verified = 0, n_cancelled = 0;
  g_autofree char *action = NULL;
  LdOrder *changed;
  const char *target;
  const char *next;

  for (guint i = 0; i < results->len; i++)
    {
      const char *state = ((LdResult *) g_ptr_array_index (results, i))->state;

      n_pending += g_str_equal (state, "pending");
      n_entered += g_str_equal (state, "entered");
      n_verified += g_str_equal (state, "verified");
      n_cancelled += g_str_equal (state, "cancelled");
    }
  target = ld_lab_state_for_results (n_pending, n_entered, n_verified, n_cancelled);
  if (g_str_equal ((*order)->lab_state, target))
    return TRUE;

  do
    {
      if (!ld_lab_state_next_toward (*order, target, &next, error))
        return FALSE;
      if (next != NULL &&
          !ld_store_orders_move (req->store, *order, next,
                                 g_str_equal (next, "cancelled") ? "Every test was cancelled in the lab." : NULL,
                                 error))
        return FALSE;
    }
  while (next != NULL);

  action = g_strdup_printf ("order.%s", target);
  changed = ld_service_order_changed (ld_http_request_get_service (req), (*order)->id, action, (*order)->number, error);
  if (changed == NULL)
    return FALSE;

  ld_order_free (*order);
  *order = changed;
  return TRUE;
}

static void
add_results (JsonBuilder *builder,
             const char  *name,
             GPtrArray   *results)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    ld_result_to_json (g_ptr_array_index (results, i), builder);
  json_builder_end_array (builder);
}

/* Issue 18, signing: the order's report-wide interpretation, or null. A
 * read that fails leaves it out: the change is made and answered. */
static void
add_interpretation (LdHttpRequest *req,
                    JsonBuilder   *builder,
                    const LdOrder *order)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!ld_store_results_get_interpretation (req->store, order->id, &text, &error))
    {
      g_debug ("[%s] No interpretation in the answer: %s", req->request_id, error->message);
      return;
    }
  ld_json_builder_add_string (builder, "interpretation", text);
}

/**
 * ld_api_results_save_interpretation:
 * @req: a verification or release, inside its transaction
 * @order: the order
 * @text: (nullable): the interpretation given, or %NULL for none
 * @error: return location for a #GError
 *
 * Keeps a given interpretation on the order, audited as
 * `order.interpretation`.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_api_results_save_interpretation (LdHttpRequest  *req,
                                    const LdOrder  *order,
                                    const char     *text,
                                    GError        **error)
{
  return ld_service_save_interpretation (ld_http_request_get_service (req), order, text, error);
}

/**
 * ld_api_results_respond:
 * @req: a request
 * @status: the HTTP status
 * @order: the order as it now is
 * @results: (element-type LdResult): its results as they now are
 * @report: (nullable): a report version just issued
 *
 * Answers `{"order": …, "results": […], "report"?: …}`.
 */
void
ld_api_results_respond (LdHttpRequest         *req,
                        guint                  status,
                        const LdOrder         *order,
                        GPtrArray             *results,
                        const LdReportVersion *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "order");
  ld_order_to_json (order, builder);
  add_results (builder, "results", results);
  add_interpretation (req, builder, order);
  if (report != NULL)
    {
      json_builder_set_member_name (builder, "report");
      ld_report_version_to_json (report, builder);
    }
  json_builder_end_object (builder);
  ld_http_respond_json (req, status, builder);
}

/* GET /api/v1/orders/{id}/results */
static gboolean
get_order_results (LdHttpRequest  *req,
                   GError        **error)
{
  static const char * const known[] = { NULL };
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  order = ld_store_orders_get (req->store, ld_http_request_get_param (req, "id"), error);
  if (order == NULL || !ld_api_care_check (req, order->patient_id, error) ||
      (results = ld_store_results_for_order (req->store, order->id, error)) == NULL ||
      !ld_http_request_audit (req, "result.read", "order", order->id, NULL, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  withhold_unchecked (req, results);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_results (builder, "items", results);
  /* A doctor reads the interpretation with the values: once verified. */
  if ((ld_user_get_roles (req->user) & LD_RESULT_LAB) != 0 ||
      g_str_equal (order->lab_state, "verified") || g_str_equal (order->lab_state, "reported"))
    add_interpretation (req, builder, order);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* The cursor after a result in a history: its collection time and id. */
static char *
history_cursor (gconstpointer item)
{
  const LdResult *result = item;

  return g_strdup_printf ("%" G_GINT64_FORMAT "_%s", result->collected_us, result->id);
}

/* GET /api/v1/patients/{id}/results?test=CODE&limit=…&after=…: one test's
 * trend, or without `test` every test's results, the doctor's cumulative
 * results when the client's cache holds none. */
static gboolean
get_patient_history (LdHttpRequest  *req,
                     GError        **error)
{
  static const char * const known[] = { "test", "limit", "after", NULL };
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *detail = NULL;
  const char *code = ld_http_request_get_query (req, "test");
  const char *after = ld_http_request_get_query (req, "after");
  const char *after_id = NULL;
  gint64 after_collected_us = 0;
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &limit, error))
    return FALSE;
  if (after != NULL && !ld_api_parse_order_cursor (after, &after_collected_us, &after_id))
    {
      ld_api_refuse_query (error, "after", "is not a cursor this server gave");
      return FALSE;
    }

  if (!ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;
  patient = ld_store_patients_get (req->store, ld_http_request_get_param (req, "id"), error);
  if (patient == NULL || !ld_api_care_check (req, ld_patient_get_id (patient), error))
    return FALSE;
  if (code != NULL && (test = ld_store_catalog_get_test (req->store, code, NULL)) == NULL)
    {
      ld_api_refuse_query (error, "test", "is not a test of the catalogue");
      return FALSE;
    }

  results = ld_store_results_history (req->store, ld_patient_get_id (patient), code, after_collected_us,
                                      after_id, limit + 1, error);
  if (results == NULL)
    return FALSE;
  detail = code != NULL ? g_strdup_printf ("%s, %u shown", code, MIN (results->len, limit))
                        : g_strdup_printf ("%u shown", MIN (results->len, limit));
  if (!ld_http_request_audit (req, "patient.results", "patient", ld_patient_get_id (patient), detail, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  ld_http_respond_page (req, results, limit, (LdJsonWriteFunc) ld_result_to_json, history_cursor);
  return TRUE;
}

/*
 * load_result_change:
 * @req: POST /api/v1/results/{id}/… with a body of `version` and `reason`
 * @txn: begun here
 * @out_reason: (out): the reason, trimmed
 * @out_order: (out): the result's order
 * @out_results: (out): all the order's results
 * @out_result: (out) (transfer none): the named one, in @out_results;
 *   %NULL when it was stale and the answer is given
 *
 * What cancelling a test and sending a result back share.
 */
static gboolean
load_result_change (LdHttpRequest       *req,
                    LdStoreTransaction  *txn,
                    char               **out_reason,
                    LdOrder            **out_order,
                    GPtrArray          **out_results,
                    LdResult           **out_result,
                    GError             **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdResult) found = NULL;
  gint64 version = 0;

  *out_result = NULL;
  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  ld_api_order_read_text (reader, "reason", LD_JSON_REQUIRED, MAX_REASON_CHARS, out_reason);
  if (!ld_json_reader_finish (reader, error) ||
      !ld_store_transaction_begin (txn, req->store, error))
    return FALSE;

  found = ld_store_results_get (req->store, ld_http_request_get_param (req, "id"), error);
  if (found == NULL ||
      (*out_order = ld_store_orders_get (req->store, found->order_id, error)) == NULL ||
      (*out_results = ld_store_results_for_order (req->store, (*out_order)->id, error)) == NULL)
    return FALSE;
  if (ld_api_check_result_version (req, ld_api_find_result (*out_results, found->test_code), version))
    *out_result = ld_api_find_result (*out_results, found->test_code);
  return TRUE;
}

/* POST /api/v1/results/{id}/cancel: a test the lab cannot do. */
static gboolean
cancel_result (LdHttpRequest  *req,
               GError        **error)
{
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *reason = NULL;
  LdResult *result;

  if (!load_result_change (req, &txn, &reason, &order, &results, &result, error))
    return FALSE;
  if (result == NULL)
    return TRUE;
  if (!ld_result_check_order_in_lab (order, "cancel a test", error) ||
      !ld_result_check_cancel (result, error))
    return FALSE;

  g_free (result->state);
  result->state = g_strdup ("cancelled");
  g_free (result->cancel_reason);
  result->cancel_reason = g_steal_pointer (&reason);
  if (!ld_store_results_update (req->store, result, error) ||
      !ld_api_result_publish (req, result, error) ||
      !ld_http_request_audit (req, "result.cancel", "result", result->id, result->test_code, error) ||
      !ld_api_results_settle_order (req, &order, results, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  ld_api_results_respond (req, SOUP_STATUS_OK, order, results, NULL);
  return TRUE;
}

/* POST /api/v1/results/{id}/return: issue 18, a verified value sent back
 * for re-entry before release. What it said is kept in its history like
 * an amendment's old value; it is then entered and verified again. */
static gboolean
return_result (LdHttpRequest  *req,
               GError        **error)
{
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(LdResultAmendment) returned = ld_result_amendment_new ();
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *reason = NULL;
  g_autofree char *detail = NULL;
  LdResult *result;

  if (!ld_permissions_check_returner (req->user, error) ||
      !load_result_change (req, &txn, &reason, &order, &results, &result, error))
    return FALSE;
  if (result == NULL)
    return TRUE;
  if (!ld_result_check_return (order, result, error))
    return FALSE;

  returned->kind = g_strdup ("returned");
  returned->old_value = g_strdup (result->value);
  returned->old_flag = g_strdup (result->flag);
  returned->old_comment = g_strdup (result->comment);
  returned->new_comment = g_strdup (result->comment);
  returned->reason = g_steal_pointer (&reason);
  returned->amended_by = g_strdup (ld_user_get_id (req->user));
  ld_result_send_back (result);
  detail = g_strdup_printf ("%s: %s", result->test_code, returned->reason);
  if (!ld_store_results_update (req->store, result, error) ||
      !ld_store_results_add_amendment (req->store, result->id, returned, error))
    return FALSE;
  g_ptr_array_add (result->amendments, g_steal_pointer (&returned));
  if (!ld_api_result_publish (req, result, error) ||
      !ld_http_request_audit (req, "result.return", "result", result->id, detail, error) ||
      !ld_api_results_settle_order (req, &order, results, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  ld_api_results_respond (req, SOUP_STATUS_OK, order, results, NULL);
  return TRUE;
}

void
ld_api_results_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/orders/{id}/results", get_order_results);
  ld_router_add (router, "GET", "/api/v1/patients/{id}/results", get_patient_history);
  ld_router_add (router, "POST", "/api/v1/results/{id}/cancel", cancel_result);
  ld_router_add (router, "POST", "/api/v1/results/{id}/return", return_result);
}

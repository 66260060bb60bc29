/* ld-api-release.c: releasing an order's report, and amendments after it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Release turns every verified result into a reported one and issues
 * report version 1; an amendment changes released results, keeps what
 * they said, and issues the next version, marked corrected. Both go
 * through ld_service_issue_report() (server/service/ld-service-results.c),
 * the one place a report version is made.
 */

#define G_LOG_DOMAIN "ld-api-release"

#include "config.h"

#include "ld-api.h"
#include "ld-service-alerts.h"
#include "ld-service-results.h"
#include "ld-api-common.h"
#include "ld-api-results.h"
#include "ld-api-samples.h"
#include "ld-interpretation.h"
#include "ld-time.h"
#include "ld-lab-state.h"
#include "ld-permissions.h"
#include "../domain/ld-report-code.h"
#include "ld-flag.h"
#include "ld-result-flow.h"
#include "../documents/ld-documents.h"

#define MAX_REASON_CHARS 500

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* POST /api/v1/orders/{id}/release: the results service releases it. */
static gboolean
release_order (LdHttpRequest  *req,
               GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdOrder) saved = NULL;
  g_autoptr(LdOrder) current = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(LdReportVersion) report = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *interpretation = NULL;
  gint64 version = 0;

  /* Refused before the body is read, as it always was. */
  if (body == NULL ||
      !ld_permissions_check_signatory (req->user, "release reports", error))
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  ld_interpretation_read (reader, "interpretation", &interpretation);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  saved = ld_service_release_order (ld_http_request_get_service (req),
                                    ld_http_request_get_param (req, "id"), version,
                                    interpretation, &current, &results, &report, &local);
  if (saved == NULL && current != NULL)
    {
      ld_api_order_respond_stale (req, current);
      return TRUE;
    }
  if (saved == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  ld_api_results_respond (req, SOUP_STATUS_CREATED, saved, results, report);
  return TRUE;
}

/* Reads an amended value against the range and critical limits copied at
 * entry, so that only the value changes, never the rule it is read by. */
static char *
read_amended_value (LdHttpRequest       *req,
                    const LdResult      *result,
                    const LdResultItem  *item,
                    LdResultReading     *out_reading,
                    const char         **out_field,
                    GError             **error)
{
  g_autoptr(LdCatalogTest) test = ld_store_catalog_get_test (req->store, result->test_code, error);
  JsonObject *range = result->reference_range ? json_node_get_object (result->reference_range) : NULL;

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
amend_result (LdHttpRequest       *req,
              const LdOrder       *order,
              LdResult            *result,
              const LdResultItem  *item,
              guint                index,
              const char          *reason,
              LdJsonReader        *problems,
              LdResultAmendment  **out_amendment,
              GError             **error)
{
  g_auto(LdResultReading) reading = { NULL, };
  g_autoptr(LdResultAmendment) amendment = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GError) local = NULL;
  const char *field = NULL;
  g_autofree char *comment = g_strdup (item->has_comment ? item->comment : result->comment);

  *out_amendment = NULL;
  if (!ld_result_check_amend (order, result, error))
    return FALSE;

  problem = read_amended_value (req, result, item, &reading, &field, &local);
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
      g_autofree char *name = ld_api_item_field ("results", index, field);

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
  amendment->amended_by = g_strdup (ld_user_get_id (req->user));

  ld_result_set_value (result, reading.value, reading.has_numeric_value, reading.numeric_value,
                       amendment->new_flag);
  replace (&result->comment, comment);
  replace (&result->state, "amended");
  *out_amendment = g_steal_pointer (&amendment);
  return TRUE;
}

typedef struct
{
  LdHttpRequest *req;
  const LdOrder *order;
  GArray        *items;
  GPtrArray     *results;
  GPtrArray     *amendments;
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
  LdHttpRequest *req = amending->req;

  for (guint i = 0; i < amending->items->len; i++)
    {
      const char *code = g_array_index (amending->items, LdResultItem, i).test_code;
      LdResult *result = ld_api_find_result (amending->results, code);
      LdResultAmendment *amendment = g_ptr_array_index (amending->amendments, i);
      g_autofree char *detail = g_strdup_printf ("%s, report version %" G_GINT64_FORMAT,
                                                 result->test_code, report->version);
      gboolean raise = ld_result_is_critical (amendment->new_flag) &&
                       g_strcmp0 (amendment->new_flag, amendment->old_flag) != 0;

      amendment->report_version = report->version;
      if (!ld_store_results_update (req->store, result, error) ||
          !ld_store_results_add_amendment (req->store, result->id, amendment, error))
        return FALSE;
      g_ptr_array_add (result->amendments,
                       g_steal_pointer (&g_ptr_array_index (amending->amendments, i)));
      if (!ld_api_result_publish (req, result, error) ||
          !ld_http_request_audit (req, "result.amend", "result", result->id, detail, error) ||
          (raise && !ld_service_alert_raise (ctx, amending->order, result, error)))
        return FALSE;
    }

  return TRUE;
}

/* POST /api/v1/orders/{id}/amendments */
static gboolean
amend_results (LdHttpRequest  *req,
               GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(JsonObject) nothing = json_object_new ();
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdJsonReader) problems = NULL;
  g_autoptr(GArray) items = NULL;
  g_autoptr(GPtrArray) amendments = NULL;
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(LdReportVersion) report = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *reason = NULL;
  Amending amending;

  if (body == NULL ||
      !ld_permissions_check_signatory (req->user, "amend released reports", error))
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_api_order_read_text (reader, "reason", LD_JSON_REQUIRED, MAX_REASON_CHARS, &reason);
  items = ld_api_read_result_items (reader, LD_ITEM_VALUE);
  if (!ld_json_reader_finish (reader, error) ||
      !ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  order = ld_store_orders_get (req->store, ld_http_request_get_param (req, "id"), error);
  if (order == NULL || (results = ld_store_results_for_order (req->store, order->id, error)) == NULL)
    return FALSE;

  problems = ld_json_reader_new (nothing);
  amendments = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_amendment_free);
  for (guint i = 0; i < items->len; i++)
    {
      const LdResultItem *item = &g_array_index (items, LdResultItem, i);
      LdResult *result = ld_api_find_result (results, item->test_code);
      g_autofree char *field = ld_api_item_field ("results", i, "test_code");
      LdResultAmendment *amendment = NULL;

      if (result == NULL)
        {
          ld_json_reader_add_error (problems, field, "is not a test of this order");
          g_ptr_array_add (amendments, NULL);
          continue;
        }
      if (!ld_api_check_result_version (req, result, item->version))
        return TRUE;

      if (!amend_result (req, order, result, item, i, reason, problems, &amendment, error))
        return FALSE;
      g_ptr_array_add (amendments, amendment);
    }
  amending.req = req;
  amending.order = order;
  amending.items = items;
  amending.results = results;
  amending.amendments = amendments;
  if (!ld_json_reader_finish (problems, error) ||
      (report = ld_service_issue_report (ld_http_request_get_service (req), order,
                                          write_amendments, &amending, error)) == NULL ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  ld_api_results_respond (req, SOUP_STATUS_CREATED, order, results, report);
  return TRUE;
}

/* GET /api/v1/orders/{id}/reports */
static gboolean
list_reports (LdHttpRequest  *req,
              GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (!ld_http_query_check_known (req, known, error) ||
      (order = ld_store_orders_get (req->store, ld_http_request_get_param (req, "id"), error)) == NULL ||
      !ld_api_care_check (req, order->patient_id, error) ||
      (reports = ld_store_reports_for_order (req->store, order->id, error)) == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < reports->len; i++)
    ld_report_version_to_json (g_ptr_array_index (reports, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

void
ld_api_release_register (LdRouter *router)
{
  ld_router_add (router, "POST", "/api/v1/orders/{id}/release", release_order);
  ld_router_add (router, "POST", "/api/v1/orders/{id}/amendments", amend_results);
  ld_router_add (router, "GET", "/api/v1/orders/{id}/reports", list_reports);
}

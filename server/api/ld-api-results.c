/* ld-api-results.c: reading results, a patient's history of a test,
 * cancelling a test, and what the result handlers share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pending result is made for each ordered test when the order is
 * collected (ld_service_results_open()). Results hold a patient's data:
 * every read is audited like a read of the patient, by the results
 * service (server/service/ld-service-results.c), which makes every change
 * too.
 */

#define G_LOG_DOMAIN "ld-api-results"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-api-results.h"
#include "ld-time.h"
#include "ld-lab-state.h"
#include "ld-permissions.h"
#include "ld-result-flow.h"
#include "ld-states.h"

#define DEFAULT_PAGE 50
#define MAX_PAGE 200

/**
 * ld_api_results_refused:
 * @req: a change to results
 * @current: (nullable): the record as it is, when the change was stale
 * @local: (inout): why the service refused the change
 * @error: return location for the error to answer
 *
 * A stale change is answered here, 409 with the record as it is now, for
 * the client to act on again; any other refusal is passed on.
 *
 * Returns: %TRUE when answered; %FALSE with @error set otherwise
 */
gboolean
ld_api_results_refused (LdHttpRequest  *req,
                        JsonNode       *current,
                        GError        **local,
                        GError        **error)
{
  if (current != NULL)
    {
      ld_http_respond_error (req, *local, current);
      return TRUE;
    }

  g_propagate_error (error, g_steal_pointer (local));
  return FALSE;
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

static void
add_results (LdJsonOut  *out,
             const char *name,
             GPtrArray  *results)
{
  ld_json_out_begin_array (out, name);
  for (guint i = 0; i < results->len; i++)
    ld_result_write_json (g_ptr_array_index (results, i), out);
  ld_json_out_end_array (out);
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
  LdJsonOut out;

  /* Written straight to text: entering, verifying and releasing results
   * answer here, several times a flow. */
  ld_json_out_init_text (&out);
  ld_json_out_begin_object (&out, NULL);
  ld_json_out_name (&out, "order");
  ld_order_write_json (order, &out);
  add_results (&out, "results", results);
  /* Issue 18, signing: the order's report-wide interpretation, or null. */
  ld_json_out_string (&out, "interpretation", order->interpretation);
  if (report != NULL)
    {
      ld_json_out_name (&out, "report");
      ld_report_version_write_json (report, &out);
    }
  ld_json_out_end_object (&out);
  ld_http_respond_text (req, status, "application/json", ld_json_out_end_text (&out));
}

/* GET /api/v1/orders/{id}/results */
static gboolean
get_order_results (LdHttpRequest  *req,
                   GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GPtrArray) results = NULL;
  LdJsonOut out;
  LdLabState lab_state;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_service_read_results (ld_http_request_get_service (req),
                                ld_permissions_lookup (req->method, req->route),
                                ld_http_request_get_param (req, "id"), &order, &results, error))
    return FALSE;

  withhold_unchecked (req, results);
  lab_state = ld_lab_state_parse (order->lab_state);
  ld_json_out_init_text (&out);
  ld_json_out_begin_object (&out, NULL);
  add_results (&out, "items", results);
  /* A doctor reads the interpretation with the values: once verified. */
  if ((ld_user_get_roles (req->user) & LD_RESULT_LAB) != 0 ||
      lab_state == LD_LAB_STATE_VERIFIED || lab_state == LD_LAB_STATE_REPORTED)
    ld_json_out_string (&out, "interpretation", order->interpretation);
  ld_json_out_end_object (&out);
  ld_http_respond_text (req, SOUP_STATUS_OK, "application/json", ld_json_out_end_text (&out));
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
  g_autoptr(GPtrArray) results = NULL;
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

  results = ld_service_patient_history (ld_http_request_get_service (req),
                                        ld_permissions_lookup (req->method, req->route),
                                        ld_http_request_get_param (req, "id"), code,
                                        after_collected_us, after_id, limit, error);
  if (results == NULL)
    return FALSE;

  ld_http_respond_page (req, results, limit, (LdJsonWriteFunc) ld_result_to_json, history_cursor);
  return TRUE;
}

/* A body of `version` and `reason`, for cancelling a test and sending a
 * result back. */
static gboolean
read_result_change (LdHttpRequest  *req,
                    gint64         *out_version,
                    char          **out_reason,
                    GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_result_change_body_read (reader, out_version, out_reason);
  return ld_json_reader_finish (reader, error);
}

/* POST /api/v1/results/{id}/cancel: a test the lab cannot do. */
static gboolean
cancel_result (LdHttpRequest  *req,
               GError        **error)
{
  g_auto(LdResultsChange) change = { NULL };
  g_autoptr(GError) local = NULL;
  g_autofree char *reason = NULL;
  gint64 version = 0;

  if (!read_result_change (req, &version, &reason, error))
    return FALSE;
  if (!ld_service_cancel_result (ld_http_request_get_service (req),
                                 ld_http_request_get_param (req, "id"), version, reason, &change,
                                 &local))
    return ld_api_results_refused (req, change.current, &local, error);

  ld_api_results_respond (req, SOUP_STATUS_OK, change.order, change.results, NULL);
  return TRUE;
}

/* POST /api/v1/results/{id}/return: issue 18, a verified value sent back
 * for re-entry before release. What it said is kept in its history like
 * an amendment's old value; it is then entered and verified again. */
static gboolean
return_result (LdHttpRequest  *req,
               GError        **error)
{
  g_auto(LdResultsChange) change = { NULL };
  g_autoptr(GError) local = NULL;
  g_autofree char *reason = NULL;
  gint64 version = 0;

  /* Refused before the body is read, as it always was. */
  if (!ld_permissions_check_returner (req->user, error) ||
      !read_result_change (req, &version, &reason, error))
    return FALSE;
  if (!ld_service_return_result (ld_http_request_get_service (req),
                                 ld_http_request_get_param (req, "id"), version, reason, &change,
                                 &local))
    return ld_api_results_refused (req, change.current, &local, error);

  ld_api_results_respond (req, SOUP_STATUS_OK, change.order, change.results, NULL);
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

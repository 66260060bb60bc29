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
 *
 * A release's report is rendered before its transaction, on a reader
 * thread (issue 36): prepare_release() pauses the request, and the write
 * keeps those bytes if they are still what the order renders. An
 * amendment, rare and not on the lab's busy path, renders in its write.
 */

#define G_LOG_DOMAIN "ld-api-release"

#include "config.h"

#include "ld-api.h"
#include "ld-service-results.h"
#include "ld-api-common.h"
#include "ld-api-results.h"
#include "ld-idempotency.h"
#include "ld-permissions.h"
#include "ld-read-pool.h"
#include "ld-service-release-render.h"

typedef struct
{
  LdHttpRequest    *req;
  char             *order_id;
  gint64            version;
  char             *interpretation;
  char             *released_by;
  LdRenderedReport *rendered;
} Render;

static void
render_free (Render *render)
{
  g_free (render->order_id);
  g_free (render->interpretation);
  g_free (render->released_by);
  g_clear_pointer (&render->rendered, ld_rendered_report_free);
  g_free (render);
}

/* On a reader thread. A report not rendered is no error here: the write
 * checks the order again, and refuses it or renders it itself. */
static gboolean
render_release (LdStore   *store,
                gpointer   data,
                GError   **error)
{
  Render *render = data;
  g_autoptr(GError) local = NULL;

  (void) error;
  render->rendered =
    ld_service_render_release (store, render->order_id, render->version, render->released_by,
                               render->interpretation, &local);
  if (render->rendered == NULL)
    g_debug ("release of %s not rendered ahead: %s", render->order_id,
             local != NULL ? local->message : "no reason given");
  return TRUE;
}

static void
on_release_rendered (gpointer      data,
                     const GError *error)
{
  Render *render = data;

  /* The pool's own failure (no connection): the write renders. */
  if (error != NULL)
    g_debug ("release of %s not rendered ahead: %s", render->order_id, error->message);
  if (render->rendered != NULL)
    ld_http_request_set_prepared (render->req, g_steal_pointer (&render->rendered),
                                  (GDestroyNotify) ld_rendered_report_free);
  ld_http_request_continue (render->req);
}

/* Before POST /api/v1/orders/{id}/release's transaction: its report is
 * rendered on a reader thread while the writing thread serves others. A
 * body or a user the handler will refuse, and a repeat it will replay,
 * are left to it. */
static gboolean
prepare_release (LdHttpRequest  *req,
                 GError        **error)
{
  g_autoptr(GBytes) raw =
               soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  g_autoptr(JsonObject) body =
               ld_json_parse_object (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), NULL);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autofree char *interpretation = NULL;
  Render *render;
  gint64 version = 0;

  (void) error;
  if (body == NULL || req->read_pool == NULL ||
      !ld_permissions_check_signatory (req->user, "release reports", NULL))
    return TRUE;
  reader = ld_json_reader_new (body);
  ld_report_release_body_read (reader, &version, &interpretation);
  if (!ld_json_reader_finish (reader, NULL) || ld_idempotency_is_answered_repeat (req))
    return TRUE;

  render = g_new0 (Render, 1);
  render->req = req;
  render->order_id = g_strdup (ld_http_request_get_param (req, "id"));
  render->version = version;
  render->interpretation = g_steal_pointer (&interpretation);
  render->released_by = g_strdup (ld_user_get_id (req->user));
  ld_http_request_pause (req);
  ld_read_pool_run (req->read_pool, render_release, on_release_rendered, render,
                    (GDestroyNotify) render_free);
  return TRUE;
}

/* POST /api/v1/orders/{id}/release: the results service releases it,
 * with the report prepare_release() rendered, if it did. */
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
  ld_report_release_body_read (reader, &version, &interpretation);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  saved = ld_service_release_order (ld_http_request_get_service (req),
                                    ld_http_request_get_param (req, "id"), version,
                                    interpretation, req->prepared, &current, &results, &report,
                                    &local);
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

/* POST /api/v1/orders/{id}/amendments: the results service amends. */
static gboolean
amend_results (LdHttpRequest  *req,
               GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_auto(LdResultsChange) change = { NULL };
  g_autoptr(GError) local = NULL;
  g_autofree char *reason = NULL;

  /* Refused before the body is read, as it always was. */
  if (body == NULL ||
      !ld_permissions_check_signatory (req->user, "amend released reports", error))
    return FALSE;

  reader = ld_json_reader_new (body);
  entries = ld_result_amend_body_read (reader, &reason);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (!ld_service_amend_results (ld_http_request_get_service (req),
                                 ld_http_request_get_param (req, "id"), entries, reason, &change,
                                 &local))
    return ld_api_results_refused (req, change.current, &local, error);

  ld_api_results_respond (req, SOUP_STATUS_CREATED, change.order, change.results, change.report);
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
      (order = ld_store_orders_get (req->store, ld_http_request_get_param (req, "id"), error)) ==
        NULL ||
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
  ld_router_add_prepared (router, "POST", "/api/v1/orders/{id}/release", prepare_release,
                          release_order);
  ld_router_add (router, "POST", "/api/v1/orders/{id}/amendments", amend_results);
  ld_router_add (router, "GET", "/api/v1/orders/{id}/reports", list_reports);
}

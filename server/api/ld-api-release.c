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
 * thread (issue 36), and the write keeps those bytes if they are still
 * what the order renders. The render begins on the HTTP thread as the
 * request arrives (begin_release_early()), so that it runs while the
 * request waits its turn for the writing thread; the reader checks the
 * sender's session and signatory role first, as nobody has yet. Where no
 * early render was begun, or it was for something else, prepare_release()
 * begins one then. An amendment, rare and not on the lab's busy path,
 * renders in its write.
 */

#define G_LOG_DOMAIN "ld-api-release"

#include "config.h"

#include "ld-api.h"
#include "ld-auth.h"
#include "ld-password.h"
#include "ld-service-results.h"
#include "ld-api-common.h"
#include "ld-api-results.h"
#include "ld-idempotency.h"
#include "ld-permissions.h"
#include "ld-read-pool.h"
#include "ld-service-release-render.h"

#define EARLY_RENDER_KEY "ld-release-early-render"

/* Early renders are begun only while this few reads wait: a flood of
 * releases, signed in or not, costs the readers no more than this. */
#define EARLY_RENDER_MAX_WAITING 8

/* Reports rendered ahead of a release's write, by when the render began:
 * as the request arrived, or at its turn on the writing thread. For
 * /metrics; process-wide, counted on the readers. */
static gint renders_at_arrival;
static gint renders_at_turn;

/* A release's report on its way from a reader. Shared by the reader's job
 * and, when begun early, the message; @done, @waiting and what the read
 * left are the main thread's once the read has answered. */
typedef struct
{
  char             *order_id;
  gint64            version;
  char             *interpretation;
  char             *released_by;  /* the signatory; for an early render, the reader's finding */
  char             *token_hash;   /* an early render's: whose session the reader checks */
  LdRenderedReport *rendered;
  gboolean          done;
  LdHttpRequest    *waiting;      /* paused until the read answers */
} Render;

static void
render_clear (Render *render)
{
  g_free (render->order_id);
  g_free (render->interpretation);
  g_free (render->released_by);
  g_free (render->token_hash);
  g_clear_pointer (&render->rendered, ld_rendered_report_free);
}

static void
render_unref (gpointer render)
{
  g_atomic_rc_box_release_full (render, (GDestroyNotify) render_clear);
}

static Render *
render_new (const char *order_id,
            gint64      version,
            char       *interpretation)
{
  Render *render = g_atomic_rc_box_new0 (Render);

  render->order_id = g_strdup (order_id);
  render->version = version;
  render->interpretation = interpretation;
  return render;
}

/* On a reader thread, for a render begun before the main thread saw the
 * request: the session's user, if it may release reports. */
static char *
find_early_signatory (LdStore    *store,
                      const char *token_hash)
{
  g_autoptr(LdUser) user = ld_auth_peek_session (store, token_hash);

  if (user == NULL || !ld_permissions_check_signatory (user, "release reports", NULL))
    return NULL;
  return g_strdup (ld_user_get_id (user));
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
  if (render->token_hash != NULL &&
      (render->released_by = find_early_signatory (store, render->token_hash)) == NULL)
    return TRUE;

  render->rendered =
    ld_service_render_release (store, render->order_id, render->version, render->released_by,
                               render->interpretation, &local);
  if (render->rendered == NULL)
    g_debug ("release of %s not rendered ahead: %s", render->order_id,
             local != NULL ? local->message : "no reason given");
  else
    g_atomic_int_inc (render->token_hash != NULL ? &renders_at_arrival : &renders_at_turn);
  return TRUE;
}

/* The report, if there is one, goes to the request's write. */
static void
hand_rendered (Render        *render,
               LdHttpRequest *req)
{
  if (render->rendered != NULL)
    ld_http_request_set_prepared (req, g_steal_pointer (&render->rendered),
                                  (GDestroyNotify) ld_rendered_report_free);
}

static void
on_release_rendered (gpointer      data,
                     const GError *error)
{
  Render *render = data;

  /* The pool's own failure (no connection): the write renders. */
  if (error != NULL)
    g_debug ("release of %s not rendered ahead: %s", render->order_id, error->message);
  render->done = TRUE;
  if (render->waiting != NULL)
    {
      LdHttpRequest *req = g_steal_pointer (&render->waiting);

      hand_rendered (render, req);
      ld_http_request_continue (req);
    }
}

/* Reads a release's body: FALSE for one the handler will refuse. */
static gboolean
read_release_body (GBytes  *raw,
                   gint64  *version,
                   char   **interpretation)
{
  g_autoptr(JsonObject) body =
               ld_json_parse_object (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), NULL);
  g_autoptr(LdJsonReader) reader = NULL;

  if (body == NULL)
    return FALSE;
  reader = ld_json_reader_new (body);
  ld_report_release_body_read (reader, version, interpretation);
  return ld_json_reader_finish (reader, NULL);
}

/* On the HTTP thread, as POST /api/v1/orders/{id}/release arrives whole:
 * its report begins to render on a reader (see the top of this file). */
static void
begin_release_early (SoupServerMessage *msg,
                     GHashTable        *params,
                     LdReadPool        *read_pool)
{
  const char *token = ld_auth_bearer_token (msg);
  g_autoptr(GBytes) raw = NULL;
  g_autofree char *interpretation = NULL;
  gint64 version = 0;
  Render *render;

  if (token == NULL || ld_read_pool_get_waiting (read_pool) >= EARLY_RENDER_MAX_WAITING)
    return;
  raw = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (!read_release_body (raw, &version, &interpretation))
    return;

  render =
    render_new (g_hash_table_lookup (params, "id"), version, g_steal_pointer (&interpretation));
  render->token_hash = ld_token_hash (token);
  g_object_set_data_full (G_OBJECT (msg), EARLY_RENDER_KEY, g_atomic_rc_box_acquire (render),
                          render_unref);
  ld_read_pool_run (read_pool, render_release, on_release_rendered, render, render_unref);
}

/* Before POST /api/v1/orders/{id}/release's transaction: the request waits
 * for its report's render, begun early or begun here, while the writing
 * thread serves others. A body or a user the handler will refuse, and a
 * repeat it will replay, are left to it. */
static gboolean
prepare_release (LdHttpRequest  *req,
                 GError        **error)
{
  g_autoptr(GBytes) raw =
               soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  g_autofree char *interpretation = NULL;
  Render *early = g_object_get_data (G_OBJECT (req->msg), EARLY_RENDER_KEY);
  const char *order_id = ld_http_request_get_param (req, "id");
  gint64 version = 0;
  Render *render;

  (void) error;
  if (req->read_pool == NULL ||
      !ld_permissions_check_signatory (req->user, "release reports", NULL) ||
      !read_release_body (raw, &version, &interpretation) ||
      ld_idempotency_is_answered_repeat (req))
    return TRUE;

  /* The same path and body; whose session it was, the write checks with
   * the rest of what the report says. */
  if (early != NULL && g_strcmp0 (early->order_id, order_id) == 0 &&
      early->version == version && g_strcmp0 (early->interpretation, interpretation) == 0)
    {
      if (early->done)
        {
          hand_rendered (early, req);
          return TRUE;
        }
      early->waiting = req;
      ld_http_request_pause (req);
      return TRUE;
    }

  render = render_new (order_id, version, g_steal_pointer (&interpretation));
  render->released_by = g_strdup (ld_user_get_id (req->user));
  render->waiting = req;
  ld_http_request_pause (req);
  ld_read_pool_run (req->read_pool, render_release, on_release_rendered, render, render_unref);
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

/**
 * ld_api_release_get_render_counts:
 * @out_at_arrival: (out): reports rendered from a render begun as the
 *   release arrived
 * @out_at_turn: (out): from one begun at the release's turn on the
 *   writing thread (none was begun at arrival, or it was for another body)
 *
 * Counted since the process began; a release may still render again in
 * its write, when the order changed in between.
 */
void
ld_api_release_get_render_counts (guint *out_at_arrival,
                                  guint *out_at_turn)
{
  *out_at_arrival = (guint) g_atomic_int_get (&renders_at_arrival);
  *out_at_turn = (guint) g_atomic_int_get (&renders_at_turn);
}

void
ld_api_release_register (LdRouter *router)
{
  ld_router_add_prepared (router, "POST", "/api/v1/orders/{id}/release", prepare_release,
                          release_order);
  ld_router_set_early (router, "POST", "/api/v1/orders/{id}/release", begin_release_early);
  ld_router_add (router, "POST", "/api/v1/orders/{id}/amendments", amend_results);
  ld_router_add (router, "GET", "/api/v1/orders/{id}/reports", list_reports);
}

/* ld-api-audit.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-audit"

#include "config.h"

#include "ld-api.h"
#include "ld-time.h"
#include "../service/ld-audit-check.h"
#include "ld-service-access.h"

#define DEFAULT_PAGE 100
#define MAX_PAGE 500

/* Reads an RFC 3339 time from the query and rewrites it in the stored
 * form, so that comparing the text compares the times. */
static gboolean
read_time_param (LdHttpRequest  *req,
                 const char     *name,
                 char          **out_text,
                 GError        **error)
{
  const char *text = ld_http_request_get_query (req, name);
  gint64 usec;

  if (text == NULL)
    return TRUE;

  if (!ld_time_parse_rfc3339 (text, &usec))
    {
      GError *local = g_error_new (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                   "“%s” must be a time such as 2026-11-22T10:00:00Z.", name);
      ld_api_error_set_field (local, name, "is not an RFC 3339 time");
      g_propagate_error (error, local);
      return FALSE;
    }

  *out_text = ld_time_format_rfc3339 (usec);
  return TRUE;
}

static char *
seq_cursor (gconstpointer event)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, ((const LdAuditEvent *) event)->seq);
}

/* GET /api/v1/audit?user=&action=&entity=&entity_id=&since=&until=&limit=&before= */
static gboolean
list_audit (LdHttpRequest  *req,
            GError        **error)
{
  static const char * const known[] = { "user",  "action", "entity", "entity_id", "since",
                                        "until", "limit",  "before", NULL };
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  const char *before_text;
  LdAuditFilter filter = { 0 };
  guint64 before = 0;
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &limit, error) ||
      !read_time_param (req, "since", &since, error) ||
      !read_time_param (req, "until", &until, error))
    return FALSE;

  before_text = ld_http_request_get_query (req, "before");
  if (before_text != NULL &&
      !g_ascii_string_to_unsigned (before_text, 10, 1, G_MAXINT64, &before, NULL))
    {
      GError *local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                           "The page cursor is not valid.");
      ld_api_error_set_field (local, "before", "must be a sequence number");
      g_propagate_error (error, local);
      return FALSE;
    }

  filter.user_id = ld_http_request_get_query (req, "user");
  filter.action = ld_http_request_get_query (req, "action");
  filter.entity = ld_http_request_get_query (req, "entity");
  filter.entity_id = ld_http_request_get_query (req, "entity_id");
  filter.since = since;
  filter.until = until;
  filter.before_seq = before;
  filter.limit = limit + 1;

  events = ld_store_audit_list (req->store, &filter, error);
  if (events == NULL)
    return FALSE;

  ld_http_respond_page (req, events, limit, (LdJsonWriteFunc) ld_audit_event_to_json, seq_cursor);
  return TRUE;
}

static void
respond_check (LdHttpRequest *req,
               guint          status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_audit_check_write_latest (req->audit_check, builder);
  ld_http_respond_json (req, status, builder);
}

/* POST /api/v1/audit/check: starts the chain's check in the background,
 * or answers with the one running. */
static gboolean
start_check (LdHttpRequest  *req,
             GError        **error)
{
  /* One check at a time: a second request is shown the running one, and
   * only a check started is audited. */
  if (!ld_http_request_read_empty (req, error) ||
      !ld_service_start_audit_check (ld_http_request_get_service (req), req->audit_check, error))
    return FALSE;

  respond_check (req, SOUP_STATUS_ACCEPTED);
  return TRUE;
}

/* GET /api/v1/audit/check: the latest check, running or done. */
static gboolean
get_check (LdHttpRequest  *req,
           GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;

  if (!ld_audit_check_write_latest (req->audit_check, builder))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                           "No check of the audit chain has run since the server started.");
      return FALSE;
    }

  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

void
ld_api_audit_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/audit", list_audit);
  ld_router_add (router, "POST", "/api/v1/audit/check", start_check);
  ld_router_add (router, "GET", "/api/v1/audit/check", get_check);
}

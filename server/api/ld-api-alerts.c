/* ld-api-alerts.c: critical results, told to the ordering doctor
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lists and the acknowledgement of alerts; the alerts service
 * (server/service/ld-service-alerts.c) raises them, reads them and
 * acknowledges them, audited, in one transaction each.
 */

#define G_LOG_DOMAIN "ld-api-alerts"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-service-alerts.h"
#include "ld-time.h"

#define DEFAULT_PAGE 50
#define MAX_PAGE 200

static char *
alert_cursor (gconstpointer item)
{
  const LdAlert *alert = item;

  return g_strdup_printf ("%s_%s", alert->raised_at, alert->id);
}

static gboolean
parse_alert_cursor (const char  *cursor,
                    char       **out_raised_at,
                    const char **out_id)
{
  const char *sep = strchr (cursor, '_');
  g_autofree char *raised_at = sep ? g_strndup (cursor, sep - cursor) : NULL;
  gint64 unix_us;

  if (raised_at == NULL || !ld_time_parse_rfc3339 (raised_at, &unix_us) ||
      !g_uuid_string_is_valid (sep + 1))
    return FALSE;

  *out_raised_at = g_steal_pointer (&raised_at);
  *out_id = sep + 1;
  return TRUE;
}

/* GET …?state=open|all&limit=…&after=…: the alerts of @doctor_id, or of
 * everyone when it is %NULL. */
static gboolean
list_alerts (LdHttpRequest  *req,
             const char     *doctor_id,
             GError        **error)
{
  static const char * const known[] = { "state", "limit", "after", NULL };
  g_autoptr(GPtrArray) alerts = NULL;
  g_autofree char *after_raised_at = NULL;
  const char *state = ld_http_request_get_query (req, "state");
  const char *after = ld_http_request_get_query (req, "after");
  const char *after_id = NULL;
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &limit, error))
    return FALSE;
  /* Issue 18: "overdue" is the lab's list to escalate, across doctors. */
  if (state != NULL && !g_str_equal (state, "open") && !g_str_equal (state, "all") &&
      (doctor_id != NULL || !g_str_equal (state, "overdue")))
    {
      ld_api_refuse_query (error, "state", doctor_id != NULL ? "must be open or all"
                                                             : "must be open, all or overdue");
      return FALSE;
    }
  if (after != NULL && !parse_alert_cursor (after, &after_raised_at, &after_id))
    {
      ld_api_refuse_query (error, "after", "is not a cursor this server gave");
      return FALSE;
    }

  alerts = ld_service_list_alerts (ld_http_request_get_service (req), doctor_id, state,
                                   after_raised_at, after_id, limit, error);
  if (alerts == NULL)
    return FALSE;

  ld_http_respond_page (req, alerts, limit, (LdJsonWriteFunc) ld_alert_to_json, alert_cursor);
  return TRUE;
}

/* GET /api/v1/doctors/me/alerts: the signed-in doctor's. */
static gboolean
list_my_alerts (LdHttpRequest  *req,
                GError        **error)
{
  return list_alerts (req, ld_user_get_id (req->user), error);
}

/* GET /api/v1/alerts: everyone's, for the administrator who chases the
 * unacknowledged and answers those with no doctor. */
static gboolean
list_all_alerts (LdHttpRequest  *req,
                 GError        **error)
{
  return list_alerts (req, NULL, error);
}

static void
respond_alert (LdHttpRequest *req,
               const LdAlert *alert)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "alert");
  ld_alert_to_json (alert, builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
}

/* POST /api/v1/alerts/{id}/acknowledge */
static gboolean
acknowledge_alert (LdHttpRequest  *req,
                   GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdAlert) saved = NULL;
  g_autoptr(LdAlert) current = NULL;
  g_autoptr(GError) local = NULL;
  gint64 version = 0;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  saved =
    ld_service_acknowledge_alert (ld_http_request_get_service (req),
                                  ld_http_request_get_param (req, "id"), version, &current, &local);
  if (saved == NULL && current != NULL)
    {
      /* Stale or already acknowledged: the alert as it is, to act on again. */
      g_autoptr(JsonNode) node = ld_alert_to_node (current);

      ld_http_respond_error (req, local, node);
      return TRUE;
    }
  if (saved == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  respond_alert (req, saved);
  return TRUE;
}

void
ld_api_alerts_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/doctors/me/alerts", list_my_alerts);
  ld_router_add (router, "GET", "/api/v1/alerts", list_all_alerts);
  ld_router_add (router, "POST", "/api/v1/alerts/{id}/acknowledge", acknowledge_alert);
}

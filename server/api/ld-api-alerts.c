/* ld-api-alerts.c: critical results, told to the ordering doctor
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A verified critical result (or an amendment that makes one) raises an
 * alert for the order's doctor. It stays open until that doctor says they
 * have seen it; the acknowledgement is audited. An order with no doctor
 * raises one that an administrator acknowledges, having told whoever
 * looks after the patient.
 */

#define G_LOG_DOMAIN "ld-api-alerts"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-api-results.h"
#include "ld-time.h"

#define DEFAULT_PAGE 50
#define MAX_PAGE 200

/* Alerts name the patient: they go to doctors and administrators. */
#define ALERT_READERS (LD_ROLE_DOCTOR | LD_ROLE_ADMIN)

static gboolean
publish_alert (LdHttpRequest  *req,
               const LdAlert  *alert,
               GError        **error)
{
  g_autoptr(JsonNode) record = ld_alert_to_node (alert);

  return ld_http_request_record_change (req, "alert", alert->id, ALERT_READERS, record, error);
}

/**
 * ld_api_alert_raise:
 * @req: the request that made @result critical, inside its transaction
 * @order: the result's order
 * @result: a result whose flag is critical
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
ld_api_alert_raise (LdHttpRequest   *req,
                    const LdOrder   *order,
                    const LdResult  *result,
                    GError         **error)
{
  g_autoptr(LdAlert) alert = ld_alert_new ();
  g_autoptr(LdAlert) saved = NULL;
  g_autofree char *detail = NULL;

  alert->order_id = g_strdup (order->id);
  alert->result_id = g_strdup (result->id);
  alert->doctor_id = g_strdup (order->doctor_id);
  alert->flag = g_strdup (result->flag);
  alert->value = g_strdup (result->value);
  if (!ld_store_alerts_insert (req->store, alert, error))
    return FALSE;

  detail = g_strdup_printf ("%s %s, %s", order->number, result->test_code, result->flag);
  saved = ld_store_alerts_get (req->store, alert->id, error);
  return saved != NULL &&
         ld_http_request_audit_as (req, NULL, "system", "alert.raise", "alert", alert->id, detail, error) &&
         publish_alert (req, saved, error);
}

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

  if (raised_at == NULL || !ld_time_parse_rfc3339 (raised_at, &unix_us) || !g_uuid_string_is_valid (sep + 1))
    return FALSE;

  *out_raised_at = g_steal_pointer (&raised_at);
  *out_id = sep + 1;
  return TRUE;
}

/* Open alerts raised longer ago than the critical_ack_minutes setting. */
static GPtrArray *
list_overdue (LdHttpRequest  *req,
              const char     *after_raised_at,
              const char     *after_id,
              guint           limit,
              GError        **error)
{
  const LdSettings *settings = ld_http_request_get_settings (req, error);
  g_autofree char *cutoff = NULL;

  if (settings == NULL)
    return NULL;
  cutoff = ld_time_format_rfc3339 (ld_time_now () -
                                   settings->critical_ack_minutes * G_TIME_SPAN_MINUTE);
  return ld_store_alerts_list_overdue (req->store, cutoff, after_raised_at, after_id, limit, error);
}

/* GET …?state=open|all&limit=…&after=…: the alerts of @doctor_id, or of
 * everyone when it is %NULL. */
static gboolean
list_alerts (LdHttpRequest  *req,
             const char     *doctor_id,
             GError        **error)
{
  static const char * const known[] = { "state", "limit", "after", NULL };
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(GPtrArray) alerts = NULL;
  g_autofree char *after_raised_at = NULL;
  g_autofree char *detail = NULL;
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

  if (!ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;
  if (g_strcmp0 (state, "overdue") == 0)
    alerts = list_overdue (req, after_raised_at, after_id, limit + 1, error);
  else
    alerts = ld_store_alerts_list (req->store, doctor_id, state == NULL || g_str_equal (state, "open"),
                                   after_raised_at, after_id, limit + 1, error);
  if (alerts == NULL)
    return FALSE;
  detail = g_strdup_printf ("%u shown", MIN (alerts->len, limit));
  if (!ld_http_request_audit (req, "alert.list", "alert", NULL, detail, error) ||
      !ld_store_transaction_commit (&txn, error))
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

/* The ordering doctor acknowledges; an administrator only when the order
 * named no doctor. */
static gboolean
check_acknowledger (LdHttpRequest  *req,
                    const LdAlert  *alert,
                    GError        **error)
{
  LdRole roles = ld_user_get_roles (req->user);

  if (alert->doctor_id != NULL ? g_str_equal (alert->doctor_id, ld_user_get_id (req->user))
                               : (roles & LD_ROLE_ADMIN) != 0)
    return TRUE;

  g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN,
                       alert->doctor_id != NULL ? "This alert is for the doctor who ordered the test."
                                                : "An administrator acknowledges an alert with no doctor.");
  return FALSE;
}

/* POST /api/v1/alerts/{id}/acknowledge */
static gboolean
acknowledge_alert (LdHttpRequest  *req,
                   GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdAlert) alert = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  gint64 version = 0;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  if (!ld_json_reader_finish (reader, error) ||
      !ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  alert = ld_store_alerts_get (req->store, ld_http_request_get_param (req, "id"), error);
  if (alert == NULL || !check_acknowledger (req, alert, error))
    return FALSE;
  if (alert->version != version || alert->acknowledged_at != NULL)
    {
      g_autoptr(GError) stale = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_CONFLICT,
                                                     alert->acknowledged_at != NULL
                                                       ? "This alert is already acknowledged."
                                                       : "This alert has changed since you saw it.");
      g_autoptr(JsonNode) current = ld_alert_to_node (alert);

      ld_http_respond_error (req, stale, current);
      return TRUE;
    }

  if (!ld_store_alerts_acknowledge (req->store, alert, ld_user_get_id (req->user), error) ||
      !ld_http_request_audit (req, "alert.acknowledge", "alert", alert->id, alert->order_number, error) ||
      !publish_alert (req, alert, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  respond_alert (req, alert);
  return TRUE;
}

void
ld_api_alerts_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/doctors/me/alerts", list_my_alerts);
  ld_router_add (router, "GET", "/api/v1/alerts", list_all_alerts);
  ld_router_add (router, "POST", "/api/v1/alerts/{id}/acknowledge", acknowledge_alert);
}

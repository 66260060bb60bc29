/* ld-api-notifications.c: what was sent, and the outbox steered by hand
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An order's messages for the desk (or an appointment's), a day's for the
 * administrator, and the
 * desk's resend and the administrator's retry and cancel; docs/api.md,
 * "Notifications". A message's facts stay on the server: the lists say what
 * went where and when, never what it said.
 */

#define G_LOG_DOMAIN "ld-api-notifications"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-time.h"
#include "ld-service-outbox.h"

#define MAX_LISTED 500

static const char * const states[] = { "waiting",  "sending",  "sent",      "failed",
                                       "given_up", "withheld", "cancelled", NULL };

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       us)
{
  g_autofree char *text = us > 0 ? ld_time_format_rfc3339 (us) : NULL;

  ld_json_builder_add_string (builder, name, text);
}

/* The order's number, as its message says it. */
static char *
dup_order_number (const LdNotification *notification)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, notification->facts, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (ld_json_object_get_string (json_node_get_object (root), "order_number"));
}

static void
notification_to_json (gconstpointer  item,
                      JsonBuilder   *builder)
{
  const LdNotification *notification = item;
  g_autofree char *number = dup_order_number (notification);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", notification->id);
  ld_json_builder_add_string (builder, "order_id", notification->order_id);
  ld_json_builder_add_string (builder, "order_number", number);
  ld_json_builder_add_string (builder, "appointment_id", notification->appointment_id);
  ld_json_builder_add_string (builder, "channel", notification->channel);
  ld_json_builder_add_string (builder, "template", notification->template_name);
  ld_json_builder_add_string (builder, "language", notification->language);
  ld_json_builder_add_string (builder, "recipient", notification->recipient);
  ld_json_builder_add_string (builder, "state", notification->state);
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, notification->attempts);
  add_time (builder, "created_at", notification->created_us);
  add_time (builder, "sent_at", notification->sent_us);
  add_time (builder, "next_attempt_at",
            g_str_equal (notification->state, "waiting") ? notification->next_attempt_us : 0);
  ld_json_builder_add_string (builder, "last_error", notification->last_error);
  ld_json_builder_add_string (builder, "resent_from", notification->resent_from);
  json_builder_end_object (builder);
}

static void
respond_items (LdHttpRequest *req,
               GPtrArray     *items)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    notification_to_json (g_ptr_array_index (items, i), builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
}

static void
respond_one (LdHttpRequest        *req,
             guint                 status,
             const LdNotification *notification)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "notification");
  notification_to_json (notification, builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, status, builder);
}

/* GET /api/v1/orders/{id}/notifications */
static gboolean
list_for_order (LdHttpRequest  *req,
                GError        **error)
{
  static const char * const known[] = { NULL };
  const char *order_id = ld_http_request_get_param (req, "id");
  g_autoptr(GPtrArray) items = NULL;

  if (!ld_http_query_check_known (req, known, error) ||
      (items = ld_service_outbox_for_order (ld_http_request_get_service (req), order_id, error)) ==
        NULL)
    return FALSE;

  respond_items (req, items);
  return TRUE;
}

/* GET /api/v1/appointments/{id}/notifications */
static gboolean
list_for_appointment (LdHttpRequest  *req,
                      GError        **error)
{
  static const char * const known[] = { NULL };
  const char *appointment_id = ld_http_request_get_param (req, "id");
  g_autoptr(GPtrArray) items = NULL;

  if (!ld_http_query_check_known (req, known, error) ||
      (items = ld_service_outbox_for_appointment (ld_http_request_get_service (req),
                                                  appointment_id, error)) == NULL)
    return FALSE;

  respond_items (req, items);
  return TRUE;
}

/* GET /api/v1/notifications?state=&day= */
static gboolean
list_day (LdHttpRequest  *req,
          GError        **error)
{
  static const char * const known[] = { "state", "day", NULL };
  const char *state = ld_http_request_get_query (req, "state");
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 from_us, until_us;

  midnight = g_date_time_new (zone, g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now), 0, 0, 0);
  from_us = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  until_us = from_us + G_TIME_SPAN_DAY;
  if (!ld_http_query_check_known (req, known, error) ||
      !ld_api_query_get_day (req, "day", FALSE, &from_us, &until_us, error))
    return FALSE;
  if (state != NULL && !g_strv_contains (states, state))
    {
      ld_api_refuse_query (error, "state",
                           "must be waiting, sending, sent, failed, given_up, withheld or "
                           "cancelled");
      return FALSE;
    }

  items = ld_service_outbox_list (ld_http_request_get_service (req), state, from_us, until_us,
                                  MAX_LISTED, error);
  if (items == NULL)
    return FALSE;
  respond_items (req, items);
  return TRUE;
}

typedef LdNotification *(*OutboxFunc) (LdServiceContext  *ctx,
                                       const char        *id,
                                       GError           **error);

static gboolean
change (LdHttpRequest  *req,
        OutboxFunc      func,
        guint           status,
        GError        **error)
{
  g_autoptr(LdNotification) saved = NULL;

  if (!ld_http_request_read_empty (req, error))
    return FALSE;
  saved = func (ld_http_request_get_service (req), ld_http_request_get_param (req, "id"), error);
  if (saved == NULL)
    return FALSE;
  respond_one (req, status, saved);
  return TRUE;
}

/* POST /api/v1/notifications/{id}/resend {} */
static gboolean
resend (LdHttpRequest  *req,
        GError        **error)
{
  return change (req, ld_service_outbox_resend, SOUP_STATUS_CREATED, error);
}

/* POST /api/v1/notifications/{id}/retry {} */
static gboolean
retry (LdHttpRequest  *req,
       GError        **error)
{
  return change (req, ld_service_outbox_retry, SOUP_STATUS_OK, error);
}

/* POST /api/v1/notifications/{id}/cancel {} */
static gboolean
cancel (LdHttpRequest  *req,
        GError        **error)
{
  return change (req, ld_service_outbox_cancel, SOUP_STATUS_OK, error);
}

void
ld_api_notifications_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/orders/{id}/notifications", list_for_order);
  ld_router_add (router, "GET", "/api/v1/appointments/{id}/notifications", list_for_appointment);
  ld_router_add (router, "GET", "/api/v1/notifications", list_day);
  ld_router_add (router, "POST", "/api/v1/notifications/{id}/resend", resend);
  ld_router_add (router, "POST", "/api/v1/notifications/{id}/retry", retry);
  ld_router_add (router, "POST", "/api/v1/notifications/{id}/cancel", cancel);
}

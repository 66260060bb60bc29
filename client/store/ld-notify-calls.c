/* ld-notify-calls.c: what was sent to patients, and the outbox by hand
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only place in the client that knows the notifications' paths and
 * members (docs/api.md, "Notifications"). They work online: the desk's
 * list of an order's messages and its resend, the administrator's outbox
 * of a day, retry and cancel. Each POST carries a fresh Idempotency-Key,
 * so a retried press resends once.
 */

#define G_LOG_DOMAIN "ld-notify-calls"

#include "config.h"

#include "ld-json.h"
#include "ld-notify-calls.h"
#include "ld-record-id.h"
#include "ld-time.h"

void
ld_notify_item_free (LdNotifyItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->order_number);
  g_free (item->template_name);
  g_free (item->channel);
  g_free (item->recipient);
  g_free (item->state);
  g_free (item->last_error);
  g_free (item);
}

static gint64
read_time (JsonObject *object,
           const char *name)
{
  const char *text = ld_json_object_get_string (object, name);
  gint64 us = 0;

  if (text == NULL || !ld_time_parse_rfc3339 (text, &us))
    return 0;
  return us;
}

static LdNotifyItem *
read_item (JsonObject *object)
{
  LdNotifyItem *item;

  if (ld_json_object_get_string (object, "id") == NULL ||
      ld_json_object_get_string (object, "state") == NULL)
    return NULL;

  item = g_new0 (LdNotifyItem, 1);
  item->id = g_strdup (ld_json_object_get_string (object, "id"));
  item->order_number = g_strdup (ld_json_object_get_string (object, "order_number"));
  item->template_name = g_strdup (ld_json_object_get_string (object, "template"));
  item->channel = g_strdup (ld_json_object_get_string (object, "channel"));
  item->recipient = g_strdup (ld_json_object_get_string (object, "recipient"));
  item->state = g_strdup (ld_json_object_get_string (object, "state"));
  item->last_error = g_strdup (ld_json_object_get_string (object, "last_error"));
  item->created_us = read_time (object, "created_at");
  item->sent_us = read_time (object, "sent_at");
  return item;
}

/**
 * ld_notify_list_for_order_async:
 * @client: the session's API client
 * @order_id: an order
 *
 * GET /api/v1/orders/{id}/notifications: its messages, oldest first.
 * Finish with ld_notify_list_finish().
 */
void
ld_notify_list_for_order_async (LdApiClient         *client,
                                const char          *order_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client) && order_id != NULL);

  escaped = g_uri_escape_string (order_id, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/orders/%s/notifications", escaped);
  ld_api_client_request_async (client, "GET", path, NULL, NULL, cancellable, callback, user_data);
}

/**
 * ld_notify_list_day_async:
 * @client: the session's API client
 * @day: "YYYY-MM-DD"
 * @state: (nullable): only messages in this state
 *
 * GET /api/v1/notifications: the day's outbox, newest first. Finish with
 * ld_notify_list_finish().
 */
void
ld_notify_list_day_async (LdApiClient         *client,
                          const char          *day,
                          const char          *state,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/v1/notifications?day=");

  g_return_if_fail (LD_IS_API_CLIENT (client) && day != NULL);

  g_string_append_uri_escaped (path, day, NULL, FALSE);
  if (state != NULL)
    {
      g_string_append (path, "&state=");
      g_string_append_uri_escaped (path, state, NULL, FALSE);
    }
  ld_api_client_request_async (client, "GET", path->str, NULL, NULL, cancellable, callback,
                               user_data);
}

/**
 * ld_notify_list_finish:
 *
 * Returns: (transfer full) (element-type LdNotifyItem) (nullable): the
 *   messages
 */
GPtrArray *
ld_notify_list_finish (LdApiClient   *client,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(JsonNode) answer = ld_api_client_request_finish (client, result, NULL, error);

  if (answer == NULL)
    return NULL;
  return ld_api_answer_read_items (answer, (LdApiItemReader) read_item,
                                   (GDestroyNotify) ld_notify_item_free, error);
}

/**
 * ld_notify_act_async:
 * @client: the session's API client
 * @id: a message
 * @action: "resend", "retry" or "cancel"
 *
 * POST /api/v1/notifications/{id}/{action} with `{}`.
 */
void
ld_notify_act_async (LdApiClient         *client,
                     const char          *id,
                     const char          *action,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = ld_record_id_new ();

  g_return_if_fail (LD_IS_API_CLIENT (client) && id != NULL);
  g_return_if_fail (g_strcmp0 (action, "resend") == 0 || g_strcmp0 (action, "retry") == 0 ||
                    g_strcmp0 (action, "cancel") == 0);

  escaped = g_uri_escape_string (id, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/notifications/%s/%s", escaped, action);
  ld_api_client_request_async (client, "POST", path, "{}", key, cancellable, callback, user_data);
}

/**
 * ld_notify_act_finish:
 *
 * Returns: %TRUE when the server did it
 */
gboolean
ld_notify_act_finish (LdApiClient   *client,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_autoptr(JsonNode) answer = ld_api_client_request_finish (client, result, NULL, error);

  return answer != NULL;
}

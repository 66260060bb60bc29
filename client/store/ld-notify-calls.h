/* ld-notify-calls.h: what was sent to patients, and the outbox by hand
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-api-client.h"

G_BEGIN_DECLS

/**
 * LdNotifyItem:
 * @id: the message's id
 * @order_number: (nullable): the order it is about
 * @template_name: the event, such as "report-ready"
 * @channel: "email"
 * @recipient: where it goes
 * @state: "waiting", "sending", "sent", "failed", "given_up", "withheld" or
 *   "cancelled"
 * @last_error: (nullable): what the last attempt met
 * @created_us: when its change was made
 * @sent_us: when the mail server took it, or 0
 *
 * One message as the server lists it (docs/api.md, "Notifications").
 */
typedef struct
{
  char   *id;
  char   *order_number;
  char   *template_name;
  char   *channel;
  char   *recipient;
  char   *state;
  char   *last_error;
  gint64  created_us;
  gint64  sent_us;
} LdNotifyItem;

void       ld_notify_item_free (LdNotifyItem *item);

void       ld_notify_list_for_order_async (LdApiClient         *client,
                                           const char          *order_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
void       ld_notify_list_day_async       (LdApiClient         *client,
                                           const char          *day,
                                           const char          *state,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray *ld_notify_list_finish          (LdApiClient         *client,
                                           GAsyncResult        *result,
                                           GError             **error);
void       ld_notify_act_async            (LdApiClient         *client,
                                           const char          *id,
                                           const char          *action,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   ld_notify_act_finish           (LdApiClient         *client,
                                           GAsyncResult        *result,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdNotifyItem, ld_notify_item_free)

G_END_DECLS

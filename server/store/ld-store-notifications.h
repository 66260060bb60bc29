/* ld-store-notifications.h: the notification outbox
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-store.h"

G_BEGIN_DECLS

/**
 * LdNotification:
 * @id: the row's id; the message's Message-ID is made from it
 * @patient_id: whom it is for
 * @order_id: (nullable): the order it is about
 * @channel: "email"
 * @template_name: the event, such as "report-ready"
 * @language: "en" or "hi"
 * @facts: the facts its template needs, a JSON object as text
 * @recipient: the address it goes to
 * @state: "waiting", "sending", "sent", "failed" or "given_up"
 * @attempts: how many times it was claimed for sending
 * @next_attempt_us: when it is due
 * @last_error: (nullable): what the last attempt met
 * @provider_id: (nullable): the mail server's answer when it took it
 * @created_us: when the change that caused it was made
 *
 * One message of the outbox (migration 0028).
 */
typedef struct
{
  char   *id;
  char   *patient_id;
  char   *order_id;
  char   *channel;
  char   *template_name;
  char   *language;
  char   *facts;
  char   *recipient;
  char   *state;
  gint64  attempts;
  gint64  next_attempt_us;
  char   *last_error;
  char   *provider_id;
  gint64  created_us;
} LdNotification;

void            ld_notification_free               (LdNotification  *notification);

gboolean        ld_store_notifications_add         (LdStore         *store,
                                                    const LdNotification *notification,
                                                    GError         **error);
LdNotification *ld_store_notifications_claim       (LdStore         *store,
                                                    const char      *claimed_by,
                                                    gint64           now_us,
                                                    gint64           claim_until_us,
                                                    GError         **error);
gboolean        ld_store_notifications_mark_sent   (LdStore         *store,
                                                    const char      *id,
                                                    const char      *claimed_by,
                                                    const char      *provider_id,
                                                    gint64           now_us,
                                                    GError         **error);
gboolean        ld_store_notifications_retry_later (LdStore         *store,
                                                    const char      *id,
                                                    const char      *claimed_by,
                                                    gint64           next_attempt_us,
                                                    const char      *last_error,
                                                    GError         **error);
gboolean        ld_store_notifications_stop        (LdStore         *store,
                                                    const char      *id,
                                                    const char      *claimed_by,
                                                    const char      *state,
                                                    const char      *last_error,
                                                    GError         **error);
gboolean        ld_store_notifications_fail_interrupted (LdStore    *store,
                                                         gint64      claimed_before_us,
                                                         const char *last_error,
                                                         gint64     *out_count,
                                                         GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdNotification, ld_notification_free)

G_END_DECLS

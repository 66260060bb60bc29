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
 * @channel: "email" or "sms"
 * @template_name: the event, such as "report-ready"
 * @language: "en" or "hi"
 * @facts: the facts its template needs, a JSON object as text
 * @recipient: the address it goes to (a phone number, E.164, for SMS)
 * @state: "waiting", "sending", "sent", "failed", "given_up", "withheld" (the
 *   patient asked not to be sent it) or "cancelled" (by an administrator)
 * @attempts: how many times it was claimed for sending
 * @next_attempt_us: when it is due
 * @last_error: (nullable): what the last attempt met
 * @provider_id: (nullable): the mail server's answer when it took it, or
 *   the SMS gateway's message id
 * @created_us: when the change that caused it was made
 * @sent_us: when the mail server took it, or 0
 * @resent_from: (nullable): the message a resend copied
 * @appointment_id: (nullable): the appointment it is about
 * @appointment_slot_us: the appointment's slot it speaks of, or 0
 *
 * One message of the outbox (migrations 0028, 0029, 0034 and 0037).
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
  gint64  sent_us;
  char   *resent_from;
  char   *appointment_id;
  gint64  appointment_slot_us;
} LdNotification;

void            ld_notification_free               (LdNotification  *notification);

gboolean        ld_store_notifications_add         (LdStore         *store,
                                                    const LdNotification *notification,
                                                    GError         **error);
void            ld_store_notifications_set_sms_templates (LdStore          *store,
                                                          const char *const *templates);
gboolean        ld_store_notifications_sends_sms   (LdStore         *store,
                                                    const char      *template_name);
LdNotification *ld_store_notifications_claim       (LdStore         *store,
                                                    const char      *channel,
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

GPtrArray      *ld_store_notifications_for_order   (LdStore         *store,
                                                    const char      *order_id,
                                                    GError         **error);
GPtrArray *
ld_store_notifications_for_appointment (LdStore *store, const char *appointment_id, GError **error);
gboolean        ld_store_notifications_reminded (LdStore    *store,
                                                 const char *appointment_id,
                                                 gint64      slot_us,
                                                 gboolean   *out_reminded,
                                                 GError    **error);
GPtrArray      *ld_store_notifications_list        (LdStore         *store,
                                                    const char      *state,
                                                    gint64           from_us,
                                                    gint64           to_us,
                                                    gint64           limit,
                                                    GError         **error);
LdNotification *ld_store_notifications_get         (LdStore         *store,
                                                    const char      *id,
                                                    GError         **error);
gboolean        ld_store_notifications_withhold_waiting (LdStore    *store,
                                                         const char *patient_id,
                                                         const char *channel,
                                                         const char *reason,
                                                         GError    **error);
gboolean        ld_store_notifications_retry       (LdStore         *store,
                                                    const char      *id,
                                                    gint64           now_us,
                                                    GError         **error);
gboolean        ld_store_notifications_cancel      (LdStore         *store,
                                                    const char      *id,
                                                    gint64           now_us,
                                                    GError         **error);
GStrv           ld_store_notifications_expiring_unwarned (LdStore  *store,
                                                          gint64    from_us,
                                                          gint64    until_us,
                                                          guint     limit,
                                                          GError  **error);
GHashTable     *ld_store_notifications_figures     (LdStore         *store,
                                                    gint64           now_us,
                                                    gint64          *out_oldest_waiting_us,
                                                    GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdNotification, ld_notification_free)

G_END_DECLS

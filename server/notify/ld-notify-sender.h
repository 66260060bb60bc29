/* ld-notify-sender.h: the thread that sends the outbox's messages
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-config.h"

G_BEGIN_DECLS

typedef struct _LdNotifySender LdNotifySender;

LdNotifySender *ld_notify_sender_start   (const LdConfig      *config,
                                          GError             **error);
void            ld_notify_sender_stop    (LdNotifySender      *sender);
char                          *ld_notify_sender_compose (const LdMailConfig *mail,
                                                         const char         *lab_name,
                                                         const char         *message_id,
                                                         const char         *to,
                                                         const char         *subject,
                                                         const char         *text,
                                                         const char         *html,
                                                         gint64              date_us,
                                                         GBytes             *pdf,
                                                         const char         *pdf_name,
                                                         GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdNotifySender, ld_notify_sender_stop)

G_END_DECLS

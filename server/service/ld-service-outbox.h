/* ld-service-outbox.h: the desk's resend, the administrator's retry and cancel
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"
#include "../store/ld-store-notifications.h"

G_BEGIN_DECLS

LdNotification *ld_service_outbox_resend (LdServiceContext  *ctx,
                                          const char        *id,
                                          GError           **error);
LdNotification *ld_service_outbox_retry  (LdServiceContext  *ctx,
                                          const char        *id,
                                          GError           **error);
LdNotification *ld_service_outbox_cancel (LdServiceContext  *ctx,
                                          const char        *id,
                                          GError           **error);

GPtrArray *
ld_service_outbox_for_order (LdServiceContext *ctx, const char *order_id, GError **error);
GPtrArray *ld_service_outbox_for_appointment (LdServiceContext *ctx,
                                              const char       *appointment_id,
                                              GError          **error);
GPtrArray *ld_service_outbox_list (LdServiceContext *ctx,
                                   const char       *state,
                                   gint64            from_us,
                                   gint64            until_us,
                                   guint             limit,
                                   GError          **error);

G_END_DECLS

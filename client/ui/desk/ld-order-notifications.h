/* ld-order-notifications.h: an order's messages to its patient, at the desk
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ORDER_NOTIFICATIONS (ld_order_notifications_get_type ())

G_DECLARE_FINAL_TYPE (LdOrderNotifications, ld_order_notifications, LD, ORDER_NOTIFICATIONS,
                      AdwBin)

void ld_order_notifications_set_order (LdOrderNotifications *self,
                                       LdSession            *session,
                                       const char           *order_id);

G_END_DECLS

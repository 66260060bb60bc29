/* ld-order-follow.h: one order as the cache has it, kept up to date
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-order-view.h"
#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_ORDER_FOLLOW (ld_order_follow_get_type ())

G_DECLARE_FINAL_TYPE (LdOrderFollow, ld_order_follow, LD, ORDER_FOLLOW, GObject)

LdOrderFollow *ld_order_follow_new            (LdSession     *session,
                                               const char    *order_id);
JsonObject    *ld_order_follow_get_order      (LdOrderFollow *self);
LdOrderView   *ld_order_follow_get_view       (LdOrderFollow *self);
const char    *ld_order_follow_get_id         (LdOrderFollow *self);

gint64         ld_order_get_paise             (JsonObject    *order,
                                               const char    *member);

G_END_DECLS

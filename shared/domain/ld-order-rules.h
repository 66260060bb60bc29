/* ld-order-rules.h: what may happen to an order, and when
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-error.h"
#include "ld-order.h"

G_BEGIN_DECLS

#define LD_ORDER_MAX_ITEMS         50
#define LD_HOME_SLOT_MAX_HOURS     4
#define LD_HOME_SLOT_MAX_DAYS_AHEAD 90

const char          *
ld_order_check_home_slot (gint64 start_us, gint64 end_us, gint64 now_us, GTimeZone *zone);
gint64   ld_order_start_of_day (gint64 unix_us, int days_later, GTimeZone *zone);
gboolean ld_order_is_past_deadline (const LdOrder *order, gint64 now_us);
gboolean ld_order_check_payable (const LdOrder *order, gint64 now_us, GError **error);
gboolean ld_order_check_cancel (const LdOrder *order, GError **error);
gboolean ld_order_check_refund (const LdOrder *order, gint64 amount_paise, GError **error);

G_END_DECLS

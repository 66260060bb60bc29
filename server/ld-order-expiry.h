/* ld-order-expiry.h: unpaid orders run out
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "store/ld-store.h"

G_BEGIN_DECLS

gboolean ld_order_expiry_sweep (LdStore   *store,
                                gint64     now_us,
                                guint     *out_expired,
                                gboolean  *out_had_turn,
                                GError   **error);

G_END_DECLS

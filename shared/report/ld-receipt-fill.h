/* ld-receipt-fill.h: what a receipt says about an order, from its JSON
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-report-data.h"

G_BEGIN_DECLS

void ld_receipt_fill_from_order (LdReceipt  *receipt,
                                 JsonObject *order,
                                 const char *cashier);

G_END_DECLS

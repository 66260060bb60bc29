/* ld-money.h: amounts of money as the desk types them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ₹1,00,00,00,000.00: no desk ever types more; more is a slip of a key. */
#define LD_MONEY_MAX_PAISE G_GINT64_CONSTANT (10000000000)

const char *ld_money_parse (const char *text,
                            gint64     *out_paise);

G_END_DECLS

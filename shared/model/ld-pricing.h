/* ld-pricing.h: what an order costs
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-catalog.h"
#include "ld-order.h"
#include "ld-settings.h"

G_BEGIN_DECLS

/* One line of a cart, found in the catalogue: a test or a panel. */
typedef struct
{
  const LdCatalogTest  *test;
  const LdCatalogPanel *panel;
} LdCartEntry;

typedef enum
{
  LD_DISCOUNT_NONE,
  LD_DISCOUNT_AMOUNT,
  LD_DISCOUNT_PERCENT,
} LdDiscountKind;

/* The money of an order, in paise. */
typedef struct
{
  gint64 subtotal;
  gint64 discount;
  gint64 home_fee;
  gint64 tax;
  gint64 total;
} LdOrderMoney;

void         ld_pricing_price_cart   (const LdCartEntry *entries,
                                      guint              n_entries,
                                      GHashTable        *tests_by_code,
                                      GPtrArray         *out_items,
                                      GPtrArray         *out_tests,
                                      gint64            *out_subtotal);
const char  *ld_pricing_discount     (gint64             subtotal,
                                      LdDiscountKind     kind,
                                      gint64             value,
                                      const LdSettings  *settings,
                                      gint64            *out_discount);
void         ld_pricing_totals       (LdOrderMoney      *money,
                                      const LdSettings  *settings);
const char  *ld_pricing_price_order  (const LdCartEntry *entries,
                                      guint              n_entries,
                                      GHashTable        *tests_by_code,
                                      LdDiscountKind     discount_kind,
                                      gint64             discount_value,
                                      gboolean           home_collection,
                                      const LdSettings  *settings,
                                      GPtrArray         *out_items,
                                      GPtrArray         *out_tests,
                                      LdOrderMoney      *out_money);

G_END_DECLS

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

/* Finds a test or panel of the catalogue (transfer full), or NULL. */
typedef LdCatalogTest  *(*LdCartFindTest)  (const char *code,
                                            gpointer    user_data);
typedef LdCatalogPanel *(*LdCartFindPanel) (const char *code,
                                            gpointer    user_data);

/* The catalogue rows a cart uses: tests (the cart's own and its panels'
 * members, each found once) and panels, owned here while pricing. */
typedef struct
{
  GHashTable      *tests_by_code;
  GPtrArray       *panels;
  GArray          *entries;
  LdCartFindTest   find_test;
  LdCartFindPanel  find_panel;
  gpointer         user_data;
} LdCart;

void         ld_cart_init            (LdCart            *cart,
                                      LdCartFindTest     find_test,
                                      LdCartFindPanel    find_panel,
                                      gpointer           user_data);
char        *ld_cart_add             (LdCart            *cart,
                                      const char        *code);
void         ld_cart_clear           (LdCart            *cart);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdCart, ld_cart_clear)

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

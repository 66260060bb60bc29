/* ld-cart.h: the tests and panels being booked, priced as the server will
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-pricing.h"

G_BEGIN_DECLS

typedef struct _LdCart LdCart;

/* What the cart costs, priced by shared/model. */
typedef struct
{
  /* LdOrderItem per line, in the cart's order. */
  GPtrArray    *items;
  LdOrderMoney  money;
  /* Why the discount cannot be given (an English field message), or NULL. */
  const char   *discount_refusal;
} LdCartPrice;

LdCart              *ld_cart_new               (void);
void                 ld_cart_free              (LdCart            *cart);
void                 ld_cart_load_catalog      (LdCart            *cart,
                                                GHashTable        *tests,
                                                GHashTable        *panels);
void                 ld_cart_load_settings     (LdCart            *cart,
                                                JsonObject        *record);
const LdSettings    *ld_cart_get_settings      (LdCart            *cart);
gboolean             ld_cart_get_has_settings  (LdCart            *cart);
GPtrArray           *ld_cart_search            (LdCart            *cart,
                                                const char        *query,
                                                guint              limit);
gboolean             ld_cart_add               (LdCart            *cart,
                                                const char        *code);
gboolean             ld_cart_remove            (LdCart            *cart,
                                                const char        *code);
guint                ld_cart_get_n_items       (LdCart            *cart);
guint                ld_cart_get_n_catalog_items (LdCart          *cart);
const char * const  *ld_cart_get_codes         (LdCart            *cart);
const char          *ld_cart_lookup_name       (LdCart            *cart,
                                                const char        *code);
void                 ld_cart_price             (LdCart            *cart,
                                                LdDiscountKind     discount_kind,
                                                gint64             discount_value,
                                                gboolean           home_collection,
                                                LdCartPrice       *out_price);
void                 ld_cart_price_clear       (LdCartPrice       *price);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCart, ld_cart_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdCartPrice, ld_cart_price_clear)

G_END_DECLS

/* ld-desk-cart.h: the tests and panels being booked, priced as the server will
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-pricing.h"

G_BEGIN_DECLS

typedef struct _LdDeskCart LdDeskCart;

/* What the cart costs, priced by shared/model. */
typedef struct
{
  /* LdOrderItem per line, in the cart's order. */
  GPtrArray    *items;
  LdOrderMoney  money;
  /* Why the discount cannot be given (an English field message), or NULL. */
  const char   *discount_refusal;
} LdCartPrice;

LdDeskCart              *ld_desk_cart_new               (void);
void                 ld_desk_cart_free              (LdDeskCart            *cart);
void                 ld_desk_cart_load_catalog      (LdDeskCart            *cart,
                                                GHashTable        *tests,
                                                GHashTable        *panels);
void                 ld_desk_cart_load_settings     (LdDeskCart            *cart,
                                                JsonObject        *record);
const LdSettings    *ld_desk_cart_get_settings      (LdDeskCart            *cart);
gboolean             ld_desk_cart_get_has_settings  (LdDeskCart            *cart);
GPtrArray           *ld_desk_cart_search            (LdDeskCart            *cart,
                                                const char        *query,
                                                guint              limit);
char                *ld_desk_cart_add               (LdDeskCart            *cart,
                                                const char        *code);
gboolean             ld_desk_cart_contains          (LdDeskCart            *cart,
                                                const char        *code);
gboolean             ld_desk_cart_remove            (LdDeskCart            *cart,
                                                const char        *code);
guint                ld_desk_cart_get_n_items       (LdDeskCart            *cart);
guint                ld_desk_cart_get_n_catalog_items (LdDeskCart          *cart);
const char * const  *ld_desk_cart_get_codes         (LdDeskCart            *cart);
const char          *ld_desk_cart_lookup_name       (LdDeskCart            *cart,
                                                const char        *code);
void                 ld_desk_cart_price             (LdDeskCart            *cart,
                                                LdDiscountKind     discount_kind,
                                                gint64             discount_value,
                                                gboolean           home_collection,
                                                LdCartPrice       *out_price);
void                 ld_desk_cart_price_clear       (LdCartPrice       *price);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdDeskCart, ld_desk_cart_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdCartPrice, ld_desk_cart_price_clear)

G_END_DECLS

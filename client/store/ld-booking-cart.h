/* ld-booking-cart.h: the tests and panels being booked, priced as the server will
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-pricing.h"

G_BEGIN_DECLS

typedef struct _LdBookingCart LdBookingCart;

/* What the cart costs, priced by shared/model. */
typedef struct
{
  /* LdOrderItem per line, in the cart's order. */
  GPtrArray    *items;
  LdOrderMoney  money;
  /* Why the discount cannot be given (an English field message), or NULL. */
  const char   *discount_refusal;
} LdCartPrice;

LdBookingCart      *ld_booking_cart_new                 (void);
void                ld_booking_cart_free                (LdBookingCart  *cart);
void                ld_booking_cart_load_catalog        (LdBookingCart  *cart,
                                                         GHashTable     *tests,
                                                         GHashTable     *panels);
void                ld_booking_cart_load_settings       (LdBookingCart  *cart,
                                                         JsonObject     *record);
const LdSettings   *ld_booking_cart_get_settings        (LdBookingCart  *cart);
gboolean            ld_booking_cart_get_has_settings    (LdBookingCart  *cart);
GPtrArray          *ld_booking_cart_search              (LdBookingCart  *cart,
                                                         const char     *query,
                                                         guint           limit);
char               *ld_booking_cart_add                 (LdBookingCart  *cart,
                                                         const char     *code);
gboolean            ld_booking_cart_contains            (LdBookingCart  *cart,
                                                         const char     *code);
gboolean            ld_booking_cart_remove              (LdBookingCart  *cart,
                                                         const char     *code);
guint               ld_booking_cart_get_n_items         (LdBookingCart  *cart);
guint               ld_booking_cart_get_n_catalog_items (LdBookingCart  *cart);
const char * const *ld_booking_cart_get_codes           (LdBookingCart  *cart);
const char         *ld_booking_cart_lookup_name         (LdBookingCart  *cart,
                                                         const char     *code);
void                ld_booking_cart_price               (LdBookingCart  *cart,
                                                         LdDiscountKind  discount_kind,
                                                         gint64          discount_value,
                                                         gboolean        home_collection,
                                                         LdCartPrice    *out_price);
void                ld_booking_cart_price_clear         (LdCartPrice    *price);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdBookingCart, ld_booking_cart_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdCartPrice, ld_booking_cart_price_clear)

G_END_DECLS

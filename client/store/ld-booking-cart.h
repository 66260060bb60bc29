/* ld-booking-cart.h: the tests and panels being booked, priced as the server will
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-outbox.h"
#include "ld-session.h"
#include "ld-pricing.h"
#include "ld-states.h"

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

/* An order as the desk books it, for ld_booking_cart_dup_order_body ();
 * clear with ld_booking_form_clear (). */
typedef struct
{
  char           *id;
  char           *patient_id;
  /* Routine is not sent: it is the server's default. */
  LdPriority      priority;
  /* LD_DISCOUNT_NONE for no discount. */
  LdDiscountKind  discount_kind;
  gint64          discount_value;
  char           *discount_reason;
  /* A lab doctor chosen, else the name of a referring doctor typed. */
  char           *doctor_id;
  char           *referring_doctor_name;
  /* A home collection: where, and its slot (RFC 3339). */
  gboolean        home;
  char           *home_address;
  char           *slot_start;
  char           *slot_end;
} LdBookingForm;

LdBookingCart      *ld_booking_cart_new                 (void);
void                ld_booking_cart_free                (LdBookingCart  *cart);
void                ld_booking_cart_load_catalog        (LdBookingCart  *cart,
                                                         GHashTable     *tests,
                                                         GHashTable     *panels);
void                ld_booking_cart_set_settings        (LdBookingCart  *cart,
                                                         LdSettings     *settings);
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
JsonObject         *ld_booking_cart_dup_order_body      (LdBookingCart       *cart,
                                                         const LdBookingForm *form);
JsonObject         *ld_booking_cart_dup_prescription_body (LdBookingCart *cart,
                                                           const char    *id,
                                                           const char    *patient_id,
                                                           const char    *doctor_id,
                                                           const char    *visit_id,
                                                           LdPriority     priority,
                                                           const char    *clinical_notes);
void                ld_booking_form_clear               (LdBookingForm  *form);

void                ld_booking_cart_book_async          (LdBookingCart       *cart,
                                                         LdSession           *session,
                                                         LdOutboxEntry       *refused,
                                                         const LdBookingForm *form,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
void                ld_booking_cart_prescribe_async     (LdBookingCart       *cart,
                                                         LdSession           *session,
                                                         const char          *order_id,
                                                         const char          *patient_id,
                                                         const char          *doctor_id,
                                                         const char          *visit_id,
                                                         LdPriority           priority,
                                                         const char          *notes,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean            ld_booking_cart_book_finish         (LdSession           *session,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdBookingCart, ld_booking_cart_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdBookingForm, ld_booking_form_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdCartPrice, ld_booking_cart_price_clear)

G_END_DECLS

/* ld-booking-page-private.h: what the booking page's files share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is split by job, the Text Editor way: ld-booking-page.c loads
 * and books (the catalogue search and the cart's lines are
 * common/ld-cart-picker.c); ld-booking-totals.c reads the
 * discount and shows what the order costs; ld-booking-home.c books a
 * home collection; ld-booking-doctor.c names the referring doctor.
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ld-booking-doctor.h"
#include "ld-booking-page.h"
#include "common/ld-cart-picker.h"
#include "store/ld-booking-cart.h"
#include "store/ld-outbox.h"

G_BEGIN_DECLS

struct _LdBookingPage
{
  AdwBin           parent_instance;

  LdSession       *session;
  char            *patient_id;
  LdBookingCart   *cart;
  GCancellable    *cancellable;
  /* The cache had no settings yet when the page opened: read again after
   * each of its writes until the first sync brings them. */
  gboolean         settings_missing;
  LdCartPicker    *picker;
  /* Wire field → widget, for the server's field errors. */
  GHashTable      *fields;

  /* The order being booked: its client-made id, kept across a refusal so
   * that the fixed order takes the refused one's place. */
  char            *order_id;
  gboolean         waiting;
  LdOutboxEntry   *refused_entry;
  LdBookingDoctor *doctor;

  GtkLabel        *patient_label;
  GtkSearchEntry  *catalog_entry;
  GtkListBox      *catalog_list;
  GtkListBox      *cart_list;
  AdwComboRow     *discount_kind_row;
  AdwEntryRow     *discount_value_row;
  AdwEntryRow     *discount_reason_row;
  AdwComboRow     *priority_row;
  AdwEntryRow     *doctor_row;
  GtkListBox      *doctor_matches;
  GtkLabel        *doctor_kind_label;
  AdwExpanderRow  *home_row;
  AdwEntryRow     *address_row;
  AdwComboRow     *slot_day_row;
  AdwComboRow     *slot_time_row;
  GtkLabel        *totals_label;
  GtkLabel        *total_label;
  GtkLabel        *status_label;
};

/* ld-booking-page.c */
void      ld_booking_page_update          (LdBookingPage  *self);
void      ld_booking_page_set_status      (LdBookingPage  *self,
                                           const char     *text,
                                           gboolean        is_error);
char     *ld_booking_page_dup_entry_text  (AdwEntryRow    *row);

/* ld-booking-totals.c */
void      ld_booking_totals_update        (LdBookingPage  *self);
gboolean  ld_booking_totals_check         (LdBookingPage  *self);
void      ld_booking_totals_fill_form     (LdBookingPage  *self,
                                           LdBookingForm  *form);

/* ld-booking-home.c */
void      ld_booking_home_init            (LdBookingPage  *self);
void      ld_booking_home_update          (LdBookingPage  *self);
gboolean  ld_booking_home_check           (LdBookingPage  *self);
void      ld_booking_home_fill_form       (LdBookingPage  *self,
                                           LdBookingForm  *form);

G_END_DECLS

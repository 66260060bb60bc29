/* ld-booking-body.h: the body of a booking (POST /api/v1/orders), one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json.h"
#include "ld-order.h"
#include "ld-pricing.h"

G_BEGIN_DECLS

/* The longest clinical notes, discount reason and home address. */
#define LD_BOOKING_MAX_NOTES_CHARS   2000
#define LD_BOOKING_MAX_REASON_CHARS  500
#define LD_BOOKING_MAX_ADDRESS_CHARS 500

/**
 * LdBookingRequest:
 * @id: (nullable): the id the client chose, or %NULL for a new one
 * @patient_id: the patient
 * @codes: the tests and panels asked for
 * @doctor_id: (nullable): the ordering doctor the desk names
 * @discount_kind: the discount, if any
 * @discount_value: its amount in paise, or its percent
 * @discount_reason: (nullable): why it is given
 * @home_slot_start_us: for a home collection, the slot's start
 * @home_slot_end_us: for a home collection, the slot's end
 * @web: booked by the patient on the web pages
 *
 * What a booking asks for, as read from it, before the catalogue and the
 * money are looked at.
 */
typedef struct
{
  char           *id;
  char           *patient_id;
  GStrv           codes;
  char           *doctor_id;
  LdDiscountKind  discount_kind;
  gint64          discount_value;
  char           *discount_reason;
  gint64          home_slot_start_us;
  gint64          home_slot_end_us;
  /* Booked by the patient on the web pages (channel "web"); never read
   * from a body. */
  gboolean        web;
} LdBookingRequest;


void ld_booking_request_clear (LdBookingRequest       *request);
void ld_booking_body_read     (LdJsonReader           *reader,
                               LdOrder                *order,
                               LdBookingRequest       *request);
void ld_booking_body_write    (JsonBuilder            *builder,
                               const LdOrder          *order,
                               const LdBookingRequest *request);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdBookingRequest, ld_booking_request_clear)

G_END_DECLS

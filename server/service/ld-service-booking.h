/* ld-service-booking.h: booking an order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-order.h"
#include "ld-pricing.h"
#include "ld-service.h"

G_BEGIN_DECLS

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
  /* Booked by the patient on the web pages (channel "web"). */
  gboolean        web;
} LdBookingRequest;

void     ld_booking_request_clear (LdBookingRequest        *request);

LdOrder *ld_service_book_order (LdServiceContext       *ctx,
                                LdOrder                *order,
                                const LdBookingRequest *request,
                                GError                **error);

gboolean ld_service_quote_order (LdServiceContext       *ctx,
                                 LdOrder                *order,
                                 const LdBookingRequest *request,
                                 GError                **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdBookingRequest, ld_booking_request_clear)

G_END_DECLS

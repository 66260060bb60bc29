/* ld-booking-doctor.h: the booking page's referring doctor
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ld-session.h"
#include "store/ld-booking-cart.h"

G_BEGIN_DECLS

#define LD_TYPE_BOOKING_DOCTOR (ld_booking_doctor_get_type ())

G_DECLARE_FINAL_TYPE (LdBookingDoctor, ld_booking_doctor, LD, BOOKING_DOCTOR, GObject)

LdBookingDoctor *ld_booking_doctor_new            (LdSession        *session,
                                                   AdwEntryRow      *name_row,
                                                   GtkListBox       *matches_list,
                                                   GtkLabel         *kind_label);
const char      *ld_booking_doctor_get_doctor_id  (LdBookingDoctor  *self);
gboolean         ld_booking_doctor_check          (LdBookingDoctor  *self);
void             ld_booking_doctor_fill_form      (LdBookingDoctor  *self,
                                                   LdBookingForm    *form);

G_END_DECLS

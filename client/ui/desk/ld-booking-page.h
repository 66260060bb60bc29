/* ld-booking-page.h: the desk books tests for a patient
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_BOOKING_PAGE (ld_booking_page_get_type ())

G_DECLARE_FINAL_TYPE (LdBookingPage, ld_booking_page, LD, BOOKING_PAGE, AdwBin)

GtkWidget *ld_booking_page_new (LdSession  *session,
                                const char *patient_id);

G_END_DECLS

/* ld-service-booking.h: booking an order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-booking-body.h"
#include "ld-order.h"
#include "ld-pricing.h"
#include "ld-service.h"

G_BEGIN_DECLS

LdOrder *ld_service_book_order (LdServiceContext       *ctx,
                                LdOrder                *order,
                                const LdBookingRequest *request,
                                GError                **error);

gboolean ld_service_quote_order (LdServiceContext       *ctx,
                                 LdOrder                *order,
                                 const LdBookingRequest *request,
                                 GError                **error);

G_END_DECLS

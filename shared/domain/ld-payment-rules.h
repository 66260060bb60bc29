/* ld-payment-rules.h: what a payment attempt must be, and what it settles to
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-error.h"
#include "ld-order.h"

G_BEGIN_DECLS

gboolean ld_payment_check_attempt (const LdOrder  *order,
                                   const char     *method,
                                   gint64          amount_paise,
                                   gint64          tendered_paise,
                                   GError        **error);
gboolean ld_payment_check_collection (const LdOrder  *order,
                                      const char     *method,
                                      gint64          amount_paise,
                                      gint64          tendered_paise,
                                      GError        **error);
gboolean ld_payment_settle        (LdPayment      *payment,
                                   const LdOrder  *order,
                                   GError        **error);
gboolean ld_payment_settle_collection (LdPayment      *payment,
                                       const LdOrder  *order,
                                       GError        **error);
gboolean ld_payment_is_on_receipt (const char     *status,
                                   const char     *method);
gint64   ld_payment_refundable    (const LdOrder  *order);

G_END_DECLS

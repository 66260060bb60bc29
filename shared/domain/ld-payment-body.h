/* ld-payment-body.h: the bodies of a payment and a refund, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json.h"
#include "ld-order.h"

G_BEGIN_DECLS

/* The longest terminal or gateway reference, and reason, a desk may give. */
#define LD_PAYMENT_MAX_REFERENCE_CHARS 100
#define LD_PAYMENT_MAX_REASON_CHARS    500

void ld_payment_body_write (JsonBuilder     *builder,
                            const LdPayment *payment);
void ld_payment_body_read  (LdJsonReader    *reader,
                            LdPayment       *payment);
void ld_refund_body_write  (JsonBuilder     *builder,
                            const LdPayment *refund);
void ld_refund_body_read   (LdJsonReader    *reader,
                            LdPayment       *refund);

G_END_DECLS

/* ld-gateway-checkout.h: an online attempt for the patient's own page
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-gateway.h"
#include "../service/ld-service.h"

G_BEGIN_DECLS

/**
 * LdGatewayCheckout:
 * @payment_id: our attempt's id (the payment, pending)
 * @order_number: our order's number, for the page
 * @gateway_order_id: Checkout's order_id option
 * @key_id: Checkout's key option
 * @amount_paise: Checkout's amount option
 * @currency: Checkout's currency option ("INR")
 * @checkout_script_url: the script to load Checkout from
 *
 * What a page needs to open Checkout for an attempt.
 */
typedef struct
{
  char   *payment_id;
  char   *order_number;
  char   *gateway_order_id;
  char   *key_id;
  gint64  amount_paise;
  char   *currency;
  char   *checkout_script_url;
} LdGatewayCheckout;

void               ld_gateway_checkout_free         (LdGatewayCheckout    *checkout);

void               ld_gateway_checkout_start_async  (LdGateway            *gateway,
                                                     LdServiceContext     *ctx,
                                                     const char           *order_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
LdGatewayCheckout *ld_gateway_checkout_start_finish (GAsyncResult         *result,
                                                     GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdGatewayCheckout, ld_gateway_checkout_free)

G_END_DECLS

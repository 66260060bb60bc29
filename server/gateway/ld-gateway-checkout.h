/* ld-gateway-checkout.h: an online attempt for the patient's own page
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the page's handlers, on the server's thread:
 *
 * 1. Offer online payment only when ld_server_get_gateway() is not %NULL.
 * 2. Pay: pause the request, call ld_gateway_checkout_start_async() with
 *    the gateway, the request's service context (actor "patient (web)")
 *    and the order id; in the callback, ld_gateway_checkout_start_finish()
 *    gives what Checkout needs (script URL, key id, amount, currency,
 *    gateway order id), or an %LD_API_ERROR to show (503 `unavailable`:
 *    "try again or choose cash", nothing recorded; 409/410 as at the
 *    desk). Render Checkout with the page's own callback_url and
 *    redirect: true.
 * 3. Return: the callback receives razorpay_payment_id, razorpay_order_id
 *    and razorpay_signature (or error[…] fields on a failure, which record
 *    nothing: the webhook's payment.failed does). Call
 *    ld_service_money_confirm_checkout() (ld-service-money.h) with them:
 *    %TRUE, recorded now or already (a reload or the webhook came first),
 *    means paid; %LD_API_ERROR_FORBIDDEN is a tampered return (audited,
 *    nothing paid); %LD_API_ERROR_CONFLICT means the gateway already
 *    reported the attempt failed: offer to pay again or cash.
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

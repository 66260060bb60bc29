/* ld-gateway-checkout.c: an online attempt for the patient's own page
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The three steps of starting a payment, in the order that keeps the
 * writer free: check the order and its amount (a read), ask the gateway
 * for an order (a worker thread, up to 15 s), then record the attempt
 * with the gateway's order id (one change). The desk's POST
 * /api/v1/orders/{id}/payments does the same through its route's prepare
 * step (ld-api-payments.c); Checkout's return is confirmed by
 * ld_service_money_confirm_checkout().
 */

#define G_LOG_DOMAIN "ld-gateway"

#include "config.h"

#include "ld-gateway-checkout.h"
#include "ld-order.h"
#include "../service/ld-service-money.h"

void
ld_gateway_checkout_free (LdGatewayCheckout *checkout)
{
  if (checkout == NULL)
    return;

  g_free (checkout->payment_id);
  g_free (checkout->order_number);
  g_free (checkout->gateway_order_id);
  g_free (checkout->key_id);
  g_free (checkout->currency);
  g_free (checkout->checkout_script_url);
  g_free (checkout);
}

typedef struct
{
  LdGateway        *gateway;
  LdServiceContext *ctx;
  char             *order_id;
  char             *order_number;
} Start;

static void
start_free (Start *start)
{
  ld_gateway_unref (start->gateway);
  g_free (start->order_id);
  g_free (start->order_number);
  g_free (start);
}

/* Back on the caller's thread: the attempt is recorded in one change. */
static void
on_gateway_order_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Start *start = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdGatewayOrder) gateway_order = NULL;
  g_autoptr(LdPayment) payment = ld_payment_new ();
  g_autoptr(LdOrder) saved = NULL;
  LdGatewayCheckout *checkout;

  (void) source;
  gateway_order = ld_gateway_create_order_finish (start->gateway, result, &error);
  if (gateway_order == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  payment->method = g_strdup ("online");
  payment->amount_paise = -1;
  /* On PostgreSQL a change may be ended for a retry, as a request's is
   * (ld_http_request_run_retried()): up to three tries in all. */
  for (guint n = 1; saved == NULL && n <= 3; n++)
    {
      g_clear_error (&error);
      saved =
        ld_service_take_gateway_payment (start->ctx, start->order_id, payment, gateway_order->id,
                                         gateway_order->amount_paise, &error);
      if (!g_error_matches (error, LD_STORE_ERROR, LD_STORE_ERROR_RETRY))
        break;
    }
  if (saved == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  checkout = g_new0 (LdGatewayCheckout, 1);
  checkout->payment_id = g_strdup (payment->id);
  checkout->order_number = g_strdup (saved->number);
  checkout->gateway_order_id = g_strdup (gateway_order->id);
  checkout->key_id = g_strdup (ld_gateway_get_key_id (start->gateway));
  checkout->amount_paise = payment->amount_paise;
  checkout->currency = g_strdup ("INR");
  checkout->checkout_script_url = g_strdup (ld_gateway_get_checkout_script_url (start->gateway));
  g_task_return_pointer (task, checkout, (GDestroyNotify) ld_gateway_checkout_free);
}

/**
 * ld_gateway_checkout_start_async:
 * @gateway: the server's gateway (ld_server_get_gateway()); a page offers
 *   online payment only when there is one
 * @ctx: who pays (the patient's web session), on the server's thread; it
 *   must live until @callback (a paused request's context does)
 * @order_id: the order to pay, whole
 * @cancellable: (nullable): stops the gateway's request
 * @callback: called on the server's thread
 * @user_data: for @callback
 *
 * Starts an online payment: checks the order may take one (the desk's
 * rules: open, unpaid, not past its deadline, no other online attempt in
 * flight), creates the gateway's order for what is due, with the order
 * number as its receipt, and records the pending attempt with the
 * gateway's order id (`payment.create`). The page then loads
 * @checkout_script_url and opens Checkout with @key_id, @amount_paise,
 * @currency, @gateway_order_id and its own callback_url.
 *
 * Errors (%LD_API_ERROR): as POST /api/v1/orders/{id}/payments with
 * `online` (404, 409, 410), and 503 `unavailable` "The payment gateway
 * did not answer; try again or take cash." with nothing recorded.
 */
void
ld_gateway_checkout_start_async (LdGateway            *gateway,
                                 LdServiceContext     *ctx,
                                 const char           *order_id,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Start *start;
  gint64 amount_paise;

  g_return_if_fail (gateway != NULL && ctx != NULL && order_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_gateway_checkout_start_async);
  start = g_new0 (Start, 1);
  start->gateway = ld_gateway_ref (gateway);
  start->ctx = ctx;
  start->order_id = g_strdup (order_id);
  g_task_set_task_data (task, start, (GDestroyNotify) start_free);

  if (!ld_service_money_quote_online (ctx, order_id, -1, &amount_paise, &start->order_number,
                                      &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ld_gateway_create_order_async (gateway, amount_paise, start->order_number, cancellable,
                                 on_gateway_order_cb, g_steal_pointer (&task));
}

/**
 * ld_gateway_checkout_start_finish:
 * @result: the result given to the callback
 * @error: return location for an %LD_API_ERROR or %LD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): what the page needs for Checkout
 */
LdGatewayCheckout *
ld_gateway_checkout_start_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_gateway_checkout_start_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

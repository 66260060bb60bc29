/* ld-payment-rules.c: what a payment attempt must be, and what it settles to
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A payment is always for the whole amount due; cash must cover it and
 * gives the rest back as change; cash on collection is promised once, and
 * once promised the money is taken at the collection, by nothing else (a
 * card or UPI payment beside the promise would leave it pending on a paid
 * order). The
 * server settles every attempt here, the client's check asks the same
 * before it offers Take Payment, and a payment queued offline is shown
 * with what this settles it to.
 */

#define G_LOG_DOMAIN "ld-payment-rules"

#include "config.h"

#include "ld-payment-rules.h"
#include "ld-refuse.h"
#include "ld-states.h"

static gboolean
check_attempt (const LdOrder  *order,
               const char     *method,
               gint64          amount_paise,
               gint64          tendered_paise,
               gboolean        keeps_promise,
               GError        **error)
{
  gint64 due;
  LdPaymentMethod known;

  g_return_val_if_fail (order != NULL, FALSE);

  if (!keeps_promise &&
      ld_payment_state_parse (order->payment_state) == LD_PAYMENT_STATE_COD_PENDING)
    return ld_refuse (error, LD_API_ERROR_CONFLICT,
                      "Order %s is already to be paid in cash at collection.", order->number);

  due = ld_order_get_balance (order);
  if (amount_paise >= 0 && amount_paise != due)
    {
      g_autofree char *message =
        g_strdup_printf ("Order %s has %" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT
                         " to pay; a payment must be for exactly that.",
                         order->number, due / 100, due % 100);

      return ld_refuse_field (error, "amount_paise", "is not the amount due", message);
    }

  if (method == NULL || !ld_payment_method_from_string (method, &known))
    return TRUE;

  if (known == LD_PAYMENT_METHOD_CASH && tendered_paise < due)
    return ld_refuse_field (error, "tendered_paise", "is less than the amount due",
                            "The cash tendered is less than the amount due.");

  return TRUE;
}

/**
 * ld_payment_check_attempt:
 * @order: the order as last read
 * @method: (nullable): cash, card, upi, online or cod; %NULL when not
 *   chosen yet (only the amount is checked)
 * @amount_paise: the amount asked for, or -1 for whatever is due
 * @tendered_paise: the cash handed over, or -1 when none was given
 * @error: return location for an %LD_API_ERROR
 *
 * Checks an attempt against the order's money; whether the order may be
 * paid at all is ld_order_check_payable(). An order promised cash on
 * collection takes no other attempt (409): its money is taken at the
 * collection (ld_payment_check_collection()).
 *
 * Returns: %TRUE if the attempt may be taken
 */
gboolean
ld_payment_check_attempt (const LdOrder  *order,
                          const char     *method,
                          gint64          amount_paise,
                          gint64          tendered_paise,
                          GError        **error)
{
  return check_attempt (order, method, amount_paise, tendered_paise, FALSE, error);
}

/**
 * ld_payment_check_collection:
 * @order: the order as last read
 * @method: (nullable): as for ld_payment_check_attempt()
 * @amount_paise: as for ld_payment_check_attempt()
 * @tendered_paise: as for ld_payment_check_attempt()
 * @error: return location for an %LD_API_ERROR
 *
 * As ld_payment_check_attempt(), for the payment taken with a collection:
 * the one attempt that keeps a promise of cash on collection.
 *
 * Returns: %TRUE if the attempt may be taken
 */
gboolean
ld_payment_check_collection (const LdOrder  *order,
                             const char     *method,
                             gint64          amount_paise,
                             gint64          tendered_paise,
                             GError        **error)
{
  return check_attempt (order, method, amount_paise, tendered_paise, TRUE, error);
}

static gboolean
settle (LdPayment      *payment,
        const LdOrder  *order,
        gboolean        keeps_promise,
        GError        **error)
{
  gint64 due;
  LdPaymentMethod method;

  g_return_val_if_fail (payment != NULL && payment->method != NULL, FALSE);
  g_return_val_if_fail (order != NULL, FALSE);

  if (!check_attempt (order, payment->method, payment->amount_paise, payment->tendered_paise,
                      keeps_promise, error))
    return FALSE;

  due = ld_order_get_balance (order);
  payment->amount_paise = due;
  if (!ld_payment_method_from_string (payment->method, &method))
    g_return_val_if_reached (FALSE);

  if (method == LD_PAYMENT_METHOD_CASH)
    payment->change_paise = payment->tendered_paise - due;

  g_free (payment->status);
  if (method == LD_PAYMENT_METHOD_COD || method == LD_PAYMENT_METHOD_ONLINE)
    payment->status = g_strdup (ld_payment_status_to_string (LD_PAYMENT_STATUS_PENDING));
  else
    payment->status = g_strdup (ld_payment_status_to_string (LD_PAYMENT_STATUS_SUCCEEDED));

  return TRUE;
}

/**
 * ld_payment_settle:
 * @payment: a new attempt as the desk sent it (method, tender, reference;
 *   @amount_paise -1 for whatever is due)
 * @order: the order as read in the change that takes it
 * @error: return location for an %LD_API_ERROR
 *
 * Checks @payment (ld_payment_check_attempt()) and fills in what follows
 * from it: the amount due, the change from cash, and its status (cash,
 * card and UPI succeed at once; online waits for the gateway, cash on
 * collection for the collection).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_payment_settle (LdPayment      *payment,
                   const LdOrder  *order,
                   GError        **error)
{
  return settle (payment, order, FALSE, error);
}

/**
 * ld_payment_settle_collection:
 * @payment: the payment taken with a collection
 * @order: the order as read in the change that collects it
 * @error: return location for an %LD_API_ERROR
 *
 * As ld_payment_settle(), checked by ld_payment_check_collection().
 *
 * Returns: %TRUE on success
 */
gboolean
ld_payment_settle_collection (LdPayment      *payment,
                              const LdOrder  *order,
                              GError        **error)
{
  return settle (payment, order, TRUE, error);
}

/**
 * ld_payment_is_on_receipt:
 * @status: (nullable): a payment's or refund's status
 * @method: (nullable): its method
 *
 * A receipt lists, and its number counts, the payments and refunds that
 * went through; a cash-on-collection promise is not money.
 *
 * Returns: whether it is a line of the order's receipt
 */
gboolean
ld_payment_is_on_receipt (const char *status,
                          const char *method)
{
  return g_strcmp0 (status, "succeeded") == 0 && g_strcmp0 (method, "cod") != 0;
}

/**
 * ld_payment_refundable:
 * @order: an order as read now
 *
 * The refund limit: what was paid less what was already given back.
 * The server refuses a larger refund (ld_order_check_refund()) and the
 * desk's refund dialog offers no more.
 *
 * Returns: what may still be given back, in paise (never below zero)
 */
gint64
ld_payment_refundable (const LdOrder *order)
{
  g_return_val_if_fail (order != NULL, 0);

  return MAX (0, order->paid_paise - order->refunded_paise);
}

/* ld-service-money.c: taking money, refunds and online outcomes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every attempt is a new row; an order's payment state is derived from
 * them (see the order_money view). Each service reads the order inside
 * its transaction and checks it there, and writes are serialised, so
 * twenty desks paying one order at once record exactly one payment: the
 * others find nothing left to pay.
 */

#define G_LOG_DOMAIN "ld-service-money"

#include "config.h"

#include "ld-record-id.h"
#include "ld-service-money.h"
#include "ld-service-notify.h"
#include "ld-service-orders.h"
#include "ld-order-rules.h"
#include "ld-payment-rules.h"
#include "gateway/ld-gateway.h"
#include "notify/ld-notify-templates.h"
#include "../store/ld-store-orders.h"

/* A gateway order id as Razorpay's look: "order_" and 14 letters/digits. */
static char *
new_gateway_order_id (void)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  GString *id = g_string_new ("order_");

  for (guint i = 0; i < 14; i++)
    g_string_append_c (id, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);

  return g_string_free (id, FALSE);
}

/* The gateway's order for an online attempt, made before the change
 * (ld_gateway_create_order()); %NULL without a gateway. */
typedef struct
{
  const char *id;
  gint64      amount_paise;
} GatewayOrder;

/* Fills in what the server decides about a new attempt: the shared rule
 * settles it; an online one also gets the gateway's order id, or without
 * a gateway one made up here. */
static gboolean
settle_attempt (LdPayment           *payment,
                const LdOrder       *order,
                gboolean             at_collection,
                const GatewayOrder  *gateway_order,
                GError             **error)
{
  if (!(at_collection ? ld_payment_settle_collection (payment, order, error)
                      : ld_payment_settle (payment, order, error)))
    return FALSE;

  if (!g_str_equal (payment->method, "online"))
    return TRUE;

  g_free (payment->gateway_order_id);
  if (gateway_order == NULL)
    {
      payment->gateway_order_id = new_gateway_order_id ();
      return TRUE;
    }

  /* The gateway was asked outside this change: the order may have
   * changed meanwhile, and the patient must pay what is due now. */
  if (gateway_order->amount_paise != payment->amount_paise)
    {
      payment->gateway_order_id = NULL;
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "Order %s changed while the payment gateway was asked; start the payment "
                   "again.", order->number);
      return FALSE;
    }
  payment->gateway_order_id = g_strdup (gateway_order->id);
  return TRUE;
}

/* Stores a new attempt or refund; returns the order as it now is. */
static LdOrder *
store_attempt (LdServiceContext  *ctx,
               LdPayment         *payment,
               const char        *action,
               GError           **error)
{
  g_autoptr(GError) insert_error = NULL;
  g_autoptr(LdOrder) saved = NULL;
  g_autofree char *detail = NULL;

  if (payment->id == NULL)
    payment->id = ld_record_id_new ();
  payment->taken_by = g_strdup (ctx->actor ? ld_user_get_id (ctx->actor) : NULL);

  if (!ld_store_payments_insert (ctx->store, payment, &insert_error))
    {
      ld_service_error_taken (insert_error, "id", "A payment with this id already exists.", error);
      return NULL;
    }

  detail = g_strdup_printf ("%s %s %s %" G_GINT64_FORMAT " paise", payment->id, payment->method,
                            payment->status, payment->amount_paise);
  saved = ld_service_order_changed (ctx, payment->order_id, action, detail, error);
  if (saved == NULL || !ld_service_notify_payment_received (ctx, saved, payment, error))
    return NULL;
  return g_steal_pointer (&saved);
}

/**
 * ld_service_take_payment_for:
 * @ctx: who takes it, inside a running change (ld_service_run())
 * @order: the order as read in that change
 * @payment: the payment as the desk sent it (method, tender, reference)
 * @at_collection: whether it is taken with a collection, the one payment
 *   that keeps a promise of cash on collection (ld_payment_settle_collection())
 * @error: return location for a #GError
 *
 * Takes the amount due for @order; for a change that also does other
 * work, such as collecting an order and taking its cash at once. The
 * order was read, and its row locked, in that change: two servers taking
 * money for it at once take turns, and the second sees the first's.
 *
 * Returns: (transfer full) (nullable): the order as it now is
 */
static LdOrder *
take_payment_for (LdServiceContext    *ctx,
                  const LdOrder       *order,
                  LdPayment           *payment,
                  gboolean             at_collection,
                  const GatewayOrder  *gateway_order,
                  GError             **error)
{
  if (!ld_order_check_payable (order, ctx->now_us, error) ||
      !settle_attempt (payment, order, at_collection, gateway_order, error))
    return NULL;

  payment->order_id = g_strdup (order->id);
  payment->kind = g_strdup ("payment");
  return store_attempt (ctx, payment, "payment.create", error);
}

LdOrder *
ld_service_take_payment_for (LdServiceContext  *ctx,
                             const LdOrder     *order,
                             LdPayment         *payment,
                             gboolean           at_collection,
                             GError           **error)
{
  g_return_val_if_fail (ctx != NULL && order != NULL && payment != NULL, NULL);

  return take_payment_for (ctx, order, payment, at_collection, NULL, error);
}

typedef struct
{
  const char         *order_id;
  LdPayment          *payment;
  LdOrder            *saved;
  const GatewayOrder *gateway_order;
} OrderMoney;

static gboolean
take_payment (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  OrderMoney *take = data;
  g_autoptr(LdOrder) order = ld_store_orders_get (ctx->store, take->order_id, error);

  if (order == NULL)
    return FALSE;

  g_clear_pointer (&take->saved, ld_order_free);
  take->saved = take_payment_for (ctx, order, take->payment, FALSE, take->gateway_order, error);
  return take->saved != NULL;
}

static LdOrder *
run_order_money (LdServiceContext  *ctx,
                 LdServiceFunc      work,
                 OrderMoney        *money,
                 GError           **error)
{
  if (!ld_service_run (ctx, work, money, error))
    {
      g_clear_pointer (&money->saved, ld_order_free);
      return NULL;
    }

  return money->saved;
}

/**
 * ld_service_take_payment:
 * @ctx: who takes it
 * @order_id: the order
 * @payment: the payment as the desk sent it; the server's decisions
 *   (amount, status, change) are filled in
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the order as it now is
 */
LdOrder *
ld_service_take_payment (LdServiceContext  *ctx,
                         const char        *order_id,
                         LdPayment         *payment,
                         GError           **error)
{
  OrderMoney take = { order_id, payment, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && order_id != NULL && payment != NULL, NULL);

  return run_order_money (ctx, take_payment, &take, error);
}

/**
 * ld_service_money_quote_online:
 * @ctx: who takes it (not inside a change)
 * @order_id: the order
 * @amount_paise: the amount the desk asked for, or -1 for what is due
 * @out_amount_paise: (out): what the gateway's order must ask for
 * @out_number: (out) (transfer full): the order's number, the gateway's
 *   receipt
 * @error: return location for a #GError
 *
 * Checks, before asking the gateway, that an online attempt may be taken
 * for the order, and for how much. It reads outside any transaction, so
 * no writer waits on the gateway; ld_service_take_gateway_payment() checks
 * it all again in its change.
 *
 * Returns: %TRUE if the gateway may be asked
 */
gboolean
ld_service_money_quote_online (LdServiceContext  *ctx,
                               const char        *order_id,
                               gint64             amount_paise,
                               gint64            *out_amount_paise,
                               char             **out_number,
                               GError           **error)
{
  g_autoptr(LdOrder) order = NULL;

  g_return_val_if_fail (ctx != NULL && !ctx->running && order_id != NULL, FALSE);
  g_return_val_if_fail (out_amount_paise != NULL && out_number != NULL, FALSE);

  order = ld_store_orders_get (ctx->store, order_id, error);
  if (order == NULL || !ld_order_check_payable (order, ctx->now_us, error) ||
      !ld_payment_check_attempt (order, "online", amount_paise, -1, error))
    return FALSE;

  *out_amount_paise = ld_order_get_balance (order);
  *out_number = g_strdup (order->number);
  return TRUE;
}

/**
 * ld_service_take_gateway_payment:
 * @ctx: who takes it
 * @order_id: the order
 * @payment: an online payment (as for ld_service_take_payment())
 * @gateway_order_id: the order the gateway made for it
 * @gateway_amount_paise: the amount that order asks for
 * @error: return location for a #GError
 *
 * Records an online attempt whose gateway order was made before the
 * change (ld_gateway_create_order()). If what is due is no longer what
 * the gateway's order asks for, nothing is recorded (409).
 *
 * Returns: (transfer full) (nullable): the order as it now is
 */
LdOrder *
ld_service_take_gateway_payment (LdServiceContext  *ctx,
                                 const char        *order_id,
                                 LdPayment         *payment,
                                 const char        *gateway_order_id,
                                 gint64             gateway_amount_paise,
                                 GError           **error)
{
  GatewayOrder gateway_order = { gateway_order_id, gateway_amount_paise };
  OrderMoney take = { order_id, payment, NULL, &gateway_order };

  g_return_val_if_fail (ctx != NULL && order_id != NULL && payment != NULL, NULL);
  g_return_val_if_fail (g_strcmp0 (payment->method, "online") == 0, NULL);
  g_return_val_if_fail (gateway_order_id != NULL, NULL);

  return run_order_money (ctx, take_payment, &take, error);
}

static gboolean
refund (LdServiceContext  *ctx,
        gpointer           data,
        GError           **error)
{
  OrderMoney *money = data;
  LdPayment *refund = money->payment;
  g_autoptr(LdOrder) order = ld_store_orders_get (ctx->store, money->order_id, error);

  if (order == NULL || !ld_order_check_refund (order, refund->amount_paise, error))
    return FALSE;

  g_free (refund->order_id);
  refund->order_id = g_strdup (order->id);
  g_free (refund->kind);
  refund->kind = g_strdup ("refund");
  g_free (refund->status);
  refund->status = g_strdup ("succeeded");
  g_clear_pointer (&money->saved, ld_order_free);
  money->saved = store_attempt (ctx, refund, "payment.refund", error);
  return money->saved != NULL;
}

/**
 * ld_service_refund:
 * @ctx: who refunds
 * @order_id: the order
 * @refund: the refund as the desk sent it (method, amount, reason)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the order as it now is
 */
LdOrder *
ld_service_refund (LdServiceContext  *ctx,
                   const char        *order_id,
                   LdPayment         *refund_,
                   GError           **error)
{
  OrderMoney money = { order_id, refund_, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && order_id != NULL && refund_ != NULL, NULL);

  return run_order_money (ctx, refund, &money, error);
}

/* Records an online attempt's outcome once, whoever reports it first. */
static LdOrder *
decide_online (LdServiceContext  *ctx,
               LdPayment         *payment,
               const char        *decided_by,
               GError           **error)
{
  g_autofree char *detail = g_strdup_printf ("%s online %s", payment->id, payment->status);
  g_autoptr(LdOrder) saved = NULL;

  g_free (payment->decided_by);
  payment->decided_by = g_strdup (decided_by);
  if (!ld_store_payments_decide (ctx->store, payment, error))
    return NULL;

  saved = ld_service_order_changed (ctx, payment->order_id, "payment.decide", detail, error);
  if (saved != NULL && g_str_equal (payment->status, "failed"))
    {
      g_autoptr(JsonObject) facts = json_object_new ();
      g_autofree char *amount = ld_notify_format_amount (payment->amount_paise);

      json_object_set_string_member (facts, "amount", amount);
      json_object_set_string_member (facts, "reason",
                                     payment->failure_reason != NULL ? payment->failure_reason
                                                                     : "declined");
      if (!ld_service_notify (ctx, "payment-failed", saved, facts, error))
        return NULL;
    }
  if (saved != NULL && !ld_service_notify_payment_received (ctx, saved, payment, error))
    return NULL;
  return g_steal_pointer (&saved);
}

typedef struct
{
  const char *payment_id;
  gint64      version;
  const char *status;
  const char *reference;
  const char *failure_reason;
  LdPayment  *payment;
  LdOrder    *saved;
} DecidePayment;

static gboolean
decide_payment (LdServiceContext  *ctx,
                gpointer           data,
                GError           **error)
{
  DecidePayment *decide = data;
  g_autoptr(LdPayment) payment = ld_store_payments_get (ctx->store, decide->payment_id, error);

  if (payment == NULL)
    return FALSE;
  if (!g_str_equal (payment->method, "online") || !g_str_equal (payment->status, "pending"))
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "This payment is %s %s; only a pending online payment takes an outcome.",
                   payment->method, payment->status);
      return FALSE;
    }
  if (payment->version != decide->version)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                           "This payment has changed since you saw it.");
      return FALSE;
    }

  g_free (payment->status);
  payment->status = g_strdup (decide->status);
  g_free (payment->reference);
  payment->reference = g_strdup (decide->reference);
  g_free (payment->failure_reason);
  payment->failure_reason = g_strdup (decide->failure_reason);
  g_clear_pointer (&decide->saved, ld_order_free);
  decide->saved = decide_online (ctx, payment, ld_user_get_id (ctx->actor), error);
  if (decide->saved == NULL)
    return FALSE;

  g_clear_pointer (&decide->payment, ld_payment_free);
  decide->payment = g_steal_pointer (&payment);
  return TRUE;
}

/**
 * ld_service_decide_payment:
 * @ctx: the desk user who records it
 * @payment_id: a pending online payment
 * @version: the version the desk saw
 * @status: "succeeded" or "failed"
 * @reference: (nullable): the gateway's reference
 * @failure_reason: (nullable): why it failed
 * @out_payment: (out) (transfer full): the payment as recorded
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the order as it now is
 */
LdOrder *
ld_service_decide_payment (LdServiceContext  *ctx,
                           const char        *payment_id,
                           gint64             version,
                           const char        *status,
                           const char        *reference,
                           const char        *failure_reason,
                           LdPayment        **out_payment,
                           GError           **error)
{
  DecidePayment decide = { payment_id, version, status, reference, failure_reason, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && payment_id != NULL, NULL);
  g_return_val_if_fail (status != NULL && out_payment != NULL, NULL);

  if (!ld_service_run (ctx, decide_payment, &decide, error))
    {
      g_clear_pointer (&decide.payment, ld_payment_free);
      g_clear_pointer (&decide.saved, ld_order_free);
      return NULL;
    }

  *out_payment = decide.payment;
  return decide.saved;
}

typedef struct
{
  const char       *gateway_order_id;
  const char       *status;
  const char       *reference;
  const char       *failure_reason;
  gint64            captured_paise;
  /* Checkout's signed return names no amount: the gateway's order, made
   * for the attempt's amount, binds it. */
  gboolean          amount_bound;
  LdGatewayOutcome  outcome;
} GatewayOutcome;

static gboolean
gateway_outcome (LdServiceContext  *ctx,
                 gpointer           data,
                 GError           **error)
{
  GatewayOutcome *report = data;
  g_autoptr(LdPayment) payment = NULL;
  g_autoptr(LdOrder) saved = NULL;

  payment = ld_store_payments_find_gateway (ctx->store, report->gateway_order_id, error);
  if (payment == NULL)
    return FALSE;

  /* Gateways deliver at least once: a repeat of what is recorded is fine. */
  if (g_str_equal (payment->status, report->status))
    {
      report->outcome = LD_GATEWAY_OUTCOME_ALREADY_RECORDED;
      return TRUE;
    }
  if (!g_str_equal (payment->status, "pending"))
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "This payment was already recorded as %s.", payment->status);
      return FALSE;
    }
  if (g_str_equal (report->status, "succeeded") && !report->amount_bound &&
      report->captured_paise != payment->amount_paise)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                           "The captured amount is not the amount asked for.");
      return FALSE;
    }

  g_free (payment->status);
  payment->status = g_strdup (report->status);
  g_free (payment->reference);
  payment->reference = g_strdup (report->reference);
  if (g_str_equal (report->status, "failed"))
    {
      g_free (payment->failure_reason);
      payment->failure_reason = g_strdup (
        report->failure_reason ? report->failure_reason : "declined by the payment gateway");
    }
  saved = decide_online (ctx, payment, "gateway", error);
  report->outcome = LD_GATEWAY_OUTCOME_RECORDED;
  return saved != NULL;
}

/**
 * ld_service_gateway_outcome:
 * @ctx: the payment gateway (no user; its actor name is "payment-gateway")
 * @gateway_order_id: the gateway's order id for the attempt
 * @status: "succeeded" or "failed"
 * @reference: (nullable): the gateway's payment id
 * @failure_reason: (nullable): the gateway's description of a failure
 * @captured_paise: the amount the gateway says it captured; -1 when it
 *   did not say
 * @out_outcome: (out): recorded now, or already before
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_gateway_outcome (LdServiceContext  *ctx,
                            const char        *gateway_order_id,
                            const char        *status,
                            const char        *reference,
                            const char        *failure_reason,
                            gint64             captured_paise,
                            LdGatewayOutcome  *out_outcome,
                            GError           **error)
{
  GatewayOutcome report = {
    gateway_order_id,           status, reference, failure_reason, captured_paise, FALSE,
    LD_GATEWAY_OUTCOME_RECORDED
  };

  g_return_val_if_fail (ctx != NULL && gateway_order_id != NULL && status != NULL, FALSE);
  g_return_val_if_fail (out_outcome != NULL, FALSE);

  if (!ld_service_run (ctx, gateway_outcome, &report, error))
    return FALSE;

  *out_outcome = report.outcome;
  return TRUE;
}

typedef struct
{
  const char *gateway_order_id;
} CheckoutRefusal;

/* The refusal is audited in a change of its own: nothing else is written. */
static gboolean
audit_checkout_refusal (LdServiceContext  *ctx,
                        gpointer           data,
                        GError           **error)
{
  CheckoutRefusal *refusal = data;
  g_autoptr(LdPayment) payment = NULL;
  g_autofree char *detail = NULL;

  payment = ld_store_payments_find_gateway (ctx->store, refusal->gateway_order_id, NULL);
  detail = g_strdup_printf ("%s online checkout signature wrong",
                            payment != NULL ? payment->id : "unknown gateway order");
  return ld_service_audit (ctx, "payment.checkout-refused", "order",
                           payment != NULL ? payment->order_id : NULL, detail, error);
}

/**
 * ld_service_money_confirm_checkout:
 * @ctx: who returns from Checkout (the patient's web page; audited as
 *   its actor)
 * @gateway: the gateway, whose key secret signs Checkout's return
 * @gateway_order_id: razorpay_order_id as Checkout posted it
 * @payment_id: razorpay_payment_id
 * @signature: razorpay_signature
 * @out_outcome: (out): recorded now, or already before
 * @error: return location for a #GError
 *
 * Succeeds the pending online attempt for @gateway_order_id once
 * Checkout's signature (ld_gateway_checkout_signature_is_valid()) holds,
 * as the webhook's payment.captured would: the same change, audited as
 * `payment.decide`, decided by "gateway", @payment_id as its reference.
 * A replay, or the webhook's payment.captured afterwards, finds it
 * recorded and changes nothing (%LD_GATEWAY_OUTCOME_ALREADY_RECORDED).
 * A payment.failed webhook afterwards (an earlier try at the same order
 * that failed, reported late) is refused with 409 by the webhook's rules:
 * an attempt decided once is not decided again, and the payment stays
 * succeeded. If the webhook's payment.failed came first, this is refused
 * (409) and the attempt stays failed; the patient then pays again or
 * chooses cash.
 *
 * A wrong signature records nothing but an audit event
 * (`payment.checkout-refused`), and fails with 403 `forbidden`. An
 * unknown @gateway_order_id is 404.
 *
 * Returns: %TRUE when the attempt is (now or already) succeeded
 */
gboolean
ld_service_money_confirm_checkout (LdServiceContext  *ctx,
                                   LdGateway         *gateway,
                                   const char        *gateway_order_id,
                                   const char        *payment_id,
                                   const char        *signature,
                                   LdGatewayOutcome  *out_outcome,
                                   GError           **error)
{
  GatewayOutcome report = { gateway_order_id, "succeeded", payment_id, NULL, -1, TRUE,
                            LD_GATEWAY_OUTCOME_RECORDED };

  g_return_val_if_fail (ctx != NULL && gateway != NULL && out_outcome != NULL, FALSE);
  g_return_val_if_fail (ctx->actor != NULL || ctx->actor_name != NULL, FALSE);

  if (gateway_order_id == NULL || payment_id == NULL ||
      !ld_gateway_checkout_signature_is_valid (gateway, gateway_order_id, payment_id, signature))
    {
      CheckoutRefusal refusal = { gateway_order_id != NULL ? gateway_order_id : "" };

      if (!ld_service_run (ctx, audit_checkout_refusal, &refusal, error))
        return FALSE;
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN,
                           "The payment's signature does not match; nothing was paid.");
      return FALSE;
    }

  if (!ld_service_run (ctx, gateway_outcome, &report, error))
    return FALSE;

  *out_outcome = report.outcome;
  return TRUE;
}

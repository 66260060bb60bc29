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

#include "ld-service-money.h"
#include "ld-service-notify.h"
#include "ld-service-orders.h"
#include "ld-order-rules.h"
#include "ld-payment-rules.h"
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

/* Fills in what the server decides about a new attempt: the shared rule
 * settles it; an online one also gets the gateway's order id. */
static gboolean
settle_attempt (LdPayment      *payment,
                const LdOrder  *order,
                gboolean        at_collection,
                GError        **error)
{
  if (!(at_collection ? ld_payment_settle_collection (payment, order, error)
                      : ld_payment_settle (payment, order, error)))
    return FALSE;

  if (g_str_equal (payment->method, "online"))
    payment->gateway_order_id = new_gateway_order_id ();

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
    payment->id = g_uuid_string_random ();
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
LdOrder *
ld_service_take_payment_for (LdServiceContext  *ctx,
                             const LdOrder     *order,
                             LdPayment         *payment,
                             gboolean           at_collection,
                             GError           **error)
{
  g_return_val_if_fail (ctx != NULL && order != NULL && payment != NULL, NULL);

  if (!ld_order_check_payable (order, ctx->now_us, error) ||
      !settle_attempt (payment, order, at_collection, error))
    return NULL;

  payment->order_id = g_strdup (order->id);
  payment->kind = g_strdup ("payment");
  return store_attempt (ctx, payment, "payment.create", error);
}

typedef struct
{
  const char *order_id;
  LdPayment  *payment;
  LdOrder    *saved;
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
  take->saved = ld_service_take_payment_for (ctx, order, take->payment, FALSE, error);
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
  OrderMoney take = { order_id, payment, NULL };

  g_return_val_if_fail (ctx != NULL && order_id != NULL && payment != NULL, NULL);

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
  OrderMoney money = { order_id, refund_, NULL };

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
  if (g_str_equal (report->status, "succeeded") && report->captured_paise != payment->amount_paise)
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
      payment->failure_reason = g_strdup (report->failure_reason ? report->failure_reason
                                                                 : "declined by the payment gateway");
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
  GatewayOutcome report = { gateway_order_id, status, reference, failure_reason, captured_paise,
                            LD_GATEWAY_OUTCOME_RECORDED };

  g_return_val_if_fail (ctx != NULL && gateway_order_id != NULL && status != NULL, FALSE);
  g_return_val_if_fail (out_outcome != NULL, FALSE);

  if (!ld_service_run (ctx, gateway_outcome, &report, error))
    return FALSE;

  *out_outcome = report.outcome;
  return TRUE;
}

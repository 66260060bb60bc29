/* ld-order-rules.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each check answers the error the desk sees, naming the order's state,
 * so an impossible step is refused with a reason and never half done.
 */

#define G_LOG_DOMAIN "ld-order-rules"

#include "config.h"

#include "ld-lab-state.h"
#include "ld-order-rules.h"
#include "ld-desk-day.h"
#include "ld-payment-rules.h"
#include "ld-refuse.h"
#include "ld-states.h"

/**
 * ld_order_start_of_day:
 * @unix_us: a time
 * @days_later: 0 for the day of @unix_us, 1 for the next, …
 * @zone: the lab's time zone
 *
 * Returns: the local midnight that starts that day, in microseconds
 */
gint64
ld_order_start_of_day (gint64     unix_us,
                       int        days_later,
                       GTimeZone *zone)
{
  /* The desk's lists decide "today" offline by the same rule. */
  return ld_desk_start_of_day (unix_us, days_later, zone);
}

/**
 * ld_order_check_home_slot:
 * @start_us: the slot's start
 * @end_us: its end
 * @now_us: now
 * @zone: the lab's time zone, which decides where tomorrow begins
 *
 * A home visit is booked from tomorrow on (today's rounds are already
 * planned), for a window of at most a few hours, within three months.
 *
 * Returns: (nullable): what is wrong with the slot, or %NULL
 */
const char *
ld_order_check_home_slot (gint64     start_us,
                          gint64     end_us,
                          gint64     now_us,
                          GTimeZone *zone)
{
  if (start_us < ld_order_start_of_day (now_us, 1, zone))
    return "must start tomorrow or later";
  if (start_us >= ld_order_start_of_day (now_us, LD_HOME_SLOT_MAX_DAYS_AHEAD, zone))
    return "must start within 90 days";
  if (end_us <= start_us)
    return "must end after it starts";
  if (end_us - start_us > LD_HOME_SLOT_MAX_HOURS * G_TIME_SPAN_HOUR)
    return "must be at most 4 hours long";

  return NULL;
}

/**
 * ld_order_is_past_deadline:
 * @order: an order as read now
 * @now_us: now
 *
 * An order waiting for money (nothing paid, no cash-on-collection promise,
 * no online payment in flight) has expired once its deadline is reached,
 * whether or not the expiry sweep, which runs every minute and looks for
 * the same orders (ld_store_orders_due_to_expire()), has moved it yet.
 *
 * Returns: %TRUE if @order has expired by @now_us but still says ordered
 */
gboolean
ld_order_is_past_deadline (const LdOrder *order,
                           gint64         now_us)
{
  return order->expires_us > 0 && !order->online_pending && order->expires_us <= now_us;
}

/**
 * ld_order_check_payable:
 * @order: an order as read now
 * @now_us: now, to compare with the order's deadline
 * @error: return location for an %LD_API_ERROR
 *
 * An order can take a payment while it is open and not past its deadline,
 * something is still due, and no online payment is in flight (its outcome
 * must be recorded first, or the patient could pay twice).
 *
 * Returns: %TRUE if it can
 */
gboolean
ld_order_check_payable (const LdOrder  *order,
                        gint64          now_us,
                        GError        **error)
{
  LdLabState lab_state = ld_lab_state_parse (order->lab_state);

  if (lab_state == LD_LAB_STATE_EXPIRED)
    return ld_refuse (error, LD_API_ERROR_GONE,
                      "Order %s expired unpaid on %s; make a new order.",
                      order->number, order->updated_at);
  if (ld_order_is_past_deadline (order, now_us))
    return ld_refuse (error, LD_API_ERROR_GONE,
                      "Order %s expired unpaid on %s; make a new order.",
                      order->number, order->expires_at);
  if (lab_state == LD_LAB_STATE_CANCELLED)
    return ld_refuse (error, LD_API_ERROR_CONFLICT, "Order %s is cancelled.", order->number);
  if (ld_order_get_balance (order) == 0)
    return ld_refuse (error, LD_API_ERROR_CONFLICT, "Order %s is already paid.", order->number);
  if (order->online_pending)
    return ld_refuse (error, LD_API_ERROR_CONFLICT,
                      "An online payment for order %s is still in progress; "
                      "record its outcome first.",
                      order->number);

  return TRUE;
}

/**
 * ld_order_check_cancel:
 * @order: an order as read now
 * @error: return location for an %LD_API_ERROR
 *
 * Only an order not yet collected can be cancelled, and only with no
 * money held for it (refund first) and no online payment in flight. Once
 * collected, the lab cancels the tests it cannot do, and the order follows
 * its tests (see ld_lab_state_for_results()).
 *
 * Returns: %TRUE if it can
 */
gboolean
ld_order_check_cancel (const LdOrder  *order,
                       GError        **error)
{
  if (ld_order_is_open (order) && ld_lab_state_parse (order->lab_state) != LD_LAB_STATE_ORDERED)
    return ld_refuse (error, LD_API_ERROR_CONFLICT,
                      "Order %s is %s; it cannot become cancelled at the desk: "
                      "the lab cancels its tests.",
                      order->number, ld_lab_state_describe (order->lab_state));
  if (!ld_lab_state_check_move (order, ld_lab_state_wire (LD_LAB_STATE_CANCELLED), error))
    return FALSE;
  if (ld_payment_refundable (order) > 0)
    return ld_refuse (error, LD_API_ERROR_CONFLICT,
                      "Order %s holds a payment; refund it before cancelling.", order->number);
  if (order->online_pending)
    return ld_refuse (error, LD_API_ERROR_CONFLICT,
                      "An online payment for order %s is still in progress; "
                      "record its outcome first.",
                      order->number);

  return TRUE;
}

/**
 * ld_order_check_refund:
 * @order: an order as read now
 * @amount_paise: the refund asked for
 * @error: return location for an %LD_API_ERROR
 *
 * Returns: %TRUE if at least @amount_paise is held for the order
 */
gboolean
ld_order_check_refund (const LdOrder  *order,
                       gint64          amount_paise,
                       GError        **error)
{
  gint64 held = ld_payment_refundable (order);

  if (amount_paise > held)
    {
      GError *local = g_error_new (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                   "Order %s holds %" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT
                                   "; a refund cannot be larger.",
                                   order->number, held / 100, held % 100);
      ld_api_error_set_field (local, "amount_paise", "is more than was paid");
      g_propagate_error (error, local);
      return FALSE;
    }

  return TRUE;
}

/* ld-order-view.c: one order as a typed, bindable item
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The screens read an order through this item, not through the JSON the
 * cache keeps (issue 30): it holds the shared record (LdOrder, read by
 * ld_command_read_order(), the reader the shared checks use too) in its
 * base (ld-record-view.c, which notifies what a fresh copy changed) and
 * shows what a page binds to as read-only properties. What has no
 * property (the lines, the payments) is read from
 * ld_order_view_get_order() on "refreshed". No GTK here;
 * ld-order-follow.c keeps one up to date.
 */

#define G_LOG_DOMAIN "ld-order-view"

#include "config.h"

#include "ld-order-view.h"

struct _LdOrderView
{
  LdRecordView parent_instance;
};

G_DEFINE_FINAL_TYPE (LdOrderView, ld_order_view, LD_TYPE_RECORD_VIEW)

/* The order, or an empty one while none is loaded, so that each getter
 * reads its member without a test of its own. */
static const LdOrder *
order_of (LdOrderView *self)
{
  static const LdOrder empty;
  const LdOrder *order;

  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), &empty);

  order = ld_record_view_get_record (LD_RECORD_VIEW (self));
  return order ? order : &empty;
}

static void
ld_order_view_class_init (LdOrderViewClass *klass)
{
  LdRecordViewClass *view_class = LD_RECORD_VIEW_CLASS (klass);

  view_class->free_record = (GDestroyNotify) ld_order_free;

#define ADD_STRING(name, get) \
  ld_record_view_class_add_string (view_class, name, (LdRecordViewStringFunc) get)
#define ADD_BOOLEAN(name, get) \
  ld_record_view_class_add_boolean (view_class, name, (LdRecordViewBooleanFunc) get)
#define ADD_PAISE(name, get) \
  ld_record_view_class_add_int64 (view_class, name, -1, (LdRecordViewInt64Func) get)
  ADD_STRING ("id", ld_order_view_get_id);
  ADD_STRING ("number", ld_order_view_get_number);
  ADD_BOOLEAN ("sent", ld_order_view_get_sent);
  ADD_STRING ("patient-name", ld_order_view_get_patient_name);
  ADD_STRING ("patient-mrn", ld_order_view_get_patient_mrn);
  ADD_STRING ("priority", ld_order_view_get_priority);
  ADD_STRING ("payment-state", ld_order_view_get_payment_state);
  ADD_STRING ("lab-state", ld_order_view_get_lab_state);
  ADD_STRING ("cancel-reason", ld_order_view_get_cancel_reason);
  ADD_STRING ("channel", ld_order_view_get_channel);
  ADD_BOOLEAN ("priced", ld_order_view_get_priced);
  ADD_PAISE ("total-paise", ld_order_view_get_total_paise);
  ADD_PAISE ("paid-paise", ld_order_view_get_paid_paise);
  ADD_PAISE ("refunded-paise", ld_order_view_get_refunded_paise);
  ADD_PAISE ("balance-paise", ld_order_view_get_balance_paise);
  ADD_BOOLEAN ("online-pending", ld_order_view_get_online_pending);
  ld_record_view_class_add_int64 (view_class, "version", 0,
                                  (LdRecordViewInt64Func) ld_order_view_get_version);
#undef ADD_STRING
#undef ADD_BOOLEAN
#undef ADD_PAISE
}

static void
ld_order_view_init (LdOrderView *self)
{
}

/**
 * ld_order_view_new:
 *
 * Returns: (transfer full): an item with no order loaded yet
 */
LdOrderView *
ld_order_view_new (void)
{
  return g_object_new (LD_TYPE_ORDER_VIEW, NULL);
}

/**
 * ld_order_view_set_order:
 * @self: an order item
 * @order: (transfer full): a fresh copy of the order, as
 *   ld_command_read_order() reads it
 *
 * Holds @order from now on, notifies each property whose value changed,
 * then emits "refreshed".
 */
void
ld_order_view_set_order (LdOrderView *self,
                         LdOrder     *order)
{
  g_return_if_fail (LD_IS_ORDER_VIEW (self));

  ld_record_view_take_record (LD_RECORD_VIEW (self), order);
}

/* See ld_record_view_set_pending(). */
void
ld_order_view_set_pending (LdOrderView *self,
                           const char  *pending)
{
  ld_record_view_set_pending (LD_RECORD_VIEW (self), pending);
}

/**
 * ld_order_view_get_order:
 * @self: an order item
 *
 * The whole record, for what has no property: lines, tests, payments,
 * discount, home visit. A fresh copy replaces it: do not keep it past
 * the next "refreshed".
 *
 * Returns: (transfer none) (nullable): the order, %NULL until loaded
 */
const LdOrder *
ld_order_view_get_order (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), NULL);

  return ld_record_view_get_record (LD_RECORD_VIEW (self));
}

gboolean
ld_order_view_get_loaded (LdOrderView *self)
{
  return ld_record_view_get_loaded (LD_RECORD_VIEW (self));
}

/* Returns: (nullable): see ld_record_view_set_pending() */
const char *
ld_order_view_get_pending (LdOrderView *self)
{
  return ld_record_view_get_pending (LD_RECORD_VIEW (self));
}

const char *
ld_order_view_get_id (LdOrderView *self)
{
  return order_of (self)->id;
}

/* Returns: (nullable): the number; %NULL while the order was made here
 * and is not yet on the server */
const char *
ld_order_view_get_number (LdOrderView *self)
{
  return order_of (self)->number;
}

/* Whether the server has the order (it gave it its number). */
gboolean
ld_order_view_get_sent (LdOrderView *self)
{
  return ld_order_view_get_number (self) != NULL;
}

const char *
ld_order_view_get_patient_name (LdOrderView *self)
{
  return order_of (self)->patient_name;
}

const char *
ld_order_view_get_patient_mrn (LdOrderView *self)
{
  return order_of (self)->patient_mrn;
}

const char *
ld_order_view_get_priority (LdOrderView *self)
{
  return order_of (self)->priority;
}

const char *
ld_order_view_get_payment_state (LdOrderView *self)
{
  return order_of (self)->payment_state;
}

const char *
ld_order_view_get_lab_state (LdOrderView *self)
{
  return order_of (self)->lab_state;
}

const char *
ld_order_view_get_cancel_reason (LdOrderView *self)
{
  return order_of (self)->cancel_reason;
}

/* Returns: (nullable): where the order was booked: "desk" (the desk or a
 * doctor), "web" (the patient, on the patient pages); %NULL while the
 * order was made here and not yet sent */
const char *
ld_order_view_get_channel (LdOrderView *self)
{
  return order_of (self)->channel;
}

/* Whether its amounts are known: an order made here offline is priced
 * by the server once sent. */
gboolean
ld_order_view_get_priced (LdOrderView *self)
{
  return order_of (self)->priced;
}

/* Returns: the total, or -1 while not known */
gint64
ld_order_view_get_total_paise (LdOrderView *self)
{
  return ld_order_view_get_priced (self) ? order_of (self)->total_paise : -1;
}

/* Returns: what was paid, or -1 until loaded */
gint64
ld_order_view_get_paid_paise (LdOrderView *self)
{
  return ld_order_view_get_loaded (self) ? order_of (self)->paid_paise : -1;
}

/* Returns: what was given back, or -1 until loaded */
gint64
ld_order_view_get_refunded_paise (LdOrderView *self)
{
  return ld_order_view_get_loaded (self) ? order_of (self)->refunded_paise : -1;
}

/* Returns: what is still to be paid (ld_order_get_balance()), or -1
 * while not known */
gint64
ld_order_view_get_balance_paise (LdOrderView *self)
{
  return ld_order_view_get_priced (self) ? ld_order_get_balance (order_of (self)) : -1;
}

gboolean
ld_order_view_get_online_pending (LdOrderView *self)
{
  return order_of (self)->online_pending;
}

gint64
ld_order_view_get_version (LdOrderView *self)
{
  return order_of (self)->version;
}

/* ld-order-view.c: one order as a typed, bindable item
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The screens read an order through this item, not through the JSON the
 * cache keeps (issue 30): it owns the shared record (LdOrder, read by
 * ld_command_read_order(), the reader the shared checks use too) and
 * shows what a page binds to as read-only properties. A fresh copy
 * (ld_order_view_set_order()) notifies only the properties whose value
 * changed, then emits "refreshed" for what has no property (the lines,
 * the payments). No GTK here; ld-order-follow.c keeps one up to date.
 */

#define G_LOG_DOMAIN "ld-order-view"

#include "config.h"

#include "ld-order-view.h"

#include "ld-item-notify.h"

struct _LdOrderView
{
  GObject  parent_instance;

  LdOrder *order;
  char    *pending;
};

G_DEFINE_FINAL_TYPE (LdOrderView, ld_order_view, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADED,
  PROP_ID,
  PROP_NUMBER,
  PROP_SENT,
  PROP_PATIENT_NAME,
  PROP_PATIENT_MRN,
  PROP_PRIORITY,
  PROP_PAYMENT_STATE,
  PROP_LAB_STATE,
  PROP_CANCEL_REASON,
  PROP_CHANNEL,
  PROP_PRICED,
  PROP_TOTAL_PAISE,
  PROP_PAID_PAISE,
  PROP_REFUNDED_PAISE,
  PROP_BALANCE_PAISE,
  PROP_ONLINE_PENDING,
  PROP_PENDING,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum
{
  REFRESHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
ld_order_view_finalize (GObject *object)
{
  LdOrderView *self = (LdOrderView *) object;

  g_clear_pointer (&self->order, ld_order_free);
  g_clear_pointer (&self->pending, g_free);

  G_OBJECT_CLASS (ld_order_view_parent_class)->finalize (object);
}

static void
ld_order_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdOrderView *self = LD_ORDER_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, ld_order_view_get_loaded (self));
      break;

    case PROP_ID:
      g_value_set_string (value, ld_order_view_get_id (self));
      break;

    case PROP_NUMBER:
      g_value_set_string (value, ld_order_view_get_number (self));
      break;

    case PROP_SENT:
      g_value_set_boolean (value, ld_order_view_get_sent (self));
      break;

    case PROP_PATIENT_NAME:
      g_value_set_string (value, ld_order_view_get_patient_name (self));
      break;

    case PROP_PATIENT_MRN:
      g_value_set_string (value, ld_order_view_get_patient_mrn (self));
      break;

    case PROP_PRIORITY:
      g_value_set_string (value, ld_order_view_get_priority (self));
      break;

    case PROP_PAYMENT_STATE:
      g_value_set_string (value, ld_order_view_get_payment_state (self));
      break;

    case PROP_LAB_STATE:
      g_value_set_string (value, ld_order_view_get_lab_state (self));
      break;

    case PROP_CANCEL_REASON:
      g_value_set_string (value, ld_order_view_get_cancel_reason (self));
      break;

    case PROP_CHANNEL:
      g_value_set_string (value, ld_order_view_get_channel (self));
      break;

    case PROP_PRICED:
      g_value_set_boolean (value, ld_order_view_get_priced (self));
      break;

    case PROP_TOTAL_PAISE:
      g_value_set_int64 (value, ld_order_view_get_total_paise (self));
      break;

    case PROP_PAID_PAISE:
      g_value_set_int64 (value, ld_order_view_get_paid_paise (self));
      break;

    case PROP_REFUNDED_PAISE:
      g_value_set_int64 (value, ld_order_view_get_refunded_paise (self));
      break;

    case PROP_BALANCE_PAISE:
      g_value_set_int64 (value, ld_order_view_get_balance_paise (self));
      break;

    case PROP_ONLINE_PENDING:
      g_value_set_boolean (value, ld_order_view_get_online_pending (self));
      break;

    case PROP_PENDING:
      g_value_set_string (value, ld_order_view_get_pending (self));
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, ld_order_view_get_version (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
boolean_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                G_PARAM_STATIC_STRINGS));
}

/* Amounts in paise; -1 while not known (not loaded, or not priced). */
static GParamSpec *
paise_property (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, -1, G_MAXINT64, -1,
                             (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS));
}

static void
ld_order_view_class_init (LdOrderViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_order_view_finalize;
  object_class->get_property = ld_order_view_get_property;

  properties [PROP_LOADED] = boolean_property ("loaded");
  properties [PROP_ID] = string_property ("id");
  properties [PROP_NUMBER] = string_property ("number");
  properties [PROP_SENT] = boolean_property ("sent");
  properties [PROP_PATIENT_NAME] = string_property ("patient-name");
  properties [PROP_PATIENT_MRN] = string_property ("patient-mrn");
  properties [PROP_PRIORITY] = string_property ("priority");
  properties [PROP_PAYMENT_STATE] = string_property ("payment-state");
  properties [PROP_LAB_STATE] = string_property ("lab-state");
  properties [PROP_CANCEL_REASON] = string_property ("cancel-reason");
  properties [PROP_CHANNEL] = string_property ("channel");
  properties [PROP_PRICED] = boolean_property ("priced");
  properties [PROP_TOTAL_PAISE] = paise_property ("total-paise");
  properties [PROP_PAID_PAISE] = paise_property ("paid-paise");
  properties [PROP_REFUNDED_PAISE] = paise_property ("refunded-paise");
  properties [PROP_BALANCE_PAISE] = paise_property ("balance-paise");
  properties [PROP_ONLINE_PENDING] = boolean_property ("online-pending");
  properties [PROP_PENDING] = string_property ("pending");
  properties [PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdOrderView::refreshed:
   *
   * A fresh copy of the order arrived; its properties that changed were
   * notified first. What has no property (lines, payments) is read again
   * from ld_order_view_get_order() here.
   */
  signals [REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
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
  GValue *before;

  g_return_if_fail (LD_IS_ORDER_VIEW (self));
  g_return_if_fail (order != NULL);

  before = ld_item_snapshot (G_OBJECT (self), properties, N_PROPS);
  g_clear_pointer (&self->order, ld_order_free);
  self->order = order;
  ld_item_notify_changes (G_OBJECT (self), properties, N_PROPS, before);
  g_signal_emit (self, signals [REFRESHED], 0);
}

/**
 * ld_order_view_set_pending:
 * @self: an order item
 * @pending: (nullable): what the outbox holds for the order: %NULL for
 *   nothing, "queued" while work done here waits, "rejected" when the
 *   server refused some (the words of #LdCachePending)
 */
void
ld_order_view_set_pending (LdOrderView *self,
                           const char  *pending)
{
  g_return_if_fail (LD_IS_ORDER_VIEW (self));

  if (g_strcmp0 (self->pending, pending) == 0)
    return;
  g_free (self->pending);
  self->pending = g_strdup (pending);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING]);
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

  return self->order;
}

gboolean
ld_order_view_get_loaded (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), FALSE);

  return self->order != NULL;
}

const char *
ld_order_view_get_id (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), NULL);

  return self->order ? self->order->id : NULL;
}

/* Returns: (nullable): the number; %NULL while the order was made here
 * and is not yet on the server */
const char *
ld_order_view_get_number (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), NULL);

  return self->order ? self->order->number : NULL;
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
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), NULL);

  return self->order ? self->order->patient_name : NULL;
}

const char *
ld_order_view_get_patient_mrn (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), NULL);

  return self->order ? self->order->patient_mrn : NULL;
}

const char *
ld_order_view_get_priority (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), NULL);

  return self->order ? self->order->priority : NULL;
}

const char *
ld_order_view_get_payment_state (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), NULL);

  return self->order ? self->order->payment_state : NULL;
}

const char *
ld_order_view_get_lab_state (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), NULL);

  return self->order ? self->order->lab_state : NULL;
}

const char *
ld_order_view_get_cancel_reason (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), NULL);

  return self->order ? self->order->cancel_reason : NULL;
}

/* Returns: (nullable): where the order was booked: "desk" (the desk or a
 * doctor), "web" (the patient, on the patient pages); %NULL while the
 * order was made here and not yet sent */
const char *
ld_order_view_get_channel (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), NULL);

  return self->order ? self->order->channel : NULL;
}

/* Whether its amounts are known: an order made here offline is priced
 * by the server once sent. */
gboolean
ld_order_view_get_priced (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), FALSE);

  return self->order != NULL && self->order->priced;
}

/* Returns: the total, or -1 while not known */
gint64
ld_order_view_get_total_paise (LdOrderView *self)
{
  return ld_order_view_get_priced (self) ? self->order->total_paise : -1;
}

/* Returns: what was paid, or -1 until loaded */
gint64
ld_order_view_get_paid_paise (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), -1);

  return self->order ? self->order->paid_paise : -1;
}

/* Returns: what was given back, or -1 until loaded */
gint64
ld_order_view_get_refunded_paise (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), -1);

  return self->order ? self->order->refunded_paise : -1;
}

/* Returns: what is still to be paid (ld_order_get_balance()), or -1
 * while not known */
gint64
ld_order_view_get_balance_paise (LdOrderView *self)
{
  return ld_order_view_get_priced (self) ? ld_order_get_balance (self->order) : -1;
}

gboolean
ld_order_view_get_online_pending (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), FALSE);

  return self->order != NULL && self->order->online_pending;
}

/* Returns: (nullable): see ld_order_view_set_pending() */
const char *
ld_order_view_get_pending (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), NULL);

  return self->pending;
}

gint64
ld_order_view_get_version (LdOrderView *self)
{
  g_return_val_if_fail (LD_IS_ORDER_VIEW (self), 0);

  return self->order ? self->order->version : 0;
}

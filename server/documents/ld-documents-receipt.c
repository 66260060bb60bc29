/* ld-documents-receipt.c: an order's receipt, filled from the store
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-documents"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-documents-private.h"
#include "../store/ld-store-samples.h"

static const char *
method_label (const char *method)
{
  if (g_strcmp0 (method, "cash") == 0)
    return C_("payment method", "Cash");
  if (g_strcmp0 (method, "card") == 0)
    return C_("payment method", "Card");
  if (g_strcmp0 (method, "upi") == 0)
    return C_("payment method", "UPI");
  if (g_strcmp0 (method, "online") == 0)
    return C_("payment method", "Online");
  return method;
}

static const char *
panel_name (const LdOrder *order,
            const char    *code)
{
  for (guint i = 0; i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);

      if (g_strcmp0 (item->code, code) == 0 && g_strcmp0 (item->kind, "panel") == 0)
        return item->name;
    }
  return code;
}

static void
add_items (LdReceipt     *receipt,
           const LdOrder *order)
{
  for (guint i = 0; i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);
      g_autofree char *note = NULL;

      if (item->covered_by != NULL)
        /* Translators: under a test a panel of the same order includes. */
        note = g_strdup_printf (_("Included in %s"), panel_name (order, item->covered_by));
      g_ptr_array_add (receipt->items, ld_receipt_item_new (item->name, note, item->charged_paise));
    }
}

/* Money that changed hands: payments that succeeded and refunds, never a
 * promise of cash on collection or an attempt that failed. The receipt
 * is dated by the last of them (or the order), so the same order in the
 * same state prints the same receipt. */
static void
add_payments (LdReceipt     *receipt,
              const LdOrder *order)
{
  receipt->issued_us = order->created_us;
  for (guint i = 0; i < order->payments->len; i++)
    {
      const LdPayment *payment = g_ptr_array_index (order->payments, i);
      gboolean refund = g_strcmp0 (payment->kind, "refund") == 0;
      g_autofree char *method = NULL;
      gint64 at_us;

      if (g_strcmp0 (payment->status, "succeeded") != 0 || g_strcmp0 (payment->method, "cod") == 0)
        continue;

      at_us = ld_documents_parse_time (payment->decided_at ? payment->decided_at
                                                           : payment->created_at);
      /* Translators: a refund's line on a receipt; %s is how, such as "Cash". */
      method = refund ? g_strdup_printf (_("Refund (%s)"), method_label (payment->method))
                      : g_strdup (method_label (payment->method));
      g_ptr_array_add (receipt->payments,
                       ld_receipt_payment_new (method, payment->reference,
                                               refund ? -payment->amount_paise
                                                      : payment->amount_paise,
                                               at_us));
      receipt->issued_us = MAX (receipt->issued_us, at_us);
    }
}

/**
 * ld_documents_receipt:
 * @store: a store
 * @settings: the lab's settings
 * @order: an order in any state
 * @error: return location for an %LD_STORE_ERROR
 *
 * Fills the order's receipt as it stands: the lab, the patient, each item
 * as it was priced, the discount, home-collection fee, tax and total,
 * every payment and refund, what was paid and the balance due. The
 * amounts are the order's; nothing is priced again.
 *
 * Returns: (transfer full) (nullable): the receipt
 */
LdReceipt *
ld_documents_receipt (LdStore           *store,
                      const LdSettings  *settings,
                      const LdOrder     *order,
                      GError           **error)
{
  g_autoptr(LdReceipt) receipt = ld_receipt_new ();
  g_autoptr(GPtrArray) samples = NULL;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (order != NULL, NULL);

  if ((samples = ld_store_samples_for_order (store, order->id, error)) == NULL ||
      !ld_documents_fill_patient (store, order->patient_id, ld_documents_first_collection (samples),
                                  receipt->patient, NULL, error))
    return NULL;

  ld_documents_fill_lab (receipt->lab, settings);
  receipt->order_number = g_strdup (order->number);
  add_items (receipt, order);
  receipt->subtotal_paise = order->subtotal_paise;
  if (order->discount_paise > 0)
    {
      /* The renderer prints "Discount (<label>)". */
      gboolean has_reason = order->discount_reason != NULL && order->discount_reason[0] != '\0';

      if (g_strcmp0 (order->discount_kind, "percent") == 0 && has_reason)
        /* Translators: what a discount on a receipt was for, and its percentage. */
        receipt->discount_label = g_strdup_printf (_("%s, %" G_GINT64_FORMAT "%%"),
                                                   order->discount_reason, order->discount_value);
      else if (g_strcmp0 (order->discount_kind, "percent") == 0)
        receipt->discount_label = g_strdup_printf ("%" G_GINT64_FORMAT "%%", order->discount_value);
      else
        receipt->discount_label = g_strdup (order->discount_reason);
      receipt->discount_paise = order->discount_paise;
    }
  if (order->home_fee_paise > 0)
    {
      receipt->fee_label = g_strdup (_("Home collection"));
      receipt->fee_paise = order->home_fee_paise;
    }
  receipt->tax_label = g_strdup (_("Tax"));
  receipt->tax_paise = order->tax_paise;
  receipt->total_paise = order->total_paise;
  add_payments (receipt, order);
  receipt->paid_paise = order->paid_paise - order->refunded_paise;
  receipt->balance_paise = ld_order_get_balance (order);
  return g_steal_pointer (&receipt);
}

/* ld-receipt-fill.c: what a receipt says about an order, from its JSON
 *
 * The server's receipt document and the desk's printed receipt both fill
 * their receipt here, from the order as GET /api/v1/orders/{id} gives it,
 * so the two cannot disagree on what was paid, given back or owed.
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-receipt-fill"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-cash-report.h"
#include "ld-payment-rules.h"
#include "ld-receipt-fill.h"
#include "ld-states.h"
#include "ld-time.h"

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* An amount or count; @fallback when absent or null. */
static gint64
get_int (JsonObject *object,
         const char *member,
         gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  return json_node_get_int (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
get_object (JsonArray *array,
            guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gint64
parse_time (const char *rfc3339)
{
  gint64 unix_us = 0;

  if (rfc3339 == NULL || !ld_time_parse_rfc3339 (rfc3339, &unix_us))
    return 0;
  return unix_us;
}

/* The desk's cash report words methods the same way. */
static const char *
method_label (const char *method)
{
  return ld_cash_method_label (method);
}

static const char *
panel_name (JsonArray  *items,
            const char *code)
{
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = get_object (items, i);

      if (g_strcmp0 (get_string (item, "code"), code) == 0 &&
          g_strcmp0 (get_string (item, "kind"), "panel") == 0)
        return get_string (item, "name");
    }
  return code;
}

static void
add_items (LdReceipt  *receipt,
           JsonObject *order)
{
  JsonArray *items = get_array (order, "items");

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = get_object (items, i);
      const char *covered_by = get_string (item, "covered_by");
      g_autofree char *note = NULL;

      if (item == NULL)
        continue;
      if (covered_by != NULL)
        /* Translators: under a test a panel of the same order includes. */
        note = g_strdup_printf (_("Included in %s"), panel_name (items, covered_by));
      g_ptr_array_add (receipt->items,
                       ld_receipt_item_new (get_string (item, "name"), note,
                                            get_int (item, "charged_paise", 0)));
    }
}

static void
add_discount (LdReceipt  *receipt,
              JsonObject *order)
{
  JsonNode *node = json_object_get_member (order, "discount");
  JsonObject *discount;
  const char *kind;
  const char *reason;
  gint64 value;

  receipt->discount_paise = get_int (order, "discount_paise", 0);
  if (receipt->discount_paise <= 0 || node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  discount = json_node_get_object (node);
  kind = get_string (discount, "kind");
  reason = get_string (discount, "reason");
  value = get_int (discount, "value", 0);
  /* The renderer prints "Discount (<label>)". */
  if (g_strcmp0 (kind, "percent") == 0 && reason != NULL && reason[0] != '\0')
    /* Translators: what a discount on a receipt was for, and its percentage. */
    receipt->discount_label = g_strdup_printf (_("%s, %d%%"), reason, (int) value);
  else if (g_strcmp0 (kind, "percent") == 0)
    receipt->discount_label = g_strdup_printf ("%" G_GINT64_FORMAT "%%", value);
  else
    receipt->discount_label = g_strdup (reason);
}

/* Money that changed hands: payments that succeeded and refunds, never a
 * promise of cash on collection or an attempt that failed. The receipt is
 * dated by the last of them (or the order), so the same order in the same
 * state prints the same receipt; its number counts them. */
static void
add_payments (LdReceipt  *receipt,
              JsonObject *order)
{
  JsonArray *payments = get_array (order, "payments");
  guint moves = 0;

  receipt->issued_us = parse_time (get_string (order, "created_at"));
  for (guint i = 0; payments != NULL && i < json_array_get_length (payments); i++)
    {
      JsonObject *payment = get_object (payments, i);
      const char *method = get_string (payment, "method");
      const char *decided_at = get_string (payment, "decided_at");
      gboolean refund = g_strcmp0 (get_string (payment, "kind"), "refund") == 0;
      gint64 amount = get_int (payment, "amount_paise", 0);
      g_autofree char *shown = NULL;
      LdReceiptPayment *line;
      gint64 at_us;

      if (!ld_payment_is_on_receipt (get_string (payment, "status"), method))
        continue;

      at_us = parse_time (decided_at != NULL ? decided_at : get_string (payment, "created_at"));
      /* Translators: a refund's line on a receipt; %s is how, such as "Cash". */
      shown = refund ? g_strdup_printf (_("Refund (%s)"), method_label (method))
                     : g_strdup (method_label (method));
      line = ld_receipt_payment_new (shown, get_string (payment, "reference"),
                                     refund ? -amount : amount, at_us);
      if (refund)
        line->reason = g_strdup (get_string (payment, "reason"));
      else if (g_strcmp0 (method, "cash") == 0)
        {
          line->tendered_paise = get_int (payment, "tendered_paise", -1);
          line->change_paise = get_int (payment, "change_paise", -1);
        }
      g_ptr_array_add (receipt->payments, line);
      receipt->issued_us = MAX (receipt->issued_us, at_us);
      moves++;
    }

  /* Translators: a receipt's number: the order number, then how many
   * payments and refunds it covers, such as "O2611-000123/2". */
  receipt->receipt_number = g_strdup_printf (_("%s/%u"), get_string (order, "number"), moves);
}

/**
 * ld_receipt_fill_from_order:
 * @receipt: a receipt whose lab and patient the caller fills
 * @order: an order as the server gives it (GET /api/v1/orders/{id})
 * @cashier: (nullable): who issues the receipt
 *
 * Fills what a receipt says about the order: each item as it was priced,
 * the discount, home-collection fee, tax and total, every payment and
 * refund (with a refund's reason, and cash tendered and change), paid in
 * all, refunded, net paid and the balance due, and cash promised on
 * collection, and the referring doctor (a doctor user or the outside
 * doctor the desk typed), if any.
 * The amounts are the order's; nothing is priced again, and
 * they add up: total less paid is the balance, paid less refunded is net
 * paid.
 */
void
ld_receipt_fill_from_order (LdReceipt  *receipt,
                            JsonObject *order,
                            const char *cashier)
{
  g_return_if_fail (receipt != NULL);
  g_return_if_fail (order != NULL);

  g_clear_pointer (&receipt->order_number, g_free);
  receipt->order_number = g_strdup (get_string (order, "number"));
  add_items (receipt, order);
  receipt->subtotal_paise = get_int (order, "subtotal_paise", 0);
  add_discount (receipt, order);
  receipt->fee_paise = get_int (order, "home_fee_paise", 0);
  if (receipt->fee_paise > 0)
    receipt->fee_label = g_strdup (_("Home collection"));
  receipt->tax_label = g_strdup (_("Tax"));
  receipt->tax_paise = get_int (order, "tax_paise", 0);
  receipt->total_paise = get_int (order, "total_paise", 0);
  add_payments (receipt, order);
  receipt->paid_paise = get_int (order, "paid_paise", 0);
  receipt->refunded_paise = get_int (order, "refunded_paise", 0);
  receipt->net_paid_paise = receipt->paid_paise - receipt->refunded_paise;
  /* The order's own rule (ld_order_get_balance()): a refund gives money
   * back, it does not make any due again. */
  receipt->balance_paise = get_int (order, "balance_paise", 0);
  if (ld_payment_state_parse (get_string (order, "payment_state")) == LD_PAYMENT_STATE_COD_PENDING)
    receipt->cod_paise = receipt->balance_paise;
  receipt->cashier = g_strdup (cashier);
  /* A doctor of the lab by their name, or an outside doctor as typed at
   * the desk: an order names one or the other (ld_order_check_referring_doctor()). */
  receipt->doctor = g_strdup (get_string (order, "referring_doctor_name"));
  if (receipt->doctor == NULL)
    receipt->doctor = g_strdup (get_string (order, "doctor_name"));
}

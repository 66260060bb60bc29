/* ld-documents-receipt.c: an order's receipt, filled from the store
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-documents"

#include "config.h"

#include "ld-documents-private.h"
#include "../store/ld-store-samples.h"
#include "ld-receipt-fill.h"

/* Who issues the receipt: whoever took the last money, else whoever
 * made the order; a user since removed prints no name. */
static char *
cashier_name (LdStore       *store,
              const LdOrder *order)
{
  const char *user_id = order->created_by;
  g_autoptr(LdUser) user = NULL;

  for (guint i = 0; i < order->payments->len; i++)
    {
      const LdPayment *payment = g_ptr_array_index (order->payments, i);

      if (g_strcmp0 (payment->status, "succeeded") == 0 && payment->taken_by != NULL)
        user_id = payment->taken_by;
    }
  if (user_id == NULL || (user = ld_store_users_get (store, user_id, NULL)) == NULL)
    return NULL;
  return g_strdup (ld_user_get_display_name (user));
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
 * every payment and refund, what was paid, refunded and is due, through
 * ld_receipt_fill_from_order() as the desk's printed receipt is; the
 * cashier is whoever took the last money. Nothing is priced again.
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
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *cashier = NULL;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (order != NULL, NULL);

  if ((samples = ld_store_samples_for_order (store, order->id, error)) == NULL ||
      !ld_documents_fill_patient (store, order->patient_id, ld_documents_first_collection (samples),
                                  receipt->patient, NULL, error))
    return NULL;

  ld_documents_fill_lab (receipt->lab, settings);
  node = ld_order_to_node (order);
  cashier = cashier_name (store, order);
  ld_receipt_fill_from_order (receipt, json_node_get_object (node), cashier);
  return g_steal_pointer (&receipt);
}

/* ld-order-expiry.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An order that waits for money past its deadline (order_expiry_hours
 * after it was made) expires: nobody collects its samples, the desk sees
 * why, and its tests must be ordered again. Paid orders, cash-on-collection
 * promises and orders with an online payment in flight never expire.
 */

#define G_LOG_DOMAIN "ld-order-expiry"

#include "config.h"

#include "ld-order-expiry.h"
#include "ld-care-access.h"
#include "store/ld-store-orders.h"

/* Orders expired per transaction: a backlog after downtime is worked off
 * in short transactions that never hold the writer for long. */
#define SWEEP_BATCH 100

static gboolean
expire_one (LdStore     *store,
            const char  *id,
            GError     **error)
{
  g_autoptr(LdAuditEvent) event = ld_audit_event_new ();
  g_autoptr(LdOrder) order = ld_store_orders_get (store, id, error);
  g_autoptr(JsonNode) record = NULL;
  LdCareScope scope;

  if (order == NULL || !ld_store_orders_move (store, order, "expired", NULL, error))
    return FALSE;

  event->username = g_strdup ("system");
  event->action = g_strdup ("order.expire");
  event->entity = g_strdup ("order");
  event->entity_id = g_strdup (id);
  event->detail = g_strdup (order->number);
  if (!ld_store_audit_append (store, event, error))
    return FALSE;

  /* Read again: its payment state now says expired too. */
  g_clear_pointer (&order, ld_order_free);
  order = ld_store_orders_get (store, id, error);
  if (order == NULL)
    return FALSE;
  record = ld_order_to_node (order);
  /* An order's record is kept to its patient's doctors, as a request's. */
  ld_care_access_scope_of ("order", id, record, &scope);
  return ld_store_changes_append_kept (store, "order", id, LD_ROLE_ALL, scope.order_id,
                                       scope.doctor_id, record, error);
}

/**
 * ld_order_expiry_sweep:
 * @store: the store
 * @now_us: now
 * @out_expired: (out) (optional): how many orders expired
 * @error: return location for an %LD_STORE_ERROR
 *
 * Expires every order past its deadline, audited as the system and put
 * in the change feed. The server runs this every minute; with several
 * processes on PostgreSQL, one of them at a time (the others expire none).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_order_expiry_sweep (LdStore  *store,
                       gint64    now_us,
                       guint    *out_expired,
                       GError  **error)
{
  guint expired = 0;

  for (;;)
    {
      g_auto(LdStoreTransaction) txn = { NULL };
      g_auto(GStrv) due = NULL;
      gboolean my_turn;
      guint n;

      if (!ld_store_transaction_begin (&txn, store, error) ||
          !ld_store_take_sweep_turn (store, &my_turn, error))
        return FALSE;
      /* Another server process is sweeping now; the next minute's timer
       * tries again. */
      if (!my_turn)
        break;
      due = ld_store_orders_due_to_expire (store, now_us, SWEEP_BATCH, error);
      if (due == NULL)
        return FALSE;

      n = g_strv_length (due);
      for (guint i = 0; i < n; i++)
        if (!expire_one (store, due[i], error))
          return FALSE;
      if (!ld_store_transaction_commit (&txn, error))
        return FALSE;

      expired += n;
      if (n < SWEEP_BATCH)
        break;
    }

  if (out_expired != NULL)
    *out_expired = expired;
  return TRUE;
}

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
#include "service/ld-service-notify.h"
#include "service/ld-service-orders.h"
#include "store/ld-store-orders.h"

/* Orders expired per transaction: a backlog after downtime is worked off
 * in short transactions that never hold the writer for long. */
#define SWEEP_BATCH 100

typedef struct
{
  gint64 now_us;
  guint  expired;
  guint  warned;
  gboolean my_turn;
} SweepBatch;

/* One batch, as one change of the system's: the service audits each
 * order and puts it in the change feed. */
static gboolean
expire_batch (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  SweepBatch *batch = data;
  g_auto(GStrv) due = NULL;

  batch->expired = 0;
  batch->warned = 0;
  if (!ld_store_take_sweep_turn (ctx->store, &batch->my_turn, error))
    return FALSE;
  /* Another server process is sweeping now; the next minute's timer
   * tries again. */
  if (!batch->my_turn)
    return TRUE;

  due = ld_store_orders_due_to_expire (ctx->store, batch->now_us, SWEEP_BATCH, error);
  if (due == NULL)
    return FALSE;
  for (guint i = 0; due[i] != NULL; i++)
    if (!ld_service_expire_order (ctx, due[i], error))
      return FALSE;

  batch->expired = g_strv_length (due);
  /* The patients of orders that expire tomorrow are warned, each once. */
  return ld_service_notify_expiring (ctx, batch->now_us, SWEEP_BATCH, &batch->warned, error);
}

/**
 * ld_order_expiry_sweep:
 * @store: the store
 * @now_us: now
 * @out_expired: (out) (optional): how many orders expired
 * @out_had_turn: (out) (optional): whether this process swept; %FALSE
 *   when another one on the same PostgreSQL database was sweeping
 * @error: return location for an %LD_STORE_ERROR
 *
 * Expires every order past its deadline, audited as the system and put
 * in the change feed (ld_service_expire_order()). The server runs this
 * every minute; with several processes on PostgreSQL, one of them at a
 * time (the others expire none).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_order_expiry_sweep (LdStore   *store,
                       gint64     now_us,
                       guint     *out_expired,
                       gboolean  *out_had_turn,
                       GError   **error)
{
  g_autoptr(LdServiceContext) ctx = ld_service_context_new (store, NULL, "system", NULL, NULL);
  guint expired = 0;
  gboolean had_turn = TRUE;

  ctx->now_us = now_us;
  for (;;)
    {
      SweepBatch batch = { now_us, 0, 0, FALSE };

      if (!ld_service_run (ctx, expire_batch, &batch, error))
        return FALSE;

      expired += batch.expired;
      had_turn = had_turn && batch.my_turn;
      if (!batch.my_turn || (batch.expired < SWEEP_BATCH && batch.warned < SWEEP_BATCH))
        break;
    }

  if (out_expired != NULL)
    *out_expired = expired;
  if (out_had_turn != NULL)
    *out_had_turn = had_turn;
  return TRUE;
}

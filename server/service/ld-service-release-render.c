/* ld-service-release-render.c: a release's report, rendered off the writer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 36. Run on a reader thread (ld-read-pool.c) before the release's
 * write: one read transaction is the snapshot the report is rendered
 * from. Nothing here decides whether the release may happen; the write
 * (ld_service_release_order()) checks everything again and keeps these
 * bytes only if its own data renders the same (ld-documents-release.c).
 */

#define G_LOG_DOMAIN "ld-service-results"

#include "config.h"

#include "ld-service-release-render.h"
#include "ld-lab-state.h"
#include "ld-result-flow.h"
#include "ld-settings.h"
#include "ld-states.h"
#include "ld-time.h"
#include "../store/ld-store-orders.h"
#include "../store/ld-store-results.h"

/**
 * ld_service_render_release:
 * @store: a reader thread's store, outside any transaction
 * @order_id: the order to release
 * @version: the order's version the signatory saw
 * @released_by: the signatory's user id
 * @interpretation: (nullable): the interpretation the release saves
 * @error: return location for a #GError: why it was not rendered (the
 *   order is not at @version or cannot be released as it is)
 *
 * Returns: (transfer full) (nullable): the report the release would issue
 */
LdRenderedReport *
ld_service_render_release (LdStore     *store,
                           const char  *order_id,
                           gint64       version,
                           const char  *released_by,
                           const char  *interpretation,
                           GError     **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(LdSettings) settings = NULL;

  g_return_val_if_fail (store != NULL && order_id != NULL && released_by != NULL, NULL);

  if (!ld_store_transaction_begin (&txn, store, error) ||
      (order = ld_store_orders_get (store, order_id, error)) == NULL)
    return NULL;
  if (order->version != version)
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "Order %s has changed since you saw it.", order->number);
      return NULL;
    }

  if ((results = ld_store_results_for_order (store, order->id, error)) == NULL ||
      !ld_result_check_release (order, results, error) ||
      !ld_lab_state_check_move (order, ld_lab_state_wire (LD_LAB_STATE_REPORTED), error) ||
      (stored = ld_store_settings_load (store, NULL, error)) == NULL)
    return NULL;
  settings = ld_settings_new_from_table (stored);

  return ld_documents_render_release (store, settings, order, released_by, interpretation,
                                      ld_time_now (), error);
}

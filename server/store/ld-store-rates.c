/* ld-store-rates.c: rate-limit windows shared by several server processes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The /verify limit and the sign-in limit per address (ld-rate-limit.c)
 * count a client's uses in a fixed window. One process keeps the windows
 * in memory; several behind a load balancer would each give a client the
 * full allowance. On PostgreSQL the windows are rows, and one upsert
 * counts a use and reads the window back, atomic under the row's lock
 * whichever process asks. Times are wall-clock microseconds, the one
 * clock the processes share.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-store-private.h"

/**
 * ld_store_rates_are_shared:
 * @store: a store
 *
 * Returns: %TRUE if other server processes may serve the same database,
 *   so that limits must be counted in it (PostgreSQL)
 */
gboolean
ld_store_rates_are_shared (LdStore *store)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return ld_db_get_backend (store->db) == LD_DB_POSTGRESQL;
}

/**
 * ld_store_rates_take:
 * @store: a store whose rates are shared, outside a transaction
 * @key: whose window, such as "verify 192.0.2.7"
 * @max_per_window: uses allowed in one window
 * @window_us: the window's length
 * @now_us: the wall-clock time
 * @out_allowed: (out): whether this use is within the limit
 * @out_retry_after_s: (out): when not, the seconds until the window ends
 * @error: return location for an %LD_STORE_ERROR
 *
 * Counts one use of @key: a window that has ended starts again now.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_rates_take (LdStore     *store,
                     const char  *key,
                     guint        max_per_window,
                     gint64       window_us,
                     gint64       now_us,
                     gboolean    *out_allowed,
                     gint64      *out_retry_after_s,
                     GError     **error)
{
  static const char sql[] =
    "INSERT INTO rate_windows (key, window_start_us, used) VALUES (?1, CAST (?2 AS BIGINT), 1)"
    " ON CONFLICT (key) DO UPDATE SET"
    "   window_start_us = CASE WHEN rate_windows.window_start_us <= EXCLUDED.window_start_us"
    "                               - CAST (?3 AS BIGINT)"
    "                     THEN EXCLUDED.window_start_us ELSE rate_windows.window_start_us END,"
    "   used = CASE WHEN rate_windows.window_start_us <= EXCLUDED.window_start_us"
    "                    - CAST (?3 AS BIGINT)"
    "          THEN 1 ELSE rate_windows.used + 1 END"
    " RETURNING window_start_us, used";
  gint64 window_start;
  gint64 used;
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && key != NULL, FALSE);
  g_return_val_if_fail (ld_store_rates_are_shared (store), FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, key);
  ld_db_bind_int64 (stmt, 2, now_us);
  ld_db_bind_int64 (stmt, 3, window_us);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  window_start = ld_db_column_int64 (stmt, 0);
  used = ld_db_column_int64 (stmt, 1);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  *out_allowed = used <= max_per_window;
  *out_retry_after_s =
    MAX (1, (window_start + window_us - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  return TRUE;
}

/**
 * ld_store_rates_prune:
 * @store: a store
 * @before_us: windows that began before this are deleted
 * @error: return location for an %LD_STORE_ERROR
 *
 * Keeps the table to the clients of the last minutes; nothing to do where
 * rates are not shared.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_rates_prune (LdStore  *store,
                      gint64    before_us,
                      GError  **error)
{
  static const char sql[] = "DELETE FROM rate_windows WHERE window_start_us < ?1";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  if (!ld_store_rates_are_shared (store))
    return TRUE;

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_int64 (stmt, 1, before_us);
  return ld_db_step_done (stmt, error);
}

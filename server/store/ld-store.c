/* ld-store.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include <gio/gio.h>

#include "ld-store-patients-private.h"
#include "ld-store-private.h"
#include "ld-sqlite-migrate.h"

#define MIGRATIONS_PATH "/org/labdesk/Labdesk/server/migrations"

/**
 * ld_store_get_latest_schema:
 *
 * Returns: the schema version this program creates and understands
 */
gint64
ld_store_get_latest_schema (void)
{
  return ld_sqlite_migrations_latest (MIGRATIONS_PATH);
}

static LdStore *
open_store (const char         *path,
            LdSqliteOpenFlags   flags,
            GError            **error)
{
  g_autoptr(LdStore) store = g_new0 (LdStore, 1);

  store->db = ld_sqlite_open (path, flags, error);
  if (store->db == NULL)
    return NULL;

  return g_steal_pointer (&store);
}

/**
 * ld_store_open:
 * @path: the database file; created if missing
 * @error: return location for an %LD_STORE_ERROR
 *
 * Opens the database and brings its schema up to date. The store belongs to
 * the calling thread.
 *
 * Returns: (transfer full) (nullable): the store
 */
LdStore *
ld_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(LdStore) store = open_store (path, LD_SQLITE_OPEN_DEFAULT, error);

  if (store == NULL || !ld_sqlite_migrate (store->db, MIGRATIONS_PATH, error) ||
      !ld_store_patients_fill_phone_national (store, error))
    return NULL;

  return g_steal_pointer (&store);
}

/**
 * ld_store_open_existing:
 * @path: the database file, which must exist
 * @read_only: whether to open it read-only
 * @error: return location for an %LD_STORE_ERROR
 *
 * Opens without migrating, for backup and check, which must not change a
 * database they only read.
 *
 * Returns: (transfer full) (nullable): the store
 */
LdStore *
ld_store_open_existing (const char  *path,
                        gboolean     read_only,
                        GError     **error)
{
  g_autoptr(LdStore) store = NULL;
  gint64 schema;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                   "There is no database at this path.");
      return NULL;
    }

  store = open_store (path, read_only ? LD_SQLITE_OPEN_READONLY : LD_SQLITE_OPEN_NO_CREATE, error);
  if (store == NULL || !ld_store_get_schema (store, &schema, error))
    return NULL;

  if (schema > ld_store_get_latest_schema ())
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW,
                   "This database was created by a newer Labdesk (schema %" G_GINT64_FORMAT
                   ", this server knows %" G_GINT64_FORMAT ").",
                   schema, ld_store_get_latest_schema ());
      return NULL;
    }

  return g_steal_pointer (&store);
}

void
ld_store_close (LdStore *store)
{
  if (store == NULL)
    return;

  g_clear_pointer (&store->db, ld_sqlite_close);
  g_free (store);
}

gboolean
ld_store_get_schema (LdStore  *store,
                     gint64   *out_schema,
                     GError  **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return ld_sqlite_get_user_version (store->db, out_schema, error);
}

/**
 * ld_store_ping:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE if the database answers a query
 */
gboolean
ld_store_ping (LdStore  *store,
               GError  **error)
{
  static const char sql[] = "SELECT count(*) FROM users";
  LdSqliteStmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  return stmt != NULL && ld_sqlite_step_done (stmt, error);
}

gboolean
ld_store_backup (LdStore     *store,
                 const char  *dest_path,
                 GError     **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return ld_sqlite_backup_to (store->db, dest_path, error);
}

gboolean
ld_store_check_integrity (LdStore  *store,
                          char    **out_problems,
                          GError  **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return ld_sqlite_integrity_check (store->db, out_problems, error);
}

/**
 * ld_store_transaction_begin:
 * @txn: a guard declared with `g_auto(LdStoreTransaction) txn = { NULL };`
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Every request that writes runs in one such transaction, with its audit
 * event; the guard rolls back unless ld_store_transaction_commit() ran.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_transaction_begin (LdStoreTransaction  *txn,
                            LdStore             *store,
                            GError             **error)
{
  LdSqliteTransaction *inner;

  g_return_val_if_fail (txn != NULL && txn->impl == NULL, FALSE);
  g_return_val_if_fail (store != NULL, FALSE);

  inner = g_new0 (LdSqliteTransaction, 1);
  if (!ld_sqlite_transaction_begin (inner, store->db, error))
    {
      g_free (inner);
      return FALSE;
    }

  txn->impl = inner;
  if (ld_sqlite_transaction_depth (store->db) == 1)
    store->commit_id = 0;
  return TRUE;
}

/**
 * ld_store_transaction_begin_unsynced:
 * @txn: a guard declared with `g_auto(LdStoreTransaction) txn = { NULL };`
 * @store: a store, outside any transaction
 * @error: return location for an %LD_STORE_ERROR
 *
 * Like ld_store_transaction_begin(), but its commit is written to the log
 * without waiting for the disk to sync it: it survives the server being
 * killed, and is made durable by the next synced commit or checkpoint
 * (with a checkpointer running, within a fraction of a second; see
 * ld_store_checkpointer_sync_soon()). Only for what no client is told was
 * made, such as the audit events of reads (ld-audit-batch.c).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_transaction_begin_unsynced (LdStoreTransaction  *txn,
                                     LdStore             *store,
                                     GError             **error)
{
  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (ld_sqlite_transaction_depth (store->db) == 0, FALSE);

  if (!ld_sqlite_exec_cached (store->db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  if (!ld_store_transaction_begin (txn, store, error))
    {
      ld_sqlite_exec_cached (store->db, "PRAGMA synchronous = FULL", NULL);
      return FALSE;
    }

  txn->unsynced_store = store;
  return TRUE;
}

/* Every other commit on the connection syncs again. */
static void
end_transaction (LdStoreTransaction *txn,
                 gboolean            committed)
{
  LdStore *unsynced = g_steal_pointer (&txn->unsynced_store);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&txn->impl, g_free);
  if (unsynced == NULL)
    return;

  if (!ld_sqlite_exec_cached (unsynced->db, "PRAGMA synchronous = FULL", &error))
    g_critical ("could not make commits synced again: %s", error->message);
  if (committed && unsynced->checkpointer != NULL)
    ld_store_checkpointer_sync_soon (unsynced->checkpointer);
}

gboolean
ld_store_transaction_commit (LdStoreTransaction  *txn,
                             GError             **error)
{
  g_return_val_if_fail (txn->impl != NULL, FALSE);

  if (!ld_sqlite_transaction_commit (txn->impl, error))
    return FALSE;

  end_transaction (txn, TRUE);
  return TRUE;
}

void
ld_store_transaction_rollback (LdStoreTransaction *txn)
{
  if (txn == NULL || txn->impl == NULL)
    return;

  ld_sqlite_transaction_rollback (txn->impl);
  end_transaction (txn, FALSE);
}

/**
 * ld_store_next_number:
 * @store: a store, inside the write transaction that uses the number
 * @counter: the counter's name, such as "mrn"
 * @out_number: (out): the next number, from 1
 * @error: return location for an %LD_STORE_ERROR
 *
 * Numbers are taken inside the transaction that uses them: a rolled-back
 * registration gives its number back, and none is given out twice.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_next_number (LdStore     *store,
                      const char  *counter,
                      gint64      *out_number,
                      GError     **error)
{
  static const char sql[] =
    "INSERT INTO counters (name, value) VALUES (?, 1)"
    " ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value";
  LdSqliteStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_sqlite_bind_text (stmt, 1, counter);
  if (ld_sqlite_step (stmt, error) != LD_SQLITE_ROW)
    return FALSE;

  *out_number = ld_sqlite_column_int64 (stmt, 0);
  return ld_sqlite_step_done (stmt, error);
}

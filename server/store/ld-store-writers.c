/* ld-store-writers.c: the change feed and the audit chain under several writers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two guarantees rest on writers taking turns (issue 19): a change feed
 * that a client can never read past a change that commits later (its seq
 * order is the commit order, and one transaction's rows are neighbours),
 * and an audit chain whose next event links to the last committed one.
 * SQLite has one writer at a time (BEGIN IMMEDIATE), which gives both. On
 * PostgreSQL every connection may write at once, so a transaction takes
 * one lock before its first change or audit event and keeps it until it
 * ends: seqs are drawn, and the chain's head read, by one transaction at a
 * time, each seeing the last one's commit. Writers that append nothing
 * never wait for it.
 *
 * The lock is taken late, after the transaction's first row locks. Two
 * writers that lock the same rows in another order may deadlock on it;
 * PostgreSQL then ends one with LD_STORE_ERROR_RETRY, never a wrong feed
 * or chain.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-store-private.h"

/* An advisory lock's key, any number the database's other users do not
 * take: "LDFEED" in ASCII. */
#define FEED_LOCK_KEY G_GINT64_CONSTANT (0x4c4446454544)

/**
 * ld_store_take_feed_lock:
 * @store: a store, inside a write transaction
 * @error: return location for an %LD_STORE_ERROR
 *
 * Makes the transaction the only one appending to the change feed and
 * the audit chain until it ends. Taken once per transaction; called by
 * every append.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_take_feed_lock (LdStore  *store,
                         GError  **error)
{
  static const char sql[] = "SELECT pg_advisory_xact_lock (?1)";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  if (ld_db_get_backend (store->db) != LD_DB_POSTGRESQL || store->feed_lock_depth > 0 ||
      ld_db_transaction_depth (store->db) == 0)
    return TRUE;

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_int64 (stmt, 1, FEED_LOCK_KEY);
  /* Its answer is not read: it goes with the statement that follows (the
   * read of the chain's head, an append), which PostgreSQL runs once the
   * lock is held; a deadlock is that statement's error. */
  if (!ld_db_step_soon (stmt, error))
    return FALSE;

  store->feed_lock_depth = ld_db_transaction_depth (store->db);
  return TRUE;
}

/**
 * ld_store_note_level_ended:
 * @store: a store
 * @committed: whether the level that just ended was committed
 *
 * A lock taken in a savepoint that is rolled back is let go with it; one
 * taken in a savepoint that is released passes to the level around it.
 */
void
ld_store_note_level_ended (LdStore  *store,
                           gboolean  committed)
{
  guint depth = ld_db_transaction_depth (store->db);

  if (store->feed_lock_depth > depth)
    store->feed_lock_depth = committed ? depth : 0;
}

/**
 * ld_store_reads_hold_rows:
 * @store: a store
 *
 * Whether a record read now to be checked should be held until the
 * transaction ends (see ld_store_lock_row()): on PostgreSQL, inside a
 * write transaction. A read that can say FOR UPDATE itself saves
 * ld_store_lock_row()'s statement.
 *
 * Returns: %TRUE if the rows read now should be locked
 */
gboolean
ld_store_reads_hold_rows (LdStore *store)
{
  return ld_db_get_backend (store->db) == LD_DB_POSTGRESQL && !store->read_only &&
         ld_db_transaction_depth (store->db) > 0;
}

/**
 * ld_store_lock_row:
 * @store: a store
 * @lock_sql: "SELECT 1 FROM table WHERE id = ?1 FOR UPDATE"
 * @id: the row's id
 * @error: return location for an %LD_STORE_ERROR
 *
 * A third guarantee that rests on writers taking turns: a handler reads a
 * record, checks it (an order's balance before a payment, its state
 * before a collection) and writes what follows from it. On SQLite the
 * write transaction is the only one, so nothing changes the record
 * between the check and the write. On PostgreSQL, inside a write
 * transaction, this holds the record's row until the transaction ends:
 * another writer reading it waits, then reads what this one committed.
 * Twenty desks paying one order record one payment, whichever servers
 * they reach. Outside a transaction, on a reader and on SQLite it does
 * nothing.
 *
 * Returns: %TRUE on success (a row that is not there is not an error: the
 *   read that follows says so; on PostgreSQL that read also carries the
 *   lock, see ld_db_step_soon())
 */
gboolean
ld_store_lock_row (LdStore     *store,
                   const char  *lock_sql,
                   const char  *id,
                   GError     **error)
{
  LdDbStmt *stmt;

  if (!ld_store_reads_hold_rows (store))
    return TRUE;

  stmt = ld_store_prepare (store, lock_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, id);
  /* Its answer is not read: it goes with the read that follows, which
   * PostgreSQL runs after it, and so sees what the lock waited for; a
   * deadlock or a lock that waited too long is that read's error. */
  return ld_db_step_soon (stmt, error);
}

/* "LDEXPIRE" in ASCII; see ld_store_take_sweep_turn(). */
#define SWEEP_LOCK_KEY G_GINT64_CONSTANT (0x4c4445585049)

/**
 * ld_store_take_sweep_turn:
 * @store: a store, inside the sweep's write transaction
 * @out_taken: (out): whether this transaction may sweep
 * @error: return location for an %LD_STORE_ERROR
 *
 * Every server process runs the unpaid-order expiry sweep on its timer;
 * with several on PostgreSQL, one sweeps at a time and the others skip
 * their turn rather than queue behind it to find nothing left (or trip
 * over the same orders). The lock lasts as long as the transaction. On
 * SQLite, one process: always taken.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_take_sweep_turn (LdStore   *store,
                          gboolean  *out_taken,
                          GError   **error)
{
  static const char sql[] = "SELECT pg_try_advisory_xact_lock (?1)";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && out_taken != NULL, FALSE);
  g_return_val_if_fail (ld_db_transaction_depth (store->db) > 0, FALSE);

  *out_taken = TRUE;
  if (ld_db_get_backend (store->db) != LD_DB_POSTGRESQL)
    return TRUE;

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_int64 (stmt, 1, SWEEP_LOCK_KEY);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  *out_taken = ld_db_column_int64 (stmt, 0) != 0;
  return ld_db_step_done (stmt, error);
}

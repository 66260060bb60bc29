/* ld-db.c: the statement vocabulary, dispatched to the connection's backend
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-db"

#include "config.h"

#include "ld-db-private.h"

LdDbBackend
ld_db_get_backend (LdDb *db)
{
  g_return_val_if_fail (db != NULL, LD_DB_SQLITE);

  return db->klass->backend;
}

void
ld_db_close (LdDb *db)
{
  if (db == NULL)
    return;

  db->klass->close (db);
}

/**
 * ld_db_exec:
 * @db: a connection
 * @sql: one or more statements with no parameters (schema, settings)
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_db_exec (LdDb        *db,
            const char  *sql,
            GError     **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  db->mark++;
  return db->klass->exec (db, sql, error);
}

/**
 * ld_db_exec_cached:
 * @db: a connection
 * @sql: one statement with no parameters, run often (BEGIN, COMMIT, a setting)
 * @error: return location for an %LD_STORE_ERROR
 *
 * As ld_db_exec(), through the statement cache, so it is parsed once.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_db_exec_cached (LdDb        *db,
                   const char  *sql,
                   GError     **error)
{
  LdDbStmt *stmt = ld_db_prepare_cached (db, sql, error);

  return stmt != NULL && ld_db_step_done (stmt, error);
}

/**
 * ld_db_step_together:
 * @stmts: (array length=n_stmts): bound statements of one connection, each
 *   a different one, none stepped yet
 * @n_stmts: how many
 * @error: return location for an %LD_STORE_ERROR
 *
 * Runs @stmts, in their order, in one round trip on PostgreSQL; each then
 * steps through its rows as usual. On SQLite each runs at its first step,
 * as it would have. For the reads that one record's children take (an
 * order's lines and payments): a round trip each before.
 *
 * Returns: %TRUE on success; on failure none of them has rows to step
 */
gboolean
ld_db_step_together (LdDbStmt * const  *stmts,
                     guint              n_stmts,
                     GError           **error)
{
  LdDb *db;

  g_return_val_if_fail (stmts != NULL && n_stmts > 0, FALSE);
  db = stmts[0]->db;
  for (guint i = 0; i < n_stmts; i++)
    {
      g_return_val_if_fail (stmts[i] != NULL && stmts[i]->db == db, FALSE);
      if (stmts[i]->may_write)
        db->mark++;
    }

  if (db->klass->step_together == NULL)
    return TRUE;
  return db->klass->step_together (stmts, n_stmts, error);
}

/**
 * ld_db_step_soon:
 * @stmt: a bound statement whose rows, if any, are not read (an INSERT, a
 *   row lock)
 * @error: return location for an %LD_STORE_ERROR
 *
 * As ld_db_step_done(), but on PostgreSQL the statement waits, with its
 * values, and travels with the transaction's next statement or its end,
 * in the same round trip; a failure then fails that one, with its own
 * error. For statements that break no constraint in the normal course
 * (the change feed's and the audit chain's inserts): a caller that reads
 * %LD_STORE_ERROR_CONSTRAINT as a refusal of its own would take this one's
 * for it. ld_db_changes() does not count it. On SQLite, and outside a
 * transaction, it runs at once.
 *
 * Returns: %TRUE on success (on PostgreSQL: queued)
 */
gboolean
ld_db_step_soon (LdDbStmt  *stmt,
                 GError   **error)
{
  g_return_val_if_fail (stmt != NULL, FALSE);

  /* Outside a transaction nothing would carry it, and it would commit
   * alone anyway. */
  if (stmt->db->klass->step_soon == NULL || ld_db_transaction_depth (stmt->db) == 0)
    return ld_db_step_done (stmt, error);
  if (stmt->may_write)
    stmt->db->mark++;
  return stmt->db->klass->step_soon (stmt, error);
}

/**
 * ld_db_exec_soon:
 * @db: a connection, inside a transaction
 * @sql: one statement with no parameters whose answer is only that it
 *   worked (NOTIFY)
 * @error: return location for an %LD_STORE_ERROR
 *
 * Runs @sql no later than the transaction's next statement or its end.
 * On PostgreSQL it travels with that one, in the same round trip, and a
 * failure fails that one; on SQLite it runs at once.
 *
 * Returns: %TRUE on success (on PostgreSQL: queued)
 */
gboolean
ld_db_exec_soon (LdDb        *db,
                 const char  *sql,
                 GError     **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (ld_db_transaction_depth (db) > 0, FALSE);

  if (db->klass->exec_soon == NULL)
    return ld_db_exec_cached (db, sql, error);
  db->mark++;
  return db->klass->exec_soon (db, sql, error);
}

/**
 * ld_db_prepare_cached:
 * @db: a connection
 * @sql: one statement, with `?1 ?2 …` parameters for every value
 * @error: return location for an %LD_STORE_ERROR
 *
 * Prepares @sql once per connection, keyed by its text.
 *
 * Returns: (transfer none) (nullable): the statement, reset and with its
 *   bindings cleared, owned by @db
 */
LdDbStmt *
ld_db_prepare_cached (LdDb        *db,
                      const char  *sql,
                      GError     **error)
{
  LdDbStmt *stmt;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = db->klass->prepare_cached (db, sql, error);
  if (stmt != NULL)
    {
      while (g_ascii_isspace (*sql))
        sql++;
      stmt->may_write = g_ascii_strncasecmp (sql, "SELECT", 6) != 0;
    }
  return stmt;
}

/* Bind indexes count from 1, as SQLite's do. A NULL text binds NULL. */
void
ld_db_bind_text (LdDbStmt   *stmt,
                 int         index,
                 const char *value)
{
  g_return_if_fail (stmt != NULL);

  if (value == NULL)
    stmt->db->klass->bind_null (stmt, index);
  else
    stmt->db->klass->bind_text (stmt, index, value);
}

void
ld_db_bind_int (LdDbStmt *stmt,
                int       index,
                int       value)
{
  ld_db_bind_int64 (stmt, index, value);
}

void
ld_db_bind_int64 (LdDbStmt *stmt,
                  int       index,
                  gint64    value)
{
  g_return_if_fail (stmt != NULL);

  stmt->db->klass->bind_int64 (stmt, index, value);
}

void
ld_db_bind_double (LdDbStmt *stmt,
                   int       index,
                   double    value)
{
  g_return_if_fail (stmt != NULL);

  stmt->db->klass->bind_double (stmt, index, value);
}

void
ld_db_bind_null (LdDbStmt *stmt,
                 int       index)
{
  g_return_if_fail (stmt != NULL);

  stmt->db->klass->bind_null (stmt, index);
}

void
ld_db_bind_blob (LdDbStmt   *stmt,
                 int         index,
                 const void *data,
                 gsize       size)
{
  g_return_if_fail (stmt != NULL);
  g_return_if_fail (data != NULL || size == 0);

  stmt->db->klass->bind_blob (stmt, index, data, size);
}

/**
 * ld_db_step:
 * @stmt: a statement
 * @error: return location for an %LD_STORE_ERROR
 *
 * Runs @stmt on its first step and moves to its next row. After
 * %LD_DB_DONE the next step runs it again, with the same bindings.
 *
 * Returns: %LD_DB_ROW, %LD_DB_DONE, or %LD_DB_ERROR with @error set (and
 *   @stmt reset)
 */
LdDbStep
ld_db_step (LdDbStmt  *stmt,
            GError   **error)
{
  g_return_val_if_fail (stmt != NULL, LD_DB_ERROR);

  if (stmt->may_write)
    stmt->db->mark++;
  return stmt->db->klass->step (stmt, error);
}

/**
 * ld_db_step_done:
 * @stmt: a statement that returns no rows, or whose rows are not wanted
 * @error: return location for an %LD_STORE_ERROR
 *
 * Runs @stmt to completion and resets it.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_db_step_done (LdDbStmt  *stmt,
                 GError   **error)
{
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    ;
  ld_db_reset (stmt);

  return step == LD_DB_DONE;
}

/**
 * ld_db_reset:
 * @stmt: a statement, perhaps stopped on a row
 *
 * Ends @stmt's run, and with it whatever it holds open, for a statement
 * whose rows were not all read. Its bindings stay.
 */
void
ld_db_reset (LdDbStmt *stmt)
{
  g_return_if_fail (stmt != NULL);

  stmt->db->klass->reset (stmt);
}

/* Columns count from 0. Text is NULL for a NULL value. */
const char *
ld_db_column_text (LdDbStmt *stmt,
                   int       column)
{
  g_return_val_if_fail (stmt != NULL, NULL);

  return stmt->db->klass->column_text (stmt, column);
}

char *
ld_db_column_dup_text (LdDbStmt *stmt,
                       int       column)
{
  return g_strdup (ld_db_column_text (stmt, column));
}

/**
 * ld_db_column_dup_bytes:
 * @stmt: a statement on a row
 * @column: the column, from 0
 *
 * Returns: (transfer full): a copy of the column's bytes (empty for NULL)
 */
GBytes *
ld_db_column_dup_bytes (LdDbStmt *stmt,
                        int       column)
{
  g_return_val_if_fail (stmt != NULL, NULL);

  return stmt->db->klass->column_dup_bytes (stmt, column);
}

int
ld_db_column_int (LdDbStmt *stmt,
                  int       column)
{
  return (int) ld_db_column_int64 (stmt, column);
}

/* A boolean reads as 1 or 0, as SQLite stores it; NULL reads as 0. */
gint64
ld_db_column_int64 (LdDbStmt *stmt,
                    int       column)
{
  g_return_val_if_fail (stmt != NULL, 0);

  return stmt->db->klass->column_int64 (stmt, column);
}

double
ld_db_column_double (LdDbStmt *stmt,
                     int       column)
{
  g_return_val_if_fail (stmt != NULL, 0);

  return stmt->db->klass->column_double (stmt, column);
}

gboolean
ld_db_column_is_null (LdDbStmt *stmt,
                      int       column)
{
  g_return_val_if_fail (stmt != NULL, TRUE);

  return stmt->db->klass->column_is_null (stmt, column);
}

/**
 * ld_db_changes:
 * @db: a connection
 *
 * Returns: the rows inserted, updated or deleted by the last such
 *   statement that ran on @db
 */
gint64
ld_db_changes (LdDb *db)
{
  g_return_val_if_fail (db != NULL, 0);

  return db->klass->changes (db);
}

/**
 * ld_db_transaction_begin:
 * @txn: an uninitialised guard, declared with g_auto()
 * @db: a connection
 * @error: return location for an %LD_STORE_ERROR
 *
 * Starts a write transaction, or a savepoint when one is already open.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_db_transaction_begin (LdDbTransaction  *txn,
                         LdDb             *db,
                         GError          **error)
{
  g_return_val_if_fail (txn != NULL, FALSE);
  g_return_val_if_fail (txn->db == NULL, FALSE);
  g_return_val_if_fail (db != NULL, FALSE);

  db->mark++;
  if (!db->klass->transaction_begin (db, error))
    return FALSE;

  txn->db = db;
  txn->level = db->klass->transaction_depth (db);
  return TRUE;
}

gboolean
ld_db_transaction_commit (LdDbTransaction  *txn,
                          GError          **error)
{
  LdDb *db;

  g_return_val_if_fail (txn != NULL, FALSE);
  g_return_val_if_fail (txn->db != NULL, FALSE);

  db = txn->db;
  g_return_val_if_fail (txn->level == db->klass->transaction_depth (db), FALSE);

  db->mark++;
  if (!db->klass->transaction_commit (db, error))
    return FALSE;

  txn->db = NULL;
  return TRUE;
}

void
ld_db_transaction_rollback (LdDbTransaction *txn)
{
  LdDb *db;

  if (txn == NULL || txn->db == NULL)
    return;

  db = txn->db;
  g_return_if_fail (txn->level == db->klass->transaction_depth (db));

  db->mark++;
  db->klass->transaction_rollback (db);
  txn->db = NULL;
}

/**
 * ld_db_transaction_depth:
 * @db: a connection
 *
 * Returns: how many transactions and savepoints are open
 */
guint
ld_db_transaction_depth (LdDb *db)
{
  g_return_val_if_fail (db != NULL, 0);

  return db->klass->transaction_depth (db);
}

/**
 * ld_db_get_read_mark:
 * @db: a connection
 *
 * A read made inside a transaction may be kept while this stays the same:
 * it moves with every statement the connection runs that is not a SELECT
 * (the triggers it fires included), and at every start and end of a
 * transaction or savepoint. Other connections' commits do not move it:
 * under PostgreSQL's READ COMMITTED a kept read is the data as the
 * transaction first read it, not as its next statement would.
 *
 * Returns: 0 outside a transaction (nothing may be kept), else the mark
 */
guint64
ld_db_get_read_mark (LdDb *db)
{
  g_return_val_if_fail (db != NULL, 0);

  return db->klass->transaction_depth (db) == 0 ? 0 : db->mark;
}

/* ld-sqlite.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-sqlite"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ld-sqlite.h"

struct _LdSqlite
{
  sqlite3    *handle;
  char       *path;
  /* SQL text → CachedStatement, prepared once with SQLITE_PREPARE_PERSISTENT. */
  GHashTable *statements;
  /* The address of the text a caller passed → its CachedStatement: almost
   * every statement is a static string, and hashing its text each time
   * (a few hundred bytes) cost more than the lookup itself. */
  GHashTable *by_address;
  /* One connection belongs to one thread; see ld_sqlite_open(). */
  GThread    *owner;
  /* Open transactions: 1 is BEGIN … COMMIT, more are savepoints in it. */
  guint       depth;
  /* Set by ld_sqlite_set_wal_hook(). */
  struct _WalHook *wal_hook;
  /* How long a statement waits for a lock, and since when it waits. */
  guint       busy_timeout_ms;
  gint64      busy_since_us;
};

typedef struct
{
  char         *sql;
  sqlite3_stmt *stmt;
} CachedStatement;

static void
cached_statement_free (CachedStatement *cached)
{
  sqlite3_finalize (cached->stmt);
  g_free (cached->sql);
  g_free (cached);
}

#define BUSY_TIMEOUT_MS 5000
#define BUSY_POLL_US 500

/* SQLite's own busy timeout sleeps 1, 2, 5 … 100 ms between tries, so a
 * writer held up for 60 ms by a checkpoint (ld_sqlite_checkpoint_restart())
 * would sleep on to 78 ms, or longer. Trying again every half millisecond
 * costs nothing while waiting and answers as soon as the lock is free. */
static int
wait_when_busy (void *data,
                int   n_tries)
{
  LdSqlite *db = data;
  gint64 now = g_get_monotonic_time ();

  if (n_tries == 0)
    db->busy_since_us = now;
  if (now - db->busy_since_us >= (gint64) db->busy_timeout_ms * 1000)
    return 0;
  g_usleep (BUSY_POLL_US);
  return 1;
}

static void
assert_owner (LdSqlite *db)
{
#ifndef G_DISABLE_ASSERT
  g_assert (db->owner == g_thread_self ());
#endif
}

/* The one place SQLite result codes become LD_STORE_ERROR codes. The
 * SQLite message goes to the debug log, never into the GError text, which
 * a person may read. */
static void
set_error_from_code (GError     **error,
                     sqlite3     *handle,
                     int          rc,
                     const char  *what)
{
  LdStoreError code;
  const char *message;

  g_debug ("%s: %s (%d)", what, handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc), rc);

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      code = LD_STORE_ERROR_CONSTRAINT;
      message = "The change conflicts with a record that already exists.";
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = LD_STORE_ERROR_BUSY;
      message = "The database is busy. Please try again.";
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = LD_STORE_ERROR_CORRUPT;
      message = "The database file is damaged or is not a Labdesk database.";
      break;

    case SQLITE_NOTFOUND:
      code = LD_STORE_ERROR_NOT_FOUND;
      message = "The record was not found.";
      break;

    default:
      code = LD_STORE_ERROR_IO;
      message = "The database could not be read or written.";
      break;
    }

  g_set_error_literal (error, LD_STORE_ERROR, code, message);
}

/* SQLite counts every allocation under one process-wide mutex unless told
 * not to, and nothing here reads those counts; with reader threads it was
 * a contended lock on every malloc (seen in perf under bench-patient-search).
 * Configuration must come before SQLite initializes, so the first open does
 * it. */
static void
configure_sqlite_once (void)
{
  static gsize configured = 0;

  if (g_once_init_enter (&configured))
    {
      int rc = sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

      /* SQLITE_MISUSE: something initialized SQLite first; harmless. */
      if (rc != SQLITE_OK)
        g_debug ("sqlite3_config (MEMSTATUS) failed: %s", sqlite3_errstr (rc));
      g_once_init_leave (&configured, 1);
    }
}

/**
 * ld_sqlite_open:
 * @path: the database file
 * @flags: #LdSqliteOpenFlags
 * @error: return location for an %LD_STORE_ERROR
 *
 * Opens @path with WAL journaling, foreign keys on, synchronous=FULL (an
 * acknowledged write is never lost) and a busy timeout. The connection
 * belongs to the calling thread.
 *
 * Returns: (transfer full) (nullable): the connection
 */
LdSqlite *
ld_sqlite_open (const char         *path,
                LdSqliteOpenFlags   flags,
                GError            **error)
{
  return ld_sqlite_open_full (path, flags, NULL, 0, error);
}

/**
 * ld_sqlite_open_full:
 * @path: the database file
 * @flags: #LdSqliteOpenFlags
 * @vfs: (nullable): the SQLite VFS to open it through, such as
 *   %LD_SQLITE_CRYPT_VFS; %NULL for the default
 * @reserve_bytes: bytes kept free at the end of every page of a new
 *   database (an encrypting VFS keeps its nonce and tag there); 0 for none
 * @error: return location for an %LD_STORE_ERROR
 *
 * As ld_sqlite_open(), through another VFS.
 *
 * Returns: (transfer full) (nullable): the connection
 */
LdSqlite *
ld_sqlite_open_full (const char         *path,
                     LdSqliteOpenFlags   flags,
                     const char         *vfs,
                     guint               reserve_bytes,
                     GError            **error)
{
  g_autoptr(LdSqlite) db = NULL;
  /* A connection is only ever used by the thread that opened it (asserted),
   * so SQLite's own per-call mutexes would only cost time. */
  int open_flags = SQLITE_OPEN_NOMUTEX;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (reserve_bytes <= 255, NULL);

  configure_sqlite_once ();

  if (flags & LD_SQLITE_OPEN_READONLY)
    open_flags |= SQLITE_OPEN_READONLY;
  else if (flags & LD_SQLITE_OPEN_NO_CREATE)
    open_flags |= SQLITE_OPEN_READWRITE;
  else
    open_flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

  db = g_new0 (LdSqlite, 1);
  db->path = g_strdup (path);
  db->owner = g_thread_self ();
  db->statements =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) cached_statement_free);
  db->by_address = g_hash_table_new (g_direct_hash, g_direct_equal);

  rc = sqlite3_open_v2 (path, &db->handle, open_flags, vfs);
  if (rc != SQLITE_OK)
    {
      g_debug ("open %s failed: %s", path, sqlite3_errstr (rc));
      if ((rc & 0xff) == SQLITE_CANTOPEN)
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                     "The database file could not be opened.");
      else
        set_error_from_code (error, db->handle, rc, "open");
      return NULL;
    }

  /* Only a new file takes it: the reserve is fixed by the first write. */
  if (reserve_bytes > 0)
    {
      int reserve = reserve_bytes;

      sqlite3_file_control (db->handle, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
    }

  sqlite3_extended_result_codes (db->handle, TRUE);
  db->busy_timeout_ms = BUSY_TIMEOUT_MS;
  sqlite3_busy_handler (db->handle, wait_when_busy, db);

  if (!ld_sqlite_exec (db, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!(flags & LD_SQLITE_OPEN_READONLY))
    {
      if (!ld_sqlite_exec (db, "PRAGMA journal_mode = WAL", error) ||
          !ld_sqlite_exec (db, "PRAGMA synchronous = FULL", error))
        return NULL;
    }

  /* Reading the schema proves the file is a database, not just any file. */
  if (!ld_sqlite_exec (db, "SELECT count(*) FROM sqlite_schema", error))
    return NULL;

  return g_steal_pointer (&db);
}

void
ld_sqlite_close (LdSqlite *db)
{
  if (db == NULL)
    return;

  g_clear_pointer (&db->by_address, g_hash_table_unref);
  g_clear_pointer (&db->statements, g_hash_table_unref);
  if (db->handle != NULL)
    sqlite3_close (db->handle);
  g_clear_pointer (&db->wal_hook, g_free);
  g_free (db->path);
  g_free (db);
}

const char *
ld_sqlite_get_path (LdSqlite *db)
{
  g_return_val_if_fail (db != NULL, NULL);

  return db->path;
}

/**
 * ld_sqlite_exec:
 * @db: a connection
 * @sql: one or more statements with no parameters (pragmas, migrations)
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_sqlite_exec (LdSqlite    *db,
                const char  *sql,
                GError     **error)
{
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  assert_owner (db);

  rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_code (error, db->handle, rc, "exec");
      return FALSE;
    }

  return TRUE;
}

/* Texts built for one call (a list's placeholders) come at ever new
 * addresses: the table is emptied when it grows past what static texts
 * could fill, and fills again from the texts in use. */
#define ADDRESSES_KEPT_MAX 4096

static void
remember_address (LdSqlite        *db,
                  const char      *sql,
                  CachedStatement *cached)
{
  if (g_hash_table_size (db->by_address) >= ADDRESSES_KEPT_MAX)
    g_hash_table_remove_all (db->by_address);
  g_hash_table_insert (db->by_address, (gpointer) sql, cached);
}

/**
 * ld_sqlite_prepare_cached:
 * @db: a connection
 * @sql: one statement, with `?` parameters for every value
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer none) (nullable): the statement, reset and with its
 *   bindings cleared, owned by @db
 */
LdSqliteStmt *
ld_sqlite_prepare_cached (LdSqlite    *db,
                          const char  *sql,
                          GError     **error)
{
  CachedStatement *cached;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  assert_owner (db);

  /* The same address may hold another text by now (a freed string's
   * memory reused): the text is compared before the statement is used. */
  cached = g_hash_table_lookup (db->by_address, sql);
  if (cached == NULL || strcmp (cached->sql, sql) != 0)
    {
      cached = g_hash_table_lookup (db->statements, sql);
      if (cached != NULL)
        remember_address (db, sql, cached);
    }
  if (cached != NULL)
    {
      sqlite3_reset (cached->stmt);
      sqlite3_clear_bindings (cached->stmt);
      return cached->stmt;
    }

  rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_code (error, db->handle, rc, "prepare");
      return NULL;
    }

  cached = g_new (CachedStatement, 1);
  cached->sql = g_strdup (sql);
  cached->stmt = stmt;
  g_hash_table_insert (db->statements, cached->sql, cached);
  remember_address (db, sql, cached);
  return stmt;
}

void
ld_sqlite_bind_text (LdSqliteStmt *stmt,
                     int           index,
                     const char   *value)
{
  g_return_if_fail (stmt != NULL);

  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

void
ld_sqlite_bind_int64 (LdSqliteStmt *stmt,
                      int           index,
                      gint64        value)
{
  g_return_if_fail (stmt != NULL);

  sqlite3_bind_int64 (stmt, index, value);
}

void
ld_sqlite_bind_double (LdSqliteStmt *stmt,
                       int           index,
                       double        value)
{
  g_return_if_fail (stmt != NULL);

  sqlite3_bind_double (stmt, index, value);
}

void
ld_sqlite_bind_null (LdSqliteStmt *stmt,
                     int           index)
{
  g_return_if_fail (stmt != NULL);

  sqlite3_bind_null (stmt, index);
}

void
ld_sqlite_bind_blob (LdSqliteStmt *stmt,
                     int           index,
                     const void   *data,
                     gsize         size)
{
  g_return_if_fail (stmt != NULL);

  sqlite3_bind_blob64 (stmt, index, data, size, SQLITE_TRANSIENT);
}

/**
 * ld_sqlite_step:
 * @stmt: a statement
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %LD_SQLITE_ROW, %LD_SQLITE_DONE, or %LD_SQLITE_ERROR with @error set
 */
LdSqliteStep
ld_sqlite_step (LdSqliteStmt  *stmt,
                GError       **error)
{
  int rc;

  g_return_val_if_fail (stmt != NULL, LD_SQLITE_ERROR);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return LD_SQLITE_ROW;
  if (rc == SQLITE_DONE)
    return LD_SQLITE_DONE;

  set_error_from_code (error, sqlite3_db_handle (stmt), rc, "step");
  sqlite3_reset (stmt);
  return LD_SQLITE_ERROR;
}

/**
 * ld_sqlite_step_done:
 * @stmt: a statement that returns no rows, or whose rows are not wanted
 * @error: return location for an %LD_STORE_ERROR
 *
 * Runs @stmt to completion and resets it.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_sqlite_step_done (LdSqliteStmt  *stmt,
                     GError       **error)
{
  LdSqliteStep step;

  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    ;
  sqlite3_reset (stmt);

  return step == LD_SQLITE_DONE;
}

/**
 * ld_sqlite_reset:
 * @stmt: a statement, perhaps stopped on a row
 *
 * Ends @stmt's run, and with it the read it holds open, for a statement
 * whose rows were not all read.
 */
void
ld_sqlite_reset (LdSqliteStmt *stmt)
{
  g_return_if_fail (stmt != NULL);

  sqlite3_reset (stmt);
}

/**
 * ld_sqlite_exec_cached:
 * @db: a connection
 * @sql: one statement with no parameters, run often (BEGIN, COMMIT, a pragma)
 * @error: return location for an %LD_STORE_ERROR
 *
 * As ld_sqlite_exec(), through the statement cache: parsing "BEGIN
 * IMMEDIATE" and "COMMIT" anew for every transaction was 3% of the
 * server's time under bench-patient-search (perf).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_sqlite_exec_cached (LdSqlite    *db,
                       const char  *sql,
                       GError     **error)
{
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, sql, error);

  return stmt != NULL && ld_sqlite_step_done (stmt, error);
}

const char *
ld_sqlite_column_text (LdSqliteStmt *stmt,
                       int           column)
{
  g_return_val_if_fail (stmt != NULL, NULL);

  return (const char *) sqlite3_column_text (stmt, column);
}

char *
ld_sqlite_column_dup_text (LdSqliteStmt *stmt,
                           int           column)
{
  return g_strdup (ld_sqlite_column_text (stmt, column));
}

/**
 * ld_sqlite_column_dup_bytes:
 * @stmt: a statement on a row
 * @column: the column, from 0
 *
 * Returns: (transfer full): a copy of the column's bytes (empty for NULL)
 */
GBytes *
ld_sqlite_column_dup_bytes (LdSqliteStmt *stmt,
                            int           column)
{
  const void *data;
  int length;

  g_return_val_if_fail (stmt != NULL, NULL);

  /* sqlite3_column_blob() first, then the length, as SQLite asks. */
  data = sqlite3_column_blob (stmt, column);
  length = sqlite3_column_bytes (stmt, column);
  return g_bytes_new (data, length);
}

gint64
ld_sqlite_column_int64 (LdSqliteStmt *stmt,
                        int           column)
{
  g_return_val_if_fail (stmt != NULL, 0);

  return sqlite3_column_int64 (stmt, column);
}

double
ld_sqlite_column_double (LdSqliteStmt *stmt,
                         int           column)
{
  g_return_val_if_fail (stmt != NULL, 0);

  return sqlite3_column_double (stmt, column);
}

gboolean
ld_sqlite_column_is_null (LdSqliteStmt *stmt,
                          int           column)
{
  g_return_val_if_fail (stmt != NULL, TRUE);

  return sqlite3_column_type (stmt, column) == SQLITE_NULL;
}

gint64
ld_sqlite_changes (LdSqlite *db)
{
  g_return_val_if_fail (db != NULL, 0);

  return sqlite3_changes64 (db->handle);
}

typedef enum
{
  LEVEL_BEGIN,
  LEVEL_COMMIT,
  LEVEL_ROLLBACK,
} LevelAction;

/* Level 1 is the transaction itself; deeper levels are savepoints, named
 * here from the level number, never from input. */
static gboolean
exec_level (LdSqlite     *db,
            LevelAction   action,
            guint         level,
            GError      **error)
{
  static const char * const outer[] = { "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK" };
  g_autofree char *sql = NULL;

  if (level == 1)
    return ld_sqlite_exec_cached (db, outer[action], error);

  /* A request of a batch of requests is a savepoint (the server's group
   * commit): its two statements are prepared once. */
  switch (action)
    {
    case LEVEL_BEGIN:
      sql = g_strdup_printf ("SAVEPOINT ld_%u", level);
      return ld_sqlite_exec_cached (db, sql, error);

    case LEVEL_COMMIT:
      sql = g_strdup_printf ("RELEASE ld_%u", level);
      return ld_sqlite_exec_cached (db, sql, error);

    case LEVEL_ROLLBACK:
    default:
      sql = g_strdup_printf ("ROLLBACK TO ld_%u; RELEASE ld_%u", level, level);
      return ld_sqlite_exec (db, sql, error);
    }
}

/**
 * ld_sqlite_transaction_begin:
 * @txn: an uninitialised guard, declared with g_auto()
 * @db: a connection
 * @error: return location for an %LD_STORE_ERROR
 *
 * Starts a write transaction (BEGIN IMMEDIATE, so that a writer waits for
 * the lock up front rather than failing at its first write), or a
 * savepoint when one is already open.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_sqlite_transaction_begin (LdSqliteTransaction  *txn,
                             LdSqlite             *db,
                             GError              **error)
{
  g_return_val_if_fail (txn != NULL, FALSE);
  g_return_val_if_fail (txn->db == NULL, FALSE);

  if (!exec_level (db, LEVEL_BEGIN, db->depth + 1, error))
    return FALSE;

  txn->db = db;
  txn->level = ++db->depth;
  return TRUE;
}

gboolean
ld_sqlite_transaction_commit (LdSqliteTransaction  *txn,
                              GError              **error)
{
  g_return_val_if_fail (txn != NULL, FALSE);
  g_return_val_if_fail (txn->db != NULL, FALSE);
  g_return_val_if_fail (txn->level == txn->db->depth, FALSE);

  if (!exec_level (txn->db, LEVEL_COMMIT, txn->level, error))
    return FALSE;

  txn->db->depth--;
  txn->db = NULL;
  return TRUE;
}

void
ld_sqlite_transaction_rollback (LdSqliteTransaction *txn)
{
  g_autoptr(GError) error = NULL;

  if (txn == NULL || txn->db == NULL)
    return;

  g_return_if_fail (txn->level == txn->db->depth);

  if (!exec_level (txn->db, LEVEL_ROLLBACK, txn->level, &error))
    g_debug ("rollback failed: %s", error->message);
  txn->db->depth--;
  txn->db = NULL;
}

/**
 * ld_sqlite_transaction_depth:
 * @db: a connection
 *
 * Returns: how many transactions and savepoints are open
 */
guint
ld_sqlite_transaction_depth (LdSqlite *db)
{
  g_return_val_if_fail (db != NULL, 0);

  return db->depth;
}

/**
 * ld_sqlite_in_transaction:
 * @db: a connection
 *
 * SQLite ends a transaction by itself on some errors (SQLITE_FULL,
 * SQLITE_IOERR, SQLITE_NOMEM…), whatever ld_sqlite_transaction_depth()
 * still counts.
 *
 * Returns: whether the connection is inside a transaction
 */
gboolean
ld_sqlite_in_transaction (LdSqlite *db)
{
  g_return_val_if_fail (db != NULL, FALSE);

  return !sqlite3_get_autocommit (db->handle);
}

gboolean
ld_sqlite_get_user_version (LdSqlite  *db,
                            gint64    *out_version,
                            GError   **error)
{
  LdSqliteStmt *stmt;

  g_return_val_if_fail (out_version != NULL, FALSE);

  stmt = ld_sqlite_prepare_cached (db, "PRAGMA user_version", error);
  if (stmt == NULL || ld_sqlite_step (stmt, error) != LD_SQLITE_ROW)
    return FALSE;

  *out_version = ld_sqlite_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
ld_sqlite_set_user_version (LdSqlite  *db,
                            gint64     version,
                            GError   **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (version >= 0, FALSE);

  /* PRAGMA takes no bound parameters; the value is an integer we made. */
  sql = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version);
  return ld_sqlite_exec (db, sql, error);
}

/**
 * ld_sqlite_backup_to:
 * @db: a connection
 * @dest_path: a file to write; replaced if it exists
 * @error: return location for an %LD_STORE_ERROR
 *
 * Copies a consistent snapshot with SQLite's online backup, in one step:
 * in WAL mode that step holds only a read transaction, so a server writing
 * to the same file keeps serving. In several steps, every commit by
 * another connection between two steps restarts the copy from the first
 * page, and under a steady stream of writes a large copy never ended
 * (a 54 MB database with one desk registering patients: 11 s, finishing
 * only once the desk stopped, against 0.6 s idle).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_sqlite_backup_to (LdSqlite    *db,
                     const char  *dest_path,
                     GError     **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_close (dest);
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The backup file could not be created.");
      return FALSE;
    }

  backup = sqlite3_backup_init (dest, "main", db->handle, "main");
  if (backup == NULL)
    {
      set_error_from_code (error, dest, sqlite3_errcode (dest), "backup_init");
      sqlite3_close (dest);
      return FALSE;
    }

  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (20);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      set_error_from_code (error, dest, rc, "backup_step");
      sqlite3_close (dest);
      return FALSE;
    }

  rc = sqlite3_close (dest);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The backup file could not be completed.");
      return FALSE;
    }

  return TRUE;
}

/**
 * ld_sqlite_integrity_check:
 * @db: a connection
 * @out_problems: (out) (transfer full) (nullable): what is wrong, or %NULL
 * @error: return location for an %LD_STORE_ERROR
 *
 * Runs SQLite's integrity and foreign key checks.
 *
 * Returns: %TRUE if the checks ran (look at @out_problems for their verdict)
 */
gboolean
ld_sqlite_integrity_check (LdSqlite  *db,
                           char     **out_problems,
                           GError   **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  LdSqliteStmt *stmt;
  LdSqliteStep step;

  g_return_val_if_fail (out_problems != NULL, FALSE);

  stmt = ld_sqlite_prepare_cached (db, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      const char *line = ld_sqlite_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (problems, "%s\n", line);
    }
  if (step == LD_SQLITE_ERROR)
    return FALSE;

  stmt = ld_sqlite_prepare_cached (db, "PRAGMA foreign_key_check", error);
  if (stmt == NULL)
    return FALSE;
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    g_string_append_printf (problems, "foreign key broken: table %s row %" G_GINT64_FORMAT
                            " refers to missing %s\n",
                            ld_sqlite_column_text (stmt, 0),
                            ld_sqlite_column_int64 (stmt, 1),
                            ld_sqlite_column_text (stmt, 2));
  if (step == LD_SQLITE_ERROR)
    return FALSE;

  *out_problems = problems->len > 0 ? g_string_free (g_steal_pointer (&problems), FALSE) : NULL;
  return TRUE;
}

typedef struct _WalHook
{
  LdSqliteWalFunc func;
  gpointer        data;
} WalHook;

static int
on_wal_commit (void       *user_data,
               sqlite3    *handle,
               const char *schema,
               int         n_frames)
{
  WalHook *hook = user_data;

  hook->func (n_frames, hook->data);
  return SQLITE_OK;
}

/**
 * ld_sqlite_set_wal_hook:
 * @db: a connection in WAL mode
 * @func: (nullable): called on @db's thread after each commit with the
 *   number of frames in the write-ahead log, or %NULL to restore SQLite's
 *   own automatic checkpoints
 * @data: for @func
 *
 * With a hook set, @db no longer checkpoints by itself: the hook decides
 * when a checkpoint runs, typically on another connection and thread, so
 * the commit that fills the log does not pay for copying it back.
 */
void
ld_sqlite_set_wal_hook (LdSqlite        *db,
                        LdSqliteWalFunc  func,
                        gpointer         data)
{
  g_return_if_fail (db != NULL);
  assert_owner (db);

  g_clear_pointer (&db->wal_hook, g_free);
  if (func == NULL)
    {
      sqlite3_wal_autocheckpoint (db->handle, 1000);
      return;
    }

  db->wal_hook = g_new0 (WalHook, 1);
  db->wal_hook->func = func;
  db->wal_hook->data = data;
  /* Replaces the automatic checkpoint, which is itself a WAL hook. */
  sqlite3_wal_hook (db->handle, on_wal_commit, db->wal_hook);
}

/**
 * ld_sqlite_checkpoint:
 * @db: a connection in WAL mode
 * @out_done: (out) (optional): whether every frame of the log is now in
 *   the database file
 * @out_copied: (out) (optional): how many of the log's frames, from its
 *   start, are now in the database file
 * @error: return location for an %LD_STORE_ERROR
 *
 * Copies what it can of the write-ahead log into the database file without
 * waiting for readers or writers (a passive checkpoint), and syncs it.
 *
 * Returns: %TRUE unless the checkpoint failed
 */
gboolean
ld_sqlite_checkpoint (LdSqlite  *db,
                      gboolean  *out_done,
                      int       *out_copied,
                      GError   **error)
{
  int n_log = 0;
  int n_copied = 0;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  assert_owner (db);

  rc = sqlite3_wal_checkpoint_v2 (db->handle, NULL, SQLITE_CHECKPOINT_PASSIVE, &n_log, &n_copied);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    {
      set_error_from_code (error, db->handle, rc, "checkpoint");
      return FALSE;
    }

  if (out_done != NULL)
    *out_done = rc == SQLITE_OK && n_copied == n_log;
  if (out_copied != NULL)
    *out_copied = MAX (n_copied, 0);
  return TRUE;
}

/**
 * ld_sqlite_checkpoint_restart:
 * @db: a connection in WAL mode
 * @wait_ms: how long to wait for the writer and the readers
 * @out_restarted: (out): whether the next write starts the log again
 *   from its beginning
 * @error: return location for an %LD_STORE_ERROR
 *
 * Copies the whole write-ahead log into the database file and syncs it,
 * then waits until no reader still reads from the log, so that the next
 * commit writes the log from its start again (and a connection with a
 * `journal_size_limit` cuts the file down to it). This blocks writers for
 * the length of the copy: call it after a passive checkpoint has copied
 * most of the log. Waiting longer than @wait_ms for the writer or a reader
 * gives up without an error, as a passive checkpoint would.
 *
 * Returns: %TRUE unless the checkpoint failed
 */
gboolean
ld_sqlite_checkpoint_restart (LdSqlite  *db,
                              guint      wait_ms,
                              gboolean  *out_restarted,
                              GError   **error)
{
  int rc;

  g_return_val_if_fail (db != NULL && out_restarted != NULL, FALSE);
  assert_owner (db);

  db->busy_timeout_ms = MIN (wait_ms, BUSY_TIMEOUT_MS);
  rc = sqlite3_wal_checkpoint_v2 (db->handle, NULL, SQLITE_CHECKPOINT_RESTART, NULL, NULL);
  db->busy_timeout_ms = BUSY_TIMEOUT_MS;
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    {
      set_error_from_code (error, db->handle, rc, "checkpoint");
      return FALSE;
    }

  *out_restarted = rc == SQLITE_OK;
  return TRUE;
}

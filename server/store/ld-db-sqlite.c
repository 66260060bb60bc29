/* ld-db-sqlite.c: the store's database vocabulary on shared/sqlite
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-db"

#include "config.h"

#include "ld-db-private.h"
#include "ld-db-sqlite.h"

/* Every call goes to the one SQLite wrapper (shared/sqlite, which the
 * client's cache uses too), so the store behaves as it did before the
 * vocabulary existed: same pragmas, same statement cache, same error
 * mapping, same savepoints. */

typedef struct
{
  LdDb        parent;
  LdSqlite   *handle;
  /* LdSqliteStmt → Stmt. The wrapper keeps the cache by SQL text; this
   * only gives each of its statements a face of the vocabulary. */
  GHashTable *stmts;
  /* The open LdSqliteTransaction guards, outermost first. */
  GArray     *levels;
} Db;

typedef struct
{
  LdDbStmt      parent;
  LdSqliteStmt *stmt;
} Stmt;

#define DB(db)     ((Db *) (db))
#define STMT(stmt) (((Stmt *) (stmt))->stmt)

static void
db_close (LdDb *db)
{
  Db *self = DB (db);

  /* A guard still open is rolled back by closing the connection. */
  g_clear_pointer (&self->levels, g_array_unref);
  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->handle, ld_sqlite_close);
  g_free (self);
}

static gboolean
db_exec (LdDb        *db,
         const char  *sql,
         GError     **error)
{
  return ld_sqlite_exec (DB (db)->handle, sql, error);
}

static LdDbStmt *
db_prepare_cached (LdDb        *db,
                   const char  *sql,
                   GError     **error)
{
  Db *self = DB (db);
  LdSqliteStmt *inner = ld_sqlite_prepare_cached (self->handle, sql, error);
  Stmt *stmt;

  if (inner == NULL)
    return NULL;

  stmt = g_hash_table_lookup (self->stmts, inner);
  if (stmt == NULL)
    {
      stmt = g_new0 (Stmt, 1);
      stmt->parent.db = db;
      stmt->stmt = inner;
      g_hash_table_insert (self->stmts, inner, stmt);
    }
  return &stmt->parent;
}

static void
stmt_bind_text (LdDbStmt   *stmt,
                int         index,
                const char *value)
{
  ld_sqlite_bind_text (STMT (stmt), index, value);
}

static void
stmt_bind_int64 (LdDbStmt *stmt,
                 int       index,
                 gint64    value)
{
  ld_sqlite_bind_int64 (STMT (stmt), index, value);
}

static void
stmt_bind_double (LdDbStmt *stmt,
                  int       index,
                  double    value)
{
  ld_sqlite_bind_double (STMT (stmt), index, value);
}

static void
stmt_bind_null (LdDbStmt *stmt,
                int       index)
{
  ld_sqlite_bind_null (STMT (stmt), index);
}

static void
stmt_bind_blob (LdDbStmt   *stmt,
                int         index,
                const void *data,
                gsize       size)
{
  ld_sqlite_bind_blob (STMT (stmt), index, data, size);
}

static LdDbStep
stmt_step (LdDbStmt  *stmt,
           GError   **error)
{
  switch (ld_sqlite_step (STMT (stmt), error))
    {
    case LD_SQLITE_ROW:
      return LD_DB_ROW;
    case LD_SQLITE_DONE:
      return LD_DB_DONE;
    case LD_SQLITE_ERROR:
    default:
      return LD_DB_ERROR;
    }
}

static void
stmt_reset (LdDbStmt *stmt)
{
  ld_sqlite_reset (STMT (stmt));
}

static const char *
stmt_column_text (LdDbStmt *stmt,
                  int       column)
{
  return ld_sqlite_column_text (STMT (stmt), column);
}

static GBytes *
stmt_column_dup_bytes (LdDbStmt *stmt,
                       int       column)
{
  return ld_sqlite_column_dup_bytes (STMT (stmt), column);
}

static gint64
stmt_column_int64 (LdDbStmt *stmt,
                   int       column)
{
  return ld_sqlite_column_int64 (STMT (stmt), column);
}

static double
stmt_column_double (LdDbStmt *stmt,
                    int       column)
{
  return ld_sqlite_column_double (STMT (stmt), column);
}

static gboolean
stmt_column_is_null (LdDbStmt *stmt,
                     int       column)
{
  return ld_sqlite_column_is_null (STMT (stmt), column);
}

static gint64
db_changes (LdDb *db)
{
  return ld_sqlite_changes (DB (db)->handle);
}

static gboolean
db_transaction_begin (LdDb    *db,
                      GError **error)
{
  Db *self = DB (db);
  LdSqliteTransaction level = { NULL };

  if (!ld_sqlite_transaction_begin (&level, self->handle, error))
    return FALSE;

  g_array_append_val (self->levels, level);
  return TRUE;
}

static LdSqliteTransaction *
innermost (Db *self)
{
  g_assert (self->levels->len > 0);

  return &g_array_index (self->levels, LdSqliteTransaction, self->levels->len - 1);
}

static gboolean
db_transaction_commit (LdDb    *db,
                       GError **error)
{
  Db *self = DB (db);

  if (!ld_sqlite_transaction_commit (innermost (self), error))
    return FALSE;

  g_array_set_size (self->levels, self->levels->len - 1);
  return TRUE;
}

static void
db_transaction_rollback (LdDb *db)
{
  Db *self = DB (db);

  ld_sqlite_transaction_rollback (innermost (self));
  g_array_set_size (self->levels, self->levels->len - 1);
}

/* The wrapper's count, which also sees a transaction opened on the handle
 * itself (the migrations do that). */
static guint
db_transaction_depth (LdDb *db)
{
  return ld_sqlite_transaction_depth (DB (db)->handle);
}

static const LdDbClass sqlite_class = {
  .backend = LD_DB_SQLITE,
  .close = db_close,
  .exec = db_exec,
  .prepare_cached = db_prepare_cached,
  .bind_text = stmt_bind_text,
  .bind_int64 = stmt_bind_int64,
  .bind_double = stmt_bind_double,
  .bind_null = stmt_bind_null,
  .bind_blob = stmt_bind_blob,
  .step = stmt_step,
  .reset = stmt_reset,
  .column_text = stmt_column_text,
  .column_dup_bytes = stmt_column_dup_bytes,
  .column_int64 = stmt_column_int64,
  .column_double = stmt_column_double,
  .column_is_null = stmt_column_is_null,
  .changes = db_changes,
  .transaction_begin = db_transaction_begin,
  .transaction_commit = db_transaction_commit,
  .transaction_rollback = db_transaction_rollback,
  .transaction_depth = db_transaction_depth,
};

/**
 * ld_db_sqlite_open:
 * @path: the database file
 * @flags: #LdSqliteOpenFlags
 * @error: return location for an %LD_STORE_ERROR
 *
 * Opens @path as ld_sqlite_open() does (WAL, foreign keys, synchronous=FULL,
 * a busy timeout). The connection belongs to the calling thread.
 *
 * Returns: (transfer full) (nullable): the connection
 */
LdDb *
ld_db_sqlite_open (const char         *path,
                   LdSqliteOpenFlags   flags,
                   GError            **error)
{
  LdSqlite *handle = ld_sqlite_open (path, flags, error);
  Db *self;

  if (handle == NULL)
    return NULL;

  self = g_new0 (Db, 1);
  self->parent.klass = &sqlite_class;
  self->handle = handle;
  self->stmts = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->levels = g_array_new (FALSE, TRUE, sizeof (LdSqliteTransaction));
  return &self->parent;
}

/**
 * ld_db_sqlite_get_handle:
 * @db: a connection opened by ld_db_sqlite_open()
 *
 * For what only SQLite has, and what the wrapper does for the client too:
 * migrations by `user_version`, online backup, integrity checks, the WAL
 * checkpointer, the patients' name index.
 *
 * Returns: (transfer none): the wrapper's connection
 */
LdSqlite *
ld_db_sqlite_get_handle (LdDb *db)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (db->klass == &sqlite_class, NULL);

  return DB (db)->handle;
}

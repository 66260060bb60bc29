/* ld-store-migrate-pg.c: PostgreSQL's own numbered schema files
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * migrations-pg/ is numbered apart from SQLite's migrations/: each
 * backend's files give the same schema in its own types. The version is
 * a row of schema_version, PostgreSQL having no user_version; each file
 * runs in one transaction with the version it brings. Several servers may
 * start at once on one database: the first takes schema_version's lock
 * and migrates, the others wait for it and then find nothing to do.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include <gio/gio.h>

#include "ld-sqlite-migrate.h"
#include "ld-store-migrate-pg.h"

#define MIGRATIONS_PG_PATH "/org/labdesk/Labdesk/server/migrations-pg"

/**
 * ld_store_pg_latest_schema:
 *
 * Returns: the PostgreSQL schema version this program creates and
 *   understands
 */
gint64
ld_store_pg_latest_schema (void)
{
  /* Only the numbering of files is shared with SQLite, not its SQL. */
  return ld_sqlite_migrations_latest (MIGRATIONS_PG_PATH);
}

static gboolean
read_schema (LdDb     *db,
             gint64   *out_schema,
             GError  **error)
{
  static const char sql[] = "SELECT coalesce (max (version), 0) FROM schema_version";
  LdDbStmt *stmt = ld_db_prepare_cached (db, sql, error);

  if (stmt == NULL || ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  *out_schema = ld_db_column_int64 (stmt, 0);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_pg_get_schema:
 * @db: a PostgreSQL connection
 * @out_schema: (out): the schema version; 0 for an empty database
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_pg_get_schema (LdDb     *db,
                        gint64   *out_schema,
                        GError  **error)
{
  static const char exists_sql[] = "SELECT to_regclass ('schema_version') IS NOT NULL";
  LdDbStmt *stmt;
  gboolean exists;

  g_return_val_if_fail (db != NULL && out_schema != NULL, FALSE);

  stmt = ld_db_prepare_cached (db, exists_sql, error);
  if (stmt == NULL || ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  exists = ld_db_column_int (stmt, 0) != 0;
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  *out_schema = 0;
  return !exists || read_schema (db, out_schema, error);
}

static gboolean
apply (LdDb        *db,
       const char  *name,
       gint64       number,
       GError     **error)
{
  static const char set_sql[] = "UPDATE schema_version SET version = ?1";
  g_autofree char *path = g_build_path ("/", MIGRATIONS_PG_PATH, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  LdDbStmt *stmt;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (bytes != NULL);

  g_debug ("migrating to %s", name);
  /* The files are ours and compiled in; the simple protocol runs a file
   * of many statements at once. */
  if (!ld_db_exec (db, g_bytes_get_data (bytes, NULL), error))
    return FALSE;

  stmt = ld_db_prepare_cached (db, set_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_int64 (stmt, 1, number);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_pg_migrate:
 * @db: a PostgreSQL connection, outside any transaction
 * @error: return location for an %LD_STORE_ERROR
 *
 * Applies each file of migrations-pg/ newer than the database's version,
 * in number order, each in its own transaction. A database newer than the
 * last file is refused with %LD_STORE_ERROR_TOO_NEW and left as it is.
 *
 * Returns: %TRUE when the schema is up to date
 */
gboolean
ld_store_pg_migrate (LdDb     *db,
                     GError  **error)
{
  static const char create_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL);"
    " INSERT INTO schema_version (version)"
    "  SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)";
  g_auto(GStrv) names = ld_sqlite_migrations_list (MIGRATIONS_PG_PATH);
  gint64 latest = ld_store_pg_latest_schema ();
  gint64 schema = 0;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (ld_db_transaction_depth (db) == 0, FALSE);

  /* Two servers starting on an empty database may both create it; the
   * loser's unique violation on the catalog is harmless, and it reads the
   * version under the lock below like any other. */
  if (!ld_db_exec (db, create_sql, NULL) && !ld_store_pg_get_schema (db, &schema, error))
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_auto(LdDbTransaction) txn = { NULL };
      gint64 number = ld_sqlite_migration_number (names[i]);

      if (!ld_db_transaction_begin (&txn, db, error) ||
          !ld_db_exec (db, "LOCK TABLE schema_version IN EXCLUSIVE MODE", error) ||
          !read_schema (db, &schema, error))
        return FALSE;

      if (schema > latest)
        {
          g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW,
                       "This database was created by a newer Labdesk (schema %" G_GINT64_FORMAT
                       ", this server knows %" G_GINT64_FORMAT ").", schema, latest);
          return FALSE;
        }
      if (number <= schema)
        continue;

      if (!apply (db, names[i], number, error) || !ld_db_transaction_commit (&txn, error))
        return FALSE;
    }

  return TRUE;
}

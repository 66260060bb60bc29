/* ld-sqlite-migrate.c: numbered schema files, applied in order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's database and the client's cache both version their schema
 * with PRAGMA user_version and a folder of "NNNN-short-name.sql" files
 * compiled into a GResource. This is the one runner for both: the files
 * are ordered by their number (then name), never by where their names
 * happen to sit in memory, and each newer one commits together with the
 * version that records it.
 */

#define G_LOG_DOMAIN "ld-sqlite"

#include "config.h"

#include <gio/gio.h>

#include "ld-sqlite-migrate.h"

/**
 * ld_sqlite_migration_number:
 * @name: a migration's file name, such as "0002-patients.sql"
 *
 * Returns: the schema version the file brings the database to; 0 when
 *   the name does not start with a number
 */
gint64
ld_sqlite_migration_number (const char *name)
{
  g_return_val_if_fail (name != NULL, 0);

  if (!g_ascii_isdigit (name[0]))
    return 0;
  return g_ascii_strtoll (name, NULL, 10);
}

static int
compare_numbered (const char *name_a,
                  const char *name_b)
{
  gint64 number_a = ld_sqlite_migration_number (name_a);
  gint64 number_b = ld_sqlite_migration_number (name_b);

  if (number_a != number_b)
    return number_a < number_b ? -1 : 1;
  return strcmp (name_a, name_b);
}

/* The array holds pointers to the names: compare what they point at. */
static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return compare_numbered (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_migrations (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return compare_numbered (((const LdSqliteMigration *) a)->name,
                           ((const LdSqliteMigration *) b)->name);
}

/**
 * ld_sqlite_migrations_sort:
 * @names: (array length=n_names): migration file names
 * @n_names: how many
 *
 * Sorts @names in place in the order they apply: by number, then by name.
 */
void
ld_sqlite_migrations_sort (const char **names,
                           guint        n_names)
{
  g_return_if_fail (names != NULL || n_names == 0);

  g_qsort_with_data (names, n_names, sizeof (char *), compare_names, NULL);
}

/**
 * ld_sqlite_migrations_list:
 * @resource_path: a GResource folder of migration files
 *
 * Returns: (transfer full): the files' names in the order they apply;
 *   empty when the folder holds none
 */
GStrv
ld_sqlite_migrations_list (const char *resource_path)
{
  GStrv names;

  g_return_val_if_fail (resource_path != NULL, NULL);

  names = g_resources_enumerate_children (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (names == NULL)
    return g_new0 (char *, 1);

  ld_sqlite_migrations_sort ((const char **) names, g_strv_length (names));
  return names;
}

/**
 * ld_sqlite_migrations_latest:
 * @resource_path: a GResource folder of migration files
 *
 * Returns: the schema version the folder's last file brings a database to
 */
gint64
ld_sqlite_migrations_latest (const char *resource_path)
{
  g_auto(GStrv) names = ld_sqlite_migrations_list (resource_path);
  guint n = g_strv_length (names);

  return n > 0 ? ld_sqlite_migration_number (names[n - 1]) : 0;
}

/**
 * ld_sqlite_migrate_list:
 * @db: a connection, outside any transaction
 * @migrations: (array length=n_migrations): the schema's files, in any order
 * @n_migrations: how many
 * @error: return location for an %LD_STORE_ERROR
 *
 * Applies, in number order, each migration newer than the database's
 * user_version, each in its own transaction with the version it brings.
 * Every name must start with its own number, above 0. A database newer
 * than the last migration is refused with
 * %LD_STORE_ERROR_TOO_NEW and left as it is.
 *
 * Returns: %TRUE when the schema is up to date
 */
gboolean
ld_sqlite_migrate_list (LdSqlite                 *db,
                        const LdSqliteMigration  *migrations,
                        guint                     n_migrations,
                        GError                  **error)
{
  g_autofree LdSqliteMigration *sorted = NULL;
  gint64 current;
  gint64 latest;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (migrations != NULL || n_migrations == 0, FALSE);

  for (guint i = 0; i < n_migrations; i++)
    g_return_val_if_fail (ld_sqlite_migration_number (migrations[i].name) > 0, FALSE);
  sorted = g_memdup2 (migrations, n_migrations * sizeof *migrations);
  g_qsort_with_data (sorted, n_migrations, sizeof *sorted, compare_migrations, NULL);
  /* Two files of one number would leave the second silently unapplied. */
  for (guint i = 1; i < n_migrations; i++)
    g_return_val_if_fail (ld_sqlite_migration_number (sorted[i - 1].name) !=
                            ld_sqlite_migration_number (sorted[i].name),
                          FALSE);

  latest = n_migrations > 0 ? ld_sqlite_migration_number (sorted[n_migrations - 1].name) : 0;
  if (!ld_sqlite_get_user_version (db, &current, error))
    return FALSE;
  if (current > latest)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW,
                   "This database was created by a newer Labdesk (schema %" G_GINT64_FORMAT
                   ", this program knows %" G_GINT64_FORMAT ").", current, latest);
      return FALSE;
    }

  for (guint i = 0; i < n_migrations; i++)
    {
      g_auto(LdSqliteTransaction) txn = { NULL };
      gint64 number = ld_sqlite_migration_number (sorted[i].name);

      if (number <= current)
        continue;

      /* The schema change and the version that records it commit
       * together, so a crash leaves either the old schema or the new. */
      if (!ld_sqlite_transaction_begin (&txn, db, error) ||
          !ld_sqlite_exec (db, sorted[i].sql, error) ||
          !ld_sqlite_set_user_version (db, number, error) ||
          !ld_sqlite_transaction_commit (&txn, error))
        return FALSE;
      g_info ("schema migrated to %s", sorted[i].name);
    }

  return TRUE;
}

/**
 * ld_sqlite_migrate:
 * @db: a connection, outside any transaction
 * @resource_path: a GResource folder of "NNNN-short-name.sql" files
 * @error: return location for an %LD_STORE_ERROR
 *
 * ld_sqlite_migrate_list() over the files of @resource_path.
 *
 * Returns: %TRUE when the schema is up to date
 */
gboolean
ld_sqlite_migrate (LdSqlite    *db,
                   const char  *resource_path,
                   GError     **error)
{
  g_auto(GStrv) names = ld_sqlite_migrations_list (resource_path);
  guint n = g_strv_length (names);
  g_autofree LdSqliteMigration *migrations = g_new0 (LdSqliteMigration, n + 1);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_build_path ("/", resource_path, names[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      char *sql;

      if (bytes == NULL)
        return FALSE;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_ptr_array_add (texts, sql);
      migrations[i].name = names[i];
      migrations[i].sql = sql;
    }

  return ld_sqlite_migrate_list (db, migrations, n, error);
}

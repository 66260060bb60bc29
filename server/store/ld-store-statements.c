/* ld-store-statements.c: the statements the store runs, and their plans
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-store-private.h"

/* Statements are built from macros and, for some lists, at run time, so no
 * grep of the sources yields the text SQLite plans. Recording what the
 * store really prepares does, for every connection of the process. */
static gint recording;
static GMutex recorded_lock;
static GHashTable *recorded;

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

LdDbStmt *
ld_store_prepare (LdStore     *store,
                  const char  *sql,
                  GError     **error)
{
  if (g_atomic_int_get (&recording))
    {
      g_mutex_lock (&recorded_lock);
      if (!g_hash_table_contains (recorded, sql))
        g_hash_table_add (recorded, g_strdup (sql));
      g_mutex_unlock (&recorded_lock);
    }

  return ld_db_prepare_cached (store->db, sql, error);
}

/**
 * ld_store_record_statements:
 *
 * From now on, notes the text of every statement any store prepares, for
 * ld_store_dup_recorded_statements(). For tests and benchmarks.
 */
void
ld_store_record_statements (void)
{
  g_mutex_lock (&recorded_lock);
  if (recorded == NULL)
    recorded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_unlock (&recorded_lock);
  g_atomic_int_set (&recording, 1);
}

/**
 * ld_store_dup_recorded_statements:
 *
 * Returns: (transfer full): the statements prepared since
 *   ld_store_record_statements(), sorted
 */
GStrv
ld_store_dup_recorded_statements (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer sql;

  g_mutex_lock (&recorded_lock);
  if (recorded != NULL)
    {
      g_hash_table_iter_init (&iter, recorded);
      while (g_hash_table_iter_next (&iter, &sql, NULL))
        g_ptr_array_add (texts, sql);
      g_ptr_array_sort (texts, compare_strings);
      for (guint i = 0; i < texts->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (texts, i));
    }
  g_mutex_unlock (&recorded_lock);

  return g_strv_builder_end (builder);
}

/**
 * ld_store_dup_query_plan:
 * @store: a store
 * @sql: a statement the store runs
 * @error: return location for an %LD_STORE_ERROR
 *
 * How the database would run @sql: one line per step, as the backend
 * words it ("SCAN orders", "SEARCH orders USING INDEX …", "USE TEMP B-TREE
 * FOR ORDER BY" on SQLite; "Index Scan using … on orders" on PostgreSQL,
 * which plans with the statement's parameters unknown). For tests and
 * benchmarks.
 *
 * Returns: (transfer full) (nullable): the plan's lines
 */
GStrv
ld_store_dup_query_plan (LdStore     *store,
                         const char  *sql,
                         GError     **error)
{
  gboolean pg = ld_db_get_backend (store->db) == LD_DB_POSTGRESQL;
  /* A statement of our own, not a value: the one place SQL text is joined.
   * PostgreSQL words its plan its own way, one line per row. */
  g_autofree char *explain = g_strconcat (pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = ld_db_prepare_cached (store->db, explain, error);
  if (stmt == NULL)
    return NULL;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_strv_builder_add (lines, ld_db_column_text (stmt, pg ? 0 : 3));

  return step == LD_DB_DONE ? g_strv_builder_end (lines) : NULL;
}

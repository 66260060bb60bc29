/* ld-store-statements.c: the statements the store runs, and their plans
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-db-pg-sql.h"
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

static GStrv
dup_plan_lines (LdStore     *store,
                const char  *explain,
                guint        column,
                GError     **error)
{
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  LdDbStmt *stmt;
  LdDbStep step;

  stmt = ld_db_prepare_cached (store->db, explain, error);
  if (stmt == NULL)
    return NULL;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_strv_builder_add (lines, ld_db_column_text (stmt, column));

  return step == LD_DB_DONE ? g_strv_builder_end (lines) : NULL;
}

/* PostgreSQL's plan of @sql as the writers run it (force_generic_plan,
 * ld-db-pg.c): one plan for any values, where EXPLAIN of the text would
 * show a plan for NULLs. Sequential scans are priced out, so that a
 * test's few rows plan as a large lab's would: a "Seq Scan" of a table
 * then means that no index serves the statement. */
static GStrv
dup_generic_plan (LdStore     *store,
                  const char  *sql,
                  GError     **error)
{
  g_autoptr(GString) prepare = g_string_new ("PREPARE ld_plan_probe");
  g_autoptr(GString) explain = g_string_new ("EXPLAIN EXECUTE ld_plan_probe");
  g_autofree guint8 *used = NULL;
  g_autofree char *text = NULL;
  GStrv plan = NULL;
  guint n_params = 0;

  text = ld_db_pg_rewrite_parameters (sql, &n_params, &used, error);
  if (text == NULL)
    return NULL;

  /* Each parameter's type as the server's own prepare gives it: inferred
   * where the text uses it, text where it does not (ld-db-pg.c). */
  for (guint i = 0; i < n_params; i++)
    {
      g_string_append (prepare, i == 0 ? " (" : ", ");
      g_string_append (prepare, used[i] ? "unknown" : "text");
      g_string_append (explain, i == 0 ? " (NULL" : ", NULL");
    }
  if (n_params > 0)
    {
      g_string_append_c (prepare, ')');
      g_string_append_c (explain, ')');
    }
  /* The store's own statement, never a value. */
  g_string_append_printf (prepare, " AS %s", text);

  if (!ld_db_exec (store->db, "SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off",
                   error))
    return NULL;
  if (ld_db_exec (store->db, prepare->str, error))
    {
      plan = dup_plan_lines (store, explain->str, 0, error);
      if (!ld_db_exec (store->db, "DEALLOCATE ld_plan_probe", plan != NULL ? error : NULL))
        g_clear_pointer (&plan, g_strfreev);
    }
  if (!ld_db_exec (store->db, "RESET plan_cache_mode; RESET enable_seqscan",
                   plan != NULL ? error : NULL))
    g_clear_pointer (&plan, g_strfreev);

  return plan;
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
 * its generic plan, the one for any values, with sequential scans priced
 * out so that a small database plans as a large one). For tests and
 * benchmarks.
 *
 * Returns: (transfer full) (nullable): the plan's lines
 */
GStrv
ld_store_dup_query_plan (LdStore     *store,
                         const char  *sql,
                         GError     **error)
{
  g_autofree char *explain = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (ld_db_get_backend (store->db) == LD_DB_POSTGRESQL)
    return dup_generic_plan (store, sql, error);

  /* A statement of our own, not a value: with dup_generic_plan()'s, the
   * one place SQL text is joined. */
  explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  return dup_plan_lines (store, explain, 3, error);
}

/* test-client-cache-plan.c: the cache's lists read through their indexes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real cache database, made by the cache's own migrations; each
 * statement of a view asked of SQLite with EXPLAIN QUERY PLAN. Batch
 * entry's list of one test's pending results (PENDING_RESULTS) must find
 * its rows by migration 0008's index and take their order from it: no
 * scan of the results table, no sort of its rows.
 */

#include "config.h"

#include "ld-cache-view.h"
#include "ld-sqlite.h"
#include "ld-sqlite-migrate.h"
#include "ld-test-server.h"

#define MIGRATIONS_PATH "/org/labdesk/Labdesk/cache/migrations"

GResource *ld_cache_get_resource (void);

/* The plan's lines, one per step, as SQLite words them. */
static char *
dup_plan (LdSqlite   *db,
          const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GError) error = NULL;
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, explain, &error);
  GString *plan = g_string_new (NULL);
  LdSqliteStep step;

  g_assert_no_error (error);
  while ((step = ld_sqlite_step (stmt, &error)) == LD_SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", ld_sqlite_column_text (stmt, 3));
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, LD_SQLITE_DONE);
  ld_sqlite_reset (stmt);
  return g_string_free (plan, FALSE);
}

static void
assert_reads_by_index (LdSqlite   *db,
                       const char *sql,
                       const char *index,
                       gboolean    ordered)
{
  g_autofree char *plan = dup_plan (db, sql);
  g_autofree char *search = g_strdup_printf ("SEARCH results USING INDEX %s", index);
  g_autofree char *covering = g_strdup_printf ("SEARCH results USING COVERING INDEX %s", index);

  if (strstr (plan, search) == NULL && strstr (plan, covering) == NULL)
    g_error ("Not read through %s:\n%s\n%s", index, sql, plan);
  if (strstr (plan, "SCAN results") != NULL)
    g_error ("Scans the results:\n%s\n%s", sql, plan);
  if (ordered && strstr (plan, "TEMP B-TREE") != NULL)
    g_error ("Sorts the rows rather than read them in order:\n%s\n%s", sql, plan);
}

static void
test_pending_results (void)
{
  g_autofree char *dir = g_dir_make_tmp ("labdesk-plan-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCacheView) view = ld_cache_view_new_pending_results ("GLUF");
  const LdCacheViewSql *sql = ld_cache_view_get_sql (view);
  LdSqlite *db;

  (void) ld_cache_get_resource ();
  db = ld_sqlite_open (path, LD_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (ld_sqlite_migrate (db, MIGRATIONS_PATH, &error));
  g_assert_no_error (error);
  g_assert_nonnull (sql);

  /* One row by its id: the primary key finds it at once. */
  assert_reads_by_index (db, sql->locate, "sqlite_autoindex_results_1", FALSE);
  assert_reads_by_index (db, sql->count, "results_pending_by_test", FALSE);
  assert_reads_by_index (db, sql->before, "results_pending_by_test", FALSE);
  assert_reads_by_index (db, sql->after, "results_pending_by_test", TRUE);
  assert_reads_by_index (db, sql->offset, "results_pending_by_test", TRUE);

  ld_sqlite_close (db);
  ld_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client/cache-plan/pending-results", test_pending_results);
  return g_test_run ();
}

/* test-query-plans-pg.c: on PostgreSQL too, no request reads the history
 * it does not show
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-query-plans' day (ld-test-plans.c), on a server whose database is
 * PostgreSQL: each statement the store prepared is planned as the
 * writers run it, once for any values (force_generic_plan, ld-db-pg.c),
 * with sequential scans priced out so that the test's few rows plan as a
 * large lab's would (ld_store_dup_query_plan()). A statement must then
 * not walk a table that grows with the lab's history: no "Seq Scan" of
 * one (no index of PostgreSQL's schema serves it), and no index read
 * whole, without a condition, unless it stops after a page or the index
 * is partial (it holds open work alone: orders to pay, booked
 * appointments), and no subquery over one read whole into a hash
 * ("hashed SubPlan") where a seek per row was meant. This catches an index that PostgreSQL's migrations lack
 * and a statement only PostgreSQL runs. Which of several serving indexes
 * PostgreSQL picks depends on statistics that a test's few rows cannot
 * give; test-query-plans holds the statements to their indexes on
 * SQLite, whose schema has the same ones (test-schema-equal).
 *
 * Under PostgreSQL's own choice (plan_cache_mode = auto) a statement can
 * be planned again on every run once its tables have statistics; these
 * are the plans a lab's writers keep for good (docs/bench.md, the sixth
 * stop of 2026-11-29).
 */

#include "config.h"

#include <string.h>

#include "ld-store.h"
#include "ld-test-pg.h"
#include "ld-test-day.h"
#include "ld-test-plans.h"

/* A plan line without its indent and arrow. */
static const char *
skip_indent (const char *line)
{
  while (*line == ' ')
    line++;
  if (g_str_has_prefix (line, "->"))
    line += 2;
  while (*line == ' ')
    line++;
  return line;
}

/* Whether @line opens a node of the plan or a part of it, rather than
 * giving a detail of the node above it. */
static gboolean
opens_node (const char *line)
{
  const char *text = skip_indent (line);

  while (*line == ' ')
    line++;
  return g_str_has_prefix (line, "->") || g_str_has_prefix (text, "SubPlan ") ||
         g_str_has_prefix (text, "InitPlan ") || g_str_has_prefix (text, "CTE ");
}

/* Whether @plan of @sql reads its rows in index order and stops after a
 * page: a LIMIT on top, and nothing between that reads every row first. */
static gboolean
is_paged_walk (const char         *sql,
               const char * const *plan)
{
  if (strstr (sql, " LIMIT ") == NULL || strstr (sql, "GROUP BY") != NULL ||
      !g_str_has_prefix (plan[0], "Limit "))
    return FALSE;
  for (guint i = 0; plan[i] != NULL; i++)
    {
      const char *line = skip_indent (plan[i]);

      if (g_str_has_prefix (line, "Sort ") || g_str_has_prefix (line, "Incremental Sort ") ||
          g_str_has_prefix (line, "HashAggregate ") || g_str_has_prefix (line, "GroupAggregate "))
        return FALSE;
    }
  return TRUE;
}

/* Whether @condition (an "Index Cond:" line's) bounds @index's leading
 * column, on @db: PostgreSQL also takes a condition on a later column
 * alone, as a filter while it reads the whole index. */
static gboolean
bounds_leading_column (LdDb       *db,
                       const char *index,
                       const char *condition)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = NULL;
  gboolean bounds;
  LdDbStmt *stmt;

  stmt = ld_db_prepare_cached (db, "SELECT a.attname FROM pg_index i"
                                   " JOIN pg_class c ON c.oid = i.indexrelid"
                                   " JOIN pg_attribute a ON a.attrelid = i.indrelid"
                                   "  AND a.attnum = i.indkey[0]"
                                   " WHERE c.relname = ?1",
                               &error);
  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, index);
  /* An index on an expression has no column to name: any condition. */
  if (ld_db_step (stmt, &error) != LD_DB_ROW)
    {
      g_assert_no_error (error);
      ld_db_reset (stmt);
      return TRUE;
    }
  pattern = g_strdup_printf ("(^|[(, ])%s[ ),]", ld_db_column_text (stmt, 0));
  bounds = g_regex_match_simple (pattern, condition, 0, 0);
  ld_db_reset (stmt);
  return bounds;
}

/* Whether @index holds only the rows of its predicate. */
static gboolean
is_partial_index (LdDb       *db,
                  const char *index)
{
  g_autoptr(GError) error = NULL;
  gboolean partial;
  LdDbStmt *stmt;

  stmt = ld_db_prepare_cached (db, "SELECT count(*) FROM pg_index i"
                                   " JOIN pg_class c ON c.oid = i.indexrelid"
                                   " WHERE c.relname = ?1 AND i.indpred IS NOT NULL",
                               &error);
  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, index);
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
  partial = ld_db_column_int64 (stmt, 0) == 1;
  ld_db_reset (stmt);
  return partial;
}

/* The "Index Cond:" of the node at @plan[@node], or NULL: its details are
 * the lines up to its first child. */
static const char *
index_condition (const char * const *plan,
                 guint               node)
{
  for (guint i = node + 1; plan[i] != NULL; i++)
    {
      const char *line = skip_indent (plan[i]);

      if (opens_node (plan[i]))
        break;
      if (g_str_has_prefix (line, "Index Cond: "))
        return line + strlen ("Index Cond: ");
    }
  return NULL;
}

/* What is wrong with the node at @plan[@node] of @sql, or NULL. */
static char *
check_node (LdDb               *db,
            const char         *sql,
            const char * const *plan,
            guint               node)
{
  g_autoptr(GRegex) scan =
               g_regex_new ("^(Seq Scan|Index Scan|Index Scan Backward|Index Only Scan|"
                            "Index Only Scan Backward)(?: using ([a-z_0-9]+))? on ([a-z_]+)",
                            0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *index = NULL;
  g_autofree char *name = NULL;
  g_autofree char *table = NULL;
  const char *line = skip_indent (plan[node]);
  const char *condition;

  if (!g_regex_match (scan, line, 0, &match))
    return NULL;
  kind = g_match_info_fetch (match, 1);
  index = g_match_info_fetch (match, 2);
  name = g_match_info_fetch (match, 3);
  table = ld_test_plans_resolve_table (sql, name);
  if (table == NULL)
    return NULL;

  if (g_str_equal (kind, "Seq Scan"))
    return g_strdup_printf ("walks all of %s, no index serves it (%s)", table, line);

  condition = index_condition (plan, node);
  if ((condition != NULL && bounds_leading_column (db, index, condition)) ||
      (is_paged_walk (sql, plan) && !ld_test_plans_has_required_match (sql)) ||
      is_partial_index (db, index))
    return NULL;
  return g_strdup_printf ("walks all of %s in index order (%s)", table, line);
}

/* How far @line is indented. */
static gsize
indent_of (const char *line)
{
  return strspn (line, " ");
}

/* What is wrong with a "hashed SubPlan" that @plan[@node] filters by, or
 * NULL: PostgreSQL reads every row the subquery could match for any outer
 * row into a hash, once per run; of a growing table, that is all its
 * history for one doctor, say, where a seek per row was meant. */
static char *
check_hashed_subplan (const char         *sql,
                      const char * const *plan,
                      guint               node)
{
  g_autoptr(GRegex) hashed = g_regex_new ("hashed (SubPlan [0-9]+)\\)", 0, 0, NULL);
  g_autoptr(GRegex) scan_on = g_regex_new ("^-> .* on ([a-z_]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (hashed, plan[node], 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      for (guint i = 0; plan[i] != NULL; i++)
        {
          gsize depth = indent_of (plan[i]);

          if (!g_str_equal (skip_indent (plan[i]), name))
            continue;
          for (guint j = i + 1; plan[j] != NULL && indent_of (plan[j]) > depth; j++)
            {
              g_autoptr(GMatchInfo) on = NULL;
              g_autofree char *table = NULL;
              g_autofree char *alias = NULL;

              if (!g_regex_match (scan_on, plan[j] + indent_of (plan[j]), 0, &on))
                continue;
              alias = g_match_info_fetch (on, 1);
              table = ld_test_plans_resolve_table (sql, alias);
              if (table != NULL)
                return g_strdup_printf ("reads %s into a hash for %s, not a seek per row (%s)",
                                        table, name, skip_indent (plan[j]));
            }
        }
    }
  return NULL;
}

static void
test_no_statement_walks_history (void)
{
  LdTestDay day = { NULL };
  g_autoptr(LdStore) store = NULL;
  g_auto(GStrv) statements = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = NULL;
  const char *db_path = NULL;
  guint n_checked = 0;

  ld_store_record_statements ();
  ld_test_day_run (&day);

  statements = ld_store_dup_recorded_statements ();
  db_path = ld_test_server_get_db_path (day.lab->server);
  store = ld_store_open_existing (db_path, TRUE, &error);
  g_assert_no_error (error);
  db = ld_test_db_open (db_path, LD_SQLITE_OPEN_READONLY);

  for (guint i = 0; statements[i] != NULL; i++)
    {
      const char *sql = statements[i];
      g_auto(GStrv) plan = ld_test_plans_dup_plan (store, sql);

      if (plan == NULL)
        continue;
      n_checked++;

      for (guint j = 0; plan[j] != NULL; j++)
        {
          g_autofree char *problem = check_node (db, sql, (const char * const *) plan, j);

          if (problem == NULL)
            problem = check_hashed_subplan (sql, (const char * const *) plan, j);

          if (problem != NULL &&
              ld_test_plans_find_exception (sql, (const char * const *) plan, TRUE) == NULL)
            g_string_append_printf (problems, "\n%s\n  %s", sql, problem);
        }
    }

  /* A day touches far more than a handful: a recording that saw nothing
   * would pass everything. */
  g_assert_cmpuint (n_checked, >, 60);
  if (problems->len > 0)
    g_error ("statements that read the whole history:%s", problems->str);

  g_clear_pointer (&store, ld_store_close);
  g_clear_pointer (&db, ld_db_close);
  ld_test_day_clear (&day);
}

/* The check sees what it is for: with the patients' index of orders
 * gone, a patient's orders are a walk of every order. */
static void
test_missing_index_is_seen (void)
{
  g_autoptr(LdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) plan = NULL;
  const char *sql = "SELECT id FROM orders WHERE patient_id = ?1 ORDER BY created_us";
  LdLab *lab = ld_lab_new ();
  const char *db_path = ld_test_server_get_db_path (lab->server);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(LdDb) db = ld_test_db_open (db_path, LD_SQLITE_OPEN_READONLY);

  store = ld_store_open_existing (db_path, TRUE, &error);
  g_assert_no_error (error);
  plan = ld_store_dup_query_plan (store, sql, &error);
  g_assert_no_error (error);
  for (guint j = 0; plan[j] != NULL; j++)
    g_assert_null (check_node (db, sql, (const char * const *) plan, j));
  g_clear_pointer (&plan, g_strfreev);

  ld_test_pg_exec (db_path, "DROP INDEX orders_by_patient");
  plan = ld_store_dup_query_plan (store, sql, &error);
  g_assert_no_error (error);
  for (guint j = 0; plan[j] != NULL; j++)
    {
      g_autofree char *problem = check_node (db, sql, (const char * const *) plan, j);

      if (problem != NULL)
        g_string_append (problems, problem);
    }
  if (strstr (problems->str, "walks all of orders") == NULL)
    {
      g_autofree char *joined = g_strjoinv ("\n  ", plan);

      g_error ("a walk of every order not seen in:\n  %s", joined);
    }

  g_clear_pointer (&store, ld_store_close);
  g_clear_pointer (&db, ld_db_close);
  ld_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  /* Every fixture server of this program on PostgreSQL (ld-test-server.c). */
  g_setenv ("LABDESK_TEST_DB", "postgresql", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/query-plans-pg/no-statement-walks-history",
                   test_no_statement_walks_history);
  g_test_add_func ("/server/query-plans-pg/missing-index-is-seen", test_missing_index_is_seen);

  return g_test_run ();
}

/* test-query-plans.c: no request reads the history it does not show
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store records the text of every statement it prepares. One server
 * is driven through every request a lab day makes (ld-test-plans.c: a
 * patient, orders paid each way, the whole lab flow to a released report,
 * a refund, every list and report); then each recorded statement's plan
 * is read from the database and must not walk a table that grows with the
 * lab's history, except where ld-test-plans.c's list says why. A
 * statement added later on any of these paths is checked without anyone
 * listing it here. test-query-plans-pg holds PostgreSQL's plans to the
 * same rule.
 *
 * Plans come from the schema alone (the server never runs ANALYZE), so a
 * small database gives the plans a large one gets; bench/bench-history.c
 * times the same requests over 1,000,000 orders.
 */

#include "config.h"

#include "ld-server.h"
#include "ld-store.h"
#include "ld-test-day.h"
#include "ld-test-plans.h"

/* Columns one value of which matches a growing share of a table: a search
 * keyed on one of them alone reads everything that person or kind ever
 * had, unless it walks in index order under a LIMIT. */
/* clang-format off */
static const char * const owner_keys[] = {
  "(technician_id=?)", "(doctor_id=?)", "(entered_by=?)", "(taken_by=?)", "(user_id=?)",
  "(entity=?)", "(lab_state=?)", "(state=?)", "(test_code=?)", NULL
};
/* clang-format on */

/* Whether @sql reads its rows in index order and stops after a page. */
static gboolean
is_paged_walk (const char         *sql,
               const char * const *plan)
{
  if (strstr (sql, " LIMIT ") == NULL || strstr (sql, "GROUP BY") != NULL)
    return FALSE;
  for (guint i = 0; plan[i] != NULL; i++)
    if (g_str_has_prefix (plan[i], "USE TEMP B-TREE"))
      return FALSE;
  return TRUE;
}

/* What is wrong with @line of @sql's @plan, or NULL. */
static char *
check_plan_line (const char         *sql,
                 const char * const *plan,
                 const char         *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 3);
  g_autofree char *table = NULL;

  if (g_strv_length (words) < 2 ||
      (!g_str_equal (words[0], "SCAN") && !g_str_equal (words[0], "SEARCH")))
    return NULL;

  table = ld_test_plans_resolve_table (sql, words[1]);
  if (table == NULL)
    return NULL;

  if (g_str_equal (words[0], "SCAN"))
    {
      if (strstr (line, " INDEX ") != NULL && is_paged_walk (sql, plan) &&
          !ld_test_plans_has_required_match (sql))
        return NULL;
      return g_strdup_printf ("walks all of %s (%s)", table, line);
    }

  for (guint i = 0; owner_keys[i] != NULL; i++)
    if (g_str_has_suffix (line, owner_keys[i]) && !is_paged_walk (sql, plan))
      return g_strdup_printf ("reads all of %s for one %s (%s)", table, owner_keys[i], line);

  return NULL;
}

/* The delta check's previous result: the patient's orders by
 * orders_by_patient, then each one's result of the test by the results'
 * (order_id, test_code) key; never a test's or a state's whole history. */
static gboolean
is_previous_result_statement (const char *sql)
{
  return strstr (sql, "AND r.collected_us >= ?4 AND r.collected_us < ?5") != NULL;
}

static void
assert_previous_result_indexed (const char         *sql,
                                const char * const *plan)
{
  gboolean by_patient = FALSE, by_order = FALSE;

  for (guint i = 0; plan[i] != NULL; i++)
    {
      by_patient |= strstr (plan[i], "SEARCH o USING ") != NULL &&
                    strstr (plan[i], "orders_by_patient (patient_id=?)") != NULL;
      by_order |= g_str_has_prefix (plan[i], "SEARCH r USING INDEX sqlite_autoindex_results_") &&
                  g_str_has_suffix (plan[i], " (order_id=? AND test_code=?)");
    }
  if (!by_patient || !by_order)
    {
      g_autofree char *joined = g_strjoinv ("\n  ", (GStrv) plan);

      g_error ("the previous result is not read by the patient's orders:\n%s\n  %s", sql, joined);
    }
}

/* A patient's results, of one test (trend charts) or of all (the
 * doctor's cumulative results from the server): the patient's orders by
 * orders_by_patient, then each one's results by an index that begins
 * with order_id, never a walk of a test's or a state's whole history. */
static gboolean
is_patient_history_statement (const char *sql)
{
  return strstr (sql, "FROM orders o CROSS JOIN results r") != NULL &&
         strstr (sql, "ORDER BY r.collected_us DESC, r.id DESC LIMIT ?5") != NULL;
}

static void
assert_patient_history_indexed (const char         *sql,
                                const char * const *plan)
{
  gboolean by_patient = FALSE, by_order = FALSE;

  for (guint i = 0; plan[i] != NULL; i++)
    {
      by_patient |= strstr (plan[i], "SEARCH o USING ") != NULL &&
                    strstr (plan[i], "orders_by_patient (patient_id=?)") != NULL;
      /* The results' key (order_id, test_code). */
      by_order |=
        g_str_has_prefix (plan[i], "SEARCH r USING ") && strstr (plan[i], " (order_id=?") != NULL;
    }
  if (!by_patient || !by_order)
    {
      g_autofree char *joined = g_strjoinv ("\n  ", (GStrv) plan);

      g_error ("a patient's results are not read by the patient's orders:\n%s\n  %s", sql, joined);
    }
}

/* Whether @plan reads the worklist's completed orders (or its tab
 * counts) as a range of orders_by_state bounded by the day or by the
 * completed tab's window, never a walk of the state's whole history. */
static gboolean
is_worklist_statement (const char *sql)
{
  return strstr (sql, "o.lab_state IN ('verified', 'reported')") != NULL &&
         strstr (sql, "AND o.created_us < ?4") != NULL;
}

static void
assert_worklist_bounded (const char         *sql,
                         const char * const *plan)
{
  guint n_ranges = 0;

  for (guint i = 0; plan[i] != NULL; i++)
    {
      if (strstr (plan[i], " o ") == NULL)
        continue;
      if (strstr (plan[i], "orders_by_state (lab_state=? AND created_us>? AND created_us<?)") !=
          NULL)
        n_ranges++;
      else if (strstr (plan[i], "sqlite_autoindex_orders_1 (id=?)") == NULL)
        g_error ("the worklist reads orders other than by state and day:\n%s\n  %s", sql, plan[i]);
    }
  /* The count's two parts (open tabs, completed) or the list's one. */
  g_assert_cmpuint (n_ranges, >=, strstr (sql, "count(*)") != NULL ? 2 : 1);
}

/* The analytics' reads of the cohort's results, samples and reports
 * (ld-store-analytics.c): each one range of its table's *_by_cohort
 * index by the order's time kept on the row (schema 27), which holds
 * every column read, and never a seek per order through orders. */
static const char *
cohort_children_table (const char *sql)
{
  static const char * const tables[] = {
    "FROM results r WHERE r.order_created_us >= ?1 AND", "results",
    "FROM samples s WHERE s.order_created_us >= ?1 AND", "samples",
    "FROM reports rp WHERE rp.order_created_us >= ?1 AND", "reports",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i += 2)
    if (strstr (sql, tables[i]) != NULL)
      return tables[i + 1];
  return NULL;
}

static void
assert_cohort_children_ranged (const char         *sql,
                               const char         *table,
                               const char * const *plan)
{
  g_autofree char *range = g_strdup_printf (" USING COVERING INDEX %s_by_cohort"
                                            " (order_created_us>? AND order_created_us<?)",
                                            table);
  guint n_ranges = 0;

  for (guint i = 0; plan[i] != NULL; i++)
    {
      if (!g_str_has_prefix (plan[i], "SCAN") && !g_str_has_prefix (plan[i], "SEARCH"))
        continue;
      if (strstr (plan[i], range) == NULL)
        {
          g_autofree char *joined = g_strjoinv ("\n  ", (GStrv) plan);

          g_error ("the cohort's %s are not one range of %s_by_cohort:\n%s\n  %s", table, table,
                   sql, joined);
        }
      n_ranges++;
    }
  g_assert_cmpuint (n_ranges, ==, 1);
}

/* The technicians' counters (technician_load, issue 36): the least-load
 * assignment on every payment and the workload's open count each read a
 * technician's row by its primary key. */
static gboolean
is_technician_load_statement (const char *sql)
{
  return strstr (sql, "technician_load") != NULL;
}

static void
assert_technician_load_by_key (const char         *sql,
                               const char * const *plan)
{
  gboolean by_key = FALSE;

  for (guint i = 0; plan[i] != NULL; i++)
    {
      /* The assignment's read is the counters alone (the workload's
       * other counts are ranges of orders_by_technician). */
      if (strstr (sql, "LEFT JOIN technician_load") != NULL && strstr (plan[i], "orders") != NULL)
        g_error ("the least-load assignment reads the orders:\n%s\n  %s", sql, plan[i]);
      by_key |= strstr (plan[i], "USING INDEX sqlite_autoindex_technician_load_1 "
                                 "(technician_id=?)") != NULL;
    }
  if (!by_key)
    {
      g_autofree char *joined = g_strjoinv ("\n  ", (GStrv) plan);

      g_error ("a technician's load is not read by its key:\n%s\n  %s", sql, joined);
    }
}

/* The triggers that keep technician_load read the orders once, when an
 * order leaves a technician: max (assigned_us) of those left, which must
 * be one seek at the end of orders_by_assignment. EXPLAIN QUERY PLAN does
 * not show a trigger's statements, so that read is taken from the
 * triggers' own text and planned with the old holder as a parameter. */
static void
assert_technician_load_triggers_seek (LdTestDay *day)
{
  g_autoptr(LdDb) db = ld_test_db_open (ld_test_server_get_db_path (day->lab->server),
                                         LD_SQLITE_OPEN_READONLY);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("\\(SELECT max \\(assigned_us\\) FROM orders\\s+"
                                          "WHERE technician_id = OLD\\.technician_id\\)",
                                          0, 0, NULL);
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt;
  guint n_triggers = 0;

  stmt = ld_db_prepare_cached (db, "SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                                   " AND tbl_name = 'orders' AND name LIKE 'orders_load_%'",
                               &error);
  g_assert_no_error (error);
  while (ld_db_step (stmt, &error) == LD_DB_ROW)
    {
      if (g_regex_match (regex, ld_db_column_text (stmt, 0), 0, NULL))
        n_triggers++;
    }
  g_assert_no_error (error);
  ld_db_reset (stmt);
  /* The update's and the delete's; the insert's only adds. */
  g_assert_cmpuint (n_triggers, ==, 2);

  store = ld_store_open_existing (ld_test_server_get_db_path (day->lab->server), TRUE, &error);
  g_assert_no_error (error);
  {
    g_auto(GStrv) plan =
        ld_store_dup_query_plan (store,
                                 "SELECT max (assigned_us) FROM orders WHERE technician_id = ?1",
                                 &error);
    g_autofree char *joined = NULL;

    g_assert_no_error (error);
    joined = g_strjoinv ("\n", plan);
    if (strstr (joined, "orders_by_assignment (technician_id=?)") == NULL)
      g_error ("the triggers' max (assigned_us) is not one seek:\n%s", joined);
  }
}

/* Every request of a lab day, each kind at least once. */
/* The no-show sweep looks for appointments still booked on days that are
 * over, every minute on the writer: only among the booked ones, never
 * through every appointment of every day gone by (migration 0050). */
static gboolean
is_unattended_statement (const char *sql)
{
  return strstr (sql, "FROM appointments WHERE state = 'booked' AND day < ") != NULL;
}

static void
assert_unattended_booked_only (const char         *sql,
                               const char * const *plan)
{
  g_autofree char *joined = g_strjoinv ("\n  ", (GStrv) plan);

  if (strstr (joined, "USING INDEX appointments_booked (day<?)") == NULL)
    g_error ("the no-show sweep reads more than the booked appointments:\n%s\n  %s", sql,
             joined);
}

static void
test_no_statement_walks_history (void)
{
  LdTestDay day = { NULL };
  g_autoptr(LdStore) store = NULL;
  g_auto(GStrv) statements = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n_checked = 0;
  guint n_worklist = 0;
  guint n_previous = 0;
  guint n_recollection = 0;
  guint n_patient_history = 0;
  guint n_cohort_children = 0;
  guint n_technician_load = 0;
  guint n_unattended = 0;

  ld_store_record_statements ();
  ld_test_day_run (&day);

  statements = ld_store_dup_recorded_statements ();
  store = ld_store_open_existing (ld_test_server_get_db_path (day.lab->server), TRUE, &error);
  g_assert_no_error (error);

  for (guint i = 0; statements[i] != NULL; i++)
    {
      const char *sql = statements[i];
      g_auto(GStrv) plan = ld_test_plans_dup_plan (store, sql);

      if (plan == NULL)
        continue;
      n_checked++;

      if (is_previous_result_statement (sql))
        {
          assert_previous_result_indexed (sql, (const char * const *) plan);
          n_previous++;
        }
      if (is_technician_load_statement (sql))
        {
          assert_technician_load_by_key (sql, (const char * const *) plan);
          n_technician_load++;
        }
      if (is_unattended_statement (sql))
        {
          assert_unattended_booked_only (sql, (const char * const *) plan);
          n_unattended++;
        }
      if (is_patient_history_statement (sql))
        {
          assert_patient_history_indexed (sql, (const char * const *) plan);
          n_patient_history++;
        }
      if (cohort_children_table (sql) != NULL)
        {
          assert_cohort_children_ranged (sql, cohort_children_table (sql),
                                         (const char * const *) plan);
          n_cohort_children++;
        }
      /* The recollection tab's page reads only the orders waiting. */
      if (strstr (sql, "AND o.recollect_us IS NOT NULL AND") != NULL)
        {
          g_autofree char *joined = g_strjoinv ("\n", plan);

          if (strstr (joined, "USING INDEX orders_awaiting_recollection") == NULL)
            g_error ("the recollection tab reads other orders:\n%s\n%s", sql, joined);
          n_recollection++;
        }
      else if (is_worklist_statement (sql))
        {
          assert_worklist_bounded (sql, (const char * const *) plan);
          n_worklist++;
        }

      for (guint j = 0; plan[j] != NULL; j++)
        {
          g_autofree char *problem = check_plan_line (sql, (const char * const *) plan, plan[j]);

          if (problem != NULL &&
              ld_test_plans_find_exception (sql, (const char * const *) plan, FALSE) == NULL)
            g_string_append_printf (problems, "\n%s\n  %s", sql, problem);
        }
    }

  /* A day touches far more than a handful: a recording that saw nothing
   * would pass everything. */
  g_assert_cmpuint (n_checked, >, 60);
  /* The counts, the open tabs' page and the completed tab's page. */
  g_assert_cmpuint (n_worklist, ==, 3);
  g_assert_cmpuint (n_previous, ==, 1);
  g_assert_cmpuint (n_recollection, ==, 1);
  /* One test's trend, and every test's results. */
  g_assert_cmpuint (n_patient_history, ==, 2);
  /* The analytics' results, samples and reports. */
  g_assert_cmpuint (n_cohort_children, ==, 3);
  /* The least-load assignment (every payment) and the workload's count. */
  g_assert_cmpuint (n_technician_load, ==, 2);
  g_assert_cmpuint (n_unattended, ==, 1);
  if (problems->len > 0)
    g_error ("statements that read the whole history:%s", problems->str);
  assert_technician_load_triggers_seek (&day);

  g_clear_pointer (&store, ld_store_close);
  ld_test_day_clear (&day);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/query-plans/no-statement-walks-history",
                   test_no_statement_walks_history);

  return g_test_run ();
}

/* test-query-plans.c: no request reads the history it does not show
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store records the text of every statement it prepares. One server
 * is driven through every request a lab day makes (a patient, orders paid
 * each way, the whole lab flow to a released report, a refund, every
 * list and report); then each recorded statement's plan is read from the
 * database and must not walk a table that grows with the lab's history,
 * except where the list below says why. A statement added later on any of
 * these paths is checked without anyone listing it here.
 *
 * Plans come from the schema alone (the server never runs ANALYZE), so a
 * small database gives the plans a large one gets; bench/bench-history.c
 * times the same requests over 1,000,000 orders.
 */

#include "config.h"

#include "ld-server.h"
#include "ld-store.h"
#include "ld-test-documents.h"
#include "ld-test-lab.h"

/* The tables that grow with every order, payment, result and change, and
 * with every visit, message, instrument run and patient's web account. */
/* clang-format off */
static const char * const growing_tables[] = {
  "orders", "order_items", "order_tests", "payments", "samples", "sample_tests",
  "custody_events", "results", "result_amendments", "reports", "report_pdfs", "alerts",
  "audit_events", "changes", "patients", "patient_name_prefixes", "sessions",
  "idempotency_keys", "appointments", "notifications", "visits", "visit_amendments",
  "break_glass", "instrument_messages", "instrument_unmatched", "rejected_sample_results",
  "web_accounts", "web_account_patients", "web_sessions", "web_sign_in_codes", "web_link_codes",
  NULL
};
/* clang-format on */

/* Columns one value of which matches a growing share of a table: a search
 * keyed on one of them alone reads everything that person or kind ever
 * had, unless it walks in index order under a LIMIT. */
/* clang-format off */
static const char * const owner_keys[] = {
  "(technician_id=?)", "(doctor_id=?)", "(entered_by=?)", "(taken_by=?)", "(user_id=?)",
  "(entity=?)", "(lab_state=?)", "(state=?)", "(test_code=?)", NULL
};
/* clang-format on */

/* Statements allowed to walk a growing table, each for a reason: matched
 * by a piece of their text and, where the reason is an index, of their
 * plan, so the exception ends if the plan changes. */
static const struct
{
  const char *sql_part;
  const char *plan_part;
  const char *why;
} exceptions[] = {
  { "FROM audit_events ORDER BY seq DESC LIMIT 1", "SCAN audit_events",
    "the chain's newest link: one step back from the end of the table, whose rowid is the "
    "seq" },
  { "FROM audit_events ORDER BY seq", NULL,
    "the chain's check walks every event by design (labdesk-server check, and POST "
    "/api/v1/audit/check on a thread of its own), never to answer a request" },
  { "SELECT id FROM patients ORDER BY id", NULL,
    "the change feed's backfill at start-up (ld-changes-backfill.c), not a request" },
  { "SELECT DISTINCT entity_id FROM changes WHERE entity = ?", NULL,
    "the change feed's backfill at start-up (ld-changes-backfill.c), not a request" },
  { "FROM orders o JOIN order_money m ON m.order_id = o.id WHERE o.lab_state = 'ordered'",
    "orders_by_state (lab_state=?)",
    "the expiry timer reads orders still waiting for payment: open work, not history" },
  { "JOIN patients p ON p.id = o.patient_id WHERE o.lab_state = 'ordered' AND o.expires_us",
    "orders_by_state (lab_state=?)",
    "the \"expiring tomorrow\" sweep reads orders still waiting for payment: open work, not "
    "history" },
  { "WHERE o.collection = 'home' AND o.home_slot_us < ?1 AND o.lab_state = 'ordered'",
    "orders_by_state (lab_state=?)",
    "home visits still to make: orders not yet collected, open work" },
  { "SELECT MIN(created_us) FROM notifications WHERE state = 'waiting'",
    "notifications_due (state=?)",
    "/metrics' oldest message still waiting: the outbox's backlog, open work, not history" },
  { "SELECT patient_id FROM orders WHERE doctor_id = ?1 GROUP BY patient_id", "orders_by_doctor",
    "a doctor's patients are drawn from that doctor's own orders; see docs/architecture.md" },
};

static gboolean
is_growing (const char *table)
{
  return g_strv_contains (growing_tables, table);
}

/* The table a plan's name stands for: itself, or the table @sql gives
 * that alias to ("FROM orders o", "JOIN payments AS p"). */
static char *
resolve_table (const char *sql,
               const char *name)
{
  g_autofree char *pattern = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (is_growing (name))
    return g_strdup (name);

  pattern = g_strdup_printf ("\\b([a-z_]+)\\s+(?:AS\\s+)?%s\\b", name);
  regex = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
  g_regex_match (regex, sql, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *table = g_match_info_fetch (match, 1);

      if (is_growing (table))
        return g_steal_pointer (&table);
    }

  return NULL;
}

static const char *
find_exception (const char         *sql,
                const char * const *plan)
{
  for (guint i = 0; i < G_N_ELEMENTS (exceptions); i++)
    {
      if (strstr (sql, exceptions[i].sql_part) == NULL)
        continue;
      if (exceptions[i].plan_part == NULL)
        return exceptions[i].why;
      for (guint j = 0; plan[j] != NULL; j++)
        if (strstr (plan[j], exceptions[i].plan_part) != NULL)
          return exceptions[i].why;
    }
  return NULL;
}

/* Whether @sql has a condition "column = ?N" that is not optional (no
 * "?N IS NULL OR …" for its parameter): a walk that must skip every row failing
 * it reads as much history as it takes to fill a page. */
static gboolean
has_required_match (const char *sql)
{
  g_autoptr(GRegex) regex = g_regex_new ("([a-z_.]+) = \\?([0-9]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  gboolean required = FALSE;

  g_regex_match (regex, sql, 0, &match);
  for (; !required && g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *param = g_match_info_fetch (match, 2);
      g_autofree char *optional = g_strdup_printf ("?%s IS NULL OR ", param);

      required = strstr (sql, optional) == NULL;
    }

  return required;
}

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

  table = resolve_table (sql, words[1]);
  if (table == NULL)
    return NULL;

  if (g_str_equal (words[0], "SCAN"))
    {
      if (strstr (line, " INDEX ") != NULL && is_paged_walk (sql, plan) &&
          !has_required_match (sql))
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

typedef struct
{
  LdLab *lab;
  char  *patient_id;
  char  *released_id;
  char  *released_number;
  char  *admin_id;
} World;

static LdTestResponse *
get_ok (World      *world,
        const char *token,
        const char *path)
{
  LdTestResponse *resp = ld_test_get (world->lab->server, path, token);

  if (resp->status != 200)
    g_error ("GET %s: %u %s", path, resp->status, resp->body);
  return resp;
}

static void
get_all (World              *world,
         const char         *token,
         const char * const *paths)
{
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GString) path = g_string_new (paths[i]);
      g_autoptr(LdTestResponse) resp = NULL;

      g_string_replace (path, "{patient}", world->patient_id, 0);
      g_string_replace (path, "{order}", world->released_id, 0);
      g_string_replace (path, "{number}", world->released_number, 0);
      g_string_replace (path, "{doctor}", world->lab->doctor_id, 0);
      g_string_replace (path, "{admin}", world->admin_id, 0);
      resp = get_ok (world, token, path->str);
    }
}

/* The triggers that keep technician_load read the orders once, when an
 * order leaves a technician: max (assigned_us) of those left, which must
 * be one seek at the end of orders_by_assignment. EXPLAIN QUERY PLAN does
 * not show a trigger's statements, so that read is taken from the
 * triggers' own text and planned with the old holder as a parameter. */
static void
assert_technician_load_triggers_seek (World *world)
{
  g_autoptr(LdDb) db = ld_test_db_open (ld_test_server_get_db_path (world->lab->server),
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

  store = ld_store_open_existing (ld_test_server_get_db_path (world->lab->server), TRUE, &error);
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
static void
run_a_day (World *world)
{
  LdLab *lab = world->lab;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *cash = g_strdup_printf ("/api/v1/reports/cash?date=%s", today);
  g_autofree char *turnaround =
    g_strdup_printf ("/api/v1/reports/turnaround?from=%s&to=%s", today, today);
  g_autofree char *analytics = g_strdup_printf ("/api/v1/analytics?from=%s&to=%s", today, today);
  g_autofree char *analytics_csv =
    g_strdup_printf ("/api/v1/analytics/workload.csv?from=%s&to=%s", today, today);
  g_autofree char *by_date = g_strdup_printf ("/api/v1/orders?date=%s", today);
  g_autofree char *cod_id = NULL;
  g_autofree char *cancelled_id = NULL;
  g_autofree char *cancel = NULL;
  g_autofree char *refunded_id = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  const char * const desk_paths[] = { "/api/v1/patients?q=Kavya",
                                      "/api/v1/patients?q=9876543210",
                                      "/api/v1/patients/{patient}",
                                      "/api/v1/orders",
                                      "/api/v1/orders?limit=2",
                                      "/api/v1/orders?patient_id={patient}",
                                      "/api/v1/orders?lab_state=ordered",
                                      "/api/v1/orders?payment_state=cod_pending",
                                      "/api/v1/orders?payment_state=paid&lab_state=reported",
                                      by_date,
                                      "/api/v1/orders/{order}",
                                      "/api/v1/orders/by-number/{number}",
                                      "/api/v1/orders/{order}/receipt.pdf",
                                      "/api/v1/orders/{order}/report.pdf",
                                      "/api/v1/worklist",
                                      "/api/v1/home-visits",
                                      cash,
                                      "/api/v1/reports/owing",
                                      "/api/v1/reports/owing?limit=1",
                                      "/api/v1/changes?since=0",
                                      NULL };
  const char * const lab_paths[] = { "/api/v1/worklist?tab=ready",
                                     "/api/v1/worklist?tab=cod",
                                     "/api/v1/worklist?tab=processing",
                                     "/api/v1/worklist?tab=completed",
                                     "/api/v1/worklist?tab=failed",
                                     "/api/v1/worklist?tab=recollection",
                                     "/api/v1/worklist?tab=ready&priority=stat",
                                     "/api/v1/technicians/me/workload",
                                     "/api/v1/orders/{order}/results",
                                     "/api/v1/orders/{order}/samples",
                                     "/api/v1/orders/{order}/reports",
                                     "/api/v1/orders/{order}/labels.pdf",
                                     "/api/v1/patients/{patient}/results?test=HB",
                                     "/api/v1/patients/{patient}/results?limit=1",
                                     NULL };
  const char * const doctor_paths[] = {
    "/api/v1/doctors/me/orders",
    "/api/v1/doctors/me/patients",
    "/api/v1/doctors/me/alerts",
    "/api/v1/doctors/me/alerts?state=all",
    /* Issue 15: need-to-know checks the doctor's own patient, and keeps
     * the feed to them. */
    "/api/v1/orders/{order}",
    "/api/v1/orders/{order}/results",
    "/api/v1/patients/{patient}/results?test=HB",
    /* The cumulative results' fallback (the cursor is bound, not part
     * of the statement). */
    "/api/v1/patients/{patient}/results?limit=200",
    "/api/v1/changes?since=0",
    "/api/v1/changes/snapshot",
    NULL
  };
  const char * const admin_paths[] = {
    "/api/v1/alerts",
    "/api/v1/audit",
    "/api/v1/audit?entity=order&entity_id={order}",
    "/api/v1/audit?entity=order",
    "/api/v1/audit?action=order.create",
    "/api/v1/audit?user={admin}&action=order.create",
    "/api/v1/audit?since=2026-01-01T00:00:00Z&until=2030-01-01T00:00:00Z",
    "/api/v1/audit?since=2026-01-01T00:00:00Z&limit=1&before=3",
    analytics,
    analytics_csv,
    "/api/v1/users",
    "/api/v1/settings",
    "/api/v1/catalog",
    "/api/v1/reports/open-work",
    turnaround,
    "/api/v1/break-glass",
    "/api/v1/break-glass?doctor_id={doctor}",
    "/api/v1/notifications",
    "/api/v1/notifications?state=failed",
    "/metrics",
    NULL
  };

  world->patient_id = ld_lab_new_patient (lab, "{\"name\": \"Kavya Iyer\", \"sex\": \"female\","
                                               " \"age_years\": 34, \"phone\": \"9876543210\"}");
  /* A delta check, so entry and verification look for the previous result. */
  resp =
    ld_test_send_json (lab->server, "PATCH", "/api/v1/catalog/tests/HB", lab->admin,
                       "{\"version\": 1, \"delta_check\": {\"type\": \"absolute\", \"limit\": 2,"
                       " \"window_days\": 30}}");
  ld_test_assert_status (resp, 200);
  g_clear_pointer (&resp, ld_test_response_free);
  world->released_id = ld_test_order_released (lab, world->patient_id);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", world->released_id);
    g_autoptr(LdTestResponse) order = get_ok (world, lab->desk, path);

    world->released_number = g_strdup (ld_test_response_get_string (order, "order.number"));
    world->admin_id = ld_lab_user_id (lab, lab->admin);
  }

  cod_id = ld_lab_prescribe (lab, world->patient_id, "\"items\": [\"GLUF\"]");
  resp = ld_lab_order_post (lab, lab->desk, cod_id, "payments", "{\"method\": \"cod\"}");
  ld_test_assert_status (resp, 201);
  g_clear_pointer (&resp, ld_test_response_free);

  cancelled_id = ld_lab_prescribe (lab, world->patient_id, "\"items\": [\"K\"]");
  cancel =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"The patient left.\"}",
                     ld_lab_order_version (lab, cancelled_id));
  resp = ld_lab_order_post (lab, lab->desk, cancelled_id, "cancel", cancel);
  ld_test_assert_status (resp, 200);
  g_clear_pointer (&resp, ld_test_response_free);

  refunded_id = ld_lab_prescribe (lab, world->patient_id, "\"items\": [\"K\"]");
  ld_lab_pay (lab, refunded_id);
  resp = ld_lab_order_post (lab, lab->desk, refunded_id, "refunds",
                            "{\"method\": \"card\", \"amount_paise\": 100,"
                            " \"reason\": \"Charged twice.\"}");
  ld_test_assert_status (resp, 201);
  g_clear_pointer (&resp, ld_test_response_free);

  {
    g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s/break-glass", world->patient_id);

    resp =
      ld_lab_post (lab, lab->doctor, path, "{\"reason\": \"Seen in the emergency room tonight.\"}");
    ld_test_assert_status (resp, 201);
    g_clear_pointer (&resp, ld_test_response_free);
  }

  get_all (world, lab->desk, desk_paths);
  get_all (world, lab->technician, lab_paths);
  get_all (world, lab->doctor, doctor_paths);
  get_all (world, lab->admin, admin_paths);

  /* The chain's check, to its end. */
  resp = ld_test_send_json (lab->server, "POST", "/api/v1/audit/check", lab->admin, "{}");
  ld_test_assert_status (resp, 202);
  for (gint64 guard = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
       g_strcmp0 (ld_test_response_get_string (resp, "state"), "running") == 0;)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, guard);
      g_clear_pointer (&resp, ld_test_response_free);
      g_usleep (G_USEC_PER_SEC / 50);
      resp = get_ok (world, lab->admin, "/api/v1/audit/check");
    }
  g_assert_cmpstr (ld_test_response_get_string (resp, "state"), ==, "passed");
}

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
  World world = { NULL };
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
  world.lab = ld_lab_new ();
  run_a_day (&world);
  /* The minute's sweeps: orders past their deadline, the no-shows, tomorrow's reminders. */
  ld_test_server_run_minute_sweeps (world.lab->server);

  statements = ld_store_dup_recorded_statements ();
  store = ld_store_open_existing (ld_test_server_get_db_path (world.lab->server), TRUE, &error);
  g_assert_no_error (error);

  for (guint i = 0; statements[i] != NULL; i++)
    {
      const char *sql = statements[i];
      g_auto(GStrv) plan = NULL;

      /* Transactions, pragmas and the schema's own migrations have no plan. */
      if (!g_str_has_prefix (sql, "SELECT") && !g_str_has_prefix (sql, "INSERT") &&
          !g_str_has_prefix (sql, "UPDATE") && !g_str_has_prefix (sql, "DELETE") &&
          !g_str_has_prefix (sql, "WITH"))
        continue;

      plan = ld_store_dup_query_plan (store, sql, &error);
      g_assert_no_error (error);
      n_checked++;
      if (g_test_verbose ())
        {
          g_autofree char *joined = g_strjoinv ("\n    ", plan);

          g_test_message ("%s\n    %s", sql, joined);
        }

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

          if (problem != NULL && find_exception (sql, (const char * const *) plan) == NULL)
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
  assert_technician_load_triggers_seek (&world);

  g_clear_pointer (&store, ld_store_close);
  g_free (world.patient_id);
  g_free (world.released_id);
  g_free (world.released_number);
  g_free (world.admin_id);
  ld_lab_free (world.lab);
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

/* test-demo.c: `labdesk-server demo` makes a lab a newcomer can try every
 * workspace on
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One demo database is made by the real binary, checked with `check`, then
 * served by the real server and read through the API as the desk, the
 * doctor and the bench read it. Run again on PostgreSQL (test-demo-pg):
 * the demo's story goes through the store, whose statements, times and
 * sequences each backend has its own of.
 */

#include "config.h"

#include "ld-test-http.h"
#include "ld-time.h"

static char *tmpdir;
static char *db_path;
static char *config_path;
static LdTestServer *server;
static char *today;

static LdTestServer *
get_server (void)
{
  const char *args[] = { "--config", config_path, NULL };

  if (server == NULL)
    server = ld_test_server_spawn (db_path, args);
  return server;
}

static char *
sign_in (const char *username)
{
  g_autofree char *password = g_strconcat (username, "-demo", NULL);

  return ld_test_login (get_server (), username, password);
}

/* GET @path and the answer's "items" (asserted 200). */
static LdTestResponse *
get_ok (const char *token,
        const char *path)
{
  LdTestResponse *resp = ld_test_get (get_server (), path, token);

  if (resp->status != 200)
    g_error ("GET %s answered %u: %s", path, resp->status, resp->body);
  return resp;
}

static JsonArray *
items_of (LdTestResponse *resp,
          const char     *name)
{
  JsonNode *node = json_object_get_member (ld_test_response_object (resp), name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

static char *
query_text (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_db_open (db_path, LD_SQLITE_OPEN_READONLY);
  LdDbStmt *stmt;
  char *text;

  stmt = ld_db_prepare_cached (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
  g_assert_no_error (error);
  text = ld_db_column_dup_text (stmt, 0);
  ld_db_reset (stmt);
  return text;
}

/* The time @days_ago days before now as the store writes its times
 * (RFC 3339, UTC), for SQL that is the same on both backends, whose own
 * date functions differ. */
static char *
dup_time_days_ago (int days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days_ago);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static void
test_check_passes (void)
{
  const char *args[] = { "check", "--db", db_path, "--config", config_path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (ld_test_run_server_command (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "database: ok"));
  /* The demo's orders in every state, with their technicians: the
   * counters kept with them agree with a recount. */
  g_assert_nonnull (strstr (out, "counters: ok"));
  g_assert_nonnull (strstr (out, "audit chain: ok"));
}

static void
test_patients (void)
{
  g_autofree char *token = sign_in ("reception");
  g_autoptr(LdTestResponse) devanagari =
               get_ok (token, "/api/v1/patients?q=%E0%A4%B6%E0%A4%B0%E0%A5%8D%E0%A4%AE%E0%A4%BE");

  g_assert_cmpint (ld_test_query_int (db_path, "SELECT count(*) FROM patients"), ==, 600);
  /* शर्मा: names written in Devanagari, found as typed. */
  g_assert_cmpuint (json_array_get_length (items_of (devanagari, "items")), >=, 2);
  g_assert_cmpint (ld_test_query_int (db_path,
                                      "SELECT count(*) FROM patients WHERE date_of_birth IS NULL"),
                   >, 20);
  g_assert_cmpint (ld_test_query_int (db_path,
                                      "SELECT count(*) FROM patients WHERE phone LIKE '+%' "
                                      "AND phone NOT LIKE '+91%'"),
                   >, 10);
  g_assert_cmpint (ld_test_query_int (db_path,
                                      "SELECT count(*) FROM patients WHERE email IS NOT NULL"),
                   >, 50);
  g_assert_cmpint (ld_test_query_int (db_path,
                                      "SELECT count(*) FROM patients WHERE address IS NOT NULL"),
                   >, 50);
  g_assert_cmpint (
    ld_test_query_int (db_path, "SELECT count(*) FROM patients WHERE national_id IS NOT NULL"), >,
    20);
}

/* Diagnostic services are exempt from GST: the demo lab charges none. */
static void
test_no_tax (void)
{
  g_assert_cmpint (ld_test_query_int (db_path, "SELECT count(*) FROM orders"), >, 0);
  g_assert_cmpint (ld_test_query_int (db_path, "SELECT count(*) FROM orders WHERE tax_paise <> 0"),
                   ==, 0);
}

static void
assert_orders_today (const char *token,
                     const char *filter,
                     const char *state)
{
  g_autofree char *path =
    g_strdup_printf ("/api/v1/orders?date=%s&%s=%s&limit=1", today, filter, state);
  g_autoptr(LdTestResponse) resp = get_ok (token, path);

  if (json_array_get_length (items_of (resp, "items")) == 0)
    g_error ("no order made today is %s %s", filter, state);
}

static void
test_today_every_state (void)
{
  static const char * const payment_states[] = {
    "pending", "paid", "failed", "cod_pending", "partly_refunded", "cancelled",
  };
  static const char * const lab_states[] = {
    "ordered", "collected", "in_process", "resulted", "verified", "reported", "cancelled",
  };
  g_autofree char *token = sign_in ("reception");
  g_autofree char *cash_path = g_strdup_printf ("/api/v1/reports/cash?date=%s", today);
  g_autofree char *orders_path = g_strdup_printf ("/api/v1/orders?date=%s&limit=100", today);
  g_autoptr(LdTestResponse) cash = get_ok (token, cash_path);
  g_autoptr(LdTestResponse) expired =
               get_ok (token, "/api/v1/orders?payment_state=expired&limit=1");
  g_autoptr(LdTestResponse) orders = get_ok (token, orders_path);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *totals = items_of (cash, "totals");
  JsonArray *list = items_of (orders, "items");
  gboolean online_in_flight = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (payment_states); i++)
    assert_orders_today (token, "payment_state", payment_states[i]);
  for (guint i = 0; i < G_N_ELEMENTS (lab_states); i++)
    assert_orders_today (token, "lab_state", lab_states[i]);
  /* Orders expire 48 hours after they are made, so none made today has;
   * two made two days ago expired today. */
  g_assert_cmpuint (json_array_get_length (items_of (expired, "items")), ==, 1);
  {
    g_autofree char *sql =
      g_strdup_printf ("SELECT count(*) FROM orders WHERE lab_state = 'expired' "
                       "AND expires_us > %" G_GINT64_FORMAT,
                       g_get_real_time () - G_TIME_SPAN_DAY);

    g_assert_cmpint (ld_test_query_int (db_path, sql), >=, 2);
  }

  /* Today's money, by every method, and a refund. */
  for (guint i = 0; i < json_array_get_length (totals); i++)
    {
      JsonObject *total = json_array_get_object_element (totals, i);

      if (json_object_get_int_member (total, "received_paise") > 0)
        g_hash_table_add (seen, g_strdup (json_object_get_string_member (total, "method")));
      if (json_object_get_int_member (total, "refunded_paise") > 0)
        g_hash_table_add (seen, g_strdup ("refund"));
    }
  g_assert_true (g_hash_table_contains (seen, "cash"));
  g_assert_true (g_hash_table_contains (seen, "card"));
  g_assert_true (g_hash_table_contains (seen, "upi"));
  g_assert_true (g_hash_table_contains (seen, "online"));
  g_assert_true (g_hash_table_contains (seen, "refund"));

  /* Priorities, the doctor's prescriptions with notes, home collection. */
  g_hash_table_remove_all (seen);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *order = json_array_get_object_element (list, i);

      g_hash_table_add (seen, g_strdup (json_object_get_string_member (order, "priority")));
      if (g_str_equal (json_object_get_string_member (order, "source"), "doctor") &&
          !json_object_get_null_member (order, "clinical_notes"))
        g_hash_table_add (seen, g_strdup ("prescription"));
      if (g_str_equal (json_object_get_string_member (order, "collection"), "home"))
        g_hash_table_add (seen, g_strdup ("home"));
      online_in_flight |= json_object_get_boolean_member (order, "online_payment_pending");
    }
  g_assert_cmpuint (json_array_get_length (list), >=, 30);
  g_assert_true (g_hash_table_contains (seen, "routine"));
  g_assert_true (g_hash_table_contains (seen, "urgent"));
  g_assert_true (g_hash_table_contains (seen, "stat"));
  g_assert_true (g_hash_table_contains (seen, "prescription"));
  g_assert_true (g_hash_table_contains (seen, "home"));
  g_assert_true (online_in_flight);
}

static void
test_home_visits (void)
{
  g_autofree char *token = sign_in ("reception");
  g_autoptr(LdTestResponse) resp = get_ok (token, "/api/v1/home-visits?days=7");
  guint overdue = json_array_get_length (items_of (resp, "overdue"));
  guint n_today = json_array_get_length (items_of (resp, "today"));
  guint upcoming = json_array_get_length (items_of (resp, "upcoming"));

  /* Seven slots: two on the days before, two this afternoon (overdue
   * late in the day), one on each of the next three days. A midnight
   * between the demo's making and this read moves each a step: the
   * afternoon's to overdue, tomorrow's to today. */
  g_assert_cmpuint (overdue, >=, 2);
  g_assert_cmpuint (upcoming, >=, 2);
  g_assert_cmpuint (overdue + n_today, >=, 4);
  g_assert_cmpuint (overdue + n_today + upcoming, >=, 7);
}

/* A followed patient has a result a month for two years, some out of
 * range and one critical. */
static void
test_two_years_of_results (void)
{
  g_autofree char *token = sign_in ("doctor");
  g_autoptr(LdTestResponse) found = get_ok (token, "/api/v1/patients?q=lakshmi%20iyer");
  JsonArray *patients = items_of (found, "items");
  guint best = 0;
  gint64 span_us = 0;
  g_autoptr(GHashTable) flags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (patients); i++)
    {
      JsonObject *patient = json_array_get_object_element (patients, i);
      g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s/results?test=GLUF&limit=200",
                                               json_object_get_string_member (patient, "id"));
      g_autoptr(LdTestResponse) resp = get_ok (token, path);
      JsonArray *results = items_of (resp, "items");
      guint n = json_array_get_length (results);
      gint64 newest, oldest;

      if (n <= best)
        continue;
      best = n;
      g_assert_true (ld_time_parse_rfc3339 (
        json_object_get_string_member (json_array_get_object_element (results, 0), "collected_at"),
        &newest));
      g_assert_true (
        ld_time_parse_rfc3339 (json_object_get_string_member (
                                 json_array_get_object_element (results, n - 1), "collected_at"),
                               &oldest));
      span_us = newest - oldest;
      for (guint k = 0; k < n; k++)
        g_hash_table_add (flags, g_strdup (json_object_get_string_member (
                                   json_array_get_object_element (results, k), "flag")));
    }

  g_assert_cmpuint (best, >=, 24);
  g_assert_cmpint (span_us, >=, (gint64) 700 * G_TIME_SPAN_DAY);
  g_assert_true (g_hash_table_contains (flags, "high"));
  g_assert_true (g_hash_table_contains (flags, "critical_high"));
  /* Eight patients are followed so, with several tests each. */
  g_assert_cmpint (
    ld_test_query_int (db_path,
                       "SELECT count(*) FROM (SELECT o.patient_id FROM results r "
                       "JOIN orders o ON o.id = r.order_id "
                       "WHERE r.state IN ('released', 'amended') "
                       "GROUP BY o.patient_id, r.test_code HAVING count(*) >= 24) AS followed"),
    >=, 16);
}

/* Months of released reports, each with its PDF kept, served byte for byte. */
static void
test_released_reports (void)
{
  g_autofree char *token = sign_in ("technician");
  g_autofree char *order_id =
    query_text ("SELECT order_id FROM reports ORDER BY released_at LIMIT 1");
  g_autofree char *sha = query_text ("SELECT pdf_sha256 FROM reports ORDER BY released_at LIMIT 1");
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/report.pdf", order_id);
  g_autoptr(LdTestResponse) pdf = get_ok (token, path);
  g_autofree char *served =
    g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) pdf->body, pdf->length);

  g_assert_cmpint (ld_test_query_int (db_path, "SELECT count(*) FROM reports"), >=, 300);
  g_assert_cmpint (ld_test_query_int (db_path, "SELECT count(*) FROM reports r "
                                               "LEFT JOIN report_pdfs p ON p.report_id = r.id "
                                               "WHERE r.pdf_sha256 IS NULL OR p.pdf IS NULL"),
                   ==, 0);
  g_assert_cmpint (ld_test_query_int (db_path, "SELECT count(*) FROM reports WHERE corrected = 1"),
                   >=, 1);
  /* Every version was released by an authorised signatory (issue 18). */
  g_assert_cmpint (ld_test_query_int (
                     db_path, "SELECT count(*) FROM reports r JOIN users u ON u.id = r.released_by"
                              " WHERE u.can_sign_reports = 0"),
                   ==, 0);
  /* And every critical value was verified with its telephone call. */
  g_assert_cmpint (ld_test_query_int (
                     db_path, "SELECT count(*) FROM results WHERE state IN ('verified', 'released')"
                              " AND flag IN ('critical_low', 'critical_high')"
                              " AND critical_call_name IS NULL"),
                   ==, 0);
  g_assert_cmpint (ld_test_query_int (db_path, "SELECT count(*) FROM results"
                                               " WHERE critical_call_name IS NOT NULL"),
                   >=, 1);
  g_assert_cmpint (ld_test_query_int (db_path,
                                      "SELECT count(*) FROM payments WHERE kind = 'refund'"),
                   >=, 5);
  /* The oldest is months old. */
  {
    g_autofree char *before = dup_time_days_ago (60);
    g_autofree char *sql =
      g_strdup_printf ("SELECT count(*) FROM reports WHERE released_at < '%s'", before);

    g_assert_cmpint (ld_test_query_int (db_path, sql), >, 100);
  }
  g_assert_true (g_str_has_prefix (pdf->body, "%PDF"));
  g_assert_cmpstr (served, ==, sha);
}

static void
test_critical_alerts (void)
{
  g_autofree char *token = sign_in ("doctor");
  g_autoptr(LdTestResponse) open = get_ok (token, "/api/v1/doctors/me/alerts");
  g_autoptr(LdTestResponse) all = get_ok (token, "/api/v1/doctors/me/alerts?state=all");
  JsonArray *every = items_of (all, "items");
  guint acknowledged = 0;

  g_assert_cmpuint (json_array_get_length (items_of (open, "items")), >=, 2);
  for (guint i = 0; i < json_array_get_length (every); i++)
    if (!json_object_get_null_member (json_array_get_object_element (every, i), "acknowledged_at"))
      acknowledged++;
  g_assert_cmpuint (acknowledged, >=, 1);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *args[] = { "demo", "--db", NULL, "--config", NULL, NULL };
  g_autofree char *out = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* In memory where the machine has it: the demo's story is what is
   * checked here, not the disk under it (test-durability's), and its
   * 5,500 requests each waited for a sync of the log. */
  tmpdir = ld_test_dir_make_tmp_in_memory ("labdesk-demo-XXXXXX");
  db_path = ld_test_db_new (tmpdir, &config_path);
  today = g_date_time_format (now, "%Y-%m-%d");

  /* Made once by the real binary; each test reads a part of it. The
   * demo makes some 5,500 requests: with the slow, exact unwinder on
   * every malloc (the tests' ASAN_OPTIONS) it takes over ten minutes, with
   * the fast one (frame pointers are kept) about one. Leak detection
   * and every other check stay on. */
  g_setenv ("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=1", TRUE);
  args[2] = db_path;
  args[4] = config_path;
  g_assert_cmpint (ld_test_run_server_command (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "DEMO ONLY"));

  g_test_add_func ("/demo/check-passes", test_check_passes);
  g_test_add_func ("/demo/patients", test_patients);
  g_test_add_func ("/demo/no-tax", test_no_tax);
  g_test_add_func ("/demo/today-every-state", test_today_every_state);
  g_test_add_func ("/demo/home-visits", test_home_visits);
  g_test_add_func ("/demo/two-years-of-results", test_two_years_of_results);
  g_test_add_func ("/demo/released-reports", test_released_reports);
  g_test_add_func ("/demo/critical-alerts", test_critical_alerts);

  status = g_test_run ();

  g_clear_pointer (&server, ld_test_server_free);
  ld_test_remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (db_path);
  g_free (config_path);
  g_free (today);
  return status;
}

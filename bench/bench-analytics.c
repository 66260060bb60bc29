/* bench-analytics.c: the analytics over a busy lab's year, and the audit
 * log's first page over 1,000,000 events
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test. Run in a release build:
 *   meson setup _build-release . --buildtype=release
 *   ninja -C _build-release bench/bench-analytics && _build-release/bench/bench-analytics
 *     [--analytics-only]
 *
 * A year of a busy lab is written straight into the server's database with
 * bulk SQL: 300 orders a day for 366 days ending yesterday (109,800
 * orders), three tests each, paid by cash, card, UPI, online or cash on
 * collection in turn, one in a hundred cancelled and one expired, the
 * rest collected (one sample in fifty rejected and collected again),
 * resulted, verified and released with times that differ from order to
 * order, one result in two hundred amended. Then GET /api/v1/analytics
 * over the whole year and GET /api/v1/analytics/turnaround_tests.csv are
 * timed over HTTP, one at a time. Then 1,000,000 audit events are written
 * (a year of them, twenty users, a dozen actions, one user and one action
 * rare) and the first page of GET /api/v1/audit is timed with each filter.
 * Each figure is wall time, and for the analytics also the CPU time the
 * request cost the process (what it takes with a core to itself).
 */

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#include "bench-common.h"
#include "ld-sqlite.h"
#include "ld-store-orders.h"
#include "ld-test-lab.h"

#define DAYS 366
#define ORDERS_PER_DAY 300
#define N_ORDERS (DAYS * ORDERS_PER_DAY)
#define N_EVENTS 1000000
#define N_TIMED 20
/* 288 seconds: a day over its 300 orders. */
#define ORDER_SPACING_US 288000000

/* ?1 the first order's time, ?2 the desk, ?3 and ?4 the technicians, ?5
 * the signatory, ?6 the number of orders. */
static const char * const year_sql[] = {
  "INSERT INTO patients (id, mrn, name, name_fold, name_key, sex, age_years, created_at, updated_at)"
  " WITH RECURSIVE k(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM k WHERE k + 1 < ?6 / 10)"
  " SELECT 'ap-' || k, 'A' || k, 'Analytics Patient ' || k, 'analytics patient ' || k,"
  "        'analytics patient ' || k, 'female', 40, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'"
  " FROM k",

  "INSERT INTO orders (id, number, patient_id, source, priority, collection,"
  "                    subtotal_paise, discount_paise, home_fee_paise, tax_paise, total_paise,"
  "                    lab_state, expires_us, created_by, created_us, created_at, updated_at,"
  "                    technician_id, assigned_us, collectable_us)"
  " WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?6),"
  "   t(i, us) AS (SELECT i, ?1 + i * " G_STRINGIFY (ORDER_SPACING_US) " FROM n)"
  " SELECT 'ao-' || i, 'A-' || i, 'ap-' || (i / 10), 'desk',"
  "        CASE i % 10 WHEN 0 THEN 'stat' WHEN 1 THEN 'urgent' ELSE 'routine' END, 'lab',"
  "        60000, 0, 0, 2000, 62000,"
  "        CASE i % 100 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'expired' ELSE 'reported' END,"
  "        us + 172800000000, ?2, us, strftime ('%Y-%m-%dT%H:%M:%SZ', us / 1000000, 'unixepoch'),"
  "        strftime ('%Y-%m-%dT%H:%M:%SZ', us / 1000000 + 7200, 'unixepoch'),"
  "        CASE WHEN i % 100 > 1 THEN CASE WHEN i % 2 = 0 THEN ?3 ELSE ?4 END END,"
  "        CASE WHEN i % 100 > 1 THEN us + 60000000 END, us"
  " FROM t",

  "INSERT INTO order_tests (order_id, test_code, name, specimen, container, item_code, position)"
  " SELECT o.id, c.code, c.name, c.specimen, c.container, c.code, c.rowid"
  " FROM orders o JOIN catalog_tests c"
  "   ON c.code IN (CASE CAST (substr (o.id, 4) AS INTEGER) % 3 WHEN 0 THEN 'HB' WHEN 1 THEN 'GLUF' ELSE 'TSH' END,"
  "                 CASE CAST (substr (o.id, 4) AS INTEGER) % 5 WHEN 0 THEN 'CREA' WHEN 1 THEN 'K' WHEN 2 THEN 'ALT' WHEN 3 THEN 'NA' ELSE 'UREA' END,"
  "                 CASE CAST (substr (o.id, 4) AS INTEGER) % 2 WHEN 0 THEN 'CHOL' ELSE 'CRP' END)"
  " WHERE o.id >= 'ao-' AND o.id < 'ao.'",

  "INSERT INTO payments (id, order_id, kind, method, amount_paise, status, taken_by, decided_by,"
  "                      created_us, created_at, decided_at)"
  " SELECT 'apay' || substr (id, 3), id, 'payment',"
  "        CASE CAST (substr (id, 4) AS INTEGER) % 7 WHEN 0 THEN 'card' WHEN 1 THEN 'upi'"
  "          WHEN 2 THEN 'online' ELSE 'cash' END, 62000, 'succeeded', ?2, ?2,"
  "        created_us + 30000000, created_at, created_at"
  " FROM orders WHERE id >= 'ao-' AND id < 'ao.' AND lab_state = 'reported'",

  "INSERT INTO payments (id, order_id, kind, method, amount_paise, status, taken_by, decided_by,"
  "                      created_us, created_at, decided_at, reason)"
  " SELECT 'aref' || substr (id, 3), id, 'refund', 'cash', 2000, 'succeeded', ?2, ?2,"
  "        created_us + 90000000, updated_at, updated_at, 'Charged twice.'"
  " FROM orders WHERE id >= 'ao-' AND id < 'ao.' AND lab_state = 'reported'"
  "   AND CAST (substr (id, 4) AS INTEGER) % 97 = 0",

  /* The money kept on each order, as the store keeps it after an attempt. */
  "UPDATE orders SET " LD_STORE_ORDER_MONEY_SET " WHERE id >= 'ao-' AND id < 'ao.'",

  "INSERT INTO samples (id, order_id, accession, specimen, container, state, collected_by,"
  "                     collected_at, received_by, received_at, reject_reason)"
  " SELECT 'as' || substr (id, 3), id, 'AS' || substr (id, 4), 'blood', 'edta',"
  "        CASE WHEN CAST (substr (id, 4) AS INTEGER) % 50 = 7 THEN 'rejected' ELSE 'received' END,"
  "        technician_id, created_at, technician_id, created_at,"
  "        CASE WHEN CAST (substr (id, 4) AS INTEGER) % 50 = 7 THEN 'Haemolysed.' END"
  " FROM orders WHERE id >= 'ao-' AND id < 'ao.' AND lab_state = 'reported'",

  "INSERT INTO samples (id, order_id, accession, specimen, container, state, collected_by,"
  "                     collected_at, received_by, received_at, replaces_sample_id)"
  " SELECT 'asr' || substr (id, 3), id, 'ASR' || substr (id, 4), 'blood', 'edta', 'received',"
  "        technician_id, updated_at, technician_id, updated_at, 'as' || substr (id, 3)"
  " FROM orders WHERE id >= 'ao-' AND id < 'ao.' AND lab_state = 'reported'"
  "   AND CAST (substr (id, 4) AS INTEGER) % 50 = 7",

  "INSERT INTO results (id, order_id, test_code, state, value, numeric_value, flag, entered_by,"
  "                     entered_at, verified_by, verified_at, released_at,"
  "                     collected_us, received_us, entered_us, verified_us, released_us)"
  " SELECT 'ar' || substr (t.order_id, 3) || t.test_code, t.order_id, t.test_code, 'released',"
  "        '5', 5, CASE WHEN (k % 41) = 0 THEN 'critical_high' ELSE 'normal' END,"
  "        o.technician_id, o.updated_at,"
  "        CASE WHEN o.technician_id = ?3 THEN ?4 ELSE ?3 END, o.updated_at, o.updated_at,"
  "        o.created_us + (10 + k % 30) * 60000000,"
  "        o.created_us + (20 + k % 30 + k % 7) * 60000000,"
  "        o.created_us + (60 + k % 30 + k % 7 + k % 61) * 60000000,"
  "        o.created_us + (80 + k % 30 + k % 7 + k % 61 + k % 23) * 60000000,"
  "        o.created_us + (90 + k % 30 + k % 7 + k % 61 + k % 23 + k % 11) * 60000000"
  " FROM (SELECT order_id, test_code, CAST (substr (order_id, 4) AS INTEGER) + length (test_code) AS k"
  "       FROM order_tests WHERE order_id >= 'ao-' AND order_id < 'ao.') t"
  " JOIN orders o ON o.id = t.order_id WHERE o.lab_state = 'reported'",

  "INSERT INTO reports (id, order_id, version, released_by, released_at, verification_code)"
  " SELECT 'arp' || substr (id, 3), id, 1, ?5, updated_at, 'AV' || substr (id, 4)"
  " FROM orders WHERE id >= 'ao-' AND id < 'ao.' AND lab_state = 'reported'",

  "INSERT INTO result_amendments (result_id, old_value, new_value, reason, amended_by, amended_at)"
  " SELECT id, '5', '6', 'Transcription error.', ?5, released_at FROM results"
  " WHERE id >= 'ar' AND id < 'as' AND rowid % 200 = 0",
};

/* ?1 the first event's time, ?2 … ?5 four users' ids, ?6 the count. */
static const char audit_sql[] =
  "INSERT INTO audit_events (seq, at, user_id, username, action, entity, entity_id, client,"
  "                          detail, prev_hash, hash, keyed)"
  " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 <= ?6)"
  " SELECT (SELECT coalesce (max (seq), 0) FROM audit_events) + i,"
  "        strftime ('%Y-%m-%dT%H:%M:%fZ', (?1 + i * 31000000) / 1000000.0, 'unixepoch'),"
  "        CASE WHEN i % 10007 = 0 THEN ?5"
  "             WHEN i % 20 < 10 THEN ?2 WHEN i % 20 < 15 THEN ?3 ELSE 'bench-user-' || (i % 20) END,"
  "        'bench', CASE WHEN i % 9973 = 0 THEN 'report.rare'"
  "          ELSE CASE i % 12 WHEN 0 THEN 'patient.read' WHEN 1 THEN 'patient.search'"
  "          WHEN 2 THEN 'order.create' WHEN 3 THEN 'order.read' WHEN 4 THEN 'payment.create'"
  "          WHEN 5 THEN 'result.enter' WHEN 6 THEN 'result.verify' WHEN 7 THEN 'report.read'"
  "          WHEN 8 THEN 'session.create' WHEN 9 THEN 'change.read' WHEN 10 THEN 'sample.collect'"
  "          ELSE 'order.list' END END,"
  "        CASE i % 3 WHEN 0 THEN 'patient' WHEN 1 THEN 'order' ELSE 'sample' END,"
  "        'e-' || (i % 50000), '127.0.0.1', NULL,"
  "        '0000000000000000000000000000000000000000000000000000000000000000',"
  "        '0000000000000000000000000000000000000000000000000000000000000000', 1"
  " FROM n";

typedef struct
{
  LdLab  *lab;
  gint64  first_us;
  char   *desk_id;
  char   *rare_user;
} Writing;

static void
bind_year (LdSqliteStmt *stmt,
           gpointer      data)
{
  Writing *writing = data;

  ld_sqlite_bind_int64 (stmt, 1, writing->first_us);
  ld_sqlite_bind_text (stmt, 2, writing->desk_id);
  ld_sqlite_bind_text (stmt, 3, writing->lab->technician_id);
  ld_sqlite_bind_text (stmt, 4, writing->lab->sunita_id);
  ld_sqlite_bind_text (stmt, 5, writing->lab->signatory_id);
  ld_sqlite_bind_int64 (stmt, 6, N_ORDERS);
}

static void
bind_events (LdSqliteStmt *stmt,
             gpointer      data)
{
  Writing *writing = data;

  ld_sqlite_bind_int64 (stmt, 1, writing->first_us);
  ld_sqlite_bind_text (stmt, 2, writing->lab->technician_id);
  ld_sqlite_bind_text (stmt, 3, writing->lab->sunita_id);
  ld_sqlite_bind_text (stmt, 4, writing->lab->doctor_id);
  ld_sqlite_bind_text (stmt, 5, writing->rare_user);
  ld_sqlite_bind_int64 (stmt, 6, N_EVENTS);
}

static void
write_year (LdLab  *lab,
            gint64  first_us)
{
  g_autofree char *desk_id = ld_lab_user_id (lab, lab->desk);
  Writing writing = { lab, first_us, desk_id, NULL };
  double seconds = bench_write_bulk (lab->server, year_sql, G_N_ELEMENTS (year_sql), bind_year,
                                     &writing);

  g_print ("a year of orders (%d) written in %.1f s\n", N_ORDERS, seconds);
}

static void
write_events (LdLab  *lab,
              gint64  first_us,
              char   *rare_user)
{
  const char * const sql[] = { audit_sql };
  Writing writing = { lab, first_us, NULL, rare_user };
  double seconds = bench_write_bulk (lab->server, sql, 1, bind_events, &writing);

  g_print ("%d audit events written in %.1f s\n", N_EVENTS, seconds);
}

/* The CPU time the whole process (server and client) has used, in ms. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

/* Wall time, and the CPU time the request cost: on a machine shared with
 * other work the wall time waits for a core, and the CPU time is about
 * what the request takes with a core of its own. */
static void
time_get (LdLab      *lab,
          const char *what,
          const char *path)
{
  double ms[N_TIMED];
  double cpu[N_TIMED];

  for (guint i = 0; i < N_TIMED; i++)
    {
      double cpu_start = cpu_ms ();
      gint64 start = g_get_monotonic_time ();
      g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->admin);

      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      cpu[i] = cpu_ms () - cpu_start;
      if (resp->status != 200)
        g_error ("GET %s: %u %s", path, resp->status, resp->body);
    }
  bench_report (what, ms, N_TIMED);
  bench_report ("  the same, CPU time", cpu, N_TIMED);
}

static char *
format_day (gint64 us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (us / G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%d");
}

int
main (int   argc,
      char *argv[])
{
  gboolean analytics_only = argc > 1 && g_str_equal (argv[1], "--analytics-only");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  gint64 first_us = (g_date_time_to_unix (today) - (gint64) DAYS * 86400) * G_USEC_PER_SEC;
  g_autofree char *from = format_day (first_us);
  g_autofree char *to = format_day (first_us + (gint64) (DAYS - 1) * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR);
  g_autofree char *dashboard = g_strdup_printf ("/api/v1/analytics?from=%s&to=%s", from, to);
  g_autofree char *csv = g_strdup_printf ("/api/v1/analytics/turnaround_tests.csv?from=%s&to=%s",
                                          from, to);
  g_autofree char *month = g_strdup_printf ("/api/v1/analytics?from=%s&to=%s", from,
                                            format_day (first_us + 30 * G_TIME_SPAN_DAY));
  g_autofree char *rare_user = NULL;
  g_autofree char *by_user = NULL;
  g_autofree char *by_rare_user = NULL;
  g_autofree char *by_user_action = NULL;
  g_autofree char *period = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  LdLab *lab = ld_lab_new ();

  write_year (lab, first_us);
  if (g_getenv ("BENCH_ANALYTICS_PAUSE") != NULL)
    {
      char line[8];

      g_print ("database: %s (press Enter)\n", ld_test_server_get_db_path (lab->server));
      if (fgets (line, sizeof line, stdin) == NULL)
        g_print ("no input\n");
    }
  g_print ("\n%d orders over %d days (%s to %s):\n", N_ORDERS, DAYS, from, to);
  time_get (lab, "GET /analytics (a year, every section)", dashboard);
  time_get (lab, "GET /analytics/turnaround_tests.csv (a year)", csv);
  time_get (lab, "GET /analytics (its first month)", month);

  if (analytics_only)
    {
      ld_lab_free (lab);
      return 0;
    }

  rare_user = ld_lab_user_id (lab, lab->admin);
  write_events (lab, first_us, rare_user);
  by_user = g_strdup_printf ("/api/v1/audit?user=%s", lab->technician_id);
  by_rare_user = g_strdup_printf ("/api/v1/audit?user=%s", rare_user);
  by_user_action = g_strdup_printf ("/api/v1/audit?user=%s&action=order.read", lab->sunita_id);
  {
    g_autoptr(GDateTime) a = g_date_time_new_from_unix_utc (first_us / G_USEC_PER_SEC + 100 * 86400);
    g_autoptr(GDateTime) b = g_date_time_add_days (a, 1);

    since = g_date_time_format (a, "%Y-%m-%dT%H:%M:%SZ");
    until = g_date_time_format (b, "%Y-%m-%dT%H:%M:%SZ");
    period = g_strdup_printf ("/api/v1/audit?since=%s&until=%s", since, until);
  }

  g_print ("\n%d audit events, first page (100):\n", N_EVENTS);
  time_get (lab, "GET /audit", "/api/v1/audit");
  time_get (lab, "GET /audit?user= (half the events)", by_user);
  time_get (lab, "GET /audit?user= (one in 10,007)", by_rare_user);
  time_get (lab, "GET /audit?action= (one in 12)", "/api/v1/audit?action=patient.read");
  time_get (lab, "GET /audit?action= (one in 9,973)", "/api/v1/audit?action=report.rare");
  time_get (lab, "GET /audit?user=&action=", by_user_action);
  time_get (lab, "GET /audit?entity=order", "/api/v1/audit?entity=order");
  time_get (lab, "GET /audit?entity=order&entity_id=", "/api/v1/audit?entity=order&entity_id=e-4");
  time_get (lab, "GET /audit?since=&until= (a day, 100 days in)", period);

  ld_lab_free (lab);
  return 0;
}

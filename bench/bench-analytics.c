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

#include "bench-analytics-year.h"
#include "bench-common.h"
#include "ld-sqlite.h"
#include "ld-test-lab.h"

#define N_EVENTS 1000000
#define N_TIMED 20

/* ?1 the first event's time, ?2 … ?5 four users' ids, ?6 the count. */
static const char audit_sql[] =
  "INSERT INTO audit_events (seq, at, user_id, username, action, entity, entity_id, client,"
  "                          detail, prev_hash, hash, keyed)"
  " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 <= ?6)"
  " SELECT (SELECT coalesce (max (seq), 0) FROM audit_events) + i,"
  "        strftime ('%Y-%m-%dT%H:%M:%fZ', (?1 + i * 31000000) / 1000000.0, 'unixepoch'),"
  "        CASE WHEN i % 10007 = 0 THEN ?5"
  "             WHEN i % 20 < 10 THEN ?2 WHEN i % 20 < 15 THEN ?3 ELSE 'bench-user-' || (i % 20) "
  "END,"
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
  char   *rare_user;
} Writing;

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
write_events (LdLab  *lab,
              gint64  first_us,
              char   *rare_user)
{
  const char * const sql[] = { audit_sql };
  Writing writing = { lab, first_us, rare_user };
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
  g_autoptr(GDateTime) today =
               g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  gint64 first_us =
    (g_date_time_to_unix (today) - (gint64) BENCH_ANALYTICS_DAYS * 86400) * G_USEC_PER_SEC;
  g_autofree char *from = format_day (first_us);
  g_autofree char *to = format_day (
    first_us + (gint64) (BENCH_ANALYTICS_DAYS - 1) * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR);
  g_autofree char *dashboard = g_strdup_printf ("/api/v1/analytics?from=%s&to=%s", from, to);
  g_autofree char *csv =
    g_strdup_printf ("/api/v1/analytics/turnaround_tests.csv?from=%s&to=%s", from, to);
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

  bench_analytics_write_year (lab, first_us);
  if (g_getenv ("BENCH_ANALYTICS_PAUSE") != NULL)
    {
      char line[8];

      g_print ("database: %s (press Enter)\n", ld_test_server_get_db_path (lab->server));
      if (fgets (line, sizeof line, stdin) == NULL)
        g_print ("no input\n");
    }
  g_print ("\n%d orders over %d days (%s to %s):\n", BENCH_ANALYTICS_ORDERS, BENCH_ANALYTICS_DAYS,
           from, to);
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
    g_autoptr(GDateTime) a =
                 g_date_time_new_from_unix_utc (first_us / G_USEC_PER_SEC + 100 * 86400);
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

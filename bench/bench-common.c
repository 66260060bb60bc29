/* bench-common.c: figures and order load shared by the benchmarks
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-common.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Sorts @ms in place; an empty set gives zeros. */
BenchFigures
bench_figures (double *ms,
               guint   n)
{
  BenchFigures f = { n, 0, 0, 0 };

  if (n == 0)
    return f;

  qsort (ms, n, sizeof (double), compare_doubles);
  f.p50 = ms[n / 2];
  f.p99 = ms[(guint) (n * 0.99)];
  f.max = ms[n - 1];
  return f;
}

void
bench_report (const char *what,
              double     *ms,
              guint       n)
{
  BenchFigures f = bench_figures (ms, n);

  g_print ("%-44s n=%-5u p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms\n",
           what, f.n, f.p50, f.p99, f.max);
}

/* The machine's load average beside the figures: they are noisy. */
void
bench_print_load (const char *when)
{
  g_autofree char *loadavg = NULL;

  g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
  g_print ("[load %s: %s]\n", when, loadavg ? g_strstrip (loadavg) : "?");
}

/* Whether an --only @list ("3,5"; NULL for all) leaves moment @n in. */
gboolean
bench_measures (const char *list,
                guint       n)
{
  char digit[2] = { '0' + n, '\0' };

  return list == NULL || strstr (list, digit) != NULL;
}

/* A figure against its budget, one line. */
void
bench_print_budget (const char *what,
                    double      figure,
                    double      budget)
{
  g_print ("  %s: %.1f against the budget < %.1f: %s\n", what, figure, budget,
           figure < budget ? "met" : "NOT MET");
}

typedef struct
{
  LdTestServer *server;
  const char   *token;
  const char   *body;
  guint         n;
  double       *ms;
} OrderClient;

/* One desk making orders back to back, each a new cart for one patient. */
static gpointer
make_orders (gpointer data)
{
  OrderClient *client = data;

  for (guint i = 0; i < client->n; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(LdTestResponse) resp = ld_test_send_json (client->server, "POST", "/api/v1/orders",
                                                           client->token, client->body);

      g_assert_cmpuint (resp->status, ==, 201);
      client->ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }

  return NULL;
}

/**
 * bench_orders:
 * @body: the POST /api/v1/orders body every order sends
 *
 * Makes @n_orders orders from @n_clients desks at once and prints their
 * latency and rate.
 *
 * Returns: orders created per second
 */
double
bench_orders (LdTestServer *server,
              const char   *token,
              const char   *body,
              guint         n_orders,
              guint         n_clients)
{
  g_autofree OrderClient *clients = g_new0 (OrderClient, n_clients);
  g_autofree GThread **threads = g_new0 (GThread *, n_clients);
  g_autofree double *ms = g_new0 (double, n_orders);
  g_autofree char *what = NULL;
  guint per_client = n_orders / n_clients;
  gint64 start = g_get_monotonic_time ();
  double seconds;
  double per_second;

  for (guint i = 0; i < n_clients; i++)
    {
      clients[i] = (OrderClient){ server, token, body, per_client, ms + i * per_client };
      threads[i] = g_thread_new ("desk", make_orders, &clients[i]);
    }
  for (guint i = 0; i < n_clients; i++)
    g_thread_join (threads[i]);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  per_second = per_client * n_clients / seconds;

  what = g_strdup_printf ("POST /api/v1/orders (%u client%s)", n_clients, n_clients > 1 ? "s" : "");
  bench_report (what, ms, per_client * n_clients);
  g_print ("%-44s %.0f orders/s\n", "", per_second);
  return per_second;
}

/**
 * bench_poll_health:
 * @server: the server
 * @pending: requests still under way, counted down by their callbacks
 * @ms: where the latencies go
 * @max: how many @ms holds
 *
 * Asks GET /health one request after another, from a session of its own,
 * for as long as *@pending is not zero (running this thread's main
 * context between requests, so the callbacks run): how long the server
 * makes everyone else wait while it works.
 *
 * Returns: how many latencies were written to @ms
 */
guint
bench_poll_health (LdTestServer *server,
                   const guint  *pending,
                   double       *ms,
                   guint         max)
{
  g_autoptr(SoupSession) probe = soup_session_new ();
  g_autofree char *uri = g_strconcat (ld_test_server_get_uri (server), "/health", NULL);
  guint n = 0;

  while (*pending > 0 && n < max)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) body = NULL;

      g_main_context_iteration (NULL, FALSE);
      body = soup_session_send_and_read (probe, msg, NULL, NULL);
      ms[n++] = (g_get_monotonic_time () - start) / 1000.0;
    }
  return n;
}

/**
 * bench_write_bulk:
 * @server: a server, whose database is written behind its back
 * @sql: (array length=n_sql): statements, each run once
 * @bind: binds each statement's parameters
 *
 * Writes a history straight into the database with bulk SQL, in one
 * transaction.
 *
 * Returns: the seconds it took
 */
double
bench_write_bulk (LdTestServer       *server,
                  const char * const *sql,
                  guint               n_sql,
                  BenchBindFunc       bind,
                  gpointer            data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (ld_test_server_get_db_path (server),
                                            LD_SQLITE_OPEN_NO_CREATE, &error);
  g_auto(LdSqliteTransaction) txn = { NULL };
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  /* A million rows go into a dozen indexes: a cache that holds them
   * writes them in minutes, not in a quarter of an hour. */
  ld_sqlite_exec (db, "PRAGMA cache_size = -524288", &error);
  g_assert_no_error (error);
  ld_sqlite_transaction_begin (&txn, db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_sql; i++)
    {
      LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, sql[i], &error);

      g_assert_no_error (error);
      bind (stmt, data);
      ld_sqlite_step_done (stmt, &error);
      g_assert_no_error (error);
    }
  ld_sqlite_transaction_commit (&txn, &error);
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

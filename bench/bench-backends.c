/* bench-backends.c: patient search and order creation on SQLite, and on
 * PostgreSQL with one and with two server processes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test. Issue 19 asks what PostgreSQL costs
 * and what several processes give, beside SQLite, on the same machine in
 * the same run. It makes one lab (`labdesk-server demo --patients N`, the
 * story and N patients with their orders, through the API), copies it
 * into a throwaway PostgreSQL cluster with `labdesk-server migrate` (the
 * cluster is tests/ld-test-pg.c's), then for each of
 *   SQLite, one process;  PostgreSQL, one process;  PostgreSQL, two
 * spawns the real servers, signs a desk in on each and measures, with
 * --clients threads spread evenly over the processes (one keep-alive
 * connection each, no think time: the servers' capacity, not a lab's
 * load):
 *   - search: GET /api/v1/patients?q=… with prefixes of registered names,
 *     for --seconds;
 *   - orders: POST /api/v1/orders, one test for a registered patient,
 *     --orders in all.
 *
 * On two shared cores, a second process mostly shows what it costs: the
 * clients, both servers and PostgreSQL's backends take turns on the same
 * cores. The note in the README reads the figures for a larger machine.
 *
 * Run, from a release build:
 *   meson setup _build-release . --buildtype=release -Dclient=false
 *   ninja -C _build-release && _build-release/bench/bench-backends
 * Options: --patients N (default 10000), --clients N (default 8),
 * --seconds S (default 10), --orders N (default 800).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>

#include "bench-common.h"
#include "bench-http-client.h"
#include "ld-test-pg.h"

#define DEFAULT_PATIENTS 10000
#define DEFAULT_CLIENTS 8
#define DEFAULT_SECONDS 10
#define DEFAULT_ORDERS 800
#define N_QUERIES 2000
#define MAX_PROCESSES 2

static guint n_patients = DEFAULT_PATIENTS;
static guint n_clients = DEFAULT_CLIENTS;
static guint n_seconds = DEFAULT_SECONDS;
static guint n_orders = DEFAULT_ORDERS;

typedef struct
{
  const char   *name;
  LdTestServer *servers[MAX_PROCESSES];
  char         *tokens[MAX_PROCESSES];
  guint         n_servers;
  /* Search: texts, taken in turn by the clients until the deadline. */
  GPtrArray    *queries;
  GPtrArray    *patient_ids;
  gint          next;
  gint64        deadline;
  double       *ms;
  guint         capacity;
  gint          n_failed;
} Run;

typedef struct
{
  Run   *run;
  guint  index;
  /* Orders: this client's share, and where its latencies go. */
  guint  n_orders;
  double *ms;
} Client;

static gpointer
search_client (gpointer data)
{
  Client *client = data;
  Run *run = client->run;
  guint process = client->index % run->n_servers;
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchConnection) connection =
               bench_connection_new (ld_test_server_get_uri (run->servers[process]), &error);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", run->tokens[process]);
  guint i;

  if (connection == NULL)
    g_error ("cannot connect to the server: %s", error->message);

  while (g_get_monotonic_time () < run->deadline &&
         (i = (guint) g_atomic_int_add (&run->next, 1)) < run->capacity)
    {
      const char *text = g_ptr_array_index (run->queries, i % run->queries->len);
      g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/api/v1/patients?limit=25&q=%s", escaped);
      gint64 started = g_get_monotonic_time ();
      guint status = 0;

      if (!bench_connection_get (connection, path, auth, &status, body, &error) ||
          status != SOUP_STATUS_OK)
        {
          g_atomic_int_inc (&run->n_failed);
          g_clear_error (&error);
        }
      run->ms[i] = (g_get_monotonic_time () - started) / 1000.0;
    }
  return NULL;
}

static gpointer
order_client (gpointer data)
{
  Client *client = data;
  Run *run = client->run;
  guint process = client->index % run->n_servers;

  for (guint i = 0; i < client->n_orders; i++)
    {
      const char *patient =
        g_ptr_array_index (run->patient_ids,
                           (client->index * 7919 + i * 104729) % run->patient_ids->len);
      g_autofree char *body =
        g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"CBC\"]}", patient);
      gint64 started = g_get_monotonic_time ();
      g_autoptr(LdTestResponse) resp =
                   ld_test_send_json (run->servers[process], "POST", "/api/v1/orders",
                                      run->tokens[process], body);

      if (resp->status != SOUP_STATUS_CREATED)
        g_atomic_int_inc (&run->n_failed);
      client->ms[i] = (g_get_monotonic_time () - started) / 1000.0;
    }
  return NULL;
}

typedef struct
{
  BenchFigures search;
  double       searches_per_s;
  BenchFigures orders;
  double       orders_per_s;
} Result;

static double
run_clients (Run          *run,
             GThreadFunc   func,
             Client       *clients)
{
  g_autofree GThread **threads = g_new0 (GThread *, n_clients);
  gint64 started = g_get_monotonic_time ();

  for (guint c = 0; c < n_clients; c++)
    threads[c] = g_thread_new ("bench-client", func, &clients[c]);
  for (guint c = 0; c < n_clients; c++)
    g_thread_join (threads[c]);
  return (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
}

static void
measure (Run    *run,
         Result *result)
{
  g_autofree Client *clients = g_new0 (Client, n_clients);
  g_autofree double *order_ms = g_new0 (double, n_orders);
  guint per_client = n_orders / n_clients;
  double seconds;
  guint n_done;

  /* Search: as many as the time allows. */
  run->capacity = 200000;
  run->ms = g_new0 (double, run->capacity);
  run->next = 0;
  run->deadline = g_get_monotonic_time () + n_seconds * G_USEC_PER_SEC;
  for (guint c = 0; c < n_clients; c++)
    clients[c] = (Client){ run, c, 0, NULL };
  seconds = run_clients (run, search_client, clients);
  n_done = MIN ((guint) run->next, run->capacity);
  result->search = bench_figures (run->ms, n_done);
  result->searches_per_s = n_done / seconds;
  g_clear_pointer (&run->ms, g_free);

  /* Orders: a fixed number, shared out. */
  for (guint c = 0; c < n_clients; c++)
    clients[c] = (Client){ run, c, per_client, order_ms + c * per_client };
  seconds = run_clients (run, order_client, clients);
  result->orders = bench_figures (order_ms, per_client * n_clients);
  result->orders_per_s = per_client * n_clients / seconds;
}

static void
start_servers (Run        *run,
               const char *db,
               const char *config_path,
               guint       n_servers,
               const char *log_path)
{
  const char *args[] = { "--config", config_path, NULL };

  run->n_servers = n_servers;
  for (guint i = 0; i < n_servers; i++)
    {
      run->servers[i] = ld_test_server_spawn_logged (db, config_path ? args : NULL, log_path);
      run->tokens[i] = ld_test_login (run->servers[i], "reception", "reception-demo");
    }
}

static void
stop_servers (Run *run)
{
  for (guint i = 0; i < run->n_servers; i++)
    {
      g_clear_pointer (&run->servers[i], ld_test_server_free);
      g_clear_pointer (&run->tokens[i], g_free);
    }
}

/* Prefixes of registered names, as a desk types them, and the ids for
 * the orders: read from the SQLite database both backends hold. */
static void
read_workload (const char *db_path,
               GPtrArray  *queries,
               GPtrArray  *patient_ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (db_path, LD_SQLITE_OPEN_READONLY, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  LdSqliteStmt *stmt;

  g_assert_no_error (error);
  stmt = ld_sqlite_prepare_cached (db, "SELECT id, name FROM patients ORDER BY rowid", &error);
  g_assert_no_error (error);
  while (ld_sqlite_step (stmt, &error) == LD_SQLITE_ROW)
    g_ptr_array_add (patient_ids, ld_sqlite_column_dup_text (stmt, 0));
  g_assert_no_error (error);

  for (guint i = 0; i < N_QUERIES; i++)
    {
      const char *id =
        g_ptr_array_index (patient_ids, g_rand_int_range (rand, 0, patient_ids->len));
      g_auto(GStrv) words = NULL;
      const char *word;
      const char *end;
      glong length;

      stmt = ld_sqlite_prepare_cached (db, "SELECT name FROM patients WHERE id = ?1", &error);
      g_assert_no_error (error);
      ld_sqlite_bind_text (stmt, 1, id);
      g_assert_cmpint (ld_sqlite_step (stmt, &error), ==, LD_SQLITE_ROW);
      words = g_strsplit (ld_sqlite_column_text (stmt, 0), " ", -1);
      /* The first name or the surname, three to five letters of it. */
      word = words[g_rand_int_range (rand, 0, g_strv_length (words))];
      length = g_rand_int_range (rand, 3, 6);
      end = word;
      /* By hand: GLib 2.74's g_utf8_substring() reads past a short word. */
      for (glong c = 0; c < length && *end != '\0'; c++)
        end = g_utf8_next_char (end);
      g_ptr_array_add (queries, g_strndup (word, end - word));
      ld_sqlite_reset (stmt);
    }
}

static void
print_row (const char   *name,
           const Result *result)
{
  g_print ("%-26s %8.0f/s %7.2f %7.2f   %7.0f/s %7.2f %7.2f\n", name, result->searches_per_s,
           result->search.p50, result->search.p99, result->orders_per_s, result->orders.p50,
           result->orders.p99);
}

static void
make_lab (const char *sqlite_path,
          const char *pg_uri,
          const char *config_path)
{
  g_autofree char *patients = g_strdup_printf ("%u", n_patients);
  const char      *demo[] = { "demo", "--db", sqlite_path, "--patients", patients, NULL };
  const char      *migrate[] = { "migrate", "--from",   sqlite_path, "--db",
                                 pg_uri,    "--config", config_path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 started = g_get_monotonic_time ();

  g_print ("Making the lab: demo --patients %u…\n", n_patients);
  if (ld_test_run_server_command (demo, &out, &err) != 0)
    g_error ("demo failed: %s%s", out, err);
  g_print ("  made in %.1f s\n", (g_get_monotonic_time () - started) / 1e6);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  started = g_get_monotonic_time ();
  if (ld_test_run_server_command (migrate, &out, &err) != 0)
    g_error ("migrate failed: %s%s", out, err);
  g_print ("%s  migrate: %.1f s\n", out, (g_get_monotonic_time () - started) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char *tmpdir = NULL;
  g_autofree char *sqlite_path = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config_text = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *database = NULL;
  g_autofree char *pg_uri = NULL;
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) patient_ids = g_ptr_array_new_with_free_func (g_free);
  static const struct
  {
    const char *name;
    gboolean    on_postgresql;
    guint       n_processes;
  } setups[] = {
    { "SQLite, 1 process", FALSE, 1 },
    { "PostgreSQL, 1 process", TRUE, 1 },
    { "PostgreSQL, 2 processes", TRUE, 2 },
  };
  Result results[G_N_ELEMENTS (setups)] = { { { 0 } } };
  const GOptionEntry entries[] = {
    { "patients", 0, 0, G_OPTION_ARG_INT, &n_patients, "Patients in the lab", "N" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &n_clients, "Clients at once", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &n_seconds, "Seconds of search per setup", "S" },
    { "orders", 0, 0, G_OPTION_ARG_INT, &n_orders, "Orders per setup", "N" },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  n_clients = CLAMP (n_clients, 1, 256);
  if (g_getenv ("LABDESK_SERVER") == NULL)
    g_setenv ("LABDESK_SERVER", LABDESK_SERVER_PATH, TRUE);

  tmpdir = g_dir_make_tmp ("labdesk-bench-backends-XXXXXX", &error);
  g_assert_no_error (error);
  sqlite_path = g_build_filename (tmpdir, "lab.db", NULL);
  config_path = g_build_filename (tmpdir, "pg.conf", NULL);
  log_path = g_build_filename (tmpdir, "servers.log", NULL);
  config_text = g_strdup_printf ("[server]\naudit-key=%s/pg.audit-key\n"
                                 "audit-head=%s/pg.audit-head\n", tmpdir, tmpdir);
  g_file_set_contents (config_path, config_text, -1, &error);
  g_assert_no_error (error);
  database = ld_test_pg_create_database (NULL);
  pg_uri = ld_test_pg_dup_uri (database);

  make_lab (sqlite_path, pg_uri, config_path);
  read_workload (sqlite_path, queries, patient_ids);
  bench_print_load ("before the runs");
  g_print ("%u clients, %u s of search and %u orders per setup\n\n", n_clients, n_seconds,
           n_orders);

  for (guint i = 0; i < G_N_ELEMENTS (setups); i++)
    {
      const char *db = setups[i].on_postgresql ? pg_uri : sqlite_path;
      Run run = { setups[i].name, { NULL }, { NULL }, 0, queries, patient_ids };

      start_servers (&run, db, setups[i].on_postgresql ? config_path : NULL,
                     setups[i].n_processes, log_path);
      measure (&run, &results[i]);
      stop_servers (&run);
      g_print ("%s done (%d failed)\n", run.name, run.n_failed);
    }

  g_print ("\n%-26s %10s %7s %7s   %9s %7s %7s\n", "", "search", "p50 ms", "p99 ms", "orders",
           "p50 ms", "p99 ms");
  for (guint i = 0; i < G_N_ELEMENTS (setups); i++)
    print_row (setups[i].name, &results[i]);
  bench_print_load ("after the runs");

  ld_test_pg_drop_database (database);
  ld_test_pg_stop ();
  ld_test_remove_tree (tmpdir);
  return 0;
}

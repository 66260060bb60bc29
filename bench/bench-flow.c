/* bench-flow.c: the whole lab flow under load, from 1 to 64 clients
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test. Issue 36 asks what the server does
 * with the whole flow of a lab: order → payment → collection → receipt of
 * each sample → results → verification → release with the report's PDF.
 * It makes a lab with `labdesk-server demo` (on SQLite, or with --pg on a
 * throwaway PostgreSQL cluster, tests/ld-test-pg.c's), spawns the release
 * build's server (--processes of them on one PostgreSQL database), signs
 * in a desk, a technician, a second technician (the verifier) and the
 * signatory, and for each count of --clients runs that many threads
 * (bench-flow-steps.c: one keep-alive connection each, no think time, so
 * the server's capacity, not a lab's day), each doing whole flows for a
 * --warm-up and then --seconds. It prints:
 *   - flows released per second in the window;
 *   - per step (each request), its count and p50/p99/max in ms;
 *   - errors by step and status (a step answered otherwise ends its
 *     flow), over the whole run, warm-up included;
 *   - the server's CPU per flow (/proc/PID/stat, every server process;
 *     on PostgreSQL its server and backends apart), and the clients' own
 *     (this process), which must stay well below the server's;
 *   - on SQLite, the log's syncs and commits per flow from the server's
 *     /metrics (group commit: how many commits share a sync);
 *   - with --strace, every fsync and fdatasync call per flow (strace -f -c
 *     on the servers, and on PostgreSQL's processes), checkpoints and the
 *     audit head included. A traced run is slower: its other figures are
 *     not the server's speed;
 *   - the load average at the end: the machine may be shared.
 * The clients run one after another on the same servers, so the later
 * ones find a larger lab (each flow adds an order, a report and its PDF).
 * Exits 1 when a step failed, or when the server does not start.
 *
 * Run, from a release build:
 *   meson setup _rel --buildtype=release && ninja -C _rel server/labdesk-server bench/bench-flow
 *   _rel/bench/bench-flow --clients 1,8,32
 *   _rel/bench/bench-flow --pg --processes 2 --clients 32
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-common.h"
#include "bench-flow-steps.h"
#include "bench-http-client.h"
#include "bench-proc.h"
#include "ld-report-fonts.h"
#include "ld-test-pg.h"

#define MAX_PROCESSES 3
/* Issue 36's targets, at 32 clients on two cores. */
#define TARGET_P99_MS 50.0
#define TARGET_CPU_MS 12.0
#define TARGET_FLOWS 130.0

static char *clients_list = NULL;
static int n_seconds = 20;
static int n_warm_up = 2;
static gboolean on_postgresql = FALSE;
static int n_processes = 1;
static char *server_path = NULL;
static gboolean with_strace = FALSE;
static char *log_dir = NULL;

/* A g_error() in the helpers (the server did not start, nor the
 * cluster, a sign-in refused): say what and where the logs are, and exit
 * 1 rather than abort. */
static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  GLogWriterOutput done = g_log_writer_default (level, fields, n_fields, user_data);

  if (level & G_LOG_LEVEL_ERROR)
    {
      g_printerr ("bench-flow: cannot go on; the servers' logs are in %s\n",
                  log_dir ? log_dir : "(not made yet)");
      _exit (1);
    }
  return done;
}

typedef struct
{
  LdTestServer *servers[MAX_PROCESSES];
  BenchTokens   tokens[MAX_PROCESSES];
  /* On PostgreSQL: its server process, whose children are the backends. */
  GPid          postmaster;
  char         *tmpdir;
} Lab;

/* A server that finds no unhinted report fonts beside its build (one built
 * or copied elsewhere) renders with the system's hinted fonts, some 13 %
 * more instructions a render: its figures do not compare with a build that
 * has them. It says so in its log at start (ld-report-fonts.c); so does
 * this. */
static void
warn_of_system_fonts (const char *log_path)
{
  g_autofree char *log = NULL;

  if (g_file_get_contents (log_path, &log, NULL, NULL) &&
      strstr (log, LD_REPORT_FONTS_MISSING) != NULL)
    g_print ("NOTE: this server sets its reports in the system's fonts, not its build's"
             " unhinted copies (its log says so; LABDESK_FONTDIR names them): releases"
             " cost more\n");
}

static char *
bearer (LdTestServer *server,
        const char   *username,
        const char   *password)
{
  g_autofree char *token = ld_test_login (server, username, password);

  return g_strdup_printf ("Bearer %s", token);
}

static GPid
server_pid (Lab  *lab,
            guint i)
{
  return (GPid) atoi (g_subprocess_get_identifier (ld_test_server_get_process (lab->servers[i])));
}

static double
servers_cpu_ms (Lab *lab)
{
  double ms = 0;

  for (guint i = 0; i < (guint) n_processes; i++)
    ms += bench_proc_cpu_ms (server_pid (lab, i), FALSE);
  return ms;
}

/* A lab of the demo's story, its servers started and every role signed
 * in on each. */
static void
start_lab (Lab       *lab,
           GPtrArray *patient_ids)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *location = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(LdTestResponse) found = NULL;
  const char *demo[] = { "demo", "--config", NULL, NULL };
  const char *serve[] = { "--config", NULL, NULL };
  gint64 started = g_get_monotonic_time ();
  JsonArray *items;

  lab->tmpdir = g_dir_make_tmp ("labdesk-bench-flow-XXXXXX", &error);
  g_assert_no_error (error);
  log_dir = lab->tmpdir;
  if (on_postgresql)
    g_setenv ("LABDESK_TEST_DB", "postgresql", TRUE);
  location = ld_test_db_new (lab->tmpdir, &config_path);
  demo[2] = serve[1] = config_path;

  g_print ("Making the demo lab on %s…\n", on_postgresql ? "PostgreSQL" : "SQLite");
  if (ld_test_run_server_command (demo, &out, &err) != 0)
    g_error ("labdesk-server demo failed: %s%s", out, err);
  g_print ("  made in %.1f s\n", (g_get_monotonic_time () - started) / 1e6);

  for (guint i = 0; i < (guint) n_processes; i++)
    {
      g_autofree char *name = g_strdup_printf ("server-%u.log", i + 1);
      g_autofree char *log_path = g_build_filename (lab->tmpdir, name, NULL);
      BenchTokens *t = &lab->tokens[i];

      lab->servers[i] = ld_test_server_spawn_logged (location, serve, log_path);
      warn_of_system_fonts (log_path);
      t->desk = bearer (lab->servers[i], "reception", LD_TEST_RECEPTION_PASSWORD);
      t->technician = bearer (lab->servers[i], "technician", LD_TEST_TECHNICIAN_PASSWORD);
      t->verifier = bearer (lab->servers[i], "sunita", "sunita-demo");
      t->signatory = bearer (lab->servers[i], "pathologist", LD_TEST_PATHOLOGIST_PASSWORD);
    }
  if (on_postgresql)
    lab->postmaster =
      bench_proc_parent ((GPid) ld_test_pg_query_int (location, "SELECT pg_backend_pid()"));

  /* Demo patients by MRN, as the desk finds them. */
  found = ld_test_get (lab->servers[0], "/api/v1/patients?q=P0000&limit=100",
                       lab->tokens[0].desk + strlen ("Bearer "));
  if (found->status != 200)
    g_error ("the patients could not be listed: %u %s", found->status, found->body);
  items = json_object_get_array_member (ld_test_response_object (found), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *patient = json_array_get_object_element (items, i);

      g_ptr_array_add (patient_ids, g_strdup (json_object_get_string_member (patient, "id")));
    }
  if (patient_ids->len == 0)
    g_error ("the demo lab has no patients");
}

static void
stop_lab (Lab *lab)
{
  for (guint i = 0; i < (guint) n_processes; i++)
    {
      g_clear_pointer (&lab->servers[i], ld_test_server_free);
      g_free (lab->tokens[i].desk);
      g_free (lab->tokens[i].technician);
      g_free (lab->tokens[i].verifier);
      g_free (lab->tokens[i].signatory);
    }
  if (on_postgresql)
    ld_test_pg_stop ();
  ld_test_remove_tree (lab->tmpdir);
  g_free (lab->tmpdir);
}

static void
sleep_until (gint64 when)
{
  gint64 now = g_get_monotonic_time ();

  if (when > now)
    g_usleep (when - now);
}

/* Attaches strace to the servers and PostgreSQL's processes. */
static BenchSyncCount *
start_sync_count (Lab *lab)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (lab->tmpdir, "strace.txt", NULL);
  BenchSyncCount *count;

  for (guint i = 0; i < (guint) n_processes; i++)
    {
      GPid pid = server_pid (lab, i);

      g_array_append_val (pids, pid);
    }
  if (lab->postmaster > 0)
    {
      g_autoptr(GArray) backends = bench_proc_children (lab->postmaster);

      g_array_append_vals (pids, backends->data, backends->len);
    }
  count = bench_sync_count_start ((GPid *) pids->data, pids->len, path, &error);
  if (count == NULL)
    g_printerr ("strace did not start: %s\n", error->message);
  return count;
}

/* Prints the errors, "step status: count", with one answer of each. */
static guint
print_errors (GHashTable *errors,
              GHashTable *examples)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (errors), (GCompareFunc) g_strcmp0);
  guint total = 0;

  for (GList *k = keys; k != NULL; k = k->next)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (errors, k->data));

      g_print ("  error %-16s %6u   e.g. %s\n", (const char *) k->data, n,
               (const char *) g_hash_table_lookup (examples, k->data));
      total += n;
    }
  g_print ("errors (whole run, warm-up included): %u\n", total);
  return total;
}

/* A counter from the first server's /metrics; -1 when it shows none
 * (PostgreSQL, or a server from before group commit). */
static gint64
read_metric (Lab        *lab,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchConnection) connection =
               bench_connection_new (ld_test_server_get_uri (lab->servers[0]), &error);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *prefix = g_strconcat ("\n", name, " ", NULL);
  const char *line;
  guint status = 0;

  if (connection == NULL ||
      !bench_connection_get (connection, "/metrics", NULL, &status, body, &error) ||
      status != 200 || (line = strstr (body->str, prefix)) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (prefix), NULL, 10);
}

/* Idle time left means the limit is one thread, not the machine; time
 * stolen by the host means another guest had the cores. */
static void
print_machine (const BenchMachineTicks *before,
               const BenchMachineTicks *after)
{
  double busy = after->busy - before->busy;
  double idle = after->idle - before->idle;
  double stolen = after->stolen - before->stolen;
  double all = busy + idle + stolen;

  if (all <= 0)
    return;
  g_print ("the machine (%u cores): %.0f %% busy, %.0f %% idle, %.0f %% stolen by the host\n",
           g_get_num_processors (), 100 * busy / all, 100 * idle / all, 100 * stolen / all);
}

/* The SQLite log's length on disk at the end of a run, and how often the
 * server started it again during the run: under unbroken load it must not
 * grow with every commit (issue 36). */
static void
print_log_size (Lab    *lab,
                gint64  restarts_before)
{
  g_autofree char *wal = NULL;
  gint64 frames = read_metric (lab, "labdesk_log_frames");
  gint64 restarts = read_metric (lab, "labdesk_log_restarts_total");
  GStatBuf st;

  if (on_postgresql || frames < 0 || restarts < 0)
    return;
  wal = g_strconcat (ld_test_server_get_db_path (lab->servers[0]), "-wal", NULL);
  g_print ("log: %" G_GINT64_FORMAT " pages long at the end, file %.1f MiB,"
           " started again %" G_GINT64_FORMAT " times in the run\n",
           frames, g_stat (wal, &st) == 0 ? st.st_size / 1048576.0 : -1.0,
           restarts - MAX (restarts_before, 0));
}

/* One run of @n_clients; the number of errors. */
static guint
run (Lab       *lab,
     GPtrArray *patient_ids,
     guint      n_clients)
{
  BenchFlowShared shared = { patient_ids, 0, 0, 0 };
  g_autofree BenchFlowClient **clients = g_new0 (BenchFlowClient *, n_clients);
  g_autofree GThread **threads = g_new0 (GThread *, n_clients);
  g_autoptr(GHashTable) errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) examples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) threads_before = NULL;
  g_autoptr(GHashTable) threads_after = NULL;
  BenchMachineTicks machine_before, machine_after;
  BenchSyncCount *sync_count = NULL;
  double cpu_before, cpu_after, pg_before = 0, pg_after = 0, own_before, own_after;
  gint released_before = 0, released_after = 0;
  gint64 syncs = -1;
  gint64 log_syncs_before, log_syncs_after, log_commits_before, log_commits_after;
  gint64 log_pages_before, log_pages_after, log_restarts_before;
  gint released_log_before, released_log_after;
  guint n_flows = 0, n_errors;
  double seconds = n_seconds;
  double worst_p99 = 0;

  g_print ("\n== %u client%s, %s, %d process%s: %d s after %d s of warm-up ==\n", n_clients,
           n_clients > 1 ? "s" : "", on_postgresql ? "PostgreSQL" : "SQLite", n_processes,
           n_processes > 1 ? "es" : "", n_seconds, n_warm_up);
  shared.window_start = g_get_monotonic_time () + n_warm_up * G_USEC_PER_SEC;
  shared.window_end = shared.window_start + n_seconds * G_USEC_PER_SEC;
  for (guint c = 0; c < n_clients; c++)
    {
      guint process = c % n_processes;

      clients[c] =
        bench_flow_client_new (&shared, c, ld_test_server_get_uri (lab->servers[process]),
                               &lab->tokens[process]);
      threads[c] = g_thread_new ("bench-flow", bench_flow_client_run, clients[c]);
    }

  sleep_until (shared.window_start);
  released_log_before = g_atomic_int_get (&shared.n_released);
  log_syncs_before = read_metric (lab, "labdesk_log_syncs_total");
  log_commits_before = read_metric (lab, "labdesk_log_commits_total");
  log_pages_before = read_metric (lab, "labdesk_log_pages_total");
  log_restarts_before = read_metric (lab, "labdesk_log_restarts_total");
  own_before = bench_proc_cpu_ms (getpid (), FALSE);
  threads_before = bench_proc_threads_cpu_ms (server_pid (lab, 0));
  machine_before = bench_machine_ticks ();
  cpu_before = servers_cpu_ms (lab);
  if (lab->postmaster > 0)
    pg_before = bench_proc_tree_cpu_ms (lab->postmaster);
  if (with_strace)
    {
      released_before = g_atomic_int_get (&shared.n_released);
      sync_count = start_sync_count (lab);
    }
  sleep_until (shared.window_end);
  released_log_after = g_atomic_int_get (&shared.n_released);
  log_syncs_after = read_metric (lab, "labdesk_log_syncs_total");
  log_commits_after = read_metric (lab, "labdesk_log_commits_total");
  log_pages_after = read_metric (lab, "labdesk_log_pages_total");
  own_after = bench_proc_cpu_ms (getpid (), FALSE);
  threads_after = bench_proc_threads_cpu_ms (server_pid (lab, 0));
  machine_after = bench_machine_ticks ();
  cpu_after = servers_cpu_ms (lab);
  if (lab->postmaster > 0)
    pg_after = bench_proc_tree_cpu_ms (lab->postmaster);
  if (sync_count != NULL)
    {
      syncs = bench_sync_count_stop (sync_count);
      released_after = g_atomic_int_get (&shared.n_released);
    }
  for (guint c = 0; c < n_clients; c++)
    g_thread_join (threads[c]);

  for (guint c = 0; c < n_clients; c++)
    n_flows += bench_flow_client_flows (clients[c]);
  g_print ("flows released: %u, %.1f flows/s\n", n_flows, n_flows / seconds);
  g_print ("  %-10s %7s %9s %9s %9s\n", "step", "n", "p50 ms", "p99 ms", "max ms");
  for (guint s = 0; s < BENCH_N_STEPS; s++)
    {
      g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
      BenchFigures f;

      for (guint c = 0; c < n_clients; c++)
        bench_flow_client_take_ms (clients[c], s, ms);
      f = bench_figures ((double *) ms->data, ms->len);
      worst_p99 = MAX (worst_p99, f.p99);
      g_print ("  %-10s %7u %9.2f %9.2f %9.2f\n", bench_step_names[s], f.n, f.p50, f.p99, f.max);
    }

  for (guint c = 0; c < n_clients; c++)
    bench_flow_client_take_errors (clients[c], errors, examples);
  n_errors = print_errors (errors, examples);

  if (n_flows > 0)
    {
      g_print ("server CPU: %.2f ms per flow (labdesk-server%s, %.0f %% of a core)\n",
               (cpu_after - cpu_before) / n_flows, n_processes > 1 ? ", all processes" : "",
               (cpu_after - cpu_before) / (seconds * 10.0));
      if (lab->postmaster > 0)
        g_print ("PostgreSQL CPU: %.2f ms per flow (its server and backends, %.0f %% of a core)\n",
                 (pg_after - pg_before) / n_flows, (pg_after - pg_before) / (seconds * 10.0));
      g_print ("the clients' CPU: %.2f ms per flow (this process, %.0f %% of a core)\n",
               (own_after - own_before) / n_flows, (own_after - own_before) / (seconds * 10.0));
      /* On SQLite the first thread is the one writer: near a whole core, it
       * is the limit whatever the machine has left. */
      g_print ("the first server's threads, of a core: ");
      bench_proc_print_threads (threads_before, threads_after, seconds);
      print_machine (&machine_before, &machine_after);
    }
  if (log_syncs_before >= 0 && log_syncs_after >= 0 && released_log_after > released_log_before)
    g_print ("log syncs (group commit, /metrics): %.2f per flow, %.2f commits per flow,"
             " %.1f commits a sync, %.0f log pages per flow\n",
             (double) (log_syncs_after - log_syncs_before) /
               (released_log_after - released_log_before),
             (double) (log_commits_after - log_commits_before) /
               (released_log_after - released_log_before),
             log_syncs_after > log_syncs_before
               ? (double) (log_commits_after - log_commits_before) /
                   (log_syncs_after - log_syncs_before)
               : 0.0,
             (double) (log_pages_after - log_pages_before) /
               (released_log_after - released_log_before));
  print_log_size (lab, log_restarts_before);
  if (!with_strace)
    g_print ("fsyncs: not counted by strace (--strace counts every fsync and fdatasync)\n");
  else if (syncs < 0 || released_after == released_before)
    g_print ("fsyncs: strace counted nothing (could it attach?)\n");
  else
    g_print ("fsyncs: %.2f per flow (%" G_GINT64_FORMAT " fsync and fdatasync calls over %d flows;"
             " strace slows the servers: this run's other figures are not their speed)\n",
             (double) syncs / (released_after - released_before), syncs,
             released_after - released_before);

  if (n_clients == 32)
    {
      g_print ("issue 36's targets at 32 clients (set for SQLite on two cores):\n");
      g_print ("  flows/s: %.1f against the target ≥ %.0f: %s\n", n_flows / seconds, TARGET_FLOWS,
               n_flows / seconds >= TARGET_FLOWS ? "met" : "NOT MET");
      bench_print_budget ("worst step p99 (ms)", worst_p99, TARGET_P99_MS);
      if (n_flows > 0)
        g_print ("  server CPU per flow: %.2f ms against the target ≤ %.0f ms: %s\n",
                 (cpu_after - cpu_before) / n_flows, TARGET_CPU_MS,
                 (cpu_after - cpu_before) / n_flows <= TARGET_CPU_MS ? "met" : "NOT MET");
      g_print ("  errors: %u against 0: %s\n", n_errors, n_errors == 0 ? "met" : "NOT MET");
    }
  bench_print_load ("at the end");

  for (guint c = 0; c < n_clients; c++)
    bench_flow_client_free (clients[c]);
  return n_errors;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— the whole lab flow under load");
  g_autoptr(GPtrArray) patient_ids = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) counts = NULL;
  Lab lab = { { NULL } };
  guint n_errors = 0;
  const GOptionEntry entries[] = {
    { "clients", 0, 0, G_OPTION_ARG_STRING, &clients_list,
      "Clients at once, a run for each (default 1,8,32,64)", "N,N…" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &n_seconds, "Seconds measured per run (default 20)", "S" },
    { "warm-up", 0, 0, G_OPTION_ARG_INT, &n_warm_up, "Seconds before them (default 2)", "S" },
    { "pg", 0, 0, G_OPTION_ARG_NONE, &on_postgresql, "On PostgreSQL (a throwaway cluster)", NULL },
    { "processes", 0, 0, G_OPTION_ARG_INT, &n_processes,
      "Server processes on the one database, with --pg (1 to 3)", "N" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_path, "The labdesk-server to run", "PATH" },
    { "strace", 0, 0, G_OPTION_ARG_NONE, &with_strace,
      "Count fsync and fdatasync calls with strace (slows the servers)", NULL },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  g_log_set_writer_func (write_log, NULL, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-flow: %s\n", error->message);
      return 2;
    }
  if (n_processes < 1 || n_processes > MAX_PROCESSES || (n_processes > 1 && !on_postgresql) ||
      n_seconds < 1 || n_warm_up < 0)
    {
      g_printerr ("bench-flow: --processes takes 1 to 3 (more than 1 with --pg), --seconds 1 or"
                  " more, --warm-up 0 or more\n");
      return 2;
    }
  counts = g_strsplit (clients_list ? clients_list : "1,8,32,64", ",", -1);
  for (guint i = 0; counts[i] != NULL; i++)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (counts[i], 10, 1, 256, &n, NULL))
        {
          g_printerr ("bench-flow: --clients takes counts of 1 to 256 separated by commas,"
                      " not “%s”\n", counts[i]);
          return 2;
        }
    }

  if (server_path == NULL)
    server_path = g_strdup (LABDESK_SERVER_PATH);
  if (!g_file_test (server_path, G_FILE_TEST_IS_EXECUTABLE) ||
      g_file_test (server_path, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("bench-flow: the server %s is not a program that can be run\n", server_path);
      return 1;
    }
  g_setenv ("LABDESK_SERVER", server_path, TRUE);
  g_print ("server: %s\n", server_path);

  start_lab (&lab, patient_ids);
  bench_print_load ("before the runs");
  for (guint i = 0; counts[i] != NULL; i++)
    n_errors += run (&lab, patient_ids, (guint) g_ascii_strtoull (counts[i], NULL, 10));
  stop_lab (&lab);

  g_free (clients_list);
  g_free (server_path);
  return n_errors > 0 ? 1 : 0;
}

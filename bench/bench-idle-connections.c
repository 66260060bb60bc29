/* bench-idle-connections.c: load with a thousand idle connections held
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test. It starts the real labdesk-server on
 * loopback over a demo database and runs 64 active clients (a thread and a
 * keep-alive connection each, through bench-http-client.c) that alternate
 * GET /health and a patient search, with no think time: first alone, then
 * with 1,000 idle connections held open beside them. The idle connections
 * come from 20 loopback addresses (127.0.1.1 to 127.0.1.20, 50 each, under
 * the per-address cap), as a thousand clients would; then one address
 * tries to hold 1,000 on its own and is held to the cap. Last, the idle
 * connections close and the server must still accept.
 *
 * The budget (from the issue): /health and search p99 with the idle
 * connections within 2x of the figures without them.
 *
 * Run, from a release build:
 *   meson setup _build-rel --buildtype=release -Dclient=false
 *   ninja -C _build-rel && _build-rel/bench/bench-idle-connections
 * Options: --requests N per client and phase (default 400).
 */

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench-common.h"
#include "bench-http-client.h"
#include "ld-config.h"

#define N_ACTIVE 64
#define N_IDLE 1000
#define N_IDLE_ADDRESSES 20

typedef struct
{
  const char *base_uri;
  const char *auth;
  guint       n_requests;
  double     *health_ms;
  double     *search_ms;
  guint       n_health;
  guint       n_search;
  guint       n_failed;
} Client;

static gpointer
run_client (gpointer data)
{
  Client *client = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BenchConnection) connection = bench_connection_new (client->base_uri, &error);
  g_autoptr(GString) body = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < client->n_requests; i++)
    {
      gboolean search = i % 2 == 1;
      gint64 start = g_get_monotonic_time ();
      guint status = 0;

      g_string_truncate (body, 0);
      if (!bench_connection_get (connection, search ? "/api/v1/patients?limit=20&q=ra" : "/health",
                                 search ? client->auth : NULL, &status, body, &error) ||
          status != 200)
        {
          client->n_failed++;
          g_clear_error (&error);
          continue;
        }
      if (search)
        client->search_ms[client->n_search++] = (g_get_monotonic_time () - start) / 1000.0;
      else
        client->health_ms[client->n_health++] = (g_get_monotonic_time () - start) / 1000.0;
    }
  return NULL;
}

/* Runs the active clients once; returns the p99s. */
static void
run_load (const char *label,
          const char *base_uri,
          const char *auth,
          guint       n_requests,
          double     *out_health_p99,
          double     *out_search_p99)
{
  Client             clients[N_ACTIVE];
  GThread           *threads[N_ACTIVE];
  g_autofree double *health = g_new0 (double, N_ACTIVE *n_requests);
  g_autofree double *search = g_new0 (double, N_ACTIVE *n_requests);
  guint              n_health = 0, n_search = 0, n_failed = 0;
  g_autofree char   *health_label = g_strdup_printf ("GET /health, 64 clients, %s", label);
  g_autofree char   *search_label =
    g_strdup_printf ("GET /api/v1/patients?q=, 64 clients, %s", label);

  for (guint i = 0; i < N_ACTIVE; i++)
    {
      clients[i] = (Client){
        base_uri, auth, n_requests, g_new0 (double, n_requests), g_new0 (double, n_requests),
        0,        0,    0
      };
      threads[i] = g_thread_new ("client", run_client, &clients[i]);
    }
  for (guint i = 0; i < N_ACTIVE; i++)
    {
      g_thread_join (threads[i]);
      memcpy (health + n_health, clients[i].health_ms, clients[i].n_health * sizeof (double));
      memcpy (search + n_search, clients[i].search_ms, clients[i].n_search * sizeof (double));
      n_health += clients[i].n_health;
      n_search += clients[i].n_search;
      n_failed += clients[i].n_failed;
      g_free (clients[i].health_ms);
      g_free (clients[i].search_ms);
    }

  bench_report (health_label, health, n_health);
  bench_report (search_label, search, n_search);
  if (n_failed > 0)
    g_print ("  %u requests failed\n", n_failed);
  *out_health_p99 = bench_figures (health, n_health).p99;
  *out_search_p99 = bench_figures (search, n_search).p99;
}

/* A connection from @local_ip that sends nothing; -1 if refused. */
static int
open_idle (const char *local_ip,
           guint       port)
{
  struct sockaddr_in local = { .sin_family = AF_INET };
  struct sockaddr_in server = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  inet_pton (AF_INET, local_ip, &local.sin_addr);
  inet_pton (AF_INET, "127.0.0.1", &server.sin_addr);
  if (bind (fd, (struct sockaddr *) &local, sizeof local) != 0 ||
      connect (fd, (struct sockaddr *) &server, sizeof server) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

/* Whether the server has closed @fd (after a refusal), without waiting
 * long: the refusal is written at accept. */
static gboolean
was_refused (int fd)
{
  char buffer[512];
  struct timeval timeout = { .tv_sec = 5 };
  gssize n;

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  n = recv (fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0)
    return n == 0;
  buffer[n] = '\0';
  return strstr (buffer, " 429 ") != NULL;
}

static guint
count_open_files (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

int
main (int   argc,
      char *argv[])
{
  gint               n_requests = 400;
  const GOptionEntry entries[] = { { "requests", 0, 0, G_OPTION_ARG_INT, &n_requests,
                                     "Requests per client and phase", "N" },
                                   G_OPTION_ENTRY_NULL };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("labdesk-bench-idle-XXXXXX", NULL);
  g_autofree char *db_path = g_build_filename (dir, "lab.db", NULL);
  g_autofree char *config = g_build_filename (dir, "bench.conf", NULL);
  const char *demo[] = { "demo", "--bare", "--db", db_path, NULL };
  const char *extra[] = { "--config", config, NULL };
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *token = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(GUri) uri = NULL;
  struct rlimit limit;
  double health_alone, search_alone, health_idle, search_idle;
  guint port, n_held = 0, n_refused = 0, before;
  GPid pid;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  /* This process holds the idle ends too. */
  getrlimit (RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit (RLIMIT_NOFILE, &limit);

  if (g_getenv ("LABDESK_SERVER") == NULL)
    g_setenv ("LABDESK_SERVER", LABDESK_SERVER_PATH, TRUE);
  g_assert_cmpint (ld_test_run_server_command (demo, NULL, NULL), ==, 0);
  /* Idle connections stay for the whole run; the other limits are the
   * defaults. */
  g_assert_true (g_file_set_contents (config, "[server]\nidle-timeout=600\n", -1, NULL));
  server = ld_test_server_spawn (db_path, extra);
  pid = atoi (g_subprocess_get_identifier (ld_test_server_get_process (server)));
  uri = g_uri_parse (ld_test_server_get_uri (server), G_URI_FLAGS_NONE, NULL);
  port = g_uri_get_port (uri);
  token = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  auth = g_strdup_printf ("Bearer %s", token);
  g_print ("Server on %s; %d requests per client and phase\n\n",
           ld_test_server_get_uri (server), n_requests);

  run_load ("alone", ld_test_server_get_uri (server), auth, n_requests,
            &health_alone, &search_alone);

  before = count_open_files (pid);
  for (guint i = 0; i < N_IDLE; i++)
    {
      g_autofree char *ip = g_strdup_printf ("127.0.1.%u", i % N_IDLE_ADDRESSES + 1);
      int fd = open_idle (ip, port);

      g_assert_cmpint (fd, >=, 0);
      g_array_append_val (idle, fd);
    }
  while (count_open_files (pid) < before + N_IDLE)
    g_usleep (10 * 1000);
  g_print ("\n%u idle connections held from %d addresses (server: %u files open)\n\n",
           N_IDLE, N_IDLE_ADDRESSES, count_open_files (pid));

  run_load ("1,000 idle held", ld_test_server_get_uri (server), auth, n_requests,
            &health_idle, &search_idle);

  /* One address trying to hold a thousand on its own. */
  for (guint i = 0; i < N_IDLE; i++)
    {
      int fd = open_idle ("127.0.2.1", port);

      if (fd < 0)
        {
          n_refused++;
          continue;
        }
      if (i >= LD_CONFIG_DEFAULT_CONNECTIONS_PER_ADDRESS && was_refused (fd))
        n_refused++;
      else
        n_held++;
      g_array_append_val (idle, fd);
    }
  g_print ("\nOne address opening %d: %u held, %u refused (429) at the cap of %d\n",
           N_IDLE, n_held, n_refused, LD_CONFIG_DEFAULT_CONNECTIONS_PER_ADDRESS);

  for (guint i = 0; i < idle->len; i++)
    close (g_array_index (idle, int, i));
  {
    g_autoptr(LdTestResponse) health = NULL;

    while (count_open_files (pid) > before)
      g_usleep (10 * 1000);
    health = ld_test_get (server, "/health", NULL);
    g_print ("After the idle connections left: server at %u files, GET /health %u\n",
             count_open_files (pid), health->status);
  }

  g_print ("\nSummary: p99 with 1,000 idle / alone: /health %.2f / %.2f ms (%.2fx), "
           "search %.2f / %.2f ms (%.2fx); budget 2x: %s\n",
           health_idle, health_alone, health_idle / health_alone,
           search_idle, search_alone, search_idle / search_alone,
           health_idle <= 2 * health_alone && search_idle <= 2 * search_alone ? "met" : "MISSED");

  g_clear_pointer (&server, ld_test_server_free);
  ld_test_remove_tree (dir);
  return 0;
}

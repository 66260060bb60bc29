/* test-server-connections.c: what clients may hold of the server, over
 * real sockets to the spawned server: timeouts, the per-address cap, a
 * shutdown with idle connections, and accepting after running out of
 * file descriptors
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run again on PostgreSQL (test-server-connections-pg) for what reaches
 * the store: the client address that X-Forwarded-For names, recorded in
 * the audit log, and the sign-ins a minute per client, which PostgreSQL
 * counts in the database (shared by the lab's processes). The rest is the
 * listener's (ld-listener.c), the same code on either backend: skipped
 * there.
 */

/* prlimit(), to take file descriptors away from a running server. */
#define _GNU_SOURCE

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "ld-test-http.h"
#include "ld-test-server.h"
#include "store/ld-db.h"

typedef struct
{
  char *dir;
  /* A SQLite file, or with LABDESK_TEST_DB=postgresql a database URI. */
  char *db_path;
  /* Names the database (and on PostgreSQL the audit key and head). */
  char *config;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "demo", "--bare", "--db", NULL, "--config", NULL, NULL };

  fx->dir = g_dir_make_tmp ("labdesk-conn-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = ld_test_db_new (fx->dir, &fx->config);
  args[3] = fx->db_path;
  args[5] = fx->config;
  g_assert_cmpint (ld_test_run_server_command (args, NULL, NULL), ==, 0);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->db_path);
  g_free (fx->config);
}

/* Spawns the server with @settings added to its [server] group, after
 * what the fixture's configuration holds (its only group). */
static LdTestServer *
spawn_with_settings (Fixture    *fx,
                     const char *settings,
                     const char *log_path)
{
  g_autofree char *config = g_build_filename (fx->dir, "limits.conf", NULL);
  g_autofree char *base = NULL;
  g_autofree char *contents = NULL;
  const char *extra[] = { "--config", config, NULL };

  g_assert_true (g_file_get_contents (fx->config, &base, NULL, NULL));
  contents = g_strdup_printf ("%s\n%s", base, settings);
  g_assert_true (g_file_set_contents (config, contents, -1, NULL));
  return log_path ? ld_test_server_spawn_logged (fx->db_path, extra, log_path)
                  : ld_test_server_spawn (fx->db_path, extra);
}

/* Against a hang, in seconds: thirty times the timeouts configured below. */
#define GUARD_S 30

/* A connection that sends nothing, one that sends half a head, one that
 * sends half a body, and one that idles after its answer: each used to be
 * kept for ever. The server closes all four, and goes on serving. */
static void
test_idle_and_slow_connections_are_closed (Fixture       *fx,
                                           gconstpointer  data)
{
  static const char half_head[] = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(GSocketConnection) silent = NULL;
  g_autoptr(GSocketConnection) head = NULL;
  g_autoptr(GSocketConnection) body = NULL;
  g_autoptr(GSocketConnection) served = NULL;
  g_autoptr(LdTestResponse) health = NULL;

  server = spawn_with_settings (fx, "idle-timeout=1\nrequest-timeout=1\n", NULL);

  silent = ld_test_connect (server);
  head = ld_test_connect (server);
  ld_test_write_raw (head, half_head, strlen (half_head));
  body = ld_test_connect (server);
  ld_test_write_json_head (body, "POST", "/api/v1/sessions", 100);
  ld_test_write_raw (body, "{\"username\"", 11);
  served = ld_test_connect (server);
  ld_test_write_raw (served, half_head, strlen (half_head));
  ld_test_write_raw (served, "\r\n", 2);
  {
    g_autoptr(LdTestResponse) first = ld_test_read_response (served);
    ld_test_assert_status (first, 200);
  }

  g_assert_true (ld_test_wait_closed (silent, GUARD_S));
  g_assert_true (ld_test_wait_closed (head, GUARD_S));
  g_assert_true (ld_test_wait_closed (body, GUARD_S));
  g_assert_true (ld_test_wait_closed (served, GUARD_S));

  health = ld_test_get (server, "/health", NULL);
  ld_test_assert_status (health, 200);
}

static LdTestResponse *
get_health_on (GSocketConnection *connection)
{
  static const char request[] = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

  g_socket_set_timeout (g_socket_connection_get_socket (connection), GUARD_S);
  ld_test_write_raw (connection, request, strlen (request));
  return ld_test_read_response (connection);
}

/* One address holds at most connections-per-address; the next is answered
 * 429 and closed, another address is not affected, and a connection that
 * closes makes room. */
static void
test_connections_per_address_are_capped (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketConnection) extra = NULL;
  g_autoptr(GSocketConnection) other = NULL;
  g_autoptr(LdTestResponse) refused = NULL;
  g_autoptr(LdTestResponse) elsewhere = NULL;
  gint64 start;
  guint status = 0;

  server = spawn_with_settings (fx, "connections-per-address=3\n", NULL);

  for (guint i = 0; i < 3; i++)
    {
      GSocketConnection *connection = ld_test_connect_from (server, "127.0.0.3");
      g_autoptr(LdTestResponse) resp = get_health_on (connection);

      ld_test_assert_status (resp, 200);
      g_ptr_array_add (held, connection);
    }

  extra = ld_test_connect_from (server, "127.0.0.3");
  refused = get_health_on (extra);
  ld_test_assert_error (refused, 429, "rate_limited");
  g_assert_nonnull (soup_message_headers_get_one (refused->headers, "Retry-After"));
  g_assert_true (ld_test_wait_closed (extra, GUARD_S));

  other = ld_test_connect_from (server, "127.0.0.4");
  elsewhere = get_health_on (other);
  ld_test_assert_status (elsewhere, 200);

  /* The server learns of the close when it reads it: wait for that. */
  g_ptr_array_remove_index (held, 0);
  start = g_get_monotonic_time ();
  while (status != 200 && g_get_monotonic_time () - start < GUARD_S * G_USEC_PER_SEC)
    {
      g_autoptr(GSocketConnection) again = ld_test_connect_from (server, "127.0.0.3");
      g_autoptr(LdTestResponse) resp = get_health_on (again);

      status = resp->status;
    }
  g_assert_cmpuint (status, ==, 200);
}

static char *
read_log (const char *path)
{
  g_autofree char *log = NULL;

  g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  return g_steal_pointer (&log);
}

/* An idle connection and an abandoned half-sent request do not hold a
 * shutdown: idle connections used to count as requests under way, so the
 * server waited its whole grace period (ten seconds) and then said it
 * closed with requests unfinished. */
static void
test_shutdown_does_not_wait_for_idle_connections (Fixture       *fx,
                                                  gconstpointer  data)
{
  g_autofree char *log_path = g_build_filename (fx->dir, "server.log", NULL);
  g_autofree char *log = NULL;
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(GSocketConnection) idle = NULL;
  g_autoptr(GSocketConnection) abandoned = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  server = ld_test_server_spawn_logged (fx->db_path, NULL, log_path);
  process = ld_test_server_get_process (server);

  idle = ld_test_connect (server);
  abandoned = ld_test_connect (server);
  ld_test_write_json_head (abandoned, "POST", "/api/v1/sessions", 100);
  ld_test_write_raw (abandoned, "{\"user", 6);
  {
    /* A request answered after both: the server has read their bytes. */
    g_autoptr(LdTestResponse) health = ld_test_get (server, "/health", NULL);
    ld_test_assert_status (health, 200);
  }

  g_subprocess_send_signal (process, SIGTERM);
  g_assert_true (ld_test_wait_closed (idle, GUARD_S));
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_true (ld_test_wait_closed (abandoned, GUARD_S));

  log = read_log (log_path);
  g_assert_nonnull (strstr (log, "shutdown requested"));
  g_assert_null (strstr (log, "unfinished"));
}

/* A negative Content-Length is a 400 in the error shape, the connection
 * closes (the body's end is unknown), and the log has no warning: libsoup
 * used to warn while it made the body's stream of length -5. */
static void
test_negative_content_length (Fixture       *fx,
                              gconstpointer  data)
{
  static const char request[] = "POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                "Content-Type: application/json\r\nContent-Length: -5\r\n\r\n{}";
  g_autofree char *log_path = g_build_filename (fx->dir, "server.log", NULL);
  g_autofree char *log = NULL;
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(LdTestResponse) health = NULL;

  server = ld_test_server_spawn_logged (fx->db_path, NULL, log_path);
  connection = ld_test_connect (server);
  ld_test_write_raw (connection, request, strlen (request));
  {
    g_autoptr(LdTestResponse) answer = ld_test_read_response (connection);
    ld_test_assert_error (answer, 400, "bad_request");
  }
  g_assert_true (ld_test_wait_closed (connection, GUARD_S));
  health = ld_test_get (server, "/health", NULL);
  ld_test_assert_status (health, 200);

  log = read_log (log_path);
  g_assert_nonnull (strstr (log, "status=400"));
  g_assert_null (strstr (log, " warning "));
}

/* The server runs out of file descriptors while connections keep coming,
 * so accept() fails; once descriptors are free again it must accept again.
 * libsoup's own listener stopped for good at the first failure. */
static void
test_accepting_resumes_after_running_out_of_files (Fixture       *fx,
                                                   gconstpointer  data)
{
  g_autofree char *log_path = g_build_filename (fx->dir, "server.log", NULL);
  g_autofree char *log = NULL;
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(GPtrArray) waiting = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketConnection) after = NULL;
  g_autoptr(LdTestResponse) health = NULL;
  struct rlimit saved, scarce;
  GPid pid;
  gint64 start;
  guint n_open;

  server = ld_test_server_spawn_logged (fx->db_path, NULL, log_path);
  pid = atoi (g_subprocess_get_identifier (ld_test_server_get_process (server)));
  {
    g_autoptr(LdTestResponse) first = ld_test_get (server, "/health", NULL);
    ld_test_assert_status (first, 200);
  }

  /* Room for four more descriptors, and twelve connections coming. */
  n_open = ld_test_server_count_open_files (server);
  g_assert_cmpint (prlimit (pid, RLIMIT_NOFILE, NULL, &saved), ==, 0);
  scarce = saved;
  scarce.rlim_cur = n_open + 4;
  g_assert_cmpint (prlimit (pid, RLIMIT_NOFILE, &scarce, NULL), ==, 0);
  for (guint i = 0; i < 12; i++)
    g_ptr_array_add (waiting, ld_test_connect (server));

  start = g_get_monotonic_time ();
  while (ld_test_server_count_open_files (server) < scarce.rlim_cur &&
         g_get_monotonic_time () - start < GUARD_S * G_USEC_PER_SEC)
    g_usleep (10 * 1000);
  g_assert_cmpuint (ld_test_server_count_open_files (server), ==, scarce.rlim_cur);

  g_ptr_array_set_size (waiting, 0);
  g_assert_cmpint (prlimit (pid, RLIMIT_NOFILE, &saved, NULL), ==, 0);

  after = ld_test_connect (server);
  health = get_health_on (after);
  ld_test_assert_status (health, 200);

  log = read_log (log_path);
  g_assert_nonnull (strstr (log, "accepting a connection failed"));
}

/* A sign-in as reception, its request naming @forwarded_for (or not). */
static guint
sign_in_from (LdTestServer *server,
              const char   *forwarded_for)
{
  const char *headers[] = { "X-Forwarded-For", forwarded_for, NULL };
  g_autoptr(LdTestResponse) resp = NULL;

  resp = ld_test_request_with_headers (
    server, "POST", "/api/v1/sessions", NULL, "application/json",
    "{\"username\": \"reception\", \"password\": \"" LD_TEST_RECEPTION_PASSWORD "\"}", -1,
    forwarded_for != NULL ? headers : NULL);
  return resp->status;
}

/* The client address the audit log recorded for the newest sign-in. */
static char *
last_sign_in_client (Fixture *fx)
{
  g_autoptr(LdDb) db = ld_test_db_open (fx->db_path, LD_SQLITE_OPEN_READONLY);
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt = ld_db_prepare_cached (db, "SELECT client FROM audit_events"
                                             " WHERE action = 'session.create'"
                                             " ORDER BY seq DESC LIMIT 1", &error);

  g_assert_no_error (error);
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
  return ld_db_column_dup_text (stmt, 0);
}

static void
assert_client (Fixture    *fx,
               const char *expected)
{
  g_autofree char *client = last_sign_in_client (fx);

  g_assert_cmpstr (client, ==, expected);
}

/* X-Forwarded-For names the client only when a trusted proxy sends it,
 * read from the right past the trusted proxies; an entry that does not
 * parse ends the walk, and if no client was found the peer is recorded. */
static void
test_forwarded_for_from_trusted_proxies (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autoptr(LdTestServer) server = NULL;

  server = spawn_with_settings (fx, "sign-ins-per-minute=1000\n", NULL);
  g_assert_cmpuint (sign_in_from (server, "203.0.113.9"), ==, 201);
  assert_client (fx, "127.0.0.1");
  g_clear_pointer (&server, ld_test_server_free);

  server = spawn_with_settings (fx, "sign-ins-per-minute=1000\n"
                                    "trusted-proxies=127.0.0.1, 192.0.2.1\n", NULL);
  g_assert_cmpuint (sign_in_from (server, NULL), ==, 201);
  assert_client (fx, "127.0.0.1");
  g_assert_cmpuint (sign_in_from (server, "203.0.113.9"), ==, 201);
  assert_client (fx, "203.0.113.9");
  /* A client may send its own header: the proxy appends after it. */
  g_assert_cmpuint (sign_in_from (server, "198.51.100.7, 203.0.113.10"), ==, 201);
  assert_client (fx, "203.0.113.10");
  g_assert_cmpuint (sign_in_from (server, "2001:db8::5, 192.0.2.1"), ==, 201);
  assert_client (fx, "2001:db8::5");
  g_assert_cmpuint (sign_in_from (server, "203.0.113.11, not-an-address"), ==, 201);
  assert_client (fx, "127.0.0.1");
  /* Junk to the left of the proxy's own entry changes nothing. */
  g_assert_cmpuint (sign_in_from (server, "not-an-address, 203.0.113.12"), ==, 201);
  assert_client (fx, "203.0.113.12");
}

/* Behind a trusted proxy the sign-ins a minute are counted per client, not
 * for the proxy's address as a whole. */
static void
test_sign_in_limit_per_forwarded_client (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autoptr(LdTestServer) server = NULL;

  server = spawn_with_settings (fx, "sign-ins-per-minute=2\ntrusted-proxies=127.0.0.1\n",
                                NULL);
  g_assert_cmpuint (sign_in_from (server, "203.0.113.20"), ==, 201);
  g_assert_cmpuint (sign_in_from (server, "203.0.113.20"), ==, 201);
  g_assert_cmpuint (sign_in_from (server, "203.0.113.20"), ==, 429);
  g_assert_cmpuint (sign_in_from (server, "203.0.113.21"), ==, 201);
}

/* A proxy that is not an address is refused with the file and the key. */
static void
test_trusted_proxies_must_be_addresses (Fixture       *fx,
                                        gconstpointer  data)
{
  g_autofree char *config = g_build_filename (fx->dir, "bad.conf", NULL);
  const char *args[] = { "serve", "--db", fx->db_path, "--config", config, NULL };
  g_autofree char *err = NULL;

  g_assert_true (
    g_file_set_contents (config, "[server]\ntrusted-proxies=127.0.0.1;proxy.lab\n", -1, NULL));
  g_assert_cmpint (ld_test_run_server_command (args, NULL, &err), !=, 0);
  g_assert_nonnull (strstr (err, "trusted-proxies: “proxy.lab” is not an IP address"));
}

static void
skip_listener_case (void)
{
  g_test_skip ("the listener's, the same on both backends");
}

typedef void (*CaseFunc) (Fixture *fx, gconstpointer data);

/* On PostgreSQL a listener's case is skipped before its fixture, which
 * would make a database for nothing. */
static void
add_listener_case (const char *path,
                   CaseFunc    func,
                   gboolean    on_postgresql)
{
  if (on_postgresql)
    g_test_add_func (path, skip_listener_case);
  else
    g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  gboolean on_postgresql = g_strcmp0 (g_getenv ("LABDESK_TEST_DB"), "postgresql") == 0;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_LISTENER(path, func) add_listener_case (path, func, on_postgresql)
  ADD_LISTENER ("/server/connections/idle-and-slow-connections-are-closed",
                test_idle_and_slow_connections_are_closed);
  ADD_LISTENER ("/server/connections/connections-per-address-are-capped",
                test_connections_per_address_are_capped);
  ADD_LISTENER ("/server/connections/shutdown-does-not-wait-for-idle-connections",
                test_shutdown_does_not_wait_for_idle_connections);
  ADD_LISTENER ("/server/connections/accepting-resumes-after-running-out-of-files",
                test_accepting_resumes_after_running_out_of_files);
  ADD ("/server/connections/forwarded-for-from-trusted-proxies",
       test_forwarded_for_from_trusted_proxies);
  ADD ("/server/connections/sign-in-limit-per-forwarded-client",
       test_sign_in_limit_per_forwarded_client);
  ADD_LISTENER ("/server/connections/negative-content-length", test_negative_content_length);
  ADD_LISTENER ("/server/connections/trusted-proxies-must-be-addresses",
                test_trusted_proxies_must_be_addresses);
#undef ADD_LISTENER
#undef ADD

  return g_test_run ();
}

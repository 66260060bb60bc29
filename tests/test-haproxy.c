/* test-haproxy.c: the shipped HAProxy configuration, run in front of two servers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/haproxy/labdesk.cfg is what a lab installs when it moves from one
 * box to several (README). This runs it as shipped, but for its addresses:
 * the frontend binds a free loopback port and the backend lists two real
 * `labdesk-server serve` processes on one PostgreSQL database. Through the
 * proxy: /health, a sign-in, a WebSocket that hears a change made through
 * the proxy, every request answered while one server is killed, also the
 * POSTs under way on it when it is (sent again to the other), and the
 * frontend's own limit on sign-ins, answered in the API's error shape.
 * Waits poll towards a deadline.
 */

#include "config.h"

#include <unistd.h>

#include <libsoup/soup.h>

#include "ld-test-orders.h"

#define N_SERVERS 2
#define DEADLINE_US (60 * G_USEC_PER_SEC)
/* The frontend denies a client's sign-ins past this many a minute. */
#define PROXY_SIGN_INS_PER_MINUTE 60

typedef struct
{
  LdTestServer *seed;
  LdTestServer *servers[N_SERVERS];
  GSubprocess  *haproxy;
  /* Said by this proxy in each answer: another test's server may have
   * taken the port free_port() found, and answer /health itself. */
  char         *token;
  char         *uri;
  SoupSession  *session;
} Proxy;

/* A loopback port nothing listens on now. */
static guint
free_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                             G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The shipped file, with the frontend on @port and the backend's servers
 * ours: every other line as a lab installs it. */
static char *
configure (Proxy *px,
           guint  port)
{
  g_autofree char *path =
    g_test_build_filename (G_TEST_DIST, "..", "data", "haproxy", "labdesk.cfg", NULL);
  g_autofree char *shipped = NULL;
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);
  guint n_binds = 0;
  guint n_servers = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &shipped, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (shipped, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (g_str_has_prefix (line, "bind "))
        {
          g_string_append_printf (out, "    bind 127.0.0.1:%u\n", port);
          g_string_append_printf (out, "    http-response set-header X-Test-Proxy %s\n",
                                  px->token);
          n_binds++;
        }
      else if (g_str_has_prefix (line, "server "))
        {
          if (n_servers++ == 0)
            for (guint s = 0; s < N_SERVERS; s++)
              {
                g_autoptr(GUri) uri = g_uri_parse (ld_test_server_get_uri (px->servers[s]),
                                                    G_URI_FLAGS_NONE, &error);

                g_assert_no_error (error);
                g_string_append_printf (out, "    server labdesk-%u 127.0.0.1:%d check\n", s,
                                        g_uri_get_port (uri));
              }
        }
      else
        g_string_append_printf (out, "%s\n", lines[i]);
    }
  /* The file still has the shape this test knows. */
  g_assert_cmpuint (n_binds, ==, 1);
  g_assert_cmpuint (n_servers, >, 0);
  return g_string_free (out, FALSE);
}

static char *
haproxy_path (void)
{
  char *path = g_find_program_in_path ("haproxy");

  if (path == NULL && g_file_test ("/usr/sbin/haproxy", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/sbin/haproxy");
  /* tools/test installs it (tools/debian-packages.txt). */
  g_assert_nonnull (path);
  return path;
}

static guint
send (Proxy       *px,
      const char  *method,
      const char  *path,
      const char  *token,
      const char  *body,
      JsonObject **out_object)
{
  g_autofree char *uri = g_strconcat (px->uri, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (px->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_object != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                  g_bytes_get_size (answer), &error);
      g_assert_no_error (error);
      *out_object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  return soup_message_get_status (msg);
}

static char *
sign_in (Proxy *px)
{
  g_autoptr(JsonObject) answer = NULL;
  guint status = send (px, "POST", "/api/v1/sessions", NULL,
                       "{\"username\": \"reception\", \"password\": \""
                       LD_TEST_RECEPTION_PASSWORD "\"}", &answer);

  g_assert_cmpuint (status, ==, 201);
  return g_strdup (json_object_get_string_member (answer, "token"));
}

/* Starts HAProxy on the shipped file, checked first as the README says,
 * and waits until it answers /health through a server. */
static gboolean try_haproxy (Proxy *px);

/* Starts HAProxy, on another free port while the one found is taken
 * before HAProxy binds it (tests run side by side). */
static void
start_haproxy (Proxy *px)
{
  for (guint attempt = 0; attempt < 5; attempt++)
    if (try_haproxy (px))
      return;
  g_error ("HAProxy found no free port in five tries");
}

static gboolean
try_haproxy (Proxy *px)
{
  g_autofree char *haproxy = haproxy_path ();
  guint port = free_port ();
  g_autofree char *config = configure (px, port);
  g_autofree char *config_path =
    g_build_filename (ld_test_server_get_tmpdir (px->seed), "haproxy.cfg", NULL);
  const char *check[] = { haproxy, "-c", "-q", "-f", config_path, NULL };
  const char *run[] = { haproxy, "-db", "-f", config_path, NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;
  int status;

  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) check, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_subprocess_launcher_set_child_setup (launcher, ld_test_die_with_parent,
                                         GINT_TO_POINTER (getpid ()), NULL);
  px->haproxy = g_subprocess_launcher_spawnv (launcher, run, &error);
  g_assert_no_error (error);
  g_clear_pointer (&px->uri, g_free);
  px->uri = g_strdup_printf ("http://127.0.0.1:%u", port);
  if (px->session == NULL)
    px->session = soup_session_new_with_options ("timeout", 30, NULL);

  for (;;)
    {
      g_autofree char *uri = g_strconcat (px->uri, "/health", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      g_autoptr(GBytes) answer = soup_session_send_and_read (px->session, msg, NULL, NULL);
      const char *token =
        soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Test-Proxy");

      if (answer != NULL && soup_message_get_status (msg) == 200 &&
          g_strcmp0 (token, px->token) == 0)
        return TRUE;
      /* An exited child has no identifier (GLib's worker reaps it): the
       * port was taken. */
      if (g_subprocess_get_identifier (px->haproxy) == NULL)
        {
          g_clear_object (&px->haproxy);
          return FALSE;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
}

static void
proxy_setup (Proxy         *px,
             gconstpointer  data)
{
  px->seed = ld_test_server_new ();
  /* Behind the proxy every request comes from its address: the servers'
   * per-address limits are raised, as the README tells a lab to. */
  for (guint i = 0; i < N_SERVERS; i++)
    px->servers[i] = ld_test_server_spawn_beside (px->seed,
                                                  "sign-ins-per-minute=1000\n"
                                                  "connections-per-address=2000\n"
                                                  "trusted-proxies=127.0.0.1\n",
                                                  NULL);
  px->token = g_strdup_printf ("%08x", g_random_int ());
  start_haproxy (px);
}

static void
proxy_teardown (Proxy         *px,
                gconstpointer  data)
{
  if (px->haproxy != NULL)
    {
      g_subprocess_send_signal (px->haproxy, SIGTERM);
      g_subprocess_wait (px->haproxy, NULL, NULL);
      g_clear_object (&px->haproxy);
    }
  g_clear_object (&px->session);
  for (guint i = 0; i < N_SERVERS; i++)
    g_clear_pointer (&px->servers[i], ld_test_server_free);
  g_clear_pointer (&px->seed, ld_test_server_free);
  g_clear_pointer (&px->uri, g_free);
  g_clear_pointer (&px->token, g_free);
}

/* The WebSocket goes through the proxy to one server; patients
 * registered through the proxy, on whichever server it chose, are told
 * on it. */
static void
test_through (Proxy         *px,
              gconstpointer  data)
{
  g_autofree char *token = sign_in (px);
  g_autoptr(LdTestListener) listener = ld_test_listen (px->uri, token);

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"Proxy Patient %u\", \"sex\": "
                                               "\"female\", \"age_years\": 30, "
                                               "\"allow_duplicate\": true}", i);
      guint before = listener->n_pushes;

      g_assert_cmpuint (send (px, "POST", "/api/v1/patients", token, body, NULL), ==, 201);
      g_assert_true (ld_test_listener_wait (listener, before));
    }
  g_assert_cmpint (ld_test_server_query_int (px->seed, "SELECT count(*) FROM patients "
                                                       "WHERE name LIKE 'Proxy Patient %'"),
                   ==, 4);
}

/* A server killed: the proxy sends each request to the other (a refused
 * connection is redispatched), so the desk sees no error. */
static void
test_server_killed (Proxy         *px,
                    gconstpointer  data)
{
  g_autofree char *token = NULL;

  token = sign_in (px);
  ld_test_server_kill (px->servers[0]);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"After Kill %u\", \"sex\": "
                                               "\"male\", \"age_years\": 50, "
                                               "\"allow_duplicate\": true}", i);

      g_assert_cmpuint (send (px, "GET", "/api/v1/patients?q=After", token, NULL, NULL), ==, 200);
      g_assert_cmpuint (send (px, "POST", "/api/v1/patients", token, body, NULL), ==, 201);
    }
  g_assert_cmpint (ld_test_server_query_int (px->seed, "SELECT count(*) FROM patients "
                                                       "WHERE name LIKE 'After Kill %'"),
                   ==, 30);
}

#define N_POSTERS 4

typedef struct
{
  Proxy      *px;
  const char *token;
  gint        stop;
  GMutex      lock;
  GPtrArray  *acknowledged;
  GPtrArray  *failures;
  /* Connections cut with no answer, each sent again by the desk. */
  guint       n_cut;
} KillRun;

typedef struct
{
  KillRun *run;
  guint    number;
} Poster;

/* One POST of a registration with its key: the answer's status, or 0 and
 * @error when no answer came. */
static guint
post_registration (SoupSession *session,
                   const char  *uri,
                   const char  *bearer,
                   const char  *key,
                   const char  *body,
                   char       **out_reason,
                   GError     **error)
{
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) answer = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, error);
  if (answer == NULL)
    return 0;
  *out_reason = g_strdup (soup_message_get_reason_phrase (msg));
  return soup_message_get_status (msg);
}

/* A desk registering patients through the proxy, one after another, each
 * POST with its Idempotency-Key, as the client sends them. Every answer
 * must be the 201; an error status is what the desk would show.
 *
 * A process killed while it was writing its answer leaves the proxy with
 * half an answer it has begun to pass on and cannot send again: the desk's
 * connection is cut. The desk's outbox then sends the item again with the
 * same key (client/store/ld-outbox.c), and so does this; the second answer
 * must be the 201 too, and the patient is there once (checked below). */
static gpointer
poster_thread (gpointer data)
{
  Poster *poster = data;
  KillRun *run = poster->run;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *uri = g_strconcat (run->px->uri, "/api/v1/patients", NULL);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", run->token);

  for (guint n = 0; !g_atomic_int_get (&run->stop); n++)
    {
      g_autofree char *name = g_strdup_printf ("Mid Kill %u-%u", poster->number, n);
      g_autofree char *key = g_strdup_printf ("mid-kill-%u-%u", poster->number, n);
      g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"male\", "
                                               "\"age_years\": 50, \"allow_duplicate\": true}",
                                               name);
      g_autofree char *reason = NULL;
      g_autoptr(GError) error = NULL;
      guint status = 0;

      for (guint attempt = 0; attempt < 3 && status == 0; attempt++)
        {
          g_clear_error (&error);
          status = post_registration (session, uri, bearer, key, body, &reason, &error);
          if (status == 0)
            {
              g_mutex_lock (&run->lock);
              run->n_cut++;
              g_mutex_unlock (&run->lock);
            }
        }

      g_mutex_lock (&run->lock);
      if (status == 201)
        g_ptr_array_add (run->acknowledged, g_steal_pointer (&name));
      else
        g_ptr_array_add (run->failures,
                         g_strdup_printf ("%s: %s", key,
                                          status == 0 ? error->message : reason));
      g_mutex_unlock (&run->lock);
    }
  return NULL;
}

static guint
n_acknowledged (KillRun *run)
{
  guint n;

  g_mutex_lock (&run->lock);
  n = run->acknowledged->len;
  g_mutex_unlock (&run->lock);
  return n;
}

static void
wait_acknowledged (KillRun *run,
                   guint    n)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

  while (n_acknowledged (run) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5 * 1000);
    }
}

/* Issue 35: a server killed while desks' POSTs are under way on it. The
 * proxy sends each of them again to the other server (retry-on
 * empty-response, for requests with an Idempotency-Key), so no desk sees
 * an error status; one whose answer was cut half-way is sent again by the
 * desk (poster_thread). Each registration is there once. */
static void
test_killed_mid_request (Proxy         *px,
                         gconstpointer  data)
{
  g_autofree char *token = sign_in (px);
  KillRun run = { .px = px, .token = token };
  Poster posters[N_POSTERS];
  GThread *threads[N_POSTERS];
  guint at_kill;

  g_mutex_init (&run.lock);
  run.acknowledged = g_ptr_array_new_with_free_func (g_free);
  run.failures = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N_POSTERS; i++)
    {
      posters[i].run = &run;
      posters[i].number = i;
      threads[i] = g_thread_new ("poster", poster_thread, &posters[i]);
    }

  /* Under way on both servers (leastconn spreads them), then one killed. */
  wait_acknowledged (&run, 4 * N_POSTERS);
  ld_test_server_kill (px->servers[0]);
  at_kill = n_acknowledged (&run);
  wait_acknowledged (&run, at_kill + 4 * N_POSTERS);

  g_atomic_int_set (&run.stop, TRUE);
  for (guint i = 0; i < N_POSTERS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < run.failures->len; i++)
    g_printerr ("desk saw: %s\n", (const char *) run.failures->pdata[i]);
  g_assert_cmpuint (run.failures->len, ==, 0);
  for (guint i = 0; i < run.acknowledged->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM patients WHERE name = '%s'",
                                              (const char *) run.acknowledged->pdata[i]);

      g_assert_cmpint (ld_test_server_query_int (px->seed, sql), ==, 1);
    }
  g_assert_cmpint (ld_test_server_query_int (px->seed, "SELECT count(*) FROM patients "
                                                       "WHERE name LIKE 'Mid Kill %'"),
                   ==, run.acknowledged->len);
  g_test_message ("%u registrations, %u of them after the kill; %u connections cut and sent "
                  "again", run.acknowledged->len, run.acknowledged->len - at_kill, run.n_cut);

  g_ptr_array_unref (run.acknowledged);
  g_ptr_array_unref (run.failures);
  g_mutex_clear (&run.lock);
}

/* The frontend's stick table: one client's sign-ins past the limit in a
 * minute are refused by the proxy before any server spends a password
 * hash on them. */
static void
test_sign_in_limit (Proxy         *px,
                    gconstpointer  data)
{
  guint n_signed_in = 0;
  guint status = 0;
  g_autoptr(JsonObject) refusal = NULL;
  JsonObject *error;

  for (guint i = 0; i < PROXY_SIGN_INS_PER_MINUTE + 5 && status != 429; i++)
    {
      g_clear_pointer (&refusal, json_object_unref);
      status = send (px, "POST", "/api/v1/sessions", NULL,
                     "{\"username\": \"reception\", \"password\": \""
                     LD_TEST_RECEPTION_PASSWORD "\"}", &refusal);
      g_assert_true (status == 201 || status == 429);
      n_signed_in += status == 201;
    }
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpuint (n_signed_in, ==, PROXY_SIGN_INS_PER_MINUTE);
  /* In the API's shape, as a server's own refusal. */
  error = json_object_get_object_member (refusal, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "rate_limited");
  g_assert_cmpstr (json_object_get_string_member (error, "message"), ==,
                   "Too many sign-ins from this address; try again in a minute.");
  /* Other requests pass. */
  g_assert_cmpuint (send (px, "GET", "/health", NULL, NULL, NULL), ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Several servers share one database: PostgreSQL's. */
  g_setenv ("LABDESK_TEST_DB", "postgresql", TRUE);

  g_test_add ("/haproxy/through", Proxy, NULL, proxy_setup, test_through, proxy_teardown);
  g_test_add ("/haproxy/server-killed", Proxy, NULL, proxy_setup, test_server_killed,
              proxy_teardown);
  g_test_add ("/haproxy/killed-mid-request", Proxy, NULL, proxy_setup, test_killed_mid_request,
              proxy_teardown);
  g_test_add ("/haproxy/sign-in-limit", Proxy, NULL, proxy_setup, test_sign_in_limit,
              proxy_teardown);

  return g_test_run ();
}

/* test-client-session.c: one signed-in user's session, as the window sees it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The header shows one connection state: a first sync, then online; the
 * server busy (503) while a write waits, and online again once it went;
 * offline when the server is gone; the session ended when the server
 * ends it (its events socket closing with 1008, or a 401 when the socket
 * is opened), which is not "cannot reach the server". The outbox's
 * counts are the session's too, with notify. A command the shared check
 * refuses (a technician who is not a signatory releasing a report) is
 * refused by the session itself: nothing queued, nothing sent, whether
 * run through the session's door or sent by the API client directly.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ld-json.h"
#include "ld-session.h"
#include "ld-test-client.h"

/* A temporary directory per test. */
typedef LdTestTmpdir Fixture;
#define fixture_setup ld_test_tmpdir_setup
#define fixture_teardown ld_test_tmpdir_teardown

static LdSession *
sign_in (LdApiClient  *api,
         const char   *username,
         const char   *password,
         GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  ld_session_sign_in_async (api, username, password, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  return ld_session_sign_in_finish (result, error);
}

/* Every value the session's connection, progress and counts took. */
typedef struct
{
  GArray *connections;
  GArray *progress;
  guint   n_waiting_notified;
  guint   sending_notified;
} Seen;

static void
on_connection_cb (LdSession  *session,
                  GParamSpec *pspec,
                  Seen       *seen)
{
  LdConnectionState state = ld_session_get_connection (session);
  GValue value = G_VALUE_INIT;

  /* The property and the getter agree. */
  g_value_init (&value, LD_TYPE_CONNECTION_STATE);
  g_object_get_property (G_OBJECT (session), "connection", &value);
  g_assert_cmpint (g_value_get_enum (&value), ==, state);
  g_array_append_val (seen->connections, state);
}

static void
on_progress_cb (LdSession  *session,
                GParamSpec *pspec,
                Seen       *seen)
{
  double progress = ld_session_get_sync_progress (session);

  g_array_append_val (seen->progress, progress);
}

static void
on_n_waiting_cb (LdSession  *session,
                 GParamSpec *pspec,
                 Seen       *seen)
{
  seen->n_waiting_notified++;
}

static void
on_sending_cb (LdSession  *session,
               GParamSpec *pspec,
               Seen       *seen)
{
  seen->sending_notified++;
}

typedef struct
{
  LdSession         *session;
  LdConnectionState  state;
} StateWait;

static gboolean
connection_is (gpointer data)
{
  StateWait *wait = data;

  return ld_session_get_connection (wait->session) == wait->state;
}

static void
wait_connection (LdSession         *session,
                 LdConnectionState  state,
                 const char        *what)
{
  StateWait wait = { session, state };

  ld_test_wait_until (connection_is, &wait, 60000, what);
}

static gboolean
nothing_waits (gpointer session)
{
  return ld_session_get_n_waiting (session) == 0 && !ld_session_get_sending (session);
}

static JsonNode *
submit (LdSession      *session,
        LdOutboxAction  action,
        const char     *params_json)
{
  g_autoptr(JsonObject) params = ld_json_parse_object (params_json, -1, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  JsonNode *answer;

  ld_session_run_async (session, action, NULL, params, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  answer = ld_session_run_finish (session, result, &error);
  g_assert_no_error (error);
  return answer;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Closes @session and waits until every call holding it has let go. */
static void
close_session (LdSession *session)
{
  gpointer weak = session;

  ld_session_close (session);
  g_object_add_weak_pointer (G_OBJECT (session), &weak);
  g_object_unref (session);
  ld_test_wait_until (is_gone, &weak, 30000, "the session to be finalized");
}

static void
test_connection_state (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(LdTestServer) server = ld_test_server_new ();
  g_autoptr(LdApiClient) api = ld_api_client_new (ld_test_server_get_uri (server));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queued = NULL;
  g_autoptr(LdTestResponse) other = NULL;
  g_autoptr(LdTestResponse) signed_out = NULL;
  g_autofree char *desk = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  LdSession       *session;
  Seen             seen = { g_array_new (FALSE, FALSE, sizeof (LdConnectionState)),
                            g_array_new (FALSE, FALSE, sizeof (double)), 0, 0 };
  gpointer         lock;

  g_assert_true (G_TYPE_IS_ENUM (LD_TYPE_CONNECTION_STATE));

  /* A first sync: its cache was empty. */
  session = sign_in (api, "reception", LD_TEST_RECEPTION_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_session_get_connection (session), ==, LD_CONNECTION_SYNCING);
  g_signal_connect (session, "notify::connection", G_CALLBACK (on_connection_cb), &seen);
  g_signal_connect (session, "notify::sync-progress", G_CALLBACK (on_progress_cb), &seen);
  g_signal_connect (session, "notify::n-waiting", G_CALLBACK (on_n_waiting_cb), &seen);
  g_signal_connect (session, "notify::sending", G_CALLBACK (on_sending_cb), &seen);
  wait_connection (session, LD_CONNECTION_ONLINE, "the first sync to end");
  g_assert_cmpuint (seen.connections->len, ==, 1);
  for (guint i = 0; i < seen.progress->len; i++)
    {
      double progress = g_array_index (seen.progress, double, i);

      g_assert_true (progress == -1 || (progress >= 0 && progress <= 1));
    }
  g_assert_cmpfloat (ld_session_get_sync_progress (session), ==, -1);
  g_assert_cmpuint (ld_session_get_n_waiting (session), ==, 0);

  /* The server's database held by another writer: it answers 503, which
   * is busy, not away; the registration waits, and goes once it can. */
  lock = ld_test_hold_write_lock (ld_test_server_get_db_path (server));
  queued = submit (session, LD_OUTBOX_ACTION_PATIENT_REGISTER,
                   "{\"name\": \"Ritu Sen\", \"sex\": \"female\", \"age_years\": 33}");
  g_assert_cmpuint (seen.n_waiting_notified, >=, 1);
  wait_connection (session, LD_CONNECTION_SERVER_BUSY, "the server to answer 503");
  g_assert_cmpuint (ld_session_get_n_waiting (session), ==, 1);
  g_assert_cmpuint (seen.sending_notified, >=, 1);
  ld_test_release_write_lock (lock);
  wait_connection (session, LD_CONNECTION_ONLINE, "the server to take the write");
  ld_test_wait_until (nothing_waits, session, 60000, "the outbox to send");
  g_assert_cmpint (ld_test_server_query_int (server, "SELECT count (*) FROM patients"
                                                     " WHERE name = 'Ritu Sen'"), ==, 1);

  /* Signed out on the server: the events socket closes with 1008 at the
   * next change, and the session has ended; nothing else is tried. */
  signed_out = ld_test_send_json (server, "DELETE", "/api/v1/sessions/current",
                                  ld_api_client_get_token (api), NULL);
  ld_test_assert_status (signed_out, 204);
  other = ld_test_send_json (server, "POST", "/api/v1/patients", desk,
                             "{\"name\": \"Noor Ali\", \"sex\": \"male\", \"age_years\": 41}");
  ld_test_assert_status (other, 201);
  wait_connection (session, LD_CONNECTION_SESSION_ENDED, "the session to end");
  g_assert_true (ld_session_get_ended (session));
  g_assert_false (ld_api_client_is_signed_in (api));

  g_signal_handlers_disconnect_by_data (session, &seen);
  close_session (session);
  g_array_unref (seen.connections);
  g_array_unref (seen.progress);
}

static void
test_run_checks_first (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(LdTestServer) server = ld_test_server_new ();
  g_autoptr(LdApiClient) api = ld_api_client_new (ld_test_server_get_uri (server));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) params =
               ld_json_parse_object ("{\"order_id\": \"7f1c1c1e-6a44-4f64-9a38-1b1b1b1b1b1b\","
                                     " \"version\": 1}",
                                     -1, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(LdTestResponse) metrics = NULL;
  g_autofree char *admin = NULL;
  GAsyncResult *slot = NULL;
  LdSession *session;

  session = sign_in (api, "technician", LD_TEST_TECHNICIAN_PASSWORD, &error);
  g_assert_no_error (error);
  wait_connection (session, LD_CONNECTION_ONLINE, "the first sync to end");
  g_assert_false (ld_session_get_actor (session)->is_signatory);

  ld_session_run_async (session, LD_OUTBOX_ACTION_REPORT_RELEASE, NULL, params, NULL,
                        ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  answer = ld_session_run_finish (session, result, &error);
  g_assert_null (answer);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "signatory"));
  g_clear_error (&error);
  g_clear_object (&result);
  g_clear_pointer (&answer, json_node_unref);

  /* A typed call, or any request, sent past the outbox: the API client's
   * gate, which the session installed, refuses it the same way. */
  ld_api_client_request_async (api, "POST",
                               "/api/v1/orders/7f1c1c1e-6a44-4f64-9a38-1b1b1b1b1b1b/release",
                               "{\"version\": 1}", NULL, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  answer = ld_api_client_request_finish (api, result, NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN);
  /* Refused here: the server never heard of it (its metrics count every
   * request by route), and nothing waits for it. */
  admin = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
  metrics = ld_test_get (server, "/metrics", admin);
  ld_test_assert_status (metrics, 200);
  g_assert_nonnull (strstr (metrics->body, "route=\"/api/v1/sessions\""));
  g_assert_null (strstr (metrics->body, "/release\""));
  g_assert_cmpuint (g_list_model_get_n_items (
                      ld_outbox_get_entries (ld_session_get_outbox (session))),
                    ==, 0);
  g_assert_cmpuint (ld_session_get_n_waiting (session), ==, 0);
  g_clear_object (&result); /* it holds the session */
  close_session (session);
}

static void
on_ended_cb (LdApiClient *api,
             GError      *error,
             guint       *count)
{
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED);
  (*count)++;
}

static SoupWebsocketConnection *
connect_events (LdApiClient  *api,
                GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  ld_api_client_connect_events_async (api, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  return ld_api_client_connect_events_finish (api, result, error);
}

/* Opening the events socket with a token the server no longer takes is a
 * session that ended (told once), with the server there; with the server
 * gone, it cannot be reached; a session offline then sees offline. */
static void
test_events_refusal_told_apart (Fixture       *fx,
                                gconstpointer  data)
{
  LdTestServer *server = ld_test_server_new ();
  g_autoptr(LdApiClient) api = ld_api_client_new (ld_test_server_get_uri (server));
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) socket = NULL;
  LdSession *session;
  guint ended = 0;

  session = sign_in (api, "reception", LD_TEST_RECEPTION_PASSWORD, &error);
  g_assert_no_error (error);
  wait_connection (session, LD_CONNECTION_ONLINE, "the first sync to end");
  close_session (session);

  g_signal_connect (api, "session-ended", G_CALLBACK (on_ended_cb), &ended);
  ld_api_client_set_token (api, "tO9njMBRnaiGRgmBSVWy5fb-kI1xcvH4NOwGaN5H4b8");
  socket = connect_events (api, &error);
  g_assert_null (socket);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_cmpuint (ended, ==, 1);
  g_assert_true (ld_api_client_get_online (api));
  g_assert_false (ld_api_client_get_busy (api));
  g_assert_false (ld_api_client_is_signed_in (api));

  /* Gone: not reachable, and not a session that ended. */
  ld_test_server_free (server);
  ld_api_client_set_token (api, "tO9njMBRnaiGRgmBSVWy5fb-kI1xcvH4NOwGaN5H4b8");
  socket = connect_events (api, &error);
  g_assert_null (socket);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE);
  g_assert_cmpuint (ended, ==, 1);
  g_assert_false (ld_api_client_get_online (api));
  g_assert_false (ld_api_client_get_busy (api));
  g_signal_handlers_disconnect_by_data (api, &ended);
}


static gboolean
online_again (gpointer session)
{
  return !ld_session_get_signed_in_offline (session) &&
         ld_session_get_connection (session) == LD_CONNECTION_ONLINE &&
         ld_session_get_n_waiting (session) == 0;
}

static gboolean
bytes_contain (GBytes       *haystack,
               const guint8 *needle,
               gsize         length)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (haystack, &size);

  for (gsize i = 0; i + length <= size; i++)
    if (memcmp (data + i, needle, length) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
survivor_sent (gpointer db_path)
{
  return ld_test_query_int (db_path, "SELECT count (*) FROM patients"
                                     " WHERE name = 'Reset Survivor'") == 1;
}

/* The reception user's id and version, read by the administrator. */
static char *
reception_patch_path (LdTestServer *server,
                      const char   *admin,
                      gint64       *out_version)
{
  g_autoptr(LdTestResponse) users =
               ld_test_send_json (server, "GET", "/api/v1/users?limit=100", admin, NULL);
  JsonArray *items;

  ld_test_assert_status (users, 200);
  items = json_object_get_array_member (ld_test_response_object (users), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *user = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (user, "username"), "reception"))
        {
          *out_version = json_object_get_int_member (user, "version");
          return g_strdup_printf ("/api/v1/users/%s", json_object_get_string_member (user, "id"));
        }
    }
  g_assert_not_reached ();
}

/* Signed in offline, the session signs in by itself when the server is
 * back (the person is not asked again) and sends what waited; with the
 * password changed on the server meanwhile, it ends instead. */
static void
test_offline_sign_in_then_back (Fixture       *fx,
                                gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(LdApiClient) api = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queued = NULL;
  g_autoptr(LdTestResponse) reset = NULL;
  LdTestServer *server;
  LdSession *session;
  gint64 version = 0;

  ld_test_create_demo (db_path);
  server = ld_test_server_spawn (db_path, NULL);
  uri = g_strdup (ld_test_server_get_uri (server));
  api = ld_api_client_new (uri);

  /* Once online, for the cache. */
  session = sign_in (api, "reception", LD_TEST_RECEPTION_PASSWORD, &error);
  g_assert_no_error (error);
  wait_connection (session, LD_CONNECTION_ONLINE, "the first sync to end");
  close_session (session);

  /* Away: the cache opens with the password; work waits. */
  ld_test_server_free (server);
  session = sign_in (api, "reception", LD_TEST_RECEPTION_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (ld_session_get_signed_in_offline (session));
  g_assert_cmpint (ld_session_get_connection (session), ==, LD_CONNECTION_OFFLINE);
  queued = submit (session, LD_OUTBOX_ACTION_PATIENT_REGISTER,
                   "{\"name\": \"Offline Return\", \"sex\": \"female\", \"age_years\": 28}");
  g_assert_cmpuint (ld_session_get_n_waiting (session), ==, 1);

  /* Back: signed in by itself, synced, sent. */
  server = ld_test_server_restart (db_path, uri);
  ld_test_wait_until (online_again, session, 120000, "the session to sign in again by itself");
  g_assert_true (ld_api_client_is_signed_in (api));
  g_assert_cmpint (ld_test_query_int (db_path, "SELECT count (*) FROM patients"
                                               " WHERE name = 'Offline Return'"), ==, 1);
  close_session (session);

  /* An administrator resets the password while this desk is signed out;
   * then the server is away: the old password still opens the cache, but
   * the server refuses it once back, and the session ends rather than
   * trying it again and again. */
  admin = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
  path = reception_patch_path (server, admin, &version);
  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reset_password\": true}", version);
  g_assert_nonnull (path);
  reset = ld_test_send_json (server, "PATCH", path, admin, body);
  ld_test_assert_status (reset, 200);
  ld_test_server_free (server);

  session = sign_in (api, "reception", LD_TEST_RECEPTION_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (ld_session_get_signed_in_offline (session));
  server = ld_test_server_restart (db_path, uri);
  wait_connection (session, LD_CONNECTION_SESSION_ENDED, "the refused sign-in to end the session");
  g_assert_true (ld_session_get_signed_in_offline (session));
  g_assert_false (ld_api_client_is_signed_in (api));
  close_session (session);
  ld_test_server_free (server);
}

/* An administrator resets the password of a desk with work queued
 * offline: the first online sign-in with the new password opens the
 * cache (with the escrow secret the server gives only then) and sends the
 * work; from then on the new password opens it offline and the old one
 * does not. The secret is never on the disk. */
static void
test_password_reset_keeps_unsent_work (Fixture       *fx,
                                       gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *new_password = NULL;
  g_autofree char *dir = NULL;
  g_autofree guchar *secret = NULL;
  g_autoptr(LdApiClient) api = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queued = NULL;
  g_autoptr(LdTestResponse) reset = NULL;
  g_autoptr(LdTestResponse) direct = NULL;
  g_autoptr(GBytes) files = NULL;
  LdTestServer *server;
  LdSession *session;
  gint64 version = 0;
  gsize secret_length = 0;

  ld_test_create_demo (db_path);
  server = ld_test_server_spawn (db_path, NULL);
  uri = g_strdup (ld_test_server_get_uri (server));
  api = ld_api_client_new (uri);
  dir = ld_cache_dir_for (NULL, uri, "reception");

  session = sign_in (api, "reception", LD_TEST_RECEPTION_PASSWORD, &error);
  g_assert_no_error (error);
  wait_connection (session, LD_CONNECTION_ONLINE, "the first sync to end");
  close_session (session);

  /* Reset while the desk is signed out. */
  admin = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
  path = reception_patch_path (server, admin, &version);
  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reset_password\": true}", version);
  reset = ld_test_send_json (server, "PATCH", path, admin, body);
  ld_test_assert_status (reset, 200);
  new_password = g_strdup (ld_test_response_get_string (reset, "password"));
  g_assert_nonnull (new_password);

  /* Away: the desk works offline with the password it knows. */
  ld_test_server_free (server);
  session = sign_in (api, "reception", LD_TEST_RECEPTION_PASSWORD, &error);
  g_assert_no_error (error);
  queued = submit (session, LD_OUTBOX_ACTION_PATIENT_REGISTER,
                   "{\"name\": \"Reset Survivor\", \"sex\": \"male\", \"age_years\": 47}");
  close_session (session);

  /* Back, with the new password: the work goes. */
  server = ld_test_server_restart (db_path, uri);
  session = sign_in (api, "reception", new_password, &error);
  g_assert_no_error (error);
  g_assert_false (ld_session_get_signed_in_offline (session));
  ld_test_wait_until (survivor_sent, db_path, 120000, "the queued work to be sent");
  ld_test_wait_until (nothing_waits, session, 120000, "the outbox to empty");
  close_session (session);

  /* The secret the server gives is nowhere on the disk. */
  {
    g_autofree char *login =
      g_strdup_printf ("{\"username\": \"reception\", \"password\": \"%s\"}", new_password);

    direct = ld_test_send_json (server, "POST", "/api/v1/sessions", NULL, login);
    ld_test_assert_status (direct, 201);
    secret = g_base64_decode (ld_test_response_get_string (direct, "cache_secret"), &secret_length);
    g_assert_cmpuint (secret_length, ==, 32);
  }
  files = ld_test_read_dir_bytes (dir);
  g_assert_false (bytes_contain (files, secret, secret_length));
  g_assert_false (
    bytes_contain (files, (const guint8 *) ld_test_response_get_string (direct, "cache_secret"),
                   strlen (ld_test_response_get_string (direct, "cache_secret"))));

  /* Offline now, the new password opens the cache; the old one does not. */
  ld_test_server_free (server);
  session = sign_in (api, "reception", new_password, &error);
  g_assert_no_error (error);
  g_assert_true (ld_session_get_signed_in_offline (session));
  close_session (session);
  session = sign_in (api, "reception", LD_TEST_RECEPTION_PASSWORD, &error);
  g_assert_error (error, LD_CACHE_ERROR, LD_CACHE_ERROR_WRONG_PASSWORD);
  g_assert_null (session);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("labdesk-session-data-XXXXXX", NULL);
  int status;

  /* The sessions' caches go under the user's data directory. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();
  ld_test_allow_warning ("ld-http", "The database is busy");

  g_test_add ("/client/session/connection-state", Fixture, NULL, fixture_setup,
              test_connection_state, fixture_teardown);
  g_test_add ("/client/session/offline-sign-in-then-back", Fixture, NULL, fixture_setup,
              test_offline_sign_in_then_back, fixture_teardown);
  g_test_add ("/client/session/password-reset-keeps-unsent-work", Fixture, NULL, fixture_setup,
              test_password_reset_keeps_unsent_work, fixture_teardown);
  g_test_add ("/client/session/run-checks-first", Fixture, NULL, fixture_setup,
              test_run_checks_first, fixture_teardown);
  g_test_add ("/client/session/events-refusal-told-apart", Fixture, NULL, fixture_setup,
              test_events_refusal_told_apart, fixture_teardown);

  status = g_test_run ();
  ld_test_remove_tree (data_home);
  return status;
}

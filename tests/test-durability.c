/* test-durability.c: a write answered 2xx survives SIGKILL
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clients keep several writes in flight (new users, and a chain of
 * settings updates) while the server is killed without warning. After a
 * restart, everything that was acknowledged must be there, and the
 * database and its audit chain must pass `labdesk-server check`. Run again
 * on PostgreSQL (test-durability-pg): there a commit is durable when it
 * returns, and on SQLite only once the shared sync of the log is done
 * (group commit), so each backend answers after its own kind of commit.
 */

#include "config.h"

#include "ld-test-http.h"

#define IN_FLIGHT_USERS 4
/* The kill comes once this much has been acknowledged, not after a fixed
 * time: on a busy machine a fixed time may see no write finish at all. */
#define USERS_BEFORE_KILL 12
#define SETTINGS_BEFORE_KILL 4

typedef struct
{
  LdTestServer *server;
  SoupSession  *session;
  char         *token;
  GHashTable   *acked_users;
  guint         next_user;
  gint64        acked_settings_version;
  char         *acked_lab_name;
  gint64        settings_version;
  gboolean      killed;
  guint         outstanding;
  GMainLoop    *loop;
} Writer;

static void send_next_user (Writer *w);
static void send_next_settings (Writer *w);
static void kill_when_enough_acknowledged (Writer *w);

static SoupMessage *
new_json_message (Writer     *w,
                  const char *method,
                  const char *path,
                  const char *body)
{
  g_autofree char *uri = g_strconcat (ld_test_server_get_uri (w->server), path, NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", w->token);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  SoupMessage *msg = soup_message_new (method, uri);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  return msg;
}

static void
finish_one (Writer *w)
{
  g_assert_cmpuint (w->outstanding, >, 0);
  if (--w->outstanding == 0 && w->killed)
    g_main_loop_quit (w->loop);
}

static void
on_user_created_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SoupMessage) msg = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  Writer *w = g_object_get_data (G_OBJECT (msg), "writer");

  if (body != NULL && soup_message_get_status (msg) == 201)
    g_hash_table_add (w->acked_users, g_strdup (g_object_get_data (G_OBJECT (msg), "username")));

  kill_when_enough_acknowledged (w);
  finish_one (w);
  if (!w->killed)
    send_next_user (w);
}

static void
send_next_user (Writer *w)
{
  g_autofree char *username = g_strdup_printf ("durable%04u", w->next_user++);
  g_autofree char *body =
    g_strdup_printf ("{\"username\": \"%s\", \"display_name\": \"Durable %s\","
                     " \"roles\": [\"reception\"], \"password\": \"durable-password\"}",
                     username, username);
  SoupMessage *msg = new_json_message (w, "POST", "/api/v1/users", body);

  g_object_set_data (G_OBJECT (msg), "writer", w);
  g_object_set_data_full (G_OBJECT (msg), "username", g_steal_pointer (&username), g_free);
  w->outstanding++;
  soup_session_send_and_read_async (w->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    on_user_created_cb, msg);
}

static void
on_settings_saved_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SoupMessage) msg = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  Writer *w = g_object_get_data (G_OBJECT (msg), "writer");

  if (body != NULL && soup_message_get_status (msg) == 200)
    {
      w->settings_version++;
      w->acked_settings_version = w->settings_version;
      g_free (w->acked_lab_name);
      w->acked_lab_name = g_strdup (g_object_get_data (G_OBJECT (msg), "lab-name"));
    }

  kill_when_enough_acknowledged (w);
  finish_one (w);
  if (!w->killed)
    send_next_settings (w);
}

static void
send_next_settings (Writer *w)
{
  g_autofree char *lab_name =
    g_strdup_printf ("Lab revision %" G_GINT64_FORMAT, w->settings_version + 1);
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"lab_name\": \"%s\"}",
                     w->settings_version, lab_name);
  SoupMessage *msg = new_json_message (w, "PATCH", "/api/v1/settings", body);

  g_object_set_data (G_OBJECT (msg), "writer", w);
  g_object_set_data_full (G_OBJECT (msg), "lab-name", g_steal_pointer (&lab_name), g_free);
  w->outstanding++;
  soup_session_send_and_read_async (w->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    on_settings_saved_cb, msg);
}

/* Kills while writes are still in flight: the callback that calls this
 * has not yet sent its next request, but the others have theirs out. */
static void
kill_when_enough_acknowledged (Writer *w)
{
  if (w->killed ||
      g_hash_table_size (w->acked_users) < USERS_BEFORE_KILL ||
      w->acked_settings_version < 1 + SETTINGS_BEFORE_KILL)
    return;

  ld_test_server_kill (w->server);
  w->killed = TRUE;
}

static GHashTable *
list_usernames (LdTestServer *server,
                const char   *token)
{
  g_autoptr(LdTestResponse) page = ld_test_get (server, "/api/v1/users?limit=200", token);
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *items;

  g_assert_cmpuint (page->status, ==, 200);
  g_assert_null (ld_test_response_get_string (page, "next"));
  items = json_object_get_array_member (ld_test_response_object (page), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_hash_table_add (names,
                      g_strdup (
                        json_object_get_string_member (json_array_get_object_element (items, i),
                                                       "username")));

  return names;
}

static void
test_acknowledged_writes_survive_sigkill (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("labdesk-durable-XXXXXX", &error);
  g_autofree char *config = NULL;
  g_autofree char *db_path = ld_test_db_new (dir, &config);
  const char *demo_args[] = { "demo", "--bare", "--db", db_path, "--config", config, NULL };
  const char *check_args[] = { "check", "--db", db_path, "--config", config, NULL };
  const char *serve_args[] = { "--config", config, NULL };
  g_autoptr(LdTestServer) restarted = NULL;
  g_autoptr(GHashTable) present = NULL;
  g_autoptr(LdTestResponse) settings = NULL;
  g_autofree char *token = NULL;
  g_autofree char *check_out = NULL;
  GHashTableIter iter;
  gpointer name;
  Writer w = { 0 };

  g_assert_cmpint (ld_test_run_server_command (demo_args, NULL, NULL), ==, 0);

  w.server = ld_test_server_spawn (db_path, serve_args);
  w.session = soup_session_new_with_options ("max-conns-per-host", 16, NULL);
  w.token = ld_test_login (w.server, "admin", LD_TEST_ADMIN_PASSWORD);
  w.acked_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w.settings_version = 1;  /* the demo's lab details */
  w.loop = g_main_loop_new (NULL, FALSE);

  for (guint i = 0; i < IN_FLIGHT_USERS; i++)
    send_next_user (&w);
  send_next_settings (&w);
  g_main_loop_run (w.loop);

  g_test_message ("acknowledged before SIGKILL: %u users, settings version %" G_GINT64_FORMAT,
                  g_hash_table_size (w.acked_users), w.acked_settings_version);
  g_assert_cmpuint (g_hash_table_size (w.acked_users), >, 0);
  g_assert_cmpint (w.acked_settings_version, >, 1);

  restarted = ld_test_server_spawn (db_path, serve_args);
  token = ld_test_login (restarted, "admin", LD_TEST_ADMIN_PASSWORD);
  present = list_usernames (restarted, token);

  g_hash_table_iter_init (&iter, w.acked_users);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_hash_table_contains (present, name))
      g_error ("user %s was acknowledged but is missing after the restart", (char *) name);

  /* The last acknowledged update is there; at most one more (committed but
   * unanswered when the server died) may follow it. */
  settings = ld_test_get (restarted, "/api/v1/settings", token);
  g_assert_cmpint (ld_test_response_get_int (settings, "version"), >=, w.acked_settings_version);
  g_assert_cmpint (ld_test_response_get_int (settings, "version"), <=,
                   w.acked_settings_version + 1);
  if (ld_test_response_get_int (settings, "version") == w.acked_settings_version)
    g_assert_cmpstr (ld_test_response_get_string (settings, "lab_name"), ==, w.acked_lab_name);

  g_clear_pointer (&restarted, ld_test_server_free);
  g_assert_cmpint (ld_test_run_server_command (check_args, &check_out, NULL), ==, 0);
  g_assert_nonnull (strstr (check_out, "database: ok"));
  g_assert_nonnull (strstr (check_out, "audit chain: ok"));

  ld_test_server_free (w.server);
  g_object_unref (w.session);
  g_free (w.token);
  g_free (w.acked_lab_name);
  g_hash_table_unref (w.acked_users);
  g_main_loop_unref (w.loop);
  ld_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/durability/acknowledged-writes-survive-sigkill",
                   test_acknowledged_writes_survive_sigkill);

  return g_test_run ();
}

/* test-server-cli.c: labdesk-server init, serve, backup and check as a lab's
 * IT person runs them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "ld-sqlite.h"
#include "ld-test-http.h"
#include "store/ld-store.h"

typedef struct
{
  char *dir;
  char *db_path;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("labdesk-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = g_build_filename (fx->dir, "lab.db", NULL);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fx->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fx->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
  g_free (fx->db_path);
}

static void
make_demo (Fixture *fx)
{
  const char *args[] = { "demo", "--db", fx->db_path, NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_server_command (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "DEMO ONLY"));
}

static void
run_sql (const char *path,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (path, LD_SQLITE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (ld_sqlite_exec (db, sql, &error));
  g_assert_no_error (error);
}

static void
test_init_prints_password_once (Fixture       *fx,
                                gconstpointer  data)
{
  const char *args[] = { "init", "--db", fx->db_path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *again_out = NULL;
  g_autofree char *again_err = NULL;
  g_autofree char *token = NULL;
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("password: +([A-Za-z0-9]{16})", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *password = NULL;

  g_assert_cmpint (ld_test_run_server_command (args, &out, NULL), ==, 0);
  g_assert_true (g_regex_match (regex, out, 0, &match));
  password = g_match_info_fetch (match, 1);

  server = ld_test_server_spawn (fx->db_path, NULL);
  token = ld_test_login (server, "admin", password);
  g_assert_nonnull (token);
  g_clear_pointer (&server, ld_test_server_free);

  /* A second init never touches a database that has users. */
  g_assert_cmpint (ld_test_run_server_command (args, &again_out, &again_err), ==, 1);
  g_assert_nonnull (strstr (again_err, "already has users"));
  g_assert_null (strstr (again_out, "password"));
}

static void
test_backup_while_serving_passes_check (Fixture       *fx,
                                        gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (fx->dir, "backup.db", NULL);
  const char *backup_args[] = { "backup", "--db", fx->db_path, backup, NULL };
  const char *check_args[] = { "check", "--db", backup, NULL };
  g_autoptr(LdTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *out = NULL;
  g_autofree char *check_out = NULL;
  g_autofree char *again_err = NULL;

  make_demo (fx);
  server = ld_test_server_spawn (fx->db_path, NULL);
  token = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);

  g_assert_cmpint (ld_test_run_server_command (backup_args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "checked"));

  /* The server goes on serving and writing after the backup. */
  {
    g_autoptr(LdTestResponse) resp = ld_test_get (server, "/api/v1/sessions/current", token);
    g_assert_cmpuint (resp->status, ==, 200);
  }

  g_assert_cmpint (ld_test_run_server_command (check_args, &check_out, NULL), ==, 0);
  g_assert_nonnull (strstr (check_out, "database: ok"));
  g_assert_nonnull (strstr (check_out, "audit chain: ok"));

  /* An existing file is never overwritten. */
  g_assert_cmpint (ld_test_run_server_command (backup_args, NULL, &again_err), ==, 1);
  g_assert_nonnull (strstr (again_err, "already exists"));
}

static void
test_check_names_altered_event (Fixture       *fx,
                                gconstpointer  data)
{
  const char *check_args[] = { "check", "--db", fx->db_path, NULL };
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;

  make_demo (fx);
  g_assert_cmpint (ld_test_run_server_command (check_args, &good, NULL), ==, 0);
  g_assert_nonnull (strstr (good, "audit chain: ok (5 events)"));

  run_sql (fx->db_path, "UPDATE audit_events SET detail = 'nothing to see' WHERE seq = 3");
  g_assert_cmpint (ld_test_run_server_command (check_args, &bad, NULL), ==, 1);
  g_assert_nonnull (strstr (bad, "audit chain: BROKEN at event 3"));
}

static void
test_newer_schema_is_refused (Fixture       *fx,
                              gconstpointer  data)
{
  const char *serve_args[] = { "serve", "--db", fx->db_path, "--listen", "127.0.0.1:0", NULL };
  const char *check_args[] = { "check", "--db", fx->db_path, NULL };
  g_autofree char *serve_err = NULL;
  g_autofree char *check_err = NULL;

  make_demo (fx);
  run_sql (fx->db_path, "PRAGMA user_version = 999");

  g_assert_cmpint (ld_test_run_server_command (serve_args, NULL, &serve_err), ==, 1);
  g_assert_nonnull (strstr (serve_err, "newer Labdesk (schema 999"));
  g_assert_cmpint (ld_test_run_server_command (check_args, NULL, &check_err), ==, 1);
  g_assert_nonnull (strstr (check_err, "newer Labdesk"));
}

static void
test_config_file (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *config = g_build_filename (fx->dir, "labdesk.conf", NULL);
  g_autofree char *contents = g_strdup_printf ("[server]\nlisten=127.0.0.1:0\ndatabase=%s\n", fx->db_path);
  g_autofree char *typo = g_strdup_printf ("[server]\nlisten=127.0.0.1:0\ndatbase=%s\n", fx->db_path);
  const char *extra[] = { "--config", config, NULL };
  const char *serve_args[] = { "serve", "--config", config, NULL };
  g_autoptr(LdTestServer) server = NULL;
  g_autofree char *err = NULL;

  make_demo (fx);
  g_assert_true (g_file_set_contents (config, contents, -1, NULL));
  server = ld_test_server_spawn (NULL, extra);
  {
    g_autoptr(LdTestResponse) health = ld_test_get (server, "/health", NULL);
    g_autofree char *token = ld_test_login (server, "doctor", LD_TEST_DOCTOR_PASSWORD);

    g_assert_cmpuint (health->status, ==, 200);
  }
  g_clear_pointer (&server, ld_test_server_free);

  g_assert_true (g_file_set_contents (config, typo, -1, NULL));
  g_assert_cmpint (ld_test_run_server_command (serve_args, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "unknown key “datbase”"));
}

static gboolean
accept_any_certificate_cb (SoupMessage          *msg,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors,
                           gpointer              user_data)
{
  return TRUE;
}

static void
test_tls (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *cert = g_build_filename (fx->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (fx->dir, "key.pem", NULL);
  g_autofree char *config = g_build_filename (fx->dir, "tls.conf", NULL);
  g_autofree char *contents = g_strdup_printf ("[server]\ntls-certificate=%s\ntls-key=%s\n", cert, key);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  const char *extra[] = { "--config", config, NULL };
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  int status;

  /* tools/test installs openssl; without it this test cannot run. */
  g_assert_nonnull (openssl);

  {
    const char *argv[] = { openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  make_demo (fx);
  g_assert_true (g_file_set_contents (config, contents, -1, NULL));
  server = ld_test_server_spawn (fx->db_path, extra);
  g_assert_true (g_str_has_prefix (ld_test_server_get_uri (server), "https://"));

  uri = g_strconcat (ld_test_server_get_uri (server), "/health", NULL);
  msg = soup_message_new ("GET", uri);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate_cb), NULL);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "\"status\":\"ok\""));
}

typedef struct
{
  GMainLoop   *loop;
  SoupMessage *msg;
  GBytes      *body;
  GError      *error;
  GSubprocess *process;
} PendingLogin;

static gboolean
send_sigterm_cb (gpointer user_data)
{
  PendingLogin *pending = user_data;

  g_subprocess_send_signal (pending->process, SIGTERM);
  return G_SOURCE_REMOVE;
}

/* The request is on the wire; give the server a moment to read it and
 * start the (slow, Argon2id) log-in, then ask it to stop. */
static void
on_wrote_body_cb (SoupMessage *msg,
                  gpointer     user_data)
{
  g_timeout_add (20, send_sigterm_cb, user_data);
}

static void
on_login_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PendingLogin *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &pending->error);
  g_main_loop_quit (pending->loop);
}

static void
test_sigterm_finishes_requests (Fixture       *fx,
                                gconstpointer  data)
{
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  static const char login[] = "{\"username\": \"admin\", \"password\": \"admin-demo\"}";
  g_autoptr(GBytes) request = g_bytes_new_static (login, strlen (login));
  g_autofree char *uri = NULL;
  PendingLogin pending = { 0 };
  GSubprocess *process;

  make_demo (fx);
  server = ld_test_server_spawn (fx->db_path, NULL);
  uri = g_strconcat (ld_test_server_get_uri (server), "/api/v1/sessions", NULL);

  pending.loop = g_main_loop_new (NULL, FALSE);
  pending.msg = soup_message_new ("POST", uri);
  soup_message_set_request_body_from_bytes (pending.msg, "application/json", request);
  process = ld_test_server_get_process (server);
  pending.process = process;
  g_signal_connect (pending.msg, "wrote-body", G_CALLBACK (on_wrote_body_cb), &pending);
  soup_session_send_and_read_async (session, pending.msg, G_PRIORITY_DEFAULT, NULL,
                                    on_login_done_cb, &pending);

  g_main_loop_run (pending.loop);
  g_assert_no_error (pending.error);
  g_assert_cmpuint (soup_message_get_status (pending.msg), ==, 201);

  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_bytes_unref (pending.body);
  g_object_unref (pending.msg);
  g_main_loop_unref (pending.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/cli/init-prints-password-once", test_init_prints_password_once);
  ADD ("/server/cli/backup-while-serving-passes-check", test_backup_while_serving_passes_check);
  ADD ("/server/cli/check-names-altered-event", test_check_names_altered_event);
  ADD ("/server/cli/newer-schema-is-refused", test_newer_schema_is_refused);
  ADD ("/server/cli/config-file", test_config_file);
  ADD ("/server/cli/tls", test_tls);
  ADD ("/server/cli/sigterm-finishes-requests", test_sigterm_finishes_requests);
#undef ADD

  return g_test_run ();
}

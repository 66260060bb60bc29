/* test-server-cli.c: labdesk-server init, serve, backup and check as a lab's
 * IT person runs them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run again on PostgreSQL (test-server-cli-pg), where what the commands
 * read and write is the backend's: init's seeding, check's walk of the
 * audit chain and its schema number. What is not the backend's (the
 * configuration file, TLS, a stop with requests under way) and what is
 * SQLite's alone (its files' modes, a backup that is a file copy; on
 * PostgreSQL a backup is a pg_dump archive, restored and checked by
 * test-api-backups-pg) is skipped there.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/stat.h>

#include "ld-test-http.h"
#include "ld-config.h"
#include "store/ld-store.h"

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

  fx->dir = g_dir_make_tmp ("labdesk-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = ld_test_db_new (fx->dir, &fx->config);
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
  g_free (fx->config);
}

static gboolean
is_postgresql (Fixture *fx)
{
  return ld_store_location_is_postgresql (fx->db_path);
}

/* What does not depend on the backend is tested once, on SQLite. */
static gboolean
skip_on_postgresql (Fixture    *fx,
                    const char *why)
{
  if (!is_postgresql (fx))
    return FALSE;
  g_test_skip (why);
  return TRUE;
}

/* `serve` on the fixture's database, with its configuration file. */
static LdTestServer *
spawn_server (Fixture *fx)
{
  const char *args[] = { "--config", fx->config, NULL };

  return ld_test_server_spawn (fx->db_path, args);
}

static void
make_demo (Fixture *fx)
{
  const char *args[] = { "demo", "--bare", "--db", fx->db_path, "--config", fx->config, NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_server_command (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "DEMO ONLY"));
}

static void
run_sql (const char *location,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_db_open (location, LD_SQLITE_OPEN_DEFAULT);

  g_assert_true (ld_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static void
test_init_prints_password_once (Fixture       *fx,
                                gconstpointer  data)
{
  const char *args[] = { "init", "--db", fx->db_path, "--config", fx->config, NULL };
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

  server = spawn_server (fx);
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

  if (skip_on_postgresql (fx, "a file copy, SQLite's; a pg_dump archive is test-api-backups-pg's"))
    return;
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
  const char *check_args[] = { "check", "--db", fx->db_path, "--config", fx->config, NULL };
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;

  make_demo (fx);
  g_assert_cmpint (ld_test_run_server_command (check_args, &good, NULL), ==, 0);
  /* One user.create per demo user: six, the signatory included. */
  g_assert_nonnull (strstr (good, "audit chain: ok (6 events)"));

  run_sql (fx->db_path, "UPDATE audit_events SET detail = 'nothing to see' WHERE seq = 3");
  g_assert_cmpint (ld_test_run_server_command (check_args, &bad, NULL), ==, 1);
  g_assert_nonnull (strstr (bad, "audit chain: BROKEN at event 3"));
  g_assert_nonnull (strstr (bad, "MAC mismatch"));
}

/* The newest events deleted leave a chain that links up; the head sealed
 * outside the database names what is gone. */
static void
test_check_names_truncated_head (Fixture       *fx,
                                 gconstpointer  data)
{
  const char *check_args[] = { "check", "--db", fx->db_path, "--config", fx->config, NULL };
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;

  make_demo (fx);
  g_assert_cmpint (ld_test_run_server_command (check_args, &good, NULL), ==, 0);
  g_assert_nonnull (strstr (good, "audit head: sealed at event 6"));

  run_sql (fx->db_path, "DELETE FROM audit_events WHERE seq >= 4");
  g_assert_cmpint (ld_test_run_server_command (check_args, &bad, NULL), ==, 1);
  g_assert_nonnull (strstr (bad, "truncated head: events 4 to 6 are missing"));
}

/* The counters kept with the orders and the outbox can only drift by a
 * hand edit; check names each one that disagrees with its rows and fails,
 * and --recount writes them again from the rows. */
static void
test_check_recounts_counters (Fixture       *fx,
                              gconstpointer  data)
{
  const char      *check_args[] = { "check", "--db", fx->db_path, "--config", fx->config, NULL };
  const char      *recount_args[] = { "check",    "--db",      fx->db_path, "--config",
                                      fx->config, "--recount", NULL };
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *recounted = NULL;
  g_autofree char *again = NULL;

  make_demo (fx);
  g_assert_cmpint (ld_test_run_server_command (check_args, &good, NULL), ==, 0);
  g_assert_nonnull (strstr (good, "counters: ok"));

  /* 2026-11-27 is day 20784 since 1970; nobody has orders there. */
  run_sql (fx->db_path, "INSERT INTO completed_by_day (day, technician_id, priority, orders)"
                        " VALUES (20784, '', 'stat', 2)");
  run_sql (fx->db_path, "INSERT INTO technician_load (technician_id, open_orders, "
                        "last_assigned_us) VALUES ('nobody', 3, 0)");
  run_sql (fx->db_path, "INSERT INTO notification_counts (channel, state, messages)"
                        " VALUES ('sms', 'given_up', 4)");
  g_assert_cmpint (ld_test_run_server_command (check_args, &bad, NULL), ==, 1);
  g_assert_nonnull (strstr (bad, "counters: OUT OF STEP with their rows"));
  g_assert_nonnull (strstr (bad, "technician_load, technician nobody: 3 open, last assigned 0; "
                                 "the orders say 0, 0"));
  g_assert_nonnull (strstr (bad, "completed_by_day, 2026-11-27 (UTC), technician (none), stat: "
                                 "2 orders; the orders say 0"));
  g_assert_nonnull (strstr (bad, "notification_counts, sms/given_up: 4 messages; "
                                 "the outbox says 0"));
  g_assert_nonnull (strstr (bad, "check --recount"));
  /* The rest of the check still ran. */
  g_assert_nonnull (strstr (bad, "audit chain: ok"));

  g_assert_cmpint (ld_test_run_server_command (recount_args, &recounted, NULL), ==, 0);
  g_assert_nonnull (strstr (recounted, "counters: written again from their rows, ok"));
  g_assert_cmpint (ld_test_run_server_command (check_args, &again, NULL), ==, 0);
  g_assert_nonnull (strstr (again, "counters: ok"));
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
assert_private (const char *path,
                const char *suffix)
{
  g_autofree char *file = g_strconcat (path, suffix, NULL);

  g_test_message ("%s", file);
  g_assert_cmpuint (file_mode (file), ==, 0600);
}

/* With the usual umask of 022, every file init, serve and backup write is
 * still the server account's alone; a restored backup passes check. */
static void
test_files_are_private_and_backups_restore (Fixture       *fx,
                                            gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (fx->dir, "backup.db", NULL);
  g_autofree char *restored = g_build_filename (fx->dir, "restored.db", NULL);
  const char *backup_args[] = { "backup", "--db", fx->db_path, backup, NULL };
  const char *check_args[] = { "check", "--db", restored, NULL };
  const char *suffixes[] = { "", ".audit-key", ".audit-head" };
  g_autoptr(LdTestServer) server = NULL;
  g_autofree char *check_out = NULL;
  mode_t saved;

  if (skip_on_postgresql (fx, "SQLite's files and a file copy; a pg_dump archive's mode is "
                              "test-api-backups-pg's"))
    return;
  saved = umask (022);
  make_demo (fx);
  server = ld_test_server_spawn (fx->db_path, NULL);
  g_free (ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD));
  assert_private (fx->db_path, "");
  assert_private (fx->db_path, "-wal");
  assert_private (fx->db_path, "-shm");
  assert_private (fx->db_path, ".audit-key");
  assert_private (fx->db_path, ".audit-head");

  g_assert_cmpint (ld_test_run_server_command (backup_args, NULL, NULL), ==, 0);
  umask (saved);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (backup, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (restored, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      assert_private (backup, suffixes[i]);
      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (
        g_file_set_contents_full (to, contents, length, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
    }

  g_assert_cmpint (ld_test_run_server_command (check_args, &check_out, NULL), ==, 0);
  g_assert_nonnull (strstr (check_out, "audit chain: ok"));
}

static void
test_newer_schema_is_refused (Fixture       *fx,
                              gconstpointer  data)
{
  /* The configuration names the database. */
  const char *serve_args[] = { "serve", "--config", fx->config, "--listen", "127.0.0.1:0", NULL };
  const char *check_args[] = { "check", "--db", fx->db_path, "--config", fx->config, NULL };
  g_autofree char *serve_err = NULL;
  g_autofree char *check_err = NULL;

  make_demo (fx);
  /* PostgreSQL has no user_version: a row of its own holds the number. */
  run_sql (fx->db_path, is_postgresql (fx) ? "UPDATE schema_version SET version = 999"
                                           : "PRAGMA user_version = 999");

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
  g_autofree char *contents =
    g_strdup_printf ("[server]\nlisten=127.0.0.1:0\ndatabase=%s\n", fx->db_path);
  g_autofree char *typo =
    g_strdup_printf ("[server]\nlisten=127.0.0.1:0\ndatbase=%s\n", fx->db_path);
  const char *extra[] = { "--config", config, NULL };
  const char *serve_args[] = { "serve", "--config", config, NULL };
  g_autoptr(LdTestServer) server = NULL;
  g_autofree char *err = NULL;

  if (skip_on_postgresql (fx, "the configuration file's, the same on both backends"))
    return;
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

#define IDLE_TLS_CLIENTS 10

/* What holds for a TLS connection the server closes after its answer,
 * idle (docs/architecture.md, "Connections"): libsoup 3.2 keeps its objects
 * until the server ends (a known limit, see ld-listener.c), but not the
 * descriptor: ten such connections leave the server's open files as they
 * were, so they cannot run it out of files. */
static void
assert_idle_tls_closed (LdTestServer *server,
                        const char   *openssl)
{
  static const char request[] = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  g_autoptr(GUri) uri = g_uri_parse (ld_test_server_get_uri (server), G_URI_FLAGS_NONE, NULL);
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
  const char *argv[] = { openssl, "s_client", "-quiet", "-connect", address, NULL };
  GSubprocess *clients[IDLE_TLS_CLIENTS];
  guint before = ld_test_server_count_open_files (server);
  gint64 closed_us;

  for (guint i = 0; i < IDLE_TLS_CLIENTS; i++)
    {
      g_autoptr(GError) error = NULL;
      GOutputStream *in;

      clients[i] = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                      G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                      G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
      g_assert_no_error (error);
      /* The request, then silence with the pipe kept open: s_client ends
       * when the server closes the connection (idle-timeout=1). */
      in = g_subprocess_get_stdin_pipe (clients[i]);
      g_assert_true (g_output_stream_write_all (in, request, strlen (request), NULL, NULL,
                                                &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < IDLE_TLS_CLIENTS; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (g_subprocess_wait (clients[i], NULL, &error));
      g_assert_no_error (error);
      g_object_unref (clients[i]);
    }
  /* Each is let go within the listener's reap time (two seconds). */
  closed_us = g_get_monotonic_time ();
  for (gint64 deadline = closed_us + 30 * G_USEC_PER_SEC;
       ld_test_server_count_open_files (server) > before; g_usleep (G_USEC_PER_SEC / 10))
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
  g_test_message ("%d idle TLS connections closed by the server; their descriptors gone %.1f s "
                  "after the last", IDLE_TLS_CLIENTS, (g_get_monotonic_time () - closed_us) / 1e6);
}

static void
test_tls (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *cert = g_build_filename (fx->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (fx->dir, "key.pem", NULL);
  g_autofree char *config = g_build_filename (fx->dir, "tls.conf", NULL);
  g_autofree char *contents = g_strdup_printf ("[server]\ntls-certificate=%s\ntls-key=%s\n"
                                               "idle-timeout=1\n", cert, key);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  const char *extra[] = { "--config", config, NULL };
  g_autofree char *curl = g_find_program_in_path ("curl");
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *answer = NULL;
  int status;

  if (skip_on_postgresql (fx, "the HTTP layer's, the same on both backends"))
    return;
  /* tools/test installs openssl and curl; this test needs both. */
  g_assert_nonnull (openssl);
  g_assert_nonnull (curl);

  {
    const char *argv[] = { openssl,   "req",   "-x509", "-newkey", "rsa:2048",
                           "-nodes",  "-days", "1",     "-subj",   "/CN=127.0.0.1",
                           "-keyout", key,     "-out",  cert,      NULL };
    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  make_demo (fx);
  g_assert_true (g_file_set_contents (config, contents, -1, NULL));

  /* Under AddressSanitizer, LeakSanitizer's own tracer crashes (SIGSEGV in
   * StopTheWorld) at the exit of a process that loaded GnuTLS through
   * glib-networking, on Debian 12's GCC 12 runtime. Leak checking stays on
   * for this test process and every other server; only this TLS child
   * runs without it. */
  {
    g_autofree char *saved = g_strdup (g_getenv ("ASAN_OPTIONS"));
    g_autofree char *without_leaks = g_strdup_printf ("%s:detect_leaks=0", saved ? saved : "");

    g_setenv ("ASAN_OPTIONS", without_leaks, TRUE);
    server = ld_test_server_spawn (fx->db_path, extra);
    if (saved != NULL)
      g_setenv ("ASAN_OPTIONS", saved, TRUE);
    else
      g_unsetenv ("ASAN_OPTIONS");
  }
  g_assert_true (g_str_has_prefix (ld_test_server_get_uri (server), "https://"));

  /* The HTTPS client is curl, trusting the test certificate, so that no
   * TLS library loads into this process (see the LeakSanitizer note). */
  uri = g_strconcat (ld_test_server_get_uri (server), "/health", NULL);
  {
    const char *argv[] = {
      curl, "--silent", "--show-error", "--fail", "--cacert", cert, uri, NULL
    };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &answer, NULL, &status,
                  &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_nonnull (strstr (answer, "\"status\":\"ok\""));

  assert_idle_tls_closed (server, openssl);
}

/* A request is half sent when the server is told to stop; it must still
 * be read to the end and answered before the server exits. */
static void
test_sigterm_finishes_requests (Fixture       *fx,
                                gconstpointer  data)
{
  static const char body[] = "{\"username\": \"admin\", \"password\": \"admin-demo\"}";
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gsize half = strlen (body) / 2;
  GSubprocess *process;

  if (skip_on_postgresql (fx, "the HTTP layer's, the same on both backends"))
    return;
  make_demo (fx);
  server = ld_test_server_spawn (fx->db_path, NULL);
  process = ld_test_server_get_process (server);
  connection = ld_test_connect (server);

  ld_test_write_json_head (connection, "POST", "/api/v1/sessions", strlen (body));
  ld_test_write_raw (connection, body, half);

  /* Told to stop only once it has read the first half; the rest goes a
   * moment after, most likely once the signal is handled. */
  ld_test_wait_server_read (connection);
  g_subprocess_send_signal (process, SIGTERM);
  g_usleep (200 * 1000);

  ld_test_write_raw (connection, body + half, strlen (body) - half);
  g_assert_cmpuint (ld_test_read_status (connection), ==, 201);

  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* A backup under way when the server is told to stop is finished, not cut
 * short: the server exits once the copy is made and checked, and the next
 * start lists it passed, with a copy that `check` reads as whole. (What a
 * SIGKILL leaves, a backup marked failed, is test-api-backups'.) */
static void
test_sigterm_finishes_backup (Fixture       *fx,
                              gconstpointer  data)
{
  g_autofree char *backups = g_build_filename (fx->dir, "backups", NULL);
  const char *extra[] = { "--config", fx->config, "--backup-dir", backups, NULL };
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(LdTestResponse) started = NULL;
  g_autoptr(LdTestResponse) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *out = NULL;
  JsonObject *backup;
  GSubprocess *process;

  make_demo (fx);
  server = ld_test_server_spawn (fx->db_path, extra);
  admin = ld_test_login (server, "admin", "admin-demo");
  started = ld_test_send_json (server, "POST", "/api/v1/backups", admin, "{}");
  ld_test_assert_status (started, 202);

  process = ld_test_server_get_process (server);
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_clear_pointer (&server, ld_test_server_free);

  server = ld_test_server_spawn (fx->db_path, extra);
  g_free (admin);
  admin = ld_test_login (server, "admin", "admin-demo");
  listed = ld_test_get (server, "/api/v1/backups", admin);
  ld_test_assert_status (listed, 200);
  backup =
    json_array_get_object_element (json_object_get_array_member (ld_test_response_object (listed),
                                                                 "items"),
                                   0);
  g_assert_cmpstr (json_object_get_string_member (backup, "id"), ==,
                   ld_test_response_get_string (started, "id"));
  g_assert_cmpstr (json_object_get_string_member (backup, "state"), ==, "passed");

  copy = g_build_filename (backups, json_object_get_string_member (backup, "file_name"), NULL);
  /* A pg_dump archive is checked once restored (test-api-backups-pg). */
  if (!is_postgresql (fx))
    {
      const char *args[] = { "check", "--db", copy, NULL };

      g_assert_cmpint (ld_test_run_server_command (args, &out, NULL), ==, 0);
      g_assert_nonnull (strstr (out, "database: ok"));
      g_assert_nonnull (strstr (out, "audit chain: ok"));
    }
  g_clear_pointer (&server, ld_test_server_free);
  ld_test_remove_tree (backups);
}

/* The configuration shipped in data/ must load as it is. */
static void
test_sample_config_loads (void)
{
  g_autofree char *path =
    g_test_build_filename (G_TEST_DIST, "..", "data", "labdesk-server.conf", NULL);
  g_autoptr(LdConfig) config = ld_config_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_config_load_file (config, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->listen_host, ==, "127.0.0.1");
  g_assert_cmpuint (config->port, ==, 8080);
  g_assert_cmpstr (config->db_path, ==, "/var/lib/labdesk/labdesk.db");
  g_assert_null (config->tls_certificate);
}

/* Writes @text as a configuration file in @dir and loads it. */
static LdConfig *
load_config_text (const char  *dir,
                  const char  *text,
                  GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "labdesk-server.conf", NULL);
  g_autoptr(LdConfig) config = ld_config_new ();
  g_autoptr(GError) local = NULL;

  g_file_set_contents (path, text, -1, &local);
  g_assert_no_error (local);
  if (!ld_config_load_file (config, path, error))
    return NULL;
  return g_steal_pointer (&config);
}

/* [gateway]: key-id and key-secret-file switch it on, the rest defaults to
 * Razorpay's; the webhook secret may be in either group, not both. */
static void
test_gateway_config (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("labdesk-config-XXXXXX", &error);
  g_autofree char *secret_path = g_build_filename (dir, "key-secret", NULL);
  g_autofree char *webhook_path = g_build_filename (dir, "webhook-secret", NULL);
  g_autofree char *full = NULL;
  g_autofree char *defaults = NULL;
  g_autofree char *twice = NULL;
  g_autoptr(LdConfig) config = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (secret_path, "s3cret\n", -1, NULL));
  g_assert_true (g_file_set_contents (webhook_path, "hook-secret\n", -1, NULL));

  /* No group: no gateway, as before. */
  config = load_config_text (dir, "[server]\npayment-webhook-secret=old\n", &error);
  g_assert_no_error (error);
  g_assert_null (config->gateway);
  g_assert_cmpstr (config->webhook_secret, ==, "old");
  g_clear_pointer (&config, ld_config_free);

  full = g_strdup_printf ("[gateway]\nbase-url=http://127.0.0.1:9/\nkey-id=rzp_test_1\n"
                          "key-secret-file=%s\nwebhook-secret-file=%s\n"
                          "checkout-script-url=http://127.0.0.1:9/v1/checkout.js\n",
                          secret_path, webhook_path);
  config = load_config_text (dir, full, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config->gateway);
  g_assert_cmpstr (config->gateway->base_url, ==, "http://127.0.0.1:9/");
  g_assert_cmpstr (config->gateway->key_id, ==, "rzp_test_1");
  g_assert_cmpstr (config->gateway->key_secret, ==, "s3cret");
  g_assert_cmpstr (config->webhook_secret, ==, "hook-secret");
  g_clear_pointer (&config, ld_config_free);

  defaults = g_strdup_printf ("[gateway]\nkey-id=rzp_live_1\nkey-secret-file=%s\n", secret_path);
  config = load_config_text (dir, defaults, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->gateway->base_url, ==, "https://api.razorpay.com");
  g_assert_cmpstr (config->gateway->checkout_script_url, ==,
                   "https://checkout.razorpay.com/v1/checkout.js");
  g_clear_pointer (&config, ld_config_free);

  twice = g_strdup_printf ("[server]\npayment-webhook-secret=old\n[gateway]\n"
                           "webhook-secret-file=%s\n", webhook_path);
  g_assert_null (load_config_text (dir, twice, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (load_config_text (dir, "[gateway]\nkey-id=rzp_test_1\n", &error));
  g_assert_nonnull (strstr (error->message, "both key-id and key-secret-file"));
  g_clear_error (&error);
  g_assert_null (load_config_text (dir, "[gateway]\nkey-secret=inline\n", &error));
  g_assert_nonnull (strstr (error->message, "unknown key"));
  g_clear_error (&error);

  ld_test_remove_tree (dir);
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
  ADD ("/server/cli/check-names-truncated-head", test_check_names_truncated_head);
  ADD ("/server/cli/check-recounts-counters", test_check_recounts_counters);
  ADD ("/server/cli/files-are-private-and-backups-restore",
       test_files_are_private_and_backups_restore);
  ADD ("/server/cli/newer-schema-is-refused", test_newer_schema_is_refused);
  ADD ("/server/cli/config-file", test_config_file);
  ADD ("/server/cli/tls", test_tls);
  ADD ("/server/cli/sigterm-finishes-requests", test_sigterm_finishes_requests);
  ADD ("/server/cli/sigterm-finishes-backup", test_sigterm_finishes_backup);
#undef ADD
  g_test_add_func ("/server/cli/sample-config-loads", test_sample_config_loads);
  g_test_add_func ("/server/cli/gateway-config", test_gateway_config);

  return g_test_run ();
}

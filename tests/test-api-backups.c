/* test-api-backups.c: backups started over HTTP by the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "ld-test-http.h"
#include "ld-test-pg.h"
#include "ld-server.h"
#include "store/ld-store.h"
#include "store/ld-store-dump-pg.h"

/* A backup takes a second or two here; this only stops a hang. */
#define BACKUP_GUARD_US (300 * G_USEC_PER_SEC)

typedef struct
{
  LdTestServer *server;
  char         *admin;
} Fixture;

static void
setup (Fixture       *fx,
       gconstpointer  data)
{
  fx->server = ld_test_server_new_with_backups ();
  fx->admin = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
}

static void
teardown (Fixture       *fx,
          gconstpointer  data)
{
  g_clear_pointer (&fx->admin, g_free);
  g_clear_pointer (&fx->server, ld_test_server_free);
}

static LdTestResponse *
start_backup (Fixture *fx)
{
  return ld_test_send_json (fx->server, "POST", "/api/v1/backups", fx->admin, "{}");
}

/* The backup @id as GET /api/v1/backups lists it, once it is no longer
 * running. */
static JsonObject *
wait_backup (Fixture    *fx,
             const char *id)
{
  gint64 guard = g_get_monotonic_time () + BACKUP_GUARD_US;

  for (;;)
    {
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, "/api/v1/backups", fx->admin);
      JsonArray *items;

      ld_test_assert_status (resp, 200);
      items = json_object_get_array_member (ld_test_response_object (resp), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);

          if (g_str_equal (json_object_get_string_member (item, "id"), id) &&
              !g_str_equal (json_object_get_string_member (item, "state"), "running"))
            return json_object_ref (item);
        }
      g_assert_cmpint (g_get_monotonic_time (), <, guard);
      g_usleep (G_USEC_PER_SEC / 50);
    }
}

static char *
take_backup (Fixture *fx)
{
  g_autoptr(LdTestResponse) resp = start_backup (fx);

  ld_test_assert_status (resp, 202);
  g_assert_cmpstr (ld_test_response_get_string (resp, "state"), ==, "running");
  return g_strdup (ld_test_response_get_string (resp, "id"));
}

/* With LABDESK_TEST_DB=postgresql (the -pg tests) the fixture's server is
 * on PostgreSQL, and a backup is a pg_dump archive, not a SQLite file. */
static gboolean
on_postgresql (Fixture *fx)
{
  return ld_store_location_is_postgresql (ld_test_server_get_db_path (fx->server));
}

/* A configuration file naming an audit key and head, as `check` and
 * `backup` on PostgreSQL need them. */
static char *
write_seal_config (const char *dir,
                   const char *base_path)
{
  g_autofree char *text = g_strdup_printf ("[server]\naudit-key=%s.audit-key\n"
                                           "audit-head=%s.audit-head\n", base_path, base_path);
  g_autofree char *name = g_strdup_printf ("seal-%u.conf", g_random_int ());
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* Restores the dump at @path as the README says: pg_restore into a new,
 * empty database. Returns that database's URI. */
static char *
restore_dump (const char *path)
{
  g_autofree char *name = ld_test_pg_create_database (NULL);
  char *uri = ld_test_pg_dup_uri (name);
  const char *argv[] = { "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                         "--single-transaction", "--dbname", uri, path, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("pg_restore failed: %s", err);
  return uri;
}

/* `labdesk-server check` on a restored copy, with the audit files written
 * beside the backup at @backup_path: its exit status, and its output. */
static int
check_restored (const char  *uri,
                const char  *backup_path,
                const char  *tmpdir,
                char       **out_stdout)
{
  g_autofree char *config = write_seal_config (tmpdir, backup_path);
  const char *args[] = { "check", "--db", uri, "--config", config, NULL };

  return ld_test_run_server_command (args, out_stdout, NULL);
}

typedef struct
{
  LdTestServer *server;
  char         *token;
  gint          stop;
  gint          written;
} Writer;

/* Another desk, registering patients as fast as the server takes them. */
static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;

  while (!g_atomic_int_get (&writer->stop))
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"Writer Number %d\", \"sex\": \"male\","
                                               " \"age_years\": 40}",
                                               g_atomic_int_get (&writer->written));
      g_autoptr(LdTestResponse) resp = ld_test_send_json (writer->server, "POST",
                                                           "/api/v1/patients", writer->token, body);

      ld_test_assert_status (resp, 201);
      g_atomic_int_inc (&writer->written);
    }
  return NULL;
}

/* Taken while another client writes, the copy passes the same check as
 * `labdesk-server backup`'s, opens with the store, and holds the patients
 * written before it started. */
static void
test_backup_while_others_write (Fixture       *fx,
                                gconstpointer  data)
{
  Writer writer = { fx->server, NULL, 0, 0 };
  g_autoptr(GThread) thread = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) copy = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *copy_location = NULL;
  gint64 patients_before, patients_after, patients_copied;
  gint written_at_start;
  GStatBuf info;

  /* Large enough that copying and checking take a while. */
  ld_test_server_append_audit_events (fx->server, 30000);
  writer.token = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  thread = g_thread_new ("writer", writer_thread, &writer);
  while (g_atomic_int_get (&writer.written) < 3)
    g_thread_yield ();

  patients_before = ld_test_server_query_int (fx->server, "SELECT count(*) FROM patients");
  written_at_start = g_atomic_int_get (&writer.written);
  id = take_backup (fx);
  done = wait_backup (fx, id);
  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (g_steal_pointer (&thread));
  patients_after = ld_test_server_query_int (fx->server, "SELECT count(*) FROM patients");

  g_assert_cmpstr (json_object_get_string_member (done, "state"), ==, "passed");
  g_assert_true (json_object_get_null_member (done, "problem") ||
                 json_object_get_member (done, "problem") == NULL ||
                 JSON_NODE_HOLDS_NULL (json_object_get_member (done, "problem")));
  /* The other desk went on writing while the backup ran. */
  g_assert_cmpint (g_atomic_int_get (&writer.written), >, written_at_start);

  path = g_build_filename (ld_test_server_get_backup_dir (fx->server),
                           json_object_get_string_member (done, "file_name"), NULL);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (json_object_get_int_member (done, "size_bytes"), ==, info.st_size);
  g_assert_cmpint (info.st_mode & 0077, ==, 0);

  if (on_postgresql (fx))
    {
      g_autofree char *out = NULL;

      /* Restored as the README says, it holds the same and passes check. */
      g_assert_true (g_str_has_suffix (path, ".dump"));
      copy_location = restore_dump (path);
      g_assert_cmpint (check_restored (copy_location, path,
                                       ld_test_server_get_tmpdir (fx->server), &out), ==, 0);
      g_assert_nonnull (strstr (out, "database: ok"));
      g_assert_nonnull (strstr (out, "audit chain: ok"));
    }
  else
    {
      g_assert_true (g_str_has_suffix (path, ".db"));
      g_assert_true (ld_store_check_backup (path, &problem, &error));
      g_assert_no_error (error);
      g_assert_null (problem);
      copy_location = g_strdup (path);
    }
  patients_copied = ld_test_query_int (copy_location, "SELECT count(*) FROM patients");
  g_assert_cmpint (patients_copied, >=, patients_before);
  g_assert_cmpint (patients_copied, <=, patients_after);
  g_assert_cmpint (ld_test_query_int (copy_location, "SELECT count(*) FROM audit_events"
                                                     " WHERE action = 'test.write'"),
                   ==, 30000);
  copy = ld_store_open_existing (copy_location, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);

  /* Audited: started and finished, as the administrator. */
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"
                                             " WHERE action IN ('backup.start', 'backup.finish')"
                                             " AND username = 'admin' AND entity = 'backup'"),
                   ==, 2);
  g_free (writer.token);
}

/* One at a time: a second start while the first runs is refused and
 * starts nothing. */
static void
test_second_start_refused (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) done = NULL;

  /* Large enough that copying and checking take a while. */
  ld_test_server_append_audit_events (fx->server, 30000);
  id = take_backup (fx);

  {
    g_autoptr(LdTestResponse) again = start_backup (fx);
    g_autoptr(LdTestResponse) list = NULL;

    ld_test_assert_error (again, 409, "conflict");
    g_assert_cmpstr (ld_test_response_get_string (again, "reason"), ==, "backup_running");
    list = ld_test_get (fx->server, "/api/v1/backups", fx->admin);
    g_assert_cmpint (json_array_get_length (
                       json_object_get_array_member (ld_test_response_object (list), "items")),
                     ==, 1);
  }

  done = wait_backup (fx, id);
  g_assert_cmpstr (json_object_get_string_member (done, "state"), ==, "passed");
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"
                                                         " WHERE action = 'backup.start'"),
                   ==, 1);
}

/* After each backup that passes, the oldest beyond backup_keep go, their
 * files with them; the newest stay. */
static void
test_retention (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  {
    g_autoptr(LdTestResponse) resp =
                 ld_test_send_json (fx->server, "PATCH", "/api/v1/settings", fx->admin,
                                    "{\"version\": 1, \"backup_keep\": 2}");
    ld_test_assert_status (resp, 200);
  }

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = take_backup (fx);
      g_autoptr(JsonObject) done = wait_backup (fx, id);

      g_assert_cmpstr (json_object_get_string_member (done, "state"), ==, "passed");
      g_ptr_array_add (names, g_strdup (json_object_get_string_member (done, "file_name")));
    }

  {
    g_autoptr(LdTestResponse) list = ld_test_get (fx->server, "/api/v1/backups", fx->admin);
    JsonArray *items = json_object_get_array_member (ld_test_response_object (list), "items");

    g_assert_cmpint (json_array_get_length (items), ==, 2);
    /* Newest first. */
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                    "file_name"), ==, names->pdata[3]);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1),
                                                    "file_name"), ==, names->pdata[2]);
  }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path =
        g_build_filename (ld_test_server_get_backup_dir (fx->server), names->pdata[i], NULL);
      g_autofree char *key = g_strconcat (path, ".audit-key", NULL);

      g_assert_cmpint (g_file_test (path, G_FILE_TEST_EXISTS), ==, i >= 2);
      g_assert_cmpint (g_file_test (key, G_FILE_TEST_EXISTS), ==, i >= 2);
    }
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"
                                                         " WHERE action = 'backup.remove'"),
                   ==, 2);
}

/* backup_keep is validated like every setting. */
static void
test_keep_setting_validated (Fixture       *fx,
                             gconstpointer  data)
{
  const char *bad[] = { "0", "1001", "\"two\"", "2.5" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"version\": 1, \"backup_keep\": %s}", bad[i]);
      g_autoptr(LdTestResponse) resp =
                   ld_test_send_json (fx->server, "PATCH", "/api/v1/settings", fx->admin, body);

      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_field_error (resp, "backup_keep"));
    }

  {
    g_autoptr(LdTestResponse) settings = ld_test_get (fx->server, "/api/v1/settings", fx->admin);

    g_assert_cmpint (ld_test_response_get_int (settings, "backup_keep"), ==, 14);
  }
}

/* Admin only; bad bodies and parameters refused; none of it changes
 * anything. */
/* A backup that cannot be written (its directory is a file) is recorded
 * as failed, with the reason, and audited so; it does not count as one
 * kept, and the next, once the directory can be made, passes. */
static void
test_failed_backup_recorded (Fixture       *fx,
                             gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (ld_test_server_get_tmpdir (fx->server), "backups",
                                           NULL);
  g_autofree char *failed_id = NULL;
  g_autofree char *passed_id = NULL;
  g_autoptr(JsonObject) failed = NULL;
  g_autoptr(JsonObject) passed = NULL;
  g_autoptr(GError) error = NULL;

  ld_test_remove_tree (dir);
  g_assert_true (g_file_set_contents (dir, "not a directory", -1, &error));
  g_assert_no_error (error);

  failed_id = take_backup (fx);
  failed = wait_backup (fx, failed_id);
  g_assert_cmpstr (json_object_get_string_member (failed, "state"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (failed, "problem"),
                            "The backup directory could not be made"));
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"
                                                         " WHERE action = 'backup.finish'"
                                                         " AND detail LIKE '%failed%'"),
                   ==, 1);

  g_assert_cmpint (g_unlink (dir), ==, 0);
  passed_id = take_backup (fx);
  passed = wait_backup (fx, passed_id);
  g_assert_cmpstr (json_object_get_string_member (passed, "state"), ==, "passed");
  g_assert_true (json_object_get_null_member (passed, "problem"));
}

static void
test_refusals (Fixture       *fx,
               gconstpointer  data)
{
  const char *roles[][2] = {
    { "reception", LD_TEST_RECEPTION_PASSWORD },
    { "doctor", LD_TEST_DOCTOR_PASSWORD },
    { "technician", LD_TEST_TECHNICIAN_PASSWORD },
  };
  const char *bodies[] = { "{\"now\": true}", "[]", "{", "\"x\"" };
  gint64 events = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *token = ld_test_login (fx->server, roles[i][0], roles[i][1]);
      g_autoptr(LdTestResponse) post =
                   ld_test_send_json (fx->server, "POST", "/api/v1/backups", token, "{}");
      g_autoptr(LdTestResponse) get = ld_test_get (fx->server, "/api/v1/backups", token);

      ld_test_assert_error (post, 403, "forbidden");
      ld_test_assert_error (get, 403, "forbidden");
    }
  events = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");

  {
    g_autoptr(LdTestResponse) post =
                 ld_test_send_json (fx->server, "POST", "/api/v1/backups", NULL, "{}");
    g_autoptr(LdTestResponse) get = ld_test_get (fx->server, "/api/v1/backups", NULL);

    ld_test_assert_error (post, 401, "unauthorized");
    ld_test_assert_error (get, 401, "unauthorized");
  }

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(LdTestResponse) resp =
                   ld_test_send_json (fx->server, "POST", "/api/v1/backups", fx->admin, bodies[i]);

      ld_test_assert_error (resp, 400, "bad_request");
    }

  {
    g_autoptr(LdTestResponse) resp =
                 ld_test_get (fx->server, "/api/v1/backups?limit=3", fx->admin);

    ld_test_assert_error (resp, 400, "bad_request");
    g_assert_nonnull (ld_test_response_get_field_error (resp, "limit"));
  }

  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM backups"), ==, 0);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"),
                   ==, events);
  g_assert_false (g_file_test (ld_test_server_get_backup_dir (fx->server), G_FILE_TEST_EXISTS));
}

/* Without backup-dir in the configuration: refused with words saying how
 * to set it, and the list says so. */
static void
test_not_configured (LdTestFixture *fx,
                     gconstpointer  data)
{
  g_autoptr(LdTestResponse) post =
               ld_test_send_json (fx->server, "POST", "/api/v1/backups", fx->admin, "{}");
  g_autoptr(LdTestResponse) list = ld_test_get (fx->server, "/api/v1/backups", fx->admin);

  ld_test_assert_error (post, 409, "conflict");
  g_assert_cmpstr (ld_test_response_get_string (post, "reason"), ==, "backups_not_configured");
  g_assert_nonnull (strstr (ld_test_response_get_string (post, "error.message"), "backup-dir"));

  ld_test_assert_status (list, 200);
  g_assert_false (json_object_get_boolean_member (ld_test_response_object (list), "configured"));
  g_assert_cmpint (json_array_get_length (
                     json_object_get_array_member (ld_test_response_object (list), "items")),
                   ==, 0);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"
                                                         " WHERE action LIKE 'backup.%'"),
                   ==, 0);
}

/* A PostgreSQL-only case: on SQLite it is skipped (FALSE). Otherwise the
 * configuration naming the live database's audit files, where the
 * fixture keeps them, and where its dump goes. */
static gboolean
begin_dump_case (Fixture  *fx,
                 char    **out_config,
                 char    **out_path)
{
  const char *tmpdir;
  g_autofree char *live_base = NULL;

  if (!on_postgresql (fx))
    {
      g_test_skip ("A PostgreSQL backup (LABDESK_TEST_DB=postgresql)");
      return FALSE;
    }
  tmpdir = ld_test_server_get_tmpdir (fx->server);
  live_base = g_build_filename (tmpdir, "labdesk.db", NULL);
  *out_config = write_seal_config (tmpdir, live_base);
  *out_path = g_build_filename (tmpdir, "lab.dump", NULL);
  return TRUE;
}

/* `labdesk-server backup --db postgresql://… FILE`, as a lab's IT person
 * runs it beside a running server: a pg_dump archive and the audit files,
 * private, no partial file left; restored into an empty database it holds
 * what the lab's does and passes `check`, which finds an event altered in
 * it afterwards. */
static void
test_cli_dump_restores (Fixture       *fx,
                        gconstpointer  data)
{
  static const char * const tables[] = { "patients", "orders", "payments", "users",
                                         "audit_events", "changes", "backups" };
  const char *tmpdir;
  g_autofree char *config = NULL;
  g_autofree char *path = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *checked = NULL;
  GStatBuf info;

  if (!begin_dump_case (fx, &config, &path))
    return;
  tmpdir = ld_test_server_get_tmpdir (fx->server);
  partial = g_strconcat (path, ".partial", NULL);
  ld_test_server_append_audit_events (fx->server, 500);
  {
    g_autofree char *token = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
    g_autoptr(LdTestResponse) resp = ld_test_send_json (fx->server, "POST", "/api/v1/patients",
                                                        token, "{\"name\": \"Asha Rao\","
                                                        " \"sex\": \"female\", \"age_years\": 34}");

    ld_test_assert_status (resp, 201);
  }

  {
    const char *args[] = { "backup", "--db", ld_test_server_get_db_path (fx->server),
                           "--config", config, path, NULL };

    g_assert_cmpint (ld_test_run_server_command (args, &out, &err), ==, 0);
  }
  g_assert_nonnull (strstr (out, "checked"));
  g_assert_nonnull (strstr (out, "pg_restore"));
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0077, ==, 0);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *file = g_strconcat (path, i == 0 ? ".audit-key" : ".audit-head", NULL);

      g_assert_cmpint (g_stat (file, &info), ==, 0);
      g_assert_cmpint (info.st_mode & 0077, ==, 0);
    }

  uri = restore_dump (path);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);

      g_assert_cmpint (ld_test_query_int (uri, sql), ==,
                       ld_test_server_query_int (fx->server, sql));
    }
  g_assert_cmpint (ld_test_query_int (uri, "SELECT count(*) FROM patients"
                                           " WHERE name = 'Asha Rao'"),
                   ==, 1);
  g_assert_cmpint (ld_test_query_int (uri, "SELECT max(seq) FROM audit_events"), ==,
                   ld_test_server_query_int (fx->server, "SELECT max(seq) FROM audit_events"));

  g_assert_cmpint (check_restored (uri, path, tmpdir, &checked), ==, 0);
  g_assert_nonnull (strstr (checked, "database: ok"));
  g_assert_nonnull (strstr (checked, "audit chain: ok"));
  g_clear_pointer (&checked, g_free);

  ld_test_pg_exec (uri, "UPDATE audit_events SET detail = 'altered' WHERE seq = 3");
  g_assert_cmpint (check_restored (uri, path, tmpdir, &checked), ==, 1);
  g_assert_nonnull (strstr (checked, "audit chain: BROKEN at event 3 ("));
}

/* A failed backup leaves nothing at @path: no dump, no half-written
 * one, no audit files beside it. */
static void
assert_no_backup_at (const char *path)
{
  const char *suffixes[] = { "", ".partial", ".audit-key", ".audit-head" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
    }
}

/* Without pg_dump on the PATH the backup says what to install, and leaves
 * no file behind. */
static void
test_cli_without_pg_dump (Fixture       *fx,
                          gconstpointer  data)
{
  const char *tmpdir;
  g_autofree char *config = NULL;
  g_autofree char *path = NULL;
  g_autofree char *empty_dir = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (!begin_dump_case (fx, &config, &path))
    return;
  tmpdir = ld_test_server_get_tmpdir (fx->server);
  empty_dir = g_build_filename (tmpdir, "no-programs", NULL);
  g_assert_cmpint (g_mkdir (empty_dir, 0700), ==, 0);

  launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "PATH", empty_dir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("LABDESK_SERVER"), "backup",
                                         "--db", ld_test_server_get_db_path (fx->server),
                                         "--config", config, path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "pg_dump was not found"));
  g_assert_nonnull (strstr (err, "postgresql-client"));

  assert_no_backup_at (path);
}

/* A pg_dump that fails, here for a role that may not read the lab's
 * tables, fails the backup with what pg_dump said, and leaves no file. */
static void
test_cli_pg_dump_fails (Fixture       *fx,
                        gconstpointer  data)
{
  const char *location;
  g_autofree char *config = NULL;
  g_autofree char *path = NULL;
  g_autofree char *role = NULL;
  g_autofree char *grant = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!begin_dump_case (fx, &config, &path))
    return;
  location = ld_test_server_get_db_path (fx->server);
  g_assert_true (g_str_has_prefix (location, "postgresql://labdesk@"));

  /* Enough to open the store and read the chain's head, not to dump. */
  role = g_strdup_printf ("reader_%d", (int) getpid ());
  grant = g_strdup_printf ("CREATE ROLE %s LOGIN;"
                           " GRANT SELECT ON schema_version, audit_events TO %s", role, role);
  ld_test_pg_exec (location, grant);
  uri = g_strdup_printf ("postgresql://%s@%s", role,
                         location + strlen ("postgresql://labdesk@"));

  {
    const char *args[] = { "backup", "--db", uri, "--config", config, path, NULL };

    g_assert_cmpint (ld_test_run_server_command (args, &out, &err), ==, 1);
  }
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "pg_dump failed (exit status 1)"));
  g_assert_nonnull (strstr (err, "permission denied"));
  assert_no_backup_at (path);
}

/* pg_dump's command line, which `ps` shows every user of the machine,
 * carries the connection without its password; the password goes apart,
 * into its environment. A secret libpq reads from no environment variable
 * is refused. */
static void
test_dump_conninfo_hides_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *refused = NULL;

  conninfo = ld_store_pg_dup_dump_conninfo ("postgresql://lab:s3cr%27t@db.example:5433/labdesk"
                                            "?sslmode=require&application_name=it%20desk",
                                            &password, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cr't");
  g_assert_null (strstr (conninfo, "s3cr"));
  g_assert_null (strstr (conninfo, "password"));
  g_assert_nonnull (strstr (conninfo, "user='lab'"));
  g_assert_nonnull (strstr (conninfo, "host='db.example'"));
  g_assert_nonnull (strstr (conninfo, "port='5433'"));
  g_assert_nonnull (strstr (conninfo, "dbname='labdesk'"));
  g_assert_nonnull (strstr (conninfo, "sslmode='require'"));
  g_assert_nonnull (strstr (conninfo, "application_name='it desk'"));
  g_clear_pointer (&password, g_free);
  g_clear_pointer (&conninfo, g_free);

  conninfo = ld_store_pg_dup_dump_conninfo ("postgresql:///labdesk?host=/run/postgresql"
                                            "&password=other", &password, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "other");
  g_assert_null (strstr (conninfo, "other"));
  g_clear_pointer (&password, g_free);
  g_clear_pointer (&conninfo, g_free);

  conninfo =
    ld_store_pg_dup_dump_conninfo ("postgresql:///labdesk?host=/run/postgresql", &password, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_assert_cmpstr (conninfo, ==, "dbname='labdesk' host='/run/postgresql'");

  refused =
    ld_store_pg_dup_dump_conninfo ("postgresql:///labdesk?sslpassword=k3y", &password, &error);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO);
  g_assert_null (refused);
  g_assert_null (strstr (error->message, "k3y"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ((path), Fixture, NULL, setup, (func), teardown)
  ADD ("/server/backups/while-others-write", test_backup_while_others_write);
  ADD ("/server/backups/second-start-refused", test_second_start_refused);
  ADD ("/server/backups/retention", test_retention);
  ADD ("/server/backups/keep-setting-validated", test_keep_setting_validated);
  ADD ("/server/backups/failed-recorded", test_failed_backup_recorded);
  ADD ("/server/backups/refusals", test_refusals);
  ADD ("/server/backups/cli-dump-restores", test_cli_dump_restores);
  ADD ("/server/backups/cli-without-pg-dump", test_cli_without_pg_dump);
  ADD ("/server/backups/cli-pg-dump-fails", test_cli_pg_dump_fails);
  LD_TEST_ADD ("/server/backups/not-configured", test_not_configured);
#undef ADD
  g_test_add_func ("/server/backups/dump-conninfo-hides-password",
                   test_dump_conninfo_hides_password);

  return g_test_run ();
}

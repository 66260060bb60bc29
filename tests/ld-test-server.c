/* ld-test-server.c: a real labdesk server on a loopback port, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As libsoup's own tests and GNOME Calendar's do: the server runs in its
 * own thread with its own GMainContext, so a test can drive it with
 * synchronous HTTP calls (or spin its own main context for a GUI) without
 * deadlocking. The store belongs to that thread, as in production.
 */

#define G_LOG_DOMAIN "ld-test-server"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "ld-sqlite.h"
#include "ld-test-log.h"
#include "ld-test-pg.h"
#include "ld-test-server.h"
#include "ld-seed.h"
#include "ld-server.h"
#include "domain/ld-audit.h"
#include "domain/ld-password.h"
#include "store/ld-db-pg.h"
#include "store/ld-db-sqlite.h"
#include "store/ld-store.h"

struct _LdTestServer
{
  char         *tmpdir;
  /* A SQLite file, or on PostgreSQL the database's URI. */
  char         *db_path;
  /* On PostgreSQL: the fixture's own database, dropped with it. */
  char         *pg_database;
  /* Where POST /api/v1/backups writes, when the test asked for backups. */
  char         *backup_dir;
  /* (nullable): the payment gateway the server is to use. */
  LdGatewayConfig *gateway;
  /* ld_test_server_get_config_path()'s file, once made. */
  char         *config_path;
  char         *uri;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  LdServer     *server;
  GSubprocess  *process;
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
};

/* The files of a database: the audit key and head go with it. On
 * PostgreSQL the database is not a file, and only they are. */
static const char * const template_suffixes[] = { ".audit-key", ".audit-head", "" };
#define N_PG_FILES 2

/* LABDESK_TEST_DB=postgresql runs every fixture server on a database of
 * its own in a PostgreSQL cluster that the test process starts
 * (ld-test-pg.c); otherwise, and by default, on a SQLite file. */
static gboolean
use_postgresql (void)
{
  return g_strcmp0 (g_getenv ("LABDESK_TEST_DB"), "postgresql") == 0;
}

typedef struct
{
  GPtrArray *files;
  /* On PostgreSQL: the seeded database that each fixture's is copied from. */
  char      *pg_database;
} Template;

static char *
audit_file_path (const char *db_path,
                 const char *suffix)
{
  return g_strconcat (db_path, suffix, NULL);
}

/* Seeding hashes five Argon2id passwords; do it once per test binary and
 * keep the closed (fully checkpointed) files' bytes for every fixture; on
 * PostgreSQL, keep the database as a template to copy. */
static Template *
make_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("labdesk-template-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *location = NULL;
  Template *template = g_new0 (Template, 1);
  guint n_files = G_N_ELEMENTS (template_suffixes);

  template->files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_assert_no_error (error);
  path = g_build_filename (tmpdir, "template.db", NULL);
  g_assert_true (ld_password_init (&error));

  if (use_postgresql ())
    {
      template->pg_database = ld_test_pg_create_database (NULL);
      location = ld_test_pg_dup_uri (template->pg_database);
      n_files = N_PG_FILES;
    }
  else
    location = g_strdup (path);

  {
    g_autofree char *key_path = audit_file_path (path, ".audit-key");
    g_autofree char *head_path = audit_file_path (path, ".audit-head");
    g_autoptr(LdStore) store = ld_store_open_sealed (location, key_path, head_path, &error);

    g_assert_no_error (error);
    g_assert_true (ld_seed_demo (store, LD_SEED_TEST_TAX, &error));
    g_assert_no_error (error);
  }

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *file = g_strconcat (path, template_suffixes[i], NULL);
      char *contents = NULL;
      gsize length;

      g_file_get_contents (file, &contents, &length, &error);
      g_assert_no_error (error);
      g_ptr_array_add (template->files, g_bytes_new_take (contents, length));
    }
  ld_test_remove_tree (tmpdir);

  return template;
}

static Template *
get_template (void)
{
  static gsize template;

  if (g_once_init_enter (&template))
    g_once_init_leave (&template, (gsize) make_template ());

  return (Template *) template;
}

static gpointer
server_thread (gpointer data)
{
  LdTestServer *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdConfig) config = ld_config_new ();

  g_main_context_push_thread_default (self->context);

  g_free (config->db_path);
  config->db_path = g_strdup (self->db_path);
  if (self->pg_database != NULL)
    {
      /* Where SQLite's default puts them, beside the database file. */
      g_autofree char *base = g_build_filename (self->tmpdir, "labdesk.db", NULL);

      config->audit_key_path = audit_file_path (base, ".audit-key");
      config->audit_head_path = audit_file_path (base, ".audit-head");
    }
  config->webhook_secret = g_strdup (LD_TEST_WEBHOOK_SECRET);
  config->backup_dir = g_strdup (self->backup_dir);
  config->gateway = ld_gateway_config_copy (self->gateway);
  g_assert_true (ld_config_set_listen (config, "127.0.0.1:0", &error));

  self->server = ld_server_new (config, &error);
  g_assert_no_error (error);
  g_assert_true (ld_server_listen (self->server, &error));
  g_assert_no_error (error);

  {
    g_autofree char *uri = ld_server_dup_uri (self->server);

    /* Without the trailing slash, so tests write "%s/api/v1/…". */
    if (g_str_has_suffix (uri, "/"))
      uri[strlen (uri) - 1] = '\0';
    self->uri = g_steal_pointer (&uri);
  }

  g_mutex_lock (&self->mutex);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_main_loop_run (self->loop);

  /* As `serve` does at a shutdown: a request waiting for the log's sync
   * (group commit) holds the server until it is answered, in moments. */
  ld_server_stop_accepting (self->server);
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (ld_server_get_in_flight (self->server) > 0 && g_get_monotonic_time () < deadline)
      if (!g_main_context_iteration (self->context, FALSE))
        g_usleep (1000);
  }
  g_assert_finalize_object (g_steal_pointer (&self->server));
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static LdTestServer *
start (char            *tmpdir,
       char            *db_path,
       char            *pg_database,
       char            *backup_dir,
       LdGatewayConfig *gateway)
{
  LdTestServer *self = g_new0 (LdTestServer, 1);

  ld_test_log_quiet ();
  self->tmpdir = tmpdir;
  self->db_path = db_path;
  self->pg_database = pg_database;
  self->backup_dir = backup_dir;
  self->gateway = gateway;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);

  self->thread = g_thread_new ("ld-test-server", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  return self;
}

static LdTestServer *
new_seeded (gboolean               with_backups,
            const LdGatewayConfig *gateway)
{
  g_autoptr(GError) error = NULL;
  Template *template = get_template ();
  char *pg_database = NULL;
  char *tmpdir;
  char *db_path;

  tmpdir = g_dir_make_tmp ("labdesk-test-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (tmpdir, "labdesk.db", NULL);

  for (guint i = 0; i < template->files->len; i++)
    {
      g_autofree char *file = g_strconcat (db_path, template_suffixes[i], NULL);
      GBytes *bytes = g_ptr_array_index (template->files, i);

      g_file_set_contents_full (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                G_FILE_SET_CONTENTS_NONE, 0600, &error);
      g_assert_no_error (error);
    }

  if (template->pg_database != NULL)
    {
      pg_database = ld_test_pg_create_database (template->pg_database);
      g_free (db_path);
      db_path = ld_test_pg_dup_uri (pg_database);
    }

  return start (tmpdir, db_path, pg_database,
                with_backups ? g_build_filename (tmpdir, "backups", NULL) : NULL,
                ld_gateway_config_copy (gateway));
}

LdTestServer *
ld_test_server_new (void)
{
  return new_seeded (FALSE, NULL);
}

LdTestServer *
ld_test_server_new_with_backups (void)
{
  return new_seeded (TRUE, NULL);
}

LdTestServer *
ld_test_server_new_with_gateway (const LdGatewayConfig *gateway)
{
  return new_seeded (FALSE, gateway);
}

const char *
ld_test_server_get_backup_dir (LdTestServer *self)
{
  return self->backup_dir;
}

typedef struct
{
  LdTestServer *server;
  guint         n;
} Append;

static gboolean
append_events (gpointer data)
{
  Append *append = data;
  LdStore *store = ld_server_get_store (ld_test_server_get_server (append->server));
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(GError) error = NULL;

  ld_store_transaction_begin (&txn, store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < append->n; i++)
    {
      g_autoptr(LdAuditEvent) event = ld_audit_event_new ();

      event->action = g_strdup ("test.write");
      event->entity = g_strdup ("test");
      ld_store_audit_append (store, event, &error);
      g_assert_no_error (error);
    }
  ld_store_transaction_commit (&txn, &error);
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

/* On the server's thread: @n audit events ("test.write") with their MACs,
 * as requests append them, in one transaction; a long chain to check or a
 * large database to copy. */
void
ld_test_server_append_audit_events (LdTestServer *self,
                                    guint         n)
{
  Append append = { self, n };

  ld_test_server_invoke (self, append_events, &append);
}

LdTestServer *
ld_test_server_new_for_path (const char *db_path)
{
  return start (NULL, g_strdup (db_path), NULL, NULL, NULL);
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
ld_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        ld_test_remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

char *
ld_test_dir_make_tmp_in_memory (const char *name_template)
{
  g_autoptr(GError) error = NULL;
  char *dir;

  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0)
    {
      dir = g_build_filename ("/dev/shm", name_template, NULL);
      if (g_mkdtemp (dir) != NULL)
        return dir;
      g_free (dir);
    }
  dir = g_dir_make_tmp (name_template, &error);
  g_assert_no_error (error);
  return dir;
}

/**
 * ld_test_env_number:
 * @name: an environment variable, such as a generated test's seed
 * @fallback: the number when it is unset or empty
 *
 * Returns: the variable's number, so that a seeded run can be repeated
 */
guint64
ld_test_env_number (const char *name,
                    guint64     fallback)
{
  const char *text = g_getenv (name);

  return text != NULL && *text != '\0' ? g_ascii_strtoull (text, NULL, 10) : fallback;
}

static const char *
server_binary (void)
{
  const char *path = g_getenv ("LABDESK_SERVER");

  g_assert_nonnull (path);
  return path;
}

/* In a spawned server (or other child of a test), before exec: it dies
 * with the test. A test that aborts (a failed assertion, a hang guard)
 * would otherwise leave its server running, and the server holds the
 * test's output pipe, so meson waits for it forever. A
 * GSubprocessLauncher's child setup, with the test's getpid(). */
void
ld_test_die_with_parent (gpointer parent_pid)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != GPOINTER_TO_INT (parent_pid))
    _exit (1);
}

static LdTestServer *
spawn (const char         *db_path,
       const char * const *extra_args,
       const char         *stderr_path)
{
  g_autoptr(GSubprocessLauncher) launcher =
               g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  LdTestServer *self = g_new0 (LdTestServer, 1);

  g_ptr_array_add (argv, (gpointer) server_binary ());
  g_ptr_array_add (argv, (gpointer) "serve");
  if (db_path != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--db");
      g_ptr_array_add (argv, (gpointer) db_path);
    }
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  self->db_path = g_strdup (db_path);
  if (stderr_path != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, stderr_path);
  g_subprocess_launcher_set_child_setup (launcher, ld_test_die_with_parent,
                                         GINT_TO_POINTER (getpid ()), NULL);
  self->process =
    g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    g_error ("the server did not start (said: %s)", line ? line : "nothing");

  self->uri = g_strdup (line + strlen ("listening on "));
  if (g_str_has_suffix (self->uri, "/"))
    self->uri[strlen (self->uri) - 1] = '\0';

  return self;
}

LdTestServer *
ld_test_server_spawn (const char         *db_path,
                      const char * const *extra_args)
{
  return spawn (db_path, extra_args, NULL);
}

LdTestServer *
ld_test_server_spawn_logged (const char         *db_path,
                             const char * const *extra_args,
                             const char         *stderr_path)
{
  return spawn (db_path, extra_args, stderr_path);
}

/**
 * ld_test_server_spawn_beside:
 * @seed: a server whose database and audit seal the new one shares
 * @settings: (nullable): more lines for the configuration's [server] group
 * @log_name: (nullable): a file in @seed's folder for the new server's log
 *
 * Another server process on @seed's database, as a lab's second process
 * is: the same database, audit key and sealed head.
 *
 * Returns: (transfer full): the running server
 */
LdTestServer *
ld_test_server_spawn_beside (LdTestServer *seed,
                             const char   *settings,
                             const char   *log_name)
{
  static guint       n_configs;
  const char        *tmpdir = ld_test_server_get_tmpdir (seed);
  g_autofree char   *base = g_build_filename (tmpdir, "labdesk.db", NULL);
  g_autofree char   *name = g_strdup_printf ("beside-%u.conf", n_configs++);
  g_autofree char   *config_path = g_build_filename (tmpdir, name, NULL);
  g_autofree char   *log_path = log_name ? g_build_filename (tmpdir, log_name, NULL) : NULL;
  g_autofree char   *config = g_strdup_printf ("[server]\naudit-key=%s.audit-key\n"
                                                 "audit-head=%s.audit-head\n%s",
                                               base, base, settings ? settings : "");
  const char * const args[] = { "--config", config_path, NULL };
  g_autoptr(GError) error = NULL;

  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  return spawn (ld_test_server_get_db_path (seed), args, log_path);
}

/**
 * ld_test_server_count_open_files:
 * @self: a spawned server
 *
 * Returns: how many descriptors the server's process holds now
 */
guint
ld_test_server_count_open_files (LdTestServer *self)
{
  const char *pid = g_subprocess_get_identifier (self->process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

GSubprocess *
ld_test_server_get_process (LdTestServer *self)
{
  return self->process;
}

void
ld_test_server_kill (LdTestServer *self)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (self->process);
  g_subprocess_send_signal (self->process, SIGKILL);
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&self->process);
}

int
ld_test_run_server_command (const char * const  *args,
                            char               **out_stdout,
                            char               **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer) server_binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process =
    g_subprocess_newv ((const char * const *) argv->pdata,
                       G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);

  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
stop_process (LdTestServer *self)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (self->process));
  g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);
  g_clear_object (&self->process);
}

void
ld_test_server_free (LdTestServer *self)
{
  if (self == NULL)
    return;

  if (self->thread == NULL)
    {
      /* A spawned server (or one already killed). */
      if (self->process != NULL)
        stop_process (self);
      g_free (self->db_path);
      g_free (self->uri);
      g_free (self);
      return;
    }

  g_main_context_invoke (self->context, quit_loop_cb, self->loop);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  if (self->tmpdir != NULL)
    ld_test_remove_tree (self->tmpdir);
  if (self->pg_database != NULL)
    ld_test_pg_drop_database (self->pg_database);
  g_free (self->pg_database);
  g_free (self->tmpdir);
  g_free (self->db_path);
  g_free (self->backup_dir);
  g_clear_pointer (&self->gateway, ld_gateway_config_free);
  g_free (self->config_path);
  g_free (self->uri);
  g_free (self);
}

const char *
ld_test_server_get_uri (LdTestServer *self)
{
  return self->uri;
}

const char *
ld_test_server_get_db_path (LdTestServer *self)
{
  return self->db_path;
}

LdDb *
ld_test_db_open (const char        *location,
                 LdSqliteOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = NULL;

  if (!ld_store_location_is_postgresql (location))
    db = ld_db_sqlite_open (location, flags, &error);
  else
    {
      db = ld_db_pg_open (location, &error);
      /* What SQLite's read-only open promises, as the store does. */
      if (db != NULL && flags == LD_SQLITE_OPEN_READONLY)
        ld_db_exec (db, "SET default_transaction_read_only = on", &error);
    }
  g_assert_no_error (error);
  return g_steal_pointer (&db);
}

LdDb *
ld_test_server_open_db (LdTestServer *self)
{
  return ld_test_db_open (self->db_path, LD_SQLITE_OPEN_NO_CREATE);
}

gboolean
ld_test_server_is_postgresql (LdTestServer *self)
{
  return ld_store_location_is_postgresql (self->db_path);
}

/* The first column of the first row of @sql, read from the server's
 * database file beside it (WAL lets us read while it serves), or on
 * PostgreSQL through a connection of its own. */
gint64
ld_test_query_int (const char *db_path,
                   const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_db_open (db_path, LD_SQLITE_OPEN_READONLY);
  LdDbStmt *stmt;
  gint64 value;

  stmt = ld_db_prepare_cached (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
  g_assert_no_error (error);
  value = ld_db_column_int64 (stmt, 0);
  ld_db_reset (stmt);
  return value;
}

void
ld_test_append_audit_event (LdStore    *store,
                            const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAuditEvent) event = ld_audit_event_new ();

  event->username = g_strdup ("admin");
  event->action = g_strdup (action);
  event->entity = g_strdup ("user");
  event->client = g_strdup ("127.0.0.1");
  g_assert_true (ld_store_audit_append (store, event, &error));
  g_assert_no_error (error);
}

/* What each migration since 0017 adds, taken away again: an older
 * database is made from a new one, so every "an old database migrates"
 * test needs the undo of every later migration, kept here once. */
static const struct
{
  int         schema;
  const char *undo;
} migration_undo[] = {
  { 17, "ALTER TABLE orders DROP COLUMN referring_doctor_name" },
  /* 0018 drops the settings' old feed rows; the server adds them again. */
  { 19, "ALTER TABLE users DROP COLUMN qualification;"
        " ALTER TABLE users DROP COLUMN registration_number;"
        " ALTER TABLE users DROP COLUMN can_sign_reports;"
        " ALTER TABLE users DROP COLUMN signature_png;"
        " ALTER TABLE results DROP COLUMN critical_call_name;"
        " ALTER TABLE results DROP COLUMN critical_call_role;"
        " ALTER TABLE results DROP COLUMN critical_call_at;"
        " ALTER TABLE results DROP COLUMN critical_call_by;"
        " ALTER TABLE result_amendments DROP COLUMN kind;"
        " ALTER TABLE orders DROP COLUMN interpretation" },
  { 20, "ALTER TABLE catalog_tests DROP COLUMN department;"
        " ALTER TABLE catalog_tests DROP COLUMN position" },
  { 21, "ALTER TABLE catalog_tests DROP COLUMN delta_type;"
        " ALTER TABLE catalog_tests DROP COLUMN delta_limit;"
        " ALTER TABLE catalog_tests DROP COLUMN delta_window_days;"
        " ALTER TABLE results DROP COLUMN delta" },
  { 22, "DROP INDEX orders_awaiting_recollection;"
        " DROP TABLE rejected_sample_results;"
        " ALTER TABLE orders DROP COLUMN recollect_us" },
  { 23, "DROP INDEX orders_by_doctor_patient;"
        " DROP TABLE break_glass;"
        " ALTER TABLE changes DROP COLUMN patient_id;"
        " ALTER TABLE changes DROP COLUMN doctor_id" },
  { 24, "DROP INDEX audit_events_by_action;"
        " DROP INDEX audit_events_by_entity_kind;"
        " DROP INDEX audit_events_by_time;"
        " CREATE INDEX audit_events_by_time ON audit_events (at);"
        " DROP INDEX orders_by_time_state;"
        " DROP INDEX results_for_analytics;"
        " DROP INDEX samples_for_analytics;"
        " DROP INDEX reports_by_order_signatory;"
        " DROP INDEX payments_by_order_money;"
        " DROP INDEX amendments_by_time" },
  { 25, "DROP TABLE backups" },
  { 26,
    "DROP INDEX orders_for_analytics;"
    " CREATE INDEX orders_by_time_state ON orders (created_us, lab_state, id);"
    " DROP VIEW order_money;"
    " ALTER TABLE orders DROP COLUMN paid_paise;"
    " ALTER TABLE orders DROP COLUMN refunded_paise;"
    " ALTER TABLE orders DROP COLUMN online_pending;"
    " ALTER TABLE orders DROP COLUMN last_payment_method;"
    " ALTER TABLE orders DROP COLUMN last_payment_status;"
    /* The view as 0005 made it. */
    " CREATE VIEW order_money AS SELECT order_id, paid_paise, refunded_paise, online_pending,"
    "  CASE WHEN refunded_paise > 0 AND refunded_paise >= paid_paise THEN 'refunded'"
    "  WHEN refunded_paise > 0 THEN 'partly_refunded' WHEN paid_paise >= total_paise THEN 'paid'"
    "  WHEN lab_state = 'cancelled' THEN 'cancelled' WHEN lab_state = 'expired' THEN 'expired'"
    "  WHEN last_method = 'cod' AND last_status = 'pending' THEN 'cod_pending'"
    "  WHEN last_status = 'failed' THEN 'failed' ELSE 'pending' END AS payment_state"
    " FROM (SELECT o.id AS order_id, o.total_paise, o.lab_state,"
    "  coalesce ((SELECT sum (amount_paise) FROM payments WHERE order_id = o.id"
    "   AND kind = 'payment' AND status = 'succeeded'), 0) AS paid_paise,"
    "  coalesce ((SELECT sum (amount_paise) FROM payments WHERE order_id = o.id"
    "   AND kind = 'refund' AND status = 'succeeded'), 0) AS refunded_paise,"
    "  EXISTS (SELECT 1 FROM payments WHERE order_id = o.id AND method = 'online'"
    "   AND status = 'pending') AS online_pending,"
    "  (SELECT method FROM payments WHERE order_id = o.id AND kind = 'payment'"
    "   AND status != 'voided' ORDER BY created_us DESC, rowid DESC LIMIT 1) AS last_method,"
    "  (SELECT status FROM payments WHERE order_id = o.id AND kind = 'payment'"
    "   AND status != 'voided' ORDER BY created_us DESC, rowid DESC LIMIT 1) AS last_status"
    " FROM orders o)" },
  { 27, "DROP TRIGGER results_take_order_time;"
        " DROP TRIGGER results_follow_order;"
        " DROP TRIGGER samples_take_order_time;"
        " DROP TRIGGER samples_follow_order;"
        " DROP TRIGGER reports_take_order_time;"
        " DROP TRIGGER reports_follow_order;"
        " DROP TRIGGER orders_time_to_children;"
        " DROP INDEX results_by_cohort;"
        " DROP INDEX samples_by_cohort;"
        " DROP INDEX reports_by_cohort;"
        " DROP INDEX results_by_sample;"
        " DROP INDEX samples_by_replaced;"
        " DROP INDEX rejected_results_by_result;"
        " ALTER TABLE results DROP COLUMN order_created_us;"
        " ALTER TABLE samples DROP COLUMN order_created_us;"
        " ALTER TABLE reports DROP COLUMN order_created_us" },
  { 28, "DROP TABLE notifications" },
  /* The rebuilt table's wider CHECK stays: no row of an older schema
   * breaks it. */
  { 29, "DROP INDEX notifications_once_per_order;"
        " ALTER TABLE notifications DROP COLUMN resent_from;"
        " ALTER TABLE patients DROP COLUMN email_do_not_send;"
        " ALTER TABLE patients DROP COLUMN phone_do_not_send" },
  /* 0030's notifications.patient_id made optional stays so: 0028's undo drops the table. */
  { 30, "DROP TABLE web_link_codes;"
        " DROP TABLE web_sessions;"
        " DROP TABLE web_sign_in_codes;"
        " DROP TABLE web_account_patients;"
        " DROP TABLE web_accounts;"
        " ALTER TABLE orders DROP COLUMN channel" },
  { 31, "ALTER TABLE orders DROP COLUMN visit_id;"
        " DROP TABLE visit_amendments;"
        " DROP TABLE visits;"
        " DROP TABLE appointments;"
        " DROP TABLE doctor_leave;"
        " DROP TABLE doctor_schedules" },
  { 32, "ALTER TABLE results DROP COLUMN source;"
        " ALTER TABLE results DROP COLUMN instrument_flags;"
        " ALTER TABLE results DROP COLUMN observed_at;"
        " DROP TABLE instrument_unmatched;"
        " DROP TABLE instrument_messages;"
        " DROP TABLE instrument_codes;"
        " DROP TABLE instruments" },
  { 33, "DROP INDEX web_account_patients_to_review;"
        " ALTER TABLE web_account_patients DROP COLUMN needs_review" },
  /* 0034's notifications, wider for 'sms' and once per channel, stay so:
   * no row of an older schema breaks them. */
  { 35, "DROP TABLE auto_verification" },
  { 36, "ALTER TABLE users DROP COLUMN critical_email;"
        " ALTER TABLE users DROP COLUMN email" },
  { 37, "DROP INDEX notifications_reminder_once;"
        " DROP INDEX notifications_by_appointment;"
        " ALTER TABLE notifications DROP COLUMN appointment_slot_us;"
        " ALTER TABLE notifications DROP COLUMN appointment_id;"
        " ALTER TABLE appointments DROP COLUMN reminded_slot_us" },
  { 38, "ALTER TABLE patients DROP COLUMN merged_into" },
  /* 0041's web_accounts, e-mail optional and phone unique, stays so: no
   * row of an older schema breaks it. */
  { 41, "ALTER TABLE web_sign_in_codes RENAME COLUMN address TO email" },
  { 42, "DROP TABLE icd10_list;"
        " DROP TABLE icd10_words;"
        " DROP TABLE icd10_codes" },
  { 43, "DROP INDEX alerts_by_order;"
        " DROP TRIGGER orders_load_insert;"
        " DROP TRIGGER orders_load_update;"
        " DROP TRIGGER orders_load_delete;"
        " DROP TABLE technician_load" },
  { 44, "DROP TRIGGER orders_completed_insert;"
        " DROP TRIGGER orders_completed_update;"
        " DROP TRIGGER orders_completed_delete;"
        " DROP TABLE completed_by_day" },
  { 45, "DROP TRIGGER catalog_tests_generation_insert;"
        " DROP TRIGGER catalog_tests_generation_update;"
        " DROP TRIGGER catalog_tests_generation_delete;"
        " DROP TABLE catalog_generation" },
  { 46, "DROP TRIGGER settings_generation_insert;"
        " DROP TRIGGER settings_generation_update;"
        " DROP TRIGGER settings_generation_delete;"
        " DROP TABLE settings_generation" },
  { 47, "CREATE INDEX results_for_analytics ON results (order_id, state, test_code,"
        " collected_us, received_us, entered_us, verified_us, released_us, entered_by,"
        " verified_by, flag, id);"
        " CREATE INDEX samples_for_analytics ON samples (order_id, collected_by, reject_reason,"
        " replaces_sample_id)" },
  /* 0048's audit_events, its seq the rowid, stays so: no row of an older
   * schema breaks it. */
  { 49, "DROP TRIGGER results_take_order_time;"
        " DROP TRIGGER samples_take_order_time;"
        " DROP TRIGGER reports_take_order_time;"
        " CREATE TRIGGER results_take_order_time AFTER INSERT ON results BEGIN"
        " UPDATE results SET order_created_us = (SELECT created_us FROM orders"
        " WHERE id = NEW.order_id) WHERE id = NEW.id; END;"
        " CREATE TRIGGER samples_take_order_time AFTER INSERT ON samples BEGIN"
        " UPDATE samples SET order_created_us = (SELECT created_us FROM orders"
        " WHERE id = NEW.order_id) WHERE id = NEW.id; END;"
        " CREATE TRIGGER reports_take_order_time AFTER INSERT ON reports BEGIN"
        " UPDATE reports SET order_created_us = (SELECT created_us FROM orders"
        " WHERE id = NEW.order_id) WHERE id = NEW.id; END" },
  { 50, "DROP INDEX appointments_booked" },
  { 51, "DROP TRIGGER notifications_counted_insert;"
        " DROP TRIGGER notifications_counted_update;"
        " DROP TRIGGER notifications_counted_delete;"
        " DROP TABLE notification_counts" },
  { 52, "DROP INDEX notifications_by_time" },
  { 53,
    "DROP INDEX instrument_unmatched_open;"
    " DROP INDEX instrument_unmatched_by_time;"
    " DROP INDEX instrument_unmatched_by_message;"
    " CREATE INDEX instrument_unmatched_open ON instrument_unmatched (resolved_us, received_us)" },
};

/**
 * ld_test_downgrade_schema:
 * @db: a closed store's database, opened with ld_sqlite_open()
 * @schema: the schema it is to look like (16 or later)
 *
 * Takes away what the migrations after @schema added, newest first, and
 * sets the schema number, so that opening the store migrates it again.
 */
void
ld_test_downgrade_schema (LdSqlite *db,
                          int       schema)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (schema, >=, 16);
  for (guint i = G_N_ELEMENTS (migration_undo); i-- > 0;)
    if (migration_undo[i].schema > schema)
      {
        g_assert_true (ld_sqlite_exec (db, migration_undo[i].undo, &error));
        g_assert_no_error (error);
      }
  g_assert_true (ld_sqlite_set_user_version (db, schema, &error));
  g_assert_no_error (error);
}

gint64
ld_test_server_query_int (LdTestServer *self,
                          const char   *sql)
{
  return ld_test_query_int (self->db_path, sql);
}

const char *
ld_test_server_get_tmpdir (LdTestServer *self)
{
  return self->tmpdir;
}

/* A configuration file in @dir naming @location; on PostgreSQL also the
 * audit key and head, where SQLite's default puts them beside @base. */
static char *
write_config (const char *dir,
              const char *location,
              const char *base)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "labdesk.conf", NULL);

  g_key_file_set_string (keyfile, "server", "database", location);
  if (ld_store_location_is_postgresql (location))
    {
      g_autofree char *key = audit_file_path (base, ".audit-key");
      g_autofree char *head = audit_file_path (base, ".audit-head");

      g_key_file_set_string (keyfile, "server", "audit-key", key);
      g_key_file_set_string (keyfile, "server", "audit-head", head);
    }
  g_key_file_save_to_file (keyfile, path, &error);
  g_assert_no_error (error);
  return path;
}

const char *
ld_test_server_get_config_path (LdTestServer *self)
{
  g_assert_nonnull (self->tmpdir);
  if (self->config_path == NULL)
    {
      /* Where server_thread() tells the server they are. */
      g_autofree char *base = g_build_filename (self->tmpdir, "labdesk.db", NULL);

      self->config_path = write_config (self->tmpdir, self->db_path, base);
    }
  return self->config_path;
}

char *
ld_test_db_new (const char  *dir,
                char       **out_config_path)
{
  g_autofree char *path = g_build_filename (dir, "lab.db", NULL);
  g_autofree char *location = NULL;

  if (use_postgresql ())
    {
      /* Dropped with the cluster, when the test process ends. */
      g_autofree char *name = ld_test_pg_create_database (NULL);

      location = ld_test_pg_dup_uri (name);
    }
  else
    location = g_strdup (path);

  *out_config_path = write_config (dir, location, path);
  return g_steal_pointer (&location);
}

static gboolean
run_minute_sweeps_cb (gpointer server)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_server_expire_orders (server, &error));
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

/**
 * ld_test_server_run_minute_sweeps:
 * @self: a test server
 *
 * Runs the sweeps the server runs every minute (ld_server_expire_orders():
 * the orders' expiry, the no-shows, tomorrow's reminders) on its thread,
 * now, at the clock ld_time_now() gives, and waits for them.
 */
void
ld_test_server_run_minute_sweeps (LdTestServer *self)
{
  ld_test_server_invoke (self, run_minute_sweeps_cb, self->server);
}

gpointer
ld_test_server_get_server (LdTestServer *self)
{
  return self->server;
}

typedef struct
{
  GSourceFunc  func;
  gpointer     data;
  GMutex       mutex;
  GCond        cond;
  gboolean     done;
} Invocation;

static gboolean
run_invocation_cb (gpointer user_data)
{
  Invocation *invocation = user_data;

  invocation->func (invocation->data);

  g_mutex_lock (&invocation->mutex);
  invocation->done = TRUE;
  g_cond_signal (&invocation->cond);
  g_mutex_unlock (&invocation->mutex);

  return G_SOURCE_REMOVE;
}

void
ld_test_server_invoke (LdTestServer *self,
                       GSourceFunc   func,
                       gpointer      data)
{
  Invocation invocation = { func, data };

  g_mutex_init (&invocation.mutex);
  g_cond_init (&invocation.cond);

  g_main_context_invoke (self->context, run_invocation_cb, &invocation);

  g_mutex_lock (&invocation.mutex);
  while (!invocation.done)
    g_cond_wait (&invocation.cond, &invocation.mutex);
  g_mutex_unlock (&invocation.mutex);

  g_mutex_clear (&invocation.mutex);
  g_cond_clear (&invocation.cond);
}

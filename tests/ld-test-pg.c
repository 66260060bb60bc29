/* ld-test-pg.c: a real PostgreSQL cluster in a temporary directory, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-test-pg"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ld-test-pg.h"

/* A loaded two-core machine under sanitizers: initdb alone took seconds. */
#define READY_DEADLINE_US (120 * G_USEC_PER_SEC)
#define DATABASE "labdesk_test"
#define SUPERUSER "labdesk"

typedef struct
{
  /* Who the server runs as; the test's own user unless that is root. */
  gboolean  drop;
  uid_t     uid;
  gid_t     gid;
  /* Where the server's output goes, so the test's TAP stays clean. */
  char     *log_path;
} Identity;

typedef struct
{
  char     *dir;
  char     *bindir;
  char     *data_dir;
  char     *admin_conninfo;
  char     *conninfo;
  guint     n_databases;
  Identity  identity;
  GPid      postmaster;
  GPid      watcher;
  /* The write end of the watcher's stdin: when it closes, however this
   * process ends, the watcher stops the server and removes the directory. */
  int       watcher_fd;
} Cluster;

static Cluster *cluster;

static char *
find_bindir (void)
{
  g_autofree char *out = NULL;
  g_autofree char *initdb = NULL;
  const char *argv[] = { "pg_config", "--bindir", NULL };
  int status = 0;

  if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, &status, NULL) &&
      g_spawn_check_wait_status (status, NULL))
    {
      g_autofree char *bindir = g_strstrip (g_strdup (out));
      g_autofree char *candidate = g_build_filename (bindir, "initdb", NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&bindir);
    }

  if (g_file_test ("/usr/lib/postgresql/15/bin/initdb", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/lib/postgresql/15/bin");

  initdb = g_find_program_in_path ("initdb");
  if (initdb != NULL)
    return g_path_get_dirname (initdb);

  g_error ("No PostgreSQL server binaries (initdb) found: install postgresql "
           "(tools/debian-packages.txt)");
}

/* initdb and the server refuse to run as root. */
static void
choose_identity (Identity *identity)
{
  const char *names[] = { "postgres", "nobody" };

  identity->uid = getuid ();
  identity->gid = getgid ();
  if (geteuid () != 0)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      struct passwd *pw = getpwnam (names[i]);

      if (pw != NULL && pw->pw_uid != 0)
        {
          identity->drop = TRUE;
          identity->uid = pw->pw_uid;
          identity->gid = pw->pw_gid;
          return;
        }
    }

  g_error ("Running as root, and no unprivileged user (postgres, nobody) to run PostgreSQL as");
}

/* Between fork and exec: only async-signal-safe calls. Its own session, so
 * a signal meant for the test's process group does not reach the server
 * half-way; the watcher stops it properly. */
static void
server_child_setup (gpointer data)
{
  Identity *identity = data;
  int fd;

  setsid ();
  if (identity->log_path != NULL)
    {
      fd = open (identity->log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (fd >= 0)
        {
          dup2 (fd, STDOUT_FILENO);
          dup2 (fd, STDERR_FILENO);
          close (fd);
        }
    }
  if (identity->drop &&
      (setgroups (0, NULL) != 0 || setgid (identity->gid) != 0 || setuid (identity->uid) != 0))
    _exit (127);
}

static void
watcher_child_setup (gpointer data)
{
  setsid ();
}

static void
fail_with_log (const char *what)
{
  g_autofree char *log = NULL;

  g_file_get_contents (cluster->identity.log_path, &log, NULL, NULL);
  g_error ("%s; server log:\n%s", what, log != NULL ? log : "(none)");
}

static void
run_initdb (const char *bindir,
            const char *data_dir)
{
  g_autofree char *initdb = g_build_filename (bindir, "initdb", NULL);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { initdb, "-D", data_dir, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                         "--no-locale", "--no-sync", NULL };
  int status = 0;

  if (!g_spawn_sync (cluster->dir, (char **) argv, NULL, G_SPAWN_DEFAULT,
                     server_child_setup, &cluster->identity, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    fail_with_log (error->message);
}

static void
start_postmaster (const char *bindir,
                  const char *data_dir)
{
  g_autofree char *postgres = g_build_filename (bindir, "postgres", NULL);
  g_autoptr(GError) error = NULL;
  /* Only the socket in the directory: nothing else on the machine can
   * reach it, and no port can clash with another test's cluster. A test
   * database needs no durability. */
  const char *argv[] = { postgres, "-D", data_dir, "-k", cluster->dir,
                         "-c", "listen_addresses=",
                         "-c", "fsync=off",
                         "-c", "synchronous_commit=off",
                         "-c", "full_page_writes=off",
                         "-c", "shared_buffers=16MB",
                         /* A test server holds about six, and a
                          * multi-process test runs several. */
                         "-c", "max_connections=60",
                         NULL };

  if (!g_spawn_async (cluster->dir, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                      server_child_setup, &cluster->identity, &cluster->postmaster, &error))
    fail_with_log (error->message);
}

/* The watcher outlives this process if it must: it ignores the signals a
 * test runner sends, waits for its stdin to close, then stops the server
 * that the directory's postmaster.pid names (SIGQUIT: an immediate
 * shutdown, what `pg_ctl stop -m immediate` sends), waits for it to go
 * and removes the directory. It starts before initdb, so that a failure
 * at any later step leaves nothing behind either. */
static void
start_watcher (void)
{
  static const char script[] =
    "trap '' HUP INT TERM\n"
    "read -r line\n"
    "pid=$(head -n 1 \"$1/data/postmaster.pid\" 2>/dev/null)\n"
    "if [ -n \"$pid\" ] && kill -QUIT \"$pid\" 2>/dev/null; then\n"
    "  i=0\n"
    "  while kill -0 \"$pid\" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\n"
    "fi\n"
    "rm -rf \"$1\"\n";
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/sh", "-c", script, "ld-test-pg-watcher", cluster->dir, NULL };

  if (!g_spawn_async_with_pipes ("/", (char **) argv, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD, watcher_child_setup, NULL,
                                 &cluster->watcher, &cluster->watcher_fd, NULL, NULL, &error))
    g_error ("Could not start the cluster's watcher: %s", error->message);
}

static char *
quote_value (const char *value)
{
  GString *quoted = g_string_new ("'");

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '\'');
  return g_string_free (quoted, FALSE);
}

/* Polls until the server answers or the deadline passes; a fixed sleep
 * would be too short on a loaded machine and too long on an idle one. */
static void
wait_until_ready (const char *conninfo)
{
  gint64 deadline = g_get_monotonic_time () + READY_DEADLINE_US;

  while (PQping (conninfo) != PQPING_OK)
    {
      int status;

      if (waitpid (cluster->postmaster, &status, WNOHANG) == cluster->postmaster)
        {
          cluster->postmaster = 0;
          fail_with_log ("The PostgreSQL server exited while starting");
        }
      if (g_get_monotonic_time () > deadline)
        fail_with_log ("The PostgreSQL server did not answer within two minutes");
      g_usleep (20 * 1000);
    }
}

static void
create_database (const char *admin_conninfo)
{
  PGconn *conn = PQconnectdb (admin_conninfo);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Could not connect to the test cluster: %s", PQerrorMessage (conn));
  result = PQexec (conn, "CREATE DATABASE " DATABASE);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("Could not create the test database: %s", PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

const char *
ld_test_pg_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  const char *bindir, *data_dir, *admin_conninfo;

  if (cluster != NULL)
    return cluster->conninfo;

  cluster = g_new0 (Cluster, 1);
  bindir = cluster->bindir = find_bindir ();
  choose_identity (&cluster->identity);

  cluster->dir = g_dir_make_tmp ("ld-test-pg-XXXXXX", &error);
  g_assert_no_error (error);
  if (cluster->identity.drop &&
      chown (cluster->dir, cluster->identity.uid, cluster->identity.gid) != 0)
    g_error ("Could not give %s to the server's user: %s", cluster->dir, g_strerror (errno));
  data_dir = cluster->data_dir = g_build_filename (cluster->dir, "data", NULL);
  cluster->identity.log_path = g_build_filename (cluster->dir, "server.log", NULL);
  start_watcher ();
  atexit (ld_test_pg_stop);

  run_initdb (bindir, data_dir);
  start_postmaster (bindir, data_dir);

  host = quote_value (cluster->dir);
  admin_conninfo = cluster->admin_conninfo =
    g_strdup_printf ("host=%s user=" SUPERUSER " dbname=postgres", host);
  wait_until_ready (admin_conninfo);
  create_database (admin_conninfo);

  cluster->conninfo = g_strdup_printf ("host=%s user=" SUPERUSER " dbname=" DATABASE, host);
  return cluster->conninfo;
}

static PGconn *
connect_to (const char *name)
{
  g_autofree char *host = NULL;
  g_autofree char *conninfo = NULL;
  PGconn *conn;

  ld_test_pg_start ();
  host = quote_value (cluster->dir);
  conninfo = g_strdup_printf ("host=%s user=" SUPERUSER " dbname=%s", host, name);
  conn = PQconnectdb (conninfo);
  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Could not connect to the test cluster: %s", PQerrorMessage (conn));
  return conn;
}

static void
run_admin (const char *sql)
{
  PGconn *conn = connect_to ("postgres");
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

char *
ld_test_pg_dup_uri (const char *name)
{
  g_autofree char *host = NULL;

  ld_test_pg_start ();
  /* The directory is g_dir_make_tmp()'s: letters, digits, '-', '_', '/'
   * and '.', none of which a URI's query needs escaped. */
  host = g_uri_escape_string (cluster->dir, "/", FALSE);
  return g_strdup_printf ("postgresql://" SUPERUSER "@/%s?host=%s", name, host);
}

char *
ld_test_pg_create_database (const char *template_name)
{
  g_autofree char *sql = NULL;
  char *name;

  ld_test_pg_start ();
  /* Names are ours, never input: letters, digits and '_'. */
  name = g_strdup_printf ("ld_%d_%u", (int) getpid (), ++cluster->n_databases);
  if (template_name != NULL)
    sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", name, template_name);
  else
    sql = g_strdup_printf ("CREATE DATABASE %s", name);
  run_admin (sql);
  return name;
}

void
ld_test_pg_drop_database (const char *name)
{
  /* FORCE: a connection a worker thread has not yet closed must not keep it. */
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", name);

  run_admin (sql);
}

void
ld_test_pg_exec (const char *uri,
                 const char *sql)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Could not connect to the test cluster: %s", PQerrorMessage (conn));
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

gint64
ld_test_pg_query_int (const char *uri,
                      const char *sql)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *result;
  gint64 value;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Could not connect to the test cluster: %s", PQerrorMessage (conn));
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) < 1)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  PQfinish (conn);
  return value;
}

void
ld_test_pg_stop (void)
{
  Cluster *self = g_steal_pointer (&cluster);
  int status;

  if (self == NULL)
    return;

  /* The watcher does the stopping and the removing, here as after a crash:
   * one way, so every run exercises the crash path. The server is our
   * child: until it is reaped the watcher would see it still there. */
  close (self->watcher_fd);
  if (self->postmaster > 0)
    waitpid (self->postmaster, &status, 0);
  waitpid (self->watcher, &status, 0);

  g_free (self->identity.log_path);
  g_free (self->admin_conninfo);
  g_free (self->data_dir);
  g_free (self->bindir);
  g_free (self->conninfo);
  g_free (self->dir);
  g_free (self);
}

void
ld_test_pg_shut_down (void)
{
  int status;

  g_assert_nonnull (cluster);
  g_assert_cmpint (cluster->postmaster, >, 0);

  /* SIGINT is PostgreSQL's fast shutdown, what `pg_ctl stop` and
   * `pg_ctl restart` send: every session is ended (57P01) and the
   * postmaster exits once they are gone. */
  if (kill (cluster->postmaster, SIGINT) != 0)
    g_error ("Could not stop the test cluster: %s", g_strerror (errno));
  if (waitpid (cluster->postmaster, &status, 0) != cluster->postmaster)
    g_error ("Could not wait for the test cluster: %s", g_strerror (errno));
  cluster->postmaster = 0;
}

void
ld_test_pg_start_again (void)
{
  g_assert_nonnull (cluster);
  g_assert_cmpint (cluster->postmaster, ==, 0);

  start_postmaster (cluster->bindir, cluster->data_dir);
  wait_until_ready (cluster->admin_conninfo);
}

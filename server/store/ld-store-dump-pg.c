/* ld-store-dump-pg.c: a PostgreSQL database's backup, by pg_dump
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What SQLite's online backup gives (ld_store_backup()), on PostgreSQL:
 * a consistent copy taken while the server writes, with the audit key and
 * the copy's own sealed head beside it, checked before it is trusted.
 *
 * - The copy is `pg_dump --format=custom`: compressed, read back whole by
 *   `pg_restore` without a database (the check below), and restored with
 *   `pg_restore` into an empty database, its owners and grants left out
 *   (`--no-owner --no-privileges`) when the lab's roles differ there. A
 *   plain SQL script could be none of the first two.
 * - The head must name the newest event in the dump, not one committed
 *   after it. This store's connection opens a repeatable-read transaction,
 *   exports its snapshot, reads the head in it, and pg_dump dumps that
 *   same snapshot (`--snapshot`), so the two cannot differ. The chain is
 *   walked in the snapshot too, against the head written beside the dump:
 *   the rows walked are the rows dumped.
 * - pg_dump runs as a child process, with no shell. It is given the
 *   store's connection as a libpq connection string without its password
 *   (`--dbname`, which `ps` shows to every user of the machine); the
 *   password goes in PGPASSWORD, in the child's environment, which only
 *   its own user and root can read. `--no-password`: it never prompts.
 * - It writes DEST.partial, created here 0600, renamed to DEST once the
 *   dump is read back whole; a failed dump leaves no file.
 */

#define G_LOG_DOMAIN "ld-store-dump-pg"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <string.h>
#include <unistd.h>

#include "ld-store-dump-pg.h"
#include "ld-store-private.h"

/* As much of a tool's stderr as an error message carries. */
#define MAX_STDERR 2000

static void
append_conninfo_value (GString    *conninfo,
                       const char *value)
{
  g_string_append_c (conninfo, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (conninfo, '\\');
      g_string_append_c (conninfo, *p);
    }
  g_string_append_c (conninfo, '\'');
}

/**
 * ld_store_pg_dup_dump_conninfo:
 * @uri: a PostgreSQL connection URI, as the store was opened with
 * @out_password: (out) (transfer full) (nullable): the password it carries,
 *   or %NULL
 * @error: return location for an %LD_STORE_ERROR
 *
 * The same connection as a libpq connection string with no secret in it,
 * for a child's command line, and the password apart, for its
 * environment (PGPASSWORD). A URI with another secret that libpq reads
 * from no environment variable (sslpassword) is refused rather than shown.
 *
 * Returns: (transfer full) (nullable): the connection string
 */
char *
ld_store_pg_dup_dump_conninfo (const char  *uri,
                               char       **out_password,
                               GError     **error)
{
  g_autoptr(GString) conninfo = g_string_new (NULL);
  g_autofree char *password = NULL;
  PQconninfoOption *options;
  char *message = NULL;

  g_return_val_if_fail (uri != NULL && out_password != NULL, NULL);

  options = PQconninfoParse (uri, &message);
  if (options == NULL)
    {
      g_debug ("the database URI does not parse: %s", message != NULL ? message : "?");
      PQfreemem (message);
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                           "The database’s connection URI could not be read.");
      return NULL;
    }

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val == NULL)
        continue;
      /* libpq marks the options it never shows with '*'. */
      if (g_str_equal (option->keyword, "password"))
        {
          g_free (password);
          password = g_strdup (option->val);
          continue;
        }
      if (option->dispchar != NULL && g_str_equal (option->dispchar, "*"))
        {
          g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                       "The database’s connection URI carries %s, which pg_dump could only be "
                       "given on its command line, where any user of this machine can read "
                       "it: put it in the server account’s ~/.pgpass or pg_service.conf "
                       "instead.", option->keyword);
          PQconninfoFree (options);
          return NULL;
        }
      if (conninfo->len > 0)
        g_string_append_c (conninfo, ' ');
      g_string_append_printf (conninfo, "%s=", option->keyword);
      append_conninfo_value (conninfo, option->val);
    }
  PQconninfoFree (options);

  *out_password = g_steal_pointer (&password);
  return g_string_free (g_steal_pointer (&conninfo), FALSE);
}

/* Runs a PostgreSQL client program to its end; a failure's message
 * carries what it wrote on stderr, which names the problem (a refused
 * connection, a server newer than pg_dump) and holds no password. */
static gboolean
run_tool (const char * const  *argv,
          const char          *password,
          GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *err_text = NULL;
  const char *tool = argv[0];

  /* Its stdin is /dev/null: with --no-password nothing is asked, from a
   * terminal or otherwise. */
  launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (password != NULL)
    g_subprocess_launcher_setenv (launcher, "PGPASSWORD", password, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, argv, &local);
  if (process == NULL)
    {
      if (g_error_matches (local, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT))
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                     "%s was not found: a backup on PostgreSQL is taken with PostgreSQL’s own "
                     "pg_dump and pg_restore, which must be on the server’s PATH (on Debian, "
                     "install postgresql-client, of the database server’s version or newer).",
                     tool);
      else
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                     "%s could not be started: %s", tool, local->message);
      return FALSE;
    }

  if (!g_subprocess_communicate (process, NULL, NULL, NULL, &err_bytes, error))
    return FALSE;
  if (g_subprocess_get_successful (process))
    return TRUE;

  err_text = g_utf8_make_valid (g_bytes_get_data (err_bytes, NULL), g_bytes_get_size (err_bytes));
  g_strstrip (err_text);
  if (strlen (err_text) > MAX_STDERR)
    {
      char *end = g_utf8_find_prev_char (err_text, err_text + MAX_STDERR);

      *end = '\0';
    }
  if (g_subprocess_get_if_exited (process))
    g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO, "%s failed (exit status %d): %s",
                 tool, g_subprocess_get_exit_status (process),
                 *err_text != '\0' ? err_text : "it said nothing");
  else
    g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO, "%s was stopped by signal %d: %s",
                 tool, g_subprocess_get_term_sig (process),
                 *err_text != '\0' ? err_text : "it said nothing");
  return FALSE;
}

/* The snapshot pg_dump is to dump, and the chain's head in it. The
 * transaction stays open until pg_dump has taken the snapshot. */
static char *
open_snapshot (LdStore  *store,
               gint64   *out_seq,
               char    **out_hash,
               GError  **error)
{
  LdDbStmt *stmt;
  LdDbStep step;
  g_autofree char *snapshot = NULL;

  if (!ld_db_exec (store->db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                   error))
    return NULL;

  stmt = ld_store_prepare (store, "SELECT pg_export_snapshot ()", error);
  if (stmt == NULL)
    return NULL;
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return NULL;
  /* A function called once answers one row. */
  g_assert (step == LD_DB_ROW);
  snapshot = ld_db_column_dup_text (stmt, 0);
  if (!ld_db_step_done (stmt, error) ||
      !ld_store_audit_get_head (store, out_seq, out_hash, error))
    return NULL;

  return g_steal_pointer (&snapshot);
}

/* The chain in the snapshot, walked against the head written beside the
 * dump with the key written beside it: what `check` will find once the
 * dump is restored with those two files. */
static gboolean
walk_dumped_chain (LdStore     *store,
                   const char  *key_path,
                   const char  *head_path,
                   char       **out_problem,
                   GError     **error)
{
  g_autoptr(LdAuditSeal) dumped = ld_audit_seal_open (key_path, head_path, FALSE, error);
  LdAuditSeal *live;
  LdAuditReport report;
  gboolean ran;

  if (dumped == NULL)
    return FALSE;

  live = g_steal_pointer (&store->seal);
  store->seal = g_steal_pointer (&dumped);
  ran = ld_store_audit_verify (store, &report, error);
  dumped = g_steal_pointer (&store->seal);
  store->seal = live;
  if (!ran)
    return FALSE;

  if (report.verdict != LD_AUDIT_VERDICT_OK)
    *out_problem = g_strdup_printf ("The copy’s audit chain failed its check at event %"
                                    G_GINT64_FORMAT ".", report.at_seq);
  return TRUE;
}

static void
remove_file (const char *path)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_warning ("backup: %s could not be removed: %s", path, g_strerror (errno));
}

/* The dump into @partial, its seal files and their check; the caller
 * removes what is left on failure. */
static gboolean
dump_into (LdStore     *store,
           const char  *partial,
           const char  *key_path,
           const char  *head_path,
           char       **out_problem,
           GError     **error)
{
  g_auto(LdDbTransaction) txn = { NULL };
  g_autofree char *conninfo = NULL;
  g_autofree char *password = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *file_arg = NULL;
  g_autofree char *dbname_arg = NULL;
  g_autofree char *snapshot_arg = NULL;
  const char *restore_argv[] = { "pg_restore", "--file=/dev/null", partial, NULL };
  gint64 seq = 0;
  int fd;

  conninfo = ld_store_pg_dup_dump_conninfo (store->location, &password, error);
  if (conninfo == NULL)
    return FALSE;

  /* Created here, so no umask ever makes the dump readable; pg_dump
   * truncates it and keeps its mode. */
  fd = g_open (partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The backup file %s could not be created: %s", partial, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!ld_db_transaction_begin (&txn, store->db, error) ||
      (snapshot = open_snapshot (store, &seq, &hash, error)) == NULL)
    return FALSE;

  file_arg = g_strconcat ("--file=", partial, NULL);
  dbname_arg = g_strconcat ("--dbname=", conninfo, NULL);
  snapshot_arg = g_strconcat ("--snapshot=", snapshot, NULL);
  {
    const char * const dump_argv[] = { "pg_dump", "--format=custom", "--no-password",
                                       snapshot_arg, file_arg, dbname_arg, NULL };

    if (!run_tool (dump_argv, password, error))
      return FALSE;
  }

  if (store->seal != NULL &&
      (!ld_audit_seal_export (store->seal, key_path, head_path, seq, hash, error) ||
       !walk_dumped_chain (store, key_path, head_path, out_problem, error)))
    return FALSE;

  /* Every block read back and uncompressed, with no database to restore
   * into. */
  return ld_db_transaction_commit (&txn, error) &&
         run_tool (restore_argv, NULL, error);
}

/**
 * ld_store_pg_dump:
 * @store: a store on PostgreSQL, outside any transaction, with its audit
 *   seal if it has one
 * @dest_path: a new file; DEST.partial, DEST.audit-key and DEST.audit-head
 *   must not be anybody else's
 * @out_problem: (out) (nullable): set to a sentence saying what is wrong
 *   with the copy (its audit chain), or %NULL when it passed
 * @error: return location for an %LD_STORE_ERROR
 *
 * Dumps the database to @dest_path (`pg_dump --format=custom`), with the
 * audit key and the dump's own head beside it (DEST.audit-key,
 * DEST.audit-head), all private to their owner, and checks it: the chain
 * walked in the dumped snapshot against that head, the dump read back
 * whole by `pg_restore`. See the top of this file.
 *
 * Returns: %TRUE if the dump was written and its check ran (then
 *   @out_problem says whether it passed); %FALSE, with none of its files
 *   left, if it could not be written
 */
gboolean
ld_store_pg_dump (LdStore     *store,
                  const char  *dest_path,
                  char       **out_problem,
                  GError     **error)
{
  g_autofree char *partial = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *head_path = NULL;
  g_autofree char *problem = NULL;

  g_return_val_if_fail (store != NULL && dest_path != NULL && out_problem != NULL, FALSE);
  g_return_val_if_fail (ld_db_get_backend (store->db) == LD_DB_POSTGRESQL, FALSE);
  g_return_val_if_fail (ld_db_transaction_depth (store->db) == 0, FALSE);

  *out_problem = NULL;
  partial = g_strconcat (dest_path, ".partial", NULL);
  key_path = ld_audit_seal_default_key_path (dest_path);
  head_path = ld_audit_seal_default_head_path (dest_path);

  if (g_file_test (partial, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "%s already exists: another backup is writing it, or one was interrupted "
                   "(then remove it).", partial);
      return FALSE;
    }

  if (dump_into (store, partial, key_path, head_path, &problem, error))
    {
      if (g_rename (partial, dest_path) == 0)
        {
          *out_problem = g_steal_pointer (&problem);
          return TRUE;
        }
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The backup file could not be renamed to %s: %s", dest_path,
                   g_strerror (errno));
    }

  remove_file (partial);
  remove_file (key_path);
  remove_file (head_path);
  return FALSE;
}

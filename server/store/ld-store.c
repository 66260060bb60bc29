/* ld-store.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ld-store-patients-private.h"
#include "ld-store-private.h"
#include "ld-db-pg.h"
#include "ld-db-sqlite.h"
#include "ld-sqlite-migrate.h"
#include "ld-store-dump-pg.h"
#include "ld-store-migrate-pg.h"

#define MIGRATIONS_PATH "/org/labdesk/Labdesk/server/migrations"

/**
 * ld_store_get_latest_schema:
 *
 * Returns: the schema version this program creates and understands on
 *   SQLite, the default backend
 */
gint64
ld_store_get_latest_schema (void)
{
  return ld_sqlite_migrations_latest (MIGRATIONS_PATH);
}

/**
 * ld_store_is_read_only:
 * @store: a store
 *
 * Returns: whether @store was opened to read only (a reader's)
 */
gboolean
ld_store_is_read_only (LdStore *store)
{
  g_return_val_if_fail (store != NULL, TRUE);

  return store->read_only;
}

/**
 * ld_store_get_latest_schema_for:
 * @store: a store
 *
 * Each backend numbers its migrations apart (migrations/,
 * migrations-pg/).
 *
 * Returns: the schema version this program creates and understands on
 *   @store's backend
 */
gint64
ld_store_get_latest_schema_for (LdStore *store)
{
  g_return_val_if_fail (store != NULL, 0);

  if (ld_db_get_backend (store->db) == LD_DB_POSTGRESQL)
    return ld_store_pg_latest_schema ();
  return ld_store_get_latest_schema ();
}

/**
 * ld_store_location_is_postgresql:
 * @location: where a database is: a file path, or a connection URI
 *
 * The one place that tells the backends apart: a `postgresql://` or
 * `postgres://` URI (libpq's own form) is a PostgreSQL database, anything
 * else a SQLite file.
 *
 * Returns: %TRUE for PostgreSQL
 */
gboolean
ld_store_location_is_postgresql (const char *location)
{
  g_return_val_if_fail (location != NULL, FALSE);

  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

/**
 * ld_store_location_dup_shown:
 * @location: where a database is: a file path, or a connection URI
 *
 * @location as it may be printed or logged: a URI's password, in its
 * user part or as a password= parameter, is replaced by "***".
 *
 * Returns: (transfer full): the text to show
 */
char *
ld_store_location_dup_shown (const char *location)
{
  GString *shown;
  const char *authority, *end, *at, *colon, *param;

  g_return_val_if_fail (location != NULL, NULL);

  if (!ld_store_location_is_postgresql (location))
    return g_strdup (location);

  shown = g_string_new (location);
  authority = strstr (shown->str, "://") + 3;
  end = authority + strcspn (authority, "/?");
  at = g_strrstr_len (authority, end - authority, "@");
  colon = at != NULL ? memchr (authority, ':', at - authority) : NULL;
  if (colon != NULL)
    {
      gssize from = colon + 1 - shown->str;

      g_string_erase (shown, from, at - colon - 1);
      g_string_insert (shown, from, "***");
    }

  param = strstr (shown->str, "password=");
  if (param != NULL && param > shown->str && (param[-1] == '?' || param[-1] == '&'))
    {
      gssize from = param + strlen ("password=") - shown->str;

      g_string_erase (shown, from, strcspn (shown->str + from, "&"));
      g_string_insert (shown, from, "***");
    }

  return g_string_free (shown, FALSE);
}

static LdStore *
open_store (const char         *location,
            LdSqliteOpenFlags   flags,
            GError            **error)
{
  g_autoptr(LdStore) store = g_new0 (LdStore, 1);

  if (ld_store_location_is_postgresql (location))
    store->db = flags == LD_SQLITE_OPEN_READONLY ? ld_db_pg_open_reader (location, error)
                                                 : ld_db_pg_open (location, error);
  else
    store->db = ld_db_sqlite_open (location, flags, error);
  if (store->db == NULL)
    return NULL;
  store->read_only = flags == LD_SQLITE_OPEN_READONLY;
  /* A request's savepoint inside the group commit (ld-store-batch.c) keeps
   * the pages it changes in a statement journal; past 64 KiB SQLite spills
   * that to a temporary file, a write() for each page, as many as the log
   * gets (bench-flow under strace). In memory it is a copy. */
  if (!store->read_only && ld_db_get_backend (store->db) == LD_DB_SQLITE &&
      !ld_db_exec_cached (store->db, "PRAGMA temp_store = MEMORY", error))
    return NULL;

  store->location = g_strdup (location);
  return g_steal_pointer (&store);
}

static gboolean
is_postgresql (LdStore *store)
{
  return ld_db_get_backend (store->db) == LD_DB_POSTGRESQL;
}

static gboolean
migrate (LdStore  *store,
         GError  **error)
{
  if (is_postgresql (store))
    return ld_store_pg_migrate (store->db, error);
  return ld_sqlite_migrate (ld_db_sqlite_get_handle (store->db), MIGRATIONS_PATH, error);
}

/* The database holds patients' data: only its owner may read it, whatever
 * the umask. SQLite gives the -wal and -shm files the database's own mode,
 * so a private database keeps them private; older ones are made so. */
static gboolean
make_private (const char  *path,
              gboolean     create,
              GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int fd;

      if (!create)
        return TRUE;
      fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 && errno != EEXIST)
        {
          int saved = errno;

          g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                       "The file %s could not be created: %s", path, g_strerror (saved));
          return FALSE;
        }
      if (fd >= 0)
        close (fd);
      return TRUE;
    }

  if ((st.st_mode & 077) != 0 && g_chmod (path, st.st_mode & 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The file %s is readable by other users and could not be made private: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_database_private (const char  *path,
                       GError     **error)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  return make_private (path, TRUE, error) &&
         make_private (wal, FALSE, error) &&
         make_private (shm, FALSE, error);
}

/**
 * ld_store_load_audit_seal:
 * @store: a store
 * @key_path: (nullable): the audit key file; %NULL: beside the database
 * @head_path: (nullable): the audit head file; %NULL: beside the database
 * @create: whether to create a missing key
 * @error: return location for an %LD_STORE_ERROR
 *
 * Gives @store the key its audit events are made with and checked
 * against, and the head that anchors the chain outside the database.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_load_audit_seal (LdStore     *store,
                          const char  *key_path,
                          const char  *head_path,
                          gboolean     create,
                          GError     **error)
{
  const char *db_path;
  g_autofree char *default_key = NULL;
  g_autofree char *default_head = NULL;

  g_return_val_if_fail (store != NULL, FALSE);

  /* A database on a server has no folder to keep the files in. Not
   * NOT_FOUND, which callers read as a chain that was never sealed: check
   * would walk it without its key. */
  if (is_postgresql (store) && (key_path == NULL || head_path == NULL))
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                           "On PostgreSQL the audit key and head files have no database file to "
                           "be kept beside: set audit-key and audit-head in the configuration.");
      return FALSE;
    }

  db_path = store->location;
  if (key_path == NULL)
    key_path = default_key = ld_audit_seal_default_key_path (db_path);
  if (head_path == NULL)
    head_path = default_head = ld_audit_seal_default_head_path (db_path);

  g_clear_pointer (&store->seal, ld_audit_seal_free);
  store->seal = ld_audit_seal_open (key_path, head_path, create, error);
  return store->seal != NULL;
}

/* A chain with keyed events always has a head: a missing one was removed,
 * perhaps with the newest events, and writing a new one would hide that. */
static gboolean
check_head_exists (LdStore  *store,
                   GError  **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *hash = NULL;
  gint64 seq;
  gboolean keyed;

  if (ld_audit_seal_read_head (store->seal, &seq, &hash, &local))
    return TRUE;
  if (!ld_store_audit_newest_is_keyed (store, &keyed, error))
    return FALSE;
  if (!keyed)
    return TRUE;

  g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT,
               "The audit head file %s is missing, but the audit chain has keyed events: the "
               "newest events may have been removed. Run “labdesk-server check”; to start, "
               "restore the head file from the newest backup.",
               ld_audit_seal_get_head_path (store->seal));
  return FALSE;
}

/**
 * ld_store_open_sealed:
 * @path: the database file, created (0600) if missing; or a PostgreSQL
 *   connection URI (`postgresql://…`, see ld_store_location_is_postgresql())
 *   for a database that exists, empty or not
 * @key_path: (nullable): the audit key file, created (0600) if missing;
 *   %NULL: beside the database
 * @head_path: (nullable): the audit head file; %NULL: beside the database
 * @error: return location for an %LD_STORE_ERROR
 *
 * Opens the database, makes it private to its owner, brings its schema up
 * to date and loads the audit seal. The store belongs to the calling
 * thread.
 *
 * Returns: (transfer full) (nullable): the store
 */
LdStore *
ld_store_open_sealed (const char  *path,
                      const char  *key_path,
                      const char  *head_path,
                      GError     **error)
{
  g_autoptr(LdStore) store = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!ld_store_location_is_postgresql (path) && !make_database_private (path, error))
    return NULL;

  store = open_store (path, LD_SQLITE_OPEN_DEFAULT, error);
  if (store == NULL || !migrate (store, error) ||
      !ld_store_patients_fill_phone_national (store, error) ||
      !ld_store_load_audit_seal (store, key_path, head_path, TRUE, error) ||
      !check_head_exists (store, error))
    return NULL;

  return g_steal_pointer (&store);
}

/**
 * ld_store_open:
 * @path: the database file; created if missing
 * @error: return location for an %LD_STORE_ERROR
 *
 * As ld_store_open_sealed(), with the audit key and head beside the
 * database.
 *
 * Returns: (transfer full) (nullable): the store
 */
LdStore *
ld_store_open (const char  *path,
               GError     **error)
{
  return ld_store_open_sealed (path, NULL, NULL, error);
}

/**
 * ld_store_open_existing:
 * @path: the database file, which must exist, or a PostgreSQL URI
 * @read_only: whether to open it read-only
 * @error: return location for an %LD_STORE_ERROR
 *
 * Opens without migrating, for backup and check, which must not change a
 * database they only read. The store has no audit seal until
 * ld_store_load_audit_seal().
 *
 * Returns: (transfer full) (nullable): the store
 */
LdStore *
ld_store_open_existing (const char  *path,
                        gboolean     read_only,
                        GError     **error)
{
  g_autoptr(LdStore) store = NULL;
  gint64 schema;

  if (!ld_store_location_is_postgresql (path) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                   "There is no database at this path.");
      return NULL;
    }

  store = open_store (path, read_only ? LD_SQLITE_OPEN_READONLY : LD_SQLITE_OPEN_NO_CREATE, error);
  if (store == NULL || !ld_store_get_schema (store, &schema, error))
    return NULL;

  if (schema > ld_store_get_latest_schema_for (store))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW,
                   "This database was created by a newer Labdesk (schema %" G_GINT64_FORMAT
                   ", this server knows %" G_GINT64_FORMAT ").",
                   schema, ld_store_get_latest_schema_for (store));
      return NULL;
    }

  return g_steal_pointer (&store);
}

void
ld_store_close (LdStore *store)
{
  if (store == NULL)
    return;

  g_clear_pointer (&store->db, ld_db_close);
  g_clear_pointer (&store->seal, ld_audit_seal_free);
  g_clear_pointer (&store->sms_templates, g_hash_table_unref);
  g_clear_pointer (&store->bands_parsed, g_hash_table_unref);
  ld_store_forget_kept_reads (store);
  ld_store_audit_forget_head (store);
  g_free (store->location);
  g_free (store);
}

void
ld_store_forget_kept_reads (LdStore *store)
{
  ld_store_catalog_forget_tests (store);
  ld_store_settings_forget (store);
}

/* Read once per transaction while it changes nothing (ld_db_get_read_mark()):
 * one request looks up several tests and settings, and on PostgreSQL
 * each read was a round trip. */
gint64
ld_store_read_generation (LdStore           *store,
                          LdStoreGeneration  which)
{
  static const char * const sql[] = {
    [LD_STORE_GENERATION_CATALOG] = "SELECT generation FROM catalog_generation",
    [LD_STORE_GENERATION_SETTINGS] = "SELECT generation FROM settings_generation",
  };
  guint64 mark = ld_db_get_read_mark (store->db);
  LdDbStmt *stmt;
  gint64 generation = -1;

  G_STATIC_ASSERT (G_N_ELEMENTS (sql) == LD_STORE_N_GENERATIONS);
  G_STATIC_ASSERT (G_N_ELEMENTS (store->generations) == LD_STORE_N_GENERATIONS);

  if (mark != 0 && store->generations[which].mark == mark)
    return store->generations[which].value;

  stmt = ld_store_prepare (store, sql[which], NULL);
  if (stmt != NULL && ld_db_step (stmt, NULL) == LD_DB_ROW)
    {
      generation = ld_db_column_int64 (stmt, 0);
      if (!ld_db_step_done (stmt, NULL))
        generation = -1;
    }
  /* The read itself did not move the mark: it is a SELECT. */
  store->generations[which].value = generation;
  store->generations[which].mark = generation >= 0 ? mark : 0;
  return generation;
}

gboolean
ld_store_get_schema (LdStore  *store,
                     gint64   *out_schema,
                     GError  **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  if (is_postgresql (store))
    return ld_store_pg_get_schema (store->db, out_schema, error);
  return ld_sqlite_get_user_version (ld_db_sqlite_get_handle (store->db), out_schema, error);
}

/**
 * ld_store_ping:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE if the database answers a query
 */
gboolean
ld_store_ping (LdStore  *store,
               GError  **error)
{
  static const char sql[] = "SELECT count(*) FROM users";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  return stmt != NULL && ld_db_step_done (stmt, error);
}

/**
 * ld_store_backup:
 * @store: a store, with its audit seal if it has one
 * @dest_path: a new file
 * @error: return location for an %LD_STORE_ERROR
 *
 * Copies a consistent snapshot of a SQLite database to @dest_path, private
 * to its owner (0600).
 * With a seal, the audit key and the copy's own head are written beside
 * it (DEST.audit-key, DEST.audit-head), so the copy is checked, and
 * restored, as a set of three files.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_backup (LdStore     *store,
                 const char  *dest_path,
                 GError     **error)
{
  g_autoptr(LdStore) copy = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *head_path = NULL;
  g_autofree char *hash = NULL;
  gint64 seq;
  int fd;

  g_return_val_if_fail (store != NULL, FALSE);

  /* PostgreSQL's copy is pg_dump's: ld_store_backup_and_check(). */
  g_return_val_if_fail (!is_postgresql (store), FALSE);

  /* Created here, not by SQLite, so no umask ever makes it readable. */
  fd = g_open (dest_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "The backup file could not be created: %s", g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!ld_sqlite_backup_to (ld_db_sqlite_get_handle (store->db), dest_path, error))
    return FALSE;
  if (store->seal == NULL)
    return TRUE;

  copy = open_store (dest_path, LD_SQLITE_OPEN_READONLY, error);
  if (copy == NULL || !ld_store_audit_get_head (copy, &seq, &hash, error))
    return FALSE;

  key_path = ld_audit_seal_default_key_path (dest_path);
  head_path = ld_audit_seal_default_head_path (dest_path);
  return ld_audit_seal_export (store->seal, key_path, head_path, seq, hash, error);
}

/**
 * ld_store_check_backup:
 * @dest_path: a copy written by ld_store_backup()
 * @out_problem: (out) (nullable): set to a sentence saying what is wrong
 *   with the copy, or %NULL when it passed
 * @error: return location for an %LD_STORE_ERROR
 *
 * Checks a copy as it would be checked once restored: opened read-only
 * with the audit key and head written beside it, the database's integrity
 * checked, then the audit chain walked against the head. `labdesk-server
 * backup` and `POST /api/v1/backups` both check with this.
 *
 * Returns: %TRUE if the check ran (then @out_problem says whether the copy
 *   passed), %FALSE if the copy could not be read at all
 */
gboolean
ld_store_check_backup (const char  *dest_path,
                       char       **out_problem,
                       GError     **error)
{
  g_autoptr(LdStore) copy = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *problems = NULL;
  LdAuditReport report;

  g_return_val_if_fail (dest_path != NULL && out_problem != NULL, FALSE);

  *out_problem = NULL;
  copy = ld_store_open_existing (dest_path, TRUE, error);
  if (copy == NULL || !ld_store_check_integrity (copy, &problems, error))
    return FALSE;
  if (problems != NULL)
    {
      *out_problem = g_strdup_printf ("The copy failed its integrity check:\n%s", problems);
      return TRUE;
    }

  /* A database that was never sealed has no key beside its copy. */
  if (!ld_store_load_audit_seal (copy, NULL, NULL, FALSE, &local) &&
      !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!ld_store_audit_verify (copy, &report, error))
    return FALSE;
  if (report.verdict != LD_AUDIT_VERDICT_OK)
    *out_problem = g_strdup_printf ("The copy’s audit chain failed its check at event %"
                                    G_GINT64_FORMAT ".", report.at_seq);
  return TRUE;
}

/**
 * ld_store_backup_and_check:
 * @store: a store, outside any transaction, with its audit seal if it has
 *   one
 * @dest_path: a new file
 * @out_problem: (out) (nullable): set to a sentence saying what is wrong
 *   with the copy, or %NULL when it passed
 * @error: return location for an %LD_STORE_ERROR
 *
 * The backup `labdesk-server backup` and `POST /api/v1/backups` take, on
 * either backend, with the audit key and the copy's own head beside it
 * (DEST.audit-key, DEST.audit-head). SQLite: ld_store_backup(), then
 * ld_store_check_backup(). PostgreSQL: a `pg_dump --format=custom` file
 * (ld-store-dump-pg.c), its chain walked in the snapshot it dumped and the
 * file read back whole by `pg_restore`.
 *
 * Returns: %TRUE if the copy was written and its check ran (then
 *   @out_problem says whether it passed)
 */
gboolean
ld_store_backup_and_check (LdStore     *store,
                           const char  *dest_path,
                           char       **out_problem,
                           GError     **error)
{
  g_return_val_if_fail (store != NULL && dest_path != NULL && out_problem != NULL, FALSE);

  *out_problem = NULL;
  if (is_postgresql (store))
    return ld_store_pg_dump (store, dest_path, out_problem, error);

  return ld_store_backup (store, dest_path, error) &&
         ld_store_check_backup (dest_path, out_problem, error);
}

/* PostgreSQL checks each page as it reads it (and its checksum, when the
 * cluster has them): reading every row of every table of the schema finds
 * a damaged table. Its indexes are pg_amcheck's to check, which needs the
 * amcheck extension and a superuser (README). The tables are named from
 * the catalogue, quoted by format (), never from input. */
static gboolean
pg_check_integrity (LdStore  *store,
                    char    **out_problems,
                    GError  **error)
{
  static const char sql[] =
    "SELECT sum (CAST (CAST ((xpath ('/row/n/text()',"
    "  query_to_xml (format ('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]"
    "  AS text) AS bigint))"
    " FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = CAST ('public' AS regnamespace)";
  g_autoptr(GError) local = NULL;
  LdDbStmt *stmt;

  *out_problems = NULL;
  stmt = ld_db_prepare_cached (store->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (ld_db_step (stmt, &local) == LD_DB_ROW && ld_db_step_done (stmt, &local))
    return TRUE;

  if (!g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  *out_problems = g_strdup_printf ("%s\n", local->message);
  return TRUE;
}

gboolean
ld_store_check_integrity (LdStore  *store,
                          char    **out_problems,
                          GError  **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  if (is_postgresql (store))
    return pg_check_integrity (store, out_problems, error);

  return ld_sqlite_integrity_check (ld_db_sqlite_get_handle (store->db), out_problems, error);
}

/**
 * ld_store_transaction_begin:
 * @txn: a guard declared with `g_auto(LdStoreTransaction) txn = { NULL };`
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Every request that writes runs in one such transaction, with its audit
 * event; the guard rolls back unless ld_store_transaction_commit() ran.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_transaction_begin (LdStoreTransaction  *txn,
                            LdStore             *store,
                            GError             **error)
{
  LdDbTransaction *inner;
  guint depth;

  g_return_val_if_fail (txn != NULL && txn->impl == NULL, FALSE);
  g_return_val_if_fail (store != NULL, FALSE);

  if (!ld_store_batch_before_begin (store, error))
    return FALSE;
  if (store->checkpointer != NULL && ld_db_transaction_depth (store->db) == 0)
    ld_store_checkpointer_before_write (store->checkpointer);
  inner = g_new0 (LdDbTransaction, 1);
  if (!ld_db_transaction_begin (inner, store->db, error))
    {
      g_free (inner);
      return FALSE;
    }

  txn->impl = inner;
  txn->store = store;
  depth = ld_db_transaction_depth (store->db);
  /* The audit head is moved by the real commit; each request of a batch
   * is a commit of its own in the change feed. */
  if (depth == 1)
    {
      store->audit_dirty = FALSE;
      ld_store_audit_forget_head (store);
    }
  if (depth == 1 || depth == ld_store_batch_get_depth (store) + 1)
    store->commit_id = 0;
  return TRUE;
}

/**
 * ld_store_transaction_begin_unsynced:
 * @txn: a guard declared with `g_auto(LdStoreTransaction) txn = { NULL };`
 * @store: a store, outside any transaction
 * @error: return location for an %LD_STORE_ERROR
 *
 * Like ld_store_transaction_begin(), but its commit is written to the log
 * without waiting for the disk to sync it: it survives the server being
 * killed, and is made durable by the next synced commit or checkpoint
 * (with a checkpointer running, within a fraction of a second; see
 * ld_store_checkpointer_sync_soon()). Only for what no client is told was
 * made, such as the audit events of reads (ld-audit-batch.c).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_transaction_begin_unsynced (LdStoreTransaction  *txn,
                                     LdStore             *store,
                                     GError             **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  if (!ld_store_batch_settle (store, error))
    return FALSE;
  g_return_val_if_fail (ld_db_transaction_depth (store->db) == ld_store_batch_get_depth (store),
                        FALSE);

  /* PostgreSQL's counterpart lasts for this transaction alone, and its
   * WAL writer makes the commit durable within wal_writer_delay. */
  if (is_postgresql (store))
    return ld_store_transaction_begin (txn, store, error) &&
           ld_db_exec_cached (store->db, "SET LOCAL synchronous_commit = off", error);

  /* Every commit is written unsynced already, and synced by the syncer. */
  if (store->syncer != NULL)
    {
      if (!ld_store_transaction_begin (txn, store, error))
        return FALSE;
      txn->unsynced_store = store;
      return TRUE;
    }

  if (!ld_db_exec_cached (store->db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  if (!ld_store_transaction_begin (txn, store, error))
    {
      ld_db_exec_cached (store->db, "PRAGMA synchronous = FULL", NULL);
      return FALSE;
    }

  txn->unsynced_store = store;
  return TRUE;
}

/* Every other commit on the connection syncs again. */
static void
end_transaction (LdStoreTransaction *txn,
                 gboolean            committed)
{
  LdStore *unsynced = g_steal_pointer (&txn->unsynced_store);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&txn->impl, g_free);
  txn->store = NULL;
  if (unsynced == NULL || unsynced->syncer != NULL)
    return;

  if (!ld_db_exec_cached (unsynced->db, "PRAGMA synchronous = FULL", &error))
    g_critical ("could not make commits synced again: %s", error->message);
  if (committed && unsynced->checkpointer != NULL)
    ld_store_checkpointer_sync_soon (unsynced->checkpointer);
}

/* After the commit that holds the event @seq: the head may name it once
 * the commit is on disk, never before, so that after a crash the head is
 * behind the database or level with it. With a head writer, its thread
 * writes the head (an fsync and a rename, about as costly as the commit
 * itself), so requests do not wait for it. */
static void
move_audit_head (LdStore    *store,
                 gboolean    synced,
                 gint64      seq,
                 const char *hash)
{
  g_autoptr(GError) error = NULL;

  if (store->head_writer != NULL || !synced)
    {
      ld_audit_seal_set_pending (store->seal, seq, hash, synced);
      if (store->head_writer != NULL && synced)
        ld_store_head_writer_write_soon (store->head_writer);
      return;
    }

  /* The change is made and the client will be told so; a head left
   * behind only weakens what check can prove about these events. */
  if (!ld_audit_seal_write_head (store->seal, seq, hash, &error))
    g_warning ("%s", error->message);
}

/* On PostgreSQL other server processes have WebSocket listeners too: a
 * transaction that appended to the change feed tells them, delivered by
 * PostgreSQL at its commit (ld-store-notify.c). */
static gboolean
notify_feed_moved (LdStore  *store,
                   GError  **error)
{
  if (store == NULL || store->commit_id == 0 || ld_db_transaction_depth (store->db) != 1 ||
      !is_postgresql (store))
    return TRUE;

  return ld_db_exec_soon (store->db, "NOTIFY " LD_STORE_CHANGES_CHANNEL, error);
}

gboolean
ld_store_transaction_commit (LdStoreTransaction  *txn,
                             GError             **error)
{
  LdStore *store = txn->store;
  g_autofree char *head_hash = NULL;
  gint64 head_seq = 0;
  /* With a syncer, no commit is on disk when it returns. */
  gboolean synced = txn->unsynced_store == NULL && (store == NULL || store->syncer == NULL);

  g_return_val_if_fail (txn->impl != NULL, FALSE);

  /* Read inside the transaction: events appended in a savepoint that was
   * rolled back are not in it. */
  if (store != NULL && store->audit_dirty && ld_db_transaction_depth (store->db) == 1 &&
      !ld_store_audit_read_head (store, &head_seq, &head_hash, error))
    return FALSE;
  if (!notify_feed_moved (store, error))
    return FALSE;

  if (!ld_db_transaction_commit (txn->impl, error))
    return FALSE;
  ld_store_note_level_ended (store, TRUE);

  if (head_hash != NULL)
    {
      store->audit_dirty = FALSE;
      move_audit_head (store, synced, head_seq, head_hash);
    }
  if (store != NULL && ld_db_transaction_depth (store->db) == 0)
    ld_store_audit_forget_head (store);
  if (store != NULL && store->syncer != NULL && ld_db_transaction_depth (store->db) == 0)
    ld_store_syncer_hand_over (store->syncer);
  end_transaction (txn, TRUE);
  return TRUE;
}

void
ld_store_transaction_rollback (LdStoreTransaction *txn)
{
  LdStore *store;

  if (txn == NULL || txn->impl == NULL)
    return;

  store = txn->store;
  ld_db_transaction_rollback (txn->impl);
  ld_store_note_level_ended (store, FALSE);
  /* A test or setting read inside what was rolled back may be one the
   * database never had, under a generation number another change will
   * take. A reader's connection never writes, so what it read was the
   * database's: it keeps them (every release's render ends its snapshot
   * with a rollback, and read the catalogue and settings again). */
  if (!store->read_only)
    ld_store_forget_kept_reads (store);
  ld_store_audit_forget_head (store);
  if (ld_db_transaction_depth (store->db) == 0)
    store->audit_dirty = FALSE;
  end_transaction (txn, FALSE);
  ld_store_batch_note_rollback (store);
}

/**
 * ld_store_next_number:
 * @store: a store, inside the write transaction that uses the number
 * @counter: the counter's name, such as "mrn"
 * @out_number: (out): the next number, from 1
 * @error: return location for an %LD_STORE_ERROR
 *
 * Numbers are taken inside the transaction that uses them: a rolled-back
 * registration gives its number back, and none is given out twice.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_next_number (LdStore     *store,
                      const char  *counter,
                      gint64      *out_number,
                      GError     **error)
{
  static const char sql[] =
    "INSERT INTO counters (name, value) VALUES (?, 1)"
    " ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, counter);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;

  *out_number = ld_db_column_int64 (stmt, 0);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_derive_secret:
 * @store: a store
 * @context: what the secret is for
 * @id: whose it is
 * @out: (out caller-allocates): the secret
 * @out_length: its length, 16 to 64
 *
 * A secret derived from the audit seal's key, kept outside the database
 * (ld_audit_seal_derive()).
 *
 * Returns: %FALSE when the store was opened without its seal
 */
gboolean
ld_store_derive_secret (LdStore    *store,
                        const char *context,
                        const char *id,
                        guint8     *out,
                        gsize       out_length)
{
  g_return_val_if_fail (store != NULL, FALSE);

  if (store->seal == NULL)
    return FALSE;
  ld_audit_seal_derive (store->seal, context, id, out, out_length);
  return TRUE;
}

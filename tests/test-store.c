/* test-store.c: migrations, conditional updates, transactions, the audit chain
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "ld-sqlite.h"
#include "ld-test-server.h"
#include "store/ld-store.h"
/* For the connection's own settings, which only the store can see. */
#include "store/ld-store-private.h"

typedef struct
{
  char    *dir;
  char    *path;
  LdStore *store;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("labdesk-store-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "store.db", NULL);
  fx->store = ld_store_open (fx->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  const char *suffixes[] = {
    "",        "-wal",        "-shm",        ".audit-key",        ".audit-head",
    ".backup", ".backup-wal", ".backup-shm", ".backup.audit-key", ".backup.audit-head"
  };

  g_clear_pointer (&fx->store, ld_store_close);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fx->path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static LdUser *
insert_user (Fixture    *fx,
             const char *username,
             LdRole      roles)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  LdUser *user = ld_user_new (id, username, "Someone", roles);

  g_assert_true (ld_store_users_insert (fx->store, user, "$argon2id$fake", &error));
  g_assert_no_error (error);
  return user;
}

static void
test_migrations_reach_latest (Fixture       *fx,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) again = NULL;
  gint64 schema;

  g_assert_true (ld_store_get_schema (fx->store, &schema, &error));
  g_assert_cmpint (schema, ==, ld_store_get_latest_schema ());
  g_assert_cmpint (schema, >=, 1);

  /* Opening again applies nothing and changes nothing. */
  g_clear_pointer (&fx->store, ld_store_close);
  again = ld_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_true (ld_store_get_schema (again, &schema, &error));
  g_assert_cmpint (schema, ==, ld_store_get_latest_schema ());
}

static void
test_newer_database_is_refused (Fixture       *fx,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = NULL;
  g_autoptr(LdStore) store = NULL;

  g_clear_pointer (&fx->store, ld_store_close);
  db = ld_sqlite_open (fx->path, LD_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (ld_sqlite_set_user_version (db, ld_store_get_latest_schema () + 5, &error));
  g_clear_pointer (&db, ld_sqlite_close);

  store = ld_store_open (fx->path, &error);
  g_assert_null (store);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer Labdesk"));
  g_clear_error (&error);

  store = ld_store_open_existing (fx->path, TRUE, &error);
  g_assert_null (store);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW);
}

static void
test_not_a_database_is_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("labdesk-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "junk.db", NULL);
  g_autoptr(LdStore) store = NULL;

  g_file_set_contents (path, "this is not a database, just some text that is long enough",
                       -1, NULL);
  store = ld_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_stale_update_conflicts (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdUser) user = insert_user (fx, "asha", LD_ROLE_DOCTOR);
  g_autoptr(LdUser) reread = NULL;

  ld_user_set_display_name (user, "Dr. Asha");
  g_assert_true (ld_store_users_update (fx->store, user, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ld_user_get_version (user), ==, 2);

  ld_user_set_display_name (user, "Lost update");
  g_assert_false (ld_store_users_update (fx->store, user, 1, NULL, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  reread = ld_store_users_get (fx->store, ld_user_get_id (user), &error);
  g_assert_cmpstr (ld_user_get_display_name (reread), ==, "Dr. Asha");
  g_assert_cmpint (ld_user_get_version (reread), ==, 2);
}

static void
test_duplicate_username_is_a_constraint (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdUser) first = insert_user (fx, "ravi", LD_ROLE_TECHNICIAN);
  g_autoptr(LdUser) second = ld_user_new ("6a1f0a4e-6f33-4d5b-9a53-7a6a1d1b0c9e", "ravi", "R",
                                           LD_ROLE_TECHNICIAN);

  g_assert_false (ld_store_users_insert (fx->store, second, "$argon2id$fake", &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT);
}

static void
test_transaction_guard_rolls_back (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 count;

  {
    g_auto(LdStoreTransaction) txn = { NULL };
    g_autoptr(LdUser) user = NULL;

    g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
    user = insert_user (fx, "temp", LD_ROLE_RECEPTION);
    /* Leaving the scope without commit must undo the insert. */
  }

  g_assert_true (ld_store_users_count (fx->store, &count, &error));
  g_assert_cmpint (count, ==, 0);
}

static void
tamper (Fixture    *fx,
        const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (fx->path, LD_SQLITE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (ld_sqlite_exec (db, sql, &error));
  g_assert_no_error (error);
}

static LdAuditReport
verify (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  LdAuditReport report;

  g_assert_true (ld_store_audit_verify (fx->store, &report, &error));
  g_assert_no_error (error);
  return report;
}

/* Appends @n events, each in a transaction of its own, as requests do. */
static void
append_events (Fixture *fx,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_auto(LdStoreTransaction) txn = { NULL };
      g_autoptr(GError) error = NULL;

      g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
      ld_test_append_audit_event (fx->store, "user.update");
      g_assert_true (ld_store_transaction_commit (&txn, &error));
      g_assert_no_error (error);
    }
}

static void
test_audit_chain_detects_tampering (Fixture       *fx,
                                    gconstpointer  data)
{
  LdAuditReport report;

  append_events (fx, 5);
  report = verify (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_OK);
  g_assert_cmpint (report.n_events, ==, 5);
  g_assert_cmpint (report.keyed_from, ==, 1);
  g_assert_cmpint (report.head_seq, ==, 5);

  tamper (fx, "UPDATE audit_events SET username = 'mallory' WHERE seq = 3");
  report = verify (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_MAC_MISMATCH);
  g_assert_cmpint (report.at_seq, ==, 3);
}

/* With a head writer, commits leave the head to its thread, which writes
 * the newest durable one soon after; stopping it writes the last one. */
static void
test_head_writer_moves_the_head (Fixture       *fx,
                                 gconstpointer  data)
{
  LdStoreHeadWriter *writer = ld_store_head_writer_new (fx->store);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  LdAuditReport report;

  append_events (fx, 20);
  for (report = verify (fx); report.head_seq < 20; report = verify (fx))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_OK);
  g_assert_cmpint (report.head_seq, ==, 20);

  /* The commits just before it stops are not left behind. */
  append_events (fx, 3);
  ld_store_head_writer_free (writer);
  report = verify (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_OK);
  g_assert_cmpint (report.head_seq, ==, 23);
}

static void
test_audit_chain_detects_removal (Fixture       *fx,
                                  gconstpointer  data)
{
  LdAuditReport report;

  append_events (fx, 4);
  tamper (fx, "DELETE FROM audit_events WHERE seq = 2");
  report = verify (fx);
  g_assert_cmpint (report.n_events, ==, 3);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_BROKEN_LINK);
  g_assert_cmpint (report.at_seq, ==, 3);
}

/* The newest events removed leave an intact chain, behind its head. */
static void
test_audit_chain_detects_truncated_head (Fixture       *fx,
                                         gconstpointer  data)
{
  LdAuditReport report;

  append_events (fx, 5);
  tamper (fx, "DELETE FROM audit_events WHERE seq >= 4");
  report = verify (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_TRUNCATED);
  g_assert_cmpint (report.last_seq, ==, 3);
  g_assert_cmpint (report.head_seq, ==, 5);
  g_assert_cmpint (report.at_seq, ==, 4);
}

/* What somebody with the database but not the key can do: rewrite an
 * event, then give it and every later event up to @to_seq a correct plain
 * SHA-256 and link, marked keyed or not as @keyed says. */
static void
rewrite_range (Fixture    *fx,
               gint64      from_seq,
               gint64      to_seq,
               gboolean    keyed)
{
  static const char update_sql[] =
    "UPDATE audit_events SET detail = ?, prev_hash = ?, hash = ?, keyed = ? WHERE seq = ?";
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (fx->path, LD_SQLITE_OPEN_DEFAULT, &error);
  LdAuditFilter filter = { .limit = 1000 };
  g_autoptr(GPtrArray) events = ld_store_audit_list (fx->store, &filter, &error);
  g_autofree char *prev = NULL;

  g_assert_no_error (error);
  for (guint i = events->len; i-- > 0;)
    {
      LdAuditEvent *event = g_ptr_array_index (events, i);
      LdSqliteStmt *stmt;

      if (event->seq > to_seq)
        break;
      if (event->seq < from_seq)
        {
          g_free (prev);
          prev = g_strdup (event->hash);
          continue;
        }

      if (event->seq == from_seq)
        {
          g_free (event->detail);
          event->detail = g_strdup ("nothing happened");
        }
      g_free (event->prev_hash);
      event->prev_hash = g_strdup (prev ? prev : LD_AUDIT_GENESIS_HASH);
      g_free (event->hash);
      event->hash = ld_audit_event_compute_hash (event, NULL, 0);

      stmt = ld_sqlite_prepare_cached (db, update_sql, &error);
      g_assert_nonnull (stmt);
      g_assert_no_error (error);
      ld_sqlite_bind_text (stmt, 1, event->detail);
      ld_sqlite_bind_text (stmt, 2, event->prev_hash);
      ld_sqlite_bind_text (stmt, 3, event->hash);
      ld_sqlite_bind_int64 (stmt, 4, keyed);
      ld_sqlite_bind_int64 (stmt, 5, event->seq);
      g_assert_true (ld_sqlite_step_done (stmt, &error));
      g_assert_no_error (error);

      g_free (prev);
      prev = g_strdup (event->hash);
    }
}

static void
rewrite_from (Fixture  *fx,
              gint64    from_seq,
              gboolean  keyed)
{
  rewrite_range (fx, from_seq, G_MAXINT64, keyed);
}

static void
test_audit_chain_detects_recomputed_hashes (Fixture       *fx,
                                            gconstpointer  data)
{
  LdAuditReport report;

  append_events (fx, 5);
  rewrite_from (fx, 3, TRUE);
  report = verify (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_MAC_MISMATCH);
  g_assert_cmpint (report.at_seq, ==, 3);

  /* Marked unkeyed after keyed events: the keyed chain never ends. */
  rewrite_from (fx, 3, FALSE);
  report = verify (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_MAC_MISMATCH);
  g_assert_cmpint (report.at_seq, ==, 3);

  /* The whole chain made plain again: only the sealed head tells. */
  rewrite_from (fx, 1, FALSE);
  report = verify (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_MAC_MISMATCH);
  g_assert_cmpint (report.at_seq, ==, 5);
}

/* A database from before the key: its plain events still pass, the keyed
 * chain starts after them and its first MAC covers their last hash. */
static void
test_audit_chain_keeps_unkeyed_start (Fixture       *fx,
                                      gconstpointer  data)
{
  LdAuditReport report;

  append_events (fx, 3);
  rewrite_from (fx, 1, FALSE);
  g_assert_true (g_unlink (ld_audit_seal_get_head_path (fx->store->seal)) == 0);
  report = verify (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_OK);
  g_assert_cmpint (report.keyed_from, ==, 0);

  append_events (fx, 2);
  report = verify (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_OK);
  g_assert_cmpint (report.keyed_from, ==, 4);
  g_assert_cmpint (report.head_seq, ==, 5);

  /* An old event rewritten with its plain successors: the first keyed
   * event's MAC covers the link it no longer matches. */
  rewrite_range (fx, 2, 3, FALSE);
  report = verify (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_BROKEN_LINK);
  g_assert_cmpint (report.at_seq, ==, 4);
}

/* A head file removed with keyed events in the chain: the store refuses
 * to open rather than write a new head that would hide what was lost. */
static void
test_missing_head_is_refused (Fixture       *fx,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autofree char *head = ld_audit_seal_default_head_path (fx->path);
  LdAuditReport report;

  append_events (fx, 2);
  g_assert_true (g_unlink (head) == 0);
  report = verify (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_NO_HEAD);

  g_clear_pointer (&fx->store, ld_store_close);
  store = ld_store_open (fx->path, &error);
  g_assert_null (store);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "head file"));
}

/* Two processes that share a head file, each with its own seal: the one
 * that commits an older event writes last, and the head stays newer. */
static void
test_head_never_moves_back (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = ld_audit_seal_default_key_path (fx->path);
  g_autofree char *head = ld_audit_seal_default_head_path (fx->path);
  g_autoptr(LdAuditSeal) ahead = ld_audit_seal_open (key, head, FALSE, &error);
  g_autoptr(LdAuditSeal) behind = ld_audit_seal_open (key, head, FALSE, &error);
  g_autofree char *hash = NULL;
  gint64 seq = 0;

  g_assert_no_error (error);
  g_assert_true (ld_audit_seal_write_head (ahead, 7, "newer", &error));
  g_assert_true (ld_audit_seal_write_head (behind, 5, "older", &error));
  g_assert_no_error (error);

  g_assert_true (ld_audit_seal_read_head (behind, &seq, &hash, &error));
  g_assert_cmpint (seq, ==, 7);
  g_assert_cmpstr (hash, ==, "newer");
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* Every file that holds patients' data, or the audit key, is the owner's
 * alone, whatever the umask. */
static void
test_files_are_private (Fixture       *fx,
                        gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm", ".audit-key", ".audit-head",
                             ".backup", ".backup.audit-key", ".backup.audit-head" };
  g_autofree char *backup = g_strconcat (fx->path, ".backup", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) copy = NULL;
  mode_t saved = umask (022);
  LdAuditReport report;

  g_clear_pointer (&fx->store, ld_store_close);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *file = g_strconcat (fx->path, suffixes[i], NULL);
      g_unlink (file);
    }
  fx->store = ld_store_open (fx->path, &error);
  g_assert_no_error (error);
  append_events (fx, 2);
  g_assert_true (ld_store_backup (fx->store, backup, &error));
  g_assert_no_error (error);
  umask (saved);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fx->path, suffixes[i], NULL);

      g_test_message ("%s", file);
      g_assert_cmpuint (file_mode (file), ==, 0600);
    }

  /* The copy checks with the files beside it. */
  copy = ld_store_open_existing (backup, TRUE, &error);
  g_assert_nonnull (copy);
  g_assert_true (ld_store_load_audit_seal (copy, NULL, NULL, FALSE, &error));
  g_assert_true (ld_store_audit_verify (copy, &report, &error));
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_OK);
  g_assert_cmpint (report.head_seq, ==, 2);

  /* A database made readable by an older version is made private. */
  g_clear_pointer (&fx->store, ld_store_close);
  g_assert_cmpint (g_chmod (fx->path, 0644), ==, 0);
  fx->store = ld_store_open (fx->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (fx->path), ==, 0600);

  /* A key others can read is refused. */
  g_clear_pointer (&fx->store, ld_store_close);
  {
    g_autofree char *key = ld_audit_seal_default_key_path (fx->path);
    g_autoptr(LdStore) refused = NULL;

    g_assert_cmpint (g_chmod (key, 0640), ==, 0);
    refused = ld_store_open (fx->path, &error);
    g_assert_null (refused);
    g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "chmod 600"));
  }
}

static gint64
pragma_value (Fixture    *fx,
              const char *pragma)
{
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt = ld_db_prepare_cached (fx->store->db, pragma, &error);

  g_assert_no_error (error);
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
  return ld_db_column_int64 (stmt, 0);
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_size;
}

static void
wait_for_checkpoints (LdStoreCheckpointer *checkpointer,
                      guint                n_done)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (ld_store_checkpointer_get_n_done (checkpointer) < n_done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
}

/* Commits past a full log leave the copying to the checkpoint thread, which
 * gets it done: the rows reach the database file. */
static void
test_checkpoints_run_on_their_thread (Fixture       *fx,
                                      gconstpointer  data)
{
  g_autoptr(LdStoreCheckpointer) checkpointer = ld_store_checkpointer_new (fx->store);
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  goffset before = file_size (fx->path);

  /* Each event is a commit of a few pages: well past 1,000 frames. */
  append_events (fx, 600);

  wait_for_checkpoints (checkpointer, 1);
  g_assert_cmpint (file_size (fx->path), >, before);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* Under steady load a reader always holds a recent snapshot, so the log is
 * never started again from its beginning and only grows. A checkpoint
 * then waits for 1,000 frames beyond what the last one copied, not for
 * every commit once the log is that long: the pages many commits rewrite
 * are copied once for all of them. */
static void
test_checkpoints_wait_for_new_frames (Fixture       *fx,
                                      gconstpointer  data)
{
  g_autoptr(LdStoreCheckpointer) checkpointer = ld_store_checkpointer_new (fx->store);
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) reader = ld_sqlite_open (fx->path, LD_SQLITE_OPEN_DEFAULT, &error);
  const goffset frame_bytes = 24 + 4096;
  goffset n_frames;

  g_assert_no_error (error);
  for (guint i = 0; i < 600; i++)
    {
      g_auto(LdStoreTransaction) txn = { NULL };

      g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
      ld_test_append_audit_event (fx->store, "user.update");
      g_assert_true (ld_store_transaction_commit (&txn, &error));
      /* The reader's snapshot moves on to this commit and holds it. */
      if (i > 0)
        g_assert_true (ld_sqlite_exec (reader, "COMMIT", &error));
      g_assert_true (ld_sqlite_exec (reader, "BEGIN", &error));
      g_assert_true (ld_sqlite_exec (reader, "SELECT count(*) FROM audit_events", &error));
    }
  g_assert_true (ld_sqlite_exec (reader, "COMMIT", &error));

  /* Never started again, the log's file holds every frame written. */
  n_frames = (file_size (wal) - 32) / frame_bytes;
  g_assert_cmpint (n_frames, >, 2000);
  wait_for_checkpoints (checkpointer, 1);
  g_assert_cmpuint (ld_store_checkpointer_get_n_done (checkpointer), <=, n_frames / 1000 + 1);
}

typedef struct
{
  const char *path;
  gint        stop;
} Readers;

/* Reads in short transactions, one after another, until told to stop: a
 * reader thread of the server under load. */
static gpointer
read_until_stopped (gpointer data)
{
  Readers *readers = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (readers->path, LD_SQLITE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  while (!g_atomic_int_get (&readers->stop))
    {
      g_assert_true (ld_sqlite_exec (db, "BEGIN", &error));
      g_assert_true (ld_sqlite_exec (db, "SELECT count(*) FROM audit_events", &error));
      g_usleep (2 * G_TIME_SPAN_MILLISECOND);
      g_assert_true (ld_sqlite_exec (db, "COMMIT", &error));
    }
  return NULL;
}

/* With two readers always reading, some snapshot always holds the log, so
 * the writer never finds it all copied and free to start again: before
 * issue 36's fix the file held every frame ever written. A log past its
 * limit is now started again (the writer waits a moment for it) and its
 * file cut back. */
static void
test_long_log_is_started_again (Fixture       *fx,
                                gconstpointer  data)
{
  g_autoptr(LdStoreCheckpointer) checkpointer = ld_store_checkpointer_new (fx->store);
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  Readers readers = { fx->path, FALSE };
  const goffset frame_bytes = 24 + 4096;
  GThread *threads[2];
  guint frames = 0, restarts = 0;

  ld_store_checkpointer_set_log_limit (checkpointer, 300);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("reader", read_until_stopped, &readers);

  append_events (fx, 1500);

  g_atomic_int_set (&readers.stop, TRUE);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    g_thread_join (threads[t]);

  g_assert_true (ld_store_get_log_figures (fx->store, &frames, &restarts));
  g_assert_cmpuint (restarts, >=, 1);
  /* 1,500 commits wrote about 12,000 frames (each event's rows and five
   * indexes); the file holds only those since the log last started, about
   * a checkpoint's worth past the limit, or a few if a reader held a
   * restart up. */
  g_assert_cmpint ((file_size (wal) - 32) / frame_bytes, <, 6000);
}

/* An unsynced commit gets a checkpoint (which syncs the log) shortly after,
 * and the connection's next commits are synced again. */
static void
test_unsynced_commit_is_synced_soon (Fixture       *fx,
                                     gconstpointer  data)
{
  g_autoptr(LdStoreCheckpointer) checkpointer = ld_store_checkpointer_new (fx->store);
  g_autoptr(GError) error = NULL;
  const gint64 full = 2;

  g_assert_cmpint (pragma_value (fx, "PRAGMA synchronous"), ==, full);
  {
    g_auto(LdStoreTransaction) txn = { NULL };

    g_assert_true (ld_store_transaction_begin_unsynced (&txn, fx->store, &error));
    g_assert_cmpint (pragma_value (fx, "PRAGMA synchronous"), <, full);
    ld_test_append_audit_event (fx->store, "patient.search");
    g_assert_true (ld_store_transaction_commit (&txn, &error));
  }
  g_assert_cmpint (pragma_value (fx, "PRAGMA synchronous"), ==, full);
  wait_for_checkpoints (checkpointer, 1);
  /* The audit head names the event only once the checkpoint synced it. */
  {
    LdAuditReport report = verify (fx);

    g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_OK);
    g_assert_cmpint (report.head_seq, ==, 1);
  }

  /* A rolled-back one restores the setting too. */
  {
    g_auto(LdStoreTransaction) txn = { NULL };

    g_assert_true (ld_store_transaction_begin_unsynced (&txn, fx->store, &error));
    ld_test_append_audit_event (fx->store, "patient.search");
  }
  g_assert_cmpint (pragma_value (fx, "PRAGMA synchronous"), ==, full);
  g_assert_cmpint (pragma_value (fx, "SELECT count(*) FROM audit_events"), ==, 1);
}

static char *
dup_phone_national (const char *path,
                    const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (path, LD_SQLITE_OPEN_READONLY, &error);
  LdSqliteStmt *stmt;
  char *national = NULL;

  g_assert_no_error (error);
  stmt =
    ld_sqlite_prepare_cached (db, "SELECT phone_national FROM patients WHERE phone = ?1", &error);
  g_assert_no_error (error);
  ld_sqlite_bind_text (stmt, 1, phone);
  if (ld_sqlite_step (stmt, &error) == LD_SQLITE_ROW)
    national = ld_sqlite_column_dup_text (stmt, 0);
  g_assert_no_error (error);
  return national;
}

/* phone_national once held the last ten digits (India's national number,
 * and nobody else's); a database from then is re-keyed by today's rule
 * when the server opens it. */
static void
test_phone_national_is_rekeyed (Fixture       *fx,
                                gconstpointer  data)
{
  static const struct
  {
    const char *phone;
    const char *old;
    const char *now;
  } cases[] = {
    { "+34 600 123 456", "4600123456", "600123456" },
    { "+91 98450 12345", "9845012345", "9845012345" },
    { "0034 600 999 888", "4600999888", "600999888" },
    { "080 4000 1234", "8040001234", "8040001234" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(LdStoreTransaction) txn = { NULL };
      g_autofree char *id = g_uuid_string_random ();
      g_autoptr(LdPatient) patient = ld_patient_new (id);

      ld_patient_set_fields (patient, "Someone", LD_SEX_FEMALE, NULL, 40, cases[i].phone,
                             NULL, NULL, NULL);
      g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
      g_assert_true (ld_store_patients_insert (fx->store, patient, NULL, &error));
      g_assert_true (ld_store_transaction_commit (&txn, &error));
      g_assert_no_error (error);
    }
  g_clear_pointer (&fx->store, ld_store_close);

  db = ld_sqlite_open (fx->path, LD_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE patients SET phone_national = '%s'"
                                              " WHERE phone = '%s'", cases[i].old, cases[i].phone);

      g_assert_true (ld_sqlite_exec (db, sql, &error));
    }
  /* A database of schema 15 has nothing later migrations add either. */
  ld_test_downgrade_schema (db, 16);
  g_assert_true (ld_sqlite_set_user_version (db, 15, &error));
  g_assert_no_error (error);
  g_clear_pointer (&db, ld_sqlite_close);

  fx->store = ld_store_open (fx->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *national = dup_phone_national (fx->path, cases[i].phone);

      g_assert_cmpstr (national, ==, cases[i].now);
    }
}

static LdCatalogTest *
get_test (Fixture    *fx,
          const char *code)
{
  g_autoptr(GError) error = NULL;
  LdCatalogTest *test = ld_store_catalog_get_test (fx->store, code, &error);

  g_assert_no_error (error);
  return test;
}

/* A database from before departments: the starting catalogue's tests get
 * theirs by code, a test the lab added gets 'other', and each keeps its
 * place; new tests go after them. */
static void
test_departments_are_migrated (Fixture       *fx,
                               gconstpointer  data)
{
  static const char * const codes[] = { "TSH", "HB", "MYTEST", "UPRO" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = NULL;
  g_autoptr(LdCatalogTest) added = ld_catalog_test_new ();
  gint64 last = 0;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_auto(LdStoreTransaction) txn = { NULL };
      g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();

      test->code = g_strdup (codes[i]);
      test->name = g_strdup (codes[i]);
      test->specimen = g_strdup ("serum");
      test->container = g_strdup ("plain");
      test->turnaround_hours = 6;
      test->department = g_strdup ("serology");
      g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
      g_assert_true (ld_store_catalog_insert_test (fx->store, test, &error));
      g_assert_true (ld_store_transaction_commit (&txn, &error));
    }
  g_clear_pointer (&fx->store, ld_store_close);

  db = ld_sqlite_open (fx->path, LD_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  ld_test_downgrade_schema (db, 17);
  g_assert_no_error (error);
  g_clear_pointer (&db, ld_sqlite_close);

  fx->store = ld_store_open (fx->path, &error);
  g_assert_no_error (error);
  {
    const char *want[] = { "endocrinology", "haematology", "other", "clinical_pathology" };

    for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
      {
        g_autoptr(LdCatalogTest) test = get_test (fx, codes[i]);

        g_assert_cmpstr (test->department, ==, want[i]);
        g_assert_cmpint (test->position, >, last);
        last = test->position;
      }
  }

  {
    g_auto(LdStoreTransaction) txn = { NULL };

    added->code = g_strdup ("NEWER");
    added->name = g_strdup ("Newer");
    added->specimen = g_strdup ("serum");
    added->container = g_strdup ("plain");
    added->turnaround_hours = 6;
    added->department = g_strdup ("serology");
    g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
    g_assert_true (ld_store_catalog_insert_test (fx->store, added, &error));
    g_assert_true (ld_store_transaction_commit (&txn, &error));
    g_assert_cmpint (added->position, ==, last + 1);
  }
  {
    g_autoptr(LdCatalogTest) test = get_test (fx, "NEWER");

    g_assert_cmpstr (test->department, ==, "serology");
    g_assert_cmpint (test->position, ==, last + 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/store/migrations-reach-latest", test_migrations_reach_latest);
  ADD ("/server/store/newer-database-is-refused", test_newer_database_is_refused);
  ADD ("/server/store/stale-update-conflicts", test_stale_update_conflicts);
  ADD ("/server/store/duplicate-username-is-a-constraint", test_duplicate_username_is_a_constraint);
  ADD ("/server/store/transaction-guard-rolls-back", test_transaction_guard_rolls_back);
  ADD ("/server/store/audit-chain-detects-tampering", test_audit_chain_detects_tampering);
  ADD ("/server/store/audit-chain-detects-removal", test_audit_chain_detects_removal);
  ADD ("/server/store/audit-chain-detects-truncated-head", test_audit_chain_detects_truncated_head);
  ADD ("/server/store/audit-chain-detects-recomputed-hashes",
       test_audit_chain_detects_recomputed_hashes);
  ADD ("/server/store/audit-chain-keeps-unkeyed-start", test_audit_chain_keeps_unkeyed_start);
  ADD ("/server/store/missing-audit-head-is-refused", test_missing_head_is_refused);
  ADD ("/server/store/audit-head-never-moves-back", test_head_never_moves_back);
  ADD ("/server/store/head-writer-moves-the-head", test_head_writer_moves_the_head);
  ADD ("/server/store/files-are-private", test_files_are_private);
  ADD ("/server/store/checkpoints-run-on-their-thread", test_checkpoints_run_on_their_thread);
  ADD ("/server/store/checkpoints-wait-for-new-frames", test_checkpoints_wait_for_new_frames);
  ADD ("/server/store/long-log-is-started-again", test_long_log_is_started_again);
  ADD ("/server/store/unsynced-commit-is-synced-soon", test_unsynced_commit_is_synced_soon);
  ADD ("/server/store/phone-national-is-rekeyed", test_phone_national_is_rekeyed);
  ADD ("/server/store/departments-are-migrated", test_departments_are_migrated);
#undef ADD
  g_test_add_func ("/server/store/not-a-database-is-refused", test_not_a_database_is_refused);

  return g_test_run ();
}

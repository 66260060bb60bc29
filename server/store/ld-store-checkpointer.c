/* ld-store-checkpointer.c: write-ahead log checkpoints off the server's thread
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * By default SQLite checkpoints inside the commit that fills the log past
 * 1,000 pages: that request, and every request queued behind it on the
 * server's one thread, waits while pages are copied into the database file
 * and the file is synced (tens of milliseconds with a large database). Here
 * the commit only notes the log's size; a thread of its own, with its own
 * connection, runs a passive checkpoint, which never blocks readers or the
 * writer. It runs once the log holds CHECKPOINT_FRAMES frames more than
 * the last one copied: counting the log's whole length would not do, as
 * under steady load the log is seldom started again from its beginning (a
 * write that begins before the checkpoint has copied everything cannot
 * restart it), and every commit past the limit would then ask for a
 * checkpoint of its own pages alone. Pages that many commits rewrite (the
 * tails of the audit and feed indexes, the header) are copied once for
 * all of them. A checkpoint that could not copy everything (a reader
 * still needs old pages) is tried again at the next commit past the limit.
 *
 * A checkpoint first syncs the log, so it is also what makes unsynced
 * commits durable (ld_store_transaction_begin_unsynced()): after one, a
 * checkpoint follows within SYNC_DELAY_US, and many such commits in that
 * time share it.
 *
 * A passive checkpoint never starts the log again from its beginning under
 * unbroken load: the writer can only do that when it begins while every
 * frame is copied and no reader reads from the log, and with requests
 * always running that moment never comes, so the log file grew by the
 * size of every commit (250 MB in ten seconds of bench-flow). Once the log
 * is LOG_LIMIT_FRAMES long, a checkpoint that copied what it could asks
 * for the writer's turn for a moment (at most RESTART_WAIT_MS) to copy the
 * rest and wait for the readers; the next commit then writes the log from
 * its start, and `journal_size_limit` cuts the file back to the limit.
 *
 * It also writes the audit chain's head file (ld-audit-seal.c) of
 * unsynced commits once its checkpoint has synced them; a synced commit's
 * head is the head writer's (ld-store-head-writer.c).
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-db-sqlite.h"
#include "ld-store-private.h"

/* SQLite's own default for automatic checkpoints. */
#define CHECKPOINT_FRAMES 1000
/* The log's length (in 4 KiB pages) past which it is started again. */
#define LOG_LIMIT_FRAMES 8192
/* How long the writer and the readers may hold up a restart (the writer
 * waits that long too), and how long after one they held up the next is
 * tried: twice as long after each in a row, up to the most. */
#define RESTART_WAIT_MS 50
#define RESTART_RETRY_US (100 * G_TIME_SPAN_MILLISECOND)
#define RESTART_RETRY_MAX_US (2 * G_TIME_SPAN_SECOND)
/* How long an unsynced commit may wait for its sync. */
#define SYNC_DELAY_US (200 * G_TIME_SPAN_MILLISECOND)

struct _LdStoreCheckpointer
{
  LdStore *store;
  char    *path;
  GThread *thread;
  GMutex   mutex;
  GCond    cond;
  gboolean wanted;
  /* When unsynced commits must be synced by (monotonic time), or 0. */
  gint64   sync_due_us;
  gboolean stopping;
  guint    n_done;
  guint    n_restarts;
  /* The log's length past which it is started again (atomic). */
  int      log_limit;
  /* Set while a restart wants the writer's turn (atomic; signalled on
   * writer_cond when cleared). */
  int      restart_wanted;
  GCond    writer_cond;
  /* When a restart may be tried again after one was held up, and how
   * long the next wait after one is. */
  gint64   restart_after_us;
  gint64   restart_retry_us;
  /* The log's length at the last commit, and its frames the last
   * checkpoint copied (atomic: the commits and the checkpoint thread both
   * read them). */
  int      n_frames;
  int      n_copied;
};

/* Whether the log holds CHECKPOINT_FRAMES frames the last checkpoint did
 * not copy. Any thread. */
static gboolean
has_new_frames (LdStoreCheckpointer *self)
{
  int n_frames = g_atomic_int_get (&self->n_frames);
  int n_copied = g_atomic_int_get (&self->n_copied);

  /* More copied than the log holds: that was of the log before it started
   * again from its beginning. */
  if (n_copied > n_frames)
    n_copied = 0;
  return n_frames - n_copied >= CHECKPOINT_FRAMES;
}

/* On the server's thread, after each commit that wrote the log. */
static void
on_wal_commit (int      n_frames,
               gpointer data)
{
  LdStoreCheckpointer *self = data;

  if (self->store->syncer != NULL)
    ld_store_syncer_note_commit (self->store->syncer, n_frames);
  g_atomic_int_set (&self->n_frames, n_frames);
  if (!has_new_frames (self))
    return;

  g_mutex_lock (&self->mutex);
  self->wanted = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/* The pending head is taken before the checkpoint, so it never names an
 * event the checkpoint's sync did not cover. */
static gboolean
checkpoint_and_move_head (LdStoreCheckpointer  *self,
                          LdSqlite             *db,
                          gboolean             *out_synced_all,
                          GError              **error)
{
  g_autofree char *hash = NULL;
  gboolean synced_all = FALSE;
  gboolean durable = FALSE;
  gboolean pending;
  gint64 seq = 0;
  int n_copied = 0;

  pending = self->store->seal != NULL &&
            ld_audit_seal_dup_pending (self->store->seal, &seq, &hash, &durable);
  if (!ld_sqlite_checkpoint (db, &synced_all, &n_copied, error))
    return FALSE;
  g_atomic_int_set (&self->n_copied, n_copied);

  if (out_synced_all != NULL)
    *out_synced_all = synced_all;
  if (pending && (synced_all || durable))
    return ld_audit_seal_write_head (self->store->seal, seq, hash, error);
  return TRUE;
}

/* On the checkpoint thread, after a passive checkpoint copied what it
 * could: starts a long log again from its beginning. */
static void
restart_long_log (LdStoreCheckpointer *self,
                  LdSqlite            *db)
{
  g_autoptr(GError) error = NULL;
  gboolean restarted = FALSE;
  gint64 now = g_get_monotonic_time ();

  if (g_atomic_int_get (&self->n_frames) < g_atomic_int_get (&self->log_limit) ||
      now < self->restart_after_us)
    return;

  /* The writer begins its next transaction after the restart, so the
   * restart gets the writer's turn as soon as its transaction ends. */
  g_atomic_int_set (&self->restart_wanted, TRUE);
  if (!ld_sqlite_checkpoint_restart (db, RESTART_WAIT_MS, &restarted, &error))
    g_warning ("Restarting the write-ahead log failed: %s", error->message);
  g_mutex_lock (&self->mutex);
  g_atomic_int_set (&self->restart_wanted, FALSE);
  if (restarted)
    self->n_restarts++;
  g_cond_broadcast (&self->writer_cond);
  g_mutex_unlock (&self->mutex);

  if (!restarted)
    {
      self->restart_retry_us =
        CLAMP (self->restart_retry_us * 2, RESTART_RETRY_US, RESTART_RETRY_MAX_US);
      self->restart_after_us = g_get_monotonic_time () + self->restart_retry_us;
      return;
    }
  self->restart_retry_us = 0;
  g_atomic_int_set (&self->n_copied, g_atomic_int_get (&self->n_frames));
}

static gpointer
checkpoint_thread (gpointer data)
{
  LdStoreCheckpointer *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (self->path, LD_SQLITE_OPEN_NO_CREATE, &error);
  gboolean syncing;

  if (db == NULL)
    g_warning ("The checkpoint thread could not open the database: %s", error->message);

  g_mutex_lock (&self->mutex);
  while (!self->stopping)
    {
      gboolean synced_all = FALSE;

      if (!self->wanted &&
          (self->sync_due_us == 0 || g_get_monotonic_time () < self->sync_due_us))
        {
          if (self->sync_due_us == 0)
            g_cond_wait (&self->cond, &self->mutex);
          else
            g_cond_wait_until (&self->cond, &self->mutex, self->sync_due_us);
          continue;
        }

      syncing = self->sync_due_us != 0;
      self->wanted = FALSE;
      self->sync_due_us = 0;
      /* Commits that asked while the last checkpoint ran may have had
       * their frames copied by it. */
      if (!syncing && !has_new_frames (self))
        continue;
      g_mutex_unlock (&self->mutex);

      if (db != NULL && !checkpoint_and_move_head (self, db, &synced_all, &error))
        {
          g_warning ("A checkpoint of the write-ahead log failed: %s", error->message);
          g_clear_error (&error);
        }

      if (db != NULL)
        restart_long_log (self, db);

      g_mutex_lock (&self->mutex);
      self->n_done++;
      /* A reader kept the newest pages from being copied, and perhaps the
       * log from being synced: try again a little later. */
      if (syncing && !synced_all && db != NULL && self->sync_due_us == 0)
        self->sync_due_us = g_get_monotonic_time () + SYNC_DELAY_US;
    }
  syncing = self->sync_due_us != 0;
  g_mutex_unlock (&self->mutex);

  /* Stopping: what is still unsynced is synced now, not left to chance. */
  if (syncing && db != NULL && !checkpoint_and_move_head (self, db, NULL, &error))
    g_warning ("The last checkpoint of the write-ahead log failed: %s", error->message);

  return NULL;
}

/**
 * ld_store_checkpointer_new:
 * @store: a store on a database file; it must outlive the checkpointer
 *
 * From now on @store's commits leave checkpoints to a thread of their own.
 * Call on @store's thread.
 *
 * PostgreSQL checkpoints its own log in its own processes, and a
 * synchronous commit is durable when it returns: a store on it needs no
 * checkpointer.
 *
 * Returns: (transfer full) (nullable): the checkpointer; %NULL for a
 *   store on PostgreSQL
 */
LdStoreCheckpointer *
ld_store_checkpointer_new (LdStore *store)
{
  LdStoreCheckpointer *self;

  g_return_val_if_fail (store != NULL, NULL);

  if (ld_db_get_backend (store->db) != LD_DB_SQLITE)
    return NULL;

  self = g_new0 (LdStoreCheckpointer, 1);
  self->store = store;
  self->path = g_strdup (ld_sqlite_get_path (ld_db_sqlite_get_handle (store->db)));
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  g_cond_init (&self->writer_cond);
  ld_store_checkpointer_set_log_limit (self, LOG_LIMIT_FRAMES);
  self->thread = g_thread_new ("ld-checkpoint", checkpoint_thread, self);
  ld_sqlite_set_wal_hook (ld_db_sqlite_get_handle (store->db), on_wal_commit, self);
  store->checkpointer = self;

  return self;
}

/**
 * ld_store_checkpointer_free:
 * @self: (nullable): a checkpointer
 *
 * Waits for a checkpoint under way and hands checkpoints back to the
 * store's own commits. Call on the store's thread.
 */
void
ld_store_checkpointer_free (LdStoreCheckpointer *self)
{
  if (self == NULL)
    return;

  ld_sqlite_set_wal_hook (ld_db_sqlite_get_handle (self->store->db), NULL, NULL);
  self->store->checkpointer = NULL;

  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_thread_join (self->thread);

  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_cond_clear (&self->writer_cond);
  g_free (self->path);
  g_free (self);
}

/**
 * ld_store_checkpointer_sync_soon:
 * @self: a checkpointer
 *
 * Asks for a checkpoint within SYNC_DELAY_US, to make the unsynced commits
 * before it durable. Any thread.
 */
void
ld_store_checkpointer_sync_soon (LdStoreCheckpointer *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  if (self->sync_due_us == 0)
    {
      self->sync_due_us = g_get_monotonic_time () + SYNC_DELAY_US;
      g_cond_signal (&self->cond);
    }
  g_mutex_unlock (&self->mutex);
}

/**
 * ld_store_checkpointer_get_n_done:
 * @self: a checkpointer
 *
 * Returns: how many checkpoints have run, for tests and diagnostics
 */
guint
ld_store_checkpointer_get_n_done (LdStoreCheckpointer *self)
{
  guint n_done;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  n_done = self->n_done;
  g_mutex_unlock (&self->mutex);

  return n_done;
}

/**
 * ld_store_checkpointer_before_write:
 * @self: a checkpointer
 *
 * Called before the store's connection begins a write transaction: while
 * a long log is being started again, waits until it is (the restart needs
 * the writer's turn, and a writer that begins again at once would keep it
 * from ever getting it). Bounded by the restart's own wait.
 */
void
ld_store_checkpointer_before_write (LdStoreCheckpointer *self)
{
  gint64 deadline;

  g_return_if_fail (self != NULL);

  if (!g_atomic_int_get (&self->restart_wanted))
    return;
  deadline = g_get_monotonic_time () + 1 * G_TIME_SPAN_SECOND;
  g_mutex_lock (&self->mutex);
  while (g_atomic_int_get (&self->restart_wanted) &&
         g_cond_wait_until (&self->writer_cond, &self->mutex, deadline))
    ;
  g_mutex_unlock (&self->mutex);
}

/**
 * ld_store_checkpointer_set_log_limit:
 * @self: a checkpointer
 * @n_frames: the log's length, in frames of a 4 KiB page, past which it
 *   is started again from its beginning
 *
 * Sets how long the log may grow under unbroken load (LOG_LIMIT_FRAMES
 * unless told), and cuts its file back to that length when it starts
 * again. Call on the store's thread.
 */
void
ld_store_checkpointer_set_log_limit (LdStoreCheckpointer *self,
                                     guint                n_frames)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pragma = NULL;

  g_return_if_fail (self != NULL && n_frames > 0 && n_frames <= G_MAXINT / 8192);

  g_atomic_int_set (&self->log_limit, (int) n_frames);
  /* The file keeps its length when the log starts again, unless told. */
  pragma = g_strdup_printf ("PRAGMA journal_size_limit = %u", n_frames * (4096 + 24) + 32);
  if (!ld_db_exec (self->store->db, pragma, &error))
    g_warning ("The log's size limit could not be set: %s", error->message);
}

/**
 * ld_store_get_log_figures:
 * @store: a store
 * @out_frames: (out): the log's length at the last commit, in frames
 * @out_restarts: (out): how many times a long log was started again
 *
 * For /metrics and tests.
 *
 * Returns: %FALSE without a checkpointer (on PostgreSQL)
 */
gboolean
ld_store_get_log_figures (LdStore *store,
                          guint   *out_frames,
                          guint   *out_restarts)
{
  LdStoreCheckpointer *self;

  g_return_val_if_fail (store != NULL && out_frames != NULL && out_restarts != NULL, FALSE);

  self = store->checkpointer;
  if (self == NULL)
    return FALSE;
  *out_frames = (guint) MAX (g_atomic_int_get (&self->n_frames), 0);
  g_mutex_lock (&self->mutex);
  *out_restarts = self->n_restarts;
  g_mutex_unlock (&self->mutex);
  return TRUE;
}

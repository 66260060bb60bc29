/* ld-store-syncer.c: group commit on SQLite, commits sharing one sync of the log
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's writes run on one thread. When each commit synced the
 * write-ahead log itself, every request queued behind it waited out that
 * fsync (milliseconds on a real disk), and a busy desk's writes went one
 * disk sync at a time. With a syncer, commits are written to the log
 * without a sync (synchronous = NORMAL: in WAL mode that is safe from
 * corruption, only not yet durable), and a thread of its own syncs the log
 * file. A request that wrote is answered only after the first sync that
 * began after its commit (ld_store_when_durable()); the commits made while
 * one sync runs share the next. A killed server loses nothing (the log is
 * written before the commit returns); a power cut may lose only commits no
 * client was told of.
 *
 * It also moves the audit chain's head: a head is durable, and may be
 * written (by the head writer's thread), once a sync that began after its
 * commit is done.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ld-db-sqlite.h"
#include "ld-store-private.h"

typedef struct
{
  guint64          seq;
  LdStoreDurableFunc func;
  gpointer         data;
} Waiter;

struct _LdStoreSyncer
{
  LdStore      *store;
  char         *log_path;
  int           log_fd;
  GMainContext *context;
  GThread      *thread;
  /* On the store's thread: a commit wrote the log, not yet handed over;
   * the frames it wrote; the log's length after the last commit. */
  gboolean      unhanded;
  guint64       unhanded_frames;
  int           log_frames;

  GMutex        mutex;
  GCond         cond;
  /* Commits noted, and how many of them a finished sync covers. */
  guint64       written;
  guint64       synced;
  guint64       n_syncs;
  /* The log's pages the commits wrote (issue 36's "pages per flow"). */
  guint64       frames;
  /* The last sync that failed, and the commits it was for. */
  GError       *failure;
  guint64       failed_upto;
  /* The numbers of batches that were never committed, and why the last
   * one was not; see ld_store_syncer_fail_upcoming(). */
  GHashTable   *lost;
  GError       *loss;
  gboolean      stopping;
  /* The requests waiting, by seq; added and answered on the store's
   * thread. */
  GQueue        waiters;
  GSource      *dispatch;
};

static gboolean
sync_log (LdStoreSyncer  *self,
          GError        **error)
{
  if (self->log_fd < 0)
    self->log_fd = g_open (self->log_path, O_RDONLY | O_CLOEXEC, 0);
  if (self->log_fd < 0 || fdatasync (self->log_fd) != 0)
    {
      int saved = errno;

      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "Could not sync the write-ahead log %s: %s", self->log_path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* With the mutex held. */
static gboolean
is_lost (LdStoreSyncer *self,
         guint64        seq)
{
  return self->lost != NULL && g_hash_table_contains (self->lost, &seq);
}

/* On the store's thread: answers every waiter a finished sync covers. */
static gboolean
dispatch_cb (gpointer data)
{
  LdStoreSyncer *self = data;
  g_autoptr(GError) failure = NULL;
  g_autoptr(GError) loss = NULL;
  GQueue ready = G_QUEUE_INIT;
  guint64 failed_upto;
  Waiter *waiter;

  g_mutex_lock (&self->mutex);
  failed_upto = self->failed_upto;
  if (self->failure != NULL)
    failure = g_error_copy (self->failure);
  if (self->loss != NULL)
    loss = g_error_copy (self->loss);
  while (!g_queue_is_empty (&self->waiters) &&
         ((Waiter *) g_queue_peek_head (&self->waiters))->seq <= self->synced)
    {
      waiter = g_queue_pop_head (&self->waiters);
      /* The batch was never committed; the answer must not say it was. */
      if (is_lost (self, waiter->seq))
        waiter->seq = 0;
      g_queue_push_tail (&ready, waiter);
    }
  g_clear_pointer (&self->dispatch, g_source_unref);
  g_mutex_unlock (&self->mutex);

  while ((waiter = g_queue_pop_head (&ready)) != NULL)
    {
      if (waiter->seq == 0)
        waiter->func (loss, waiter->data);
      else
        waiter->func (waiter->seq <= failed_upto ? failure : NULL, waiter->data);
      g_free (waiter);
    }
  return G_SOURCE_REMOVE;
}

/* With the mutex held, from the syncing thread. */
static void
schedule_dispatch (LdStoreSyncer *self)
{
  if (self->dispatch != NULL)
    return;
  self->dispatch = g_idle_source_new ();
  g_source_set_priority (self->dispatch, G_PRIORITY_HIGH);
  g_source_set_callback (self->dispatch, dispatch_cb, self, NULL);
  g_source_set_static_name (self->dispatch, "[labdesk] durable commits");
  g_source_attach (self->dispatch, self->context);
}

/* One sync: the audit head pending before it is durable after it. */
static gboolean
sync_once (LdStoreSyncer  *self,
           GError        **error)
{
  LdAuditSeal *seal = self->store->seal;
  g_autofree char *hash = NULL;
  gboolean durable = TRUE;
  gint64 seq = 0;
  gboolean pending;

  pending = seal != NULL && ld_audit_seal_dup_pending (seal, &seq, &hash, &durable);
  if (!sync_log (self, error))
    return FALSE;
  if (pending && !durable)
    {
      ld_audit_seal_mark_durable (seal, seq);
      if (self->store->head_writer != NULL)
        ld_store_head_writer_write_soon (self->store->head_writer);
    }
  return TRUE;
}

static gpointer
sync_thread (gpointer data)
{
  LdStoreSyncer *self = data;

  g_mutex_lock (&self->mutex);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      guint64 target;

      while (!self->stopping && self->written == self->synced)
        g_cond_wait (&self->cond, &self->mutex);
      if (self->written == self->synced)
        break;

      target = self->written;
      g_mutex_unlock (&self->mutex);
      if (!sync_once (self, &error))
        g_critical ("%s", error->message);
      g_mutex_lock (&self->mutex);

      self->n_syncs++;
      self->synced = target;
      if (error != NULL)
        {
          g_clear_error (&self->failure);
          self->failure = g_steal_pointer (&error);
          self->failed_upto = target;
        }
      if (!g_queue_is_empty (&self->waiters))
        schedule_dispatch (self);
    }
  g_mutex_unlock (&self->mutex);
  return NULL;
}

/**
 * ld_store_syncer_new:
 * @store: a store on a SQLite file, in WAL mode; it must outlive the syncer
 *
 * From now on @store's commits do not sync the log; requests wait for
 * ld_store_when_durable() instead. Call on @store's thread, whose main
 * context answers the waiters.
 *
 * Returns: (transfer full) (nullable): the syncer; %NULL for a store on
 *   PostgreSQL, whose commits are durable when they return
 */
LdStoreSyncer *
ld_store_syncer_new (LdStore  *store,
                     GError  **error)
{
  g_autoptr(GError) local = NULL;
  LdStoreSyncer *self;

  g_return_val_if_fail (store != NULL && store->syncer == NULL, NULL);

  if (ld_db_get_backend (store->db) != LD_DB_SQLITE)
    return NULL;
  if (!ld_db_exec_cached (store->db, "PRAGMA synchronous = NORMAL", error))
    return NULL;

  self = g_new0 (LdStoreSyncer, 1);
  self->store = store;
  self->log_path =
    g_strconcat (ld_sqlite_get_path (ld_db_sqlite_get_handle (store->db)), "-wal", NULL);
  self->log_fd = -1;
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  g_queue_init (&self->waiters);
  self->thread = g_thread_new ("ld-sync", sync_thread, self);
  store->syncer = self;

  return self;
}

/**
 * ld_store_syncer_free:
 * @self: (nullable): a syncer
 *
 * Syncs what is still unsynced, answers every waiter, and hands syncing
 * back to the store's own commits. Call on the store's thread, before the
 * head writer is freed (a last durable audit head is left to it).
 */
void
ld_store_syncer_free (LdStoreSyncer *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;

  if (!ld_store_batch_commit (self->store, &error))
    g_warning ("The last batch of requests could not be committed: %s", error->message);
  g_clear_error (&error);

  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_thread_join (self->thread);

  if (self->dispatch != NULL)
    g_source_destroy (self->dispatch);
  dispatch_cb (self);
  g_assert (g_queue_is_empty (&self->waiters));

  self->store->syncer = NULL;
  if (!ld_db_exec_cached (self->store->db, "PRAGMA synchronous = FULL", &error))
    g_warning ("could not make commits synced again: %s", error->message);

  if (self->log_fd >= 0)
    g_close (self->log_fd, NULL);
  g_clear_error (&self->failure);
  g_clear_error (&self->loss);
  g_clear_pointer (&self->lost, g_hash_table_unref);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self->log_path);
  g_free (self);
}

/**
 * ld_store_syncer_note_commit:
 * @self: a syncer
 * @log_frames: the log's length in pages after the commit
 *
 * A commit wrote the log. On the store's thread, from the log's commit
 * hook; ld_store_syncer_hand_over() then hands it to the syncing thread.
 */
void
ld_store_syncer_note_commit (LdStoreSyncer *self,
                             int            log_frames)
{
  g_return_if_fail (self != NULL);

  self->unhanded = TRUE;
  /* A checkpoint that copied the whole log lets the next commit write
   * from its start: the log is then shorter than before. */
  self->unhanded_frames +=
    log_frames >= self->log_frames ? log_frames - self->log_frames : log_frames;
  self->log_frames = log_frames;
}

/**
 * ld_store_syncer_expect_commit:
 * @self: a syncer
 *
 * The next commit counts even if it writes nothing to the log: a batch of
 * requests that all failed commits no page, and its requests still wait
 * for its number (ld-store-batch.c). On the store's thread.
 */
void
ld_store_syncer_expect_commit (LdStoreSyncer *self)
{
  g_return_if_fail (self != NULL);

  self->unhanded = TRUE;
}

/**
 * ld_store_syncer_hand_over:
 * @self: a syncer
 *
 * After a commit and the audit head it moved: the commit is synced soon.
 * Handing it over only after the head was noted means that a sync counted
 * for the commit saw that head too. On the store's thread.
 */
void
ld_store_syncer_hand_over (LdStoreSyncer *self)
{
  g_return_if_fail (self != NULL);

  if (!self->unhanded)
    return;
  self->unhanded = FALSE;
  g_mutex_lock (&self->mutex);
  self->written++;
  self->frames += self->unhanded_frames;
  self->unhanded_frames = 0;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/**
 * ld_store_syncer_fail_upcoming:
 * @self: a syncer
 * @error: why the open batch was not committed
 *
 * The requests of a batch wait for the commit after the last one written
 * (ld-store-batch.c). The batch is gone: its number is used up, so that a
 * request that waits for it later hears @error too, and the next batch
 * has the next number. On the store's thread.
 */
void
ld_store_syncer_fail_upcoming (LdStoreSyncer *self,
                               const GError  *error)
{
  g_return_if_fail (self != NULL && error != NULL);

  self->unhanded = FALSE;
  self->unhanded_frames = 0;
  g_mutex_lock (&self->mutex);
  self->written++;
  if (self->lost == NULL)
    self->lost = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_hash_table_add (self->lost, g_memdup2 (&self->written, sizeof self->written));
  g_clear_error (&self->loss);
  self->loss = g_error_copy (error);
  /* The sync that follows answers its waiters. */
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

/**
 * ld_store_get_sync_counts:
 * @store: a store
 * @out_commits: (out): the commits that wrote the log
 * @out_durable: (out): how many of them a finished sync covers
 * @out_syncs: (out): the syncs that made them durable
 * @out_pages: (out): the log's pages those commits wrote
 *
 * For /metrics: commits over syncs is how many share a sync.
 *
 * Returns: %FALSE without a syncer (each commit syncs itself)
 */
gboolean
ld_store_get_sync_counts (LdStore *store,
                          guint64 *out_commits,
                          guint64 *out_durable,
                          guint64 *out_syncs,
                          guint64 *out_pages)
{
  LdStoreSyncer *self;

  g_return_val_if_fail (store != NULL, FALSE);

  self = store->syncer;
  if (self == NULL)
    return FALSE;
  g_mutex_lock (&self->mutex);
  *out_commits = self->written;
  *out_durable = self->synced;
  *out_syncs = self->n_syncs;
  *out_pages = self->frames;
  g_mutex_unlock (&self->mutex);
  return TRUE;
}

/**
 * ld_store_get_commits_written:
 * @store: a store
 *
 * Returns: how many commits have written the log so far, to pass to
 *   ld_store_when_durable(); 0 without a syncer
 */
guint64
ld_store_get_commits_written (LdStore *store)
{
  guint64 written;

  g_return_val_if_fail (store != NULL, 0);

  if (store->syncer == NULL)
    return 0;
  /* A write outside ld_store_transaction_commit() (autocommit). */
  ld_store_syncer_hand_over (store->syncer);
  g_mutex_lock (&store->syncer->mutex);
  written = store->syncer->written;
  g_mutex_unlock (&store->syncer->mutex);
  return written;
}

/**
 * ld_store_when_durable:
 * @store: a store
 * @seq: a count from ld_store_get_commits_written() after the commits to
 *   wait for
 * @func: called on the store's thread once they are on disk, with the
 *   error of a sync that failed
 * @data: for @func
 *
 * Returns: %FALSE if they are durable already (@func is not called);
 *   %TRUE if @func will be
 */
gboolean
ld_store_when_durable (LdStore            *store,
                       guint64             seq,
                       LdStoreDurableFunc  func,
                       gpointer            data)
{
  LdStoreSyncer *self;
  Waiter *waiter;

  g_return_val_if_fail (store != NULL && func != NULL, FALSE);

  self = store->syncer;
  if (self == NULL || seq == 0)
    return FALSE;

  g_mutex_lock (&self->mutex);
  if (seq <= self->synced && seq > self->failed_upto && !is_lost (self, seq))
    {
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }
  waiter = g_new0 (Waiter, 1);
  waiter->seq = seq;
  waiter->func = func;
  waiter->data = data;
  g_queue_push_tail (&self->waiters, waiter);
  if (seq <= self->synced)
    schedule_dispatch (self);
  g_mutex_unlock (&self->mutex);
  return TRUE;
}

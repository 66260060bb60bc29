/* ld-store-head-writer.c: the audit head written off the server's thread
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audit chain's head file (ld-audit-seal.c) names the newest event of
 * a durable commit. Writing it is an fsync and a rename, about as costly
 * as the commit itself: done after every commit on the server's thread it
 * took a fifth of the server's CPU on PostgreSQL. Here a thread of its own
 * writes it within HEAD_DELAY_US of a durable commit, and the commits of
 * that time share one write. The head may then be behind the database by
 * that much after a crash, which check reports as events after the head;
 * it is never ahead.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-store-private.h"

/* How long the audit head may lag a durable commit. */
#define HEAD_DELAY_US (100 * G_TIME_SPAN_MILLISECOND)

struct _LdStoreHeadWriter
{
  LdStore *store;
  /* The store's, taken once: a backup on PostgreSQL lends the store
   * another seal for a moment (ld-store-dump-pg.c). */
  LdAuditSeal *seal;
  GThread *thread;
  GMutex   mutex;
  GCond    cond;
  /* When the pending head must be written by (monotonic time), or 0. */
  gint64   due_us;
  gboolean stopping;
};

/* Writes the seal's pending head if its commit is durable. */
static void
write_durable_head (LdStoreHeadWriter *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  gboolean durable = FALSE;
  gint64 seq = 0;

  if (!ld_audit_seal_dup_pending (self->seal, &seq, &hash, &durable) || !durable)
    return;
  if (!ld_audit_seal_write_head (self->seal, seq, hash, &error))
    g_warning ("%s", error->message);
}

static gpointer
head_thread (gpointer data)
{
  LdStoreHeadWriter *self = data;

  g_mutex_lock (&self->mutex);
  while (!self->stopping)
    {
      if (self->due_us == 0)
        {
          g_cond_wait (&self->cond, &self->mutex);
          continue;
        }
      if (g_get_monotonic_time () < self->due_us)
        {
          g_cond_wait_until (&self->cond, &self->mutex, self->due_us);
          continue;
        }
      self->due_us = 0;
      g_mutex_unlock (&self->mutex);
      write_durable_head (self);
      g_mutex_lock (&self->mutex);
    }
  g_mutex_unlock (&self->mutex);

  /* Stopping: the last durable head is written now, not left behind. */
  write_durable_head (self);
  return NULL;
}

/**
 * ld_store_head_writer_new:
 * @store: a store with its audit seal loaded; it must outlive the writer
 *
 * From now on @store's durable commits leave their audit head to a thread
 * of their own. Call on @store's thread.
 *
 * Returns: (transfer full): the head writer
 */
LdStoreHeadWriter *
ld_store_head_writer_new (LdStore *store)
{
  LdStoreHeadWriter *self;

  g_return_val_if_fail (store != NULL && store->seal != NULL && store->head_writer == NULL,
                        NULL);

  self = g_new0 (LdStoreHeadWriter, 1);
  self->store = store;
  self->seal = store->seal;
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("ld-audit-head", head_thread, self);
  store->head_writer = self;
  return self;
}

/**
 * ld_store_head_writer_free:
 * @self: (nullable): a head writer
 *
 * Writes the last durable head and hands the writing back to the store's
 * own commits. Call on the store's thread, after the syncer and the
 * checkpointer are freed (they may leave a durable head to it).
 */
void
ld_store_head_writer_free (LdStoreHeadWriter *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_thread_join (self->thread);

  self->store->head_writer = NULL;
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

/**
 * ld_store_head_writer_write_soon:
 * @self: a head writer
 *
 * Asks for the seal's pending head, once durable, to be written within
 * HEAD_DELAY_US. Any thread.
 */
void
ld_store_head_writer_write_soon (LdStoreHeadWriter *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  if (self->due_us == 0)
    {
      self->due_us = g_get_monotonic_time () + HEAD_DELAY_US;
      g_cond_signal (&self->cond);
    }
  g_mutex_unlock (&self->mutex);
}

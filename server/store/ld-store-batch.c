/* ld-store-batch.c: group commit on SQLite, requests sharing one commit
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The syncer (ld-store-syncer.c) lets commits share a sync of the log,
 * but a request that committed alone still wrote at least one page of
 * every B-tree it touched: the tails of the audit chain, of the change
 * feed and of the kept idempotent answers, the database's header (some
 * 39 pages of 4 KiB a request in the lab's flow, docs/bench.md). So the
 * requests the server runs together now share one transaction: the first
 * request that writes opens it, each request's own transaction is a
 * savepoint in it (a request that fails rolls back its own savepoint and
 * nothing else), and the batch commits once: when the server has no other
 * request ready to run, or when it has run BATCH_MAX_REQUESTS requests or
 * is BATCH_MAX_US old.
 *
 * Every request that ran while a batch was open is answered only once
 * that batch is durable (ld_http_request_note_writes()), even one that
 * wrote nothing: its answer may rest on what the batch's earlier requests
 * wrote. A batch whose commit fails fails all of those requests with
 * `unavailable` (ld_store_syncer_fail_upcoming()); nothing of it is kept.
 *
 * Work that is not a request's (timers, the audit of reads, a sign-in's
 * second half, tests) commits an open batch before its own transaction
 * begins, and so keeps the commit-when-it-returns it was written for. Only
 * a store with a syncer batches: PostgreSQL's commits are durable when
 * they return, and its writers run side by side.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-db-sqlite.h"
#include "ld-store-private.h"

/* A busy server always has another request ready, and would never be
 * idle: the age caps the wait of a batch's first request. At 32 clients
 * of bench-flow, 8 ms made batches of about 5 requests (40 flows/s),
 * 20–30 ms of 11–16 (48–50 flows/s), 50–100 ms fewer flows again, as
 * clients wait longer for the answers they need for their next
 * request (docs/bench.md). */
#define BATCH_MAX_REQUESTS 64
#define BATCH_MAX_US       (25 * 1000)

struct _LdStoreBatch
{
  LdStoreTransaction  txn;
  /* The change feed's newest seq when it opened: what other connections
   * read until it commits. */
  gint64              feed_head;
  guint               n_requests;
  gint64              opened_us;
  GSource            *idle;
};

static void
batch_free (LdStoreBatch *batch)
{
  if (batch->idle != NULL)
    {
      g_source_destroy (batch->idle);
      g_source_unref (batch->idle);
    }
  g_free (batch);
}

/**
 * ld_store_batch_commit:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Commits the open batch, if any; its requests are answered once the
 * syncer has synced it. On failure every one of them hears the error.
 *
 * Returns: %TRUE on success, or when no batch was open
 */
gboolean
ld_store_batch_commit (LdStore  *store,
                       GError  **error)
{
  g_autoptr(GError) local = NULL;
  LdStoreBatch *batch;

  g_return_val_if_fail (store != NULL, FALSE);

  batch = g_steal_pointer (&store->batch);
  if (batch == NULL)
    return TRUE;
  /* A request's own transaction ends before the batch does. */
  g_return_val_if_fail (ld_db_transaction_depth (store->db) == 1, FALSE);

  ld_store_syncer_expect_commit (store->syncer);
  if (!ld_store_transaction_commit (&batch->txn, &local))
    {
      ld_store_transaction_rollback (&batch->txn);
      ld_store_syncer_fail_upcoming (store->syncer, local);
      batch_free (batch);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  batch_free (batch);
  return TRUE;
}

static gboolean
commit_when_idle_cb (gpointer data)
{
  LdStore *store = data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&store->batch->idle, g_source_unref);
  if (!ld_store_batch_commit (store, &error))
    g_warning ("A batch of requests could not be committed: %s", error->message);
  return G_SOURCE_REMOVE;
}

/* SQLite rolls a whole transaction back on some errors (a full disk, an
 * I/O error), whichever savepoint the statement ran in: the batch is then
 * gone, and its requests must not be told their changes were kept. */
static gboolean
batch_was_lost (LdStore *store)
{
  return ld_db_get_backend (store->db) == LD_DB_SQLITE &&
         !ld_sqlite_in_transaction (ld_db_sqlite_get_handle (store->db));
}

/**
 * ld_store_batch_note_rollback:
 * @store: a store whose transaction at the batch's level + 1 was rolled back
 *
 * Called by ld_store_transaction_rollback(): a request's failure leaves the
 * batch as it was, unless SQLite ended the batch with it.
 */
void
ld_store_batch_note_rollback (LdStore *store)
{
  g_autoptr(GError) error = NULL;
  LdStoreBatch *batch = store->batch;

  if (batch == NULL || ld_db_transaction_depth (store->db) != 1 || !batch_was_lost (store))
    return;

  store->batch = NULL;
  error = g_error_new_literal (LD_STORE_ERROR, LD_STORE_ERROR_IO,
                               "The database rolled back a batch of requests after an error");
  g_warning ("%s", error->message);
  ld_store_transaction_rollback (&batch->txn);
  ld_store_syncer_fail_upcoming (store->syncer, error);
  batch_free (batch);
}

/**
 * ld_store_batch_before_begin:
 * @store: a store about to begin a transaction
 * @error: return location for an %LD_STORE_ERROR
 *
 * Inside a request (ld_store_batch_join()), outside any transaction:
 * opens a batch, so that the request's transaction is a savepoint in it.
 * Outside a request, with a batch open: commits it first.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_batch_before_begin (LdStore  *store,
                             GError  **error)
{
  LdStoreBatch *batch;

  if (store->batch != NULL)
    return ld_store_batch_settle (store, error);

  if (store->batch_joined == 0 || store->syncer == NULL ||
      ld_db_transaction_depth (store->db) != 0)
    return TRUE;

  /* Set before its transaction begins, which comes back here. */
  batch = store->batch = g_new0 (LdStoreBatch, 1);
  batch->opened_us = g_get_monotonic_time ();
  if (!ld_store_transaction_begin (&batch->txn, store, error) ||
      !ld_store_changes_get_head (store, &batch->feed_head, error))
    {
      ld_store_transaction_rollback (&batch->txn);
      store->batch = NULL;
      batch_free (batch);
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_store_changes_get_committed_head:
 * @store: a store
 * @out_seq: (out): the newest committed seq, or 0 when the feed is empty
 * @error: return location for an %LD_STORE_ERROR
 *
 * The change feed's newest seq that other connections (the readers
 * serving GET /api/v1/changes) can read: with a batch open, its own rows
 * are not theirs yet, and must not be announced before they are.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_changes_get_committed_head (LdStore  *store,
                                     gint64   *out_seq,
                                     GError  **error)
{
  g_return_val_if_fail (store != NULL && out_seq != NULL, FALSE);

  if (store->batch == NULL)
    return ld_store_changes_get_head (store, out_seq, error);
  *out_seq = store->batch->feed_head;
  return TRUE;
}

/**
 * ld_store_batch_settle:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Outside a request, commits an open batch: for work that needs the
 * connection outside any transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_batch_settle (LdStore  *store,
                       GError  **error)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return store->batch_joined > 0 || ld_store_batch_commit (store, error);
}

/**
 * ld_store_batch_get_depth:
 * @store: a store
 *
 * Returns: the transaction depth the open batch takes (1), or 0: a
 *   request's own transaction is one deeper
 */
guint
ld_store_batch_get_depth (LdStore *store)
{
  return store->batch != NULL ? 1 : 0;
}

/**
 * ld_store_batch_join:
 * @store: a store
 *
 * The HTTP layer, as a request starts to run on the store's thread: its
 * transactions may share the open batch until ld_store_batch_leave().
 */
void
ld_store_batch_join (LdStore *store)
{
  g_return_if_fail (store != NULL);

  store->batch_joined++;
}

/**
 * ld_store_batch_leave:
 * @store: a store
 *
 * As the request stops running (its answer set, or paused): the batch
 * commits now if it is full or old, else once the server is idle.
 */
void
ld_store_batch_leave (LdStore *store)
{
  g_autoptr(GError) error = NULL;
  LdStoreBatch *batch;

  g_return_if_fail (store != NULL && store->batch_joined > 0);

  if (--store->batch_joined > 0 || (batch = store->batch) == NULL)
    return;

  batch->n_requests++;
  if (batch->n_requests >= BATCH_MAX_REQUESTS ||
      g_get_monotonic_time () - batch->opened_us >= BATCH_MAX_US)
    {
      if (!ld_store_batch_commit (store, &error))
        g_warning ("A batch of requests could not be committed: %s", error->message);
      return;
    }
  if (batch->idle != NULL)
    return;
  /* Below the sockets' priority: every request already waiting runs
   * first, and joins this batch. */
  batch->idle = g_idle_source_new ();
  g_source_set_priority (batch->idle, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (batch->idle, commit_when_idle_cb, store, NULL);
  g_source_set_static_name (batch->idle, "[labdesk] commit a batch of requests");
  g_source_attach (batch->idle, g_main_context_get_thread_default ());
}

/**
 * ld_store_batch_is_open:
 * @store: a store
 *
 * Returns: whether requests' writes wait in an uncommitted batch; the
 *   batch will be commit number ld_store_get_commits_written() + 1
 */
gboolean
ld_store_batch_is_open (LdStore *store)
{
  g_return_val_if_fail (store != NULL, FALSE);

  return store->batch != NULL;
}

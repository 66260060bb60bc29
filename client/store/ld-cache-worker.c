/* ld-cache-worker.c: one thread, one SQLite connection, jobs in order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache never touches SQLite on the caller's main loop. It has two of
 * these: a writer (the only connection that writes, so jobs that write
 * are applied in the order they were asked for) and a reader (pages and
 * searches for the lists, which WAL lets run while the writer writes). A
 * connection belongs to one thread (the wrapper asserts it), so each
 * worker owns its thread for its whole life, unlike GTask's pool.
 */

#define G_LOG_DOMAIN "ld-cache-worker"

#include "config.h"

#include "ld-cache-worker.h"

struct _LdCacheWorker
{
  GThread     *thread;
  GAsyncQueue *jobs;
  /* Jobs asked for and not yet answered, under @lock; @idle is told
   * when it falls to 0. */
  GMutex       lock;
  GCond        idle;
  guint        n_jobs;
};

typedef struct
{
  LdCacheJobFunc  func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
  GTask          *task;
} Job;

/* Pushed last: the thread closes its connection and ends. */
static Job stop_job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_clear_object (&job->task);
  g_free (job);
}

static gpointer
worker_thread (gpointer user_data)
{
  LdCacheWorker *worker = user_data;
  LdSqlite *db = NULL;
  Job *job;

  while ((job = g_async_queue_pop (worker->jobs)) != &stop_job)
    {
      g_autoptr(GError) error = NULL;
      gpointer result;

      if (g_task_return_error_if_cancelled (job->task))
        {
          job_free (job);
          g_mutex_lock (&worker->lock);
          if (--worker->n_jobs == 0)
            g_cond_broadcast (&worker->idle);
          g_mutex_unlock (&worker->lock);
          continue;
        }

      result = job->func (&db, job->data, &error);
      if (result != NULL)
        g_task_return_pointer (job->task, result, job->result_free);
      else
        g_task_return_error (job->task, g_steal_pointer (&error));
      job_free (job);
      /* The answer is queued on the caller's context by now. */
      g_mutex_lock (&worker->lock);
      if (--worker->n_jobs == 0)
        g_cond_broadcast (&worker->idle);
      g_mutex_unlock (&worker->lock);
    }

  g_clear_pointer (&db, ld_sqlite_close);
  return NULL;
}

/**
 * ld_cache_worker_new:
 * @name: the thread's name
 *
 * Returns: (transfer full): a worker with its thread started
 */
LdCacheWorker *
ld_cache_worker_new (const char *name)
{
  LdCacheWorker *worker = g_new0 (LdCacheWorker, 1);

  worker->jobs = g_async_queue_new ();
  g_mutex_init (&worker->lock);
  g_cond_init (&worker->idle);
  worker->thread = g_thread_new (name, worker_thread, worker);
  return worker;
}

/**
 * ld_cache_worker_free:
 * @worker: (transfer full): a worker
 *
 * Lets the jobs already asked for run, closes the connection and joins
 * the thread: blocks until then.
 */
void
ld_cache_worker_free (LdCacheWorker *worker)
{
  if (worker == NULL)
    return;

  g_async_queue_push (worker->jobs, &stop_job);
  g_thread_join (worker->thread);
  g_async_queue_unref (worker->jobs);
  g_mutex_clear (&worker->lock);
  g_cond_clear (&worker->idle);
  g_free (worker);
}

/**
 * ld_cache_worker_run_async:
 * @worker: a worker
 * @source_object: (nullable): the task's source object
 * @source_tag: the task's source tag
 * @func: the job, run on the worker's thread
 * @data: (transfer full): for @func
 * @data_free: (nullable): frees @data, on either thread
 * @result_free: (nullable): frees the result if nobody takes it
 * @cancellable: (nullable): a #GCancellable; a job not started yet is skipped
 * @callback: called on the thread-default main context of the caller
 * @user_data: for @callback
 */
void
ld_cache_worker_run_async (LdCacheWorker       *worker,
                           gpointer             source_object,
                           gpointer             source_tag,
                           LdCacheJobFunc       func,
                           gpointer             data,
                           GDestroyNotify       data_free,
                           GDestroyNotify       result_free,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  g_return_if_fail (worker != NULL);
  g_return_if_fail (func != NULL);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  job->task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  g_mutex_lock (&worker->lock);
  worker->n_jobs++;
  g_mutex_unlock (&worker->lock);
  g_async_queue_push (worker->jobs, job);
}

/**
 * ld_cache_worker_wait_idle:
 * @worker: a worker
 * @end_time: the latest time to return at, on the monotonic clock
 *
 * Blocks until every job asked for so far has run and its answer is
 * queued on its caller's main context (not yet called back), or until
 * @end_time.
 *
 * Returns: whether every job had run
 */
gboolean
ld_cache_worker_wait_idle (LdCacheWorker *worker,
                           gint64         end_time)
{
  gboolean idle;

  g_return_val_if_fail (worker != NULL, TRUE);

  g_mutex_lock (&worker->lock);
  while (worker->n_jobs > 0 && g_cond_wait_until (&worker->idle, &worker->lock, end_time))
    ;
  idle = worker->n_jobs == 0;
  g_mutex_unlock (&worker->lock);
  return idle;
}

gpointer
ld_cache_worker_run_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ld-read-pool.c: reads on worker threads, each with its own connection
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's thread runs libsoup and owns the one connection that
 * writes. A search spent most of its time in SQLite there, so under load
 * one core did everything while the other idled (measured: the server at
 * 98% of a core, the machine 40% idle). A read that writes nothing can run
 * here instead: each reader thread opens its own read-only connection (WAL
 * lets it read while the server's thread writes) and takes jobs from one
 * queue; the request stays paused until the job's answer is back on the
 * server's thread.
 *
 * An answer comes back two ways, whichever is first: a source on the
 * server's main context, and ld_read_pool_answer_ready(), which the
 * server calls before each request it dispatches. GLib runs every source
 * that was ready at the start of a main loop iteration before it looks
 * again, and under load an iteration is a burst of requests: a release's
 * rendered report waited for the rest of the burst, 6 ms at the median
 * and 27 ms at p99 (bench-flow, 32 clients).
 */

#define G_LOG_DOMAIN "ld-read-pool"

#include "config.h"

#include "ld-read-pool.h"

typedef struct
{
  LdReadFunc      read;
  LdReadDoneFunc  done;
  gpointer        data;
  GDestroyNotify  data_free;
  GError         *error;
  GAsyncQueue    *answers;   /* the pool's answers, while it waits there */
  gboolean        answered;  /* on the server's thread only */
} Job;

struct _LdReadPool
{
  char         *db_path;
  GMainContext *context;
  GAsyncQueue  *jobs;
  GAsyncQueue  *answers;
  GPtrArray    *threads;
};

/* Pushed once per thread to stop it. */
static Job stop_job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_clear_error (&job->error);
  g_async_queue_unref (job->answers);
  g_free (job);
}

static void
answer (Job *job)
{
  job->answered = TRUE;
  job->done (job->data, job->error);
}

/* The job's own source: it answers the job unless
 * ld_read_pool_answer_ready() did, and frees it. */
static gboolean
finish_job_cb (gpointer user_data)
{
  Job *job = user_data;

  if (!job->answered)
    {
      g_async_queue_remove (job->answers, job);
      answer (job);
    }
  job_free (job);
  return G_SOURCE_REMOVE;
}

/* Always a source, never a direct call: g_main_context_invoke() would run
 * the answer on this thread if it could acquire the context. */
static void
answer_on_context (GMainContext *context,
                   Job          *job)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, finish_job_cb, job, NULL);
  g_source_set_static_name (source, "[labdesk] read answered");
  g_source_attach (source, context);
}

static gpointer
reader_thread (gpointer user_data)
{
  LdReadPool *self = user_data;
  g_autoptr(GError) open_error = NULL;
  g_autoptr(LdStore) store = ld_store_open_reader (self->db_path, &open_error);
  Job *job;

  if (store == NULL)
    g_warning ("a reader could not open the database: %s", open_error->message);

  while ((job = g_async_queue_pop (self->jobs)) != &stop_job)
    {
      /* A database that was away when the thread started: tried again
       * for each read until it answers. Once open, the connection is
       * made again by the store itself after the database restarts. */
      if (store == NULL)
        {
          g_clear_error (&open_error);
          store = ld_store_open_reader (self->db_path, &open_error);
        }

      if (store == NULL)
        job->error = g_error_copy (open_error);
      else if (!job->read (store, job->data, &job->error) && job->error == NULL)
        job->error = g_error_new_literal (LD_STORE_ERROR, LD_STORE_ERROR_IO,
                                          "The database could not be read.");

      /* Queued before its source exists, so that the job is only ever
       * freed by its source. */
      g_async_queue_push (self->answers, job);
      answer_on_context (self->context, job);
    }

  return NULL;
}

/**
 * ld_read_pool_new:
 * @db_path: the database the server's store has open
 * @n_threads: how many reads may run at once
 *
 * Answers come back on the calling thread's main context.
 *
 * Returns: (transfer full): a pool
 */
LdReadPool *
ld_read_pool_new (const char *db_path,
                  guint       n_threads)
{
  LdReadPool *self;

  g_return_val_if_fail (db_path != NULL && n_threads > 0, NULL);

  self = g_new0 (LdReadPool, 1);
  self->db_path = g_strdup (db_path);
  self->context = g_main_context_ref_thread_default ();
  self->jobs = g_async_queue_new ();
  self->answers = g_async_queue_new ();
  self->threads = g_ptr_array_new ();
  for (guint i = 0; i < n_threads; i++)
    g_ptr_array_add (self->threads, g_thread_new ("ld-reader", reader_thread, self));

  return self;
}

/* Lets the jobs already queued finish, then stops the threads. Their
 * answers arrive on the main context as usual. */
void
ld_read_pool_free (LdReadPool *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->threads->len; i++)
    g_async_queue_push (self->jobs, &stop_job);
  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (g_ptr_array_index (self->threads, i));

  g_ptr_array_unref (self->threads);
  g_async_queue_unref (self->jobs);
  g_async_queue_unref (self->answers);
  g_main_context_unref (self->context);
  g_free (self->db_path);
  g_free (self);
}

/**
 * ld_read_pool_run:
 * @self: a pool
 * @read: the read, run on a reader thread with its own store
 * @done: called on the server's thread with @read's error, if any
 * @data: for both
 * @data_free: (nullable): frees @data after @done
 *
 * For HTTP, the caller pauses the request first and @done resumes it.
 */
void
ld_read_pool_run (LdReadPool     *self,
                  LdReadFunc      read,
                  LdReadDoneFunc  done,
                  gpointer        data,
                  GDestroyNotify  data_free)
{
  Job *job;

  g_return_if_fail (self != NULL && read != NULL && done != NULL);

  job = g_new0 (Job, 1);
  job->read = read;
  job->done = done;
  job->data = data;
  job->data_free = data_free;
  job->answers = g_async_queue_ref (self->answers);

  g_async_queue_push (self->jobs, job);
}

/**
 * ld_read_pool_get_waiting:
 * @self: a pool
 *
 * Safe on any thread.
 *
 * Returns: how many reads wait for a reader now
 */
guint
ld_read_pool_get_waiting (LdReadPool *self)
{
  gint length;

  g_return_val_if_fail (self != NULL, 0);

  length = g_async_queue_length (self->jobs);
  return length > 0 ? (guint) length : 0;
}

/**
 * ld_read_pool_answer_ready:
 * @self: (nullable): a pool
 *
 * Calls, on the server's thread, the @done of every read that has
 * finished and was not answered yet; their sources only free them later.
 *
 * Returns: how many were answered
 */
guint
ld_read_pool_answer_ready (LdReadPool *self)
{
  guint answered = 0;
  Job *job;

  if (self == NULL)
    return 0;
  g_return_val_if_fail (g_main_context_is_owner (self->context), 0);

  while ((job = g_async_queue_try_pop (self->answers)) != NULL)
    {
      answer (job);
      answered++;
    }
  return answered;
}

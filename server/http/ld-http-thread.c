/* ld-http-thread.c: libsoup on a thread of its own
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's own thread (the "main" one here: it owns the store and runs
 * every handler) was also reading and writing every connection: libsoup's
 * parsing, the sockets, TLS, the listener's bookkeeping, a fifth of its
 * time under load (docs/bench.md, "Sixth stop of 2026-11-28"). All of
 * that now runs on the "ld-http" thread, with its own main context, and
 * the two hand work to each other through a mailbox each.
 *
 * libsoup is not thread-safe: a SoupServer, its connections and its
 * messages belong to the context they were made on. A request therefore
 * reaches the main thread paused, the handler sets its answer there while
 * libsoup leaves the message alone, and ld_http_thread_release() hands it
 * back to be unpaused and written on the HTTP thread. Nothing else crosses:
 * whatever else the main thread asks of libsoup (a WebSocket push, the
 * listener's stop) goes by ld_http_thread_to_io() or, when it must wait
 * for the answer, ld_http_thread_run_on_io(). The HTTP thread never waits
 * for the main one.
 *
 * A mailbox is one source: a burst of requests wakes the other thread
 * once, and the main thread takes them all in one turn, which is what
 * lets their writes share a commit (ld-store-batch.c).
 */

#define G_LOG_DOMAIN "ld-http-thread"

#include "config.h"

#include "ld-http-thread.h"

typedef struct
{
  LdHttpThreadFunc func;
  gpointer         data;
  GDestroyNotify   data_free;
} Letter;

typedef struct
{
  GSource      source;
  GAsyncQueue *letters;
} Mailbox;

struct _LdHttpThread
{
  GMainContext *context;
  GThread      *thread;
  Mailbox      *to_io;
  Mailbox      *to_main;
  /* Set and read on the HTTP thread only. */
  gboolean      quit;
};

static void
letter_free (Letter *letter)
{
  if (letter->data_free != NULL)
    letter->data_free (letter->data);
  g_free (letter);
}

/* The letters there when the turn began; later ones wait for the next
 * turn, so that a steady stream cannot hold the loop. */
static gboolean
mailbox_dispatch (GSource     *source,
                  GSourceFunc  callback,
                  gpointer     user_data)
{
  Mailbox *box = (Mailbox *) source;
  gint n = g_async_queue_length (box->letters);

  g_source_set_ready_time (source, -1);
  for (gint i = 0; i < n; i++)
    {
      Letter *letter = g_async_queue_try_pop (box->letters);

      if (letter == NULL)
        break;
      letter->func (letter->data);
      letter_free (letter);
    }
  if (g_async_queue_length (box->letters) > 0)
    g_source_set_ready_time (source, 0);

  return G_SOURCE_CONTINUE;
}

static void
mailbox_finalize (GSource *source)
{
  Mailbox *box = (Mailbox *) source;
  Letter *letter;

  /* Dropped unread: only their data is freed. */
  while ((letter = g_async_queue_try_pop (box->letters)) != NULL)
    letter_free (letter);
  g_async_queue_unref (box->letters);
}

static GSourceFuncs mailbox_funcs = {
  .dispatch = mailbox_dispatch,
  .finalize = mailbox_finalize,
};

static Mailbox *
mailbox_new (GMainContext *context,
             const char   *name)
{
  GSource *source = g_source_new (&mailbox_funcs, sizeof (Mailbox));
  Mailbox *box = (Mailbox *) source;

  box->letters = g_async_queue_new ();
  g_source_set_static_name (source, name);
  g_source_attach (source, context);
  return box;
}

/* From any thread: g_source_set_ready_time() wakes the mailbox's context. */
static void
mailbox_post (Mailbox          *box,
              LdHttpThreadFunc  func,
              gpointer          data,
              GDestroyNotify    data_free)
{
  Letter *letter = g_new (Letter, 1);

  letter->func = func;
  letter->data = data;
  letter->data_free = data_free;
  g_async_queue_push (box->letters, letter);
  g_source_set_ready_time ((GSource *) box, 0);
}

static void
mailbox_close (Mailbox **box)
{
  if (*box == NULL)
    return;

  g_source_destroy ((GSource *) *box);
  g_source_unref ((GSource *) *box);
  *box = NULL;
}

/**
 * ld_http_thread_new:
 *
 * Makes the HTTP thread's context, not yet run: until
 * ld_http_thread_start() the caller sets libsoup up on it (with the
 * context pushed as its thread-default). Work for the main thread goes to
 * the caller's thread-default context.
 *
 * Returns: (transfer full): the thread, not started
 */
LdHttpThread *
ld_http_thread_new (void)
{
  LdHttpThread *self = g_new0 (LdHttpThread, 1);
  g_autoptr(GMainContext) main_context = g_main_context_ref_thread_default ();

  self->context = g_main_context_new ();
  self->to_io = mailbox_new (self->context, "ld-http: to the HTTP thread");
  self->to_main = mailbox_new (main_context, "ld-http: to the main thread");
  return self;
}

GMainContext *
ld_http_thread_get_context (LdHttpThread *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->context;
}

static gpointer
run_thread (gpointer data)
{
  LdHttpThread *self = data;

  g_main_context_push_thread_default (self->context);
  while (!self->quit)
    g_main_context_iteration (self->context, TRUE);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * ld_http_thread_start:
 * @self: a thread not yet started
 *
 * Runs the HTTP thread's context on the thread, until
 * ld_http_thread_free().
 */
void
ld_http_thread_start (LdHttpThread *self)
{
  g_return_if_fail (self != NULL && self->thread == NULL);

  self->thread = g_thread_new ("ld-http", run_thread, self);
}

static void
quit_cb (gpointer data)
{
  LdHttpThread *self = data;

  self->quit = TRUE;
}

/**
 * ld_http_thread_free:
 * @self: (transfer full) (nullable): a thread
 *
 * Stops and joins the thread; work still waiting either way is dropped.
 * Whatever libsoup holds must be let go first (ld_http_thread_run_on_io()).
 */
void
ld_http_thread_free (LdHttpThread *self)
{
  if (self == NULL)
    return;

  if (self->thread != NULL)
    {
      mailbox_post (self->to_io, quit_cb, self, NULL);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  mailbox_close (&self->to_io);
  mailbox_close (&self->to_main);
  g_main_context_unref (self->context);
  g_free (self);
}

/**
 * ld_http_thread_to_io:
 * @self: a thread
 * @func: work for the HTTP thread
 * @data: for @func
 * @data_free: (nullable): frees @data once @func ran, or was dropped
 *
 * From the main thread: @func runs on the HTTP thread, in turn with the
 * other work handed to it.
 */
void
ld_http_thread_to_io (LdHttpThread     *self,
                      LdHttpThreadFunc  func,
                      gpointer          data,
                      GDestroyNotify    data_free)
{
  g_return_if_fail (self != NULL && func != NULL);

  mailbox_post (self->to_io, func, data, data_free);
}

/**
 * ld_http_thread_to_main:
 * @self: a thread
 * @func: work for the main thread
 * @data: for @func
 * @data_free: (nullable): frees @data once @func ran, or was dropped
 *
 * From the HTTP thread: @func runs on the main thread.
 */
void
ld_http_thread_to_main (LdHttpThread     *self,
                        LdHttpThreadFunc  func,
                        gpointer          data,
                        GDestroyNotify    data_free)
{
  g_return_if_fail (self != NULL && func != NULL);

  mailbox_post (self->to_main, func, data, data_free);
}

typedef struct
{
  LdHttpThreadFunc func;
  gpointer         data;
  GMutex           mutex;
  GCond            cond;
  gboolean         done;
} Waited;

static void
run_waited_cb (gpointer data)
{
  Waited *waited = data;

  waited->func (waited->data);
  g_mutex_lock (&waited->mutex);
  waited->done = TRUE;
  g_cond_signal (&waited->cond);
  g_mutex_unlock (&waited->mutex);
}

/**
 * ld_http_thread_run_on_io:
 * @self: a thread
 * @func: work for the HTTP thread
 * @data: for @func
 *
 * From the main thread: runs @func on the HTTP thread and waits for it
 * (the HTTP thread never waits for the main one, so this cannot lock up).
 * Before the thread starts, @func runs here, on the HTTP thread's context.
 */
void
ld_http_thread_run_on_io (LdHttpThread     *self,
                          LdHttpThreadFunc  func,
                          gpointer          data)
{
  Waited waited = { .func = func, .data = data };

  g_return_if_fail (self != NULL && func != NULL);

  if (self->thread == NULL)
    {
      g_main_context_push_thread_default (self->context);
      func (data);
      g_main_context_pop_thread_default (self->context);
      return;
    }

  g_mutex_init (&waited.mutex);
  g_cond_init (&waited.cond);
  mailbox_post (self->to_io, run_waited_cb, &waited, NULL);
  g_mutex_lock (&waited.mutex);
  while (!waited.done)
    g_cond_wait (&waited.cond, &waited.mutex);
  g_mutex_unlock (&waited.mutex);
  g_mutex_clear (&waited.mutex);
  g_cond_clear (&waited.cond);
}

static void
unpause_cb (gpointer data)
{
  soup_server_message_unpause (data);
}

/**
 * ld_http_thread_release:
 * @self: a thread
 * @msg: (transfer full): a message handed to the main thread paused, its
 *   answer now set
 *
 * From the main thread: the HTTP thread unpauses @msg and libsoup writes
 * the answer. The main thread must hold no other reference to @msg: the
 * last one is let go on the HTTP thread, which owns the connection.
 */
void
ld_http_thread_release (LdHttpThread      *self,
                        SoupServerMessage *msg)
{
  g_return_if_fail (self != NULL && SOUP_IS_SERVER_MESSAGE (msg));

  mailbox_post (self->to_io, unpause_cb, msg, g_object_unref);
}

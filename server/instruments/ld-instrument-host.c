/* ld-instrument-host.c: what a protocol's connection thread asks of the server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A protocol reads its instrument on a thread of the connection's own;
 * the store belongs to the server's thread, which is the one writer. So
 * each call here is queued to that thread's main context, and the
 * connection thread waits for its answer. A connection told to stop
 * (its instrument changed, the server is stopping) gives up waiting only
 * while the work has not started: a message is then stored whole or not
 * at all, never while its protocol has already given up on it.
 */

#define G_LOG_DOMAIN "ld-instrument-host"

#include "config.h"

#include "ld-instrument-host.h"
#include "../service/ld-service-instruments.h"

/* How long a connection waits between looks at its cancellable. */
#define WAIT_STEP_US (200 * G_TIME_SPAN_MILLISECOND)
/* PostgreSQL may end a transaction for another's sake: tries in all. */
#define TRIES 3

typedef enum
{
  JOB_DELIVER,
  JOB_ORDERED
} JobKind;

typedef struct
{
  JobKind               kind;
  LdInstrumentLink     *link;
  LdInstrumentMessage  *message;
  const char           *accession;
  GMutex                mutex;
  GCond                 cond;
  gboolean              running;
  gboolean              done;
  gboolean              abandoned;
  gboolean              ok;
  GPtrArray            *orders;
  GError               *error;
} Job;

static void
job_clear (Job *job)
{
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_clear_pointer (&job->orders, g_ptr_array_unref);
  g_clear_error (&job->error);
}

static void
job_unref (Job *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) job_clear);
}

static gboolean
run_deliver (Job             *job,
             LdServiceContext *ctx,
             GError         **error)
{
  LdDelivered delivered = { FALSE, 0, 0 };
  g_autofree char *line = NULL;

  if (!ld_service_instruments_deliver (ctx, job->link->instrument_id, job->message, &delivered,
                                       error))
    return FALSE;

  if (delivered.duplicate)
    line = g_strdup_printf ("message %s from %s was stored before; not stored again",
                            job->message->message_id, job->message->sender);
  else
    line = g_strdup_printf ("message %s from %s: %u drafts, %u unmatched",
                            job->message->message_id, job->message->sender, delivered.drafts,
                            delivered.unmatched);
  g_info ("instrument %s: %s", job->link->name, line);
  if (!delivered.duplicate && job->link->core->announce != NULL)
    job->link->core->announce (job->link->core->announce_data);
  return TRUE;
}

/* On the store's thread. */
static gboolean
run_job_cb (gpointer data)
{
  Job *job = data;
  LdInstrumentCore *core;
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autofree char *actor = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&job->mutex);
  if (job->abandoned)
    {
      g_mutex_unlock (&job->mutex);
      return G_SOURCE_REMOVE;
    }
  job->running = TRUE;
  g_mutex_unlock (&job->mutex);

  /* Not abandoned: the connection waits, so its link and message live. */
  core = job->link->core;

  if (core->closed)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CLOSED, "The server is stopping.");
  else
    {
      actor = g_strdup_printf ("instrument %s", job->link->name);
      ctx = ld_service_context_new (core->store, NULL, actor, NULL, job->link->client);
      for (guint i = 0; i < TRIES; i++)
        {
          g_clear_error (&error);
          if (job->kind == JOB_DELIVER)
            ok = run_deliver (job, ctx, &error);
          else
            ok = (job->orders = ld_service_instruments_ordered (ctx, job->link->instrument_id,
                                                                job->accession, &error)) != NULL;
          if (ok || !g_error_matches (error, LD_STORE_ERROR, LD_STORE_ERROR_RETRY))
            break;
        }
    }

  g_mutex_lock (&job->mutex);
  job->ok = ok;
  job->error = g_steal_pointer (&error);
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);
  return G_SOURCE_REMOVE;
}

/* On the connection's thread: queues @job and waits for it. */
static gboolean
run_job (Job     *job,
         GError **error)
{
  gboolean ok;

  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);
  g_main_context_invoke_full (job->link->core->context, G_PRIORITY_DEFAULT, run_job_cb,
                              g_atomic_rc_box_acquire (job), (GDestroyNotify) job_unref);

  g_mutex_lock (&job->mutex);
  while (!job->done)
    {
      if (!job->running && g_cancellable_is_cancelled (job->link->cancellable))
        {
          job->abandoned = TRUE;
          break;
        }
      g_cond_wait_until (&job->cond, &job->mutex, g_get_monotonic_time () + WAIT_STEP_US);
    }
  ok = job->done && job->ok;
  if (!job->done)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         "The connection was closed before the message was stored.");
  else if (!ok)
    g_propagate_error (error, g_steal_pointer (&job->error));
  g_mutex_unlock (&job->mutex);

  return ok;
}

static gboolean
host_deliver (LdInstrumentMessage  *message,
              gpointer              host_data,
              GError              **error)
{
  Job *job = g_atomic_rc_box_new0 (Job);
  gboolean ok;

  job->kind = JOB_DELIVER;
  job->link = host_data;
  job->message = message;
  ok = run_job (job, error);
  job_unref (job);
  return ok;
}

static GPtrArray *
host_ordered_tests (const char  *accession,
                    gpointer     host_data,
                    GError     **error)
{
  Job *job = g_atomic_rc_box_new0 (Job);
  GPtrArray *orders = NULL;

  job->kind = JOB_ORDERED;
  job->link = host_data;
  job->accession = accession;
  if (run_job (job, error))
    orders = g_steal_pointer (&job->orders);
  job_unref (job);
  return orders;
}

static void
host_log (const char *what,
          gpointer    host_data)
{
  LdInstrumentLink *link = host_data;

  g_info ("instrument %s (%s): %s", link->name, link->client, what);
}

static void
host_idle (gpointer host_data)
{
  LdInstrumentLink *link = host_data;

  link->idle = TRUE;
}

const LdInstrumentHost ld_instrument_host = { host_deliver, host_ordered_tests, host_log,
                                              host_idle };

static void
core_clear (LdInstrumentCore *core)
{
  g_main_context_unref (core->context);
}

/**
 * ld_instrument_core_new:
 * @store: the server's store
 * @announce: (nullable): called after a message committed
 * @announce_data: for @announce
 *
 * Made on the store's thread, whose thread-default main context runs
 * the connections' work.
 *
 * Returns: (transfer full): the core; release it with ld_instrument_core_unref()
 */
LdInstrumentCore *
ld_instrument_core_new (LdStore                  *store,
                        LdInstrumentAnnounceFunc  announce,
                        gpointer                  announce_data)
{
  LdInstrumentCore *core = g_atomic_rc_box_new0 (LdInstrumentCore);

  core->store = store;
  core->context = g_main_context_ref_thread_default ();
  core->announce = announce;
  core->announce_data = announce_data;
  return core;
}

void
ld_instrument_core_unref (LdInstrumentCore *core)
{
  g_atomic_rc_box_release_full (core, (GDestroyNotify) core_clear);
}

/**
 * ld_instrument_link_new:
 * @core: what every connection shares; a reference is taken
 * @instrument_id: the instrument
 * @name: its name, for the audit trail's actor
 * @client: the instrument's address
 * @cancellable: fires when the connection must end
 *
 * Returns: (transfer full): one connection's host data
 */
LdInstrumentLink *
ld_instrument_link_new (LdInstrumentCore *core,
                        const char       *instrument_id,
                        const char       *name,
                        const char       *client,
                        GCancellable     *cancellable)
{
  LdInstrumentLink *link = g_new0 (LdInstrumentLink, 1);

  link->core = g_atomic_rc_box_acquire (core);
  link->instrument_id = g_strdup (instrument_id);
  link->name = g_strdup (name);
  link->client = g_strdup (client);
  link->cancellable = g_object_ref (cancellable);
  return link;
}

void
ld_instrument_link_free (LdInstrumentLink *link)
{
  if (link == NULL)
    return;

  ld_instrument_core_unref (link->core);
  g_free (link->instrument_id);
  g_free (link->name);
  g_free (link->client);
  g_object_unref (link->cancellable);
  g_free (link);
}

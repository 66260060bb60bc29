/* ld-sign-in-queue.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A password check costs a core for a tenth of a second, so sign-ins are
 * the cheapest way to make the server work. This queue decides which wait
 * for the password threads, and in what order:
 *
 * - it is bounded, overall and per client address, and one address may
 *   start only so many sign-ins a minute; beyond that a sign-in is refused
 *   at once rather than queued behind a flood;
 * - the next check goes to the address served least recently, so a flood
 *   from one address delays a sign-in from another by one check at most;
 * - one user name has one check at a time: the next is started only once
 *   the last is decided and committed, so a locked account stops guesses
 *   before their check rather than after;
 * - some waiting places are kept for addresses someone has signed in from
 *   since the process started: flooding addresses (which never sign in)
 *   fill the rest, and a desk that signed in before still gets a place.
 *
 * All of it runs on the server's thread.
 */

#define G_LOG_DOMAIN "ld-sign-in-queue"

#include "config.h"

#include "ld-sign-in-queue.h"
#include "ld-error.h"
#include "ld-rate-limit.h"

/* Addresses remembered as having signed in; beyond this the one that
 * signed in longest ago is forgotten. */
#define KNOWN_MAX 4096

typedef struct
{
  char     *username;
  gpointer  data;
  guint64   seq;
  gboolean  known;
} Job;

typedef struct
{
  GQueue  waiting;
  /* Waiting and running. */
  guint   n_active;
  gint64  last_started_us;
} Client;

struct _LdSignInQueue
{
  LdSignInLimits     limits;
  LdSignInStartFunc  start;
  gpointer           user_data;
  GHashTable        *clients;
  /* User name → checks running (0 or 1). */
  GHashTable        *running_users;
  LdRateLimit       *rate;
  /* Address → when someone last signed in from it (monotonic µs). */
  GHashTable        *known;
  guint              n_waiting;
  /* Of n_waiting, from addresses not in known. */
  guint              n_waiting_unknown;
  guint              n_running;
  guint64            next_seq;
  gboolean           starting;
  GMainContext      *context;
  GSource           *run_source;
};

static void
job_free (Job *job)
{
  g_free (job->username);
  g_free (job);
}

static void
client_free (Client *client)
{
  g_queue_clear_full (&client->waiting, (GDestroyNotify) job_free);
  g_free (client);
}

/**
 * ld_sign_in_queue_new:
 * @limits: the bounds
 * @start: starts a job's check when its turn comes
 * @user_data: for @start
 *
 * Returns: (transfer full): an empty queue
 */
LdSignInQueue *
ld_sign_in_queue_new (const LdSignInLimits *limits,
                      LdSignInStartFunc     start,
                      gpointer              user_data)
{
  LdSignInQueue *self;

  g_return_val_if_fail (limits != NULL && start != NULL, NULL);
  g_return_val_if_fail (limits->max_running > 0 && limits->max_per_address > 0, NULL);
  g_return_val_if_fail (limits->per_address_per_minute > 0, NULL);
  g_return_val_if_fail (limits->reserved_for_known <= limits->max_waiting, NULL);

  self = g_new0 (LdSignInQueue, 1);
  self->limits = *limits;
  self->start = start;
  self->user_data = user_data;
  self->clients =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) client_free);
  self->running_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rate = ld_rate_limit_new (limits->per_address_per_minute, 60 * G_USEC_PER_SEC);
  self->context = g_main_context_ref_thread_default ();
  return self;
}

void
ld_sign_in_queue_free (LdSignInQueue *self)
{
  if (self == NULL)
    return;

  /* Each waiting sign-in holds its request, and each request the server. */
  g_assert (self->n_waiting == 0 && self->n_running == 0);

  g_clear_pointer (&self->clients, g_hash_table_unref);
  g_clear_pointer (&self->running_users, g_hash_table_unref);
  g_clear_pointer (&self->known, g_hash_table_unref);
  g_clear_pointer (&self->rate, ld_rate_limit_free);
  if (self->run_source != NULL)
    g_source_destroy (self->run_source);
  g_clear_pointer (&self->run_source, g_source_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self);
}

static gboolean
refuse (GError     **error,
        gint64      *out_retry_after_s,
        LdApiError   code,
        gint64       retry_after_s,
        const char  *message)
{
  *out_retry_after_s = retry_after_s;
  g_set_error_literal (error, LD_API_ERROR, code, message);
  return FALSE;
}

static void run_queue (LdSignInQueue *self);

static gboolean
run_cb (gpointer data)
{
  LdSignInQueue *self = data;

  g_clear_pointer (&self->run_source, g_source_unref);
  run_queue (self);
  return G_SOURCE_REMOVE;
}

/**
 * ld_sign_in_queue_push:
 * @self: a queue
 * @store: the server's store, where the limit per address is counted when
 *   several processes share it
 * @address: the client's address
 * @username: the name signing in (one check per name at a time)
 * @job: handed to the start function
 * @out_retry_after_s: (out): when refused, the seconds to wait
 * @error: return location for an %LD_API_ERROR_RATE_LIMITED (this
 *   address) or %LD_API_ERROR_UNAVAILABLE (every address)
 *
 * Queues @job, or refuses it and queues nothing. The queue runs from the
 * main loop, never inside this call, so the caller's handler returns (and
 * pauses its request) before the job can start, and end.
 *
 * Returns: %TRUE if @job was queued
 */
gboolean
ld_sign_in_queue_push (LdSignInQueue  *self,
                       LdStore        *store,
                       const char     *address,
                       const char     *username,
                       gpointer        job,
                       gint64         *out_retry_after_s,
                       GError        **error)
{
  Client *client;
  Job *queued;
  gint64 retry_after_s;
  gboolean known;

  g_return_val_if_fail (self != NULL && address != NULL && username != NULL, FALSE);
  g_return_val_if_fail (out_retry_after_s != NULL, FALSE);

  client = g_hash_table_lookup (self->clients, address);
  known = g_hash_table_contains (self->known, address);
  if (client != NULL && client->n_active >= self->limits.max_per_address)
    return refuse (error, out_retry_after_s, LD_API_ERROR_RATE_LIMITED, 1,
                   "Too many sign-ins from this address at once; try again in a moment.");
  if (self->n_waiting >= self->limits.max_waiting ||
      (!known &&
       self->n_waiting_unknown >= self->limits.max_waiting - self->limits.reserved_for_known))
    return refuse (error, out_retry_after_s, LD_API_ERROR_UNAVAILABLE, 1,
                   "The server is busy with other sign-ins; try again in a moment.");
  if (!ld_rate_limit_take_in (self->rate, store, "sign-in", address, &retry_after_s))
    return refuse (error, out_retry_after_s, LD_API_ERROR_RATE_LIMITED, retry_after_s,
                   "Too many sign-ins from this address; try again in a minute.");

  if (client == NULL)
    {
      client = g_new0 (Client, 1);
      g_hash_table_insert (self->clients, g_strdup (address), client);
    }

  queued = g_new0 (Job, 1);
  queued->username = g_strdup (username);
  queued->data = job;
  queued->seq = self->next_seq++;
  queued->known = known;
  g_queue_push_tail (&client->waiting, queued);
  client->n_active++;
  self->n_waiting++;
  if (!known)
    self->n_waiting_unknown++;

  if (self->run_source == NULL)
    {
      self->run_source = g_idle_source_new ();
      g_source_set_callback (self->run_source, run_cb, self, NULL);
      g_source_attach (self->run_source, self->context);
    }
  return TRUE;
}

/* The next job: from the address served least recently, among the jobs
 * whose user name has no check running. */
static Job *
take_next (LdSignInQueue  *self,
           Client        **out_client)
{
  GHashTableIter iter;
  Client *client, *best_client = NULL;
  GList *best_link = NULL;
  Job *best;

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &client))
    for (GList *l = client->waiting.head; l != NULL; l = l->next)
      {
        Job *job = l->data;

        best = best_link ? best_link->data : NULL;
        if (g_hash_table_contains (self->running_users, job->username))
          continue;
        if (best == NULL || client->last_started_us < best_client->last_started_us ||
            (client->last_started_us == best_client->last_started_us && job->seq < best->seq))
          {
            best_client = client;
            best_link = l;
          }
        break;
      }

  if (best_link == NULL)
    return NULL;

  *out_client = best_client;
  best = best_link->data;
  g_queue_delete_link (&best_client->waiting, best_link);
  return best;
}

/* Starts waiting jobs while password threads are free. */
static void
run_queue (LdSignInQueue *self)
{
  Client *client;
  Job *job;

  /* A start function may end its job at once, which runs the queue again;
   * the loop here goes on instead. */
  if (self->starting)
    return;

  self->starting = TRUE;
  while (self->n_running < self->limits.max_running &&
         (job = take_next (self, &client)) != NULL)
    {
      self->n_waiting--;
      if (!job->known)
        self->n_waiting_unknown--;
      self->n_running++;
      client->last_started_us = g_get_monotonic_time ();
      g_hash_table_add (self->running_users, g_strdup (job->username));
      self->start (job->data, self->user_data);
      job_free (job);
    }
  self->starting = FALSE;
}

/* Remembers that someone signed in from @address, forgetting the address
 * that signed in longest ago when the table is full. */
static void
remember_known (LdSignInQueue *self,
                const char    *address)
{
  gint64 *when = g_new (gint64, 1);

  *when = g_get_monotonic_time ();
  if (!g_hash_table_contains (self->known, address) &&
      g_hash_table_size (self->known) >= KNOWN_MAX)
    {
      GHashTableIter iter;
      gpointer key, value;
      const char *oldest = NULL;
      gint64 oldest_us = G_MAXINT64;

      g_hash_table_iter_init (&iter, self->known);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (*(gint64 *) value < oldest_us)
          {
            oldest = key;
            oldest_us = *(gint64 *) value;
          }
      g_hash_table_remove (self->known, oldest);
    }
  g_hash_table_insert (self->known, g_strdup (address), when);
}

/**
 * ld_sign_in_queue_done:
 * @self: a queue
 * @address: the job's address, as pushed
 * @username: the job's user name, as pushed
 * @signed_in: whether the sign-in succeeded (its address then has a share
 *   of the places kept for known addresses)
 *
 * Ends a started job, once its outcome is committed, and starts the next.
 */
void
ld_sign_in_queue_done (LdSignInQueue *self,
                       const char    *address,
                       const char    *username,
                       gboolean       signed_in)
{
  Client *client;

  g_return_if_fail (self != NULL);

  if (signed_in)
    remember_known (self, address);

  client = g_hash_table_lookup (self->clients, address);
  g_return_if_fail (client != NULL && client->n_active > 0);
  g_return_if_fail (self->n_running > 0);

  g_hash_table_remove (self->running_users, username);
  self->n_running--;
  if (--client->n_active == 0)
    g_hash_table_remove (self->clients, address);

  run_queue (self);
}

/* ld-http-request.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-http"

#include "config.h"

#include "ld-http-request.h"
#include "ld-client-address.h"

static char *
make_request_id (void)
{
  /* Short enough to read in a log line, random enough not to repeat in a day. */
  return g_strdup_printf ("%08x%04x", g_random_int (), g_random_int () & 0xffff);
}

/**
 * ld_http_request_new:
 * @msg: the message being served
 * @store: the server's store
 * @query: (nullable): the decoded query string
 * @trusted_proxies: (nullable) (element-type GInetAddress): peers whose
 *   X-Forwarded-For names the client
 *
 * Returns: (transfer full): a new request
 */
LdHttpRequest *
ld_http_request_new (SoupServerMessage *msg,
                     LdStore           *store,
                     GHashTable        *query,
                     GPtrArray         *trusted_proxies)
{
  LdHttpRequest *req = g_new0 (LdHttpRequest, 1);
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  req->msg = g_object_ref (msg);
  req->store = store;
  req->commits_before = store ? ld_store_get_commits_written (store) : 0;
  req->method = soup_server_message_get_method (msg);
  req->path = g_uri_get_path (soup_server_message_get_uri (msg));
  req->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  req->query = query ? g_hash_table_ref (query) : NULL;
  req->request_id = make_request_id ();
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    {
      const char *forwarded =
        soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                       "X-Forwarded-For");
      g_autoptr(GInetAddress) client =
                   ld_client_address_resolve (g_inet_socket_address_get_address (
                                                G_INET_SOCKET_ADDRESS (remote)),
                                              forwarded, trusted_proxies);

      req->client = g_inet_address_to_string (client);
      req->client_key = ld_client_address_key (client);
    }
  else
    {
      req->client = g_strdup ("unknown");
      req->client_key = g_strdup ("unknown");
    }
  req->started_us = g_get_monotonic_time ();

  return req;
}

void
ld_http_request_free (LdHttpRequest *req)
{
  if (req == NULL)
    return;

  g_clear_object (&req->msg);
  g_clear_pointer (&req->params, g_hash_table_unref);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->request_id, g_free);
  g_clear_pointer (&req->client, g_free);
  g_clear_pointer (&req->client_key, g_free);
  g_clear_object (&req->user);
  g_clear_pointer (&req->token_hash, g_free);
  g_clear_pointer (&req->settings, ld_settings_free);
  g_clear_pointer (&req->service, ld_service_context_free);
  if (req->prepared_free != NULL)
    g_clear_pointer (&req->prepared, req->prepared_free);
  if (req->finish_data_free != NULL)
    req->finish_data_free (req->finish_data);
  g_free (req);
}

/**
 * ld_http_request_set_finish_func:
 * @req: a request
 * @func: called once the answer is set; it must free @req
 * @data: for @func
 * @data_free: (nullable): frees @data with the request
 */
void
ld_http_request_set_finish_func (LdHttpRequest    *req,
                                 LdHttpFinishFunc  func,
                                 gpointer          data,
                                 GDestroyNotify    data_free)
{
  g_return_if_fail (req != NULL);

  req->finish_func = func;
  req->finish_data = data;
  req->finish_data_free = data_free;
}

/**
 * ld_http_request_pause:
 * @req: a request whose handler goes on in a worker thread
 *
 * The connection keeps waiting (the message stays paused); the dispatcher
 * leaves the request alone until ld_http_request_resume(), which the
 * handler must call on the server's thread once the answer is set.
 */
void
ld_http_request_pause (LdHttpRequest *req)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (!req->paused);

  ld_http_request_note_writes (req);
  req->paused = TRUE;
}

gboolean
ld_http_request_is_paused (LdHttpRequest *req)
{
  g_return_val_if_fail (req != NULL, FALSE);

  return req->paused;
}

/**
 * ld_http_request_resume:
 * @req: (transfer full): a paused request whose answer is set
 *
 * Sends the answer (once what the request wrote is on disk) and finishes
 * (logs, counts and frees) the request.
 */
void
ld_http_request_resume (LdHttpRequest *req)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (req->paused);

  ld_http_request_finish (req);
}

/**
 * ld_http_request_set_prepared:
 * @req: a request in its route's prepare step
 * @prepared: (transfer full) (nullable): what the handler will need
 * @prepared_free: (nullable): frees it with the request
 */
void
ld_http_request_set_prepared (LdHttpRequest  *req,
                              gpointer        prepared,
                              GDestroyNotify  prepared_free)
{
  g_return_if_fail (req != NULL);

  if (req->prepared_free != NULL)
    g_clear_pointer (&req->prepared, req->prepared_free);
  req->prepared = prepared;
  req->prepared_free = prepared_free;
}

/**
 * ld_http_request_continue:
 * @req: (transfer full): a request its prepare step paused
 *
 * On the server's thread, once the prepare step's work is done: runs the
 * route's handler as if the request had never paused (its transaction,
 * its idempotency key, its retries), then finishes the request.
 */
void
ld_http_request_continue (LdHttpRequest *req)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (req->paused && req->continue_func != NULL);

  /* The message stays paused; ld_http_request_finish() lets it go. */
  req->paused = FALSE;
  ld_store_batch_join (req->store);
  req->continue_func (req, req->continue_route);
  ld_store_batch_leave (req->store);
  if (ld_http_request_is_paused (req))
    return;

  ld_http_request_note_writes (req);
  req->paused = TRUE;
  ld_http_request_finish (req);
}

/* Logs and frees the request (its finish function), then lets the HTTP
 * thread write the answer: the message's last reference goes there. */
static void
hand_back (LdHttpRequest *req)
{
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&req->msg);
  LdHttpThread *http_thread = req->http_thread;

  req->paused = FALSE;
  /* req->method and req->path point into the message, still held here. */
  req->finish_func (req, req->finish_data);
  ld_http_thread_release (http_thread, g_steal_pointer (&msg));
}

static void
on_durable_cb (const GError *error,
               gpointer      data)
{
  LdHttpRequest *req = data;

  /* The change is committed but perhaps not on disk: the client must not
   * count on it, nor take it as refused. */
  if (error != NULL)
    {
      g_autoptr(GError) unavailable =
                   g_error_new_literal (LD_API_ERROR, LD_API_ERROR_UNAVAILABLE,
                                        "The server could not confirm the change was saved; "
                                        "read the record again before retrying.");

      ld_http_respond_error (req, unavailable, NULL);
    }
  hand_back (req);
}

/**
 * ld_http_request_note_writes:
 * @req: a request
 *
 * What the request has committed so far must be on disk before its answer
 * leaves. The dispatcher notes a handler's own commits when it returns or
 * pauses; work that commits after a pause for the request notes them
 * itself (a sign-in). The audit events of reads are the one thing left
 * unnoted: they are in the log, and synced within moments. A request
 * that ran while a batch of requests was open (ld-store-batch.c) waits
 * for that batch, whether it wrote or not: what it read may be the
 * batch's.
 */
void
ld_http_request_note_writes (LdHttpRequest *req)
{
  guint64 written;

  g_return_if_fail (req != NULL);

  written = ld_store_get_commits_written (req->store);
  /* The batch's number: the request ran in it, or after its writes. */
  if (ld_store_batch_is_open (req->store))
    req->durable_seq = written + 1;
  else if (written > req->commits_before)
    req->durable_seq = written;
}

/**
 * ld_http_request_finish:
 * @req: (transfer full): a request whose answer is set
 *
 * Sends the answer and finishes the request; one whose writes were noted
 * waits, paused, until they are on disk (group commit, ld-store-syncer.c).
 */
void
ld_http_request_finish (LdHttpRequest *req)
{
  g_return_if_fail (req != NULL);

  if (req->durable_seq > 0)
    {
      req->paused = TRUE;
      if (ld_store_when_durable (req->store, req->durable_seq, on_durable_cb, req))
        return;
    }
  hand_back (req);
}

/* Tries of a request whose transaction PostgreSQL ended for a retry. */
#define MAX_ATTEMPTS 3

/**
 * ld_http_request_run_retried:
 * @req: a request
 * @attempt: its work, all of it in one transaction
 * @data: for @attempt
 * @error: return location for the last try's error
 *
 * The one home for retrying a write (issue 19). On PostgreSQL a
 * transaction may end in a serialization failure or a deadlock
 * (LD_STORE_ERROR_RETRY, ld-store-writers.c): it was rolled back whole
 * and nothing was sent yet, so @attempt runs again, on a fresh read, up
 * to three times in all; only then does the client see `unavailable`.
 * The router runs every handler through this (ld-server.c, run_route()),
 * and sign-in its own transaction after the password check, which ends
 * a paused request (ld-api-sessions.c). An attempt may set an answer
 * before its commit fails: the next sets its own over it.
 *
 * Returns: %TRUE once a try succeeded
 */
gboolean
ld_http_request_run_retried (LdHttpRequest      *req,
                             LdHttpAttemptFunc   attempt,
                             gpointer            data,
                             GError            **error)
{
  g_return_val_if_fail (req != NULL && attempt != NULL, FALSE);

  for (guint n = 1;; n++)
    {
      g_autoptr(GError) local = NULL;
      gboolean was_paused = req->paused;

      if (attempt (req, data, &local))
        return TRUE;

      /* A try that paused the request handed it to work that goes on
       * without this loop: it is not run again. */
      if (n >= MAX_ATTEMPTS || req->paused != was_paused ||
          !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_RETRY))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_debug ("request id=%s: %s; trying again (%u)", req->request_id, local->message, n + 1);
    }
}

const char *
ld_http_request_get_param (LdHttpRequest *req,
                           const char    *name)
{
  g_return_val_if_fail (req != NULL, NULL);

  return g_hash_table_lookup (req->params, name);
}

const char *
ld_http_request_get_query (LdHttpRequest *req,
                           const char    *name)
{
  g_return_val_if_fail (req != NULL, NULL);

  return req->query ? g_hash_table_lookup (req->query, name) : NULL;
}

/**
 * ld_http_request_get_settings:
 * @req: a request
 * @error: return location for an %LD_STORE_ERROR
 *
 * Loads the lab's settings once per request.
 *
 * Returns: (transfer none) (nullable): the settings
 */
const LdSettings *
ld_http_request_get_settings (LdHttpRequest  *req,
                              GError        **error)
{
  g_autoptr(GHashTable) stored = NULL;

  g_return_val_if_fail (req != NULL, NULL);

  if (req->settings != NULL)
    return req->settings;

  stored = ld_store_settings_load (req->store, NULL, error);
  if (stored == NULL)
    return NULL;

  req->settings = ld_settings_new_from_table (stored);

  return req->settings;
}

/**
 * ld_http_request_get_service:
 * @req: a request
 *
 * The request as the services see it: the store, the signed-in user (if
 * any), the request id and the client's address. This is all the HTTP
 * layer tells a service.
 *
 * Returns: (transfer none): the request's service context
 */
LdServiceContext *
ld_http_request_get_service (LdHttpRequest *req)
{
  g_return_val_if_fail (req != NULL, NULL);

  if (req->service == NULL)
    req->service = ld_service_context_new (req->store, NULL, NULL, req->request_id, req->client);
  /* Sign-in sets the user part way through a request. */
  ld_service_context_set_actor (req->service, req->user);

  return req->service;
}

/* ld-server.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-server"

#include "config.h"

#include <libsoup/soup.h>
#include <sys/resource.h>

#include "ld-server.h"
#include "ld-changes-backfill.h"
#include "ld-order-expiry.h"
#include "ld-appointment-reminders.h"
#include "service/ld-service-appointments.h"
#include "api/ld-api.h"
#include "service/ld-audit-batch.h"
#include "service/ld-audit-check.h"
#include "service/ld-backup-runner.h"
#include "service/ld-read-pool.h"
#include "store/ld-store-notifications.h"
#include "http/ld-auth.h"
#include "http/ld-events.h"
#include "http/ld-idempotency.h"
#include "http/ld-http-thread.h"
#include "http/ld-listener.h"
#include "instruments/ld-instrument-listener.h"
#include "service/ld-sign-in-queue.h"
#include "service/ld-metrics.h"
#include "http/ld-router.h"
#include "web/ld-web.h"
#include "ld-settings.h"
#include "ld-time.h"

struct _LdServer
{
  GObject     parent_instance;

  LdConfig   *config;
  LdStore    *store;
  /* libsoup's server and the listener live on this thread; every request
   * is handed to this object's thread, which owns the store. */
  LdHttpThread *http_thread;
  SoupServer *soup;
  LdListener *listener;
  LdSignInQueue *sign_in_queue;
  LdRouter   *router;
  LdMetrics  *metrics;
  LdEvents   *events;
  LdStoreNotifier *notifier;
  LdAuditBatch *audit_batch;
  LdReadPool *read_pool;
  /* On the HTTP thread: no route begins early work any more (the pool is
   * going away). */
  gboolean    early_stopped;
  LdAuditCheck *audit_check;
  LdBackupRunner *backup_runner;
  LdStoreCheckpointer *checkpointer;
  LdStoreHeadWriter   *head_writer;
  LdStoreSyncer       *syncer;
  LdGateway  *gateway;
  LdInstrumentListener *instruments;
  /* On the HTTP thread. */
  guint       in_flight;
  GSource    *prune_source;
  GSource    *expiry_source;
};

G_DEFINE_FINAL_TYPE (LdServer, ld_server, G_TYPE_OBJECT)

/* Ended sessions are refused when used; this only keeps the table small.
 * Kept idempotent answers past their period go in the same sweep. */
#define PRUNE_INTERVAL_SECONDS (10 * 60)
#define EXPIRY_INTERVAL_SECONDS 60
/* Searches read on these threads, each with its own connection, so the
 * second core works too; more than the cores only adds switching. */
#define READER_THREADS 2

/* Sign-ins waiting for a password thread, from all addresses and from one;
 * of the first, the places kept for addresses that signed in before. */
#define SIGN_INS_WAITING 32
#define SIGN_INS_RESERVED_FOR_KNOWN 8
#define SIGN_INS_PER_ADDRESS 4
/* Descriptors kept for the database, its readers and documents when the
 * open-file limit bounds the connections. */
#define RESERVED_FILES 128

#define BODY_TOO_LARGE_KEY "ld-body-too-large"
#define BAD_LENGTH_KEY "ld-bad-length"
#define IN_FLIGHT_KEY "ld-in-flight"
#define BODY_SIZE_KEY "ld-body-size"
#define BODY_LIMIT_KEY "ld-body-limit"
/* An events handshake, handed to the main thread as its head arrived. */
#define DISPATCHED_KEY "ld-dispatched"

static void
refuse_body (SoupServerMessage *msg)
{
  /* Stop keeping the body: what is still to come is read and dropped,
   * so an oversized upload costs bandwidth but never memory. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_body_truncate (soup_server_message_get_request_body (msg));
  g_object_set_data (G_OBJECT (msg), BODY_TOO_LARGE_KEY, GINT_TO_POINTER (TRUE));
}

/* The largest body @msg's route takes: the server's max-body-bytes, or
 * more for an import (ld_router_set_max_body()), but only from a user the
 * route admits: nobody else may make the server hold megabytes. */
static gsize
body_limit (LdServer          *self,
            SoupServerMessage *msg)
{
  gsize limit = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), BODY_LIMIT_KEY));
  const LdRoute *route;

  if (limit != 0)
    return limit;

  limit = self->config->max_body_bytes;
  route = ld_router_match (self->router, soup_server_message_get_method (msg),
                           g_uri_get_path (soup_server_message_get_uri (msg)), NULL, NULL);
  if (route != NULL && route->max_body_bytes > limit && route->permission != NULL &&
      ld_auth_headers_admit (self->store, msg, route->permission))
    limit = route->max_body_bytes;
  g_object_set_data (G_OBJECT (msg), BODY_LIMIT_KEY, GSIZE_TO_POINTER (limit));
  return limit;
}

/* On the HTTP thread: whether @msg's route may take more than the
 * server's max-body-bytes, which only the main thread can settle (it
 * knows who is signed in). */
static gboolean
may_take_larger_body (LdServer          *self,
                      SoupServerMessage *msg)
{
  const LdRoute *route =
    ld_router_match (self->router, soup_server_message_get_method (msg),
                     g_uri_get_path (soup_server_message_get_uri (msg)), NULL, NULL);

  return route != NULL && route->max_body_bytes > self->config->max_body_bytes &&
         route->permission != NULL;
}

/* A message on its way between the threads; whoever holds it holds one
 * reference, moved on, never copied, so that the last one is let go on
 * the HTTP thread (ld_http_thread_release()). */
typedef struct
{
  LdServer          *self;
  SoupServerMessage *msg;
  GHashTable        *query;
} Handed;

static void
handed_free (Handed *handed)
{
  g_clear_object (&handed->msg);
  g_clear_pointer (&handed->query, g_hash_table_unref);
  g_free (handed);
}

static void dispatch_on_main (gpointer data);

/* On the HTTP thread: the main thread takes @msg, paused, from here. */
static void
hand_to_main (LdServer          *self,
              SoupServerMessage *msg,
              GHashTable        *query,
              LdHttpThreadFunc   func)
{
  Handed *handed = g_new0 (Handed, 1);

  soup_server_message_pause (msg);
  handed->self = self;
  handed->msg = g_object_ref (msg);
  handed->query = query ? g_hash_table_ref (query) : NULL;
  ld_http_thread_to_main (self->http_thread, func, handed, (GDestroyNotify) handed_free);
}

/* A WebSocket handshake is answered before libsoup reads on: libsoup
 * upgrades the connection as soon as its handler returns without an
 * answer, so the handshake is authorized as its head arrives. */
static void
dispatch_early_cb (SoupServer        *soup,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  g_object_set_data (G_OBJECT (msg), DISPATCHED_KEY, GINT_TO_POINTER (TRUE));
}

/* On the HTTP thread: @msg's body may be @limit bytes at most, which
 * got-chunk holds it to as it arrives; a declared length over it is
 * refused at once. */
static void
apply_body_limit (SoupServerMessage *msg,
                  gsize              limit)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  g_object_set_data (G_OBJECT (msg), BODY_LIMIT_KEY, GSIZE_TO_POINTER (limit));
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) limit)
    refuse_body (msg);
}

/* The main thread settled the limit; libsoup reads on. */
static void
check_body_on_io (gpointer data)
{
  Handed *handed = data;

  apply_body_limit (handed->msg,
                    GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (handed->msg), BODY_LIMIT_KEY)));
  soup_server_message_unpause (handed->msg);
}

/* body_limit() asks the store whether the sender may send more. */
static void
settle_body_limit_on_main (gpointer data)
{
  Handed *handed = data;
  Handed *back = g_new0 (Handed, 1);

  body_limit (handed->self, handed->msg);
  back->msg = g_steal_pointer (&handed->msg);
  ld_http_thread_to_io (handed->self->http_thread, check_body_on_io, back,
                        (GDestroyNotify) handed_free);
}

/* On the HTTP thread. A body larger than the server's limit is refused
 * here, as it arrives, unless its route may take it. */
static void
on_message_got_headers_cb (SoupServerMessage *msg,
                           LdServer          *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  goffset length = soup_message_headers_get_content_length (headers);
  gsize limit = self->config->max_body_bytes;

  if (self->listener != NULL)
    ld_listener_got_headers (self->listener, msg);

  if (encoding == SOUP_ENCODING_CONTENT_LENGTH && length < 0)
    {
      /* libsoup takes a negative length as it comes and warns when it
       * makes the body's stream: read no body, answer 400, close the
       * connection. */
      soup_message_headers_set_content_length (headers, 0);
      g_object_set_data (G_OBJECT (msg), BAD_LENGTH_KEY, GINT_TO_POINTER (TRUE));
    }
  else if (encoding == SOUP_ENCODING_CHUNKED ||
           (encoding == SOUP_ENCODING_CONTENT_LENGTH && length > (goffset) limit))
    {
      if (may_take_larger_body (self, msg))
        {
          hand_to_main (self, msg, NULL, settle_body_limit_on_main);
          return;
        }
      apply_body_limit (msg, limit);
    }

  if (g_object_get_data (G_OBJECT (msg), DISPATCHED_KEY))
    {
      const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
      g_autoptr(GHashTable) fields = query ? soup_form_decode (query) : NULL;

      hand_to_main (self, msg, fields, dispatch_on_main);
    }
}

/* On the HTTP thread: the limit is settled by now (see above). */
static void
on_message_got_chunk_cb (SoupServerMessage *msg,
                         GBytes            *chunk,
                         LdServer          *self)
{
  gsize size = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), BODY_SIZE_KEY));
  gsize limit = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), BODY_LIMIT_KEY));

  if (limit == 0)
    limit = self->config->max_body_bytes;
  size += g_bytes_get_size (chunk);
  g_object_set_data (G_OBJECT (msg), BODY_SIZE_KEY, GSIZE_TO_POINTER (size));
  if (size > limit && !g_object_get_data (G_OBJECT (msg), BODY_TOO_LARGE_KEY))
    refuse_body (msg);
}

static void
on_request_started_cb (SoupServer        *soup,
                       SoupServerMessage *msg,
                       LdServer          *self)
{
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (on_message_got_headers_cb), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_message_got_chunk_cb), self, 0);
}

/* A request is in flight from when it has arrived in full until its answer
 * is written: libsoup starts a message as soon as a connection waits for
 * one, and an idle connection must not hold a shutdown. */
static void
on_request_read_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    LdServer          *self)
{
  self->in_flight++;
  g_object_set_data (G_OBJECT (msg), IN_FLIGHT_KEY, GINT_TO_POINTER (TRUE));
}

static void
end_in_flight (LdServer          *self,
               SoupServerMessage *msg)
{
  if (!g_object_get_data (G_OBJECT (msg), IN_FLIGHT_KEY))
    return;

  g_assert (self->in_flight > 0);
  self->in_flight--;
  g_object_set_data (G_OBJECT (msg), IN_FLIGHT_KEY, NULL);
}

static void
on_request_done_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    LdServer          *self)
{
  end_in_flight (self, msg);
}

/* Connections in all: as many as the open-file limit leaves beside the
 * server's own files (main.c raises the soft limit at start). */
static guint
get_max_connections (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return G_MAXUINT;

  return MAX (16, (gint64) limit.rlim_cur - RESERVED_FILES);
}

static void
respond_api_error (LdHttpRequest *req,
                   LdApiError     code,
                   const char    *message)
{
  g_autoptr(GError) error = g_error_new_literal (LD_API_ERROR, code, message);

  ld_http_respond_error (req, error, NULL);
}

static gboolean
attempt_route (LdHttpRequest  *req,
               gpointer        data,
               GError        **error)
{
  const LdRoute *route = data;

  return ld_idempotency_applies (req, route) ? ld_idempotency_run (req, route, error)
                                             : route->handler (req, error);
}

/* Every handler runs through the one home for retrying a write
 * (ld_http_request_run_retried()); handlers keep their work in one
 * transaction, which is what makes running one again safe. */
static gboolean
run_route (LdHttpRequest  *req,
           const LdRoute  *route,
           GError        **error)
{
  return ld_http_request_run_retried (req, attempt_route, (gpointer) route, error);
}

static void
respond_route_failure (LdHttpRequest *req,
                       const LdRoute *route,
                       const GError  *error)
{
  if (error == NULL)
    {
      g_critical ("%s %s failed without an error", req->method, route->pattern);
      respond_api_error (req, LD_API_ERROR_INTERNAL, "Something went wrong on the server.");
      return;
    }
  ld_http_respond_error (req, error, NULL);
}

static void
continue_route (LdHttpRequest *req,
                gconstpointer  data)
{
  const LdRoute *route = data;
  g_autoptr(GError) error = NULL;

  if (!run_route (req, route, &error))
    respond_route_failure (req, route, error);
}

static void
route_request (LdServer      *self,
               LdHttpRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *allowed = NULL;
  const LdRoute *route;

  if (g_object_get_data (G_OBJECT (req->msg), BAD_LENGTH_KEY))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Connection", "close");
      respond_api_error (req, LD_API_ERROR_BAD_REQUEST,
                         "The request's Content-Length is not a length.");
      return;
    }
  if (g_object_get_data (G_OBJECT (req->msg), BODY_TOO_LARGE_KEY))
    {
      g_autofree char *message =
        g_strdup_printf ("The request body is larger than the limit of %zu bytes.",
                         body_limit (self, req->msg));
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Connection", "close");
      respond_api_error (req, LD_API_ERROR_PAYLOAD_TOO_LARGE, message);
      return;
    }

  route = ld_router_match (self->router, req->method, req->path, req->params, &allowed);
  if (route == NULL && allowed != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Allow", allowed);
      respond_api_error (req, LD_API_ERROR_METHOD_NOT_ALLOWED,
                         "This address does not accept that method.");
      return;
    }
  if (route == NULL)
    {
      respond_api_error (req, LD_API_ERROR_NOT_FOUND, "There is nothing at this address.");
      return;
    }

  req->route = route->pattern;
  if (!ld_auth_authorize (req, route->permission, &error))
    {
      respond_route_failure (req, route, error);
      return;
    }

  /* Work the handler needs before its transaction (asking the payment
   * gateway) may pause the request; it goes on in continue_route(). */
  if (route->prepare != NULL)
    {
      req->continue_func = continue_route;
      req->continue_route = route;
      if (!route->prepare (req, &error))
        {
          respond_route_failure (req, route, error);
          return;
        }
      if (ld_http_request_is_paused (req))
        return;
    }

  continue_route (req, route);
}

/* Logs and counts a request once its answer is set, then frees it. */
static void
finish_request (LdHttpRequest *req,
                gpointer       user_data)
{
  LdServer *self = user_data;
  double seconds = (g_get_monotonic_time () - req->started_us) / (double) G_USEC_PER_SEC;

  ld_metrics_observe (self->metrics, req->method, req->route ? req->route : "unmatched",
                      req->status, seconds);
  g_info ("request id=%s method=%s route=%s status=%u code=%s ms=%.1f user=%s client=%s",
          req->request_id, req->method, req->route ? req->route : "unmatched",
          req->status, req->error_code ? req->error_code : "-", seconds * 1000.0,
          req->user ? ld_user_get_username (req->user) : "-", req->client);

  /* Whatever the request committed is now in the feed. */
  ld_events_announce (self->events);
  ld_http_request_free (req);
}

/* On the main thread, every request comes here: the router, not libsoup,
 * decides 404 and 405, so that every answer has the one error shape. A
 * handler that pauses the request (slow work in a thread) finishes it
 * later with ld_http_request_resume(). */
static void
dispatch_on_main (gpointer data)
{
  Handed *handed = data;
  LdServer *self = handed->self;
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&handed->msg);
  LdHttpRequest *req;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* Reads finished since this burst of requests began go on first: a
   * release's rendered report, its write (ld-read-pool.c). */
  ld_read_pool_answer_ready (self->read_pool);

  req = ld_http_request_new (msg, self->store, handed->query, self->config->trusted_proxies);
  /* The request holds the message from here. */
  g_clear_object (&msg);

  req->http_thread = self->http_thread;
  req->metrics = self->metrics;
  req->audit_batch = self->audit_batch;
  req->read_pool = self->read_pool;
  req->audit_check = self->audit_check;
  req->backup_runner = self->backup_runner;
  req->sign_in_queue = self->sign_in_queue;
  req->max_body_bytes = body_limit (self, req->msg);
  req->webhook_secret = self->config->webhook_secret;
  req->gateway = self->gateway;
  req->instruments = self->instruments;
  req->error_writer = ld_router_error_writer_for (self->router, req->path);
  ld_http_request_set_finish_func (req, finish_request, g_object_ref (self), g_object_unref);
  soup_message_headers_replace (headers, "X-Request-Id", req->request_id);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");

  /* Its writes may share a commit with the requests around it. */
  ld_store_batch_join (self->store);
  route_request (self, req);
  ld_store_batch_leave (self->store);

  if (!ld_http_request_is_paused (req))
    {
      ld_http_request_note_writes (req);
      ld_http_request_finish (req);
    }
}

/* On the HTTP thread, libsoup's handler for every path: the request goes
 * to the main thread, paused until its answer is set. An events
 * handshake went there as its head arrived (dispatch_early_cb()). */
static void
on_request_cb (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  LdServer *self = user_data;
  g_autoptr(GHashTable) params = NULL;
  const LdRoute *early;

  if (g_object_get_data (G_OBJECT (msg), DISPATCHED_KEY))
    return;

  /* Work a route can begin while the request waits for the main thread;
   * not for a body refused as too large, which was never kept. */
  early = ld_router_match_early (self->router, soup_server_message_get_method (msg), path,
                                 &params);
  if (early != NULL && !self->early_stopped && self->read_pool != NULL &&
      !g_object_get_data (G_OBJECT (msg), BODY_TOO_LARGE_KEY))
    early->early (msg, params, self->read_pool);

  hand_to_main (self, msg, query, dispatch_on_main);
}

/* On the HTTP thread: the handshake was authorized on the main thread like
 * any request; libsoup then upgrades the connection and calls this. */
static void
on_events_socket_cb (SoupServer              *soup,
                     SoupServerMessage       *msg,
                     const char              *path,
                     SoupWebsocketConnection *conn,
                     gpointer                 user_data)
{
  LdServer *self = user_data;

  /* libsoup emits no "request-finished" for a message whose connection
   * it hands over. */
  end_in_flight (self, msg);

  ld_events_add (self->events, msg, conn);
}

static gboolean
prune_sessions_cb (gpointer user_data)
{
  LdServer *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ld_server_prune_sessions (self, &error))
    g_warning ("pruning ended sessions failed: %s", error->message);
  g_clear_error (&error);
  if (!ld_idempotency_prune (self->store, g_get_real_time (), NULL, &error))
    g_warning ("pruning kept idempotent answers failed: %s", error->message);
  g_clear_error (&error);
  /* Shared rate windows last a minute; older ones are only clutter. */
  if (!ld_store_rates_prune (self->store, g_get_real_time () - PRUNE_INTERVAL_SECONDS *
                             G_USEC_PER_SEC, &error))
    g_warning ("pruning rate-limit windows failed: %s", error->message);

  return G_SOURCE_CONTINUE;
}

static gboolean
expire_orders_cb (gpointer user_data)
{
  LdServer *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ld_server_expire_orders (self, &error))
    g_warning ("expiring unpaid orders failed: %s", error->message);

  return G_SOURCE_CONTINUE;
}

/* On the context the server runs on, which in tests is a thread's own:
 * g_timeout_add() would put the timer on the global default context, to
 * be run by whichever thread spins that, off the store's thread. */
static GSource *
start_timer (LdServer    *self,
             guint        seconds,
             GSourceFunc  func)
{
  GSource *source = g_timeout_source_new_seconds (seconds);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

static void
stop_timer (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* On the HTTP thread, as the server ends: libsoup's objects go there. */
static void
let_go_of_http (gpointer data)
{
  LdServer *self = data;

  if (self->events != NULL)
    ld_events_release_sockets (self->events);
  /* Before libsoup closes the connections, whose ends it reports. */
  g_clear_pointer (&self->listener, ld_listener_free);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
}

static void
stop_early_work (gpointer data)
{
  LdServer *self = data;

  self->early_stopped = TRUE;
}

static void
ld_server_dispose (GObject *object)
{
  LdServer *self = (LdServer *) object;

  stop_timer (&self->prune_source);
  stop_timer (&self->expiry_source);
  /* Waited for: once it has run, the HTTP thread starts no more reads. */
  if (self->http_thread != NULL)
    ld_http_thread_run_on_io (self->http_thread, stop_early_work, self);
  g_clear_pointer (&self->read_pool, ld_read_pool_free);
  g_clear_pointer (&self->audit_check, ld_audit_check_free);
  g_clear_pointer (&self->backup_runner, ld_backup_runner_free);
  g_clear_pointer (&self->audit_batch, ld_audit_batch_free);
  /* After the batch: its last events are synced here; the syncer leaves
   * its last durable audit head to the head writer. */
  g_clear_pointer (&self->syncer, ld_store_syncer_free);
  g_clear_pointer (&self->checkpointer, ld_store_checkpointer_free);
  g_clear_pointer (&self->head_writer, ld_store_head_writer_free);
  g_clear_pointer (&self->notifier, ld_store_notifier_free);
  g_clear_pointer (&self->instruments, ld_instrument_listener_free);
  if (self->http_thread != NULL)
    ld_http_thread_run_on_io (self->http_thread, let_go_of_http, self);
  /* Requests still on their way between the threads are dropped. */
  g_clear_pointer (&self->http_thread, ld_http_thread_free);
  g_clear_pointer (&self->events, ld_events_free);

  G_OBJECT_CLASS (ld_server_parent_class)->dispose (object);
}

static void
ld_server_finalize (GObject *object)
{
  LdServer *self = (LdServer *) object;

  g_clear_pointer (&self->router, ld_router_free);
  /* Last: each waiting sign-in holds a request, which holds the server. */
  g_clear_pointer (&self->sign_in_queue, ld_sign_in_queue_free);
  g_clear_pointer (&self->metrics, ld_metrics_free);
  g_clear_pointer (&self->store, ld_store_close);
  g_clear_pointer (&self->gateway, ld_gateway_unref);
  g_clear_pointer (&self->config, ld_config_free);

  G_OBJECT_CLASS (ld_server_parent_class)->finalize (object);
}

static void
ld_server_class_init (LdServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_server_dispose;
  object_class->finalize = ld_server_finalize;
}

static void
ld_server_init (LdServer *self)
{
  self->router = ld_router_new ();
  self->metrics = ld_metrics_new ();

  ld_api_system_register (self->router);
  ld_api_sessions_register (self->router);
  ld_api_users_register (self->router);
  ld_api_audit_register (self->router);
  ld_api_backups_register (self->router);
  ld_api_notifications_register (self->router);
  ld_api_break_glass_register (self->router);
  ld_api_analytics_register (self->router);
  ld_api_catalog_register (self->router);
  ld_api_changes_register (self->router);
  ld_api_orders_register (self->router);
  ld_api_payments_register (self->router);
  ld_api_reports_register (self->router);
  ld_api_lab_register (self->router);
  ld_api_samples_register (self->router);
  ld_api_appointments_register (self->router);
  ld_api_icd10_register (self->router);
  ld_api_instruments_register (self->router);
  ld_api_results_register (self->router);
  ld_api_result_entry_register (self->router);
  ld_api_release_register (self->router);
  ld_api_alerts_register (self->router);
  ld_api_documents_register (self->router);
  ld_api_fhir_register (self->router);
  ld_api_verify_register (self->router);
  ld_web_register (self->router);
  ld_api_patients_register (self->router);
  ld_api_web_link_register (self->router);
  ld_api_web_review_register (self->router);
  ld_api_settings_register (self->router);
}

/**
 * ld_server_new:
 * @config: the configuration, copied
 * @error: return location for an error
 *
 * Opens (and migrates) the database and prepares the HTTP server. The
 * server and its store belong to the calling thread, which must run its
 * thread-default main context.
 *
 * Returns: (transfer full) (nullable): the server
 */
LdServer *
ld_server_new (const LdConfig  *config,
               GError         **error)
{
  g_autoptr(LdServer) self = g_object_new (LD_TYPE_SERVER, NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  LdListenerLimits limits = { 0 };
  LdSignInLimits   sign_in_limits = {
      .max_waiting = SIGN_INS_WAITING,
      .reserved_for_known = SIGN_INS_RESERVED_FOR_KNOWN,
      .max_per_address = SIGN_INS_PER_ADDRESS,
      .per_address_per_minute = config->sign_ins_per_minute,
  };

  g_return_val_if_fail (config != NULL, NULL);

  self->config = ld_config_copy (config);
  if (config->gateway != NULL)
    self->gateway = ld_gateway_new (config->gateway);
  self->store =
    ld_store_open_sealed (config->db_path, config->audit_key_path, config->audit_head_path, error);
  if (self->store == NULL || !ld_changes_backfill (self->store, error))
    return NULL;
  /* Changes write SMS only for the messages [sms] has a registered template for. */
  if (config->sms != NULL)
    {
      g_autofree gpointer *names = g_hash_table_get_keys_as_array (config->sms->template_ids, NULL);

      ld_store_notifications_set_sms_templates (self->store, (const char * const *) names);
    }
  self->http_thread = ld_http_thread_new ();
  self->events = ld_events_new (self->store, self->http_thread);
  /* Other processes' commits, on PostgreSQL; this process's own are
   * announced after each request as well. */
  self->notifier =
    ld_store_notifier_new (self->store, (LdStoreNotifyFunc) ld_events_announce, self->events);
  self->head_writer = ld_store_head_writer_new (self->store);
  self->checkpointer = ld_store_checkpointer_new (self->store);
  /* Group commit: requests that write are answered once a shared sync
   * of the log has them on disk (ld-store-syncer.c). */
  if (self->checkpointer != NULL)
    {
      self->syncer = ld_store_syncer_new (self->store, error);
      if (self->syncer == NULL)
        return NULL;
    }
  self->audit_batch = ld_audit_batch_new (self->store);
  /* Messages from analyzers are stored on this thread, announced as a
   * request's changes are. */
  self->instruments =
    ld_instrument_listener_new (self->store, (LdInstrumentAnnounceFunc) ld_events_announce,
                                self->events);
  ld_instrument_listener_set_idle_timeout (self->instruments, config->instrument_idle_timeout_s);
  self->read_pool = ld_read_pool_new (config->db_path, READER_THREADS);
  self->audit_check = ld_audit_check_new (config->db_path, config->audit_key_path,
                                          config->audit_head_path);
  self->backup_runner = ld_backup_runner_new (self->store, config->db_path,
                                              config->audit_key_path, config->audit_head_path,
                                              config->backup_dir);

  if (config->tls_certificate != NULL)
    {
      certificate =
        g_tls_certificate_new_from_files (config->tls_certificate, config->tls_key, error);
      if (certificate == NULL)
        return NULL;
    }

  /* TLS is the listener's: libsoup gets each connection once it is set up. */
  self->soup = soup_server_new ("server-header", "labdesk/" PACKAGE_VERSION " ", NULL);
  limits.idle_timeout_s = config->idle_timeout_s;
  limits.request_timeout_s = config->request_timeout_s;
  limits.max_per_address = config->connections_per_address;
  limits.max_total = get_max_connections ();
  g_main_context_push_thread_default (ld_http_thread_get_context (self->http_thread));
  self->listener = ld_listener_new (self->soup, certificate, &limits);
  g_main_context_pop_thread_default (ld_http_thread_get_context (self->http_thread));
  self->sign_in_queue = ld_api_sessions_new_queue (&sign_in_limits);

  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
  /* The events path has its own libsoup handler; the same dispatch
   * authorizes its handshakes. Pushes are a few bytes, so the socket
   * offers no compression (and no extension parser to attack). */
  soup_server_add_handler (self->soup, LD_EVENTS_PATH, on_request_cb, self, NULL);
  soup_server_add_early_handler (self->soup, LD_EVENTS_PATH, dispatch_early_cb, self, NULL);
  soup_server_add_websocket_handler (self->soup, LD_EVENTS_PATH, NULL, NULL,
                                     on_events_socket_cb, self, NULL);
  soup_server_remove_websocket_extension (self->soup, SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE);
  self->prune_source = start_timer (self, PRUNE_INTERVAL_SECONDS, prune_sessions_cb);
  /* At once, for orders that ran out while the server was down; then
   * every minute. */
  self->expiry_source = start_timer (self, EXPIRY_INTERVAL_SECONDS, expire_orders_cb);
  expire_orders_cb (self);
  g_signal_connect_object (self->soup, "request-started",
                           G_CALLBACK (on_request_started_cb), self, 0);
  g_signal_connect_object (self->soup, "request-read",
                           G_CALLBACK (on_request_read_cb), self, 0);
  g_signal_connect_object (self->soup, "request-finished",
                           G_CALLBACK (on_request_done_cb), self, 0);
  g_signal_connect_object (self->soup, "request-aborted",
                           G_CALLBACK (on_request_done_cb), self, 0);

  return g_steal_pointer (&self);
}

/**
 * ld_server_listen:
 * @self: a server
 * @error: return location for an error
 *
 * Listens on the configured address and port (port 0 picks a free one;
 * read it back with ld_server_dup_uri()).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_server_listen (LdServer  *self,
                  GError   **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  gboolean listening;

  g_return_val_if_fail (LD_IS_SERVER (self), FALSE);

  address = g_inet_socket_address_new_from_string (self->config->listen_host, self->config->port);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an address to listen on.", self->config->listen_host);
      return FALSE;
    }

  g_main_context_push_thread_default (ld_http_thread_get_context (self->http_thread));
  listening = ld_listener_listen (self->listener, address, error);
  g_main_context_pop_thread_default (ld_http_thread_get_context (self->http_thread));
  if (!listening)
    return FALSE;
  ld_http_thread_start (self->http_thread);

  /* The instruments' ports open with the server's; one that cannot open
   * is logged and shown in its status, and does not stop the server. */
  ld_instrument_listener_reload (self->instruments);
  return TRUE;
}

/**
 * ld_server_dup_uri:
 * @self: a listening server
 *
 * Returns: (transfer full) (nullable): such as "http://127.0.0.1:41234/"
 */
char *
ld_server_dup_uri (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), NULL);

  return ld_listener_dup_uri (self->listener);
}

/**
 * ld_server_get_gateway:
 * @self: a server
 *
 * Returns: (transfer none) (nullable): the payment gateway; %NULL when
 *   none is configured (online attempts then get local gateway order ids)
 */
LdGateway *
ld_server_get_gateway (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), NULL);

  return self->gateway;
}

LdStore *
ld_server_get_store (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), NULL);

  return self->store;
}

/**
 * ld_server_get_instruments:
 * @self: a server
 *
 * Returns: (transfer none): its instruments' listener
 */
LdInstrumentListener *
ld_server_get_instruments (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), NULL);

  return self->instruments;
}

/**
 * ld_server_get_router:
 * @self: a server
 *
 * Returns: (transfer none): the table of every endpoint the server serves,
 *   fixed once the server is made (test-api-docs holds docs/api.md to it)
 */
LdRouter *
ld_server_get_router (LdServer *self)
{
  g_return_val_if_fail (LD_IS_SERVER (self), NULL);

  return self->router;
}

static void
stop_listener_on_io (gpointer data)
{
  LdServer *self = data;

  ld_listener_stop (self->listener);
}

static void
disconnect_on_io (gpointer data)
{
  LdServer *self = data;

  soup_server_disconnect (self->soup);
}

/**
 * ld_server_stop_accepting:
 * @self: a server
 *
 * Closes the listening socket, and the connections that are idle or whose
 * request has not arrived in full; requests under way finish (see
 * ld_server_get_in_flight()), and their connections close once answered.
 * Event sockets are told the server is going away, so their clients
 * reconnect elsewhere.
 */
void
ld_server_stop_accepting (LdServer *self)
{
  g_return_if_fail (LD_IS_SERVER (self));

  ld_events_close_all (self->events);
  ld_http_thread_run_on_io (self->http_thread, stop_listener_on_io, self);
}

typedef struct
{
  LdServer *self;
  guint     count;
} InFlight;

static void
count_in_flight_on_io (gpointer data)
{
  InFlight *in_flight = data;

  in_flight->count =
    in_flight->self->in_flight + ld_listener_get_n_arriving (in_flight->self->listener);
}

/**
 * ld_server_get_in_flight:
 * @self: a server
 *
 * Returns: the requests being answered, and those still arriving (not
 *   idle connections)
 */
guint
ld_server_get_in_flight (LdServer *self)
{
  InFlight in_flight = { self, 0 };

  g_return_val_if_fail (LD_IS_SERVER (self), 0);

  ld_http_thread_run_on_io (self->http_thread, count_in_flight_on_io, &in_flight);
  return in_flight.count;
}

void
ld_server_disconnect (LdServer *self)
{
  g_return_if_fail (LD_IS_SERVER (self));

  ld_events_close_all (self->events);
  ld_http_thread_run_on_io (self->http_thread, disconnect_on_io, self);
}

/**
 * ld_server_announce_changes:
 * @self: a server
 *
 * Tells the clients that follow the change feed about changes committed
 * outside a request, such as by a timer; call it after the commit. (After
 * a request the server does this itself.)
 */
void
ld_server_announce_changes (LdServer *self)
{
  g_return_if_fail (LD_IS_SERVER (self));

  ld_events_announce (self->events);
}

/**
 * ld_server_prune_sessions:
 * @self: a server
 * @error: return location for an %LD_STORE_ERROR
 *
 * Deletes the sessions that have passed the idle or the absolute limit.
 * The server does this every ten minutes.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_server_prune_sessions (LdServer  *self,
                          GError   **error)
{
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(LdSettings) settings = NULL;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (LD_IS_SERVER (self), FALSE);

  stored = ld_store_settings_load (self->store, NULL, error);
  if (stored == NULL)
    return FALSE;
  settings = ld_settings_new_from_table (stored);

  return ld_store_sessions_delete_ended (self->store,
                                         now - settings->session_absolute_seconds * G_USEC_PER_SEC,
                                         now - settings->session_idle_seconds * G_USEC_PER_SEC,
                                         error);
}

/**
 * ld_server_expire_orders:
 * @self: a server
 * @error: return location for an %LD_STORE_ERROR
 *
 * Expires unpaid orders past their deadline, marks the appointments of
 * days that are over that nobody checked in for as no-shows
 * (ld_service_appointments_sweep()), reminds the patients of tomorrow's
 * appointments (ld_appointment_reminders_sweep()), and tells the clients
 * that follow changes. The server does this every minute.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_server_expire_orders (LdServer  *self,
                         GError   **error)
{
  guint expired = 0;
  guint no_shows = 0;
  guint reminded = 0;

  g_return_val_if_fail (LD_IS_SERVER (self), FALSE);

  if (!ld_order_expiry_sweep (self->store, ld_time_now (), &expired, NULL, error) ||
      !ld_service_appointments_sweep (self->store, ld_time_now (), &no_shows, error) ||
      !ld_appointment_reminders_sweep (self->store, ld_time_now (), &reminded, error))
    return FALSE;

  if (reminded > 0)
    g_info ("looked at %u appointments of tomorrow to remind", reminded);
  if (no_shows > 0)
    g_info ("marked %u appointments no-show", no_shows);
  if (expired > 0 || no_shows > 0)
    {
      if (expired > 0)
        g_info ("expired %u unpaid orders", expired);
      ld_server_announce_changes (self);
    }
  return TRUE;
}

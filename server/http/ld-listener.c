/* ld-listener.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server accepts its own connections and hands each to libsoup with
 * soup_server_accept_iostream(), because libsoup 3.2's listener removes
 * its accept source on the first failed accept() (soup-listener.c,
 * listen_watch): one moment out of file descriptors and the server never
 * listens again. Here a failed accept() pauses accepting briefly, then
 * accepting goes on.
 *
 * Accepting here also lets the server bound what clients hold: so many
 * connections per client address and in all (beyond that a connection is
 * answered 429 or 503 and closed at once), a connection that sends nothing
 * is closed after the idle timeout, and a request that has begun must
 * arrive in full within the request timeout. libsoup 3.2 has no timeouts
 * on the server side, so a client that sent half a request, or nothing,
 * kept its connection for ever.
 *
 * A connection's state follows libsoup's signals: "request-started" when
 * it waits for a request, its first byte (a watch on the socket), then
 * "request-read" once the request is in. The record ends when libsoup lets
 * go of the stream (a weak reference).
 *
 * libsoup 3.2 keeps a connection open after an answer only while it has a
 * listener of its own (soup-server.c, request_finished). It gets one that
 * can never accept: one end of a socket pair whose other end, kept here,
 * never writes.
 */

#define G_LOG_DOMAIN "ld-listener"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <unistd.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <json-glib/json-glib.h>
#include <string.h>

#include "ld-listener.h"
#include "ld-json.h"
#include "ld-client-address.h"
#include "ld-error.h"

/* How long accepting pauses after accept() failed (out of descriptors,
 * most likely): long enough not to spin, short enough to go unnoticed. */
#define ACCEPT_RETRY_MS 100
#define LISTEN_BACKLOG 512
#define CONN_KEY "ld-listener-conn"
/* While the server shuts down, a request still arriving may go quiet for
 * this long before it counts as abandoned. */
#define DRAIN_STALL_US (2 * G_USEC_PER_SEC)
/* How long libsoup has to let go of a connection after we shut it down. */
#define REAP_AFTER_MS 2000

typedef enum
{
  CONN_HANDSHAKE,
  CONN_WAITING,
  CONN_RECEIVING,
  CONN_BUSY,
} ConnState;

typedef struct
{
  LdListener     *listener;
  GObject        *stream;
  GSocket        *socket;
  GSocketAddress *local;
  GSocketAddress *remote;
  char           *peer;
  char           *address_key;
  ConnState       state;
  /* Whether a request has been answered, so the connection kept alive. */
  gboolean        answered;
  gint64          deadline_us;
  GSource        *first_byte;
  GSource        *reap;
  /* The connection's latest message: the only handle libsoup gives on a
   * connection, to take it back (see close_conn()). */
  SoupServerMessage *msg;
} Conn;

struct _LdListener
{
  SoupServer       *soup;
  GTlsCertificate  *certificate;
  LdListenerLimits  limits;
  GMainContext     *context;
  GSocket          *socket;
  GSocket          *keep_alive_peer;
  GSource          *accept_source;
  GSource          *retry_source;
  GSource          *sweep_source;
  /* "address:port" → Conn */
  GHashTable       *conns;
  /* ld_listener_address_key() → connections */
  GHashTable       *per_address;
  guint64           accept_failures;
  gint64            last_failure_log_us;
  gboolean          stopped;
};

static char *
dup_peer (GSocketAddress *address)
{
  GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
  g_autofree char *host = g_inet_address_to_string (g_inet_socket_address_get_address (inet));

  return g_strdup_printf ("%s:%u", host, g_inet_socket_address_get_port (inet));
}

/**
 * ld_listener_address_key:
 * @address: a client's socket address
 *
 * Names the client for limits: the IPv4 address, or the /64 an IPv6
 * address belongs to (one host usually has a whole /64 to pick from).
 *
 * Returns: (transfer full): such as "192.168.1.20" or "2001:db8:1:2::/64"
 */
char *
ld_listener_address_key (GSocketAddress *address)
{
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), NULL);

  return ld_client_address_key (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

static void
stop_first_byte_watch (Conn *conn)
{
  if (conn->first_byte == NULL)
    return;

  g_source_destroy (conn->first_byte);
  g_clear_pointer (&conn->first_byte, g_source_unref);
}

static void
on_msg_disconnected_cb (SoupServerMessage *msg,
                        Conn              *conn);

static SoupServerMessage *
take_msg (Conn *conn)
{
  if (conn->msg != NULL)
    g_signal_handlers_disconnect_by_func (conn->msg, on_msg_disconnected_cb, conn);
  return g_steal_pointer (&conn->msg);
}

/* libsoup has let go of the connection; so does the record, or the
 * message would keep libsoup's connection, and the stream, alive. */
static void
on_msg_disconnected_cb (SoupServerMessage *msg,
                        Conn              *conn)
{
  g_autoptr(SoupServerMessage) taken = take_msg (conn);
}

static void
set_msg (Conn              *conn,
         SoupServerMessage *msg)
{
  g_autoptr(SoupServerMessage) old = NULL;

  if (conn->msg == msg)
    return;

  old = take_msg (conn);
  conn->msg = g_object_ref (msg);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_msg_disconnected_cb), conn);
}

/* libsoup 3.2 lets go of a kept-alive connection that fails before a
 * request's first byte only when the server is disposed (its message was
 * never started, so nothing completes it): a client closing such a
 * connection, or a shutdown by us, left it open for good. So the
 * connection is taken back from libsoup, then closed. Without a message
 * (a TLS handshake), shutting the socket down is enough. @conn may be
 * freed on return. */
static void forget_conn (LdListener *self,
                         Conn       *conn);
static void on_stream_finalized_cb (gpointer  data,
                                    GObject  *where_the_object_was);

/* libsoup did not let go after the shutdown: it is in the state described
 * above, with nothing of its own watching the socket. The descriptor and
 * the record end here; libsoup's few objects wait for the server's end. */
static gboolean
reap_cb (gpointer data)
{
  Conn *conn = data;

  g_clear_pointer (&conn->reap, g_source_unref);
  g_socket_close (conn->socket, NULL);
  g_object_weak_unref (conn->stream, on_stream_finalized_cb, conn);
  g_object_set_data (conn->stream, CONN_KEY, NULL);
  forget_conn (conn->listener, conn);
  return G_SOURCE_REMOVE;
}

static void
close_conn (Conn *conn)
{
  g_autoptr(SoupServerMessage) msg = take_msg (conn);
  g_autoptr(GSocket) socket = g_object_ref (conn->socket);

  stop_first_byte_watch (conn);
  conn->deadline_us = 0;
  g_socket_shutdown (socket, TRUE, TRUE, NULL);

  /* Waiting, libsoup has not read from the connection since its last
   * answer (the first-byte watch runs first): it can be taken back. Not
   * over TLS, where libsoup may have read a close_notify the socket
   * watch never saw, and taking back would crash libsoup. There libsoup
   * keeps its objects, though not the descriptor, until the server ends:
   * a known limit of libsoup 3.2 (docs/architecture.md, "Connections"). */
  if (conn->state == CONN_WAITING && msg != NULL && !G_IS_TLS_CONNECTION (conn->stream))
    {
      g_autoptr(GIOStream) stolen = soup_server_message_steal_connection (msg);

      g_socket_close (socket, NULL);
      return;
    }

  /* Otherwise libsoup is reading, and sees the shutdown; should it still
   * hold on, the record goes anyway. */
  if (conn->reap == NULL && conn->stream != NULL)
    {
      conn->reap = g_timeout_source_new (REAP_AFTER_MS);
      g_source_set_callback (conn->reap, reap_cb, conn, NULL);
      g_source_attach (conn->reap, conn->listener->context);
    }
}

static gboolean
is_conn (gpointer key,
         gpointer value,
         gpointer data)
{
  return value == data;
}

/* Closes @conns (a list of Conn), which may be freed meanwhile. */
static void
close_conns (LdListener *self,
             GPtrArray  *conns)
{
  for (guint i = 0; i < conns->len; i++)
    {
      Conn *conn = g_ptr_array_index (conns, i);

      /* Still there: closing one may end another's record. */
      if (g_hash_table_find (self->conns, is_conn, conn) != NULL)
        close_conn (conn);
    }
}

static void
conn_free (Conn *conn)
{
  g_autoptr(SoupServerMessage) msg = take_msg (conn);

  if (conn->reap != NULL)
    g_source_destroy (conn->reap);
  g_clear_pointer (&conn->reap, g_source_unref);
  stop_first_byte_watch (conn);
  g_clear_object (&conn->socket);
  g_clear_object (&conn->local);
  g_clear_object (&conn->remote);
  g_free (conn->peer);
  g_free (conn->address_key);
  g_free (conn);
}

static void
forget_conn (LdListener *self,
             Conn       *conn)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, conn->address_key));

  g_assert (n > 0);
  if (n == 1)
    g_hash_table_remove (self->per_address, conn->address_key);
  else
    g_hash_table_insert (self->per_address, g_strdup (conn->address_key), GUINT_TO_POINTER (n - 1));

  g_hash_table_remove (self->conns, conn->peer);
}

static void
on_stream_finalized_cb (gpointer  data,
                        GObject  *where_the_object_was)
{
  Conn *conn = data;

  forget_conn (conn->listener, conn);
}

static Conn *
find_conn (LdListener        *self,
           SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  g_autofree char *peer = NULL;

  if (remote == NULL)
    return NULL;
  peer = dup_peer (remote);
  return g_hash_table_lookup (self->conns, peer);
}

static void
mark_receiving (Conn *conn)
{
  stop_first_byte_watch (conn);
  conn->state = CONN_RECEIVING;
  conn->deadline_us =
    g_get_monotonic_time () + conn->listener->limits.request_timeout_s * G_USEC_PER_SEC;
}

/* Before libsoup's own watch (a higher priority), so that a client that
 * closed a waiting connection is seen before libsoup trips on it. */
static gboolean
on_first_byte_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      data)
{
  Conn *conn = data;
  char byte;
  gssize n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&conn->first_byte, g_source_unref);
  if (n > 0)
    mark_receiving (conn);
  else
    close_conn (conn);
  return G_SOURCE_REMOVE;
}

/**
 * ld_listener_got_headers:
 * @self: a listener
 * @msg: a message whose head has arrived
 *
 * Tells the listener a request is arriving when the socket watch could not
 * see it: libsoup reads what is already there before any watch runs.
 */
void
ld_listener_got_headers (LdListener        *self,
                         SoupServerMessage *msg)
{
  Conn *conn = find_conn (self, msg);

  if (conn != NULL && conn->state == CONN_WAITING)
    mark_receiving (conn);
}

/* The connection waits for a request: the idle timeout runs until its
 * first byte (or, on a new connection, its head). */
static void
await_request (LdListener *self,
               Conn       *conn)
{
  /* Draining: a connection waiting for its next request gets none. */
  if (self->stopped)
    {
      close_conn (conn);
      return;
    }

  conn->state = CONN_WAITING;
  conn->deadline_us = g_get_monotonic_time () + self->limits.idle_timeout_s * G_USEC_PER_SEC;
  stop_first_byte_watch (conn);
  if (g_socket_get_available_bytes (conn->socket) > 0)
    {
      mark_receiving (conn);
      return;
    }

  /* A new connection's first message completes on any error, so libsoup
   * lets go by itself, and its head is seen by "got-headers". A watch per
   * connection would double the sources the main loop polls on every
   * turn, which is what a thousand idle connections cost. */
  if (!conn->answered)
    return;

  conn->first_byte = g_socket_create_source (conn->socket, G_IO_IN, NULL);
  g_source_set_callback (conn->first_byte, G_SOURCE_FUNC (on_first_byte_cb), conn, NULL);
  g_source_set_priority (conn->first_byte, G_PRIORITY_HIGH);
  g_source_attach (conn->first_byte, self->context);
}

/* A new connection's first request; on a kept-alive connection libsoup
 * emits this only once the next request's bytes come. */
static void
on_request_started_cb (SoupServer        *soup,
                       SoupServerMessage *msg,
                       LdListener        *self)
{
  Conn *conn = find_conn (self, msg);

  if (conn == NULL)
    return;
  set_msg (conn, msg);
  if (conn->state != CONN_RECEIVING)
    await_request (self, conn);
}

/* An answer is written: a kept-alive connection now waits. */
static void
on_request_ended_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     LdListener        *self)
{
  Conn *conn = find_conn (self, msg);

  if (conn == NULL)
    return;
  set_msg (conn, msg);
  conn->answered = TRUE;
  if (conn->state == CONN_BUSY)
    await_request (self, conn);
}

static void
on_request_read_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    LdListener        *self)
{
  Conn *conn = find_conn (self, msg);

  if (conn == NULL)
    return;

  set_msg (conn, msg);
  stop_first_byte_watch (conn);
  conn->state = CONN_BUSY;
  conn->deadline_us = 0;
}

static gboolean
sweep_cb (gpointer data)
{
  LdListener *self = data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) due = g_ptr_array_new ();
  GHashTableIter iter;
  Conn *conn;

  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    if (conn->deadline_us != 0 && now >= conn->deadline_us)
      {
        g_debug ("closing connection from %s: %s", conn->peer,
                 conn->state == CONN_WAITING ? "idle" : "request too slow");
        g_ptr_array_add (due, conn);
      }
  close_conns (self, due);

  return G_SOURCE_CONTINUE;
}

static char *
error_body (LdApiError  code,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, ld_api_error_to_code (code));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return ld_json_builder_to_string (builder);
}

/* Answers a connection over a limit without reading its request, and
 * closes it; best effort, without blocking. What the client already sent
 * is read and dropped first, so that the close does not reset the
 * connection before the answer is read. */
static void
refuse_connection (GSocket     *socket,
                   LdApiError   code,
                   const char  *message)
{
  guint status = ld_api_error_to_status (code);
  g_autofree char *body = error_body (code, message);
  g_autofree char *answer = NULL;
  char discard[4096];

  answer = g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Type: application/json\r\n"
                            "Content-Length: %zu\r\nRetry-After: 1\r\nConnection: close\r\n"
                            "Cache-Control: no-store\r\n\r\n%s",
                            status, status == 429 ? "Too Many Requests" : "Service Unavailable",
                            strlen (body), body);
  g_socket_set_blocking (socket, FALSE);
  for (guint i = 0; i < 16; i++)
    if (g_socket_receive (socket, discard, sizeof discard, NULL, NULL) <= 0)
      break;
  g_socket_send (socket, answer, strlen (answer), NULL, NULL);
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  g_socket_close (socket, NULL);
}

static void
on_handshake_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  GTlsConnection *tls = G_TLS_CONNECTION (source);
  Conn *conn = g_object_get_data (source, CONN_KEY);
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      g_debug ("TLS handshake failed: %s", error->message);
      return;
    }
  if (conn == NULL)
    return;

  soup_server_accept_iostream (conn->listener->soup, G_IO_STREAM (tls), conn->local, conn->remote,
                               NULL);
}

static void
take_connection (LdListener *self,
                 GSocket    *socket)
{
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autoptr(GSocketConnection) stream = NULL;
  g_autofree char *key = NULL;
  guint n_from_address;
  Conn *conn, *stale;

  if (remote == NULL || local == NULL || !G_IS_INET_SOCKET_ADDRESS (remote))
    {
      g_socket_close (socket, NULL);
      return;
    }

  key = ld_listener_address_key (remote);
  n_from_address = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, key));
  if (n_from_address >= self->limits.max_per_address)
    {
      g_debug ("refusing a connection from %s: it holds %u", key, n_from_address);
      refuse_connection (socket, LD_API_ERROR_RATE_LIMITED,
                         "Too many connections from this address; close some and try again.");
      return;
    }
  if (g_hash_table_size (self->conns) >= self->limits.max_total)
    {
      g_debug ("refusing a connection from %s: %u open", key, g_hash_table_size (self->conns));
      refuse_connection (socket, LD_API_ERROR_UNAVAILABLE,
                         "The server has too many connections open; try again in a moment.");
      return;
    }

  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  conn = g_new0 (Conn, 1);
  conn->peer = dup_peer (remote);
  /* A port reused before libsoup let go of the last connection on it:
   * that one is over, whatever libsoup still holds. */
  stale = g_hash_table_lookup (self->conns, conn->peer);
  if (stale != NULL)
    {
      g_object_weak_unref (stale->stream, on_stream_finalized_cb, stale);
      g_object_set_data (stale->stream, CONN_KEY, NULL);
      forget_conn (self, stale);
      n_from_address = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, key));
    }

  conn->listener = self;
  conn->socket = g_object_ref (socket);
  conn->local = g_steal_pointer (&local);
  conn->remote = g_steal_pointer (&remote);
  conn->address_key = g_strdup (key);
  g_hash_table_insert (self->per_address, g_steal_pointer (&key),
                       GUINT_TO_POINTER (n_from_address + 1));
  g_hash_table_insert (self->conns, conn->peer, conn);

  stream = g_socket_connection_factory_create_connection (socket);
  if (self->certificate != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GIOStream) tls =
                   g_tls_server_connection_new (G_IO_STREAM (stream), self->certificate, &error);

      conn->state = CONN_HANDSHAKE;
      conn->deadline_us = g_get_monotonic_time () +
                          self->limits.request_timeout_s * G_USEC_PER_SEC;
      if (tls == NULL)
        {
          g_warning ("cannot serve TLS: %s", error->message);
          forget_conn (self, conn);
          return;
        }
      g_object_set (tls, "require-close-notify", FALSE, NULL);
      conn->stream = G_OBJECT (tls);
      g_object_set_data (conn->stream, CONN_KEY, conn);
      g_object_weak_ref (conn->stream, on_stream_finalized_cb, conn);
      g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL,
                                        on_handshake_done_cb, NULL);
      return;
    }

  conn->stream = G_OBJECT (stream);
  g_object_weak_ref (conn->stream, on_stream_finalized_cb, conn);
  soup_server_accept_iostream (self->soup, G_IO_STREAM (stream), conn->local, conn->remote, NULL);
}

static gboolean on_incoming_cb (GSocket      *socket,
                                GIOCondition  condition,
                                gpointer      data);

static void
watch_incoming (LdListener *self)
{
  self->accept_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (on_incoming_cb), self, NULL);
  g_source_attach (self->accept_source, self->context);
}

static gboolean
retry_accept_cb (gpointer data)
{
  LdListener *self = data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  if (!self->stopped)
    watch_incoming (self);
  return G_SOURCE_REMOVE;
}

static void
pause_accepting (LdListener   *self,
                 const GError *error)
{
  gint64 now = g_get_monotonic_time ();

  self->accept_failures++;
  /* Once a minute at most: a flood would otherwise fill the log. */
  if (now - self->last_failure_log_us >= 60 * G_USEC_PER_SEC)
    {
      g_message ("accepting a connection failed (%s); trying again in %d ms "
                 "(%" G_GUINT64_FORMAT " failures so far)",
                 error->message, ACCEPT_RETRY_MS, self->accept_failures);
      self->last_failure_log_us = now;
    }

  g_clear_pointer (&self->accept_source, g_source_unref);
  self->retry_source = g_timeout_source_new (ACCEPT_RETRY_MS);
  g_source_set_callback (self->retry_source, retry_accept_cb, self, NULL);
  g_source_attach (self->retry_source, self->context);
}

static gboolean
on_incoming_cb (GSocket      *socket,
                GIOCondition  condition,
                gpointer      data)
{
  LdListener *self = data;

  /* A few at a time, so that a burst of connections does not hold the
   * main loop from the requests already in. */
  for (guint i = 0; i < 32; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) client = g_socket_accept (self->socket, NULL, &error);

      if (client == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return G_SOURCE_CONTINUE;
          pause_accepting (self, error);
          return G_SOURCE_REMOVE;
        }
      take_connection (self, client);
    }

  return G_SOURCE_CONTINUE;
}

/**
 * ld_listener_new:
 * @soup: the server that serves the connections; it must outlive the listener
 * @certificate: (nullable): serve HTTPS with this
 * @limits: the limits, copied
 *
 * Returns: (transfer full): a listener for the thread-default main context
 */
LdListener *
ld_listener_new (SoupServer             *soup,
                 GTlsCertificate        *certificate,
                 const LdListenerLimits *limits)
{
  LdListener *self;
  guint shortest;

  g_return_val_if_fail (SOUP_IS_SERVER (soup), NULL);
  g_return_val_if_fail (limits != NULL, NULL);
  g_return_val_if_fail (limits->idle_timeout_s > 0 && limits->request_timeout_s > 0, NULL);

  self = g_new0 (LdListener, 1);
  self->soup = soup;
  self->certificate = certificate ? g_object_ref (certificate) : NULL;
  self->limits = *limits;
  self->context = g_main_context_ref_thread_default ();
  self->conns = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) conn_free);
  self->per_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_signal_connect (soup, "request-started", G_CALLBACK (on_request_started_cb), self);
  g_signal_connect (soup, "request-read", G_CALLBACK (on_request_read_cb), self);
  g_signal_connect (soup, "request-finished", G_CALLBACK (on_request_ended_cb), self);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (on_request_ended_cb), self);

  /* A quarter of the shortest timeout, so a connection is closed at most
   * a quarter late; at most a second. */
  shortest = MIN (limits->idle_timeout_s, limits->request_timeout_s);
  self->sweep_source = g_timeout_source_new (MIN (1000, shortest * 250));
  g_source_set_callback (self->sweep_source, sweep_cb, self, NULL);
  g_source_attach (self->sweep_source, self->context);

  return self;
}

static void
stop_source (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

void
ld_listener_free (LdListener *self)
{
  GHashTableIter iter;
  Conn *conn;

  if (self == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->soup, self);
  stop_source (&self->accept_source);
  stop_source (&self->retry_source);
  stop_source (&self->sweep_source);
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_object (&self->keep_alive_peer);

  /* libsoup may hold streams a little longer; they no longer report here. */
  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    {
      g_object_weak_unref (conn->stream, on_stream_finalized_cb, conn);
      g_object_set_data (conn->stream, CONN_KEY, NULL);
    }
  g_clear_pointer (&self->conns, g_hash_table_unref);
  g_clear_pointer (&self->per_address, g_hash_table_unref);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self);
}

static gboolean
give_soup_a_listener (LdListener  *self,
                      GError     **error)
{
  g_autoptr(GSocket) end = NULL;
  int fds[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot make a socket pair: %s", g_strerror (saved_errno));
      return FALSE;
    }

  self->keep_alive_peer = g_socket_new_from_fd (fds[1], error);
  if (self->keep_alive_peer == NULL)
    {
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }
  end = g_socket_new_from_fd (fds[0], error);
  if (end == NULL)
    {
      close (fds[0]);
      return FALSE;
    }

  return soup_server_listen_socket (self->soup, end, 0, error);
}

/**
 * ld_listener_listen:
 * @self: a listener
 * @address: where to listen (port 0 picks one)
 * @error: return location for a #GIOError
 *
 * Returns: %TRUE if listening
 */
gboolean
ld_listener_listen (LdListener      *self,
                    GSocketAddress  *address,
                    GError         **error)
{
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (self != NULL && self->socket == NULL, FALSE);

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;

  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  g_socket_set_blocking (socket, FALSE);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;

  if (!give_soup_a_listener (self, error))
    return FALSE;

  self->socket = g_steal_pointer (&socket);
  watch_incoming (self);
  return TRUE;
}

/**
 * ld_listener_dup_uri:
 * @self: a listening listener
 *
 * Returns: (transfer full) (nullable): such as "http://127.0.0.1:41234/"
 */
char *
ld_listener_dup_uri (LdListener *self)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  GInetAddress *inet;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->socket == NULL ||
      (address = g_socket_get_local_address (self->socket, NULL)) == NULL)
    return NULL;

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  host = g_inet_address_to_string (inet);
  return g_strdup_printf (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 ? "%s://[%s]:%u/"
                                                                                   : "%s://%s:%u/",
                          self->certificate ? "https" : "http", host,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
}

static gboolean
on_drain_progress_cb (GSocket      *socket,
                      GIOCondition  condition,
                      gpointer      data)
{
  Conn *conn = data;

  conn->deadline_us = MIN (g_get_monotonic_time () + DRAIN_STALL_US,
                           conn->deadline_us);
  return G_SOURCE_CONTINUE;
}

/**
 * ld_listener_stop:
 * @self: a listener
 *
 * Stops accepting and closes the idle connections. A request still
 * arriving may finish arriving while it makes progress (it is closed once
 * it stalls for two seconds); a connection being answered closes once its
 * answer is written.
 */
void
ld_listener_stop (LdListener *self)
{
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  Conn *conn;
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();

  g_return_if_fail (self != NULL);

  self->stopped = TRUE;
  stop_source (&self->accept_source);
  stop_source (&self->retry_source);
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);

  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    {
      if (conn->state == CONN_WAITING)
        {
          g_ptr_array_add (idle, conn);
        }
      else if (conn->state != CONN_BUSY && conn->deadline_us != 0)
        {
          /* Arriving: it may finish while it makes progress. */
          conn->deadline_us = MIN (conn->deadline_us, now + DRAIN_STALL_US);
          stop_first_byte_watch (conn);
          conn->first_byte = g_socket_create_source (conn->socket, G_IO_IN, NULL);
          g_source_set_callback (conn->first_byte, G_SOURCE_FUNC (on_drain_progress_cb), conn,
                                 NULL);
          g_source_attach (conn->first_byte, self->context);
        }
    }
  close_conns (self, idle);
}

/**
 * ld_listener_get_n_arriving:
 * @self: a listener
 *
 * Returns: the requests (and TLS handshakes) that have begun to arrive and
 *   not yet arrived in full
 */
guint
ld_listener_get_n_arriving (LdListener *self)
{
  GHashTableIter iter;
  Conn *conn;
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  g_hash_table_iter_init (&iter, self->conns);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &conn))
    if ((conn->state == CONN_RECEIVING || conn->state == CONN_HANDSHAKE) && conn->deadline_us != 0)
      n++;
  return n;
}

guint
ld_listener_get_n_connections (LdListener *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->conns);
}

/**
 * ld_listener_get_accept_failures:
 * @self: a listener
 *
 * Returns: how many times accept() failed (and accepting paused)
 */
guint64
ld_listener_get_accept_failures (LdListener *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->accept_failures;
}

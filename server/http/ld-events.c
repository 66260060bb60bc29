/* ld-events.c: the WebSocket that tells clients the feed moved
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client opens GET /api/v1/events with its bearer token. It is told the
 * newest seq of the change feed at once, and again whenever the feed
 * grows; it then reads GET /api/v1/changes. A push carries no record, so
 * every listener hears of every change; the feed itself filters by role.
 */

#define G_LOG_DOMAIN "ld-events"

#include "config.h"

#include "ld-events.h"
#include "ld-auth.h"
#include "ld-json.h"

#define TOKEN_HASH_KEY "ld-events-token-hash"
#define SOCKET_ID_KEY "ld-events-socket-id"
/* Clients have nothing to say; a frame is only ever a close or a pong. */
#define MAX_INCOMING_BYTES 1024
/* Pings keep an idle socket open through proxies and find dead peers. */
#define KEEPALIVE_SECONDS 30

/* The sockets are libsoup's, on the HTTP thread (ld-http-thread.c); the
 * listeners, which the store decides about, are on the main thread. The
 * two know a socket by a number, never reused, so that a push meant for
 * a socket that has just closed cannot reach a new one at its address. */
typedef struct
{
  guint    id;
  char    *token_hash;
  gint64   sent_seq;
  /* Not closed, nor told to close, as far as the main thread knows. */
  gboolean open;
} Listener;

struct _LdEvents
{
  LdStore      *store;
  LdHttpThread *http_thread;
  /* Main thread: Listener. */
  GPtrArray    *listeners;
  gboolean      closing_all;
  /* HTTP thread: id → SoupWebsocketConnection. */
  GHashTable   *sockets;
  guint         last_id;
};

static void
listener_free (Listener *listener)
{
  g_free (listener->token_hash);
  g_free (listener);
}

static void
unref_when_closed_cb (SoupWebsocketConnection *conn,
                      gpointer                 user_data)
{
  g_object_unref (conn);
}

/* On the HTTP thread: closes @conn if it is open, and lets it go. A
 * closing socket holds its own reference until the close handshake is
 * over, so the peer hears why. */
static void
release_connection (SoupWebsocketConnection *conn,
                    gushort                  code,
                    const char              *reason)
{
  switch (soup_websocket_connection_get_state (conn))
    {
    case SOUP_WEBSOCKET_STATE_OPEN:
      soup_websocket_connection_close (conn, code, reason);
      G_GNUC_FALLTHROUGH;
    case SOUP_WEBSOCKET_STATE_CLOSING:
      g_signal_connect (conn, "closed", G_CALLBACK (unref_when_closed_cb), NULL);
      break;

    case SOUP_WEBSOCKET_STATE_CLOSED:
    default:
      g_object_unref (conn);
      break;
    }
}

/* What the main thread has a socket do: send a text, or close. */
typedef struct
{
  LdEvents *events;
  guint     id;
  char     *text;
  gushort   close_code;
  char     *close_reason;
} Push;

static void
push_free (Push *push)
{
  g_free (push->text);
  g_free (push->close_reason);
  g_free (push);
}

static void
push_on_io (gpointer data)
{
  Push *push = data;
  SoupWebsocketConnection *conn =
    g_hash_table_lookup (push->events->sockets, GUINT_TO_POINTER (push->id));

  if (conn == NULL || soup_websocket_connection_get_state (conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  if (push->text != NULL)
    soup_websocket_connection_send_text (conn, push->text);
  else
    soup_websocket_connection_close (conn, push->close_code, push->close_reason);
}

static void
push_text (LdEvents *events,
           guint     id,
           char     *text)
{
  Push *push = g_new0 (Push, 1);

  push->events = events;
  push->id = id;
  push->text = text;
  ld_http_thread_to_io (events->http_thread, push_on_io, push, (GDestroyNotify) push_free);
}

static void
close_listener (LdEvents   *events,
                Listener   *listener,
                gushort     code,
                const char *reason)
{
  Push *push = g_new0 (Push, 1);

  listener->open = FALSE;
  push->events = events;
  push->id = listener->id;
  push->close_code = code;
  push->close_reason = g_strdup (reason);
  ld_http_thread_to_io (events->http_thread, push_on_io, push, (GDestroyNotify) push_free);
}

static void
send_seq (LdEvents *events,
          Listener *listener,
          gint64    seq)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ld_json_builder_add_int (builder, "seq", seq);
  json_builder_end_object (builder);

  push_text (events, listener->id, ld_json_builder_to_string (builder));
  listener->sent_seq = seq;
}

/**
 * ld_events_new:
 * @store: the server's store, which must outlive the hub
 * @http_thread: the thread the sockets are on, which must outlive the hub
 *
 * Returns: (transfer full): a hub with no listeners
 */
LdEvents *
ld_events_new (LdStore      *store,
               LdHttpThread *http_thread)
{
  LdEvents *events = g_new0 (LdEvents, 1);

  events->store = store;
  events->http_thread = http_thread;
  events->listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) listener_free);
  events->sockets = g_hash_table_new (NULL, NULL);
  return events;
}

/**
 * ld_events_free:
 * @events: (transfer full): a hub whose sockets are let go
 *   (ld_events_release_sockets())
 */
void
ld_events_free (LdEvents *events)
{
  if (events == NULL)
    return;

  g_warn_if_fail (g_hash_table_size (events->sockets) == 0);
  g_clear_pointer (&events->listeners, g_ptr_array_unref);
  g_clear_pointer (&events->sockets, g_hash_table_unref);
  g_free (events);
}

static void on_socket_closed_cb (SoupWebsocketConnection *conn,
                                 LdEvents                *events);

/**
 * ld_events_release_sockets:
 * @events: a hub
 *
 * On the HTTP thread, as the server ends: says goodbye (1001, going away)
 * to every socket still open and lets them go.
 */
void
ld_events_release_sockets (LdEvents *events)
{
  GHashTableIter iter;
  gpointer conn;

  g_return_if_fail (events != NULL);

  g_hash_table_iter_init (&iter, events->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &conn))
    {
      g_signal_handlers_disconnect_by_func (conn, on_socket_closed_cb, events);
      release_connection (conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "The server is shutting down.");
      g_hash_table_iter_remove (&iter);
    }
}

/**
 * ld_events_accept_handshake:
 * @req: an authorized GET /api/v1/events
 * @error: return location for an %LD_API_ERROR
 *
 * Refuses a request that is not a WebSocket handshake with the usual error
 * shape; for one that is, leaves the answer to libsoup, which upgrades the
 * connection and hands it to ld_events_add().
 *
 * Returns: %TRUE if the handshake may go on
 */
gboolean
ld_events_accept_handshake (LdHttpRequest  *req,
                            GError        **error)
{
  g_autoptr(GError) handshake_error = NULL;

  g_return_val_if_fail (req != NULL && req->token_hash != NULL, FALSE);

  /* The same checks libsoup makes next; the server offers no extensions. */
  if (!soup_websocket_server_check_handshake (req->msg, NULL, NULL, NULL, &handshake_error))
    {
      g_debug ("request id=%s: not a WebSocket handshake: %s", req->request_id,
               handshake_error->message);
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                           "This address takes WebSocket connections only.");
      return FALSE;
    }

  g_object_set_data_full (G_OBJECT (req->msg), TOKEN_HASH_KEY, g_strdup (req->token_hash), g_free);
  req->status = SOUP_STATUS_SWITCHING_PROTOCOLS;
  return TRUE;
}

/* What the HTTP thread tells the main one of a socket: that it opened
 * (with its session's token hash), or that it closed. */
typedef struct
{
  LdEvents *events;
  guint     id;
  char     *token_hash;
} SocketNote;

static void
socket_note_free (SocketNote *opened)
{
  g_free (opened->token_hash);
  g_free (opened);
}

/* The new listener is told the feed's newest seq. */
static void
add_listener_on_main (gpointer data)
{
  SocketNote *opened = data;
  LdEvents *events = opened->events;
  g_autoptr(GError) error = NULL;
  Listener *listener = g_new0 (Listener, 1);
  gint64 head;

  listener->id = opened->id;
  listener->token_hash = g_steal_pointer (&opened->token_hash);
  listener->sent_seq = -1;
  listener->open = TRUE;
  g_ptr_array_add (events->listeners, listener);

  if (events->closing_all)
    {
      close_listener (events, listener, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                      "The server is shutting down.");
      return;
    }
  if (!ld_store_changes_get_committed_head (events->store, &head, &error))
    {
      g_warning ("change feed: cannot read the newest seq: %s", error->message);
      close_listener (events, listener, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR,
                      "The server cannot read the change feed now.");
      return;
    }

  send_seq (events, listener, head);
}

static void
forget_listener_on_main (gpointer data)
{
  SocketNote *closed = data;
  GPtrArray *listeners = closed->events->listeners;

  for (guint i = 0; i < listeners->len; i++)
    if (((Listener *) g_ptr_array_index (listeners, i))->id == closed->id)
      {
        g_ptr_array_remove_index_fast (listeners, i);
        return;
      }
}

/* On the HTTP thread. */
static void
on_socket_closed_cb (SoupWebsocketConnection *conn,
                     LdEvents                *events)
{
  SocketNote *closed = g_new0 (SocketNote, 1);

  closed->events = events;
  closed->id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (conn), SOCKET_ID_KEY));
  g_signal_handlers_disconnect_by_func (conn, on_socket_closed_cb, events);
  g_hash_table_remove (events->sockets, GUINT_TO_POINTER (closed->id));
  ld_http_thread_to_main (events->http_thread, forget_listener_on_main, closed,
                          (GDestroyNotify) socket_note_free);
  g_object_unref (conn);
}

/**
 * ld_events_add:
 * @events: a hub
 * @msg: the handshake, accepted by ld_events_accept_handshake()
 * @conn: the upgraded connection
 *
 * On the HTTP thread: keeps the socket, and has the main thread tell the
 * new listener the feed's newest seq.
 */
void
ld_events_add (LdEvents                *events,
               SoupServerMessage       *msg,
               SoupWebsocketConnection *conn)
{
  const char *token_hash = g_object_get_data (G_OBJECT (msg), TOKEN_HASH_KEY);
  SocketNote *opened;

  g_return_if_fail (events != NULL);
  g_return_if_fail (token_hash != NULL);

  opened = g_new0 (SocketNote, 1);
  opened->events = events;
  opened->id = ++events->last_id;
  opened->token_hash = g_strdup (token_hash);
  soup_websocket_connection_set_max_incoming_payload_size (conn, MAX_INCOMING_BYTES);
  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_SECONDS);
  g_object_set_data (G_OBJECT (conn), SOCKET_ID_KEY, GUINT_TO_POINTER (opened->id));
  g_signal_connect (conn, "closed", G_CALLBACK (on_socket_closed_cb), events);
  g_hash_table_insert (events->sockets, GUINT_TO_POINTER (opened->id), g_object_ref (conn));
  ld_http_thread_to_main (events->http_thread, add_listener_on_main, opened,
                          (GDestroyNotify) socket_note_free);
}

/* FALSE when the listener's session has ended, been signed out or its
 * account disabled; a store error gives the benefit of the doubt. */
static gboolean
session_is_live (LdEvents          *events,
                 const LdSettings  *settings,
                 Listener          *listener,
                 char             **out_reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdUser) user = ld_auth_lookup_session (events->store, settings, listener->token_hash,
                                                    g_get_real_time (), NULL, &error);

  if (user != NULL)
    return TRUE;

  if (!g_error_matches (error, LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED))
    {
      g_debug ("change feed: cannot check a listener's session: %s", error->message);
      return TRUE;
    }

  *out_reason = g_strdup (error->message);
  return FALSE;
}

/**
 * ld_events_announce:
 * @events: a hub
 *
 * Pushes the feed's newest seq to every listener that has not heard it,
 * and closes (1008, policy violation) the sockets whose session is over.
 * Cheap when nothing changed: one indexed read, and none without
 * listeners.
 */
void
ld_events_announce (LdEvents *events)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(LdSettings) settings = NULL;
  gint64 head;

  g_return_if_fail (events != NULL);

  /* A new listener reads the head itself. */
  if (events->listeners->len == 0)
    return;

  if (!ld_store_changes_get_committed_head (events->store, &head, &error))
    {
      g_warning ("change feed: cannot read the newest seq: %s", error->message);
      return;
    }

  for (guint i = 0; i < events->listeners->len; i++)
    {
      Listener *listener = g_ptr_array_index (events->listeners, i);
      g_autofree char *reason = NULL;

      if (listener->sent_seq >= head || !listener->open)
        continue;

      if (settings == NULL)
        {
          stored = ld_store_settings_load (events->store, NULL, &error);
          if (stored == NULL)
            {
              g_warning ("change feed: cannot read the settings: %s", error->message);
              return;
            }
          settings = ld_settings_new_from_table (stored);
        }

      /* Closing only starts here; the socket leaves the list when it is
       * closed, after this loop. */
      if (session_is_live (events, settings, listener, &reason))
        send_seq (events, listener, head);
      else
        close_listener (events, listener, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, reason);
    }
}

/**
 * ld_events_close_all:
 * @events: a hub
 *
 * Starts closing every socket (1001, going away), for a server that is
 * shutting down; clients reconnect, to this server or another.
 */
void
ld_events_close_all (LdEvents *events)
{
  g_return_if_fail (events != NULL);

  /* And those whose socket opened but whose listener is still on its way. */
  events->closing_all = TRUE;
  for (guint i = 0; i < events->listeners->len; i++)
    {
      Listener *listener = g_ptr_array_index (events->listeners, i);

      if (listener->open)
        close_listener (events, listener, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                        "The server is shutting down.");
    }
}

guint
ld_events_get_n_listeners (LdEvents *events)
{
  g_return_val_if_fail (events != NULL, 0);

  return events->listeners->len;
}

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
/* Clients have nothing to say; a frame is only ever a close or a pong. */
#define MAX_INCOMING_BYTES 1024
/* Pings keep an idle socket open through proxies and find dead peers. */
#define KEEPALIVE_SECONDS 30

typedef struct
{
  LdEvents                *events;
  SoupWebsocketConnection *conn;
  char                    *token_hash;
  gint64                   sent_seq;
  gulong                   closed_id;
} Listener;

struct _LdEvents
{
  LdStore   *store;
  GPtrArray *listeners;
};

static void
unref_when_closed_cb (SoupWebsocketConnection *conn,
                      gpointer                 user_data)
{
  g_object_unref (conn);
}

/* Closes @conn if it is open. A closing socket holds its own reference
 * until the close handshake is over, so the peer hears why. */
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

static void
listener_free (Listener *listener)
{
  g_clear_signal_handler (&listener->closed_id, listener->conn);
  release_connection (g_steal_pointer (&listener->conn), SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                      "The server is shutting down.");
  g_free (listener->token_hash);
  g_free (listener);
}

static void
on_closed_cb (SoupWebsocketConnection *conn,
              Listener                *listener)
{
  g_ptr_array_remove_fast (listener->events->listeners, listener);
}

static void
send_seq (Listener *listener,
          gint64    seq)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  ld_json_builder_add_int (builder, "seq", seq);
  json_builder_end_object (builder);
  text = ld_json_builder_to_string (builder);

  soup_websocket_connection_send_text (listener->conn, text);
  listener->sent_seq = seq;
}

/**
 * ld_events_new:
 * @store: the server's store, which must outlive the hub
 *
 * Returns: (transfer full): a hub with no listeners
 */
LdEvents *
ld_events_new (LdStore *store)
{
  LdEvents *events = g_new0 (LdEvents, 1);

  events->store = store;
  events->listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) listener_free);
  return events;
}

/**
 * ld_events_free:
 * @events: (transfer full): a hub
 *
 * Says goodbye (1001, going away) to every listener still open.
 */
void
ld_events_free (LdEvents *events)
{
  if (events == NULL)
    return;

  g_clear_pointer (&events->listeners, g_ptr_array_unref);
  g_free (events);
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

/**
 * ld_events_add:
 * @events: a hub
 * @msg: the handshake, accepted by ld_events_accept_handshake()
 * @conn: the upgraded connection
 *
 * Tells the new listener the feed's newest seq.
 */
void
ld_events_add (LdEvents                *events,
               SoupServerMessage       *msg,
               SoupWebsocketConnection *conn)
{
  const char *token_hash = g_object_get_data (G_OBJECT (msg), TOKEN_HASH_KEY);
  g_autoptr(GError) error = NULL;
  Listener *listener;
  gint64 head;

  g_return_if_fail (events != NULL);
  g_return_if_fail (token_hash != NULL);

  listener = g_new0 (Listener, 1);
  listener->events = events;
  listener->conn = g_object_ref (conn);
  listener->token_hash = g_strdup (token_hash);
  listener->sent_seq = -1;
  listener->closed_id = g_signal_connect (conn, "closed", G_CALLBACK (on_closed_cb), listener);
  soup_websocket_connection_set_max_incoming_payload_size (conn, MAX_INCOMING_BYTES);
  soup_websocket_connection_set_keepalive_interval (conn, KEEPALIVE_SECONDS);
  g_ptr_array_add (events->listeners, listener);

  if (!ld_store_changes_get_committed_head (events->store, &head, &error))
    {
      g_warning ("change feed: cannot read the newest seq: %s", error->message);
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_SERVER_ERROR,
                                       "The server cannot read the change feed now.");
      return;
    }

  send_seq (listener, head);
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

      if (listener->sent_seq >= head ||
          soup_websocket_connection_get_state (listener->conn) != SOUP_WEBSOCKET_STATE_OPEN)
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
        send_seq (listener, head);
      else
        soup_websocket_connection_close (listener->conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                         reason);
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

  for (guint i = 0; i < events->listeners->len; i++)
    {
      Listener *listener = g_ptr_array_index (events->listeners, i);

      if (soup_websocket_connection_get_state (listener->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (listener->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         "The server is shutting down.");
    }
}

guint
ld_events_get_n_listeners (LdEvents *events)
{
  g_return_val_if_fail (events != NULL, 0);

  return events->listeners->len;
}

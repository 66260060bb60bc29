/* ld-instrument-listener.c: a port for each enabled instrument
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each enabled instrument gets a GThreadedSocketService on its address
 * and port; each connection is served on a thread of its own by the
 * instrument's protocol (ld_hl7_serve(), ld_astm_serve()), which blocks
 * on reads and hands complete messages to ld-instrument-host.c. The
 * ports follow the instruments table: ld_instrument_listener_reload()
 * restarts an instrument whose row changed and stops one disabled.
 * Everything here but the serving runs on the store's thread.
 */

#define G_LOG_DOMAIN "ld-instrument-listener"

#include "config.h"

#include "ld-instrument-listener.h"
#include "ld-instrument-host.h"
#include "ld-astm-link.h"
#include "ld-hl7.h"
#include "../store/ld-store-instruments.h"

/* Connections served at once per instrument: an analyzer holds one, a
 * middleware box a few. */
#define MAX_CONNECTIONS 8

/* One instrument's port; shared with its connection threads. */
typedef struct
{
  LdInstrumentCore      *core;
  char                  *id;
  char                  *name;
  gint64                 version;
  LdInstrumentServeFunc  serve;
  GSocketService        *service;
  GCancellable          *cancellable;
  guint                  port;
  gint                   connections;
  /* idle_closed_us is written by connection threads. */
  GMutex                 lock;
  gint64                 idle_closed_us;
} Port;

struct _LdInstrumentListener
{
  LdInstrumentCore *core;
  GHashTable       *ports;
  /* Instruments whose port could not be opened: id → problem. */
  GHashTable       *failed;
};

static void
port_clear (Port *port)
{
  ld_instrument_core_unref (port->core);
  g_free (port->id);
  g_free (port->name);
  g_clear_object (&port->cancellable);
  g_mutex_clear (&port->lock);
}

static Port *
port_ref (Port *port)
{
  return g_atomic_rc_box_acquire (port);
}

static void
port_unref (Port *port)
{
  g_atomic_rc_box_release_full (port, (GDestroyNotify) port_clear);
}

static void
port_stop (Port *port)
{
  g_cancellable_cancel (port->cancellable);
  if (port->service != NULL)
    {
      g_socket_service_stop (port->service);
      g_socket_listener_close (G_SOCKET_LISTENER (port->service));
      g_clear_object (&port->service);
    }
  port_unref (port);
}

static char *
dup_peer (GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) address = g_socket_connection_get_remote_address (connection, NULL);

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("-");
  return g_inet_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

/* On a connection's own thread, until the instrument hangs up. */
static gboolean
on_service_run_cb (GThreadedSocketService *service,
                   GSocketConnection      *connection,
                   GObject                *source_object,
                   gpointer                user_data)
{
  Port *port = user_data;
  g_autofree char *peer = dup_peer (connection);
  LdInstrumentLink *link =
    ld_instrument_link_new (port->core, port->id, port->name, peer, port->cancellable);
  guint idle_timeout_s = g_atomic_int_get (&port->core->idle_timeout_s);

  g_atomic_int_inc (&port->connections);
  g_info ("instrument %s: connected from %s", port->name, peer);
  /* A read or write that waits this long fails with TIMED_OUT; the
   * protocol then ends the conversation and tells the host (idle). */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), idle_timeout_s);
  port->serve (G_IO_STREAM (connection), &ld_instrument_host, link, port->cancellable);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  if (link->idle)
    {
      g_mutex_lock (&port->lock);
      port->idle_closed_us = g_get_real_time ();
      g_mutex_unlock (&port->lock);
      g_message ("instrument %s: %s sent nothing for %u s; connection closed", port->name, peer,
                 idle_timeout_s);
    }
  else
    g_info ("instrument %s: %s hung up", port->name, peer);
  g_atomic_int_dec_and_test (&port->connections);
  ld_instrument_link_free (link);
  return TRUE;
}

static LdInstrumentServeFunc
find_serve (const char *protocol)
{
  if (g_strcmp0 (protocol, "hl7") == 0)
    return ld_hl7_serve;
  if (g_strcmp0 (protocol, "astm") == 0)
    return ld_astm_serve;
  return NULL;
}

static Port *
port_start (LdInstrumentListener  *self,
            const LdInstrument    *instrument,
            GError               **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  LdInstrumentServeFunc serve = find_serve (instrument->protocol);
  Port *port;

  if (serve == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The %s protocol is not available in this server yet.", instrument->protocol);
      return NULL;
    }
  address = g_inet_socket_address_new_from_string (instrument->address, instrument->port);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an address to listen on.", instrument->address);
      return NULL;
    }

  port = g_atomic_rc_box_new0 (Port);
  g_mutex_init (&port->lock);
  port->core = g_atomic_rc_box_acquire (self->core);
  port->id = g_strdup (instrument->id);
  port->name = g_strdup (instrument->name);
  port->version = instrument->version;
  port->serve = serve;
  port->cancellable = g_cancellable_new ();
  port->service = g_threaded_socket_service_new (MAX_CONNECTIONS);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (port->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    {
      port_stop (port);
      return NULL;
    }
  port->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect_data (port->service, "run", G_CALLBACK (on_service_run_cb), port_ref (port),
                         (GClosureNotify) port_unref, 0);
  g_socket_service_start (port->service);
  g_info ("instrument %s: listening on %s port %u (%s)", port->name, instrument->address,
          port->port, instrument->protocol);
  return port;
}

/**
 * ld_instrument_listener_new:
 * @store: the server's store, used on the calling thread only
 * @announce: (nullable): called on this thread after a message committed
 * @announce_data: for @announce
 *
 * Makes the listener; no port is opened until
 * ld_instrument_listener_reload(). The calling thread's thread-default
 * main context must run for messages to be stored.
 *
 * Returns: (transfer full): the listener
 */
LdInstrumentListener *
ld_instrument_listener_new (LdStore                  *store,
                            LdInstrumentAnnounceFunc  announce,
                            gpointer                  announce_data)
{
  LdInstrumentListener *self = g_new0 (LdInstrumentListener, 1);

  g_return_val_if_fail (store != NULL, NULL);

  self->core = ld_instrument_core_new (store, announce, announce_data);
  self->ports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) port_stop);
  self->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

/**
 * ld_instrument_listener_free:
 * @self: a listener
 *
 * Closes every port and ends every connection; a message being stored
 * now is finished first, one queued is refused.
 */
void
ld_instrument_listener_free (LdInstrumentListener *self)
{
  if (self == NULL)
    return;

  self->core->closed = TRUE;
  g_hash_table_unref (self->ports);
  g_hash_table_unref (self->failed);
  ld_instrument_core_unref (self->core);
  g_free (self);
}

static void
start_one (LdInstrumentListener *self,
           const LdInstrument   *instrument)
{
  g_autoptr(GError) error = NULL;
  Port *port = port_start (self, instrument, &error);

  if (port == NULL)
    {
      g_warning ("instrument %s: cannot listen on %s port %" G_GINT64_FORMAT ": %s",
                 instrument->name, instrument->address, instrument->port, error->message);
      g_hash_table_replace (self->failed, g_strdup (instrument->id), g_strdup (error->message));
      return;
    }
  g_hash_table_replace (self->ports, g_strdup (instrument->id), port);
}

/**
 * ld_instrument_listener_reload:
 * @self: a listener
 *
 * Opens the port of every enabled instrument, restarts those whose row
 * changed since they were opened and closes those disabled. Call it at
 * start and after any change to an instrument has committed.
 */
void
ld_instrument_listener_reload (LdInstrumentListener *self)
{
  g_autoptr(GPtrArray) instruments = NULL;
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (self != NULL);

  instruments = ld_store_instruments_list (self->core->store, &error);
  if (instruments == NULL)
    {
      g_warning ("cannot read the instruments: %s", error->message);
      return;
    }

  for (guint i = 0; i < instruments->len; i++)
    {
      const LdInstrument *instrument = g_ptr_array_index (instruments, i);
      Port *port;

      if (!instrument->enabled)
        continue;
      g_hash_table_add (wanted, instrument->id);
      port = g_hash_table_lookup (self->ports, instrument->id);
      if (port != NULL && port->version == instrument->version)
        continue;
      /* Closed before it opens again: the port may be the same. */
      g_hash_table_remove (self->ports, instrument->id);
      g_hash_table_remove (self->failed, instrument->id);
      start_one (self, instrument);
    }

  g_hash_table_iter_init (&iter, self->ports);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (wanted, key))
      {
        g_info ("instrument %s: stopped", ((Port *) value)->name);
        g_hash_table_iter_remove (&iter);
      }
  g_hash_table_iter_init (&iter, self->failed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (wanted, key))
      g_hash_table_iter_remove (&iter);
}

/**
 * ld_instrument_listener_set_idle_timeout:
 * @self: a listener
 * @seconds: 0 for never
 *
 * Connections accepted from now on are closed after sending nothing for
 * @seconds (never until set; the server sets its configuration's
 * instrument-idle-timeout). Any thread.
 */
void
ld_instrument_listener_set_idle_timeout (LdInstrumentListener *self,
                                         guint                 seconds)
{
  g_return_if_fail (self != NULL && seconds <= G_MAXINT);

  g_atomic_int_set (&self->core->idle_timeout_s, (gint) seconds);
}

/**
 * ld_instrument_listener_get_state:
 * @self: a listener
 * @instrument_id: an instrument
 * @out_state: (out caller-allocates): its port's state; free @problem
 */
void
ld_instrument_listener_get_state (LdInstrumentListener *self,
                                  const char           *instrument_id,
                                  LdInstrumentState    *out_state)
{
  Port *port;
  const char *problem;

  g_return_if_fail (self != NULL && instrument_id != NULL && out_state != NULL);

  *out_state = (LdInstrumentState){ "stopped", 0, 0, NULL, 0 };
  if ((problem = g_hash_table_lookup (self->failed, instrument_id)) != NULL)
    {
      out_state->state = "failed";
      out_state->problem = g_strdup (problem);
      return;
    }
  if ((port = g_hash_table_lookup (self->ports, instrument_id)) == NULL)
    return;

  out_state->port = port->port;
  g_mutex_lock (&port->lock);
  out_state->idle_closed_us = port->idle_closed_us;
  g_mutex_unlock (&port->lock);
  out_state->connections = MAX (g_atomic_int_get (&port->connections), 0);
  out_state->state = out_state->connections > 0 ? "connected" : "listening";
}

/* ld-instrument-listener.h: a port for each enabled instrument
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "../store/ld-store.h"

G_BEGIN_DECLS

typedef struct _LdInstrumentListener LdInstrumentListener;

/* Called on the store's thread after an instrument's message committed. */
typedef void (*LdInstrumentAnnounceFunc) (gpointer data);

/**
 * LdInstrumentState:
 * @state: "listening", "connected", "stopped" (disabled, or not started)
 *   or "failed" (its port could not be opened; see @problem)
 * @port: the port it listens on (the one the system chose for port 0); 0
 *   when it does not listen
 * @connections: instruments connected now
 * @problem: (nullable): why it failed, for the administrator
 * @idle_closed_us: when a connection was last closed for sending nothing
 *   for the idle timeout (real time, µs); 0 never since the port opened
 */
typedef struct
{
  const char *state;
  guint       port;
  guint       connections;
  char       *problem;
  gint64      idle_closed_us;
} LdInstrumentState;

LdInstrumentListener *ld_instrument_listener_new (LdStore                 *store,
                                                  LdInstrumentAnnounceFunc announce,
                                                  gpointer                 announce_data);
void                  ld_instrument_listener_free (LdInstrumentListener *self);
void                  ld_instrument_listener_reload (LdInstrumentListener *self);
void                  ld_instrument_listener_set_idle_timeout (LdInstrumentListener *self,
                                                               guint                 seconds);
void                  ld_instrument_listener_get_state (LdInstrumentListener *self,
                                                        const char           *instrument_id,
                                                        LdInstrumentState    *out_state);

G_END_DECLS

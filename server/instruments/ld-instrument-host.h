/* ld-instrument-host.h: what a protocol's connection thread asks of the server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-instrument-listener.h"
#include "ld-instrument-message.h"

G_BEGIN_DECLS

/* What every connection of every instrument shares: the store and the
 * thread that owns it. Reference counted (g_atomic_rc_box), since
 * connection threads may outlive the listener by a read. */
typedef struct
{
  LdStore                  *store;
  GMainContext             *context;
  LdInstrumentAnnounceFunc  announce;
  gpointer                  announce_data;
  /* Set on the store's thread when the listener goes: work still queued
   * for that thread is refused, never run on a closed store. */
  gboolean                  closed;
  /* Seconds a connection may send nothing before it is closed (0:
   * never); g_atomic_int_* since connection threads read it. */
  gint                      idle_timeout_s;
} LdInstrumentCore;

/* One connection's host_data. */
typedef struct
{
  LdInstrumentCore *core;
  char             *instrument_id;
  char             *name;
  char             *client;
  GCancellable     *cancellable;
  /* Set when the protocol closed the connection for its idleness. */
  gboolean          idle;
} LdInstrumentLink;

extern const LdInstrumentHost ld_instrument_host;

LdInstrumentCore *
ld_instrument_core_new (LdStore *store, LdInstrumentAnnounceFunc announce, gpointer announce_data);
void              ld_instrument_core_unref (LdInstrumentCore *core);
LdInstrumentLink *ld_instrument_link_new (LdInstrumentCore *core,
                                          const char       *instrument_id,
                                          const char       *name,
                                          const char       *client,
                                          GCancellable     *cancellable);
void              ld_instrument_link_free (LdInstrumentLink *link);

G_END_DECLS

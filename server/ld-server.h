/* ld-server.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ld-config.h"
#include "store/ld-store.h"
#include "http/ld-router.h"
#include "gateway/ld-gateway.h"
#include "instruments/ld-instrument-listener.h"

G_BEGIN_DECLS

#define LD_TYPE_SERVER (ld_server_get_type ())

G_DECLARE_FINAL_TYPE (LdServer, ld_server, LD, SERVER, GObject)

LdServer *ld_server_new             (const LdConfig  *config,
                                     GError         **error);
gboolean  ld_server_listen          (LdServer        *self,
                                     GError         **error);
char     *ld_server_dup_uri         (LdServer        *self);
LdStore  *ld_server_get_store       (LdServer        *self);
LdGateway *ld_server_get_gateway    (LdServer        *self);
LdRouter *ld_server_get_router      (LdServer        *self);
LdInstrumentListener *ld_server_get_instruments (LdServer *self);
void      ld_server_stop_accepting  (LdServer        *self);
guint     ld_server_get_in_flight   (LdServer        *self);
void      ld_server_disconnect      (LdServer        *self);
gboolean  ld_server_prune_sessions  (LdServer        *self,
                                     GError         **error);
gboolean  ld_server_expire_orders   (LdServer        *self,
                                     GError         **error);
void      ld_server_announce_changes (LdServer       *self);

G_END_DECLS

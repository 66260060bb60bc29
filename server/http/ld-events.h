/* ld-events.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-http-request.h"
#include "ld-http-thread.h"

G_BEGIN_DECLS

#define LD_EVENTS_PATH "/api/v1/events"

typedef struct _LdEvents LdEvents;

LdEvents *ld_events_new              (LdStore                  *store,
                                      LdHttpThread             *http_thread);
void      ld_events_free             (LdEvents                 *events);
gboolean  ld_events_accept_handshake (LdHttpRequest            *req,
                                      GError                  **error);
void      ld_events_add              (LdEvents                 *events,
                                      SoupServerMessage        *msg,
                                      SoupWebsocketConnection  *conn);
void      ld_events_announce         (LdEvents                 *events);
void      ld_events_close_all        (LdEvents                 *events);
void      ld_events_release_sockets  (LdEvents                 *events);
guint     ld_events_get_n_listeners  (LdEvents                 *events);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdEvents, ld_events_free)

G_END_DECLS

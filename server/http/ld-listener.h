/* ld-listener.h: accepts connections for a SoupServer, within limits
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _LdListener LdListener;

/**
 * LdListenerLimits:
 * @idle_timeout_s: a connection waiting this long for a request is closed
 *   (a new one: for the request's head; a kept-alive one: its first byte)
 * @request_timeout_s: a request (its TLS handshake, head and body) must
 *   then arrive in full within this
 * @max_per_address: connections one client address may hold open
 * @max_total: connections in all
 */
typedef struct
{
  guint idle_timeout_s;
  guint request_timeout_s;
  guint max_per_address;
  guint max_total;
} LdListenerLimits;

LdListener *
ld_listener_new (SoupServer *soup, GTlsCertificate *certificate, const LdListenerLimits *limits);
void     ld_listener_free (LdListener *self);
gboolean ld_listener_listen (LdListener *self, GSocketAddress *address, GError **error);
char    *ld_listener_dup_uri (LdListener *self);
void     ld_listener_got_headers (LdListener *self, SoupServerMessage *msg);
void     ld_listener_stop (LdListener *self);
guint    ld_listener_get_n_connections (LdListener *self);
guint    ld_listener_get_n_arriving (LdListener *self);
guint64  ld_listener_get_accept_failures (LdListener *self);
char    *ld_listener_address_key (GSocketAddress *address);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdListener, ld_listener_free)

G_END_DECLS

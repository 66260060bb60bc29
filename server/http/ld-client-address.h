/* ld-client-address.h: who a request comes from, also behind a proxy
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GPtrArray    *ld_client_address_parse_list (const char    *text,
                                            GError       **error);
GInetAddress *ld_client_address_resolve    (GInetAddress  *peer,
                                            const char    *forwarded_for,
                                            GPtrArray     *trusted_proxies);
char         *ld_client_address_key        (GInetAddress  *address);

G_END_DECLS

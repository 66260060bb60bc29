/* ld-auth.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-router.h"

G_BEGIN_DECLS

const char *ld_auth_bearer_token (SoupServerMessage *msg);
gboolean ld_auth_authorize      (LdHttpRequest       *req,
                                 const LdPermission  *permission,
                                 GError             **error);
LdUser  *ld_auth_lookup_session (LdStore             *store,
                                 const LdSettings    *settings,
                                 const char          *token_hash,
                                 gint64               now_us,
                                 gint64              *out_last_seen_us,
                                 GError             **error);
LdUser  *ld_auth_peek_session   (LdStore             *store,
                                 const char          *token_hash);
gboolean ld_auth_headers_admit  (LdStore             *store,
                                 SoupServerMessage   *msg,
                                 const LdPermission  *permission);

G_END_DECLS

/* ld-context.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-session.h"
#include "store/ld-api-client.h"

G_BEGIN_DECLS

#define LD_TYPE_CONTEXT (ld_context_get_type ())

G_DECLARE_FINAL_TYPE (LdContext, ld_context, LD, CONTEXT, GObject)

LdContext   *ld_context_new             (const char  *server_uri);
GSettings   *ld_context_get_settings    (LdContext   *self);
LdApiClient *ld_context_get_api_client  (LdContext   *self);
LdSession   *ld_context_get_session     (LdContext   *self);
void         ld_context_set_session     (LdContext   *self,
                                         LdSession   *session);
LdUser      *ld_context_get_user        (LdContext   *self);

G_END_DECLS

/* ld-context.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-user.h"
#include "store/ld-api-client.h"
#include "store/ld-cache.h"
#include "store/ld-outbox.h"
#include "store/ld-sync.h"

G_BEGIN_DECLS

#define LD_TYPE_CONTEXT (ld_context_get_type ())

G_DECLARE_FINAL_TYPE (LdContext, ld_context, LD, CONTEXT, GObject)

LdContext   *ld_context_new             (const char  *server_uri);
GSettings   *ld_context_get_settings    (LdContext   *self);
LdApiClient *ld_context_get_api_client  (LdContext   *self);
LdUser      *ld_context_get_user        (LdContext   *self);
void         ld_context_set_user        (LdContext   *self,
                                         LdUser      *user);
LdCache     *ld_context_get_cache       (LdContext   *self);
LdOutbox    *ld_context_get_outbox      (LdContext   *self);
LdSync      *ld_context_get_sync        (LdContext   *self);
void         ld_context_open_cache_async  (LdContext           *self,
                                           const char          *username,
                                           const char          *password,
                                           gboolean             signed_in,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     ld_context_open_cache_finish (LdContext           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
void         ld_context_close_cache     (LdContext   *self);

G_END_DECLS

/* ld-session.h
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

#define LD_TYPE_SESSION (ld_session_get_type ())

G_DECLARE_FINAL_TYPE (LdSession, ld_session, LD, SESSION, GObject)

void         ld_session_sign_in_async      (LdApiClient          *api_client,
                                            const char           *username,
                                            const char           *password,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
LdSession   *ld_session_sign_in_finish     (GAsyncResult         *result,
                                            GError              **error);
LdUser      *ld_session_get_user           (LdSession            *self);
LdApiClient *ld_session_get_api_client     (LdSession            *self);
LdCache     *ld_session_get_cache          (LdSession            *self);
LdOutbox    *ld_session_get_outbox         (LdSession            *self);
LdSync      *ld_session_get_sync           (LdSession            *self);
gboolean     ld_session_get_online         (LdSession            *self);
gboolean     ld_session_get_signed_in_offline (LdSession         *self);
gboolean     ld_session_get_ended          (LdSession            *self);
gboolean     ld_session_has_role           (LdSession            *self,
                                            LdRole                role);
void         ld_session_close              (LdSession            *self);

G_END_DECLS

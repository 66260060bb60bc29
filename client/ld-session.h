/* ld-session.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-command.h"
#include "ld-command-records.h"
#include "ld-user.h"
#include "store/ld-api-client.h"
#include "store/ld-cache.h"
#include "store/ld-outbox.h"
#include "store/ld-sync.h"

G_BEGIN_DECLS

/**
 * LdConnectionState:
 * @LD_CONNECTION_ONLINE: the server answers; the cache follows it
 * @LD_CONNECTION_OFFLINE: the server cannot be reached; work waits in
 *   the outbox
 * @LD_CONNECTION_SERVER_BUSY: the server is there but answered that it
 *   cannot work now (503); tried again by itself
 * @LD_CONNECTION_SESSION_ENDED: the server ended the session (expired,
 *   signed out elsewhere, account disabled): sign in again
 * @LD_CONNECTION_SYNCING: online, a first sync under way (see
 *   #LdSession:sync-progress)
 *
 * Where the session stands with the server, in one word for the header.
 */
typedef enum
{
  LD_CONNECTION_ONLINE,
  LD_CONNECTION_OFFLINE,
  LD_CONNECTION_SERVER_BUSY,
  LD_CONNECTION_SESSION_ENDED,
  LD_CONNECTION_SYNCING,
} LdConnectionState;

#define LD_TYPE_CONNECTION_STATE (ld_connection_state_get_type ())
GType ld_connection_state_get_type (void) G_GNUC_CONST;

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
LdConnectionState ld_session_get_connection (LdSession          *self);
double       ld_session_get_sync_progress  (LdSession            *self);
guint        ld_session_get_n_waiting      (LdSession            *self);
guint        ld_session_get_n_refused      (LdSession            *self);
gboolean     ld_session_get_sending        (LdSession            *self);
gboolean     ld_session_has_role           (LdSession            *self,
                                            LdRole                role);
void         ld_session_close              (LdSession            *self);

/* ld-session-commands.c: the shared command checks, for this user. */
const LdActor *ld_session_get_actor        (LdSession            *self);
gboolean     ld_session_can                (LdSession            *self,
                                            LdCommandKind         kind,
                                            const LdCommandTarget *target);
gboolean     ld_session_check              (LdSession            *self,
                                            LdCommandKind         kind,
                                            const LdCommandTarget *target,
                                            GError              **error);
void         ld_session_run_async          (LdSession            *self,
                                            LdOutboxAction        action,
                                            const LdCommandTarget *target,
                                            JsonObject           *params,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
JsonNode    *ld_session_run_finish         (LdSession            *self,
                                            GAsyncResult         *result,
                                            GError              **error);
gboolean     ld_session_run_done           (LdSession            *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS

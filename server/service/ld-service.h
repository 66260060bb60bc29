/* ld-service.h: running one change for an actor, without HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-error.h"
#include "ld-user.h"
#include "../store/ld-store.h"

G_BEGIN_DECLS

/**
 * LdServiceContext:
 * @store: the server's store
 * @actor: (nullable): the signed-in user acting; %NULL for the system or
 *   the payment gateway
 * @actor_name: (nullable): what the audit trail calls an actor without a
 *   user, such as "system" or "payment-gateway"
 * @request_id: (nullable): the request's id, for the logs
 * @client: the client's address, for the audit trail
 * @now_us: the time the change happens at
 *
 * Who is changing what, and when: all a service needs, and nothing of
 * HTTP. The HTTP layer builds one from a request
 * (ld_http_request_get_service()); the expiry sweep builds its own.
 */
typedef struct _LdServiceContext LdServiceContext;

struct _LdServiceContext
{
  LdStore   *store;
  LdUser    *actor;
  char      *actor_name;
  char      *request_id;
  char      *client;
  gint64     now_us;

  /*< private >*/
  gboolean   running;
  GPtrArray *audit;
  GPtrArray *changes;
};

/* One change's work, run inside its transaction by ld_service_run(). */
typedef gboolean (*LdServiceFunc) (LdServiceContext  *ctx,
                                   gpointer           data,
                                   GError           **error);

LdServiceContext *ld_service_context_new    (LdStore           *store,
                                             LdUser            *actor,
                                             const char        *actor_name,
                                             const char        *request_id,
                                             const char        *client);
void              ld_service_context_free   (LdServiceContext  *ctx);
void              ld_service_context_set_actor (LdServiceContext *ctx,
                                             LdUser            *actor);

gboolean          ld_service_run            (LdServiceContext  *ctx,
                                             LdServiceFunc      work,
                                             gpointer           data,
                                             GError           **error);
gboolean          ld_service_audit          (LdServiceContext  *ctx,
                                             const char        *action,
                                             const char        *entity,
                                             const char        *entity_id,
                                             const char        *detail,
                                             GError           **error);
gboolean          ld_service_audit_as       (LdServiceContext  *ctx,
                                             const char        *user_id,
                                             const char        *username,
                                             const char        *action,
                                             const char        *entity,
                                             const char        *entity_id,
                                             const char        *detail,
                                             GError           **error);
gboolean          ld_service_record_change  (LdServiceContext  *ctx,
                                             const char        *entity,
                                             const char        *entity_id,
                                             LdRole             visible_to,
                                             JsonNode          *record,
                                             GError           **error);
gboolean          ld_service_record_text_change (LdServiceContext *ctx,
                                                 const char       *entity,
                                                 const char       *entity_id,
                                                 LdRole            visible_to,
                                                 const char       *order_id,
                                                 const char       *doctor_id,
                                                 char             *record,
                                                 GError          **error);
gboolean          ld_service_record_change_kept (LdServiceContext *ctx,
                                             const char        *entity,
                                             const char        *entity_id,
                                             LdRole             visible_to,
                                             const char        *order_id,
                                             const char        *doctor_id,
                                             JsonNode          *record,
                                             GError           **error);

gboolean ld_service_error_taken (const GError *insert_error,
                                 const char   *field,
                                 const char   *message,
                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdServiceContext, ld_service_context_free)

G_END_DECLS

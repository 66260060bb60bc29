/* ld-service.c: the one place a change is run, audited and announced
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A service (ld-service-money.c, ld-service-orders.c, …) does its work
 * and says what the audit trail and the change feed must hear; the
 * runner here opens the transaction, runs the work, writes those audit
 * rows, then those feed rows, in the order they were said, and commits.
 * On any error the transaction is rolled back and nothing said is
 * written. Retrying a transaction PostgreSQL ended is the caller's
 * (ld_http_request_run_retried() for requests), since only it knows
 * whether the work may run again.
 *
 * Outside a run (a handler not yet moved onto a service, holding its own
 * transaction), the same calls write at once, so there is still only
 * one piece of code that writes audit and feed rows.
 */

#define G_LOG_DOMAIN "ld-service"

#include "config.h"

#include "ld-service.h"
#include "ld-care-access.h"
#include "ld-time.h"
#include "../domain/ld-audit.h"

/* A feed row said during a run, written before the commit. */
typedef struct
{
  char     *entity;
  char     *entity_id;
  LdRole    visible_to;
  char     *order_id;
  char     *doctor_id;
  /* The record's JSON text, as the API shows it. */
  char     *record;
} Change;

static void
change_free (Change *change)
{
  g_free (change->entity);
  g_free (change->entity_id);
  g_free (change->order_id);
  g_free (change->doctor_id);
  g_free (change->record);
  g_free (change);
}

/**
 * ld_service_context_new:
 * @store: the store
 * @actor: (nullable): the user acting
 * @actor_name: (nullable): the audit trail's name for an actor without a user
 * @request_id: (nullable): for the logs
 * @client: (nullable): the client's address; %NULL for work of the server's own
 *
 * Returns: (transfer full): a context whose time is now
 */
LdServiceContext *
ld_service_context_new (LdStore    *store,
                        LdUser     *actor,
                        const char *actor_name,
                        const char *request_id,
                        const char *client)
{
  LdServiceContext *ctx;

  g_return_val_if_fail (store != NULL, NULL);

  ctx = g_new0 (LdServiceContext, 1);
  ctx->store = store;
  ctx->actor = actor ? g_object_ref (actor) : NULL;
  ctx->actor_name = g_strdup (actor_name);
  ctx->request_id = g_strdup (request_id);
  ctx->client = g_strdup (client);
  ctx->now_us = ld_time_now ();
  ctx->audit = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_audit_event_free);
  ctx->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);

  return ctx;
}

void
ld_service_context_free (LdServiceContext *ctx)
{
  if (ctx == NULL)
    return;

  g_clear_object (&ctx->actor);
  g_free (ctx->actor_name);
  g_free (ctx->request_id);
  g_free (ctx->client);
  g_ptr_array_unref (ctx->audit);
  g_ptr_array_unref (ctx->changes);
  g_free (ctx);
}

/**
 * ld_service_context_set_actor:
 * @ctx: a context
 * @actor: (nullable): who acts from now on
 *
 * For a request whose user is known only once it signed in.
 */
void
ld_service_context_set_actor (LdServiceContext *ctx,
                              LdUser           *actor)
{
  g_return_if_fail (ctx != NULL);

  g_set_object (&ctx->actor, actor);
}

static gboolean
write_change (LdServiceContext  *ctx,
              const Change      *change,
              GError           **error)
{
  return ld_store_changes_append_kept (ctx->store, change->entity, change->entity_id,
                                       change->visible_to, change->order_id, change->doctor_id,
                                       change->record, error);
}

/* Writes what the work said: audit rows first, then feed rows. */
static gboolean
write_said (LdServiceContext  *ctx,
            GError           **error)
{
  for (guint i = 0; i < ctx->audit->len; i++)
    if (!ld_store_audit_append (ctx->store, g_ptr_array_index (ctx->audit, i), error))
      return FALSE;
  for (guint i = 0; i < ctx->changes->len; i++)
    if (!write_change (ctx, g_ptr_array_index (ctx->changes, i), error))
      return FALSE;

  return TRUE;
}

static void
forget_said (LdServiceContext *ctx)
{
  g_ptr_array_set_size (ctx->audit, 0);
  g_ptr_array_set_size (ctx->changes, 0);
}

/**
 * ld_service_run:
 * @ctx: who acts
 * @work: the change, which reads and writes the store and says what to
 *   audit and announce
 * @data: for @work
 * @error: return location for an %LD_API_ERROR or %LD_STORE_ERROR
 *
 * Begins a transaction, runs @work, writes its audit rows and then its
 * change-feed rows, and commits; on any error rolls it all back.
 *
 * Returns: %TRUE once committed
 */
gboolean
ld_service_run (LdServiceContext  *ctx,
                LdServiceFunc      work,
                gpointer           data,
                GError           **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  gboolean ok;

  g_return_val_if_fail (ctx != NULL && work != NULL, FALSE);
  g_return_val_if_fail (!ctx->running, FALSE);

  if (!ld_store_transaction_begin (&txn, ctx->store, error))
    return FALSE;

  forget_said (ctx);
  ctx->running = TRUE;
  ok = work (ctx, data, error);
  ctx->running = FALSE;

  ok = ok && write_said (ctx, error) && ld_store_transaction_commit (&txn, error);
  forget_said (ctx);

  return ok;
}

/**
 * ld_service_audit_as:
 * @ctx: a context
 * @user_id: (nullable): who acted
 * @username: (nullable): the name they used
 * @action: such as "payment.create"
 * @entity: such as "order"
 * @entity_id: (nullable): the record's id
 * @detail: (nullable): a short note, never patient data
 * @error: return location for an %LD_STORE_ERROR
 *
 * Inside ld_service_run() the event is written before the commit;
 * outside it, at once, in the caller's transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_audit_as (LdServiceContext  *ctx,
                     const char        *user_id,
                     const char        *username,
                     const char        *action,
                     const char        *entity,
                     const char        *entity_id,
                     const char        *detail,
                     GError           **error)
{
  g_autoptr(LdAuditEvent) event = ld_audit_event_new ();

  g_return_val_if_fail (ctx != NULL && action != NULL && entity != NULL, FALSE);

  event->user_id = g_strdup (user_id);
  event->username = g_strdup (username);
  event->action = g_strdup (action);
  event->entity = g_strdup (entity);
  event->entity_id = g_strdup (entity_id);
  event->client = g_strdup (ctx->client);
  event->detail = g_strdup (detail);
  ld_audit_event_clamp (event);

  if (!ctx->running)
    return ld_store_audit_append (ctx->store, event, error);

  g_ptr_array_add (ctx->audit, g_steal_pointer (&event));
  return TRUE;
}

/**
 * ld_service_audit:
 * @ctx: a context
 * @action: such as "payment.create"
 * @entity: such as "order"
 * @entity_id: (nullable): the record's id
 * @detail: (nullable): a short note, never patient data
 * @error: return location for an %LD_STORE_ERROR
 *
 * Audits as the context's actor: its user, or else its actor name.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_audit (LdServiceContext  *ctx,
                  const char        *action,
                  const char        *entity,
                  const char        *entity_id,
                  const char        *detail,
                  GError           **error)
{
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (ctx->actor != NULL || ctx->actor_name != NULL, FALSE);

  if (ctx->actor == NULL)
    return ld_service_audit_as (ctx, NULL, ctx->actor_name, action, entity, entity_id, detail,
                                error);

  return ld_service_audit_as (ctx, ld_user_get_id (ctx->actor), ld_user_get_username (ctx->actor),
                              action, entity, entity_id, detail, error);
}

/**
 * ld_service_record_text_change:
 * @ctx: a context
 * @entity: the kind of record, such as "order"
 * @entity_id: the record's id (or code)
 * @visible_to: the roles that may read it
 * @order_id: (nullable): the order whose patient it is about
 * @doctor_id: (nullable): the one doctor it is for
 * @record: (transfer full): the record's JSON text, exactly as the API
 *   shows it: written by its LdJsonOut writer, with no tree between
 * @error: return location for an %LD_STORE_ERROR
 *
 * ld_service_record_change_kept() for a record already written as text:
 * orders, results and samples, written into the feed several times a
 * flow.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_record_text_change (LdServiceContext  *ctx,
                               const char        *entity,
                               const char        *entity_id,
                               LdRole             visible_to,
                               const char        *order_id,
                               const char        *doctor_id,
                               char              *record,
                               GError           **error)
{
  Change *change;

  g_return_val_if_fail (ctx != NULL && entity != NULL && record != NULL, FALSE);

  change = g_new0 (Change, 1);
  change->entity = g_strdup (entity);
  change->entity_id = g_strdup (entity_id);
  change->visible_to = visible_to;
  change->order_id = g_strdup (order_id);
  change->doctor_id = g_strdup (doctor_id);
  change->record = record;

  if (!ctx->running)
    {
      gboolean ok = write_change (ctx, change, error);

      change_free (change);
      return ok;
    }

  g_ptr_array_add (ctx->changes, change);
  return TRUE;
}

/**
 * ld_service_record_change_kept:
 * @ctx: a context
 * @entity: the kind of record, such as "order"
 * @entity_id: the record's id (or code)
 * @visible_to: the roles that may read it
 * @order_id: (nullable): the order whose patient it is about
 * @doctor_id: (nullable): the one doctor it is for
 * @record: the record exactly as the API shows it, an object
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_record_change_kept (LdServiceContext  *ctx,
                               const char        *entity,
                               const char        *entity_id,
                               LdRole             visible_to,
                               const char        *order_id,
                               const char        *doctor_id,
                               JsonNode          *record,
                               GError           **error)
{
  g_return_val_if_fail (record != NULL && JSON_NODE_HOLDS_OBJECT (record), FALSE);

  return ld_service_record_text_change (ctx, entity, entity_id, visible_to, order_id, doctor_id,
                                        ld_json_to_string (record), error);
}

/**
 * ld_service_record_change:
 * @ctx: a context
 * @entity: the kind of record, such as "patient"
 * @entity_id: the record's id (or code)
 * @visible_to: the roles that may read the record
 * @record: the record exactly as the API shows it; it is copied
 * @error: return location for an %LD_STORE_ERROR
 *
 * Puts the changed record in the change feed, kept to the doctors of its
 * patient as ld_care_access_scope_of() says. Written before the commit,
 * the change is in the feed exactly when the write is.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_record_change (LdServiceContext  *ctx,
                          const char        *entity,
                          const char        *entity_id,
                          LdRole             visible_to,
                          JsonNode          *record,
                          GError           **error)
{
  LdCareScope scope;

  g_return_val_if_fail (ctx != NULL, FALSE);

  ld_care_access_scope_of (entity, entity_id, record, &scope);
  return ld_service_record_change_kept (ctx, entity, entity_id, visible_to, scope.order_id,
                                        scope.doctor_id, record, error);
}

/**
 * ld_service_error_taken:
 * @insert_error: why an insert failed
 * @field: the member whose value is taken, such as "id" or "code"
 * @message: what the desk reads, such as "This code is already in the catalogue."
 * @error: return location for the error to answer
 *
 * A unique key that is taken becomes a conflict naming @field; any other
 * failure is passed on as it is.
 *
 * Returns: %FALSE, always, for the caller to return
 */
gboolean
ld_service_error_taken (const GError  *insert_error,
                        const char    *field,
                        const char    *message,
                        GError       **error)
{
  if (g_error_matches (insert_error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT))
    {
      GError *taken = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_CONFLICT, message);

      ld_api_error_set_field (taken, field, "is already taken");
      g_propagate_error (error, taken);
    }
  else
    g_propagate_error (error, g_error_copy (insert_error));

  return FALSE;
}

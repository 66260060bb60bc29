/* ld-session-commands.c: may this user run this command now, and run it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client's door to the shared command checks (shared/domain/
 * ld-command.c): a page asks the session, which knows who is signed in,
 * and offers only what the server would accept. The server's answer stays
 * the last word; these only spare the user a button that can only fail.
 *
 * Every command a screen runs goes through ld_session_run_async(): the
 * same check once more (a button pressed as the record changed under it),
 * then the outbox, which sends it or queues it and shows it in the cache
 * at once.
 */

#define G_LOG_DOMAIN "ld-session"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-session.h"

/* The actor is kept on the session, rebuilt from the user each time it
 * is asked for: a sign-in again after an offline start may bring a user
 * whose roles or signatory changed. */
static GQuark
actor_quark (void)
{
  return g_quark_from_static_string ("ld-session-actor");
}

/**
 * ld_session_get_actor:
 * @self: a session
 *
 * Who runs commands in this session: the user's roles, whether they are
 * an authorised signatory (ld_user_is_signatory(), from the user the
 * server sent at sign-in) and their id.
 *
 * Returns: (transfer none): the actor, valid while @self and its user are
 */
const LdActor *
ld_session_get_actor (LdSession *self)
{
  LdActor *actor;
  LdUser *user;

  g_return_val_if_fail (LD_IS_SESSION (self), NULL);

  actor = g_object_get_qdata (G_OBJECT (self), actor_quark ());
  if (actor == NULL)
    {
      actor = g_new0 (LdActor, 1);
      g_object_set_qdata_full (G_OBJECT (self), actor_quark (), actor, g_free);
    }

  user = ld_session_get_user (self);
  actor->roles = user != NULL ? ld_user_get_roles (user) : LD_ROLE_NONE;
  actor->is_signatory = user != NULL && ld_user_is_signatory (user);
  actor->user_id = user != NULL ? ld_user_get_id (user) : NULL;
  return actor;
}

/**
 * ld_session_check:
 * @self: a session
 * @kind: a command
 * @target: (nullable): the records it is about, as the cache holds them
 * @error: return location for an %LD_API_ERROR, with the code the server
 *   would answer
 *
 * Whether the signed-in user may run @kind on @target now, as the server
 * would decide (ld_command_check()).
 *
 * Returns: %TRUE if the server would accept it
 */
gboolean
ld_session_check (LdSession              *self,
                  LdCommandKind           kind,
                  const LdCommandTarget  *target,
                  GError                **error)
{
  g_return_val_if_fail (LD_IS_SESSION (self), FALSE);
  g_return_val_if_fail ((guint) kind < LD_COMMAND_N, FALSE);

  return ld_command_check (kind, ld_session_get_actor (self), target, error);
}

/**
 * ld_session_can:
 * @self: a session
 * @kind: a command
 * @target: (nullable): the records it is about
 *
 * Returns: %TRUE if the signed-in user may run @kind on @target now: the
 *   one question a page asks before offering a button
 */
gboolean
ld_session_can (LdSession              *self,
                LdCommandKind           kind,
                const LdCommandTarget  *target)
{
  return ld_session_check (self, kind, target, NULL);
}

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *answer = ld_outbox_submit_finish (LD_OUTBOX (source), result, &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) json_node_unref);
}

/**
 * ld_session_run_async:
 * @self: a session
 * @action: what to do
 * @target: (nullable): the records it is about, as the screen offered it;
 *   %NULL checks only who may run it
 * @params: the request, as ld_outbox_submit_async() takes it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Runs @action for the signed-in user: refused at once, with the error
 * the server would answer, when the shared check says no; else handed to
 * the outbox (sent now, or queued while the server is away when @action
 * may wait).
 */
void
ld_session_run_async (LdSession             *self,
                      LdOutboxAction         action,
                      const LdCommandTarget *target,
                      JsonObject            *params,
                      GCancellable          *cancellable,
                      GAsyncReadyCallback    callback,
                      gpointer               user_data)
{
  LdCommandKind kind = ld_outbox_action_get_command (action);
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  LdOutbox *outbox;

  g_return_if_fail (LD_IS_SESSION (self));
  g_return_if_fail (params != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_session_run_async);

  if (target != NULL ? !ld_session_check (self, kind, target, &error)
                     : !ld_command_check_actor (kind, ld_session_get_actor (self), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  outbox = ld_session_get_outbox (self);
  if (outbox == NULL)
    {
      g_task_return_new_error (task, LD_CACHE_ERROR, LD_CACHE_ERROR_CLOSED,
                               _("You have signed out."));
      return;
    }
  ld_outbox_submit_async (outbox, action, params, cancellable, on_submitted_cb,
                          g_steal_pointer (&task));
}

/**
 * ld_session_run_finish:
 * @self: a session
 * @result: the #GAsyncResult
 * @error: return location for an %LD_API_ERROR or %LD_CACHE_ERROR
 *
 * Returns: (transfer full): the outbox's answer (ld_outbox_submit_finish())
 */
JsonNode *
ld_session_run_finish (LdSession     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ld_session_run_done:
 * @self: a session
 * @result: the #GAsyncResult of ld_session_run_async()
 * @error: return location for an %LD_API_ERROR or %LD_CACHE_ERROR
 *
 * For a screen that needs only to know the command went (sent, or queued
 * while the server is away), not the answer.
 *
 * Returns: whether it went
 */
gboolean
ld_session_run_done (LdSession     *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_autoptr(JsonNode) answer = ld_session_run_finish (self, result, error);

  return answer != NULL;
}

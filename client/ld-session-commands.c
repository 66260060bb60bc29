/* ld-session-commands.c: may this user run this command now?
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client's door to the shared command checks (shared/domain/
 * ld-command.c): a page asks the session, which knows who is signed in,
 * and offers only what the server would accept. The server's answer stays
 * the last word; these only spare the user a button that can only fail.
 */

#define G_LOG_DOMAIN "ld-session"

#include "config.h"

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

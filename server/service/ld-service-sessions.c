/* ld-service-sessions.c: deciding sign-ins, signing out
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password itself is checked before, off the writer (the sign-in
 * queue and its thread pool, ld-api-sessions.c); what follows from the
 * check is decided here, in one write transaction over credentials read
 * inside it: the lock, the failure count and the success all follow from
 * the same state, so a guess checked while another locked the account
 * cannot sign in after the lock. Every outcome is audited.
 */

#define G_LOG_DOMAIN "ld-service-sessions"

#include "config.h"

#include "ld-service-sessions.h"
#include "ld-settings.h"
#include "../domain/ld-login-policy.h"
#include "../domain/ld-password.h"

/**
 * ld_sign_in_decision_clear:
 * @decision: a decision
 *
 * Frees what @decision holds.
 */
void
ld_sign_in_decision_clear (LdSignInDecision *decision)
{
  g_clear_pointer (&decision->user_id, g_free);
  g_clear_pointer (&decision->token, g_free);
  g_clear_object (&decision->user);
}

/**
 * ld_service_sign_in_credentials:
 * @store: a store
 * @username: the name signed in with, folded to lower case
 * @out_credentials: (out caller-allocates): the user's credentials; what
 *   it held before is cleared
 * @out_found: (out): whether there is such a user
 * @error: return location for an %LD_STORE_ERROR
 *
 * An unknown user is not an error.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_sign_in_credentials (LdStore             *store,
                                const char          *username,
                                LdStoreCredentials  *out_credentials,
                                gboolean            *out_found,
                                GError             **error)
{
  g_autoptr(GError) lookup_error = NULL;

  ld_store_credentials_clear (out_credentials);
  *out_found = ld_store_users_get_credentials (store, username, out_credentials, &lookup_error);
  if (!*out_found && !g_error_matches (lookup_error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char         *username;
  gboolean            checked_ok;
  const char         *checked_hash;
  LdSignInDecision   *decision;
} Decide;

static LdSettings *
load_settings (LdStore  *store,
               GError  **error)
{
  g_autoptr(GHashTable) stored = ld_store_settings_load (store, NULL, error);

  return stored ? ld_settings_new_from_table (stored) : NULL;
}

static gboolean
accept (LdServiceContext          *ctx,
        const char                *username,
        const LdStoreCredentials  *fresh,
        LdSignInDecision          *decision,
        GError                   **error)
{
  g_autoptr(LdSettings) settings = load_settings (ctx->store, error);
  g_autofree char *token_hash = NULL;
  gint64 now = decision->now_us;

  if (settings == NULL)
    return FALSE;

  decision->token = ld_token_generate ();
  token_hash = ld_token_hash (decision->token);
  if (!ld_store_users_set_login_state (ctx->store, fresh->user_id, 0, 0, error) ||
      !ld_store_sessions_insert (ctx->store, token_hash, fresh->user_id, now, error) ||
      !ld_service_audit_as (ctx, fresh->user_id, username, "session.create", "user",
                            fresh->user_id, NULL, error))
    return FALSE;

  decision->user = ld_store_users_get (ctx->store, fresh->user_id, error);
  if (decision->user == NULL)
    return FALSE;

  decision->expires_at_us = ld_session_expires_at (settings, now, now);
  decision->outcome = LD_SIGN_IN_ACCEPTED;
  return TRUE;
}

static gboolean
refuse_wrong_password (LdServiceContext          *ctx,
                       const char                *username,
                       const LdStoreCredentials  *fresh,
                       LdSignInDecision          *decision,
                       GError                   **error)
{
  g_autoptr(LdSettings) settings = load_settings (ctx->store, error);
  gint64 failures, locked_until;
  gboolean locked_now;

  if (settings == NULL)
    return FALSE;

  locked_now = ld_login_register_failure (settings, fresh->failed_logins, decision->now_us,
                                          &failures, &locked_until);
  if (!ld_store_users_set_login_state (ctx->store, fresh->user_id, failures, locked_until, error) ||
      !ld_service_audit_as (ctx, fresh->user_id, username, "session.refused", "user",
                            fresh->user_id, "wrong password", error) ||
      (locked_now &&
       !ld_service_audit_as (ctx, fresh->user_id, username, "user.lock", "user",
                             fresh->user_id, "too many failed sign-ins", error)))
    return FALSE;

  decision->outcome = locked_now ? LD_SIGN_IN_LOCKED_NOW : LD_SIGN_IN_WRONG_PASSWORD;
  decision->locked_until_us = locked_until;
  return TRUE;
}

static gboolean
decide_cb (LdServiceContext  *ctx,
           gpointer           data,
           GError           **error)
{
  Decide *decide = data;
  LdSignInDecision *decision = decide->decision;
  const char *username = decide->username;
  g_auto(LdStoreCredentials) fresh = { NULL };
  gboolean found;
  gboolean password_ok;

  ld_sign_in_decision_clear (decision);
  decision->now_us = g_get_real_time ();
  if (!ld_service_sign_in_credentials (ctx->store, username, &fresh, &found, error))
    return FALSE;
  decision->user_id = g_strdup (fresh.user_id);

  /* A password changed since the check makes the check worthless. */
  password_ok =
    decide->checked_ok && found && g_strcmp0 (decide->checked_hash, fresh.password_hash) == 0;

  if (!found)
    {
      decision->outcome = LD_SIGN_IN_UNKNOWN_USER;
      return ld_service_audit_as (ctx, NULL, username, "session.refused", "session", NULL,
                                  "unknown user", error);
    }
  if (ld_login_is_locked (fresh.locked_until_us, decision->now_us))
    {
      decision->outcome = LD_SIGN_IN_LOCKED;
      decision->locked_until_us = fresh.locked_until_us;
      return ld_service_audit_as (ctx, fresh.user_id, username, "session.refused", "user",
                                  fresh.user_id, "account locked", error);
    }
  if (password_ok && fresh.disabled)
    {
      decision->outcome = LD_SIGN_IN_DISABLED;
      return ld_service_audit_as (ctx, fresh.user_id, username, "session.refused", "user",
                                  fresh.user_id, "account disabled", error);
    }
  if (password_ok)
    return accept (ctx, username, &fresh, decision, error);

  return refuse_wrong_password (ctx, username, &fresh, decision, error);
}

/**
 * ld_service_decide_sign_in:
 * @ctx: the request, whose user is not known yet
 * @username: the name signed in with, folded to lower case
 * @checked_ok: whether the password checked out; %FALSE when it was not
 *   checked (a locked account)
 * @checked_hash: (nullable): the hash it was checked against
 * @out_decision: (out caller-allocates): how the sign-in was decided
 * @error: return location for a #GError
 *
 * Decides a sign-in whose password was checked: refuses it (counting a
 * wrong password, and locking the account after too many) or makes a
 * session. Every outcome is audited, as the account signed in to.
 *
 * Returns: %TRUE once decided and recorded, whatever the outcome
 */
gboolean
ld_service_decide_sign_in (LdServiceContext  *ctx,
                           const char        *username,
                           gboolean           checked_ok,
                           const char        *checked_hash,
                           LdSignInDecision  *out_decision,
                           GError           **error)
{
  Decide decide = { username, checked_ok, checked_hash, out_decision };

  g_return_val_if_fail (ctx != NULL && username != NULL && out_decision != NULL, FALSE);

  if (!ld_service_run (ctx, decide_cb, &decide, error))
    {
      ld_sign_in_decision_clear (out_decision);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *token_hash;
} SignOut;

static gboolean
sign_out (LdServiceContext  *ctx,
          gpointer           data,
          GError           **error)
{
  SignOut *out = data;

  return ld_store_sessions_delete (ctx->store, out->token_hash, error) &&
         ld_service_audit (ctx, "session.delete", "user", ld_user_get_id (ctx->actor), NULL,
                           error);
}

/**
 * ld_service_sign_out:
 * @ctx: the signed-in user
 * @token_hash: their session's token hash
 * @error: return location for a #GError
 *
 * Ends the session, audited.
 *
 * Returns: %TRUE once ended
 */
gboolean
ld_service_sign_out (LdServiceContext  *ctx,
                     const char        *token_hash,
                     GError           **error)
{
  SignOut out = { token_hash };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && token_hash != NULL, FALSE);

  return ld_service_run (ctx, sign_out, &out, error);
}

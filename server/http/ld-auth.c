/* ld-auth.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-auth"

#include "config.h"

#include "ld-auth.h"
#include "../domain/ld-login-policy.h"
#include "../domain/ld-password.h"

/* Refreshing last_seen on every request would make every read a disk
 * write; a tenth of the idle limit (at most a minute) is precise enough. */
#define TOUCH_INTERVAL_MAX_US (60 * G_USEC_PER_SEC)

/**
 * ld_auth_bearer_token:
 * @msg: a request
 *
 * Returns: (transfer none) (nullable): the token of its "Authorization:
 *   Bearer" header
 */
const char *
ld_auth_bearer_token (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;

  value += 7;
  while (*value == ' ')
    value++;

  return *value ? value : NULL;
}

static gboolean
fail_unauthorized (const char  *message,
                   GError     **error)
{
  g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED, message);
  return FALSE;
}

/**
 * ld_auth_lookup_session:
 * @store: the store
 * @settings: the lab's settings, for the session limits
 * @token_hash: the hash of a bearer token
 * @now_us: now
 * @out_last_seen_us: (out) (optional): when the session was last used
 * @error: return location for an %LD_API_ERROR_UNAUTHORIZED, or a store error
 *
 * Finds the live session behind @token_hash and its enabled user, without
 * counting this as use of the session.
 *
 * Returns: (transfer full) (nullable): the session's user
 */
LdUser *
ld_auth_lookup_session (LdStore           *store,
                        const LdSettings  *settings,
                        const char        *token_hash,
                        gint64             now_us,
                        gint64            *out_last_seen_us,
                        GError           **error)
{
  g_auto(LdStoreSession) session = { NULL };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LdUser) user = NULL;

  g_return_val_if_fail (store != NULL && settings != NULL && token_hash != NULL, NULL);

  user = ld_store_users_get_for_session (store, token_hash, &session, &local_error);

  if (user == NULL)
    {
      if (g_error_matches (local_error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        fail_unauthorized ("Your session is not valid. Please sign in again.", error);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (ld_session_is_expired (settings, session.created_us, session.last_seen_us, now_us))
    {
      /* The ended session is removed so its token can never come back
       * (by the writing thread: a reader's store cannot). */
      if (!ld_store_is_read_only (store))
        ld_store_sessions_delete (store, token_hash, NULL);
      fail_unauthorized ("Your session has ended. Please sign in again.", error);
      return NULL;
    }

  if (ld_user_get_disabled (user))
    {
      fail_unauthorized ("This account is disabled. Ask your administrator.", error);
      return NULL;
    }

  if (out_last_seen_us != NULL)
    *out_last_seen_us = session.last_seen_us;
  return g_steal_pointer (&user);
}

static gboolean
authenticate (LdHttpRequest  *req,
              GError        **error)
{
  const LdSettings *settings;
  const char *token = ld_auth_bearer_token (req->msg);
  gint64 now = g_get_real_time ();
  gint64 last_seen_us = 0;
  gint64 touch_interval;

  if (token == NULL)
    return fail_unauthorized ("Please sign in first.", error);

  settings = ld_http_request_get_settings (req, error);
  if (settings == NULL)
    return FALSE;

  req->token_hash = ld_token_hash (token);
  req->user =
    ld_auth_lookup_session (req->store, settings, req->token_hash, now, &last_seen_us, error);
  if (req->user == NULL)
    return FALSE;

  touch_interval =
    MIN (TOUCH_INTERVAL_MAX_US, settings->session_idle_seconds * G_USEC_PER_SEC / 10);
  if (now - last_seen_us >= touch_interval)
    return ld_store_sessions_touch (req->store, req->token_hash, now, error);

  return TRUE;
}

/**
 * ld_auth_authorize:
 * @req: a request
 * @permission: the endpoint's row of the permission table
 * @error: return location for an %LD_API_ERROR
 *
 * Signs the request in from its bearer token and checks the user's roles
 * against @permission. Public endpoints pass without a token.
 *
 * Returns: %TRUE if the request may go on
 */
gboolean
ld_auth_authorize (LdHttpRequest       *req,
                   const LdPermission  *permission,
                   GError             **error)
{
  g_return_val_if_fail (req != NULL, FALSE);
  g_return_val_if_fail (permission != NULL, FALSE);

  if (permission->is_public)
    return TRUE;

  if (!authenticate (req, error))
    return FALSE;

  if (!ld_permission_allows (permission, ld_user_get_roles (req->user)))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN,
                           "Your role does not allow this.");
      return FALSE;
    }

  return TRUE;
}

/**
 * ld_auth_headers_admit:
 * @store: the store
 * @msg: a request whose headers have arrived, its body not yet
 * @permission: the row of the endpoint @msg is for
 *
 * Whether @msg's bearer token is a live session of a user @permission
 * admits, without counting it as use: for letting only such a user send
 * an endpoint's larger body (ld_router_set_max_body()). The request is
 * authorized again, as every request is, once its body has come.
 *
 * Returns: %TRUE when the session admits the request
 */
gboolean
ld_auth_headers_admit (LdStore            *store,
                       SoupServerMessage  *msg,
                       const LdPermission *permission)
{
  const char *token = ld_auth_bearer_token (msg);
  g_autofree char *token_hash = NULL;
  g_autoptr(LdUser) user = NULL;

  g_return_val_if_fail (store != NULL && msg != NULL && permission != NULL, FALSE);

  if (permission->is_public)
    return TRUE;
  if (token == NULL)
    return FALSE;
  token_hash = ld_token_hash (token);
  user = ld_auth_peek_session (store, token_hash);
  return user != NULL && ld_permission_allows (permission, ld_user_get_roles (user));
}

/**
 * ld_auth_peek_session:
 * @store: the store, the writing thread's or a reader's
 * @token_hash: the hash of a bearer token
 *
 * As ld_auth_lookup_session() with the lab's settings read from @store and
 * the time now, for a look before the request is authorized (which it is
 * again, as every request is): its refusals are not reported.
 *
 * Returns: (transfer full) (nullable): the live session's enabled user
 */
LdUser *
ld_auth_peek_session (LdStore    *store,
                      const char *token_hash)
{
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(LdSettings) settings = NULL;

  g_return_val_if_fail (store != NULL && token_hash != NULL, NULL);

  stored = ld_store_settings_load (store, NULL, NULL);
  if (stored == NULL)
    return NULL;
  settings = ld_settings_new_from_table (stored);
  return ld_auth_lookup_session (store, settings, token_hash, g_get_real_time (), NULL, NULL);
}

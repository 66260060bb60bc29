/* ld-api-sessions.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-sessions"

#include "config.h"

#include "ld-api.h"
#include "ld-json.h"
#include "ld-time.h"
#include "../domain/ld-login-policy.h"
#include "../domain/ld-password.h"

#define WRONG_CREDENTIALS "The user name or password is wrong."

static void
add_expiry (JsonBuilder      *builder,
            const LdSettings *settings,
            gint64            created_us,
            gint64            last_seen_us)
{
  g_autofree char *expires = NULL;

  expires = ld_time_format_rfc3339 (ld_session_expires_at (settings, created_us, last_seen_us));
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);
}

static const char *
get_decoy_hash (void)
{
  static gsize decoy_hash;

  if (g_once_init_enter (&decoy_hash))
    g_once_init_leave (&decoy_hash, (gsize) ld_password_hash ("decoy password", NULL));

  return (const char *) decoy_hash;
}

static void
respond_refusal (LdHttpRequest *req,
                 LdApiError     code,
                 const char    *message)
{
  g_autoptr(GError) refusal = g_error_new_literal (LD_API_ERROR, code, message);

  ld_http_respond_error (req, refusal, NULL);
}

static char *
lock_message (gint64 locked_until_us,
              gint64 now_us)
{
  gint64 minutes = MAX (1, (locked_until_us - now_us + 59 * G_USEC_PER_SEC) / (60 * G_USEC_PER_SEC));

  return g_strdup_printf ("This account is locked after too many failed sign-ins. "
                          "Try again in %" G_GINT64_FORMAT " minute%s, or ask an administrator.",
                          minutes, minutes == 1 ? "" : "s");
}

/* Records a failed attempt (and a lock, when this attempt reaches the
 * limit) and answers it, all in the request's one transaction. */
static gboolean
refuse_login (LdHttpRequest             *req,
              const char                *username,
              const LdStoreCredentials  *credentials,
              gboolean                   password_ok,
              GError                   **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_auto(LdStoreCredentials) fresh = { NULL };
  g_autoptr(GError) lookup_error = NULL;
  const LdSettings *settings;
  gint64 now = g_get_real_time ();
  gint64 failures, locked_until;
  gboolean locked_now;

  settings = ld_http_request_get_settings (req, error);
  if (settings == NULL || !ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  if (credentials == NULL)
    {
      if (!ld_http_request_audit_as (req, NULL, username, "session.refused", "session", NULL,
                                     "unknown user", error) ||
          !ld_store_transaction_commit (&txn, error))
        return FALSE;
      respond_refusal (req, LD_API_ERROR_UNAUTHORIZED, WRONG_CREDENTIALS);
      return TRUE;
    }

  /* Read again under the write lock: another request may have counted a
   * failure since the password was checked outside the transaction. */
  if (!ld_store_users_get_credentials (req->store, username, &fresh, error))
    return FALSE;

  if (ld_login_is_locked (fresh.locked_until_us, now))
    {
      g_autofree char *message = lock_message (fresh.locked_until_us, now);
      g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                (fresh.locked_until_us - now) / G_USEC_PER_SEC + 1);

      if (!ld_http_request_audit_as (req, fresh.user_id, username, "session.refused", "user",
                                     fresh.user_id, "account locked", error) ||
          !ld_store_transaction_commit (&txn, error))
        return FALSE;
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Retry-After", retry);
      respond_refusal (req, LD_API_ERROR_RATE_LIMITED, message);
      return TRUE;
    }

  if (password_ok && fresh.disabled)
    {
      if (!ld_http_request_audit_as (req, fresh.user_id, username, "session.refused", "user",
                                     fresh.user_id, "account disabled", error) ||
          !ld_store_transaction_commit (&txn, error))
        return FALSE;
      respond_refusal (req, LD_API_ERROR_FORBIDDEN,
                       "This account is disabled. Ask your administrator.");
      return TRUE;
    }

  locked_now = ld_login_register_failure (settings, fresh.failed_logins, now,
                                          &failures, &locked_until);
  if (!ld_store_users_set_login_state (req->store, fresh.user_id, failures, locked_until, error) ||
      !ld_http_request_audit_as (req, fresh.user_id, username, "session.refused", "user",
                                 fresh.user_id, "wrong password", error) ||
      (locked_now &&
       !ld_http_request_audit_as (req, fresh.user_id, username, "user.lock", "user",
                                  fresh.user_id, "too many failed sign-ins", error)) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  if (locked_now)
    {
      g_autofree char *message = lock_message (locked_until, now);
      respond_refusal (req, LD_API_ERROR_RATE_LIMITED, message);
    }
  else
    {
      respond_refusal (req, LD_API_ERROR_UNAUTHORIZED, WRONG_CREDENTIALS);
    }
  return TRUE;
}

/* What a sign-in carries from the request to the worker thread and back. */
typedef struct
{
  char               *username;
  char               *password;
  gboolean            found;
  LdStoreCredentials  credentials;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_free (sign_in->username);
  if (sign_in->password != NULL)
    {
      memset (sign_in->password, 0, strlen (sign_in->password));
      g_free (sign_in->password);
    }
  ld_store_credentials_clear (&sign_in->credentials);
  g_free (sign_in);
}

/* Argon2id takes 50–150 ms and 64 MiB; it runs here, off the main loop, so
 * other requests are served meanwhile. An unknown user is checked against
 * a decoy hash so that timing does not tell which names exist. */
static void
verify_password (gpointer task_pointer,
                 gpointer unused)
{
  g_autoptr(GTask) task = task_pointer;
  SignIn *sign_in = g_task_get_task_data (task);
  const char *hash = sign_in->found ? sign_in->credentials.password_hash : get_decoy_hash ();
  gboolean matches = ld_password_verify (hash, sign_in->password);

  g_task_return_boolean (task, matches && sign_in->found);
}

/* Password checks take their own threads, one fewer than the processors:
 * with one per sign-in (GTask's pool), a burst of sign-ins took every core
 * and held the main loop's other requests as long as a check on the main
 * loop itself had (measured: /health 170 ms during six sign-ins). Sign-ins
 * queue here instead; the process keeps it for its lifetime. */
static GThreadPool *
get_password_pool (void)
{
  static gsize pool;

  if (g_once_init_enter (&pool))
    {
      guint n_threads = MAX (1, g_get_num_processors () - 1);

      g_once_init_leave (&pool, (gsize) g_thread_pool_new (verify_password, NULL, n_threads,
                                                           FALSE, NULL));
    }

  return (GThreadPool *) pool;
}

static gboolean
complete_sign_in (LdHttpRequest  *req,
                  SignIn         *sign_in,
                  gboolean        password_ok,
                  GError        **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(LdUser) user = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  const LdStoreCredentials *credentials = &sign_in->credentials;
  const LdSettings *settings;
  gint64 now = g_get_real_time ();

  if (!sign_in->found)
    return refuse_login (req, sign_in->username, NULL, FALSE, error);

  if (!password_ok || credentials->disabled ||
      ld_login_is_locked (credentials->locked_until_us, now))
    return refuse_login (req, sign_in->username, credentials, password_ok, error);

  settings = ld_http_request_get_settings (req, error);
  if (settings == NULL)
    return FALSE;

  token = ld_token_generate ();
  token_hash = ld_token_hash (token);
  if (!ld_store_transaction_begin (&txn, req->store, error) ||
      !ld_store_users_set_login_state (req->store, credentials->user_id, 0, 0, error) ||
      !ld_store_sessions_insert (req->store, token_hash, credentials->user_id, now, error) ||
      !ld_http_request_audit_as (req, credentials->user_id, sign_in->username, "session.create",
                                 "user", credentials->user_id, NULL, error))
    return FALSE;

  user = ld_store_users_get (req->store, credentials->user_id, error);
  if (user == NULL || !ld_store_transaction_commit (&txn, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  add_expiry (builder, settings, now, now);
  json_builder_set_member_name (builder, "user");
  ld_user_to_json (user, builder);
  json_builder_end_object (builder);

  ld_http_respond_json (req, SOUP_STATUS_CREATED, builder);
  return TRUE;
}

static void
on_password_verified_cb (GObject      *source_object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  LdHttpRequest *req = user_data;
  SignIn *sign_in = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean password_ok = g_task_propagate_boolean (G_TASK (result), NULL);

  if (!complete_sign_in (req, sign_in, password_ok, &error))
    ld_http_respond_error (req, error, NULL);

  ld_http_request_resume (req);
}

/* POST /api/v1/sessions */
static gboolean
create_session (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *username = NULL;
  SignIn *sign_in;

  body = ld_http_request_read_object (req, error);
  if (body == NULL)
    return FALSE;

  sign_in = g_new0 (SignIn, 1);
  task = g_task_new (NULL, NULL, on_password_verified_cb, req);
  g_task_set_source_tag (task, create_session);
  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);

  reader = ld_json_reader_new (body);
  ld_json_reader_get_string (reader, "username", LD_JSON_REQUIRED | LD_JSON_NON_EMPTY, &username);
  ld_json_reader_get_string (reader, "password", LD_JSON_REQUIRED | LD_JSON_NON_EMPTY,
                             &sign_in->password);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  sign_in->username = g_utf8_strdown (g_strstrip (username), -1);
  sign_in->found = ld_store_users_get_credentials (req->store, sign_in->username,
                                                   &sign_in->credentials, &lookup_error);
  if (!sign_in->found && !g_error_matches (lookup_error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }

  ld_http_request_pause (req);
  g_thread_pool_push (get_password_pool (), g_steal_pointer (&task), NULL);
  return TRUE;
}

/* GET /api/v1/sessions/current */
static gboolean
get_current_session (LdHttpRequest  *req,
                     GError        **error)
{
  g_auto(LdStoreSession) session = { NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const LdSettings *settings = ld_http_request_get_settings (req, error);

  if (settings == NULL ||
      !ld_store_sessions_lookup (req->store, req->token_hash, &session, error))
    return FALSE;

  json_builder_begin_object (builder);
  add_expiry (builder, settings, session.created_us, session.last_seen_us);
  json_builder_set_member_name (builder, "user");
  ld_user_to_json (req->user, builder);
  json_builder_end_object (builder);

  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* DELETE /api/v1/sessions/current: log out. */
static gboolean
delete_current_session (LdHttpRequest  *req,
                        GError        **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };

  if (!ld_store_transaction_begin (&txn, req->store, error) ||
      !ld_store_sessions_delete (req->store, req->token_hash, error) ||
      !ld_http_request_audit (req, "session.delete", "user", ld_user_get_id (req->user),
                              NULL, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  ld_http_respond_empty (req, SOUP_STATUS_NO_CONTENT);
  return TRUE;
}

void
ld_api_sessions_register (LdRouter *router)
{
  ld_router_add (router, "POST", "/api/v1/sessions", create_session);
  ld_router_add (router, "GET", "/api/v1/sessions/current", get_current_session);
  ld_router_add (router, "DELETE", "/api/v1/sessions/current", delete_current_session);
}

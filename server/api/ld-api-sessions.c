/* ld-api-sessions.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-sessions"

#include "config.h"

#include <sodium.h>

#include "ld-api.h"
#include "ld-json.h"
#include "ld-time.h"
#include "../domain/ld-login-policy.h"
#include "../domain/ld-password.h"
#include "../service/ld-sign-in-queue.h"
#include "ld-service-sessions.h"

#define WRONG_CREDENTIALS "The user name or password is wrong."
/* The cache escrow secret's purpose; changing it changes every user's. */
#define CACHE_ESCROW_CONTEXT "labdesk cache escrow v1"
#define CACHE_SECRET_BYTES 32
/* The longest user name there can be (ld-user-rules.c), and a bound on a
 * password far above any a person types. */
#define LD_SIGN_IN_MAX_USERNAME 64
#define LD_SIGN_IN_MAX_PASSWORD 1024

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
  gint64 minutes =
    MAX (1, (locked_until_us - now_us + 59 * G_USEC_PER_SEC) / (60 * G_USEC_PER_SEC));

  return g_strdup_printf ("This account is locked after too many failed sign-ins. "
                          "Try again in %" G_GINT64_FORMAT " minute%s, or ask an administrator.",
                          minutes, minutes == 1 ? "" : "s");
}

/* What a sign-in carries through the queue, the worker thread and back. */
typedef struct
{
  LdHttpRequest      *req;
  LdSignInQueue      *queue;
  char               *client;
  char               *username;
  char               *password;
  gboolean            found;
  LdStoreCredentials  credentials;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_free (sign_in->client);
  g_free (sign_in->username);
  if (sign_in->password != NULL)
    {
      memset (sign_in->password, 0, strlen (sign_in->password));
      g_free (sign_in->password);
    }
  ld_store_credentials_clear (&sign_in->credentials);
  g_free (sign_in);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignIn, sign_in_free)

/* Reads the user's credentials into @sign_in, replacing what was read
 * before; an unknown user is not an error. */
static gboolean
read_credentials (SignIn   *sign_in,
                  GError  **error)
{
  return ld_service_sign_in_credentials (sign_in->req->store, sign_in->username,
                                         &sign_in->credentials, &sign_in->found, error);
}

static void
respond_locked (LdHttpRequest *req,
                gint64         locked_until_us,
                gint64         now)
{
  g_autofree char *message = lock_message (locked_until_us, now);
  g_autofree char *retry =
    g_strdup_printf ("%" G_GINT64_FORMAT, (locked_until_us - now) / G_USEC_PER_SEC + 1);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Retry-After", retry);
  respond_refusal (req, LD_API_ERROR_RATE_LIMITED, message);
}

static void
respond_accepted (LdHttpRequest          *req,
                  const LdSignInDecision *decision)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *expires = ld_time_format_rfc3339 (decision->expires_at_us);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, decision->token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);
  json_builder_set_member_name (builder, "user");
  ld_user_to_json (decision->user, builder);
  /* Only after the password was checked: the client seals its local
   * copy's key under it too, so that an administrator's password reset
   * does not lock the user out of work not yet sent (docs/architecture.md,
   * "Encryption at rest"). */
  {
    guint8 secret[CACHE_SECRET_BYTES];

    if (ld_store_derive_secret (req->store, CACHE_ESCROW_CONTEXT, decision->user_id, secret,
                                sizeof secret))
      {
        g_autofree char *text = g_base64_encode (secret, sizeof secret);

        json_builder_set_member_name (builder, "cache_secret");
        json_builder_add_string_value (builder, text);
        sodium_memzero (secret, sizeof secret);
      }
  }
  json_builder_end_object (builder);

  ld_http_respond_json (req, SOUP_STATUS_CREATED, builder);
}

typedef struct
{
  SignIn     *sign_in;
  gboolean    checked_ok;
  const char *checked_hash;
} Decision;

/* One try at deciding a sign-in (ld-service-sessions.c) and answering it. */
static gboolean
attempt_decision (LdHttpRequest  *req,
                  gpointer        data,
                  GError        **error)
{
  Decision *attempt = data;
  g_auto(LdSignInDecision) decision = { 0 };

  /* What a try that failed may have set. */
  soup_message_headers_remove (soup_server_message_get_response_headers (req->msg),
                               "Retry-After");
  if (!ld_service_decide_sign_in (ld_http_request_get_service (req), attempt->sign_in->username,
                                  attempt->checked_ok, attempt->checked_hash, &decision, error))
    return FALSE;

  switch (decision.outcome)
    {
    case LD_SIGN_IN_ACCEPTED:
      respond_accepted (req, &decision);
      break;
    case LD_SIGN_IN_UNKNOWN_USER:
    case LD_SIGN_IN_WRONG_PASSWORD:
      respond_refusal (req, LD_API_ERROR_UNAUTHORIZED, WRONG_CREDENTIALS);
      break;
    case LD_SIGN_IN_LOCKED:
      respond_locked (req, decision.locked_until_us, decision.now_us);
      break;
    case LD_SIGN_IN_LOCKED_NOW:
      {
        g_autofree char *message = lock_message (decision.locked_until_us, decision.now_us);

        respond_refusal (req, LD_API_ERROR_RATE_LIMITED, message);
      }
      break;
    case LD_SIGN_IN_DISABLED:
    default:
      respond_refusal (req, LD_API_ERROR_FORBIDDEN,
                       "This account is disabled. Ask your administrator.");
      break;
    }
  return TRUE;
}

/* Decides a sign-in and answers it. Its transaction comes after the
 * request left the router (the password check paused it), so it is run
 * again here, through the same home as every handler, when PostgreSQL
 * ends it for a retry. @checked_ok is the password check's result, or
 * FALSE when there was none; the hash it was checked against is kept
 * apart from the credentials each try reads again. */
static gboolean
decide_sign_in (SignIn    *sign_in,
                gboolean   checked_ok,
                GError   **error)
{
  g_autofree char *checked_hash = NULL;
  Decision decision = { sign_in, checked_ok, NULL };

  checked_hash = g_strdup (sign_in->found ? sign_in->credentials.password_hash : NULL);
  decision.checked_hash = checked_hash;
  return ld_http_request_run_retried (sign_in->req, attempt_decision, &decision, error);
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
 * loop itself had (measured: /health 170 ms during six sign-ins). Which
 * sign-in goes next is the queue's choice (ld-sign-in-queue.c), which
 * hands this pool one check per free thread; the process keeps it for its
 * lifetime. */
static GThreadPool *
get_password_pool (void)
{
  static gsize pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool,
                       (gsize) g_thread_pool_new (verify_password, NULL,
                                                  ld_api_sessions_get_n_checkers (), FALSE, NULL));

  return (GThreadPool *) pool;
}

/* Ends a sign-in: frees the queue's place for the next, then sends the
 * answer (which may release the last hold on the server). */
static void
finish_sign_in (SignIn  *sign_in,
                GError  *error)
{
  LdHttpRequest *req = sign_in->req;

  if (error != NULL)
    ld_http_respond_error (req, error, NULL);

  ld_sign_in_queue_done (sign_in->queue, sign_in->client, sign_in->username, error == NULL);
  /* The session, or the failed attempt counted against the account. */
  ld_http_request_note_writes (req);
  ld_http_request_resume (req);
}

static void
on_password_verified_cb (GObject      *source_object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  SignIn *sign_in = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean password_ok = g_task_propagate_boolean (G_TASK (result), NULL);

  decide_sign_in (sign_in, password_ok, &error);
  finish_sign_in (sign_in, error);
}

/* The queue's turn for @job: the account is read again, and a locked one
 * is refused here, before its password is checked. */
static void
start_sign_in (gpointer job,
               gpointer user_data)
{
  g_autoptr(SignIn) sign_in = job;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;

  if (!read_credentials (sign_in, &error) ||
      (sign_in->found &&
       ld_login_is_locked (sign_in->credentials.locked_until_us, g_get_real_time ())))
    {
      if (error == NULL)
        decide_sign_in (sign_in, FALSE, &error);
      finish_sign_in (sign_in, error);
      return;
    }

  task = g_task_new (NULL, NULL, on_password_verified_cb, NULL);
  g_task_set_source_tag (task, start_sign_in);
  g_task_set_task_data (task, g_steal_pointer (&sign_in), (GDestroyNotify) sign_in_free);
  g_thread_pool_push (get_password_pool (), g_steal_pointer (&task), NULL);
}

/**
 * ld_api_sessions_new_queue:
 * @limits: the sign-in queue's bounds; max_running is set here
 *
 * Returns: (transfer full): a queue that starts the server's password
 *   checks; set it as each request's sign_in_queue
 */
LdSignInQueue *
ld_api_sessions_new_queue (const LdSignInLimits *limits)
{
  LdSignInLimits copy = *limits;

  copy.max_running = ld_api_sessions_get_n_checkers ();
  return ld_sign_in_queue_new (&copy, start_sign_in, NULL);
}

/* One fewer than the processors, so the main loop keeps a core. */
guint
ld_api_sessions_get_n_checkers (void)
{
  return MAX (1, g_get_num_processors () - 1);
}

static gboolean
check_length (const char  *value,
              gsize        max_bytes,
              const char  *field,
              GError     **error)
{
  g_autofree char *reason = NULL;

  if (strlen (value) <= max_bytes)
    return TRUE;

  reason = g_strdup_printf ("must be at most %zu characters long", max_bytes);
  g_set_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED, "Please check: %s.", field);
  ld_api_error_set_field (*error, field, reason);
  return FALSE;
}

/* POST /api/v1/sessions */
static gboolean
create_session (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(SignIn) sign_in = NULL;
  g_autofree char *username = NULL;
  gint64 retry_after;

  body = ld_http_request_read_object (req, error);
  if (body == NULL)
    return FALSE;

  sign_in = g_new0 (SignIn, 1);
  reader = ld_json_reader_new (body);
  ld_json_reader_get_string (reader, "username", LD_JSON_REQUIRED | LD_JSON_NON_EMPTY, &username);
  ld_json_reader_get_string (reader, "password", LD_JSON_REQUIRED | LD_JSON_NON_EMPTY,
                             &sign_in->password);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  /* No user has a longer name, and no password needs more; refused
   * before any work, and before anything is recorded. */
  if (!check_length (g_strstrip (username), LD_SIGN_IN_MAX_USERNAME, "username", error) ||
      !check_length (sign_in->password, LD_SIGN_IN_MAX_PASSWORD, "password", error))
    return FALSE;

  sign_in->req = req;
  sign_in->queue = req->sign_in_queue;
  sign_in->client = g_strdup (req->client_key);
  sign_in->username = g_utf8_strdown (username, -1);

  if (!ld_sign_in_queue_push (req->sign_in_queue, req->store, sign_in->client,
                              sign_in->username, sign_in, &retry_after, error))
    {
      g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Retry-After", retry);
      return FALSE;
    }

  g_steal_pointer (&sign_in);
  ld_http_request_pause (req);
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
  if (!ld_service_sign_out (ld_http_request_get_service (req), req->token_hash, error))
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

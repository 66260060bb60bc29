/* ld-idempotency.c: Idempotency-Key for every create
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A POST with an Idempotency-Key runs inside one outer transaction: the
 * handler's own transaction nests in it as a savepoint, and the answer is
 * stored in the same commit as the change. A repeat of the request (same
 * user, key, method, path and body) gets the first answer again and
 * changes nothing — also after a restart, and also when the first answer
 * was lost with a crash, because then the change was lost with it.
 */

#define G_LOG_DOMAIN "ld-idempotency"

#include "config.h"

#include "ld-idempotency.h"

#define MAX_KEY_LENGTH 200
/* Answers deleted per transaction, so a backlog never holds the writer. */
#define PRUNE_BATCH 500

/* What a repeat gets when the first answer held a one-time password. */
#define SECRET_ANSWER \
  "{\"error\": {\"code\": \"conflict\", \"message\": \"This request was already carried out. " \
  "Its answer held a one-time password, which is not kept; reset the password to get a new " \
  "one.\"}}"

static const char *
get_key (LdHttpRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);

  return soup_message_headers_get_one (headers, LD_IDEMPOTENCY_HEADER);
}

/**
 * ld_idempotency_applies:
 * @req: an authorized request
 * @route: its route
 *
 * Returns: %TRUE for a signed-in POST that carries an Idempotency-Key
 */
gboolean
ld_idempotency_applies (LdHttpRequest *req,
                        const LdRoute *route)
{
  return g_str_equal (req->method, "POST") && !route->permission->is_public &&
         req->user != NULL && get_key (req) != NULL;
}

static gboolean
key_is_valid (const char *key)
{
  gsize length = strlen (key);

  if (length == 0 || length > MAX_KEY_LENGTH)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isgraph (key[i]))
      return FALSE;

  return TRUE;
}

static char *
hash_request_body (LdHttpRequest *req)
{
  g_autoptr(GBytes) body =
               soup_message_body_flatten (soup_server_message_get_request_body (req->msg));

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
}

static char *
dup_response_body (LdHttpRequest *req)
{
  g_autoptr(GBytes) body =
               soup_message_body_flatten (soup_server_message_get_response_body (req->msg));

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static gboolean
replay (LdHttpRequest             *req,
        const LdIdempotentAnswer  *first,
        const char                *request_hash,
        GError                   **error)
{
  if (!g_str_equal (first->method, req->method) || !g_str_equal (first->path, req->path) ||
      !g_str_equal (first->request_hash, request_hash))
    {
      GError *reused = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                            "This Idempotency-Key was already used for a "
                                            "different request.");
      ld_api_error_set_field (reused, LD_IDEMPOTENCY_HEADER, "was used for another request");
      g_propagate_error (error, reused);
      return FALSE;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Idempotent-Replayed", "true");
  ld_http_respond_text (req, first->status, "application/json", g_strdup (first->response));
  return TRUE;
}

/* Runs the handler and keeps a successful answer, all in @txn. */
static gboolean
run_first (LdHttpRequest       *req,
           const LdRoute       *route,
           LdStoreTransaction  *txn,
           const char          *key,
           const char          *request_hash,
           GError             **error)
{
  g_autofree char *response = NULL;
  LdIdempotentAnswer answer;

  if (!route->handler (req, error))
    return FALSE;

  /* A handler that pauses would leave this transaction open across
   * requests; only sign-in pauses, and it is public. */
  g_assert (!ld_http_request_is_paused (req));

  /* Refusals are not stored: the same key may be retried once the request
   * is put right. */
  if (req->status < 200 || req->status >= 300)
    return ld_store_transaction_commit (txn, error);

  response = req->answer_is_secret ? g_strdup (SECRET_ANSWER) : dup_response_body (req);
  answer = (LdIdempotentAnswer){ (char *) req->method, (char *) req->path, (char *) request_hash,
                                 req->answer_is_secret ? 409 : req->status, response };
  return ld_store_idempotency_save (req->store, ld_user_get_id (req->user), key, &answer, error) &&
         ld_store_transaction_commit (txn, error);
}

/**
 * ld_idempotency_run:
 * @req: an authorized request for which ld_idempotency_applies()
 * @route: its route
 * @error: return location for an error
 *
 * Answers a repeated request from the store, or runs the handler and
 * stores a successful answer with its change.
 *
 * A request that runs beside its repeat (on this server or another on
 * the same database) cannot see the repeat's answer until that commits:
 * both run, and the later one fails to keep its answer, or is refused for
 * what the first did (its patient is now a likely duplicate). Once its
 * own work is rolled back, the first's answer is its answer: one answer
 * per request, never a second document after its own.
 *
 * Returns: %TRUE if the request was answered
 */
gboolean
ld_idempotency_run (LdHttpRequest  *req,
                    const LdRoute  *route,
                    GError        **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_auto(LdIdempotentAnswer) first = { NULL };
  g_autoptr(GError) lookup_error = NULL;
  g_autoptr(GError) run_error = NULL;
  g_autofree char *request_hash = NULL;
  const char *key = get_key (req);
  const char *user_id = ld_user_get_id (req->user);
  gboolean ran;

  if (!key_is_valid (key))
    {
      GError *invalid = g_error_new (LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                                     "The Idempotency-Key must be 1 to %u printable characters "
                                     "without spaces.", MAX_KEY_LENGTH);
      ld_api_error_set_field (invalid, LD_IDEMPOTENCY_HEADER, "is not a valid key");
      g_propagate_error (error, invalid);
      return FALSE;
    }

  request_hash = hash_request_body (req);
  if (!ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  if (ld_store_idempotency_lookup (req->store, user_id, key, &first, &lookup_error))
    return replay (req, &first, request_hash, error);
  if (!g_error_matches (lookup_error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }

  ran = run_first (req, route, &txn, key, request_hash, &run_error);
  if (ran && req->status >= 200 && req->status < 300)
    return TRUE;

  /* Refused or failed: was the same key's answer kept meanwhile? */
  ld_store_transaction_rollback (&txn);
  if (ld_store_idempotency_lookup (req->store, user_id, key, &first, NULL))
    return replay (req, &first, request_hash, error);

  if (ran)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&run_error));
  return FALSE;
}

/**
 * ld_idempotency_is_answered_repeat:
 * @req: an authorized request
 *
 * For a route's prepare step: a repeat of a request already answered will
 * be replayed, so the work before its transaction (asking the payment
 * gateway, rendering a release's report) is not done for it.
 *
 * Returns: %TRUE if its key's answer is kept
 */
gboolean
ld_idempotency_is_answered_repeat (LdHttpRequest *req)
{
  const char *key = get_key (req);
  g_auto(LdIdempotentAnswer) answer = { NULL };

  g_return_val_if_fail (req != NULL, FALSE);

  return key != NULL && req->user != NULL &&
         ld_store_idempotency_lookup (req->store, ld_user_get_id (req->user), key, &answer, NULL);
}

/**
 * ld_idempotency_prune:
 * @store: the store
 * @now_us: now
 * @out_deleted: (out) (optional): how many answers were deleted
 * @error: return location for an %LD_STORE_ERROR
 *
 * Deletes the answers kept longer than %LD_IDEMPOTENCY_KEEP_SECONDS: they
 * hold patients' data. A repeat of such a request is then a new request.
 * The server runs this with its other sweeps (see ld-server.c).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_idempotency_prune (LdStore  *store,
                      gint64    now_us,
                      guint    *out_deleted,
                      GError  **error)
{
  gint64 before_us = now_us - (gint64) LD_IDEMPOTENCY_KEEP_SECONDS * G_USEC_PER_SEC;
  guint total = 0;
  guint n;

  g_return_val_if_fail (store != NULL, FALSE);

  do
    {
      g_auto(LdStoreTransaction) txn = { NULL };

      if (!ld_store_transaction_begin (&txn, store, error) ||
          !ld_store_idempotency_delete_older (store, before_us, PRUNE_BATCH, &n, error) ||
          !ld_store_transaction_commit (&txn, error))
        return FALSE;
      total += n;
    }
  while (n == PRUNE_BATCH);

  if (out_deleted != NULL)
    *out_deleted = total;
  return TRUE;
}

/* ld-store-idempotency.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-idempotency"

#include "config.h"

#include "ld-store-private.h"
#include "ld-time.h"

/**
 * ld_store_idempotency_lookup:
 * @store: a store
 * @user_id: whose key
 * @key: the Idempotency-Key
 * @out_answer: (out caller-allocates): the first request's answer
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if the key is new)
 *
 * Returns: %TRUE if the key was used before
 */
gboolean
ld_store_idempotency_lookup (LdStore             *store,
                             const char          *user_id,
                             const char          *key,
                             LdIdempotentAnswer  *out_answer,
                             GError             **error)
{
  static const char sql[] =
    "SELECT method, path, request_hash, status, response FROM idempotency_keys"
    " WHERE user_id = ? AND key = ?";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, user_id);
  ld_db_bind_text (stmt, 2, key);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "This key has not been used.");
      return FALSE;
    }

  out_answer->method = ld_db_column_dup_text (stmt, 0);
  out_answer->path = ld_db_column_dup_text (stmt, 1);
  out_answer->request_hash = ld_db_column_dup_text (stmt, 2);
  out_answer->status = ld_db_column_int64 (stmt, 3);
  out_answer->response = ld_db_column_dup_text (stmt, 4);
  return ld_db_step_done (stmt, error);
}

gboolean
ld_store_idempotency_save (LdStore                   *store,
                           const char                *user_id,
                           const char                *key,
                           const LdIdempotentAnswer  *answer,
                           GError                   **error)
{
  static const char sql[] =
    "INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, status, response,"
    "                              created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  g_autofree char *now = ld_time_format_rfc3339 (g_get_real_time ());
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, user_id);
  ld_db_bind_text (stmt, 2, key);
  ld_db_bind_text (stmt, 3, answer->method);
  ld_db_bind_text (stmt, 4, answer->path);
  ld_db_bind_text (stmt, 5, answer->request_hash);
  ld_db_bind_int64 (stmt, 6, answer->status);
  ld_db_bind_text (stmt, 7, answer->response);
  ld_db_bind_text (stmt, 8, now);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_idempotency_delete_older:
 * @store: a store, inside a write transaction
 * @before_us: answers stored before this time go
 * @limit: at most this many, oldest first
 * @out_deleted: (out): how many went
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_idempotency_delete_older (LdStore  *store,
                                   gint64    before_us,
                                   guint     limit,
                                   guint    *out_deleted,
                                   GError  **error)
{
  static const char sql[] =
    "DELETE FROM idempotency_keys WHERE (user_id, key) IN"
    " (SELECT user_id, key FROM idempotency_keys WHERE created_at < ?"
    "  ORDER BY created_at LIMIT ?)";
  g_autofree char *before = ld_time_format_rfc3339 (before_us);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, before);
  ld_db_bind_int64 (stmt, 2, limit);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  *out_deleted = ld_db_changes (store->db);
  return TRUE;
}

void
ld_idempotent_answer_clear (LdIdempotentAnswer *answer)
{
  g_clear_pointer (&answer->method, g_free);
  g_clear_pointer (&answer->path, g_free);
  g_clear_pointer (&answer->request_hash, g_free);
  g_clear_pointer (&answer->response, g_free);
}

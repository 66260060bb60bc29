/* ld-store-sessions.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-sessions"

#include "config.h"

#include "ld-store-private.h"

gboolean
ld_store_sessions_insert (LdStore     *store,
                          const char  *token_hash,
                          const char  *user_id,
                          gint64       now_us,
                          GError     **error)
{
  static const char sql[] =
    "INSERT INTO sessions (token_hash, user_id, created_us, last_seen_us) VALUES (?, ?, ?, ?)";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, token_hash);
  ld_db_bind_text (stmt, 2, user_id);
  ld_db_bind_int64 (stmt, 3, now_us);
  ld_db_bind_int64 (stmt, 4, now_us);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_sessions_lookup:
 * @store: a store
 * @token_hash: the SHA-256 of the token the client sent
 * @out_session: (out caller-allocates): the session
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none)
 *
 * Returns: %TRUE if the session exists
 */
gboolean
ld_store_sessions_lookup (LdStore         *store,
                          const char      *token_hash,
                          LdStoreSession  *out_session,
                          GError         **error)
{
  static const char sql[] =
    "SELECT user_id, created_us, last_seen_us FROM sessions WHERE token_hash = ?";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, token_hash);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such session.");
      return FALSE;
    }

  out_session->user_id = ld_db_column_dup_text (stmt, 0);
  out_session->created_us = ld_db_column_int64 (stmt, 1);
  out_session->last_seen_us = ld_db_column_int64 (stmt, 2);
  return ld_db_step_done (stmt, error);
}

gboolean
ld_store_sessions_touch (LdStore     *store,
                         const char  *token_hash,
                         gint64       now_us,
                         GError     **error)
{
  static const char sql[] = "UPDATE sessions SET last_seen_us = ? WHERE token_hash = ?";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_int64 (stmt, 1, now_us);
  ld_db_bind_text (stmt, 2, token_hash);
  return ld_db_step_done (stmt, error);
}

gboolean
ld_store_sessions_delete (LdStore     *store,
                          const char  *token_hash,
                          GError     **error)
{
  static const char sql[] = "DELETE FROM sessions WHERE token_hash = ?";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, token_hash);
  return ld_db_step_done (stmt, error);
}

gboolean
ld_store_sessions_delete_for_user (LdStore     *store,
                                   const char  *user_id,
                                   GError     **error)
{
  static const char sql[] = "DELETE FROM sessions WHERE user_id = ?";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, user_id);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_sessions_delete_ended:
 * @store: a store
 * @created_before_us: sessions begun before this have passed the absolute limit
 * @seen_before_us: sessions idle since before this have passed the idle limit
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_sessions_delete_ended (LdStore  *store,
                                gint64    created_before_us,
                                gint64    seen_before_us,
                                GError  **error)
{
  static const char sql[] = "DELETE FROM sessions WHERE created_us < ? OR last_seen_us < ?";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_int64 (stmt, 1, created_before_us);
  ld_db_bind_int64 (stmt, 2, seen_before_us);
  return ld_db_step_done (stmt, error);
}

void
ld_store_session_clear (LdStoreSession *session)
{
  g_clear_pointer (&session->user_id, g_free);
}

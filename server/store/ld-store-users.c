/* ld-store-users.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-users"

#include "config.h"

#include "ld-store-private.h"
#include "ld-time.h"

#define USER_COLUMNS                                                  \
  "id, username, display_name, roles, disabled, version, created_at," \
  " qualification, registration_number, can_sign_reports,"            \
  " signature_png IS NOT NULL, email, critical_email"
#define USER_N_COLUMNS 13

static LdUser *
user_from_row (LdDbStmt *stmt)
{
  LdUser *user = ld_user_new (ld_db_column_text (stmt, 0),
                              ld_db_column_text (stmt, 1),
                              ld_db_column_text (stmt, 2),
                              (LdRole) ld_db_column_int64 (stmt, 3));

  ld_user_set_disabled (user, ld_db_column_int64 (stmt, 4) != 0);
  ld_user_set_version (user, ld_db_column_int64 (stmt, 5));
  ld_user_set_created_at (user, ld_db_column_text (stmt, 6));
  ld_user_set_qualification (user, ld_db_column_text (stmt, 7));
  ld_user_set_registration_number (user, ld_db_column_text (stmt, 8));
  ld_user_set_can_sign_reports (user, ld_db_column_int64 (stmt, 9) != 0);
  ld_user_set_has_signature (user, ld_db_column_int64 (stmt, 10) != 0);
  ld_user_set_email (user, ld_db_column_text (stmt, 11));
  ld_user_set_critical_email (user, ld_db_column_int64 (stmt, 12) != 0);

  return user;
}

static char *
now_text (void)
{
  return ld_time_format_rfc3339 (g_get_real_time ());
}

/**
 * ld_store_users_insert:
 * @store: a store
 * @user: the new user; its version and creation time are set here
 * @password_hash: an Argon2id hash
 * @error: return location for an %LD_STORE_ERROR (CONSTRAINT for a taken name)
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_users_insert (LdStore     *store,
                       LdUser      *user,
                       const char  *password_hash,
                       GError     **error)
{
  static const char sql[] =
    "INSERT INTO users (id, username, display_name, roles, password_hash, disabled,"
    "                   version, created_at, updated_at, qualification, registration_number,"
    "                   can_sign_reports, email, critical_email)"
    " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)";
  g_autofree char *now = now_text ();
  LdDbStmt *stmt;

  g_return_val_if_fail (LD_IS_USER (user), FALSE);
  g_return_val_if_fail (password_hash != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, ld_user_get_id (user));
  ld_db_bind_text (stmt, 2, ld_user_get_username (user));
  ld_db_bind_text (stmt, 3, ld_user_get_display_name (user));
  ld_db_bind_int64 (stmt, 4, ld_user_get_roles (user));
  ld_db_bind_text (stmt, 5, password_hash);
  ld_db_bind_int64 (stmt, 6, ld_user_get_disabled (user));
  ld_db_bind_text (stmt, 7, now);
  ld_db_bind_text (stmt, 8, now);
  ld_db_bind_text (stmt, 9, ld_user_get_qualification (user));
  ld_db_bind_text (stmt, 10, ld_user_get_registration_number (user));
  ld_db_bind_int64 (stmt, 11, ld_user_get_can_sign_reports (user));
  ld_db_bind_text (stmt, 12, ld_user_get_email (user));
  ld_db_bind_int64 (stmt, 13, ld_user_get_critical_email (user));
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  ld_user_set_version (user, 1);
  ld_user_set_created_at (user, now);
  return TRUE;
}

/* The one user that @sql, USER_COLUMNS and then, for @out_session, the
 * session's user_id, created_us and last_seen_us, selects by @key. */
static LdUser *
get_one (LdStore         *store,
         const char      *sql,
         const char      *key,
         LdStoreSession  *out_session,
         GError         **error)
{
  LdDbStmt *stmt;
  LdDbStep step;
  LdUser *user;

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, key);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return NULL;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           out_session != NULL ? "There is no such session."
                                               : "There is no such user.");
      return NULL;
    }

  user = user_from_row (stmt);
  if (out_session != NULL)
    {
      out_session->user_id = ld_db_column_dup_text (stmt, USER_N_COLUMNS);
      out_session->created_us = ld_db_column_int64 (stmt, USER_N_COLUMNS + 1);
      out_session->last_seen_us = ld_db_column_int64 (stmt, USER_N_COLUMNS + 2);
    }
  ld_db_step_done (stmt, NULL);
  return user;
}

/**
 * ld_store_users_get:
 * @store: a store
 * @id: a user id
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none)
 *
 * Returns: (transfer full) (nullable): the user
 */
LdUser *
ld_store_users_get (LdStore     *store,
                    const char  *id,
                    GError     **error)
{
  static const char sql[] = "SELECT " USER_COLUMNS " FROM users WHERE id = ?";

  return get_one (store, sql, id, NULL, error);
}

/**
 * ld_store_users_get_for_session:
 * @store: a store
 * @token_hash: the SHA-256 of the token the client sent
 * @out_session: (out caller-allocates): the session
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if there is no
 *   such session, or its user is gone)
 *
 * The session and its user, in one statement: every request asks, and on
 * PostgreSQL each statement is a round trip.
 *
 * Returns: (transfer full) (nullable): the session's user
 */
LdUser *
ld_store_users_get_for_session (LdStore         *store,
                                const char      *token_hash,
                                LdStoreSession  *out_session,
                                GError         **error)
{
  static const char sql[] = "SELECT " USER_COLUMNS ", s.user_id, s.created_us, s.last_seen_us"
                            " FROM sessions s JOIN users ON users.id = s.user_id"
                            " WHERE s.token_hash = ?";

  g_return_val_if_fail (out_session != NULL, NULL);

  return get_one (store, sql, token_hash, out_session, error);
}

/**
 * ld_store_users_list:
 * @store: a store
 * @after_username: (nullable): the keyset cursor: list names after this one
 * @limit: at most this many
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdUser) (nullable): users by name
 */
GPtrArray *
ld_store_users_list (LdStore     *store,
                     const char  *after_username,
                     guint        limit,
                     GError     **error)
{
  static const char sql[] =
    "SELECT " USER_COLUMNS " FROM users WHERE username > ? ORDER BY username LIMIT ?";
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  LdDbStmt *stmt;
  LdDbStep step;

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, after_username ? after_username : "");
  ld_db_bind_int64 (stmt, 2, limit);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (users, user_from_row (stmt));

  if (step == LD_DB_ERROR)
    return NULL;

  return g_steal_pointer (&users);
}

/**
 * ld_store_users_update:
 * @store: a store
 * @user: the user with its new name, roles and disabled state
 * @expected_version: the version the client last saw
 * @new_password_hash: (nullable): a new hash, or %NULL to keep the password
 * @error: return location for an %LD_STORE_ERROR (CONFLICT when stale,
 *   NOT_FOUND when gone)
 *
 * A conditional update: it changes the row only if its version is still
 * @expected_version, so two admins never overwrite each other unseen. On
 * success the user's version is raised.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_users_update (LdStore     *store,
                       LdUser      *user,
                       gint64       expected_version,
                       const char  *new_password_hash,
                       GError     **error)
{
  static const char sql[] =
    "UPDATE users SET display_name = ?, roles = ?, disabled = ?, qualification = ?,"
    "                 registration_number = ?, can_sign_reports = ?, email = ?,"
    "                 critical_email = ?, password_hash = COALESCE (?, password_hash),"
    "                 failed_logins = CASE WHEN CAST (? AS TEXT) IS NULL"
    "                                 THEN failed_logins ELSE 0 END,"
    "                 locked_until_us = CASE WHEN CAST (? AS TEXT) IS NULL"
    "                                   THEN locked_until_us ELSE 0 END,"
    "                 version = version + 1, updated_at = ?"
    " WHERE id = ? AND version = ?";
  g_autofree char *now = now_text ();
  g_autoptr(LdUser) current = NULL;
  LdDbStmt *stmt;

  g_return_val_if_fail (LD_IS_USER (user), FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, ld_user_get_display_name (user));
  ld_db_bind_int64 (stmt, 2, ld_user_get_roles (user));
  ld_db_bind_int64 (stmt, 3, ld_user_get_disabled (user));
  ld_db_bind_text (stmt, 4, ld_user_get_qualification (user));
  ld_db_bind_text (stmt, 5, ld_user_get_registration_number (user));
  ld_db_bind_int64 (stmt, 6, ld_user_get_can_sign_reports (user));
  ld_db_bind_text (stmt, 7, ld_user_get_email (user));
  ld_db_bind_int64 (stmt, 8, ld_user_get_critical_email (user));
  ld_db_bind_text (stmt, 9, new_password_hash);
  ld_db_bind_text (stmt, 10, new_password_hash);
  ld_db_bind_text (stmt, 11, new_password_hash);
  ld_db_bind_text (stmt, 12, now);
  ld_db_bind_text (stmt, 13, ld_user_get_id (user));
  ld_db_bind_int64 (stmt, 14, expected_version);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  if (ld_db_changes (store->db) == 0)
    {
      current = ld_store_users_get (store, ld_user_get_id (user), error);
      if (current != NULL)
        g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                             "Someone else changed this user in the meantime.");
      return FALSE;
    }

  ld_user_set_version (user, expected_version + 1);
  return TRUE;
}

/**
 * ld_store_users_set_signature:
 * @store: a store
 * @user_id: a user
 * @png: (nullable): a checked signature image, or %NULL to remove it
 * @error: return location for an %LD_STORE_ERROR
 *
 * Part of a user update: the caller raised the version already.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_users_set_signature (LdStore     *store,
                              const char  *user_id,
                              GBytes      *png,
                              GError     **error)
{
  static const char sql[] = "UPDATE users SET signature_png = ? WHERE id = ?";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  if (png != NULL)
    ld_db_bind_blob (stmt, 1, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  else
    ld_db_bind_null (stmt, 1);
  ld_db_bind_text (stmt, 2, user_id);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_users_dup_signature:
 * @store: a store
 * @user_id: (nullable): a user
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the user's signature image, or
 *   %NULL (with @error unset) when there is none
 */
GBytes *
ld_store_users_dup_signature (LdStore     *store,
                              const char  *user_id,
                              GError     **error)
{
  static const char sql[] = "SELECT signature_png FROM users WHERE id = ?";
  LdDbStmt *stmt;
  GBytes *png = NULL;

  if (user_id == NULL || (stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, user_id);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return NULL;
  if (!ld_db_column_is_null (stmt, 0))
    png = ld_db_column_dup_bytes (stmt, 0);
  ld_db_step_done (stmt, NULL);
  return png;
}

gboolean
ld_store_users_count (LdStore  *store,
                      gint64   *out_count,
                      GError  **error)
{
  static const char sql[] = "SELECT count(*) FROM users";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL || ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;

  *out_count = ld_db_column_int64 (stmt, 0);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_users_count_active_with_role:
 * @store: a store
 * @role: one role
 * @out_count: (out): how many enabled users hold @role
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_users_count_active_with_role (LdStore  *store,
                                       LdRole    role,
                                       gint64   *out_count,
                                       GError  **error)
{
  static const char sql[] = "SELECT count(*) FROM users WHERE disabled = 0 AND (roles & ?) <> 0";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_int64 (stmt, 1, role);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;

  *out_count = ld_db_column_int64 (stmt, 0);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_users_get_credentials:
 * @store: a store
 * @username: the log-in name
 * @out_credentials: (out caller-allocates): what a log-in needs to decide
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if no such user)
 *
 * Inside a write transaction on PostgreSQL, the user's row is held until
 * the transaction ends (see ld_store_lock_row()).
 *
 * Returns: %TRUE if the user exists
 */
gboolean
ld_store_users_get_credentials (LdStore             *store,
                                const char          *username,
                                LdStoreCredentials  *out_credentials,
                                GError             **error)
{
  static const char sql[] =
    "SELECT id, password_hash, disabled, failed_logins, locked_until_us"
    " FROM users WHERE username = ?";
  static const char lock_sql[] = "SELECT 1 FROM users WHERE username = ?1 FOR UPDATE";
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (out_credentials != NULL, FALSE);

  /* A sign-in reads the failure count and writes the next one in its
   * transaction: held, so that wrong passwords sent to several server
   * processes at once each count, and lock the account as on one. */
  if (!ld_store_lock_row (store, lock_sql, username, error))
    return FALSE;
  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, username);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such user.");
      return FALSE;
    }

  out_credentials->user_id = ld_db_column_dup_text (stmt, 0);
  out_credentials->password_hash = ld_db_column_dup_text (stmt, 1);
  out_credentials->disabled = ld_db_column_int64 (stmt, 2) != 0;
  out_credentials->failed_logins = ld_db_column_int64 (stmt, 3);
  out_credentials->locked_until_us = ld_db_column_int64 (stmt, 4);

  return ld_db_step_done (stmt, error);
}

gboolean
ld_store_users_set_login_state (LdStore     *store,
                                const char  *user_id,
                                gint64       failed_logins,
                                gint64       locked_until_us,
                                GError     **error)
{
  static const char sql[] =
    "UPDATE users SET failed_logins = ?, locked_until_us = ? WHERE id = ?";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_int64 (stmt, 1, failed_logins);
  ld_db_bind_int64 (stmt, 2, locked_until_us);
  ld_db_bind_text (stmt, 3, user_id);
  return ld_db_step_done (stmt, error);
}

void
ld_store_credentials_clear (LdStoreCredentials *credentials)
{
  g_clear_pointer (&credentials->user_id, g_free);
  g_clear_pointer (&credentials->password_hash, g_free);
}

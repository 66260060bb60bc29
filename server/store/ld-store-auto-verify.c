/* ld-store-auto-verify.c: each test's auto-verification rule set
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test without a row is off, with every rule chosen and version 0.
 */

#define G_LOG_DOMAIN "ld-store-auto-verify"

#include "config.h"

#include "ld-store-private.h"
#include "ld-store-auto-verify.h"

/**
 * ld_store_auto_verify_get:
 * @store: a store
 * @test_code: a catalogue test's code
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the test's rule set, off unless
 *   the administrator turned it on
 */
LdAutoVerifyConfig *
ld_store_auto_verify_get (LdStore     *store,
                          const char  *test_code,
                          GError     **error)
{
  static const char sql[] =
    "SELECT enabled, rules, version FROM auto_verification WHERE test_code = ?1";
  g_autoptr(LdAutoVerifyConfig) config = ld_auto_verify_config_new (test_code);
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && test_code != NULL, NULL);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, test_code);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ROW)
    {
      config->enabled = ld_db_column_int64 (stmt, 0) != 0;
      config->rules = (guint) ld_db_column_int64 (stmt, 1);
      config->version = ld_db_column_int64 (stmt, 2);
      step = ld_db_step (stmt, error);
    }
  if (step != LD_DB_DONE)
    return NULL;

  return g_steal_pointer (&config);
}

/**
 * ld_store_auto_verify_put:
 * @store: a store, inside a write transaction
 * @config: the rule set as it is to be, with its new version
 * @user_id: the administrator
 * @now_us: the time
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_auto_verify_put (LdStore                   *store,
                          const LdAutoVerifyConfig  *config,
                          const char                *user_id,
                          gint64                     now_us,
                          GError                   **error)
{
  static const char sql[] =
    "INSERT INTO auto_verification (test_code, enabled, rules, version, updated_by, updated_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT (test_code) DO UPDATE SET enabled = excluded.enabled, rules = excluded.rules,"
    "   version = excluded.version, updated_by = excluded.updated_by,"
    "   updated_us = excluded.updated_us";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && config != NULL && config->test_code != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, config->test_code);
  ld_db_bind_int64 (stmt, 2, config->enabled ? 1 : 0);
  ld_db_bind_int64 (stmt, 3, config->rules);
  ld_db_bind_int64 (stmt, 4, config->version);
  ld_db_bind_text (stmt, 5, user_id);
  ld_db_bind_int64 (stmt, 6, now_us);
  return ld_db_step_done (stmt, error);
}

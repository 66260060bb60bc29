/* ld-store-settings.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-settings"

#include "config.h"

#include "ld-store-private.h"
#include "ld-time.h"

/* The settings read are kept while the settings' generation (migration
 * 0046: moved by triggers with every change to a setting) stays the same:
 * reading that one number costs a seek, where reading the settings again
 * costs a row and two strings a setting, for nearly every request. Each
 * connection keeps its own, on the thread that uses it. */
void
ld_store_settings_forget (LdStore *store)
{
  if (store != NULL)
    g_clear_pointer (&store->settings_read, g_hash_table_unref);
}

static GHashTable *
read_settings (LdStore  *store,
               gint64   *out_version,
               GError  **error)
{
  static const char sql[] = "SELECT key, value, version FROM settings";
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;
  gint64 version = 0;

  if (stmt == NULL)
    return NULL;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      g_hash_table_insert (values,
                           ld_db_column_dup_text (stmt, 0),
                           ld_db_column_dup_text (stmt, 1));
      version = MAX (version, ld_db_column_int64 (stmt, 2));
    }
  if (step == LD_DB_ERROR)
    return NULL;

  *out_version = version;
  return g_steal_pointer (&values);
}

/**
 * ld_store_settings_load:
 * @store: a store
 * @out_version: (out): the settings' version (0 when none were ever saved)
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): key → stored text, for the keys that
 *   were ever saved, as @store sees them now; the table may be shared
 *   with later calls and is not to be changed
 */
GHashTable *
ld_store_settings_load (LdStore  *store,
                        gint64   *out_version,
                        GError  **error)
{
  gint64 generation =
    ld_store_read_generation (store, LD_STORE_GENERATION_SETTINGS);
  GHashTable *values;
  gint64 version;

  if (store->settings_read != NULL && store->settings_read_generation == generation &&
      generation >= 0)
    {
      if (out_version != NULL)
        *out_version = store->settings_read_version;
      return g_hash_table_ref (store->settings_read);
    }

  ld_store_settings_forget (store);
  if ((values = read_settings (store, &version, error)) == NULL)
    return NULL;
  if (generation >= 0)
    {
      store->settings_read = g_hash_table_ref (values);
      store->settings_read_version = version;
      store->settings_read_generation = generation;
    }
  if (out_version != NULL)
    *out_version = version;
  return values;
}

/**
 * ld_store_settings_save:
 * @store: a store, inside a transaction
 * @values: key → text to write
 * @expected_version: the version the client last saw
 * @user_id: (nullable): who changed them
 * @error: return location for an %LD_STORE_ERROR (CONFLICT when stale)
 *
 * The settings share one version: the highest of their rows. Every row
 * written here gets the next one.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_settings_save (LdStore     *store,
                        GHashTable  *values,
                        gint64       expected_version,
                        const char  *user_id,
                        GError     **error)
{
  static const char sql[] =
    "INSERT INTO settings (key, value, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version,"
    "   updated_at = excluded.updated_at, updated_by = excluded.updated_by";
  g_autoptr(GHashTable) current = NULL;
  g_autofree char *now = ld_time_format_rfc3339 (g_get_real_time ());
  GHashTableIter iter;
  gpointer key, value;
  gint64 version;

  current = ld_store_settings_load (store, &version, error);
  if (current == NULL)
    return FALSE;

  if (version != expected_version)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "Someone else changed the settings in the meantime.");
      return FALSE;
    }

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      LdDbStmt *stmt = ld_store_prepare (store, sql, error);

      if (stmt == NULL)
        return FALSE;

      ld_db_bind_text (stmt, 1, key);
      ld_db_bind_text (stmt, 2, value);
      ld_db_bind_int64 (stmt, 3, version + 1);
      ld_db_bind_text (stmt, 4, now);
      ld_db_bind_text (stmt, 5, user_id);
      if (!ld_db_step_done (stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* ld-service-settings.c: the lab's settings
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A change to the settings is audited with the keys it changed (never
 * their values) and put in the feed whole, for every role.
 */

#define G_LOG_DOMAIN "ld-service-settings"

#include "config.h"

#include "ld-service-settings.h"
#include "ld-settings.h"

/**
 * ld_service_settings_to_node:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the settings as the client sees
 *   them, with their version
 */
JsonNode *
ld_service_settings_to_node (LdStore  *store,
                             GError  **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(LdSettings) settings = NULL;
  gint64 version;

  stored = ld_store_settings_load (store, &version, error);
  if (stored == NULL)
    return NULL;
  settings = ld_settings_new_from_table (stored);

  ld_settings_to_json (settings, version, builder);
  return json_builder_get_root (builder);
}

static char *
join_keys (GHashTable *values)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (values), (GCompareFunc) g_strcmp0);
  GString *joined = g_string_new (NULL);

  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (joined, "%s%s", joined->len ? " " : "", (const char *) l->data);

  return g_string_free (joined, FALSE);
}

typedef struct
{
  GHashTable *values;
  gint64      version;
  JsonNode   *record;
  JsonNode   *current;
} Update;

static gboolean
update_settings (LdServiceContext  *ctx,
                 gpointer           data,
                 GError           **error)
{
  Update *update = data;
  g_autoptr(GError) save_error = NULL;
  g_autofree char *detail = NULL;

  if (!ld_store_settings_save (ctx->store, update->values, update->version,
                               ctx->actor ? ld_user_get_id (ctx->actor) : NULL, &save_error))
    {
      /* A stale version: the caller shows the settings as they are now. */
      if (g_error_matches (save_error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT))
        {
          g_clear_pointer (&update->current, json_node_unref);
          update->current = ld_service_settings_to_node (ctx->store, error);
          if (update->current == NULL)
            return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&save_error));
      return FALSE;
    }

  detail = join_keys (update->values);
  g_clear_pointer (&update->record, json_node_unref);
  update->record = ld_service_settings_to_node (ctx->store, error);
  return update->record != NULL &&
         ld_service_audit (ctx, "settings.update", "settings", NULL, detail, error) &&
         ld_service_record_change (ctx, "settings", LD_SERVICE_SETTINGS_ID, LD_ROLE_ALL,
                                   update->record, error);
}

/**
 * ld_service_update_settings:
 * @ctx: the administrator
 * @values: (element-type utf8 utf8): the settings to change, by key, each
 *   parsed already (ld_settings_parse_value()); not empty
 * @version: the version the administrator saw
 * @out_current: (out) (transfer full) (optional): the settings as they are
 *   now, when @version is stale
 * @error: return location for a #GError; %LD_STORE_ERROR_CONFLICT for a
 *   stale version (with @out_current set)
 *
 * Returns: (transfer full) (nullable): the settings as saved
 */
JsonNode *
ld_service_update_settings (LdServiceContext  *ctx,
                            GHashTable        *values,
                            gint64             version,
                            JsonNode         **out_current,
                            GError           **error)
{
  Update update = { values, version, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && values != NULL, NULL);

  if (!ld_service_run (ctx, update_settings, &update, error))
    {
      g_clear_pointer (&update.record, json_node_unref);
      if (out_current != NULL)
        *out_current = g_steal_pointer (&update.current);
      g_clear_pointer (&update.current, json_node_unref);
      return NULL;
    }

  g_clear_pointer (&update.current, json_node_unref);
  return update.record;
}

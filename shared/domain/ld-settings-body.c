/* ld-settings-body.c: the body of a change to the lab's settings, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PATCH /api/v1/settings is {"version": N, "<key>": value, …}: the
 * administrator's settings page writes it here and the server reads it
 * here, each value by its spec in ld-settings.c.
 */

#define G_LOG_DOMAIN "ld-settings-body"

#include "config.h"

#include "ld-settings-body.h"

/**
 * ld_settings_body_read:
 * @reader: the body of PATCH /api/v1/settings
 * @out_version: (out): the version the change was made over
 *
 * Reads a change as the server takes it; each value refused is added to
 * @reader under its key.
 *
 * Returns: (transfer full): the keys named, each with its value as the
 *   store keeps it (text)
 */
GHashTable *
ld_settings_body_read (LdJsonReader *reader,
                       gint64       *out_version)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const LdSettingSpec *specs;
  guint n_specs;

  g_return_val_if_fail (reader != NULL, values);
  g_return_val_if_fail (out_version != NULL, values);

  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, out_version);
  specs = ld_settings_get_specs (&n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      JsonNode *node = ld_json_reader_get_node (reader, specs[i].key, LD_JSON_OPTIONAL);
      const char *reason;
      char *text = NULL;

      if (node == NULL)
        continue;

      if (ld_settings_parse_value (&specs[i], node, &text, &reason))
        g_hash_table_insert (values, (gpointer) specs[i].key, text);
      else
        ld_json_reader_add_error (reader, specs[i].key, reason);
    }
  return values;
}

/**
 * ld_settings_body_write:
 * @builder: a builder, inside the body's object
 * @settings: the settings as edited
 * @keys: the keys to change
 * @version: the version they were read at
 *
 * Writes the body ld_settings_body_read() reads.
 */
void
ld_settings_body_write (JsonBuilder        *builder,
                        const LdSettings   *settings,
                        const char * const *keys,
                        gint64              version)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (settings != NULL);
  g_return_if_fail (keys != NULL);

  ld_json_builder_add_int (builder, "version", version);
  for (guint i = 0; keys[i] != NULL; i++)
    ld_settings_add_value (settings, keys[i], builder);
}

/* The typed doors to ld_settings_parse_value(), for a form that holds no
 * JSON: each reads its value exactly as the server reads it sent so. */

/**
 * ld_settings_parse_boolean:
 *
 * As ld_settings_parse_value() with @value a boolean.
 */
gboolean
ld_settings_parse_boolean (const LdSettingSpec  *spec,
                           gboolean              value,
                           char                **out_text,
                           const char          **out_reason)
{
  g_autoptr(JsonNode) node = json_node_init_boolean (json_node_alloc (), value);

  return ld_settings_parse_value (spec, node, out_text, out_reason);
}

/**
 * ld_settings_parse_int:
 *
 * As ld_settings_parse_value() with @value a whole number.
 */
gboolean
ld_settings_parse_int (const LdSettingSpec  *spec,
                       gint64                value,
                       char                **out_text,
                       const char          **out_reason)
{
  g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), value);

  return ld_settings_parse_value (spec, node, out_text, out_reason);
}

/**
 * ld_settings_parse_string:
 *
 * As ld_settings_parse_value() with @value a string: a number setting
 * refuses it, saying what it must be.
 */
gboolean
ld_settings_parse_string (const LdSettingSpec  *spec,
                          const char           *value,
                          char                **out_text,
                          const char          **out_reason)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value ? value : "");

  return ld_settings_parse_value (spec, node, out_text, out_reason);
}

/* ld-settings.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-settings"

#include "config.h"

#include <errno.h>

#include "ld-settings.h"

#define INT_SETTING(name, lo, hi, def) \
  { #name, LD_SETTING_INT, lo, hi, def, NULL, G_STRUCT_OFFSET (LdSettings, name) }
#define STRING_SETTING(name, max_len, def) \
  { #name, LD_SETTING_STRING, 0, max_len, 0, def, G_STRUCT_OFFSET (LdSettings, name) }
#define BOOL_SETTING(name, def) \
  { #name, LD_SETTING_BOOL, 0, 1, def, NULL, G_STRUCT_OFFSET (LdSettings, name) }

static const LdSettingSpec setting_specs[] = {
  INT_SETTING (session_idle_seconds, 1, 7 * 24 * 3600, 30 * 60),
  INT_SETTING (session_absolute_seconds, 1, 31 * 24 * 3600, 12 * 3600),
  INT_SETTING (login_max_failures, 1, 1000, 5),
  INT_SETTING (login_lock_seconds, 1, 7 * 24 * 3600, 15 * 60),
  STRING_SETTING (lab_name, 200, "Labdesk Laboratory"),
  STRING_SETTING (lab_address, 500, ""),
  STRING_SETTING (lab_phone, 50, ""),
  STRING_SETTING (lab_email, 200, ""),
  INT_SETTING (discount_max_percent, 0, 100, 20),
  INT_SETTING (tax_flat_paise, 0, 1000000, 2000),
  INT_SETTING (tax_percent_bp, 0, 10000, 0),
  INT_SETTING (order_expiry_hours, 1, 720, 48),
  INT_SETTING (home_collection_fee_paise, 0, 1000000, 9900),
  BOOL_SETTING (allow_self_verification, FALSE),
};

const LdSettingSpec *
ld_settings_get_specs (guint *n_specs)
{
  g_return_val_if_fail (n_specs != NULL, NULL);

  *n_specs = G_N_ELEMENTS (setting_specs);
  return setting_specs;
}

/**
 * ld_settings_lookup_spec:
 * @key: a setting's name
 *
 * Returns: (transfer none) (nullable): its spec, or %NULL if unknown
 */
const LdSettingSpec *
ld_settings_lookup_spec (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (setting_specs); i++)
    if (g_str_equal (setting_specs[i].key, key))
      return &setting_specs[i];

  return NULL;
}

#define INT_FIELD(s, spec) ((gint64 *) G_STRUCT_MEMBER_P ((s), (spec)->offset))
#define STRING_FIELD(s, spec) ((char **) G_STRUCT_MEMBER_P ((s), (spec)->offset))
#define BOOL_FIELD(s, spec) ((gboolean *) G_STRUCT_MEMBER_P ((s), (spec)->offset))

/**
 * ld_settings_new:
 *
 * Returns: (transfer full): settings holding every default
 */
LdSettings *
ld_settings_new (void)
{
  LdSettings *settings = g_new0 (LdSettings, 1);

  for (guint i = 0; i < G_N_ELEMENTS (setting_specs); i++)
    {
      const LdSettingSpec *spec = &setting_specs[i];

      if (spec->type == LD_SETTING_INT)
        *INT_FIELD (settings, spec) = spec->default_int;
      else if (spec->type == LD_SETTING_BOOL)
        *BOOL_FIELD (settings, spec) = spec->default_int != 0;
      else
        *STRING_FIELD (settings, spec) = g_strdup (spec->default_string);
    }

  return settings;
}

/**
 * ld_settings_new_from_table:
 * @stored: key → stored text, as the store loads them
 *
 * Returns: (transfer full): the defaults, overridden by every valid row
 */
LdSettings *
ld_settings_new_from_table (GHashTable *stored)
{
  LdSettings *settings = ld_settings_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (stored != NULL, settings);

  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &key, &value))
    ld_settings_set_text (settings, key, value);

  return settings;
}

void
ld_settings_free (LdSettings *settings)
{
  if (settings == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (setting_specs); i++)
    if (setting_specs[i].type == LD_SETTING_STRING)
      g_free (*STRING_FIELD (settings, &setting_specs[i]));

  g_free (settings);
}

/**
 * ld_settings_set_text:
 * @settings: settings
 * @key: a setting's name
 * @text: its stored text
 *
 * Applies one stored row. A row that does not parse or is out of range
 * (written by hand, or by another version) keeps the default.
 *
 * Returns: %TRUE if the row was applied
 */
gboolean
ld_settings_set_text (LdSettings *settings,
                      const char *key,
                      const char *text)
{
  const LdSettingSpec *spec = ld_settings_lookup_spec (key);

  g_return_val_if_fail (settings != NULL, FALSE);

  if (spec == NULL || text == NULL)
    return FALSE;

  if (spec->type == LD_SETTING_INT)
    {
      gint64 value;

      if (!g_ascii_string_to_signed (text, 10, spec->min, spec->max, &value, NULL))
        return FALSE;
      *INT_FIELD (settings, spec) = value;
    }
  else if (spec->type == LD_SETTING_BOOL)
    {
      if (!g_str_equal (text, "true") && !g_str_equal (text, "false"))
        return FALSE;
      *BOOL_FIELD (settings, spec) = g_str_equal (text, "true");
    }
  else
    {
      g_free (*STRING_FIELD (settings, spec));
      *STRING_FIELD (settings, spec) = g_strdup (text);
    }

  return TRUE;
}

/**
 * ld_settings_parse_value:
 * @spec: the setting
 * @value: the JSON value a client sent
 * @out_text: (out) (transfer full): the text to store
 * @out_reason: (out) (transfer none): a field message when refused
 *
 * Returns: %TRUE if @value is of the right type and within range
 */
gboolean
ld_settings_parse_value (const LdSettingSpec  *spec,
                         JsonNode             *value,
                         char                **out_text,
                         const char          **out_reason)
{
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (out_text != NULL, FALSE);
  g_return_val_if_fail (out_reason != NULL, FALSE);

  if (spec->type == LD_SETTING_INT)
    {
      gint64 number;

      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
        {
          *out_reason = "must be a whole number";
          return FALSE;
        }
      number = json_node_get_int (value);
      if (number < spec->min || number > spec->max)
        {
          *out_reason = "is out of range";
          return FALSE;
        }
      *out_text = g_strdup_printf ("%" G_GINT64_FORMAT, number);
      return TRUE;
    }

  if (spec->type == LD_SETTING_BOOL)
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        {
          *out_reason = "must be true or false";
          return FALSE;
        }
      *out_text = g_strdup (json_node_get_boolean (value) ? "true" : "false");
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    {
      *out_reason = "must be a string";
      return FALSE;
    }
  if (g_utf8_strlen (json_node_get_string (value), -1) > spec->max)
    {
      *out_reason = "is too long";
      return FALSE;
    }
  *out_text = g_strdup (json_node_get_string (value));
  return TRUE;
}

/**
 * ld_settings_to_json:
 * @settings: settings
 * @version: the settings' version, for the next update
 * @builder: a builder positioned where a value may go
 */
void
ld_settings_to_json (const LdSettings *settings,
                     gint64            version,
                     JsonBuilder      *builder)
{
  g_return_if_fail (settings != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, version);
  for (guint i = 0; i < G_N_ELEMENTS (setting_specs); i++)
    {
      const LdSettingSpec *spec = &setting_specs[i];

      json_builder_set_member_name (builder, spec->key);
      if (spec->type == LD_SETTING_INT)
        json_builder_add_int_value (builder, *INT_FIELD (settings, spec));
      else if (spec->type == LD_SETTING_BOOL)
        json_builder_add_boolean_value (builder, *BOOL_FIELD (settings, spec));
      else
        json_builder_add_string_value (builder, *STRING_FIELD (settings, spec));
    }
  json_builder_end_object (builder);
}

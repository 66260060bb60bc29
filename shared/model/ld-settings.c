/* ld-settings.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-settings"

#include "config.h"

#include <errno.h>

#include "ld-settings.h"

#define INT_SETTING(name, lo, hi, def)                                                \
  {                                                                                   \
#name, LD_SETTING_INT, lo, hi, def, NULL, G_STRUCT_OFFSET(LdSettings, name), NULL \
  }
#define STRING_SETTING(name, max_len, def)                                                \
  {                                                                                       \
#name, LD_SETTING_STRING, 0, max_len, 0, def, G_STRUCT_OFFSET(LdSettings, name), NULL \
  }
#define CHECKED_SETTING(name, max_len, def, check)                                         \
  {                                                                                        \
#name, LD_SETTING_STRING, 0, max_len, 0, def, G_STRUCT_OFFSET(LdSettings, name), check \
  }
#define BOOL_SETTING(name, def)                                                      \
  {                                                                                  \
#name, LD_SETTING_BOOL, 0, 1, def, NULL, G_STRUCT_OFFSET(LdSettings, name), NULL \
  }

/* A letterhead logo is a few kilobytes; this bounds what every report
 * embeds and what every settings answer carries. */
#define LOGO_MAX_BYTES (48 * 1024)
#define LOGO_MAX_PIXELS 2000

static const char *check_upi_id   (const char *value);
static const char *check_logo     (const char *value);
static const char *check_base_url (const char *value);
static const char *check_paper    (const char *value);

/* clang-format off */
static const LdSettingSpec setting_specs[] = {
  INT_SETTING (session_idle_seconds, 1, 7 * 24 * 3600, 30 * 60),
  INT_SETTING (session_absolute_seconds, 1, 31 * 24 * 3600, 12 * 3600),
  INT_SETTING (login_max_failures, 1, 1000, 5),
  INT_SETTING (login_lock_seconds, 1, 7 * 24 * 3600, 15 * 60),
  STRING_SETTING (lab_name, 200, "Labdesk Laboratory"),
  STRING_SETTING (lab_address, 500, ""),
  STRING_SETTING (lab_phone, 50, ""),
  STRING_SETTING (lab_email, 200, ""),
  STRING_SETTING (lab_website, 200, ""),
  STRING_SETTING (lab_registration, 200, ""),
  CHECKED_SETTING (lab_upi_id, 100, "", check_upi_id),
  /* Base64 of at most LOGO_MAX_BYTES. */
  CHECKED_SETTING (lab_logo_png, (LOGO_MAX_BYTES + 2) / 3 * 4, "", check_logo),
  CHECKED_SETTING (public_base_url, 200, "", check_base_url),
  CHECKED_SETTING (report_paper, 10, "a4", check_paper),
  INT_SETTING (discount_max_percent, 0, 100, 20),
  /* Diagnostic services are exempt from GST in India: no tax unless set. */
  INT_SETTING (tax_flat_paise, 0, 1000000, 0),
  INT_SETTING (tax_percent_bp, 0, 10000, 0),
  INT_SETTING (order_expiry_hours, 1, 720, 48),
  INT_SETTING (home_collection_fee_paise, 0, 1000000, 9900),
  BOOL_SETTING (allow_self_verification, FALSE),
  /* Issue 18: a critical alert not acknowledged in this time is overdue. */
  INT_SETTING (critical_ack_minutes, 1, 24 * 60, 30),
  /* Issue 15: how long breaking the glass opens a patient to a doctor. */
  INT_SETTING (break_glass_minutes, 5, 24 * 60, 60),
  /* Issue 16: after each backup that passes, the oldest beyond this go. */
  INT_SETTING (backup_keep, 1, 1000, 14),
};
/* clang-format on */

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

/* A UPI virtual payment address: "name@handle", as NPCI writes them. */
static const char *
check_upi_id (const char *value)
{
  const char *at = strchr (value, '@');

  if (value[0] == '\0')
    return NULL;
  if (at == NULL || at == value || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return "must be a UPI address such as lab@okhdfc";
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("@.-_", *p) == NULL)
      return "must be a UPI address such as lab@okhdfc";
  return NULL;
}

static gboolean
is_base64 (const char *value)
{
  gsize length = strlen (value);
  gsize padding = 0;

  if (length % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (value[i] == '=' && i >= length - 2)
        padding++;
      else if (padding > 0 || (!g_ascii_isalnum (value[i]) && value[i] != '+' && value[i] != '/'))
        return FALSE;
    }
  return TRUE;
}

static guint32
read_be32 (const guchar *data)
{
  return ((guint32) data[0] << 24) | ((guint32) data[1] << 16) | ((guint32) data[2] << 8) | data[3];
}

/* The PNG's signature and header: the renderer decodes it, and leaves a
 * logo it cannot read out, but an administrator should hear at once that
 * the file is not a PNG or is absurdly large. */
static const char *
check_logo (const char *value)
{
  static const guchar signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree guchar *png = NULL;
  gsize length = 0;

  if (value[0] == '\0')
    return NULL;
  if (!is_base64 (value))
    return "must be a PNG image in base64";

  png = g_base64_decode (value, &length);
  if (length > LOGO_MAX_BYTES)
    return "must be at most 48 KiB";
  if (length < 24 || memcmp (png, signature, sizeof signature) != 0 ||
      memcmp (png + 12, "IHDR", 4) != 0)
    return "must be a PNG image in base64";
  if (read_be32 (png + 16) == 0 || read_be32 (png + 16) > LOGO_MAX_PIXELS ||
      read_be32 (png + 20) == 0 || read_be32 (png + 20) > LOGO_MAX_PIXELS)
    return "must be at most 2000 pixels wide and high";
  return NULL;
}

/* What a phone that scans a report's QR code opens: the address the lab
 * publishes this server at, without a query or a fragment. */
static const char *
check_base_url (const char *value)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (value[0] == '\0')
    return NULL;

  uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return "must be an address such as https://lab.example.in";
  scheme = g_uri_get_scheme (uri);
  if ((g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return "must be an address such as https://lab.example.in";
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    return "must not hold a user, a query or a fragment";
  return NULL;
}

static const char *
check_paper (const char *value)
{
  if (g_str_equal (value, "a4") || g_str_equal (value, "letter"))
    return NULL;
  return "must be a4 or letter";
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
      if (spec->check != NULL && spec->check (text) != NULL)
        return FALSE;
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
  if (spec->check != NULL && (*out_reason = spec->check (json_node_get_string (value))) != NULL)
    return FALSE;
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

/**
 * ld_settings_new_from_json:
 * @object: the settings as GET /api/v1/settings writes them
 * @out_version: (out) (optional): their version, for the next update
 *
 * Reads each known setting by the same rule the server checks a client's
 * value with (ld_settings_parse_value()); a member missing or refused
 * keeps the default, as a row does in ld_settings_new_from_table().
 *
 * Returns: (transfer full): the settings
 */
LdSettings *
ld_settings_new_from_json (JsonObject *object,
                           gint64     *out_version)
{
  LdSettings *settings = ld_settings_new ();
  JsonNode *version;

  g_return_val_if_fail (object != NULL, settings);

  for (guint i = 0; i < G_N_ELEMENTS (setting_specs); i++)
    {
      const LdSettingSpec *spec = &setting_specs[i];
      JsonNode *value = json_object_has_member (object, spec->key)
                        ? json_object_get_member (object, spec->key) : NULL;
      g_autofree char *text = NULL;
      const char *reason = NULL;

      if (value != NULL && ld_settings_parse_value (spec, value, &text, &reason))
        ld_settings_set_text (settings, spec->key, text);
    }

  version =
    json_object_has_member (object, "version") ? json_object_get_member (object, "version") : NULL;
  if (out_version != NULL)
    *out_version = version != NULL && JSON_NODE_HOLDS_VALUE (version) &&
                       json_node_get_value_type (version) == G_TYPE_INT64
                     ? json_node_get_int (version)
                     : 0;

  return settings;
}

/**
 * ld_settings_dup_text:
 * @settings: settings
 * @key: a setting's name
 *
 * Returns: (transfer full) (nullable): the setting as the store keeps it
 *   (what ld_settings_set_text() reads back); %NULL for an unknown key
 */
char *
ld_settings_dup_text (const LdSettings *settings,
                      const char       *key)
{
  const LdSettingSpec *spec = ld_settings_lookup_spec (key);

  g_return_val_if_fail (settings != NULL, NULL);

  if (spec == NULL)
    return NULL;
  if (spec->type == LD_SETTING_INT)
    return g_strdup_printf ("%" G_GINT64_FORMAT, *INT_FIELD (settings, spec));
  if (spec->type == LD_SETTING_BOOL)
    return g_strdup (*BOOL_FIELD (settings, spec) ? "true" : "false");
  return g_strdup (*STRING_FIELD (settings, spec));
}

/**
 * ld_settings_add_value:
 * @settings: settings
 * @key: a setting's name
 * @builder: a builder inside an object
 *
 * Adds @key with its typed value, as ld_settings_to_json() writes it.
 */
void
ld_settings_add_value (const LdSettings *settings,
                       const char       *key,
                       JsonBuilder      *builder)
{
  const LdSettingSpec *spec = ld_settings_lookup_spec (key);

  g_return_if_fail (settings != NULL);
  g_return_if_fail (spec != NULL);

  json_builder_set_member_name (builder, spec->key);
  if (spec->type == LD_SETTING_INT)
    json_builder_add_int_value (builder, *INT_FIELD (settings, spec));
  else if (spec->type == LD_SETTING_BOOL)
    json_builder_add_boolean_value (builder, *BOOL_FIELD (settings, spec));
  else
    json_builder_add_string_value (builder, *STRING_FIELD (settings, spec));
}

/**
 * ld_settings_dup_logo:
 * @settings: settings
 *
 * Returns: (transfer full) (nullable): the lab's logo as PNG data, or
 *   %NULL when none is set
 */
GBytes *
ld_settings_dup_logo (const LdSettings *settings)
{
  guchar *png;
  gsize length = 0;

  g_return_val_if_fail (settings != NULL, NULL);

  if (settings->lab_logo_png == NULL || settings->lab_logo_png[0] == '\0')
    return NULL;

  png = g_base64_decode (settings->lab_logo_png, &length);
  return g_bytes_new_take (png, length);
}

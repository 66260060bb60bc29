/* test-settings-body.c: settings the administrator writes are the ones the server reads
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The settings page writes PATCH /api/v1/settings with
 * ld_settings_body_write(), the server reads it with
 * ld_settings_body_read(); one file spells both. A change of every kind
 * of setting is written and read back whole, and each value refused is
 * refused naming its key.
 */

#include "config.h"

#include "ld-error.h"
#include "ld-settings-body.h"

static void
test_round_trip (void)
{
  static const char * const keys[] = { "lab_name", "discount_max_percent",
                                       "allow_self_verification", "lab_website", NULL };
  g_autoptr(LdSettings) settings = ld_settings_new ();
  g_autoptr(LdSettings) read = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  g_assert_true (ld_settings_set_text (settings, "lab_name", "Sunrise Diagnostics"));
  g_assert_true (ld_settings_set_text (settings, "discount_max_percent", "25"));
  g_assert_true (ld_settings_set_text (settings, "allow_self_verification", "true"));
  g_assert_true (ld_settings_set_text (settings, "lab_website", ""));

  json_builder_begin_object (builder);
  ld_settings_body_write (builder, settings, keys, 12);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (root)), ==, 5);

  reader = ld_json_reader_new (json_node_get_object (root));
  values = ld_settings_body_read (reader, &version);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 12);
  g_assert_cmpuint (g_hash_table_size (values), ==, 4);

  read = ld_settings_new_from_table (values);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *want = ld_settings_dup_text (settings, keys[i]);
      g_autofree char *got = ld_settings_dup_text (read, keys[i]);

      g_assert_cmpstr (got, ==, want);
    }
  g_assert_cmpstr (read->lab_name, ==, "Sunrise Diagnostics");
  g_assert_cmpint (read->discount_max_percent, ==, 25);
  g_assert_true (read->allow_self_verification);
}

static void
test_refusals_name_the_key (void)
{
  static const struct
  {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"lab_name\":\"A\"}", "version" },
    { "{\"version\":1,\"discount_max_percent\":\"ten\"}", "discount_max_percent" },
    { "{\"version\":1,\"discount_max_percent\":101}", "discount_max_percent" },
    { "{\"version\":1,\"allow_self_verification\":1}", "allow_self_verification" },
    { "{\"version\":1,\"lab_name\":7}", "lab_name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) body = ld_json_parse_object (cases[i].body, -1, NULL);
      g_autoptr(LdJsonReader) reader = NULL;
      g_autoptr(GHashTable) values = NULL;
      g_autoptr(GError) error = NULL;
      GHashTable *fields;
      gint64 version = 0;

      g_assert_nonnull (body);
      reader = ld_json_reader_new (body);
      values = ld_settings_body_read (reader, &version);
      g_assert_false (ld_json_reader_finish (reader, &error));
      g_assert_nonnull (error);
      fields = ld_api_error_get_fields (error);
      if (fields == NULL || !g_hash_table_contains (fields, cases[i].field))
        g_error ("%s: expected a refusal naming %s, got: %s", cases[i].body, cases[i].field,
                 error->message);
    }
}

/* The typed doors read as the JSON one: a good value is kept as text, a
 * value out of range or of the wrong type is refused with a reason. */
static void
test_typed_parse (void)
{
  const LdSettingSpec *discount = ld_settings_lookup_spec ("discount_max_percent");
  const LdSettingSpec *paper = ld_settings_lookup_spec ("report_paper");
  const LdSettingSpec *self_verify = ld_settings_lookup_spec ("allow_self_verification");
  const char *reason = NULL;
  char *text = NULL;

  g_assert_true (ld_settings_parse_int (discount, 15, &text, &reason));
  g_assert_cmpstr (text, ==, "15");
  g_clear_pointer (&text, g_free);
  g_assert_false (ld_settings_parse_int (discount, 101, &text, &reason));
  g_assert_nonnull (reason);
  g_clear_pointer (&text, g_free);
  reason = NULL;
  g_assert_false (ld_settings_parse_string (discount, "ten", &text, &reason));
  g_assert_nonnull (reason);
  g_clear_pointer (&text, g_free);

  g_assert_true (ld_settings_parse_string (paper, "letter", &text, &reason));
  g_assert_cmpstr (text, ==, "letter");
  g_clear_pointer (&text, g_free);
  reason = NULL;
  g_assert_false (ld_settings_parse_string (paper, "A3", &text, &reason));
  g_assert_nonnull (reason);
  g_clear_pointer (&text, g_free);
  reason = NULL;
  g_assert_false (ld_settings_parse_string (paper, NULL, &text, &reason));
  g_clear_pointer (&text, g_free);

  g_assert_true (ld_settings_parse_boolean (self_verify, TRUE, &text, &reason));
  g_assert_cmpstr (text, ==, "true");
  g_clear_pointer (&text, g_free);
  reason = NULL;
  g_assert_false (ld_settings_parse_int (self_verify, 1, &text, &reason));
  g_assert_nonnull (reason);
  g_clear_pointer (&text, g_free);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/settings-body/round-trip", test_round_trip);
  g_test_add_func ("/settings-body/refusals-name-the-key", test_refusals_name_the_key);
  g_test_add_func ("/settings-body/typed-parse", test_typed_parse);
  return g_test_run ();
}

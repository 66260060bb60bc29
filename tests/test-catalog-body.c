/* test-catalog-body.c: a catalogue test the administrator writes is the one the server reads
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The admin's test page writes POST and PATCH /api/v1/catalog/tests with
 * ld_catalog_test_body_write(), the server reads them with
 * ld_catalog_test_read_json() and ld_catalog_test_body_read_edit(). A new
 * test and a change are written and read back whole, a change carries
 * only what changed, and each refusal names its member.
 */

#include "config.h"

#include "ld-catalog-body.h"
#include "ld-error.h"

#define DENGUE \
  "{\"code\": \"DENG\", \"name\": \"Dengue NS1 antigen\", \"loinc\": \"75377-6\"," \
  " \"specimen\": \"serum\", \"container\": \"plain (red)\", \"unit\": \"\"," \
  " \"result_type\": \"choice\", \"department\": \"serology\", \"decimals\": 0," \
  " \"price_paise\": 60000, \"turnaround_hours\": 24, \"version\": 3," \
  " \"choices\": [\"negative\", \"positive\"], \"normal_choices\": [\"negative\"]}"

static LdCatalogTest *
read_test (const char *text)
{
  g_autoptr(JsonObject) object = ld_json_parse_object (text, -1, NULL);
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  ld_catalog_test_read_json (test, reader, TRUE);
  ld_json_reader_get_int (reader, "version", LD_JSON_OPTIONAL, &version);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  test->version = version;
  return g_steal_pointer (&test);
}

static JsonObject *
written (const LdCatalogTest *saved,
         const LdCatalogTest *test)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ld_catalog_test_body_write (builder, saved, test);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static void
test_new_test_round_trip (void)
{
  g_autoptr(LdCatalogTest) test = read_test (DENGUE);
  g_autoptr(LdCatalogTest) read = ld_catalog_test_new ();
  g_autoptr(JsonObject) body = written (NULL, test);
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (body);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) changes = NULL;

  g_assert_false (json_object_has_member (body, "version"));
  ld_catalog_test_read_json (read, reader, TRUE);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  read->version = test->version;
  changes = ld_catalog_test_changes (test, read);
  g_assert_cmpuint (g_strv_length (changes), ==, 0);
  g_assert_cmpstr (read->code, ==, "DENG");
  g_assert_cmpint (read->price_paise, ==, 60000);
}

/* A change carries the version and only what changed, and laid over the
 * test as stored gives the test as edited. */
static void
test_change_round_trip (void)
{
  g_autoptr(LdCatalogTest) saved = read_test (DENGUE);
  g_autoptr(LdCatalogTest) edited = read_test (DENGUE);
  g_autoptr(LdCatalogTest) stored = read_test (DENGUE);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) changes = NULL;
  gint64 version = 0;

  edited->price_paise = 65000;
  edited->turnaround_hours = 12;
  body = written (saved, edited);
  g_assert_cmpuint (json_object_get_size (body), ==, 3);
  g_assert_cmpint (json_object_get_int_member (body, "version"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (body, "price_paise"), ==, 65000);
  g_assert_cmpint (json_object_get_int_member (body, "turnaround_hours"), ==, 12);

  reader = ld_json_reader_new (body);
  ld_catalog_test_body_read_edit (reader, stored, &version);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 3);
  changes = ld_catalog_test_changes (edited, stored);
  g_assert_cmpuint (g_strv_length (changes), ==, 0);
}

static void
test_refusals_name_the_member (void)
{
  static const struct
  {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"price_paise\": 100}", "version" },
    { "{\"version\": 3, \"price_paise\": \"cheap\"}", "price_paise" },
    { "{\"version\": 3, \"price_paise\": -1}", "price_paise" },
    { "{\"version\": 3, \"result_type\": \"colour\"}", "result_type" },
    { "{\"version\": 3, \"turnaround_hours\": \"soon\"}", "turnaround_hours" },
    { "{\"version\": 3, \"name\": \"\"}", "name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) body = ld_json_parse_object (cases[i].body, -1, NULL);
      g_autoptr(LdCatalogTest) stored = read_test (DENGUE);
      g_autoptr(LdJsonReader) reader = NULL;
      g_autoptr(GError) error = NULL;
      GHashTable *fields;
      gint64 version = 0;

      g_assert_nonnull (body);
      reader = ld_json_reader_new (body);
      ld_catalog_test_body_read_edit (reader, stored, &version);
      g_assert_false (ld_json_reader_finish (reader, &error));
      g_assert_nonnull (error);
      fields = ld_api_error_get_fields (error);
      if (fields == NULL || !g_hash_table_contains (fields, cases[i].field))
        g_error ("%s: expected a refusal naming %s, got: %s", cases[i].body, cases[i].field,
                 error->message);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog-body/new-test-round-trip", test_new_test_round_trip);
  g_test_add_func ("/catalog-body/change-round-trip", test_change_round_trip);
  g_test_add_func ("/catalog-body/refusals-name-the-member", test_refusals_name_the_member);
  return g_test_run ();
}

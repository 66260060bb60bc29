/* test-json-strict.c: the strict JSON reader every request body goes through
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-error.h"
#include "ld-json.h"
#include "ld-json-scan.h"
#include "ld-json-out.h"
#include "ld-patient.h"

static JsonObject *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = ld_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (object);
  return object;
}

static void
assert_parse_fails (const char *text,
                    gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = ld_json_parse_object (text, length, &error);

  g_assert_null (object);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST);
  g_assert_cmpuint (strlen (error->message), >, 0);
}

static void
test_parse_rejects_malformed (void)
{
  assert_parse_fails ("{", -1);
  assert_parse_fails ("{\"a\": }", -1);
  assert_parse_fails ("", 0);
  assert_parse_fails ("[1, 2]", -1);
  assert_parse_fails ("\"text\"", -1);
  assert_parse_fails ("{\"a\": \"\xff\xfe\"}", -1);
  assert_parse_fails ("{\"a\": 1} trailing", -1);
  assert_parse_fails ("{\"a\": 1}{\"b\": 2}", -1);
  assert_parse_fails ("{\"a\": \"}{\"} {}", -1);
  assert_parse_fails ("[1] [2]", -1);
  assert_parse_fails ("42 43", -1);
}

static void
test_parse_accepts_one_value (void)
{
  g_autoptr(JsonObject) spaced =
               parse_ok ("  \n{\"a\": \"x}\\\"{\", \"b\": [1, {\"c\": []}]}\n\t ");
  g_autoptr(JsonNode) number = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (json_object_has_member (spaced, "b"));
  number = ld_json_parse ("42", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (number), ==, 42);
}

static char *
dup_nested (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');

  return g_string_free (text, FALSE);
}

/* json-glib recurses once a level: 100,000 levels overflowed the stack. */
static void
test_parse_limits_depth (void)
{
  g_autofree char *deepest = dup_nested (LD_JSON_MAX_DEPTH);
  g_autofree char *too_deep = dup_nested (LD_JSON_MAX_DEPTH + 1);
  g_autofree char *hostile = dup_nested (100000);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  node = ld_json_parse (deepest, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  refused = ld_json_parse (too_deep, -1, &error);
  g_assert_null (refused);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
  g_clear_error (&error);

  /* Unclosed, as an attacker would send it. */
  hostile[100000] = '\0';
  assert_parse_fails (hostile, -1);
  object = ld_json_parse_object ("{\"a\": [[[[{\"b\": [\"]]]]]\"]}]]]]}", -1, &error);
  g_assert_no_error (error);
}

/* The field a refused value is named by, asserting there is one. */
static char *
dup_bad_text_field (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ld_json_parse (text, -1, &error);
  GHashTable *fields;
  GList *keys;
  char *field;

  g_assert_null (node);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST);
  fields = ld_api_error_get_fields (error);
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 1);
  keys = g_hash_table_get_keys (fields);
  field = g_strdup (keys->data);
  g_list_free (keys);
  return field;
}

/* json-glib decodes a lone surrogate into invalid UTF-8 and \u0000 into a
 * cut-short C string; both are refused before it sees them, wherever the
 * string is, naming where it is. */
static void
test_parse_refuses_bad_text (void)
{
  static const struct
  {
    const char *text;
    const char *field;
  } cases[] = {
    { "{\"name\": \"Poison \\ud83dx\"}", "name" },
    { "{\"name\": \"Poison \\uD83D\"}", "name" },
    { "{\"name\": \"tail \\udc00\"}", "name" },
    { "{\"name\": \"\\ud83d\\u0041\"}", "name" },
    { "{\"name\": \"cut\\u0000short\"}", "name" },
    { "{\"a\": 1, \"n\\u0000me\": \"x\"}", "n\\u0000me" },
    { "{\"items\": [\"HB\", \"\\ud800\"]}", "items[1]" },
    { "{\"discount\": {\"reason\": \"\\u0000\"}}", "discount.reason" },
    { "{\"results\": [{\"code\": \"HB\"}, {\"code\": \"x\", \"note\": [\"\\udfff\"]}]}",
      "results[1].note[0]" },
    { "{\"o\": {\"\\ud83d\": 1}}", "o.\\ud83d" },
    /* Not JSON at all, but json-glib decoded them into invalid UTF-8
     * (found by fuzz-json). */
    { "{\"name\": \"\\u+83d\\udef\"}", "name" },
    { "{\"name\": [\"\\l\"]}", "name[0]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *field = dup_bad_text_field (cases[i].text);

      g_assert_cmpstr (field, ==, cases[i].field);
    }
}

/* json-glib wrapped whole numbers beyond 64 bits (a price of
 * 18446744073709551716 paise read as 100), read 1e999 as infinity and
 * wrote 1e22 back as "1e+22.0"; such numbers are refused, naming them. */
static void
test_parse_refuses_numbers_out_of_range (void)
{
  static const struct
  {
    const char *text;
    const char *field;
  } cases[] = {
    { "{\"price_paise\": 18446744073709551716}", "price_paise" },
    { "{\"a\": [1, 9223372036854775808]}", "a[1]" },
    { "{\"a\": {\"b\": -9223372036854775809}}", "a.b" },
    { "{\"low\": 1e999}", "low" },
    { "{\"low\": -1E400}", "low" },
    { "{\"high\": 1e22}", "high" },
    { "{\"high\": 1e-300}", "high" },
  };
  g_autoptr(JsonObject) edges =
               parse_ok ("{\"a\": 9223372036854775807, \"b\": -9223372036854775808,"
                         " \"c\": 1.5e300, \"d\": 2.5e-7, \"e\": 1e16, \"f\": 0.000001}");
  g_autofree char *written = NULL;
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), edges);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *field = dup_bad_text_field (cases[i].text);

      g_assert_cmpstr (field, ==, cases[i].field);
    }

  g_assert_cmpint (json_object_get_int_member (edges, "a"), ==, G_MAXINT64);
  g_assert_cmpint (json_object_get_int_member (edges, "b"), ==, G_MININT64);
  written = ld_json_to_string (root);
  again = ld_json_parse (written, -1, &error);
  g_assert_no_error (error);
}

static void
test_parse_accepts_good_escapes (void)
{
  g_autoptr(JsonObject) object = parse_ok ("{\"name\": \"\\ud83d\\ude00 \\u00e9\\u0041 \\\\u0000\","
                                           " \"\\u0070\": \"\\\"\\\\ud800\"}");

  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==,
                   "\xf0\x9f\x98\x80 \xc3\xa9" "A \\u0000");
  g_assert_cmpstr (json_object_get_string_member (object, "p"), ==, "\"\\ud800");
}

static void
test_reader_reads_typed_members (void)
{
  g_autoptr(JsonObject) object = parse_ok ("{\"name\": \"Asha\", \"n\": 42, \"ok\": true,"
                                            " \"roles\": [\"doctor\", \"admin\"]}");
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) roles = NULL;
  gint64 n = 0;
  gboolean ok = FALSE;

  g_assert_true (ld_json_reader_get_string (reader, "name", LD_JSON_REQUIRED, &name));
  g_assert_true (ld_json_reader_get_int (reader, "n", LD_JSON_REQUIRED, &n));
  g_assert_true (ld_json_reader_get_bool (reader, "ok", LD_JSON_REQUIRED, &ok));
  g_assert_true (ld_json_reader_get_strv (reader, "roles", LD_JSON_REQUIRED, &roles));
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (name, ==, "Asha");
  g_assert_cmpint (n, ==, 42);
  g_assert_true (ok);
  g_assert_cmpuint (g_strv_length (roles), ==, 2);
}

static void
test_reader_rejects_unknown_fields (void)
{
  g_autoptr(JsonObject) object = parse_ok ("{\"name\": \"Asha\", \"nmae\": 1, \"extra\": null}");
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GHashTable *fields;

  ld_json_reader_get_string (reader, "name", LD_JSON_REQUIRED, &name);
  g_assert_false (ld_json_reader_finish (reader, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "extra, nmae"));

  fields = ld_api_error_get_fields (error);
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (fields, "nmae"), ==, "is not a known field");
}

static void
test_reader_rejects_wrong_types (void)
{
  g_autoptr(JsonObject) object = parse_ok ("{\"s\": 5, \"n\": 1.5, \"b\": \"yes\", \"l\": [1],"
                                            " \"z\": null, \"e\": \"  \"}");
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *s = NULL;
  g_autofree char *z = NULL;
  g_autofree char *e = NULL;
  g_auto(GStrv) l = NULL;
  gint64 n = 7;
  gboolean b = FALSE;
  GHashTable *fields;

  g_assert_false (ld_json_reader_get_string (reader, "s", LD_JSON_REQUIRED, &s));
  g_assert_false (ld_json_reader_get_int (reader, "n", LD_JSON_REQUIRED, &n));
  g_assert_false (ld_json_reader_get_bool (reader, "b", LD_JSON_REQUIRED, &b));
  g_assert_false (ld_json_reader_get_strv (reader, "l", LD_JSON_REQUIRED, &l));
  g_assert_false (ld_json_reader_get_string (reader, "z", LD_JSON_REQUIRED, &z));
  g_assert_false (ld_json_reader_get_string (reader, "e", LD_JSON_NON_EMPTY, &e));
  g_assert_false (ld_json_reader_get_string (reader, "missing", LD_JSON_REQUIRED, &s));
  g_assert_false (ld_json_reader_finish (reader, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);

  /* A wrong type never leaks a default into the out value. */
  g_assert_cmpint (n, ==, 7);
  g_assert_null (s);

  fields = ld_api_error_get_fields (error);
  g_assert_cmpstr (g_hash_table_lookup (fields, "s"), ==, "must be a string");
  g_assert_cmpstr (g_hash_table_lookup (fields, "n"), ==, "must be a whole number");
  g_assert_cmpstr (g_hash_table_lookup (fields, "b"), ==, "must be true or false");
  g_assert_cmpstr (g_hash_table_lookup (fields, "l"), ==, "must be a list of strings");
  g_assert_cmpstr (g_hash_table_lookup (fields, "z"), ==, "must not be null");
  g_assert_cmpstr (g_hash_table_lookup (fields, "e"), ==, "must not be empty");
  g_assert_cmpstr (g_hash_table_lookup (fields, "missing"), ==, "is required");
}

static void
test_reader_allows_optional_and_null (void)
{
  g_autoptr(JsonObject) object = parse_ok ("{\"note\": null}");
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *other = NULL;

  g_assert_false (ld_json_reader_get_string (reader, "note", LD_JSON_NULLABLE, &note));
  g_assert_false (ld_json_reader_get_string (reader, "other", LD_JSON_OPTIONAL, &other));
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
}

/* Text and JsonBuilder must give the same document, whatever the strings
 * hold: quotes, backslashes, every control character, other scripts. */
static void
assert_text_equals_builder (LdPatient *patient)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) from_builder = NULL;
  g_autoptr(JsonNode) from_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  LdJsonOut out;

  json_builder_begin_array (builder);
  ld_patient_to_json (patient, builder);
  ld_patient_to_json (patient, builder);
  json_builder_end_array (builder);
  from_builder = json_builder_get_root (builder);

  ld_json_out_init_text (&out);
  ld_json_out_begin_array (&out, NULL);
  ld_patient_write_json (patient, &out);
  ld_patient_write_json (patient, &out);
  ld_json_out_end_array (&out);
  text = ld_json_out_end_text (&out);

  /* json-glib's parser lets raw controls through; RFC 8259 does not. */
  for (const char *p = text; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);

  from_text = ld_json_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (from_builder, from_text));
}

static void
test_out_text_matches_builder (void)
{
  g_autoptr(LdPatient) plain = ld_patient_new ("0b8c3f5e-6a51-4d7e-9a52-1f0d2f8b9c11");
  g_autoptr(LdPatient) awkward = ld_patient_new ("1c9d4a6f-7b62-4e8f-8b63-2a1e3a9cad22");
  GString *controls = g_string_new ("say \"hi\" \\ back");

  for (char c = 1; c < 0x20; c++)
    g_string_append_c (controls, c);
  g_string_append (controls, "\x7f end");

  ld_patient_set_mrn (plain, "P0000001");
  ld_patient_set_fields (plain, "Asha Rao", LD_SEX_FEMALE, "1990-04-01", -1, "+91 98450 12345",
                         NULL, NULL, NULL);
  ld_patient_set_times (plain, "2026-11-23T03:00:00Z", "2026-11-23T03:00:00Z");
  assert_text_equals_builder (plain);

  ld_patient_set_mrn (awkward, "P0000002");
  ld_patient_set_fields (awkward, "प्रिया शर्मा Zoë 😀", LD_SEX_OTHER, NULL, 34, NULL,
                         "a@b.example", controls->str, "X\tY");
  ld_patient_set_version (awkward, G_MAXINT64);
  ld_patient_set_times (awkward, "2026-11-23T03:00:00Z", "2026-11-23T04:00:00Z");
  assert_text_equals_builder (awkward);

  g_string_free (controls, TRUE);
}

static void
test_out_text_nests (void)
{
  g_autofree char *text = NULL;
  LdJsonOut out;

  ld_json_out_init_text (&out);
  ld_json_out_begin_object (&out, NULL);
  ld_json_out_begin_array (&out, "a");
  ld_json_out_int (&out, NULL, -1);
  ld_json_out_begin_object (&out, NULL);
  ld_json_out_end_object (&out);
  ld_json_out_begin_array (&out, NULL);
  ld_json_out_end_array (&out);
  ld_json_out_null (&out, NULL);
  ld_json_out_end_array (&out);
  ld_json_out_string (&out, "b", "c");
  ld_json_out_end_object (&out);
  text = ld_json_out_end_text (&out);

  g_assert_cmpstr (text, ==, "{\"a\":[-1,{},[],null],\"b\":\"c\"}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared/json/parse-rejects-malformed", test_parse_rejects_malformed);
  g_test_add_func ("/shared/json/parse-accepts-one-value", test_parse_accepts_one_value);
  g_test_add_func ("/shared/json/parse-limits-depth", test_parse_limits_depth);
  g_test_add_func ("/shared/json/parse-refuses-bad-text", test_parse_refuses_bad_text);
  g_test_add_func ("/shared/json/parse-accepts-good-escapes", test_parse_accepts_good_escapes);
  g_test_add_func ("/shared/json/parse-refuses-numbers-out-of-range",
                   test_parse_refuses_numbers_out_of_range);
  g_test_add_func ("/shared/json/reader-reads-typed-members", test_reader_reads_typed_members);
  g_test_add_func ("/shared/json/reader-rejects-unknown-fields",
                   test_reader_rejects_unknown_fields);
  g_test_add_func ("/shared/json/reader-rejects-wrong-types", test_reader_rejects_wrong_types);
  g_test_add_func ("/shared/json/reader-allows-optional-and-null",
                   test_reader_allows_optional_and_null);
  g_test_add_func ("/shared/json/out-text-matches-builder", test_out_text_matches_builder);
  g_test_add_func ("/shared/json/out-text-nests", test_out_text_nests);

  return g_test_run ();
}

/* test-delta.c: the delta rule, and the catalogue's delta_check member
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-catalog.h"
#include "ld-delta.h"
#include "ld-error.h"

static const LdDeltaCheck absolute_2 = { TRUE, LD_DELTA_ABSOLUTE, 2.0, 30 };
static const LdDeltaCheck absolute_03 = { TRUE, LD_DELTA_ABSOLUTE, 0.3, 30 };
static const LdDeltaCheck percent_50 = { TRUE, LD_DELTA_PERCENT, 50, 7 };
static const LdDeltaCheck percent_12_5 = { TRUE, LD_DELTA_PERCENT, 12.5, 7 };

/* A change exactly at the limit is not flagged; one unit of the last
 * decimal more is, either way, whatever binary floats make of the values. */
static void
test_absolute (void)
{
  g_assert_false (ld_delta_exceeds (&absolute_2, 1, 12.1, 14.1));
  g_assert_true (ld_delta_exceeds (&absolute_2, 1, 12.1, 14.2));
  g_assert_false (ld_delta_exceeds (&absolute_2, 1, 14.1, 12.1));
  g_assert_true (ld_delta_exceeds (&absolute_2, 1, 14.2, 12.1));
  g_assert_false (ld_delta_exceeds (&absolute_2, 1, 12.1, 12.1));
  g_assert_false (ld_delta_exceeds (&absolute_2, 0, 7, 9));
  g_assert_true (ld_delta_exceeds (&absolute_2, 0, 7, 10));
  /* 0.3 is 0.29999… in binary; 1.1 − 0.8 is 0.30000…04. */
  g_assert_false (ld_delta_exceeds (&absolute_03, 1, 0.8, 1.1));
  g_assert_true (ld_delta_exceeds (&absolute_03, 1, 0.8, 1.2));
  g_assert_false (ld_delta_exceeds (&absolute_03, 2, 0.81, 1.11));
  g_assert_true (ld_delta_exceeds (&absolute_03, 2, 0.81, 1.12));
  /* Negative values, as a base excess has. */
  g_assert_false (ld_delta_exceeds (&absolute_2, 1, -1.0, 1.0));
  g_assert_true (ld_delta_exceeds (&absolute_2, 1, -1.0, 1.1));
}

/* A percentage of the previous value, up or down; from zero any change. */
static void
test_percent (void)
{
  g_assert_false (ld_delta_exceeds (&percent_50, 2, 1.00, 1.50));
  g_assert_true (ld_delta_exceeds (&percent_50, 2, 1.00, 1.51));
  g_assert_false (ld_delta_exceeds (&percent_50, 2, 1.00, 0.50));
  g_assert_true (ld_delta_exceeds (&percent_50, 2, 1.00, 0.49));
  g_assert_false (ld_delta_exceeds (&percent_12_5, 1, 8.0, 9.0));
  g_assert_true (ld_delta_exceeds (&percent_12_5, 1, 8.0, 9.1));
  g_assert_false (ld_delta_exceeds (&percent_50, 1, -2.0, -3.0));
  g_assert_true (ld_delta_exceeds (&percent_50, 1, -2.0, -3.1));
  g_assert_false (ld_delta_exceeds (&percent_50, 1, 0.0, 0.0));
  g_assert_true (ld_delta_exceeds (&percent_50, 1, 0.0, 0.1));
  g_assert_true (ld_delta_exceeds (&percent_50, 1, 0.0, -0.1));
}

static void
assert_member_double (JsonObject *object,
                      const char *name,
                      double      value)
{
  g_assert_true (json_object_has_member (object, name));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, name), value, 1e-9);
}

/* The flag a result carries: the previous value, when, and the change. */
static void
test_flag (void)
{
  LdDeltaPrevious previous = { "r-1", "12.1", 12.1, 1795776000000000 };
  LdDeltaPrevious zero = { "r-2", "0.0", 0.0, 1795776000000000 };
  g_autoptr(JsonNode) flag = ld_delta_flag (&absolute_2, 1, &previous, 9.9);
  g_autoptr(JsonNode) none = ld_delta_flag (&absolute_2, 1, &previous, 10.1);
  g_autoptr(JsonNode) from_zero = ld_delta_flag (&percent_50, 1, &zero, 0.4);
  LdDeltaCheck off = { FALSE, LD_DELTA_ABSOLUTE, 0, 0 };
  g_autoptr(JsonNode) unchecked = ld_delta_flag (&off, 1, &previous, 99.0);
  JsonObject *object;

  g_assert_null (none);
  g_assert_null (unchecked);
  g_assert_nonnull (flag);
  object = json_node_get_object (flag);
  g_assert_cmpstr (json_object_get_string_member (object, "previous_result_id"), ==, "r-1");
  g_assert_cmpstr (json_object_get_string_member (object, "previous_value"), ==, "12.1");
  g_assert_cmpstr (json_object_get_string_member (object, "previous_collected_at"), ==,
                   "2026-11-27T10:40:00.000Z");
  assert_member_double (object, "difference", -2.2);
  assert_member_double (object, "percent", -18.2);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "absolute");
  assert_member_double (object, "limit", 2.0);
  g_assert_cmpint (json_object_get_int_member (object, "window_days"), ==, 30);

  g_assert_nonnull (from_zero);
  object = json_node_get_object (from_zero);
  assert_member_double (object, "difference", 0.4);
  g_assert_true (json_node_is_null (json_object_get_member (object, "percent")));
}

static LdCatalogTest *
read_test (const char  *json,
           GError     **error)
{
  g_autoptr(JsonObject) object = ld_json_parse_object (json, -1, NULL);
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();

  test->result_type = LD_RESULT_NUMERIC;
  ld_catalog_test_read_json (test, reader, FALSE);
  if (!ld_json_reader_finish (reader, error))
    return NULL;
  return g_steal_pointer (&test);
}

/* What the catalogue takes as a delta check, and what it refuses. */
static void
test_catalogue_member (void)
{
  static const struct
  {
    const char *json;
    const char *field;     /* NULL: accepted */
    const char *problem;
  } refused[] = {
    { "{\"delta_check\": {\"type\": \"absolute\", \"limit\": 0, \"window_days\": 30}}",
      "delta_check.limit", "must be above 0" },
    { "{\"delta_check\": {\"type\": \"absolute\", \"limit\": -1.5, \"window_days\": 30}}",
      "delta_check.limit", "must be above 0" },
    { "{\"delta_check\": {\"type\": \"absolute\", \"limit\": 1000001, \"window_days\": 30}}",
      "delta_check.limit", "must be at most 1000000" },
    { "{\"delta_check\": {\"type\": \"percent\", \"limit\": 1000.5, \"window_days\": 30}}",
      "delta_check.limit", "must be at most 1000 percent" },
    { "{\"delta_check\": {\"type\": \"percent\", \"limit\": 10, \"window_days\": 0}}",
      "delta_check.window_days", "must be from 1 to 3650" },
    { "{\"delta_check\": {\"type\": \"percent\", \"limit\": 10, \"window_days\": 3651}}",
      "delta_check.window_days", "must be from 1 to 3650" },
    { "{\"delta_check\": {\"type\": \"percent\", \"limit\": 10, \"window_days\": 1.5}}",
      "delta_check.window_days", "must be a whole number" },
    { "{\"delta_check\": {\"type\": \"relative\", \"limit\": 10, \"window_days\": 7}}",
      "delta_check.type", "must be absolute or percent" },
    { "{\"delta_check\": {\"type\": \"percent\", \"limit\": \"10\", \"window_days\": 7}}",
      "delta_check.limit", "must be a number" },
    { "{\"delta_check\": {\"type\": \"percent\", \"limit\": 10}}", "delta_check.window_days",
      "is required" },
    { "{\"delta_check\": 10}", "delta_check", "must be an object" },
    { "{\"result_type\": \"text\", \"delta_check\": {\"type\": \"percent\", \"limit\": 10, "
      "\"window_days\": 7}}",
      "delta_check", "is only for numeric tests" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(LdCatalogTest) cleared = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) written = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) problem = NULL;
      g_autoptr(LdCatalogTest) none = read_test (refused[i].json, &problem);

      g_test_message ("%s", refused[i].json);
      g_assert_null (none);
      g_assert_error (problem, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
      g_assert_cmpstr (g_hash_table_lookup (ld_api_error_get_fields (problem), refused[i].field),
                       ==, refused[i].problem);
    }

  /* An unknown member is named, as everywhere. */
  g_assert_null (
    read_test ("{\"delta_check\": {\"type\": \"percent\", \"limit\": 10, \"window_days\": 7,"
               " \"colour\": 1}}",
               &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "delta_check.colour"));
  g_clear_error (&error);

  test =
    read_test ("{\"delta_check\": {\"type\": \"percent\", \"limit\": 1000, \"window_days\": 3650}}",
               &error);
  g_assert_no_error (error);
  g_assert_true (test->delta_check.active);
  g_assert_cmpint (test->delta_check.type, ==, LD_DELTA_PERCENT);
  json_builder_begin_object (builder);
  ld_delta_check_to_json (&test->delta_check, builder, "delta_check");
  json_builder_end_object (builder);
  written = json_builder_get_root (builder);
  text = ld_json_to_string (written);
  g_assert_cmpstr (
    text, ==, "{\"delta_check\":{\"type\":\"percent\",\"limit\":1000.0,\"window_days\":3650}}");

  cleared = read_test ("{\"delta_check\": null}", &error);
  g_assert_no_error (error);
  g_assert_false (cleared->delta_check.active);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/delta/absolute", test_absolute);
  g_test_add_func ("/delta/percent", test_percent);
  g_test_add_func ("/delta/flag", test_flag);
  g_test_add_func ("/delta/catalogue-member", test_catalogue_member);

  return g_test_run ();
}

/* test-result-rules.c: rounding, age bands and flags, by DESIGN.md §3
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "domain/ld-result-rules.h"

/* A test read the way the catalogue file is, so the bands are real JSON. */
static LdCatalogTest *
test_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = ld_json_parse_object (json, -1, &error);
  g_autoptr(LdJsonReader) reader = NULL;
  LdCatalogTest *test = ld_catalog_test_new ();

  g_assert_no_error (error);
  reader = ld_json_reader_new (object);
  ld_catalog_test_read_json (test, reader, TRUE);
  ld_json_reader_finish (reader, &error);
  g_assert_no_error (error);
  return test;
}

/* Haemoglobin from data/catalog.json. */
#define HB_JSON \
  "{\"code\": \"HB\", \"name\": \"Haemoglobin\", \"specimen\": \"whole blood\", \"container\": \"EDTA\"," \
  " \"unit\": \"g/dL\", \"result_type\": \"numeric\", \"decimals\": 1, \"price_paise\": 10000," \
  " \"turnaround_hours\": 6, \"reference_ranges\": [" \
  "  {\"sex\": \"male\", \"age_min_years\": 18, \"age_max_years\": null, \"low\": 13.0, \"high\": 17.0}," \
  "  {\"sex\": \"female\", \"age_min_years\": 18, \"age_max_years\": null, \"low\": 12.0, \"high\": 15.0}," \
  "  {\"sex\": \"any\", \"age_min_years\": 1, \"age_max_years\": 18, \"low\": 11.5, \"high\": 15.5}]," \
  " \"critical_low\": 7.0, \"critical_high\": 20.0}"

static void
test_rounding_is_decimal (void)
{
  static const struct
  {
    const char *text;
    gint64      decimals;
    const char *reported;
  } cases[] = {
    { "2.25", 1, "2.3" },
    { "2.24", 1, "2.2" },
    { "-2.25", 1, "-2.3" },
    { "12", 1, "12.0" },
    { " 7.0 ", 1, "7.0" },
    { "0.049", 1, "0.0" },
    { "-0.04", 1, "0.0" },
    { "99.95", 1, "100.0" },
    { "4.5", 0, "5" },
    { ".5", 0, "1" },
    { "1.23456789", 6, "1.234568" },
    { "+3", 2, "3.00" },
  };
  static const char * const refused[] = {
    "", "abc", "1e3", "1,5", "12.3.4", "--1", "NaN", "inf", "1 2", "9999999999999", ".", "-",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double value = 0;
      g_autofree char *reported = ld_result_round_numeric (cases[i].text, cases[i].decimals, &value);

      g_assert_cmpstr (reported, ==, cases[i].reported);
      g_assert_cmpfloat (value, ==, g_ascii_strtod (cases[i].reported, NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *reported = ld_result_round_numeric (refused[i], 1, NULL);

      g_test_message ("refused: '%s'", refused[i]);
      g_assert_null (reported);
    }
}

static void
test_age_in_whole_years (void)
{
  g_assert_cmpint (ld_result_age_on ("2008-11-23", -1, "2026-11-22"), ==, 17);
  g_assert_cmpint (ld_result_age_on ("2008-11-22", -1, "2026-11-22"), ==, 18);
  g_assert_cmpint (ld_result_age_on ("2008-02-29", -1, "2026-02-28"), ==, 17);
  g_assert_cmpint (ld_result_age_on ("2008-02-29", -1, "2026-03-01"), ==, 18);
  g_assert_cmpint (ld_result_age_on (NULL, 42, "2026-11-22"), ==, 42);
  g_assert_cmpint (ld_result_age_on ("2030-01-01", -1, "2026-11-22"), ==, -1);
}

static const char *
flag_of (const LdCatalogTest *test,
         LdSex                sex,
         gint64               age,
         const char          *text)
{
  double value = 0;
  g_autofree char *reported = ld_result_round_numeric (text, test->decimals, &value);

  g_assert_nonnull (reported);
  return ld_result_flag_to_string (ld_result_flag_numeric (test, ld_result_pick_range (test, sex, age), value));
}

static void
test_numeric_flags (void)
{
  g_autoptr(LdCatalogTest) hb = test_from_json (HB_JSON);

  /* The sex's own band; a limit itself is normal. */
  g_assert_cmpstr (flag_of (hb, LD_SEX_MALE, 40, "13.0"), ==, "normal");
  g_assert_cmpstr (flag_of (hb, LD_SEX_MALE, 40, "12.9"), ==, "low");
  g_assert_cmpstr (flag_of (hb, LD_SEX_FEMALE, 40, "12.9"), ==, "normal");
  g_assert_cmpstr (flag_of (hb, LD_SEX_FEMALE, 40, "15.1"), ==, "high");
  /* What is reported is what is flagged: 12.96 reports 13.0. */
  g_assert_cmpstr (flag_of (hb, LD_SEX_MALE, 40, "12.96"), ==, "normal");
  g_assert_cmpstr (flag_of (hb, LD_SEX_MALE, 40, "12.94"), ==, "low");
  /* [1, 18): at 17 the children's band, at 18 the adults'. */
  g_assert_cmpstr (flag_of (hb, LD_SEX_MALE, 17, "15.5"), ==, "normal");
  g_assert_cmpstr (flag_of (hb, LD_SEX_MALE, 18, "12.5"), ==, "low");
  /* Critical limits at every age, and before low and high. */
  g_assert_cmpstr (flag_of (hb, LD_SEX_FEMALE, 40, "6.9"), ==, "critical_low");
  g_assert_cmpstr (flag_of (hb, LD_SEX_FEMALE, 40, "7.0"), ==, "low");
  g_assert_cmpstr (flag_of (hb, LD_SEX_MALE, 40, "20.1"), ==, "critical_high");
  g_assert_cmpstr (flag_of (hb, LD_SEX_MALE, 0, "25.0"), ==, "critical_high");
  /* No band for a baby, an adult of other or unknown sex: never a guess. */
  g_assert_cmpstr (flag_of (hb, LD_SEX_MALE, 0, "14.0"), ==, "no_reference_interval");
  g_assert_cmpstr (flag_of (hb, LD_SEX_OTHER, 40, "14.0"), ==, "no_reference_interval");
  g_assert_cmpstr (flag_of (hb, LD_SEX_UNKNOWN, 10, "14.0"), ==, "normal");
  g_assert_cmpstr (flag_of (hb, LD_SEX_MALE, -1, "14.0"), ==, "no_reference_interval");
}

static void
test_open_ended_and_choice_flags (void)
{
  g_autoptr(LdCatalogTest) hdl = test_from_json (
    "{\"code\": \"HDL\", \"name\": \"HDL\", \"specimen\": \"serum\", \"container\": \"plain\", \"unit\": \"mg/dL\","
    " \"result_type\": \"numeric\", \"decimals\": 0, \"price_paise\": 1, \"turnaround_hours\": 6,"
    " \"reference_ranges\": [{\"sex\": \"male\", \"age_min_years\": 18, \"age_max_years\": null,"
    " \"low\": 40, \"high\": null}]}");
  g_autoptr(LdCatalogTest) urine = test_from_json (
    "{\"code\": \"UPRO\", \"name\": \"Urine protein\", \"specimen\": \"urine\", \"container\": \"cup\", \"unit\": \"\","
    " \"result_type\": \"choice\", \"decimals\": 0, \"price_paise\": 1, \"turnaround_hours\": 6,"
    " \"choices\": [\"Negative\", \"Trace\", \"1+\"], \"normal_choices\": [\"Negative\"]}");
  g_autoptr(LdCatalogTest) group = test_from_json (
    "{\"code\": \"ABORH\", \"name\": \"Blood group\", \"specimen\": \"blood\", \"container\": \"EDTA\", \"unit\": \"\","
    " \"result_type\": \"choice\", \"decimals\": 0, \"price_paise\": 1, \"turnaround_hours\": 6,"
    " \"choices\": [\"A positive\", \"O negative\"]}");

  g_assert_cmpstr (flag_of (hdl, LD_SEX_MALE, 50, "39"), ==, "low");
  g_assert_cmpstr (flag_of (hdl, LD_SEX_MALE, 50, "400"), ==, "normal");
  g_assert_cmpint (ld_result_flag_choice (urine, "Negative"), ==, LD_FLAG_NORMAL);
  g_assert_cmpint (ld_result_flag_choice (urine, "Trace"), ==, LD_FLAG_ABNORMAL);
  g_assert_cmpint (ld_result_flag_choice (group, "O negative"), ==, LD_FLAG_NONE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/result-rules/rounding-is-decimal", test_rounding_is_decimal);
  g_test_add_func ("/result-rules/age-in-whole-years", test_age_in_whole_years);
  g_test_add_func ("/result-rules/numeric-flags", test_numeric_flags);
  g_test_add_func ("/result-rules/open-ended-and-choice-flags", test_open_ended_and_choice_flags);

  return g_test_run ();
}

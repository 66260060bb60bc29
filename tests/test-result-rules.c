/* test-result-rules.c: rounding, age bands and flags, by DESIGN.md §3
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-flag.h"

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
#define HB_JSON                                                                                  \
  "{\"code\": \"HB\", \"name\": \"Haemoglobin\", \"specimen\": \"whole blood\", \"container\": " \
  "\"EDTA\","                                                                                    \
  " \"unit\": \"g/dL\", \"result_type\": \"numeric\","                                           \
  " \"department\": \"serology\", \"decimals\": 1, \"price_paise\": 10000,"                      \
  " \"turnaround_hours\": 6, \"reference_ranges\": ["                                            \
  "  {\"sex\": \"male\", \"age_min_years\": 18, \"age_max_years\": null, \"low\": 13.0, "        \
  "\"high\": 17.0},"                                                                             \
  "  {\"sex\": \"female\", \"age_min_years\": 18, \"age_max_years\": null, \"low\": 12.0, "      \
  "\"high\": 15.0},"                                                                             \
  "  {\"sex\": \"any\", \"age_min_years\": 1, \"age_max_years\": 18, \"low\": 11.5, \"high\": "  \
  "15.5}],"                                                                                      \
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
      double           value = 0;
      g_autofree char *reported =
        ld_result_round_numeric (cases[i].text, cases[i].decimals, &value);

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
  return ld_result_flag_to_string (
    ld_result_flag_numeric (test, ld_result_pick_range (test, sex, age), value));
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
    "{\"code\": \"HDL\", \"name\": \"HDL\", \"specimen\": \"serum\", \"container\": \"plain\", "
    "\"unit\": \"mg/dL\","
    " \"result_type\": \"numeric\","
    " \"department\": \"serology\", \"decimals\": 0, \"price_paise\": 1, \"turnaround_hours\": 6,"
    " \"reference_ranges\": [{\"sex\": \"male\", \"age_min_years\": 18, \"age_max_years\": null,"
    " \"low\": 40, \"high\": null}]}");
  g_autoptr(LdCatalogTest) urine = test_from_json (
    "{\"code\": \"UPRO\", \"name\": \"Urine protein\", \"specimen\": \"urine\", \"container\": "
    "\"cup\", \"unit\": \"\","
    " \"result_type\": \"choice\","
    " \"department\": \"serology\", \"decimals\": 0, \"price_paise\": 1, \"turnaround_hours\": 6,"
    " \"choices\": [\"Negative\", \"Trace\", \"1+\"], \"normal_choices\": [\"Negative\"]}");
  g_autoptr(LdCatalogTest) group = test_from_json (
    "{\"code\": \"ABORH\", \"name\": \"Blood group\", \"specimen\": \"blood\", \"container\": "
    "\"EDTA\", \"unit\": \"\","
    " \"result_type\": \"choice\","
    " \"department\": \"serology\", \"decimals\": 0, \"price_paise\": 1, \"turnaround_hours\": 6,"
    " \"choices\": [\"A positive\", \"O negative\"]}");

  g_assert_cmpstr (flag_of (hdl, LD_SEX_MALE, 50, "39"), ==, "low");
  g_assert_cmpstr (flag_of (hdl, LD_SEX_MALE, 50, "400"), ==, "normal");
  g_assert_cmpint (ld_result_flag_choice (urine, "Negative"), ==, LD_FLAG_NORMAL);
  g_assert_cmpint (ld_result_flag_choice (urine, "Trace"), ==, LD_FLAG_ABNORMAL);
  g_assert_cmpint (ld_result_flag_choice (group, "O negative"), ==, LD_FLAG_NONE);
}

/* The real catalogue, data/catalog.json, by code. */
static GHashTable *
load_catalogue (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalog.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  GHashTable *tests =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ld_catalog_test_free);
  JsonArray *list;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  root = ld_json_parse_object (contents, -1, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (root, "tests");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_autoptr(LdJsonReader) reader = ld_json_reader_new (json_array_get_object_element (list, i));
      LdCatalogTest *test = ld_catalog_test_new ();

      ld_catalog_test_read_json (test, reader, TRUE);
      ld_json_reader_finish (reader, &error);
      g_assert_no_error (error);
      g_hash_table_insert (tests, test->code, test);
    }

  return tests;
}

/* What the server reports and flags for a value typed for a patient. */
typedef struct
{
  const char *code;
  LdSex       sex;
  gint64      age;
  const char *typed;
  const char *reported;
  const char *flag;
  const char *range;   /* the band's text, or NULL for none */
} FlagCase;

static void
check_case (GHashTable     *catalogue,
            const FlagCase *c)
{
  const LdCatalogTest *test = g_hash_table_lookup (catalogue, c->code);
  g_auto(LdResultReading) reading = {
    NULL,
  };
  g_autofree char *problem = NULL;
  g_autoptr(JsonNode) band = NULL;
  const char *field = NULL;
  JsonObject *range;

  g_assert_nonnull (test);
  range = ld_result_pick_range (test, c->sex, c->age);
  problem = ld_result_read_value (test, range, c->typed, FALSE, &reading, &field);
  g_test_message ("%s %s %" G_GINT64_FORMAT " y, \"%s\"", c->code, ld_sex_to_string (c->sex),
                  c->age, c->typed);
  g_assert_null (problem);
  g_assert_cmpstr (reading.value, ==, c->reported);
  g_assert_cmpstr (ld_result_flag_to_string (reading.flag), ==, c->flag);
  if (c->range == NULL)
    g_assert_null (range);
  else
    {
      g_assert_nonnull (range);
      band = ld_result_describe_range (range, test->decimals);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (band), "text"), ==,
                       c->range);
    }
}

/* The flag rule over the real catalogue: both sexes and "any" bands,
 * children and adults with the age bands' edges, open-ended ranges,
 * critical limits (also where no band applies), choices and tests with no
 * interval for the patient's age. */
static void
test_catalogue_flags (void)
{
  static const FlagCase cases[] = {
    /* Haemoglobin: a band per adult sex, one for any child of 1 to 17. */
    { "HB", LD_SEX_FEMALE, 42, "12.0", "12.0", "normal", "12.0–15.0" },
    { "HB", LD_SEX_FEMALE, 42, "11.96", "12.0", "normal", "12.0–15.0" },
    { "HB", LD_SEX_FEMALE, 42, "11.94", "11.9", "low", "12.0–15.0" },
    { "HB", LD_SEX_MALE, 42, "12.5", "12.5", "low", "13.0–17.0" },
    { "HB", LD_SEX_MALE, 42, "17.1", "17.1", "high", "13.0–17.0" },
    { "HB", LD_SEX_MALE, 17, "12.5", "12.5", "normal", "11.5–15.5" },
    { "HB", LD_SEX_MALE, 18, "12.5", "12.5", "low", "13.0–17.0" },
    { "HB", LD_SEX_FEMALE, 1, "11.4", "11.4", "low", "11.5–15.5" },
    { "HB", LD_SEX_FEMALE, 0, "11.4", "11.4", "no_reference_interval", NULL },
    { "HB", LD_SEX_FEMALE, 0, "6.9", "6.9", "critical_low", NULL },
    { "HB", LD_SEX_OTHER, 30, "14.0", "14.0", "no_reference_interval", NULL },
    { "HB", LD_SEX_UNKNOWN, 30, "20.5", "20.5", "critical_high", NULL },
    /* White cells: "any" bands for adults and children, with an edge at 18. */
    { "WBC", LD_SEX_MALE, 17, "12.0", "12.0", "normal", "4.5–13.5" },
    { "WBC", LD_SEX_MALE, 18, "12.0", "12.0", "high", "4.0–11.0" },
    { "WBC", LD_SEX_OTHER, 40, "1.9", "1.9", "critical_low", "4.0–11.0" },
    { "WBC", LD_SEX_FEMALE, 40, "30.0", "30.0", "high", "4.0–11.0" },
    { "WBC", LD_SEX_FEMALE, 40, "30.1", "30.1", "critical_high", "4.0–11.0" },
    /* Creatinine: two decimals, sex bands for adults only. */
    { "CREA", LD_SEX_FEMALE, 30, "1.2", "1.20", "high", "0.60–1.10" },
    { "CREA", LD_SEX_MALE, 30, "1.2", "1.20", "normal", "0.70–1.30" },
    { "CREA", LD_SEX_MALE, 12, "0.5", "0.50", "no_reference_interval", NULL },
    /* Potassium: any age, critical limits both ways; a limit is normal. */
    { "K", LD_SEX_MALE, 5, "5.1", "5.1", "normal", "3.5–5.1" },
    { "K", LD_SEX_MALE, 5, "5.15", "5.2", "high", "3.5–5.1" },
    { "K", LD_SEX_FEMALE, 70, "6.2", "6.2", "high", "3.5–5.1" },
    { "K", LD_SEX_FEMALE, 70, "6.25", "6.3", "critical_high", "3.5–5.1" },
    { "K", LD_SEX_FEMALE, 70, "2.7", "2.7", "critical_low", "3.5–5.1" },
    /* Calcium: critical limits hold for a child no band covers. */
    { "CA", LD_SEX_MALE, 9, "5.9", "5.9", "critical_low", NULL },
    { "CA", LD_SEX_MALE, 9, "9.0", "9.0", "no_reference_interval", NULL },
    /* Open-ended: cholesterol and triglycerides from above, HDL from below. */
    { "CHOL", LD_SEX_MALE, 50, "200", "200", "normal", "≤ 200" },
    { "CHOL", LD_SEX_MALE, 50, "201", "201", "high", "≤ 200" },
    { "TG", LD_SEX_FEMALE, 50, "149.6", "150", "normal", "≤ 150" },
    { "HDL", LD_SEX_FEMALE, 50, "49", "49", "low", "≥ 50" },
    { "HDL", LD_SEX_MALE, 50, "49", "49", "normal", "≥ 40" },
    { "HDL", LD_SEX_MALE, 50, "95", "95", "normal", "≥ 40" },
    { "CRP", LD_SEX_MALE, 3, "0.4", "0.4", "normal", "≤ 5.0" },
    /* Glucose: any age from birth, critical either way. */
    { "GLUF", LD_SEX_FEMALE, 0, "49", "49", "critical_low", "70–99" },
    { "GLUF", LD_SEX_FEMALE, 60, "401", "401", "critical_high", "70–99" },
    /* Three decimals, and a limit met exactly after rounding. */
    { "USG", LD_SEX_MALE, 30, "1.0304", "1.030", "normal", "1.005–1.030" },
    { "USG", LD_SEX_MALE, 30, "1.0305", "1.031", "high", "1.005–1.030" },
    /* Choices: the normal one, another, and a test with no normal choice. */
    { "UPRO", LD_SEX_FEMALE, 30, "Negative", "Negative", "normal", NULL },
    { "UPRO", LD_SEX_FEMALE, 30, "2+", "2+", "abnormal", NULL },
    { "ABORH", LD_SEX_MALE, 30, "O negative", "O negative", "none", NULL },
  };
  g_autoptr(GHashTable) catalogue = load_catalogue ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_case (catalogue, &cases[i]);
}

/* What is refused, and why, for each kind of test. */
static void
test_values_refused (void)
{
  static const struct
  {
    const char *code;
    const char *typed;
    gboolean    abnormal;
    const char *field;
    const char *problem;
  } cases[] = {
    { "HB", "12,5", FALSE, "value", "must be a number such as 12.5" },
    { "HB", "1e2", FALSE, "value", "must be a number such as 12.5" },
    { "HB", "", FALSE, "value", "must be a number such as 12.5" },
    { "HB", "12", TRUE, "abnormal", "is only for text results" },
    { "UPRO", "negative", FALSE, "value", "must be one of Negative, Trace, 1+, 2+, 3+, 4+" },
    { "ABORH", "O", FALSE, "value",
      "must be one of A positive, A negative, B positive, B negative, AB positive,"
      " AB negative, O positive, O negative" },
    { "UGLU", "Negative", TRUE, "abnormal", "is only for text results" },
  };
  g_autoptr(GHashTable) catalogue = load_catalogue ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const LdCatalogTest *test = g_hash_table_lookup (catalogue, cases[i].code);
      g_auto(LdResultReading) reading = {
        NULL,
      };
      g_autofree char *problem = NULL;
      const char *field = NULL;

      problem = ld_result_read_value (test, ld_result_pick_range (test, LD_SEX_MALE, 40),
                                      cases[i].typed, cases[i].abnormal, &reading, &field);
      g_assert_cmpstr (problem, ==, cases[i].problem);
      g_assert_cmpstr (field, ==, cases[i].field);
      g_assert_null (reading.value);
    }
}

/* Reads @typed for @test; asserts the value and flag, or the problem. */
static void
assert_reading (const LdCatalogTest *test,
                const char          *typed,
                gboolean             abnormal,
                const char          *value,
                LdResultFlag         flag,
                const char          *problem)
{
  g_auto(LdResultReading) reading = {
    NULL,
  };
  g_autofree char *found = NULL;
  const char *field = NULL;

  found = ld_result_read_value (test, NULL, typed, abnormal, &reading, &field);
  g_assert_cmpstr (found, ==, problem);
  g_assert_cmpstr (reading.value, ==, value);
  if (problem == NULL)
    g_assert_cmpint (reading.flag, ==, flag);
}

/* Free text: kept as typed (trimmed), abnormal only when marked. */
static void
test_text_values (void)
{
  g_autoptr(LdCatalogTest) smear =
               test_from_json ("{\"code\": \"SMEAR\", \"name\": \"Smear\", \"specimen\": "
                               "\"blood\", \"container\": \"EDTA\", \"unit\": \"\","
                               " \"result_type\": \"text\","
                               " \"department\": \"serology\", \"decimals\": 0, \"price_paise\": 1,"
                               " \"turnaround_hours\": 24}");
  g_autofree char *long_text = g_strnfill (LD_RESULT_MAX_TEXT_CHARS + 1, 'a');

  assert_reading (smear, "  Target cells  ", TRUE, "Target cells", LD_FLAG_ABNORMAL, NULL);
  assert_reading (smear, "Normal", FALSE, "Normal", LD_FLAG_NONE, NULL);
  assert_reading (smear, " ", FALSE, NULL, LD_FLAG_NONE, "must not be empty");
  assert_reading (smear, long_text, FALSE, NULL, LD_FLAG_NONE, "is too long");
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
  g_test_add_func ("/result-rules/catalogue-flags", test_catalogue_flags);
  g_test_add_func ("/result-rules/values-refused", test_values_refused);
  g_test_add_func ("/result-rules/text-values", test_text_values);

  return g_test_run ();
}

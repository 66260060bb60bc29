/* test-age.c: ages in days, months and years, and the band they choose
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-age.h"
#include "ld-error.h"
#include "ld-flag.h"

static gint64
completed (const char *born,
           const char *on,
           LdAgeUnit   unit)
{
  LdAge age;

  ld_age_on (born, -1, on, &age);
  g_assert_true (age.known);
  g_assert_cmpint (age.least[unit], ==, age.most[unit]);
  return age.least[unit];
}

/* Completed days: the day of birth is day 0, each midnight adds one. */
static void
test_days (void)
{
  g_assert_cmpint (completed ("2026-01-01", "2026-01-01", LD_AGE_DAYS), ==, 0);
  g_assert_cmpint (completed ("2026-01-01", "2026-01-02", LD_AGE_DAYS), ==, 1);
  g_assert_cmpint (completed ("2026-01-28", "2026-02-04", LD_AGE_DAYS), ==, 7);
  /* A leap year's 29 February is a day like any other. */
  g_assert_cmpint (completed ("2024-02-28", "2024-03-01", LD_AGE_DAYS), ==, 2);
  g_assert_cmpint (completed ("2025-02-28", "2025-03-01", LD_AGE_DAYS), ==, 1);
  g_assert_cmpint (completed ("2025-12-31", "2026-01-01", LD_AGE_DAYS), ==, 1);
  g_assert_cmpint (completed ("2024-01-01", "2025-01-01", LD_AGE_DAYS), ==, 366);
}

/* Completed calendar months: on the day of the month of birth, or, when
 * the month has no such day, on the first of the next month. */
static void
test_months (void)
{
  g_assert_cmpint (completed ("2026-01-15", "2026-02-14", LD_AGE_MONTHS), ==, 0);
  g_assert_cmpint (completed ("2026-01-15", "2026-02-15", LD_AGE_MONTHS), ==, 1);
  /* Born 31 January: 0 months on 28 February (29 in a leap year), 1 month
   * on 1 March; 1 month still on 30 March, 2 months on 31 March. */
  g_assert_cmpint (completed ("2026-01-31", "2026-02-28", LD_AGE_MONTHS), ==, 0);
  g_assert_cmpint (completed ("2026-01-31", "2026-03-01", LD_AGE_MONTHS), ==, 1);
  g_assert_cmpint (completed ("2024-01-31", "2024-02-29", LD_AGE_MONTHS), ==, 0);
  g_assert_cmpint (completed ("2024-01-31", "2024-03-01", LD_AGE_MONTHS), ==, 1);
  g_assert_cmpint (completed ("2026-01-31", "2026-03-30", LD_AGE_MONTHS), ==, 1);
  g_assert_cmpint (completed ("2026-01-31", "2026-03-31", LD_AGE_MONTHS), ==, 2);
  /* Across a year's end, and the day of birth. */
  g_assert_cmpint (completed ("2025-12-31", "2026-01-31", LD_AGE_MONTHS), ==, 1);
  g_assert_cmpint (completed ("2025-11-30", "2026-02-28", LD_AGE_MONTHS), ==, 2);
  g_assert_cmpint (completed ("2026-03-01", "2026-03-01", LD_AGE_MONTHS), ==, 0);
}

/* Completed years: twelve completed months, so 29 February completes a
 * year on 1 March in a common year, as the years-only rule always did. */
static void
test_years (void)
{
  g_assert_cmpint (completed ("2008-11-23", "2026-11-22", LD_AGE_YEARS), ==, 17);
  g_assert_cmpint (completed ("2008-11-22", "2026-11-22", LD_AGE_YEARS), ==, 18);
  g_assert_cmpint (completed ("2008-02-29", "2026-02-28", LD_AGE_YEARS), ==, 17);
  g_assert_cmpint (completed ("2008-02-29", "2026-03-01", LD_AGE_YEARS), ==, 18);
  g_assert_cmpint (completed ("2008-02-29", "2028-02-29", LD_AGE_YEARS), ==, 20);
  g_assert_cmpint (completed ("2026-05-05", "2027-05-04", LD_AGE_YEARS), ==, 0);
}

static void
test_unknown_and_years_only (void)
{
  LdAge age;

  ld_age_on ("2030-01-01", -1, "2026-11-22", &age);
  g_assert_false (age.known);
  ld_age_on ("2026-13-01", -1, "2026-11-22", &age);
  g_assert_false (age.known);
  ld_age_on (NULL, -1, "2026-11-22", &age);
  g_assert_false (age.known);

  /* Known only as 2 years old: 24 to 35 months, 730 to 1097 days. */
  ld_age_on (NULL, 2, "2026-11-22", &age);
  g_assert_true (age.known);
  g_assert_cmpint (age.least[LD_AGE_YEARS], ==, 2);
  g_assert_cmpint (age.most[LD_AGE_YEARS], ==, 2);
  g_assert_cmpint (age.least[LD_AGE_MONTHS], ==, 24);
  g_assert_cmpint (age.most[LD_AGE_MONTHS], ==, 35);
  g_assert_cmpint (age.least[LD_AGE_DAYS], ==, 730);
  g_assert_cmpint (age.most[LD_AGE_DAYS], ==, 1097);
}

static JsonObject *
band (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = ld_json_parse_object (json, -1, &error);

  g_assert_no_error (error);
  return object;
}

/* Each end of a band is compared in its own unit; the upper end is
 * exclusive; an age known in years alone fits a band in days or months
 * only when the whole year does. */
static void
test_band_ends (void)
{
  g_autoptr(JsonObject) infant =
               band ("{\"sex\": \"any\", \"age_from\": {\"value\": 15, \"unit\": \"days\"},"
                     " \"age_to\": {\"value\": 2, \"unit\": \"months\"}}");
  g_autoptr(JsonObject) open =
               band ("{\"sex\": \"any\", \"age_from\": {\"value\": 18, \"unit\": \"years\"},"
                     " \"age_to\": null}");
  g_autoptr(JsonObject) toddler =
               band ("{\"sex\": \"any\", \"age_from\": {\"value\": 6, \"unit\": \"months\"},"
                     " \"age_to\": {\"value\": 3, \"unit\": \"years\"}}");
  LdAge age;

  ld_age_on ("2026-01-31", -1, "2026-02-14", &age);   /* 14 days */
  g_assert_false (ld_age_in_band (&age, infant));
  ld_age_on ("2026-01-31", -1, "2026-02-15", &age);   /* 15 days */
  g_assert_true (ld_age_in_band (&age, infant));
  ld_age_on ("2026-01-31", -1, "2026-03-30", &age);   /* 58 days, 1 month */
  g_assert_true (ld_age_in_band (&age, infant));
  ld_age_on ("2026-01-31", -1, "2026-03-31", &age);   /* 2 months */
  g_assert_false (ld_age_in_band (&age, infant));

  ld_age_on ("2008-11-23", -1, "2026-11-22", &age);
  g_assert_false (ld_age_in_band (&age, open));
  ld_age_on ("2008-11-23", -1, "2026-11-23", &age);
  g_assert_true (ld_age_in_band (&age, open));

  ld_age_from_years (0, &age);
  g_assert_false (ld_age_in_band (&age, infant));
  g_assert_false (ld_age_in_band (&age, toddler));
  ld_age_from_years (1, &age);
  g_assert_true (ld_age_in_band (&age, toddler));
  ld_age_from_years (2, &age);
  g_assert_true (ld_age_in_band (&age, toddler));
  ld_age_from_years (3, &age);
  g_assert_false (ld_age_in_band (&age, toddler));
  ld_age_from_years (-1, &age);
  g_assert_false (ld_age_in_band (&age, open));
}

/* The real catalogue's haemoglobin, by test code. */
static LdCatalogTest *
catalogue_test (const char *code)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalog.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonArray *list;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  root = ld_json_parse_object (contents, -1, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (root, "tests");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *object = json_array_get_object_element (list, i);
      g_autoptr(LdJsonReader) reader = NULL;
      LdCatalogTest *test;

      if (g_strcmp0 (json_object_get_string_member (object, "code"), code) != 0)
        continue;
      reader = ld_json_reader_new (object);
      test = ld_catalog_test_new ();
      ld_catalog_test_read_json (test, reader, TRUE);
      ld_json_reader_finish (reader, &error);
      g_assert_no_error (error);
      return test;
    }

  g_assert_not_reached ();
}

/* The text of the band chosen for someone born @born, on @on. */
static char *
band_text (const LdCatalogTest *test,
           LdSex                sex,
           const char          *born,
           const char          *on)
{
  LdAge age;
  JsonObject *range;
  g_autoptr(JsonNode) described = NULL;

  ld_age_on (born, -1, on, &age);
  range = ld_result_pick_range_for_age (test, sex, &age);
  if (range == NULL)
    return NULL;
  described = ld_result_describe_range (range, test->decimals);
  return g_strdup (json_object_get_string_member (json_node_get_object (described), "text"));
}

/* Every edge of the newborn's and infant's bands of data/catalog.json. */
static void
test_catalogue_infant_bands (void)
{
  static const struct
  {
    const char *code;
    LdSex       sex;
    const char *born;
    const char *on;
    const char *text;
  } cases[] = {
    { "HB", LD_SEX_FEMALE, "2026-01-31", "2026-01-31", "14.5–22.5" }, /* day of birth */
    { "HB", LD_SEX_FEMALE, "2026-01-31", "2026-02-03", "14.5–22.5" }, /* 3 days: the band's last */
    { "HB", LD_SEX_FEMALE, "2026-01-31", "2026-02-04", "13.5–21.5" }, /* 4 days */
    { "HB", LD_SEX_MALE, "2026-01-31", "2026-02-14", "13.5–21.5" }, /* 14 days */
    { "HB", LD_SEX_MALE, "2026-01-31", "2026-02-15", "10.0–18.0" }, /* 15 days */
    { "HB", LD_SEX_MALE, "2026-01-31", "2026-03-30", "10.0–18.0" }, /* 1 month */
    { "HB", LD_SEX_MALE, "2026-01-31", "2026-03-31", "9.0–14.0" }, /* 2 months */
    { "HB", LD_SEX_MALE, "2024-01-31", "2024-03-31", "9.0–14.0" }, /* 2 months, leap year */
    { "HB", LD_SEX_OTHER, "2026-01-31", "2026-07-30", "9.0–14.0" }, /* 5 months */
    { "HB", LD_SEX_OTHER, "2026-01-31", "2026-07-31", "10.5–13.5" }, /* 6 months */
    { "HB", LD_SEX_FEMALE, "2024-02-29", "2025-02-28", "10.5–13.5" }, /* 11 months */
    { "HB", LD_SEX_FEMALE, "2024-02-29", "2025-03-01", "11.5–15.5" }, /* 1 year */
    { "HB", LD_SEX_FEMALE, "2008-02-29", "2026-02-28", "11.5–15.5" }, /* 17 years */
    { "HB", LD_SEX_FEMALE, "2008-02-29", "2026-03-01", "12.0–15.0" }, /* 18 years */
    { "TBIL", LD_SEX_MALE, "2026-01-31", "2026-01-31", "1.40–8.70" },
    { "TBIL", LD_SEX_MALE, "2026-01-31", "2026-02-01", "3.40–11.50" },
    { "TBIL", LD_SEX_MALE, "2026-01-31", "2026-02-05", "1.50–12.00" },
    { "TBIL", LD_SEX_MALE, "2026-01-31", "2026-02-06", NULL },
    { "TBIL", LD_SEX_MALE, "2026-01-31", "2026-03-01", "0.20–1.00" },
    { "ALP", LD_SEX_FEMALE, "2013-06-15", "2026-06-14", "129–417" },
    { "ALP", LD_SEX_FEMALE, "2013-06-15", "2026-06-15", "57–254" },
    { "ALP", LD_SEX_MALE, "2013-06-15", "2026-06-15", "116–468" },
    { "ALP", LD_SEX_MALE, "2008-06-15", "2026-06-15", "30–120" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdCatalogTest) test = catalogue_test (cases[i].code);
      g_autofree char *text = band_text (test, cases[i].sex, cases[i].born, cases[i].on);

      g_test_message ("%s born %s on %s", cases[i].code, cases[i].born, cases[i].on);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* A band read in either form is kept in the new one; bad ends are refused. */
static void
test_band_forms (void)
{
  static const struct
  {
    const char *ranges;
    const char *kept;      /* the first band as kept, or NULL if refused */
    const char *problem;   /* NULL with kept NULL: an unknown member */
  } cases[] = {
    { "[{\"sex\": \"any\", \"age_min_years\": 1, \"age_max_years\": 18, \"low\": 1, \"high\": 2}]",
      "{\"sex\":\"any\",\"age_from\":{\"value\":1,\"unit\":\"years\"},\"age_to\":{\"value\":18,"
      "\"unit\":\"years\"},"
      "\"low\":1.0,\"high\":2.0}",
      NULL },
    { "[{\"sex\": \"male\", \"age_min_years\": null, \"age_max_years\": null, \"high\": 2}]",
      "{\"sex\":\"male\",\"age_from\":{\"value\":0,\"unit\":\"years\"},\"age_to\":null,\"low\":"
      "null,\"high\":2.0}",
      NULL },
    { "[{\"sex\": \"any\", \"age_from\": {\"value\": 15, \"unit\": \"days\"},"
      " \"age_to\": {\"value\": 1, \"unit\": \"months\"}, \"low\": 1, \"high\": null}]",
      "{\"sex\":\"any\",\"age_from\":{\"value\":15,\"unit\":\"days\"},\"age_to\":{\"value\":1,"
      "\"unit\":\"months\"},"
      "\"low\":1.0,\"high\":null}",
      NULL },
    { "[{\"sex\": \"any\", \"age_to\": {\"value\": 7, \"unit\": \"days\"}}]",
      "{\"sex\":\"any\",\"age_from\":{\"value\":0,\"unit\":\"years\"},\"age_to\":{\"value\":7,"
      "\"unit\":\"days\"},"
      "\"low\":null,\"high\":null}",
      NULL },
    { "[{\"sex\": \"any\", \"age_from\": {\"value\": 31, \"unit\": \"days\"},"
      " \"age_to\": {\"value\": 1, \"unit\": \"months\"}}]",
      NULL, "has a range whose ages are not from a lower to a higher age" },
    { "[{\"sex\": \"any\", \"age_from\": {\"value\": 2, \"unit\": \"weeks\"}}]", NULL,
      "has an age whose unit is not days, months or years" },
    { "[{\"sex\": \"any\", \"age_from\": {\"value\": -1, \"unit\": \"days\"}}]", NULL,
      "has an age below 0 or above 150 years" },
    { "[{\"sex\": \"any\", \"age_to\": {\"value\": 1801, \"unit\": \"months\"}}]", NULL,
      "has an age below 0 or above 150 years" },
    { "[{\"sex\": \"any\", \"age_to\": {\"value\": 1.5, \"unit\": \"years\"}}]", NULL,
      "has an age whose value or unit is missing, unknown or mistyped" },
    /* An unknown member is a 400 naming it (docs/api.md), no problem. */
    { "[{\"sex\": \"any\", \"age_to\": {\"value\": 1, \"unit\": \"years\", \"colour\": 1}}]", NULL,
      NULL },
    { "[{\"sex\": \"any\", \"age_to\": {\"unit\": \"years\"}}]", NULL,
      "has an age whose value or unit is missing, unknown or mistyped" },
    { "[{\"sex\": \"any\", \"age_to\": 7}]", NULL,
      "has a range with a missing, unknown or mistyped member" },
    { "[{\"sex\": \"any\", \"age_min_years\": 1, \"age_to\": {\"value\": 7, \"unit\": \"years\"}}]",
      NULL, "has a range with ages both in years and as age_from or age_to" },
    { "[{\"sex\": \"any\", \"age_min_years\": 200}]", NULL,
      "has an age below 0 or above 150 years" },
    { "[{\"sex\": \"any\", \"age_min_years\": 18, \"age_max_years\": 18}]", NULL,
      "has a range whose ages are not from a lower to a higher age" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"reference_ranges\": %s}", cases[i].ranges);
      g_autoptr(JsonObject) object = band (json);
      g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
      g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].ranges);
      ld_catalog_test_read_json (test, reader, FALSE);
      ld_json_reader_finish (reader, &error);
      if (cases[i].kept != NULL)
        {
          JsonNode *first =
            json_array_get_element (json_node_get_array (test->reference_ranges), 0);
          g_autofree char *kept = ld_json_to_string (first);

          g_assert_no_error (error);
          g_assert_cmpstr (kept, ==, cases[i].kept);
        }
      else if (cases[i].problem == NULL)
        {
          g_assert_error (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST);
          g_assert_nonnull (strstr (error->message, "reference_ranges[0].age_to.colour"));
        }
      else
        {
          g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
          g_assert_cmpstr (g_hash_table_lookup (ld_api_error_get_fields (error),
                                                "reference_ranges"),
                           ==, cases[i].problem);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/age/days", test_days);
  g_test_add_func ("/age/months", test_months);
  g_test_add_func ("/age/years", test_years);
  g_test_add_func ("/age/unknown-and-years-only", test_unknown_and_years_only);
  g_test_add_func ("/age/band-ends", test_band_ends);
  g_test_add_func ("/age/catalogue-infant-bands", test_catalogue_infant_bands);
  g_test_add_func ("/age/band-forms", test_band_forms);

  return g_test_run ();
}

/* test-catalog-form.c: the admin's test editor reads what was typed as the server would
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor hands its fields to LdCatalogTestForm as text and never sees
 * JSON. A form filled well reads as a typed test; a field of the wrong
 * shape (a word for a number) is refused naming its member, with no
 * critical; a range whose age is not a whole number is said so; ranges
 * that overlap are found at the later one.
 */

#include "config.h"

#include "ld-catalog-form.h"
#include "ld-error.h"

static LdCatalogTestForm *
sugar_form (void)
{
  LdCatalogTestForm *form = ld_catalog_test_form_new ();

  ld_catalog_test_form_set_text (form, "code", "GLU");
  ld_catalog_test_form_set_text (form, "name", "Glucose, fasting");
  ld_catalog_test_form_set_optional_text (form, "loinc", "");
  ld_catalog_test_form_set_text (form, "specimen", "plasma");
  ld_catalog_test_form_set_text (form, "container", "fluoride (grey)");
  ld_catalog_test_form_set_whole (form, "turnaround_hours", "4");
  ld_catalog_test_form_set_text (form, "unit", "mg/dL");
  ld_catalog_test_form_set_whole (form, "decimals", "0");
  ld_catalog_test_form_set_list (form, "choices", "");
  ld_catalog_test_form_set_list (form, "normal_choices", " , ");
  ld_catalog_test_form_set_number (form, "critical_low", "40");
  ld_catalog_test_form_set_number (form, "critical_high", "");
  ld_catalog_test_form_set_int (form, "price_paise", 15000);
  ld_catalog_test_form_set_text (form, "result_type", "numeric");
  ld_catalog_test_form_set_text (form, "department", "biochemistry");
  ld_catalog_test_form_set_active (form, TRUE);
  ld_catalog_test_form_set_delta (form, "absolute", "30", "7");
  return form;
}

static void
test_filled_form_reads_typed (void)
{
  g_autoptr(LdCatalogTestForm) form = sugar_form ();
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(GError) error = NULL;
  LdCatalogBand band = { 0 };
  guint index = 99;

  g_assert_true (
    ld_catalog_test_form_add_band (form, "any", "0", LD_AGE_YEARS, "", LD_AGE_YEARS, "70", "100"));
  g_assert_true (ld_catalog_test_form_read (form, &test, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (test->code, ==, "GLU");
  g_assert_null (test->loinc);
  g_assert_cmpint (test->turnaround_hours, ==, 4);
  g_assert_cmpint (test->price_paise, ==, 15000);
  g_assert_cmpint (test->result_type, ==, LD_RESULT_NUMERIC);
  g_assert_true (test->has_critical_low);
  g_assert_cmpfloat (test->critical_low, ==, 40);
  g_assert_false (test->has_critical_high);
  g_assert_true (test->delta_check.active);
  g_assert_cmpint (test->delta_check.window_days, ==, 7);
  g_assert_true (test->active);
  g_assert_cmpuint (ld_catalog_test_get_n_bands (test), ==, 1);
  g_assert_true (ld_catalog_test_get_band (test, 0, &band));
  g_assert_true (band.has_low && band.has_high && !band.has_to);
  g_assert_cmpfloat (band.low, ==, 70);
  ld_catalog_band_clear (&band);
  g_assert_null (ld_catalog_test_form_check_bands (form, FALSE, &index));
}

static void
test_choices_as_typed (void)
{
  g_autoptr(LdCatalogTestForm) form = sugar_form ();
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) choices = NULL;
  g_auto(GStrv) normal = NULL;

  ld_catalog_test_form_set_text (form, "result_type", "choice");
  ld_catalog_test_form_set_text (form, "unit", "");
  ld_catalog_test_form_set_list (form, "choices", "negative,  positive ,");
  ld_catalog_test_form_set_list (form, "normal_choices", "negative");
  ld_catalog_test_form_set_number (form, "critical_low", "");
  ld_catalog_test_form_set_delta (form, NULL, NULL, NULL);
  g_assert_true (ld_catalog_test_form_read (form, &test, &error));
  g_assert_no_error (error);
  choices = ld_catalog_test_dup_choices (test);
  normal = ld_catalog_test_dup_normal_choices (test);
  g_assert_cmpuint (g_strv_length (choices), ==, 2);
  g_assert_cmpstr (choices[1], ==, "positive");
  g_assert_cmpuint (g_strv_length (normal), ==, 1);
  g_assert_cmpstr (normal[0], ==, "negative");
}

/* A field of the wrong shape is refused naming its member, and the test
 * still comes back (what could be read), with no critical. */
static void
test_wrong_shape_names_the_member (void)
{
  static const struct
  {
    const char *member;
    const char *text;
    gboolean    whole;
  } cases[] = {
    { "turnaround_hours", "soon", TRUE },
    { "decimals", "1.5", TRUE },
    { "critical_low", "low", FALSE },
    { "name", "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdCatalogTestForm) form = sugar_form ();
      g_autoptr(LdCatalogTest) test = NULL;
      g_autoptr(GError) error = NULL;
      GHashTable *fields;

      if (cases[i].whole)
        ld_catalog_test_form_set_whole (form, cases[i].member, cases[i].text);
      else if (g_str_equal (cases[i].member, "name"))
        ld_catalog_test_form_set_text (form, cases[i].member, cases[i].text);
      else
        ld_catalog_test_form_set_number (form, cases[i].member, cases[i].text);
      g_assert_false (ld_catalog_test_form_read (form, &test, &error));
      g_assert_nonnull (test);
      g_assert_nonnull (error);
      fields = ld_api_error_get_fields (error);
      if (fields == NULL || !g_hash_table_contains (fields, cases[i].member))
        g_error ("%s = \"%s\": expected a refusal naming it, got: %s", cases[i].member,
                 cases[i].text, error->message);
    }
}

static void
test_empty_form_is_refused (void)
{
  g_autoptr(LdCatalogTestForm) form = ld_catalog_test_form_new ();
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (ld_catalog_test_form_read (form, &test, &error));
  g_assert_nonnull (test);
  g_assert_nonnull (ld_api_error_get_fields (error));
}

static void
test_bands (void)
{
  g_autoptr(LdCatalogTestForm) form = sugar_form ();
  guint index = 99;

  /* An age that is not a whole number, a limit that is not a number. */
  g_assert_false (
    ld_catalog_test_form_add_band (form, "any", "two", LD_AGE_YEARS, "", LD_AGE_YEARS, "1", "2"));
  g_assert_false (
    ld_catalog_test_form_add_band (form, "any", "0", LD_AGE_YEARS, "", LD_AGE_YEARS, "high", ""));
  g_clear_pointer (&form, ld_catalog_test_form_free);

  /* Two of one sex covering the same ages: the later is at fault. */
  form = sugar_form ();
  g_assert_true (ld_catalog_test_form_add_band (form, "female", "0", LD_AGE_YEARS, "", LD_AGE_YEARS,
                                                "70", "100"));
  g_assert_true (ld_catalog_test_form_add_band (form, "female", "18", LD_AGE_YEARS, "",
                                                LD_AGE_YEARS, "70", "110"));
  g_assert_nonnull (ld_catalog_test_form_check_bands (form, TRUE, &index));
  g_assert_cmpuint (index, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog-form/filled-form-reads-typed", test_filled_form_reads_typed);
  g_test_add_func ("/catalog-form/choices-as-typed", test_choices_as_typed);
  g_test_add_func ("/catalog-form/wrong-shape-names-the-member", test_wrong_shape_names_the_member);
  g_test_add_func ("/catalog-form/empty-form-is-refused", test_empty_form_is_refused);
  g_test_add_func ("/catalog-form/bands", test_bands);
  return g_test_run ();
}

/* ld-seed-demo-values.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plausible results for the demo, read off the catalogue the server
 * answers (its reference intervals, critical limits, decimals and
 * choices), so that the server's own flag rule decides what is normal.
 */

#define G_LOG_DOMAIN "ld-seed"

#include "config.h"

#include <math.h>

#include "ld-seed-demo-private.h"
#include "ld-age.h"

struct _LdDemoValues
{
  /* test code -> its catalogue entry (JsonObject) */
  GHashTable *tests;
  JsonObject *catalog;
};

LdDemoValues *
ld_demo_values_new (JsonObject *catalog)
{
  LdDemoValues *self = g_new0 (LdDemoValues, 1);
  JsonArray *tests = ld_demo_array (catalog, "tests");

  self->catalog = json_object_ref (catalog);
  self->tests = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; tests != NULL && i < json_array_get_length (tests); i++)
    {
      JsonObject *test = json_array_get_object_element (tests, i);

      if (test != NULL && ld_demo_string (test, "code") != NULL)
        g_hash_table_insert (self->tests, (gpointer) ld_demo_string (test, "code"), test);
    }
  return self;
}

void
ld_demo_values_free (LdDemoValues *self)
{
  g_hash_table_unref (self->tests);
  json_object_unref (self->catalog);
  g_free (self);
}

static gboolean
get_number (JsonObject *object,
            const char *name,
            double     *out_value)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  *out_value = json_node_get_double (node);
  return TRUE;
}

/* An adult's interval for @sex: that sex's band, else the band for
 * anyone, else (for "other", where the catalogue has bands by sex only)
 * any adult band, so that a drawn value is plausible. */
static JsonObject *
adult_band (JsonObject *test,
            const char *sex)
{
  JsonArray *bands = ld_demo_array (test, "reference_ranges");
  JsonObject *any = NULL;
  JsonObject *adult = NULL;
  LdAge adult_age;

  ld_age_from_years (40, &adult_age);
  for (guint i = 0; bands != NULL && i < json_array_get_length (bands); i++)
    {
      JsonObject *band = json_array_get_object_element (bands, i);
      const char *band_sex = ld_demo_string (band, "sex");
      double min = 0, max = 0;

      get_number (band, "age_min_years", &min);
      if (min > 40 || (get_number (band, "age_max_years", &max) && max <= 40))
        continue;
      /* A band in days, months or years (catalog.json's children's bands). */
      if (json_object_has_member (band, "age_from") && !ld_age_in_band (&adult_age, band))
        continue;
      if (g_strcmp0 (band_sex, sex) == 0)
        return band;
      if (g_strcmp0 (band_sex, "any") == 0)
        any = band;
      if (adult == NULL)
        adult = band;
    }
  return any != NULL ? any : adult;
}

static char *
format_value (double value,
              gint64 decimals)
{
  char format[16];
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (format, sizeof format, "%%.%df", (int) CLAMP (decimals, 0, 6));
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

/**
 * ld_demo_values_make:
 * @self: the catalogue's values
 * @rand: the demo's generator
 * @test_code: the test
 * @sex: the patient's sex
 * @level: the value wanted, or NAN for one drawn here
 * @abnormal_percent: how often a drawn value falls outside the interval
 *
 * Returns: (transfer full): a value as typed at the bench ("13.4",
 *   "Negative"), with the test's decimals
 */
char *
ld_demo_values_make (LdDemoValues *self,
                     GRand        *rand,
                     const char   *test_code,
                     const char   *sex,
                     double        level,
                     int           abnormal_percent)
{
  JsonObject *test = g_hash_table_lookup (self->tests, test_code);
  JsonObject *band;
  double low = 0, high = 0, critical = 0, value;
  gboolean has_low, has_high;
  gint64 decimals;

  g_return_val_if_fail (test != NULL, NULL);

  if (g_strcmp0 (ld_demo_string (test, "result_type"), "choice") == 0)
    {
      JsonArray *choices = ld_demo_array (test, "choices");
      JsonArray *normal = ld_demo_array (test, "normal_choices");
      JsonArray *from =
        normal != NULL && g_rand_int_range (rand, 0, 100) >= abnormal_percent ? normal : choices;

      return g_strdup (
        json_array_get_string_element (from,
                                       g_rand_int_range (rand, 0, json_array_get_length (from))));
    }
  if (g_strcmp0 (ld_demo_string (test, "result_type"), "text") == 0)
    return g_strdup ("No abnormality detected");

  decimals = ld_demo_int (test, "decimals");
  if (!isnan (level))
    {
      /* A drift with a little day-to-day scatter. */
      value = level * (1.0 + (g_rand_double (rand) - 0.5) * 0.04);
      return format_value (value, decimals);
    }

  band = adult_band (test, sex);
  has_low = get_number (band, "low", &low);
  has_high = get_number (band, "high", &high);
  if (!has_low && !has_high)
    {
      low = 1.0;
      high = 10.0;
    }
  else if (!has_low)
    low = high * 0.5;
  else if (!has_high)
    high = low * 1.8;

  if (g_rand_int_range (rand, 0, 100) >= abnormal_percent)
    value = low + (high - low) * g_rand_double_range (rand, 0.15, 0.85);
  else if (g_rand_boolean (rand) || low <= 0)
    value = high * g_rand_double_range (rand, 1.05, 1.35);
  else
    value = low * g_rand_double_range (rand, 0.75, 0.95);

  /* A drawn value stays short of a critical limit: the demo's criticals
   * are placed on purpose, for the doctor's alerts. */
  if (get_number (test, "critical_high", &critical) && value >= critical)
    value = high;
  if (get_number (test, "critical_low", &critical) && value <= critical)
    value = low;

  return format_value (value, decimals);
}

/**
 * ld_demo_values_is_numeric:
 * @self: the catalogue's values
 * @test_code: a test
 *
 * Returns: whether @test_code takes a number
 */
gboolean
ld_demo_values_is_numeric (LdDemoValues *self,
                           const char   *test_code)
{
  JsonObject *test = g_hash_table_lookup (self->tests, test_code);

  return test != NULL && g_strcmp0 (ld_demo_string (test, "result_type"), "numeric") == 0;
}

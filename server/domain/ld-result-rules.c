/* ld-result-rules.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flag rule of DESIGN.md §3, in one place: what is reported is what
 * is flagged (a value is rounded to the test's decimals first, as decimal
 * text, never through a binary float), the patient's age is taken in
 * completed days, months or years on the collection date, in the unit of
 * each end of the band (shared/model/ld-age.c), a band covers
 * [age_from, age_to), a band
 * for the patient's sex beats one for "any", and a value equal to a limit
 * is on the normal side of it. Critical limits apply at every age; with no
 * band and no critical breach the flag says so rather than guessing from
 * another age band.
 */

#define G_LOG_DOMAIN "ld-result-rules"

#include "config.h"

#include "ld-result-rules.h"
#include "ld-time.h"

/* Longer is a typing accident, not a measurement. */
#define MAX_NUMERIC_CHARS 20

const char *
ld_result_flag_to_string (LdResultFlag flag)
{
  switch (flag)
    {
    case LD_FLAG_NONE:
      return "none";
    case LD_FLAG_NORMAL:
      return "normal";
    case LD_FLAG_LOW:
      return "low";
    case LD_FLAG_HIGH:
      return "high";
    case LD_FLAG_CRITICAL_LOW:
      return "critical_low";
    case LD_FLAG_CRITICAL_HIGH:
      return "critical_high";
    case LD_FLAG_ABNORMAL:
      return "abnormal";
    case LD_FLAG_NO_REFERENCE_INTERVAL:
      return "no_reference_interval";
    default:
      g_return_val_if_reached ("none");
    }
}

/**
 * ld_result_round_numeric:
 * @text: what was typed: an optional sign, digits, an optional point and digits
 * @decimals: the test's decimals, 0 to 6
 * @out_value: (out) (optional): the rounded value
 *
 * Rounds half away from zero on the decimal digits themselves, so "2.25"
 * to one decimal is "2.3" (a binary float would hold 2.2499…).
 *
 * Returns: (transfer full) (nullable): the value as it is reported, such
 *   as "12.3", or %NULL if @text is not a plain decimal number
 */
char *
ld_result_round_numeric (const char *text,
                         gint64      decimals,
                         double     *out_value)
{
  g_autofree char *trimmed = NULL;
  const char *p;
  gboolean negative = FALSE;
  guint64 whole = 0, fraction = 0, scale = 1;
  guint n_whole = 0, n_fraction = 0;
  int next_digit = 0;
  g_autoptr(GString) reported = NULL;

  g_return_val_if_fail (decimals >= 0 && decimals <= 6, NULL);

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  if (strlen (trimmed) == 0 || strlen (trimmed) > MAX_NUMERIC_CHARS)
    return NULL;

  p = trimmed;
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (; g_ascii_isdigit (*p); p++, n_whole++)
    whole = whole * 10 + (*p - '0');
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++, n_fraction++)
      {
        if (n_fraction < (guint) decimals)
          fraction = fraction * 10 + (*p - '0');
        else if (n_fraction == (guint) decimals)
          next_digit = *p - '0';
      }
  /* Twelve whole digits keep the scaled value far from overflow. */
  if (*p != '\0' || n_whole + n_fraction == 0 || n_whole > 12)
    return NULL;

  for (guint i = n_fraction; i < (guint) decimals; i++)
    fraction *= 10;
  for (gint64 i = 0; i < decimals; i++)
    scale *= 10;

  /* The whole value in units of the last decimal, rounded. */
  whole = whole * scale + fraction + (next_digit >= 5 ? 1 : 0);
  if (whole == 0)
    negative = FALSE;

  reported = g_string_new (negative ? "-" : "");
  g_string_append_printf (reported, "%" G_GUINT64_FORMAT, whole / scale);
  if (decimals > 0)
    g_string_append_printf (reported, ".%0*" G_GUINT64_FORMAT, (int) decimals, whole % scale);

  if (out_value != NULL)
    *out_value = (negative ? -1.0 : 1.0) * (double) whole / (double) scale;
  return g_string_free (g_steal_pointer (&reported), FALSE);
}

/**
 * ld_result_range_get_limit:
 * @range: a reference band
 * @name: "low" or "high"
 * @out_value: (out): the limit
 *
 * Returns: %TRUE if the band has that limit (an open end has none)
 */
gboolean
ld_result_range_get_limit (JsonObject *range,
                           const char *name,
                           double     *out_value)
{
  JsonNode *node = json_object_get_member (range, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;

  *out_value = json_node_get_double (node);
  return TRUE;
}

/**
 * ld_result_pick_range_for_age:
 * @test: a catalogue test
 * @sex: the patient's sex
 * @age: the patient's age on the collection day
 *
 * Returns: (transfer none) (nullable): the band that applies, the sex's
 *   own before "any"; %NULL when none certainly does
 */
JsonObject *
ld_result_pick_range_for_age (const LdCatalogTest *test,
                              LdSex                sex,
                              const LdAge         *age)
{
  const char *own_sex = sex == LD_SEX_FEMALE ? "female" : sex == LD_SEX_MALE ? "male" : NULL;
  JsonArray *ranges;
  JsonObject *for_anyone = NULL;

  g_return_val_if_fail (test != NULL && age != NULL, NULL);

  if (test->reference_ranges == NULL || !age->known)
    return NULL;

  ranges = json_node_get_array (test->reference_ranges);
  for (guint i = 0; i < json_array_get_length (ranges); i++)
    {
      JsonObject *range = json_array_get_object_element (ranges, i);
      const char *range_sex = json_object_get_string_member (range, "sex");

      if (!ld_age_in_band (age, range))
        continue;

      if (own_sex != NULL && g_strcmp0 (range_sex, own_sex) == 0)
        return range;
      if (for_anyone == NULL && g_strcmp0 (range_sex, "any") == 0)
        for_anyone = range;
    }

  return for_anyone;
}

/**
 * ld_result_pick_range:
 * @test: a catalogue test
 * @sex: the patient's sex
 * @age_years: whole years on the collection date, or -1 if unknown
 *
 * ld_result_pick_range_for_age() for someone known only to be @age_years
 * old: a band in days or months applies only if that whole year is in it.
 *
 * Returns: (transfer none) (nullable): the band that applies
 */
JsonObject *
ld_result_pick_range (const LdCatalogTest *test,
                      LdSex                sex,
                      gint64               age_years)
{
  LdAge age;

  ld_age_from_years (age_years, &age);
  return ld_result_pick_range_for_age (test, sex, &age);
}

/**
 * ld_result_flag_numeric:
 * @test: the catalogue test, for its critical limits
 * @range: (nullable): the band from ld_result_pick_range()
 * @value: the rounded value
 *
 * Returns: the flag
 */
LdResultFlag
ld_result_flag_numeric (const LdCatalogTest *test,
                        JsonObject          *range,
                        double               value)
{
  double low, high;

  if (test->has_critical_low && value < test->critical_low)
    return LD_FLAG_CRITICAL_LOW;
  if (test->has_critical_high && value > test->critical_high)
    return LD_FLAG_CRITICAL_HIGH;
  if (range == NULL)
    return LD_FLAG_NO_REFERENCE_INTERVAL;
  if (ld_result_range_get_limit (range, "low", &low) && value < low)
    return LD_FLAG_LOW;
  if (ld_result_range_get_limit (range, "high", &high) && value > high)
    return LD_FLAG_HIGH;

  return LD_FLAG_NORMAL;
}

/**
 * ld_result_flag_choice:
 * @test: a choice test
 * @value: one of its choices
 *
 * Returns: abnormal outside the normal choices; none when the test names
 *   no normal choices (a blood group is neither)
 */
LdResultFlag
ld_result_flag_choice (const LdCatalogTest *test,
                       const char          *value)
{
  JsonArray *normal;

  if (test->normal_choices == NULL)
    return LD_FLAG_NONE;

  normal = json_node_get_array (test->normal_choices);
  for (guint i = 0; i < json_array_get_length (normal); i++)
    if (g_strcmp0 (json_array_get_string_element (normal, i), value) == 0)
      return LD_FLAG_NORMAL;

  return LD_FLAG_ABNORMAL;
}

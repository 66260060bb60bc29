/* ld-flag.c: a typed result read, its reference band chosen, flagged
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
 *
 * A value is read the way its test is kept: a numeric test takes a plain
 * decimal number, rounded to the test's decimals before it is flagged; a
 * choice test one of its choices, exactly; a text test free text, which
 * only the technician can call abnormal.
 *
 * The server flags what it stores with this code and the lab bench flags
 * what is being typed with it, so the two cannot disagree.
 */

#define G_LOG_DOMAIN "ld-flag"

#include "config.h"

#include <string.h>

#include "ld-flag.h"
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

void
ld_result_reading_clear (LdResultReading *reading)
{
  g_clear_pointer (&reading->value, g_free);
}

static char *
list_choices (const LdCatalogTest *test)
{
  JsonArray *choices = test->choices ? json_node_get_array (test->choices) : NULL;
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "",
                            json_array_get_string_element (choices, i));

  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
is_choice (const LdCatalogTest *test,
           const char          *text)
{
  JsonArray *choices = test->choices ? json_node_get_array (test->choices) : NULL;

  for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
    if (g_strcmp0 (json_array_get_string_element (choices, i), text) == 0)
      return TRUE;

  return FALSE;
}

/**
 * ld_result_read_value:
 * @test: the catalogue test, whose critical limits apply
 * @range: (nullable): the reference band that applies, from
 *   ld_result_pick_range() at entry or the band copied then
 * @text: what was typed
 * @marked_abnormal: the technician calls a text result abnormal
 * @out_reading: (out caller-allocates): the value as reported, and its flag
 * @out_field: (out): on failure, the member at fault: "value" or "abnormal"
 *
 * Returns: (transfer full) (nullable): %NULL when @text is a value of the
 *   test; else what is wrong with it, for the desk to read
 */
char *
ld_result_read_value (const LdCatalogTest  *test,
                      JsonObject           *range,
                      const char           *text,
                      gboolean              marked_abnormal,
                      LdResultReading      *out_reading,
                      const char          **out_field)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (test != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (out_reading != NULL, NULL);

  memset (out_reading, 0, sizeof *out_reading);
  trimmed = g_strstrip (g_strdup (text));

  /* Numbers and choices are flagged by the rule, never by hand. */
  *out_field = "abnormal";
  if (marked_abnormal && test->result_type != LD_RESULT_TEXT)
    return g_strdup ("is only for text results");
  *out_field = "value";

  switch (test->result_type)
    {
    case LD_RESULT_NUMERIC:
      out_reading->value =
        ld_result_round_numeric (trimmed, test->decimals, &out_reading->numeric_value);
      if (out_reading->value == NULL)
        return g_strdup ("must be a number such as 12.5");
      out_reading->has_numeric_value = TRUE;
      out_reading->flag = ld_result_flag_numeric (test, range, out_reading->numeric_value);
      return NULL;

    case LD_RESULT_CHOICE:
      if (!is_choice (test, trimmed))
        {
          g_autofree char *choices = list_choices (test);

          return g_strdup_printf ("must be one of %s", choices);
        }
      out_reading->value = g_steal_pointer (&trimmed);
      out_reading->flag = ld_result_flag_choice (test, out_reading->value);
      return NULL;

    case LD_RESULT_TEXT:
    default:
      if (*trimmed == '\0')
        return g_strdup ("must not be empty");
      if (g_utf8_strlen (trimmed, -1) > LD_RESULT_MAX_TEXT_CHARS)
        return g_strdup ("is too long");
      out_reading->value = g_steal_pointer (&trimmed);
      out_reading->flag = marked_abnormal ? LD_FLAG_ABNORMAL : LD_FLAG_NONE;
      return NULL;
    }
}

static char *
format_limit (double value,
              gint64 decimals)
{
  char format[16];
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (format, sizeof format, "%%.%" G_GINT64_FORMAT "f", decimals);
  return g_strdup (g_ascii_formatd (text, sizeof text, format, value));
}

/**
 * ld_result_describe_range:
 * @range: a reference band of the catalogue
 * @decimals: the test's decimals
 *
 * The band as it is copied into a result: its members, and "text" as the
 * report prints it ("12.0–15.0"; "≤ 200" or "≥ 40" when open-ended; a
 * value on a limit is normal).
 *
 * Returns: (transfer full): a new object node
 */
JsonNode *
ld_result_describe_range (JsonObject *range,
                          gint64      decimals)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autofree char *low_text = NULL;
  g_autofree char *high_text = NULL;
  g_autofree char *text = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;
  double low, high;
  JsonNode *result;

  g_return_val_if_fail (range != NULL, NULL);

  json_object_iter_init (&iter, range);
  while (json_object_iter_next (&iter, &member, &node))
    json_object_set_member (copy, member, json_node_copy (node));

  if (ld_result_range_get_limit (range, "low", &low))
    low_text = format_limit (low, decimals);
  if (ld_result_range_get_limit (range, "high", &high))
    high_text = format_limit (high, decimals);

  if (low_text != NULL && high_text != NULL)
    text = g_strdup_printf ("%s–%s", low_text, high_text);
  else if (high_text != NULL)
    text = g_strdup_printf ("≤ %s", high_text);
  else if (low_text != NULL)
    text = g_strdup_printf ("≥ %s", low_text);
  json_object_set_string_member (copy, "text", text ? text : "");

  result = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (result, copy);
  return result;
}

/**
 * ld_result_dup_range_text_for_age:
 * @test: a test
 * @sex: the patient's sex
 * @age: the patient's age on the collection day
 *
 * The reference interval a value of @test is flagged against for this
 * patient (ld_result_pick_range_for_age()), as the report prints it.
 *
 * Returns: (transfer full) (nullable): "12.0–15.0", %NULL when no band
 *   holds the patient
 */
char *
ld_result_dup_range_text_for_age (const LdCatalogTest *test,
                                  LdSex                sex,
                                  const LdAge         *age)
{
  g_autoptr(JsonNode) described = NULL;
  JsonObject *range;

  g_return_val_if_fail (test != NULL && age != NULL, NULL);

  if ((range = ld_result_pick_range_for_age (test, sex, age)) == NULL)
    return NULL;
  described = ld_result_describe_range (range, test->decimals);
  return g_strdup (ld_json_object_get_string (json_node_get_object (described), "text"));
}

/**
 * ld_result_read_value_for_age:
 * @test: a test
 * @sex: the patient's sex
 * @age: the patient's age on the collection day
 * @text: the value as typed
 * @out_reading: (out caller-allocates): the value as reported and flagged
 * @out_field: (out) (optional): the member a problem is about
 *
 * ld_result_read_value() against the band that holds this patient, the
 * way the server flags the value it stores.
 *
 * Returns: (transfer full) (nullable): the problem, %NULL when @text reads
 */
char *
ld_result_read_value_for_age (const LdCatalogTest  *test,
                              LdSex                 sex,
                              const LdAge          *age,
                              const char           *text,
                              LdResultReading      *out_reading,
                              const char          **out_field)
{
  g_return_val_if_fail (test != NULL && age != NULL && text != NULL, NULL);

  return ld_result_read_value (test, ld_result_pick_range_for_age (test, sex, age), text, FALSE,
                               out_reading, out_field);
}

/**
 * ld_result_age_on_collection:
 * @date_of_birth: (nullable): the patient's date of birth, "YYYY-MM-DD"
 * @age_years: the age in years when the date is unknown, or -1
 * @collected_us: when the sample was collected, in microseconds since 1970
 * @out_age: (out caller-allocates): the age on that day
 *
 * The age that chooses a reference band: on the local day the sample was
 * collected, whoever asks (the server as it stores, the bench as a value
 * is typed).
 */
void
ld_result_age_on_collection (const char *date_of_birth,
                             gint64      age_years,
                             gint64      collected_us,
                             LdAge      *out_age)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *day = NULL;

  g_return_if_fail (out_age != NULL);

  when = ld_time_local_from_unix (collected_us / G_USEC_PER_SEC);
  day = g_date_time_format (when, "%Y-%m-%d");
  ld_age_on (date_of_birth, age_years, day, out_age);
}

/* ld-age.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The age rule of DESIGN.md §3, in one place for the server and the
 * client: an age is counted in completed calendar units on the collection
 * day. A day is completed at each midnight (the day of birth is day 0); a
 * month on the day of the month one was born on, or, in a month without
 * that day, on the first of the next month (born 31 January: 0 months on
 * 28 or 29 February, 1 month on 1 March); a year is twelve such months (born
 * 29 February: 17 on 28 February 2026, 18 on 1 March). A band
 * [age_from, age_to) compares each of its two ends with the age counted in
 * that end's own unit, so a band may run from 15 days to 2 months.
 */

#define G_LOG_DOMAIN "ld-age"

#include "config.h"

#include "ld-age.h"
#include "ld-time.h"

static const char * const unit_names[] = { "days", "months", "years" };

/* 150 years in each unit: an older age is a typing mistake. */
static const gint64 unit_max[] = { 54750, 1800, 150 };

const char *
ld_age_unit_to_string (LdAgeUnit unit)
{
  g_return_val_if_fail ((guint) unit < LD_AGE_N_UNITS, "years");

  return unit_names[unit];
}

/**
 * ld_age_unit_from_string:
 * @text: "days", "months" or "years"
 * @out_unit: (out): the unit
 *
 * Returns: %TRUE if @text names a unit
 */
gboolean
ld_age_unit_from_string (const char *text,
                         LdAgeUnit  *out_unit)
{
  g_return_val_if_fail (out_unit != NULL, FALSE);

  for (guint i = 0; text != NULL && i < LD_AGE_N_UNITS; i++)
    if (g_str_equal (text, unit_names[i]))
      {
        *out_unit = (LdAgeUnit) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * ld_age_unit_max:
 * @unit: a unit
 *
 * Returns: the largest age a band may name in @unit (150 years)
 */
gint64
ld_age_unit_max (LdAgeUnit unit)
{
  g_return_val_if_fail ((guint) unit < LD_AGE_N_UNITS, 0);

  return unit_max[unit];
}

/**
 * ld_age_completed:
 * @born: the date of birth
 * @on: the day the age is taken on
 * @unit: the unit to count in
 *
 * Returns: the completed days, calendar months or years from @born to @on;
 *   -1 when @on is before @born
 */
gint64
ld_age_completed (const GDate *born,
                  const GDate *on,
                  LdAgeUnit    unit)
{
  gint64 months;

  g_return_val_if_fail (born != NULL && on != NULL, -1);
  g_return_val_if_fail ((guint) unit < LD_AGE_N_UNITS, -1);

  if (g_date_compare (on, born) < 0)
    return -1;
  if (unit == LD_AGE_DAYS)
    return g_date_days_between (born, on);

  months = ((gint64) g_date_get_year (on) - g_date_get_year (born)) * 12 +
           (gint64) g_date_get_month (on) - (gint64) g_date_get_month (born);
  /* The month is not complete before the day of the month of birth; a
   * shorter month has no such day, so it completes on the next first. */
  if (g_date_get_day (on) < g_date_get_day (born))
    months--;

  return unit == LD_AGE_MONTHS ? months : months / 12;
}

/**
 * ld_age_from_years:
 * @years: an age in whole years, or -1 when unknown
 * @out_age: (out caller-allocates): the age
 *
 * The age of someone known only to be @years old: every age in days and
 * months that many years can be.
 */
void
ld_age_from_years (gint64  years,
                   LdAge  *out_age)
{
  g_return_if_fail (out_age != NULL);

  memset (out_age, 0, sizeof *out_age);
  if (years < 0)
    return;

  out_age->known = TRUE;
  out_age->least[LD_AGE_YEARS] = years;
  out_age->most[LD_AGE_YEARS] = years;
  out_age->least[LD_AGE_MONTHS] = years * 12;
  out_age->most[LD_AGE_MONTHS] = years * 12 + 11;
  /* No year is shorter than 365 days or longer than 366. */
  out_age->least[LD_AGE_DAYS] = years * 365;
  out_age->most[LD_AGE_DAYS] = years * 366 + 365;
}

/**
 * ld_age_on:
 * @date_of_birth: (nullable): "YYYY-MM-DD"
 * @age_years: the age given at registration when the date is unknown, or -1
 * @on_date: the day the age is taken on, "YYYY-MM-DD"
 * @out_age: (out caller-allocates): the age; not known when the date of
 *   birth is after @on_date or either date does not parse
 */
void
ld_age_on (const char *date_of_birth,
           gint64      age_years,
           const char *on_date,
           LdAge      *out_age)
{
  GDate born, on;

  g_return_if_fail (out_age != NULL);

  if (date_of_birth == NULL)
    {
      ld_age_from_years (age_years, out_age);
      return;
    }

  memset (out_age, 0, sizeof *out_age);
  if (!ld_time_parse_date (date_of_birth, &born) || on_date == NULL ||
      !ld_time_parse_date (on_date, &on) || g_date_compare (&on, &born) < 0)
    return;

  out_age->known = TRUE;
  for (guint unit = 0; unit < LD_AGE_N_UNITS; unit++)
    out_age->least[unit] = out_age->most[unit] = ld_age_completed (&born, &on, unit);
}

/* One end of a band: {"value": n, "unit": "days"}; FALSE for an open end. */
static gboolean
band_end (JsonObject *band,
          const char *name,
          gint64     *out_value,
          LdAgeUnit  *out_unit)
{
  JsonNode *node = json_object_get_member (band, name);
  JsonObject *end;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  end = json_node_get_object (node);
  *out_value = json_object_get_int_member_with_default (end, "value", 0);
  return ld_age_unit_from_string (json_object_get_string_member_with_default (end, "unit", NULL),
                                  out_unit);
}

/**
 * ld_age_in_band:
 * @age: a patient's age
 * @band: a reference band, with "age_from" and "age_to" (null: no upper
 *   end) as {"value", "unit"}
 *
 * Returns: %TRUE if @age is certainly at least age_from and below age_to,
 *   each counted in its own unit
 */
gboolean
ld_age_in_band (const LdAge *age,
                JsonObject  *band)
{
  gint64 value;
  LdAgeUnit unit;

  g_return_val_if_fail (age != NULL, FALSE);
  g_return_val_if_fail (band != NULL, FALSE);

  if (!age->known)
    return FALSE;
  if (band_end (band, "age_from", &value, &unit) && age->least[unit] < value)
    return FALSE;
  if (band_end (band, "age_to", &value, &unit) && age->most[unit] >= value)
    return FALSE;

  return TRUE;
}

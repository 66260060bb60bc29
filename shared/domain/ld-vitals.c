/* ld-vitals.c: a visit's vital signs, their units and plausible ranges
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ranges are what a living patient in a clinic can show, not what
 * is normal: they catch a slip of the keyboard (BP 400/20, 60 °C, a
 * weight typed in grams), and leave judging the value to the doctor.
 */

#define G_LOG_DOMAIN "ld-vitals"

#include "config.h"

#include <math.h>

#include "ld-vitals.h"
#include "ld-refuse.h"

typedef struct
{
  const char *name;
  const char *unit;
  gboolean    whole;
  double      low;
  double      high;
} VitalInfo;

/* Indexed by LdVital. */
/* clang-format off */
static const VitalInfo vitals_table[] = {
  { "bp_systolic", "mmHg", TRUE, 50, 260 }, { "bp_diastolic", "mmHg", TRUE, 20, 160 },
  { "pulse", "/min", TRUE, 20, 250 },       { "temperature", "°C", FALSE, 25, 45 },
  { "spo2", "%", TRUE, 50, 100 },           { "respiratory_rate", "/min", TRUE, 4, 60 },
  { "weight", "kg", FALSE, 0.3, 350 },      { "height", "cm", FALSE, 20, 250 },
};
/* clang-format on */

G_STATIC_ASSERT (G_N_ELEMENTS (vitals_table) == LD_VITAL_N);

/**
 * ld_vital_get_name:
 * @vital: a vital sign
 *
 * Returns: (transfer none): its wire name, such as "temperature"
 */
const char *
ld_vital_get_name (LdVital vital)
{
  g_return_val_if_fail (vital < LD_VITAL_N, NULL);

  return vitals_table[vital].name;
}

/**
 * ld_vital_get_unit:
 * @vital: a vital sign
 *
 * Returns: (transfer none): its unit, such as "°C"
 */
const char *
ld_vital_get_unit (LdVital vital)
{
  g_return_val_if_fail (vital < LD_VITAL_N, NULL);

  return vitals_table[vital].unit;
}

/**
 * ld_vital_get_range:
 * @vital: a vital sign
 * @low: (out): the least value a patient can show
 * @high: (out): the greatest
 *
 * The plausible range ld_vitals_check() holds a value to, for a form
 * to say in the person's language.
 */
void
ld_vital_get_range (LdVital  vital,
                    double  *low,
                    double  *high)
{
  g_return_if_fail (vital < LD_VITAL_N && low != NULL && high != NULL);

  *low = vitals_table[vital].low;
  *high = vitals_table[vital].high;
}

/**
 * ld_vital_is_whole:
 * @vital: a vital sign
 *
 * Returns: %TRUE if it is counted in whole numbers (pressure, pulse, SpO₂)
 */
gboolean
ld_vital_is_whole (LdVital vital)
{
  g_return_val_if_fail (vital < LD_VITAL_N, FALSE);

  return vitals_table[vital].whole;
}

/**
 * ld_vitals_init:
 * @vitals: vitals to clear
 *
 * Sets every vital to "not taken".
 */
void
ld_vitals_init (LdVitals *vitals)
{
  g_return_if_fail (vitals != NULL);

  for (guint i = 0; i < LD_VITAL_N; i++)
    vitals->values[i] = NAN;
}

/**
 * ld_vitals_read:
 * @vitals: where the values go; cleared first
 * @reader: the "vitals" object of a visit
 *
 * Reads each vital by its wire name, all optional or null; a whole
 * number is required where the vital is counted in whole numbers. Wrong
 * types are field errors on @reader; ranges are ld_vitals_check()'s.
 */
void
ld_vitals_read (LdVitals     *vitals,
                LdJsonReader *reader)
{
  g_return_if_fail (vitals != NULL && reader != NULL);

  ld_vitals_init (vitals);
  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      const VitalInfo *info = &vitals_table[i];

      if (info->whole)
        {
          gint64 value;

          if (ld_json_reader_get_int (reader, info->name, LD_JSON_NULLABLE, &value))
            vitals->values[i] = value;
        }
      else
        {
          double value;

          if (ld_json_reader_get_number (reader, info->name, LD_JSON_NULLABLE, &value))
            vitals->values[i] = value;
        }
    }
}

static char *
format_number (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (text, sizeof text, "%g", value));
}

/**
 * ld_vitals_check:
 * @vitals: vitals as read
 * @error: return location for an %LD_API_ERROR (VALIDATION_FAILED, with a
 *   field error for each vital out of its range, such as "temperature":
 *   "must be from 25 to 45 °C")
 *
 * Refuses a value no living patient shows, and a diastolic pressure not
 * below the systolic.
 *
 * Returns: %TRUE if every vital taken is plausible
 */
gboolean
ld_vitals_check (const LdVitals  *vitals,
                 GError         **error)
{
  g_autoptr(GError) local = NULL;
  double systolic, diastolic;

  g_return_val_if_fail (vitals != NULL, FALSE);

  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      const VitalInfo *info = &vitals_table[i];
      double value = vitals->values[i];

      if (isnan (value) || (value >= info->low && value <= info->high))
        continue;
      if (local == NULL)
        local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                     "A vital sign is outside what a patient can show: "
                                     "check what was typed.");
      {
        g_autofree char *low = format_number (info->low);
        g_autofree char *high = format_number (info->high);
        g_autofree char *problem =
          g_strdup_printf ("must be from %s to %s %s", low, high, info->unit);

        ld_api_error_set_field (local, info->name, problem);
      }
    }

  systolic = vitals->values[LD_VITAL_BP_SYSTOLIC];
  diastolic = vitals->values[LD_VITAL_BP_DIASTOLIC];
  if (local == NULL && !isnan (systolic) != !isnan (diastolic))
    {
      local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                   "A blood pressure needs both of its numbers.");
      ld_api_error_set_field (local, isnan (systolic) ? "bp_systolic" : "bp_diastolic",
                              "is required with the other pressure");
    }
  else if (local == NULL && !isnan (systolic) && diastolic >= systolic)
    {
      local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                   "The diastolic pressure must be below the systolic.");
      ld_api_error_set_field (local, "bp_diastolic", "must be below the systolic pressure");
    }

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_vitals_get_bmi:
 * @vitals: vitals
 *
 * Returns: the body-mass index, kg/m², to one decimal; NAN without both
 *   weight and height
 */
double
ld_vitals_get_bmi (const LdVitals *vitals)
{
  double weight, height_m;

  g_return_val_if_fail (vitals != NULL, NAN);

  weight = vitals->values[LD_VITAL_WEIGHT];
  height_m = vitals->values[LD_VITAL_HEIGHT] / 100.0;
  if (isnan (weight) || isnan (height_m) || height_m <= 0)
    return NAN;

  return round (weight / (height_m * height_m) * 10.0) / 10.0;
}

/**
 * ld_vitals_to_json:
 * @vitals: vitals
 * @builder: a builder, where a value goes
 *
 * Writes an object of every vital (null when not taken), "bmi" and
 * "units" (each vital's unit, by its name).
 */
void
ld_vitals_to_json (const LdVitals *vitals,
                   JsonBuilder    *builder)
{
  double bmi;

  g_return_if_fail (vitals != NULL && builder != NULL);

  json_builder_begin_object (builder);
  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      json_builder_set_member_name (builder, vitals_table[i].name);
      if (isnan (vitals->values[i]))
        json_builder_add_null_value (builder);
      else if (vitals_table[i].whole)
        json_builder_add_int_value (builder, (gint64) vitals->values[i]);
      else
        json_builder_add_double_value (builder, vitals->values[i]);
    }
  bmi = ld_vitals_get_bmi (vitals);
  json_builder_set_member_name (builder, "bmi");
  if (isnan (bmi))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, bmi);
  json_builder_set_member_name (builder, "units");
  json_builder_begin_object (builder);
  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      json_builder_set_member_name (builder, vitals_table[i].name);
      json_builder_add_string_value (builder, vitals_table[i].unit);
    }
  json_builder_set_member_name (builder, "bmi");
  json_builder_add_string_value (builder, "kg/m²");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

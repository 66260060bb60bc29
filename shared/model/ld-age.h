/* ld-age.h: a patient's age in days, months or years, and the age bands
 * of reference intervals
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  LD_AGE_DAYS,
  LD_AGE_MONTHS,
  LD_AGE_YEARS,
  LD_AGE_N_UNITS,
} LdAgeUnit;

/**
 * LdAge:
 * @known: whether anything is known of the age
 * @least: the youngest the patient can be, in each unit
 * @most: the oldest the patient can be, in each unit
 *
 * A patient's age on one day. From a date of birth it is exact (@least and
 * @most agree); from an age in years alone it is the span that age covers
 * in days and months, so that a band in days or months is chosen only when
 * the patient is certainly in it.
 */
typedef struct
{
  gboolean known;
  gint64   least[LD_AGE_N_UNITS];
  gint64   most[LD_AGE_N_UNITS];
} LdAge;

const char *ld_age_unit_to_string   (LdAgeUnit    unit);
gboolean    ld_age_unit_from_string (const char  *text,
                                     LdAgeUnit   *out_unit);
gint64      ld_age_unit_max         (LdAgeUnit    unit);
gint64      ld_age_completed        (const GDate *born,
                                     const GDate *on,
                                     LdAgeUnit    unit);
void        ld_age_from_years       (gint64       years,
                                     LdAge       *out_age);
void        ld_age_on               (const char  *date_of_birth,
                                     gint64       age_years,
                                     const char  *on_date,
                                     LdAge       *out_age);
gboolean    ld_age_in_band          (const LdAge *age,
                                     JsonObject  *band);

G_END_DECLS

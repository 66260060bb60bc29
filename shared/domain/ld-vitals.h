/* ld-vitals.h: a visit's vital signs, their units and plausible ranges
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-json.h"

G_BEGIN_DECLS

/**
 * LdVital:
 *
 * One vital sign; its wire name, unit and plausible range are in the
 * table of ld-vitals.c (ld_vital_get_name() and friends).
 */
typedef enum
{
  LD_VITAL_BP_SYSTOLIC,
  LD_VITAL_BP_DIASTOLIC,
  LD_VITAL_PULSE,
  LD_VITAL_TEMPERATURE,
  LD_VITAL_SPO2,
  LD_VITAL_RESPIRATORY_RATE,
  LD_VITAL_WEIGHT,
  LD_VITAL_HEIGHT,
} LdVital;

#define LD_VITAL_N (LD_VITAL_HEIGHT + 1)

/**
 * LdVitals:
 * @values: each vital's value, NAN when not taken
 *
 * The vital signs taken at a visit. BMI is not stored: it is computed
 * (ld_vitals_get_bmi()).
 */
typedef struct
{
  double values[LD_VITAL_N];
} LdVitals;

void        ld_vitals_init      (LdVitals        *vitals);
void        ld_vitals_read      (LdVitals        *vitals,
                                 LdJsonReader    *reader);
gboolean    ld_vitals_check     (const LdVitals  *vitals,
                                 GError         **error);
double      ld_vitals_get_bmi   (const LdVitals  *vitals);
void        ld_vitals_to_json   (const LdVitals  *vitals,
                                 JsonBuilder     *builder);
const char *ld_vital_get_name   (LdVital          vital);
const char *ld_vital_get_unit   (LdVital          vital);
void        ld_vital_get_range  (LdVital          vital,
                                 double          *low,
                                 double          *high);
gboolean    ld_vital_is_whole   (LdVital          vital);

G_END_DECLS

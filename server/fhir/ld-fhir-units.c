/* ld-fhir-units.c: the catalogue's unit spellings as UCUM codes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-fhir"

#include "config.h"

#include "ld-fhir.h"

/* The one table: how the catalogue writes a unit (as the report prints
 * it, with superscripts and the micro sign, or in plain ASCII) and its
 * case-sensitive UCUM code. Most are the same text; powers of ten, micro
 * and international units are spelled differently in UCUM. */
static const struct
{
  const char *unit;
  const char *ucum;
} units[] = {
  { "%", "%" },
  { "10³/µL", "10*3/uL" },
  { "10^3/uL", "10*3/uL" },
  { "10⁶/µL", "10*6/uL" },
  { "10^6/uL", "10*6/uL" },
  { "10⁹/L", "10*9/L" },
  { "10^9/L", "10*9/L" },
  { "10¹²/L", "10*12/L" },
  { "10^12/L", "10*12/L" },
  { "fL", "fL" },
  { "g/dL", "g/dL" },
  { "g/L", "g/L" },
  { "IU/L", "[IU]/L" },
  { "IU/mL", "[IU]/mL" },
  { "mEq/L", "meq/L" },
  { "mg/dL", "mg/dL" },
  { "mg/L", "mg/L" },
  { "mIU/L", "m[IU]/L" },
  { "mIU/mL", "m[IU]/mL" },
  { "mm/h", "mm/h" },
  { "mmol/L", "mmol/L" },
  { "ng/dL", "ng/dL" },
  { "ng/mL", "ng/mL" },
  { "pg", "pg" },
  { "pg/mL", "pg/mL" },
  { "s", "s" },
  { "U/L", "U/L" },
  { "µg/dL", "ug/dL" },
  { "ug/dL", "ug/dL" },
  { "µIU/mL", "u[IU]/mL" },
  { "uIU/mL", "u[IU]/mL" },
  { "µmol/L", "umol/L" },
  { "umol/L", "umol/L" },
};

/**
 * ld_fhir_ucum_code:
 * @unit: (nullable): a unit as the catalogue writes it, such as "10³/µL"
 *
 * Returns: (nullable): its UCUM code, such as "10*3/uL", or %NULL for a
 *   unit UCUM is not told of (the Quantity then carries the text alone)
 */
const char *
ld_fhir_ucum_code (const char *unit)
{
  if (unit == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (units[i].unit, unit))
      return units[i].ucum;
  return NULL;
}

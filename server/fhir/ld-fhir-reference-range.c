/* ld-fhir-reference-range.c: an Observation's referenceRange
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A result keeps a copy of the catalogue band it was flagged against
 * (LdResult:reference_range). That band alone is written, with the
 * population it is for: `appliesTo` the patient's sex when the band is
 * for one sex, and `age` when it is for an age span. The other bands of
 * the catalogue are not written: they may have changed since the result
 * was flagged, and R4 lets a sender give only the range that applies to
 * the patient (docs/fhir.md, Reference ranges).
 */

#define G_LOG_DOMAIN "ld-fhir"

#include "config.h"

#include "ld-fhir-private.h"
#include "ld-age.h"

/* The SNOMED CT codes of FHIR's example value set referencerange-appliesto. */
static const struct
{
  const char *sex;
  const char *code;
  const char *display;
} sexes[] = {
  { "female", "248152002", "Female" },
  { "male", "248153007", "Male" },
};

/* Our age units as UCUM codes, with the words a reader sees. */
static const struct
{
  LdAgeUnit   unit;
  const char *ucum;
  const char *words;
} age_units[] = {
  { LD_AGE_DAYS, "d", "days" },
  { LD_AGE_MONTHS, "mo", "months" },
  { LD_AGE_YEARS, "a", "years" },
};

static gboolean
get_number (JsonObject *object,
            const char *name,
            double     *out_value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out_value = json_node_get_double (node);
  return TRUE;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* An end of the band's age span, {"value": n, "unit": "days"|…}. */
static gboolean
get_age_end (JsonObject  *band,
             const char  *name,
             gint64      *out_value,
             guint       *out_unit_index)
{
  JsonNode *node = json_object_get_member (band, name);
  JsonObject *end;
  JsonNode *value;
  LdAgeUnit unit;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  end = json_node_get_object (node);
  value = json_object_get_member (end, "value");
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_INT64 ||
      !ld_age_unit_from_string (get_string (end, "unit"), &unit))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (age_units); i++)
    if (age_units[i].unit == unit)
      {
        *out_value = json_node_get_int (value);
        *out_unit_index = i;
        return TRUE;
      }
  return FALSE;
}

static void
add_age_quantity (JsonBuilder *builder,
                  const char  *name,
                  gint64       value,
                  guint        unit_index)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_int_value (builder, value);
  ld_fhir_add_string (builder, "unit", age_units[unit_index].words);
  ld_fhir_add_string (builder, "system", LD_FHIR_UCUM);
  ld_fhir_add_string (builder, "code", age_units[unit_index].ucum);
  json_builder_end_object (builder);
}

/* A band covers ages from age_from up to, not including, age_to, each
 * counted in completed units of its own; FHIR's Range includes both
 * ends, so the last age in the band is age_to − 1 of that unit. A band
 * from birth with no upper end is for every age and has no `age`. */
static void
add_age (JsonBuilder *builder,
         JsonObject  *band)
{
  gint64 from = 0, to = 0;
  guint from_unit = 0, to_unit = 0;
  gboolean has_from = get_age_end (band, "age_from", &from, &from_unit) && from > 0;
  gboolean has_to = get_age_end (band, "age_to", &to, &to_unit) && to > 0;

  if (!has_from && !has_to)
    return;
  json_builder_set_member_name (builder, "age");
  json_builder_begin_object (builder);
  if (has_from)
    add_age_quantity (builder, "low", from, from_unit);
  if (has_to)
    add_age_quantity (builder, "high", to - 1, to_unit);
  json_builder_end_object (builder);
}

static void
add_applies_to (JsonBuilder *builder,
                JsonObject  *band)
{
  const char *sex = get_string (band, "sex");

  for (guint i = 0; i < G_N_ELEMENTS (sexes); i++)
    if (g_strcmp0 (sex, sexes[i].sex) == 0)
      {
        json_builder_set_member_name (builder, "appliesTo");
        json_builder_begin_array (builder);
        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "coding");
        json_builder_begin_array (builder);
        ld_fhir_add_coding (builder, "http://snomed.info/sct", sexes[i].code, sexes[i].display);
        json_builder_end_array (builder);
        ld_fhir_add_string (builder, "text", sexes[i].display);
        json_builder_end_object (builder);
        json_builder_end_array (builder);
        return;
      }
}

/**
 * ld_fhir_add_reference_range:
 * @builder: inside an Observation
 * @result: a reported result
 *
 * The band @result was flagged against: `low`, `high` (quantities in the
 * result's unit), `appliesTo` and `age` for the population it is for, and
 * `text` as the report prints it. Nothing when the result has no band.
 */
void
ld_fhir_add_reference_range (JsonBuilder    *builder,
                             const LdResult *result)
{
  JsonObject *range;
  double low = 0, high = 0;
  gboolean has_low, has_high;
  const char *range_text;

  if (result->reference_range == NULL || !JSON_NODE_HOLDS_OBJECT (result->reference_range))
    return;

  range = json_node_get_object (result->reference_range);
  has_low = get_number (range, "low", &low);
  has_high = get_number (range, "high", &high);
  range_text = get_string (range, "text");
  if (!has_low && !has_high && (range_text == NULL || range_text[0] == '\0'))
    return;

  json_builder_set_member_name (builder, "referenceRange");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  if (has_low)
    ld_fhir_add_quantity (builder, "low", low, result->unit);
  if (has_high)
    ld_fhir_add_quantity (builder, "high", high, result->unit);
  add_applies_to (builder, range);
  add_age (builder, range);
  ld_fhir_add_string (builder, "text", range_text);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

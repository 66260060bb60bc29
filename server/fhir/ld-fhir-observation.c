/* ld-fhir-observation.c: the report's results as FHIR Observations
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-fhir"

#include "config.h"

#include "ld-fhir-private.h"
#include "ld-time.h"

#define INTERPRETATION_SYSTEM "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"

/* Our flags as HL7 v3 interpretation codes; none and "no reference
 * interval" say nothing and are left out. */
static const struct
{
  const char *flag;
  const char *code;
  const char *display;
} interpretations[] = {
  { "normal", "N", "Normal" },
  { "low", "L", "Low" },
  { "high", "H", "High" },
  { "critical_low", "LL", "Critical low" },
  { "critical_high", "HH", "Critical high" },
  { "abnormal", "A", "Abnormal" },
};

/* final; after release, "corrected" when an amendment changed the value
 * and "amended" when it changed only the comment. */
static const char *
observation_status (const LdResult *result)
{
  const char *status = "final";

  for (guint i = 0; result->amendments != NULL && i < result->amendments->len; i++)
    {
      const LdResultAmendment *amendment = g_ptr_array_index (result->amendments, i);

      if (g_strcmp0 (amendment->kind, "returned") == 0)
        continue;
      if (g_strcmp0 (amendment->old_value, amendment->new_value) != 0)
        return "corrected";
      status = "amended";
    }
  return status;
}

static void
add_interpretation (JsonBuilder    *builder,
                    const LdResult *result)
{
  for (guint i = 0; i < G_N_ELEMENTS (interpretations); i++)
    if (g_strcmp0 (result->flag, interpretations[i].flag) == 0)
      {
        json_builder_set_member_name (builder, "interpretation");
        json_builder_begin_array (builder);
        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "coding");
        json_builder_begin_array (builder);
        ld_fhir_add_coding (builder, INTERPRETATION_SYSTEM, interpretations[i].code,
                            interpretations[i].display);
        json_builder_end_array (builder);
        json_builder_end_object (builder);
        json_builder_end_array (builder);
        return;
      }
}

static void
write_observation (JsonBuilder        *builder,
                   const LdFhirReport *report,
                   const LdResult     *result,
                   const char         *base,
                   const char         *search_mode)
{
  g_autofree char *request = ld_fhir_service_request_uuid (report->order, result->test_code);
  g_autofree char *request_urn = ld_fhir_urn (request);
  g_autofree char *subject = ld_fhir_urn (report->order->patient_id);
  g_autofree char *specimen = result->sample_id ? ld_fhir_urn (result->sample_id) : NULL;
  g_autofree char *effective =
    result->collected_us > 0 ? ld_time_format_rfc3339 (result->collected_us) : NULL;

  ld_fhir_begin_entry (builder, result->id, "Observation");
  json_builder_set_member_name (builder, "basedOn");
  json_builder_begin_array (builder);
  ld_fhir_add_reference (builder, NULL, request_urn);
  json_builder_end_array (builder);
  ld_fhir_add_string (builder, "status", observation_status (result));

  json_builder_set_member_name (builder, "category");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  ld_fhir_add_coding (builder, "http://terminology.hl7.org/CodeSystem/observation-category",
                      "laboratory", "Laboratory");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  ld_fhir_add_test_code (builder, report, base, result->test_code, result->test_name);
  ld_fhir_add_reference (builder, "subject", subject);
  ld_fhir_add_string (builder, "effectiveDateTime", effective);
  ld_fhir_add_string (builder, "issued", result->released_at);

  if (result->has_numeric_value)
    ld_fhir_add_quantity (builder, "valueQuantity", result->numeric_value, result->unit);
  else
    ld_fhir_add_string (builder, "valueString", result->value);

  add_interpretation (builder, result);
  if (result->comment != NULL && result->comment[0] != '\0')
    {
      json_builder_set_member_name (builder, "note");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      ld_fhir_add_string (builder, "text", result->comment);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  if (specimen != NULL)
    ld_fhir_add_reference (builder, "specimen", specimen);
  ld_fhir_add_reference_range (builder, result);
  ld_fhir_end_entry (builder, search_mode);
}

/* One Observation per reported result; a cancelled test is left out, as
 * it is from the printed report. */
void
ld_fhir_write_observations (JsonBuilder        *builder,
                            const LdFhirReport *report,
                            const char         *base,
                            const char         *search_mode)
{
  for (guint i = 0; i < report->results->len; i++)
    {
      const LdResult *result = g_ptr_array_index (report->results, i);

      if (ld_fhir_result_is_reported (result))
        write_observation (builder, report, result, base, search_mode);
    }
}

/* ld-fhir-patient.c: the report's patient as a FHIR Patient
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-fhir"

#include "config.h"

#include "ld-fhir-private.h"

static const char *
gender (LdSex sex)
{
  switch (sex)
    {
    case LD_SEX_FEMALE:
      return "female";
    case LD_SEX_MALE:
      return "male";
    case LD_SEX_OTHER:
      return "other";
    case LD_SEX_UNKNOWN:
    default:
      return "unknown";
    }
}

/* Patient: the MRN as a medical record number under the lab's system,
 * the name as written at the desk (one text; we keep no parts), gender
 * and the date of birth when it is known (an age alone is left out). */
void
ld_fhir_write_patient (JsonBuilder        *builder,
                       const LdFhirReport *report,
                       const char         *base,
                       const char         *search_mode)
{
  LdPatient *patient = report->patient;
  g_autofree char *system = ld_fhir_system (base, "sid/mrn");

  ld_fhir_begin_entry (builder, ld_patient_get_id (patient), "Patient");

  json_builder_set_member_name (builder, "identifier");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "use", "usual");
  json_builder_set_member_name (builder, "type");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  ld_fhir_add_coding (builder, "http://terminology.hl7.org/CodeSystem/v2-0203", "MR",
                      "Medical record number");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_fhir_add_string (builder, "system", system);
  ld_fhir_add_string (builder, "value", ld_patient_get_mrn (patient));
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "name");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "text", ld_patient_get_name (patient));
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  ld_fhir_add_string (builder, "gender", gender (ld_patient_get_sex (patient)));
  ld_fhir_add_string (builder, "birthDate", ld_patient_get_date_of_birth (patient));

  ld_fhir_end_entry (builder, search_mode);
}

/* ld-patient-body.c: the body of a patient's registration or edit, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's patient form writes it, the server reads it (and the
 * client's cache, for a registration or edit still in the outbox): one
 * reader and one writer, so the two cannot drift. The details' rules are
 * ld_patient_read_json()'s; this file adds what travels beside them (the
 * id, the duplicate override, the version) and which members are sent.
 */

#define G_LOG_DOMAIN "ld-patient-body"

#include "config.h"

#include "ld-patient-body.h"
#include "ld-record-id.h"

static const struct
{
  LdPatientFields  field;
  const char      *name;
} field_names[] = {
  { LD_PATIENT_FIELD_NAME, "name" },
  { LD_PATIENT_FIELD_SEX, "sex" },
  { LD_PATIENT_FIELD_DATE_OF_BIRTH, "date_of_birth" },
  { LD_PATIENT_FIELD_AGE_YEARS, "age_years" },
  { LD_PATIENT_FIELD_PHONE, "phone" },
  { LD_PATIENT_FIELD_EMAIL, "email" },
  { LD_PATIENT_FIELD_PHONE_DO_NOT_SEND, "phone_do_not_send" },
  { LD_PATIENT_FIELD_EMAIL_DO_NOT_SEND, "email_do_not_send" },
  { LD_PATIENT_FIELD_ADDRESS, "address" },
  { LD_PATIENT_FIELD_NATIONAL_ID, "national_id" },
};

/**
 * ld_patient_request_clear:
 * @request: a patient request
 *
 * Frees what @request holds.
 */
void
ld_patient_request_clear (LdPatientRequest *request)
{
  g_clear_pointer (&request->id, g_free);
}

/**
 * ld_patient_field_name:
 * @field: one field
 *
 * Returns: the member that carries @field, as errors name it
 */
const char *
ld_patient_field_name (LdPatientFields field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (field_names[i].field == field)
      return field_names[i].name;
  g_return_val_if_reached (NULL);
}

static LdPatientFields
fields_present (LdJsonReader *reader)
{
  LdPatientFields fields = 0;

  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (ld_json_reader_has (reader, field_names[i].name))
      fields |= field_names[i].field;
  return fields;
}

/**
 * ld_patient_body_read_registration:
 * @reader: the body of POST /api/v1/patients
 * @request: (out caller-allocates): the id, the duplicate override and
 *   the fields the body carries
 *
 * Reads a registration as the server takes it; refusals are added to
 * @reader, each naming its member.
 *
 * Returns: (transfer full): the patient, under the body's id or a new one
 *   (meaningful only if ld_json_reader_finish() then succeeds)
 */
LdPatient *
ld_patient_body_read_registration (LdJsonReader     *reader,
                                   LdPatientRequest *request)
{
  LdPatient *patient;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (ld_json_reader_get_string (reader, "id", LD_JSON_OPTIONAL, &request->id) &&
      !g_uuid_string_is_valid (request->id))
    ld_json_reader_add_error (reader, "id", "must be a UUID");
  ld_json_reader_get_bool (reader, "allow_duplicate", LD_JSON_OPTIONAL,
                           &request->allow_duplicate);
  if (request->id == NULL)
    request->id = ld_record_id_new ();
  patient = ld_patient_new (request->id);
  ld_patient_read_json (patient, reader, TRUE);
  request->fields = fields_present (reader);
  return patient;
}

/**
 * ld_patient_body_read_edit:
 * @reader: the body of PATCH /api/v1/patients/{id}
 * @patient: the patient as stored, changed in place
 * @request: (out caller-allocates): the version and the fields the body
 *   carries
 *
 * Reads an edit as the server takes it and lays it over @patient;
 * refusals are added to @reader, each naming its member.
 */
void
ld_patient_body_read_edit (LdJsonReader     *reader,
                           LdPatient        *patient,
                           LdPatientRequest *request)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (LD_IS_PATIENT (patient));
  g_return_if_fail (request != NULL);

  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &request->version);
  ld_patient_read_json (patient, reader, FALSE);
  request->fields = fields_present (reader);
}

static void
write_fields (JsonBuilder     *builder,
              LdPatient       *patient,
              LdPatientFields  fields)
{
  if (fields & LD_PATIENT_FIELD_NAME)
    ld_json_builder_add_string (builder, "name", ld_patient_get_name (patient));
  if (fields & LD_PATIENT_FIELD_SEX)
    ld_json_builder_add_string (builder, "sex", ld_sex_to_string (ld_patient_get_sex (patient)));
  if (fields & LD_PATIENT_FIELD_DATE_OF_BIRTH)
    ld_json_builder_add_string (builder, "date_of_birth", ld_patient_get_date_of_birth (patient));
  if (fields & LD_PATIENT_FIELD_AGE_YEARS)
    {
      gint64 age = ld_patient_get_age_years (patient);

      if (age >= 0)
        ld_json_builder_add_int (builder, "age_years", age);
      else
        ld_json_builder_add_string (builder, "age_years", NULL);
    }
  if (fields & LD_PATIENT_FIELD_PHONE)
    ld_json_builder_add_string (builder, "phone", ld_patient_get_phone (patient));
  if (fields & LD_PATIENT_FIELD_EMAIL)
    ld_json_builder_add_string (builder, "email", ld_patient_get_email (patient));
  if (fields & LD_PATIENT_FIELD_PHONE_DO_NOT_SEND)
    ld_json_builder_add_bool (builder, "phone_do_not_send",
                              ld_patient_get_phone_do_not_send (patient));
  if (fields & LD_PATIENT_FIELD_EMAIL_DO_NOT_SEND)
    ld_json_builder_add_bool (builder, "email_do_not_send",
                              ld_patient_get_email_do_not_send (patient));
  if (fields & LD_PATIENT_FIELD_ADDRESS)
    ld_json_builder_add_string (builder, "address", ld_patient_get_address (patient));
  if (fields & LD_PATIENT_FIELD_NATIONAL_ID)
    ld_json_builder_add_string (builder, "national_id", ld_patient_get_national_id (patient));
}

/**
 * ld_patient_body_write_registration:
 * @builder: a builder, inside the body's object
 * @patient: the details
 * @request: the id (%NULL: none sent), the duplicate override (sent only
 *   when set) and which details to send
 *
 * Writes the body ld_patient_body_read_registration() reads. A detail
 * left out is one the person has not given yet.
 */
void
ld_patient_body_write_registration (JsonBuilder            *builder,
                                    LdPatient              *patient,
                                    const LdPatientRequest *request)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (LD_IS_PATIENT (patient));
  g_return_if_fail (request != NULL);

  if (request->id != NULL)
    ld_json_builder_add_string (builder, "id", request->id);
  if (request->allow_duplicate)
    ld_json_builder_add_bool (builder, "allow_duplicate", TRUE);
  write_fields (builder, patient, request->fields);
}

/**
 * ld_patient_body_write_edit:
 * @builder: a builder, inside the outbox's parameters
 * @patient: the details
 * @request: the patient's id, the version the edit was made over and
 *   which details changed
 *
 * Writes an edit: the "id" the outbox puts in the route, beside the body
 * ld_patient_body_read_edit() reads.
 */
void
ld_patient_body_write_edit (JsonBuilder            *builder,
                            LdPatient              *patient,
                            const LdPatientRequest *request)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (LD_IS_PATIENT (patient));
  g_return_if_fail (request != NULL && request->id != NULL);

  ld_json_builder_add_string (builder, "id", request->id);
  ld_json_builder_add_int (builder, "version", request->version);
  write_fields (builder, patient, request->fields);
}

/**
 * ld_patient_body_check:
 * @patient: the details as a form holds them
 * @fields: the details given so far
 * @error: return location for %LD_API_ERROR_VALIDATION_FAILED, with the
 *   field errors in ld_api_error_get_fields()
 *
 * Checks a registration by the rules the server runs, by writing its
 * body and reading it back as the server would, so that a form can say
 * what is wrong as the person types, before anything is sent.
 *
 * Returns: %TRUE when the server would take it
 */
gboolean
ld_patient_body_check (LdPatient        *patient,
                       LdPatientFields   fields,
                       GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdPatient) read = NULL;
  g_auto(LdPatientRequest) request = { NULL };
  LdPatientRequest body = { NULL };

  g_return_val_if_fail (LD_IS_PATIENT (patient), FALSE);

  body.fields = fields;
  json_builder_begin_object (builder);
  ld_patient_body_write_registration (builder, patient, &body);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reader = ld_json_reader_new (json_node_get_object (root));
  read = ld_patient_body_read_registration (reader, &request);
  return ld_json_reader_finish (reader, error);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

/**
 * ld_patient_fields_changed:
 * @before: the patient as the desk saw it when an edit began
 * @after: the patient as the edit has it
 *
 * Returns: the details that differ, so that an edit sent over a newer
 *   version changes only what the person changed
 */
LdPatientFields
ld_patient_fields_changed (LdPatient *before,
                           LdPatient *after)
{
  LdPatientFields changed = 0;

  g_return_val_if_fail (LD_IS_PATIENT (before), 0);
  g_return_val_if_fail (LD_IS_PATIENT (after), 0);

  if (!same_text (ld_patient_get_name (before), ld_patient_get_name (after)))
    changed |= LD_PATIENT_FIELD_NAME;
  if (ld_patient_get_sex (before) != ld_patient_get_sex (after))
    changed |= LD_PATIENT_FIELD_SEX;
  if (!same_text (ld_patient_get_date_of_birth (before), ld_patient_get_date_of_birth (after)))
    changed |= LD_PATIENT_FIELD_DATE_OF_BIRTH;
  if (MAX (ld_patient_get_age_years (before), -1) != MAX (ld_patient_get_age_years (after), -1))
    changed |= LD_PATIENT_FIELD_AGE_YEARS;
  if (!same_text (ld_patient_get_phone (before), ld_patient_get_phone (after)))
    changed |= LD_PATIENT_FIELD_PHONE;
  if (!same_text (ld_patient_get_email (before), ld_patient_get_email (after)))
    changed |= LD_PATIENT_FIELD_EMAIL;
  if (ld_patient_get_phone_do_not_send (before) != ld_patient_get_phone_do_not_send (after))
    changed |= LD_PATIENT_FIELD_PHONE_DO_NOT_SEND;
  if (ld_patient_get_email_do_not_send (before) != ld_patient_get_email_do_not_send (after))
    changed |= LD_PATIENT_FIELD_EMAIL_DO_NOT_SEND;
  if (!same_text (ld_patient_get_address (before), ld_patient_get_address (after)))
    changed |= LD_PATIENT_FIELD_ADDRESS;
  if (!same_text (ld_patient_get_national_id (before), ld_patient_get_national_id (after)))
    changed |= LD_PATIENT_FIELD_NATIONAL_ID;
  return changed;
}

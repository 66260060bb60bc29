/* ld-patient-apply.c: what a patient's edit does to their record
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server applies an edit (PATCH /api/v1/patients/{id}) with
 * ld_patient_body_read_edit() on the patient as stored; the client's cache
 * shows an edit still waiting in the outbox by the same rule, on the
 * record as the server last sent it: the text trimmed as the server
 * keeps it, an age dropped for a date of birth and a date for an age.
 * A registration is read once too (ld_patient_body_read_registration()): by
 * the server's POST /api/v1/patients, and by the cache for a patient
 * registered while the server is away.
 */

#define G_LOG_DOMAIN "ld-patient-apply"

#include "config.h"

#include "ld-json.h"
#include "ld-patient.h"
#include "ld-patient-apply.h"
#include "ld-patient-body.h"

/**
 * ld_patient_apply_edit_json:
 * @record: a patient as the server sends it, changed in place
 * @edit: the body of an edit: its "version" and the fields changed
 *
 * Lays @edit over @record as the server will store it. The members the
 * server keeps (id, MRN, version, times) are left as they are.
 *
 * Returns: %TRUE when applied; %FALSE, @record unchanged, for an edit
 *   the server would refuse
 */
gboolean
ld_patient_apply_edit_json (JsonObject *record,
                            JsonObject *edit)
{
  static const char * const fields[] = {
    "name",    "sex",        "date_of_birth",     "age_years",
    "phone",   "email",      "phone_do_not_send", "email_do_not_send",
    "address", "national_id"
  };
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_auto(LdPatientRequest) request = { NULL };

  g_return_val_if_fail (record != NULL && edit != NULL, FALSE);

  /* The record as the server sent it is one it took. */
  patient = ld_patient_new_from_json (record);

  reader = ld_json_reader_new (edit);
  ld_patient_body_read_edit (reader, patient, &request);
  if (!ld_json_reader_finish (reader, NULL))
    return FALSE;

  ld_patient_to_json (patient, builder);
  node = json_builder_get_root (builder);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    json_object_set_member (record, fields[i],
                            json_node_copy (
                              json_object_get_member (json_node_get_object (node), fields[i])));
  return TRUE;
}

/**
 * ld_patient_read_registration:
 * @body: a registration's body (POST /api/v1/patients)
 * @out_allow_duplicate: (out) (optional): whether it asks to register
 *   despite likely duplicates
 * @error: return location for an %LD_API_ERROR naming each bad field
 *
 * Returns: (transfer full) (nullable): the patient as the server
 *   registers it, under the body's id or a new one; %NULL for a body the
 *   server refuses
 */
LdPatient *
ld_patient_read_registration (JsonObject  *body,
                              gboolean    *out_allow_duplicate,
                              GError     **error)
{
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdPatient) patient = NULL;
  g_auto(LdPatientRequest) request = { NULL };

  g_return_val_if_fail (body != NULL, NULL);

  reader = ld_json_reader_new (body);
  patient = ld_patient_body_read_registration (reader, &request);
  if (!ld_json_reader_finish (reader, error))
    return NULL;

  if (out_allow_duplicate != NULL)
    *out_allow_duplicate = request.allow_duplicate;
  return g_steal_pointer (&patient);
}

/**
 * ld_patient_apply_registration_json:
 * @body: a registration's body, with the id the client chose
 *
 * Returns: (transfer full) (nullable): the patient's record as the server
 *   will send it, but for what only the server gives (the MRN, the
 *   times); %NULL for a registration the server would refuse
 */
JsonObject *
ld_patient_apply_registration_json (JsonObject *body)
{
  g_autoptr(LdPatient) patient = ld_patient_read_registration (body, NULL, NULL);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (patient == NULL)
    return NULL;
  builder = json_builder_new ();
  ld_patient_to_json (patient, builder);
  node = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (node));
}

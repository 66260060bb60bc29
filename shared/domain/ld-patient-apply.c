/* ld-patient-apply.c: what a patient's edit does to their record
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server applies an edit (PATCH /api/v1/patients/{id}) with
 * ld_patient_read_json() on the patient as stored; the client's cache
 * shows an edit still waiting in the outbox by the same rule, on the
 * record as the server last sent it: the text trimmed as the server
 * keeps it, an age dropped for a date of birth and a date for an age.
 */

#define G_LOG_DOMAIN "ld-patient-apply"

#include "config.h"

#include "ld-json.h"
#include "ld-patient.h"
#include "ld-patient-apply.h"

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
  static const char * const fields[] = { "name",  "sex",   "date_of_birth", "age_years",
                                         "phone", "email", "address",       "national_id" };
  g_autoptr(LdJsonReader) stored = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  gint64 version = 0;

  g_return_val_if_fail (record != NULL && edit != NULL, FALSE);

  /* The record as the server sent it is one it took. */
  patient = ld_patient_new (ld_json_object_get_string (record, "id"));
  stored = ld_json_reader_new (record);
  ld_patient_read_json (patient, stored, TRUE);

  reader = ld_json_reader_new (edit);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  ld_patient_read_json (patient, reader, FALSE);
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

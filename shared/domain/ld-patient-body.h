/* ld-patient-body.h: the body of a patient's registration or edit, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json.h"
#include "ld-patient.h"

G_BEGIN_DECLS

/**
 * LdPatientFields:
 * @LD_PATIENT_FIELD_NAME: "name"
 * @LD_PATIENT_FIELD_SEX: "sex"
 * @LD_PATIENT_FIELD_DATE_OF_BIRTH: "date_of_birth"
 * @LD_PATIENT_FIELD_AGE_YEARS: "age_years"
 * @LD_PATIENT_FIELD_PHONE: "phone"
 * @LD_PATIENT_FIELD_EMAIL: "email"
 * @LD_PATIENT_FIELD_PHONE_DO_NOT_SEND: "phone_do_not_send"
 * @LD_PATIENT_FIELD_EMAIL_DO_NOT_SEND: "email_do_not_send"
 * @LD_PATIENT_FIELD_ADDRESS: "address"
 * @LD_PATIENT_FIELD_NATIONAL_ID: "national_id"
 * @LD_PATIENT_FIELD_ALL: every one
 *
 * The patient's details a body may carry, one bit for each member.
 */
typedef enum
{
  LD_PATIENT_FIELD_NAME              = 1 << 0,
  LD_PATIENT_FIELD_SEX               = 1 << 1,
  LD_PATIENT_FIELD_DATE_OF_BIRTH     = 1 << 2,
  LD_PATIENT_FIELD_AGE_YEARS         = 1 << 3,
  LD_PATIENT_FIELD_PHONE             = 1 << 4,
  LD_PATIENT_FIELD_EMAIL             = 1 << 5,
  LD_PATIENT_FIELD_PHONE_DO_NOT_SEND = 1 << 6,
  LD_PATIENT_FIELD_EMAIL_DO_NOT_SEND = 1 << 7,
  LD_PATIENT_FIELD_ADDRESS           = 1 << 8,
  LD_PATIENT_FIELD_NATIONAL_ID       = 1 << 9,
  LD_PATIENT_FIELD_ALL               = (1 << 10) - 1
} LdPatientFields;

/**
 * LdPatientRequest:
 * @id: (nullable): a registration's id as the client chose it (%NULL for
 *   the server to choose); an edit's patient, the route's {id}, which the
 *   writer puts beside the body for the outbox and the reader never reads
 * @allow_duplicate: a registration made despite likely duplicates
 * @version: the version an edit was made over
 * @fields: the details the body carries
 *
 * What a registration (POST /api/v1/patients) or an edit (PATCH
 * /api/v1/patients/{id}) asks for besides the patient's details, which
 * travel in an #LdPatient.
 */
typedef struct
{
  char            *id;
  gboolean         allow_duplicate;
  gint64           version;
  LdPatientFields  fields;
} LdPatientRequest;

void        ld_patient_request_clear           (LdPatientRequest       *request);
const char *ld_patient_field_name              (LdPatientFields         field);
LdPatient  *ld_patient_body_read_registration  (LdJsonReader           *reader,
                                                LdPatientRequest       *request);
void        ld_patient_body_read_edit          (LdJsonReader           *reader,
                                                LdPatient              *patient,
                                                LdPatientRequest       *request);
void        ld_patient_body_write_registration (JsonBuilder            *builder,
                                                LdPatient              *patient,
                                                const LdPatientRequest *request);
void        ld_patient_body_write_edit         (JsonBuilder            *builder,
                                                LdPatient              *patient,
                                                const LdPatientRequest *request);
gboolean    ld_patient_body_check              (LdPatient              *patient,
                                                LdPatientFields         fields,
                                                GError                **error);
LdPatientFields ld_patient_fields_changed      (LdPatient              *before,
                                                LdPatient              *after);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdPatientRequest, ld_patient_request_clear)

G_END_DECLS

/* ld-appointment.h: an appointment and its visit record, as the API shows them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-json.h"
#include "ld-states.h"
#include "ld-vitals.h"

G_BEGIN_DECLS

/**
 * LdAppointment:
 * @id: its id
 * @doctor_id: the doctor
 * @doctor_name: (nullable): the doctor's display name, as read
 * @patient_id: the patient
 * @patient_name: (nullable): the patient's name, as read
 * @day: the local date it is for, "2026-12-01"
 * @slot_us: the slot's start; 0 for a walk-in
 * @overbooked: booked over a slot already taken, by the desk's choice
 * @state: where it is
 * @token: the token number given at check-in; 0 before
 * @note: (nullable): the desk's note
 * @cancel_reason: (nullable): why it was cancelled
 * @booked_by: who booked it
 * @booked_us: when
 * @checked_in_us: when the patient checked in; 0 before
 * @started_us: when the doctor called them in; 0 before
 * @done_us: when the doctor was done; 0 before
 * @version: the stored version
 *
 * A patient's time with a doctor, booked or walked in.
 */
typedef struct
{
  char               *id;
  char               *doctor_id;
  char               *doctor_name;
  char               *patient_id;
  char               *patient_name;
  char               *day;
  gint64              slot_us;
  gboolean            overbooked;
  LdAppointmentState  state;
  gint64              token;
  char               *note;
  char               *cancel_reason;
  char               *booked_by;
  gint64              booked_us;
  gint64              checked_in_us;
  gint64              started_us;
  gint64              done_us;
  gint64              version;
} LdAppointment;

/**
 * LdVisit:
 * @id: its id
 * @appointment_id: the appointment it records
 * @patient_id: the patient
 * @doctor_id: the doctor who wrote it
 * @complaint: (nullable): what the patient came with
 * @vitals: the vital signs taken
 * @findings: (nullable): the examination
 * @diagnosis: (nullable): the diagnosis, as written
 * @icd10: (nullable): its ICD-10 code, when given
 * @advice: (nullable): the advice
 * @follow_up: (nullable): the follow-up date, "2026-12-15"
 * @signed_by: (nullable): who signed it
 * @signed_us: when it was signed; 0 while a draft
 * @created_us: when it was first written
 * @updated_us: when it last changed
 * @version: the stored version
 * @amendments: (element-type LdVisitAmendment): each amendment (the record
 *   replaced, why, by whom, when), oldest first
 *
 * What the doctor writes at a visit. A signed visit is amended, never
 * overwritten: the text it had is kept in @amendments.
 */
typedef struct
{
  char      *id;
  char      *appointment_id;
  char      *patient_id;
  char      *doctor_id;
  char      *complaint;
  LdVitals   vitals;
  char      *findings;
  char      *diagnosis;
  char      *icd10;
  char      *advice;
  char      *follow_up;
  char      *signed_by;
  gint64     signed_us;
  gint64     created_us;
  gint64     updated_us;
  gint64     version;
  GPtrArray *amendments;
} LdVisit;

/**
 * LdVisitField:
 * @LD_VISIT_FIELD_COMPLAINT: #LdVisit's @complaint
 * @LD_VISIT_FIELD_FINDINGS: @findings
 * @LD_VISIT_FIELD_DIAGNOSIS: @diagnosis
 * @LD_VISIT_FIELD_ICD10: @icd10
 * @LD_VISIT_FIELD_ADVICE: @advice
 * @LD_VISIT_FIELD_FOLLOW_UP: @follow_up
 * @LD_VISIT_FIELD_N: how many
 *
 * The texts of a visit, in the form's order, for what goes over each
 * alike (an amendment's changes, a past visit read out).
 */
typedef enum
{
  LD_VISIT_FIELD_COMPLAINT,
  LD_VISIT_FIELD_FINDINGS,
  LD_VISIT_FIELD_DIAGNOSIS,
  LD_VISIT_FIELD_ICD10,
  LD_VISIT_FIELD_ADVICE,
  LD_VISIT_FIELD_FOLLOW_UP,
  LD_VISIT_FIELD_N
} LdVisitField;

/**
 * LdVisitBody:
 * @version: the visit's version when it exists (0: a first write)
 * @complaint: (nullable): see #LdVisit
 * @vitals: see #LdVisit
 * @findings: (nullable): see #LdVisit
 * @diagnosis: (nullable): see #LdVisit
 * @icd10: (nullable): see #LdVisit
 * @advice: (nullable): see #LdVisit
 * @follow_up: (nullable): see #LdVisit
 * @reason: (nullable): why a signed visit is amended
 *
 * The body of PUT /api/v1/appointments/{id}/visit, spelled once.
 */
typedef struct
{
  gint64    version;
  char     *complaint;
  LdVitals  vitals;
  char     *findings;
  char     *diagnosis;
  char     *icd10;
  char     *advice;
  char     *follow_up;
  char     *reason;
} LdVisitBody;

/* The longest text of a visit's fields, in characters. */
#define LD_VISIT_TEXT_MAX 4000

LdAppointment *ld_appointment_new        (void);
void           ld_appointment_free       (LdAppointment        *appointment);
void           ld_appointment_to_json    (const LdAppointment  *appointment,
                                          JsonBuilder          *builder);
JsonNode      *ld_appointment_to_node    (const LdAppointment  *appointment);
LdAppointment *ld_appointment_copy       (const LdAppointment  *appointment);
LdAppointment *ld_appointment_read_object (JsonObject          *object);

LdVisit       *ld_visit_new              (void);
void           ld_visit_free             (LdVisit              *visit);
void           ld_visit_to_json          (const LdVisit        *visit,
                                          JsonBuilder          *builder);
JsonNode      *ld_visit_to_node          (const LdVisit        *visit);
void           ld_visit_apply_body       (LdVisit              *visit,
                                          const LdVisitBody    *body);
LdVisit       *ld_visit_read_object      (JsonObject           *object);
const char    *ld_visit_get_text         (const LdVisit        *visit,
                                          LdVisitField          field);
const char    *ld_visit_field_get_member (LdVisitField          field);
void           ld_visit_body_to_json     (const LdVisitBody    *body,
                                          JsonBuilder          *builder);

void           ld_visit_body_read        (LdJsonReader         *reader,
                                          LdVisitBody          *body);
void           ld_visit_body_clear       (LdVisitBody          *body);
gboolean       ld_icd10_code_is_valid    (const char           *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAppointment, ld_appointment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdVisit, ld_visit_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdVisitBody, ld_visit_body_clear)

G_END_DECLS

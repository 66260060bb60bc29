/* ld-patient.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json.h"
#include "ld-json-out.h"

G_BEGIN_DECLS

typedef enum
{
  LD_SEX_UNKNOWN,
  LD_SEX_FEMALE,
  LD_SEX_MALE,
  LD_SEX_OTHER,
} LdSex;

#define LD_PATIENT_MAX_AGE_YEARS 130

#define LD_TYPE_PATIENT (ld_patient_get_type ())

G_DECLARE_FINAL_TYPE (LdPatient, ld_patient, LD, PATIENT, GObject)

const char *ld_sex_to_string            (LdSex         sex);
gboolean    ld_sex_from_string          (const char   *text,
                                         LdSex        *out_sex);

LdPatient  *ld_patient_new              (const char   *id);
void        ld_patient_read_json        (LdPatient    *self,
                                         LdJsonReader *reader,
                                         gboolean      creating);
LdPatient  *ld_patient_new_from_json    (JsonObject   *record);
void        ld_patient_write_json       (LdPatient    *self,
                                         LdJsonOut    *out);
void        ld_patient_to_json          (LdPatient    *self,
                                         JsonBuilder  *builder);

const char *ld_patient_get_id           (LdPatient    *self);
const char *ld_patient_get_mrn          (LdPatient    *self);
void        ld_patient_set_mrn          (LdPatient    *self,
                                         const char   *mrn);
const char *ld_patient_get_name         (LdPatient    *self);
LdSex       ld_patient_get_sex          (LdPatient    *self);
const char *ld_patient_get_date_of_birth (LdPatient   *self);
gint64      ld_patient_get_age_years    (LdPatient    *self);
const char *ld_patient_get_phone        (LdPatient    *self);
const char *ld_patient_get_email        (LdPatient    *self);
gboolean    ld_patient_get_email_do_not_send (LdPatient *self);
gboolean    ld_patient_get_phone_do_not_send (LdPatient *self);
void        ld_patient_set_age_years    (LdPatient    *self,
                                         gint64        age_years);
void        ld_patient_set_do_not_send  (LdPatient    *self,
                                         gboolean      email,
                                         gboolean      phone);
const char *ld_patient_get_address      (LdPatient    *self);
const char *ld_patient_get_national_id  (LdPatient    *self);
gint64      ld_patient_get_version      (LdPatient    *self);
void        ld_patient_set_version      (LdPatient    *self,
                                         gint64        version);
const char *ld_patient_get_created_at   (LdPatient    *self);
const char *ld_patient_get_updated_at   (LdPatient    *self);
void        ld_patient_set_times        (LdPatient    *self,
                                         const char   *created_at,
                                         const char   *updated_at);
void        ld_patient_set_fields       (LdPatient    *self,
                                         const char   *name,
                                         LdSex         sex,
                                         const char   *date_of_birth,
                                         gint64        age_years,
                                         const char   *phone,
                                         const char   *email,
                                         const char   *address,
                                         const char   *national_id);
gboolean    ld_patient_has_version      (LdPatient    *self);
gboolean    ld_patient_equal            (LdPatient    *a,
                                         LdPatient    *b);
GPtrArray  *ld_patient_read_candidates  (JsonObject   *current);

G_END_DECLS

/* ld-patient-form.h: a patient's details as the desk types them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-patient-body.h"

G_BEGIN_DECLS

#define LD_TYPE_PATIENT_FORM (ld_patient_form_get_type ())

G_DECLARE_FINAL_TYPE (LdPatientForm, ld_patient_form, LD, PATIENT_FORM, AdwBin)

GtkWidget  *ld_patient_form_new          (void);
void        ld_patient_form_set_patient  (LdPatientForm   *self,
                                          LdPatient       *patient);
LdPatient  *ld_patient_form_dup_patient  (LdPatientForm   *self,
                                          LdPatientFields *out_fields);
gboolean    ld_patient_form_get_valid    (LdPatientForm *self);
const char *ld_patient_form_get_reason   (LdPatientForm *self);
guint       ld_patient_form_show_refusal (LdPatientForm *self,
                                          const GError  *error);

G_END_DECLS

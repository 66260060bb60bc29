/* ld-patient-dialog.h: registering a patient, or editing one
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_PATIENT_DIALOG (ld_patient_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdPatientDialog, ld_patient_dialog, LD, PATIENT_DIALOG, AdwWindow)

GtkWidget *ld_patient_dialog_new (LdSession  *session,
                                  GtkWidget  *opener,
                                  const char *patient_id);
void       ld_patient_dialog_set_open_action (LdPatientDialog *self,
                                              const char      *action_name);

G_END_DECLS

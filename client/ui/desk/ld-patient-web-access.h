/* ld-patient-web-access.h: a patient's web accounts, and the desk's web code
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_PATIENT_WEB_ACCESS (ld_patient_web_access_get_type ())

G_DECLARE_FINAL_TYPE (LdPatientWebAccess, ld_patient_web_access, LD, PATIENT_WEB_ACCESS, AdwBin)

void ld_patient_web_access_set_patient (LdPatientWebAccess *self,
                                        LdSession          *session,
                                        const char         *patient_id);

G_END_DECLS

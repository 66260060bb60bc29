/* ld-patient-text.h: a patient said in a few words, on the desk's lists
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-patient.h"

G_BEGIN_DECLS

char *ld_patient_text_sex_age (LdPatient *patient);
char *ld_patient_text_for     (LdPatient *patient);

G_END_DECLS

/* ld-patient-text.h: a patient said in a few words, on the desk's lists
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-patient.h"

G_BEGIN_DECLS

char *ld_patient_text_sex_age_of (LdPatient  *patient);
char *ld_patient_text_sex_age    (JsonObject *record);
char *ld_patient_text_for_of     (LdPatient  *patient);
char *ld_patient_text_for        (JsonObject *record);

G_END_DECLS

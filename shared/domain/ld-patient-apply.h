/* ld-patient-apply.h: what a patient's edit does to their record
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-patient.h"

G_BEGIN_DECLS

gboolean ld_patient_apply_edit_json (JsonObject *record, JsonObject *edit);
LdPatient *
ld_patient_read_registration (JsonObject *body, gboolean *out_allow_duplicate, GError **error);
JsonObject *ld_patient_apply_registration_json (JsonObject *body);

G_END_DECLS

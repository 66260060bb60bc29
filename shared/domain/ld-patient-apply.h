/* ld-patient-apply.h: what a patient's edit does to their record
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean ld_patient_apply_edit_json (JsonObject *record,
                                     JsonObject *edit);

G_END_DECLS

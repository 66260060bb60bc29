/* ld-service-patients.h: registering, reading and editing patients
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-patient.h"
#include "ld-service.h"
#include "ld-service-edit.h"

G_BEGIN_DECLS

gboolean   ld_service_register_patient (LdServiceContext   *ctx,
                                        LdPatient          *patient,
                                        gboolean            allow_duplicate,
                                        GPtrArray         **out_duplicates,
                                        GError            **error);
LdPatient *ld_service_read_patient     (LdServiceContext   *ctx,
                                        const char         *patient_id,
                                        GError            **error);
LdPatient *ld_service_edit_patient     (LdServiceContext   *ctx,
                                        const char         *patient_id,
                                        LdServiceEditFunc   edit,
                                        gpointer            edit_data,
                                        const gint64       *version,
                                        LdPatient         **out_current,
                                        GError            **error);

G_END_DECLS

/* ld-service-patients.h: registering, reading and editing patients
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-patient.h"
#include "ld-service.h"
#include "ld-service-edit.h"
#include "ld-audit-batch.h"
#include "ld-patient-rules.h"

G_BEGIN_DECLS

/**
 * LdServiceDuplicates:
 * @LD_SERVICE_DUPLICATES_REFUSE: a likely duplicate refuses the
 *   registration (the desk, which then picks the existing record)
 * @LD_SERVICE_DUPLICATES_ALLOW: the desk registers despite them, on purpose
 * @LD_SERVICE_DUPLICATES_PARK: registered, and the likely duplicates
 *   given back, for the caller to park the record for the desk's review
 *   (the patient pages, which never join a stranger's record)
 */
typedef enum
{
  LD_SERVICE_DUPLICATES_REFUSE,
  LD_SERVICE_DUPLICATES_ALLOW,
  LD_SERVICE_DUPLICATES_PARK
} LdServiceDuplicates;

gboolean   ld_service_patients_register_in (LdServiceContext     *ctx,
                                            LdPatient            *patient,
                                            LdServiceDuplicates   duplicates,
                                            GPtrArray           **out_duplicates,
                                            GError              **error);

gboolean   ld_service_patients_record_change (LdServiceContext  *ctx,
                                              LdPatient         *patient,
                                              const char        *merged_into,
                                              GError           **error);

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

void       ld_service_patients_audit_search (LdServiceContext    *ctx,
                                             LdAuditBatch        *batch,
                                             LdPatientQueryKind   kind,
                                             guint                n_shown,
                                             LdAuditBatchDoneFunc done,
                                             gpointer             user_data);

G_END_DECLS

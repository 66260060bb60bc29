/* ld-service-web-link.h: a patient record joins a web account by a desk code
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ld-patient.h"
#include "ld-service.h"

G_BEGIN_DECLS

char      *ld_service_web_link_code_normalize (const char *text);
gboolean   ld_service_web_issue_link_code (LdServiceContext *ctx,
                                           const char       *patient_id,
                                           char            **out_code,
                                           gint64           *out_expires_us,
                                           GError          **error);
gboolean   ld_service_web_link_patient (LdServiceContext *ctx,
                                        const char       *account_id,
                                        const char       *code,
                                        const char       *relation,
                                        gboolean         *out_linked,
                                        GError          **error);
gboolean   ld_service_web_register_patient (LdServiceContext *ctx,
                                            const char       *account_id,
                                            LdPatient        *patient,
                                            const char       *relation,
                                            gboolean         *out_parked,
                                            GError          **error);
GPtrArray *ld_service_web_read_patient_accounts (LdServiceContext *ctx,
                                                 const char       *patient_id,
                                                 GError          **error);

G_END_DECLS

/* ld-api.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "../http/ld-router.h"
#include "../service/ld-sign-in-queue.h"

G_BEGIN_DECLS

void ld_api_system_register   (LdRouter *router);
void ld_api_sessions_register (LdRouter *router);
void ld_api_users_register    (LdRouter *router);
void ld_api_audit_register    (LdRouter *router);
void ld_api_backups_register  (LdRouter *router);
void ld_api_break_glass_register (LdRouter *router);
void ld_api_analytics_register (LdRouter *router);
void ld_api_catalog_register  (LdRouter *router);
void ld_api_changes_register  (LdRouter *router);
void ld_api_patients_register (LdRouter *router);
void ld_api_settings_register (LdRouter *router);
void ld_api_orders_register   (LdRouter *router);
void ld_api_payments_register (LdRouter *router);
void ld_api_reports_register  (LdRouter *router);
void ld_api_lab_register      (LdRouter *router);
void ld_api_samples_register  (LdRouter *router);
void ld_api_appointments_register (LdRouter *router);
void ld_api_icd10_register     (LdRouter *router);
void ld_api_instruments_register (LdRouter *router);
void ld_api_results_register  (LdRouter *router);
void ld_api_result_entry_register (LdRouter *router);
void ld_api_release_register  (LdRouter *router);
void ld_api_alerts_register   (LdRouter *router);
void ld_api_documents_register (LdRouter *router);
void ld_api_fhir_register      (LdRouter *router);
void ld_api_verify_register   (LdRouter *router);
void ld_api_notifications_register (LdRouter *router);
void ld_api_web_link_register (LdRouter *router);
void ld_api_web_review_register (LdRouter *router);

/* ld-api-release.c */
void ld_api_release_get_render_counts (guint *out_at_arrival,
                                       guint *out_at_turn);

/* ld-api-sessions.c */
LdSignInQueue *ld_api_sessions_new_queue      (const LdSignInLimits *limits);
guint          ld_api_sessions_get_n_checkers (void);

/* ld-api-break-glass.c */
gboolean ld_api_care_check (LdHttpRequest  *req,
                            const char     *patient_id,
                            GError        **error);
/* ld-api-analytics.c */
gboolean       ld_api_query_get_period (LdHttpRequest *req,
                                        GDate         *out_from,
                                        GDate         *out_to,
                                        gint64        *out_from_us,
                                        gint64        *out_until_us,
                                        GError       **error);

/* ld-api-settings.c */
JsonNode *ld_api_settings_to_node (LdStore  *store,
                                   GError  **error);

G_END_DECLS

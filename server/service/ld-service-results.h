/* ld-service-results.h: publishing results and releasing reports
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-order.h"
#include "ld-report-version.h"
#include "ld-result.h"
#include "ld-service.h"

G_BEGIN_DECLS

/* Who may read a result: the lab always, doctors once it is checked. */
#define LD_RESULT_LAB (LD_ROLE_TECHNICIAN | LD_ROLE_ADMIN)
#define LD_RESULT_READERS (LD_ROLE_DOCTOR | LD_RESULT_LAB)

/* Writes what a new report version reports, once it has its number; see
 * ld_service_issue_report(). */
typedef gboolean (*LdWriteVersionFunc) (LdServiceContext       *ctx,
                                        const LdReportVersion  *report,
                                        gpointer                user_data,
                                        GError                **error);

gboolean         ld_service_result_publish        (LdServiceContext   *ctx,
                                                   const LdResult     *result,
                                                   GError            **error);
gboolean         ld_service_save_interpretation   (LdServiceContext   *ctx,
                                                   const LdOrder      *order,
                                                   const char         *text,
                                                   GError            **error);
gboolean         ld_service_check_counted         (LdServiceContext   *ctx,
                                                   const LdOrder      *order,
                                                   GPtrArray          *results,
                                                   GError            **error);
LdReportVersion *ld_service_issue_report          (LdServiceContext   *ctx,
                                                   const LdOrder      *order,
                                                   LdWriteVersionFunc  write_results,
                                                   gpointer            user_data,
                                                   GError            **error);
LdOrder         *ld_service_release_order         (LdServiceContext   *ctx,
                                                   const char         *order_id,
                                                   gint64              version,
                                                   const char         *interpretation,
                                                   LdOrder           **out_current,
                                                   GPtrArray         **out_results,
                                                   LdReportVersion   **out_report,
                                                   GError            **error);

G_END_DECLS

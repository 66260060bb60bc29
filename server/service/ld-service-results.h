/* ld-service-results.h: publishing results and releasing reports
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-order.h"
#include "ld-report-version.h"
#include "ld-result.h"
#include "ld-result-body.h"
#include "ld-service.h"
#include "ld-permissions.h"
#include "../documents/ld-documents.h"

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

/**
 * LdResultsChange:
 * @order: the order as it now is
 * @results: (element-type LdResult): all its results as they now are
 * @report: (nullable): a report version just issued
 * @current: (nullable): when the change was refused as stale, the record
 *   as it is now, for the client to act on again
 *
 * What a change to an order's results gives back.
 */
typedef struct
{
  LdOrder         *order;
  GPtrArray       *results;
  LdReportVersion *report;
  JsonNode        *current;
} LdResultsChange;

void             ld_results_change_clear          (LdResultsChange    *change);

LdResult  *ld_service_find_result (GPtrArray *results, const char *test_code);
gboolean   ld_service_check_result_version (const LdResult *result,
                                            gint64          version,
                                            JsonNode      **out_current,
                                            GError        **error);
gboolean   ld_service_results_open (LdServiceContext *ctx,
                                    const LdOrder    *order,
                                    GPtrArray        *samples,
                                    GError          **error);
gboolean   ld_service_settle_order (LdServiceContext *ctx,
                                    LdOrder         **order,
                                    GPtrArray        *results,
                                    GError          **error);
gboolean   ld_service_read_results (LdServiceContext   *ctx,
                                    const LdPermission *permission,
                                    const char         *order_id,
                                    LdOrder           **out_order,
                                    GPtrArray         **out_results,
                                    GError            **error);
GPtrArray *ld_service_patient_history (LdServiceContext   *ctx,
                                       const LdPermission *permission,
                                       const char         *patient_id,
                                       const char         *test_code,
                                       gint64              after_collected_us,
                                       const char         *after_id,
                                       guint               limit,
                                       GError            **error);
gboolean   ld_service_cancel_result (LdServiceContext *ctx,
                                     const char       *result_id,
                                     gint64            version,
                                     const char       *reason,
                                     LdResultsChange  *out_change,
                                     GError          **error);
gboolean   ld_service_return_result (LdServiceContext *ctx,
                                     const char       *result_id,
                                     gint64            version,
                                     const char       *reason,
                                     LdResultsChange  *out_change,
                                     GError          **error);
gboolean   ld_service_amend_results (LdServiceContext *ctx,
                                     const char       *order_id,
                                     GPtrArray        *items,
                                     const char       *reason,
                                     LdResultsChange  *out_change,
                                     GError          **error);
gboolean ld_service_result_publish (LdServiceContext *ctx, const LdResult *result, GError **error);
gboolean         ld_service_save_interpretation (LdServiceContext *ctx,
                                                 LdOrder          *order,
                                                 const char       *text,
                                                 GError          **error);
gboolean ld_service_check_counted (LdServiceContext *ctx,
                                   const LdOrder    *order,
                                   GPtrArray        *results,
                                   GError          **error);
LdReportVersion *ld_service_issue_report (LdServiceContext  *ctx,
                                          const LdOrder     *order,
                                          LdWriteVersionFunc write_results,
                                          gpointer           user_data,
                                          const LdRenderedReport *rendered,
                                          GError           **error);
LdOrder         *ld_service_release_order (LdServiceContext *ctx,
                                           const char       *order_id,
                                           gint64            version,
                                           const char       *interpretation,
                                           const LdRenderedReport *rendered,
                                           LdOrder         **out_current,
                                           GPtrArray       **out_results,
                                           LdReportVersion **out_report,
                                           GError          **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdResultsChange, ld_results_change_clear)

G_END_DECLS

/* ld-store-results.h: results, reports, alerts and lab figures in the database
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-alert.h"
#include "ld-order.h"
#include "ld-report-version.h"
#include "ld-result.h"
#include "ld-sample.h"
#include "ld-store.h"

G_BEGIN_DECLS

/* Collection-to-release time of one test, over the results released in a
 * period. Times are microseconds. */
typedef struct
{
  char   *test_code;
  gint64  n_results;
  gint64  mean_us;
  gint64  min_us;
  gint64  max_us;
} LdTurnaround;

/* What one active technician has open now. */
typedef struct
{
  char   *user_id;
  /* Orders held and not yet collected. */
  gint64  orders_to_collect;
  /* Orders held, collected and not yet verified. */
  gint64  orders_in_lab;
  /* Results of held orders with no submitted value. */
  gint64  results_to_enter;
  /* Results this technician entered that wait for someone to verify them. */
  gint64  results_awaiting_verification;
} LdOpenWork;

/* What GET /verify/{code} tells of one report version. */
typedef struct
{
  LdReportVersion *report;
  char            *order_number;
  char            *patient_initials;
  /* The order's newest version: a higher one supersedes @report. */
  gint64           latest_version;
} LdReportCheck;

/* ld-store-results.c */
gboolean   ld_store_results_open            (LdStore            *store,
                                             const LdOrder      *order,
                                             GPtrArray          *samples,
                                             guint              *out_n_opened,
                                             GError            **error);
GPtrArray *ld_store_results_for_order       (LdStore            *store,
                                             const char         *order_id,
                                             GError            **error);
LdResult  *ld_store_results_get             (LdStore            *store,
                                             const char         *id,
                                             GError            **error);
gboolean   ld_store_results_update          (LdStore            *store,
                                             LdResult           *result,
                                             GError            **error);
gboolean   ld_store_results_add_amendment   (LdStore            *store,
                                             const char         *result_id,
                                             LdResultAmendment  *amendment,
                                             GError            **error);
gboolean   ld_store_results_previous        (LdStore            *store,
                                             const char         *patient_id,
                                             const char         *test_code,
                                             const char         *except_id,
                                             gint64              since_us,
                                             gint64              before_us,
                                             LdResult          **out_previous,
                                             GError            **error);
gboolean   ld_store_results_set_interpretation (LdStore         *store,
                                             const char         *order_id,
                                             const char         *text,
                                             GError            **error);
GPtrArray *ld_store_results_history         (LdStore            *store,
                                             const char         *patient_id,
                                             const char         *test_code,
                                             gint64              after_collected_us,
                                             const char         *after_id,
                                             guint               limit,
                                             GError            **error);

/* ld-store-reports.c */
gboolean   ld_store_reports_insert (LdStore         *store,
                                    LdReportVersion *report,
                                    const char      *patient_initials,
                                    GError         **error);
gboolean
ld_store_reports_set_pdf (LdStore          *store,
                          LdReportVersion  *report,
                          GBytes           *pdf,
                          const char       *pdf_sha256,
                          GError          **error);
GPtrArray *ld_store_reports_for_order (LdStore *store, const char *order_id, GError **error);
LdReportVersion         *
ld_store_reports_get (LdStore *store, const char *order_id, gint64 version, GError **error);
GBytes *ld_store_reports_get_pdf (LdStore *store, const char *report_id, GError **error);
LdReportVersion *ld_store_reports_get_by_id (LdStore *store, const char *id, GError **error);
GPtrArray       *ld_store_reports_for_patient (LdStore     *store,
                                               const char  *patient_id,
                                               gint64       from_us,
                                               gint64       until_us,
                                               const char  *after_id,
                                               guint        limit,
                                               GError     **error);
LdReportCheck *ld_store_reports_check_code (LdStore *store, const char *code, GError **error);
void           ld_report_check_free (LdReportCheck *check);

/* ld-store-alerts.c */
gboolean   ld_store_alerts_insert           (LdStore            *store,
                                             LdAlert            *alert,
                                             GError            **error);
LdAlert   *ld_store_alerts_get              (LdStore            *store,
                                             const char         *id,
                                             GError            **error);
GPtrArray *ld_store_alerts_list             (LdStore            *store,
                                             const char         *doctor_id,
                                             gboolean            open_only,
                                             const char         *after_raised_at,
                                             const char         *after_id,
                                             guint               limit,
                                             GError            **error);
GPtrArray *ld_store_alerts_list_overdue     (LdStore            *store,
                                             const char         *raised_before,
                                             const char         *after_raised_at,
                                             const char         *after_id,
                                             guint               limit,
                                             GError            **error);
gboolean   ld_store_alerts_acknowledge      (LdStore            *store,
                                             LdAlert            *alert,
                                             const char         *user_id,
                                             GError            **error);

/* ld-store-lab.c */
GPtrArray *
ld_store_lab_turnaround (LdStore *store, gint64 from_us, gint64 until_us, GError **error);
GPtrArray *ld_store_lab_open_work (LdStore *store, GError **error);
void       ld_turnaround_free (LdTurnaround *turnaround);
void       ld_open_work_free (LdOpenWork *work);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReportCheck, ld_report_check_free)

G_END_DECLS

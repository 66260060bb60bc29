/* ld-store-reports.c: released report versions
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-reports"

#include "config.h"

#include "ld-store-private.h"
#include "ld-store-results.h"
#include "ld-time.h"

#define REPORT_COLUMNS \
  "id, order_id, version, corrected, released_by, released_at, verification_code, pdf_sha256"

/**
 * ld_store_reports_insert:
 * @store: a store, inside a write transaction
 * @report: the new version: order, who released it and its verification
 *   code; its id, number, time and whether it is a correction are set here
 * @error: return location for an %LD_STORE_ERROR (CONSTRAINT if the code
 *   is taken)
 *
 * The next version of the order's report: 1 the first time, and every
 * later one a corrected report.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_reports_insert (LdStore          *store,
                         LdReportVersion  *report,
                         GError          **error)
{
  static const char sql[] =
    "INSERT INTO reports (id, order_id, version, corrected, released_by, released_at,"
    "                     verification_code)"
    " SELECT ?1, ?2, v.next, CASE WHEN v.next > 1 THEN 1 ELSE 0 END, ?3, ?4, ?5"
    " FROM (SELECT coalesce (max (version), 0) + 1 AS next FROM reports WHERE order_id = ?2) v"
    " RETURNING version";
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_time_format_rfc3339 (g_get_real_time ());
  LdSqliteStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_sqlite_bind_text (stmt, 1, id);
  ld_sqlite_bind_text (stmt, 2, report->order_id);
  ld_sqlite_bind_text (stmt, 3, report->released_by);
  ld_sqlite_bind_text (stmt, 4, now);
  ld_sqlite_bind_text (stmt, 5, report->verification_code);
  if (ld_sqlite_step (stmt, error) != LD_SQLITE_ROW)
    return FALSE;
  report->version = ld_sqlite_column_int64 (stmt, 0);
  if (!ld_sqlite_step_done (stmt, error))
    return FALSE;

  g_free (report->id);
  report->id = g_steal_pointer (&id);
  g_free (report->released_at);
  report->released_at = g_steal_pointer (&now);
  report->corrected = report->version > 1;
  return TRUE;
}

/**
 * ld_store_reports_for_order:
 * @store: a store
 * @order_id: an order
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdReportVersion): its released
 *   versions, the first first
 */
GPtrArray *
ld_store_reports_for_order (LdStore     *store,
                            const char  *order_id,
                            GError     **error)
{
  static const char sql[] = "SELECT " REPORT_COLUMNS " FROM reports WHERE order_id = ? ORDER BY version";
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_report_version_free);
  LdSqliteStmt *stmt = ld_store_prepare (store, sql, error);
  LdSqliteStep step;

  if (stmt == NULL)
    return NULL;

  ld_sqlite_bind_text (stmt, 1, order_id);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      LdReportVersion *report = ld_report_version_new ();

      report->id = ld_sqlite_column_dup_text (stmt, 0);
      report->order_id = ld_sqlite_column_dup_text (stmt, 1);
      report->version = ld_sqlite_column_int64 (stmt, 2);
      report->corrected = ld_sqlite_column_int64 (stmt, 3) != 0;
      report->released_by = ld_sqlite_column_dup_text (stmt, 4);
      report->released_at = ld_sqlite_column_dup_text (stmt, 5);
      report->verification_code = ld_sqlite_column_dup_text (stmt, 6);
      report->pdf_sha256 = ld_sqlite_column_dup_text (stmt, 7);
      g_ptr_array_add (reports, report);
    }

  return step == LD_SQLITE_DONE ? g_steal_pointer (&reports) : NULL;
}

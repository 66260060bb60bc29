/* ld-store-reports.c: released report versions
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-reports"

#include "config.h"

#include "ld-digest.h"
#include "ld-record-id.h"
#include "ld-store-private.h"
#include "ld-store-results.h"
#include "ld-time.h"

#define REPORT_COLUMNS \
  "r.id, r.order_id, r.version, r.corrected, r.released_by, r.released_at, r.verification_code," \
  " r.pdf_sha256"

static LdReportVersion *
report_from_row (LdDbStmt *stmt)
{
  LdReportVersion *report = ld_report_version_new ();

  report->id = ld_db_column_dup_text (stmt, 0);
  report->order_id = ld_db_column_dup_text (stmt, 1);
  report->version = ld_db_column_int64 (stmt, 2);
  report->corrected = ld_db_column_int64 (stmt, 3) != 0;
  report->released_by = ld_db_column_dup_text (stmt, 4);
  report->released_at = ld_db_column_dup_text (stmt, 5);
  report->verification_code = ld_db_column_dup_text (stmt, 6);
  report->pdf_sha256 = ld_db_column_dup_text (stmt, 7);
  return report;
}

/* Steps @stmt to the one row it selects; none is NOT_FOUND, saying @missing. */
static gboolean
step_to_row (LdDbStmt      *stmt,
             const char    *missing,
             GError       **error)
{
  LdDbStep step = ld_db_step (stmt, error);

  if (step == LD_DB_DONE)
    g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND, missing);
  return step == LD_DB_ROW;
}

/**
 * ld_store_reports_insert:
 * @store: a store, inside a write transaction
 * @report: the new version: order, who released it and its verification
 *   code, and its time if it has one (a release's, rendered before its
 *   transaction); its id, number, time and whether it is a correction are
 *   set here
 * @patient_initials: (nullable): what the public verification shows of
 *   the patient
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
                         const char       *patient_initials,
                         GError          **error)
{
  /* clang-format off */
  static const char sql[] =
    "INSERT INTO reports (id, order_id, version, corrected, released_by, released_at,"
    "                     verification_code, patient_initials, order_created_us)"
    " SELECT ?1, ?2, v.next, CASE WHEN v.next > 1 THEN 1 ELSE 0 END, ?3, ?4, ?5, ?6, "
    LD_STORE_ORDER_TIME_OF ("?2")
    " FROM (SELECT coalesce (max (version), 0) + 1 AS next FROM reports WHERE order_id = ?2) v"
    " RETURNING version";
  /* clang-format on */
  g_autofree char *id = ld_record_id_new ();
  g_autofree char *now = report->released_at != NULL ? g_strdup (report->released_at)
                                                     : ld_time_format_rfc3339 (ld_time_now ());
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_text (stmt, 2, report->order_id);
  ld_db_bind_text (stmt, 3, report->released_by);
  ld_db_bind_text (stmt, 4, now);
  ld_db_bind_text (stmt, 5, report->verification_code);
  ld_db_bind_text (stmt, 6, patient_initials);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  report->version = ld_db_column_int64 (stmt, 0);
  if (!ld_db_step_done (stmt, error))
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
  static const char sql[] =
    "SELECT " REPORT_COLUMNS " FROM reports r WHERE r.order_id = ? ORDER BY r.version";
  g_autoptr(GPtrArray) reports =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_report_version_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, order_id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (reports, report_from_row (stmt));

  return step == LD_DB_DONE ? g_steal_pointer (&reports) : NULL;
}

/**
 * ld_store_reports_set_pdf:
 * @store: a store, inside the write transaction that made @report
 * @report: a version without a PDF yet; its @pdf_sha256 is set here
 * @pdf: the rendered PDF, kept as it is for as long as the version
 * @pdf_sha256: (nullable): the SHA-256 of @pdf in hexadecimal, when it was
 *   computed from these very bytes where they were rendered (off the
 *   writing thread); %NULL: computed here
 * @error: return location for an %LD_STORE_ERROR
 *
 * Keeps the version's PDF and its SHA-256.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_reports_set_pdf (LdStore          *store,
                          LdReportVersion  *report,
                          GBytes           *pdf,
                          const char       *pdf_sha256,
                          GError          **error)
{
  static const char update_sql[] =
    "UPDATE reports SET pdf_sha256 = ?2 WHERE id = ?1 AND pdf_sha256 IS NULL";
  static const char insert_sql[] = "INSERT INTO report_pdfs (report_id, pdf) VALUES (?, ?)";
  g_autofree char *sha256 = pdf_sha256 != NULL ? g_strdup (pdf_sha256) : NULL;
  LdDbStmt *stmt;

  g_return_val_if_fail (report != NULL && report->id != NULL, FALSE);
  g_return_val_if_fail (pdf != NULL, FALSE);

  if (sha256 == NULL)
    sha256 = ld_digest_sha256_hex (pdf);
  stmt = ld_store_prepare (store, update_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, report->id);
  ld_db_bind_text (stmt, 2, sha256);
  if (!ld_db_step_done (stmt, error))
    return FALSE;
  if (ld_db_changes (store->db) != 1)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                   "Report version %" G_GINT64_FORMAT " already has its PDF.", report->version);
      return FALSE;
    }

  stmt = ld_store_prepare (store, insert_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, report->id);
  ld_db_bind_blob (stmt, 2, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  g_free (report->pdf_sha256);
  report->pdf_sha256 = g_steal_pointer (&sha256);
  return TRUE;
}

/**
 * ld_store_reports_get:
 * @store: a store
 * @order_id: an order
 * @version: a version number, or 0 for the newest
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND when the
 *   order has no such version)
 *
 * Returns: (transfer full) (nullable): the version
 */
LdReportVersion *
ld_store_reports_get (LdStore     *store,
                      const char  *order_id,
                      gint64       version,
                      GError     **error)
{
  static const char sql[] =
    "SELECT " REPORT_COLUMNS " FROM reports r"
    " WHERE r.order_id = ?1 AND (r.version = ?2 OR ?2 = 0)"
    " ORDER BY r.version DESC LIMIT 1";
  g_autoptr(LdReportVersion) report = NULL;
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, order_id);
  ld_db_bind_int64 (stmt, 2, version);
  if (!step_to_row (stmt, "There is no such report version.", error))
    return NULL;

  report = report_from_row (stmt);
  if (!ld_db_step_done (stmt, error))
    return NULL;
  return g_steal_pointer (&report);
}

/**
 * ld_store_reports_get_by_id:
 * @store: a store
 * @id: a report version's id
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND when no
 *   version has it)
 *
 * Returns: (transfer full) (nullable): the version
 */
LdReportVersion *
ld_store_reports_get_by_id (LdStore     *store,
                            const char  *id,
                            GError     **error)
{
  static const char sql[] = "SELECT " REPORT_COLUMNS " FROM reports r WHERE r.id = ?";
  g_autoptr(LdReportVersion) report = NULL;
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, id);
  if (!step_to_row (stmt, "There is no such report.", error))
    return NULL;

  report = report_from_row (stmt);
  if (!ld_db_step_done (stmt, error))
    return NULL;
  return g_steal_pointer (&report);
}

/**
 * ld_store_reports_for_patient:
 * @store: a store
 * @patient_id: a patient
 * @from_us: the earliest first collection, or 0
 * @until_us: the first collection must come before this, or G_MAXINT64
 * @after_id: (nullable): the last version of the previous page
 * @limit: the most versions to return
 * @error: return location for an %LD_STORE_ERROR
 *
 * The newest report version of each of the patient's orders whose first
 * collected result (of those not cancelled) was collected in
 * [@from_us, @until_us), in the order they were released.
 *
 * Returns: (transfer full) (element-type LdReportVersion): the versions
 */
GPtrArray *
ld_store_reports_for_patient (LdStore     *store,
                              const char  *patient_id,
                              gint64       from_us,
                              gint64       until_us,
                              const char  *after_id,
                              guint        limit,
                              GError     **error)
{
  static const char sql[] =
    "SELECT " REPORT_COLUMNS " FROM reports r JOIN orders o ON o.id = r.order_id"
    " WHERE o.patient_id = ?1"
    "   AND r.version = (SELECT max (l.version) FROM reports l WHERE l.order_id = r.order_id)"
    "   AND (SELECT min (x.collected_us) FROM results x"
    "        WHERE x.order_id = r.order_id AND x.state <> 'cancelled') >= ?2"
    "   AND (SELECT min (x.collected_us) FROM results x"
    "        WHERE x.order_id = r.order_id AND x.state <> 'cancelled') < ?3"
    "   AND (CAST (?4 AS TEXT) IS NULL"
    "        OR (r.released_at, r.id) > (SELECT p.released_at, p.id FROM reports p"
    "                                    WHERE p.id = ?4))"
    " ORDER BY r.released_at, r.id LIMIT ?5";
  g_autoptr(GPtrArray) reports =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_report_version_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, patient_id);
  ld_db_bind_int64 (stmt, 2, from_us);
  ld_db_bind_int64 (stmt, 3, until_us);
  ld_db_bind_text (stmt, 4, after_id);
  ld_db_bind_int64 (stmt, 5, limit);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (reports, report_from_row (stmt));

  return step == LD_DB_DONE ? g_steal_pointer (&reports) : NULL;
}

/**
 * ld_store_reports_get_pdf:
 * @store: a store
 * @report_id: a report version's id
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND when the
 *   version has no PDF: it was released before PDFs were kept)
 *
 * Returns: (transfer full) (nullable): the PDF as it was issued
 */
GBytes *
ld_store_reports_get_pdf (LdStore     *store,
                          const char  *report_id,
                          GError     **error)
{
  static const char sql[] = "SELECT pdf FROM report_pdfs WHERE report_id = ?";
  g_autoptr(GBytes) pdf = NULL;
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, report_id);
  if (!step_to_row (stmt, "This report version has no stored PDF.", error))
    return NULL;

  pdf = ld_db_column_dup_bytes (stmt, 0);
  if (!ld_db_step_done (stmt, error))
    return NULL;
  return g_steal_pointer (&pdf);
}

/**
 * ld_store_reports_check_code:
 * @store: a store
 * @code: a verification code, in the shape ld_report_code_new() gives
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND when no
 *   version has it)
 *
 * Returns: (transfer full) (nullable): the version with @code, its
 *   order's number and the order's newest version
 */
LdReportCheck *
ld_store_reports_check_code (LdStore     *store,
                             const char  *code,
                             GError     **error)
{
  static const char sql[] =
    "SELECT " REPORT_COLUMNS ", o.number, r.patient_initials,"
    "       (SELECT max (l.version) FROM reports l WHERE l.order_id = r.order_id)"
    " FROM reports r JOIN orders o ON o.id = r.order_id"
    " WHERE r.verification_code = ?";
  g_autoptr(LdReportCheck) check = NULL;
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, code);
  if (!step_to_row (stmt, "No report has this verification code.", error))
    return NULL;

  check = g_new0 (LdReportCheck, 1);
  check->report = report_from_row (stmt);
  check->order_number = ld_db_column_dup_text (stmt, 8);
  check->patient_initials = ld_db_column_dup_text (stmt, 9);
  check->latest_version = ld_db_column_int64 (stmt, 10);
  if (!ld_db_step_done (stmt, error))
    return NULL;
  return g_steal_pointer (&check);
}

void
ld_report_check_free (LdReportCheck *check)
{
  if (check == NULL)
    return;

  g_clear_pointer (&check->report, ld_report_version_free);
  g_free (check->order_number);
  g_free (check->patient_initials);
  g_free (check);
}

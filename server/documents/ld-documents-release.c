/* ld-documents-release.c: a release's report, rendered before its write
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 36: rendering the report took a third of the writing thread's
 * time at release. The release now renders it on a reader thread, from a
 * snapshot of the verified order, as the version the release will issue
 * (its number, its code, its time, who signs it); the write transaction
 * then fills the report again from what it holds (reads only, no layout
 * and no compression) and keeps these bytes only if that data is the
 * same (ld_lab_report_equal()): ld_documents_issue_report(). Whatever
 * changed in between, the PDF kept is the one the transaction's own data
 * renders.
 */

#define G_LOG_DOMAIN "ld-documents"

#include "config.h"

#include "ld-digest.h"
#include "ld-documents-private.h"
#include "ld-report-code.h"
#include "ld-time.h"
#include "../store/ld-store-results.h"

struct _LdRenderedReport
{
  gint64         version;
  char          *verification_code;
  char          *released_at;
  LdReportPaper  paper;
  LdLabReport   *data;
  GBytes        *pdf;
  /* Its SHA-256, computed here too: off the writing thread. */
  char          *pdf_sha256;
};

void
ld_rendered_report_free (LdRenderedReport *rendered)
{
  if (rendered == NULL)
    return;

  g_free (rendered->verification_code);
  g_free (rendered->released_at);
  g_clear_pointer (&rendered->data, ld_lab_report_free);
  g_clear_pointer (&rendered->pdf, g_bytes_unref);
  g_free (rendered->pdf_sha256);
  g_free (rendered);
}

/* The number the order's next version will have, as the snapshot has it. */
static gboolean
next_version (LdStore      *store,
              const char   *order_id,
              gint64       *out_version,
              GError      **error)
{
  g_autoptr(LdReportVersion) latest = NULL;
  g_autoptr(GError) local = NULL;

  latest = ld_store_reports_get (store, order_id, 0, &local);
  if (latest == NULL && !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  *out_version = latest != NULL ? latest->version + 1 : 1;
  return TRUE;
}

/**
 * ld_documents_render_release:
 * @store: a store in a read transaction, on the thread that renders
 * @settings: the lab's settings, as the snapshot has them
 * @order: the verified order, as the snapshot has it
 * @released_by: the signatory's user id
 * @interpretation: (nullable): the interpretation the release saves
 * @released_us: the release's time
 * @error: return location for an error
 *
 * Renders the report that releasing @order would issue, with a new
 * verification code. Nothing is written.
 *
 * Returns: (transfer full) (nullable): the rendered report
 */
LdRenderedReport *
ld_documents_render_release (LdStore           *store,
                             const LdSettings  *settings,
                             const LdOrder     *order,
                             const char        *released_by,
                             const char        *interpretation,
                             gint64             released_us,
                             GError           **error)
{
  g_autoptr(LdRenderedReport) rendered = g_new0 (LdRenderedReport, 1);
  g_autoptr(LdReportDocument) document = NULL;
  LdReportVersion version = { 0 };

  g_return_val_if_fail (store != NULL && settings != NULL && order != NULL, NULL);
  g_return_val_if_fail (released_by != NULL, NULL);

  if (!next_version (store, order->id, &rendered->version, error))
    return NULL;
  rendered->verification_code = ld_report_code_new ();
  rendered->released_at = ld_time_format_rfc3339 (released_us);
  rendered->paper = ld_documents_paper (settings);

  version.order_id = order->id;
  version.version = rendered->version;
  version.corrected = rendered->version > 1;
  version.released_by = (char *) released_by;
  version.released_at = rendered->released_at;
  version.verification_code = rendered->verification_code;
  rendered->data =
    ld_documents_lab_report_releasing (store, settings, order, &version, interpretation, error);
  if (rendered->data == NULL)
    return NULL;

  document = ld_report_renderer_layout_lab_report (ld_documents_get_renderer (), rendered->data,
                                                   rendered->paper);
  rendered->pdf = ld_report_document_to_pdf (document, error);
  if (rendered->pdf == NULL)
    return NULL;
  rendered->pdf_sha256 = ld_digest_sha256_hex (rendered->pdf);

  return g_steal_pointer (&rendered);
}

/**
 * ld_rendered_report_prepare_version:
 * @rendered: a rendered report
 * @report: the version about to be inserted
 *
 * Gives @report the code and time @rendered printed, so that the version
 * the transaction makes can match it.
 */
void
ld_rendered_report_prepare_version (const LdRenderedReport *rendered,
                                    LdReportVersion        *report)
{
  g_return_if_fail (rendered != NULL && report != NULL);

  g_free (report->verification_code);
  report->verification_code = g_strdup (rendered->verification_code);
  g_free (report->released_at);
  report->released_at = g_strdup (rendered->released_at);
}

/**
 * ld_rendered_report_get_pdf:
 * @rendered: a rendered report
 *
 * Returns: (transfer none): its PDF
 */
GBytes *
ld_rendered_report_get_pdf (const LdRenderedReport *rendered)
{
  g_return_val_if_fail (rendered != NULL, NULL);

  return rendered->pdf;
}

/**
 * ld_rendered_report_get_pdf_sha256:
 * @rendered: a rendered report
 *
 * Returns: (transfer none): the SHA-256 of its PDF, in hexadecimal
 */
const char *
ld_rendered_report_get_pdf_sha256 (const LdRenderedReport *rendered)
{
  g_return_val_if_fail (rendered != NULL, NULL);

  return rendered->pdf_sha256;
}

/**
 * ld_rendered_report_matches:
 * @rendered: a rendered report
 * @report: the version the transaction made
 * @paper: the paper the transaction's settings name
 * @data: the report filled inside the transaction
 *
 * Returns: %TRUE when @rendered's bytes are what @data renders
 */
gboolean
ld_rendered_report_matches (const LdRenderedReport *rendered,
                            const LdReportVersion  *report,
                            LdReportPaper           paper,
                            const LdLabReport      *data)
{
  g_return_val_if_fail (rendered != NULL && report != NULL && data != NULL, FALSE);

  return rendered->version == report->version && rendered->paper == paper &&
         g_strcmp0 (rendered->verification_code, report->verification_code) == 0 &&
         g_strcmp0 (rendered->released_at, report->released_at) == 0 &&
         ld_lab_report_equal (rendered->data, data);
}

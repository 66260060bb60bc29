/* ld-documents.c: rendering the documents, and keeping report versions
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report version's PDF is rendered once, when the version is issued
 * (a release's before its transaction, checked inside it:
 * ld-documents-release.c), and kept; it is served from then
 * on exactly as it was issued (see docs/architecture.md, "Reports").
 * Receipts and labels show an order as it is now and are rendered on each
 * request.
 */

#define G_LOG_DOMAIN "ld-documents"

#include "config.h"

#include "ld-documents-private.h"
#include "ld-states.h"
#include "../store/ld-store-results.h"

/**
 * ld_documents_get_renderer:
 *
 * A renderer holds the fonts and the layouts it has made, and costs tens
 * of milliseconds to warm; Pango's Cairo font map belongs to a thread, so
 * each thread that renders keeps one, freed when the thread ends.
 *
 * Returns: (transfer none): the calling thread's renderer
 */
LdReportRenderer *
ld_documents_get_renderer (void)
{
  static GPrivate renderer_key = G_PRIVATE_INIT (g_object_unref);
  LdReportRenderer *renderer = g_private_get (&renderer_key);

  if (renderer == NULL)
    {
      renderer = ld_report_renderer_new ();
      g_private_set (&renderer_key, renderer);
    }
  return renderer;
}

/**
 * ld_documents_warm_up:
 *
 * Renders a small report on the calling thread and throws it away, so
 * that the first release after the server starts does not also pay for
 * loading fontconfig's cache and the fonts (tens of milliseconds).
 */
void
ld_documents_warm_up (void)
{
  g_autoptr(LdLabReport) report = ld_lab_report_new ();
  g_autoptr(LdReportDocument) document = NULL;
  g_autoptr(GBytes) pdf = NULL;
  LdReportPanel *panel;

  /* Latin and Devanagari, bold and regular, and a QR code: the fonts
   * and paths most reports take. */
  report->lab->name = g_strdup ("Labdesk");
  report->patient->name = g_strdup ("Labdesk \u0932\u0948\u092c");
  report->released_us = G_USEC_PER_SEC;
  report->verification_url = g_strdup ("https://labdesk.invalid/verify/2345-6789-ABCD");
  panel = ld_lab_report_add_panel (report, "Labdesk");
  ld_report_panel_add_result (panel, "Labdesk", "1.0", "g/dL", "1.0\u20132.0", LD_REPORT_FLAG_LOW);

  document =
    ld_report_renderer_layout_lab_report (ld_documents_get_renderer (), report, LD_REPORT_PAPER_A4);
  pdf = ld_report_document_to_pdf (document, NULL);
}

/**
 * ld_documents_issue_report:
 * @store: a store, inside the write transaction that made @report
 * @settings: the lab's settings
 * @order: the reported order
 * @report: the new version, numbered and with its code; its
 *   @pdf_sha256 is set here
 * @rendered: (nullable): the version as rendered before the transaction
 *   (a release's, off the writing thread)
 * @error: return location for an error
 *
 * Fills the version from the store as the transaction has it and keeps
 * its PDF and SHA-256 with the version: @rendered's bytes when they were
 * rendered from the very same data, else rendered here. A version is
 * never made without its PDF: a failure here fails the release or the
 * amendment.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_documents_issue_report (LdStore                 *store,
                           const LdSettings        *settings,
                           const LdOrder           *order,
                           LdReportVersion         *report,
                           const LdRenderedReport  *rendered,
                           GError                 **error)
{
  g_autoptr(LdLabReport) data = NULL;
  g_autoptr(LdReportDocument) document = NULL;
  g_autoptr(GBytes) pdf = NULL;
  LdReportPaper paper = ld_documents_paper (settings);
  gint64 started_us = g_get_monotonic_time ();

  g_return_val_if_fail (report != NULL, FALSE);

  data = ld_documents_lab_report (store, settings, order, report, error);
  if (data == NULL)
    return FALSE;

  if (rendered != NULL && ld_rendered_report_matches (rendered, report, paper, data))
    return ld_store_reports_set_pdf (store, report, ld_rendered_report_get_pdf (rendered),
                                     ld_rendered_report_get_pdf_sha256 (rendered), error);
  if (rendered != NULL)
    g_debug ("report %s version %" G_GINT64_FORMAT ": changed since it was rendered; rendered "
             "again", order->number, report->version);

  document = ld_report_renderer_layout_lab_report (ld_documents_get_renderer (), data, paper);
  pdf = ld_report_document_to_pdf (document, error);
  if (pdf == NULL || !ld_store_reports_set_pdf (store, report, pdf, NULL, error))
    return FALSE;

  g_debug ("report %s version %" G_GINT64_FORMAT ": %u pages, %zu bytes, %.1f ms",
           order->number, report->version, ld_report_document_get_n_pages (document),
           g_bytes_get_size (pdf), (g_get_monotonic_time () - started_us) / 1000.0);
  return TRUE;
}

/**
 * ld_documents_stored_report:
 * @store: a store
 * @order: an order
 * @version: a version number, or 0 for the newest
 * @out_report: (out) (transfer full) (optional): the version
 * @error: return location for an error: %LD_API_ERROR_CONFLICT when the
 *   order has no released report, %LD_API_ERROR_NOT_FOUND when it has no
 *   version @version, %LD_API_ERROR_GONE when the version was released
 *   before PDFs were kept
 *
 * Returns: (transfer full) (nullable): the version's PDF, as issued
 */
GBytes *
ld_documents_stored_report (LdStore           *store,
                            const LdOrder     *order,
                            gint64             version,
                            LdReportVersion  **out_report,
                            GError           **error)
{
  g_autoptr(LdReportVersion) report = NULL;
  g_autoptr(LdReportVersion) latest = NULL;
  g_autoptr(GError) local = NULL;
  GBytes *pdf;

  g_return_val_if_fail (order != NULL, NULL);

  report = ld_store_reports_get (store, order->id, version, &local);
  if (report == NULL && !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (report == NULL)
    {
      g_clear_error (&local);
      latest = version > 0 ? ld_store_reports_get (store, order->id, 0, &local) : NULL;
      if (latest != NULL)
        g_set_error (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                     "Order %s has no report version %" G_GINT64_FORMAT "; its latest is version %"
                     G_GINT64_FORMAT ".", order->number, version, latest->version);
      else if (local != NULL && !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                     "Order %s is %s: its report is not released yet.", order->number,
                     order->lab_state);
      return NULL;
    }

  pdf = ld_store_reports_get_pdf (store, report->id, &local);
  if (pdf == NULL && g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_GONE,
                   "Report version %" G_GINT64_FORMAT " of order %s was released before Labdesk "
                   "kept report PDFs, so it cannot be served as it was issued.",
                   report->version, order->number);
      return NULL;
    }
  if (pdf == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return pdf;
}

/**
 * ld_documents_preview_report:
 * @store: a store
 * @settings: the lab's settings
 * @order: an order
 * @signatory: (nullable): the authorised signatory who would release it
 * @error: return location for an error: %LD_API_ERROR_CONFLICT when
 *   @order is not verified (some result not verified yet, or the report
 *   already released)
 *
 * Renders the report that releasing @order now would issue, as it will
 * print, marked "PREVIEW — NOT RELEASED" across every page and with no
 * verification code, so it cannot pass for a report. Nothing is kept and
 * nothing is released.
 *
 * Returns: (transfer full) (nullable): the preview's PDF
 */
GBytes *
ld_documents_preview_report (LdStore           *store,
                             const LdSettings  *settings,
                             const LdOrder     *order,
                             LdUser            *signatory,
                             GError           **error)
{
  g_autoptr(LdLabReport) data = NULL;
  g_autoptr(LdReportDocument) document = NULL;

  g_return_val_if_fail (order != NULL, NULL);

  if (ld_lab_state_parse (order->lab_state) != LD_LAB_STATE_VERIFIED)
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT,
                   "Order %s is %s: only a verified order's report is previewed before "
                   "release.", order->number, order->lab_state);
      return NULL;
    }

  data = ld_documents_lab_report_preview (store, settings, order, signatory, error);
  if (data == NULL)
    return NULL;
  document = ld_report_renderer_layout_lab_report (ld_documents_get_renderer (), data,
                                                   ld_documents_paper (settings));
  return ld_report_document_to_pdf (document, error);
}

/**
 * ld_documents_receipt_pdf:
 * @store: a store
 * @settings: the lab's settings
 * @order: an order
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the order's receipt as it stands
 */
GBytes *
ld_documents_receipt_pdf (LdStore           *store,
                          const LdSettings  *settings,
                          const LdOrder     *order,
                          GError           **error)
{
  g_autoptr(LdReceipt) receipt = ld_documents_receipt (store, settings, order, error);
  g_autoptr(LdReportDocument) document = NULL;

  if (receipt == NULL)
    return NULL;

  document = ld_report_renderer_layout_receipt (ld_documents_get_renderer (), receipt,
                                                ld_documents_paper (settings));
  return ld_report_document_to_pdf (document, error);
}

/**
 * ld_documents_labels_pdf:
 * @store: a store
 * @order: an order
 * @layout: a label printer's roll, or an A4 sheet
 * @first_position: on a sheet, the first free position, from 0
 * @dpi: on a roll, the printer's resolution (see #LdLabelSet), or 0
 * @error: return location for an error (%LD_API_ERROR_CONFLICT for an
 *   order with no samples)
 *
 * Returns: (transfer full) (nullable): one label per sample of the order
 */
GBytes *
ld_documents_labels_pdf (LdStore        *store,
                         const LdOrder  *order,
                         LdLabelLayout   layout,
                         guint           first_position,
                         guint           dpi,
                         GError        **error)
{
  g_autoptr(LdLabelSet) labels = ld_documents_labels (store, order, error);
  g_autoptr(LdReportDocument) document = NULL;

  if (labels == NULL)
    return NULL;

  labels->first_position = first_position;
  labels->dpi = dpi;
  document = ld_report_renderer_layout_labels (ld_documents_get_renderer (), labels, layout);
  return ld_report_document_to_pdf (document, error);
}

/**
 * ld_documents_file_name:
 * @order: an order
 * @what: "report", "receipt" or "labels"
 * @version: a report's version, or 0
 *
 * Returns: (transfer full): such as "O2611-000123-report-v2.pdf"
 */
char *
ld_documents_file_name (const LdOrder *order,
                        const char    *what,
                        gint64         version)
{
  g_autofree char *number = g_strdup (order->number);

  /* Order numbers are letters, digits and dashes; anything else would be
   * a file-name hazard on the desk's computer. */
  g_strcanon (number, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-", '_');
  if (version > 0)
    return g_strdup_printf ("%s-%s-v%" G_GINT64_FORMAT ".pdf", number, what, version);
  return g_strdup_printf ("%s-%s.pdf", number, what);
}

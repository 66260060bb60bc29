/* ld-print-cash-report.c: the day's cash report, printed for the drawer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn by shared/report and printed through the same GtkPrintOperation
 * as the receipt (ld-print-operation.c): the print dialog with its
 * preview, or a PDF written straight away for "Save as PDF" and tests.
 */

#define G_LOG_DOMAIN "ld-print"

#include "config.h"

#include "ld-print-cash-report.h"
#include "ld-print-operation-private.h"

/**
 * ld_print_cash_report_async:
 * @parent: (nullable): the window the print dialog belongs to
 * @report: the day's report, with who prints it and when
 * @settings: (nullable): the lab's settings, for the letterhead and paper
 * @export_pdf_path: (nullable): a PDF to write instead of showing the
 *   print dialog
 * @cancellable: (nullable): a cancellable
 * @callback: called when printed, exported or cancelled
 * @user_data: data for @callback
 *
 * @report is laid out at once; it may be freed when this returns.
 */
void
ld_print_cash_report_async (GtkWindow           *parent,
                            const LdCashReport  *report,
                            JsonObject          *settings,
                            const char          *export_pdf_path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(LdReportRenderer) renderer = NULL;
  g_autoptr(LdReportDocument) document = NULL;
  LdCashReport lettered;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (report != NULL);

  /* The lab's letterhead from its settings, when this user may read them. */
  lettered = *report;
  lettered.lab = g_new0 (LdReportLab, 1);
  if (settings != NULL)
    ld_print_fill_lab (lettered.lab, settings);

  renderer = ld_report_renderer_new ();
  document =
    ld_report_renderer_layout_cash_report (renderer, &lettered, ld_print_paper_for (settings));
  ld_report_lab_free (lettered.lab);
  ld_print_document_async (parent, document, "cash-report", export_pdf_path, cancellable,
                           callback, user_data, ld_print_cash_report_async);
}

/**
 * ld_print_cash_report_finish:
 * @result: the result given to the callback
 * @error: return location for an error; %G_IO_ERROR_CANCELLED when the
 *   person closed the print dialog
 *
 * Returns: %TRUE when the report was printed or exported
 */
gboolean
ld_print_cash_report_finish (GAsyncResult  *result,
                             GError       **error)
{
  return ld_print_pages_finish (result, ld_print_cash_report_async, error);
}

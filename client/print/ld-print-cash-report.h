/* ld-print-cash-report.h: the day's cash report, printed for the drawer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ld-cash-report.h"

G_BEGIN_DECLS

void     ld_print_cash_report_async  (GtkWindow            *parent,
                                      const LdCashReport   *report,
                                      JsonObject           *settings,
                                      const char           *export_pdf_path,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean ld_print_cash_report_finish (GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS

/* ld-print-operation-private.h: what the desk's printed documents share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ld-report-data.h"
#include "ld-report-document.h"
#include "ld-report-renderer.h"

G_BEGIN_DECLS

void          ld_print_document_async  (GtkWindow           *parent,
                                        LdReportDocument    *document,
                                        const char          *export_pdf_path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data,
                                        gpointer             source_tag);
gboolean      ld_print_document_finish (GAsyncResult        *result,
                                        gpointer             source_tag,
                                        GError             **error);
void          ld_print_fill_lab        (LdReportLab         *lab,
                                        JsonObject          *settings);
LdReportPaper ld_print_paper_for       (JsonObject          *settings);

G_END_DECLS

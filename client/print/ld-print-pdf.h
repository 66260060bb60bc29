/* ld-print-pdf.h: printing the report PDF the server kept
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <poppler.h>

#include "ld-api-client.h"
#include "ld-print-operation.h"

G_BEGIN_DECLS

void             ld_print_fetch_report_async   (LdApiClient          *client,
                                                const char           *order_id,
                                                gint64                version,
                                                const char           *expected_sha256,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
PopplerDocument *ld_print_fetch_report_finish  (GAsyncResult         *result,
                                                GError              **error);

void             ld_print_pdf_async            (GtkWindow            *parent,
                                                PopplerDocument      *document,
                                                const char           *export_pdf_path,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean         ld_print_pdf_finish           (GAsyncResult         *result,
                                                GError              **error);

void             ld_print_report_async         (GtkWindow            *parent,
                                                LdApiClient          *client,
                                                const char           *order_id,
                                                gint64                version,
                                                const char           *expected_sha256,
                                                const char           *export_pdf_path,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean         ld_print_report_finish        (GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS

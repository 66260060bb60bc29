/* ld-print-pdf.h: printing the report PDF the server kept
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <poppler.h>

#include "ld-api-client.h"

G_BEGIN_DECLS

#define LD_PRINT_ERROR (ld_print_error_quark ())

/**
 * LdPrintError:
 * @LD_PRINT_ERROR_MISMATCH: the PDF's SHA-256 is not the one the server
 *   listed for the report version; it is not printed
 * @LD_PRINT_ERROR_INVALID: the bytes are not a PDF poppler can read, or
 *   the server's list of versions could not be read
 *
 * Why a kept report was refused on the desk.
 */
typedef enum
{
  LD_PRINT_ERROR_MISMATCH,
  LD_PRINT_ERROR_INVALID,
} LdPrintError;

GQuark           ld_print_error_quark          (void);

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

/* ld-print-operation.h: printing shared/report documents from the desk
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_PRINT_ERROR (ld_print_error_quark ())

/**
 * LdPrintError:
 * @LD_PRINT_ERROR_MISMATCH: the PDF's SHA-256 is not the one the server
 *   listed for the report version; it is not printed
 * @LD_PRINT_ERROR_INVALID: the bytes are not a PDF poppler can read, or
 *   the server's list of versions could not be read
 * @LD_PRINT_ERROR_NOTHING: there is nothing to print, such as labels for
 *   an order with no sample in use
 *
 * Why the desk refused to print.
 */
typedef enum
{
  LD_PRINT_ERROR_MISMATCH,
  LD_PRINT_ERROR_INVALID,
  LD_PRINT_ERROR_NOTHING,
} LdPrintError;

GQuark   ld_print_error_quark    (void);

void     ld_print_receipt_async  (GtkWindow            *parent,
                                  JsonObject           *order,
                                  JsonObject           *settings,
                                  const char           *cashier,
                                  const char           *export_pdf_path,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean ld_print_receipt_finish (GAsyncResult         *result,
                                  GError              **error);

G_END_DECLS

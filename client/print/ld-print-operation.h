/* ld-print-operation.h: printing shared/report documents from the desk
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

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

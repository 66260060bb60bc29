/* ld-print-labels.h: printing sample labels on a roll or an A4 sheet
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ld-print-operation.h"
#include "ld-report-renderer.h"

G_BEGIN_DECLS

/* Positions on an A4 sheet of 50 × 25 mm labels: 4 across, 11 down. */
#define LD_PRINT_LABELS_PER_SHEET 44

void     ld_print_labels_async  (GtkWindow            *parent,
                                 JsonObject           *order,
                                 JsonObject           *patient,
                                 JsonArray            *samples,
                                 JsonObject           *settings,
                                 LdLabelLayout         layout,
                                 guint                 first_position,
                                 const char           *export_pdf_path,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
gboolean ld_print_labels_finish (GAsyncResult         *result,
                                 GError              **error);

G_END_DECLS

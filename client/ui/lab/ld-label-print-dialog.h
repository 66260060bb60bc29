/* ld-label-print-dialog.h: roll or A4 sheet, and where on the sheet to start
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-report-renderer.h"
#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_LABEL_PRINT_DIALOG (ld_label_print_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdLabelPrintDialog, ld_label_print_dialog, LD, LABEL_PRINT_DIALOG,
                      AdwMessageDialog)

GtkWidget     *ld_label_print_dialog_new        (GtkWindow          *parent,
                                                 LdSession          *session);
LdLabelLayout  ld_label_print_dialog_get_layout (LdLabelPrintDialog *self);
guint          ld_label_print_dialog_get_start  (LdLabelPrintDialog *self);

void          ld_label_print_choice_get (LdSession     *session,
                                         LdLabelLayout *out_layout,
                                         guint         *out_first_position);

G_END_DECLS

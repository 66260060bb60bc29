/* ld-break-glass-dialog.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_BREAK_GLASS_DIALOG (ld_break_glass_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdBreakGlassDialog, ld_break_glass_dialog, LD, BREAK_GLASS_DIALOG,
                      AdwMessageDialog)

GtkWidget *ld_break_glass_dialog_new        (GtkWindow          *parent,
                                             const char         *patient);
char      *ld_break_glass_dialog_dup_reason (LdBreakGlassDialog *self);

G_END_DECLS

/* ld-custody-dialog.h: a sample rejected (why, and what becomes of its
 * tests) or stored (where)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_CUSTODY_DIALOG (ld_custody_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdCustodyDialog, ld_custody_dialog, LD, CUSTODY_DIALOG, AdwMessageDialog)

GtkWidget *ld_custody_dialog_new           (GtkWindow       *parent,
                                            const char      *event,
                                            const char      *accession);
const char *ld_custody_dialog_get_event    (LdCustodyDialog *self);
char      *ld_custody_dialog_dup_reason    (LdCustodyDialog *self);
char      *ld_custody_dialog_dup_location  (LdCustodyDialog *self);
gboolean   ld_custody_dialog_get_recollect (LdCustodyDialog *self);

G_END_DECLS

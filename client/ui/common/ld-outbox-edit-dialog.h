/* ld-outbox-edit-dialog.h: a refused action corrected and sent again
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-outbox-entry.h"
#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_OUTBOX_EDIT_DIALOG (ld_outbox_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdOutboxEditDialog, ld_outbox_edit_dialog, LD, OUTBOX_EDIT_DIALOG, AdwWindow)

GtkWindow *ld_outbox_edit_dialog_new             (GtkWindow     *parent,
                                                  LdSession     *session,
                                                  LdOutboxEntry *entry);
void       ld_outbox_edit_dialog_confirm_discard (GtkWindow     *parent,
                                                  LdSession     *session,
                                                  LdOutboxEntry *entry);
char      *ld_outbox_edit_dialog_describe_entry  (LdOutboxEntry *entry);

G_END_DECLS

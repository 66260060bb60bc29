/* ld-critical-call-dialog.h: the record of a critical value telephoned
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "ld-alert.h"

G_BEGIN_DECLS

#define LD_TYPE_CRITICAL_CALL_DIALOG (ld_critical_call_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdCriticalCallDialog, ld_critical_call_dialog, LD, CRITICAL_CALL_DIALOG,
                      AdwMessageDialog)

GtkWidget  *ld_critical_call_dialog_new      (GtkWindow            *parent,
                                              const char           *values);
LdCriticalCall *ld_critical_call_dialog_dup_call (LdCriticalCallDialog *self);

G_END_DECLS

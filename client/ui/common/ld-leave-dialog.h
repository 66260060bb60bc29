/* ld-leave-dialog.h: a doctor's day of leave, taken by the doctor or set by the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-schedule.h"
#include "ld-session.h"

G_BEGIN_DECLS

#define LD_TYPE_LEAVE_DIALOG (ld_leave_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LdLeaveDialog, ld_leave_dialog, LD, LEAVE_DIALOG, AdwWindow)

LdLeaveDialog *ld_leave_dialog_new (LdSession  *session,
                                    const char *doctor_id,
                                    GtkWindow  *parent);
char          *ld_leave_dialog_format_days (const LdSchedule *schedule);

G_END_DECLS

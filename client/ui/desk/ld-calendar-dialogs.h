/* ld-calendar-dialogs.h: the calendar's questions: whom to book, why cancel
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ld-session.h"

G_BEGIN_DECLS

GtkWindow *
ld_calendar_patient_dialog_new (GtkWidget *origin, LdSession *session, const char *heading);
const char *ld_calendar_patient_dialog_get_id (AdwMessageDialog *dialog);
GtkWindow  *ld_calendar_reason_dialog_new     (GtkWidget        *origin,
                                               const char       *patient_name);
char       *ld_calendar_reason_dialog_dup_reason (AdwMessageDialog *dialog);

G_END_DECLS

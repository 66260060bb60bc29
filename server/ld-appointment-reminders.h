/* ld-appointment-reminders.h: tomorrow's appointments, reminded the day before
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "store/ld-store.h"

G_BEGIN_DECLS

/* From this hour of the lab's day, tomorrow's appointments are reminded. */
#define LD_REMINDER_FROM_HOUR 9

gboolean ld_appointment_reminders_sweep (LdStore  *store,
                                         gint64    now_us,
                                         guint    *out_reminded,
                                         GError  **error);

G_END_DECLS

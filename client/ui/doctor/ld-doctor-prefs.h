/* ld-doctor-prefs.h: the doctor's own choices on this computer
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ld_doctor_prefs_get_notify_results  (const char  *user_id);
void     ld_doctor_prefs_set_notify_results  (const char  *user_id,
                                              gboolean     notify);

G_END_DECLS

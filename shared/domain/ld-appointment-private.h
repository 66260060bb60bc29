/* ld-appointment-private.h: how the visit records read and write times and numbers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For ld-appointment.c and ld-visit-amendment.c alone, so that a visit
 * and its amendments read their members by the one lenient rule.
 */

#pragma once

#include "ld-json.h"

G_BEGIN_DECLS

gint64 ld_appointment_read_int  (JsonObject  *object,
                                 const char  *name);
gint64 ld_appointment_read_time (JsonObject  *object,
                                 const char  *name);
void   ld_appointment_add_time  (JsonBuilder *builder,
                                 const char  *name,
                                 gint64       time_us);

G_END_DECLS

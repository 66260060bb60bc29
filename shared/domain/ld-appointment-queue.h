/* ld-appointment-queue.h: the order a doctor's patients are seen in
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-appointment.h"

G_BEGIN_DECLS

gint64 ld_appointment_queue_time   (const LdAppointment *appointment);
gint   ld_appointment_queue_compare (gconstpointer       a,
                                     gconstpointer       b);
void   ld_appointment_queue_order  (GPtrArray           *appointments);

G_END_DECLS

/* ld-service-notify-appointments.h: an appointment's messages to its patient
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-appointment.h"
#include "ld-service.h"

G_BEGIN_DECLS

gboolean ld_service_notify_appointment (LdServiceContext     *ctx,
                                        const char           *event,
                                        const LdAppointment  *appointment,
                                        gint64                previous_slot_us,
                                        const char           *reason,
                                        GError              **error);
gboolean ld_service_remind_appointments (LdServiceContext  *ctx,
                                         const char        *day,
                                         guint              limit,
                                         guint             *out_count,
                                         GError           **error);

G_END_DECLS

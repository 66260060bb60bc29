/* ld-appointment-outbox.h: a check-in's and a walk-in's outbox parameters, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-appointment.h"
#include "ld-outbox.h"
#include "ld-session.h"

G_BEGIN_DECLS

JsonObject    *ld_appointment_outbox_check_in   (const LdAppointment *appointment);
JsonObject    *ld_appointment_outbox_walk_in    (const char          *patient_id,
                                                 const char          *doctor_id);
const char    *ld_appointment_outbox_doctor_id  (LdOutboxEntry       *entry);
LdAppointment *ld_appointment_outbox_answer     (JsonNode            *answer);

void           ld_appointment_outbox_check_in_async (LdSession           *session,
                                                     const LdAppointment *appointment,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
void           ld_appointment_outbox_walk_in_async  (LdSession           *session,
                                                     const char          *patient_id,
                                                     const char          *doctor_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean       ld_appointment_outbox_send_finish    (LdSession           *session,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS

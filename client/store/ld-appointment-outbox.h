/* ld-appointment-outbox.h: a check-in's and a walk-in's outbox parameters, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-appointment.h"
#include "ld-outbox-entry.h"

G_BEGIN_DECLS

JsonObject    *ld_appointment_outbox_check_in   (const LdAppointment *appointment);
JsonObject    *ld_appointment_outbox_walk_in    (const char          *patient_id,
                                                 const char          *doctor_id);
const char    *ld_appointment_outbox_doctor_id  (LdOutboxEntry       *entry);
LdAppointment *ld_appointment_outbox_answer     (JsonNode            *answer);

G_END_DECLS

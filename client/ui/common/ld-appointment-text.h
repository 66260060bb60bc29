/* ld-appointment-text.h: an appointment's state, in words
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-appointment.h"
#include "ld-states.h"
#include "store/ld-outbox-entry.h"

G_BEGIN_DECLS

const char *ld_appointment_text_state (LdAppointmentState   state);
char       *ld_appointment_text_moved (const LdAppointment *appointment,
                                       const GError        *error);
char       *ld_appointment_text_sent  (LdOutboxEntry       *entry,
                                       JsonNode            *answer);
const char *ld_appointment_text_queued (const GError       *error,
                                        gboolean            online);

G_END_DECLS

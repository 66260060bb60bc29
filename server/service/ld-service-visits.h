/* ld-service-visits.h: the visit record the doctor writes
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-permissions.h"
#include "ld-service.h"
#include "../store/ld-store-appointments.h"

G_BEGIN_DECLS

/**
 * LdVisitSeen:
 * @appointment: the appointment the visit was written at
 * @visit: the visit
 *
 * One of a patient's visits, as their list shows it.
 */
typedef struct
{
  LdAppointment *appointment;
  LdVisit       *visit;
} LdVisitSeen;

void       ld_visit_seen_free        (LdVisitSeen        *seen);
GPtrArray *ld_service_patient_visits (LdServiceContext   *ctx,
                                      const LdPermission *permission,
                                      const char         *patient_id,
                                      guint               limit,
                                      GError            **error);

LdVisit *ld_service_write_visit (LdServiceContext  *ctx,
                                 const char        *appointment_id,
                                 const LdVisitBody *body,
                                 GError           **error);
LdVisit *ld_service_sign_visit (LdServiceContext *ctx,
                                const char       *appointment_id,
                                gint64            version,
                                GError          **error);

G_END_DECLS

/* ld-visit-calls.h: the calls around a visit: a patient's earlier visits, the
 * next free slots for a follow-up
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-api-client.h"
#include "ld-appointment.h"

G_BEGIN_DECLS

/**
 * LdPastVisit:
 * @visit: the visit, with its amendments
 * @day: the appointment's day, "2030-01-09"
 * @doctor_name: (nullable): the doctor who saw the patient
 *
 * One of a patient's visits, as GET /api/v1/patients/{id}/visits lists it.
 */
typedef struct
{
  LdVisit *visit;
  char    *day;
  char    *doctor_name;
} LdPastVisit;

void       ld_past_visit_free                (LdPastVisit         *past);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdPastVisit, ld_past_visit_free)

void ld_clinic_patient_visits_async (LdApiClient        *client,
                                     const char         *patient_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
GPtrArray         *
ld_clinic_patient_visits_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void    ld_clinic_free_slots_async (LdApiClient        *client,
                                    const char         *doctor_id,
                                    const char         *from_day,
                                    guint               limit,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
GArray *ld_clinic_free_slots_finish (LdApiClient *client, GAsyncResult *result, GError **error);

G_END_DECLS

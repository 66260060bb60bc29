/* ld-clinic-calls.h: the clinic's calls: a doctor's day, and moving an appointment
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-api-client.h"
#include "ld-appointment.h"
#include "ld-command.h"
#include "ld-schedule.h"

G_BEGIN_DECLS

void        ld_clinic_schedule_async (LdApiClient        *client,
                                      const char         *doctor_id,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
LdSchedule *ld_clinic_schedule_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void        ld_clinic_schedule_set_async (LdApiClient        *client,
                                          const LdSchedule   *schedule,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
void        ld_clinic_leave_async (LdApiClient        *client,
                                   const char         *doctor_id,
                                   const char         *day,
                                   const char         *reason,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
void        ld_clinic_queue_async (LdApiClient        *client,
                                   const char         *doctor_id,
                                   const char         *day,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
GPtrArray  *ld_clinic_queue_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void        ld_clinic_book_async (LdApiClient        *client,
                                  const char         *patient_id,
                                  const char         *doctor_id,
                                  gint64              start_us,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data);
void        ld_clinic_move_async (LdApiClient         *client,
                                  LdCommandKind        kind,
                                  const LdAppointment *appointment,
                                  const char          *reason,
                                  gint64               start_us,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
LdAppointment *
ld_clinic_appointment_finish (LdApiClient *client, GAsyncResult *result, GError **error);
void           ld_clinic_visit_get_async    (LdApiClient          *client,
                                             const char           *appointment_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
void           ld_clinic_visit_save_async   (LdApiClient          *client,
                                             const char           *appointment_id,
                                             const LdVisitBody    *body,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
void           ld_clinic_visit_sign_async   (LdApiClient          *client,
                                             const char           *appointment_id,
                                             gint64                version,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
LdVisit       *ld_clinic_visit_finish       (LdApiClient          *client,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS

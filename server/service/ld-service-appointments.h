/* ld-service-appointments.h: doctors' schedules, booking, the queue
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-appointment-rules.h"
#include "ld-service.h"
#include "../store/ld-store-appointments.h"

G_BEGIN_DECLS

/**
 * LdBooking:
 * @doctor_id: the doctor
 * @patient_id: the patient
 * @start_us: the slot's start; ignored for a walk-in
 * @walk_in: a walk-in: no slot, checked in at once with a token
 * @overbook: book over a slot already taken, as the desk chose
 * @note: (nullable): the desk's note
 *
 * What the desk asks for when it books (POST /api/v1/appointments).
 */
typedef struct
{
  const char *doctor_id;
  const char *patient_id;
  gint64      start_us;
  gboolean    walk_in;
  gboolean    overbook;
  const char *note;
} LdBooking;

/**
 * LdAppointmentStep:
 * @id: the appointment
 * @version: its version as the client read it
 * @action: what is done
 * @start_us: a rescheduling's new slot
 * @overbook: a rescheduling over a slot already taken
 * @reason: (nullable): a cancellation's reason
 * @share_reason: the desk says the patient may be told the reason
 *
 * One move of an appointment.
 */
typedef struct
{
  const char          *id;
  gint64               version;
  LdAppointmentAction  action;
  gint64               start_us;
  gboolean             overbook;
  const char          *reason;
  gboolean             share_reason;
} LdAppointmentStep;

/**
 * LdFreeSlot:
 * @doctor_id: the doctor
 * @start_us: the slot's start
 * @room: (nullable): where
 *
 * A slot the desk may book.
 */
typedef struct
{
  char   *doctor_id;
  gint64  start_us;
  char   *room;
} LdFreeSlot;

LdSchedule *ld_service_set_schedule (LdServiceContext *ctx, LdSchedule *schedule, GError **error);
LdSchedule *ld_service_add_leave (LdServiceContext *ctx,
                                  const char       *doctor_id,
                                  const char       *day,
                                  const char       *reason,
                                  GError          **error);
GArray     *ld_service_free_slots (LdStore    *store,
                                   const char *doctor_id,
                                   const char *speciality,
                                   gint64      from_us,
                                   guint       limit,
                                   GError    **error);
LdAppointment *
ld_service_book_appointment (LdServiceContext *ctx, const LdBooking *booking, GError **error);
LdAppointment *
ld_service_move_appointment (LdServiceContext *ctx, const LdAppointmentStep *step, GError **error);
GPtrArray *
ld_service_doctor_queue (LdStore *store, const char *doctor_id, const char *day, GError **error);
gboolean
ld_service_appointments_sweep (LdStore *store, gint64 now_us, guint *out_marked, GError **error);
gboolean ld_service_publish_appointment (LdServiceContext    *ctx,
                                         const LdAppointment *appointment,
                                         GError             **error);
void     ld_service_actor_of (LdServiceContext *ctx, LdActor *out_actor);

G_END_DECLS

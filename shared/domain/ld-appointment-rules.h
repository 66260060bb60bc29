/* ld-appointment-rules.h: an appointment's moves, and who makes them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-command.h"
#include "ld-states.h"

G_BEGIN_DECLS

/**
 * LdAppointmentAction:
 * @LD_APPOINTMENT_BOOK: the desk books a slot (or a doctor a follow-up
 *   with themselves)
 * @LD_APPOINTMENT_WALK_IN: the desk queues a patient without a slot
 * @LD_APPOINTMENT_RESCHEDULE: the desk moves a booking to another slot
 * @LD_APPOINTMENT_CANCEL: the desk cancels, with a reason
 * @LD_APPOINTMENT_CHECK_IN: the desk checks the patient in (a token)
 * @LD_APPOINTMENT_START: the doctor calls the patient in
 * @LD_APPOINTMENT_FINISH: the doctor is done
 * @LD_APPOINTMENT_NO_SHOW: the desk (or the end of the day) marks a
 *   booking nobody came to
 * @LD_APPOINTMENT_WRITE_VISIT: the doctor writes (or signs, or amends)
 *   the visit's record
 *
 * What is done to an appointment.
 */
typedef enum
{
  LD_APPOINTMENT_BOOK,
  LD_APPOINTMENT_WALK_IN,
  LD_APPOINTMENT_RESCHEDULE,
  LD_APPOINTMENT_CANCEL,
  LD_APPOINTMENT_CHECK_IN,
  LD_APPOINTMENT_START,
  LD_APPOINTMENT_FINISH,
  LD_APPOINTMENT_NO_SHOW,
  LD_APPOINTMENT_WRITE_VISIT,
} LdAppointmentAction;

/* The longest cancellation reason, in characters. */
#define LD_APPOINTMENT_REASON_MAX 500

const char        *ld_appointment_action_name (LdAppointmentAction action);
LdAppointmentState ld_appointment_action_target (LdAppointmentAction action,
                                                 LdAppointmentState  from);
gboolean           ld_appointment_check (LdAppointmentAction action,
                                         const LdActor      *actor,
                                         LdAppointmentState  state,
                                         const char         *doctor_id,
                                         GError            **error);
gboolean           ld_appointment_books_as_doctor (const LdActor *actor);
gboolean           ld_appointment_check_doctor_booking (const LdActor  *actor,
                                                        gboolean        is_their_patient,
                                                        gboolean        overbook,
                                                        GError        **error);
gboolean           ld_appointment_state_holds_slot (LdAppointmentState state);
gboolean           ld_appointment_state_grants_care (LdAppointmentState state);

G_END_DECLS

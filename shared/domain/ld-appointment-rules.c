/* ld-appointment-rules.c: an appointment's moves, and who makes them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * booked → checked_in → with_doctor → done, or cancelled (with a
 * reason), or no_show. The desk books, checks in, cancels and marks a
 * no-show; a doctor books a follow-up with themselves for their own
 * patient, starts and finishes their own patients and writes their own
 * visits; the administrator may do what the desk and the
 * doctor do, except write a doctor's clinical notes.
 */

#define G_LOG_DOMAIN "ld-appointment-rules"

#include "config.h"

#include "ld-appointment-rules.h"
#include "ld-refuse.h"

#define STATE(s)  (1u << LD_APPOINTMENT_STATE_##s)
#define NEW       0u

typedef struct
{
  LdAppointmentAction action;
  const char         *name;
  guint               from;
  LdAppointmentState  to;
  LdRole              roles;
  /* A doctor acts only on their own appointments. */
  gboolean            own_doctor;
  const char         *doing;
} Move;

/* Indexed by LdAppointmentAction. The target of writing a visit is the
 * state it was written in (ld_appointment_action_target()). */
/* clang-format off */
static const Move moves[] = {
  { LD_APPOINTMENT_BOOK, "appointment.book", NEW, LD_APPOINTMENT_STATE_BOOKED,
    LD_ROLE_RECEPTION | LD_ROLE_DOCTOR | LD_ROLE_ADMIN, TRUE, "book appointments" },
  { LD_APPOINTMENT_WALK_IN, "appointment.walk_in", NEW, LD_APPOINTMENT_STATE_CHECKED_IN,
    LD_ROLE_RECEPTION | LD_ROLE_ADMIN, FALSE, "queue walk-in patients" },
  { LD_APPOINTMENT_RESCHEDULE, "appointment.reschedule", STATE (BOOKED),
    LD_APPOINTMENT_STATE_BOOKED, LD_ROLE_RECEPTION | LD_ROLE_ADMIN, FALSE,
    "reschedule appointments" },
  { LD_APPOINTMENT_CANCEL, "appointment.cancel", STATE (BOOKED) | STATE (CHECKED_IN),
    LD_APPOINTMENT_STATE_CANCELLED, LD_ROLE_RECEPTION | LD_ROLE_ADMIN, FALSE,
    "cancel appointments" },
  { LD_APPOINTMENT_CHECK_IN, "appointment.check_in", STATE (BOOKED),
    LD_APPOINTMENT_STATE_CHECKED_IN, LD_ROLE_RECEPTION | LD_ROLE_ADMIN, FALSE,
    "check patients in" },
  { LD_APPOINTMENT_START, "appointment.start", STATE (CHECKED_IN), LD_APPOINTMENT_STATE_WITH_DOCTOR,
    LD_ROLE_DOCTOR | LD_ROLE_ADMIN, TRUE, "start consultations" },
  { LD_APPOINTMENT_FINISH, "appointment.finish", STATE (WITH_DOCTOR), LD_APPOINTMENT_STATE_DONE,
    LD_ROLE_DOCTOR | LD_ROLE_ADMIN, TRUE, "finish consultations" },
  { LD_APPOINTMENT_NO_SHOW, "appointment.no_show", STATE (BOOKED), LD_APPOINTMENT_STATE_NO_SHOW,
    LD_ROLE_RECEPTION | LD_ROLE_ADMIN, FALSE, "mark no-shows" },
  { LD_APPOINTMENT_WRITE_VISIT, "visit.write", STATE (WITH_DOCTOR) | STATE (DONE),
    LD_APPOINTMENT_STATE_WITH_DOCTOR, LD_ROLE_DOCTOR, TRUE, "write visit notes" },
};
/* clang-format on */

G_STATIC_ASSERT (G_N_ELEMENTS (moves) == LD_APPOINTMENT_WRITE_VISIT + 1);

/**
 * ld_appointment_action_name:
 * @action: an action
 *
 * Returns: (transfer none): its name in the audit trail, such as
 *   "appointment.check_in"
 */
const char *
ld_appointment_action_name (LdAppointmentAction action)
{
  g_return_val_if_fail (action <= LD_APPOINTMENT_WRITE_VISIT, NULL);

  return moves[action].name;
}

/**
 * ld_appointment_action_target:
 * @action: an action
 * @from: the state it is taken in
 *
 * Returns: the state the appointment is in after @action
 */
LdAppointmentState
ld_appointment_action_target (LdAppointmentAction action,
                              LdAppointmentState  from)
{
  g_return_val_if_fail (action <= LD_APPOINTMENT_WRITE_VISIT, from);

  return action == LD_APPOINTMENT_WRITE_VISIT ? from : moves[action].to;
}

/**
 * ld_appointment_state_holds_slot:
 * @state: a state
 *
 * A cancelled appointment or a no-show frees its slot for another
 * booking; every other state keeps it (the database's partial unique
 * index says the same, migration 0031).
 *
 * Returns: %TRUE if an appointment in @state holds its slot
 */
gboolean
ld_appointment_state_holds_slot (LdAppointmentState state)
{
  return state != LD_APPOINTMENT_STATE_CANCELLED && state != LD_APPOINTMENT_STATE_NO_SHOW;
}

/**
 * ld_appointment_state_grants_care:
 * @state: a state
 *
 * A patient who came (checked in, seen or done) is the doctor's patient
 * for need-to-know (ld-care-access.c); a booking alone is not.
 *
 * Returns: %TRUE if an appointment in @state makes the patient the doctor's
 */
gboolean
ld_appointment_state_grants_care (LdAppointmentState state)
{
  return state == LD_APPOINTMENT_STATE_CHECKED_IN || state == LD_APPOINTMENT_STATE_WITH_DOCTOR ||
         state == LD_APPOINTMENT_STATE_DONE;
}

/**
 * ld_appointment_books_as_doctor:
 * @actor: who books
 *
 * The desk and the administrator book for anyone; a doctor who is
 * neither books only a follow-up, with themselves, for a patient of
 * their own (ld_appointment_check_doctor_booking()).
 *
 * Returns: %TRUE if @actor may book only as a doctor
 */
gboolean
ld_appointment_books_as_doctor (const LdActor *actor)
{
  g_return_val_if_fail (actor != NULL, FALSE);

  return (actor->roles & LD_ROLE_DOCTOR) != 0 &&
         (actor->roles & moves[LD_APPOINTMENT_BOOK].roles & ~LD_ROLE_DOCTOR) == 0;
}

/**
 * ld_appointment_check_doctor_booking:
 * @actor: a doctor who books as a doctor (ld_appointment_books_as_doctor())
 * @is_their_patient: whether the patient is @actor's for need-to-know
 *   (ld_store_care_is_their_patient(): a visit, an order, an open grant)
 * @overbook: whether the booking asks to overbook
 * @error: return location for an %LD_API_ERROR: FORBIDDEN
 *
 * Need-to-know for a doctor's booking: a follow-up is for a patient they
 * are seeing; overbooking stays the desk's explicit choice.
 *
 * Returns: %TRUE if @actor may book for the patient
 */
gboolean
ld_appointment_check_doctor_booking (const LdActor  *actor,
                                     gboolean        is_their_patient,
                                     gboolean        overbook,
                                     GError        **error)
{
  g_return_val_if_fail (actor != NULL, FALSE);

  if (!is_their_patient)
    return ld_refuse (error, LD_API_ERROR_FORBIDDEN,
                      "This is not your patient: a doctor books follow-ups for their own "
                      "patients; the desk books the others.");
  if (overbook)
    return ld_refuse (error, LD_API_ERROR_FORBIDDEN,
                      "Only the desk may overbook a slot.");
  return TRUE;
}

/**
 * ld_appointment_check:
 * @action: what is done
 * @actor: who does it
 * @state: the appointment's state; ignored for a booking and a walk-in
 * @doctor_id: (nullable): the appointment's doctor
 * @error: return location for an %LD_API_ERROR: FORBIDDEN for a role that
 *   may not, or a doctor acting on another's appointment; CONFLICT for a
 *   state the action does not start from
 *
 * Decides as the server will: role, then whose, then state.
 *
 * Returns: %TRUE if @actor may take @action now
 */
gboolean
ld_appointment_check (LdAppointmentAction  action,
                      const LdActor       *actor,
                      LdAppointmentState   state,
                      const char          *doctor_id,
                      GError             **error)
{
  const Move *move;

  g_return_val_if_fail (action <= LD_APPOINTMENT_WRITE_VISIT, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  move = &moves[action];
  if ((actor->roles & move->roles) == 0)
    return ld_refuse (error, LD_API_ERROR_FORBIDDEN, "Your role may not %s.", move->doing);

  /* An administrator who is not also the doctor acts for the clinic. */
  if (action == LD_APPOINTMENT_BOOK && ld_appointment_books_as_doctor (actor) &&
      g_strcmp0 (actor->user_id, doctor_id) != 0)
    return ld_refuse (error, LD_API_ERROR_FORBIDDEN,
                      "A doctor books only in their own schedule; the desk books with others.");
  if (move->own_doctor && (actor->roles & move->roles & ~LD_ROLE_DOCTOR) == 0 &&
      g_strcmp0 (actor->user_id, doctor_id) != 0)
    return ld_refuse (error, LD_API_ERROR_FORBIDDEN,
                      "This is another doctor's patient: only they may %s for it.", move->doing);

  if (move->from == NEW)
    return TRUE;

  if ((move->from & (1u << state)) == 0)
    {
      if (action == LD_APPOINTMENT_WRITE_VISIT)
        return ld_refuse (error, LD_API_ERROR_CONFLICT,
                          "The patient is %s, not with the doctor: a visit is written once they "
                          "are called in.", ld_appointment_state_to_string (state));
      return ld_refuse (error, LD_API_ERROR_CONFLICT,
                        "The appointment is %s: it is too late (or too early) to %s.",
                        ld_appointment_state_to_string (state), move->doing);
    }

  return TRUE;
}

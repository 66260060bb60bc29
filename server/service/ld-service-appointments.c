/* ld-service-appointments.c: doctors' schedules, booking, the queue
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each change is one transaction run by ld_service_run(): the shared
 * rules (ld-appointment-rules.c, ld-schedule.c) decide, the store writes,
 * the change is audited and put in the feed for the desk and the
 * appointment's doctor. A slot booked twice is refused by the database
 * (ld-store-appointments.c), not by a check here that a race could pass.
 */

#define G_LOG_DOMAIN "ld-service-appointments"

#include "config.h"

#include "ld-service-appointments.h"
#include "ld-appointment-queue.h"
#include "ld-service-notify-appointments.h"
#include "ld-refuse.h"
#include "ld-time.h"

/* Who follows appointments: the desk, the doctor (their own) and the
 * administrator. */
#define APPOINTMENT_READERS (LD_ROLE_RECEPTION | LD_ROLE_DOCTOR | LD_ROLE_ADMIN)

/* Appointments marked no-show per transaction by the end-of-day sweep. */
#define SWEEP_BATCH 100

/**
 * ld_service_actor_of:
 * @ctx: a context with a user
 * @out_actor: (out caller-allocates): the user as the shared rules see them
 */
void
ld_service_actor_of (LdServiceContext *ctx,
                     LdActor          *out_actor)
{
  g_return_if_fail (ctx != NULL && out_actor != NULL);

  out_actor->roles = ctx->actor != NULL ? ld_user_get_roles (ctx->actor) : LD_ROLE_ALL;
  out_actor->is_signatory = FALSE;
  out_actor->user_id = ctx->actor != NULL ? ld_user_get_id (ctx->actor) : NULL;
}

/**
 * ld_service_publish_appointment:
 * @ctx: a change, inside its transaction
 * @appointment: the appointment as it now is
 * @error: return location for an %LD_STORE_ERROR
 *
 * Puts the appointment in the change feed: the desk and the
 * administrator read every one, a doctor their own.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_publish_appointment (LdServiceContext     *ctx,
                                const LdAppointment  *appointment,
                                GError              **error)
{
  g_autoptr(LdAppointment) saved = ld_store_appointments_get (ctx->store, appointment->id, error);
  g_autoptr(JsonNode) record = NULL;

  if (saved == NULL)
    return FALSE;
  record = ld_appointment_to_node (saved);
  return ld_service_record_change_kept (ctx, "appointment", saved->id, APPOINTMENT_READERS, NULL,
                                        saved->doctor_id, record, error);
}

/* A doctor is an enabled user with the doctor's role. */
static gboolean
check_doctor (LdServiceContext  *ctx,
              const char        *doctor_id,
              GError           **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(LdUser) user = ld_store_users_get (ctx->store, doctor_id, &local);

  if (user == NULL && !g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (user == NULL || (ld_user_get_roles (user) & LD_ROLE_DOCTOR) == 0 ||
      ld_user_get_disabled (user))
    return ld_refuse_field (error, "doctor_id", "is not a doctor",
                            "There is no such doctor.");
  return TRUE;
}

static LdSchedule *
get_schedule (LdServiceContext  *ctx,
              const char        *doctor_id,
              GError           **error)
{
  g_autoptr(GError) local = NULL;
  LdSchedule *schedule = ld_store_schedules_get (ctx->store, doctor_id, &local);

  if (schedule == NULL && g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      ld_refuse_field (error, "doctor_id", "has no schedule",
                       "This doctor has no working hours set: ask the administrator.");
      return NULL;
    }
  if (schedule == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return schedule;
}

typedef struct
{
  LdSchedule *schedule;
  const char *doctor_id;
  const char *day;
  const char *reason;
  LdSchedule *saved;
} ScheduleChange;

static gboolean
set_schedule (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  ScheduleChange *change = data;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_clear_pointer (&change->saved, ld_schedule_free);
  if (!check_doctor (ctx, change->schedule->doctor_id, error) ||
      !ld_store_schedules_put (ctx->store, change->schedule, error) ||
      (change->saved = ld_store_schedules_get (ctx->store, change->schedule->doctor_id, error)) ==
        NULL)
    return FALSE;

  ld_schedule_to_json (change->saved, builder);
  record = json_builder_get_root (builder);
  return ld_service_audit (ctx, "schedule.set", "schedule", change->saved->doctor_id, NULL,
                           error) &&
         ld_service_record_change (ctx, "schedule", change->saved->doctor_id, LD_ROLE_ALL,
                                   record, error);
}

/**
 * ld_service_set_schedule:
 * @ctx: the administrator
 * @schedule: the doctor's new working week (doctor_id set)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the schedule as stored
 */
LdSchedule *
ld_service_set_schedule (LdServiceContext  *ctx,
                         LdSchedule        *schedule,
                         GError           **error)
{
  ScheduleChange change = { schedule, NULL, NULL, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && schedule != NULL, NULL);

  if (!ld_service_run (ctx, set_schedule, &change, error))
    {
      g_clear_pointer (&change.saved, ld_schedule_free);
      return NULL;
    }
  return change.saved;
}

static gboolean
add_leave (LdServiceContext  *ctx,
           gpointer           data,
           GError           **error)
{
  ScheduleChange *change = data;
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_clear_pointer (&change->saved, ld_schedule_free);
  /* A doctor sets their own leave; the administrator anyone's. */
  if ((ld_user_get_roles (ctx->actor) & LD_ROLE_ADMIN) == 0 &&
      g_strcmp0 (ld_user_get_id (ctx->actor), change->doctor_id) != 0)
    return ld_refuse (error, LD_API_ERROR_FORBIDDEN,
                      "A doctor sets their own leave; the administrator sets anyone's.");
  if (!check_doctor (ctx, change->doctor_id, error))
    return FALSE;
  if (!ld_store_leave_add (ctx->store, change->doctor_id, change->day, change->reason,
                           ld_user_get_id (ctx->actor), &local))
    {
      if (g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT))
        return ld_refuse_field (error, "day", "is leave already",
                                "The doctor is on leave that day already.");
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  change->saved = get_schedule (ctx, change->doctor_id, error);
  if (change->saved == NULL)
    return FALSE;

  ld_schedule_to_json (change->saved, builder);
  record = json_builder_get_root (builder);
  return ld_service_audit (ctx, "schedule.leave", "schedule", change->doctor_id, change->day,
                           error) &&
         ld_service_record_change (ctx, "schedule", change->doctor_id, LD_ROLE_ALL, record,
                                   error);
}

/**
 * ld_service_add_leave:
 * @ctx: the doctor, or the administrator
 * @doctor_id: the doctor on leave
 * @day: the day, "2026-12-01"
 * @reason: (nullable): why
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the doctor's schedule with the leave
 */
LdSchedule *
ld_service_add_leave (LdServiceContext  *ctx,
                      const char        *doctor_id,
                      const char        *day,
                      const char        *reason,
                      GError           **error)
{
  ScheduleChange change = { NULL, doctor_id, day, reason, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && doctor_id != NULL, NULL);

  if (!ld_service_run (ctx, add_leave, &change, error))
    {
      g_clear_pointer (&change.saved, ld_schedule_free);
      return NULL;
    }
  return change.saved;
}

static void
free_slot_clear (LdFreeSlot *slot)
{
  g_free (slot->doctor_id);
  g_free (slot->room);
}

static gint
compare_free_slots (gconstpointer a,
                    gconstpointer b)
{
  const LdFreeSlot *x = a;
  const LdFreeSlot *y = b;

  if (x->start_us != y->start_us)
    return x->start_us < y->start_us ? -1 : 1;
  return g_strcmp0 (x->doctor_id, y->doctor_id);
}

/**
 * ld_service_free_slots:
 * @store: a store
 * @doctor_id: (nullable): one doctor's slots
 * @speciality: (nullable): or the slots of every doctor of a speciality
 * @from_us: the earliest start wanted
 * @limit: the most slots wanted
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type LdFreeSlot): the next free
 *   slots, earliest first
 */
GArray *
ld_service_free_slots (LdStore     *store,
                       const char  *doctor_id,
                       const char  *speciality,
                       gint64       from_us,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(GArray) slots = g_array_new (FALSE, TRUE, sizeof (LdFreeSlot));
  g_autoptr(GPtrArray) schedules = NULL;
  gint64 now = ld_time_now ();

  g_return_val_if_fail (store != NULL && (doctor_id != NULL || speciality != NULL), NULL);

  g_array_set_clear_func (slots, (GDestroyNotify) free_slot_clear);
  if (doctor_id != NULL)
    {
      g_autoptr(GError) local = NULL;
      LdSchedule *schedule = ld_store_schedules_get (store, doctor_id, &local);

      schedules = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_schedule_free);
      if (schedule != NULL)
        g_ptr_array_add (schedules, schedule);
      else if (!g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  else if ((schedules = ld_store_schedules_of_speciality (store, speciality, error)) == NULL)
    return NULL;

  for (guint i = 0; i < schedules->len; i++)
    {
      const LdSchedule *schedule = g_ptr_array_index (schedules, i);
      g_autoptr(GHashTable) taken = ld_store_appointments_taken (store, schedule->doctor_id,
                                                                  MAX (from_us, now), error);
      g_autoptr(GArray) starts = NULL;

      if (taken == NULL)
        return NULL;
      starts = ld_schedule_free_slots (schedule, from_us, now, taken, limit);
      for (guint s = 0; s < starts->len; s++)
        {
          LdFreeSlot slot = { g_strdup (schedule->doctor_id), g_array_index (starts, gint64, s),
                              g_strdup (schedule->room) };

          g_array_append_val (slots, slot);
        }
    }

  g_array_sort (slots, compare_free_slots);
  if (slots->len > limit)
    g_array_set_size (slots, limit);
  return g_steal_pointer (&slots);
}

static gboolean
check_patient (LdServiceContext  *ctx,
               const char        *patient_id,
               GError           **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(LdPatient) patient = ld_store_patients_get (ctx->store, patient_id, &local);

  if (patient != NULL)
    return TRUE;
  if (g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    return ld_refuse_field (error, "patient_id", "is not a registered patient",
                            "There is no such patient.");
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* Whether the doctor's slot at @start_us is held by a live booking. */
static gboolean
slot_is_taken (LdServiceContext  *ctx,
               const char        *doctor_id,
               gint64             start_us,
               gboolean          *out_taken,
               GError           **error)
{
  g_autoptr(GHashTable) taken =
               ld_store_appointments_taken (ctx->store, doctor_id, start_us, error);

  if (taken == NULL)
    return FALSE;
  *out_taken = g_hash_table_contains (taken, &start_us);
  return TRUE;
}

/* The slot is valid for the doctor; an overbooking is marked so only
 * when the slot is in fact taken, so that it never hides a free slot
 * from the database's one-booking rule. */
static gboolean
place_in_slot (LdServiceContext  *ctx,
               LdAppointment     *appointment,
               gint64             start_us,
               gboolean           overbook,
               GError           **error)
{
  g_autoptr(LdSchedule) schedule = get_schedule (ctx, appointment->doctor_id, error);
  gboolean taken = FALSE;

  if (schedule == NULL || !ld_schedule_check_slot (schedule, start_us, ld_time_now (), error))
    return FALSE;
  if (overbook && !slot_is_taken (ctx, appointment->doctor_id, start_us, &taken, error))
    return FALSE;

  appointment->slot_us = start_us;
  g_free (appointment->day);
  appointment->day = ld_schedule_day_of (start_us);
  appointment->overbooked = overbook && taken;
  return TRUE;
}

static gboolean
error_slot_taken (GError  *local,
                  GError **error)
{
  if (g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT))
    {
      GError *taken = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_CONFLICT,
                                           "This slot is booked already: choose another, or "
                                           "overbook it.");

      ld_api_error_set_field (taken, "start", "is already booked");
      g_propagate_error (error, taken);
    }
  else
    g_propagate_error (error, g_error_copy (local));
  return FALSE;
}

/* A walk-in on a day of leave, or a check-in, takes the next token. */
static gboolean
give_token (LdServiceContext  *ctx,
            LdAppointment     *appointment,
            GError           **error)
{
  appointment->checked_in_us = ld_time_now ();
  return ld_store_appointments_next_token (ctx->store, appointment->doctor_id, appointment->day,
                                           &appointment->token, error);
}

/* A doctor books a follow-up for a patient they are seeing: need-to-know. */
static gboolean
check_doctor_booking (LdServiceContext  *ctx,
                      const LdActor     *actor,
                      const LdBooking   *booking,
                      GError           **error)
{
  gboolean theirs = FALSE;

  if (booking->walk_in || !ld_appointment_books_as_doctor (actor))
    return TRUE;
  return ld_store_care_is_their_patient (ctx->store, actor->user_id, booking->patient_id,
                                         ld_time_now (), &theirs, error) &&
         ld_appointment_check_doctor_booking (actor, theirs, booking->overbook, error);
}

typedef struct
{
  const LdBooking   *booking;
  const LdAppointmentStep *step;
  LdAppointment     *saved;
} AppointmentChange;

static gboolean
book (LdServiceContext  *ctx,
      gpointer           data,
      GError           **error)
{
  AppointmentChange *change = data;
  const LdBooking *booking = change->booking;
  g_autoptr(LdAppointment) appointment = ld_appointment_new ();
  g_autoptr(GError) local = NULL;
  LdActor actor;
  const char *detail = NULL;

  g_clear_pointer (&change->saved, ld_appointment_free);
  ld_service_actor_of (ctx, &actor);
  if (!ld_appointment_check (booking->walk_in ? LD_APPOINTMENT_WALK_IN : LD_APPOINTMENT_BOOK,
                             &actor, LD_APPOINTMENT_STATE_BOOKED, booking->doctor_id, error) ||
      !check_doctor (ctx, booking->doctor_id, error) ||
      !check_patient (ctx, booking->patient_id, error) ||
      !check_doctor_booking (ctx, &actor, booking, error))
    return FALSE;

  appointment->doctor_id = g_strdup (booking->doctor_id);
  appointment->patient_id = g_strdup (booking->patient_id);
  appointment->note = g_strdup (booking->note);
  appointment->booked_by = g_strdup (ld_user_get_id (ctx->actor));
  if (booking->walk_in)
    {
      g_autoptr(LdSchedule) schedule = get_schedule (ctx, booking->doctor_id, NULL);

      appointment->day = ld_schedule_day_of (ld_time_now ());
      if (schedule != NULL && g_hash_table_contains (schedule->leave, appointment->day))
        return ld_refuse_field (error, "doctor_id", "is on leave today",
                                "The doctor is on leave today.");
      appointment->state = LD_APPOINTMENT_STATE_CHECKED_IN;
      if (!give_token (ctx, appointment, error))
        return FALSE;
    }
  else if (!place_in_slot (ctx, appointment, booking->start_us, booking->overbook, error))
    return FALSE;

  if (!ld_store_appointments_insert (ctx->store, appointment, &local))
    return error_slot_taken (local, error);

  if (appointment->overbooked)
    detail = "overbooked";
  if (!ld_service_audit (ctx,
                         ld_appointment_action_name (booking->walk_in ? LD_APPOINTMENT_WALK_IN
                                                                      : LD_APPOINTMENT_BOOK),
                         "appointment", appointment->id, detail, error) ||
      !ld_service_publish_appointment (ctx, appointment, error))
    return FALSE;

  change->saved = ld_store_appointments_get (ctx->store, appointment->id, error);
  return change->saved != NULL;
}

/**
 * ld_service_book_appointment:
 * @ctx: the desk
 * @booking: what to book
 * @error: return location for a #GError: VALIDATION_FAILED for a slot
 *   outside the schedule (naming "start"), CONFLICT for a slot taken
 *
 * Books a slot, or queues a walk-in with a token.
 *
 * Returns: (transfer full) (nullable): the appointment
 */
LdAppointment *
ld_service_book_appointment (LdServiceContext  *ctx,
                             const LdBooking   *booking,
                             GError           **error)
{
  AppointmentChange change = { booking, NULL, NULL };

  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && booking != NULL, NULL);

  if (!ld_service_run (ctx, book, &change, error))
    {
      g_clear_pointer (&change.saved, ld_appointment_free);
      return NULL;
    }
  return change.saved;
}

static gboolean
apply_step (LdServiceContext         *ctx,
            LdAppointment            *appointment,
            const LdAppointmentStep  *step,
            GError                  **error)
{
  g_autofree char *today = ld_schedule_day_of (ld_time_now ());

  switch (step->action)
    {
    case LD_APPOINTMENT_RESCHEDULE:
      return place_in_slot (ctx, appointment, step->start_us, step->overbook, error);

    case LD_APPOINTMENT_CANCEL:
      g_free (appointment->cancel_reason);
      appointment->cancel_reason = g_strdup (step->reason);
      return TRUE;

    case LD_APPOINTMENT_CHECK_IN:
      if (!g_str_equal (today, appointment->day))
        return ld_refuse (error, LD_API_ERROR_CONFLICT,
                          "This appointment is for %s: the patient checks in on that day.",
                          appointment->day);
      return give_token (ctx, appointment, error);

    case LD_APPOINTMENT_START:
      appointment->started_us = ld_time_now ();
      return TRUE;

    case LD_APPOINTMENT_FINISH:
      appointment->done_us = ld_time_now ();
      return TRUE;

    case LD_APPOINTMENT_NO_SHOW:
      /* The end-of-day sweep runs as the system, on days that are over. */
      if (ctx->actor != NULL && appointment->slot_us > ld_time_now ())
        return ld_refuse (error, LD_API_ERROR_CONFLICT,
                          "The appointment's time has not come yet.");
      return TRUE;

    case LD_APPOINTMENT_BOOK:
    case LD_APPOINTMENT_WALK_IN:
    case LD_APPOINTMENT_WRITE_VISIT:
    default:
      g_assert_not_reached ();
    }
}

/* The patient hears of a booked appointment cancelled (one checked in
 * is at the desk), and of one moved to another time; in the move's
 * transaction. */
static gboolean
notify_move (LdServiceContext         *ctx,
             const LdAppointmentStep  *step,
             LdAppointmentState        previous_state,
             gint64                    previous_slot_us,
             const LdAppointment      *appointment,
             GError                  **error)
{
  if (step->action == LD_APPOINTMENT_CANCEL && previous_state == LD_APPOINTMENT_STATE_BOOKED)
    return ld_service_notify_appointment (ctx, "appointment-cancelled", appointment, 0,
                                          step->share_reason ? step->reason : NULL, error);
  if (step->action == LD_APPOINTMENT_RESCHEDULE && appointment->slot_us != previous_slot_us)
    return ld_service_notify_appointment (ctx, "appointment-moved", appointment,
                                          previous_slot_us, NULL, error);
  return TRUE;
}

static gboolean
move (LdServiceContext  *ctx,
      gpointer           data,
      GError           **error)
{
  AppointmentChange *change = data;
  const LdAppointmentStep *step = change->step;
  g_autoptr(LdAppointment) appointment = NULL;
  g_autoptr(GError) local = NULL;
  LdActor actor;
  const char *detail = step->reason;
  LdAppointmentState previous_state;
  gint64 previous_slot_us;

  g_clear_pointer (&change->saved, ld_appointment_free);
  appointment = ld_store_appointments_get (ctx->store, step->id, error);
  if (appointment == NULL)
    return FALSE;
  previous_state = appointment->state;
  previous_slot_us = appointment->slot_us;

  ld_service_actor_of (ctx, &actor);
  if (!ld_appointment_check (step->action, &actor, appointment->state, appointment->doctor_id,
                             error))
    return FALSE;
  if (ctx->actor != NULL && step->version != appointment->version)
    return ld_refuse (error, LD_API_ERROR_CONFLICT,
                      "The appointment has changed since you read it (version %" G_GINT64_FORMAT
                      ", now %" G_GINT64_FORMAT "): read it again.", step->version,
                      appointment->version);
  if (!apply_step (ctx, appointment, step, error))
    return FALSE;

  appointment->state = ld_appointment_action_target (step->action, appointment->state);
  if (!ld_store_appointments_update (ctx->store, appointment, appointment->version, &local))
    return error_slot_taken (local, error);

  if (step->action == LD_APPOINTMENT_RESCHEDULE && appointment->overbooked)
    detail = "overbooked";
  if (!ld_service_audit (ctx, ld_appointment_action_name (step->action), "appointment",
                         appointment->id, detail, error) ||
      !notify_move (ctx, step, previous_state, previous_slot_us, appointment, error) ||
      !ld_service_publish_appointment (ctx, appointment, error))
    return FALSE;

  change->saved = ld_store_appointments_get (ctx->store, appointment->id, error);
  return change->saved != NULL;
}

/**
 * ld_service_move_appointment:
 * @ctx: who moves it; the system for the end-of-day sweep
 * @step: the move
 * @error: return location for a #GError
 *
 * Reschedules, cancels, checks in (giving the day's next token),
 * starts, finishes or marks a no-show, as ld_appointment_check() allows.
 * A booked appointment's patient is told of its cancellation (the reason
 * only when @step shares it) and of a move to another time.
 *
 * Returns: (transfer full) (nullable): the appointment as it now is
 */
LdAppointment *
ld_service_move_appointment (LdServiceContext         *ctx,
                             const LdAppointmentStep  *step,
                             GError                  **error)
{
  AppointmentChange change = { NULL, step, NULL };

  g_return_val_if_fail (ctx != NULL && step != NULL && step->id != NULL, NULL);

  if (!ld_service_run (ctx, move, &change, error))
    {
      g_clear_pointer (&change.saved, ld_appointment_free);
      return NULL;
    }
  return change.saved;
}

/**
 * ld_service_doctor_queue:
 * @store: a store
 * @doctor_id: a doctor
 * @day: a day
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type LdAppointment): the
 *   doctor's day in the order patients are seen: appointments at their
 *   time, walk-ins between them at the time they came; cancelled ones
 *   and no-shows left out
 */
GPtrArray *
ld_service_doctor_queue (LdStore     *store,
                         const char  *doctor_id,
                         const char  *day,
                         GError     **error)
{
  GPtrArray *queue = ld_store_appointments_of_day (store, doctor_id, day, error);

  if (queue != NULL)
    ld_appointment_queue_order (queue);
  return queue;
}

typedef struct
{
  gint64   now_us;
  guint    marked;
  gboolean my_turn;
} Sweep;

static gboolean
sweep_batch (LdServiceContext  *ctx,
             gpointer           data,
             GError           **error)
{
  Sweep *sweep = data;
  g_autofree char *today = ld_schedule_day_of (sweep->now_us);
  g_auto(GStrv) due = NULL;

  sweep->marked = 0;
  if (!ld_store_take_sweep_turn (ctx->store, &sweep->my_turn, error))
    return FALSE;
  if (!sweep->my_turn)
    return TRUE;

  due = ld_store_appointments_unattended (ctx->store, today, SWEEP_BATCH, error);
  if (due == NULL)
    return FALSE;
  for (guint i = 0; due[i] != NULL; i++)
    {
      LdAppointmentStep step = { due[i], 0, LD_APPOINTMENT_NO_SHOW, 0, FALSE, NULL, FALSE };
      AppointmentChange change = { NULL, &step, NULL };
      gboolean moved = move (ctx, &change, error);

      g_clear_pointer (&change.saved, ld_appointment_free);
      if (!moved)
        return FALSE;
    }
  sweep->marked = g_strv_length (due);
  return TRUE;
}

/**
 * ld_service_appointments_sweep:
 * @store: a store
 * @now_us: now
 * @out_marked: (out): how many appointments were marked no-show
 * @error: return location for a #GError
 *
 * At the end of the day, a booked appointment nobody checked in for is a
 * no-show: each is marked by "system", audited and announced, in batches.
 * Run beside the orders' expiry, every minute.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_appointments_sweep (LdStore   *store,
                               gint64     now_us,
                               guint     *out_marked,
                               GError   **error)
{
  g_autoptr(LdServiceContext) ctx = ld_service_context_new (store, NULL, "system", NULL, NULL);
  Sweep sweep = { now_us, 0, TRUE };

  g_return_val_if_fail (store != NULL && out_marked != NULL, FALSE);

  *out_marked = 0;
  do
    {
      if (!ld_service_run (ctx, sweep_batch, &sweep, error))
        return FALSE;
      *out_marked += sweep.marked;
    }
  while (sweep.my_turn && sweep.marked == SWEEP_BATCH);

  return TRUE;
}

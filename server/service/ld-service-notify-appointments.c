/* ld-service-notify-appointments.c: an appointment's messages to its patient
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An appointment's patient is told, through the outbox and in the
 * transaction of the change (ld_service_notify_patient()): the day before
 * ("appointment-reminder", from the reminder sweep,
 * server/ld-appointment-reminders.c), when the desk cancels a booked
 * appointment ("appointment-cancelled", with the reason only when the
 * desk said it may be shared) and when it moves one to another time
 * ("appointment-moved"). Each message names the appointment and the slot
 * it speaks of; a reminder is written once per slot and channel, which
 * the outbox's unique index notifications_reminder_once holds whatever
 * races (migration 0037).
 */

#define G_LOG_DOMAIN "ld-service"

#include "config.h"

#include "ld-service-notify-appointments.h"
#include "ld-service-notify.h"
#include "../store/ld-store-appointments.h"
#include "../store/ld-store-notifications.h"

static void
set_slot_facts (JsonObject *facts,
                const char *day_fact,
                const char *time_fact,
                gint64      slot_us)
{
  g_autoptr(GDateTime) slot = g_date_time_new_from_unix_utc (slot_us / G_USEC_PER_SEC);
  g_autofree char *day = ld_service_notify_format_local (slot, "%Y-%m-%d");
  g_autofree char *time = ld_service_notify_format_local (slot, "%H:%M");

  json_object_set_string_member (facts, day_fact, day);
  json_object_set_string_member (facts, time_fact, time);
}

/**
 * ld_service_notify_appointment:
 * @ctx: a service context, inside the change's ld_service_run() work
 * @event: "appointment-reminder", "appointment-cancelled" or
 *   "appointment-moved"
 * @appointment: the appointment as it now is, with its doctor's name
 * @previous_slot_us: a moved appointment's old slot; 0 otherwise
 * @reason: (nullable): a cancellation's reason, when it may be shared
 * @error: return location for a #GError
 *
 * Tells the appointment's patient of @event by e-mail and SMS, as
 * ld_service_notify_patient() does: the day and time (the lab's clock)
 * and the doctor; the lab's address and phone are the settings' when it
 * is sent. A walk-in has no slot to speak of and gets none.
 *
 * Returns: %TRUE on success, with or without a message
 */
gboolean
ld_service_notify_appointment (LdServiceContext     *ctx,
                               const char           *event,
                               const LdAppointment  *appointment,
                               gint64                previous_slot_us,
                               const char           *reason,
                               GError              **error)
{
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(JsonObject) facts = NULL;
  LdNotifyAbout about = { NULL, NULL, 0 };

  g_return_val_if_fail (ctx != NULL && event != NULL && appointment != NULL, FALSE);

  if (appointment->slot_us == 0)
    return TRUE;
  patient = ld_store_patients_get (ctx->store, appointment->patient_id, error);
  if (patient == NULL)
    return FALSE;

  facts = json_object_new ();
  set_slot_facts (facts, "appointment_day", "appointment_time", appointment->slot_us);
  if (previous_slot_us != 0)
    set_slot_facts (facts, "previous_day", "previous_time", previous_slot_us);
  json_object_set_string_member (facts, "doctor_name",
                                 appointment->doctor_name != NULL ? appointment->doctor_name
                                                                  : "");
  if (reason != NULL)
    json_object_set_string_member (facts, "reason", reason);

  about.appointment_id = appointment->id;
  about.appointment_slot_us = appointment->slot_us;
  return ld_service_notify_patient (ctx, event, patient, &about, facts, error);
}

/**
 * ld_service_remind_appointments:
 * @ctx: the reminder sweep's context, inside its ld_service_run() work
 * @day: tomorrow, the lab's day
 * @limit: at most this many appointments
 * @out_count: (out): how many appointments were looked at
 * @error: return location for a #GError
 *
 * Reminds the patients of appointments booked for @day, each once per
 * slot: an appointment is marked reminded at its slot as it is taken,
 * with or without a message (a patient without an address gets none),
 * so it is not looked at again unless it moves to another slot; one moved
 * back to a slot it was reminded of is not reminded of it twice.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_service_remind_appointments (LdServiceContext  *ctx,
                                const char        *day,
                                guint              limit,
                                guint             *out_count,
                                GError           **error)
{
  g_auto(GStrv) due = NULL;

  g_return_val_if_fail (ctx != NULL && day != NULL && out_count != NULL, FALSE);

  *out_count = 0;
  due = ld_store_appointments_unreminded (ctx->store, day, limit, error);
  if (due == NULL)
    return FALSE;
  for (guint i = 0; due[i] != NULL; i++)
    {
      g_autoptr(LdAppointment) appointment = NULL;
      gboolean taken = FALSE;
      gboolean reminded = FALSE;

      if (!ld_store_appointments_mark_reminded (ctx->store, due[i], day, &taken, error))
        return FALSE;
      /* Moved or cancelled since the list was read. */
      if (!taken)
        continue;
      appointment = ld_store_appointments_get (ctx->store, due[i], error);
      if (appointment == NULL ||
          !ld_store_notifications_reminded (ctx->store, appointment->id, appointment->slot_us,
                                            &reminded, error))
        return FALSE;
      /* Moved away and back: the patient has had this time's reminder. */
      if (reminded)
        continue;
      if (!ld_service_notify_appointment (ctx, "appointment-reminder", appointment, 0, NULL,
                                          error))
        return FALSE;
    }
  *out_count = g_strv_length (due);
  return TRUE;
}

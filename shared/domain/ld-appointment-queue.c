/* ld-appointment-queue.c: the order a doctor's patients are seen in
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Appointments at their slot's time, walk-ins between them at the time
 * they checked in; cancelled ones and no-shows are not in the queue. The
 * server's queue (GET /api/v1/doctors/{id}/queue) and the client's cache
 * (client/store/ld-cache-appointments.c) both order by this one rule.
 */

#define G_LOG_DOMAIN "ld-appointment-queue"

#include "config.h"

#include "ld-appointment-queue.h"
#include "ld-appointment-rules.h"

/**
 * ld_appointment_queue_time:
 * @appointment: an appointment
 *
 * Returns: where @appointment stands in its doctor's day: its slot's
 *   start, or for a walk-in the time it checked in
 */
gint64
ld_appointment_queue_time (const LdAppointment *appointment)
{
  g_return_val_if_fail (appointment != NULL, 0);

  return appointment->slot_us != 0 ? appointment->slot_us : appointment->checked_in_us;
}

/**
 * ld_appointment_queue_compare:
 * @a: a pointer to an #LdAppointment pointer, as g_ptr_array_sort() gives
 * @b: another
 *
 * Orders by ld_appointment_queue_time(), then by id, so that two at the
 * same time keep one order on every screen.
 *
 * Returns: negative, zero or positive, as strcmp() does
 */
gint
ld_appointment_queue_compare (gconstpointer a,
                              gconstpointer b)
{
  const LdAppointment *x = *(LdAppointment * const *) a;
  const LdAppointment *y = *(LdAppointment * const *) b;
  gint64 tx = ld_appointment_queue_time (x);
  gint64 ty = ld_appointment_queue_time (y);

  if (tx != ty)
    return tx < ty ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/**
 * ld_appointment_queue_order:
 * @appointments: (element-type LdAppointment): one day's appointments,
 *   in an array that frees its elements
 *
 * Makes @appointments the queue: drops the ones that no longer hold
 * their place (ld_appointment_state_holds_slot()) and sorts the rest with
 * ld_appointment_queue_compare().
 */
void
ld_appointment_queue_order (GPtrArray *appointments)
{
  g_return_if_fail (appointments != NULL);

  for (guint i = appointments->len; i > 0; i--)
    {
      LdAppointment *appointment = g_ptr_array_index (appointments, i - 1);

      if (!ld_appointment_state_holds_slot (appointment->state))
        g_ptr_array_remove_index (appointments, i - 1);
    }
  g_ptr_array_sort (appointments, ld_appointment_queue_compare);
}

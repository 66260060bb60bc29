/* ld-appointment-text.c: an appointment's state, in words
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ld-appointment-text.h"
#include "ld-error-text.h"
#include "store/ld-appointment-outbox.h"

/**
 * ld_appointment_text_state:
 * @state: an appointment's state
 *
 * The desk's and the doctor's words for it: a list shows state in words,
 * never colour alone.
 *
 * Returns: (transfer none): the state in words
 */
const char *
ld_appointment_text_state (LdAppointmentState state)
{
  switch (state)
    {
    case LD_APPOINTMENT_STATE_BOOKED:
      return C_("appointment state", "Booked");
    case LD_APPOINTMENT_STATE_CHECKED_IN:
      return C_("appointment state", "Checked in");
    case LD_APPOINTMENT_STATE_WITH_DOCTOR:
      return C_("appointment state", "With the doctor");
    case LD_APPOINTMENT_STATE_DONE:
      return C_("appointment state", "Done");
    case LD_APPOINTMENT_STATE_CANCELLED:
      return C_("appointment state", "Cancelled");
    case LD_APPOINTMENT_STATE_NO_SHOW:
      return C_("appointment state", "No-show");
    default:
      return "";
    }
}

/**
 * ld_appointment_text_moved:
 * @appointment: (nullable): the appointment as the server answered a
 *   move, or %NULL when it refused
 * @error: (nullable): why it refused, with @appointment %NULL
 *
 * What the desk is told after booking, checking in or another move: the
 * token and the patient at a check-in (what the desk reads out), else the
 * new state, or why the server refused.
 *
 * Returns: (transfer full): the words for a toast
 */
char *
ld_appointment_text_moved (const LdAppointment *appointment,
                           const GError        *error)
{
  if (appointment == NULL)
    return ld_error_text_describe (error);
  if (appointment->state == LD_APPOINTMENT_STATE_CHECKED_IN)
    /* Translators: the token a checked-in patient is given, and their name. */
    return g_strdup_printf (_("Token %d for %s."), (int) appointment->token,
                               appointment->patient_name);
  return g_strdup (ld_appointment_text_state (appointment->state));
}

/**
 * ld_appointment_text_sent:
 * @entry: an outbox entry the server took (#LdOutbox::entry-sent)
 * @answer: (nullable): the server's answer
 *
 * Returns: (transfer full) (nullable): for a check-in or a walk-in, the
 *   token the server gave ("Token 3 for Asha Iyer."); else %NULL
 */
char *
ld_appointment_text_sent (LdOutboxEntry *entry,
                          JsonNode      *answer)
{
  LdOutboxAction action;
  g_autoptr(LdAppointment) appointment = NULL;

  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (entry), NULL);

  action = ld_outbox_entry_get_action (entry);
  if (action != LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN &&
      action != LD_OUTBOX_ACTION_APPOINTMENT_WALK_IN)
    return NULL;
  appointment = ld_appointment_outbox_answer (answer);
  return appointment != NULL ? ld_appointment_text_moved (appointment, NULL) : NULL;
}

/**
 * ld_appointment_text_queued:
 * @error: (nullable): why the outbox did not take a check-in or walk-in
 * @online: whether the server is there
 *
 * What the desk is told once a check-in or walk-in is handed to the
 * outbox: why it was not taken, or that it waits here for the server.
 *
 * Returns: (transfer none) (nullable): the words for a toast; %NULL when
 *   it was sent (the token is said when the server answers)
 */
const char *
ld_appointment_text_queued (const GError *error,
                            gboolean      online)
{
  if (error != NULL)
    return ld_error_text_title (error);
  if (!online)
    return _("Kept here: the server gives the token when it is back.");
  return NULL;
}

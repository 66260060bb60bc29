/* ld-appointment-text.c: an appointment's state, in words
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ld-appointment-text.h"

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

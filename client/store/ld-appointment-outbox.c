/* ld-appointment-outbox.c: a check-in's and a walk-in's outbox parameters, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's screens hand these moves to the outbox (they may wait while
 * the server is away); what the parameters hold, and what the server's
 * answer holds, is read and written here, not in the screens.
 */

#include "config.h"

#include "ld-appointment-outbox.h"
#include "ld-json.h"

/**
 * ld_appointment_outbox_check_in:
 * @appointment: the booked appointment checked in
 *
 * Returns: (transfer full): the parameters of an
 *   %LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN, over the version the desk saw
 */
JsonObject *
ld_appointment_outbox_check_in (const LdAppointment *appointment)
{
  JsonObject *params = json_object_new ();

  g_return_val_if_fail (appointment != NULL && appointment->id != NULL, params);

  json_object_set_string_member (params, "id", appointment->id);
  json_object_set_int_member (params, "version", appointment->version);
  return params;
}

/**
 * ld_appointment_outbox_walk_in:
 * @patient_id: the patient who walked in
 * @doctor_id: the doctor they will see
 *
 * Returns: (transfer full): the parameters of an
 *   %LD_OUTBOX_ACTION_APPOINTMENT_WALK_IN
 */
JsonObject *
ld_appointment_outbox_walk_in (const char *patient_id,
                               const char *doctor_id)
{
  JsonObject *params = json_object_new ();

  g_return_val_if_fail (patient_id != NULL && doctor_id != NULL, params);

  json_object_set_string_member (params, "patient_id", patient_id);
  json_object_set_string_member (params, "doctor_id", doctor_id);
  json_object_set_boolean_member (params, "walk_in", TRUE);
  return params;
}

/**
 * ld_appointment_outbox_doctor_id:
 * @entry: a walk-in waiting in the outbox
 *
 * Returns: (transfer none) (nullable): the doctor it queues for
 */
const char *
ld_appointment_outbox_doctor_id (LdOutboxEntry *entry)
{
  JsonNode *params;

  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (entry), NULL);

  params = ld_outbox_entry_get_params (entry);
  return params != NULL && JSON_NODE_HOLDS_OBJECT (params)
           ? ld_json_object_get_string (json_node_get_object (params), "doctor_id")
           : NULL;
}

/**
 * ld_appointment_outbox_answer:
 * @answer: (nullable): the server's answer to a check-in or walk-in
 *
 * Returns: (transfer full) (nullable): the appointment it holds
 */
LdAppointment *
ld_appointment_outbox_answer (JsonNode *answer)
{
  JsonNode *member = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
                       ? json_object_get_member (json_node_get_object (answer), "appointment")
                       : NULL;

  return member != NULL && JSON_NODE_HOLDS_OBJECT (member)
           ? ld_appointment_read_object (json_node_get_object (member))
           : NULL;
}

/* Sending: the screens hand over the appointment, not its parameters. */

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ld_session_run_finish (LD_SESSION (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, answer != NULL);
}

static void
submit_params (LdSession           *session,
               LdOutboxAction       action,
               JsonObject          *params,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  ld_session_run_async (session, action, NULL, params, cancellable, on_sent_cb, task);
}

/**
 * ld_appointment_outbox_check_in_async:
 * @session: the session, which runs the command
 * @appointment: the appointment the patient came for
 *
 * Checks the patient in through the outbox: now when the server is
 * there, else when it is back. Finish with
 * ld_appointment_outbox_send_finish().
 */
void
ld_appointment_outbox_check_in_async (LdSession           *session,
                                      const LdAppointment *appointment,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonObject) params = NULL;

  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (appointment != NULL);

  params = ld_appointment_outbox_check_in (appointment);
  submit_params (session, LD_OUTBOX_ACTION_APPOINTMENT_CHECK_IN, params,
                 ld_appointment_outbox_check_in_async, cancellable, callback, user_data);
}

/**
 * ld_appointment_outbox_walk_in_async:
 * @session: the session, which runs the command
 *
 * Puts a walk-in in @doctor_id's queue through the outbox. Finish with
 * ld_appointment_outbox_send_finish().
 */
void
ld_appointment_outbox_walk_in_async (LdSession           *session,
                                     const char          *patient_id,
                                     const char          *doctor_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonObject) params = NULL;

  g_return_if_fail (LD_IS_SESSION (session));

  params = ld_appointment_outbox_walk_in (patient_id, doctor_id);
  submit_params (session, LD_OUTBOX_ACTION_APPOINTMENT_WALK_IN, params,
                 ld_appointment_outbox_walk_in_async, cancellable, callback, user_data);
}

/**
 * ld_appointment_outbox_send_finish:
 *
 * Returns: %TRUE when the server answered now; %FALSE with @error when
 *   refused, or without when it waits in the outbox
 */
gboolean
ld_appointment_outbox_send_finish (LdSession     *session,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

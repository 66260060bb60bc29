/* ld-patient-calls.c: registering and editing a patient, typed, through the outbox
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient's screens hand over an #LdPatient and an #LdPatientRequest
 * and get typed patients back; the body is written here by the shared
 * writer (ld-patient-body.c), so no screen builds or reads JSON.
 */

#define G_LOG_DOMAIN "ld-patient-calls"

#include "config.h"

#include "ld-json.h"
#include "ld-patient-calls.h"

static JsonObject *
dup_body (gboolean                editing,
          LdPatient              *patient,
          const LdPatientRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (editing)
    ld_patient_body_write_edit (builder, patient, request);
  else
    ld_patient_body_write_registration (builder, patient, request);
  json_builder_end_object (builder);
  return ld_json_builder_dup_object (builder);
}

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ld_session_run_finish (LD_SESSION (source), result, &error);
  const char *id = NULL;

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    id = ld_json_object_get_string (json_node_get_object (answer), "id");
  g_task_return_pointer (task, g_strdup (id), g_free);
}

static void
on_resent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ld_outbox_resend_finish (LD_OUTBOX (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, NULL, NULL);
}

/**
 * ld_patient_calls_send_async:
 * @session: the session, which runs the command
 * @refused: (nullable): the refused entry this sends again, fixed
 * @editing: an edit (PATCH) rather than a registration (POST)
 * @patient: the details, as the form holds them
 * @request: what else the body says (id, version, override, fields)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the outbox has it
 * @user_data: for @callback
 *
 * Queues or sends the registration or edit, or sends @refused again
 * with the new body.
 */
void
ld_patient_calls_send_async (LdSession              *session,
                             LdOutboxEntry          *refused,
                             gboolean                editing,
                             LdPatient              *patient,
                             const LdPatientRequest *request,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  g_autoptr(JsonObject) body = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (LD_IS_PATIENT (patient));
  g_return_if_fail (request != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_patient_calls_send_async);
  body = dup_body (editing, patient, request);
  if (refused != NULL)
    ld_outbox_resend_async (ld_session_get_outbox (session), refused, body, cancellable,
                            on_resent_cb, task);
  else
    ld_session_run_async (session,
                          editing ? LD_OUTBOX_ACTION_PATIENT_UPDATE
                                  : LD_OUTBOX_ACTION_PATIENT_REGISTER,
                          NULL, body, cancellable, on_submitted_cb, task);
}

/**
 * ld_patient_calls_send_finish:
 * @session: the session
 * @result: the result
 * @out_id: (out) (optional) (transfer full) (nullable): the patient's id
 *   as the answer names it; %NULL for an entry sent again
 * @error: return location for an error
 *
 * Returns: whether the outbox took it (sent, or queued for later)
 */
gboolean
ld_patient_calls_send_finish (LdSession     *session,
                              GAsyncResult  *result,
                              char         **out_id,
                              GError       **error)
{
  g_autoptr(GError) local = NULL;
  char *id;

  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  id = g_task_propagate_pointer (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (out_id != NULL)
    *out_id = id;
  else
    g_free (id);
  return TRUE;
}

static JsonObject *
get_current (LdOutboxEntry *entry)
{
  JsonNode *node = entry ? ld_outbox_entry_get_current (entry) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * ld_patient_calls_dup_candidates:
 * @entry: (nullable): a refused registration
 *
 * Returns: (transfer full) (nullable) (element-type LdPatient): the
 *   patients already registered that the new one may be, when the server
 *   refused it as a likely duplicate; %NULL otherwise
 */
GPtrArray *
ld_patient_calls_dup_candidates (LdOutboxEntry *entry)
{
  JsonObject *current = get_current (entry);

  return current ? ld_patient_read_candidates (current) : NULL;
}

/**
 * ld_patient_calls_dup_current:
 * @entry: (nullable): a refused edit
 *
 * Returns: (transfer full) (nullable): the patient as the server holds
 *   them now, when the server sent them back with a known version (a
 *   conflict); %NULL otherwise
 */
LdPatient *
ld_patient_calls_dup_current (LdOutboxEntry *entry)
{
  JsonObject *current = get_current (entry);
  g_autoptr(LdPatient) patient = current ? ld_patient_new_from_json (current) : NULL;

  if (patient == NULL || !ld_patient_has_version (patient))
    return NULL;
  return g_steal_pointer (&patient);
}

/**
 * ld_patient_calls_read_row:
 * @row: a row of a page of patients (ld_cache_read_page_async())
 *
 * Returns: (transfer full) (nullable): the patient the row holds
 */
LdPatient *
ld_patient_calls_read_row (LdCacheViewRow *row)
{
  g_autoptr(JsonObject) record = NULL;

  g_return_val_if_fail (row != NULL, NULL);

  if (row->object != NULL)
    return ld_patient_new_from_json (row->object);
  record = row->record ? ld_json_parse_object (row->record, -1, NULL) : NULL;
  return record ? ld_patient_new_from_json (record) : NULL;
}

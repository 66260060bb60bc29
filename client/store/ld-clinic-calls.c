/* ld-clinic-calls.c: the clinic's calls: a doctor's day, and moving an appointment
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A slot is free only when the server says so (the database holds one
 * booking per slot), so the clinic's day is read from the server and
 * each move is a call, never queued: the desk sees at once whether it
 * went through. Each move takes its method and route from the command
 * table (ld-command.c), and the answer is read by the shared reader of
 * an appointment (ld_appointment_read_object()).
 */

#define G_LOG_DOMAIN "ld-clinic-calls"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-clinic-calls.h"
#include "ld-json.h"
#include "ld-record-id.h"
#include "ld-time.h"

/* The answer's object member @name, or NULL. */
static JsonObject *
answer_object (JsonNode   *answer,
               const char *name)
{
  JsonNode *member;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return NULL;
  member = json_object_get_member (json_node_get_object (answer), name);
  return member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
}

static void
return_unreadable (GTask      *task,
                   const char *what)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", what);
}

static void
on_schedule_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  g_autoptr(LdSchedule) schedule = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_auto(GStrv) leave = NULL;
  JsonObject *object;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  object = answer_object (answer, "schedule");
  if (object == NULL)
    {
      return_unreadable (task, _("The doctor’s schedule could not be read."));
      return;
    }
  schedule = ld_schedule_new ();
  reader = ld_json_reader_new (object);
  ld_schedule_read (schedule, reader);
  ld_json_reader_get_strv (reader, "leave", LD_JSON_OPTIONAL, &leave);
  ld_json_reader_get_int (reader, "version", LD_JSON_OPTIONAL, &schedule->version);
  ld_json_reader_get_text (reader, "doctor_id", LD_JSON_REQUIRED, G_MAXINT, &schedule->doctor_id);
  if (!ld_json_reader_finish (reader, NULL) || schedule->slot_minutes <= 0)
    {
      return_unreadable (task, _("The doctor’s schedule could not be read."));
      return;
    }
  for (guint i = 0; leave != NULL && leave[i] != NULL; i++)
    g_hash_table_add (schedule->leave, g_strdup (leave[i]));
  g_task_return_pointer (task, g_steal_pointer (&schedule), (GDestroyNotify) ld_schedule_free);
}

/**
 * ld_clinic_schedule_async:
 * @client: the session's API client
 * @doctor_id: the doctor
 *
 * GET /api/v1/doctors/{id}/schedule: the doctor's week and leave.
 */
void
ld_clinic_schedule_async (LdApiClient         *client,
                          const char          *doctor_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (doctor_id != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_clinic_schedule_async);
  path = g_strdup_printf ("/api/v1/doctors/%s/schedule", doctor_id);
  ld_api_client_request_async (client, "GET", path, NULL, NULL, cancellable, on_schedule_cb, task);
}

/**
 * ld_clinic_schedule_finish:
 *
 * Returns: (transfer full) (nullable): the schedule, with its leave
 */
LdSchedule *
ld_clinic_schedule_finish (LdApiClient   *client,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_clinic_schedule_async ||
                          g_task_get_source_tag (G_TASK (result)) == ld_clinic_schedule_set_async ||
                          g_task_get_source_tag (G_TASK (result)) == ld_clinic_leave_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ld_clinic_schedule_set_async:
 * @client: the session's API client
 * @schedule: the doctor's week, read by ld_schedule_read() (so checked by
 *   the rules the server applies)
 *
 * PUT /api/v1/doctors/{id}/schedule; finish with ld_clinic_schedule_finish(),
 * which gives the schedule as saved, with its leave.
 */
void
ld_clinic_schedule_set_async (LdApiClient         *client,
                              const LdSchedule    *schedule,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (schedule != NULL && schedule->doctor_id != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "speciality", schedule->speciality);
  ld_json_builder_add_string (builder, "room", schedule->room);
  ld_json_builder_add_int (builder, "slot_minutes", schedule->slot_minutes);
  ld_schedule_write_week (schedule, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_clinic_schedule_set_async);
  path = g_strdup_printf ("/api/v1/doctors/%s/schedule", schedule->doctor_id);
  ld_api_client_request_async (client, "PUT", path, body, NULL, cancellable, on_schedule_cb, task);
}

/**
 * ld_clinic_leave_async:
 * @client: the session's API client
 * @doctor_id: the doctor (the signed-in doctor, or any for the administrator)
 * @day: the day of leave, "2030-01-10"
 * @reason: (nullable): why
 *
 * POST /api/v1/doctors/{id}/leave; finish with ld_clinic_schedule_finish(),
 * which gives the schedule with the day in its leave.
 */
void
ld_clinic_leave_async (LdApiClient         *client,
                       const char          *doctor_id,
                       const char          *day,
                       const char          *reason,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (doctor_id != NULL && day != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "day", day);
  ld_json_builder_add_string (builder, "reason", reason);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_clinic_leave_async);
  path = g_strdup_printf ("/api/v1/doctors/%s/leave", doctor_id);
  ld_api_client_request_async (client, "POST", path, body, NULL, cancellable, on_schedule_cb,
                               task);
}

static void
on_queue_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  g_autoptr(GPtrArray) items = NULL;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  items = ld_api_answer_read_items (answer, (LdApiItemReader) ld_appointment_read_object,
                                    (GDestroyNotify) ld_appointment_free, NULL);
  if (items == NULL)
    {
      return_unreadable (task, _("The doctor’s day could not be read."));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ld_clinic_queue_async:
 * @client: the session's API client
 * @doctor_id: the doctor
 * @day: the date, "2026-12-01"
 *
 * GET /api/v1/doctors/{id}/queue?day=…: the doctor's live appointments of
 * the day, in the order they are seen (no cancelled ones, no no-shows).
 */
void
ld_clinic_queue_async (LdApiClient         *client,
                       const char          *doctor_id,
                       const char          *day,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (doctor_id != NULL && day != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_clinic_queue_async);
  path = g_strdup_printf ("/api/v1/doctors/%s/queue?day=%s", doctor_id, day);
  ld_api_client_request_async (client, "GET", path, NULL, NULL, cancellable, on_queue_cb, task);
}

/**
 * ld_clinic_queue_finish:
 *
 * Returns: (transfer full) (nullable) (element-type LdAppointment): the
 *   day's appointments
 */
GPtrArray *
ld_clinic_queue_finish (LdApiClient   *client,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_clinic_queue_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_appointment_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  JsonObject *object;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  object = answer_object (answer, "appointment");
  if (object == NULL)
    return_unreadable (task, _("The server’s answer holds no appointment."));
  else
    g_task_return_pointer (task, ld_appointment_read_object (object),
                           (GDestroyNotify) ld_appointment_free);
}

/* A command's route, its {id} the appointment's. */
static char *
path_of (LdCommandKind  kind,
         const char    *id)
{
  g_autoptr(GString) path = g_string_new (ld_command_get_info (kind)->pattern);

  if (id != NULL)
    g_string_replace (path, "{id}", id, 1);
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void
send_command (LdApiClient         *client,
              LdCommandKind        kind,
              const char          *id,
              JsonBuilder         *builder,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autofree char *path = path_of (kind, id);
  g_autofree char *body = ld_json_builder_to_string (builder);
  g_autofree char *key = ld_record_id_new ();
  GTask *task = g_task_new (client, cancellable, callback, user_data);

  g_task_set_source_tag (task, ld_clinic_appointment_finish);
  ld_api_client_request_async (client, ld_command_get_info (kind)->method, path, body, key,
                               cancellable, on_appointment_cb, task);
}

static void
add_start (JsonBuilder *builder,
           gint64       start_us)
{
  g_autofree char *start = ld_time_format_rfc3339 (start_us);

  ld_json_builder_add_string (builder, "start", start);
}

/**
 * ld_clinic_book_async:
 * @client: the session's API client
 * @patient_id: the patient
 * @doctor_id: the doctor
 * @start_us: the slot's start
 *
 * POST /api/v1/appointments; finish with ld_clinic_appointment_finish().
 */
void
ld_clinic_book_async (LdApiClient         *client,
                      const char          *patient_id,
                      const char          *doctor_id,
                      gint64               start_us,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (patient_id != NULL && doctor_id != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "patient_id", patient_id);
  ld_json_builder_add_string (builder, "doctor_id", doctor_id);
  add_start (builder, start_us);
  json_builder_end_object (builder);
  send_command (client, LD_COMMAND_APPOINTMENT_BOOK, NULL, builder, cancellable, callback,
                user_data);
}

/**
 * ld_clinic_move_async:
 * @client: the session's API client
 * @kind: the move: reschedule, cancel, check-in, start, finish or no-show
 * @appointment: the appointment as last read (its id and version)
 * @reason: (nullable): why it is cancelled (required for a cancellation)
 * @start_us: the new slot of a rescheduling, else 0
 *
 * Finish with ld_clinic_appointment_finish().
 */
void
ld_clinic_move_async (LdApiClient         *client,
                      LdCommandKind        kind,
                      const LdAppointment *appointment,
                      const char          *reason,
                      gint64               start_us,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (appointment != NULL && appointment->id != NULL);
  g_return_if_fail (kind >= LD_COMMAND_APPOINTMENT_RESCHEDULE &&
                    kind <= LD_COMMAND_APPOINTMENT_NO_SHOW);
  g_return_if_fail (kind != LD_COMMAND_APPOINTMENT_CANCEL || reason != NULL);
  g_return_if_fail (kind != LD_COMMAND_APPOINTMENT_RESCHEDULE || start_us != 0);

  json_builder_begin_object (builder);
  ld_json_builder_add_int (builder, "version", appointment->version);
  if (kind == LD_COMMAND_APPOINTMENT_CANCEL)
    ld_json_builder_add_string (builder, "reason", reason);
  if (kind == LD_COMMAND_APPOINTMENT_RESCHEDULE)
    add_start (builder, start_us);
  json_builder_end_object (builder);
  send_command (client, kind, appointment->id, builder, cancellable, callback, user_data);
}

/**
 * ld_clinic_appointment_finish:
 *
 * Finishes a booking or a move.
 *
 * Returns: (transfer full) (nullable): the appointment as the server now
 *   has it; %NULL with an %LD_API_ERROR when refused
 */
LdAppointment *
ld_clinic_appointment_finish (LdApiClient   *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_clinic_appointment_finish,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_visit_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  JsonObject *object;

  /* None written yet is an empty visit, not a failure. */
  if (answer == NULL && g_error_matches (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND) &&
      g_str_equal (g_task_get_task_data (task), "GET"))
    {
      g_task_return_pointer (task, ld_visit_new (), (GDestroyNotify) ld_visit_free);
      return;
    }
  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  object = answer_object (answer, "visit");
  if (object == NULL)
    return_unreadable (task, _("The server’s answer holds no visit."));
  else
    g_task_return_pointer (task, ld_visit_read_object (object), (GDestroyNotify) ld_visit_free);
}

static void
send_visit (LdApiClient         *client,
            const char          *method,
            const char          *path,
            JsonBuilder         *builder,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autofree char *body = builder != NULL ? ld_json_builder_to_string (builder) : NULL;
  GTask *task = g_task_new (client, cancellable, callback, user_data);

  g_task_set_source_tag (task, ld_clinic_visit_finish);
  g_task_set_task_data (task, g_strdup (method), g_free);
  ld_api_client_request_async (client, method, path, body, NULL, cancellable, on_visit_cb, task);
}

/**
 * ld_clinic_visit_get_async:
 * @client: the session's API client
 * @appointment_id: the appointment
 *
 * GET /api/v1/appointments/{id}/visit; finish with
 * ld_clinic_visit_finish(), which gives an empty visit (no id) when none
 * is written yet.
 */
void
ld_clinic_visit_get_async (LdApiClient         *client,
                           const char          *appointment_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (appointment_id != NULL);

  path = g_strdup_printf ("/api/v1/appointments/%s/visit", appointment_id);
  send_visit (client, "GET", path, NULL, cancellable, callback, user_data);
}

/**
 * ld_clinic_visit_save_async:
 * @client: the session's API client
 * @appointment_id: the appointment
 * @body: the whole record, with the visit's version (0 for a first write)
 *
 * The command `visit.save`; finish with ld_clinic_visit_finish().
 */
void
ld_clinic_visit_save_async (LdApiClient         *client,
                            const char          *appointment_id,
                            const LdVisitBody   *body,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (appointment_id != NULL && body != NULL);

  ld_visit_body_to_json (body, builder);
  path = path_of (LD_COMMAND_VISIT_SAVE, appointment_id);
  send_visit (client, ld_command_get_info (LD_COMMAND_VISIT_SAVE)->method, path, builder,
              cancellable, callback, user_data);
}

/**
 * ld_clinic_visit_sign_async:
 * @client: the session's API client
 * @appointment_id: the appointment
 * @version: the visit's version, as last read
 *
 * The command `visit.sign`; finish with ld_clinic_visit_finish().
 */
void
ld_clinic_visit_sign_async (LdApiClient         *client,
                            const char          *appointment_id,
                            gint64               version,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (appointment_id != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_int (builder, "version", version);
  json_builder_end_object (builder);
  path = path_of (LD_COMMAND_VISIT_SIGN, appointment_id);
  send_visit (client, ld_command_get_info (LD_COMMAND_VISIT_SIGN)->method, path, builder,
              cancellable, callback, user_data);
}

/**
 * ld_clinic_visit_finish:
 *
 * Returns: (transfer full) (nullable): the visit as the server has it
 */
LdVisit *
ld_clinic_visit_finish (LdApiClient   *client,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_clinic_visit_finish, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

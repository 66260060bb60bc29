/* ld-visit-calls.c: the calls around a visit: a patient's earlier visits, the
 * next free slots for a follow-up
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both are reads the server answers at once (a patient's visits are
 * need-to-know and audited there; a slot is free only when the server
 * says so), in the style of ld-clinic-calls.c.
 */

#define G_LOG_DOMAIN "ld-visit-calls"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-json.h"
#include "ld-time.h"
#include "ld-visit-calls.h"

/**
 * ld_past_visit_free:
 * @past: (transfer full) (nullable): a listed visit
 */
void
ld_past_visit_free (LdPastVisit *past)
{
  if (past == NULL)
    return;
  g_clear_pointer (&past->visit, ld_visit_free);
  g_free (past->day);
  g_free (past->doctor_name);
  g_free (past);
}

static gpointer
read_past_visit (JsonObject *object)
{
  LdPastVisit *past = g_new0 (LdPastVisit, 1);

  past->visit = ld_visit_read_object (object);
  past->day = g_strdup (ld_json_object_get_string (object, "day"));
  past->doctor_name = g_strdup (ld_json_object_get_string (object, "doctor_name"));
  return past;
}

static void
on_patient_visits_cb (GObject      *source,
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
  items =
    ld_api_answer_read_items (answer, read_past_visit, (GDestroyNotify) ld_past_visit_free, NULL);
  if (items == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               _("The patient’s visits could not be read."));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ld_clinic_patient_visits_async:
 * @client: the session's API client
 * @patient_id: the patient
 *
 * GET /api/v1/patients/{id}/visits: the patient's visits, the latest first.
 */
void
ld_clinic_patient_visits_async (LdApiClient         *client,
                                const char          *patient_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (patient_id != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_clinic_patient_visits_async);
  path = g_strdup_printf ("/api/v1/patients/%s/visits", patient_id);
  ld_api_client_request_async (client, "GET", path, NULL, NULL, cancellable, on_patient_visits_cb,
                               task);
}

/**
 * ld_clinic_patient_visits_finish:
 *
 * Returns: (transfer full) (nullable) (element-type LdPastVisit): the visits
 */
GPtrArray *
ld_clinic_patient_visits_finish (LdApiClient   *client,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_clinic_patient_visits_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_free_slots_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonNode *items = NULL;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (answer))
    items = json_object_get_member (json_node_get_object (answer), "items");
  for (guint i = 0; items != NULL && JSON_NODE_HOLDS_ARRAY (items) &&
                    i < json_array_get_length (json_node_get_array (items));
       i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (items), i);
      const char *start = JSON_NODE_HOLDS_OBJECT (item)
                            ? ld_json_object_get_string (json_node_get_object (item), "start")
                            : NULL;
      gint64 start_us = 0;

      if (start != NULL && ld_time_parse_rfc3339 (start, &start_us))
        g_array_append_val (slots, start_us);
    }
  g_task_return_pointer (task, g_steal_pointer (&slots), (GDestroyNotify) g_array_unref);
}

/**
 * ld_clinic_free_slots_async:
 * @client: the session's API client
 * @doctor_id: the doctor
 * @from_day: the first day, "2030-01-16"
 * @limit: how many slots at most
 *
 * GET /api/v1/slots?doctor_id=…&from=…: the doctor's next free slots.
 */
void
ld_clinic_free_slots_async (LdApiClient         *client,
                            const char          *doctor_id,
                            const char          *from_day,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (doctor_id != NULL && from_day != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_clinic_free_slots_async);
  path =
    g_strdup_printf ("/api/v1/slots?doctor_id=%s&from=%s&limit=%u", doctor_id, from_day, limit);
  ld_api_client_request_async (client, "GET", path, NULL, NULL, cancellable, on_free_slots_cb,
                               task);
}

/**
 * ld_clinic_free_slots_finish:
 *
 * Returns: (transfer full) (nullable) (element-type gint64): the slots'
 *   start times, earliest first
 */
GArray *
ld_clinic_free_slots_finish (LdApiClient   *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_clinic_free_slots_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ld-doctor-list.c: the lab's doctors an order may name
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Users are the administrator's business and are not in the desk's
 * cache; the desk reads only the doctors' ids and names, from
 * GET /api/v1/doctors, when it books an order online. Offline, the desk
 * types the referring doctor's name instead.
 */

#define G_LOG_DOMAIN "ld-doctor-list"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-doctor-list.h"
#include "ld-json.h"

void
ld_doctor_free (LdDoctor *doctor)
{
  if (doctor == NULL)
    return;
  g_free (doctor->id);
  g_free (doctor->display_name);
  g_free (doctor);
}

static void
on_answered_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  g_autoptr(GPtrArray) doctors = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_doctor_free);
  JsonNode *items;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  items = JSON_NODE_HOLDS_OBJECT (answer)
            ? json_object_get_member (json_node_get_object (answer), "items")
            : NULL;
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The server’s list of doctors could not be read."));
      return;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (items), i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *id = object ? ld_json_object_get_string (object, "id") : NULL;
      const char *name = object ? ld_json_object_get_string (object, "display_name") : NULL;
      LdDoctor *doctor;

      if (id == NULL || name == NULL)
        continue;
      doctor = g_new0 (LdDoctor, 1);
      doctor->id = g_strdup (id);
      doctor->display_name = g_strdup (name);
      g_ptr_array_add (doctors, doctor);
    }
  g_task_return_pointer (task, g_steal_pointer (&doctors), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ld_doctor_list_fetch_async:
 * @client: a signed-in client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Reads the enabled doctors of the lab (reception and admin only).
 */
void
ld_doctor_list_fetch_async (LdApiClient         *client,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_doctor_list_fetch_async);
  ld_api_client_request_async (client, "GET", "/api/v1/doctors", NULL, NULL, cancellable,
                               on_answered_cb, task);
}

/**
 * ld_doctor_list_fetch_finish:
 *
 * Returns: (transfer full) (element-type LdDoctor): the doctors, by name
 */
GPtrArray *
ld_doctor_list_fetch_finish (LdApiClient   *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ld-icd10-calls.c: the administrator's calls about the lab's ICD-10 code list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 33. The administrator reads what list is loaded (GET
 * /api/v1/icd10 without a query) and imports a new one (PUT). Both answer
 * the list's figures: count, source and when it was loaded. Both need the
 * server: nothing waits offline.
 */

#define G_LOG_DOMAIN "ld-icd10-calls"

#include "config.h"

#include "ld-icd10-calls.h"
#include "ld-json.h"

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);

  if (answer == NULL && error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "The server's answer could not be read.");
  else
    g_task_return_pointer (task, json_object_ref (json_node_get_object (answer)),
                           (GDestroyNotify) json_object_unref);
}

/**
 * ld_icd10_read_list_async:
 * @client: the session's API client
 *
 * GET /api/v1/icd10: what list is loaded. Finish with
 * ld_icd10_list_finish().
 */
void
ld_icd10_read_list_async (LdApiClient         *client,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_icd10_read_list_async);
  ld_api_client_request_async (client, "GET", "/api/v1/icd10", NULL, NULL, cancellable,
                               on_answer_cb, task);
}

/**
 * ld_icd10_import_async:
 * @client: the session's API client
 * @source: where the list comes from (the file's name)
 * @codes: (element-type LdIcd10Code): the whole list
 *
 * PUT /api/v1/icd10: the list in place of the one loaded. Finish with
 * ld_icd10_list_finish().
 */
void
ld_icd10_import_async (LdApiClient         *client,
                       const char          *source,
                       GPtrArray           *codes,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *body = NULL;
  g_autofree char *key = g_uuid_string_random ();
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (source != NULL && codes != NULL);

  ld_icd10_list_to_json (source, codes, builder);
  body = ld_json_builder_to_string (builder);
  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_icd10_import_async);
  ld_api_client_request_async (client, "PUT", "/api/v1/icd10", body, key, cancellable,
                               on_answer_cb, task);
}

/**
 * ld_icd10_list_finish:
 * @out_count: (out): how many codes are loaded; 0 when none
 * @out_source: (out) (transfer full) (nullable): where they came from
 * @out_loaded_at: (out) (transfer full) (nullable): when, RFC 3339
 *
 * Finishes ld_icd10_read_list_async() or ld_icd10_import_async().
 *
 * Returns: %TRUE when the server answered
 */
gboolean
ld_icd10_list_finish (LdApiClient   *client,
                      GAsyncResult  *result,
                      gint64        *out_count,
                      char         **out_source,
                      char         **out_loaded_at,
                      GError       **error)
{
  g_autoptr(JsonObject) answer = NULL;
  JsonNode *count;

  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return FALSE;
  count = json_object_get_member (answer, "count");
  *out_count = count != NULL && JSON_NODE_HOLDS_VALUE (count) &&
                   json_node_get_value_type (count) == G_TYPE_INT64
                 ? json_node_get_int (count)
                 : 0;
  *out_source = g_strdup (ld_json_object_get_string (answer, "source"));
  *out_loaded_at = g_strdup (ld_json_object_get_string (answer, "loaded_at"));
  return TRUE;
}

/* ld-icd10-calls.c: the calls about the lab's ICD-10 code list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 33. The administrator reads what list is loaded (GET
 * /api/v1/icd10 without a query) and imports a new one (PUT). Both answer
 * the list's figures: count, source and when it was loaded. Both need the
 * server: nothing waits offline.
 *
 * A doctor searches it as they type (GET /api/v1/icd10?q=…&limit=…),
 * answered with the matches and how many codes the lab loaded. No list
 * ships with Labdesk: a server that has none, or does not know the route
 * (404), answers no match and 0 loaded, which is no failure: the doctor
 * types the code.
 */

#define G_LOG_DOMAIN "ld-icd10-calls"

#include "config.h"

#include "ld-error.h"
#include "ld-icd10-calls.h"
#include "ld-json.h"
#include "ld-record-id.h"

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

typedef struct
{
  char      *source;
  GPtrArray *codes;
} ImportList;

static void
import_list_free (ImportList *list)
{
  g_free (list->source);
  g_ptr_array_unref (list->codes);
  g_free (list);
}

/* A list of 100,000 codes is about 10 MiB of JSON, which took seconds to
 * write: it is written off the main thread, as it was read. */
static void
write_body_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ImportList *list = task_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_icd10_list_to_json (list->source, list->codes, builder);
  g_task_return_pointer (task, ld_json_builder_to_string (builder), g_free);
}

static void
on_body_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *key = NULL;

  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  key = ld_record_id_new ();
  ld_api_client_request_async (g_task_get_source_object (task), "PUT", "/api/v1/icd10", body,
                               key, g_task_get_cancellable (task), on_answer_cb, task);
}

/**
 * ld_icd10_import_async:
 * @client: the session's API client
 * @source: where the list comes from (the file's name)
 * @codes: (element-type LdIcd10Code): the whole list, held (not copied)
 *   until it is written: do not change it meanwhile
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
  g_autoptr(GTask) write = NULL;
  ImportList *list;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (source != NULL && codes != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_icd10_import_async);
  list = g_new0 (ImportList, 1);
  list->source = g_strdup (source);
  list->codes = g_ptr_array_ref (codes);
  write = g_task_new (NULL, cancellable, on_body_written_cb, task);
  g_task_set_source_tag (write, write_body_in_thread);
  g_task_set_task_data (write, list, (GDestroyNotify) import_list_free);
  g_task_run_in_thread (write, write_body_in_thread);
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

typedef struct
{
  GPtrArray *matches;
  gint64     loaded;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->matches, g_ptr_array_unref);
  g_free (answer);
}

static gpointer
read_match (JsonObject *object)
{
  return ld_icd10_code_new (ld_json_object_get_string (object, "code"),
                            ld_json_object_get_string (object, "title"));
}

static void
on_search_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer_node =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  Answer   *answer = g_new0 (Answer, 1);
  JsonNode *count;

  if (answer_node == NULL && !g_error_matches (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND))
    {
      answer_free (answer);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (answer_node != NULL)
    answer->matches =
      ld_api_answer_read_items (answer_node, read_match, (GDestroyNotify) ld_icd10_code_free, NULL);
  if (answer->matches == NULL)
    answer->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_icd10_code_free);
  count = answer_node != NULL && JSON_NODE_HOLDS_OBJECT (answer_node)
            ? json_object_get_member (json_node_get_object (answer_node), "count")
            : NULL;
  if (count != NULL && JSON_NODE_HOLDS_VALUE (count) &&
      json_node_get_value_type (count) == G_TYPE_INT64)
    answer->loaded = json_node_get_int (count);
  g_task_return_pointer (task, answer, (GDestroyNotify) answer_free);
}

/**
 * ld_icd10_search_async:
 * @client: the session's API client
 * @query: what the doctor typed, a code's start or words of its title
 * @limit: how many matches at most
 *
 * GET /api/v1/icd10?q=…&limit=…; finish with ld_icd10_search_finish().
 */
void
ld_icd10_search_async (LdApiClient         *client,
                       const char          *query,
                       guint                limit,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (query != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_icd10_search_async);
  escaped = g_uri_escape_string (query, NULL, FALSE);
  path = g_strdup_printf ("/api/v1/icd10?q=%s&limit=%u", escaped, limit);
  ld_api_client_request_async (client, "GET", path, NULL, NULL, cancellable, on_search_cb, task);
}

/**
 * ld_icd10_search_finish:
 * @out_loaded: (out) (optional): how many codes the lab has loaded; 0
 *   when none (or the server has no list)
 *
 * Returns: (transfer full) (nullable) (element-type LdIcd10Code): the
 *   matches, possibly none; %NULL with @error when the call failed
 */
GPtrArray *
ld_icd10_search_finish (LdApiClient   *client,
                        GAsyncResult  *result,
                        gint64        *out_loaded,
                        GError       **error)
{
  Answer *answer;
  GPtrArray *matches;

  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_icd10_search_async, NULL);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return NULL;
  if (out_loaded != NULL)
    *out_loaded = answer->loaded;
  matches = g_steal_pointer (&answer->matches);
  answer_free (answer);
  return matches;
}

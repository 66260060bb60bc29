/* ld-icd10-calls.c: the ICD-10 codes the lab has loaded, searched as a doctor types
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /api/v1/icd10?q=…&limit=… answers the matches and how many codes
 * the lab loaded (`count`). No list ships with Labdesk: a server that has
 * none, or does not know the route (404), answers no match and 0 loaded,
 * which is no failure: the doctor types the code.
 */

#define G_LOG_DOMAIN "ld-icd10-calls"

#include "config.h"

#include "ld-error.h"
#include "ld-icd10-calls.h"
#include "ld-json.h"

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

/**
 * ld_icd10_match_free:
 * @match: (transfer full) (nullable): a match
 */
void
ld_icd10_match_free (LdIcd10Match *match)
{
  if (match == NULL)
    return;
  g_free (match->code);
  g_free (match->title);
  g_free (match);
}

static gpointer
read_match (JsonObject *object)
{
  LdIcd10Match *match = g_new0 (LdIcd10Match, 1);

  match->code = g_strdup (ld_json_object_get_string (object, "code"));
  match->title = g_strdup (ld_json_object_get_string (object, "title"));
  return match;
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
    answer->matches = ld_api_answer_read_items (answer_node, read_match,
                                                (GDestroyNotify) ld_icd10_match_free, NULL);
  if (answer->matches == NULL)
    answer->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_icd10_match_free);
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
 * Returns: (transfer full) (nullable) (element-type LdIcd10Match): the
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

/* ld-web-review-calls.c: the desk's review of registrations parked from the patient pages
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A registration on the patient pages that looks like a patient already
 * registered waits for the desk: the list and the decision are the
 * server's at once (a merge cannot wait offline nor be undone), so both
 * are calls. The decision's body is spelled once, in
 * shared/domain/ld-web-review-body.c.
 */

#define G_LOG_DOMAIN "ld-web-review-calls"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-command.h"
#include "ld-json.h"
#include "ld-record.h"
#include "ld-web-review-body.h"
#include "ld-web-review-calls.h"

void
ld_web_review_entry_free (LdWebReviewEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_object (&entry->patient);
  g_clear_pointer (&entry->registered_at, g_free);
  g_clear_pointer (&entry->accounts, g_ptr_array_unref);
  g_clear_pointer (&entry->resembles, g_ptr_array_unref);
  g_free (entry);
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
element_object (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
account_text (JsonObject *account)
{
  const char *email = ld_json_object_get_string (account, "email");
  const char *phone = ld_json_object_get_string (account, "phone");

  if (phone == NULL || *phone == '\0')
    return g_strdup (email ? email : "");
  /* Translators: a web account, its e-mail and phone: "meera@example.com · +91 98111 22233". */
  return g_strdup_printf (_("%s · %s"), email ? email : "", phone);
}

static LdWebReviewEntry *
read_entry (JsonObject *item)
{
  g_autoptr(LdWebReviewEntry) entry = g_new0 (LdWebReviewEntry, 1);
  JsonObject *patient = ld_record_get_object (item, "patient");
  JsonArray *accounts = get_array (item, "accounts");
  JsonArray *resembles = get_array (item, "resembles");

  if (patient == NULL || ld_json_object_get_string (patient, "id") == NULL)
    return NULL;
  entry->patient = ld_patient_new_from_json (patient);
  entry->registered_at = g_strdup (ld_json_object_get_string (item, "registered_at"));
  entry->accounts = g_ptr_array_new_with_free_func (g_free);
  entry->resembles = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; accounts != NULL && i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = element_object (accounts, i);

      if (account != NULL)
        g_ptr_array_add (entry->accounts, account_text (account));
    }
  for (guint i = 0; resembles != NULL && i < json_array_get_length (resembles); i++)
    {
      JsonObject *other = element_object (resembles, i);

      if (other != NULL && ld_json_object_get_string (other, "id") != NULL)
        g_ptr_array_add (entry->resembles, ld_patient_new_from_json (other));
    }
  return g_steal_pointer (&entry);
}

static void
on_list_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  g_autoptr(GPtrArray) entries = NULL;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  entries = ld_api_answer_read_items (answer, (LdApiItemReader) read_entry,
                                      (GDestroyNotify) ld_web_review_entry_free, NULL);
  if (entries == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                               _("The server's list of web registrations could not be read."));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&entries), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ld_web_review_list_async:
 * @client: the session's API client
 *
 * GET /api/v1/web-registrations/review.
 */
void
ld_web_review_list_async (LdApiClient         *client,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_web_review_list_async);
  ld_api_client_request_async (client, "GET", "/api/v1/web-registrations/review", NULL, NULL,
                               cancellable, on_list_cb, task);
}

/**
 * ld_web_review_list_finish:
 *
 * Returns: (transfer full) (element-type LdWebReviewEntry) (nullable): the
 *   parked registrations, oldest first
 */
GPtrArray *
ld_web_review_list_finish (LdApiClient   *client,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_web_review_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_resolve_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);

  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ld_web_review_resolve_async:
 * @client: the session's API client
 * @patient_id: the parked record
 * @same_as_id: (nullable): the existing record it is the same person as
 *   (merged into it); %NULL: different people
 *
 * POST /api/v1/web-registrations/{patient_id}/resolve (the command
 * table's %LD_COMMAND_WEB_REVIEW_RESOLVE).
 */
void
ld_web_review_resolve_async (LdApiClient         *client,
                             const char          *patient_id,
                             const char          *same_as_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  LdWebReviewBody review = { same_as_id != NULL, (char *) same_as_id };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *escaped = NULL;
  const LdCommandInfo *info = ld_command_get_info (LD_COMMAND_WEB_REVIEW_RESOLVE);
  g_autoptr(GString) path = g_string_new (info->pattern);
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (patient_id != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_web_review_resolve_async);
  json_builder_begin_object (builder);
  ld_web_review_body_write (builder, &review);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  escaped = g_uri_escape_string (patient_id, NULL, FALSE);
  g_string_replace (path, "{id}", escaped, 1);
  ld_api_client_request_async (client, info->method, path->str, body, NULL, cancellable,
                               on_resolve_cb, task);
}

/**
 * ld_web_review_resolve_finish:
 *
 * Returns: %TRUE once the server has settled it
 */
gboolean
ld_web_review_resolve_finish (LdApiClient   *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_web_review_resolve_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

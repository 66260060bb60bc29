/* ld-instrument-calls.c: the calls about analyzers, for the lab and the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 34. The lab reads the results analyzers sent that found no
 * sample or test (GET /api/v1/unmatched-results) and attaches or
 * discards each (POST …/resolve); the administrator reads each
 * instrument's port and last message (GET /api/v1/instruments/status).
 * These are the only place that knows those paths and members; pages
 * get typed items. All of it needs the server: nothing waits offline.
 */

#define G_LOG_DOMAIN "ld-instrument-calls"

#include "config.h"

#include "ld-instrument-calls.h"
#include "ld-json.h"
#include "ld-command.h"

/* clang-format off */
#define RESOLVE_PATH    "/api/v1/unmatched-results/%s/resolve"
/* clang-format on */
#include "ld-record-id.h"
#include "ld-record.h"

typedef gpointer (*ReadItem) (JsonObject *object);

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

static void
send (LdApiClient         *client,
      const char          *method,
      const char          *path,
      JsonBuilder         *builder,
      GCancellable        *cancellable,
      GAsyncReadyCallback  callback,
      gpointer             user_data,
      gpointer             source_tag)
{
  g_autofree char *body = builder ? ld_json_builder_to_string (builder) : NULL;
  g_autofree char *key = builder ? ld_record_id_new () : NULL;
  GTask *task = g_task_new (client, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  ld_api_client_request_async (client, method, path, body, key, cancellable, on_answer_cb, task);
}

static JsonObject *
finish_object (LdApiClient   *client,
               GAsyncResult  *result,
               gpointer       source_tag,
               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The answer's "items", each read by @read, in the server's order. */
static GPtrArray *
read_items (JsonObject  *answer,
            ReadItem     read,
            GError     **error)
{
  JsonNode *node = json_object_get_member (answer, "items");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The server's answer could not be read.");
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (items, read (json_node_get_object (element)));
    }
  return g_steal_pointer (&items);
}

/**
 * ld_instrument_list_unmatched_async:
 * @client: the session's API client
 *
 * GET /api/v1/unmatched-results: the open ones, oldest first.
 */
void
ld_instrument_list_unmatched_async (LdApiClient         *client,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (LD_IS_API_CLIENT (client));

  send (client, "GET", "/api/v1/unmatched-results", NULL, cancellable, callback, user_data,
        ld_instrument_list_unmatched_async);
}

/**
 * ld_instrument_list_unmatched_finish:
 *
 * Returns: (transfer full) (element-type LdUnmatchedItem) (nullable): the
 *   results still to resolve
 */
GPtrArray *
ld_instrument_list_unmatched_finish (LdApiClient   *client,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_instrument_list_unmatched_async, error);

  return answer ? read_items (answer, (ReadItem) ld_unmatched_item_new_from_json, error) : NULL;
}

static void
resolve (LdApiClient         *client,
         const char          *unmatched_id,
         JsonBuilder         *builder,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autofree char *escaped = g_uri_escape_string (unmatched_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (RESOLVE_PATH, escaped);

  send (client, "POST", path, builder, cancellable, callback, user_data, resolve);
}

/**
 * ld_instrument_attach_async:
 * @client: the session's API client
 * @unmatched_id: the unmatched result
 * @accession: the sample it belongs to
 * @test_code: the catalogue test it is
 *
 * POST /api/v1/unmatched-results/{id}/resolve, attaching it: the value
 * becomes a draft from the instrument on that sample's test.
 */
void
ld_instrument_attach_async (LdApiClient         *client,
                            const char          *unmatched_id,
                            const char          *accession,
                            const char          *test_code,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (unmatched_id != NULL && accession != NULL && test_code != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "action", "attach");
  ld_json_builder_add_string (builder, "accession", accession);
  ld_json_builder_add_string (builder, "test_code", test_code);
  json_builder_end_object (builder);
  resolve (client, unmatched_id, builder, cancellable, callback, user_data);
}

/**
 * ld_instrument_discard_async:
 * @client: the session's API client
 * @unmatched_id: the unmatched result
 * @reason: why it is dropped
 *
 * POST /api/v1/unmatched-results/{id}/resolve, discarding it.
 */
void
ld_instrument_discard_async (LdApiClient         *client,
                             const char          *unmatched_id,
                             const char          *reason,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (unmatched_id != NULL && reason != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "action", "discard");
  ld_json_builder_add_string (builder, "reason", reason);
  json_builder_end_object (builder);
  resolve (client, unmatched_id, builder, cancellable, callback, user_data);
}

/**
 * ld_instrument_resolve_finish:
 *
 * Returns: %TRUE if the server resolved it
 */
gboolean
ld_instrument_resolve_finish (LdApiClient   *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(JsonObject) answer = finish_object (client, result, resolve, error);

  return answer != NULL;
}

/* The instruments read: each status item gets its configuration. */
static void
on_configuration_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  GPtrArray *items = g_task_get_task_data (task);
  JsonNode  *list = answer && JSON_NODE_HOLDS_OBJECT (answer)
                      ? json_object_get_member (json_node_get_object (answer), "items")
                      : NULL;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "The server's answer could not be read.");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (list), i);
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      id = ld_json_object_get_string (json_node_get_object (node), "id");
      for (guint j = 0; j < items->len; j++)
        if (g_strcmp0 (id, ld_instrument_item_get_id (g_ptr_array_index (items, j))) == 0)
          ld_instrument_item_set_configuration (g_ptr_array_index (items, j),
                                                json_node_get_object (node));
    }
  g_task_return_pointer (task, g_ptr_array_ref (items), (GDestroyNotify) g_ptr_array_unref);
}

/* The status read: then the instruments, for their addresses and maps. */
static void
on_status_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  GCancellable *cancellable;
  GPtrArray *items;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "The server's answer could not be read.");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  items =
    read_items (json_node_get_object (answer), (ReadItem) ld_instrument_item_new_from_json, &error);
  if (items == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, items, (GDestroyNotify) g_ptr_array_unref);
  cancellable = g_task_get_cancellable (task);
  ld_api_client_request_async (LD_API_CLIENT (source), "GET", "/api/v1/instruments", NULL, NULL,
                               cancellable, on_configuration_cb, g_steal_pointer (&task));
}

/**
 * ld_instrument_list_status_async:
 * @client: the session's API client
 *
 * GET /api/v1/instruments/status, each instrument's port and last
 * message, then GET /api/v1/instruments for the address each binds.
 */
void
ld_instrument_list_status_async (LdApiClient         *client,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_instrument_list_status_async);
  ld_api_client_request_async (client, "GET", "/api/v1/instruments/status", NULL, NULL,
                               cancellable, on_status_cb, task);
}

/**
 * ld_instrument_list_status_finish:
 *
 * Returns: (transfer full) (element-type LdInstrumentItem) (nullable): the
 *   instruments, by name
 */
GPtrArray *
ld_instrument_list_status_finish (LdApiClient   *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_instrument_list_status_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ld_instrument_save_async:
 * @client: the session's API client
 * @instrument: the instrument as it is to be; without an id it is new
 *
 * POST /api/v1/instruments, or PUT /api/v1/instruments/{id} with the
 * version it was read at: the whole instrument, its code map included.
 */
void
ld_instrument_save_async (LdApiClient         *client,
                          const LdInstrument  *instrument,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (instrument != NULL);

  ld_instrument_body_to_json (instrument, builder);

  if (instrument->id != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (instrument->id, NULL, FALSE);

      path = g_strdup_printf ("/api/v1/instruments/%s", escaped);
    }
  send (client, instrument->id ? "PUT" : "POST", path ? path : "/api/v1/instruments", builder,
        cancellable, callback, user_data, ld_instrument_save_async);
}

/**
 * ld_instrument_save_finish:
 *
 * Returns: %TRUE if the server saved it
 */
gboolean
ld_instrument_save_finish (LdApiClient   *client,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_autoptr(JsonObject) answer = finish_object (client, result, ld_instrument_save_async, error);

  return answer != NULL;
}

/**
 * ld_instrument_may_resolve:
 * @roles: the signed-in user's roles
 *
 * Whether the shared command table (LD_COMMAND_UNMATCHED_RESOLVE) lets
 * these roles attach or discard an unmatched result, so that a page offers
 * only what the server allows.
 *
 * Returns: %TRUE if so
 */
gboolean
ld_instrument_may_resolve (LdRole roles)
{
  return ld_command_allows_role (LD_COMMAND_UNMATCHED_RESOLVE, roles);
}

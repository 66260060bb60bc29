/* ld-number-lookup.c: what a scanned number names, from the cache or the server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache answers first, in one seek. A number it does not hold (made
 * at another desk since the last sync, or a record the feed has not
 * brought yet) is asked of the server when it is there: the order by
 * its number, the patient by an MRN search kept to the exact MRN, the
 * sample by its accession (docs/api.md). The answer is kept in the cache
 * as the feed would keep it, so the record opens like any other; the
 * feed brings its later changes as usual.
 */

#define G_LOG_DOMAIN "ld-number-lookup"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-cache-find.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-number-lookup.h"

typedef struct
{
  LdCache          *cache;
  LdApiClient      *client;
  LdIdentifierKind  kind;
  char             *number;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_object (&lookup->cache);
  g_clear_object (&lookup->client);
  g_free (lookup->number);
  g_free (lookup);
}

static char *
dup_request_path (LdIdentifierKind  kind,
                  const char       *number)
{
  g_autofree char *escaped = g_uri_escape_string (number, NULL, FALSE);

  switch (kind)
    {
    case LD_IDENTIFIER_MRN:
      /* A search by MRN finds those starting with it; the exact one is
       * among the first hundred (P000123, then P0001230…). */
      return g_strdup_printf ("/api/v1/patients?q=%s&limit=100", escaped);
    case LD_IDENTIFIER_ORDER:
      return g_strdup_printf ("/api/v1/orders/by-number/%s", escaped);
    case LD_IDENTIFIER_ACCESSION:
      return g_strdup_printf ("/api/v1/samples?accession=%s", escaped);
    case LD_IDENTIFIER_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* The record the server's answer holds for @lookup's number, or NULL. */
static JsonObject *
find_record (Lookup   *lookup,
             JsonNode *answer)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  JsonNode *member;

  if (object == NULL)
    return NULL;
  switch (lookup->kind)
    {
    case LD_IDENTIFIER_ORDER:
      member = json_object_get_member (object, "order");
      break;
    case LD_IDENTIFIER_ACCESSION:
      member = json_object_get_member (object, "sample");
      break;
    case LD_IDENTIFIER_MRN:
      member = json_object_get_member (object, "items");
      if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
        return NULL;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (member)); i++)
        {
          JsonNode *item = json_array_get_element (json_node_get_array (member), i);

          if (JSON_NODE_HOLDS_OBJECT (item) &&
              g_strcmp0 (ld_json_object_get_string (json_node_get_object (item), "mrn"),
                         lookup->number) == 0)
            return json_node_get_object (item);
        }
      return NULL;
    case LD_IDENTIFIER_NONE:
    default:
      g_assert_not_reached ();
    }
  return member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
}

static void
on_kept_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *id = ld_cache_keep_found_finish (LD_CACHE (source), result, &error);

  if (id == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, id, g_free);
}

static void
return_not_found (GTask  *task,
                  Lookup *lookup)
{
  g_task_return_new_error (task, LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                           /* Translators: %s is an MRN, order number or accession. */
                           _("Nothing is numbered %s, on this computer or on the server."),
                              lookup->number);
}

static void
return_offline (GTask  *task,
                Lookup *lookup)
{
  g_task_return_new_error (task, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE,
                           /* Translators: %s is an MRN, order number or accession. */
                           _("%s is not in this computer’s data, and the server cannot be "
                             "asked while offline."),
                              lookup->number);
}

static void
on_answered_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  JsonObject *record;

  if (answer == NULL)
    {
      if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND))
        return_not_found (task, lookup);
      else if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE) &&
               !ld_api_client_get_online (LD_API_CLIENT (source)))
        return_offline (task, lookup);
      else if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN))
        g_task_return_new_error (task, LD_API_ERROR, LD_API_ERROR_FORBIDDEN,
                                 /* Translators: %s is an MRN, order number or accession. */
                                 _("%s is not in this computer’s data, and your role may not "
                                   "look it up on the server."),
                                    lookup->number);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  record = find_record (lookup, answer);
  if (record == NULL || ld_json_object_get_string (record, "id") == NULL)
    {
      return_not_found (task, lookup);
      return;
    }
  ld_cache_keep_found_async (lookup->cache, ld_identifier_entity (lookup->kind), record,
                             g_task_get_cancellable (task), on_kept_cb, g_object_ref (task));
}

static void
on_found_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ld_cache_find_number_finish (LD_CACHE (source), result, &error);
  g_autofree char *path = NULL;

  if (id != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&id), g_free);
      return;
    }
  if (!g_error_matches (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!ld_api_client_get_online (lookup->client))
    {
      return_offline (task, lookup);
      return;
    }

  path = dup_request_path (lookup->kind, lookup->number);
  ld_api_client_request_async (lookup->client, "GET", path, NULL, NULL,
                               g_task_get_cancellable (task), on_answered_cb,
                               g_object_ref (task));
}

/**
 * ld_number_lookup_async:
 * @cache: the session's cache
 * @client: the session's API client
 * @kind: which number @number is (ld_identifier_parse())
 * @number: the number as the server writes it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Finds the id of the patient, order or sample @number names: in the
 * cache, or else on the server when it is there, keeping the server's
 * record in the cache before answering.
 */
void
ld_number_lookup_async (LdCache             *cache,
                        LdApiClient         *client,
                        LdIdentifierKind     kind,
                        const char          *number,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Lookup *lookup;

  g_return_if_fail (LD_IS_CACHE (cache));
  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (kind != LD_IDENTIFIER_NONE);
  g_return_if_fail (number != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_number_lookup_async);
  lookup = g_new0 (Lookup, 1);
  lookup->cache = g_object_ref (cache);
  lookup->client = g_object_ref (client);
  lookup->kind = kind;
  lookup->number = g_strdup (number);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  ld_cache_find_number_async (cache, kind, number, cancellable, on_found_cb,
                              g_steal_pointer (&task));
}

/**
 * ld_number_lookup_finish:
 * @result: the result
 * @error: return location for a #GError: %LD_API_ERROR_NOT_FOUND when
 *   neither the cache nor the server has the number,
 *   %LD_API_ERROR_UNAVAILABLE when the cache has not and the server is
 *   away, %LD_API_ERROR_FORBIDDEN when the user's roles may not look it up
 *   (each with a sentence for the person at the desk)
 *
 * Returns: (transfer full): the record's id, now in the cache
 */
char *
ld_number_lookup_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

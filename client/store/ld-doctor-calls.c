/* ld-doctor-calls.c: the doctor's calls that need the server at once
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Acknowledging a critical value is the doctor's word that they saw it,
 * audited and told to the lab at once, so it is not queued offline.
 * Breaking the glass opens another doctor's patient for a while, which
 * only the server grants. A patient's results are read from the server
 * page by page when the cache does not hold them (a patient found by
 * search, not one of the doctor's own).
 */

#define G_LOG_DOMAIN "ld-doctor-calls"

#include "config.h"

#include "ld-command-records.h"
#include "ld-doctor-calls.h"
#include "ld-json.h"
#include "ld-record.h"
#include "ld-result.h"
#include "ld-time.h"

/* The answer's object, or an error for an answer of another shape. */
static JsonObject *
finish_object (GObject       *source,
               GAsyncResult  *result,
               const char    *member,
               JsonNode     **out_answer,
               GError       **error)
{
  JsonNode *answer = ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, error);
  JsonObject *object = NULL;

  *out_answer = answer;
  if (answer == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (answer))
    object = member ? ld_record_get_object (json_node_get_object (answer), member)
                    : json_node_get_object (answer);
  if (object == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "The server's answer holds no %s", member ? member : "object");
  return object;
}

static char *
escape (const char *id)
{
  return g_uri_escape_string (id, NULL, FALSE);
}

/**
 * ld_results_page_free:
 * @page: (nullable): a page
 */
void
ld_results_page_free (LdResultsPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->items, json_array_unref);
  g_clear_pointer (&page->results, g_ptr_array_unref);
  g_free (page->next);
  g_free (page);
}

static void
on_results_page_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object = finish_object (source, result, NULL, &answer, &error);
  JsonArray *items = ld_record_get_items (object);
  LdResultsPage *page;

  if (object != NULL && items == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "The server's answer is not a list");
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  page = g_new0 (LdResultsPage, 1);
  page->items = json_array_ref (items);
  page->results = ld_command_read_results (items);
  page->next = g_strdup (ld_json_object_get_string (object, "next"));
  g_task_return_pointer (task, page, (GDestroyNotify) ld_results_page_free);
}

/**
 * ld_doctor_patient_results_async:
 * @client: the session's API client
 * @patient_id: the patient
 * @after: (nullable): the cursor of the page before (its #LdResultsPage
 *   `next`); %NULL for the newest page
 * @limit: how many results a page holds at most
 *
 * GET /api/v1/patients/{id}/results: the patient's reported results,
 * every test, newest first. A doctor not treating the patient is refused
 * (%LD_API_ERROR_FORBIDDEN) until they break the glass.
 */
void
ld_doctor_patient_results_async (LdApiClient         *client,
                                 const char          *patient_id,
                                 const char          *after,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (patient_id != NULL);
  g_return_if_fail (limit > 0);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_doctor_patient_results_async);
  escaped = escape (patient_id);
  if (after != NULL)
    {
      g_autofree char *escaped_after = escape (after);

      path = g_strdup_printf ("/api/v1/patients/%s/results?limit=%u&after=%s", escaped, limit,
                              escaped_after);
    }
  else
    path = g_strdup_printf ("/api/v1/patients/%s/results?limit=%u", escaped, limit);
  ld_api_client_request_async (client, "GET", path, NULL, NULL, cancellable, on_results_page_cb,
                               task);
}

/**
 * ld_doctor_patient_results_finish:
 *
 * Returns: (transfer full) (nullable): the page
 */
LdResultsPage *
ld_doctor_patient_results_finish (LdApiClient   *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ld_doctor_patient_results_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_glass_broken_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *grant = finish_object (source, result, "break_glass", &answer, &error);
  const char *until = grant ? ld_json_object_get_string (grant, "until") : NULL;
  gint64 until_us = 0;

  if (grant == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* An unreadable end leaves the grant standing: the server granted it. */
  if (until == NULL || !ld_time_parse_rfc3339 (until, &until_us))
    until_us = 0;
  g_task_return_int (task, until_us);
}

/**
 * ld_doctor_break_glass_async:
 * @client: the session's API client
 * @patient_id: the patient opened
 * @reason: why, as the doctor wrote it (ld_break_glass_check_reason())
 *
 * POST /api/v1/patients/{id}/break-glass.
 */
void
ld_doctor_break_glass_async (LdApiClient         *client,
                             const char          *patient_id,
                             const char          *reason,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (patient_id != NULL);
  g_return_if_fail (reason != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_doctor_break_glass_async);
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "reason", reason);
  json_builder_end_object (builder);
  body = ld_json_builder_to_string (builder);
  escaped = escape (patient_id);
  path = g_strdup_printf ("/api/v1/patients/%s/break-glass", escaped);
  ld_api_client_request_async (client, "POST", path, body, NULL, cancellable, on_glass_broken_cb,
                               task);
}

/**
 * ld_doctor_break_glass_finish:
 * @out_until_us: (out) (optional): until when the patient is open, in
 *   microseconds since the epoch; 0 if the server did not say
 *
 * Returns: %TRUE when the glass is broken
 */
gboolean
ld_doctor_break_glass_finish (LdApiClient   *client,
                              GAsyncResult  *result,
                              gint64        *out_until_us,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 until_us;

  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_doctor_break_glass_async,
                        FALSE);

  until_us = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_until_us != NULL)
    *out_until_us = until_us;
  return TRUE;
}

static void
on_acknowledged_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *alert = finish_object (source, result, "alert", &answer, &error);

  if (alert == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ld_command_read_alert (alert), (GDestroyNotify) ld_alert_free);
}

/**
 * ld_doctor_acknowledge_alert_async:
 * @client: the session's API client
 * @alert_id: the critical alert
 * @version: its version as the doctor saw it; a newer one is refused
 *   (%LD_API_ERROR_CONFLICT), as is one already acknowledged
 *
 * POST /api/v1/alerts/{id}/acknowledge.
 */
void
ld_doctor_acknowledge_alert_async (LdApiClient         *client,
                                   const char          *alert_id,
                                   gint64               version,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (alert_id != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_doctor_acknowledge_alert_async);
  json_builder_begin_object (builder);
  ld_json_builder_add_int (builder, "version", version);
  json_builder_end_object (builder);
  body = ld_json_builder_to_string (builder);
  escaped = escape (alert_id);
  path = g_strdup_printf ("/api/v1/alerts/%s/acknowledge", escaped);
  ld_api_client_request_async (client, "POST", path, body, NULL, cancellable, on_acknowledged_cb,
                               task);
}

/**
 * ld_doctor_acknowledge_alert_finish:
 *
 * Returns: (transfer full) (nullable): the alert as acknowledged: its id,
 *   order, doctor, acknowledgement time and new version
 */
LdAlert *
ld_doctor_acknowledge_alert_finish (LdApiClient   *client,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                          ld_doctor_acknowledge_alert_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

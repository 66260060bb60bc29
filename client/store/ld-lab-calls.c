/* ld-lab-calls.c: the lab bench's calls that need the server at once
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Collecting gives each tube its accession, which only the server can
 * number, so it is not queued offline: the bench is told it needs the
 * server. Each attempt carries its own idempotency key, so a retry after
 * a lost answer collects once. The answer's records reach the cache
 * through the feed like every other change.
 *
 * Sending a verified result back for re-entry undoes a verification,
 * which only the server can judge (who may, whether it is released), so
 * it too is a call, not an outbox item.
 */

#define G_LOG_DOMAIN "ld-lab-calls"

#include "config.h"

#include "ld-lab-calls.h"

#include "ld-command-records.h"
#include "ld-record-id.h"
#include "ld-record.h"
#include "ld-sample-body.h"

/**
 * ld_lab_dup_results_body:
 * @order_id: the order whose results are saved
 * @submit: whether the save submits the values for verification
 * @entries: (element-type LdResultEntry): the results, in the rows' order
 *
 * Returns: (transfer full): the body of a results save, for the outbox
 */
JsonObject *
ld_lab_dup_results_body (const char *order_id,
                         gboolean    submit,
                         GPtrArray  *entries)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  LdResultSave save = { submit, entries };

  g_return_val_if_fail (entries != NULL, NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "order_id", order_id);
  ld_result_save_body_write (builder, &save);
  json_builder_end_object (builder);

  return ld_json_builder_dup_object (builder);
}

/**
 * ld_lab_dup_verify_body:
 * @order_id: the order whose results are verified
 * @entries: (element-type LdResultEntry): the results, each with its
 *   critical call when it is critical
 *
 * Returns: (transfer full): the body of a verification, for the outbox
 */
JsonObject *
ld_lab_dup_verify_body (const char *order_id,
                        GPtrArray  *entries)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (entries != NULL, NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "order_id", order_id);
  ld_result_verify_body_write (builder, entries, NULL);
  json_builder_end_object (builder);
  return ld_json_builder_dup_object (builder);
}

/**
 * ld_lab_dup_release_body:
 * @order_id: the order whose report is released
 * @version: the order's version as the signatory last saw it
 * @interpretation: (nullable): the report-wide interpretation; empty
 *   leaves it out
 *
 * Returns: (transfer full): the body of a release, for the outbox
 */
JsonObject *
ld_lab_dup_release_body (const char *order_id,
                         gint64      version,
                         const char *interpretation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "order_id", order_id);
  ld_report_release_body_write (builder, version, interpretation);
  json_builder_end_object (builder);
  return ld_json_builder_dup_object (builder);
}

static void
on_answer_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);

  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!JSON_NODE_HOLDS_OBJECT (answer))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "The server's answer is not an object");
  else
    g_task_return_pointer (task, json_object_ref (json_node_get_object (answer)),
                           (GDestroyNotify) json_object_unref);
}

/* POSTs @builder's object to @collection/@id/@verb (the id escaped) with
 * a fresh idempotency key; the answer object comes back through @task. */
static void
post_object (LdApiClient  *client,
             const char   *collection,
             const char   *id,
             const char   *verb,
             JsonBuilder  *builder,
             GCancellable *cancellable,
             GTask        *task)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *key = ld_record_id_new ();

  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);
  path = g_strconcat (collection, "/", escaped, "/", verb, NULL);
  ld_api_client_request_async (client, "POST", path, body, key, cancellable, on_answer_cb, task);
}

/**
 * ld_lab_collect_async:
 * @client: the session's API client
 * @order_id: the order whose samples are taken
 * @location: (nullable): where they were taken
 * @cash_tendered_paise: for a cash-on-collection order, the cash handed
 *   over (the server records the payment in the same step); 0 otherwise
 *
 * POST /api/v1/orders/{id}/collect.
 */
void
ld_lab_collect_async (LdApiClient         *client,
                      const char          *order_id,
                      const char          *location,
                      gint64               cash_tendered_paise,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  LdPayment cash = { .method = (char *) "cash", .amount_paise = -1,
                     .tendered_paise = cash_tendered_paise };
  LdCollectBody collect = { (char *) location, NULL, cash_tendered_paise > 0 ? &cash : NULL };

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (order_id != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_lab_collect_async);

  json_builder_begin_object (builder);
  ld_collect_body_write (builder, &collect);
  json_builder_end_object (builder);
  post_object (client, "/api/v1/orders", order_id, "collect", builder, cancellable,
               g_steal_pointer (&task));
}

/**
 * ld_lab_collect_finish:
 *
 * Returns: (transfer full) (nullable) (element-type LdSample): the
 *   samples the collection made, read by the shared reader
 *   (ld_command_read_samples()); %NULL on error
 */
GPtrArray *
ld_lab_collect_finish (LdApiClient   *client,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(JsonObject) answer = ld_lab_call_finish (client, result, error);
  JsonNode *samples;

  if (answer == NULL)
    return NULL;
  samples = json_object_get_member (answer, "samples");
  return ld_command_read_samples (
    samples != NULL && JSON_NODE_HOLDS_ARRAY (samples) ? json_node_get_array (samples) : NULL);
}

/**
 * ld_lab_custody_async:
 * @client: the session's API client
 * @sample_id: the sample
 * @version: the sample's version as the bench last saw it
 * @event: received, rejected, stored or disposed
 * @location: (nullable): where the sample is now (a rack or fridge)
 * @reason: (nullable): a rejection's reason; %NULL for any other event
 * @recollect: for a rejection, whether a new sample is wanted (else its
 *   tests are cancelled); ignored for any other event
 *
 * POST /api/v1/samples/{id}/custody. A call, not an outbox item: a
 * rejection stops values counting and moves the order, which only the
 * server can judge, and the bench must know at once if it was refused.
 */
void
ld_lab_custody_async (LdApiClient         *client,
                      const char          *sample_id,
                      gint64               version,
                      const char          *event,
                      const char          *location,
                      const char          *reason,
                      gboolean             recollect,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  LdCustodyBody custody = { version,         (char *) event, (char *) location, NULL,
                            (char *) reason, recollect };

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (sample_id != NULL && event != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_lab_custody_async);

  json_builder_begin_object (builder);
  ld_custody_body_write (builder, &custody);
  json_builder_end_object (builder);
  post_object (client, "/api/v1/samples", sample_id, "custody", builder, cancellable,
               g_steal_pointer (&task));
}

/**
 * ld_lab_open_work_async:
 * @client: the session's API client
 * @late: %FALSE for the technician's load (GET
 *   /api/v1/technicians/me/workload), %TRUE for their orders late
 *   against turnaround (GET /api/v1/technicians/me/late)
 *
 * Reads of the moment, asked of the server each time the open work is
 * shown: the cache does not know the turnaround clock. Finish with
 * ld_lab_workload_finish() or ld_lab_late_work_finish(), as @late says
 * (ld_lab_call_finish() gives the answer as it came).
 */
void
ld_lab_open_work_async (LdApiClient         *client,
                        gboolean             late,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_lab_open_work_async);
  /* Which answer it is, for the typed finishes to check. */
  g_task_set_task_data (task, GINT_TO_POINTER (late ? 2 : 1), NULL);
  ld_api_client_request_async (client, "GET",
                               late ? "/api/v1/technicians/me/late"
                                    : "/api/v1/technicians/me/workload",
                               NULL, NULL, cancellable, on_answer_cb, task);
}

/**
 * ld_lab_return_result_async:
 * @client: the session's API client
 * @result_id: the verified result sent back
 * @version: the result's version as the bench last saw it
 * @reason: why it is to be entered again
 *
 * POST /api/v1/results/{id}/return.
 */
void
ld_lab_return_result_async (LdApiClient         *client,
                            const char          *result_id,
                            gint64               version,
                            const char          *reason,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (result_id != NULL);
  g_return_if_fail (reason != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_lab_return_result_async);

  json_builder_begin_object (builder);
  ld_result_change_body_write (builder, version, reason);
  json_builder_end_object (builder);
  post_object (client, "/api/v1/results", result_id, "return", builder, cancellable,
               g_steal_pointer (&task));
}

/**
 * ld_lab_amend_async:
 * @client: the session's API client
 * @order_id: the released order
 * @test_code: the result changed
 * @version: the result's version as the bench last saw it
 * @value: the corrected value
 * @reason: why, printed with the corrected report
 *
 * POST /api/v1/orders/{id}/amendments: one result corrected after
 * release, which issues the order's next report version. Only an
 * authorised signatory may; the server says so to anyone else.
 */
void
ld_lab_amend_async (LdApiClient         *client,
                    const char          *order_id,
                    const char          *test_code,
                    gint64               version,
                    const char          *value,
                    const char          *reason,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) entries =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_entry_free);
  LdResultEntry *entry;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (order_id != NULL && test_code != NULL && value != NULL && reason != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_lab_amend_async);

  entry = ld_result_entry_new (test_code, version, value, NULL);
  entry->has_comment = FALSE;
  g_ptr_array_add (entries, entry);
  json_builder_begin_object (builder);
  ld_result_amend_body_write (builder, reason, entries);
  json_builder_end_object (builder);
  post_object (client, "/api/v1/orders", order_id, "amendments", builder, cancellable,
               g_steal_pointer (&task));
}

/**
 * ld_lab_call_finish:
 *
 * Ends ld_lab_return_result_async() or ld_lab_amend_async() (and
 * ld_lab_collect_async()).
 *
 * Returns: (transfer full) (nullable): the server's answer: `order` and
 *   `results`, with the corrected `report` version after an amendment
 */
JsonObject *
ld_lab_call_finish (LdApiClient   *client,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ld_lab_custody_finish:
 * @client: the session's API client
 * @result: what ld_lab_custody_async() gave
 * @error: return location for the refusal
 *
 * Returns: (transfer full) (nullable): the sample as the move left it,
 *   read by the shared reader (ld_command_read_sample()); %NULL on error
 */
LdSample *
ld_lab_custody_finish (LdApiClient   *client,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(JsonObject) answer = ld_lab_call_finish (client, result, error);
  JsonNode *sample;

  if (answer == NULL)
    return NULL;
  sample = json_object_get_member (answer, "sample");
  if (sample == NULL || !JSON_NODE_HOLDS_OBJECT (sample))
    return ld_sample_new ();
  return ld_command_read_sample (json_node_get_object (sample));
}

/* The answer to ld_lab_open_work_async() for @late, or NULL with @error. */
static JsonObject *
open_work_answer (LdApiClient   *client,
                  GAsyncResult  *result,
                  gboolean       late,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_lab_open_work_async, NULL);
  g_return_val_if_fail (GPOINTER_TO_INT (g_task_get_task_data (G_TASK (result))) == (late ? 2 : 1),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The answer could not be read: said as client/store says it, with the
 * reader's field errors as detail. */
static void
set_unreadable (GError     **error,
                const char  *what,
                GError      *detail)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The server's %s could not be read: %s",
               what, detail != NULL ? detail->message : "");
}

/**
 * ld_lab_workload_finish:
 * @client: the session's API client
 * @result: what ld_lab_open_work_async() gave for the load
 * @out_load: (out caller-allocates): the technician's load, read by the
 *   shared reader (ld_workload_read()); left alone on error
 * @error: return location for the refusal, or %G_IO_ERROR_INVALID_DATA
 *   for an answer that could not be read
 *
 * Returns: %TRUE when @out_load was read
 */
gboolean
ld_lab_workload_finish (LdApiClient   *client,
                        GAsyncResult  *result,
                        LdWorkload    *out_load,
                        GError       **error)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GError) detail = NULL;
  LdWorkload load = { 0 };

  g_return_val_if_fail (out_load != NULL, FALSE);

  answer = open_work_answer (client, result, FALSE, error);
  if (answer == NULL)
    return FALSE;
  reader = ld_json_reader_new (answer);
  ld_workload_read (&load, reader);
  if (!ld_json_reader_finish (reader, &detail))
    {
      set_unreadable (error, "workload", detail);
      return FALSE;
    }
  *out_load = load;
  return TRUE;
}

/**
 * ld_lab_late_work_finish:
 * @client: the session's API client
 * @result: what ld_lab_open_work_async() gave for the late orders
 * @error: return location for the refusal, or %G_IO_ERROR_INVALID_DATA
 *   for an answer that could not be read
 *
 * Returns: (transfer full) (nullable) (element-type LdLateOrder): the
 *   technician's orders late against turnaround, the longest overdue
 *   first, each read by the shared reader (ld_late_order_read()); %NULL
 *   on error
 */
GPtrArray *
ld_lab_late_work_finish (LdApiClient   *client,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) detail = NULL;
  JsonNode *node;

  answer = open_work_answer (client, result, TRUE, error);
  if (answer == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_late_order_free);
  reader = ld_json_reader_new (answer);
  node = ld_json_reader_get_node (reader, "items", LD_JSON_REQUIRED);
  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    ld_json_reader_add_error (reader, "items", "must be an array");
  else if (node != NULL)
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *name = g_strdup_printf ("items[%u]", i);
          LdJsonReader *child;
          LdLateOrder *late;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              ld_json_reader_add_error (reader, name, "must be an object");
              continue;
            }
          child = ld_json_reader_new (json_node_get_object (element));
          if ((late = ld_late_order_read (child)) != NULL)
            g_ptr_array_add (items, late);
          ld_json_reader_end_object (reader, name, child);
        }
    }
  if (!ld_json_reader_finish (reader, &detail))
    {
      set_unreadable (error, "list of late orders", detail);
      return NULL;
    }
  return g_steal_pointer (&items);
}

/**
 * ld_lab_report_finish:
 * @client: the session's API client
 * @result: what ld_lab_amend_async() gave
 * @out_version: (out): the report version the server kept, 0 if none
 * @out_sha256: (out) (transfer full) (nullable): its PDF's SHA-256
 * @error: return location for the refusal
 *
 * Returns: %TRUE if the server took it
 */
gboolean
ld_lab_report_finish (LdApiClient   *client,
                      GAsyncResult  *result,
                      gint64        *out_version,
                      char         **out_sha256,
                      GError       **error)
{
  g_autoptr(JsonObject) answer = ld_lab_call_finish (client, result, error);
  g_autoptr(JsonNode) node = NULL;

  if (answer == NULL)
    return FALSE;
  node = json_node_init_object (json_node_alloc (), answer);
  ld_lab_read_report_answer (node, out_version, out_sha256);
  return TRUE;
}

/**
 * ld_lab_read_report_answer:
 * @answer: (nullable): an answer that may hold a `report` (a release, an
 *   amendment)
 * @out_version: (out): the report version the server kept, 0 if none
 * @out_sha256: (out) (transfer full) (nullable): its PDF's SHA-256
 */
void
ld_lab_read_report_answer (JsonNode  *answer,
                           gint64    *out_version,
                           char     **out_sha256)
{
  JsonObject *report = NULL;

  g_return_if_fail (out_version != NULL && out_sha256 != NULL);

  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    report = ld_record_get_report (json_node_get_object (answer));
  *out_version = ld_record_get_version (report);
  *out_sha256 = g_strdup (ld_record_get_pdf_sha256 (report));
}

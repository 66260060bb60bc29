/* ld-command-records.c: the records a command check reads, from the wire
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client holds records as the server sent them (JSON, in its cache);
 * the checks of ld-command.c read the model's structs. These fill in the
 * members the checks read, and only those, from a record of the wire
 * format (docs/api.md), leniently: a member missing stays empty.
 */

#define G_LOG_DOMAIN "ld-command"

#include "config.h"

#include "ld-command-records.h"

#include "ld-json.h"
#include "ld-time.h"

static char *
dup_string (JsonObject *object,
            const char *name)
{
  return g_strdup (ld_json_object_get_string (object, name));
}

static gint64
get_int (JsonObject *object,
         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

static gboolean
get_bool (JsonObject *object,
          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node);
}

/**
 * ld_command_read_order:
 * @object: an order as the server sends it
 *
 * Returns: (transfer full): its id, number, patient (id, MRN, name),
 *   priority, clinical notes, states, money, deadline and version
 */
LdOrder *
ld_command_read_order (JsonObject *object)
{
  LdOrder *order = ld_order_new ();
  JsonNode *patient;

  g_return_val_if_fail (object != NULL, order);

  order->id = dup_string (object, "id");
  order->number = dup_string (object, "number");
  patient = json_object_get_member (object, "patient");
  if (patient != NULL && JSON_NODE_HOLDS_OBJECT (patient))
    {
      order->patient_id = dup_string (json_node_get_object (patient), "id");
      order->patient_mrn = dup_string (json_node_get_object (patient), "mrn");
      order->patient_name = dup_string (json_node_get_object (patient), "name");
    }
  order->priority = dup_string (object, "priority");
  order->clinical_notes = dup_string (object, "clinical_notes");
  order->lab_state = dup_string (object, "lab_state");
  order->payment_state = dup_string (object, "payment_state");
  order->total_paise = get_int (object, "total_paise");
  order->paid_paise = get_int (object, "paid_paise");
  order->refunded_paise = get_int (object, "refunded_paise");
  order->online_pending = get_bool (object, "online_payment_pending");
  order->expires_at = dup_string (object, "expires_at");
  if (order->expires_at == NULL || !ld_time_parse_rfc3339 (order->expires_at, &order->expires_us))
    order->expires_us = 0;
  order->updated_at = dup_string (object, "updated_at");
  order->version = get_int (object, "version");
  return order;
}

/**
 * ld_command_read_result:
 * @object: a result as the server sends it
 *
 * Returns: (transfer full): its id, test, state, value, flag, sample,
 *   who entered it and version
 */
LdResult *
ld_command_read_result (JsonObject *object)
{
  LdResult *result = ld_result_new ();

  g_return_val_if_fail (object != NULL, result);

  result->id = dup_string (object, "id");
  result->order_id = dup_string (object, "order_id");
  result->test_code = dup_string (object, "test_code");
  result->state = dup_string (object, "state");
  result->value = dup_string (object, "value");
  result->flag = dup_string (object, "flag");
  result->sample_id = dup_string (object, "sample_id");
  result->entered_by = dup_string (object, "entered_by");
  result->version = get_int (object, "version");
  return result;
}

/**
 * ld_command_read_sample:
 * @object: a sample as the server sends it
 *
 * Returns: (transfer full): its id, accession, state, tests, what it
 *   replaces, why it was rejected, when it was collected and received,
 *   and version
 */
LdSample *
ld_command_read_sample (JsonObject *object)
{
  LdSample *sample = ld_sample_new ();
  JsonNode *codes;

  g_return_val_if_fail (object != NULL, sample);

  sample->id = dup_string (object, "id");
  sample->order_id = dup_string (object, "order_id");
  sample->accession = dup_string (object, "accession");
  sample->state = dup_string (object, "state");
  sample->reject_reason = dup_string (object, "reject_reason");
  sample->replaces_sample_id = dup_string (object, "replaces_sample_id");
  sample->collected_at = dup_string (object, "collected_at");
  sample->received_at = dup_string (object, "received_at");
  sample->version = get_int (object, "version");

  /* "tests" on the wire (ld_sample_to_json()). */
  codes = json_object_get_member (object, "tests");
  if (codes != NULL && JSON_NODE_HOLDS_ARRAY (codes))
    {
      JsonArray *array = json_node_get_array (codes);
      guint n = json_array_get_length (array);

      g_strfreev (sample->test_codes);
      sample->test_codes = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        sample->test_codes[i] = g_strdup (json_array_get_string_element (array, i));
    }
  return sample;
}

/**
 * ld_command_read_alert:
 * @object: a critical alert as the server sends it
 *
 * Returns: (transfer full): the whole alert (ld_alert_to_json()): the
 *   value and test, the order and patient, the doctor, when it was raised
 *   and acknowledged, and its version; the screens show it from this too
 */
LdAlert *
ld_command_read_alert (JsonObject *object)
{
  LdAlert *alert = ld_alert_new ();
  JsonNode *patient;

  g_return_val_if_fail (object != NULL, alert);

  alert->id = dup_string (object, "id");
  alert->order_id = dup_string (object, "order_id");
  alert->order_number = dup_string (object, "order_number");
  alert->result_id = dup_string (object, "result_id");
  alert->test_code = dup_string (object, "test_code");
  alert->test_name = dup_string (object, "test_name");
  alert->value = dup_string (object, "value");
  alert->unit = dup_string (object, "unit");
  alert->flag = dup_string (object, "flag");
  patient = json_object_get_member (object, "patient");
  if (patient != NULL && JSON_NODE_HOLDS_OBJECT (patient))
    {
      alert->patient_id = dup_string (json_node_get_object (patient), "id");
      alert->patient_mrn = dup_string (json_node_get_object (patient), "mrn");
      alert->patient_name = dup_string (json_node_get_object (patient), "name");
    }
  alert->doctor_id = dup_string (object, "doctor_id");
  alert->raised_at = dup_string (object, "raised_at");
  alert->acknowledged_by = dup_string (object, "acknowledged_by");
  alert->acknowledged_at = dup_string (object, "acknowledged_at");
  alert->version = get_int (object, "version");
  return alert;
}

static GPtrArray *
read_each (JsonArray      *array,
           gpointer      (*read) (JsonObject *),
           GDestroyNotify  free_func)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (free_func);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (records, read (json_array_get_object_element (array, i)));
  return records;
}

/**
 * ld_command_read_results:
 * @array: (nullable): results as the server sends them
 *
 * Returns: (transfer full) (element-type LdResult): them, read
 */
GPtrArray *
ld_command_read_results (JsonArray *array)
{
  return read_each (array, (gpointer (*) (JsonObject *)) ld_command_read_result,
                    (GDestroyNotify) ld_result_free);
}

/**
 * ld_command_read_samples:
 * @array: (nullable): samples as the server sends them
 *
 * Returns: (transfer full) (element-type LdSample): them, read
 */
GPtrArray *
ld_command_read_samples (JsonArray *array)
{
  return read_each (array, (gpointer (*) (JsonObject *)) ld_command_read_sample,
                    (GDestroyNotify) ld_sample_free);
}

/* ld-command-records.c: the records a command check reads, from the wire
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client holds records as the server sent them (JSON, in its cache);
 * the checks of ld-command.c read the model's structs, and the client's
 * typed items (client/store/ld-order-view.c) hold them too. These read a
 * record of the wire format (docs/api.md) into its struct, leniently: a
 * member missing stays empty. There is one reader per record: the checks
 * and the screens read through the same one.
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

/* A whole number, or @fallback when the member is missing or not one. */
static gint64
get_int_or (JsonObject *object,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static gboolean
get_bool (JsonObject *object,
          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * ld_command_read_payment:
 * @object: a payment or refund as the server sends it (an order's
 *   `payments`, or an answer's `payment`)
 *
 * Returns: (transfer full): the payment; its tendered cash and change
 *   stay -1 when the record has none (a payment not in cash)
 */
LdPayment *
ld_command_read_payment (JsonObject *object)
{
  LdPayment *payment = ld_payment_new ();

  g_return_val_if_fail (object != NULL, payment);

  payment->id = dup_string (object, "id");
  payment->order_id = dup_string (object, "order_id");
  payment->kind = dup_string (object, "kind");
  payment->method = dup_string (object, "method");
  payment->status = dup_string (object, "status");
  payment->amount_paise = get_int_or (object, "amount_paise", 0);
  payment->tendered_paise = get_int_or (object, "tendered_paise", -1);
  payment->change_paise = get_int_or (object, "change_paise", -1);
  payment->reference = dup_string (object, "reference");
  payment->gateway_order_id = dup_string (object, "gateway_order_id");
  payment->failure_reason = dup_string (object, "failure_reason");
  payment->reason = dup_string (object, "reason");
  payment->taken_by = dup_string (object, "taken_by");
  payment->decided_by = dup_string (object, "decided_by");
  payment->created_at = dup_string (object, "created_at");
  payment->decided_at = dup_string (object, "decided_at");
  payment->version = get_int_or (object, "version", 0);
  return payment;
}

/* An order made here offline holds the codes booked (strings) until the
 * server prices it: such a line is read with its code alone. */
static void
read_items (LdOrder   *order,
            JsonArray *array)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      LdOrderItem *item;
      JsonObject *object;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          item = ld_order_item_new (NULL, json_node_get_string (node), NULL, 0);
          g_ptr_array_add (order->items, item);
          continue;
        }
      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      item = ld_order_item_new (ld_json_object_get_string (object, "kind"),
                                ld_json_object_get_string (object, "code"),
                                ld_json_object_get_string (object, "name"),
                                get_int_or (object, "list_price_paise", 0));
      item->charged_paise = get_int_or (object, "charged_paise", 0);
      item->covered_by = dup_string (object, "covered_by");
      g_ptr_array_add (order->items, item);
    }
}

static void
read_tests (LdOrder   *order,
            JsonArray *array)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      g_ptr_array_add (order->tests,
                       ld_order_test_new (ld_json_object_get_string (object, "code"),
                                          ld_json_object_get_string (object, "name"),
                                          ld_json_object_get_string (object, "specimen"),
                                          ld_json_object_get_string (object, "container"),
                                          ld_json_object_get_string (object, "item_code")));
    }
}

static void
read_payments (LdOrder   *order,
               JsonArray *array)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (order->payments, ld_command_read_payment (json_node_get_object (node)));
    }
}

static void
read_money (LdOrder    *order,
            JsonObject *object)
{
  JsonObject *discount = get_object (object, "discount");

  /* An order made here offline is priced by the server once sent: until
   * then its amounts read 0 and it says it is not priced. */
  order->priced = get_int_or (object, "total_paise", -1) >= 0;
  order->subtotal_paise = get_int (object, "subtotal_paise");
  order->discount_paise = get_int (object, "discount_paise");
  order->home_fee_paise = get_int (object, "home_fee_paise");
  order->tax_paise = get_int (object, "tax_paise");
  order->total_paise = get_int (object, "total_paise");
  order->paid_paise = get_int (object, "paid_paise");
  order->refunded_paise = get_int (object, "refunded_paise");
  if (discount != NULL)
    {
      order->discount_kind = dup_string (discount, "kind");
      order->discount_value = get_int (discount, "value");
      order->discount_reason = dup_string (discount, "reason");
    }
}

/**
 * ld_command_read_order:
 * @object: an order as the server sends it (ld_order_to_json()), or as
 *   the client's cache shows one made here and not yet sent
 *
 * Returns: (transfer full): the whole order: what names it, its doctor,
 *   home visit, lines, tests, money (with #LdOrder.priced), states,
 *   times, payments and version
 */
LdOrder *
ld_command_read_order (JsonObject *object)
{
  LdOrder *order = ld_order_new ();
  JsonObject *home;
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
      order->patient_phone = dup_string (json_node_get_object (patient), "phone");
    }
  order->source = dup_string (object, "source");
  order->doctor_id = dup_string (object, "doctor_id");
  order->doctor_name = dup_string (object, "doctor_name");
  order->referring_doctor_name = dup_string (object, "referring_doctor_name");
  order->priority = dup_string (object, "priority");
  order->clinical_notes = dup_string (object, "clinical_notes");
  order->collection = dup_string (object, "collection");
  home = get_object (object, "home_visit");
  if (home != NULL)
    {
      order->home_address = dup_string (home, "address");
      order->home_slot_start = dup_string (home, "slot_start");
      order->home_slot_end = dup_string (home, "slot_end");
    }
  read_items (order, get_array (object, "items"));
  read_tests (order, get_array (object, "tests"));
  read_money (order, object);
  order->lab_state = dup_string (object, "lab_state");
  order->payment_state = dup_string (object, "payment_state");
  order->online_pending = get_bool (object, "online_payment_pending");
  order->technician_id = dup_string (object, "technician_id");
  order->collection_overdue = get_bool (object, "collection_overdue");
  order->awaiting_recollection = get_bool (object, "awaiting_recollection");
  order->cancel_reason = dup_string (object, "cancel_reason");
  order->channel = dup_string (object, "channel");
  order->expires_at = dup_string (object, "expires_at");
  if (order->expires_at == NULL || !ld_time_parse_rfc3339 (order->expires_at, &order->expires_us))
    order->expires_us = 0;
  order->created_by = dup_string (object, "created_by");
  order->created_at = dup_string (object, "created_at");
  if (order->created_at == NULL || !ld_time_parse_rfc3339 (order->created_at, &order->created_us))
    order->created_us = 0;
  order->updated_at = dup_string (object, "updated_at");
  order->version = get_int (object, "version");
  read_payments (order, get_array (object, "payments"));
  return order;
}

/* A number, or FALSE when the member is missing, null or not one. */
static gboolean
get_double (JsonObject *object,
            const char *name,
            double     *out_value)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  *out_value = 0.0;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return FALSE;
  *out_value = json_node_get_double (node);
  return TRUE;
}

/* The time of member @name in microseconds, or 0 when it has none. */
static gint64
get_time (JsonObject *object,
          const char *name)
{
  const char *text = ld_json_object_get_string (object, name);
  gint64 us;

  return text != NULL && ld_time_parse_rfc3339 (text, &us) ? us : 0;
}

static JsonNode *
dup_object_node (JsonObject *object,
                 const char *name)
{
  return get_object (object, name) != NULL ? json_node_copy (json_object_get_member (object, name))
                                           : NULL;
}

/* The record ld_critical_call_to_json() wrote, with who called. */
static LdCriticalCall *
read_critical_call (JsonObject *object)
{
  LdCriticalCall *call;

  if (object == NULL)
    return NULL;
  call = ld_critical_call_new ();
  call->name = dup_string (object, "name");
  call->role = dup_string (object, "role");
  call->called_at = dup_string (object, "called_at");
  call->called_us = get_time (object, "called_at");
  call->called_by = dup_string (object, "called_by");
  return call;
}

static void
read_amendments (LdResult  *result,
                 JsonArray *array)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      LdResultAmendment *amendment;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      amendment = ld_result_amendment_new ();
      amendment->kind = dup_string (object, "kind");
      amendment->old_value = dup_string (object, "old_value");
      amendment->old_flag = dup_string (object, "old_flag");
      amendment->old_comment = dup_string (object, "old_comment");
      amendment->new_value = dup_string (object, "new_value");
      amendment->new_flag = dup_string (object, "new_flag");
      amendment->new_comment = dup_string (object, "new_comment");
      amendment->reason = dup_string (object, "reason");
      amendment->amended_by = dup_string (object, "amended_by");
      amendment->amended_at = dup_string (object, "amended_at");
      amendment->report_version = get_int_or (object, "report_version", 0);
      g_ptr_array_add (result->amendments, amendment);
    }
}

/**
 * ld_command_read_result:
 * @object: a result as the server sends it
 *
 * Returns: (transfer full): the whole result (ld_result_to_json()):
 *   its id, order, test, state, value, unit, reference range, critical
 *   limits, flag, delta, comment, sample and its times, who entered and
 *   verified it and when, the critical call, where the value came from
 *   (issue 34), amendments and version
 */
LdResult *
ld_command_read_result (JsonObject *object)
{
  LdResult *result = ld_result_new ();

  g_return_val_if_fail (object != NULL, result);

  result->id = dup_string (object, "id");
  result->order_id = dup_string (object, "order_id");
  result->order_number = dup_string (object, "order_number");
  result->test_code = dup_string (object, "test_code");
  result->test_name = dup_string (object, "test_name");
  result->state = dup_string (object, "state");
  result->value = dup_string (object, "value");
  result->has_numeric_value = get_double (object, "numeric_value", &result->numeric_value);
  result->unit = dup_string (object, "unit");
  result->reference_range = dup_object_node (object, "reference_range");
  result->has_critical_low = get_double (object, "critical_low", &result->critical_low);
  result->has_critical_high = get_double (object, "critical_high", &result->critical_high);
  result->flag = dup_string (object, "flag");
  result->delta = dup_object_node (object, "delta");
  result->comment = dup_string (object, "comment");
  result->cancel_reason = dup_string (object, "cancel_reason");
  result->sample_id = dup_string (object, "sample_id");
  result->collected_us = get_time (object, "collected_at");
  result->received_us = get_time (object, "received_at");
  result->entered_by = dup_string (object, "entered_by");
  result->entered_at = dup_string (object, "entered_at");
  result->entered_us = get_time (object, "entered_at");
  result->verified_by = dup_string (object, "verified_by");
  result->verified_at = dup_string (object, "verified_at");
  result->verified_us = get_time (object, "verified_at");
  result->released_at = dup_string (object, "released_at");
  result->released_us = get_time (object, "released_at");
  result->version = get_int (object, "version");
  result->source = dup_string (object, "source");
  result->instrument_flags = dup_string (object, "instrument_flags");
  result->observed_at = dup_string (object, "observed_at");
  result->critical_call = read_critical_call (get_object (object, "critical_call"));
  read_amendments (result, get_array (object, "amendments"));
  return result;
}

static void
read_custody (LdSample  *sample,
              JsonArray *array)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      LdCustodyEvent *event;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      event = ld_custody_event_new (ld_json_object_get_string (object, "event"),
                                    ld_json_object_get_string (object, "at"),
                                    ld_json_object_get_string (object, "user_id"),
                                    ld_json_object_get_string (object, "location"),
                                    ld_json_object_get_string (object, "note"));
      event->user_name = dup_string (object, "user_name");
      g_ptr_array_add (sample->custody, event);
    }
}

static void
read_rejected_results (LdSample  *sample,
                       JsonArray *array)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      LdRejectedResult *result;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      result = g_new0 (LdRejectedResult, 1);
      result->test_code = dup_string (object, "test_code");
      result->state = dup_string (object, "state");
      result->value = dup_string (object, "value");
      result->unit = dup_string (object, "unit");
      result->flag = dup_string (object, "flag");
      result->entered_by = dup_string (object, "entered_by");
      result->entered_at = dup_string (object, "entered_at");
      g_ptr_array_add (sample->rejected_results, result);
    }
}

/**
 * ld_command_read_sample:
 * @object: a sample as the server sends it
 *
 * Returns: (transfer full): the whole sample (ld_sample_to_json()):
 *   its id, accession, specimen, tube, state, tests, what it replaces,
 *   why it was rejected, who collected and received it and when, where
 *   it is, its custody, the values it held at rejection, and version
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
  sample->specimen = dup_string (object, "specimen");
  sample->container = dup_string (object, "container");
  sample->state = dup_string (object, "state");
  sample->reject_reason = dup_string (object, "reject_reason");
  sample->location = dup_string (object, "location");
  sample->replaces_sample_id = dup_string (object, "replaces_sample_id");
  sample->collected_by = dup_string (object, "collected_by");
  sample->collected_at = dup_string (object, "collected_at");
  sample->received_by = dup_string (object, "received_by");
  sample->received_at = dup_string (object, "received_at");
  sample->version = get_int (object, "version");
  read_custody (sample, get_array (object, "custody"));
  read_rejected_results (sample, get_array (object, "results_at_rejection"));

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

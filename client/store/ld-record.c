/* ld-record.c: typed reads of the records the server sends
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache holds records as the server sent them (docs/api.md). Screens
 * read them through these, by what they mean, never by json-glib's
 * member getters: those raise a critical for a member missing or of
 * another shape, and quietly read a wrong scalar type as 0. Here a
 * member missing, null or of another type reads as empty.
 */

#define G_LOG_DOMAIN "ld-record"

#include "config.h"

#include "ld-json.h"
#include "ld-record.h"

/**
 * ld_record_get_int:
 * @record: (nullable): a record
 * @name: a member
 *
 * Returns: the member when it is an integer, else 0
 */
gint64
ld_record_get_int (JsonObject *record,
                   const char *name)
{
  JsonNode *node = record ? json_object_get_member (record, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

/* The member when it is a boolean and true. */
static gboolean
get_bool (JsonObject *record,
          const char *name)
{
  JsonNode *node = record ? json_object_get_member (record, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/**
 * ld_record_get_object:
 *
 * Returns: (transfer none) (nullable): the member when it is an object
 */
JsonObject *
ld_record_get_object (JsonObject *record,
                      const char *name)
{
  JsonNode *node = record ? json_object_get_member (record, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The member when it is an array. */
static JsonArray *
get_array (JsonObject *record,
           const char *name)
{
  JsonNode *node = record ? json_object_get_member (record, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A member that may be an object, an array or a value (a range, a
 * delta): the node, unless missing or null. */
static JsonNode *
get_node (JsonObject *record,
          const char *name)
{
  JsonNode *node = record ? json_object_get_member (record, name) : NULL;

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

/**
 * ld_record_get_version:
 * @record: (nullable): any record
 *
 * Returns: its version as the server last sent it; 0 for one made here
 *   and not sent yet
 */
gint64
ld_record_get_version (JsonObject *record)
{
  return ld_record_get_int (record, "version");
}

/**
 * ld_record_has_version:
 * @record: (nullable): any record
 *
 * Returns: whether it names a version (a record the server sent does;
 *   one made here and not sent yet does not)
 */
gboolean
ld_record_has_version (JsonObject *record)
{
  JsonNode *node = get_node (record, "version");

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

/**
 * ld_record_get_field:
 * @record: (nullable): a record, or the fields of an edit
 * @field: an editable field ("phone", "age_years", …)
 *
 * Returns: (transfer none) (nullable): its value; %NULL when the record
 *   has none (the server writes a cleared field as null)
 */
JsonNode *
ld_record_get_field (JsonObject *record,
                     const char *field)
{
  return get_node (record, field);
}

/**
 * ld_record_field_equal:
 * @a: (nullable): a record
 * @b: (nullable): another version of it
 * @field: an editable field
 *
 * Returns: whether @field holds the same value in both, a field absent
 *   and a field null being the same
 */
gboolean
ld_record_field_equal (JsonObject *a,
                       JsonObject *b,
                       const char *field)
{
  JsonNode *x = get_node (a, field);
  JsonNode *y = get_node (b, field);

  if (x == NULL || y == NULL)
    return x == y;
  return json_node_equal (x, y);
}

/**
 * ld_record_dup_changes:
 * @record: a record as the desk saw it when an edit began
 * @fields: the fields as the edit has them
 *
 * Returns: (transfer full): only the fields of @fields that differ from
 *   @record, so an edit sent over a newer version changes only what the
 *   person changed; a field cleared that the record never had is no
 *   change
 */
JsonObject *
ld_record_dup_changes (JsonObject *record,
                       JsonObject *fields)
{
  JsonObject *changes = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_return_val_if_fail (record != NULL, changes);
  g_return_val_if_fail (fields != NULL, changes);

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &value))
    {
      JsonNode *was = json_object_get_member (record, name);
      gboolean same = was != NULL && json_node_equal (was, value);

      /* The server writes a cleared field as null. */
      if (was == NULL && JSON_NODE_HOLDS_NULL (value))
        same = TRUE;
      if (!same)
        json_object_set_member (changes, name, json_node_copy (value));
    }
  return changes;
}

/**
 * ld_record_get_candidates:
 * @current: (nullable): what the server sent with a refused
 *   registration (the outbox entry's current record)
 *
 * Returns: (transfer none) (nullable): the patients already registered
 *   that the new one may be, when the server refused it as a likely
 *   duplicate
 */
JsonArray *
ld_record_get_candidates (JsonObject *current)
{
  return get_array (current, "candidates");
}

/**
 * ld_record_get_patient:
 * @record: (nullable): an order, alert or worklist item
 *
 * Returns: (transfer none) (nullable): the patient it embeds (id, mrn,
 *   name and what else the server sent)
 */
JsonObject *
ld_record_get_patient (JsonObject *record)
{
  return ld_record_get_object (record, "patient");
}

/**
 * ld_record_get_patient_name:
 * @record: (nullable): an order, alert or worklist item
 *
 * Returns: (transfer none) (nullable): the name of the patient it embeds
 */
const char *
ld_record_get_patient_name (JsonObject *record)
{
  JsonObject *patient = ld_record_get_patient (record);

  return patient ? ld_json_object_get_string (patient, "name") : NULL;
}

/**
 * ld_record_get_age_years:
 * @patient: (nullable): a patient, or one embedded in an order
 * @out_years: (out): the age in years
 *
 * Returns: %TRUE when the record holds an age (given, or worked out
 *   from the date of birth by the server)
 */
gboolean
ld_record_get_age_years (JsonObject *patient,
                         gint64     *out_years)
{
  JsonNode *node = get_node (patient, "age_years");

  g_return_val_if_fail (out_years != NULL, FALSE);

  *out_years = 0;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out_years = json_node_get_int (node);
  return TRUE;
}

/**
 * ld_record_get_items:
 * @record: (nullable): an order (what was ordered), or a list answer
 *
 * Returns: (transfer none) (nullable): its `items`
 */
JsonArray *
ld_record_get_items (JsonObject *record)
{
  return get_array (record, "items");
}

/**
 * ld_record_get_tests:
 * @order: (nullable): an order
 *
 * Returns: (transfer none) (nullable): the tests to perform
 */
JsonArray *
ld_record_get_tests (JsonObject *order)
{
  return get_array (order, "tests");
}

/**
 * ld_record_get_payments:
 * @order: (nullable): an order
 *
 * Returns: (transfer none) (nullable): its payments and refunds, oldest
 *   first; read one with ld_desk_read_payment()
 */
JsonArray *
ld_record_get_payments (JsonObject *order)
{
  return get_array (order, "payments");
}

/**
 * ld_record_get_total_paise:
 * @order: (nullable): an order
 * @out_priced: (out) (optional): whether it is priced yet (an order
 *   made offline is priced by the server)
 *
 * Returns: its total, 0 when not priced
 */
gint64
ld_record_get_total_paise (JsonObject *order,
                           gboolean   *out_priced)
{
  JsonNode *node = get_node (order, "total_paise");
  gboolean  priced =
    node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;

  if (out_priced != NULL)
    *out_priced = priced;
  return priced ? json_node_get_int (node) : 0;
}

/**
 * ld_record_get_online_pending:
 * @order: (nullable): an order
 *
 * Returns: whether an online payment attempt awaits the gateway
 */
gboolean
ld_record_get_online_pending (JsonObject *order)
{
  return get_bool (order, "online_payment_pending");
}

/**
 * ld_record_get_discount:
 * @order: (nullable): an order
 *
 * Returns: (transfer none) (nullable): its discount (kind, value,
 *   reason), when one was given
 */
JsonObject *
ld_record_get_discount (JsonObject *order)
{
  return ld_record_get_object (order, "discount");
}

/**
 * ld_record_get_home_visit:
 * @order: (nullable): an order
 *
 * Returns: (transfer none) (nullable): where and when its sample is
 *   taken at home, for a home collection
 */
JsonObject *
ld_record_get_home_visit (JsonObject *order)
{
  return ld_record_get_object (order, "home_visit");
}

/**
 * ld_record_get_samples:
 * @answer: (nullable): an order's samples answer, or a collection's
 *
 * Returns: (transfer none) (nullable): its `samples`
 */
JsonArray *
ld_record_get_samples (JsonObject *answer)
{
  return get_array (answer, "samples");
}

/**
 * ld_record_get_sample:
 * @answer: (nullable): a custody answer
 *
 * Returns: (transfer none) (nullable): its `sample`
 */
JsonObject *
ld_record_get_sample (JsonObject *answer)
{
  return ld_record_get_object (answer, "sample");
}

/**
 * ld_record_get_report:
 * @answer: (nullable): a release's or an amendment's answer
 *
 * Returns: (transfer none) (nullable): the report issued
 */
JsonObject *
ld_record_get_report (JsonObject *answer)
{
  return ld_record_get_object (answer, "report");
}

/**
 * ld_record_get_custody:
 * @sample: (nullable): a sample
 *
 * Returns: (transfer none) (nullable): its chain of custody, oldest first
 */
JsonArray *
ld_record_get_custody (JsonObject *sample)
{
  return get_array (sample, "custody");
}

/**
 * ld_record_get_amendments:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): its changes after release
 */
JsonArray *
ld_record_get_amendments (JsonObject *result)
{
  return get_array (result, "amendments");
}

/**
 * ld_record_get_delta:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): its delta flag (the previous
 *   value, its collection, the difference), when the change was sharp
 */
JsonObject *
ld_record_get_delta (JsonObject *result)
{
  return ld_record_get_object (result, "delta");
}

/**
 * ld_record_get_delta_difference:
 * @delta: (nullable): a result's delta flag
 *
 * Returns: the change from the previous value, in the test's unit; 0
 *   when not given
 */
double
ld_record_get_delta_difference (JsonObject *delta)
{
  JsonNode *node = get_node (delta, "difference");

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : 0.0;
}

/**
 * ld_record_get_reference_range:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): the interval it was flagged
 *   against (its `text` as printed)
 */
JsonObject *
ld_record_get_reference_range (JsonObject *result)
{
  return ld_record_get_object (result, "reference_range");
}

/**
 * ld_record_get_critical_call:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): the telephone call its critical
 *   value was verified with
 */
JsonObject *
ld_record_get_critical_call (JsonObject *result)
{
  return ld_record_get_object (result, "critical_call");
}

/**
 * ld_record_get_workload_count:
 * @load: (nullable): a technician's load (GET /api/v1/technicians/me/workload)
 * @count: which count: "assigned", "pending", "processing",
 *   "collection_overdue" or "completed_today"
 * @out_count: (out): the count
 *
 * Returns: %TRUE when the load holds that count
 */
gboolean
ld_record_get_workload_count (JsonObject *load,
                              const char *count,
                              gint64     *out_count)
{
  JsonNode *node = get_node (load, count);

  g_return_val_if_fail (out_count != NULL, FALSE);

  *out_count = 0;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out_count = json_node_get_int (node);
  return TRUE;
}

/**
 * ld_record_get_order:
 * @item: (nullable): an item of a list of late orders
 *
 * Returns: (transfer none) (nullable): the order it is about
 */
JsonObject *
ld_record_get_order (JsonObject *item)
{
  return ld_record_get_object (item, "order");
}

/**
 * ld_record_get_late_tests:
 * @item: (nullable): an item of a list of late orders
 *
 * Returns: (transfer none) (nullable): the tests late against their
 *   turnaround (code, name, due_at, turnaround_hours)
 */
JsonArray *
ld_record_get_late_tests (JsonObject *item)
{
  return get_array (item, "late_tests");
}

/**
 * ld_record_get_turnaround_hours:
 * @test: (nullable): a late test, or a catalogue test
 *
 * Returns: its turnaround in hours; 0 when not given
 */
gint64
ld_record_get_turnaround_hours (JsonObject *test)
{
  return ld_record_get_int (test, "turnaround_hours");
}

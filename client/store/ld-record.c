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
#include "ld-patient.h"
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
  return ld_record_get_int_or (record, name, 0);
}

/**
 * ld_record_get_int_or:
 * @record: (nullable): a record
 * @name: a member's name
 * @fallback: what a missing, null or mistyped member reads as
 *
 * Returns: the member when it is a whole number, else @fallback
 */
gint64
ld_record_get_int_or (JsonObject *record,
                      const char *name,
                      gint64      fallback)
{
  JsonNode *node = record ? json_object_get_member (record, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
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

/* The member when it is a string. */
static const char *
get_string (JsonObject *record,
            const char *name)
{
  return record ? ld_json_object_get_string (record, name) : NULL;
}

/**
 * ld_record_dup_string:
 * @record: (nullable): a record
 * @name: a member's name
 *
 * Returns: (transfer full) (nullable): the member when it is a string
 */
char *
ld_record_dup_string (JsonObject *record,
                      const char *name)
{
  return g_strdup (get_string (record, name));
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
 * ld_record_get_id:
 * @record: (nullable): any record
 *
 * Returns: (transfer none) (nullable): its id
 */
const char *
ld_record_get_id (JsonObject *record)
{
  return get_string (record, "id");
}

/**
 * ld_record_get_number:
 * @order: (nullable): an order
 *
 * Returns: (transfer none) (nullable): its number, as printed
 */
const char *
ld_record_get_number (JsonObject *order)
{
  return get_string (order, "number");
}

/**
 * ld_record_get_name:
 * @record: (nullable): a patient, a test, a catalogue item, or a critical
 *   call (whom it was telephoned to)
 *
 * Returns: (transfer none) (nullable): its name
 */
const char *
ld_record_get_name (JsonObject *record)
{
  return get_string (record, "name");
}

/**
 * ld_record_get_mrn:
 * @patient: (nullable): a patient, or one embedded in a record
 *
 * Returns: (transfer none) (nullable): the medical record number
 */
const char *
ld_record_get_mrn (JsonObject *patient)
{
  return get_string (patient, "mrn");
}

/**
 * ld_record_get_phone:
 * @patient: (nullable): a patient
 *
 * Returns: (transfer none) (nullable): the telephone number
 */
const char *
ld_record_get_phone (JsonObject *patient)
{
  return get_string (patient, "phone");
}

/**
 * ld_record_get_do_not_send:
 * @patient: a patient
 * @channel: "email" or "phone"
 *
 * Returns: whether the patient asked not to be sent messages there
 */
gboolean
ld_record_get_do_not_send (JsonObject *patient,
                           const char *channel)
{
  g_autofree char *name = g_strdup_printf ("%s_do_not_send", channel);

  return get_bool (patient, name);
}

/**
 * ld_record_get_address:
 * @record: (nullable): a patient, or an order's home visit
 *
 * Returns: (transfer none) (nullable): the address
 */
const char *
ld_record_get_address (JsonObject *record)
{
  return get_string (record, "address");
}

/**
 * ld_record_get_sex:
 * @patient: (nullable): a patient
 *
 * Returns: (transfer none) (nullable): the sex's wire name
 */
const char *
ld_record_get_sex (JsonObject *patient)
{
  return get_string (patient, "sex");
}

/**
 * ld_record_get_priority:
 * @order: (nullable): an order
 *
 * Returns: (transfer none) (nullable): the priority's wire name
 */
const char *
ld_record_get_priority (JsonObject *order)
{
  return get_string (order, "priority");
}

/**
 * ld_record_get_created_at:
 * @record: (nullable): an order
 *
 * Returns: (transfer none) (nullable): when it was made, RFC 3339
 */
const char *
ld_record_get_created_at (JsonObject *record)
{
  return get_string (record, "created_at");
}

/**
 * ld_record_get_code:
 * @test: (nullable): a test, or an item of an order
 *
 * Returns: (transfer none) (nullable): its catalogue code
 */
const char *
ld_record_get_code (JsonObject *test)
{
  return get_string (test, "code");
}

/**
 * ld_record_get_order_id:
 * @record: (nullable): a result, a sample or a list item
 *
 * Returns: (transfer none) (nullable): the order it belongs to
 */
const char *
ld_record_get_order_id (JsonObject *record)
{
  return get_string (record, "order_id");
}

/**
 * ld_record_get_lab_state:
 * @order: (nullable): an order
 *
 * Returns: (transfer none) (nullable): the lab state's wire name
 */
const char *
ld_record_get_lab_state (JsonObject *order)
{
  return get_string (order, "lab_state");
}

/**
 * ld_record_get_payment_state:
 * @order: (nullable): an order
 *
 * Returns: (transfer none) (nullable): the payment state's wire name
 */
const char *
ld_record_get_payment_state (JsonObject *order)
{
  return get_string (order, "payment_state");
}

/**
 * ld_record_get_state:
 * @result: (nullable): a result or a sample
 *
 * Returns: (transfer none) (nullable): its state's wire name
 */
const char *
ld_record_get_state (JsonObject *result)
{
  return get_string (result, "state");
}

/**
 * ld_record_get_test_name:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): the name of its test
 */
const char *
ld_record_get_test_name (JsonObject *result)
{
  return get_string (result, "test_name");
}

/**
 * ld_record_get_value:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): the value, as entered
 */
const char *
ld_record_get_value (JsonObject *result)
{
  return get_string (result, "value");
}

/**
 * ld_record_get_unit:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): the unit of its value
 */
const char *
ld_record_get_unit (JsonObject *result)
{
  return get_string (result, "unit");
}

/**
 * ld_record_get_flag:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): its flag's wire name
 */
const char *
ld_record_get_flag (JsonObject *result)
{
  return get_string (result, "flag");
}

/**
 * ld_record_get_comment:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): the comment entered with it
 */
const char *
ld_record_get_comment (JsonObject *result)
{
  return get_string (result, "comment");
}

/**
 * ld_record_get_range_text:
 * @range: (nullable): a result's reference range
 *
 * Returns: (transfer none) (nullable): the interval as printed
 */
const char *
ld_record_get_range_text (JsonObject *range)
{
  return get_string (range, "text");
}

/**
 * ld_record_get_amendment_kind:
 * @amendment: (nullable): an item of a result's amendments
 *
 * Returns: (transfer none) (nullable): what it is ("amendment" for a changed value)
 */
const char *
ld_record_get_amendment_kind (JsonObject *amendment)
{
  return get_string (amendment, "kind");
}

/**
 * ld_record_get_old_value:
 * @amendment: (nullable): a result's amendment
 *
 * Returns: (transfer none) (nullable): the value before
 */
const char *
ld_record_get_old_value (JsonObject *amendment)
{
  return get_string (amendment, "old_value");
}

/**
 * ld_record_get_new_value:
 * @amendment: (nullable): a result's amendment
 *
 * Returns: (transfer none) (nullable): the value after
 */
const char *
ld_record_get_new_value (JsonObject *amendment)
{
  return get_string (amendment, "new_value");
}

/**
 * ld_record_get_reason:
 * @record: (nullable): a result's amendment, a discount or a refund
 *
 * Returns: (transfer none) (nullable): why it was made
 */
const char *
ld_record_get_reason (JsonObject *record)
{
  return get_string (record, "reason");
}

/**
 * ld_record_get_custody_event:
 * @event: (nullable): an event of a sample's custody
 *
 * Returns: (transfer none) (nullable): what happened (its wire name)
 */
const char *
ld_record_get_custody_event (JsonObject *event)
{
  return get_string (event, "event");
}

/**
 * ld_record_get_user_name:
 * @event: (nullable): an event of a sample's custody
 *
 * Returns: (transfer none) (nullable): the name of who did it
 */
const char *
ld_record_get_user_name (JsonObject *event)
{
  return get_string (event, "user_name");
}

/**
 * ld_record_get_location:
 * @event: (nullable): an event of a sample's custody
 *
 * Returns: (transfer none) (nullable): where
 */
const char *
ld_record_get_location (JsonObject *event)
{
  return get_string (event, "location");
}

/**
 * ld_record_get_note:
 * @event: (nullable): an event of a sample's custody
 *
 * Returns: (transfer none) (nullable): the note written with it
 */
const char *
ld_record_get_note (JsonObject *event)
{
  return get_string (event, "note");
}

/**
 * ld_record_get_at:
 * @event: (nullable): an event of a sample's custody
 *
 * Returns: (transfer none) (nullable): when, RFC 3339
 */
const char *
ld_record_get_at (JsonObject *event)
{
  return get_string (event, "at");
}

/**
 * ld_record_get_slot_start:
 * @visit: (nullable): an order's home visit
 *
 * Returns: (transfer none) (nullable): when its slot starts, RFC 3339
 */
const char *
ld_record_get_slot_start (JsonObject *visit)
{
  return get_string (visit, "slot_start");
}

/**
 * ld_record_get_slot_end:
 * @visit: (nullable): an order's home visit
 *
 * Returns: (transfer none) (nullable): when its slot ends, RFC 3339
 */
const char *
ld_record_get_slot_end (JsonObject *visit)
{
  return get_string (visit, "slot_end");
}

/**
 * ld_record_get_test_code:
 * @record: (nullable): a result, a sample's test or an alert
 *
 * Returns: (transfer none) (nullable): the catalogue code of its test
 */
const char *
ld_record_get_test_code (JsonObject *record)
{
  return get_string (record, "test_code");
}

/**
 * ld_record_get_order_number:
 * @record: (nullable): a result or an alert
 *
 * Returns: (transfer none) (nullable): the number of its order
 */
const char *
ld_record_get_order_number (JsonObject *record)
{
  return get_string (record, "order_number");
}

/**
 * ld_record_get_sample_id:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): the sample it was measured in
 */
const char *
ld_record_get_sample_id (JsonObject *result)
{
  return get_string (result, "sample_id");
}

/**
 * ld_record_get_accession:
 * @sample: (nullable): a sample
 *
 * Returns: (transfer none) (nullable): its accession number, as on the tube
 */
const char *
ld_record_get_accession (JsonObject *sample)
{
  return get_string (sample, "accession");
}

/**
 * ld_record_get_container:
 * @test: (nullable): a test of an order
 *
 * Returns: (transfer none) (nullable): the tube it is collected in
 */
const char *
ld_record_get_container (JsonObject *test)
{
  return get_string (test, "container");
}

/**
 * ld_record_get_specimen:
 * @test: (nullable): a test of an order
 *
 * Returns: (transfer none) (nullable): the specimen it is measured in
 */
const char *
ld_record_get_specimen (JsonObject *test)
{
  return get_string (test, "specimen");
}

/**
 * ld_record_get_collected_at:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): when its sample was collected, RFC 3339
 */
const char *
ld_record_get_collected_at (JsonObject *result)
{
  return get_string (result, "collected_at");
}

/**
 * ld_record_get_entered_by:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): the id of who entered it
 */
const char *
ld_record_get_entered_by (JsonObject *result)
{
  return get_string (result, "entered_by");
}

/**
 * ld_record_get_entered_at:
 * @result: (nullable): a result
 *
 * Returns: (transfer none) (nullable): when it was entered, RFC 3339
 */
const char *
ld_record_get_entered_at (JsonObject *result)
{
  return get_string (result, "entered_at");
}

/**
 * ld_record_get_previous_value:
 * @delta: (nullable): a result's delta flag
 *
 * Returns: (transfer none) (nullable): the previous value
 */
const char *
ld_record_get_previous_value (JsonObject *delta)
{
  return get_string (delta, "previous_value");
}

/**
 * ld_record_get_previous_collected_at:
 * @delta: (nullable): a result's delta flag
 *
 * Returns: (transfer none) (nullable): when the previous value's sample was collected, RFC 3339
 */
const char *
ld_record_get_previous_collected_at (JsonObject *delta)
{
  return get_string (delta, "previous_collected_at");
}

/**
 * ld_record_get_called_by:
 * @call: (nullable): a result's critical call
 *
 * Returns: (transfer none) (nullable): the id of who telephoned
 */
const char *
ld_record_get_called_by (JsonObject *call)
{
  return get_string (call, "called_by");
}

/**
 * ld_record_get_called_at:
 * @call: (nullable): a result's critical call
 *
 * Returns: (transfer none) (nullable): when, RFC 3339
 */
const char *
ld_record_get_called_at (JsonObject *call)
{
  return get_string (call, "called_at");
}

/**
 * ld_record_get_role:
 * @call: (nullable): a result's critical call
 *
 * Returns: (transfer none) (nullable): the role of whom was told
 */
const char *
ld_record_get_role (JsonObject *call)
{
  return get_string (call, "role");
}

/**
 * ld_record_get_covered_by:
 * @item: (nullable): an item of an order
 *
 * Returns: (transfer none) (nullable): the package that covers it
 */
const char *
ld_record_get_covered_by (JsonObject *item)
{
  return get_string (item, "covered_by");
}

/**
 * ld_record_get_referring_doctor_name:
 * @order: (nullable): an order
 *
 * Returns: (transfer none) (nullable): the referring doctor as the desk wrote the name
 */
const char *
ld_record_get_referring_doctor_name (JsonObject *order)
{
  return get_string (order, "referring_doctor_name");
}

/**
 * ld_record_get_doctor_name:
 * @order: (nullable): an order
 *
 * Returns: (transfer none) (nullable): the name of the doctor who ordered it
 */
const char *
ld_record_get_doctor_name (JsonObject *order)
{
  return get_string (order, "doctor_name");
}

/**
 * ld_record_get_cancel_reason:
 * @order: (nullable): an order
 *
 * Returns: (transfer none) (nullable): why it was cancelled
 */
const char *
ld_record_get_cancel_reason (JsonObject *order)
{
  return get_string (order, "cancel_reason");
}

/**
 * ld_record_get_pdf_sha256:
 * @report: (nullable): a report issued
 *
 * Returns: (transfer none) (nullable): the SHA-256 of its PDF, hex
 */
const char *
ld_record_get_pdf_sha256 (JsonObject *report)
{
  return get_string (report, "pdf_sha256");
}

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
 * ld_record_dup_candidates:
 * @current: (nullable): what the server sent with a refused
 *   registration (the outbox entry's current record)
 *
 * Returns: (transfer full) (nullable) (element-type LdPatient): the
 *   patients already registered that the new one may be, when the server
 *   refused it as a likely duplicate; %NULL otherwise
 */
GPtrArray *
ld_record_dup_candidates (JsonObject *current)
{
  JsonArray *array = get_array (current, "candidates");
  GPtrArray *patients;

  if (array == NULL)
    return NULL;
  patients = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (patients, ld_patient_new_from_json (json_node_get_object (node)));
    }
  return patients;
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
 * ld_record_get_email:
 * @patient: (nullable): a patient
 *
 * Returns: (transfer none) (nullable): the e-mail address
 */
const char *
ld_record_get_email (JsonObject *patient)
{
  return get_string (patient, "email");
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
 * ld_record_get_national_id:
 * @patient: (nullable): a patient
 *
 * Returns: (transfer none) (nullable): the national identity number
 */
const char *
ld_record_get_national_id (JsonObject *patient)
{
  return get_string (patient, "national_id");
}

/**
 * ld_record_get_date_of_birth:
 * @patient: (nullable): a patient
 *
 * Returns: (transfer none) (nullable): the date of birth, YYYY-MM-DD
 */
const char *
ld_record_get_date_of_birth (JsonObject *patient)
{
  return get_string (patient, "date_of_birth");
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

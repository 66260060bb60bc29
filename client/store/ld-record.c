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


/* ld-result-body.c: the bodies of the lab's result commands, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bench writes these bodies (sent at once, or a save queued in its
 * outbox and shown from there before the server has it); the server
 * reads them. Both go through this file, so a member the bench sends is
 * the member the server reads, and what a queued save shows is what the
 * server will store. The bodies of the other result commands (cancel,
 * send back, verify, release, amend) are spelled here too. The wire is
 * described in docs/api.md, "Results".
 */

#define G_LOG_DOMAIN "ld-result-body"

#include "config.h"

#include "ld-result-body.h"

#include <stdio.h>

#include "ld-interpretation.h"

/**
 * ld_result_entry_new:
 * @test_code: the test
 * @version: the result's version the value was typed over
 * @value: (nullable): the value; empty or %NULL clears it
 * @comment: (nullable): the comment; empty or %NULL clears it
 *
 * Returns: (transfer full): one result of a save, its comment named
 */
LdResultEntry *
ld_result_entry_new (const char *test_code,
                     gint64      version,
                     const char *value,
                     const char *comment)
{
  LdResultEntry *entry = g_new0 (LdResultEntry, 1);

  entry->test_code = g_strdup (test_code);
  entry->version = version;
  entry->value = g_strdup (value);
  entry->has_comment = TRUE;
  entry->comment = g_strdup (comment);
  return entry;
}

void
ld_result_entry_free (LdResultEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->test_code);
  g_free (entry->value);
  g_free (entry->comment);
  g_clear_pointer (&entry->critical_call, ld_critical_call_free);
  g_free (entry);
}

/* A string, or null when empty: the server clears the field. */
static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  ld_json_builder_add_string (builder, name, value != NULL && *value != '\0' ? value : NULL);
}

/* The record of the telephone call a critical value was told by, as a
 * verifier gives it (who called is the signed-in user, not sent). */
static void
write_call (JsonBuilder          *builder,
            const LdCriticalCall *call)
{
  json_builder_set_member_name (builder, "critical_call");
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "name", call->name);
  ld_json_builder_add_string (builder, "role", call->role);
  ld_json_builder_add_string (builder, "called_at", call->called_at);
  ld_json_builder_add_bool (builder, "read_back", TRUE);
  json_builder_end_object (builder);
}

/**
 * ld_result_items_write:
 * @builder: a builder inside an object
 * @entries: (element-type LdResultEntry): 1 to %LD_RESULT_MAX_ITEMS results
 * @value_mode: what each element names
 *
 * Writes "results": each element's `test_code` and `version` (null when
 * not above 0: a result not read yet, which the server refuses); with a
 * value mode, its `value` (null when empty, for a draft), its `comment`
 * when named (null when empty) and `abnormal` when set; without, a
 * verifier's `critical_call` when there is one.
 */
void
ld_result_items_write (JsonBuilder       *builder,
                       GPtrArray         *entries,
                       LdResultItemValue  value_mode)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (entries != NULL);

  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      const LdResultEntry *entry = g_ptr_array_index (entries, i);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "test_code", entry->test_code);
      /* A result not read yet names no version: the server refuses it. */
      if (entry->version > 0)
        ld_json_builder_add_int (builder, "version", entry->version);
      else
        ld_json_builder_add_string (builder, "version", NULL);
      if (value_mode == LD_RESULT_ITEM_NO_VALUE)
        {
          if (entry->critical_call != NULL)
            write_call (builder, entry->critical_call);
          json_builder_end_object (builder);
          continue;
        }
      if (value_mode == LD_RESULT_ITEM_VALUE)
        ld_json_builder_add_string (builder, "value", entry->value);
      else
        add_string_or_null (builder, "value", entry->value);
      if (entry->has_comment)
        add_string_or_null (builder, "comment", entry->comment);
      if (entry->abnormal)
        ld_json_builder_add_bool (builder, "abnormal", TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
read_entry (LdJsonReader      *reader,
            LdResultItemValue  value_mode,
            LdResultEntry     *entry)
{
  ld_json_reader_get_string (reader, "test_code", LD_JSON_REQUIRED | LD_JSON_NON_EMPTY,
                             &entry->test_code);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &entry->version);
  if (value_mode == LD_RESULT_ITEM_NO_VALUE)
    {
      entry->critical_call = ld_critical_call_read (reader, "critical_call");
      return;
    }

  /* A value is always named: null clears a draft, absent is a mistake. */
  ld_json_reader_get_string (reader, "value",
                             value_mode == LD_RESULT_ITEM_VALUE
                               ? LD_JSON_REQUIRED | LD_JSON_NON_EMPTY
                               : LD_JSON_REQUIRED | LD_JSON_NULLABLE,
                             &entry->value);
  entry->has_comment = ld_json_reader_has (reader, "comment");
  ld_json_reader_get_text (reader, "comment", LD_JSON_NULLABLE, LD_RESULT_MAX_COMMENT_CHARS,
                           &entry->comment);
  ld_json_reader_get_bool (reader, "abnormal", LD_JSON_OPTIONAL, &entry->abnormal);
}

/**
 * ld_result_item_field:
 * @index: an element of a body's "results"
 * @member: (nullable): a member of the element
 *
 * Returns: (transfer full): the name a refusal gives the element's field,
 *   such as "results[2].value"
 */
char *
ld_result_item_field (guint       index,
                      const char *member)
{
  return member ? g_strdup_printf ("results[%u].%s", index, member)
                : g_strdup_printf ("results[%u]", index);
}

/**
 * ld_result_item_field_index:
 * @field: a refused field's name, as ld_result_item_field() makes it
 * @index: (out): the element it names
 *
 * Returns: %TRUE if @field names an element of "results"
 */
gboolean
ld_result_item_field_index (const char *field,
                            guint      *index)
{
  return sscanf (field, "results[%u]", index) == 1;
}

/**
 * ld_result_items_read:
 * @reader: a body
 * @value_mode: what each element names
 *
 * Reads "results": 1 to %LD_RESULT_MAX_ITEMS objects, as
 * ld_result_items_write() writes them (`comment` absent: kept; null:
 * cleared). Problems, and unknown members inside an element, go to
 * @reader as "results[i].member"; a test named twice is refused.
 *
 * Returns: (transfer full) (element-type LdResultEntry): the elements
 *   read, one (perhaps blank) for each element given
 */
GPtrArray *
ld_result_items_read (LdJsonReader      *reader,
                      LdResultItemValue  value_mode)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_entry_free);
  JsonNode *node;
  JsonArray *array;
  g_autofree char *message = NULL;

  g_return_val_if_fail (reader != NULL, entries);

  node = ld_json_reader_get_node (reader, "results", LD_JSON_REQUIRED);
  if (node == NULL)
    return entries;

  message = g_strdup_printf ("must be a list of 1 to %u objects", LD_RESULT_MAX_ITEMS);
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0 ||
      json_array_get_length (json_node_get_array (node)) > LD_RESULT_MAX_ITEMS)
    {
      ld_json_reader_add_error (reader, "results", message);
      return entries;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = ld_result_item_field (i, NULL);
      LdResultEntry *entry = g_new0 (LdResultEntry, 1);
      LdJsonReader *item;

      g_ptr_array_add (entries, entry);
      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          ld_json_reader_add_error (reader, field, "must be an object");
          continue;
        }
      item = ld_json_reader_new (json_node_get_object (element));
      read_entry (item, value_mode, entry);
      ld_json_reader_end_object (reader, field, item);

      if (entry->test_code != NULL)
        for (guint j = 0; j < i; j++)
          if (g_strcmp0 (entry->test_code,
                         ((LdResultEntry *) g_ptr_array_index (entries, j))->test_code) == 0)
            {
              g_autofree char *code_field = ld_result_item_field (i, "test_code");

              ld_json_reader_add_error (reader, code_field, "names a test already in the list");
              break;
            }
    }

  return entries;
}

LdResultSave *
ld_result_save_new (void)
{
  LdResultSave *save = g_new0 (LdResultSave, 1);

  save->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_entry_free);
  return save;
}

void
ld_result_save_free (LdResultSave *save)
{
  if (save == NULL)
    return;
  g_clear_pointer (&save->entries, g_ptr_array_unref);
  g_free (save);
}

/**
 * ld_result_save_body_write:
 * @builder: a builder inside an object
 * @save: the save
 *
 * Writes the members of a save's body (POST /api/v1/orders/{id}/results):
 * `submit` and the "results" with their values.
 */
void
ld_result_save_body_write (JsonBuilder        *builder,
                           const LdResultSave *save)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (save != NULL && save->entries != NULL);

  ld_json_builder_add_bool (builder, "submit", save->submit);
  ld_result_items_write (builder, save->entries, LD_RESULT_ITEM_VALUE_OR_NULL);
}

/**
 * ld_result_save_body_read:
 * @reader: a save's body
 * @save: receives what was read; problems go to @reader
 *
 * Reads `submit` (absent: a draft) and the "results", each with a value
 * or null.
 */
void
ld_result_save_body_read (LdJsonReader *reader,
                          LdResultSave *save)
{
  g_return_if_fail (reader != NULL && save != NULL);

  ld_json_reader_get_bool (reader, "submit", LD_JSON_OPTIONAL, &save->submit);
  g_clear_pointer (&save->entries, g_ptr_array_unref);
  save->entries = ld_result_items_read (reader, LD_RESULT_ITEM_VALUE_OR_NULL);
}

/**
 * ld_result_save_find:
 * @save: a save as read
 * @test_code: a test
 *
 * Returns: (transfer none) (nullable): what @save says of @test_code
 */
const LdResultEntry *
ld_result_save_find (const LdResultSave *save,
                     const char         *test_code)
{
  g_return_val_if_fail (save != NULL, NULL);

  for (guint i = 0; save->entries != NULL && i < save->entries->len; i++)
    {
      const LdResultEntry *entry = g_ptr_array_index (save->entries, i);

      if (g_strcmp0 (entry->test_code, test_code) == 0)
        return entry;
    }
  return NULL;
}

/**
 * ld_result_change_body_write:
 * @builder: a builder inside an object
 * @version: the result's version as the bench last saw it
 * @reason: why
 *
 * Writes the body of a change to one result: cancelling a test (POST
 * /api/v1/results/{id}/cancel) or sending a verified value back (POST
 * /api/v1/results/{id}/return).
 */
void
ld_result_change_body_write (JsonBuilder *builder,
                             gint64       version,
                             const char  *reason)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  ld_json_builder_add_int (builder, "version", version);
  ld_json_builder_add_string (builder, "reason", reason);
}

/**
 * ld_result_change_body_read:
 * @reader: the body of a cancel or a return
 * @out_version: (out): the version
 * @out_reason: (out) (transfer full): the reason, trimmed, at most
 *   %LD_RESULT_MAX_REASON_CHARS
 *
 * Problems go to @reader.
 */
void
ld_result_change_body_read (LdJsonReader  *reader,
                            gint64        *out_version,
                            char         **out_reason)
{
  g_return_if_fail (reader != NULL && out_version != NULL && out_reason != NULL);

  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, out_version);
  ld_json_reader_get_text (reader, "reason", LD_JSON_REQUIRED, LD_RESULT_MAX_REASON_CHARS,
                           out_reason);
}

/* Paragraphs a signatory typed, or nothing when blank. */
static void
add_interpretation (JsonBuilder *builder,
                    const char  *interpretation)
{
  if (interpretation != NULL && *interpretation != '\0')
    ld_json_builder_add_string (builder, "interpretation", interpretation);
}

/**
 * ld_result_verify_body_write:
 * @builder: a builder inside an object
 * @entries: (element-type LdResultEntry): the results verified, each
 *   with its critical call when it is critical
 * @interpretation: (nullable): the report-wide interpretation; empty or
 *   %NULL leaves it out
 *
 * Writes the body of a verification (POST /api/v1/orders/{id}/verify).
 */
void
ld_result_verify_body_write (JsonBuilder *builder,
                             GPtrArray   *entries,
                             const char  *interpretation)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  ld_result_items_write (builder, entries, LD_RESULT_ITEM_NO_VALUE);
  add_interpretation (builder, interpretation);
}

/**
 * ld_result_verify_body_read:
 * @reader: a verification's body
 * @out_interpretation: (out) (transfer full): the interpretation, or
 *   %NULL when absent
 *
 * Returns: (transfer full) (element-type LdResultEntry): the "results"
 */
GPtrArray *
ld_result_verify_body_read (LdJsonReader  *reader,
                            char         **out_interpretation)
{
  GPtrArray *entries;

  g_return_val_if_fail (reader != NULL && out_interpretation != NULL, NULL);

  entries = ld_result_items_read (reader, LD_RESULT_ITEM_NO_VALUE);
  ld_interpretation_read (reader, "interpretation", out_interpretation);
  return entries;
}

/**
 * ld_report_release_body_write:
 * @builder: a builder inside an object
 * @version: the order's version as the signatory last saw it
 * @interpretation: (nullable): the report-wide interpretation; empty or
 *   %NULL leaves it out
 *
 * Writes the body of a release (POST /api/v1/orders/{id}/release).
 */
void
ld_report_release_body_write (JsonBuilder *builder,
                              gint64       version,
                              const char  *interpretation)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  ld_json_builder_add_int (builder, "version", version);
  add_interpretation (builder, interpretation);
}

/**
 * ld_report_release_body_read:
 * @reader: a release's body
 * @out_version: (out): the order's version
 * @out_interpretation: (out) (transfer full): the interpretation, or
 *   %NULL when absent
 */
void
ld_report_release_body_read (LdJsonReader  *reader,
                             gint64        *out_version,
                             char         **out_interpretation)
{
  g_return_if_fail (reader != NULL && out_version != NULL && out_interpretation != NULL);

  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, out_version);
  ld_interpretation_read (reader, "interpretation", out_interpretation);
}

/**
 * ld_result_amend_body_write:
 * @builder: a builder inside an object
 * @reason: why, printed with the corrected report
 * @entries: (element-type LdResultEntry): the results corrected, each
 *   with its value
 *
 * Writes the body of an amendment (POST /api/v1/orders/{id}/amendments).
 */
void
ld_result_amend_body_write (JsonBuilder *builder,
                            const char  *reason,
                            GPtrArray   *entries)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  ld_json_builder_add_string (builder, "reason", reason);
  ld_result_items_write (builder, entries, LD_RESULT_ITEM_VALUE);
}

/**
 * ld_result_amend_body_read:
 * @reader: an amendment's body
 * @out_reason: (out) (transfer full): the reason, trimmed, at most
 *   %LD_RESULT_MAX_REASON_CHARS
 *
 * Returns: (transfer full) (element-type LdResultEntry): the "results",
 *   each with a value
 */
GPtrArray *
ld_result_amend_body_read (LdJsonReader  *reader,
                           char         **out_reason)
{
  g_return_val_if_fail (reader != NULL && out_reason != NULL, NULL);

  ld_json_reader_get_text (reader, "reason", LD_JSON_REQUIRED, LD_RESULT_MAX_REASON_CHARS,
                           out_reason);
  return ld_result_items_read (reader, LD_RESULT_ITEM_VALUE);
}

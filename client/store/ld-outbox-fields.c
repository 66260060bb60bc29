/* ld-outbox-fields.c: the fields of a refused outbox entry, to correct
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server refused something done here (a field it would not take, or
 * a record someone else changed first). The work's parameters are read
 * here as fields the person can correct, with the server's complaints
 * and, for a stale edit, the server's values now; the corrected texts are
 * written back into the parameters here too, so the dialog that shows
 * them reads no JSON.
 */

#define G_LOG_DOMAIN "ld-outbox-fields"

#include "config.h"

#include <string.h>

#include "ld-json.h"
#include "ld-outbox-fields.h"
#include "ld-record.h"

void
ld_outbox_field_free (LdOutboxField *field)
{
  if (field == NULL)
    return;
  g_free (field->path);
  g_free (field->text);
  g_free (field->current);
  g_free (field->error);
  g_free (field);
}

/* Ids and versions say which record; they are not the person's to edit. */
static gboolean
is_editable (const char *member,
             JsonNode   *value)
{
  if (g_str_equal (member, "id") || g_str_equal (member, "version") ||
      g_str_has_suffix (member, "_id"))
    return FALSE;
  return JSON_NODE_HOLDS_NULL (value) ||
         (JSON_NODE_HOLDS_VALUE (value) &&
          (json_node_get_value_type (value) == G_TYPE_STRING ||
           json_node_get_value_type (value) == G_TYPE_INT64));
}

/* A value as text; NULL for one that is neither text nor a number. */
static char *
value_text (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("");
  if (!JSON_NODE_HOLDS_VALUE (value))
    return NULL;
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  return NULL;
}

static JsonObject *
get_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
add_fields (GPtrArray  *fields,
            const char *prefix,
            JsonObject *object,
            JsonObject *current,
            JsonObject *errors)
{
  /* In the work's order: the dialog's rows follow it. */
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value = json_object_get_member (object, name);
      g_autofree char *path = prefix ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);
      LdOutboxField *field;

      if (prefix == NULL && JSON_NODE_HOLDS_OBJECT (value))
        {
          add_fields (fields, path, json_node_get_object (value), NULL, errors);
          continue;
        }
      if (!is_editable (name, value))
        continue;
      field = g_new0 (LdOutboxField, 1);
      field->text = value_text (value);
      field->number =
        JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64;
      /* The server's record holds the field (perhaps as null). */
      if (current != NULL && json_object_has_member (current, name))
        field->current = value_text (json_object_get_member (current, name));
      field->error = g_strdup (errors ? ld_json_object_get_string (errors, path) : NULL);
      field->path = g_steal_pointer (&path);
      g_ptr_array_add (fields, field);
    }
}

/**
 * ld_outbox_entry_dup_fields:
 * @entry: an outbox entry
 *
 * Returns: (transfer full) (element-type LdOutboxField): the fields of
 *   its work the person may correct, in the work's order; the server's
 *   values now only when it refused the work as a conflict
 */
GPtrArray *
ld_outbox_entry_dup_fields (LdOutboxEntry *entry)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_outbox_field_free);
  JsonObject *params;
  JsonObject *current = NULL;

  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (entry), fields);

  params = get_object (ld_outbox_entry_get_params (entry));
  if (params == NULL)
    return fields;
  if (g_strcmp0 (ld_outbox_entry_get_error_code (entry), "conflict") == 0)
    current = get_object (ld_outbox_entry_get_current (entry));
  add_fields (fields, NULL, params, current, get_object (ld_outbox_entry_get_error_fields (entry)));
  return fields;
}

/**
 * ld_outbox_entry_errors_on_fields:
 * @entry: an outbox entry
 *
 * Returns: whether the server's refusal names fields, each of them one
 *   of ld_outbox_entry_dup_fields()
 */
gboolean
ld_outbox_entry_errors_on_fields (LdOutboxEntry *entry)
{
  JsonObject *errors;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GHashTable) paths = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (entry), FALSE);

  errors = get_object (ld_outbox_entry_get_error_fields (entry));
  if (errors == NULL || json_object_get_size (errors) == 0)
    return FALSE;
  fields = ld_outbox_entry_dup_fields (entry);
  paths = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < fields->len; i++)
    g_hash_table_add (paths, ((LdOutboxField *) g_ptr_array_index (fields, i))->path);
  json_object_iter_init (&iter, errors);
  while (json_object_iter_next (&iter, &name, &value))
    if (!g_hash_table_contains (paths, name))
      return FALSE;
  return TRUE;
}

/* The object holding the member at @path ("discount.value" → the
 * discount) and the member's name in it. */
static JsonObject *
object_at (JsonObject  *params,
           const char  *path,
           const char **member)
{
  const char *dot = strchr (path, '.');
  g_autofree char *outer = NULL;

  if (dot == NULL)
    {
      *member = path;
      return params;
    }
  outer = g_strndup (path, dot - path);
  *member = dot + 1;
  return ld_record_get_object (params, outer);
}

/**
 * ld_outbox_entry_dup_corrected_params:
 * @entry: an outbox entry
 * @texts: (element-type utf8 utf8): field path → the text the person
 *   left in it
 * @out_not_numbers: (element-type utf8): where the paths of the fields
 *   that must hold a whole number and do not are added (new strings)
 *
 * The work as corrected: each field's text written over its value (a
 * field left empty that held none stays none). For a conflict, the work
 * goes over the server's record as it is now, at its version: the person
 * chose their values.
 *
 * Returns: (transfer full) (nullable): the corrected parameters, or
 *   %NULL when a field that must be a number is not one
 */
JsonObject *
ld_outbox_entry_dup_corrected_params (LdOutboxEntry *entry,
                                      GHashTable    *texts,
                                      GPtrArray     *out_not_numbers)
{
  JsonObject *original;
  g_autoptr(JsonNode) copy = NULL;
  JsonObject *params;
  JsonObject *current;
  GHashTableIter iter;
  gpointer path, text;
  gboolean ok = TRUE;

  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (entry), NULL);
  g_return_val_if_fail (texts != NULL, NULL);
  g_return_val_if_fail (out_not_numbers != NULL, NULL);

  original = get_object (ld_outbox_entry_get_params (entry));
  g_return_val_if_fail (original != NULL, NULL);
  copy = json_node_copy (ld_outbox_entry_get_params (entry));
  params = json_node_get_object (copy);

  g_hash_table_iter_init (&iter, texts);
  while (g_hash_table_iter_next (&iter, &path, &text))
    {
      const char *member;
      JsonObject *target = object_at (params, path, &member);
      JsonObject *holder = object_at (original, path, &member);
      JsonNode *before = holder ? json_object_get_member (holder, member) : NULL;

      if (target == NULL || before == NULL)
        continue;
      if (*(const char *) text == '\0' && JSON_NODE_HOLDS_NULL (before))
        continue;
      if (JSON_NODE_HOLDS_VALUE (before) && json_node_get_value_type (before) == G_TYPE_INT64)
        {
          gint64 number;

          if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
            {
              g_ptr_array_add (out_not_numbers, g_strdup (path));
              ok = FALSE;
              continue;
            }
          json_object_set_int_member (target, member, number);
        }
      else
        json_object_set_string_member (target, member, text);
    }

  current = get_object (ld_outbox_entry_get_current (entry));
  if (g_strcmp0 (ld_outbox_entry_get_error_code (entry), "conflict") == 0 && current != NULL &&
      json_object_has_member (params, "version") && json_object_has_member (current, "version"))
    json_object_set_member (params, "version",
                            json_node_copy (json_object_get_member (current, "version")));

  return ok ? json_object_ref (params) : NULL;
}

/* ld-json.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-json"

#include "config.h"

#include <math.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-json-out.h"
#include "ld-json-scan.h"

/* json-glib's json_object_get_*_member() raise criticals for missing
 * members and quietly turn a wrong scalar type into NULL or 0, so every
 * value that comes from outside is read here, through checks that name the
 * field. The reader remembers which members were read: anything left over
 * at the end is an unknown field and is refused. */
struct _LdJsonReader
{
  JsonObject *object;
  GHashTable *seen;
  GHashTable *errors;
  /* "discount.colour": unknown members of nested objects, by full name. */
  GHashTable *nested_unknown;
};

static JsonNode *lookup_member (LdJsonReader *reader,
                                const char   *name,
                                LdJsonFlags   flags);

/**
 * ld_json_parse:
 * @data: the text
 * @length: its length, or -1 if nul-terminated
 * @error: return location for a %LD_API_ERROR_BAD_REQUEST
 *
 * Parses strictly: the text must be valid UTF-8 and one JSON value, nested
 * at most %LD_JSON_MAX_DEPTH deep, whose strings (member names too) are
 * valid UTF-8 without NUL once decoded. Stored records are read through
 * here as well as request bodies.
 *
 * Returns: (transfer full) (nullable): the root node
 */
JsonNode *
ld_json_parse (const char  *data,
               gssize       length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);

  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                           "The request body is not valid UTF-8.");
      return NULL;
    }

  if (!ld_json_scan (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                   "The request body is not valid JSON: %s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                           "The request body is empty.");
      return NULL;
    }

  return json_node_ref (root);
}

/**
 * ld_json_parse_object:
 * @data: the text
 * @length: its length, or -1 if nul-terminated
 * @error: return location for a %LD_API_ERROR_BAD_REQUEST
 *
 * Returns: (transfer full) (nullable): the root object
 */
JsonObject *
ld_json_parse_object (const char  *data,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(JsonNode) root = ld_json_parse (data, length, error);

  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                           "The request body must be a JSON object.");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * ld_json_to_string:
 * @node: a node
 *
 * Written by ld_json_out_node(), not json-glib's generator: every answer
 * and change feed row passes here, some forty a lab flow.
 *
 * Returns: (transfer full): compact JSON text
 */
char *
ld_json_to_string (JsonNode *node)
{
  LdJsonOut out;

  g_return_val_if_fail (node != NULL, NULL);

  ld_json_out_init_text (&out);
  ld_json_out_node (&out, NULL, node);
  return ld_json_out_end_text (&out);
}

/**
 * ld_json_builder_to_string:
 * @builder: a builder holding a complete value
 *
 * Returns: (transfer full): compact JSON text
 */
char *
ld_json_builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (JSON_IS_BUILDER (builder), NULL);

  root = json_builder_get_root (builder);
  return ld_json_to_string (root);
}

/**
 * ld_json_builder_dup_object:
 * @builder: a builder that built one object
 *
 * Returns: (transfer full): the object it built
 */
JsonObject *
ld_json_builder_dup_object (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (JSON_IS_BUILDER (builder), NULL);

  root = json_builder_get_root (builder);
  g_return_val_if_fail (root != NULL && JSON_NODE_HOLDS_OBJECT (root), NULL);
  return json_object_ref (json_node_get_object (root));
}

/* A member holding @value, or null when @value is %NULL. */
void
ld_json_builder_add_string (JsonBuilder *builder,
                            const char  *name,
                            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
ld_json_builder_add_int (JsonBuilder *builder,
                         const char  *name,
                         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
ld_json_builder_add_bool (JsonBuilder *builder,
                          const char  *name,
                          gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/**
 * ld_json_object_get_string:
 * @object: an object from outside
 * @name: a member
 *
 * Unlike json_object_get_string_member(), never raises a critical.
 *
 * Returns: (transfer none) (nullable): the member if it is a string
 */
const char *
ld_json_object_get_string (JsonObject *object,
                           const char *name)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);

  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * ld_json_reader_new:
 * @object: the object to read
 *
 * Returns: (transfer full): a reader; free with ld_json_reader_free()
 */
LdJsonReader *
ld_json_reader_new (JsonObject *object)
{
  LdJsonReader *reader;

  g_return_val_if_fail (object != NULL, NULL);

  reader = g_new0 (LdJsonReader, 1);
  reader->object = json_object_ref (object);
  reader->seen = g_hash_table_new (g_str_hash, g_str_equal);
  reader->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  reader->nested_unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return reader;
}

void
ld_json_reader_free (LdJsonReader *reader)
{
  if (reader == NULL)
    return;

  g_clear_pointer (&reader->object, json_object_unref);
  g_clear_pointer (&reader->seen, g_hash_table_unref);
  g_clear_pointer (&reader->errors, g_hash_table_unref);
  g_clear_pointer (&reader->nested_unknown, g_hash_table_unref);
  g_free (reader);
}

/**
 * ld_json_reader_add_error:
 * @reader: a reader
 * @name: the field's wire name
 * @message: what is wrong, such as "is in the future"
 *
 * Records a field error found by the caller's own validation, so that
 * ld_json_reader_finish() reports it with the rest.
 */
void
ld_json_reader_add_error (LdJsonReader *reader,
                          const char   *name,
                          const char   *message)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (message != NULL);

  if (!g_hash_table_contains (reader->errors, name))
    g_hash_table_insert (reader->errors, g_strdup (name), g_strdup (message));
}

/**
 * ld_json_reader_get_object:
 * @reader: a reader
 * @name: a member that must hold an object
 * @flags: whether it is required, and whether null is allowed
 *
 * Returns: (transfer full) (nullable): a reader for the nested object,
 *   or %NULL if it is absent, null or not an object (recorded as an
 *   error); hand it back with ld_json_reader_end_object()
 */
LdJsonReader *
ld_json_reader_get_object (LdJsonReader *reader,
                           const char   *name,
                           LdJsonFlags   flags)
{
  JsonNode *node = lookup_member (reader, name, flags);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      ld_json_reader_add_error (reader, name, "must be an object");
      return NULL;
    }

  return ld_json_reader_new (json_node_get_object (node));
}

/**
 * ld_json_reader_end_object:
 * @reader: the reader @child came from
 * @name: the member @child reads
 * @child: (transfer full): the nested reader, done with
 *
 * Carries the nested object's field errors and unknown members into
 * @reader as "name.member", so that one ld_json_reader_finish() reports
 * them all.
 */
void
ld_json_reader_end_object (LdJsonReader *reader,
                           const char   *name,
                           LdJsonReader *child)
{
  g_autoptr(LdJsonReader) owned = child;
  JsonObjectIter iter;
  GHashTableIter errors;
  const char *member;
  gpointer key, value;
  JsonNode *node;

  json_object_iter_init (&iter, child->object);
  while (json_object_iter_next (&iter, &member, &node))
    if (!g_hash_table_contains (child->seen, member))
      g_hash_table_add (reader->nested_unknown, g_strdup_printf ("%s.%s", name, member));
  /* An object in the object: "results[0].critical_call.colour". */
  g_hash_table_iter_init (&errors, child->nested_unknown);
  while (g_hash_table_iter_next (&errors, &key, NULL))
    g_hash_table_add (reader->nested_unknown, g_strdup_printf ("%s.%s", name, (const char *) key));

  g_hash_table_iter_init (&errors, child->errors);
  while (g_hash_table_iter_next (&errors, &key, &value))
    {
      g_autofree char *full = g_strdup_printf ("%s.%s", name, (const char *) key);

      ld_json_reader_add_error (reader, full, value);
    }
}

/**
 * ld_json_reader_note_unknown:
 * @reader: a reader
 * @name: the full name of the object in @reader's body, such as
 *   "reference_ranges[0]"
 * @object: that object, read apart from @reader
 * @known: (array zero-terminated=1): the members it may have
 *
 * For an object that is checked on its own (a catalogue's reference band):
 * its members not in @known are refused by ld_json_reader_finish() as
 * unknown, "name.member", as any other unknown member is.
 */
void
ld_json_reader_note_unknown (LdJsonReader       *reader,
                             const char         *name,
                             JsonObject         *object,
                             const char * const *known)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  g_return_if_fail (reader != NULL && name != NULL && object != NULL && known != NULL);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    if (!g_strv_contains (known, member))
      g_hash_table_add (reader->nested_unknown, g_strdup_printf ("%s.%s", name, member));
}

gboolean
ld_json_reader_has (LdJsonReader *reader,
                    const char   *name)
{
  g_return_val_if_fail (reader != NULL, FALSE);

  return json_object_has_member (reader->object, name);
}

/* Marks @name as read and returns its node, or NULL when it is absent or a
 * permitted null. A missing required member or a forbidden null is
 * recorded as a field error. */
static JsonNode *
lookup_member (LdJsonReader *reader,
               const char   *name,
               LdJsonFlags   flags)
{
  JsonNode *node;

  g_hash_table_add (reader->seen, (gpointer) name);

  node = json_object_get_member (reader->object, name);
  if (node == NULL)
    {
      if (flags & LD_JSON_REQUIRED)
        ld_json_reader_add_error (reader, name, "is required");
      return NULL;
    }

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!(flags & LD_JSON_NULLABLE))
        ld_json_reader_add_error (reader, name, "must not be null");
      return NULL;
    }

  return node;
}

/**
 * ld_json_reader_get_node:
 * @reader: a reader
 * @name: the member
 * @flags: #LdJsonFlags
 *
 * For members whose type the caller checks itself.
 *
 * Returns: (transfer none) (nullable): the member's node, or %NULL when it
 *   is absent or null
 */
JsonNode *
ld_json_reader_get_node (LdJsonReader *reader,
                         const char   *name,
                         LdJsonFlags   flags)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return lookup_member (reader, name, flags);
}

static gboolean
node_is_value_of_type (JsonNode *node,
                       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* The member as a scalar of @type, or NULL (absent, null, or of another
 * type, which is recorded as @type_message). */
static JsonNode *
lookup_scalar (LdJsonReader *reader,
               const char   *name,
               LdJsonFlags   flags,
               GType         type,
               const char   *type_message)
{
  JsonNode *node = lookup_member (reader, name, flags);

  if (node != NULL && !node_is_value_of_type (node, type))
    {
      ld_json_reader_add_error (reader, name, type_message);
      return NULL;
    }

  return node;
}

/**
 * ld_json_reader_get_string:
 * @reader: a reader
 * @name: the member
 * @flags: #LdJsonFlags
 * @out_value: (out) (transfer full): the string
 *
 * Returns: %TRUE if the member is present and is a string
 */
gboolean
ld_json_reader_get_string (LdJsonReader  *reader,
                           const char    *name,
                           LdJsonFlags    flags,
                           char         **out_value)
{
  JsonNode *node;
  const char *value;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  node = lookup_scalar (reader, name, flags, G_TYPE_STRING, "must be a string");
  if (node == NULL)
    return FALSE;

  value = json_node_get_string (node);
  if ((flags & LD_JSON_NON_EMPTY))
    {
      g_autofree char *stripped = g_strstrip (g_strdup (value));

      if (*stripped == '\0')
        {
          ld_json_reader_add_error (reader, name, "must not be empty");
          return FALSE;
        }
    }

  g_free (*out_value);
  *out_value = g_strdup (value);
  return TRUE;
}

/**
 * ld_json_reader_get_text:
 * @reader: a reader
 * @name: the member
 * @flags: #LdJsonFlags (%LD_JSON_NON_EMPTY is implied)
 * @max_chars: the longest it may be, in characters
 * @out_value: (out) (transfer full): the trimmed text; untouched when
 *   absent or refused
 *
 * Reads a free-text member a person typed: trimmed, not blank, bounded.
 */
void
ld_json_reader_get_text (LdJsonReader  *reader,
                         const char    *name,
                         LdJsonFlags    flags,
                         gsize          max_chars,
                         char         **out_value)
{
  g_autofree char *value = NULL;

  g_return_if_fail (reader != NULL && out_value != NULL);

  if (!ld_json_reader_get_string (reader, name, flags | LD_JSON_NON_EMPTY, &value))
    return;

  g_strstrip (value);
  if ((gsize) g_utf8_strlen (value, -1) > max_chars)
    ld_json_reader_add_error (reader, name, "is too long");
  else
    {
      g_free (*out_value);
      *out_value = g_steal_pointer (&value);
    }
}

/**
 * ld_json_reader_get_int:
 * @reader: a reader
 * @name: the member
 * @flags: #LdJsonFlags
 * @out_value: (out): the integer
 *
 * A number with a fraction or a string is refused, not truncated.
 *
 * Returns: %TRUE if the member is present and is an integer
 */
gboolean
ld_json_reader_get_int (LdJsonReader *reader,
                        const char   *name,
                        LdJsonFlags   flags,
                        gint64       *out_value)
{
  JsonNode *node;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  node = lookup_scalar (reader, name, flags, G_TYPE_INT64, "must be a whole number");
  if (node == NULL)
    return FALSE;

  *out_value = json_node_get_int (node);
  return TRUE;
}

/**
 * ld_json_reader_get_number:
 * @reader: a reader
 * @name: the member
 * @flags: #LdJsonFlags
 * @out_value: (out): the number
 *
 * Returns: %TRUE if the member is present and is a finite number
 */
gboolean
ld_json_reader_get_number (LdJsonReader *reader,
                           const char   *name,
                           LdJsonFlags   flags,
                           double       *out_value)
{
  JsonNode *node;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  node = lookup_member (reader, name, flags);
  if (node == NULL)
    return FALSE;

  if (node_is_value_of_type (node, G_TYPE_INT64))
    *out_value = json_node_get_int (node);
  else if (node_is_value_of_type (node, G_TYPE_DOUBLE) && isfinite (json_node_get_double (node)))
    *out_value = json_node_get_double (node);
  else
    {
      ld_json_reader_add_error (reader, name, "must be a number");
      return FALSE;
    }

  return TRUE;
}

/**
 * ld_json_reader_get_bool:
 * @reader: a reader
 * @name: the member
 * @flags: #LdJsonFlags
 * @out_value: (out): the boolean
 *
 * Returns: %TRUE if the member is present and is true or false
 */
gboolean
ld_json_reader_get_bool (LdJsonReader *reader,
                         const char   *name,
                         LdJsonFlags   flags,
                         gboolean     *out_value)
{
  JsonNode *node;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  node = lookup_scalar (reader, name, flags, G_TYPE_BOOLEAN, "must be true or false");
  if (node == NULL)
    return FALSE;

  *out_value = json_node_get_boolean (node);
  return TRUE;
}

/**
 * ld_json_reader_get_strv:
 * @reader: a reader
 * @name: the member
 * @flags: #LdJsonFlags
 * @out_value: (out) (transfer full): the strings
 *
 * Returns: %TRUE if the member is present and is an array of strings
 */
gboolean
ld_json_reader_get_strv (LdJsonReader *reader,
                         const char   *name,
                         LdJsonFlags   flags,
                         GStrv        *out_value)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node;
  JsonArray *array;
  guint length;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  node = lookup_member (reader, name, flags);
  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      ld_json_reader_add_error (reader, name, "must be a list of strings");
      return FALSE;
    }

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  length = json_array_get_length (array);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_is_value_of_type (element, G_TYPE_STRING))
        {
          ld_json_reader_add_error (reader, name, "must be a list of strings");
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  g_strfreev (*out_value);
  *out_value = g_strv_builder_end (builder);
  return TRUE;
}

static char *
join_sorted_keys (GList *keys)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      if (joined->len > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, l->data);
    }
  g_list_free (keys);

  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/**
 * ld_json_reader_finish:
 * @reader: a reader
 * @error: return location for an error
 *
 * Refuses members that were never read (%LD_API_ERROR_BAD_REQUEST naming
 * them) and then any field errors (%LD_API_ERROR_VALIDATION_FAILED). Both
 * carry their fields; see ld_api_error_get_fields().
 *
 * Returns: %TRUE if the object was read without fault
 */
gboolean
ld_json_reader_finish (LdJsonReader  *reader,
                       GError       **error)
{
  g_autoptr(GHashTable) unknown = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  g_return_val_if_fail (reader != NULL, FALSE);

  unknown = g_hash_table_new (g_str_hash, g_str_equal);
  json_object_iter_init (&iter, reader->object);
  while (json_object_iter_next (&iter, &member, &node))
    {
      if (!g_hash_table_contains (reader->seen, member))
        g_hash_table_add (unknown, (gpointer) member);
    }
  {
    GHashTableIter nested;
    gpointer name;

    g_hash_table_iter_init (&nested, reader->nested_unknown);
    while (g_hash_table_iter_next (&nested, &name, NULL))
      g_hash_table_add (unknown, name);
  }

  if (g_hash_table_size (unknown) > 0)
    {
      g_autofree char *names = join_sorted_keys (g_hash_table_get_keys (unknown));
      GHashTableIter hiter;
      gpointer key;
      GError *local;

      local = g_error_new (LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                           "Unknown field in the request: %s.", names);
      g_hash_table_iter_init (&hiter, unknown);
      while (g_hash_table_iter_next (&hiter, &key, NULL))
        ld_api_error_set_field (local, key, "is not a known field");
      g_propagate_error (error, local);
      return FALSE;
    }

  if (g_hash_table_size (reader->errors) > 0)
    {
      g_autofree char *names = join_sorted_keys (g_hash_table_get_keys (reader->errors));
      g_autofree char *message = NULL;

      message = g_strdup_printf ("Please check: %s.", names);
      g_propagate_error (error,
                         ld_api_error_new_fields (LD_API_ERROR_VALIDATION_FAILED,
                                                  reader->errors, message));
      return FALSE;
    }

  return TRUE;
}

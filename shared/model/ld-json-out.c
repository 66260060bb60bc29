/* ld-json-out.c: writes JSON into a JsonBuilder, or straight to text
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record writes itself once, here, and the caller picks the result: a
 * JsonBuilder, where the record goes into a larger document, or text,
 * where it is the answer. Text skips json-glib's tree: building 25
 * patients through JsonBuilder, generating and freeing the tree was a
 * third of a patient search's instructions on the server (callgrind,
 * bench-patient-search).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ld-json-out.h"
#include "ld-text.h"

void
ld_json_out_init_builder (LdJsonOut   *out,
                          JsonBuilder *builder)
{
  g_return_if_fail (out != NULL && JSON_IS_BUILDER (builder));

  *out = (LdJsonOut){ .builder = builder };
}

void
ld_json_out_init_text (LdJsonOut *out)
{
  g_return_if_fail (out != NULL);

  *out = (LdJsonOut){ .text = g_string_sized_new (4096) };
}

/**
 * ld_json_out_end_text:
 * @out: a text writer whose containers are all closed
 *
 * Returns: (transfer full): the JSON text; @out is spent
 */
char *
ld_json_out_end_text (LdJsonOut *out)
{
  g_return_val_if_fail (out != NULL && out->text != NULL, NULL);
  g_return_val_if_fail (out->depth == 0, NULL);

  return g_string_free (g_steal_pointer (&out->text), FALSE);
}

/* The builder of a builder writer, for records not yet written through
 * LdJsonOut; %NULL for a text writer. */
JsonBuilder *
ld_json_out_get_builder (LdJsonOut *out)
{
  g_return_val_if_fail (out != NULL, NULL);

  return out->builder;
}

/* RFC 8259 §7: the quote, the backslash and the controls must be escaped;
 * the rest of the UTF-8 goes through as it is. */
static void
append_quoted (GString    *text,
               const char *value)
{
  const char *run = value;

  g_string_append_c (text, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (text, run, p - run);
      g_string_append_c (text, '\\');
      switch (c)
        {
        case '"':
        case '\\':
          g_string_append_c (text, c);
          break;

        case '\n':
          g_string_append_c (text, 'n');
          break;

        case '\r':
          g_string_append_c (text, 'r');
          break;

        case '\t':
          g_string_append_c (text, 't');
          break;

        default:
          g_string_append_printf (text, "u%04x", c);
          break;
        }
      run = p + 1;
    }
  g_string_append (text, run);
  g_string_append_c (text, '"');
}

/* Starts a value: the comma before it, and its member name in an object. */
static void
begin_value (LdJsonOut  *out,
             const char *name)
{
  if (out->named)
    {
      out->named = FALSE;
      return;
    }

  if (out->builder != NULL)
    {
      if (name != NULL)
        json_builder_set_member_name (out->builder, name);
      return;
    }

  if (out->depth > 0)
    {
      if (out->has_value[out->depth - 1])
        g_string_append_c (out->text, ',');
      out->has_value[out->depth - 1] = TRUE;
    }
  if (name != NULL)
    {
      append_quoted (out->text, name);
      g_string_append_c (out->text, ':');
    }
}

static void
open_container (LdJsonOut *out,
                char       bracket)
{
  g_return_if_fail (out->depth < LD_JSON_OUT_MAX_DEPTH);

  g_string_append_c (out->text, bracket);
  out->has_value[out->depth++] = FALSE;
}

static void
close_container (LdJsonOut *out,
                 char       bracket)
{
  g_return_if_fail (out->depth > 0);

  out->depth--;
  g_string_append_c (out->text, bracket);
}

static void
append_double (GString          *text,
               double            value,
               LdJsonOutDoubles  doubles)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (doubles == LD_JSON_OUT_DOUBLES_SHORTEST)
    {
      for (int decimals = 0; decimals <= 20; decimals++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%df", decimals);
          g_ascii_formatd (buf, sizeof buf, format, value);
          if (g_ascii_strtod (buf, NULL) == value)
            {
              g_string_append (text, buf);
              return;
            }
        }
    }

  g_ascii_dtostr (buf, sizeof buf, value);
  g_string_append (text, buf);
  /* A double stays one when read back (json-glib's rule); 1e+20 is one
   * already, and 1e+20.0 would not be JSON. */
  if (strpbrk (buf, ".e") == NULL)
    g_string_append (text, ".0");
}

/**
 * ld_json_out_name:
 * @out: a writer inside an object
 * @name: a member name
 *
 * Names the next value, for a record's writer that writes a bare value
 * (ld_order_write_json()): the value written next takes %NULL as its name.
 */
void
ld_json_out_name (LdJsonOut  *out,
                  const char *name)
{
  g_return_if_fail (out != NULL && name != NULL && !out->named);

  begin_value (out, name);
  out->named = TRUE;
}

/**
 * ld_json_out_begin_object:
 * @out: a writer
 * @name: (nullable): the member name, inside an object; %NULL elsewhere
 *
 * The other writers take @name the same way.
 */
void
ld_json_out_begin_object (LdJsonOut  *out,
                          const char *name)
{
  begin_value (out, name);
  if (out->builder != NULL)
    json_builder_begin_object (out->builder);
  else
    open_container (out, '{');
}

void
ld_json_out_end_object (LdJsonOut *out)
{
  if (out->builder != NULL)
    json_builder_end_object (out->builder);
  else
    close_container (out, '}');
}

void
ld_json_out_begin_array (LdJsonOut  *out,
                         const char *name)
{
  begin_value (out, name);
  if (out->builder != NULL)
    json_builder_begin_array (out->builder);
  else
    open_container (out, '[');
}

void
ld_json_out_end_array (LdJsonOut *out)
{
  if (out->builder != NULL)
    json_builder_end_array (out->builder);
  else
    close_container (out, ']');
}

/* Writes JSON null for a %NULL @value. */
void
ld_json_out_string (LdJsonOut  *out,
                    const char *name,
                    const char *value)
{
  if (value == NULL)
    {
      ld_json_out_null (out, name);
      return;
    }

  begin_value (out, name);
  if (out->builder != NULL)
    json_builder_add_string_value (out->builder, value);
  else
    append_quoted (out->text, value);
}

void
ld_json_out_int (LdJsonOut  *out,
                 const char *name,
                 gint64      value)
{
  begin_value (out, name);
  if (out->builder != NULL)
    json_builder_add_int_value (out->builder, value);
  else
    ld_text_append_int (out->text, value);
}

void
ld_json_out_bool (LdJsonOut  *out,
                  const char *name,
                  gboolean    value)
{
  begin_value (out, name);
  if (out->builder != NULL)
    json_builder_add_boolean_value (out->builder, value);
  else
    g_string_append (out->text, value ? "true" : "false");
}

void
ld_json_out_null (LdJsonOut  *out,
                  const char *name)
{
  begin_value (out, name);
  if (out->builder != NULL)
    json_builder_add_null_value (out->builder);
  else
    g_string_append (out->text, "null");
}

/**
 * ld_json_out_set_doubles:
 * @out: a text writer
 * @doubles: how its doubles are written
 */
void
ld_json_out_set_doubles (LdJsonOut        *out,
                         LdJsonOutDoubles  doubles)
{
  g_return_if_fail (out != NULL);

  out->doubles = doubles;
}

/* JSON has no infinity nor NaN: such a value is written as null. */
void
ld_json_out_double (LdJsonOut  *out,
                    const char *name,
                    double      value)
{
  if (!isfinite (value))
    {
      ld_json_out_null (out, name);
      return;
    }

  begin_value (out, name);
  if (out->builder != NULL)
    json_builder_add_double_value (out->builder, value);
  else
    append_double (out->text, value, out->doubles);
}

/**
 * ld_json_out_node:
 * @out: a writer
 * @name: (nullable): the member name, inside an object; %NULL elsewhere
 * @node: (nullable): a tree: text parsed, or a record still built in a
 *   JsonBuilder; %NULL is written as null, as ld_json_out_string() does
 *
 * Writes @node's members in their order. As text this is what
 * json_generator_to_data() writes, without its cost (it looks each
 * member up by name again, and escapes and prints a byte at a time),
 * except that the escapes are RFC 8259's shortest (ld_json_out_string())
 * and a double too large for decimals is written as JSON. @node is at
 * most as deep as ld_json_parse() allows, or built by our own code.
 */
void
ld_json_out_node (LdJsonOut  *out,
                  const char *name,
                  JsonNode   *node)
{
  g_return_if_fail (out != NULL);

  if (node == NULL)
    {
      ld_json_out_null (out, name);
      return;
    }

  if (out->builder != NULL)
    {
      begin_value (out, name);
      json_builder_add_value (out->builder, json_node_copy (node));
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *member_name;
        JsonNode *member;

        ld_json_out_begin_object (out, name);
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &member_name, &member))
          ld_json_out_node (out, member_name, member);
        ld_json_out_end_object (out);
        break;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        ld_json_out_begin_array (out, name);
        for (guint i = 0; i < length; i++)
          ld_json_out_node (out, NULL, json_array_get_element (array, i));
        ld_json_out_end_array (out);
        break;
      }

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          ld_json_out_string (out, name, json_node_get_string (node));
          break;

        case G_TYPE_DOUBLE:
          ld_json_out_double (out, name, json_node_get_double (node));
          break;

        case G_TYPE_BOOLEAN:
          ld_json_out_bool (out, name, json_node_get_boolean (node));
          break;

        default:
          ld_json_out_int (out, name, json_node_get_int (node));
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      ld_json_out_null (out, name);
      break;
    }
}

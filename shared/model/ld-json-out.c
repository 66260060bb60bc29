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

#include "ld-json-out.h"

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
    g_string_append_printf (out->text, "%" G_GINT64_FORMAT, value);
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

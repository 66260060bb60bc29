/* ld-json-scan.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-json"

#include "config.h"

#include <math.h>

#include "ld-error.h"
#include "ld-json-scan.h"

/* One pass over JSON text before json-glib sees it, for what json-glib
 * 1.6 gets wrong: it recurses without limit (a deep enough `[[[…` is a
 * stack overflow), takes "{…}{…}" as two roots, decodes "\ud83d" or
 * "\u0000" into a C string that is invalid UTF-8 or cut short, and
 * mishandles some numbers (see number_is_keepable()). Only the
 * structure and the string escapes are looked at; json-glib still checks
 * the grammar, so malformed text is left for it to refuse. The text has
 * already been checked as UTF-8 without NUL bytes. */

typedef struct
{
  gboolean    is_object;
  guint       index;         /* the element a list is at */
  const char *name;          /* the member an object is at, as written */
  gsize       name_length;
} Level;

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  Level       levels[LD_JSON_MAX_DEPTH];
  guint       depth;
  gboolean    expect_name;
} Scan;

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
skip_space (Scan *scan)
{
  while (scan->pos < scan->length && is_json_space (scan->data[scan->pos]))
    scan->pos++;
}

/* "results[0].note": the wire name of where the scan is, as the reader's
 * field errors name nested members. @extra (a member name being read) is
 * appended when not NULL. */
static char *
dup_path (Scan       *scan,
          const char *extra,
          gsize       extra_length)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < scan->depth; i++)
    {
      const Level *level = &scan->levels[i];

      if (!level->is_object)
        g_string_append_printf (path, "[%u]", level->index);
      else if (level->name != NULL && !(i == scan->depth - 1 && extra != NULL))
        {
          if (path->len > 0)
            g_string_append_c (path, '.');
          g_string_append_len (path, level->name, level->name_length);
        }
    }

  if (extra != NULL)
    {
      if (path->len > 0)
        g_string_append_c (path, '.');
      g_string_append_len (path, extra, extra_length);
    }

  return g_string_free (path, FALSE);
}

static gboolean
read_hex4 (const char *text,
           gsize       available,
           gunichar   *out)
{
  gunichar value = 0;

  if (available < 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + digit;
    }

  *out = value;
  return TRUE;
}

typedef enum
{
  STRING_OK,
  STRING_BAD_TEXT,    /* an escape for U+0000 or half a surrogate pair */
  STRING_BAD_ESCAPE,  /* not JSON, yet json-glib decoded "\u+83d" */
} StringCheck;

/* Moves past the string that starts at the quote at scan->pos, checking
 * its escapes; an unterminated string is json-glib's to refuse. */
static StringCheck
skip_string (Scan *scan)
{
  StringCheck check = STRING_OK;

  scan->pos++;
  while (scan->pos < scan->length && scan->data[scan->pos] != '"')
    {
      const char *at = scan->data + scan->pos;
      gsize left = scan->length - scan->pos;
      gunichar unit, low;

      if (at[0] != '\\')
        {
          scan->pos++;
          continue;
        }

      if (left >= 2 && strchr ("\"\\/bfnrt", at[1]) != NULL && at[1] != '\0')
        {
          scan->pos += 2;
          continue;
        }

      if (left < 2 || at[1] != 'u' || !read_hex4 (at + 2, left - 2, &unit))
        {
          scan->pos += MIN (left, 2);
          check = STRING_BAD_ESCAPE;
          continue;
        }

      scan->pos += 6;
      if (unit == 0 || (unit >= 0xdc00 && unit <= 0xdfff))
        check = MAX (check, STRING_BAD_TEXT);
      else if (unit >= 0xd800 && unit <= 0xdbff)
        {
          if (left >= 12 && at[6] == '\\' && at[7] == 'u' && read_hex4 (at + 8, left - 8, &low)
              && low >= 0xdc00 && low <= 0xdfff)
            scan->pos += 6;
          else
            check = MAX (check, STRING_BAD_TEXT);
        }
    }

  scan->pos++;
  return check;
}

/* Refuses the value the scan is at (or the member name @name), naming
 * where it is in `fields`. */
static gboolean
refuse_value (Scan        *scan,
              const char  *name,
              gsize        name_length,
              const char  *message,
              const char  *field_message,
              GError     **error)
{
  g_autofree char *path = dup_path (scan, name, name_length);
  GError *local;

  local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_BAD_REQUEST, message);
  if (*path != '\0')
    ld_api_error_set_field (local, path, field_message);
  g_propagate_error (error, local);
  return FALSE;
}

static gboolean
refuse_string (Scan         *scan,
               StringCheck   check,
               const char   *name,
               gsize         name_length,
               GError      **error)
{
  if (check == STRING_BAD_ESCAPE)
    return refuse_value (scan, name, name_length,
                         "The request body is not valid JSON: a string holds a bad escape.",
                         "holds a bad escape", error);

  return refuse_value (scan, name, name_length,
                       "The request body holds text that is not valid: "
                       "a \\u0000 or half a surrogate pair.",
                       "must be valid text (no \\u0000, no lone surrogate)", error);
}

/* json-glib reads a whole number into a gint64 and silently wraps one
 * that does not fit (12345678901234567890 became -6101065172474983726),
 * reads 1e999 as infinity, and writes a double such as 1e22 back as
 * "1e+22.0", which is not JSON. Such numbers are refused; any other
 * malformed literal is json-glib's to refuse. The server's own writer
 * (ld_json_out_node()) writes 1e22 as JSON, but a client or a record of
 * an older server that writes with json-glib would not: the rule stays
 * as the API documents it. */
static gboolean
number_is_keepable (const char *literal,
                    gsize       length)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  char written[G_ASCII_DTOSTR_BUF_SIZE];
  char *end = NULL;
  double value;

  if (length == 0 || !(literal[0] == '-' || g_ascii_isdigit (literal[0])))
    return TRUE;

  text = g_strndup (literal, length);
  if (strpbrk (text, ".eE") == NULL)
    return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, NULL, &error) ||
           !g_error_matches (error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS);

  value = g_ascii_strtod (text, &end);
  if (end == NULL || *end != '\0')
    return TRUE;
  if (!isfinite (value))
    return FALSE;

  g_ascii_formatd (written, sizeof written, "%.17g", value);
  return !(strchr (written, 'e') != NULL && strchr (written, '.') == NULL);
}

static gboolean
open_level (Scan      *scan,
            gboolean   is_object,
            GError   **error)
{
  if (scan->depth == LD_JSON_MAX_DEPTH)
    {
      g_set_error (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                   "The request body is nested too deeply (more than %d levels).",
                   LD_JSON_MAX_DEPTH);
      return FALSE;
    }

  scan->levels[scan->depth] = (Level){ .is_object = is_object };
  scan->depth++;
  scan->expect_name = is_object;
  return TRUE;
}

/**
 * ld_json_scan:
 * @data: valid UTF-8 without NUL bytes
 * @length: its length
 * @error: return location for a %LD_API_ERROR_BAD_REQUEST
 *
 * Refuses text nested deeper than %LD_JSON_MAX_DEPTH, text with more than
 * one top-level value, and strings (member names too) whose escapes decode
 * to U+0000 or to a lone surrogate, naming where they are in `fields`.
 *
 * Returns: %TRUE if json-glib may be given the text
 */
gboolean
ld_json_scan (const char  *data,
              gsize        length,
              GError     **error)
{
  Scan scan = { .data = data, .length = length };
  gboolean done = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  skip_space (&scan);
  while (!done && scan.pos < scan.length)
    {
      char c = data[scan.pos];
      Level *top = scan.depth > 0 ? &scan.levels[scan.depth - 1] : NULL;

      if (c == '{' || c == '[')
        {
          if (!open_level (&scan, c == '{', error))
            return FALSE;
          scan.pos++;
        }
      else if (c == '}' || c == ']')
        {
          if (scan.depth == 0)
            return TRUE;  /* malformed: json-glib says so */
          scan.depth--;
          scan.pos++;
          done = scan.depth == 0;
        }
      else if (c == ',')
        {
          if (top != NULL && top->is_object)
            scan.expect_name = TRUE;
          else if (top != NULL)
            top->index++;
          scan.pos++;
        }
      else if (c == '"')
        {
          gsize start = scan.pos + 1;
          gboolean is_name = top != NULL && top->is_object && scan.expect_name;

          StringCheck check = skip_string (&scan);

          if (check != STRING_OK && is_name)
            return refuse_string (&scan, check, data + start,
                                  MIN (scan.pos - 1, scan.length) - start, error);
          if (check != STRING_OK)
            return refuse_string (&scan, check, NULL, 0, error);
          if (is_name)
            {
              top->name = data + start;
              top->name_length = MIN (scan.pos - 1, scan.length) - start;
              scan.expect_name = FALSE;
            }
          done = scan.depth == 0;
        }
      else if (is_json_space (c) || c == ':')
        scan.pos++;
      else
        {
          /* a number or a literal */
          gsize start = scan.pos;

          while (scan.pos < scan.length && !strchr (" \t\n\r,:[]{}\"", data[scan.pos]))
            scan.pos++;
          if (!number_is_keepable (data + start, scan.pos - start))
            return refuse_value (&scan, NULL, 0,
                                 "The request body holds a number out of range.",
                                 "is out of range", error);
          done = scan.depth == 0;
        }
    }

  skip_space (&scan);
  if (done && scan.pos < scan.length)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                           "The request body is not valid JSON: it holds more than one value.");
      return FALSE;
    }

  return TRUE;
}

/* ld-db-pg-sql.c: SQLite's parameters written PostgreSQL's way
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-db"

#include "config.h"

#include <string.h>

#include "ld-db-pg-sql.h"
#include "ld-error.h"

/* SQLite's default SQLITE_MAX_VARIABLE_NUMBER: no text the SQLite backend
 * accepts goes past it. */
#define MAX_PARAMETER 32766

static gboolean
is_identifier_char (char c)
{
  /* Bytes of a multi-byte UTF-8 letter are identifier bytes too. */
  return g_ascii_isalnum (c) || c == '_' || c == '$' || (guchar) c >= 0x80;
}

/* Where the quoted text, comment or dollar-quoted body that starts at @p
 * ends (just past it), or NULL if @p starts none of them. Parameters are
 * not looked for inside: `'?1'` is text, `"a?"` a name. */
static const char *
skip_quoted (const char *sql,
             const char *p)
{
  gboolean after_word = p > sql && is_identifier_char (p[-1]);

  if (*p == '\'' || *p == '"')
    {
      char quote = *p;
      /* E'…' is the one string in which a backslash escapes. */
      gboolean escapes = quote == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
                         (p - 1 == sql || !is_identifier_char (p[-2]));

      for (p++; *p != '\0'; p++)
        {
          if (escapes && *p == '\\' && p[1] != '\0')
            p++;
          else if (*p == quote && p[1] == quote)
            p++;
          else if (*p == quote)
            return p + 1;
        }
      return p;
    }

  if (p[0] == '-' && p[1] == '-')
    {
      const char *end = strchr (p, '\n');

      return end != NULL ? end : p + strlen (p);
    }

  if (p[0] == '/' && p[1] == '*')
    {
      /* PostgreSQL's block comments nest. */
      guint depth = 0;

      while (*p != '\0')
        {
          if (p[0] == '/' && p[1] == '*')
            depth++, p += 2;
          else if (p[0] == '*' && p[1] == '/')
            {
              p += 2;
              if (--depth == 0)
                return p;
            }
          else
            p++;
        }
      return p;
    }

  if (*p == '$' && !after_word && !g_ascii_isdigit (p[1]))
    {
      const char *tag_end = p + 1;
      g_autofree char *tag = NULL;
      const char *end;

      while (*tag_end != '\0' && *tag_end != '$' && (g_ascii_isalnum (*tag_end) || *tag_end == '_'))
        tag_end++;
      if (*tag_end != '$')
        return NULL;

      tag = g_strndup (p, tag_end - p + 1);
      end = strstr (tag_end + 1, tag);
      return end != NULL ? end + strlen (tag) : p + strlen (p);
    }

  return NULL;
}

static void
set_range_error (GError     **error,
                 const char  *sql,
                 const char  *why)
{
  g_debug ("prepare: %s in: %s", why, sql);
  g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                       "The database could not be read or written.");
}

/**
 * ld_db_pg_rewrite_parameters:
 * @sql: SQL whose parameters are written SQLite's way: `?NNN`, or a bare
 *   `?` for one more than the largest number before it
 * @out_n_params: (out): the largest parameter number
 * @out_used: (out) (transfer full): @out_n_params flags, non-zero for each
 *   number @sql uses (SQLite lets a text skip some; PostgreSQL must be
 *   told a type for those)
 * @error: return location for an %LD_STORE_ERROR
 *
 * Writes each parameter as PostgreSQL's `$NNN`, leaving string literals,
 * quoted names, comments and dollar-quoted bodies as they are.
 *
 * Returns: (transfer full) (nullable): the rewritten text
 */
char *
ld_db_pg_rewrite_parameters (const char  *sql,
                             guint       *out_n_params,
                             guint8     **out_used,
                             GError     **error)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GByteArray) used = g_byte_array_new ();
  const char *p = sql;

  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (out_n_params != NULL && out_used != NULL, NULL);

  out = g_string_sized_new (strlen (sql) + 16);
  while (*p != '\0')
    {
      const char *end = skip_quoted (sql, p);
      guint64 number;

      if (end != NULL)
        {
          g_string_append_len (out, p, end - p);
          p = end;
          continue;
        }

      if (*p == '$' && g_ascii_isdigit (p[1]) && (p == sql || !is_identifier_char (p[-1])))
        {
          set_range_error (error, sql, "a $N parameter (write ?N)");
          return NULL;
        }

      if (*p != '?')
        {
          g_string_append_c (out, *p++);
          continue;
        }

      p++;
      if (g_ascii_isdigit (*p))
        {
          char *digits_end;

          number = g_ascii_strtoull (p, &digits_end, 10);
          p = digits_end;
        }
      else
        number = used->len + 1;

      if (number == 0 || number > MAX_PARAMETER)
        {
          set_range_error (error, sql, "a parameter number out of range");
          return NULL;
        }

      if (number > used->len)
        {
          guint old_len = used->len;

          g_byte_array_set_size (used, number);
          memset (used->data + old_len, 0, number - old_len);
        }
      used->data[number - 1] = 1;

      /* "a$1" would be one name to PostgreSQL. */
      if (out->len > 0 && is_identifier_char (out->str[out->len - 1]))
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "$%" G_GUINT64_FORMAT, number);
    }

  *out_n_params = used->len;
  *out_used = g_byte_array_free (g_steal_pointer (&used), FALSE);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

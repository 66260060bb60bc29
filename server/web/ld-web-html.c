/* ld-web-html.c: HTML that escapes every value by construction
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient pages are written only through these functions. A tag or an
 * attribute's name is a literal of the program, checked to be one (lower
 * case letters, digits and '-'); every value, an attribute's or a text's,
 * is escaped as it goes in. No function takes markup: there is no way to
 * put a value into the page unescaped. Tags are closed in the order they
 * were opened, and a page left open is a programming error.
 */

#define G_LOG_DOMAIN "ld-web"

#include "config.h"

#include <stdarg.h>

#include "ld-web-html.h"

struct _LdHtml
{
  GString   *out;
  GPtrArray *open; /* the open tags, innermost last (static strings) */
};

LdHtml *
ld_html_new (void)
{
  LdHtml *html = g_new0 (LdHtml, 1);

  html->out = g_string_sized_new (8192);
  html->open = g_ptr_array_new ();
  g_string_append (html->out, "<!DOCTYPE html>\n");
  return html;
}

void
ld_html_free (LdHtml *html)
{
  if (html == NULL)
    return;

  g_string_free (html->out, TRUE);
  g_ptr_array_unref (html->open);
  g_free (html);
}

/**
 * ld_html_steal:
 * @html: a page whose every tag is closed
 * @out_len: (out) (optional): its length in bytes
 *
 * Returns: (transfer full): the page; @html is freed
 */
char *
ld_html_steal (LdHtml *html,
               gsize  *out_len)
{
  char *text;

  g_return_val_if_fail (html != NULL, NULL);
  g_return_val_if_fail (html->open->len == 0, NULL);

  if (out_len != NULL)
    *out_len = html->out->len;
  text = g_string_free (g_steal_pointer (&html->out), FALSE);
  g_ptr_array_unref (html->open);
  g_free (html);
  return text;
}

static gboolean
is_name (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\'': g_string_append (out, "&#39;"); break;
      default: g_string_append_c (out, *p); break;
      }
}

/* name, value pairs up to a NULL name; a NULL value leaves the attribute
 * out, "" writes it bare (a boolean attribute such as "required"). */
static void
append_tag (LdHtml     *html,
            const char *tag,
            va_list     args)
{
  const char *name;

  g_string_append_c (html->out, '<');
  g_string_append (html->out, tag);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_return_if_fail (is_name (name));
      if (value == NULL)
        continue;
      g_string_append_c (html->out, ' ');
      g_string_append (html->out, name);
      if (*value == '\0')
        continue;
      g_string_append (html->out, "=\"");
      append_escaped (html->out, value);
      g_string_append_c (html->out, '"');
    }
  g_string_append_c (html->out, '>');
}

/**
 * ld_html_open:
 * @html: a page
 * @tag: the element, a literal such as "form"
 * @...: attribute name, value pairs, then %NULL
 */
void
ld_html_open (LdHtml     *html,
              const char *tag,
              ...)
{
  va_list args;

  g_return_if_fail (html != NULL && is_name (tag));

  va_start (args, tag);
  append_tag (html, tag, args);
  va_end (args);
  g_ptr_array_add (html->open, (gpointer) tag);
}

void
ld_html_close (LdHtml     *html,
               const char *tag)
{
  g_return_if_fail (html != NULL && html->open->len > 0);
  g_return_if_fail (g_str_equal (g_ptr_array_index (html->open, html->open->len - 1), tag));

  g_ptr_array_remove_index (html->open, html->open->len - 1);
  g_string_append_printf (html->out, "</%s>", tag);
}

/**
 * ld_html_void:
 * @html: a page
 * @tag: an element without content, such as "input"
 * @...: attribute name, value pairs, then %NULL
 */
void
ld_html_void (LdHtml     *html,
              const char *tag,
              ...)
{
  va_list args;

  g_return_if_fail (html != NULL && is_name (tag));

  va_start (args, tag);
  append_tag (html, tag, args);
  va_end (args);
}

void
ld_html_text (LdHtml     *html,
              const char *text)
{
  g_return_if_fail (html != NULL);

  if (text != NULL)
    append_escaped (html->out, text);
}

/**
 * ld_html_element:
 * @html: a page
 * @tag: the element
 * @text: (nullable): its text
 * @...: attribute name, value pairs, then %NULL
 *
 * An element holding only text: `<tag …>text</tag>`.
 */
void
ld_html_element (LdHtml     *html,
                 const char *tag,
                 const char *text,
                 ...)
{
  va_list args;

  g_return_if_fail (html != NULL && is_name (tag));

  va_start (args, text);
  append_tag (html, tag, args);
  va_end (args);
  ld_html_text (html, text);
  g_string_append_printf (html->out, "</%s>", tag);
}

/* ld-text.c: folding names for search
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-text"

#include "config.h"

#include "ld-text.h"

/* Accents are dropped only from Latin letters ("José" finds "jose"); in
 * Devanagari and other Indic scripts the combining signs are the vowels
 * themselves, and dropping them would merge different names. */
static gboolean
mark_is_accent_of (gunichar mark,
                   gunichar base)
{
  GUnicodeType type = g_unichar_type (mark);

  return (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK) &&
         g_unichar_get_script (base) == G_UNICODE_SCRIPT_LATIN;
}

/**
 * ld_text_fold:
 * @text: a name as typed
 *
 * The form names are compared in: case-folded, Latin accents removed,
 * white space collapsed, NFC. The same function folds what is stored and
 * what is searched, on the server and in the client's cache.
 *
 * Returns: (transfer full): the folded text
 */
char *
ld_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GString) kept = NULL;
  gunichar base = 0;
  gboolean in_space = TRUE;

  g_return_val_if_fail (text != NULL, NULL);

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  kept = g_string_new (NULL);
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (mark_is_accent_of (c, base))
        continue;

      if (g_unichar_isspace (c) || c == '.' || c == ',')
        {
          if (!in_space)
            g_string_append_c (kept, ' ');
          in_space = TRUE;
          continue;
        }

      base = c;
      in_space = FALSE;
      g_string_append_unichar (kept, c);
    }
  if (kept->len > 0 && kept->str[kept->len - 1] == ' ')
    g_string_truncate (kept, kept->len - 1);

  folded = g_utf8_casefold (kept->str, -1);
  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
}

/**
 * ld_text_fold_words:
 * @text: a name as typed
 *
 * Returns: (transfer full): the folded words, in order, without repeats
 */
GStrv
ld_text_fold_words (const char *text)
{
  g_autofree char *folded = ld_text_fold (text);
  g_auto(GStrv) parts = g_strsplit (folded, " ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_ptr_array_find_with_equal_func (seen, parts[i], g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, parts[i]);
      g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

/**
 * ld_text_digits:
 * @text: a phone number or other text
 *
 * Returns: (transfer full): only its ASCII digits
 */
char *
ld_text_digits (const char *text)
{
  GString *digits = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, g_string_free (digits, FALSE));

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  return g_string_free (digits, FALSE);
}

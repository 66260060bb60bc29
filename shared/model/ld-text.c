/* ld-text.c: folding names for search; letters as read
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
      if (parts[i][0] == '\0' ||
          g_ptr_array_find_with_equal_func (seen, parts[i], g_str_equal, NULL))
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

/* A virama (Devanagari ्, Bengali ্, Tamil ், …) joins the consonant
 * after it to the one before it into one conjunct letter. */
static gboolean
is_virama (gunichar c)
{
  return g_unichar_combining_class (c) == 9;
}

/**
 * ld_text_letter_end:
 * @text: UTF-8 text, at the start of a character
 *
 * Where the letter that starts at @text ends, as a reader sees letters:
 * a character with the combining marks that follow it (a vowel sign, a
 * nasal sign, an accent), and in Indian scripts every consonant a virama
 * joins on (with a zero-width joiner or not), so that "क्षितिज" starts
 * with the letter "क्षि", "त्रिपाठी" with "त्रि" and "श्रीमती" with "श्री" —
 * never with a half letter such as "क्". This is Unicode's extended
 * grapheme cluster, with the conjunct rule (GB9c) that GLib and Pango on
 * Debian 12 do not know yet. A zero-width non-joiner after a virama asks
 * for the half form on purpose and ends the letter.
 *
 * Returns: (transfer none): the first byte after the letter; @text itself
 *   at the end of the text
 */
const char *
ld_text_letter_end (const char *text)
{
  gboolean joining = FALSE;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  if (*text == '\0')
    return text;

  for (p = g_utf8_next_char (text); *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x200C)
        {
          joining = FALSE;
          continue;
        }
      if (c == 0x200D)
        continue;
      if (joining && g_unichar_isalpha (c) && !g_unichar_ismark (c))
        {
          joining = FALSE;
          continue;
        }
      if (!g_unichar_ismark (c))
        break;
      joining = is_virama (c);
    }

  return p;
}

/**
 * ld_text_initials:
 * @name: (nullable): a person's name, in any script
 *
 * The first letter (see ld_text_letter_end()) of each of the first four
 * words that start with a letter, each followed by a full stop: "M. P."
 * for "Meera Pillai", "क्षि. त्रि." for "क्षितिज त्रिपाठी". The first
 * character is upper-cased where its script has case.
 *
 * Returns: (transfer full): the initials, "" for no name or broken UTF-8
 */
char *
ld_text_initials (const char *name)
{
  g_auto(GStrv) words = NULL;
  GString *initials = g_string_new (NULL);
  guint n = 0;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_string_free (initials, FALSE);

  words = g_strsplit_set (name, " \t\n", -1);
  for (guint i = 0; words[i] != NULL && n < 4; i++)
    {
      const char *word = words[i];
      const char *end;

      if (*word == '\0' || !g_unichar_isalpha (g_utf8_get_char (word)))
        continue;

      end = ld_text_letter_end (word);
      if (initials->len > 0)
        g_string_append_c (initials, ' ');
      g_string_append_unichar (initials, g_unichar_toupper (g_utf8_get_char (word)));
      g_string_append_len (initials, g_utf8_next_char (word), end - g_utf8_next_char (word));
      g_string_append_c (initials, '.');
      n++;
    }

  return g_string_free (initials, FALSE);
}

/**
 * ld_text_append_int:
 * @text: a string
 * @value: a number
 *
 * Appends @value in decimal, as "%" G_GINT64_FORMAT writes it, without
 * printf's machinery: writing a JSON record and hashing an audit event
 * append dozens of numbers each, and printf was a tenth of the record.
 */
void
ld_text_append_int (GString *text,
                    gint64   value)
{
  char digits[24];
  guint n = 0;
  /* Negated as unsigned, so that G_MININT64 has a magnitude too. */
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  g_return_if_fail (text != NULL);

  do
    {
      digits[n++] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    g_string_append_c (text, '-');
  while (n > 0)
    g_string_append_c (text, digits[--n]);
}

/* ld-interpretation.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 18: a report-wide interpretation, given with verification or
 * release and printed at the end of the report under "Interpretation".
 */

#define G_LOG_DOMAIN "ld-interpretation"

#include "config.h"

#include "ld-interpretation.h"

/**
 * ld_interpretation_read:
 * @reader: a verification or release body
 * @name: the member, "interpretation"
 * @out_text: (out) (transfer full): the text, trimmed, or %NULL when the
 *   member is absent
 *
 * Reads paragraphs of text: not blank, at most
 * %LD_INTERPRETATION_MAX_CHARS characters, with line breaks but no other
 * control characters. A problem is noted in @reader under @name.
 *
 * Returns: %TRUE if the member was given and is acceptable
 */
gboolean
ld_interpretation_read (LdJsonReader  *reader,
                        const char    *name,
                        char         **out_text)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (out_text != NULL, FALSE);

  *out_text = NULL;
  if (!ld_json_reader_get_string (reader, name, LD_JSON_OPTIONAL | LD_JSON_NON_EMPTY, &text))
    return FALSE;

  g_strstrip (text);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && c != '\n')
        {
          ld_json_reader_add_error (reader, name, "must be text, with line breaks but no other "
                                                  "control characters");
          return FALSE;
        }
    }
  if (g_utf8_strlen (text, -1) > LD_INTERPRETATION_MAX_CHARS)
    {
      ld_json_reader_add_error (reader, name, "must be at most 2000 characters long");
      return FALSE;
    }

  *out_text = g_steal_pointer (&text);
  return TRUE;
}

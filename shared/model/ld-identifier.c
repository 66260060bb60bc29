/* ld-identifier.c: the human numbers a scanner or a person types
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server makes three numbers for people to read, print and scan:
 * P + six or more digits (MRN), O + year and month + "-" + six or more
 * digits (order), S + year, month and day + five or more digits
 * (accession). A barcode scanner types one and Enter; so may a person,
 * in lower case and with spaces around it.
 */

#define G_LOG_DOMAIN "ld-identifier"

#include "config.h"

#include "ld-identifier.h"

static gboolean
all_digits (const char *text,
            gsize       min_len)
{
  gsize n = 0;

  for (; text[n] != '\0'; n++)
    if (!g_ascii_isdigit (text[n]))
      return FALSE;
  return n >= min_len;
}

/**
 * ld_identifier_parse:
 * @text: what was typed or scanned
 * @out_number: (out) (optional) (transfer full): the number as the server
 *   writes it (upper case, no spaces), when it is one
 *
 * Returns: which of Labdesk's numbers @text is, or %LD_IDENTIFIER_NONE
 */
LdIdentifierKind
ld_identifier_parse (const char  *text,
                     char       **out_number)
{
  g_autofree char *number = NULL;
  LdIdentifierKind kind = LD_IDENTIFIER_NONE;

  g_return_val_if_fail (text != NULL, LD_IDENTIFIER_NONE);

  number = g_ascii_strup (text, -1);
  g_strstrip (number);

  switch (number[0])
    {
    case 'P':
      if (all_digits (number + 1, 6))
        kind = LD_IDENTIFIER_MRN;
      break;

    case 'O':
      if (strlen (number) >= 12 && number[5] == '-')
        {
          number[5] = '0';
          if (all_digits (number + 1, 10))
            kind = LD_IDENTIFIER_ORDER;
          number[5] = '-';
        }
      break;

    case 'S':
      if (all_digits (number + 1, 11))
        kind = LD_IDENTIFIER_ACCESSION;
      break;

    default:
      break;
    }

  if (out_number != NULL)
    *out_number = kind != LD_IDENTIFIER_NONE ? g_steal_pointer (&number) : NULL;
  return kind;
}

/**
 * ld_identifier_entity:
 *
 * Returns: the record @kind names, as the change feed names it
 *   ("patient", "order", "sample"), or %NULL
 */
const char *
ld_identifier_entity (LdIdentifierKind kind)
{
  switch (kind)
    {
    case LD_IDENTIFIER_MRN:
      return "patient";
    case LD_IDENTIFIER_ORDER:
      return "order";
    case LD_IDENTIFIER_ACCESSION:
      return "sample";
    case LD_IDENTIFIER_NONE:
    default:
      return NULL;
    }
}

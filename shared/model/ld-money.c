/* ld-money.c: amounts of money as the desk types them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Money is integer paise everywhere; a typed amount is read digit by
 * digit into paise, never through a double, so "0.29" is 29 paise and
 * not 28.999… . The desk may type the rupee sign, spaces and commas as
 * they are printed (Indian grouping, "1,23,456.50"), and at most two
 * digits after the point. The reasons are field messages marked for
 * translation, shown through ld_error_text_field_message().
 */

#define G_LOG_DOMAIN "ld-money"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-money.h"

/**
 * ld_money_parse:
 * @text: what was typed, such as "1,234.50" or "₹ 500"
 * @out_paise: (out): the amount in paise, when it is one
 *
 * Returns: (nullable): why @text is not an amount (an English field
 *   message, translated where it is shown), or %NULL when it is one
 */
const char *
ld_money_parse (const char *text,
                gint64     *out_paise)
{
  gint64 rupees = 0;
  gint64 paise = 0;
  guint n_digits = 0;
  guint n_decimals = 0;
  gboolean point = FALSE;
  gboolean last_was_comma = FALSE;
  const char *p;

  g_return_val_if_fail (out_paise != NULL, NULL);

  *out_paise = 0;
  if (text == NULL)
    return N_("must be an amount such as 1,250.00");

  p = text;
  while (*p == ' ')
    p++;
  if (g_str_has_prefix (p, "\u20b9"))
    p += strlen ("\u20b9");
  while (*p == ' ')
    p++;

  for (; *p != '\0' && *p != ' '; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (point)
            {
              if (++n_decimals > 2)
                return N_("must have at most two digits after the point");
              paise = paise * 10 + (*p - '0');
            }
          else
            {
              rupees = rupees * 10 + (*p - '0');
              if (rupees * 100 > LD_MONEY_MAX_PAISE)
                return N_("is too large");
            }
          n_digits++;
          last_was_comma = FALSE;
        }
      else if (*p == ',' && !point && n_digits > 0 && !last_was_comma)
        last_was_comma = TRUE;
      else if (*p == '.' && !point && !last_was_comma)
        point = TRUE;
      else if (*p == '-' && n_digits == 0)
        return N_("must not be negative");
      else
        return N_("must be an amount such as 1,250.00");
    }
  while (*p == ' ')
    p++;

  if (*p != '\0' || n_digits == 0 || last_was_comma)
    return N_("must be an amount such as 1,250.00");
  if (n_decimals == 1)
    paise *= 10;

  *out_paise = rupees * 100 + paise;
  if (*out_paise > LD_MONEY_MAX_PAISE)
    {
      *out_paise = 0;
      return N_("is too large");
    }
  return NULL;
}

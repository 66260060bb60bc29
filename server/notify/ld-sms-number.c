/* ld-sms-number.c: a patient's phone as an SMS gateway's recipient
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-notify"

#include "config.h"

#include <string.h>

#include "ld-patient-rules.h"
#include "ld-sms-number.h"
#include "ld-text.h"

/* The lab is in India: a number written without its country code is an
 * Indian one, whose national number has ten digits. */
#define HOME_COUNTRY_CODE "91"
#define HOME_NATIONAL_DIGITS 10

/**
 * ld_sms_number_e164:
 * @phone: (nullable): a phone number as registered ("98450 11111",
 *   "+91 98450 11111", "0091 …")
 *
 * A number written with its country code ("+" or "00") keeps it; one
 * without is taken as Indian when it has ten digits (after any trunk 0).
 *
 * Returns: (transfer full) (nullable): the number as "+919845011111";
 *   %NULL when it cannot be told which number it is
 */
char *
ld_sms_number_e164 (const char *phone)
{
  g_autofree char *digits = NULL;
  g_autofree char *national = NULL;
  const char *start;

  if (phone == NULL)
    return NULL;

  start = phone + strspn (phone, " \t");
  digits = ld_text_digits (start);
  if (start[0] == '+' || g_str_has_prefix (start, "00"))
    {
      const char *number = start[0] == '+' ? digits : digits + 2;
      gsize length = strlen (number);

      if (length < 8 || length > 15 || number[0] == '0')
        return NULL;
      return g_strconcat ("+", number, NULL);
    }
  national = ld_patient_phone_national (start);
  if (national == NULL || strlen (national) != HOME_NATIONAL_DIGITS)
    return NULL;
  return g_strconcat ("+" HOME_COUNTRY_CODE, national, NULL);
}

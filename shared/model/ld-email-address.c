/* ld-email-address.c: whether a person's e-mail address is one, one rule
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A patient's address (ld-patient.c) and a user's (ld-user-body.c) are
 * judged by this one rule, so the desk, the administrator's page and the
 * server refuse the same addresses with the same words.
 */

#define G_LOG_DOMAIN "ld-email-address"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ld-email-address.h"

/**
 * ld_email_address_check:
 * @address: an address, trimmed
 * @out_reason: (out) (optional): why it is refused, untranslated (N_())
 *
 * One "@", something before it, a dot in the domain that neither starts
 * nor ends it, no spaces and nothing that would break a mail header.
 *
 * Returns: %TRUE if @address may be kept
 */
gboolean
ld_email_address_check (const char  *address,
                        const char **out_reason)
{
  const char *at;

  g_return_val_if_fail (address != NULL, FALSE);

  if (g_utf8_strlen (address, -1) > LD_EMAIL_ADDRESS_MAX_CHARS)
    {
      if (out_reason != NULL)
        *out_reason = N_("is too long");
      return FALSE;
    }
  at = strchr (address, '@');
  if (at != NULL && at != address && strchr (at + 1, '@') == NULL &&
      strchr (at + 1, '.') != NULL && strpbrk (address, " \t\r\n<>,;") == NULL && at[1] != '.' &&
      !g_str_has_suffix (address, "."))
    return TRUE;
  if (out_reason != NULL)
    *out_reason = N_("must be an address such as name@example.com");
  return FALSE;
}

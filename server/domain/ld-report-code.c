/* ld-report-code.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report's QR code carries this code; whoever holds the paper asks the
 * server whether it is genuine. Twelve symbols from an alphabet without
 * look-alikes (no 0/O, 1/I/L, U) give 30^12 ≈ 2^59 codes, drawn from the
 * system's secure random source, so none can be guessed; grouped by four
 * (K7QM-3XPD-W2HC) it can also be read out over the phone.
 */

#define G_LOG_DOMAIN "ld-report-code"

#include "config.h"

#include <sodium.h>

#include "ld-report-code.h"

static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

#define N_SYMBOLS 12
#define GROUP 4

/**
 * ld_report_code_new:
 *
 * Returns: (transfer full): a new code, such as "K7QM-3XPD-W2HC"
 */
char *
ld_report_code_new (void)
{
  GString *code = g_string_sized_new (LD_REPORT_CODE_LENGTH);

  if (sodium_init () < 0)
    g_error ("libsodium could not start; no secure random numbers");

  for (guint i = 0; i < N_SYMBOLS; i++)
    {
      if (i > 0 && i % GROUP == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, alphabet[randombytes_uniform (sizeof alphabet - 1)]);
    }

  return g_string_free (code, FALSE);
}

/* Whether @code has the shape ld_report_code_new() gives. */
gboolean
ld_report_code_is_valid (const char *code)
{
  if (code == NULL || strlen (code) != LD_REPORT_CODE_LENGTH)
    return FALSE;

  for (guint i = 0; i < LD_REPORT_CODE_LENGTH; i++)
    if ((i % (GROUP + 1) == GROUP) ? code[i] != '-'
                                   : strchr (alphabet, code[i]) == NULL || code[i] == '\0')
      return FALSE;

  return TRUE;
}

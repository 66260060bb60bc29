/* ld-break-glass.c: the rule for a break-the-glass reason
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server refuses a reason out of these limits (POST
 * /api/v1/patients/{id}/break-glass); the doctor's dialog checks the same
 * rule as the reason is typed.
 */

#define G_LOG_DOMAIN "ld-break-glass"

#include "config.h"

#include "ld-break-glass.h"

/**
 * ld_break_glass_check_reason:
 * @reason: a break-the-glass reason, trimmed of spaces at either end
 *
 * Returns: (nullable): what is wrong with it, as the server's field
 *   error says it (English), or %NULL when it will do
 */
const char *
ld_break_glass_check_reason (const char *reason)
{
  glong length;

  g_return_val_if_fail (reason != NULL, NULL);

  length = g_utf8_strlen (reason, -1);
  if (length < LD_BREAK_GLASS_REASON_MIN || length > LD_BREAK_GLASS_REASON_MAX)
    return "must be 10 to 500 characters long";
  return NULL;
}

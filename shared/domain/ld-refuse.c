/* ld-refuse.c: a rule's refusal, in the API's error domain
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shared rules answer FALSE with the error the server sends; one
 * function writes it, so that a check reads "return ld_refuse (…)".
 */

#include "config.h"

#include "ld-refuse.h"

/**
 * ld_refuse:
 * @error: return location for an %LD_API_ERROR
 * @code: the wire code
 * @format: the message, printf-style
 *
 * Returns: %FALSE, always
 */
gboolean
ld_refuse (GError     **error,
           LdApiError   code,
           const char  *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (LD_API_ERROR, code, format, args));
  va_end (args);
  return FALSE;
}

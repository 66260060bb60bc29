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

/**
 * ld_refuse_field:
 * @error: return location for an %LD_API_ERROR (VALIDATION_FAILED)
 * @field: the request's field at fault
 * @problem: what is wrong with it, as the error's `fields` says
 * @message: the message for the desk
 *
 * A value of the request the server refuses, naming its field.
 *
 * Returns: %FALSE, always
 */
gboolean
ld_refuse_field (GError     **error,
                 const char  *field,
                 const char  *problem,
                 const char  *message)
{
  GError *local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED, message);

  ld_api_error_set_field (local, field, problem);
  g_propagate_error (error, local);
  return FALSE;
}

/* ld-mail-test.c: `labdesk-server mail-test`
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One message through the configured mail server, as the sender would
 * send it, for the person setting [mail] up: the server's answer, or why
 * it refused.
 */

#define G_LOG_DOMAIN "ld-notify"

#include "config.h"

#include <gio/gio.h>

#include "ld-mail-test.h"
#include "ld-mime.h"
#include "ld-notify-sender.h"
#include "ld-smtp.h"
#include "ld-time.h"

/**
 * ld_mail_test_send:
 * @mail: (nullable): the [mail] configuration
 * @to: the address to send the test to
 * @out_reply: (out) (transfer full) (nullable): the server's last reply
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the mail server accepted the message
 */
gboolean
ld_mail_test_send (const LdMailConfig  *mail,
                   const char          *to,
                   char               **out_reply,
                   GError             **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *message = NULL;
  g_autofree char *problem = NULL;
  LdSmtpOutcome outcome;

  g_return_val_if_fail (to != NULL && out_reply != NULL, FALSE);

  if (mail == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           "The configuration has no [mail] group.");
      return FALSE;
    }
  if (!ld_mime_address_is_valid (to))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an e-mail address.", to);
      return FALSE;
    }

  message = ld_notify_sender_compose (mail, "Labdesk", id, to, "Labdesk mail test",
                                      "This is a test message from labdesk-server "
                                      "mail-test.\n",
                                      NULL, ld_time_now (), NULL, NULL, error);
  if (message == NULL)
    return FALSE;

  outcome = ld_smtp_send (mail, to, message, NULL, NULL, out_reply, &problem);
  if (outcome == LD_SMTP_SENT)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failure: %s",
               outcome == LD_SMTP_PERMANENT ? "permanent" : "temporary", problem);
  return FALSE;
}

/* ld-smtp.h: one message over SMTP submission
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-config.h"

G_BEGIN_DECLS

typedef enum
{
  LD_SMTP_SENT,
  LD_SMTP_TEMPORARY,
  LD_SMTP_PERMANENT,
} LdSmtpOutcome;

/* Asked now and then during a send; TRUE stops it (as a temporary failure). */
typedef gboolean (*LdSmtpStopFunc) (gpointer user_data);

LdSmtpOutcome ld_smtp_send (const LdMailConfig  *mail,
                            const char          *to,
                            const char          *message,
                            LdSmtpStopFunc       stop,
                            gpointer             stop_data,
                            char               **out_reply,
                            char               **out_problem);

G_END_DECLS

/* ld-sms.h: one SMS through an HTTPS gateway
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-sms-config.h"
#include "ld-smtp.h"

G_BEGIN_DECLS

char         *ld_sms_build_body (const LdSmsConfig *sms,
                                 const char        *to,
                                 const char        *text,
                                 const char        *template_id);
LdSmtpOutcome ld_sms_send (const LdSmsConfig *sms,
                           const char        *body,
                           LdSmtpStopFunc     stop,
                           gpointer           stop_data,
                           char             **out_message_id,
                           char             **out_problem);

G_END_DECLS

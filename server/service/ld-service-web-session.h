/* ld-service-web-session.h: signing in to the patient pages with a code by e-mail or SMS
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "../service/ld-service.h"
#include "../store/ld-store-web.h"

G_BEGIN_DECLS

#define LD_WEB_CODE_LIFETIME_US   (10 * G_TIME_SPAN_MINUTE)
#define LD_WEB_CODE_MAX_TRIES     5
#define LD_WEB_CODE_COOL_DOWN_US  (15 * G_TIME_SPAN_MINUTE)
#define LD_WEB_SESSION_IDLE_US    (30 * G_TIME_SPAN_MINUTE)
#define LD_WEB_SESSION_MAX_US     (12 * G_TIME_SPAN_HOUR)

typedef enum
{
  LD_WEB_SIGN_IN_OK,
  LD_WEB_SIGN_IN_WRONG,
  LD_WEB_SIGN_IN_EXPIRED,
  LD_WEB_SIGN_IN_COOLING,
} LdWebSignIn;

char       *ld_web_normalize_email      (const char        *text);
char       *ld_web_normalize_mobile (const char *text);
gboolean    ld_web_address_is_phone (const char *address);
gboolean    ld_service_web_codes_by_sms (LdStore *store);
gboolean    ld_service_web_send_code (LdServiceContext *ctx,
                                      const char       *address,
                                      const char       *language,
                                      gboolean          code_in_log,
                                      GError          **error);
gboolean    ld_service_web_check_code (LdServiceContext *ctx,
                                       const char       *address,
                                       const char       *code,
                                       LdWebSignIn      *out_result,
                                       char            **out_token,
                                       GError          **error);
gboolean    ld_service_web_session_check        (LdStore           *store,
                                         const char        *token_hash,
                                         LdWebSessionRow   *out_row);
gboolean    ld_service_web_sign_out             (LdServiceContext  *ctx,
                                         const char        *token_hash,
                                         const char        *account_id,
                                         gboolean           everywhere,
                                         GError           **error);

G_END_DECLS

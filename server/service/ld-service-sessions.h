/* ld-service-sessions.h: deciding sign-ins, signing out
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"

G_BEGIN_DECLS

/**
 * LdSignInOutcome:
 * @LD_SIGN_IN_ACCEPTED: signed in; a session was made
 * @LD_SIGN_IN_UNKNOWN_USER: no such user
 * @LD_SIGN_IN_LOCKED: the account was locked already
 * @LD_SIGN_IN_DISABLED: the password was right but the account is disabled
 * @LD_SIGN_IN_WRONG_PASSWORD: the password was wrong
 * @LD_SIGN_IN_LOCKED_NOW: the password was wrong, and that locked the account
 *
 * How a sign-in was decided; each is audited.
 */
typedef enum
{
  LD_SIGN_IN_ACCEPTED,
  LD_SIGN_IN_UNKNOWN_USER,
  LD_SIGN_IN_LOCKED,
  LD_SIGN_IN_DISABLED,
  LD_SIGN_IN_WRONG_PASSWORD,
  LD_SIGN_IN_LOCKED_NOW,
} LdSignInOutcome;

/**
 * LdSignInDecision:
 * @outcome: how the sign-in was decided
 * @now_us: when
 * @user_id: (nullable): the account's id, if there is one
 * @locked_until_us: until when the account is locked, when it is
 * @token: (nullable): the new session's token, when accepted
 * @expires_at_us: when the new session ends if unused, when accepted
 * @user: (nullable): the user signed in, when accepted
 */
typedef struct
{
  LdSignInOutcome  outcome;
  gint64           now_us;
  char            *user_id;
  gint64           locked_until_us;
  char            *token;
  gint64           expires_at_us;
  LdUser          *user;
} LdSignInDecision;

void      ld_sign_in_decision_clear        (LdSignInDecision    *decision);

gboolean  ld_service_sign_in_credentials   (LdStore             *store,
                                            const char          *username,
                                            LdStoreCredentials  *out_credentials,
                                            gboolean            *out_found,
                                            GError             **error);
gboolean  ld_service_decide_sign_in        (LdServiceContext    *ctx,
                                            const char          *username,
                                            gboolean             checked_ok,
                                            const char          *checked_hash,
                                            LdSignInDecision    *out_decision,
                                            GError             **error);
gboolean  ld_service_sign_out              (LdServiceContext    *ctx,
                                            const char          *token_hash,
                                            GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdSignInDecision, ld_sign_in_decision_clear)

G_END_DECLS

/* ld-service-auto-verify.h: auto-verification, configured and applied
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-auto-verify.h"
#include "ld-patient.h"
#include "ld-service.h"

G_BEGIN_DECLS

/* What the rules made of one submitted result, for its audit. */
typedef struct
{
  LdResult   *result;
  LdAutoRule  stopped_by;
  char       *rule_set;
} LdAutoVerifyOutcome;

void                ld_auto_verify_outcome_free  (LdAutoVerifyOutcome *outcome);

LdAutoVerifyConfig *
ld_service_auto_verify_get (LdServiceContext *ctx, const char *test_code, GError **error);
LdAutoVerifyConfig *ld_service_auto_verify_put (LdServiceContext    *ctx,
                                                const char          *test_code,
                                                JsonObject          *body,
                                                LdAutoVerifyConfig **out_current,
                                                GError             **error);
GPtrArray          *ld_service_auto_verify_apply (LdServiceContext *ctx,
                                                  LdPatient        *patient,
                                                  GPtrArray        *samples,
                                                  GPtrArray        *results,
                                                  GPtrArray        *items,
                                                  GError          **error);
gboolean ld_service_auto_verify_audit (LdServiceContext *ctx, GPtrArray *outcomes, GError **error);

G_END_DECLS

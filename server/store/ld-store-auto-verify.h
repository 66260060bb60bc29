/* ld-store-auto-verify.h: each test's auto-verification rule set
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-auto-verify.h"
#include "ld-store.h"

G_BEGIN_DECLS

LdAutoVerifyConfig          *
ld_store_auto_verify_get (LdStore *store, const char *test_code, GError **error);
gboolean ld_store_auto_verify_put (LdStore                  *store,
                                   const LdAutoVerifyConfig *config,
                                   const char               *user_id,
                                   gint64                    now_us,
                                   GError                  **error);

G_END_DECLS

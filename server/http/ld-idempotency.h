/* ld-idempotency.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-router.h"

G_BEGIN_DECLS

#define LD_IDEMPOTENCY_HEADER "Idempotency-Key"

gboolean ld_idempotency_applies (LdHttpRequest  *req,
                                 const LdRoute  *route);
gboolean ld_idempotency_run     (LdHttpRequest  *req,
                                 const LdRoute  *route,
                                 GError        **error);

G_END_DECLS

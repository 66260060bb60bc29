/* ld-idempotency.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-router.h"

G_BEGIN_DECLS

#define LD_IDEMPOTENCY_HEADER "Idempotency-Key"

/* How long a first answer is kept for repeats (docs/api.md, Conventions):
 * long past any client's retries, short enough that copies of patients'
 * data do not pile up. */
#define LD_IDEMPOTENCY_KEEP_SECONDS (24 * 60 * 60)

gboolean ld_idempotency_applies (LdHttpRequest  *req,
                                 const LdRoute  *route);
gboolean ld_idempotency_run     (LdHttpRequest  *req,
                                 const LdRoute  *route,
                                 GError        **error);
gboolean ld_idempotency_is_answered_repeat (LdHttpRequest *req);
gboolean ld_idempotency_prune   (LdStore        *store,
                                 gint64          now_us,
                                 guint          *out_deleted,
                                 GError        **error);

G_END_DECLS

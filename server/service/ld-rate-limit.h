/* ld-rate-limit.h: how often one client may do something
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "../store/ld-store.h"

G_BEGIN_DECLS

typedef struct _LdRateLimit LdRateLimit;

LdRateLimit *ld_rate_limit_new   (guint         max_per_window,
                                  gint64        window_us);
void         ld_rate_limit_free  (LdRateLimit  *self);
gboolean     ld_rate_limit_take  (LdRateLimit  *self,
                                  const char   *key,
                                  gint64        now_us,
                                  gint64       *out_retry_after_s);
gboolean     ld_rate_limit_take_in (LdRateLimit *self,
                                    LdStore     *store,
                                    const char  *scope,
                                    const char  *key,
                                    gint64      *out_retry_after_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdRateLimit, ld_rate_limit_free)

G_END_DECLS

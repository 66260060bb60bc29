/* ld-service-entry.h: entering results, drafts, and verification
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service-results.h"

G_BEGIN_DECLS

gboolean ld_service_save_results (LdServiceContext *ctx,
                                  const char       *order_id,
                                  GPtrArray        *items,
                                  gboolean          submit,
                                  LdResultsChange  *out_change,
                                  GError          **error);
gboolean ld_service_verify_results (LdServiceContext *ctx,
                                    const char       *order_id,
                                    GPtrArray        *items,
                                    const char       *interpretation,
                                    LdResultsChange  *out_change,
                                    GError          **error);

G_END_DECLS

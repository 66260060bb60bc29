/* ld-service-entry.h: entering results, drafts, and verification
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service-results.h"

G_BEGIN_DECLS

/**
 * LdEntrySource:
 * @name: the instrument's name, the values' source
 * @flags: (element-type utf8): its flags for each item (%NULL where none)
 * @observed_at: (element-type utf8): its time of measurement for each
 *   item, as sent (%NULL where none)
 *
 * Where an instrument's values came from (issue 34).
 */
typedef struct
{
  const char *name;
  GPtrArray  *flags;
  GPtrArray  *observed_at;
} LdEntrySource;

gboolean ld_service_save_results (LdServiceContext *ctx,
                                  const char       *order_id,
                                  GPtrArray        *items,
                                  gboolean          submit,
                                  LdResultsChange  *out_change,
                                  GError          **error);
gboolean ld_service_save_drafts_from (LdServiceContext    *ctx,
                                      const char          *order_id,
                                      GPtrArray           *items,
                                      const LdEntrySource *source,
                                      LdResultsChange     *out_change,
                                      GError             **error);
gboolean ld_service_verify_results (LdServiceContext *ctx,
                                    const char       *order_id,
                                    GPtrArray        *items,
                                    const char       *interpretation,
                                    LdResultsChange  *out_change,
                                    GError          **error);

G_END_DECLS

/* ld-sample-rules.h: which samples an order needs, and custody moves
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-error.h"
#include "ld-order.h"
#include "ld-result.h"
#include "ld-sample.h"

G_BEGIN_DECLS

GPtrArray *ld_sample_plan        (GPtrArray      *order_tests);
gboolean   ld_sample_check_move  (const LdSample *sample,
                                  const char     *event,
                                  const char    **out_state,
                                  GError        **error);
const char *ld_sample_rejection_state (gboolean        recollect);
gboolean   ld_sample_check_reject    (const LdSample *sample,
                                      GPtrArray      *results,
                                      GError        **error);
gboolean   ld_sample_cancels_result  (const LdSample *sample,
                                      const LdResult *result);
gboolean   ld_sample_check_result_counts (const LdResult *result,
                                          GPtrArray      *samples,
                                          GError        **error);

G_END_DECLS

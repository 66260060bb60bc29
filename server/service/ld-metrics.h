/* ld-metrics.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LdMetrics LdMetrics;

LdMetrics                *ld_metrics_new (void);
void                      ld_metrics_free (LdMetrics *metrics);
void                      ld_metrics_observe (LdMetrics  *metrics,
                                              const char *method,
                                              const char *route,
                                              guint       status,
                                              double      seconds);
char                     *ld_metrics_render (LdMetrics *metrics);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdMetrics, ld_metrics_free)

G_END_DECLS

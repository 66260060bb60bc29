/* ld-store-analytics.h: the lab's figures for a period, read from its records
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-store.h"
#include "../domain/ld-analytics.h"

G_BEGIN_DECLS

/* The sections, in the order the dashboard shows them. */
typedef enum
{
  LD_ANALYTICS_ORDERS_BY_LAB_STATE,
  LD_ANALYTICS_ORDERS_BY_PAYMENT,
  LD_ANALYTICS_REVENUE,
  LD_ANALYTICS_TURNAROUND_STAGES,
  LD_ANALYTICS_TURNAROUND_TESTS,
  LD_ANALYTICS_WORKLOAD,
  LD_ANALYTICS_RATES,
  LD_ANALYTICS_VISITS,
  LD_ANALYTICS_N_SECTIONS
} LdAnalyticsSection;

const char *ld_analytics_section_to_string (LdAnalyticsSection section);
gboolean    ld_analytics_section_from_string (const char *name, LdAnalyticsSection *out_section);
GPtrArray *
ld_store_analytics_read (LdStore *store, const GDate *from, GArray *day_starts, GError **error);

/* ld-store-analytics-visits.c */
LdAnalyticsTable *ld_store_analytics_read_visits (LdStore     *store,
                                                  const char  *first_day,
                                                  const char  *last_day,
                                                  GError     **error);

G_END_DECLS

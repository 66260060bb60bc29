/* ld-analytics-figures.h: the lab's figures for a period, as GET /api/v1/analytics counts them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Orders by their lab state. */
typedef struct
{
  char   *lab_state;
  gint64  orders;
} LdAnalyticsStateRow;

/* Orders by payment state and the method of their last payment attempt. */
typedef struct
{
  char   *payment_state;
  char   *method;
  gint64  orders;
} LdAnalyticsPaymentRow;

/* The money of one day by one method. */
typedef struct
{
  char   *date;
  char   *method;
  gint64  payments;
  gint64  received_paise;
  gint64  refunds;
  gint64  refunded_paise;
  gint64  net_paise;
} LdAnalyticsRevenueRow;

/* The turnaround of a stage, over every test (@test_code %NULL) or one.
 * @has_minutes is %FALSE when there were no results to time. */
typedef struct
{
  char     *test_code;
  char     *stage;
  gint64    results;
  gboolean  has_minutes;
  gint64    median_minutes;
  gint64    p90_minutes;
} LdAnalyticsTurnaroundRow;

/* What one person did in the period. */
typedef struct
{
  char   *username;
  char   *display_name;
  gint64  collected;
  gint64  entered;
  gint64  verified;
  gint64  released;
} LdAnalyticsWorkloadRow;

/* A rate (rejection, amendment, critical): @has_rate_bp is %FALSE when
 * there was nothing to count. */
typedef struct
{
  char     *rate;
  gint64    numerator;
  gint64    denominator;
  gboolean  has_rate_bp;
  gint64    rate_bp;
} LdAnalyticsRateRow;

/**
 * LdAnalyticsFigures:
 * @from: the period's first day (YYYY-MM-DD)
 * @to: its last day, included
 *
 * Each array holds the rows of one section, in the server's order; a
 * row's text members are %NULL where the server left them out.
 */
typedef struct
{
  char   *from;
  char   *to;
  GArray *states;             /* LdAnalyticsStateRow */
  GArray *payments;           /* LdAnalyticsPaymentRow */
  GArray *revenue;            /* LdAnalyticsRevenueRow */
  GArray *turnaround_stages;  /* LdAnalyticsTurnaroundRow */
  GArray *turnaround_tests;   /* LdAnalyticsTurnaroundRow */
  GArray *workload;           /* LdAnalyticsWorkloadRow */
  GArray *rates;              /* LdAnalyticsRateRow */
} LdAnalyticsFigures;

LdAnalyticsFigures *ld_analytics_figures_new_from_json (JsonObject  *object,
                                         GError     **error);
void         ld_analytics_figures_free          (LdAnalyticsFigures *analytics);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAnalyticsFigures, ld_analytics_figures_free)

G_END_DECLS

/* ld-admin-analytics-page-private.h: what the analytics page's files share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once


#include "common/ld-chart.h"
#include "ld-admin-analytics-page.h"

G_BEGIN_DECLS

struct _LdAdminAnalyticsPage
{
  AdwBin        parent_instance;

  LdSession    *session;
  /* The period shown, as the server was asked for it; NULL before. */
  char         *from;
  char         *to;
  /* Answers to earlier Shows still on their way, dropped on arrival. */
  guint         stale;
  guint         pending;
  GCancellable *cancellable;
  GtkFileChooserNative *chooser;

  GtkEntry     *from_entry;
  GtkEntry     *to_entry;
  GtkButton    *show_button;
  GtkDropDown  *export_section;
  GtkLabel     *period_label;
  GtkLabel     *offline_label;
  GtkLabel     *status_label;
  LdChart      *states_chart;
  GtkListBox   *states_list;
  LdChart      *revenue_chart;
  GtkLabel     *revenue_total;
  GtkListBox   *rates_list;
  GtkListBox   *turnaround_list;
  GtkListBox   *workload_list;
  LdChart      *payment_chart;
  GtkListBox   *payment_list;
  GtkListBox   *method_list;
  GtkListBox   *method_revenue_list;
  GtkListBox   *tests_list;
};

/* A list being filled with a new answer's rows (ld_admin_analytics_fill_begin()). */
typedef struct
{
  GtkListBox *list;
  guint       n_rows;
} LdAnalyticsFill;

/* ld-admin-analytics-page.c */
GtkWidget  *ld_admin_analytics_figure_row  (const char  *title,
                                            const char  *subtitle,
                                            const char  *figure,
                                            const char  *name);
void        ld_admin_analytics_fill_begin  (LdAnalyticsFill *fill,
                                            GtkListBox      *list);
void        ld_admin_analytics_fill_row    (LdAnalyticsFill *fill,
                                            const char      *title,
                                            const char      *subtitle,
                                            const char      *figure,
                                            const char      *name);
void        ld_admin_analytics_fill_end    (LdAnalyticsFill *fill);
char       *ld_admin_analytics_format_count  (double    value,
                                              gpointer  user_data);
char       *ld_admin_analytics_format_rupees (double    value,
                                              gpointer  user_data);
char       *ld_admin_analytics_dup_minutes (const LdAnalyticsTurnaroundRow *row);
char       *ld_admin_analytics_dup_over_results (const LdAnalyticsTurnaroundRow *row);
const char *ld_admin_analytics_stage_title (const char  *name);

/* ld-admin-analytics-money.c */
void        ld_admin_analytics_show_payments (LdAdminAnalyticsPage *self,
                                              GArray               *rows);
void        ld_admin_analytics_show_methods  (LdAdminAnalyticsPage *self,
                                              GArray               *revenue);
void        ld_admin_analytics_on_test_activated (GtkListBox    *list,
                                                  GtkListBoxRow *row);
void        ld_admin_analytics_show_tests    (LdAdminAnalyticsPage *self,
                                              GArray               *rows);

G_END_DECLS

/* ld-chart-private.h: what the files of LdChart share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LdChart is one widget in several files, one job each: ld-chart.c (the
 * widget, its data and its public API), ld-chart-scale.c (ranges, ticks,
 * the layout and value-to-pixel), ld-chart-draw.c (the snapshot),
 * ld-chart-input.c (keyboard and pointer) and ld-chart-a11y.c (the chart
 * in words, for screen readers).
 */

#pragma once

#include "ld-chart.h"

G_BEGIN_DECLS

#define PAD 8.0
#define TICK_GAP 6.0
#define POINT_RADIUS 3.5
#define MIN_LABEL_GAP 16.0

typedef struct
{
  char   *name;
  GArray *points; /* LdChartPoint, notes owned, sorted by x */
} Series;

typedef struct
{
  double value;
  char  *text;
} Tick;

struct _LdChart
{
  GtkWidget         parent_instance;

  LdChartKind       kind;
  LdChartAxis       x_axis;
  char             *title;
  char             *unit;
  GStrv             categories;
  GPtrArray        *series;
  GArray           *band;

  LdChartFormatFunc x_format;
  gpointer          x_format_data;
  GDestroyNotify    x_format_destroy;
  LdChartFormatFunc y_format;
  gpointer          y_format_data;
  GDestroyNotify    y_format_destroy;

  int               cursor;

  /* The layout of the last size asked for (valid while laid_out). */
  gboolean          laid_out;
  int               layout_width;
  int               layout_height;
  graphene_rect_t   plot;
  double            x_min, x_max, y_min, y_max;
  GArray           *x_ticks;
  GArray           *y_ticks;
};

/* ld-chart.c */
guint          ld_chart_count_stops            (LdChart            *self);
double         ld_chart_stop_x                 (LdChart            *self,
                                                guint               i);

/* ld-chart-scale.c */
char          *ld_chart_format_x               (LdChart            *self,
                                                double              x,
                                                gboolean            at_cursor);
char          *ld_chart_format_point_y         (LdChart            *self,
                                                double              y);
double         ld_chart_text_width             (GtkWidget          *widget,
                                                const char         *text,
                                                double             *out_height);
void           ld_chart_ensure_layout          (LdChart            *self);
double         ld_chart_x_to_px                (LdChart            *self,
                                                double              x);
double         ld_chart_y_to_px                (LdChart            *self,
                                                double              y);

/* ld-chart-draw.c */
void           ld_chart_snapshot               (GtkWidget          *widget,
                                                GtkSnapshot        *snapshot);

/* ld-chart-input.c */
void           ld_chart_class_init_input       (GtkWidgetClass     *widget_class);
void           ld_chart_init_input             (LdChart            *self);

/* ld-chart-a11y.c */
void           ld_chart_update_accessible      (LdChart            *self);

G_END_DECLS

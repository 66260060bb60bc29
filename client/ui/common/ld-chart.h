/* ld-chart.h: one small chart of values over time or by category
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LD_TYPE_CHART (ld_chart_get_type ())

G_DECLARE_FINAL_TYPE (LdChart, ld_chart, LD, CHART, GtkWidget)

/**
 * LdChartKind:
 * @LD_CHART_LINE: each series as a line through its points
 * @LD_CHART_BARS: each series as bars, one group of bars per category
 */
typedef enum
{
  LD_CHART_LINE,
  LD_CHART_BARS,
} LdChartKind;

/**
 * LdChartAxis:
 * @LD_CHART_AXIS_TIME: x is a time, in seconds since the Unix epoch (UTC),
 *   shown in the local time zone with days, months or years as ticks
 * @LD_CHART_AXIS_NUMBER: x is a plain number
 * @LD_CHART_AXIS_CATEGORY: x is the index of a category
 *   (ld_chart_set_categories()); bars always use categories
 */
typedef enum
{
  LD_CHART_AXIS_TIME,
  LD_CHART_AXIS_NUMBER,
  LD_CHART_AXIS_CATEGORY,
} LdChartAxis;

/**
 * LdChartMark:
 *
 * How a point stands against its reference band. Each is drawn with its
 * own shape (circle; triangle down; triangle up; a larger diamond for
 * either critical), so that it does not depend on colour, and is counted
 * in words in the accessible description.
 */
typedef enum
{
  LD_CHART_MARK_NONE,
  LD_CHART_MARK_LOW,
  LD_CHART_MARK_HIGH,
  LD_CHART_MARK_CRITICAL_LOW,
  LD_CHART_MARK_CRITICAL_HIGH,
} LdChartMark;

/**
 * LdChartPoint:
 * @x: the time, number or category index
 * @y: the value
 * @mark: how it stands against the band
 * @note: (nullable): words read with the point at the cursor (a flag in
 *   words, "amended"); copied
 */
typedef struct
{
  double       x;
  double       y;
  LdChartMark  mark;
  const char  *note;
} LdChartPoint;

/**
 * LdChartBandStep:
 * @x: where this step of the band starts (-INFINITY: from the start)
 * @low: its lower limit, or NAN for none
 * @high: its upper limit, or NAN for none
 *
 * The shaded reference band holds from @x to the next step's @x, so a
 * band that changes with the patient's age steps where it changes.
 */
typedef struct
{
  double x;
  double low;
  double high;
} LdChartBandStep;

/* Text for a value on an axis or at the cursor; returns a new string. */
typedef char *(*LdChartFormatFunc) (double   value,
                                    gpointer user_data);

GtkWidget *ld_chart_new (void);
void       ld_chart_set_kind (LdChart *self, LdChartKind kind);
void       ld_chart_set_x_axis (LdChart *self, LdChartAxis axis);
void       ld_chart_set_title (LdChart *self, const char *title);
void       ld_chart_set_unit (LdChart *self, const char *unit);
void       ld_chart_set_categories (LdChart *self, const char       *const *categories);
void       ld_chart_clear (LdChart *self);
guint
ld_chart_add_series (LdChart *self, const char *name, const LdChartPoint *points, guint n_points);
void     ld_chart_set_band (LdChart *self, const LdChartBandStep *steps, guint n_steps);
void     ld_chart_set_x_format (LdChart          *self,
                                LdChartFormatFunc func,
                                gpointer          user_data,
                                GDestroyNotify    destroy);
void     ld_chart_set_y_format (LdChart          *self,
                                LdChartFormatFunc func,
                                gpointer          user_data,
                                GDestroyNotify    destroy);

guint        ld_chart_get_n_series       (LdChart                *self);
guint        ld_chart_get_n_points       (LdChart                *self,
                                          guint                   series);
gboolean     ld_chart_get_point          (LdChart                *self,
                                          guint                   series,
                                          guint                   index,
                                          LdChartPoint           *out_point);
const LdChartBandStep *ld_chart_get_band (LdChart                *self,
                                          guint                  *out_n_steps);
int          ld_chart_get_cursor         (LdChart                *self);
void         ld_chart_set_cursor         (LdChart                *self,
                                          int                     index);
char        *ld_chart_dup_cursor_text    (LdChart                *self);
char        *ld_chart_dup_summary        (LdChart                *self);
GArray      *ld_chart_dup_y_ticks        (LdChart                *self);
gboolean     ld_chart_value_to_pixel     (LdChart                *self,
                                          double                  x,
                                          double                  y,
                                          double                 *out_px,
                                          double                 *out_py);

G_END_DECLS

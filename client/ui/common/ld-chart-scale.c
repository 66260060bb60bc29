/* ld-chart-scale.c: LdChart's ranges, ticks and layout
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the chart's axes span, where their ticks fall and how they read,
 * and where a value lands in the widget at its present size.
 */

#define G_LOG_DOMAIN "ld-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ld-chart-private.h"

/* Formatting */

char *
ld_chart_format_x (LdChart *self,
          double   x,
          gboolean at_cursor)
{
  if (self->x_format != NULL)
    return self->x_format (x, self->x_format_data);
  switch (self->x_axis)
    {
    case LD_CHART_AXIS_CATEGORY:
      {
        guint n = self->categories != NULL ? g_strv_length (self->categories) : 0;
        int   i = (int) lround (x);

        return g_strdup (i >= 0 && (guint) i < n ? self->categories[i] : "");
      }
    case LD_CHART_AXIS_TIME:
      {
        g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) floor (x));
        g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

        if (local == NULL)
          return g_strdup ("");
        /* Translators: a date on a chart's cursor, as strftime() takes it: 5 Mar 2026. */
        return g_date_time_format (local, at_cursor ? _("%-d %b %Y") : _("%b %Y"));
      }
    case LD_CHART_AXIS_NUMBER:
    default:
      return g_strdup_printf ("%g", x);
    }
}

static char *
format_y (LdChart *self,
          double   y,
          int      decimals)
{
  if (self->y_format != NULL)
    return self->y_format (y, self->y_format_data);
  return g_strdup_printf ("%.*f", MAX (decimals, 0), y);
}

/* The decimals a value needs: those of the tick step, for ticks; up to
 * four, trailing zeros dropped, for a point. */
char *
ld_chart_format_point_y (LdChart *self,
                double   y)
{
  g_autofree char *text = NULL;
  char            *dot;

  if (self->y_format != NULL)
    return self->y_format (y, self->y_format_data);
  text = g_strdup_printf ("%.4f", y);
  dot = strpbrk (text, ".,");
  if (dot != NULL)
    {
      char *end = text + strlen (text) - 1;

      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  return g_steal_pointer (&text);
}

/* Ticks */

static double
nice_step (double span,
           int    n_wanted)
{
  double raw = span / MAX (n_wanted, 1);
  double magnitude = pow (10, floor (log10 (raw)));
  double fraction = raw / magnitude;

  if (fraction < 1.5)
    return magnitude;
  if (fraction < 3)
    return 2 * magnitude;
  if (fraction < 7)
    return 5 * magnitude;
  return 10 * magnitude;
}

static void
add_tick (GArray     *ticks,
          double      value,
          char       *text)
{
  Tick tick = { value, text };

  g_array_append_val (ticks, tick);
}

static void
y_range_of_data (LdChart *self,
                 double  *out_min,
                 double  *out_max)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      for (guint i = 0; i < series->points->len; i++)
        {
          double y = g_array_index (series->points, LdChartPoint, i).y;

          lo = MIN (lo, y);
          hi = MAX (hi, y);
        }
    }
  for (guint i = 0; i < self->band->len; i++)
    {
      LdChartBandStep *step = &g_array_index (self->band, LdChartBandStep, i);

      if (!isnan (step->low))
        {
          lo = MIN (lo, step->low);
          hi = MAX (hi, step->low);
        }
      if (!isnan (step->high))
        {
          lo = MIN (lo, step->high);
          hi = MAX (hi, step->high);
        }
    }
  /* Bars stand on zero. */
  if (self->kind == LD_CHART_BARS)
    {
      lo = MIN (lo, 0);
      hi = MAX (hi, 0);
    }
  if (!isfinite (lo))
    {
      lo = 0;
      hi = 1;
    }
  if (hi - lo < 1e-9)
    {
      double pad = fabs (hi) > 1e-9 ? fabs (hi) * 0.1 : 1;

      lo -= pad;
      hi += pad;
    }
  else
    {
      /* A value on the last tick would sit on the axis, its mark cut. */
      double pad = (hi - lo) * 0.04;

      if (self->kind != LD_CHART_BARS || lo < 0)
        lo -= pad;
      hi += pad;
    }
  *out_min = lo;
  *out_max = hi;
}

static void
make_y_ticks (LdChart *self,
              double   plot_height)
{
  double lo, hi, step;
  int    decimals;
  int    n_wanted = CLAMP ((int) (plot_height / 40), 2, 8);

  y_range_of_data (self, &lo, &hi);
  step = nice_step (hi - lo, n_wanted);
  self->y_min = floor (lo / step) * step;
  self->y_max = ceil (hi / step) * step;
  decimals = (int) MAX (0, -floor (log10 (step) + 1e-9));
  g_array_set_size (self->y_ticks, 0);
  for (double v = self->y_min; v <= self->y_max + step / 2; v += step)
    {
      /* -0.0 prints as "-0". */
      double shown = fabs (v) < step / 1e6 ? 0 : v;

      add_tick (self->y_ticks, shown, format_y (self, shown, decimals));
    }
}

static void
x_range_of_data (LdChart *self,
                 double  *out_min,
                 double  *out_max)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      if (series->points->len == 0)
        continue;
      lo = MIN (lo, g_array_index (series->points, LdChartPoint, 0).x);
      hi = MAX (hi, g_array_index (series->points, LdChartPoint, series->points->len - 1).x);
    }
  if (!isfinite (lo))
    {
      lo = 0;
      hi = 1;
    }
  if (hi - lo < 1e-9)
    {
      double pad = self->x_axis == LD_CHART_AXIS_TIME ? 15 * 86400.0 : 1;

      lo -= pad;
      hi += pad;
    }
  *out_min = lo;
  *out_max = hi;
}

/* Month ticks at the first of a month, every @months months (aligned to
 * the calendar: quarters start in January), in local time. */
static void
add_month_ticks (LdChart *self,
                 int      months)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) floor (self->x_min));
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  int         year = g_date_time_get_year (local);
  int         month = g_date_time_get_month (local);
  /* Translators: a month tick on a chart's time axis, as strftime() takes it: Mar 2026. */
  const char *format = months >= 12 ? "%Y" : _("%b %Y");

  month = ((month - 1 + months - 1) / months) * months + 1;
  for (int guard = 0; guard < 1000; guard++)
    {
      g_autoptr(GDateTime) tick = NULL;
      gint64 t;

      while (month > 12)
        {
          month -= 12;
          year++;
        }
      tick = g_date_time_new_local (year, month, 1, 0, 0, 0);
      if (tick == NULL)
        break;
      t = g_date_time_to_unix (tick);
      if (t > self->x_max)
        break;
      if (t >= self->x_min)
        add_tick (self->x_ticks, t, g_date_time_format (tick, format));
      month += months;
    }
}

static void
add_day_ticks (LdChart *self,
               int      days)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) floor (self->x_min));
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (local),
                                                    g_date_time_get_month (local),
                                                    g_date_time_get_day_of_month (local),
                                                    0, 0, 0);

  for (int guard = 0; day != NULL && guard < 1000; guard++)
    {
      gint64     t = g_date_time_to_unix (day);
      GDateTime *next;

      if (t > self->x_max)
        break;
      if (t >= self->x_min)
        /* Translators: a day tick on a chart's time axis, as strftime() takes it: 5 Mar. */
        add_tick (self->x_ticks, t, g_date_time_format (day, _("%-d %b")));
      next = g_date_time_add_days (day, days);
      g_date_time_unref (day);
      day = next;
    }
}

static void
make_x_ticks (LdChart *self,
              double   plot_width,
              double   label_width)
{
  guint n_max = MAX (2, (guint) (plot_width / (label_width + MIN_LABEL_GAP)));

  g_array_set_size (self->x_ticks, 0);
  if (self->x_axis == LD_CHART_AXIS_CATEGORY || self->kind == LD_CHART_BARS)
    {
      guint n = ld_chart_count_stops (self);
      guint every = MAX (1, (n + n_max - 1) / n_max);

      self->x_min = -0.5;
      self->x_max = MAX (n, 1) - 0.5;
      for (guint i = 0; i < n; i += every)
        add_tick (self->x_ticks, i, ld_chart_format_x (self, i, FALSE));
      return;
    }

  x_range_of_data (self, &self->x_min, &self->x_max);
  if (self->x_axis == LD_CHART_AXIS_TIME)
    {
      static const int month_steps[] = { 1, 2, 3, 6, 12, 24, 60, 120 };
      static const int day_steps[] = { 1, 2, 7, 14 };
      double           days = (self->x_max - self->x_min) / 86400.0;

      for (guint i = 0; i < G_N_ELEMENTS (day_steps); i++)
        if (days / day_steps[i] <= n_max)
          {
            add_day_ticks (self, day_steps[i]);
            return;
          }
      for (guint i = 0; i < G_N_ELEMENTS (month_steps); i++)
        if (days / (30.4 * month_steps[i]) <= n_max || i + 1 == G_N_ELEMENTS (month_steps))
          {
            add_month_ticks (self, month_steps[i]);
            return;
          }
    }
  else
    {
      double step = nice_step (self->x_max - self->x_min, (int) n_max);

      for (double v = ceil (self->x_min / step) * step; v <= self->x_max + step / 1e6; v += step)
        add_tick (self->x_ticks, v, ld_chart_format_x (self, v, FALSE));
    }
}

double
ld_chart_text_width (GtkWidget  *widget,
            const char *text,
            double     *out_height)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (out_height != NULL)
    *out_height = h;
  return w;
}

void
ld_chart_ensure_layout (LdChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int        width = gtk_widget_get_width (widget);
  int        height = gtk_widget_get_height (widget);
  double     line_height, y_label_width = 0, x_label_width, top;

  if (self->laid_out && width == self->layout_width && height == self->layout_height)
    return;
  self->layout_width = width;
  self->layout_height = height;

  ld_chart_text_width (widget, "0", &line_height);
  /* One line above for the unit and the cursor's text, one below for
   * the x labels. */
  top = PAD + line_height + PAD;
  make_y_ticks (self, MAX (height - top - 2 * PAD - line_height - TICK_GAP, 20));
  for (guint i = 0; i < self->y_ticks->len; i++)
    y_label_width =
      MAX (y_label_width,
           ld_chart_text_width (widget, g_array_index (self->y_ticks, Tick, i).text, NULL));

  /* Labels of the widest kind, to space the ticks. */
  if (self->x_axis == LD_CHART_AXIS_TIME && self->x_format == NULL)
    x_label_width = ld_chart_text_width (widget, "May 2026", NULL);
  else
    {
      x_label_width = 0;
      for (guint i = 0; i < ld_chart_count_stops (self) && i < 64; i++)
        {
          g_autofree char *text = ld_chart_format_x (self, ld_chart_stop_x (self, i), FALSE);

          x_label_width = MAX (x_label_width, ld_chart_text_width (widget, text, NULL));
        }
      x_label_width = MAX (x_label_width, 24);
    }

  self->plot.origin.x = PAD + y_label_width + TICK_GAP;
  self->plot.origin.y = top;
  /* Room for half of the last x label on the right. */
  self->plot.size.width = MAX (width - self->plot.origin.x - PAD - x_label_width / 2, 10);
  self->plot.size.height = MAX (height - top - PAD - line_height - TICK_GAP, 10);

  make_x_ticks (self, self->plot.size.width, x_label_width);
  self->laid_out = TRUE;
}

double
ld_chart_x_to_px (LdChart *self,
         double   x)
{
  /* A line's points stay a marker's width inside the plot. */
  double inset = self->kind == LD_CHART_LINE && self->x_axis != LD_CHART_AXIS_CATEGORY
                   ? 2 * POINT_RADIUS + 2
                   : 0;
  double w = self->plot.size.width - 2 * inset;

  return self->plot.origin.x + inset + (x - self->x_min) / (self->x_max - self->x_min) * w;
}

double
ld_chart_y_to_px (LdChart *self,
         double   y)
{
  double h = self->plot.size.height;

  return self->plot.origin.y + h - (y - self->y_min) / (self->y_max - self->y_min) * h;
}

/* ld-chart.c: one small chart of values over time or by category
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A doctor's trend of one test (a line through dated values over the
 * shaded reference band, points out of the band drawn with their own
 * shapes) and the administrator's figures (bars by category) are the same
 * small widget. It draws with Cairo inside a GtkSnapshot, in the theme's
 * named colours, so the light and the dark style both read.
 *
 * Nothing depends on colour: a low value is a triangle pointing down, a
 * high one a triangle pointing up, a critical one a larger diamond, and
 * the accessible description says the series in words. The chart takes
 * the focus; Left and Right (Home, End) move a cursor from point to point,
 * whose date and value are drawn above the plot and given to screen
 * readers as the chart's value text (a slider's, so it is announced).
 */

#define G_LOG_DOMAIN "ld-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ld-chart.h"

#define PAD 8.0
#define TICK_GAP 6.0
#define POINT_RADIUS 3.5
#define MIN_LABEL_GAP 16.0

typedef struct
{
  char         *name;
  GArray       *points;   /* LdChartPoint, notes owned, sorted by x */
} Series;

typedef struct
{
  double  value;
  char   *text;
} Tick;

struct _LdChart
{
  GtkWidget          parent_instance;

  LdChartKind        kind;
  LdChartAxis        x_axis;
  char              *title;
  char              *unit;
  GStrv              categories;
  GPtrArray         *series;
  GArray            *band;

  LdChartFormatFunc  x_format;
  gpointer           x_format_data;
  GDestroyNotify     x_format_destroy;
  LdChartFormatFunc  y_format;
  gpointer           y_format_data;
  GDestroyNotify     y_format_destroy;

  int                cursor;

  /* The layout of the last size asked for (valid while laid_out). */
  gboolean           laid_out;
  int                layout_width;
  int                layout_height;
  graphene_rect_t    plot;
  double             x_min, x_max, y_min, y_max;
  GArray            *x_ticks;
  GArray            *y_ticks;
};

G_DEFINE_FINAL_TYPE (LdChart, ld_chart, GTK_TYPE_WIDGET)

static void
series_free (Series *series)
{
  for (guint i = 0; i < series->points->len; i++)
    g_free ((char *) g_array_index (series->points, LdChartPoint, i).note);
  g_array_unref (series->points);
  g_free (series->name);
  g_free (series);
}

static void
tick_clear (Tick *tick)
{
  g_free (tick->text);
}

static void
invalidate (LdChart *self)
{
  self->laid_out = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The points the cursor walks: the first series' points, or the
 * categories of a bar chart. */
static guint
n_stops (LdChart *self)
{
  if (self->kind == LD_CHART_BARS)
    return self->categories != NULL ? g_strv_length (self->categories) : 0;
  if (self->series->len == 0)
    return 0;
  return ((Series *) g_ptr_array_index (self->series, 0))->points->len;
}

/* Formatting */

static char *
format_x (LdChart *self,
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
        int i = (int) lround (x);

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
static char *
format_point_y (LdChart *self,
                double   y)
{
  g_autofree char *text = NULL;
  char *dot;

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
  int decimals;
  int n_wanted = CLAMP ((int) (plot_height / 40), 2, 8);

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
  int year = g_date_time_get_year (local);
  int month = g_date_time_get_month (local);
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
      gint64 t = g_date_time_to_unix (day);
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
      guint n = n_stops (self);
      guint every = MAX (1, (n + n_max - 1) / n_max);

      self->x_min = -0.5;
      self->x_max = MAX (n, 1) - 0.5;
      for (guint i = 0; i < n; i += every)
        add_tick (self->x_ticks, i, format_x (self, i, FALSE));
      return;
    }

  x_range_of_data (self, &self->x_min, &self->x_max);
  if (self->x_axis == LD_CHART_AXIS_TIME)
    {
      static const int month_steps[] = { 1, 2, 3, 6, 12, 24, 60, 120 };
      static const int day_steps[] = { 1, 2, 7, 14 };
      double days = (self->x_max - self->x_min) / 86400.0;

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
        add_tick (self->x_ticks, v, format_x (self, v, FALSE));
    }
}

static double
text_width (GtkWidget  *widget,
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

static void
ensure_layout (LdChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double line_height, y_label_width = 0, x_label_width, top;

  if (self->laid_out && width == self->layout_width && height == self->layout_height)
    return;
  self->layout_width = width;
  self->layout_height = height;

  text_width (widget, "0", &line_height);
  /* One line above for the unit and the cursor's text, one below for
   * the x labels. */
  top = PAD + line_height + PAD;
  make_y_ticks (self, MAX (height - top - 2 * PAD - line_height - TICK_GAP, 20));
  for (guint i = 0; i < self->y_ticks->len; i++)
    y_label_width = MAX (y_label_width,
                         text_width (widget, g_array_index (self->y_ticks, Tick, i).text, NULL));

  /* Labels of the widest kind, to space the ticks. */
  if (self->x_axis == LD_CHART_AXIS_TIME && self->x_format == NULL)
    x_label_width = text_width (widget, "May 2026", NULL);
  else
    {
      x_label_width = 0;
      for (guint i = 0; i < n_stops (self) && i < 64; i++)
        {
          g_autofree char *text = format_x (self, self->kind == LD_CHART_BARS ? i :
                                            g_array_index (((Series *) g_ptr_array_index (self->series, 0))->points,
                                                           LdChartPoint, i).x, FALSE);

          x_label_width = MAX (x_label_width, text_width (widget, text, NULL));
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

static double
x_to_px (LdChart *self,
         double   x)
{
  /* A line's points stay a marker's width inside the plot. */
  double inset = self->kind == LD_CHART_LINE && self->x_axis != LD_CHART_AXIS_CATEGORY ?
                 2 * POINT_RADIUS + 2 : 0;
  double w = self->plot.size.width - 2 * inset;

  return self->plot.origin.x + inset + (x - self->x_min) / (self->x_max - self->x_min) * w;
}

static double
y_to_px (LdChart *self,
         double   y)
{
  double h = self->plot.size.height;

  return self->plot.origin.y + h - (y - self->y_min) / (self->y_max - self->y_min) * h;
}

/* Drawing */

typedef struct
{
  GdkRGBA fg;
  GdkRGBA accent;
  GdkRGBA band;
  GdkRGBA warning;
  GdkRGBA error;
  GdkRGBA background;
} Palette;

static void
lookup (GtkStyleContext *context,
        const char      *name,
        const char      *fallback,
        GdkRGBA         *out)
{
  if (!gtk_style_context_lookup_color (context, name, out))
    gdk_rgba_parse (out, fallback);
}

static void
get_palette (LdChart *self,
             Palette *palette)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &palette->fg);
  lookup (context, "accent_color", "#1c71d8", &palette->accent);
  lookup (context, "success_color", "#26a269", &palette->band);
  lookup (context, "warning_color", "#9c6e03", &palette->warning);
  lookup (context, "error_color", "#c01c28", &palette->error);
  lookup (context, "view_bg_color", "#ffffff", &palette->background);
}

/* Series after the first take these, in turn, and each its own dash. */
static const char * const series_colours[] = { "#e66100", "#2ec27e", "#9141ac", "#865e3c" };

static void
series_colour (const Palette *palette,
               guint          index,
               GdkRGBA       *out)
{
  if (index == 0)
    *out = palette->accent;
  else
    gdk_rgba_parse (out, series_colours[(index - 1) % G_N_ELEMENTS (series_colours)]);
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *colour,
            double         alpha)
{
  cairo_set_source_rgba (cr, colour->red, colour->green, colour->blue, colour->alpha * alpha);
}

static void
draw_text (LdChart       *self,
           cairo_t       *cr,
           const char    *text,
           double         x,
           double         y,
           double         x_align,
           double         y_align,
           gboolean       bold)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - w * x_align), round (y - h * y_align));
  pango_cairo_show_layout (cr, layout);
}

static void
draw_marker (cairo_t       *cr,
             const Palette *palette,
             const GdkRGBA *colour,
             LdChartMark    mark,
             double         x,
             double         y)
{
  double r = POINT_RADIUS;

  switch (mark)
    {
    case LD_CHART_MARK_LOW:
    case LD_CHART_MARK_HIGH:
      {
        double dir = mark == LD_CHART_MARK_LOW ? 1 : -1;

        r += 1.5;
        cairo_move_to (cr, x - r, y - dir * r * 0.6);
        cairo_line_to (cr, x + r, y - dir * r * 0.6);
        cairo_line_to (cr, x, y + dir * r);
        cairo_close_path (cr);
        set_source (cr, &palette->warning, 1);
        break;
      }
    case LD_CHART_MARK_CRITICAL_LOW:
    case LD_CHART_MARK_CRITICAL_HIGH:
      r += 3;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      set_source (cr, &palette->error, 1);
      break;
    case LD_CHART_MARK_NONE:
    default:
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      set_source (cr, colour, 1);
      break;
    }
  cairo_fill_preserve (cr);
  set_source (cr, &palette->background, 1);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
draw_band (LdChart       *self,
           cairo_t       *cr,
           const Palette *palette)
{
  double left = self->plot.origin.x;
  double right = left + self->plot.size.width;
  double top = self->plot.origin.y;
  double bottom = top + self->plot.size.height;

  for (guint i = 0; i < self->band->len; i++)
    {
      LdChartBandStep *step = &g_array_index (self->band, LdChartBandStep, i);
      double from = isfinite (step->x) ? CLAMP (x_to_px (self, step->x), left, right) : left;
      double to = right;
      double y_high, y_low;

      if (i + 1 < self->band->len)
        to = CLAMP (x_to_px (self, g_array_index (self->band, LdChartBandStep, i + 1).x),
                    left, right);
      if ((isnan (step->low) && isnan (step->high)) || to <= from)
        continue;
      y_high = isnan (step->high) ? top : CLAMP (y_to_px (self, step->high), top, bottom);
      y_low = isnan (step->low) ? bottom : CLAMP (y_to_px (self, step->low), top, bottom);
      cairo_rectangle (cr, from, y_high, to - from, y_low - y_high);
      set_source (cr, &palette->band, 0.16);
      cairo_fill (cr);
      /* The limits themselves, dashed, for a print in grey. */
      set_source (cr, &palette->band, 0.7);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
      if (!isnan (step->high))
        {
          cairo_move_to (cr, from, y_high + 0.5);
          cairo_line_to (cr, to, y_high + 0.5);
        }
      if (!isnan (step->low))
        {
          cairo_move_to (cr, from, y_low - 0.5);
          cairo_line_to (cr, to, y_low - 0.5);
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

static void
draw_axes (LdChart       *self,
           cairo_t       *cr,
           const Palette *palette)
{
  double left = self->plot.origin.x;
  double right = left + self->plot.size.width;
  double bottom = self->plot.origin.y + self->plot.size.height;

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < self->y_ticks->len; i++)
    {
      Tick *tick = &g_array_index (self->y_ticks, Tick, i);
      double y = round (y_to_px (self, tick->value)) + 0.5;

      set_source (cr, &palette->fg, 0.12);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      set_source (cr, &palette->fg, 0.7);
      draw_text (self, cr, tick->text, left - TICK_GAP, y, 1, 0.5, FALSE);
    }
  for (guint i = 0; i < self->x_ticks->len; i++)
    {
      Tick *tick = &g_array_index (self->x_ticks, Tick, i);
      double x = round (x_to_px (self, tick->value)) + 0.5;

      set_source (cr, &palette->fg, 0.3);
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + TICK_GAP / 2);
      cairo_stroke (cr);
      set_source (cr, &palette->fg, 0.7);
      draw_text (self, cr, tick->text, x, bottom + TICK_GAP, 0.5, 0, FALSE);
    }
  set_source (cr, &palette->fg, 0.35);
  cairo_move_to (cr, left, bottom + 0.5);
  cairo_line_to (cr, right, bottom + 0.5);
  cairo_stroke (cr);
}

static void
draw_lines (LdChart       *self,
            cairo_t       *cr,
            const Palette *palette)
{
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      GdkRGBA colour;

      series_colour (palette, s, &colour);
      cairo_set_line_width (cr, 2);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      if (s > 0)
        cairo_set_dash (cr, (double[]) { 6, 2 + 2 * s }, 2, 0);
      for (guint i = 0; i < series->points->len; i++)
        {
          LdChartPoint *p = &g_array_index (series->points, LdChartPoint, i);

          cairo_line_to (cr, x_to_px (self, p->x), y_to_px (self, p->y));
        }
      set_source (cr, &colour, 1);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      /* The points within the band as one path, filled once: a trend of
       * hundreds of values then costs a few Cairo operations, not one
       * fill and stroke each (bench-history-view). */
      for (guint i = 0; i < series->points->len; i++)
        {
          LdChartPoint *p = &g_array_index (series->points, LdChartPoint, i);
          double x = x_to_px (self, p->x), y = y_to_px (self, p->y);

          if (p->mark != LD_CHART_MARK_NONE)
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, POINT_RADIUS, 0, 2 * G_PI);
        }
      set_source (cr, &colour, 1);
      cairo_fill (cr);
      for (guint i = 0; i < series->points->len; i++)
        {
          LdChartPoint *p = &g_array_index (series->points, LdChartPoint, i);

          if (p->mark != LD_CHART_MARK_NONE)
            draw_marker (cr, palette, &colour, p->mark, x_to_px (self, p->x), y_to_px (self, p->y));
        }
    }
}

static gboolean
bar_rect (LdChart         *self,
          guint            series,
          guint            index,
          graphene_rect_t *out)
{
  Series *s = g_ptr_array_index (self->series, series);
  double slot = self->plot.size.width / MAX (n_stops (self), 1);
  double width = slot * 0.7 / MAX (self->series->len, 1);
  double y0 = y_to_px (self, 0);

  for (guint i = 0; i < s->points->len; i++)
    {
      LdChartPoint *p = &g_array_index (s->points, LdChartPoint, i);
      double y;

      if ((guint) lround (p->x) != index)
        continue;
      y = y_to_px (self, p->y);
      graphene_rect_init (out, x_to_px (self, index) - slot * 0.35 + series * width,
                          MIN (y, y0), width, fabs (y0 - y));
      return TRUE;
    }
  return FALSE;
}

static void
draw_bars (LdChart       *self,
           cairo_t       *cr,
           const Palette *palette)
{
  for (guint s = 0; s < self->series->len; s++)
    {
      GdkRGBA colour;

      series_colour (palette, s, &colour);
      for (guint i = 0; i < n_stops (self); i++)
        {
          graphene_rect_t r;

          if (!bar_rect (self, s, i, &r))
            continue;
          cairo_rectangle (cr, r.origin.x, r.origin.y, r.size.width, r.size.height);
          set_source (cr, &colour, (int) i == self->cursor ? 1 : 0.8);
          cairo_fill (cr);
        }
    }
}

static void
draw_cursor (LdChart       *self,
             cairo_t       *cr,
             const Palette *palette)
{
  g_autofree char *text = ld_chart_dup_cursor_text (self);
  double top = self->plot.origin.y;
  double bottom = top + self->plot.size.height;

  if (text == NULL)
    return;
  if (self->kind == LD_CHART_LINE)
    {
      LdChartPoint p;
      double x, y;

      ld_chart_get_point (self, 0, self->cursor, &p);
      x = round (x_to_px (self, p.x)) + 0.5;
      y = y_to_px (self, p.y);
      set_source (cr, &palette->fg, 0.5);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      cairo_arc (cr, x, y, POINT_RADIUS + 4, 0, 2 * G_PI);
      set_source (cr, &palette->fg, 1);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  set_source (cr, &palette->fg, 1);
  draw_text (self, cr, text, self->plot.origin.x + self->plot.size.width, PAD, 1, 0, TRUE);
}

static void
ld_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  LdChart *self = LD_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  Palette palette;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  ensure_layout (self);
  get_palette (self, &palette);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->unit != NULL)
    {
      set_source (cr, &palette.fg, 0.7);
      draw_text (self, cr, self->unit, PAD, PAD, 0, 0, FALSE);
    }
  draw_band (self, cr, &palette);
  draw_axes (self, cr, &palette);
  cairo_save (cr);
  /* Markers may stand a little out of the plot, not over the labels. */
  cairo_rectangle (cr, self->plot.origin.x - 8, self->plot.origin.y - 8,
                   self->plot.size.width + 16, self->plot.size.height + 16);
  cairo_clip (cr);
  if (self->kind == LD_CHART_BARS)
    draw_bars (self, cr, &palette);
  else
    draw_lines (self, cr, &palette);
  cairo_restore (cr);
  if (gtk_widget_has_focus (widget) || self->cursor >= 0)
    draw_cursor (self, cr, &palette);
  if (gtk_widget_has_visible_focus (widget))
    {
      set_source (cr, &palette.accent, 0.5);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, 1, 1, width - 2, height - 2);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
ld_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      *minimum = 140;
      *natural = 240;
    }
}

static void
ld_chart_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  LD_CHART (widget)->laid_out = FALSE;
}

/* Accessibility */

static void
update_accessible (LdChart *self)
{
  g_autofree char *summary = ld_chart_dup_summary (self);
  g_autofree char *cursor = ld_chart_dup_cursor_text (self);
  guint n = n_stops (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->title != NULL ? self->title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) (n > 0 ? n - 1 : 0),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                  (double) MAX (self->cursor, 0),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                  cursor != NULL ? cursor : summary,
                                  -1);
}

static void
data_changed (LdChart *self)
{
  if (self->cursor >= (int) n_stops (self))
    self->cursor = (int) n_stops (self) - 1;
  update_accessible (self);
  invalidate (self);
}

/* Keyboard and pointer */

/* chart.previous, chart.next, chart.first, chart.last (Left, Right, Home,
 * End): the cursor from point to point. */
static void
move_cursor (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdChart *self = LD_CHART (widget);
  int n = (int) n_stops (self);
  int cursor = self->cursor;

  if (n == 0)
    return;
  if (g_str_equal (action_name, "chart.previous"))
    cursor = cursor < 0 ? n - 1 : MAX (cursor - 1, 0);
  else if (g_str_equal (action_name, "chart.next"))
    cursor = cursor < 0 ? n - 1 : MIN (cursor + 1, n - 1);
  else if (g_str_equal (action_name, "chart.first"))
    cursor = 0;
  else
    cursor = n - 1;
  ld_chart_set_cursor (self, cursor);
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            LdChart         *self)
{
  int best = -1;
  double best_distance = INFINITY;

  ensure_layout (self);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  for (guint i = 0; i < n_stops (self); i++)
    {
      double px = self->kind == LD_CHART_BARS ? i :
                  g_array_index (((Series *) g_ptr_array_index (self->series, 0))->points,
                                 LdChartPoint, i).x;
      double d = fabs (x_to_px (self, px) - x);

      if (d < best_distance)
        {
          best_distance = d;
          best = (int) i;
        }
    }
  if (best >= 0)
    ld_chart_set_cursor (self, best);
}

static gboolean
ld_chart_grab_focus (GtkWidget *widget)
{
  LdChart *self = LD_CHART (widget);

  if (!GTK_WIDGET_CLASS (ld_chart_parent_class)->grab_focus (widget))
    return FALSE;
  /* The newest value first: it is the one a doctor came to see. (On
   * grabbing rather than on focus-in, which an inactive window does not
   * get.) */
  if (self->cursor < 0 && n_stops (self) > 0)
    ld_chart_set_cursor (self, (int) n_stops (self) - 1);
  gtk_widget_queue_draw (widget);
  return TRUE;
}

static void
ld_chart_dispose (GObject *object)
{
  LdChart *self = LD_CHART (object);

  if (self->x_format_destroy != NULL)
    g_clear_pointer (&self->x_format_data, self->x_format_destroy);
  if (self->y_format_destroy != NULL)
    g_clear_pointer (&self->y_format_data, self->y_format_destroy);
  self->x_format = self->y_format = NULL;
  G_OBJECT_CLASS (ld_chart_parent_class)->dispose (object);
}

static void
ld_chart_finalize (GObject *object)
{
  LdChart *self = LD_CHART (object);

  g_free (self->title);
  g_free (self->unit);
  g_strfreev (self->categories);
  g_ptr_array_unref (self->series);
  g_array_unref (self->band);
  g_array_unref (self->x_ticks);
  g_array_unref (self->y_ticks);
  G_OBJECT_CLASS (ld_chart_parent_class)->finalize (object);
}

static void
ld_chart_class_init (LdChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_chart_dispose;
  object_class->finalize = ld_chart_finalize;
  widget_class->snapshot = ld_chart_snapshot;
  widget_class->measure = ld_chart_measure;
  widget_class->size_allocate = ld_chart_size_allocate;
  widget_class->grab_focus = ld_chart_grab_focus;

  gtk_widget_class_install_action (widget_class, "chart.previous", NULL, move_cursor);
  gtk_widget_class_install_action (widget_class, "chart.next", NULL, move_cursor);
  gtk_widget_class_install_action (widget_class, "chart.first", NULL, move_cursor);
  gtk_widget_class_install_action (widget_class, "chart.last", NULL, move_cursor);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "chart.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, 0, "chart.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "chart.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, 0, "chart.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "chart.first", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "chart.last", NULL);

  gtk_widget_class_set_css_name (widget_class, "chart");
  /* A slider's value text is what a screen reader says when the cursor
   * moves (GTK 4.8 has no announcements of its own). */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
ld_chart_init (LdChart *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->series = g_ptr_array_new_with_free_func ((GDestroyNotify) series_free);
  self->band = g_array_new (FALSE, FALSE, sizeof (LdChartBandStep));
  self->x_ticks = g_array_new (FALSE, FALSE, sizeof (Tick));
  g_array_set_clear_func (self->x_ticks, (GDestroyNotify) tick_clear);
  self->y_ticks = g_array_new (FALSE, FALSE, sizeof (Tick));
  g_array_set_clear_func (self->y_ticks, (GDestroyNotify) tick_clear);
  self->cursor = -1;
  self->x_axis = LD_CHART_AXIS_TIME;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  update_accessible (self);
}

/* Public API */

/**
 * ld_chart_new:
 *
 * Returns: (transfer floating): an empty line chart over time
 */
GtkWidget *
ld_chart_new (void)
{
  return g_object_new (LD_TYPE_CHART, NULL);
}

void
ld_chart_set_kind (LdChart     *self,
                   LdChartKind  kind)
{
  g_return_if_fail (LD_IS_CHART (self));

  self->kind = kind;
  if (kind == LD_CHART_BARS)
    self->x_axis = LD_CHART_AXIS_CATEGORY;
  data_changed (self);
}

void
ld_chart_set_x_axis (LdChart     *self,
                     LdChartAxis  axis)
{
  g_return_if_fail (LD_IS_CHART (self));
  g_return_if_fail (self->kind != LD_CHART_BARS || axis == LD_CHART_AXIS_CATEGORY);

  self->x_axis = axis;
  data_changed (self);
}

/**
 * ld_chart_set_title:
 * @title: (nullable): what the chart shows ("Haemoglobin"): its
 *   accessible name, and the start of its description
 */
void
ld_chart_set_title (LdChart    *self,
                    const char *title)
{
  g_return_if_fail (LD_IS_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
  data_changed (self);
}

/**
 * ld_chart_set_unit:
 * @unit: (nullable): the values' unit, shown above the y axis and read
 *   with every value
 */
void
ld_chart_set_unit (LdChart    *self,
                   const char *unit)
{
  g_return_if_fail (LD_IS_CHART (self));

  g_free (self->unit);
  self->unit = g_strdup (unit != NULL && *unit != '\0' ? unit : NULL);
  data_changed (self);
}

/**
 * ld_chart_set_categories:
 * @categories: (array zero-terminated=1) (nullable): the x axis's
 *   categories, in order; a point's x is its category's index
 */
void
ld_chart_set_categories (LdChart            *self,
                         const char * const *categories)
{
  g_return_if_fail (LD_IS_CHART (self));

  g_strfreev (self->categories);
  self->categories = g_strdupv ((char **) categories);
  data_changed (self);
}

/**
 * ld_chart_clear:
 *
 * Removes every series and the band; the cursor goes.
 */
void
ld_chart_clear (LdChart *self)
{
  g_return_if_fail (LD_IS_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  g_array_set_size (self->band, 0);
  self->cursor = -1;
  data_changed (self);
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const LdChartPoint *pa = a, *pb = b;

  return (pa->x > pb->x) - (pa->x < pb->x);
}

/**
 * ld_chart_add_series:
 * @name: the series' name, read in the description when there are several
 * @points: (array length=n_points): its points, in any order (kept sorted
 *   by x); copied
 *
 * Returns: the series' index
 */
guint
ld_chart_add_series (LdChart            *self,
                     const char         *name,
                     const LdChartPoint *points,
                     guint               n_points)
{
  Series *series;

  g_return_val_if_fail (LD_IS_CHART (self), 0);
  g_return_val_if_fail (points != NULL || n_points == 0, 0);

  series = g_new0 (Series, 1);
  series->name = g_strdup (name);
  series->points = g_array_sized_new (FALSE, FALSE, sizeof (LdChartPoint), n_points);
  for (guint i = 0; i < n_points; i++)
    {
      LdChartPoint p = points[i];

      if (!isfinite (p.x) || !isfinite (p.y))
        continue;
      p.note = g_strdup (p.note);
      g_array_append_val (series->points, p);
    }
  g_array_sort (series->points, compare_points);
  g_ptr_array_add (self->series, series);
  data_changed (self);
  return self->series->len - 1;
}

/**
 * ld_chart_set_band:
 * @steps: (array length=n_steps) (nullable): the reference band, by x in
 *   increasing order; copied
 */
void
ld_chart_set_band (LdChart               *self,
                   const LdChartBandStep *steps,
                   guint                  n_steps)
{
  g_return_if_fail (LD_IS_CHART (self));
  g_return_if_fail (steps != NULL || n_steps == 0);

  g_array_set_size (self->band, 0);
  if (n_steps > 0)
    g_array_append_vals (self->band, steps, n_steps);
  data_changed (self);
}

static void
set_format (LdChartFormatFunc *func_slot,
            gpointer          *data_slot,
            GDestroyNotify    *destroy_slot,
            LdChartFormatFunc  func,
            gpointer           data,
            GDestroyNotify     destroy)
{
  if (*destroy_slot != NULL)
    (*destroy_slot) (*data_slot);
  *func_slot = func;
  *data_slot = data;
  *destroy_slot = destroy;
}

/**
 * ld_chart_set_x_format:
 * @func: (nullable): text for an x value on the axis and at the cursor;
 *   NULL for the default (dates, numbers, category names)
 */
void
ld_chart_set_x_format (LdChart           *self,
                       LdChartFormatFunc  func,
                       gpointer           user_data,
                       GDestroyNotify     destroy)
{
  g_return_if_fail (LD_IS_CHART (self));

  set_format (&self->x_format, &self->x_format_data, &self->x_format_destroy,
              func, user_data, destroy);
  data_changed (self);
}

/**
 * ld_chart_set_y_format:
 * @func: (nullable): text for a value (money, say) on the axis and at the
 *   cursor; NULL for plain numbers
 */
void
ld_chart_set_y_format (LdChart           *self,
                       LdChartFormatFunc  func,
                       gpointer           user_data,
                       GDestroyNotify     destroy)
{
  g_return_if_fail (LD_IS_CHART (self));

  set_format (&self->y_format, &self->y_format_data, &self->y_format_destroy,
              func, user_data, destroy);
  data_changed (self);
}

guint
ld_chart_get_n_series (LdChart *self)
{
  g_return_val_if_fail (LD_IS_CHART (self), 0);

  return self->series->len;
}

guint
ld_chart_get_n_points (LdChart *self,
                       guint    series)
{
  g_return_val_if_fail (LD_IS_CHART (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);

  return ((Series *) g_ptr_array_index (self->series, series))->points->len;
}

/**
 * ld_chart_get_point:
 * @out_point: (out): the point, sorted by x; its note belongs to the chart
 *
 * Returns: %TRUE if the series has a point at @index
 */
gboolean
ld_chart_get_point (LdChart      *self,
                    guint         series,
                    guint         index,
                    LdChartPoint *out_point)
{
  Series *s;

  g_return_val_if_fail (LD_IS_CHART (self), FALSE);
  g_return_val_if_fail (out_point != NULL, FALSE);

  if (series >= self->series->len)
    return FALSE;
  s = g_ptr_array_index (self->series, series);
  if (index >= s->points->len)
    return FALSE;
  *out_point = g_array_index (s->points, LdChartPoint, index);
  return TRUE;
}

/**
 * ld_chart_get_band:
 * @out_n_steps: (out): how many steps the band has
 *
 * Returns: (transfer none) (array length=out_n_steps): the band's steps
 */
const LdChartBandStep *
ld_chart_get_band (LdChart *self,
                   guint   *out_n_steps)
{
  g_return_val_if_fail (LD_IS_CHART (self), NULL);
  g_return_val_if_fail (out_n_steps != NULL, NULL);

  *out_n_steps = self->band->len;
  return (const LdChartBandStep *) (gpointer) self->band->data;
}

/**
 * ld_chart_get_cursor:
 *
 * Returns: the point (of the first series) or category at the cursor, or
 *   -1 when there is none
 */
int
ld_chart_get_cursor (LdChart *self)
{
  g_return_val_if_fail (LD_IS_CHART (self), -1);

  return self->cursor;
}

void
ld_chart_set_cursor (LdChart *self,
                     int      index)
{
  g_return_if_fail (LD_IS_CHART (self));

  index = CLAMP (index, -1, (int) n_stops (self) - 1);
  if (index == self->cursor)
    return;
  self->cursor = index;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static char *
dup_value_text (LdChart            *self,
                const LdChartPoint *p)
{
  g_autofree char *value = format_point_y (self, p->y);

  if (self->unit != NULL && p->note != NULL)
    /* Translators: a value, its unit and its flag: "11.2 g/dL, low". */
    return g_strdup_printf (_("%s %s, %s"), value, self->unit, p->note);
  if (self->unit != NULL)
    /* Translators: a value and its unit: "11.2 g/dL". */
    return g_strdup_printf (_("%s %s"), value, self->unit);
  if (p->note != NULL)
    /* Translators: a value and its flag: "11.2, low". */
    return g_strdup_printf (_("%s, %s"), value, p->note);
  return g_steal_pointer (&value);
}

/**
 * ld_chart_dup_cursor_text:
 *
 * Returns: (transfer full) (nullable): what the cursor's point says
 *   ("5 Mar 2026: 11.2 g/dL, low"), or NULL with no cursor
 */
char *
ld_chart_dup_cursor_text (LdChart *self)
{
  g_autofree char *x_text = NULL;
  g_autoptr(GString) values = g_string_new (NULL);

  g_return_val_if_fail (LD_IS_CHART (self), NULL);

  if (self->cursor < 0)
    return NULL;
  if (self->kind == LD_CHART_LINE)
    {
      LdChartPoint p;
      g_autofree char *value = NULL;

      if (!ld_chart_get_point (self, 0, self->cursor, &p))
        return NULL;
      x_text = format_x (self, p.x, TRUE);
      value = dup_value_text (self, &p);
      /* Translators: a chart's point at the cursor: its date (or category) and value. */
      return g_strdup_printf (_("%s: %s"), x_text, value);
    }

  x_text = format_x (self, self->cursor, TRUE);
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      for (guint i = 0; i < series->points->len; i++)
        {
          LdChartPoint *p = &g_array_index (series->points, LdChartPoint, i);
          g_autofree char *value = NULL;

          if (lround (p->x) != self->cursor)
            continue;
          value = dup_value_text (self, p);
          if (values->len > 0)
            g_string_append (values, "; ");
          if (self->series->len > 1 && series->name != NULL)
            /* Translators: one series' value in a bar chart: "Cash 1,200.00". */
            g_string_append_printf (values, _("%s %s"), series->name, value);
          else
            g_string_append (values, value);
        }
    }
  return g_strdup_printf (_("%s: %s"), x_text, values->str);
}

static void
append_series_summary (LdChart *self,
                       Series  *series,
                       GString *text)
{
  guint n = series->points->len;
  guint n_low = 0, n_high = 0, n_critical = 0;
  double lo = INFINITY, hi = -INFINITY;
  g_autofree char *first = NULL, *last = NULL, *lo_text = NULL, *hi_text = NULL;
  g_autofree char *latest = NULL;
  g_autoptr(GString) marks = g_string_new (NULL);

  if (n == 0)
    {
      g_string_append (text, _("no values"));
      return;
    }
  /* Categories are few: each is read with its value. */
  if (self->x_axis == LD_CHART_AXIS_CATEGORY)
    {
      for (guint i = 0; i < n; i++)
        {
          LdChartPoint *p = &g_array_index (series->points, LdChartPoint, i);
          g_autofree char *category = format_x (self, p->x, TRUE);
          g_autofree char *value = dup_value_text (self, p);

          if (i > 0)
            g_string_append (text, ", ");
          /* Translators: a category and its value in a chart's description: "Collected: 30". */
          g_string_append_printf (text, _("%s: %s"), category, value);
        }
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      LdChartPoint *p = &g_array_index (series->points, LdChartPoint, i);

      lo = MIN (lo, p->y);
      hi = MAX (hi, p->y);
      n_low += p->mark == LD_CHART_MARK_LOW;
      n_high += p->mark == LD_CHART_MARK_HIGH;
      n_critical += p->mark == LD_CHART_MARK_CRITICAL_LOW ||
                    p->mark == LD_CHART_MARK_CRITICAL_HIGH;
    }
  first = format_x (self, g_array_index (series->points, LdChartPoint, 0).x, TRUE);
  last = format_x (self, g_array_index (series->points, LdChartPoint, n - 1).x, TRUE);
  lo_text = format_point_y (self, lo);
  hi_text = format_point_y (self, hi);
  latest = dup_value_text (self, &g_array_index (series->points, LdChartPoint, n - 1));

  if (n == 1)
    /* Translators: a chart's only value: its date (or category) and the value. */
    g_string_append_printf (text, _("one value, %s: %s"), first, latest);
  else
    g_string_append_printf (text,
                            /* Translators: a chart's series in words: "24 values from 3 Jan 2025
                             * to 5 Dec 2026, lowest 9.8, highest 14.1, latest 11.2 g/dL". */
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%u value from %s to %s, lowest %s, highest %s, latest %s",
                                         "%u values from %s to %s, lowest %s, highest %s, latest %s",
                                         n),
                            n, first, last, lo_text, hi_text, latest);
  if (n_low > 0)
    /* Translators: how many values of a chart are below the reference band. */
    g_string_append_printf (marks, g_dngettext (GETTEXT_PACKAGE, "%u low", "%u low", n_low), n_low);
  if (n_high > 0)
    {
      if (marks->len > 0)
        g_string_append (marks, ", ");
      /* Translators: how many values of a chart are above the reference band. */
      g_string_append_printf (marks, g_dngettext (GETTEXT_PACKAGE, "%u high", "%u high", n_high),
                              n_high);
    }
  if (n_critical > 0)
    {
      if (marks->len > 0)
        g_string_append (marks, ", ");
      /* Translators: how many values of a chart are critical. */
      g_string_append_printf (marks, g_dngettext (GETTEXT_PACKAGE, "%u critical", "%u critical",
                                                  n_critical), n_critical);
    }
  if (marks->len > 0)
    g_string_append_printf (text, "; %s", marks->str);
}

/**
 * ld_chart_dup_summary:
 *
 * Returns: (transfer full): the chart in words, as its accessible
 *   description: "Haemoglobin, 24 values from 3 Jan 2025 to 5 Dec 2026,
 *   lowest 9.8, highest 14.1, latest 11.2 g/dL; 3 low, 1 critical.
 *   Reference band 12–15.5."
 */
char *
ld_chart_dup_summary (LdChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (LD_IS_CHART (self), NULL);

  if (self->title != NULL)
    g_string_append_printf (text, "%s, ", self->title);
  if (self->series->len == 0)
    g_string_append (text, _("no values"));
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);

      if (s > 0)
        g_string_append (text, ". ");
      if (self->series->len > 1 && series->name != NULL)
        g_string_append_printf (text, "%s: ", series->name);
      append_series_summary (self, series, text);
    }
  g_string_append (text, ".");
  if (self->band->len > 0)
    {
      LdChartBandStep *last = &g_array_index (self->band, LdChartBandStep, self->band->len - 1);
      g_autofree char *low = isnan (last->low) ? NULL : format_point_y (self, last->low);
      g_autofree char *high = isnan (last->high) ? NULL : format_point_y (self, last->high);

      if (low != NULL && high != NULL)
        /* Translators: a chart's reference band, latest limits: "Reference band 12–15.5." */
        g_string_append_printf (text, _(" Reference band %s–%s."), low, high);
      else if (high != NULL)
        /* Translators: a reference band with only an upper limit. */
        g_string_append_printf (text, _(" Reference band up to %s."), high);
      else if (low != NULL)
        /* Translators: a reference band with only a lower limit. */
        g_string_append_printf (text, _(" Reference band from %s."), low);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * ld_chart_dup_y_ticks:
 *
 * Returns: (transfer full) (element-type double): the values of the y
 *   axis's ticks at the chart's present size, bottom up
 */
GArray *
ld_chart_dup_y_ticks (LdChart *self)
{
  GArray *values;

  g_return_val_if_fail (LD_IS_CHART (self), NULL);

  ensure_layout (self);
  values = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < self->y_ticks->len; i++)
    g_array_append_val (values, g_array_index (self->y_ticks, Tick, i).value);
  return values;
}

/**
 * ld_chart_value_to_pixel:
 * @out_px: (out): the x in the widget's coordinates
 * @out_py: (out): the y in the widget's coordinates
 *
 * Where a value is drawn at the chart's present size.
 *
 * Returns: %TRUE if the chart has a size
 */
gboolean
ld_chart_value_to_pixel (LdChart *self,
                         double   x,
                         double   y,
                         double  *out_px,
                         double  *out_py)
{
  g_return_val_if_fail (LD_IS_CHART (self), FALSE);

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return FALSE;
  ensure_layout (self);
  *out_px = x_to_px (self, x);
  *out_py = y_to_px (self, y);
  return TRUE;
}

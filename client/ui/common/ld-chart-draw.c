/* ld-chart-draw.c: LdChart drawn with Cairo in a GtkSnapshot
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The band, the axes, the lines or bars with their markers, and the
 * cursor, in the theme's named colours.
 */

#define G_LOG_DOMAIN "ld-chart"

#include "config.h"

#include <math.h>

#include "ld-chart-private.h"

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
draw_text (LdChart    *self,
           cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           double      x_align,
           double      y_align,
           gboolean    bold)
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
      double           from =
        isfinite (step->x) ? CLAMP (ld_chart_x_to_px (self, step->x), left, right) : left;
      double to = right;
      double y_high, y_low;

      if (i + 1 < self->band->len)
        to = CLAMP (ld_chart_x_to_px (self, g_array_index (self->band, LdChartBandStep, i + 1).x),
                    left, right);
      if ((isnan (step->low) && isnan (step->high)) || to <= from)
        continue;
      y_high = isnan (step->high) ? top : CLAMP (ld_chart_y_to_px (self, step->high), top, bottom);
      y_low = isnan (step->low) ? bottom : CLAMP (ld_chart_y_to_px (self, step->low), top, bottom);
      cairo_rectangle (cr, from, y_high, to - from, y_low - y_high);
      set_source (cr, &palette->band, 0.16);
      cairo_fill (cr);
      /* The limits themselves, dashed, for a print in grey. */
      set_source (cr, &palette->band, 0.7);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]){ 4, 3 }, 2, 0);
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
      Tick  *tick = &g_array_index (self->y_ticks, Tick, i);
      double y = round (ld_chart_y_to_px (self, tick->value)) + 0.5;

      set_source (cr, &palette->fg, 0.12);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      set_source (cr, &palette->fg, 0.7);
      draw_text (self, cr, tick->text, left - TICK_GAP, y, 1, 0.5, FALSE);
    }
  for (guint i = 0; i < self->x_ticks->len; i++)
    {
      Tick  *tick = &g_array_index (self->x_ticks, Tick, i);
      double x = round (ld_chart_x_to_px (self, tick->value)) + 0.5;

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
        cairo_set_dash (cr, (double[]){ 6, 2 + 2 * s }, 2, 0);
      for (guint i = 0; i < series->points->len; i++)
        {
          LdChartPoint *p = &g_array_index (series->points, LdChartPoint, i);

          cairo_line_to (cr, ld_chart_x_to_px (self, p->x), ld_chart_y_to_px (self, p->y));
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
          double        x = ld_chart_x_to_px (self, p->x), y = ld_chart_y_to_px (self, p->y);

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
            draw_marker (cr, palette, &colour, p->mark, ld_chart_x_to_px (self, p->x),
                         ld_chart_y_to_px (self, p->y));
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
  double  slot = self->plot.size.width / MAX (ld_chart_count_stops (self), 1);
  double  width = slot * 0.7 / MAX (self->series->len, 1);
  double  y0 = ld_chart_y_to_px (self, 0);

  for (guint i = 0; i < s->points->len; i++)
    {
      LdChartPoint *p = &g_array_index (s->points, LdChartPoint, i);
      double        y;

      if ((guint) lround (p->x) != index)
        continue;
      y = ld_chart_y_to_px (self, p->y);
      graphene_rect_init (out, ld_chart_x_to_px (self, index) - slot * 0.35 + series * width,
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
      for (guint i = 0; i < ld_chart_count_stops (self); i++)
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
  double           top = self->plot.origin.y;
  double           bottom = top + self->plot.size.height;

  if (text == NULL)
    return;
  if (self->kind == LD_CHART_LINE)
    {
      LdChartPoint p;
      double       x, y;

      ld_chart_get_point (self, 0, self->cursor, &p);
      x = round (ld_chart_x_to_px (self, p.x)) + 0.5;
      y = ld_chart_y_to_px (self, p.y);
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

void
ld_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  LdChart *self = LD_CHART (widget);
  int      width = gtk_widget_get_width (widget);
  int      height = gtk_widget_get_height (widget);
  Palette  palette;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  ld_chart_ensure_layout (self);
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
  cairo_rectangle (cr, self->plot.origin.x - 8, self->plot.origin.y - 8, self->plot.size.width + 16,
                   self->plot.size.height + 16);
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

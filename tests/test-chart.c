/* test-chart.c: the chart widget drawn, described and walked by keyboard
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real LdChart in a real window under Xvfb, drawn by the window's own
 * renderer into a texture: the reference band is shaded between its
 * limits' rows and not outside them, a band that steps moves with it,
 * a low value is a triangle pointing down, a high one pointing up, a
 * critical one a larger diamond (shapes checked by pixels where a circle
 * would not reach); the y ticks are round numbers covering the data; the
 * accessible description says the series in words; the cursor moves by
 * the actions Left, Right, Home and End trigger, and its text is the
 * chart's accessible value text. Bars stand on zero.
 */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "ld-test-gui.h"
#include "ui/common/ld-chart.h"

#define WIDTH 600
#define HEIGHT 320

typedef struct
{
  GtkWindow *window;
  LdChart   *chart;
  guchar    *pixels;
  gsize      stride;
} Fixture;

static GskRenderNode *
snapshot_node (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;

  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) == 0)
    return NULL;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static gboolean
is_drawn (gpointer data)
{
  g_autoptr(GskRenderNode) node = snapshot_node (data);

  return node != NULL;
}

/* Noon UTC keeps each day the same date in any time zone a test runs in. */
static double
day (int y, int m, int d)
{
  g_autoptr(GDateTime) t = g_date_time_new_utc (y, m, d, 12, 0, 0);

  return (double) g_date_time_to_unix (t);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->window = GTK_WINDOW (gtk_window_new ());
  fx->chart = LD_CHART (ld_chart_new ());
  gtk_widget_set_size_request (GTK_WIDGET (fx->chart), WIDTH, HEIGHT);
  gtk_window_set_child (fx->window, GTK_WIDGET (fx->chart));
  gtk_window_present (fx->window);
  ld_test_gui_spin_until (is_drawn, fx->chart, "the chart to be shown");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_free (fx->pixels);
  g_object_add_weak_pointer (G_OBJECT (fx->chart), (gpointer *) &fx->chart);
  gtk_window_destroy (fx->window);
  g_assert_null (fx->chart);
}

/* What the chart shows now, as the window's renderer draws it. */
static void
render (Fixture *fx)
{
  GtkWidget *widget = GTK_WIDGET (fx->chart);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  ld_test_gui_spin_until (is_drawn, widget, "the chart to be drawn");
  node = snapshot_node (widget);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_free (fx->pixels);
  fx->stride = width * 4;
  fx->pixels = g_malloc (fx->stride * height);
  gdk_texture_download (texture, fx->pixels, fx->stride);
}

/* A pixel, as red, green, blue and alpha (the download is premultiplied
 * BGRA on little-endian machines, in memory order B, G, R, A). */
static void
pixel_at (Fixture *fx,
          double   x,
          double   y,
          int     *r,
          int     *g,
          int     *b,
          int     *a)
{
  guchar *p = fx->pixels + (gsize) floor (y) * fx->stride + (gsize) floor (x) * 4;

  *b = p[0];
  *g = p[1];
  *r = p[2];
  *a = p[3];
}

/* Something is drawn there: neither the empty background nor a grid
 * line's faint grey. */
static gboolean
inked (Fixture *fx,
       double   x,
       double   y)
{
  int r, g, b, a;

  pixel_at (fx, x, y, &r, &g, &b, &a);
  return a > 200;
}

/* The band's green tint over an empty plot: green above red and blue. */
static gboolean
shaded (Fixture *fx,
        double   x,
        double   y)
{
  int r, g, b, a;

  pixel_at (fx, x, y, &r, &g, &b, &a);
  return a > 0 && g > r + 8 && g > b + 4;
}

static void
px (Fixture *fx,
    double   x,
    double   y,
    double  *out_x,
    double  *out_y)
{
  g_assert_true (ld_chart_value_to_pixel (fx->chart, x, y, out_x, out_y));
}

static void
test_band_rows (Fixture       *fx,
                gconstpointer  data)
{
  LdChartPoint points[] = {
    { day (2025, 1, 10), 13.0, LD_CHART_MARK_NONE, NULL },
    { day (2025, 12, 10), 14.0, LD_CHART_MARK_NONE, NULL },
  };
  /* The band steps up on 1 July 2025 (a birthday into another band). */
  LdChartBandStep band[] = {
    { -INFINITY, 12.0, 15.0 },
    { day (2025, 7, 1), 14.0, 17.0 },
  };
  double x1, x_mid, y_lo, y_hi, y_out, x2, y2_lo, y2_hi;

  ld_chart_add_series (fx->chart, "Hb", points, G_N_ELEMENTS (points));
  ld_chart_set_band (fx->chart, band, G_N_ELEMENTS (band));
  render (fx);

  /* Before the step: shaded between 12 and 15, not at 11 or 16. */
  px (fx, day (2025, 3, 1), 12.2, &x1, &y_lo);
  px (fx, day (2025, 3, 1), 14.8, &x1, &y_hi);
  g_assert_true (shaded (fx, x1, y_lo));
  g_assert_true (shaded (fx, x1, y_hi));
  px (fx, day (2025, 3, 1), (12.0 + 15.0) / 2, &x_mid, &y_out);
  g_assert_true (shaded (fx, x_mid, y_out));
  px (fx, day (2025, 3, 1), 11.5, &x1, &y_out);
  g_assert_false (shaded (fx, x1, y_out));
  px (fx, day (2025, 3, 1), 15.5, &x1, &y_out);
  g_assert_false (shaded (fx, x1, y_out));
  /* After the step: 12.5 is out of the band now, 16.5 in it. */
  px (fx, day (2025, 9, 1), 12.5, &x2, &y2_lo);
  g_assert_false (shaded (fx, x2, y2_lo));
  px (fx, day (2025, 9, 1), 16.5, &x2, &y2_hi);
  g_assert_true (shaded (fx, x2, y2_hi));
}

/* Shapes, not colour: a low mark reaches down below its centre where a
 * circle of the same size would not, and not up above; a high one the
 * other way; a critical one reaches left and right at its centre's row
 * farther than a normal point's circle. */
static void
test_marks_are_shapes (Fixture       *fx,
                       gconstpointer  data)
{
  LdChartPoint points[] = {
    { day (2025, 1, 10), 10.0, LD_CHART_MARK_NONE, NULL },
    { day (2025, 4, 10), 6.0, LD_CHART_MARK_LOW, "low" },
    { day (2025, 7, 10), 14.0, LD_CHART_MARK_HIGH, "high" },
    { day (2025, 10, 10), 20.0, LD_CHART_MARK_CRITICAL_HIGH, "critical high" },
  };
  double x, y;

  ld_chart_add_series (fx->chart, "Glucose", points, G_N_ELEMENTS (points));
  render (fx);

  /* The normal point: a circle of radius 3.5; 6 px below is empty. */
  px (fx, points[0].x, points[0].y, &x, &y);
  g_assert_true (inked (fx, x, y));
  g_assert_false (inked (fx, x, y + 6.5));
  g_assert_false (inked (fx, x + 6.5, y));
  /* Low: a triangle pointing down, its tip 5 px below the centre; its
   * flat top 3 px above, so 4.5 above is empty. */
  px (fx, points[1].x, points[1].y, &x, &y);
  g_assert_true (inked (fx, x, y + 4));
  g_assert_false (inked (fx, x, y - 4.5));
  /* High: pointing up. */
  px (fx, points[2].x, points[2].y, &x, &y);
  g_assert_true (inked (fx, x, y - 4));
  g_assert_false (inked (fx, x, y + 4.5));
  /* Critical: a diamond of half-width 6.5, reaching 5.5 px out at its
   * row, but not at its corners' diagonal. */
  px (fx, points[3].x, points[3].y, &x, &y);
  g_assert_true (inked (fx, x + 5.5, y));
  g_assert_true (inked (fx, x, y - 5.5));
  g_assert_false (inked (fx, x + 4.5, y - 4.5));
}

static void
test_ticks (Fixture       *fx,
            gconstpointer  data)
{
  LdChartPoint points[] = {
    { day (2025, 1, 10), 9.8, LD_CHART_MARK_LOW, NULL },
    { day (2025, 6, 10), 14.1, LD_CHART_MARK_NONE, NULL },
  };
  LdChartBandStep band[] = { { -INFINITY, 12.0, 15.5 } };
  g_autoptr(GArray) ticks = NULL;
  double step, magnitude, lead;

  ld_chart_add_series (fx->chart, "Hb", points, G_N_ELEMENTS (points));
  ld_chart_set_band (fx->chart, band, G_N_ELEMENTS (band));
  ticks = ld_chart_dup_y_ticks (fx->chart);

  g_assert_cmpuint (ticks->len, >=, 3);
  g_assert_cmpuint (ticks->len, <=, 9);
  step = g_array_index (ticks, double, 1) - g_array_index (ticks, double, 0);
  magnitude = pow (10, floor (log10 (step)));
  lead = step / magnitude;
  /* A round step: 1, 2 or 5 times a power of ten. */
  g_assert_true (fabs (lead - 1) < 1e-9 || fabs (lead - 2) < 1e-9 || fabs (lead - 5) < 1e-9);
  for (guint i = 0; i < ticks->len; i++)
    {
      double v = g_array_index (ticks, double, i);

      g_assert_cmpfloat_with_epsilon (v / step, round (v / step), 1e-9);
      if (i > 0)
        g_assert_cmpfloat_with_epsilon (v - g_array_index (ticks, double, i - 1), step, 1e-9);
    }
  /* The data and the band are inside the ticks. */
  g_assert_cmpfloat (g_array_index (ticks, double, 0), <=, 9.8);
  g_assert_cmpfloat (g_array_index (ticks, double, ticks->len - 1), >=, 15.5);
  g_assert_cmpfloat (g_array_index (ticks, double, 0), >, 9.8 - step);
}

static void
test_description_and_cursor (Fixture       *fx,
                             gconstpointer  data)
{
  LdChartPoint points[] = {
    { day (2025, 3, 5), 9.8, LD_CHART_MARK_LOW, "low" },
    { day (2025, 1, 10), 13.0, LD_CHART_MARK_NONE, NULL },
    { day (2025, 5, 2), 6.1, LD_CHART_MARK_CRITICAL_LOW, "critical low" },
    { day (2025, 8, 20), 14.15, LD_CHART_MARK_NONE, NULL },
  };
  LdChartBandStep band[] = { { -INFINITY, 12.0, 15.5 } };
  GtkWidget *widget = GTK_WIDGET (fx->chart);
  g_autofree char *text = NULL;

  ld_chart_set_title (fx->chart, "Haemoglobin");
  ld_chart_set_unit (fx->chart, "g/dL");
  ld_chart_add_series (fx->chart, "Haemoglobin", points, G_N_ELEMENTS (points));
  ld_chart_set_band (fx->chart, band, G_N_ELEMENTS (band));

  text = ld_chart_dup_summary (fx->chart);
  g_assert_cmpstr (text, ==,
                   "Haemoglobin, 4 values from 10 Jan 2025 to 20 Aug 2025, lowest 6.1, "
                   "highest 14.15, latest 14.15 g/dL; 1 low, 1 critical. "
                   "Reference band 12–15.5.");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Haemoglobin");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text);

  /* Focus puts the cursor on the newest point; Left walks back in time. */
  g_assert_cmpint (ld_chart_get_cursor (fx->chart), ==, -1);
  g_assert_true (gtk_widget_grab_focus (widget));
  ld_test_gui_spin_idle ();
  g_assert_cmpint (ld_chart_get_cursor (fx->chart), ==, 3);
  g_clear_pointer (&text, g_free);
  text = ld_chart_dup_cursor_text (fx->chart);
  g_assert_cmpstr (text, ==, "20 Aug 2025: 14.15 g/dL");
  g_assert_true (gtk_widget_activate_action (widget, "chart.previous", NULL));
  g_clear_pointer (&text, g_free);
  text = ld_chart_dup_cursor_text (fx->chart);
  g_assert_cmpstr (text, ==, "2 May 2025: 6.1 g/dL, critical low");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget),
                                       GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text);
  g_assert_true (gtk_widget_activate_action (widget, "chart.first", NULL));
  g_assert_cmpint (ld_chart_get_cursor (fx->chart), ==, 0);
  g_assert_true (gtk_widget_activate_action (widget, "chart.previous", NULL));
  g_assert_cmpint (ld_chart_get_cursor (fx->chart), ==, 0);
  g_assert_true (gtk_widget_activate_action (widget, "chart.next", NULL));
  g_clear_pointer (&text, g_free);
  text = ld_chart_dup_cursor_text (fx->chart);
  g_assert_cmpstr (text, ==, "5 Mar 2025: 9.8 g/dL, low");
  g_assert_true (gtk_widget_activate_action (widget, "chart.last", NULL));
  g_assert_cmpint (ld_chart_get_cursor (fx->chart), ==, 3);
  /* The cursor is drawn: a ring around its point. */
  render (fx);
  {
    double x, y;

    px (fx, points[3].x, points[3].y, &x, &y);
    g_assert_true (inked (fx, x + 7.5, y));
  }
}

static void
test_bars (Fixture       *fx,
           gconstpointer  data)
{
  const char * const states[] = { "Ordered", "Collected", "Reported", NULL };
  LdChartPoint       counts[] = {
          { 0, 12, LD_CHART_MARK_NONE, NULL },
          { 1, 30, LD_CHART_MARK_NONE, NULL },
          { 2, 7, LD_CHART_MARK_NONE, NULL },
  };
  g_autoptr(GArray) ticks = NULL;
  g_autofree char *text = NULL;
  double x, y, x0, y0;

  ld_chart_set_kind (fx->chart, LD_CHART_BARS);
  ld_chart_set_title (fx->chart, "Orders by state");
  ld_chart_set_categories (fx->chart, states);
  ld_chart_add_series (fx->chart, "Orders", counts, G_N_ELEMENTS (counts));
  ticks = ld_chart_dup_y_ticks (fx->chart);
  g_assert_cmpfloat (g_array_index (ticks, double, 0), ==, 0);
  render (fx);

  /* The middle bar is filled from zero up to 30, and not above. */
  px (fx, 1, 29, &x, &y);
  px (fx, 1, 1, &x0, &y0);
  g_assert_true (inked (fx, x, y));
  g_assert_true (inked (fx, x0, y0));
  px (fx, 1, 31, &x, &y);
  g_assert_false (inked (fx, x, y));
  /* The third bar reaches 7, not 8. */
  px (fx, 2, 6.5, &x, &y);
  g_assert_true (inked (fx, x, y));
  px (fx, 2, 8, &x, &y);
  g_assert_false (inked (fx, x, y));

  ld_chart_set_cursor (fx->chart, 1);
  text = ld_chart_dup_cursor_text (fx->chart);
  g_assert_cmpstr (text, ==, "Collected: 30");
  g_clear_pointer (&text, g_free);
  text = ld_chart_dup_summary (fx->chart);
  g_assert_cmpstr (text, ==, "Orders by state, Ordered: 12, Collected: 30, Reported: 7.");
}

/* The dark style: the band still shaded, the line in the accent colour
 * over a dark window, the axis labels light. */
static void
test_dark_style (Fixture       *fx,
                 gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  LdChartPoint     points[] = {
        { day (2025, 1, 10), 13.0, LD_CHART_MARK_NONE, NULL },
        { day (2025, 6, 10), 11.0, LD_CHART_MARK_LOW, "low" },
        { day (2025, 12, 10), 14.0, LD_CHART_MARK_NONE, NULL },
  };
  LdChartBandStep band[] = { { -INFINITY, 12.0, 15.0 } };
  double x, y;
  int r, g, b, a;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ld_chart_set_title (fx->chart, "Haemoglobin");
  ld_chart_set_unit (fx->chart, "g/dL");
  ld_chart_add_series (fx->chart, "Haemoglobin", points, G_N_ELEMENTS (points));
  ld_chart_set_band (fx->chart, band, G_N_ELEMENTS (band));
  render (fx);
  ld_test_gui_screenshot (GTK_WIDGET (fx->window), "chart-dark");

  px (fx, day (2025, 3, 1), 14.5, &x, &y);
  g_assert_true (shaded (fx, x, y));
  /* The normal point: the accent's blue, light enough on dark. */
  px (fx, points[0].x, points[0].y, &x, &y);
  pixel_at (fx, x, y, &r, &g, &b, &a);
  g_assert_cmpint (b, >, r);
  g_assert_cmpint (b, >, 150);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  /* The accessible properties are kept and read back without AT-SPI. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ld_test_gui_init (&argc, &argv);

  g_test_add ("/chart/band-rows", Fixture, NULL, fixture_setup, test_band_rows, fixture_teardown);
  g_test_add ("/chart/marks-are-shapes", Fixture, NULL, fixture_setup, test_marks_are_shapes,
              fixture_teardown);
  g_test_add ("/chart/ticks", Fixture, NULL, fixture_setup, test_ticks, fixture_teardown);
  g_test_add ("/chart/description-and-cursor", Fixture, NULL, fixture_setup,
              test_description_and_cursor, fixture_teardown);
  g_test_add ("/chart/bars", Fixture, NULL, fixture_setup, test_bars, fixture_teardown);
  g_test_add ("/chart/dark-style", Fixture, NULL, fixture_setup, test_dark_style, fixture_teardown);
  return g_test_run ();
}

/* bench-report.c: how long a one-page lab report takes to render to PDF
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; it is not a test. Run in a release build:
 *   meson setup _build-bench --buildtype=release && ninja -C _build-bench
 *   _build-bench/bench/bench-report
 *
 * Renders 1,000 one-page reports (the sample order of the tests: 14
 * results, a Devanagari name, a QR code) in one process, each from its data
 * to the finished PDF bytes in memory, and prints the first one (which
 * loads fonts and fontconfig's cache) apart from the rest. For scale, it
 * also times a bare Cairo + Pango page of the same size.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "bench-common.h"
#include "ld-test-reports.h"

#define N_REPORTS 1000
#define N_BARE    200

static cairo_status_t
discard (void                *closure,
         const unsigned char *data,
         unsigned int         length)
{
  *(gsize *) closure += length;
  return CAIRO_STATUS_SUCCESS;
}

/* One A4 page with one paragraph of text, to a PDF stream: the floor that
 * Cairo and Pango set. */
static double
render_bare_page (PangoFontDescription *font)
{
  gint64           start = g_get_monotonic_time ();
  gsize            written = 0;
  cairo_surface_t *surface =
    cairo_pdf_surface_create_for_stream (discard, &written, 595.276, 841.89);
  cairo_t     *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, 500 * PANGO_SCALE);
  pango_layout_set_text (layout, "Haemoglobin 10.8 g/dL 12.0 – 15.0 Low. Total leucocyte count "
                         "7.6 10^3/µL 4.0 – 10.0. Platelet count 245 10^3/µL 150 – 410.", -1);
  cairo_move_to (cr, 40, 40);
  pango_cairo_show_layout (cr, layout);
  cairo_show_page (cr);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (written, >, 0);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
render_report (LdReportRenderer  *renderer,
               const LdLabReport *report,
               double            *layout_ms)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(LdReportDocument) document = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  document = ld_report_renderer_layout_lab_report (renderer, report, LD_REPORT_PAPER_A4);
  g_assert_cmpuint (ld_report_document_get_n_pages (document), ==, 1);
  *layout_ms = (g_get_monotonic_time () - start) / 1000.0;

  pdf = ld_report_document_to_pdf (document, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (pdf), >, 10000);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LdLabReport) report = NULL;
  g_autoptr(LdReportRenderer) renderer = NULL;
  g_autofree double *ms = g_new0 (double, N_REPORTS);
  g_autofree double *layout_ms = g_new0 (double, N_REPORTS);
  g_autofree double *bare_ms = g_new0 (double, N_BARE);
  PangoFontDescription *font;
  gint64 first_start;
  double first_ms;
  double first_layout;
  double sum = 0;
  BenchFigures figures;

  report = ld_test_report_new ("प्रिया देशपांडे", 0);

  /* The first report pays for fontconfig, the font files and the
   * renderer's context: the cost a server or client pays once. */
  first_start = g_get_monotonic_time ();
  renderer = ld_report_renderer_new ();
  render_report (renderer, report, &first_layout);
  first_ms = (g_get_monotonic_time () - first_start) / 1000.0;

  for (guint i = 0; i < N_REPORTS - 1; i++)
    {
      ms[i] = render_report (renderer, report, &layout_ms[i]);
      sum += ms[i];
    }

  font = pango_font_description_from_string ("Noto Sans 9");
  for (guint i = 0; i < N_BARE; i++)
    bare_ms[i] = render_bare_page (font);
  pango_font_description_free (font);

  g_print ("one-page lab report to PDF in memory, %u in one process\n", N_REPORTS);
  g_print ("  first report (fonts, renderer and all)   %7.2f ms (layout %.2f ms)\n",
           first_ms, first_layout);
  g_print ("  each after it, mean                      %7.2f ms\n", sum / (N_REPORTS - 1));
  bench_report ("  each after it", ms, N_REPORTS - 1);
  bench_report ("  of which layout (text shaped, paginated)", layout_ms, N_REPORTS - 1);
  bench_report ("  bare Cairo + Pango page, for scale", bare_ms, N_BARE);

  figures = bench_figures (ms, N_REPORTS - 1);
  g_print ("budget: first < 100 ms: %s; each after < 10 ms (p50): %s\n",
           first_ms < 100 ? "met" : "MISSED", figures.p50 < 10 ? "met" : "MISSED");
  return 0;
}

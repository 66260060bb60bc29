/* test-labels-print.c: sample labels as a thermal printer and a sheet
 * printer get them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The labels come from the real server; each PDF is rasterised with
 * pdftoppm at exactly the printer's resolution, scanned with zbarimg and
 * measured bar by bar, and its text is read back with pdftotext.
 */

#include "config.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

#include "ld-test-documents.h"
#include "ld-test-reports.h"
#include "ld-test-snapshot.h"

#define MM (72.0 / 25.4)
#define LABEL_WIDTH  (50.0 * MM)
#define LABEL_HEIGHT (25.0 * MM)
/* The middle of the barcode, from the label's top (ld-label-render.c). */
#define BARCODE_MIDDLE 33.0

typedef struct
{
  char *order_id;
  char *blood;      /* the accession of the EDTA tube (CBC, ESR) */
  char *fluoride;   /* and of the fluoride tube (GLUF) */
} Order;

static void
order_clear (Order *order)
{
  g_free (order->order_id);
  g_free (order->blood);
  g_free (order->fluoride);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Order, order_clear)

/* A stat order of CBC, ESR and fasting glucose, paid and collected. */
static void
make_order (LdLab      *lab,
            const char *name,
            Order      *order)
{
  g_autofree char *patient = g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\","
                                              " \"age_years\": 52}", name);
  g_autofree char *patient_id = ld_lab_new_patient (lab, patient);
  g_autoptr(LdTestResponse) collected = NULL;
  JsonArray *samples;

  order->order_id =
    ld_lab_prescribe (lab, patient_id,
                      "\"items\": [\"CBC\", \"ESR\", \"GLUF\"], \"priority\": \"stat\"");
  ld_lab_pay (lab, order->order_id);
  collected = ld_lab_collect (lab, order->order_id);
  ld_test_assert_status (collected, 201);
  samples = json_object_get_array_member (ld_test_response_object (collected), "samples");
  g_assert_cmpuint (json_array_get_length (samples), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *sample = json_array_get_object_element (samples, i);
      const char *accession = json_object_get_string_member (sample, "accession");

      if (g_str_equal (json_object_get_string_member (sample, "container"), "EDTA (lavender)"))
        order->blood = g_strdup (accession);
      else
        order->fluoride = g_strdup (accession);
    }
  g_assert_nonnull (order->blood);
  g_assert_nonnull (order->fluoride);
}

static char *
get_labels (LdLab       *lab,
            const Order *order,
            const char  *query,
            const char  *name)
{
  g_autofree char *path =
    g_strdup_printf ("/api/v1/orders/%s/labels.pdf%s", order->order_id, query);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->technician);

  ld_test_assert_status (resp, 200);
  return ld_test_save_body (lab, resp, name);
}

/* Copies @png into LD_LABEL_SCREENSHOTS_DIR, when it is set, as @name. */
static void
keep_screenshot (const char *png,
                 const char *name)
{
  const char *dir = g_getenv ("LD_LABEL_SCREENSHOTS_DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *path = NULL;
  gsize length;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  g_file_get_contents (png, &bytes, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, bytes, length, &error);
  g_assert_no_error (error);
}

/*
 * measure_bars:
 * @png: a roll label rasterised at the printer's resolution
 * @dpi: that resolution
 * @out_module: (out): the narrowest bar or space, in pixels
 *
 * Reads the row across the middle of the barcode and checks that every
 * bar and space is a whole number (1 to 4) of modules of the same whole
 * number of pixels, with a quiet zone of at least 10 modules on each side
 * inside the label. A barcode scaled to the label's width instead has
 * modules of some fraction of a dot, and its bars of one module come out
 * one dot wider or narrower than each other.
 */
static void
measure_bars (const char *png,
              guint       dpi,
              guint      *out_module)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (png);
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (guint));
  const guint8 *row;
  int width, y, first = -1, last = -1;
  guint module = G_MAXUINT;

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (image);
  width = cairo_image_surface_get_width (image);
  /* The page is 50 mm wide: at this resolution, this many pixels. */
  g_assert_cmpint (width, ==, (int) ceil (LABEL_WIDTH * dpi / 72.0 - 0.01));
  y = (int) (BARCODE_MIDDLE * dpi / 72.0);
  row = cairo_image_surface_get_data (image) + y * cairo_image_surface_get_stride (image);

#define DARK(x) ((((const guint32 *) row)[(x)] & 0xff) < 128)
  for (int x = 0; x < width; x++)
    if (DARK (x))
      {
        if (first < 0)
          first = x;
        last = x;
      }
  g_assert_cmpint (first, >=, 0);

  for (int x = first; x <= last;)
    {
      gboolean dark = DARK (x);
      guint run = 0;

      while (x <= last && DARK (x) == dark)
        {
          run++;
          x++;
        }
      g_array_append_val (runs, run);
      module = MIN (module, run);
    }
#undef DARK

  for (guint i = 0; i < runs->len; i++)
    {
      guint run = g_array_index (runs, guint, i);

      if (run % module != 0 || run / module > 4)
        g_error ("at %u dpi, bar or space %u is %u pixels: not a whole number of %u-pixel modules",
                 dpi, i, run, module);
    }
  /* Code 128 ends with a stop of 13 modules: the symbol's width is whole. */
  g_assert_cmpuint ((last - first + 1) % module, ==, 0);
  g_assert_cmpint (first, >=, 10 * (int) module);
  g_assert_cmpint (width - 1 - last, >=, 10 * (int) module);

  *out_module = module;
  cairo_surface_destroy (image);
}

/* Each tube's label: its accession scanned back at 203 and at 300 dpi,
 * its tests and "STAT" printed, its bars whole printer dots. */
static void
test_roll_prints_true (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_auto(Order) order = { NULL };
  const guint resolutions[] = { 203, 300 };

  make_order (lab, "Lakshmi Venkataraman", &order);
  for (guint r = 0; r < G_N_ELEMENTS (resolutions); r++)
    {
      guint dpi = resolutions[r];
      g_autofree char *query = g_strdup_printf ("?layout=roll&dpi=%u", dpi);
      g_autofree char *name = g_strdup_printf ("roll-%u.pdf", dpi);
      g_autofree char *pdf = get_labels (lab, &order, query, name);

      for (guint page = 1; page <= 2; page++)
        {
          g_autofree char *png = ld_test_pdf_to_png (pdf, page, dpi);
          g_autofree char *codes = ld_test_scan_codes (png);
          g_autofree char *text = ld_test_pdf_text (pdf, page);
          gboolean         blood = strstr (codes, order.blood) != NULL;
          g_autofree char *expected =
            g_strdup_printf ("CODE-128:%s\n", blood ? order.blood : order.fluoride);
          guint module = 0;

          g_assert_cmpstr (codes, ==, expected);
          ld_test_assert_contains (text, blood ? "CBC ESR" : "GLUF");
          ld_test_assert_contains (text, "STAT");
          measure_bars (png, dpi, &module);
          /* As many whole dots as fit: 2 at 203 dpi, 3 or more at 300. */
          g_assert_cmpuint (module, >=, dpi == 203 ? 2 : 3);
          if (dpi == 203 && blood)
            keep_screenshot (png, "labels-roll.png");
        }
    }
}

/* The word @word's box on the first page, from pdftotext -bbox. */
static gboolean
find_word (const char *pdf,
           const char *word,
           double     *out_x,
           double     *out_y)
{
  g_autofree char *html =
    ld_test_run_tool ("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-", NULL);
  g_autofree char *needle = g_strdup_printf (">%s</word>", word);
  const char *end = strstr (html, needle);
  const char *start;

  if (end == NULL)
    return FALSE;
  for (start = end; start > html && strncmp (start, "<word", 5) != 0; start--)
    ;
  g_assert_cmpint (sscanf (start, "<word xMin=\"%lf\" yMin=\"%lf\"", out_x, out_y), ==, 2);
  return TRUE;
}

/* A part-used sheet fed again at position 7: the first label is the third
 * of the second row, the second label the fourth. */
static void
test_sheet_starts_anywhere (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_auto(Order) order = { NULL };
  g_autofree char *pdf = NULL;
  g_autofree char *png = NULL;
  g_autofree char *codes = NULL;
  double left = (210.0 * MM - 4 * LABEL_WIDTH) / 2;
  double top = (297.0 * MM - 11 * LABEL_HEIGHT) / 2;
  const char *accessions[2];

  make_order (lab, "Farida Shaikh", &order);
  pdf = get_labels (lab, &order, "?layout=sheet&start=7", "sheet-7.pdf");
  accessions[0] = order.blood;
  accessions[1] = order.fluoride;
  for (guint i = 0; i < 2; i++)
    {
      double x, y;
      int column, row;

      g_assert_true (find_word (pdf, accessions[i], &x, &y));
      column = (int) floor ((x - left) / LABEL_WIDTH);
      row = (int) floor ((y - top) / LABEL_HEIGHT);
      g_assert_cmpint (row * 4 + column + 1, ==, 7 + i);
    }

  png = ld_test_pdf_to_png (pdf, 1, 150);
  codes = ld_test_scan_codes (png);
  ld_test_assert_contains (codes, order.blood);
  ld_test_assert_contains (codes, order.fluoride);
  keep_screenshot (png, "labels-sheet-from-7.png");
}

/* start and dpi are refused out of range or with the other layout, and a
 * refused request prints and audits nothing. */
static void
test_bad_places (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_auto(Order) order = { NULL };
  static const struct
  {
    const char *query;
    const char *field;
  } cases[] = {
    { "?layout=sheet&start=0", "start" },
    { "?layout=sheet&start=45", "start" },
    { "?layout=sheet&start=seven", "start" },
    { "?layout=sheet&start=-1", "start" },
    { "?layout=sheet&start=", "start" },
    { "?layout=roll&start=2", "start" },
    { "?start=2", "start" },
    { "?layout=roll&dpi=600", "dpi" },
    { "?layout=roll&dpi=203.0", "dpi" },
    { "?layout=sheet&dpi=203", "dpi" },
  };

  make_order (lab, "Gurpreet Kaur", &order);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *snapshot = ld_test_snapshot_database (lab->server);
      g_autofree char *path =
        g_strdup_printf ("/api/v1/orders/%s/labels.pdf%s", order.order_id, cases[i].query);
      g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->technician);

      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
      ld_test_assert_unchanged (lab->server, snapshot);
    }

  /* The edges of the range print. */
  {
    g_autofree char *first = get_labels (lab, &order, "?layout=sheet&start=1", "sheet-1.pdf");
    g_autofree char *last = get_labels (lab, &order, "?layout=sheet&start=44", "sheet-44.pdf");

    g_assert_cmpuint (ld_test_pdf_n_pages (last), ==, 2);
    g_assert_cmpuint (ld_test_pdf_n_pages (first), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  LdLab *lab;
  int status;

  g_test_init (&argc, &argv, NULL);
  lab = ld_lab_new ();

  g_test_add_data_func ("/server/labels/roll-prints-true", lab, test_roll_prints_true);
  g_test_add_data_func ("/server/labels/sheet-starts-anywhere", lab, test_sheet_starts_anywhere);
  g_test_add_data_func ("/server/labels/bad-places", lab, test_bad_places);

  status = g_test_run ();
  ld_lab_free (lab);
  return status;
}

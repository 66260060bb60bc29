/* ld-report-codes.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-codes"

#include "config.h"

#include <math.h>
#include <qrencode.h>
#include <zint.h>

#include "ld-report-codes.h"
#include "ld-report-document.h"

/* Light margins, in modules, that scanners need around a symbol: four for
 * QR (ISO/IEC 18004), ten for Code 128 (ISO/IEC 15417). */
#define QR_QUIET      4
#define CODE128_QUIET 10

/* A QR code's image in a PDF: pixels a side of each module. Poppler
 * smooths an image it enlarges less than four times whatever the PDF asks,
 * which blurs one pixel a module into a grey that scanners miss at screen
 * sizes; at 8 a module the image is as sharp as the page up to 300 dpi. */
#ifndef QR_IMAGE_PIXELS_PER_MODULE
#define QR_IMAGE_PIXELS_PER_MODULE 8
#endif

typedef struct
{
  float x, y, width, height;
} CodeRect;

/*
 * A symbol is kept as dark rectangles in module units, so one drawing
 * routine serves both kinds: a linear code's bars are one unit tall and
 * stretched to the height asked for, and drawn as vectors; a QR code goes
 * into a PDF as an image of one pixel a module (draw_matrix_as_image()).
 */
struct _LdReportCode
{
  guint   columns;
  guint   rows;
  guint   quiet;
  GArray *rects;
};

static LdReportCode *
code_new (guint columns,
          guint rows,
          guint quiet)
{
  LdReportCode *code = g_new0 (LdReportCode, 1);

  code->columns = columns;
  code->rows = rows;
  code->quiet = quiet;
  code->rects = g_array_new (FALSE, FALSE, sizeof (CodeRect));
  return code;
}

void
ld_report_code_free (LdReportCode *code)
{
  if (code == NULL)
    return;

  g_array_unref (code->rects);
  g_free (code);
}

/**
 * ld_report_code_new_qr:
 * @text: the text to carry, such as a URL
 * @error: return location for an error
 *
 * Encodes at error-correction level M, which survives a crease or a
 * smudge, in the smallest version that holds @text.
 *
 * Returns: (transfer full) (nullable): the symbol, or %NULL with
 *   %LD_REPORT_ERROR_ENCODE when @text is empty or too long
 */
LdReportCode *
ld_report_code_new_qr (const char  *text,
                       GError     **error)
{
  QRcode *qr;
  LdReportCode *code;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || text[0] == '\0')
    {
      g_set_error_literal (error, LD_REPORT_ERROR, LD_REPORT_ERROR_ENCODE,
                           "There is nothing to put in the QR code.");
      return NULL;
    }

  qr = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  if (qr == NULL)
    {
      g_set_error (error, LD_REPORT_ERROR, LD_REPORT_ERROR_ENCODE,
                   "The text is too long for a QR code (%zu bytes).", strlen (text));
      return NULL;
    }

  code = code_new (qr->width, qr->width, QR_QUIET);
  for (int row = 0; row < qr->width; row++)
    {
      const unsigned char *line = qr->data + row * qr->width;
      int column = 0;

      /* One rectangle per run of dark modules keeps the PDF small. */
      while (column < qr->width)
        {
          int start;

          if ((line[column] & 1) == 0)
            {
              column++;
              continue;
            }

          start = column;
          while (column < qr->width && (line[column] & 1) != 0)
            column++;
          g_array_append_val (code->rects, ((CodeRect){ start, row, column - start, 1 }));
        }
    }

  QRcode_free (qr);
  return code;
}

/**
 * ld_report_code_new_code128:
 * @text: the text to carry, such as an accession number
 * @error: return location for an error
 *
 * Encodes with zint, which picks the code sets (C for runs of digits) that
 * make the shortest symbol.
 *
 * Returns: (transfer full) (nullable): the symbol, or %NULL with
 *   %LD_REPORT_ERROR_ENCODE when zint refuses @text
 */
LdReportCode *
ld_report_code_new_code128 (const char  *text,
                            GError     **error)
{
  struct zint_symbol *symbol;
  LdReportCode *code = NULL;
  double unit;
  int status;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || text[0] == '\0')
    {
      g_set_error_literal (error, LD_REPORT_ERROR, LD_REPORT_ERROR_ENCODE,
                           "There is nothing to put in the barcode.");
      return NULL;
    }

  symbol = ZBarcode_Create ();
  symbol->symbology = BARCODE_CODE128;
  symbol->input_mode = UNICODE_MODE;
  symbol->show_hrt = 0;
  symbol->whitespace_width = 0;
  symbol->border_width = 0;

  status = ZBarcode_Encode_and_Buffer_Vector (symbol, (const unsigned char *) text,
                                              (int) strlen (text), 0);
  if (status >= ZINT_ERROR || symbol->vector == NULL || symbol->width <= 0)
    {
      g_set_error (error, LD_REPORT_ERROR, LD_REPORT_ERROR_ENCODE,
                   "The barcode could not be made: %s", symbol->errtxt);
      ZBarcode_Delete (symbol);
      return NULL;
    }

  /* zint's vector unit is a fraction of a module that depends on its scale;
   * the symbol's width in modules gives it. */
  unit = symbol->vector->width / symbol->width;
  code = code_new (symbol->width, 1, CODE128_QUIET);
  for (struct zint_vector_rect *bar = symbol->vector->rectangles; bar != NULL; bar = bar->next)
    g_array_append_val (code->rects, ((CodeRect){ bar->x / unit, 0, bar->width / unit, 1 }));

  ZBarcode_Delete (symbol);
  return code;
}

/* On a bitmap, a module of a fractional number of pixels smears into grey
 * columns that scanners misread; round it down to whole pixels there. A
 * PDF or a printer gets the exact size. */
static double
snap_to_pixels (cairo_t *cr,
                double   length)
{
  double dx = 1.0;
  double dy = 0.0;
  double per_unit;
  double pixels;

  if (cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE)
    return length;

  cairo_user_to_device_distance (cr, &dx, &dy);
  per_unit = hypot (dx, dy);
  pixels = floor (length * per_unit);
  return pixels >= 1.0 ? pixels / per_unit : length;
}

/**
 * ld_report_code_get_modules:
 * @code: a symbol
 *
 * Returns: the symbol's width in modules, its quiet zones included: a
 *   width that is a whole number of device dots per module draws every
 *   bar in whole dots
 */
guint
ld_report_code_get_modules (const LdReportCode *code)
{
  g_return_val_if_fail (code != NULL, 0);

  return code->columns + 2 * code->quiet;
}

/* A QR code into a PDF or a printer's stream: QR_IMAGE_PIXELS_PER_MODULE
 * pixels a module, scaled without smoothing (the PDF says /Interpolate
 * false), so every module is an exact square as it would be as vectors.
 * As vectors its few hundred rectangles were half of a report page's
 * drawing operators, each corner a number printed and compressed: about a
 * tenth of a report's rendering (bench-report). The image is a stencil,
 * one bit a pixel, that the page's black is painted through: Cairo writes
 * it as it is (an /ImageMask). A colour image of the same pixels was
 * allocated, filled, and read back and converted pixel by pixel to find
 * it black and white: 3.1 M of a release's 23.4 M instructions
 * (bench/flow-instructions). */
static void
draw_matrix_as_image (const LdReportCode *code,
                      cairo_t            *cr,
                      double              left,
                      double              top,
                      double              module)
{
  const int        scale = QR_IMAGE_PIXELS_PER_MODULE;
  cairo_surface_t *stencil =
    cairo_image_surface_create (CAIRO_FORMAT_A1, (int) code->columns * scale,
                                (int) code->rows * scale);
  int              stride = cairo_image_surface_get_stride (stencil);
  cairo_pattern_t *pattern;
  unsigned char *pixels;

  /* A new image is all clear; a set bit lets the black through. Cairo
   * packs an A1 row in 32-bit words, the first pixel in the bit the
   * platform's byte order puts first. */
  cairo_surface_flush (stencil);
  pixels = cairo_image_surface_get_data (stencil);
  for (guint i = 0; i < code->rects->len; i++)
    {
      const CodeRect *rect = &g_array_index (code->rects, CodeRect, i);
      int x0 = (int) rect->x * scale;
      int x1 = (int) (rect->x + rect->width) * scale;

      for (int y = (int) rect->y * scale; y < (int) (rect->y + rect->height) * scale; y++)
        {
          guint32 *line = (guint32 *) (gpointer) (pixels + (gsize) y * (gsize) stride);

          for (int x = x0; x < x1; x++)
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
            line[x >> 5] |= 1u << (x & 31);
#else
            line[x >> 5] |= 0x80000000u >> (x & 31);
#endif
        }
    }
  cairo_surface_mark_dirty (stencil);

  cairo_translate (cr, left, top);
  cairo_scale (cr, module / scale, module / scale);
  cairo_set_source_rgb (cr, 0, 0, 0);
  pattern = cairo_pattern_create_for_surface (stencil);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_mask (cr, pattern);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (stencil);
}

/**
 * ld_report_code_draw:
 * @code: a symbol
 * @cr: where to draw
 * @x: left of the box, quiet zone included
 * @y: top of the box
 * @width: width of the box
 * @height: height of the box
 *
 * Draws @code as large as fits in the box with its quiet zone, centred: a
 * QR code square, a barcode across the whole width and height. The box is
 * painted white first, so nothing printed under it can break the quiet
 * zone.
 */
void
ld_report_code_draw (const LdReportCode *code,
                     cairo_t            *cr,
                     double              x,
                     double              y,
                     double              width,
                     double              height)
{
  double module;
  double bar_height;
  double left;
  double top;
  gboolean linear;

  g_return_if_fail (code != NULL);
  g_return_if_fail (cr != NULL);

  linear = code->rows == 1;
  module = width / (code->columns + 2 * code->quiet);
  if (!linear)
    module = MIN (module, height / (code->rows + 2 * code->quiet));
  module = snap_to_pixels (cr, module);
  bar_height = linear ? height : module;

  left = x + (width - module * code->columns) / 2;
  top = linear ? y : y + (height - module * code->rows) / 2;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);

  if (cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE)
    {
      /* Start on a pixel edge, so every bar covers whole pixels. */
      cairo_user_to_device (cr, &left, &top);
      left = round (left);
      top = round (top);
      cairo_device_to_user (cr, &left, &top);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
    }

  if (!linear && cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE)
    {
      draw_matrix_as_image (code, cr, left, top, module);
      cairo_restore (cr);
      return;
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < code->rects->len; i++)
    {
      const CodeRect *rect = &g_array_index (code->rects, CodeRect, i);

      cairo_rectangle (cr,
                       left + rect->x * module,
                       top + rect->y * bar_height,
                       rect->width * module,
                       rect->height * bar_height);
    }
  cairo_fill (cr);
  cairo_restore (cr);
}

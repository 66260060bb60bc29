/* ld-label-render.c: sample labels with a Code 128 barcode
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-label-render"

#include "config.h"

#include <math.h>

#include "ld-report-document.h"
#include "ld-report-renderer-private.h"

#define LABEL_WIDTH    (50.0 * LD_REPORT_MM)
#define LABEL_HEIGHT   (25.0 * LD_REPORT_MM)
#define PADDING        4.0
#define BARCODE_TOP    21.0
#define BARCODE_HEIGHT 24.0

/* 4 × 11 labels of 50 × 25 mm fill 200 × 275 mm of the A4 sheet's
 * 210 × 297, centred. */
#define SHEET_COLUMNS 4
#define SHEET_ROWS 11
G_STATIC_ASSERT (SHEET_COLUMNS *SHEET_ROWS == LD_LABEL_SHEET_POSITIONS);

static void
add_line (LdReportRenderer  *renderer,
          LdReportBlock     *block,
          LdReportFont       font,
          const char        *text,
          LdReportTextFlags  flags,
          double             width,
          double             x,
          double             y)
{
  g_autoptr(PangoLayout) layout = NULL;

  /* Every line is one line, cut with an ellipsis: a label has no room to
   * wrap, and the barcode must stay where the scanner expects it. */
  layout = ld_report_renderer_text (renderer, font, text, width,
                                    flags | LD_REPORT_TEXT_ELLIPSIZE);
  ld_report_block_add_text (block, layout, x + PADDING, y);
}

static char *
join_nonempty (const char *first,
               const char *second)
{
  gboolean has_first = first != NULL && first[0] != '\0';
  gboolean has_second = second != NULL && second[0] != '\0';

  if (has_first && has_second)
    return g_strconcat (first, "  \u00b7  ", second, NULL);
  return g_strdup (has_first ? first : has_second ? second : "");
}

/* A stat or urgent tube is marked so that it is seen across the bench:
 * the word in white on a black box at the label's top right. Returns the
 * width it takes, 0 for a routine one. */
static double
add_priority (LdReportRenderer *renderer,
              LdReportBlock    *block,
              const char       *priority,
              double            right,
              double            y)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoAttrList) white = NULL;
  const char *word;
  int width, height;

  if (g_strcmp0 (priority, "stat") == 0)
    /* Translators: marks a stat sample on its label, in capitals if the script has them. */
    word = C_("label priority", "STAT");
  else if (g_strcmp0 (priority, "urgent") == 0)
    /* Translators: marks an urgent sample on its label, in capitals if the script has them. */
    word = C_("label priority", "URGENT");
  else
    return 0;

  layout = ld_report_renderer_text (renderer, LD_REPORT_FONT_LABEL_BOLD, word, 0, 0);
  white = pango_attr_list_new ();
  pango_attr_list_insert (white, pango_attr_foreground_new (65535, 65535, 65535));
  pango_layout_set_attributes (layout, white);
  pango_layout_get_pixel_size (layout, &width, &height);
  ld_report_block_add_box (block, right - width - 4, y, width + 4, height, 0, 0);
  ld_report_block_add_text (block, layout, right - width - 2, y);
  return width + 4;
}

/* The barcode, across the label's width. For a label printer of @dpi,
 * the module is a whole number of dots (as many as fit) and the symbol
 * starts on a dot, so no bar is a dot wider than its neighbour; the quiet
 * zones stay inside the width. */
static void
add_barcode (LdReportBlock *block,
             LdReportCode  *code,
             guint          dpi,
             double         x,
             double         y)
{
  double width = LABEL_WIDTH - 4;
  double left = x + 2;

  if (dpi > 0)
    {
      double dot = 72.0 / dpi;
      guint modules = ld_report_code_get_modules (code);
      double dots_per_module = MAX (1.0, floor (width / (modules * dot)));

      width = modules * dots_per_module * dot;
      left = x + round ((LABEL_WIDTH - width) / 2 / dot) * dot;
    }
  ld_report_block_add_code (block, code, left, y + BARCODE_TOP, width, BARCODE_HEIGHT);
}

/* The tests the tube is for, in bold, then its specimen and container. */
static void
add_contents (LdReportRenderer *renderer,
              LdReportBlock    *block,
              const LdLabel    *label,
              double            x,
              double            y)
{
  g_autofree char *codes = NULL;
  g_autofree char *specimen = join_nonempty (label->specimen, label->container);
  double used = 0;

  if (label->test_codes != NULL && label->test_codes[0] != NULL)
    {
      g_autoptr(PangoLayout) tests = NULL;
      int width;

      codes = g_strjoinv (" ", label->test_codes);
      tests = ld_report_renderer_text (renderer, LD_REPORT_FONT_LABEL_BOLD, codes,
                                       LABEL_WIDTH - 2 * PADDING, LD_REPORT_TEXT_ELLIPSIZE);
      pango_layout_get_pixel_size (tests, &width, NULL);
      ld_report_block_add_text (block, tests, x + PADDING, y - 1);
      used = width + 5;
    }
  if (used < LABEL_WIDTH - 2 * PADDING - 12)
    add_line (renderer, block, LD_REPORT_FONT_LABEL, specimen, 0,
              LABEL_WIDTH - 2 * PADDING - used, x + used, y);
}

/* One label, drawn into @block with its top left at (@x, @y): name, and
 * the priority when it is not routine; MRN with the collection time at
 * the right; the barcode and its number; the tests, specimen and
 * container. */
static void
add_label (LdReportRenderer *renderer,
           LdReportBlock    *block,
           const LdLabel    *label,
           const char       *zone,
           guint             dpi,
           double            x,
           double            y)
{
  g_autofree char *collected = ld_report_format_time (label->collected_us, zone);
  g_autofree char *mrn = NULL;
  g_autofree char *identity = NULL;
  g_autoptr(LdReportCode) code = NULL;
  g_autoptr(GError) error = NULL;
  double identity_width = LABEL_WIDTH - 2 * PADDING;
  double badge;

  badge =
    add_priority (renderer, block, label->priority, x + LABEL_WIDTH - PADDING, y + PADDING - 1);
  add_line (renderer, block, LD_REPORT_FONT_LABEL_BOLD, ld_report_or_dash (label->patient_name), 0,
            identity_width - (badge > 0 ? badge + 4 : 0), x, y + PADDING - 1);

  if (collected != NULL)
    {
      g_autoptr(PangoLayout) time = ld_report_renderer_text (renderer, LD_REPORT_FONT_LABEL,
                                                              collected, 0, LD_REPORT_TEXT_NUMERIC);
      int width;

      pango_layout_get_pixel_size (time, &width, NULL);
      ld_report_block_add_text (block, time, x + LABEL_WIDTH - PADDING - width, y + PADDING + 8);
      identity_width -= width + 6;
    }

  /* Translators: the record number on a sample label. */
  mrn = g_strdup_printf (_("MRN %s"), ld_report_or_dash (label->mrn));
  identity = join_nonempty (mrn, label->sex_age);
  add_line (renderer, block, LD_REPORT_FONT_LABEL, identity, LD_REPORT_TEXT_NUMERIC,
            identity_width, x, y + PADDING + 8);

  code = ld_report_code_new_code128 (label->accession, &error);
  if (code != NULL)
    add_barcode (block, g_steal_pointer (&code), dpi, x, y);
  else
    g_debug ("No barcode on the label: %s", error->message);

  add_line (renderer, block, LD_REPORT_FONT_LABEL_BOLD, ld_report_or_dash (label->accession),
            LD_REPORT_TEXT_CENTER | LD_REPORT_TEXT_NUMERIC, LABEL_WIDTH - 2 * PADDING,
            x, y + BARCODE_TOP + BARCODE_HEIGHT);

  add_contents (renderer, block, label, x, y + BARCODE_TOP + BARCODE_HEIGHT + 9);
}

static LdReportDocument *
layout_roll (LdReportRenderer *self,
             const LdLabelSet *labels)
{
  LdReportDocument *document =
    ld_report_document_new (LABEL_WIDTH, LABEL_HEIGHT, 0, 0, LABEL_WIDTH, LABEL_HEIGHT);

  /* Each label is exactly one page tall, so the pagination gives each its
   * own page. */
  for (guint i = 0; labels->labels != NULL && i < labels->labels->len; i++)
    {
      g_autoptr(LdReportBlock) block = ld_report_block_new ();

      add_label (self, block, g_ptr_array_index (labels->labels, i), labels->time_zone,
                 labels->dpi, 0, 0);
      ld_report_block_set_height (block, LABEL_HEIGHT);
      ld_report_document_append (document, g_steal_pointer (&block));
    }
  return document;
}

static LdReportDocument *
layout_sheet (LdReportRenderer *self,
              const LdLabelSet *labels)
{
  double page_width = 210.0 * LD_REPORT_MM;
  double page_height = 297.0 * LD_REPORT_MM;
  double left = (page_width - SHEET_COLUMNS * LABEL_WIDTH) / 2;
  double top = (page_height - SHEET_ROWS * LABEL_HEIGHT) / 2;
  guint n = labels->labels != NULL ? labels->labels->len : 0;
  guint skip = labels->first_position % (SHEET_COLUMNS * SHEET_ROWS);
  LdReportDocument *document;

  /* Half a point of slack, so rounding never pushes the eleventh row over. */
  document =
    ld_report_document_new (page_width, page_height, left, top, SHEET_COLUMNS * LABEL_WIDTH,
                            top + SHEET_ROWS * LABEL_HEIGHT + 0.5);

  /* Positions are counted over the sheet; those before @skip were used,
   * so their rows stay empty and their places in the first row blank. */
  for (guint first = 0; first < skip + n; first += SHEET_COLUMNS)
    {
      g_autoptr(LdReportBlock) row = ld_report_block_new ();

      for (guint slot = MAX (first, skip); slot < MIN (first + SHEET_COLUMNS, skip + n); slot++)
        {
          double x = (slot - first) * LABEL_WIDTH;

          /* A faint outline to cut along on plain paper; on die-cut
           * sheets it falls on the labels' own edges. */
          ld_report_block_add_box (row, x, 0, LABEL_WIDTH, LABEL_HEIGHT, 0.25, -1);
          add_label (self, row, g_ptr_array_index (labels->labels, slot - skip),
                     labels->time_zone, 0, x, 0);
        }
      ld_report_block_set_height (row, LABEL_HEIGHT);
      ld_report_document_append (document, g_steal_pointer (&row));
    }
  return document;
}

/**
 * ld_report_renderer_layout_labels:
 * @self: a renderer
 * @labels: one label per sample
 * @layout: a label printer's roll or an A4 sheet
 *
 * Lays out 50 × 25 mm sample labels: the patient's name, MRN (and sex and
 * age), a Code 128 barcode of the accession number with the number
 * printed under it, the tests the tube is for, the specimen and container
 * and the collection time; a stat or urgent sample says so in white on
 * black. The barcode is vector bars in a PDF or for a printer, and whole
 * pixels in an image, so scanners read it either way; on a roll with
 * @labels's dpi set, each bar is a whole number of the printer's dots.
 *
 * Returns: (transfer full): the document, ready to draw or write
 */
LdReportDocument *
ld_report_renderer_layout_labels (LdReportRenderer *self,
                                  const LdLabelSet *labels,
                                  LdLabelLayout     layout)
{
  LdReportDocument *document;

  g_return_val_if_fail (LD_IS_REPORT_RENDERER (self), NULL);
  g_return_val_if_fail (labels != NULL, NULL);

  if (layout == LD_LABEL_LAYOUT_A4_SHEET)
    document = layout_sheet (self, labels);
  else
    document = layout_roll (self, labels);

  ld_report_document_set_title (document, _("Sample labels"));
  return document;
}

/* ld-report-frame.c: the letterhead and footer of reports and receipts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-frame"

#include "config.h"

#include <math.h>

#include "ld-report-renderer-private.h"

#define MARGIN          (14.0 * LD_REPORT_MM)
#define LOGO_MAX_HEIGHT 46.0
#define LOGO_MAX_WIDTH  110.0
#define FOOTER_HEIGHT   24.0
#define FLOW_GAP        12.0

typedef struct
{
  LdReportRenderer *renderer;
  LdReportBlock    *letterhead;
  double            page_height;
  double            width;
  char             *footer;
  char             *footer_note;
} Frame;

static void
frame_free (gpointer data)
{
  Frame *frame = data;

  g_object_unref (frame->renderer);
  ld_report_block_unref (frame->letterhead);
  g_free (frame->footer);
  g_free (frame->footer_note);
  g_free (frame);
}

/**
 * ld_report_paper_get_size:
 * @paper: a paper
 * @width: (out): width in points
 * @height: (out): height in points
 */
void
ld_report_paper_get_size (LdReportPaper  paper,
                          double        *width,
                          double        *height)
{
  if (paper == LD_REPORT_PAPER_LETTER)
    {
      *width = 8.5 * 72.0;
      *height = 11.0 * 72.0;
    }
  else
    {
      *width = 210.0 * LD_REPORT_MM;
      *height = 297.0 * LD_REPORT_MM;
    }
}

/**
 * ld_report_or_dash:
 * @text: (nullable): a value
 *
 * Returns: (transfer none): @text, or a dash when it is missing or empty,
 *   so an empty field reads as "none" rather than as a gap in the page
 */
const char *
ld_report_or_dash (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : "\u2014";
}

static char *
join_contacts (const LdReportLab *lab)
{
  const char *parts[] = { lab->phone, lab->email, lab->website };
  g_autoptr(GPtrArray) present = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && parts[i][0] != '\0')
      g_ptr_array_add (present, (gpointer) parts[i]);
  g_ptr_array_add (present, NULL);

  return g_strjoinv ("  \u00b7  ", (char **) present->pdata);
}

static LdReportBlock *
build_letterhead (LdReportRenderer  *renderer,
                  const LdReportLab *lab,
                  const char        *title,
                  const char        *subtitle,
                  double             width)
{
  LdReportBlock *block = ld_report_block_new ();
  cairo_surface_t *logo = ld_report_renderer_get_logo (renderer, lab->logo_png);
  g_autoptr(PangoLayout) title_layout = NULL;
  g_autofree char *contacts = join_contacts (lab);
  double text_x = 0;
  double title_width;
  double text_width;
  double bottom = 0;
  double y = 0;
  int title_w;

  title_layout = ld_report_renderer_text (renderer, LD_REPORT_FONT_TITLE, title, width * 0.4,
                                          LD_REPORT_TEXT_RIGHT);
  pango_layout_get_pixel_size (title_layout, &title_w, NULL);
  title_width = MIN (title_w, width * 0.4);
  bottom = ld_report_block_add_text (block, title_layout, width * 0.6, 0);
  if (subtitle != NULL && subtitle[0] != '\0')
    {
      g_autoptr(PangoLayout) layout =
                   ld_report_renderer_text (renderer, LD_REPORT_FONT_SMALL, subtitle, width * 0.4,
                                            LD_REPORT_TEXT_RIGHT);

      bottom = ld_report_block_add_text (block, layout, width * 0.6, bottom + 2);
    }

  if (logo != NULL)
    {
      double logo_w = cairo_image_surface_get_width (logo);
      double logo_h = cairo_image_surface_get_height (logo);
      double scale = MIN (LOGO_MAX_HEIGHT / logo_h, LOGO_MAX_WIDTH / logo_w);

      ld_report_block_add_image (block, logo, 0, 0, logo_w * scale, logo_h * scale);
      bottom = MAX (bottom, logo_h * scale);
      text_x = logo_w * scale + 10;
    }

  text_width = width - text_x - title_width - 16;
  if (text_width < width * 0.3)
    text_width = width * 0.3;

  {
    g_autoptr(PangoLayout) name =
                 ld_report_renderer_text (renderer, LD_REPORT_FONT_LAB_NAME,
                                          ld_report_or_dash (lab->name), text_width, 0);

    y = ld_report_block_add_text (block, name, text_x, 0) + 1;
  }

  {
    const char *lines[] = { lab->address, contacts, lab->registration };

    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      {
        g_autoptr(PangoLayout) layout = NULL;

        if (lines[i] == NULL || lines[i][0] == '\0')
          continue;
        layout = ld_report_renderer_text (renderer, LD_REPORT_FONT_SMALL, lines[i], text_width,
                                          i == 2 ? LD_REPORT_TEXT_DIM : 0);
        y = ld_report_block_add_text (block, layout, text_x, y) + 0.5;
      }
  }

  bottom = MAX (bottom, y) + 6;
  ld_report_block_add_rule (block, 0, width, bottom, 1.2, 0);
  return block;
}

static void
draw_frame (cairo_t  *cr,
            guint     page,
            guint     n_pages,
            gpointer  user_data)
{
  Frame *frame = user_data;
  double footer_y = frame->page_height - MARGIN - FOOTER_HEIGHT;
  g_autofree char *page_text = NULL;
  g_autoptr(PangoLayout) page_layout = NULL;
  g_autoptr(LdReportBlock) footer = ld_report_block_new ();
  int page_w;

  cairo_translate (cr, MARGIN, MARGIN);
  ld_report_block_draw (frame->letterhead, cr);
  cairo_translate (cr, 0, footer_y - MARGIN);

  /* Translators: the footer of every page of a report or receipt. */
  page_text = g_strdup_printf (_("Page %u of %u"), page + 1, n_pages);
  page_layout = ld_report_renderer_text (frame->renderer, LD_REPORT_FONT_SMALL_BOLD, page_text,
                                         0, LD_REPORT_TEXT_NUMERIC);
  pango_layout_get_pixel_size (page_layout, &page_w, NULL);

  ld_report_block_add_rule (footer, 0, frame->width, 0, 0.5, LD_REPORT_GREY_RULE);
  ld_report_block_add_text (footer, page_layout, frame->width - page_w, 4);
  {
    g_autoptr(PangoLayout) left = ld_report_renderer_text (frame->renderer, LD_REPORT_FONT_SMALL,
                                                           frame->footer,
                                                           frame->width - page_w - 16,
                                                           LD_REPORT_TEXT_ELLIPSIZE);
    double y = ld_report_block_add_text (footer, left, 0, 4);

    if (frame->footer_note != NULL)
      {
        g_autoptr(PangoLayout) note = ld_report_renderer_text (frame->renderer,
                                                               LD_REPORT_FONT_SMALL,
                                                               frame->footer_note,
                                                               frame->width,
                                                               LD_REPORT_TEXT_ELLIPSIZE
                                                               | LD_REPORT_TEXT_DIM);

        ld_report_block_add_text (footer, note, 0, y + 1);
      }
  }
  ld_report_block_draw (footer, cr);
}

/**
 * ld_report_frame_new_document:
 * @renderer: a renderer
 * @paper: the paper
 * @lab: the lab, for the letterhead
 * @title: the document's title, printed at the top right of every page
 * @subtitle: (nullable): a line under the title
 * @footer: the running line at the foot of every page, such as the
 *   patient's name and MRN
 * @footer_note: (nullable): a second, grey line under it
 * @out_width: (out): the width of the text column
 *
 * Makes a document whose every page carries the letterhead, @footer and
 * 'Page N of M', with the flow between them.
 *
 * Returns: (transfer full): the empty document
 */
LdReportDocument *
ld_report_frame_new_document (LdReportRenderer  *renderer,
                              LdReportPaper      paper,
                              const LdReportLab *lab,
                              const char        *title,
                              const char        *subtitle,
                              const char        *footer,
                              const char        *footer_note,
                              double            *out_width)
{
  Frame *frame = g_new0 (Frame, 1);
  LdReportDocument *document;
  double page_width;
  double page_height;
  double top;

  ld_report_paper_get_size (paper, &page_width, &page_height);
  frame->renderer = g_object_ref (renderer);
  frame->page_height = page_height;
  frame->width = page_width - 2 * MARGIN;
  frame->letterhead = build_letterhead (renderer, lab, title, subtitle, frame->width);
  frame->footer = g_strdup (footer);
  frame->footer_note = g_strdup (footer_note);

  top = MARGIN + ld_report_block_get_height (frame->letterhead) + FLOW_GAP;
  document = ld_report_document_new (page_width, page_height, MARGIN, top, frame->width,
                                     page_height - MARGIN - FOOTER_HEIGHT - FLOW_GAP);
  ld_report_document_set_page_func (document, draw_frame, frame, frame_free);
  ld_report_document_set_title (document, title);

  *out_width = frame->width;
  return document;
}

typedef struct
{
  LdReportBlock *text;
  double         text_width;
  double         text_height;
  double         page_width;
  double         page_height;
} Watermark;

static void
watermark_free (gpointer data)
{
  Watermark *watermark = data;

  ld_report_block_unref (watermark->text);
  g_free (watermark);
}

/* Across the page, corner to corner, in grey over everything else: a
 * rule, a grey band or a table cannot hide it, and the text under it
 * stays readable. */
static void
draw_watermark (cairo_t  *cr,
                guint     page,
                guint     n_pages,
                gpointer  user_data)
{
  Watermark *watermark = user_data;
  double diagonal = hypot (watermark->page_width, watermark->page_height);
  double scale = 0.75 * diagonal / watermark->text_width;

  cairo_push_group (cr);
  cairo_translate (cr, watermark->page_width / 2, watermark->page_height / 2);
  cairo_rotate (cr, -atan2 (watermark->page_height, watermark->page_width));
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -watermark->text_width / 2, -watermark->text_height / 2);
  ld_report_block_draw (watermark->text, cr);
  cairo_pop_group_to_source (cr);
  cairo_paint_with_alpha (cr, 0.35);
}

/**
 * ld_report_frame_add_watermark:
 * @renderer: a renderer
 * @document: a document from ld_report_frame_new_document()
 * @paper: its paper
 * @text: what to print across every page, such as "PREVIEW — NOT
 *   RELEASED"
 *
 * Prints @text large and diagonally across every page of @document, over
 * its content, so that a page of it cannot pass for another document.
 */
void
ld_report_frame_add_watermark (LdReportRenderer *renderer,
                               LdReportDocument *document,
                               LdReportPaper     paper,
                               const char       *text)
{
  Watermark *watermark = g_new0 (Watermark, 1);
  g_autoptr(PangoLayout) layout = ld_report_renderer_text (renderer, LD_REPORT_FONT_TITLE, text, 0,
                                                            LD_REPORT_TEXT_DIM);
  int width;
  int height;

  pango_layout_get_pixel_size (layout, &width, &height);
  watermark->text = ld_report_block_new ();
  ld_report_block_add_text (watermark->text, layout, 0, 0);
  watermark->text_width = MAX (width, 1);
  watermark->text_height = height;
  ld_report_paper_get_size (paper, &watermark->page_width, &watermark->page_height);
  ld_report_document_set_overlay_func (document, draw_watermark, watermark, watermark_free);
}

/**
 * ld_report_add_pair:
 * @renderer: a renderer
 * @block: the block to add to
 * @label: a caption, such as "MRN"
 * @value: (nullable): its value; a dash when missing
 * @value_font: the value's face
 * @x: left of the caption
 * @y: top
 * @label_width: the caption's column
 * @width: caption and value together
 *
 * Adds a caption in grey with its value beside it, wrapped in what is
 * left of @width.
 *
 * Returns: the bottom of the taller of the two
 */
double
ld_report_add_pair (LdReportRenderer *renderer,
                    LdReportBlock    *block,
                    const char       *label,
                    const char       *value,
                    LdReportFont      value_font,
                    double            x,
                    double            y,
                    double            label_width,
                    double            width)
{
  g_autoptr(PangoLayout) label_layout = NULL;
  g_autoptr(PangoLayout) value_layout = NULL;
  double label_bottom;
  double value_bottom;
  double baseline_shift;

  label_layout = ld_report_renderer_text (renderer, LD_REPORT_FONT_SMALL, label,
                                          label_width - 4, LD_REPORT_TEXT_DIM);
  value_layout = ld_report_renderer_text (renderer, value_font, ld_report_or_dash (value),
                                          width - label_width, 0);

  /* Captions are smaller than values; line up their first baselines. */
  baseline_shift = (double) (pango_layout_get_baseline (value_layout)
                             - pango_layout_get_baseline (label_layout)) / PANGO_SCALE;

  label_bottom = ld_report_block_add_text (block, label_layout, x, y + MAX (baseline_shift, 0));
  value_bottom = ld_report_block_add_text (block, value_layout, x + label_width, y);
  return MAX (label_bottom, value_bottom);
}

/**
 * ld_report_heading_new:
 * @renderer: a renderer
 * @text: (nullable): the heading
 * @width: the text column's width
 *
 * Returns: (transfer full): a bold heading that never ends a page
 */
LdReportBlock *
ld_report_heading_new (LdReportRenderer *renderer,
                       const char       *text,
                       double            width)
{
  LdReportBlock *block = ld_report_block_new ();
  g_autoptr(PangoLayout) layout = ld_report_renderer_text (renderer, LD_REPORT_FONT_BODY_BOLD,
                                                            ld_report_or_dash (text), width, 0);

  ld_report_block_set_height (block, ld_report_block_add_text (block, layout, 0, 4) + 2);
  ld_report_block_set_keep_with_next (block, TRUE);
  return block;
}

/* ld-report-block.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-block"

#include "config.h"

#include <pango/pangocairo.h>

#include "ld-report-block.h"

typedef enum
{
  OP_TEXT,
  OP_RULE,
  OP_BOX,
  OP_CODE,
  OP_IMAGE,
} OpKind;

typedef struct
{
  OpKind kind;
  double x;
  double y;
  double width;
  double height;
  double line_width;
  double grey;
  union
  {
    PangoLayout     *layout;
    LdReportCode    *code;
    cairo_surface_t *image;
  };
} Op;

/* A vertical extent that a page break must not cut: a line of text, a
 * code, an image. */
typedef struct
{
  double top;
  double bottom;
} Span;

struct _LdReportBlock
{
  GArray    *ops;
  GArray    *spans;
  GPtrArray *repeat;
  double     height;
  double     space_before;
  gboolean   keep_with_next;
};

static void
clear_op (gpointer data)
{
  Op *op = data;

  switch (op->kind)
    {
    case OP_TEXT:
      g_object_unref (op->layout);
      break;
    case OP_CODE:
      ld_report_code_free (op->code);
      break;
    case OP_IMAGE:
      cairo_surface_destroy (op->image);
      break;
    case OP_RULE:
    case OP_BOX:
    default:
      break;
    }
}

static void
block_free (gpointer data)
{
  LdReportBlock *block = data;

  g_array_unref (block->ops);
  g_clear_pointer (&block->spans, g_array_unref);
  g_clear_pointer (&block->repeat, g_ptr_array_unref);
}

static void
extend (LdReportBlock *block,
        double         bottom)
{
  block->height = MAX (block->height, bottom);
  g_clear_pointer (&block->spans, g_array_unref);
}

/**
 * ld_report_block_new:
 *
 * Returns: (transfer full): an empty block, zero points tall
 */
LdReportBlock *
ld_report_block_new (void)
{
  LdReportBlock *block = g_rc_box_new0 (LdReportBlock);

  block->ops = g_array_new (FALSE, FALSE, sizeof (Op));
  g_array_set_clear_func (block->ops, clear_op);
  return block;
}

LdReportBlock *
ld_report_block_ref (LdReportBlock *block)
{
  g_return_val_if_fail (block != NULL, NULL);

  return g_rc_box_acquire (block);
}

void
ld_report_block_unref (LdReportBlock *block)
{
  g_return_if_fail (block != NULL);

  g_rc_box_release_full (block, block_free);
}

/**
 * ld_report_block_add_text:
 * @block: a block
 * @layout: a laid-out text, which the block keeps a reference to
 * @x: left, in the block
 * @y: top, in the block
 *
 * Returns: the bottom of the text, in the block
 */
double
ld_report_block_add_text (LdReportBlock *block,
                          PangoLayout   *layout,
                          double         x,
                          double         y)
{
  int height;

  g_return_val_if_fail (block != NULL, y);
  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), y);

  pango_layout_get_size (layout, NULL, &height);
  g_array_append_val (block->ops, ((Op){ .kind = OP_TEXT,
                                         .x = x,
                                         .y = y,
                                         .height = (double) height / PANGO_SCALE,
                                         .layout = g_object_ref (layout) }));
  extend (block, y + (double) height / PANGO_SCALE);
  return y + (double) height / PANGO_SCALE;
}

/**
 * ld_report_block_add_rule:
 * @block: a block
 * @x0: start
 * @x1: end
 * @y: where, in the block
 * @line_width: thickness in points
 * @grey: 0 for black, 1 for white
 *
 * Adds a horizontal line.
 */
void
ld_report_block_add_rule (LdReportBlock *block,
                          double         x0,
                          double         x1,
                          double         y,
                          double         line_width,
                          double         grey)
{
  g_return_if_fail (block != NULL);

  g_array_append_val (block->ops, ((Op){ .kind = OP_RULE,
                                         .x = x0,
                                         .y = y,
                                         .width = x1 - x0,
                                         .line_width = line_width,
                                         .grey = grey }));
  extend (block, y + line_width / 2);
}

/**
 * ld_report_block_add_box:
 * @block: a block
 * @x: left
 * @y: top
 * @width: width
 * @height: height
 * @line_width: border thickness; 0 for none
 * @fill_grey: the fill, 0 black to 1 white; less than 0 for none
 *
 * Adds a rectangle, drawn under whatever is added after it. A box does not
 * keep a page break out of it, so it may back text that runs on.
 */
void
ld_report_block_add_box (LdReportBlock *block,
                         double         x,
                         double         y,
                         double         width,
                         double         height,
                         double         line_width,
                         double         fill_grey)
{
  g_return_if_fail (block != NULL);

  g_array_append_val (block->ops, ((Op){ .kind = OP_BOX,
                                         .x = x,
                                         .y = y,
                                         .width = width,
                                         .height = height,
                                         .line_width = line_width,
                                         .grey = fill_grey }));
  extend (block, y + height + line_width / 2);
}

/**
 * ld_report_block_add_code:
 * @block: a block
 * @code: (transfer full): a QR code or barcode
 * @x: left of its box, quiet zone included
 * @y: top
 * @width: width
 * @height: height
 *
 * Adds a symbol, drawn with ld_report_code_draw().
 */
void
ld_report_block_add_code (LdReportBlock *block,
                          LdReportCode  *code,
                          double         x,
                          double         y,
                          double         width,
                          double         height)
{
  g_return_if_fail (block != NULL);
  g_return_if_fail (code != NULL);

  g_array_append_val (
    block->ops,
    ((Op){ .kind = OP_CODE, .x = x, .y = y, .width = width, .height = height, .code = code }));
  extend (block, y + height);
}

/**
 * ld_report_block_add_image:
 * @block: a block
 * @image: an image surface, which the block keeps a reference to
 * @x: left
 * @y: top
 * @width: width to scale it to
 * @height: height to scale it to
 */
void
ld_report_block_add_image (LdReportBlock   *block,
                           cairo_surface_t *image,
                           double           x,
                           double           y,
                           double           width,
                           double           height)
{
  g_return_if_fail (block != NULL);
  g_return_if_fail (image != NULL);

  g_array_append_val (block->ops, ((Op){ .kind = OP_IMAGE,
                                         .x = x,
                                         .y = y,
                                         .width = width,
                                         .height = height,
                                         .image = cairo_surface_reference (image) }));
  extend (block, y + height);
}

double
ld_report_block_get_height (LdReportBlock *block)
{
  g_return_val_if_fail (block != NULL, 0);

  return block->height;
}

/**
 * ld_report_block_set_height:
 * @block: a block
 * @height: its height in points
 *
 * Sets the height, which otherwise is the bottom of the lowest thing in
 * it; use it to leave padding below.
 */
void
ld_report_block_set_height (LdReportBlock *block,
                            double         height)
{
  g_return_if_fail (block != NULL);

  block->height = height;
}

double
ld_report_block_get_space_before (LdReportBlock *block)
{
  g_return_val_if_fail (block != NULL, 0);

  return block->space_before;
}

/**
 * ld_report_block_set_space_before:
 * @block: a block
 * @space: points of space above it, dropped at the top of a page
 */
void
ld_report_block_set_space_before (LdReportBlock *block,
                                  double         space)
{
  g_return_if_fail (block != NULL);

  block->space_before = space;
}

gboolean
ld_report_block_get_keep_with_next (LdReportBlock *block)
{
  g_return_val_if_fail (block != NULL, FALSE);

  return block->keep_with_next;
}

/**
 * ld_report_block_set_keep_with_next:
 * @block: a block
 * @keep: %TRUE to never end a page with it, as for a heading
 */
void
ld_report_block_set_keep_with_next (LdReportBlock *block,
                                    gboolean       keep)
{
  g_return_if_fail (block != NULL);

  block->keep_with_next = keep;
}

/**
 * ld_report_block_get_repeat:
 * @block: a block
 *
 * Returns: (transfer none) (nullable) (element-type LdReportBlock): the
 *   blocks to repeat above it when it starts a page
 */
GPtrArray *
ld_report_block_get_repeat (LdReportBlock *block)
{
  g_return_val_if_fail (block != NULL, NULL);

  return block->repeat;
}

/**
 * ld_report_block_set_repeat:
 * @block: a block
 * @repeat: (nullable) (element-type LdReportBlock): blocks, such as a
 *   table's column headings, to place above @block when it starts a page
 *   or runs on to one
 */
void
ld_report_block_set_repeat (LdReportBlock *block,
                            GPtrArray     *repeat)
{
  g_return_if_fail (block != NULL);

  if (repeat != NULL)
    g_ptr_array_ref (repeat);
  g_clear_pointer (&block->repeat, g_ptr_array_unref);
  block->repeat = repeat;
}

static void
collect_spans (LdReportBlock *block)
{
  block->spans = g_array_new (FALSE, FALSE, sizeof (Span));

  for (guint i = 0; i < block->ops->len; i++)
    {
      const Op *op = &g_array_index (block->ops, Op, i);

      if (op->kind == OP_CODE || op->kind == OP_IMAGE)
        {
          g_array_append_val (block->spans, ((Span){ op->y, op->y + op->height }));
        }
      else if (op->kind == OP_TEXT)
        {
          PangoLayoutIter *iter = pango_layout_get_iter (op->layout);

          do
            {
              int top, bottom;

              pango_layout_iter_get_line_yrange (iter, &top, &bottom);
              g_array_append_val (block->spans, ((Span){ op->y + (double) top / PANGO_SCALE,
                                                         op->y + (double) bottom / PANGO_SCALE }));
            }
          while (pango_layout_iter_next_line (iter));
          pango_layout_iter_free (iter);
        }
    }
}

static gboolean
cuts_a_span (GArray *spans,
             double  y)
{
  /* A tolerance, so a break at a line's own edge is not taken for a cut. */
  const double slack = 0.01;

  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);

      if (span->top + slack < y && y < span->bottom - slack)
        return TRUE;
    }
  return FALSE;
}

/**
 * ld_report_block_find_break:
 * @block: a block
 * @from: where the part still to place starts
 * @limit: the lowest point that fits on the page
 *
 * Finds where to cut a block that is too tall for what is left of a page:
 * the lowest point at or above @limit that runs through no line of text
 * and no image or code.
 *
 * Returns: the break, or @from when no line fits before @limit
 */
double
ld_report_block_find_break (LdReportBlock *block,
                            double         from,
                            double         limit)
{
  double best = from;

  g_return_val_if_fail (block != NULL, from);

  if (block->spans == NULL)
    collect_spans (block);

  if (!cuts_a_span (block->spans, limit))
    return limit;

  for (guint i = 0; i < block->spans->len; i++)
    {
      const Span *span = &g_array_index (block->spans, Span, i);
      const double edges[] = { span->top, span->bottom };

      for (guint e = 0; e < G_N_ELEMENTS (edges); e++)
        if (edges[e] > best && edges[e] <= limit && !cuts_a_span (block->spans, edges[e]))
          best = edges[e];
    }

  return best;
}

/* Sets the run's foreground colour, if it has one; the dim captions do. */
static void
set_run_colour (cairo_t        *cr,
                PangoGlyphItem *run)
{
  for (GSList *l = run->item->analysis.extra_attrs; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_FOREGROUND)
        {
          PangoColor *colour = &((PangoAttrColor *) attr)->color;

          cairo_set_source_rgb (cr, colour->red / 65535.0, colour->green / 65535.0,
                                colour->blue / 65535.0);
        }
    }
}

static gboolean
is_space (const char *p)
{
  return g_unichar_isspace (g_utf8_get_char (p));
}

static gboolean
has_mark (const char *text,
          gsize       length)
{
  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    if (g_unichar_ismark (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Gives every glyph of a word that holds a combining mark the cluster of
 * the word's first glyph; words without marks (most Latin text) keep one
 * cluster per character. */
static void
merge_word_clusters (PangoGlyphItem *run,
                     const char     *text)
{
  PangoGlyphString *glyphs = run->glyphs;
  const char *item_text = text + run->item->offset;
  int i = 0;

  /* Right-to-left runs (Arabic) list their glyphs backwards; their marks
   * are left as HarfBuzz put them. */
  if (run->item->analysis.level % 2 != 0)
    return;

  while (i < glyphs->num_glyphs)
    {
      int start = glyphs->log_clusters[i];
      int end;
      int j;

      if (is_space (item_text + start))
        {
          i++;
          continue;
        }

      for (j = i; j < glyphs->num_glyphs && !is_space (item_text + glyphs->log_clusters[j]); j++)
        ;
      end = j < glyphs->num_glyphs ? glyphs->log_clusters[j] : run->item->length;
      if (has_mark (item_text + start, end - start))
        for (int k = i; k < j; k++)
          glyphs->log_clusters[k] = start;
      i = j;
    }
}

/*
 * What pango_cairo_show_layout() does, but with the text of a word that
 * holds combining marks tied to all of its glyphs. Pango hands Cairo one
 * cluster per character, so a Devanagari vowel sign is a glyph of its
 * own, which the font places a little to the left of where the next
 * consonant starts; poppler (pdftotext, and the search and copy of every
 * viewer built on it) takes a glyph starting within a tenth of an em of
 * the one before for a duplicate and breaks the word there: "देशपांडे"
 * came out as "दे शपांडे". Unhinted metrics and unrounded positions (the
 * renderer's context has both) do not help: the offset is the font's own
 * mark positioning. Given one cluster for the glyphs of several
 * characters, Cairo writes them as one /ActualText span, which readers
 * take whole. A span per letter is not enough: poppler ends a span where
 * its last glyph ends, and a vowel sign under a consonant (कु) ends a
 * fifth of an em short of the letter, which again reads as a gap. A span
 * per word ends before a space, where a break belongs. Every document
 * (reports, receipts, labels, the cash report) draws its text here.
 */
static void
show_layout (cairo_t     *cr,
             PangoLayout *layout)
{
  const char *text = pango_layout_get_text (layout);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double x, y;

  cairo_get_current_point (cr, &x, &y);
  do
    {
      PangoGlyphItem *run = pango_layout_iter_get_run_readonly (iter);
      PangoGlyphItem *copy;
      PangoRectangle logical;
      int baseline;

      if (run == NULL)
        continue;

      pango_layout_iter_get_run_extents (iter, NULL, &logical);
      baseline = pango_layout_iter_get_baseline (iter);
      copy = pango_glyph_item_copy (run);
      merge_word_clusters (copy, text);

      cairo_save (cr);
      set_run_colour (cr, copy);
      cairo_move_to (cr, x + (double) logical.x / PANGO_SCALE, y + (double) baseline / PANGO_SCALE);
      pango_cairo_show_glyph_item (cr, text, copy);
      cairo_restore (cr);
      pango_glyph_item_free (copy);
    }
  while (pango_layout_iter_next_run (iter));

  pango_layout_iter_free (iter);
}

/**
 * ld_report_block_draw:
 * @block: a block
 * @cr: where to draw; the block's top left is the current origin
 *
 * Draws in black on whatever is there; the caller's state is kept.
 */
void
ld_report_block_draw (LdReportBlock *block,
                      cairo_t       *cr)
{
  g_return_if_fail (block != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  for (guint i = 0; i < block->ops->len; i++)
    {
      const Op *op = &g_array_index (block->ops, Op, i);

      switch (op->kind)
        {
        case OP_TEXT:
          cairo_move_to (cr, op->x, op->y);
          show_layout (cr, op->layout);
          break;

        case OP_RULE:
          cairo_set_source_rgb (cr, op->grey, op->grey, op->grey);
          cairo_set_line_width (cr, op->line_width);
          cairo_move_to (cr, op->x, op->y);
          cairo_rel_line_to (cr, op->width, 0);
          cairo_stroke (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
          break;

        case OP_BOX:
          cairo_rectangle (cr, op->x, op->y, op->width, op->height);
          if (op->grey >= 0)
            {
              cairo_set_source_rgb (cr, op->grey, op->grey, op->grey);
              cairo_fill_preserve (cr);
              cairo_set_source_rgb (cr, 0, 0, 0);
            }
          if (op->line_width > 0)
            {
              cairo_set_line_width (cr, op->line_width);
              cairo_stroke (cr);
            }
          cairo_new_path (cr);
          break;

        case OP_CODE:
          ld_report_code_draw (op->code, cr, op->x, op->y, op->width, op->height);
          break;

        case OP_IMAGE:
          cairo_save (cr);
          cairo_translate (cr, op->x, op->y);
          cairo_scale (cr,
                       op->width / cairo_image_surface_get_width (op->image),
                       op->height / cairo_image_surface_get_height (op->image));
          cairo_set_source_surface (cr, op->image, 0, 0);
          cairo_paint (cr);
          cairo_restore (cr);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  cairo_restore (cr);
}

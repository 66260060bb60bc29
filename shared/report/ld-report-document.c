/* ld-report-document.c: pagination of measured blocks
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-document"

#include "config.h"

#include "ld-report-document.h"

/*
 * A document is laid out in one measured pass, not two drawing passes:
 * every block is built (its text shaped by Pango) and so measured before
 * any page is placed; pagination then only moves heights around, and the
 * page count is known before the first page is drawn. 'Page N of M' and
 * the running header are drawn per page by the page function, from N and
 * M, and never move the flow.
 *
 * The rules: a block goes whole onto the page where it starts, or whole
 * onto the next one when it does not fit and would fit there; a heading
 * (keep-with-next) goes over with the start of what follows it; a block
 * taller than what is left and than a fresh page is cut between lines
 * (ld_report_block_find_break()), never through one. A block that starts
 * a page or runs on to one gets its repeat blocks (a table's column
 * headings, "Complete blood count (continued)") above it.
 */

/* A heading is kept with at least this much of what follows it. */
#define KEEP_WITH_NEXT_MIN 40.0

typedef struct
{
  LdReportBlock *block;
  double         y;
  double         from;
  double         to;
} Placement;

struct _LdReportDocument
{
  GObject           parent_instance;

  double            page_width;
  double            page_height;
  double            content_left;
  double            content_top;
  double            content_width;
  double            content_bottom;

  GPtrArray        *blocks;
  GPtrArray        *pages;
  LdReportBlock    *running_header;

  LdReportPageFunc  page_func;
  gpointer          page_data;
  GDestroyNotify    page_destroy;
  LdReportPageFunc  overlay_func;
  gpointer          overlay_data;
  GDestroyNotify    overlay_destroy;

  char             *title;
  gint64            created_us;
};

G_DEFINE_FINAL_TYPE (LdReportDocument, ld_report_document, G_TYPE_OBJECT)

G_DEFINE_QUARK (ld - report - error - quark, ld_report_error)

typedef struct
{
  LdReportDocument *self;
  GArray           *page;
  double            y;
  gboolean          has_flow;
} Cursor;

static void
place (Cursor        *cursor,
       LdReportBlock *block,
       double         from,
       double         to)
{
  g_array_append_val (cursor->page, ((Placement){ block, cursor->y, from, to }));
  cursor->y += to - from;
}

static double
repeat_height (LdReportBlock *block)
{
  GPtrArray *repeat = ld_report_block_get_repeat (block);
  double height = 0;

  for (guint i = 0; repeat != NULL && i < repeat->len; i++)
    height += ld_report_block_get_height (g_ptr_array_index (repeat, i));
  return height;
}

static void
start_page (Cursor        *cursor,
            LdReportBlock *block)
{
  GPtrArray *repeat = block != NULL ? ld_report_block_get_repeat (block) : NULL;

  cursor->page = g_array_new (FALSE, FALSE, sizeof (Placement));
  g_ptr_array_add (cursor->self->pages, cursor->page);
  cursor->y = cursor->self->content_top;
  cursor->has_flow = FALSE;

  if (cursor->self->pages->len > 1 && cursor->self->running_header != NULL)
    place (cursor, cursor->self->running_header, 0,
           ld_report_block_get_height (cursor->self->running_header));

  for (guint i = 0; repeat != NULL && i < repeat->len; i++)
    {
      LdReportBlock *header = g_ptr_array_index (repeat, i);

      place (cursor, header, 0, ld_report_block_get_height (header));
    }
}

static void
flow_block (Cursor        *cursor,
            LdReportBlock *block,
            LdReportBlock *next)
{
  LdReportDocument *self = cursor->self;
  double            area =
    self->content_bottom - self->content_top -
    (self->running_header != NULL ? ld_report_block_get_height (self->running_header) : 0);
  double height = ld_report_block_get_height (block);
  double gap = cursor->has_flow ? ld_report_block_get_space_before (block) : 0;
  double keep = 0;
  double from = 0;

  if (ld_report_block_get_keep_with_next (block) && next != NULL)
    keep = ld_report_block_get_space_before (next)
           + MIN (ld_report_block_get_height (next), KEEP_WITH_NEXT_MIN);

  if (cursor->has_flow
      && cursor->y + gap + height + keep > self->content_bottom
      && repeat_height (block) + height + keep <= area)
    {
      start_page (cursor, block);
      gap = 0;
    }

  cursor->y += gap;
  for (;;)
    {
      double room = self->content_bottom - cursor->y;
      double cut;

      if (height - from <= room)
        {
          place (cursor, block, from, height);
          break;
        }

      cut = ld_report_block_find_break (block, from, from + room);
      if (cut <= from)
        {
          if (cursor->has_flow)
            {
              start_page (cursor, block);
              continue;
            }
          /* Not one line fits on a fresh page (a glyph taller than the
           * page): cut through it rather than loop. */
          cut = from + MAX (room, 1.0);
        }

      place (cursor, block, from, cut);
      from = cut;
      start_page (cursor, block);
    }

  cursor->has_flow = TRUE;
}

static void
paginate (LdReportDocument *self)
{
  Cursor cursor = { self, NULL, 0, FALSE };

  if (self->pages != NULL)
    return;

  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  start_page (&cursor, NULL);

  for (guint i = 0; i < self->blocks->len; i++)
    flow_block (&cursor, g_ptr_array_index (self->blocks, i),
                i + 1 < self->blocks->len ? g_ptr_array_index (self->blocks, i + 1) : NULL);
}

static void
ld_report_document_finalize (GObject *object)
{
  LdReportDocument *self = (LdReportDocument *) object;

  if (self->page_destroy != NULL)
    self->page_destroy (self->page_data);
  if (self->overlay_destroy != NULL)
    self->overlay_destroy (self->overlay_data);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->running_header, ld_report_block_unref);
  g_free (self->title);

  G_OBJECT_CLASS (ld_report_document_parent_class)->finalize (object);
}

static void
ld_report_document_class_init (LdReportDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_report_document_finalize;
}

static void
ld_report_document_init (LdReportDocument *self)
{
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_report_block_unref);
}

/**
 * ld_report_document_new:
 * @page_width: page width in points
 * @page_height: page height in points
 * @content_left: left edge of the text column
 * @content_top: where the flow starts on each page
 * @content_width: width of the text column
 * @content_bottom: where the flow must end on each page
 *
 * Makes an empty document for a layout function to fill with blocks.
 *
 * Returns: (transfer full): a new document
 */
LdReportDocument *
ld_report_document_new (double page_width,
                        double page_height,
                        double content_left,
                        double content_top,
                        double content_width,
                        double content_bottom)
{
  LdReportDocument *self;

  g_return_val_if_fail (page_width > 0 && page_height > 0, NULL);
  g_return_val_if_fail (content_bottom > content_top, NULL);

  self = g_object_new (LD_TYPE_REPORT_DOCUMENT, NULL);
  self->page_width = page_width;
  self->page_height = page_height;
  self->content_left = content_left;
  self->content_top = content_top;
  self->content_width = content_width;
  self->content_bottom = content_bottom;
  return self;
}

/**
 * ld_report_document_set_page_func:
 * @self: a document
 * @func: (nullable): draws each page's furniture, before its flow
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the document
 */
void
ld_report_document_set_page_func (LdReportDocument *self,
                                  LdReportPageFunc  func,
                                  gpointer          user_data,
                                  GDestroyNotify    destroy)
{
  g_return_if_fail (LD_IS_REPORT_DOCUMENT (self));

  if (self->page_destroy != NULL)
    self->page_destroy (self->page_data);
  self->page_func = func;
  self->page_data = user_data;
  self->page_destroy = destroy;
}

/**
 * ld_report_document_set_overlay_func:
 * @self: a document
 * @func: (nullable): draws over each page, after its flow, such as a
 *   watermark that nothing on the page may hide
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the document
 */
void
ld_report_document_set_overlay_func (LdReportDocument *self,
                                     LdReportPageFunc  func,
                                     gpointer          user_data,
                                     GDestroyNotify    destroy)
{
  g_return_if_fail (LD_IS_REPORT_DOCUMENT (self));

  if (self->overlay_destroy != NULL)
    self->overlay_destroy (self->overlay_data);
  self->overlay_func = func;
  self->overlay_data = user_data;
  self->overlay_destroy = destroy;
}

/**
 * ld_report_document_set_running_header:
 * @self: a document
 * @block: (transfer full) (nullable): what tops every page after the
 *   first, above any repeated headings: the patient, so that a loose page
 *   of a report still says whose it is
 */
void
ld_report_document_set_running_header (LdReportDocument *self,
                                       LdReportBlock    *block)
{
  g_return_if_fail (LD_IS_REPORT_DOCUMENT (self));
  g_return_if_fail (self->pages == NULL);

  g_clear_pointer (&self->running_header, ld_report_block_unref);
  self->running_header = block;
}

/**
 * ld_report_document_append:
 * @self: a document
 * @block: (transfer full): a block to add to the flow
 */
void
ld_report_document_append (LdReportDocument *self,
                           LdReportBlock    *block)
{
  g_return_if_fail (LD_IS_REPORT_DOCUMENT (self));
  g_return_if_fail (block != NULL);

  g_ptr_array_add (self->blocks, block);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
}

/**
 * ld_report_document_get_title:
 * @self: a document
 *
 * Returns: (transfer none) (nullable): the title written into the PDF
 */
const char *
ld_report_document_get_title (LdReportDocument *self)
{
  g_return_val_if_fail (LD_IS_REPORT_DOCUMENT (self), NULL);

  return self->title;
}

void
ld_report_document_set_title (LdReportDocument *self,
                              const char       *title)
{
  g_return_if_fail (LD_IS_REPORT_DOCUMENT (self));

  g_free (self->title);
  self->title = g_utf8_make_valid (title != NULL ? title : "", -1);
}

/**
 * ld_report_document_get_created:
 * @self: a document
 *
 * Returns: the creation time written into the PDF, UTC microseconds; 0
 *   for the time of writing
 */
gint64
ld_report_document_get_created (LdReportDocument *self)
{
  g_return_val_if_fail (LD_IS_REPORT_DOCUMENT (self), 0);

  return self->created_us;
}

/**
 * ld_report_document_set_created:
 * @self: a document
 * @utc_us: UTC microseconds, or 0
 *
 * Sets the PDF's creation time. A released report uses its release time,
 * so rendering the same version again gives the same bytes (and the same
 * SHA-256).
 */
void
ld_report_document_set_created (LdReportDocument *self,
                                gint64            utc_us)
{
  g_return_if_fail (LD_IS_REPORT_DOCUMENT (self));

  self->created_us = MAX (utc_us, 0);
}

/**
 * ld_report_document_get_n_pages:
 * @self: a document
 *
 * Returns: how many pages it has; at least 1
 */
guint
ld_report_document_get_n_pages (LdReportDocument *self)
{
  g_return_val_if_fail (LD_IS_REPORT_DOCUMENT (self), 0);

  paginate (self);
  return self->pages->len;
}

/**
 * ld_report_document_get_page_size:
 * @self: a document
 * @width: (out) (optional): page width in points
 * @height: (out) (optional): page height in points
 */
void
ld_report_document_get_page_size (LdReportDocument *self,
                                  double           *width,
                                  double           *height)
{
  g_return_if_fail (LD_IS_REPORT_DOCUMENT (self));

  if (width != NULL)
    *width = self->page_width;
  if (height != NULL)
    *height = self->page_height;
}

/**
 * ld_report_document_draw_page:
 * @self: a document
 * @cr: where to draw; one unit is one point, the origin the page's top left
 * @page: the page, counted from 0
 *
 * Draws one page on whatever @cr targets: a PDF surface, an image surface
 * scaled by dpi / 72, or a GtkPrintContext's context set to points. Draws
 * nothing on a white background; @cr's state is kept.
 */
void
ld_report_document_draw_page (LdReportDocument *self,
                              cairo_t          *cr,
                              guint             page)
{
  GArray *placements;
  guint n_pages;

  g_return_if_fail (LD_IS_REPORT_DOCUMENT (self));
  g_return_if_fail (cr != NULL);

  n_pages = ld_report_document_get_n_pages (self);
  g_return_if_fail (page < n_pages);

  if (self->page_func != NULL)
    {
      cairo_save (cr);
      self->page_func (cr, page, n_pages, self->page_data);
      cairo_restore (cr);
    }

  placements = g_ptr_array_index (self->pages, page);
  for (guint i = 0; i < placements->len; i++)
    {
      const Placement *placement = &g_array_index (placements, Placement, i);
      gboolean         part =
        placement->from > 0 || placement->to < ld_report_block_get_height (placement->block);

      cairo_save (cr);
      cairo_translate (cr, self->content_left, placement->y - placement->from);
      if (part)
        {
          /* Only the slice placed here; the whole page width, so boxes'
           * borders at the column's edges survive. */
          cairo_rectangle (cr, -self->content_left, placement->from,
                           self->page_width, placement->to - placement->from);
          cairo_clip (cr);
        }
      ld_report_block_draw (placement->block, cr);
      cairo_restore (cr);
    }

  if (self->overlay_func != NULL)
    {
      cairo_save (cr);
      self->overlay_func (cr, page, n_pages, self->overlay_data);
      cairo_restore (cr);
    }
}

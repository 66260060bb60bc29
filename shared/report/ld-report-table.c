/* ld-report-table.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-table"

#include "config.h"

#include <math.h>

#include "ld-report-renderer-private.h"
#include "ld-report-table.h"

#define GUTTER      6.0

#define CELL_BOTTOM 2.5

struct _LdReportTable
{
  LdReportRenderer *renderer;
  GArray           *columns;
  GArray           *x;
  GArray           *width;
  LdReportBlock    *header;
  GPtrArray        *repeat;
  double            table_width;
};

static PangoLayout *
make_cell (LdReportTable *table,
           guint          column,
           const char    *text,
           LdReportFont   font)
{
  const LdReportColumn *spec = &g_array_index (table->columns, LdReportColumn, column);

  return ld_report_renderer_text (table->renderer, font, text,
                                  g_array_index (table->width, double, column), spec->flags);
}

static LdReportBlock *
build_header (LdReportTable *table)
{
  LdReportBlock *header = ld_report_block_new ();
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_object_unref);
  double bottom = 0;

  for (guint i = 0; i < table->columns->len; i++)
    {
      const LdReportColumn *spec = &g_array_index (table->columns, LdReportColumn, i);
      PangoLayout *cell = make_cell (table, i, spec->title, LD_REPORT_FONT_SMALL_BOLD);
      int height;

      pango_layout_get_pixel_size (cell, NULL, &height);
      bottom = MAX (bottom, LD_REPORT_CELL_TOP + height);
      g_ptr_array_add (cells, cell);
    }

  /* The heading row sits on a light band, so it reads as a heading on a
   * black-and-white printer too; the band goes first, under the text. */
  ld_report_block_add_box (header, -3, 0, table->table_width + 6, bottom + CELL_BOTTOM,
                           0, LD_REPORT_GREY_BAND);
  for (guint i = 0; i < cells->len; i++)
    ld_report_block_add_text (header, g_ptr_array_index (cells, i),
                              g_array_index (table->x, double, i), LD_REPORT_CELL_TOP);
  ld_report_block_set_keep_with_next (header, TRUE);
  return header;
}

/**
 * ld_report_table_new:
 * @renderer: a renderer
 * @width: the table's width, in points
 * @columns: (array length=n_columns): the columns
 * @n_columns: how many
 *
 * Returns: (transfer full): a table's geometry and heading row
 */
LdReportTable *
ld_report_table_new (LdReportRenderer     *renderer,
                     double                width,
                     const LdReportColumn *columns,
                     guint                 n_columns)
{
  LdReportTable *table = g_new0 (LdReportTable, 1);
  double x = 0;

  table->renderer = g_object_ref (renderer);
  table->table_width = width;
  table->columns = g_array_new (FALSE, FALSE, sizeof (LdReportColumn));
  table->x = g_array_new (FALSE, FALSE, sizeof (double));
  table->width = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (table->columns, columns, n_columns);

  for (guint i = 0; i < n_columns; i++)
    {
      double cell = width * columns[i].share - (i + 1 < n_columns ? GUTTER : 0);

      g_array_append_val (table->x, x);
      g_array_append_val (table->width, cell);
      x += width * columns[i].share;
    }

  table->header = build_header (table);
  table->repeat = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_report_block_unref);
  g_ptr_array_add (table->repeat, ld_report_block_ref (table->header));
  return table;
}

void
ld_report_table_free (LdReportTable *table)
{
  if (table == NULL)
    return;

  g_object_unref (table->renderer);
  g_array_unref (table->columns);
  g_array_unref (table->x);
  g_array_unref (table->width);
  ld_report_block_unref (table->header);
  g_ptr_array_unref (table->repeat);
  g_free (table);
}

/**
 * ld_report_table_get_column:
 * @table: a table
 * @column: a column
 * @x: (out) (optional): its left edge
 * @width: (out) (optional): its width, without the gutter
 */
void
ld_report_table_get_column (LdReportTable *table,
                            guint          column,
                            double        *x,
                            double        *width)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (column < table->columns->len);

  if (x != NULL)
    *x = g_array_index (table->x, double, column);
  if (width != NULL)
    *width = g_array_index (table->width, double, column);
}

/**
 * ld_report_table_get_header:
 * @table: a table
 *
 * Returns: (transfer none): the heading row
 */
LdReportBlock *
ld_report_table_get_header (LdReportTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  return table->header;
}

/**
 * ld_report_table_get_repeat:
 * @table: a table
 *
 * Returns: (transfer none) (element-type LdReportBlock): what a row that
 *   starts a page repeats above it: the heading row
 */
GPtrArray *
ld_report_table_get_repeat (LdReportTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  return table->repeat;
}

/**
 * ld_report_table_add_cell:
 * @table: a table
 * @row: the row's block
 * @column: the column
 * @text: (nullable): the cell's text; nothing is added for %NULL or ""
 * @font: its face
 * @y: its top in the row
 *
 * Returns: the bottom of the cell, or @y for an empty one
 */
double
ld_report_table_add_cell (LdReportTable *table,
                          LdReportBlock *row,
                          guint          column,
                          const char    *text,
                          LdReportFont   font,
                          double         y)
{
  g_autoptr(PangoLayout) cell = NULL;

  g_return_val_if_fail (table != NULL, y);
  g_return_val_if_fail (column < table->columns->len, y);

  if (text == NULL || text[0] == '\0')
    return y;

  cell = make_cell (table, column, text, font);
  return ld_report_block_add_text (row, cell, g_array_index (table->x, double, column), y);
}

/**
 * ld_report_table_append_header:
 * @table: a table
 * @document: the document
 * @space_before: space above it
 *
 * Puts the heading row in the flow, before the first row.
 */
void
ld_report_table_append_header (LdReportTable    *table,
                               LdReportDocument *document,
                               double            space_before)
{
  g_return_if_fail (table != NULL);

  ld_report_block_set_space_before (table->header, space_before);
  ld_report_document_append (document, ld_report_block_ref (table->header));
}

/**
 * ld_report_table_append_row:
 * @table: a table
 * @document: the document
 * @cells: (array zero-terminated=0): one text per column, each nullable
 * @font: their face
 *
 * Puts a row of plain cells in the flow.
 */
void
ld_report_table_append_row (LdReportTable      *table,
                            LdReportDocument   *document,
                            const char * const *cells,
                            LdReportFont        font)
{
  LdReportBlock *row;
  double bottom = LD_REPORT_CELL_TOP;

  g_return_if_fail (table != NULL);
  g_return_if_fail (cells != NULL);

  row = ld_report_block_new ();
  for (guint i = 0; i < table->columns->len; i++)
    bottom =
      fmax (bottom, ld_report_table_add_cell (table, row, i, cells[i], font, LD_REPORT_CELL_TOP));
  ld_report_table_end_row (table, row, bottom);
  ld_report_document_append (document, row);
}

/**
 * ld_report_table_end_row:
 * @table: a table
 * @row: a row built with ld_report_table_add_cell()
 * @bottom: the bottom of its lowest cell
 *
 * Closes a row with a hairline under it and makes it repeat the heading
 * row when it starts a page.
 */
void
ld_report_table_end_row (LdReportTable *table,
                         LdReportBlock *row,
                         double         bottom)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (row != NULL);

  ld_report_block_add_rule (row, 0, table->table_width, bottom + CELL_BOTTOM, 0.3,
                            LD_REPORT_GREY_RULE);
  ld_report_block_set_height (row, bottom + CELL_BOTTOM + 0.5);
  if (ld_report_block_get_repeat (row) == NULL)
    ld_report_block_set_repeat (row, table->repeat);
}

/* ld-report-table.h: columns, a heading row and rows that run over pages
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-report-document.h"
#include "ld-report-renderer.h"

G_BEGIN_DECLS

/**
 * LdReportColumn:
 * @title: the heading, translated
 * @share: the column's part of the table's width; the shares add up to 1
 * @flags: how the column's cells are set (right-aligned amounts, numbers)
 */
typedef struct
{
  const char        *title;
  double             share;
  LdReportTextFlags  flags;
} LdReportColumn;

/* Space above a cell's text in its row. */
#define LD_REPORT_CELL_TOP 2.5

typedef struct _LdReportTable LdReportTable;

LdReportTable                *ld_report_table_new (LdReportRenderer     *renderer,
                                                   double                width,
                                                   const LdReportColumn *columns,
                                                   guint                 n_columns);
void                          ld_report_table_free (LdReportTable *table);
void ld_report_table_get_column (LdReportTable *table, guint column, double *x, double *width);
LdReportBlock *ld_report_table_get_header (LdReportTable *table);
GPtrArray     *ld_report_table_get_repeat (LdReportTable *table);
double         ld_report_table_add_cell (LdReportTable *table,
                                         LdReportBlock *row,
                                         guint          column,
                                         const char    *text,
                                         LdReportFont   font,
                                         double         y);
void           ld_report_table_append_header (LdReportTable    *table,
                                              LdReportDocument *document,
                                              double            space_before);
void           ld_report_table_append_row (LdReportTable      *table,
                                           LdReportDocument   *document,
                                           const char           *const *cells,
                                           LdReportFont        font);
void           ld_report_table_end_row (LdReportTable *table, LdReportBlock *row, double bottom);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReportTable, ld_report_table_free)

G_END_DECLS

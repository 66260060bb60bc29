/* ld-analytics.h: the lab's figures for a period, as tables
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The stages of a result's turnaround, in the order they happen, and the
 * whole of it. */
typedef enum
{
  LD_STAGE_ORDERED_COLLECTED,
  LD_STAGE_COLLECTED_RECEIVED,
  LD_STAGE_RECEIVED_RESULTED,
  LD_STAGE_RESULTED_VERIFIED,
  LD_STAGE_VERIFIED_RELEASED,
  LD_STAGE_ORDERED_RELEASED,
  LD_N_STAGES
} LdStage;

typedef enum
{
  LD_CELL_NULL,
  LD_CELL_INT,
  LD_CELL_TEXT,
} LdCellKind;

typedef struct
{
  LdCellKind  kind;
  gint64      number;
  char       *text;
} LdCell;

/**
 * LdAnalyticsTable:
 * @name: the section's name, as in its CSV address
 * @columns: the column names, %NULL-terminated
 * @n_columns: how many
 * @cells: (element-type LdCell): the rows' cells, a row after another
 *
 * One section of the analytics: the JSON writes each row as an object of
 * @columns, the CSV the same cells under a header row, so both say the
 * same by construction.
 */
typedef struct
{
  const char         *name;
  const char * const *columns;
  guint               n_columns;
  GArray             *cells;
} LdAnalyticsTable;

const char       *ld_stage_to_string          (LdStage          stage);
gint64            ld_percentile_nearest_rank  (gint64          *values,
                                               gsize            n,
                                               guint            percent);
gint64            ld_rate_basis_points        (gint64           numerator,
                                               gint64           denominator);
GArray           *ld_analytics_day_starts     (const GDate     *from,
                                               const GDate     *to,
                                               GTimeZone       *zone);

LdAnalyticsTable *ld_analytics_table_new      (const char         *name,
                                               const char * const *columns);
void              ld_analytics_table_free     (LdAnalyticsTable *table);
guint             ld_analytics_table_get_n_rows (const LdAnalyticsTable *table);
const LdCell     *ld_analytics_table_get_cell (const LdAnalyticsTable *table,
                                               guint            row,
                                               guint            column);
void              ld_analytics_table_add_int  (LdAnalyticsTable *table,
                                               gint64           value);
void              ld_analytics_table_add_text (LdAnalyticsTable *table,
                                               const char      *value);
void              ld_analytics_table_add_null (LdAnalyticsTable *table);
char             *ld_analytics_table_to_csv   (const LdAnalyticsTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAnalyticsTable, ld_analytics_table_free)

G_END_DECLS

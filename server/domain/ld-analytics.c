/* ld-analytics.c: percentiles, rates, the lab's days and the tables the
 * analytics are written from
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-analytics"

#include "config.h"

#include "ld-analytics.h"

/* clang-format off */
static const char * const stage_names[LD_N_STAGES] = {
  "ordered_collected",
  "collected_received",
  "received_resulted",
  "resulted_verified",
  "verified_released",
  "ordered_released",
};
/* clang-format on */

const char *
ld_stage_to_string (LdStage stage)
{
  g_return_val_if_fail (stage < LD_N_STAGES, NULL);

  return stage_names[stage];
}

/* Moves the @k-th smallest of @values[0 … @n) to @values[@k], the smaller
 * before it and the larger after: Wirth's FIND (Hoare's selection). */
static void
select_kth (gint64 *values,
            gssize  n,
            gssize  k)
{
  gssize left = 0, right = n - 1;

  while (left < right)
    {
      gint64 pivot = values[k];
      gssize i = left, j = right;

      do
        {
          while (values[i] < pivot)
            i++;
          while (pivot < values[j])
            j--;
          if (i <= j)
            {
              gint64 swap = values[i];

              values[i] = values[j];
              values[j] = swap;
              i++;
              j--;
            }
        }
      while (i <= j);

      if (j < k)
        left = i;
      if (k < i)
        right = j;
    }
}

/**
 * ld_percentile_nearest_rank:
 * @values: (array length=n): the values; reordered here
 * @n: how many, at least one
 * @percent: 1 to 100
 *
 * The nearest-rank percentile: the value at rank ⌈@percent × @n / 100⌉ of
 * the values in ascending order (ranks from 1). It is always one of the
 * values; the median (50) of an even count is the lower of the middle two.
 * Runs in linear time on average, without sorting.
 *
 * Returns: the value
 */
gint64
ld_percentile_nearest_rank (gint64 *values,
                            gsize   n,
                            guint   percent)
{
  gsize rank;

  g_return_val_if_fail (values != NULL && n > 0, 0);
  g_return_val_if_fail (percent >= 1 && percent <= 100, 0);

  rank = ((guint64) percent * n + 99) / 100;
  select_kth (values, n, rank - 1);
  return values[rank - 1];
}

/**
 * ld_rate_basis_points:
 * @numerator: how many had it
 * @denominator: out of how many
 *
 * Returns: @numerator / @denominator in basis points (1 % = 100), rounded
 *   half up; -1 when @denominator is 0 (no rate)
 */
gint64
ld_rate_basis_points (gint64 numerator,
                      gint64 denominator)
{
  g_return_val_if_fail (numerator >= 0 && denominator >= 0, -1);

  if (denominator == 0)
    return -1;

  return (numerator * 20000 / denominator + 1) / 2;
}

/**
 * ld_analytics_day_starts:
 * @from: the period's first day
 * @to: its last day, not before @from
 * @zone: the lab's time zone
 *
 * The lab's days as the cash report counts them: from local midnight to
 * the next (23 to 25 hours where clocks change).
 *
 * Returns: (transfer full) (element-type gint64): the start of each day
 *   from @from to @to and of the day after, in microseconds
 */
GArray *
ld_analytics_day_starts (const GDate *from,
                         const GDate *to,
                         GTimeZone   *zone)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  GDate day = *from;

  g_return_val_if_fail (g_date_compare (from, to) <= 0, starts);

  for (;;)
    {
      g_autoptr(GDateTime) start =
                   g_date_time_new (zone, g_date_get_year (&day), g_date_get_month (&day),
                                    g_date_get_day (&day), 0, 0, 0);
      gint64   us = g_date_time_to_unix (start) * G_USEC_PER_SEC;
      gboolean past_end = g_date_compare (&day, to) > 0;

      g_array_append_val (starts, us);
      if (past_end)
        break;
      g_date_add_days (&day, 1);
    }

  return starts;
}

LdAnalyticsTable *
ld_analytics_table_new (const char         *name,
                        const char * const *columns)
{
  LdAnalyticsTable *table = g_new0 (LdAnalyticsTable, 1);

  table->name = name;
  table->columns = columns;
  table->n_columns = g_strv_length ((GStrv) columns);
  table->cells = g_array_new (FALSE, TRUE, sizeof (LdCell));
  return table;
}

void
ld_analytics_table_free (LdAnalyticsTable *table)
{
  if (table == NULL)
    return;

  for (guint i = 0; i < table->cells->len; i++)
    g_free (g_array_index (table->cells, LdCell, i).text);
  g_array_unref (table->cells);
  g_free (table);
}

guint
ld_analytics_table_get_n_rows (const LdAnalyticsTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->cells->len / table->n_columns;
}

const LdCell *
ld_analytics_table_get_cell (const LdAnalyticsTable *table,
                             guint                   row,
                             guint                   column)
{
  g_return_val_if_fail (table != NULL && column < table->n_columns, NULL);
  g_return_val_if_fail (row < ld_analytics_table_get_n_rows (table), NULL);

  return &g_array_index (table->cells, LdCell, row * table->n_columns + column);
}

void
ld_analytics_table_add_int (LdAnalyticsTable *table,
                            gint64            value)
{
  LdCell cell = { LD_CELL_INT, value, NULL };

  g_array_append_val (table->cells, cell);
}

void
ld_analytics_table_add_text (LdAnalyticsTable *table,
                             const char       *value)
{
  LdCell cell = { LD_CELL_TEXT, 0, g_strdup (value) };

  if (value == NULL)
    cell.kind = LD_CELL_NULL;
  g_array_append_val (table->cells, cell);
}

void
ld_analytics_table_add_null (LdAnalyticsTable *table)
{
  LdCell cell = { LD_CELL_NULL, 0, NULL };

  g_array_append_val (table->cells, cell);
}

/* RFC 4180: a field holding a comma, a quote or a line break is quoted,
 * its quotes doubled. */
static void
append_csv_field (GString    *csv,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *c);
    }
  g_string_append_c (csv, '"');
}

/**
 * ld_analytics_table_to_csv:
 * @table: a table
 *
 * RFC 4180 text: a header row of the column names, then a row per row,
 * each ended by CRLF; numbers as plain integers, an empty field for none.
 *
 * Returns: (transfer full): the text
 */
char *
ld_analytics_table_to_csv (const LdAnalyticsTable *table)
{
  GString *csv = g_string_new (NULL);
  guint n_rows;

  g_return_val_if_fail (table != NULL, NULL);

  for (guint c = 0; c < table->n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (csv, ',');
      append_csv_field (csv, table->columns[c]);
    }
  g_string_append (csv, "\r\n");

  n_rows = ld_analytics_table_get_n_rows (table);
  for (guint r = 0; r < n_rows; r++)
    {
      for (guint c = 0; c < table->n_columns; c++)
        {
          const LdCell *cell = ld_analytics_table_get_cell (table, r, c);

          if (c > 0)
            g_string_append_c (csv, ',');
          if (cell->kind == LD_CELL_INT)
            g_string_append_printf (csv, "%" G_GINT64_FORMAT, cell->number);
          else if (cell->kind == LD_CELL_TEXT)
            append_csv_field (csv, cell->text);
        }
      g_string_append (csv, "\r\n");
    }

  return g_string_free (csv, FALSE);
}

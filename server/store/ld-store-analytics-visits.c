/* ld-store-analytics-visits.c: the clinic's figures, beside the lab's
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per doctor and day of the period: appointments (cancelled ones left
 * out), patients seen, no-shows and their rate, the wait from check-in to
 * the doctor (p50, p90) and the consultation's length (p50), in seconds.
 * Appointments keep the lab's local day they are for, so the period is a
 * range of days_by_day's index, without the times.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-store-analytics.h"
#include "ld-store-private.h"
#include "ld-states.h"

/* clang-format off */
static const char * const visit_columns[] = {
  "day", "doctor_id", "doctor", "appointments", "seen", "no_shows", "no_show_rate_bp",
  "wait_p50_seconds", "wait_p90_seconds", "consultation_p50_seconds", NULL
};
/* clang-format on */

typedef struct
{
  char   *day;
  char   *doctor_id;
  char   *doctor;
  gint64  appointments;
  gint64  seen;
  gint64  no_shows;
  GArray *waits;
  GArray *consultations;
} DoctorDay;

static DoctorDay *
doctor_day_new (LdDbStmt *stmt)
{
  DoctorDay *row = g_new0 (DoctorDay, 1);

  row->day = ld_db_column_dup_text (stmt, 0);
  row->doctor_id = ld_db_column_dup_text (stmt, 1);
  row->doctor = ld_db_column_dup_text (stmt, 2);
  row->waits = g_array_new (FALSE, FALSE, sizeof (gint64));
  row->consultations = g_array_new (FALSE, FALSE, sizeof (gint64));
  return row;
}

static void
doctor_day_free (DoctorDay *row)
{
  g_free (row->day);
  g_free (row->doctor_id);
  g_free (row->doctor);
  g_array_unref (row->waits);
  g_array_unref (row->consultations);
  g_free (row);
}

static void
add_percentile (LdAnalyticsTable *table,
                GArray           *seconds,
                guint             percent)
{
  if (seconds->len == 0)
    ld_analytics_table_add_null (table);
  else
    ld_analytics_table_add_int (table,
                                ld_percentile_nearest_rank ((gint64 *) (gpointer) seconds->data,
                                                            seconds->len, percent));
}

static void
add_row (LdAnalyticsTable *table,
         DoctorDay        *row)
{
  ld_analytics_table_add_text (table, row->day);
  ld_analytics_table_add_text (table, row->doctor_id);
  ld_analytics_table_add_text (table, row->doctor);
  ld_analytics_table_add_int (table, row->appointments);
  ld_analytics_table_add_int (table, row->seen);
  ld_analytics_table_add_int (table, row->no_shows);
  if (row->appointments > 0)
    ld_analytics_table_add_int (table, ld_rate_basis_points (row->no_shows, row->appointments));
  else
    ld_analytics_table_add_null (table);
  add_percentile (table, row->waits, 50);
  add_percentile (table, row->waits, 90);
  add_percentile (table, row->consultations, 50);
}

/* Seconds between two kept times, when both are there and in order. */
static void
add_span (GArray   *seconds,
          LdDbStmt *stmt,
          int       from_column,
          int       to_column)
{
  gint64 span;

  if (ld_db_column_is_null (stmt, from_column) || ld_db_column_is_null (stmt, to_column))
    return;
  span = (ld_db_column_int64 (stmt, to_column) - ld_db_column_int64 (stmt, from_column)) /
         G_USEC_PER_SEC;
  if (span >= 0)
    g_array_append_val (seconds, span);
}

/**
 * ld_store_analytics_read_visits:
 * @store: a store, inside the analytics' read transaction
 * @first_day: the period's first day, YYYY-MM-DD
 * @last_day: its last day, included
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the "visits" section, by day then
 *   doctor's username
 */
LdAnalyticsTable *
ld_store_analytics_read_visits (LdStore     *store,
                                const char  *first_day,
                                const char  *last_day,
                                GError     **error)
{
  static const char sql[] =
    "SELECT a.day, a.doctor_id, u.display_name, a.state, a.checked_in_us, a.started_us,"
    "       a.done_us"
    "  FROM appointments a JOIN users u ON u.id = a.doctor_id"
    " WHERE a.day >= ?1 AND a.day <= ?2 AND a.state <> 'cancelled'"
    " ORDER BY a.day, u.username";
  g_autoptr(LdAnalyticsTable) table = ld_analytics_table_new ("visits", visit_columns);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) doctor_day_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  DoctorDay *row = NULL;
  LdDbStep step;

  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, first_day);
  ld_db_bind_text (stmt, 2, last_day);

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdAppointmentState state = ld_appointment_state_parse (ld_db_column_text (stmt, 3));

      if (row == NULL || g_strcmp0 (row->day, ld_db_column_text (stmt, 0)) != 0 ||
          g_strcmp0 (row->doctor_id, ld_db_column_text (stmt, 1)) != 0)
        {
          row = doctor_day_new (stmt);
          g_ptr_array_add (rows, row);
        }
      row->appointments++;
      if (state == LD_APPOINTMENT_STATE_NO_SHOW)
        row->no_shows++;
      if (state == LD_APPOINTMENT_STATE_WITH_DOCTOR || state == LD_APPOINTMENT_STATE_DONE)
        row->seen++;
      add_span (row->waits, stmt, 4, 5);
      add_span (row->consultations, stmt, 5, 6);
    }
  if (step == LD_DB_ERROR)
    return NULL;

  for (guint i = 0; i < rows->len; i++)
    add_row (table, rows->pdata[i]);
  return g_steal_pointer (&table);
}

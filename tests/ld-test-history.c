/* ld-test-history.c: a patient's results dated back over months, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server dates a result by its sample's collection, and flags it for
 * the patient's age on that date. A history of months is made by taking
 * each order through the lab today and setting its samples' collection
 * back in the database before its results are entered.
 */

#include "config.h"

#include "ld-sqlite.h"
#include "ld-test-history.h"
#include "ld-time.h"

/**
 * ld_test_history_month_us:
 * @month: 0 for the oldest of @n_months
 * @n_months: how many months the history holds, the newest last month
 *
 * Returns: 09:00 UTC on the 10th of that month, in µs since the epoch
 */
gint64
ld_test_history_month_us (guint month,
                          guint n_months)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day = g_date_time_new_utc (g_date_time_get_year (now),
                                                   g_date_time_get_month (now), 10, 9, 0, 0);
  g_autoptr(GDateTime) then = g_date_time_add_months (day, -(int) (n_months - month));

  return g_date_time_to_unix (then) * G_USEC_PER_SEC;
}

/**
 * ld_test_history_date:
 *
 * Sets the collection of every sample of @order_id (collected and not
 * yet resulted) to @collected_us, in the server's database.
 */
void
ld_test_history_date (LdLab      *lab,
                      const char *order_id,
                      gint64      collected_us)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (ld_test_server_get_db_path (lab->server), 0, &error);
  g_autofree char *at = ld_time_format_rfc3339 (collected_us);
  LdSqliteStmt *stmt;

  g_assert_no_error (error);
  stmt = ld_sqlite_prepare_cached (db, "UPDATE samples SET collected_at = ?1 WHERE order_id = ?2",
                                   &error);
  g_assert_no_error (error);
  ld_sqlite_bind_text (stmt, 1, at);
  ld_sqlite_bind_text (stmt, 2, order_id);
  g_assert_true (ld_sqlite_step_done (stmt, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ld_sqlite_changes (db), >, 0);
}

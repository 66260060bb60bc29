/* ld-store-counters.c: the counters kept with the orders, held to a recount
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * technician_load (each technician's open orders and last assignment) and
 * completed_by_day (the worklist's completed orders by day, technician and
 * priority) are kept by triggers on orders, in the statement that changes
 * the order (migrations 0043 and 0044, PostgreSQL 0018 and 0019), and
 * notification_counts (the outbox by channel and state, for /metrics) by
 * triggers on notifications (0051, PostgreSQL 0024). Only a hand edit of
 * the database, or a trigger dropped, can put them out of step;
 * `labdesk-server check` recounts them and `check --recount` writes them
 * again from their rows. The check also holds each result's, sample's and
 * report's copy of its order's time (order_created_us, migrations 0027 and
 * 0049) to the order.
 */

#define G_LOG_DOMAIN "ld-store-counters"

#include "config.h"

#include "ld-store-orders-private.h"

/* Lines shown of each counter's disagreements; the rest are counted. */
#define MAX_SHOWN 20

/* clang-format off */
/* A child table's rows whose copy of their order's time is not the order's
 * (for the check), and the statement that writes it again (the recount). */
#define ORDER_TIME_WRONG(kind, table)                                        \
  "SELECT '" kind "', c.id, c.order_created_us, o.created_us FROM " table " c" \
  " JOIN orders o ON o.id = c.order_id"                                      \
  " WHERE c.order_created_us IS DISTINCT FROM o.created_us"
#define NOTIFICATION_RECOUNT                                                 \
  "SELECT channel, state, count(*) AS messages FROM notifications"           \
  " GROUP BY channel, state"
#define ORDER_TIME_RECOUNT(table)                                            \
  "UPDATE " table " SET order_created_us = "                                 \
  LD_STORE_ORDER_TIME_OF (table ".order_id")                                 \
  " WHERE order_created_us IS DISTINCT FROM "                                \
  LD_STORE_ORDER_TIME_OF (table ".order_id")
/* clang-format on */

/* Runs @sql, whose rows are disagreements, and writes each with @describe
 * into @problems. */
static gboolean
collect_disagreements (LdStore     *store,
                       const char  *sql,
                       void       (*describe) (LdDbStmt *stmt,
                                               GString  *problems),
                       GString     *problems,
                       GError     **error)
{
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  guint n = 0;
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    if (n++ < MAX_SHOWN)
      describe (stmt, problems);
  if (step != LD_DB_DONE)
    return FALSE;
  if (n > MAX_SHOWN)
    g_string_append_printf (problems, "  … and %u more\n", n - MAX_SHOWN);
  return TRUE;
}

static void
describe_technician (LdDbStmt *stmt,
                     GString  *problems)
{
  g_string_append_printf (problems,
                          "  technician_load, technician %s: %" G_GINT64_FORMAT
                          " open, last assigned %" G_GINT64_FORMAT "; the orders say %"
                          G_GINT64_FORMAT ", %" G_GINT64_FORMAT "\n",
                          ld_db_column_text (stmt, 0), ld_db_column_int64 (stmt, 1),
                          ld_db_column_int64 (stmt, 2), ld_db_column_int64 (stmt, 3),
                          ld_db_column_int64 (stmt, 4));
}

static void
describe_completed (LdDbStmt *stmt,
                    GString  *problems)
{
  const char *technician = ld_db_column_text (stmt, 1);
  g_autoptr(GDateTime) day =
               g_date_time_new_from_unix_utc (ld_db_column_int64 (stmt, 0) * 24 * 60 * 60);
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

  g_string_append_printf (problems,
                          "  completed_by_day, %s (UTC), technician %s, %s: %" G_GINT64_FORMAT
                          " orders; the orders say %" G_GINT64_FORMAT "\n",
                          date, technician[0] != '\0' ? technician : "(none)",
                          ld_db_column_text (stmt, 2), ld_db_column_int64 (stmt, 3),
                          ld_db_column_int64 (stmt, 4));
}

static void
describe_notifications (LdDbStmt *stmt,
                        GString  *problems)
{
  g_string_append_printf (problems,
                          "  notification_counts, %s/%s: %" G_GINT64_FORMAT
                          " messages; the outbox says %" G_GINT64_FORMAT "\n",
                          ld_db_column_text (stmt, 0), ld_db_column_text (stmt, 1),
                          ld_db_column_int64 (stmt, 2), ld_db_column_int64 (stmt, 3));
}

static void
describe_order_time (LdDbStmt *stmt,
                     GString  *problems)
{
  g_autofree char *copy = ld_db_column_is_null (stmt, 2)
                            ? g_strdup ("none")
                            : g_strdup_printf ("%" G_GINT64_FORMAT, ld_db_column_int64 (stmt, 2));

  g_string_append_printf (problems,
                          "  %s %s: its order's time %s; the order says %" G_GINT64_FORMAT "\n",
                          ld_db_column_text (stmt, 0), ld_db_column_text (stmt, 1), copy,
                          ld_db_column_int64 (stmt, 3));
}

/**
 * ld_store_counters_check:
 * @store: a store
 * @out_problems: (out) (transfer full) (nullable): one line per counter
 *   that disagrees with its orders, or %NULL when all agree
 * @error: return location for an %LD_STORE_ERROR
 *
 * Recounts technician_load and completed_by_day from the orders and
 * notification_counts from the outbox, each in one statement (one
 * snapshot), and compares; and compares every result's, sample's and
 * report's copy of its order's time with the order's. Reads every order
 * and message: for `labdesk-server check`, never for a request.
 *
 * Returns: %TRUE if the check ran
 */
gboolean
ld_store_counters_check (LdStore  *store,
                         char    **out_problems,
                         GError  **error)
{
  static const char technicians[] =
    "SELECT coalesce ((SELECT u.username FROM users u WHERE u.id = k.technician_id),"
    "                 k.technician_id),"
    "       coalesce (l.open_orders, 0), coalesce (l.last_assigned_us, 0),"
    "       coalesce (c.open_orders, 0), coalesce (c.last_assigned_us, 0)"
    " FROM (SELECT technician_id FROM technician_load"
    "       UNION SELECT technician_id FROM orders WHERE technician_id IS NOT NULL) k"
    " LEFT JOIN technician_load l ON l.technician_id = k.technician_id"
    " LEFT JOIN (" TECHNICIAN_RECOUNT ") c ON c.technician_id = k.technician_id"
    " WHERE coalesce (l.open_orders, 0) <> coalesce (c.open_orders, 0)"
    "    OR coalesce (l.last_assigned_us, 0) <> coalesce (c.last_assigned_us, 0)"
    " ORDER BY k.technician_id";
  static const char completed[] =
    "SELECT k.day, k.technician_id, k.priority, coalesce (l.orders, 0), coalesce (c.orders, 0)"
    " FROM (SELECT day, technician_id, priority FROM completed_by_day"
    "       UNION SELECT day, technician_id, priority FROM (" COMPLETED_RECOUNT ") r) k"
    " LEFT JOIN completed_by_day l"
    "   ON l.day = k.day AND l.technician_id = k.technician_id AND l.priority = k.priority"
    " LEFT JOIN (" COMPLETED_RECOUNT ") c"
    "   ON c.day = k.day AND c.technician_id = k.technician_id AND c.priority = k.priority"
    " WHERE coalesce (l.orders, 0) <> coalesce (c.orders, 0)"
    " ORDER BY k.day, k.technician_id, k.priority";
  static const char notifications[] =
    "SELECT k.channel, k.state, coalesce (l.messages, 0), coalesce (c.messages, 0)"
    " FROM (SELECT channel, state FROM notification_counts"
    "       UNION SELECT channel, state FROM notifications) k"
    " LEFT JOIN notification_counts l ON l.channel = k.channel AND l.state = k.state"
    " LEFT JOIN (" NOTIFICATION_RECOUNT ") c ON c.channel = k.channel AND c.state = k.state"
    " WHERE coalesce (l.messages, 0) <> coalesce (c.messages, 0)"
    " ORDER BY k.channel, k.state";
  /* clang-format off */
  static const char order_times[] =
    ORDER_TIME_WRONG ("result", "results") " UNION ALL "
    ORDER_TIME_WRONG ("sample", "samples") " UNION ALL "
    ORDER_TIME_WRONG ("report", "reports") " ORDER BY 1, 2";
  /* clang-format on */
  g_autoptr(GString) problems = g_string_new (NULL);

  if (!collect_disagreements (store, technicians, describe_technician, problems, error) ||
      !collect_disagreements (store, completed, describe_completed, problems, error) ||
      !collect_disagreements (store, notifications, describe_notifications, problems, error) ||
      !collect_disagreements (store, order_times, describe_order_time, problems, error))
    return FALSE;
  *out_problems = problems->len > 0 ? g_string_free (g_steal_pointer (&problems), FALSE) : NULL;
  return TRUE;
}

/**
 * ld_store_counters_recount:
 * @store: a store, outside any transaction
 * @error: return location for an %LD_STORE_ERROR
 *
 * Writes technician_load and completed_by_day again from the orders,
 * notification_counts from the outbox, and each result's, sample's and
 * report's copy of its order's time, in one transaction that no order or
 * message changes beside: SQLite has one writer, and on PostgreSQL the
 * orders and the outbox are locked against writes first (servers writing
 * beside it wait, and each statement here reads every row they committed
 * before). The triggers keep the new rows in step from then on.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_counters_recount (LdStore  *store,
                           GError  **error)
{
  static const char * const statements[] = {
    "DELETE FROM technician_load",
    "INSERT INTO technician_load (technician_id, open_orders, "
    "last_assigned_us) " TECHNICIAN_RECOUNT,
    "DELETE FROM completed_by_day",
    "INSERT INTO completed_by_day (day, technician_id, priority, orders) " COMPLETED_RECOUNT,
    "DELETE FROM notification_counts",
    "INSERT INTO notification_counts (channel, state, messages) " NOTIFICATION_RECOUNT,
    ORDER_TIME_RECOUNT ("results"),
    ORDER_TIME_RECOUNT ("samples"),
    ORDER_TIME_RECOUNT ("reports"),
  };
  g_auto(LdStoreTransaction) txn = { NULL };

  if (!ld_store_transaction_begin (&txn, store, error))
    return FALSE;
  if (ld_db_get_backend (store->db) == LD_DB_POSTGRESQL &&
      !ld_db_exec (store->db, "LOCK TABLE orders, notifications IN SHARE MODE", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      LdDbStmt *stmt = ld_store_prepare (store, statements[i], error);

      if (stmt == NULL || !ld_db_step_done (stmt, error))
        return FALSE;
    }
  return ld_store_transaction_commit (&txn, error);
}

/**
 * ld_store_counters_completed_days:
 * @store: a store
 * @recount: count them again from the orders instead
 * @error: return location for an %LD_STORE_ERROR
 *
 * The completed tab's counters (completed_by_day), or the same counted
 * from the orders themselves: for tests that hold the counters to their
 * rows, never for a request.
 *
 * Returns: (transfer full) (element-type utf8): "day technician priority
 *   orders" for each non-empty counter, technician "" for none, in order
 */
GPtrArray *
ld_store_counters_completed_days (LdStore   *store,
                                  gboolean   recount,
                                  GError   **error)
{
  static const char counted[] =
    "SELECT day, technician_id, priority, orders FROM completed_by_day WHERE orders > 0"
    " ORDER BY day, technician_id, priority";
  static const char recounted[] =
    "SELECT day, technician_id, priority, orders FROM (" COMPLETED_RECOUNT ") r"
    " ORDER BY day, technician_id, priority";
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  LdDbStmt *stmt = ld_store_prepare (store, recount ? recounted : counted, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (rows, g_strdup_printf ("%" G_GINT64_FORMAT " %s %s %" G_GINT64_FORMAT,
                                            ld_db_column_int64 (stmt, 0),
                                            ld_db_column_text (stmt, 1),
                                            ld_db_column_text (stmt, 2),
                                            ld_db_column_int64 (stmt, 3)));
  return step == LD_DB_DONE ? g_steal_pointer (&rows) : NULL;
}

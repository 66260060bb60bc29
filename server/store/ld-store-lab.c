/* ld-store-lab.c: who works on which order, and the lab's lists
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-lab"

#include "config.h"

#include "ld-store-orders-private.h"
#include "ld-store-results.h"
#include "ld-time.h"

/* Each order's tab, as one SQL expression, so lists and counts agree; the
 * rule is ld_worklist_tab_of() (shared/model/ld-worklist.c), and
 * test-worklist-rules checks this against it on every combination. */
#define TAB_OF_ORDER                                                                             \
  "CASE"                                                                                         \
  " WHEN o.recollect_us IS NOT NULL AND o.lab_state IN ('collected', 'in_process', 'resulted') " \
  "THEN 5"                                                                                       \
  " WHEN o.lab_state = 'ordered' AND m.payment_state IN ('paid', 'partly_refunded') THEN 0"      \
  " WHEN o.lab_state = 'ordered' AND m.payment_state = 'cod_pending' THEN 1"                     \
  " WHEN o.lab_state IN ('collected', 'in_process', 'resulted') THEN 2"                          \
  " WHEN o.lab_state IN ('verified', 'reported') THEN 3"                                         \
  " WHEN o.lab_state = 'ordered' AND m.payment_state = 'failed' THEN 4"                          \
  " END"

/* The lab states of the tabs before completion (the completed one's are
 * COMPLETED_TAB_STATES, ld-store-orders-private.h). */
#define OPEN_TAB_STATES "('ordered', 'collected', 'in_process', 'resulted')"

/* Stat first, then urgent, then routine: ld_worklist_priority_rank(). */
#define PRIORITY_RANK "CASE o.priority WHEN 'stat' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END"

/**
 * ld_store_lab_rank_order:
 * @store: a store
 * @lab_state: an order's `lab_state`
 * @payment_state: its `payment_state`
 * @priority: its `priority`
 * @awaiting_recollection: whether it waits for a new sample
 * @out_tab: (out): the tab the worklist's SQL puts it on, or %LD_WORKLIST_NONE
 * @out_rank: (out): its priority rank in that SQL
 * @error: return location for an %LD_STORE_ERROR
 *
 * Evaluates the worklist's own SQL expressions on one combination, so a
 * test can hold them to the shared rule.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_lab_rank_order (LdStore        *store,
                         const char     *lab_state,
                         const char     *payment_state,
                         const char     *priority,
                         gboolean        awaiting_recollection,
                         LdWorklistTab  *out_tab,
                         int            *out_rank,
                         GError        **error)
{
  static const char sql[] =
    "SELECT " TAB_OF_ORDER ", " PRIORITY_RANK
    " FROM (SELECT ?1 AS lab_state, ?3 AS priority, ?4 AS recollect_us) o,"
    " (SELECT ?2 AS payment_state) m";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, lab_state);
  ld_db_bind_text (stmt, 2, payment_state);
  ld_db_bind_text (stmt, 3, priority);
  if (awaiting_recollection)
    ld_db_bind_int64 (stmt, 4, 1);
  else
    ld_db_bind_null (stmt, 4);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  *out_tab = ld_db_column_is_null (stmt, 0) ? LD_WORKLIST_NONE
                                                 : ld_db_column_int64 (stmt, 0);
  *out_rank = ld_db_column_int64 (stmt, 1);
  return ld_db_step_done (stmt, error);
}

/* The rows of @sql: a technician's id, open orders and last assignment. */
static GPtrArray *
read_loads (LdStore     *store,
            const char  *sql,
            GError     **error)
{
  g_autoptr(GPtrArray) loads =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_technician_load_row_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_int64 (stmt, 1, LD_ROLE_TECHNICIAN);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdTechnicianLoadRow *row = g_new0 (LdTechnicianLoadRow, 1);

      row->user_id = ld_db_column_dup_text (stmt, 0);
      row->load.user_id = row->user_id;
      row->load.open_orders = ld_db_column_int64 (stmt, 1);
      row->load.last_assigned_us = ld_db_column_int64 (stmt, 2);
      g_ptr_array_add (loads, row);
    }

  return step == LD_DB_DONE ? g_steal_pointer (&loads) : NULL;
}

/**
 * ld_store_lab_technician_loads:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdTechnicianLoadRow): every
 *   active technician, with their open orders and last assignment
 */
GPtrArray *
ld_store_lab_technician_loads (LdStore  *store,
                               GError  **error)
{
  /* The counters the database keeps with the orders (technician_load):
   * one primary-key seek a technician, whatever the lab's history. A
   * technician never given an order has no row yet. */
  static const char sql[] =
    "SELECT u.id, coalesce (l.open_orders, 0), coalesce (l.last_assigned_us, 0)"
    " FROM users u LEFT JOIN technician_load l ON l.technician_id = u.id"
    " WHERE (u.roles & ?1) != 0 AND u.disabled = 0";

  return read_loads (store, sql, error);
}

/**
 * ld_store_lab_recount_technician_loads:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * What ld_store_lab_technician_loads() reads from the counters, counted
 * again from the orders themselves: for tests and checks that hold the
 * counters to their rows, never for a request (it reads each
 * technician's open work).
 *
 * Returns: (transfer full) (element-type LdTechnicianLoadRow): every
 *   active technician, with their open orders and last assignment
 */
GPtrArray *
ld_store_lab_recount_technician_loads (LdStore  *store,
                                       GError  **error)
{
  static const char sql[] =
    "SELECT u.id, coalesce (c.open_orders, 0), coalesce (c.last_assigned_us, 0)"
    " FROM users u LEFT JOIN (" TECHNICIAN_RECOUNT ") c ON c.technician_id = u.id"
    " WHERE (u.roles & ?1) != 0 AND u.disabled = 0";

  return read_loads (store, sql, error);
}

void
ld_technician_load_row_free (LdTechnicianLoadRow *row)
{
  if (row == NULL)
    return;

  g_free (row->user_id);
  g_free (row);
}

/**
 * ld_store_lab_assign:
 * @store: a store, inside a write transaction
 * @order: an order, as read in this transaction
 * @technician_id: who takes it
 * @expected_technician_id: (nullable): who must hold it now (%NULL: nobody)
 * @error: return location for an %LD_STORE_ERROR (CONFLICT when someone
 *   else holds it by now)
 *
 * One conditional change, so two people never both hold an order. Also
 * notes when the order first became collectable (which leaves it not
 * overdue, as it was). On success @order shows what a read would: its
 * new technician, and the version the statement returns.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_lab_assign (LdStore     *store,
                     LdOrder     *order,
                     const char  *technician_id,
                     const char  *expected_technician_id,
                     GError     **error)
{
  static const char sql[] =
    "UPDATE orders SET technician_id = ?2, assigned_us = ?4,"
    "                  collectable_us = coalesce (collectable_us, ?4), version = version + 1"
    " WHERE id = ?1 AND technician_id IS NOT DISTINCT FROM ?3 RETURNING version";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  char *holder;
  gint64 version;
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, order->id);
  ld_db_bind_text (stmt, 2, technician_id);
  ld_db_bind_text (stmt, 3, expected_technician_id);
  ld_db_bind_int64 (stmt, 4, ld_time_now ());
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "Someone else holds this order now.");
      return FALSE;
    }
  version = ld_db_column_int64 (stmt, 0);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  /* Either id may be the order's own string: both are bound until here,
   * and the new one is copied before the old is freed. */
  holder = g_strdup (technician_id);
  g_free (order->technician_id);
  order->technician_id = holder;
  order->version = version;
  return TRUE;
}

/* Notes when an order became collectable, for one nobody could take. */
gboolean
ld_store_lab_mark_collectable (LdStore     *store,
                               const char  *order_id,
                               GError     **error)
{
  static const char sql[] =
    "UPDATE orders SET collectable_us = ?2 WHERE id = ?1 AND collectable_us IS NULL";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, order_id);
  ld_db_bind_int64 (stmt, 2, ld_time_now ());
  return ld_db_step_done (stmt, error);
}

/* The completed tab's window [from, until) as the counters' whole days
 * [first_day, end_day), counted by day, and the part-days around them,
 * [from, head_end_us) and [tail_start_us, until), counted from the
 * orders. A window within one day, or across two part-days, is counted
 * from the orders alone. */
typedef struct
{
  gint64 first_day;
  gint64 end_day;
  gint64 head_end_us;
  gint64 tail_start_us;
} CompletedWindow;

static void
split_completed_window (gint64           from_us,
                        gint64           until_us,
                        CompletedWindow *window)
{
  gint64 first_day = from_us / G_TIME_SPAN_DAY + (from_us % G_TIME_SPAN_DAY != 0);
  gint64 end_day = until_us / G_TIME_SPAN_DAY;

  if (first_day >= end_day)
    {
      *window = (CompletedWindow){ 0, 0, until_us, until_us };
      return;
    }
  window->first_day = first_day;
  window->end_day = end_day;
  window->head_end_us = first_day * G_TIME_SPAN_DAY;
  window->tail_start_us = end_day * G_TIME_SPAN_DAY;
}

/**
 * ld_store_lab_worklist:
 * @store: a store
 * @filter: the tab, filters and page
 * @out_counts: (out caller-allocates) (array fixed-size=6): orders per tab,
 *   under the same filters
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdOrder): up to @filter->limit
 *   orders of the tab, stat first, then urgent, then routine, oldest first
 */
GPtrArray *
ld_store_lab_worklist (LdStore                *store,
                       const LdWorklistFilter *filter,
                       gint64                 *out_counts,
                       GError                **error)
{
#define FILTERS                                              \
  " (CAST (?1 AS TEXT) IS NULL OR o.technician_id = ?1)" \
  " AND (CAST (?2 AS TEXT) IS NULL OR o.priority = ?2)"
#define WHERE(from) " WHERE" FILTERS " AND o.created_us >= " from " AND o.created_us < ?4"
#define COMPLETED_BETWEEN(from, until)                                                  \
  "(SELECT count(*) FROM orders o WHERE" FILTERS " AND o.created_us >= " from           \
  " AND o.created_us < " until " AND o.lab_state IN " COMPLETED_TAB_STATES ")"
#define LIST(which, from)                                    \
  "SELECT " ORDER_COLUMNS ORDER_FROM WHERE (from) which      \
    " AND " TAB_OF_ORDER " = ?5"                             \
    "   AND (CAST (?6 AS BIGINT) IS NULL OR (" PRIORITY_RANK \
    ", o.created_us, o.id) > (?6, ?7, ?8))"                  \
    " ORDER BY " PRIORITY_RANK ", o.created_us, o.id LIMIT ?9"
  /* Orders are read through orders_by_state (lab_state, created_us, id):
   * the open tabs cost the open work, not every order the lab has made.
   * The completed tab's window [?10, ?4) is counted from the counters
   * kept by day (completed_by_day, migrations/0044) for its whole days
   * [?11, ?12), and from the orders for its part-days before and after
   * them, [?10, ?13) and [?14, ?4) (split_completed_window ()): neither
   * its count nor its sorted page (below) grows with the history, and
   * the count not with the week's volume either. */
  static const char counts_query[] =
    "SELECT " TAB_OF_ORDER " AS tab, count(*)"
    " FROM orders o JOIN order_money m ON m.order_id = o.id" WHERE (
      "?3") " AND o.lab_state IN " OPEN_TAB_STATES " GROUP BY tab"
            " UNION ALL"
            " SELECT 3, CAST ((SELECT coalesce (sum (c.orders), 0) FROM completed_by_day c"
            "            WHERE c.day >= ?11 AND c.day < ?12"
            "              AND (CAST (?1 AS TEXT) IS NULL OR c.technician_id = ?1)"
            "              AND (CAST (?2 AS TEXT) IS NULL OR c.priority = ?2))"
            "  + " COMPLETED_BETWEEN ("?10", "?13") " + " COMPLETED_BETWEEN ("?14",
                                                                             "?4") " AS BIGINT)";
  static const char open_list_query[] = LIST (" AND o.lab_state IN " OPEN_TAB_STATES, "?3");
  /* A completed order's tab is always the completed one, so its page is
   * chosen from orders_by_state alone and only the page's orders read the
   * money view: sorting the window's thousands of orders with their money
   * cost 45 ms at 100,000 orders (bench-history), the ids alone 6. */
  static const char completed_list_query[] =
    "SELECT " ORDER_COLUMNS ORDER_FROM " WHERE o.id IN (SELECT o.id FROM orders o" WHERE (
      "?10") " AND o.lab_state IN " COMPLETED_TAB_STATES " AND CAST (?5 AS BIGINT) = 3"
             "   AND (CAST (?6 AS BIGINT) IS NULL OR (" PRIORITY_RANK
             ", o.created_us, o.id) > (?6, ?7, ?8))"
             " ORDER BY " PRIORITY_RANK ", o.created_us, o.id LIMIT ?9)"
             " ORDER BY " PRIORITY_RANK ", o.created_us, o.id";
  /* The orders waiting for a new sample are few among the open work:
   * orders_awaiting_recollection holds only them. */
  static const char recollection_list_query[] = LIST (" AND o.recollect_us IS NOT NULL", "?3");
#undef LIST
#undef COMPLETED_BETWEEN
#undef WHERE
#undef FILTERS
  const char *list_query = filter->tab == LD_WORKLIST_COMPLETED      ? completed_list_query
                           : filter->tab == LD_WORKLIST_RECOLLECTION ? recollection_list_query
                                                                     : open_list_query;
  /* Without a day, the completed tab is the recent past (docs/api.md):
   * all of it would be every order the lab has ever finished. */
  gint64 completed_from_us = MAX (filter->from_us, 0);
  gint64 until_us = filter->until_us > 0 ? filter->until_us : G_MAXINT64;
  CompletedWindow window;
  LdDbStmt *stmt;
  LdDbStep step;

  if (filter->until_us <= 0)
    completed_from_us =
      MAX (completed_from_us, g_get_real_time () - LD_WORKLIST_COMPLETED_DAYS * G_TIME_SPAN_DAY);

  split_completed_window (completed_from_us, until_us, &window);
  for (guint i = 0; i < LD_WORKLIST_N_TABS; i++)
    out_counts[i] = 0;

  for (guint pass = 0; pass < 2; pass++)
    {
      stmt = ld_store_prepare (store, pass == 0 ? counts_query : list_query, error);
      if (stmt == NULL)
        return NULL;
      ld_db_bind_text (stmt, 1, filter->technician_id);
      ld_db_bind_text (stmt, 2, filter->priority);
      ld_db_bind_int64 (stmt, 3, filter->from_us);
      ld_db_bind_int64 (stmt, 4, until_us);
      if (pass == 0 || filter->tab == LD_WORKLIST_COMPLETED)
        ld_db_bind_int64 (stmt, 10, completed_from_us);
      if (pass == 1)
        break;
      ld_db_bind_int64 (stmt, 11, window.first_day);
      ld_db_bind_int64 (stmt, 12, window.end_day);
      ld_db_bind_int64 (stmt, 13, window.head_end_us);
      ld_db_bind_int64 (stmt, 14, window.tail_start_us);

      while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
        if (!ld_db_column_is_null (stmt, 0))
          out_counts[ld_db_column_int64 (stmt, 0)] = ld_db_column_int64 (stmt, 1);
      if (step != LD_DB_DONE)
        return NULL;
    }

  ld_db_bind_int64 (stmt, 5, filter->tab);
  if (filter->after_id != NULL)
    {
      ld_db_bind_int64 (stmt, 6, filter->after_rank);
      ld_db_bind_int64 (stmt, 7, filter->after_created_us);
    }
  else
    {
      ld_db_bind_null (stmt, 6);
      ld_db_bind_null (stmt, 7);
    }
  ld_db_bind_text (stmt, 8, filter->after_id);
  ld_db_bind_int64 (stmt, 9, filter->limit);
  return ld_store_orders_collect (store, stmt, error);
}

/**
 * ld_store_lab_workload:
 * @store: a store
 * @technician_id: a technician
 * @today_from_us: the start of the lab's day
 * @out_load: (out caller-allocates): the counts
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_lab_workload (LdStore     *store,
                       const char  *technician_id,
                       gint64       today_from_us,
                       LdWorkload  *out_load,
                       GError     **error)
{
  /* Open work is the technician's counter (technician_load); each other
   * count is its own range of orders_by_technician (technician_id,
   * lab_state, updated_at): a state's work, and what was completed today,
   * never everything the technician ever completed. */
  static const char sql[] =
    "SELECT coalesce ((SELECT open_orders FROM technician_load WHERE technician_id = ?1), 0),"
    "       (SELECT count(*) FROM orders WHERE technician_id = ?1 AND lab_state = 'ordered'),"
    "       (SELECT count(*) FROM orders WHERE technician_id = ?1"
    "          AND lab_state IN ('collected', 'in_process', 'resulted')),"
    "       (SELECT count(*) FROM orders WHERE technician_id = ?1"
    "          AND lab_state IN ('verified', 'reported') AND updated_at >= ?2),"
    "       (SELECT count(*) FROM orders WHERE technician_id = ?1"
    "          AND lab_state = 'ordered' AND collectable_us < ?3)";
  g_autofree char *today = ld_time_format_rfc3339 (today_from_us);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, technician_id);
  ld_db_bind_text (stmt, 2, today);
  ld_db_bind_int64 (stmt, 3, g_get_real_time () - G_TIME_SPAN_DAY);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;

  out_load->assigned = ld_db_column_int64 (stmt, 0);
  out_load->pending = ld_db_column_int64 (stmt, 1);
  out_load->processing = ld_db_column_int64 (stmt, 2);
  out_load->completed_today = ld_db_column_int64 (stmt, 3);
  out_load->overdue_collection = ld_db_column_int64 (stmt, 4);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_lab_open_tests:
 * @store: a store
 * @technician_id: a technician
 * @error: return location for an %LD_STORE_ERROR
 *
 * The tests of the orders @technician_id holds in the lab whose results
 * are not released yet, each with its turnaround and when its sample was
 * first collected (a rejected sample's patient has waited since then),
 * for GET /api/v1/technicians/me/late to set against the clock.
 *
 * Returns: (transfer full) (element-type LdOpenTest): the tests, by order
 */
GPtrArray *
ld_store_lab_open_tests (LdStore     *store,
                         const char  *technician_id,
                         GError     **error)
{
  static const char sql[] =
    "SELECT o.id, r.test_code, c.name, c.turnaround_hours, min (s.collected_at)"
    " FROM orders o"
    " JOIN results r ON r.order_id = o.id"
    " JOIN catalog_tests c ON c.code = r.test_code"
    " JOIN samples s ON s.order_id = o.id"
    " JOIN sample_tests st ON st.sample_id = s.id AND st.test_code = r.test_code"
    " WHERE o.technician_id = ?1"
    "   AND o.lab_state IN ('collected', 'in_process', 'resulted', 'verified')"
    "   AND r.state IN ('pending', 'entered', 'verified')"
    " GROUP BY o.id, r.test_code, c.name, c.turnaround_hours"
    " ORDER BY o.id, r.test_code";
  g_autoptr(GPtrArray) tests = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_open_test_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, technician_id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdOpenTest *test = g_new0 (LdOpenTest, 1);

      test->order_id = ld_db_column_dup_text (stmt, 0);
      test->code = ld_db_column_dup_text (stmt, 1);
      test->name = ld_db_column_dup_text (stmt, 2);
      test->turnaround_hours = ld_db_column_int64 (stmt, 3);
      test->collected_at = ld_db_column_dup_text (stmt, 4);
      g_ptr_array_add (tests, test);
    }
  return step == LD_DB_DONE ? g_steal_pointer (&tests) : NULL;
}

void
ld_open_test_free (LdOpenTest *test)
{
  if (test == NULL)
    return;

  g_free (test->order_id);
  g_free (test->code);
  g_free (test->name);
  g_free (test->collected_at);
  g_free (test);
}

/**
 * ld_store_lab_doctor_orders:
 * @store: a store
 * @doctor_id: the ordering doctor
 * @after_created_us: the page cursor's time, used with @after_id
 * @after_id: (nullable): the last order of the previous page
 * @limit: rows to read
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdOrder): the doctor's orders,
 *   newest first
 */
GPtrArray *
ld_store_lab_doctor_orders (LdStore     *store,
                            const char  *doctor_id,
                            gint64       after_created_us,
                            const char  *after_id,
                            guint        limit,
                            GError     **error)
{
  static const char sql[] =
    "SELECT " ORDER_COLUMNS ORDER_FROM
    " WHERE o.doctor_id = ?1"
    "   AND (CAST (?3 AS TEXT) IS NULL OR o.created_us < ?2 OR (o.created_us = ?2 AND o.id < ?3))"
    " ORDER BY o.created_us DESC, o.id DESC LIMIT ?4";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, doctor_id);
  ld_db_bind_int64 (stmt, 2, after_created_us);
  ld_db_bind_text (stmt, 3, after_id);
  ld_db_bind_int64 (stmt, 4, limit);
  return ld_store_orders_collect (store, stmt, error);
}

/**
 * ld_store_lab_doctor_patient_ids:
 * @store: a store
 * @doctor_id: a doctor
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full): the patients the doctor has ordered for, the
 *   most recent first
 */
GStrv
ld_store_lab_doctor_patient_ids (LdStore     *store,
                                 const char  *doctor_id,
                                 GError     **error)
{
  static const char sql[] =
    "SELECT patient_id FROM orders WHERE doctor_id = ?1"
    " GROUP BY patient_id ORDER BY max (created_us) DESC LIMIT 500";
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, doctor_id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_strv_builder_add (ids, ld_db_column_text (stmt, 0));

  return step == LD_DB_DONE ? g_strv_builder_end (ids) : NULL;
}

/**
 * ld_store_lab_turnaround:
 * @store: a store
 * @from_us: the period's start
 * @until_us: its end, excluded
 * @error: return location for an %LD_STORE_ERROR
 *
 * Collection-to-release time per test, over the results first released in
 * the period (an amendment does not move a release).
 *
 * Returns: (transfer full) (element-type LdTurnaround): one row per test
 *   released in the period, by code
 */
GPtrArray *
ld_store_lab_turnaround (LdStore  *store,
                         gint64    from_us,
                         gint64    until_us,
                         GError  **error)
{
  static const char sql[] =
    "SELECT test_code, count(*), avg (released_us - collected_us), min (released_us - "
    "collected_us),"
    "       max (released_us - collected_us)"
    " FROM results WHERE released_us >= ?1 AND released_us < ?2 AND collected_us IS NOT NULL"
    " GROUP BY test_code ORDER BY test_code";
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_turnaround_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_int64 (stmt, 1, from_us);
  ld_db_bind_int64 (stmt, 2, until_us);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdTurnaround *row = g_new0 (LdTurnaround, 1);

      row->test_code = ld_db_column_dup_text (stmt, 0);
      row->n_results = ld_db_column_int64 (stmt, 1);
      row->mean_us = (gint64) (ld_db_column_double (stmt, 2) + 0.5);
      row->min_us = ld_db_column_int64 (stmt, 3);
      row->max_us = ld_db_column_int64 (stmt, 4);
      g_ptr_array_add (rows, row);
    }

  return step == LD_DB_DONE ? g_steal_pointer (&rows) : NULL;
}

void
ld_turnaround_free (LdTurnaround *turnaround)
{
  if (turnaround == NULL)
    return;

  g_free (turnaround->test_code);
  g_free (turnaround);
}

/**
 * ld_store_lab_open_work:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdOpenWork): what each active
 *   technician has open now, by user id
 */
GPtrArray *
ld_store_lab_open_work (LdStore  *store,
                        GError  **error)
{
  static const char sql[] =
    "SELECT u.id,"
    "       (SELECT count(*) FROM orders o WHERE o.technician_id = u.id AND o.lab_state = "
    "'ordered'),"
    "       (SELECT count(*) FROM orders o WHERE o.technician_id = u.id"
    "          AND o.lab_state IN ('collected', 'in_process', 'resulted')),"
    "       (SELECT count(*) FROM orders o JOIN results r ON r.order_id = o.id"
    "          WHERE o.technician_id = u.id AND o.lab_state IN ('collected', 'in_process', "
    "'resulted')"
    "            AND r.state = 'pending'),"
    "       (SELECT count(*) FROM results r WHERE r.entered_by = u.id AND r.state = 'entered')"
    " FROM users u WHERE (u.roles & ?1) != 0 AND u.disabled = 0 ORDER BY u.id";
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_open_work_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_int64 (stmt, 1, LD_ROLE_TECHNICIAN);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdOpenWork *row = g_new0 (LdOpenWork, 1);

      row->user_id = ld_db_column_dup_text (stmt, 0);
      row->orders_to_collect = ld_db_column_int64 (stmt, 1);
      row->orders_in_lab = ld_db_column_int64 (stmt, 2);
      row->results_to_enter = ld_db_column_int64 (stmt, 3);
      row->results_awaiting_verification = ld_db_column_int64 (stmt, 4);
      g_ptr_array_add (rows, row);
    }

  return step == LD_DB_DONE ? g_steal_pointer (&rows) : NULL;
}

void
ld_open_work_free (LdOpenWork *work)
{
  if (work == NULL)
    return;

  g_free (work->user_id);
  g_free (work);
}

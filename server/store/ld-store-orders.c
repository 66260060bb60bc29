/* ld-store-orders.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-orders"

#include "config.h"

#include "ld-store-orders-private.h"
#include "ld-states.h"
#include "ld-time.h"

static LdOrder *
order_from_row (LdDbStmt *stmt)
{
  LdOrder *order = ld_order_new ();
  LdLabState lab_state;
  LdPaymentState payment_state;

  order->id = ld_db_column_dup_text (stmt, 0);
  order->number = ld_db_column_dup_text (stmt, 1);
  order->patient_id = ld_db_column_dup_text (stmt, 2);
  order->patient_mrn = ld_db_column_dup_text (stmt, 3);
  order->patient_name = ld_db_column_dup_text (stmt, 4);
  order->source = ld_db_column_dup_text (stmt, 5);
  order->doctor_id = ld_db_column_dup_text (stmt, 6);
  order->priority = ld_db_column_dup_text (stmt, 7);
  order->clinical_notes = ld_db_column_dup_text (stmt, 8);
  order->collection = ld_db_column_dup_text (stmt, 9);
  order->home_address = ld_db_column_dup_text (stmt, 10);
  order->home_slot_start = ld_db_column_dup_text (stmt, 11);
  order->home_slot_end = ld_db_column_dup_text (stmt, 12);
  order->subtotal_paise = ld_db_column_int64 (stmt, 13);
  order->discount_kind = ld_db_column_dup_text (stmt, 14);
  order->discount_value = ld_db_column_int64 (stmt, 15);
  order->discount_reason = ld_db_column_dup_text (stmt, 16);
  order->discount_paise = ld_db_column_int64 (stmt, 17);
  order->home_fee_paise = ld_db_column_int64 (stmt, 18);
  order->tax_paise = ld_db_column_int64 (stmt, 19);
  order->total_paise = ld_db_column_int64 (stmt, 20);
  order->paid_paise = ld_db_column_int64 (stmt, 21);
  order->refunded_paise = ld_db_column_int64 (stmt, 22);
  order->online_pending = ld_db_column_int64 (stmt, 23) != 0;
  order->payment_state = ld_db_column_dup_text (stmt, 24);
  order->lab_state = ld_db_column_dup_text (stmt, 25);
  order->cancel_reason = ld_db_column_dup_text (stmt, 26);
  lab_state = ld_lab_state_parse (order->lab_state);
  payment_state = ld_payment_state_parse (order->payment_state);
  /* The deadline only means something while the order waits for money. */
  if (lab_state == LD_LAB_STATE_ORDERED &&
      (payment_state == LD_PAYMENT_STATE_PENDING || payment_state == LD_PAYMENT_STATE_FAILED))
    {
      order->expires_us = ld_db_column_int64 (stmt, 27);
      order->expires_at = ld_time_format_rfc3339 (order->expires_us);
    }
  order->created_by = ld_db_column_dup_text (stmt, 28);
  order->created_at = ld_db_column_dup_text (stmt, 29);
  order->updated_at = ld_db_column_dup_text (stmt, 30);
  order->version = ld_db_column_int64 (stmt, 31);
  order->created_us = ld_db_column_int64 (stmt, 32);
  order->technician_id = ld_db_column_dup_text (stmt, 33);
  order->collection_overdue = lab_state == LD_LAB_STATE_ORDERED &&
                              !ld_db_column_is_null (stmt, 34) &&
                              g_get_real_time () - ld_db_column_int64 (stmt, 34) > G_TIME_SPAN_DAY;
  order->referring_doctor_name = ld_db_column_dup_text (stmt, 35);
  order->doctor_name = ld_db_column_dup_text (stmt, 36);
  order->awaiting_recollection = ld_db_column_int64 (stmt, 37) != 0;
  order->channel = ld_db_column_dup_text (stmt, 38);
  order->visit_id = ld_db_column_dup_text (stmt, 39);
  order->interpretation = ld_db_column_dup_text (stmt, 40);

  return order;
}

/* What an order has besides its row: its lines and its payments, read by
 * three statements bound to its id, which run together (one round trip
 * on PostgreSQL, three before). */
enum
{
  ITEMS,
  TESTS,
  PAYMENTS,
  N_CHILDREN
};

static gboolean
prepare_children (LdStore     *store,
                  const char  *order_id,
                  LdDbStmt    *children[N_CHILDREN],
                  GError     **error)
{
  static const char items_sql[] =
    "SELECT kind, code, name, list_price_paise, charged_paise, covered_by"
    " FROM order_items WHERE order_id = ? ORDER BY position";
  static const char tests_sql[] =
    "SELECT test_code, name, specimen, container, item_code"
    " FROM order_tests WHERE order_id = ? ORDER BY position";

  if ((children[ITEMS] = ld_store_prepare (store, items_sql, error)) == NULL ||
      (children[TESTS] = ld_store_prepare (store, tests_sql, error)) == NULL ||
      (children[PAYMENTS] = ld_store_payments_prepare_for_order (store, order_id, error)) == NULL)
    return FALSE;
  ld_db_bind_text (children[ITEMS], 1, order_id);
  ld_db_bind_text (children[TESTS], 1, order_id);
  return TRUE;
}

/* Reads the children's rows into @order, once they have run. */
static gboolean
read_children (LdDbStmt  *children[N_CHILDREN],
               LdOrder   *order,
               GError   **error)
{
  LdDbStmt *items = children[ITEMS];
  LdDbStmt *tests = children[TESTS];
  g_autoptr(GPtrArray) payments = NULL;
  LdDbStep step;

  while ((step = ld_db_step (items, error)) == LD_DB_ROW)
    {
      LdOrderItem *item = ld_order_item_new (ld_db_column_text (items, 0),
                                             ld_db_column_text (items, 1),
                                             ld_db_column_text (items, 2),
                                             ld_db_column_int64 (items, 3));

      item->charged_paise = ld_db_column_int64 (items, 4);
      item->covered_by = ld_db_column_dup_text (items, 5);
      g_ptr_array_add (order->items, item);
    }
  if (step != LD_DB_DONE)
    return FALSE;

  while ((step = ld_db_step (tests, error)) == LD_DB_ROW)
    g_ptr_array_add (order->tests, ld_order_test_new (ld_db_column_text (tests, 0),
                                                      ld_db_column_text (tests, 1),
                                                      ld_db_column_text (tests, 2),
                                                      ld_db_column_text (tests, 3),
                                                      ld_db_column_text (tests, 4)));
  if (step != LD_DB_DONE)
    return FALSE;

  if ((payments = ld_store_payments_collect (children[PAYMENTS], error)) == NULL)
    return FALSE;
  g_ptr_array_extend_and_steal (order->payments, g_steal_pointer (&payments));
  return TRUE;
}

/* Runs the children, then reads them into @order. */
static gboolean
load_children (LdStore  *store,
               LdOrder  *order,
               GError  **error)
{
  LdDbStmt *children[N_CHILDREN];

  return prepare_children (store, order->id, children, error) &&
         ld_db_step_together (children, N_CHILDREN, error) &&
         read_children (children, order, error);
}

/* The rows of a statement of ORDER_COLUMNS, without their children. */
static GPtrArray *
read_rows (LdDbStmt  *stmt,
           GError   **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_order_free);
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (orders, order_from_row (stmt));
  return step == LD_DB_DONE ? g_steal_pointer (&orders) : NULL;
}

/* Reads the orders a statement of ORDER_COLUMNS selects, each with its
 * lines and payments. */
GPtrArray *
ld_store_orders_collect (LdStore       *store,
                LdDbStmt      *stmt,
                GError       **error)
{
  g_autoptr(GPtrArray) orders = read_rows (stmt, error);

  if (orders == NULL)
    return NULL;
  for (guint i = 0; i < orders->len; i++)
    if (!load_children (store, g_ptr_array_index (orders, i), error))
      return NULL;

  return g_steal_pointer (&orders);
}

/* Each code once (ld-booking-body.c, ld-pricing.c): no insert breaks a
 * key, so they go soon (ld_db_step_soon()). */
static gboolean
insert_lines (LdStore  *store,
              LdOrder  *order,
              GError  **error)
{
  static const char item_sql[] =
    "INSERT INTO order_items (order_id, position, kind, code, name, list_price_paise,"
    "                         charged_paise, covered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  static const char test_sql[] =
    "INSERT INTO order_tests (order_id, test_code, name, specimen, container, item_code, position)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";

  for (guint i = 0; i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);
      LdDbStmt *stmt = ld_store_prepare (store, item_sql, error);

      if (stmt == NULL)
        return FALSE;
      ld_db_bind_text (stmt, 1, order->id);
      ld_db_bind_int64 (stmt, 2, i);
      ld_db_bind_text (stmt, 3, item->kind);
      ld_db_bind_text (stmt, 4, item->code);
      ld_db_bind_text (stmt, 5, item->name);
      ld_db_bind_int64 (stmt, 6, item->list_price_paise);
      ld_db_bind_int64 (stmt, 7, item->charged_paise);
      ld_db_bind_text (stmt, 8, item->covered_by);
      if (!ld_db_step_soon (stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < order->tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (order->tests, i);
      LdDbStmt *stmt = ld_store_prepare (store, test_sql, error);

      if (stmt == NULL)
        return FALSE;
      ld_db_bind_text (stmt, 1, order->id);
      ld_db_bind_text (stmt, 2, test->code);
      ld_db_bind_text (stmt, 3, test->name);
      ld_db_bind_text (stmt, 4, test->specimen);
      ld_db_bind_text (stmt, 5, test->container);
      ld_db_bind_text (stmt, 6, test->item_code);
      ld_db_bind_int64 (stmt, 7, i);
      if (!ld_db_step_soon (stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* "O2611-000123": the month the order was made in, and its number in that
 * month, from a counter of its own so numbers restart every month. */
static char *
next_order_number (LdStore  *store,
                   gint64    created_us,
                   GError  **error)
{
  g_autoptr(GDateTime) local = ld_time_local_from_unix (created_us / G_USEC_PER_SEC);
  g_autofree char *month = g_date_time_format (local, "%y%m");
  g_autofree char *counter = g_strconcat ("order-", month, NULL);
  gint64 number;

  if (!ld_store_next_number (store, counter, &number, error))
    return NULL;

  return g_strdup_printf ("O%s-%06" G_GINT64_FORMAT, month, number);
}

/**
 * ld_store_orders_insert:
 * @store: a store, inside a write transaction
 * @order: a priced order; its number, times and version are set here
 * @created_us: now
 * @expires_us: when it expires unless paid or promised cash on collection
 * @home_slot_us: the home visit's start, or 0
 * @error: return location for an %LD_STORE_ERROR (CONSTRAINT if the id is taken)
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_orders_insert (LdStore     *store,
                        LdOrder     *order,
                        gint64       created_us,
                        gint64       expires_us,
                        gint64       home_slot_us,
                        GError     **error)
{
  static const char sql[] =
    "INSERT INTO orders (id, number, patient_id, source, doctor_id, priority, clinical_notes,"
    "                    collection, home_address, home_slot_start, home_slot_end, home_slot_us,"
    "                    subtotal_paise, discount_kind, discount_value, discount_reason,"
    "                    discount_paise, home_fee_paise, tax_paise, total_paise, expires_us,"
    "                    created_by, created_us, created_at, updated_at, referring_doctor_name,"
    "                    channel, visit_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
    "         ?19, ?20, ?21, ?22, ?23, ?24, ?24, ?25, ?26, ?27)";
  g_autofree char *now = ld_time_format_rfc3339 (created_us);
  g_autofree char *number = next_order_number (store, created_us, error);
  LdDbStmt *stmt;

  if (number == NULL || (stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, order->id);
  ld_db_bind_text (stmt, 2, number);
  ld_db_bind_text (stmt, 3, order->patient_id);
  ld_db_bind_text (stmt, 4, order->source);
  ld_db_bind_text (stmt, 5, order->doctor_id);
  ld_db_bind_text (stmt, 6, order->priority);
  ld_db_bind_text (stmt, 7, order->clinical_notes);
  ld_db_bind_text (stmt, 8, order->collection);
  ld_db_bind_text (stmt, 9, order->home_address);
  ld_db_bind_text (stmt, 10, order->home_slot_start);
  ld_db_bind_text (stmt, 11, order->home_slot_end);
  if (home_slot_us != 0)
    ld_db_bind_int64 (stmt, 12, home_slot_us);
  else
    ld_db_bind_null (stmt, 12);
  ld_db_bind_int64 (stmt, 13, order->subtotal_paise);
  ld_db_bind_text (stmt, 14, order->discount_kind);
  if (order->discount_kind != NULL)
    ld_db_bind_int64 (stmt, 15, order->discount_value);
  else
    ld_db_bind_null (stmt, 15);
  ld_db_bind_text (stmt, 16, order->discount_reason);
  ld_db_bind_int64 (stmt, 17, order->discount_paise);
  ld_db_bind_int64 (stmt, 18, order->home_fee_paise);
  ld_db_bind_int64 (stmt, 19, order->tax_paise);
  ld_db_bind_int64 (stmt, 20, order->total_paise);
  ld_db_bind_int64 (stmt, 21, expires_us);
  ld_db_bind_text (stmt, 22, order->created_by);
  ld_db_bind_int64 (stmt, 23, created_us);
  ld_db_bind_text (stmt, 24, now);
  ld_db_bind_text (stmt, 25, order->referring_doctor_name);
  ld_db_bind_text (stmt, 26, order->channel != NULL ? order->channel : "desk");
  ld_db_bind_text (stmt, 27, order->visit_id);
  if (!ld_db_step_done (stmt, error) || !insert_lines (store, order, error))
    return FALSE;

  g_free (order->number);
  order->number = g_steal_pointer (&number);
  order->created_us = created_us;
  return TRUE;
}

/* The one order a statement of ORDER_COLUMNS selects by @key. */
static LdOrder *
get_one (LdStore     *store,
         const char  *sql,
         const char  *key,
         GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, key);
  found = ld_store_orders_collect (store, stmt, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such order.");
      return NULL;
    }

  return g_ptr_array_steal_index (found, 0);
}

/**
 * ld_store_orders_get:
 * @store: a store
 * @id: an order id
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none)
 *
 * Inside a write transaction on PostgreSQL, the order's row is held until
 * the transaction ends (see ld_store_reads_hold_rows()).
 *
 * Returns: (transfer full) (nullable): the order, with its lines, payments
 *   and the payment state derived from them
 */
LdOrder *
ld_store_orders_get (LdStore     *store,
                     const char  *id,
                     GError     **error)
{
  static const char sql[] = "SELECT " ORDER_COLUMNS ORDER_FROM " WHERE o.id = ?";
  /* Both names of the row: after waiting for the lock, PostgreSQL reads
   * again only the rows it locks, and the money columns come through m. */
  static const char locking_sql[] =
    "SELECT " ORDER_COLUMNS ORDER_FROM " WHERE o.id = ? FOR UPDATE OF o, m";
  g_autoptr(GPtrArray) found = NULL;
  /* The order's own statement, then its children's. */
  LdDbStmt *stmts[1 + N_CHILDREN];

  /* A handler reads an order to check it before it writes (its balance,
   * its state): inside a write transaction the row is held until the
   * end, so on every backend one transaction at a time checks and
   * changes an order (ld-store-writers.c, ld_store_lock_row()). The
   * order's read takes the lock itself; its children are read after it,
   * in the same round trip, so they see what the lock waited for. */
  if ((stmts[0] = ld_store_prepare (store, ld_store_reads_hold_rows (store) ? locking_sql : sql,
                                    error)) == NULL ||
      !prepare_children (store, id, stmts + 1, error))
    return NULL;
  ld_db_bind_text (stmts[0], 1, id);

  if (!ld_db_step_together (stmts, G_N_ELEMENTS (stmts), error) ||
      (found = read_rows (stmts[0], error)) == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such order.");
      return NULL;
    }
  if (!read_children (stmts + 1, g_ptr_array_index (found, 0), error))
    return NULL;
  return g_ptr_array_steal_index (found, 0);
}

/**
 * ld_store_orders_find_number:
 * @store: a store
 * @number: an order number, such as "O2611-000123"
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none)
 *
 * Returns: (transfer full) (nullable): the order, as ld_store_orders_get()
 *   reads it
 */
LdOrder *
ld_store_orders_find_number (LdStore     *store,
                             const char  *number,
                             GError     **error)
{
  static const char sql[] = "SELECT " ORDER_COLUMNS ORDER_FROM " WHERE o.number = ?";

  return get_one (store, sql, number, error);
}

/**
 * ld_store_orders_list:
 * @store: a store
 * @filter: which orders, and the page
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdOrder): up to @filter->limit
 *   orders, newest first
 */
GPtrArray *
ld_store_orders_list (LdStore              *store,
                      const LdOrderFilter  *filter,
                      GError              **error)
{
#define LIST_FILTERS \
  "   AND (CAST (?2 AS TEXT) IS NULL OR o.lab_state = ?2)" \
  "   AND (CAST (?3 AS TEXT) IS NULL OR m.payment_state = ?3)" \
  "   AND o.created_us >= ?4 AND o.created_us < ?5" \
  "   AND (CAST (?6 AS BIGINT) IS NULL OR o.created_us < ?6 OR (o.created_us = ?6 AND o.id < ?7))" \
  " ORDER BY o.created_us DESC, o.id DESC LIMIT ?8"
  /* A patient's orders through orders_by_patient, one state's through
   * orders_by_state: an optional condition (?1 IS NULL OR …) would walk
   * every order of the lab, newest first, until it found a page of them. */
  static const char all_sql[] =
    "SELECT " ORDER_COLUMNS ORDER_FROM " WHERE CAST (?1 AS TEXT) IS NULL" LIST_FILTERS;
  static const char patient_sql[] =
    "SELECT " ORDER_COLUMNS ORDER_FROM " WHERE o.patient_id = ?1" LIST_FILTERS;
  static const char state_sql[] =
    "SELECT " ORDER_COLUMNS ORDER_FROM
    " WHERE CAST (?1 AS TEXT) IS NULL AND o.lab_state = ?2" LIST_FILTERS;
#undef LIST_FILTERS
  const char *sql = filter->patient_id != NULL ? patient_sql
                    : filter->lab_state != NULL ? state_sql : all_sql;
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, filter->patient_id);
  ld_db_bind_text (stmt, 2, filter->lab_state);
  ld_db_bind_text (stmt, 3, filter->payment_state);
  ld_db_bind_int64 (stmt, 4, filter->from_us);
  ld_db_bind_int64 (stmt, 5, filter->until_us > 0 ? filter->until_us : G_MAXINT64);
  if (filter->after_id != NULL)
    ld_db_bind_int64 (stmt, 6, filter->after_created_us);
  else
    ld_db_bind_null (stmt, 6);
  ld_db_bind_text (stmt, 7, filter->after_id);
  ld_db_bind_int64 (stmt, 8, filter->limit);

  return ld_store_orders_collect (store, stmt, error);
}

/**
 * ld_store_orders_move:
 * @store: a store, inside a write transaction
 * @order: the order as the caller read it, in this transaction
 * @to_state: its new lab state
 * @reason: (nullable): why, for a cancellation
 * @error: return location for an %LD_STORE_ERROR (CONFLICT if the order
 *   changed since it was read)
 *
 * Moves an order's lab state only if it is still the state and version
 * the caller checked; the caller's domain rule decides whether the move
 * is allowed. Raises the order's version.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_orders_move (LdStore     *store,
                      LdOrder     *order,
                      const char  *to_state,
                      const char  *reason,
                      GError     **error)
{
  static const char sql[] =
    "UPDATE orders SET lab_state = ?3, cancel_reason = coalesce (?4, cancel_reason),"
    "                  updated_at = ?5, version = version + 1"
    " WHERE id = ?1 AND lab_state = ?2 AND version = ?6";
  g_autofree char *now = ld_time_format_rfc3339 (ld_time_now ());
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, order->id);
  ld_db_bind_text (stmt, 2, order->lab_state);
  ld_db_bind_text (stmt, 3, to_state);
  ld_db_bind_text (stmt, 4, reason);
  ld_db_bind_text (stmt, 5, now);
  ld_db_bind_int64 (stmt, 6, order->version);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  if (ld_db_changes (store->db) == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "The order has changed since it was read.");
      return FALSE;
    }

  g_free (order->lab_state);
  order->lab_state = g_strdup (to_state);
  if (reason != NULL)
    {
      g_free (order->cancel_reason);
      order->cancel_reason = g_strdup (reason);
    }
  g_free (order->updated_at);
  order->updated_at = g_steal_pointer (&now);
  order->version++;
  return TRUE;
}

/**
 * ld_store_orders_due_to_expire:
 * @store: a store
 * @now_us: now
 * @limit: at most this many
 * @error: return location for an %LD_STORE_ERROR
 *
 * Orders past their deadline with no money taken, no cash-on-collection
 * promise and no online payment still in flight (the gateway may yet
 * report success; the order waits for that answer): the orders
 * ld_order_check_payable() already refuses as expired.
 *
 * Returns: (transfer full): their ids, oldest deadline first
 */
GStrv
ld_store_orders_due_to_expire (LdStore     *store,
                               gint64       now_us,
                               guint        limit,
                               GError     **error)
{
  static const char sql[] =
    "SELECT o.id FROM orders o JOIN order_money m ON m.order_id = o.id"
    " WHERE o.lab_state = 'ordered' AND o.expires_us <= ?1"
    "   AND m.payment_state IN ('pending', 'failed') AND m.online_pending = 0"
    " ORDER BY o.expires_us LIMIT ?2";
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_int64 (stmt, 1, now_us);
  ld_db_bind_int64 (stmt, 2, limit);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_strv_builder_add (ids, ld_db_column_text (stmt, 0));

  return step == LD_DB_DONE ? g_strv_builder_end (ids) : NULL;
}

/**
 * ld_store_orders_home_visits:
 * @store: a store
 * @until_us: the end of the schedule
 * @error: return location for an %LD_STORE_ERROR
 *
 * Home collections still to be made whose slot starts before @until_us,
 * overdue ones included, earliest first. Cancelled and expired orders
 * are not visited.
 *
 * Returns: (transfer full) (element-type LdOrder): the orders
 */
GPtrArray *
ld_store_orders_home_visits (LdStore     *store,
                             gint64       until_us,
                             GError     **error)
{
  static const char sql[] =
    "SELECT " ORDER_COLUMNS ORDER_FROM
    " WHERE o.collection = 'home' AND o.home_slot_us < ?1 AND o.lab_state = 'ordered'"
    " ORDER BY o.home_slot_us, o.id";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_int64 (stmt, 1, until_us);
  return ld_store_orders_collect (store, stmt, error);
}

/**
 * ld_store_orders_owing:
 * @store: a store
 * @filter: the day (@from_us, @until_us) and the page (@after_created_us,
 *   @after_id, @limit); its other members are not used
 * @error: return location for an %LD_STORE_ERROR
 *
 * The day's orders whose money is not settled: payment pending or
 * failed, or cash promised on collection and not yet taken. One
 * statement, the day's range of orders_by_time; the orders come without
 * their lines and payments (the list shows money, not tests).
 *
 * Returns: (transfer full) (element-type LdOrder): up to @filter->limit
 *   orders, newest first
 */
GPtrArray *
ld_store_orders_owing (LdStore              *store,
                       const LdOrderFilter  *filter,
                       GError              **error)
{
  static const char sql[] =
    "SELECT " ORDER_COLUMNS ORDER_FROM
    " WHERE o.created_us >= ?1 AND o.created_us < ?2"
    "   AND m.payment_state IN ('pending', 'failed', 'cod_pending')"
    "   AND (CAST (?3 AS BIGINT) IS NULL OR o.created_us < ?3 OR (o.created_us = ?3 AND o.id < ?4))"
    " ORDER BY o.created_us DESC, o.id DESC LIMIT ?5";
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_order_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_int64 (stmt, 1, filter->from_us);
  ld_db_bind_int64 (stmt, 2, filter->until_us);
  if (filter->after_id != NULL)
    ld_db_bind_int64 (stmt, 3, filter->after_created_us);
  else
    ld_db_bind_null (stmt, 3);
  ld_db_bind_text (stmt, 4, filter->after_id);
  ld_db_bind_int64 (stmt, 5, filter->limit);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (orders, order_from_row (stmt));

  return step == LD_DB_DONE ? g_steal_pointer (&orders) : NULL;
}

/* ld-store-payments.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Payment attempts are only ever added, and a pending one decided once;
 * nothing here deletes or rewrites money that was taken.
 */

#define G_LOG_DOMAIN "ld-store-payments"

#include "config.h"

#include "ld-store-orders-private.h"
#include "ld-time.h"

#define PAYMENT_COLUMNS \
  "id, order_id, kind, method, status, amount_paise, tendered_paise, change_paise, reference," \
  " gateway_order_id, failure_reason, reason, taken_by, decided_by, created_at, decided_at, "  \
  "version"

static gint64
column_amount (LdDbStmt     *stmt,
               int           column)
{
  return ld_db_column_is_null (stmt, column) ? -1 : ld_db_column_int64 (stmt, column);
}

static LdPayment *
payment_from_row (LdDbStmt *stmt)
{
  LdPayment *payment = ld_payment_new ();

  payment->id = ld_db_column_dup_text (stmt, 0);
  payment->order_id = ld_db_column_dup_text (stmt, 1);
  payment->kind = ld_db_column_dup_text (stmt, 2);
  payment->method = ld_db_column_dup_text (stmt, 3);
  payment->status = ld_db_column_dup_text (stmt, 4);
  payment->amount_paise = ld_db_column_int64 (stmt, 5);
  payment->tendered_paise = column_amount (stmt, 6);
  payment->change_paise = column_amount (stmt, 7);
  payment->reference = ld_db_column_dup_text (stmt, 8);
  payment->gateway_order_id = ld_db_column_dup_text (stmt, 9);
  payment->failure_reason = ld_db_column_dup_text (stmt, 10);
  payment->reason = ld_db_column_dup_text (stmt, 11);
  payment->taken_by = ld_db_column_dup_text (stmt, 12);
  payment->decided_by = ld_db_column_dup_text (stmt, 13);
  payment->created_at = ld_db_column_dup_text (stmt, 14);
  payment->decided_at = ld_db_column_dup_text (stmt, 15);
  payment->version = ld_db_column_int64 (stmt, 16);

  return payment;
}

static GPtrArray *
collect_payments (LdDbStmt      *stmt,
                  GError       **error)
{
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_payment_free);
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (payments, payment_from_row (stmt));

  return step == LD_DB_DONE ? g_steal_pointer (&payments) : NULL;
}

static LdPayment *
get_one (LdStore     *store,
         const char  *sql,
         const char  *key,
         GError     **error)
{
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, key);
  found = collect_payments (stmt, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such payment.");
      return NULL;
    }

  return g_ptr_array_steal_index (found, 0);
}

static void
bind_amount (LdDbStmt     *stmt,
             int           index,
             gint64        paise)
{
  if (paise >= 0)
    ld_db_bind_int64 (stmt, index, paise);
  else
    ld_db_bind_null (stmt, index);
}

/* Counts @payment_id's order's money again from its attempts, in the
 * transaction that changed them, so that the row says what the attempts
 * do (schema 26). */
static gboolean
recount_order_money (LdStore     *store,
                     const char  *payment_id,
                     GError     **error)
{
  static const char sql[] =
    "UPDATE orders SET " LD_STORE_ORDER_MONEY_SET
    " WHERE id = (SELECT order_id FROM payments WHERE id = ?1)";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, payment_id);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_payments_insert:
 * @store: a store, inside a write transaction
 * @payment: the new attempt; its times and version are set here
 * @error: return location for an %LD_STORE_ERROR (CONSTRAINT if the id is taken)
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_payments_insert (LdStore    *store,
                          LdPayment  *payment,
                          GError    **error)
{
  static const char sql[] =
    "INSERT INTO payments (id, order_id, kind, method, status, amount_paise, tendered_paise,"
    "                      change_paise, reference, gateway_order_id, failure_reason, reason,"
    "                      taken_by, decided_by, created_us, created_at, decided_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
  gint64 now_us = ld_time_now ();
  g_autofree char *now = ld_time_format_rfc3339 (now_us);
  gboolean decided = !g_str_equal (payment->status, "pending");
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, payment->id);
  ld_db_bind_text (stmt, 2, payment->order_id);
  ld_db_bind_text (stmt, 3, payment->kind);
  ld_db_bind_text (stmt, 4, payment->method);
  ld_db_bind_text (stmt, 5, payment->status);
  ld_db_bind_int64 (stmt, 6, payment->amount_paise);
  bind_amount (stmt, 7, payment->tendered_paise);
  bind_amount (stmt, 8, payment->change_paise);
  ld_db_bind_text (stmt, 9, payment->reference);
  ld_db_bind_text (stmt, 10, payment->gateway_order_id);
  ld_db_bind_text (stmt, 11, payment->failure_reason);
  ld_db_bind_text (stmt, 12, payment->reason);
  ld_db_bind_text (stmt, 13, payment->taken_by);
  ld_db_bind_text (stmt, 14, decided ? payment->taken_by : NULL);
  ld_db_bind_int64 (stmt, 15, now_us);
  ld_db_bind_text (stmt, 16, now);
  ld_db_bind_text (stmt, 17, decided ? now : NULL);
  if (!ld_db_step_done (stmt, error) || !recount_order_money (store, payment->id, error))
    return FALSE;

  g_free (payment->created_at);
  payment->created_at = g_strdup (now);
  if (decided)
    {
      g_free (payment->decided_at);
      payment->decided_at = g_steal_pointer (&now);
      g_free (payment->decided_by);
      payment->decided_by = g_strdup (payment->taken_by);
    }
  payment->version = 1;
  return TRUE;
}

LdPayment *
ld_store_payments_get (LdStore     *store,
                       const char  *id,
                       GError     **error)
{
  return get_one (store, "SELECT " PAYMENT_COLUMNS " FROM payments WHERE id = ?", id, error);
}

LdPayment *
ld_store_payments_find_gateway (LdStore     *store,
                                const char  *gateway_order_id,
                                GError     **error)
{
  return get_one (store, "SELECT " PAYMENT_COLUMNS " FROM payments WHERE gateway_order_id = ?",
                  gateway_order_id, error);
}

/**
 * ld_store_payments_decide:
 * @store: a store, inside a write transaction
 * @payment: a pending attempt with its outcome (status, reference,
 *   failure reason, decided_by) set by the caller
 * @error: return location for an %LD_STORE_ERROR (CONFLICT if it was
 *   decided meanwhile or its version is not @payment's)
 *
 * Returns: %TRUE on success; the version and decision time are set
 */
gboolean
ld_store_payments_decide (LdStore    *store,
                          LdPayment  *payment,
                          GError    **error)
{
  static const char sql[] =
    "UPDATE payments SET status = ?2, reference = coalesce (?3, reference), failure_reason = ?4,"
    "                    decided_by = ?5, decided_at = ?6, version = version + 1"
    " WHERE id = ?1 AND status = 'pending' AND version = ?7";
  g_autofree char *now = ld_time_format_rfc3339 (ld_time_now ());
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, payment->id);
  ld_db_bind_text (stmt, 2, payment->status);
  ld_db_bind_text (stmt, 3, payment->reference);
  ld_db_bind_text (stmt, 4, payment->failure_reason);
  ld_db_bind_text (stmt, 5, payment->decided_by);
  ld_db_bind_text (stmt, 6, now);
  ld_db_bind_int64 (stmt, 7, payment->version);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  if (ld_db_changes (store->db) == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "This payment has already been decided.");
      return FALSE;
    }
  if (!recount_order_money (store, payment->id, error))
    return FALSE;

  g_free (payment->decided_at);
  payment->decided_at = g_steal_pointer (&now);
  payment->version++;
  return TRUE;
}

/* Every attempt on an order, oldest first: the statement, bound, for
 * ld_store_payments_collect() once it has run (ld-store-orders.c runs it
 * with the order's other reads). */
LdDbStmt *
ld_store_payments_prepare_for_order (LdStore     *store,
                                     const char  *order_id,
                                     GError     **error)
{
  static const char sql[] =
    "SELECT " PAYMENT_COLUMNS " FROM payments WHERE order_id = ? ORDER BY created_us, rowid";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt != NULL)
    ld_db_bind_text (stmt, 1, order_id);
  return stmt;
}

GPtrArray *
ld_store_payments_collect (LdDbStmt  *stmt,
                           GError   **error)
{
  return collect_payments (stmt, error);
}

void
ld_cash_line_free (LdCashLine *line)
{
  if (line == NULL)
    return;

  g_free (line->user_id);
  g_free (line->username);
  g_free (line->display_name);
  g_free (line->method);
  g_free (line);
}

/* Money that changed hands between ?1 and ?2 (RFC 3339 times), as the
 * cash report's totals and its list of entries both count it. */
#define DAY_MONEY_FROM " FROM payments pay JOIN users u ON u.id = pay.taken_by"
#define DAY_MONEY_WHERE \
  " WHERE pay.status = 'succeeded' AND pay.method != 'cod'" \
  "   AND pay.decided_at >= ?1 AND pay.decided_at < ?2"

/* @sql over DAY_MONEY_WHERE, bound to the day from @from_us to @until_us. */
static LdDbStmt *
prepare_day (LdStore     *store,
             const char  *sql,
             gint64       from_us,
             gint64       until_us,
             GError     **error)
{
  g_autofree char *from = ld_time_format_rfc3339 (from_us);
  g_autofree char *until = ld_time_format_rfc3339 (until_us);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, from);
  ld_db_bind_text (stmt, 2, until);
  return stmt;
}

/**
 * ld_store_payments_cash_report:
 * @store: a store
 * @from_us: the day's start
 * @until_us: the next day's start
 * @error: return location for an %LD_STORE_ERROR
 *
 * Money that changed hands in the period, per user who took it and per
 * method: succeeded payments and refunds, counted by when they were
 * decided (a gateway payment on the day its success was recorded).
 * Promises of cash on collection are not money and are left out.
 *
 * Returns: (transfer full) (element-type LdCashLine): the lines, by user
 *   name then method
 */
GPtrArray *
ld_store_payments_cash_report (LdStore     *store,
                               gint64       from_us,
                               gint64       until_us,
                               GError     **error)
{
  static const char sql[] =
    "SELECT u.id, u.username,"
    "       u.display_name, pay.method,"
    "       count (CASE WHEN pay.kind = 'payment' THEN 1 END),"
    "       coalesce (sum (CASE WHEN pay.kind = 'payment' THEN pay.amount_paise END), 0),"
    "       count (CASE WHEN pay.kind = 'refund' THEN 1 END),"
    "       coalesce (sum (CASE WHEN pay.kind = 'refund' THEN pay.amount_paise END), "
    "0)" DAY_MONEY_FROM DAY_MONEY_WHERE " GROUP BY 1, 4 ORDER BY 2, 4";
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_cash_line_free);
  LdDbStmt *stmt = prepare_day (store, sql, from_us, until_us, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdCashLine *line = g_new0 (LdCashLine, 1);

      line->user_id = ld_db_column_dup_text (stmt, 0);
      line->username = ld_db_column_dup_text (stmt, 1);
      line->display_name = ld_db_column_dup_text (stmt, 2);
      line->method = ld_db_column_dup_text (stmt, 3);
      line->payments = ld_db_column_int64 (stmt, 4);
      line->received_paise = ld_db_column_int64 (stmt, 5);
      line->refunds = ld_db_column_int64 (stmt, 6);
      line->refunded_paise = ld_db_column_int64 (stmt, 7);
      g_ptr_array_add (lines, line);
    }

  return step == LD_DB_DONE ? g_steal_pointer (&lines) : NULL;
}

void
ld_cash_entry_free (LdCashEntry *entry)
{
  if (entry == NULL)
    return;

  g_clear_pointer (&entry->payment, ld_payment_free);
  g_free (entry->order_number);
  g_free (entry->patient_id);
  g_free (entry->patient_mrn);
  g_free (entry->patient_name);
  g_free (entry->username);
  g_free (entry->display_name);
  g_free (entry);
}

/**
 * ld_store_payments_cash_entries:
 * @store: a store
 * @from_us: the day's start
 * @until_us: the next day's start
 * @error: return location for an %LD_STORE_ERROR
 *
 * Each payment and refund that ld_store_payments_cash_report() counts,
 * with its order's number, the patient and who took it: what the desk
 * prints to close its drawer. One statement over payments_by_decision.
 *
 * Returns: (transfer full) (element-type LdCashEntry): the entries, in
 *   the order the money changed hands
 */
GPtrArray *
ld_store_payments_cash_entries (LdStore     *store,
                                gint64       from_us,
                                gint64       until_us,
                                GError     **error)
{
  static const char sql[] =
    "SELECT pay.id, pay.order_id, pay.kind, pay.method, pay.amount_paise, pay.reference,"
    "       pay.reason, pay.taken_by, pay.decided_at, o.number, o.patient_id, p.mrn, p.name,"
    "       u.username, u.display_name"
    DAY_MONEY_FROM
    " JOIN orders o ON o.id = pay.order_id JOIN patients p ON p.id = o.patient_id"
    DAY_MONEY_WHERE
    " ORDER BY pay.decided_at, pay.id";
  g_autoptr(GPtrArray) entries =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_cash_entry_free);
  LdDbStmt *stmt = prepare_day (store, sql, from_us, until_us, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdCashEntry *entry = g_new0 (LdCashEntry, 1);
      LdPayment *payment = ld_payment_new ();

      payment->id = ld_db_column_dup_text (stmt, 0);
      payment->order_id = ld_db_column_dup_text (stmt, 1);
      payment->kind = ld_db_column_dup_text (stmt, 2);
      payment->method = ld_db_column_dup_text (stmt, 3);
      payment->amount_paise = ld_db_column_int64 (stmt, 4);
      payment->reference = ld_db_column_dup_text (stmt, 5);
      payment->reason = ld_db_column_dup_text (stmt, 6);
      payment->taken_by = ld_db_column_dup_text (stmt, 7);
      payment->decided_at = ld_db_column_dup_text (stmt, 8);
      entry->payment = payment;
      entry->order_number = ld_db_column_dup_text (stmt, 9);
      entry->patient_id = ld_db_column_dup_text (stmt, 10);
      entry->patient_mrn = ld_db_column_dup_text (stmt, 11);
      entry->patient_name = ld_db_column_dup_text (stmt, 12);
      entry->username = ld_db_column_dup_text (stmt, 13);
      entry->display_name = ld_db_column_dup_text (stmt, 14);
      g_ptr_array_add (entries, entry);
    }

  return step == LD_DB_DONE ? g_steal_pointer (&entries) : NULL;
}

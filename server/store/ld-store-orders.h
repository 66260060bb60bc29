/* ld-store-orders.h: orders and payment attempts in the database
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-open-work.h"
#include "ld-order.h"
#include "ld-store.h"
#include "ld-worklist.h"
#include "../domain/ld-assignment.h"

G_BEGIN_DECLS

/* Which orders a list holds; NULL and 0 members do not filter. Lists run
 * newest first; the cursor is the last order of the previous page. */
typedef struct
{
  const char *patient_id;
  const char *lab_state;
  const char *payment_state;
  gint64      from_us;
  gint64      until_us;
  gint64      after_created_us;
  const char *after_id;
  guint       limit;
} LdOrderFilter;

/* One line of the day's cash report. */
typedef struct
{
  char   *user_id;
  char   *username;
  char   *display_name;
  char   *method;
  gint64  payments;
  gint64  received_paise;
  gint64  refunds;
  gint64  refunded_paise;
} LdCashLine;

/* One payment or refund of the day's cash report, with whom and what it
 * was for; @payment holds the payment's own members. */
typedef struct
{
  LdPayment *payment;
  char      *order_number;
  char      *patient_id;
  char      *patient_mrn;
  char      *patient_name;
  char      *username;
  char      *display_name;
} LdCashEntry;

typedef struct
{
  LdWorklistTab  tab;
  const char    *technician_id;
  const char    *priority;
  gint64         from_us;
  gint64         until_us;
  gint64         after_rank;
  gint64         after_created_us;
  const char    *after_id;
  guint          limit;
} LdWorklistFilter;

/* A test not yet released on an order a technician holds. */
typedef struct
{
  char   *order_id;
  char   *code;
  char   *name;
  gint64  turnaround_hours;
  char   *collected_at;
} LdOpenTest;

/* A technician's load, owning the id the load points at. */
typedef struct
{
  LdTechnicianLoad  load;
  char             *user_id;
} LdTechnicianLoadRow;

/* ld-store-orders.c */
gboolean   ld_store_orders_insert          (LdStore             *store,
                                            LdOrder             *order,
                                            gint64               created_us,
                                            gint64               expires_us,
                                            gint64               home_slot_us,
                                            GError             **error);
LdOrder   *ld_store_orders_get             (LdStore             *store,
                                            const char          *id,
                                            GError             **error);
LdOrder   *ld_store_orders_find_number     (LdStore             *store,
                                            const char          *number,
                                            GError             **error);
GPtrArray *ld_store_orders_list            (LdStore             *store,
                                            const LdOrderFilter *filter,
                                            GError             **error);
gboolean   ld_store_orders_move            (LdStore             *store,
                                            LdOrder             *order,
                                            const char          *to_state,
                                            const char          *reason,
                                            GError             **error);
GStrv      ld_store_orders_due_to_expire   (LdStore             *store,
                                            gint64               now_us,
                                            guint                limit,
                                            GError             **error);
GPtrArray *ld_store_orders_home_visits     (LdStore             *store,
                                            gint64               until_us,
                                            GError             **error);
GPtrArray *ld_store_orders_owing           (LdStore             *store,
                                            const LdOrderFilter *filter,
                                            GError             **error);

/* ld-store-counters.c */
gboolean   ld_store_counters_check          (LdStore             *store,
                                             char               **out_problems,
                                             GError             **error);
gboolean   ld_store_counters_recount        (LdStore             *store,
                                             GError             **error);
GPtrArray *ld_store_counters_completed_days (LdStore             *store,
                                             gboolean             recount,
                                             GError             **error);

/* ld-store-lab.c */
GPtrArray *ld_store_lab_technician_loads    (LdStore             *store,
                                             GError             **error);
GPtrArray *ld_store_lab_recount_technician_loads (LdStore        *store,
                                                  GError        **error);
void       ld_technician_load_row_free      (LdTechnicianLoadRow *row);
gboolean   ld_store_lab_assign (LdStore    *store,
                                LdOrder    *order,
                                const char *technician_id,
                                const char *expected_technician_id,
                                GError    **error);
gboolean   ld_store_lab_mark_collectable    (LdStore             *store,
                                             const char          *order_id,
                                             GError             **error);
GPtrArray *ld_store_lab_worklist            (LdStore             *store,
                                             const LdWorklistFilter *filter,
                                             gint64              *out_counts,
                                             GError             **error);
gboolean   ld_store_lab_workload            (LdStore             *store,
                                             const char          *technician_id,
                                             gint64               today_from_us,
                                             LdWorkload          *out_load,
                                             GError             **error);
GPtrArray *ld_store_lab_open_tests          (LdStore             *store,
                                             const char          *technician_id,
                                             GError             **error);
void       ld_open_test_free                (LdOpenTest          *test);
GPtrArray *ld_store_lab_doctor_orders       (LdStore             *store,
                                             const char          *doctor_id,
                                             gint64               after_created_us,
                                             const char          *after_id,
                                             guint                limit,
                                             GError             **error);
GStrv      ld_store_lab_doctor_patient_ids  (LdStore             *store,
                                             const char          *doctor_id,
                                             GError             **error);

/* ld-store-payments.c */

/* The money kept on an order's row (schema 26), counted from its payment
 * attempts: what ld_store_payments_insert() and _decide() write after each
 * attempt, and what a test or benchmark that writes attempts with SQL of
 * its own runs after them ("UPDATE orders SET " LD_STORE_ORDER_MONEY_SET). */
#define LD_STORE_ORDER_MONEY_SET \
  "paid_paise = coalesce ((SELECT sum (amount_paise) FROM payments" \
  "  WHERE order_id = orders.id AND kind = 'payment' AND status = 'succeeded'), 0)," \
  " refunded_paise = coalesce ((SELECT sum (amount_paise) FROM payments" \
  "  WHERE order_id = orders.id AND kind = 'refund' AND status = 'succeeded'), 0)," \
  " online_pending = CASE WHEN EXISTS (SELECT 1 FROM payments" \
  "  WHERE order_id = orders.id AND method = 'online' AND status = 'pending') THEN 1 ELSE 0 END," \
  " last_payment_method = (SELECT method FROM payments" \
  "  WHERE order_id = orders.id AND kind = 'payment' AND status != 'voided'" \
  "  ORDER BY created_us DESC, rowid DESC LIMIT 1)," \
  " last_payment_status = (SELECT status FROM payments" \
  "  WHERE order_id = orders.id AND kind = 'payment' AND status != 'voided'" \
  "  ORDER BY created_us DESC, rowid DESC LIMIT 1)"

gboolean   ld_store_payments_insert (LdStore *store, LdPayment *payment, GError **error);
LdPayment *ld_store_payments_get (LdStore *store, const char *id, GError **error);
LdPayment *
ld_store_payments_find_gateway (LdStore *store, const char *gateway_order_id, GError **error);
gboolean   ld_store_payments_decide (LdStore *store, LdPayment *payment, GError **error);
GPtrArray *
ld_store_payments_cash_report (LdStore *store, gint64 from_us, gint64 until_us, GError **error);
void ld_cash_line_free (LdCashLine *line);
GPtrArray *
ld_store_payments_cash_entries (LdStore *store, gint64 from_us, gint64 until_us, GError **error);
void ld_cash_entry_free (LdCashEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCashLine, ld_cash_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCashEntry, ld_cash_entry_free)

gboolean ld_store_lab_rank_order (LdStore       *store,
                                  const char    *lab_state,
                                  const char    *payment_state,
                                  const char    *priority,
                                  gboolean       awaiting_recollection,
                                  LdWorklistTab *out_tab,
                                  int           *out_rank,
                                  GError       **error);

G_END_DECLS

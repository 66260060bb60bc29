/* ld-store-orders-private.h: what the order queries share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-store-orders.h"
#include "ld-store-private.h"

G_BEGIN_DECLS

/* An order as every query reads it; see ld_store_orders_collect(). */
#define ORDER_COLUMNS \
  "o.id, o.number, o.patient_id, p.mrn, p.name, o.source, o.doctor_id, o.priority," \
  " o.clinical_notes, o.collection, o.home_address, o.home_slot_start, o.home_slot_end," \
  " o.subtotal_paise, o.discount_kind, o.discount_value, o.discount_reason, o.discount_paise," \
  " o.home_fee_paise, o.tax_paise, o.total_paise, m.paid_paise, m.refunded_paise," \
  " m.online_pending, m.payment_state, o.lab_state, o.cancel_reason, o.expires_us," \
  " o.created_by, o.created_at, o.updated_at, o.version, o.created_us, o.technician_id," \
  " o.collectable_us, o.referring_doctor_name," \
  " (SELECT u.display_name FROM users u WHERE u.id = o.doctor_id)," \
  " o.recollect_us IS NOT NULL, o.channel, o.visit_id, o.interpretation"

/* Orders a technician still has work on. The technician_load triggers
 * count the same set (migrations/0043-technician-load.sql and
 * migrations-pg/0018-technician-load.sql): change all three together. */
#define OPEN_STATES "('ordered', 'collected', 'in_process', 'resulted', 'verified')"

/* The lab states of the worklist's completed tab. The completed_by_day
 * triggers count the same set (migrations/0044-completed-by-day.sql and
 * migrations-pg/0019-completed-by-day.sql): change all three together. */
#define COMPLETED_TAB_STATES "('verified', 'reported')"

/* Each technician's counters (technician_load) as the orders say they
 * should be: the check, --recount and the tests' recount read this. */
#define TECHNICIAN_RECOUNT                                                            \
  "SELECT technician_id,"                                                             \
  "       sum (CASE WHEN lab_state IN " OPEN_STATES " THEN 1 ELSE 0 END) AS open_orders," \
  "       coalesce (max (assigned_us), 0) AS last_assigned_us"                          \
  " FROM orders WHERE technician_id IS NOT NULL GROUP BY technician_id"

/* The completed orders by day (completed_by_day) as the orders say they
 * should be. */
#define COMPLETED_RECOUNT                                                              \
  "SELECT created_us / 86400000000 AS day, coalesce (technician_id, '') AS technician_id," \
  "       priority, count(*) AS orders"                                                  \
  " FROM orders WHERE lab_state IN " COMPLETED_TAB_STATES                              \
  " GROUP BY created_us / 86400000000, coalesce (technician_id, ''), priority"

#define ORDER_FROM \
  " FROM orders o JOIN order_money m ON m.order_id = o.id JOIN patients p ON p.id = o.patient_id"

LdDbStmt *
ld_store_payments_prepare_for_order (LdStore *store, const char *order_id, GError **error);
GPtrArray *ld_store_payments_collect (LdDbStmt *stmt, GError **error);

GPtrArray *ld_store_orders_collect (LdStore       *store,
                                    LdDbStmt      *stmt,
                                    GError       **error);

G_END_DECLS

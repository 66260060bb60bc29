/* bench-analytics-year.c: a busy lab's year written for the analytics benchmarks
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 300 orders a day for 366 days (109,800 orders), three tests each, paid
 * by cash, card, UPI, online or cash on collection in turn, one in a
 * hundred cancelled and one expired, the rest collected (one sample in
 * fifty rejected and collected again), resulted, verified and released
 * with times that differ from order to order, one result in two hundred
 * amended; written straight into the server's database with bulk SQL.
 * bench-analytics times the server's answer over it, bench-analytics-draw
 * the client drawing that answer.
 */

#include "config.h"

#include "bench-analytics-year.h"
#include "bench-common.h"
#include "ld-sqlite.h"
#include "ld-store-orders.h"

/* 288 seconds: a day over its 300 orders. */
#define ORDER_SPACING_US 288000000

typedef struct
{
  LdLab  *lab;
  gint64  first_us;
  char   *desk_id;
} YearWriting;

/* ?1 the first order's time, ?2 the desk, ?3 and ?4 the technicians, ?5
 * the signatory, ?6 the number of orders. */
/* clang-format off */
static const char * const year_sql[] = {
  "INSERT INTO patients (id, mrn, name, name_fold, name_key, sex, age_years, created_at, updated_at)"
  " WITH RECURSIVE k(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM k WHERE k + 1 < ?6 / 10)"
  " SELECT 'ap-' || k, 'A' || k, 'Analytics Patient ' || k, 'analytics patient ' || k,"
  "        'analytics patient ' || k, 'female', 40, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'"
  " FROM k",

  "INSERT INTO orders (id, number, patient_id, source, priority, collection,"
  "                    subtotal_paise, discount_paise, home_fee_paise, tax_paise, total_paise,"
  "                    lab_state, expires_us, created_by, created_us, created_at, updated_at,"
  "                    technician_id, assigned_us, collectable_us)"
  " WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?6),"
  "   t(i, us) AS (SELECT i, ?1 + i * " G_STRINGIFY (ORDER_SPACING_US) " FROM n)"
  " SELECT 'ao-' || i, 'A-' || i, 'ap-' || (i / 10), 'desk',"
  "        CASE i % 10 WHEN 0 THEN 'stat' WHEN 1 THEN 'urgent' ELSE 'routine' END, 'lab',"
  "        60000, 0, 0, 2000, 62000,"
  "        CASE i % 100 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'expired' ELSE 'reported' END,"
  "        us + 172800000000, ?2, us, strftime ('%Y-%m-%dT%H:%M:%SZ', us / 1000000, 'unixepoch'),"
  "        strftime ('%Y-%m-%dT%H:%M:%SZ', us / 1000000 + 7200, 'unixepoch'),"
  "        CASE WHEN i % 100 > 1 THEN CASE WHEN i % 2 = 0 THEN ?3 ELSE ?4 END END,"
  "        CASE WHEN i % 100 > 1 THEN us + 60000000 END, us"
  " FROM t",

  "INSERT INTO order_tests (order_id, test_code, name, specimen, container, item_code, position)"
  " SELECT o.id, c.code, c.name, c.specimen, c.container, c.code, c.rowid"
  " FROM orders o JOIN catalog_tests c"
  "   ON c.code IN (CASE CAST (substr (o.id, 4) AS INTEGER) % 3 WHEN 0 THEN 'HB' WHEN 1 THEN 'GLUF' ELSE 'TSH' END,"
  "                 CASE CAST (substr (o.id, 4) AS INTEGER) % 5 WHEN 0 THEN 'CREA' WHEN 1 THEN 'K' WHEN 2 THEN 'ALT' WHEN 3 THEN 'NA' ELSE 'UREA' END,"
  "                 CASE CAST (substr (o.id, 4) AS INTEGER) % 2 WHEN 0 THEN 'CHOL' ELSE 'CRP' END)"
  " WHERE o.id >= 'ao-' AND o.id < 'ao.'",

  "INSERT INTO payments (id, order_id, kind, method, amount_paise, status, taken_by, decided_by,"
  "                      created_us, created_at, decided_at)"
  " SELECT 'apay' || substr (id, 3), id, 'payment',"
  "        CASE CAST (substr (id, 4) AS INTEGER) % 7 WHEN 0 THEN 'card' WHEN 1 THEN 'upi'"
  "          WHEN 2 THEN 'online' ELSE 'cash' END, 62000, 'succeeded', ?2, ?2,"
  "        created_us + 30000000, created_at, created_at"
  " FROM orders WHERE id >= 'ao-' AND id < 'ao.' AND lab_state = 'reported'",

  "INSERT INTO payments (id, order_id, kind, method, amount_paise, status, taken_by, decided_by,"
  "                      created_us, created_at, decided_at, reason)"
  " SELECT 'aref' || substr (id, 3), id, 'refund', 'cash', 2000, 'succeeded', ?2, ?2,"
  "        created_us + 90000000, updated_at, updated_at, 'Charged twice.'"
  " FROM orders WHERE id >= 'ao-' AND id < 'ao.' AND lab_state = 'reported'"
  "   AND CAST (substr (id, 4) AS INTEGER) % 97 = 0",

  /* The money kept on each order, as the store keeps it after an attempt. */
  "UPDATE orders SET " LD_STORE_ORDER_MONEY_SET " WHERE id >= 'ao-' AND id < 'ao.'",

  "INSERT INTO samples (id, order_id, accession, specimen, container, state, collected_by,"
  "                     collected_at, received_by, received_at, reject_reason)"
  " SELECT 'as' || substr (id, 3), id, 'AS' || substr (id, 4), 'blood', 'edta',"
  "        CASE WHEN CAST (substr (id, 4) AS INTEGER) % 50 = 7 THEN 'rejected' ELSE 'received' END,"
  "        technician_id, created_at, technician_id, created_at,"
  "        CASE WHEN CAST (substr (id, 4) AS INTEGER) % 50 = 7 THEN 'Haemolysed.' END"
  " FROM orders WHERE id >= 'ao-' AND id < 'ao.' AND lab_state = 'reported'",

  "INSERT INTO samples (id, order_id, accession, specimen, container, state, collected_by,"
  "                     collected_at, received_by, received_at, replaces_sample_id)"
  " SELECT 'asr' || substr (id, 3), id, 'ASR' || substr (id, 4), 'blood', 'edta', 'received',"
  "        technician_id, updated_at, technician_id, updated_at, 'as' || substr (id, 3)"
  " FROM orders WHERE id >= 'ao-' AND id < 'ao.' AND lab_state = 'reported'"
  "   AND CAST (substr (id, 4) AS INTEGER) % 50 = 7",

  "INSERT INTO results (id, order_id, test_code, state, value, numeric_value, flag, entered_by,"
  "                     entered_at, verified_by, verified_at, released_at,"
  "                     collected_us, received_us, entered_us, verified_us, released_us)"
  " SELECT 'ar' || substr (t.order_id, 3) || t.test_code, t.order_id, t.test_code, 'released',"
  "        '5', 5, CASE WHEN (k % 41) = 0 THEN 'critical_high' ELSE 'normal' END,"
  "        o.technician_id, o.updated_at,"
  "        CASE WHEN o.technician_id = ?3 THEN ?4 ELSE ?3 END, o.updated_at, o.updated_at,"
  "        o.created_us + (10 + k % 30) * 60000000,"
  "        o.created_us + (20 + k % 30 + k % 7) * 60000000,"
  "        o.created_us + (60 + k % 30 + k % 7 + k % 61) * 60000000,"
  "        o.created_us + (80 + k % 30 + k % 7 + k % 61 + k % 23) * 60000000,"
  "        o.created_us + (90 + k % 30 + k % 7 + k % 61 + k % 23 + k % 11) * 60000000"
  " FROM (SELECT order_id, test_code, CAST (substr (order_id, 4) AS INTEGER) + length (test_code) AS k"
  "       FROM order_tests WHERE order_id >= 'ao-' AND order_id < 'ao.') t"
  " JOIN orders o ON o.id = t.order_id WHERE o.lab_state = 'reported'",

  "INSERT INTO reports (id, order_id, version, released_by, released_at, verification_code)"
  " SELECT 'arp' || substr (id, 3), id, 1, ?5, updated_at, 'AV' || substr (id, 4)"
  " FROM orders WHERE id >= 'ao-' AND id < 'ao.' AND lab_state = 'reported'",

  "INSERT INTO result_amendments (result_id, old_value, new_value, reason, amended_by, amended_at)"
  " SELECT id, '5', '6', 'Transcription error.', ?5, released_at FROM results"
  " WHERE id >= 'ar' AND id < 'as' AND rowid % 200 = 0",
};
/* clang-format on */

static void
bind_year (LdSqliteStmt *stmt,
           gpointer      data)
{
  YearWriting *writing = data;

  ld_sqlite_bind_int64 (stmt, 1, writing->first_us);
  ld_sqlite_bind_text (stmt, 2, writing->desk_id);
  ld_sqlite_bind_text (stmt, 3, writing->lab->technician_id);
  ld_sqlite_bind_text (stmt, 4, writing->lab->sunita_id);
  ld_sqlite_bind_text (stmt, 5, writing->lab->signatory_id);
  ld_sqlite_bind_int64 (stmt, 6, BENCH_ANALYTICS_ORDERS);
}


/**
 * bench_analytics_write_year:
 * @lab: a lab whose server's database is written behind its back
 * @first_us: the first order's time, a local midnight
 *
 * Writes a year of a busy lab (see the header) with bulk SQL.
 */
void
bench_analytics_write_year (LdLab  *lab,
                            gint64  first_us)
{
  g_autofree char *desk_id = ld_lab_user_id (lab, lab->desk);
  YearWriting      writing = { lab, first_us, desk_id };
  double           seconds =
    bench_write_bulk (lab->server, year_sql, G_N_ELEMENTS (year_sql), bind_year, &writing);

  g_print ("a year of orders (%d) written in %.1f s\n", BENCH_ANALYTICS_ORDERS, seconds);
}

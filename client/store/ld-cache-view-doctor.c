/* ld-cache-view-doctor.c: the doctor's own lists over the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three lists the doctor's workstation keeps open, read from the cache
 * so they work offline and follow the lab as the feed brings its
 * changes: the orders naming the doctor (their prescriptions, and the
 * desk's bookings of their requests), newest first; the patients of
 * those orders, the one ordered for most recently first; and the
 * doctor's critical alerts not yet acknowledged, newest first.
 *
 * Every statement takes the doctor's id as ?1 (the locate statements
 * take the record's id as ?1 and the doctor's as ?2 for orders and
 * patients, as a patient's orders do; an alert's id as ?2, as an order's
 * results do). Keys: orders and patients (n2 the time, id) as ?3, ?4;
 * alerts (text the time raised, n1, id) as ?2 … ?4.
 */

#define G_LOG_DOMAIN "ld-cache-view-doctor"

#include "config.h"

#include "ld-cache-view-doctor.h"

#define PENDING_OF(table) "(SELECT max(state) FROM outbox WHERE target_id = " table ".id)"

static const LdCacheViewSql orders_sql = {
  "SELECT 0, created_us FROM orders WHERE id = ?1 AND doctor_id = ?2",
  "SELECT count(*) FROM orders WHERE doctor_id = ?1",
  "SELECT count(*) FROM orders WHERE doctor_id = ?1 AND (created_us, id) > (?3, ?4)",
  "SELECT id, 0, created_us, record, " PENDING_OF (
    "orders") " FROM orders"
              " WHERE doctor_id = ?1 AND (created_us, id) < (?3, ?4)"
              " ORDER BY created_us DESC, id DESC LIMIT ?5",
  "SELECT id, 0, created_us, record, " PENDING_OF (
    "orders") " FROM orders"
              " WHERE doctor_id = ?1 ORDER BY created_us DESC, id DESC LIMIT ?5 OFFSET ?6",
};

/* A doctor's patients: a few hundred at most, each with the time of the
 * newest order naming the doctor. */
#define MINE \
  " FROM (SELECT patient_id, max (created_us) AS last_us FROM orders WHERE doctor_id = ?1" \
  "       GROUP BY patient_id) mine JOIN patients ON patients.id = mine.patient_id"
#define MINE_LOCATE \
  " FROM (SELECT patient_id, max (created_us) AS last_us FROM orders WHERE doctor_id = ?2" \
  "       GROUP BY patient_id) mine JOIN patients ON patients.id = mine.patient_id"
static const LdCacheViewSql patients_sql = {
  "SELECT 0, last_us" MINE_LOCATE " WHERE patients.id = ?1",
  "SELECT count(*)" MINE,
  "SELECT count(*)" MINE " WHERE (last_us, patients.id) > (?3, ?4)",
  "SELECT patients.id, 0, last_us, record, " PENDING_OF ("patients") MINE
  " WHERE (last_us, patients.id) < (?3, ?4) ORDER BY last_us DESC, patients.id DESC LIMIT ?5",
  "SELECT patients.id, 0, last_us, record, " PENDING_OF ("patients") MINE
  " ORDER BY last_us DESC, patients.id DESC LIMIT ?5 OFFSET ?6",
};

/* RFC 3339 times as the server writes them (UTC, milliseconds) sort as
 * text. */
#define RAISED "coalesce (json_extract (record, '$.raised_at'), '')"
#define OPEN_ALERTS "doctor_id = ?1 AND acknowledged = 0"
static const LdCacheViewSql alerts_sql = {
  "SELECT 0, " RAISED " FROM alerts WHERE id = ?2 AND " OPEN_ALERTS,
  "SELECT count(*) FROM alerts WHERE " OPEN_ALERTS,
  "SELECT count(*) FROM alerts WHERE " OPEN_ALERTS " AND (" RAISED ", 0, id) > (?2, ?3, ?4)",
  "SELECT id, 0, 0, record, NULL, " RAISED " AS raised_key FROM alerts WHERE " OPEN_ALERTS
  " AND (" RAISED ", 0, id) < (?2, ?3, ?4) ORDER BY raised_key DESC, id DESC LIMIT ?5",
  "SELECT id, 0, 0, record, NULL, " RAISED " AS raised_key FROM alerts WHERE " OPEN_ALERTS
  " ORDER BY raised_key DESC, id DESC LIMIT ?5 OFFSET ?6",
};

const LdCacheViewSql *
ld_cache_doctor_sql (LdCacheViewKind kind)
{
  switch (kind)
    {
    case LD_CACHE_VIEW_DOCTOR_ORDERS:
      return &orders_sql;
    case LD_CACHE_VIEW_DOCTOR_PATIENTS:
      return &patients_sql;
    case LD_CACHE_VIEW_DOCTOR_ALERTS:
      return &alerts_sql;
    default:
      g_assert_not_reached ();
    }
}

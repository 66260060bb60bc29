/* ld-cache-view-desk.c: the front desk's lists of the day over the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two lists the desk keeps open all day, read from the cache so they
 * work offline and follow other desks as the feed brings their changes:
 * the day's orders still owing money (failed payments first, then the
 * oldest), and the home visits still to be made, by slot. Each order is
 * filed into them as it is stored (ld_cache_desk_file_order()), by the
 * rules of shared/model/ld-desk-day.c that the server's lists use too.
 *
 * Both views take their bounds as ?7 … ?10 (a day, or ranges of slot
 * start and end), a key as ?2 … ?4, limit and offset as ?5 and ?6.
 */

#define G_LOG_DOMAIN "ld-cache-view-desk"

#include "config.h"

#include "ld-cache-view-desk.h"
#include "ld-desk-day.h"
#include "ld-json.h"
#include "ld-time.h"

#define PENDING "(SELECT max(state) FROM outbox WHERE target_id = orders.id)"

#define OWING_WHERE "owing IS NOT NULL AND created_us >= ?7 AND created_us < ?8"
static const LdCacheViewSql owing_sql = {
  "SELECT owing, created_us FROM orders WHERE id = ?1 AND " OWING_WHERE,
  "SELECT count(*) FROM orders WHERE " OWING_WHERE,
  "SELECT count(*) FROM orders WHERE " OWING_WHERE " AND (owing, created_us, id) < (?2, ?3, ?4)",
  "SELECT id, owing, created_us, record, " PENDING " FROM orders WHERE " OWING_WHERE
  " AND (owing, created_us, id) > (?2, ?3, ?4) ORDER BY owing, created_us, id LIMIT ?5",
  "SELECT id, owing, created_us, record, " PENDING " FROM orders WHERE " OWING_WHERE
  " ORDER BY owing, created_us, id LIMIT ?5 OFFSET ?6",
};

/* A visit's row carries the patient's phone, for the one who goes. */
#define VISIT_RECORD \
  "json_set (record, '$.patient.phone', (SELECT json_extract (p.record, '$.phone')" \
  " FROM patients p WHERE p.id = orders.patient_id))"

#define VISITS_WHERE \
  "home_slot_us IS NOT NULL AND home_slot_us >= ?7 AND home_slot_us < ?8" \
  " AND home_slot_end_us > ?9 AND home_slot_end_us <= ?10"
static const LdCacheViewSql visits_sql = {
  "SELECT 0, home_slot_us FROM orders WHERE id = ?1 AND " VISITS_WHERE,
  "SELECT count(*) FROM orders WHERE " VISITS_WHERE,
  "SELECT count(*) FROM orders WHERE " VISITS_WHERE " AND (home_slot_us, id) < (?3, ?4)",
  "SELECT id, 0, home_slot_us, " VISIT_RECORD ", " PENDING " FROM orders WHERE " VISITS_WHERE
  " AND (home_slot_us, id) > (?3, ?4) ORDER BY home_slot_us, id LIMIT ?5",
  "SELECT id, 0, home_slot_us, " VISIT_RECORD ", " PENDING " FROM orders WHERE " VISITS_WHERE
  " ORDER BY home_slot_us, id LIMIT ?5 OFFSET ?6",
};

static const char file_order_sql[] =
  "UPDATE orders SET owing = ?2, home_slot_us = ?3, home_slot_end_us = ?4 WHERE id = ?1";

const LdCacheViewSql *
ld_cache_desk_sql (LdCacheViewKind kind)
{
  switch (kind)
    {
    case LD_CACHE_VIEW_OWING:
      return &owing_sql;
    case LD_CACHE_VIEW_HOME_VISITS:
      return &visits_sql;
    case LD_CACHE_VIEW_PATIENT_SEARCH:
    case LD_CACHE_VIEW_WORKLIST:
    case LD_CACHE_VIEW_PATIENT_ORDERS:
    default:
      g_assert_not_reached ();
    }
}

/**
 * ld_cache_desk_bind:
 * @kind: a desk view
 * @bounds: its four bounds (the owing list uses the first two: the day)
 * @stmt: one of its statements
 * @key: (nullable): the key the statement compares with
 */
void
ld_cache_desk_bind (LdCacheViewKind       kind,
                    const gint64         *bounds,
                    LdSqliteStmt         *stmt,
                    const LdCacheViewKey *key)
{
  guint n_bounds = kind == LD_CACHE_VIEW_OWING ? 2 : 4;

  for (guint i = 0; i < n_bounds; i++)
    ld_sqlite_bind_int64 (stmt, 7 + i, bounds[i]);
  if (key != NULL)
    {
      if (kind == LD_CACHE_VIEW_OWING)
        ld_sqlite_bind_int64 (stmt, 2, key->n1);
      ld_sqlite_bind_int64 (stmt, 3, key->n2);
      ld_sqlite_bind_text (stmt, 4, key->id);
    }
}

/**
 * ld_cache_desk_file_order:
 * @db: the writer's connection, in the transaction that stored the order
 * @id: the order's id
 * @record: the order as the server shows it
 * @error: return location for an %LD_STORE_ERROR
 *
 * Files the order into the desk's lists: owing money or not, a home
 * visit still to make or not.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_desk_file_order (LdSqlite    *db,
                          const char  *id,
                          JsonObject  *record,
                          GError     **error)
{
  int rank =
    ld_desk_owing_rank (ld_desk_owing_of (ld_json_object_get_string (record, "payment_state")));
  JsonNode   *visit_node = json_object_get_member (record, "home_visit");
  JsonObject *visit =
    visit_node && JSON_NODE_HOLDS_OBJECT (visit_node) ? json_node_get_object (visit_node) : NULL;
  gint64        start_us = 0, end_us = 0;
  gboolean      visit_pending;
  LdSqliteStmt *stmt;

  visit_pending =
    ld_desk_home_visit_pending (ld_json_object_get_string (record, "collection"),
                                ld_json_object_get_string (record, "lab_state")) &&
    visit != NULL &&
    ld_time_parse_rfc3339 (ld_json_object_get_string (visit, "slot_start"), &start_us) &&
    ld_time_parse_rfc3339 (ld_json_object_get_string (visit, "slot_end"), &end_us);

  stmt = ld_sqlite_prepare_cached (db, file_order_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, id);
  if (rank >= 0)
    ld_sqlite_bind_int64 (stmt, 2, rank);
  else
    ld_sqlite_bind_null (stmt, 2);
  if (visit_pending)
    {
      ld_sqlite_bind_int64 (stmt, 3, start_us);
      ld_sqlite_bind_int64 (stmt, 4, end_us);
    }
  else
    {
      ld_sqlite_bind_null (stmt, 3);
      ld_sqlite_bind_null (stmt, 4);
    }
  return ld_sqlite_step_done (stmt, error);
}

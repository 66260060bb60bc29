/* ld-store-alerts.c: critical results the ordering doctor acknowledges
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-alerts"

#include "config.h"

#include "ld-record-id.h"
#include "ld-store-private.h"
#include "ld-store-results.h"
#include "ld-time.h"

#define ALERT_COLUMNS \
  "a.id, a.order_id, o.number, a.result_id, r.test_code, t.name, a.value, r.unit, a.flag," \
  " o.patient_id, p.mrn, p.name, a.doctor_id, a.raised_at, a.acknowledged_by, a.acknowledged_at," \
  " a.version"

#define ALERT_FROM \
  " FROM alerts a JOIN results r ON r.id = a.result_id JOIN orders o ON o.id = a.order_id" \
  " JOIN patients p ON p.id = o.patient_id" \
  " JOIN order_tests t ON t.order_id = r.order_id AND t.test_code = r.test_code"

static GPtrArray *
collect_alerts (LdDbStmt      *stmt,
                GError       **error)
{
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_alert_free);
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdAlert *alert = ld_alert_new ();

      alert->id = ld_db_column_dup_text (stmt, 0);
      alert->order_id = ld_db_column_dup_text (stmt, 1);
      alert->order_number = ld_db_column_dup_text (stmt, 2);
      alert->result_id = ld_db_column_dup_text (stmt, 3);
      alert->test_code = ld_db_column_dup_text (stmt, 4);
      alert->test_name = ld_db_column_dup_text (stmt, 5);
      alert->value = ld_db_column_dup_text (stmt, 6);
      alert->unit = ld_db_column_dup_text (stmt, 7);
      alert->flag = ld_db_column_dup_text (stmt, 8);
      alert->patient_id = ld_db_column_dup_text (stmt, 9);
      alert->patient_mrn = ld_db_column_dup_text (stmt, 10);
      alert->patient_name = ld_db_column_dup_text (stmt, 11);
      alert->doctor_id = ld_db_column_dup_text (stmt, 12);
      alert->raised_at = ld_db_column_dup_text (stmt, 13);
      alert->acknowledged_by = ld_db_column_dup_text (stmt, 14);
      alert->acknowledged_at = ld_db_column_dup_text (stmt, 15);
      alert->version = ld_db_column_int64 (stmt, 16);
      g_ptr_array_add (alerts, alert);
    }

  return step == LD_DB_DONE ? g_steal_pointer (&alerts) : NULL;
}

/**
 * ld_store_alerts_insert:
 * @store: a store, inside a write transaction
 * @alert: the order, result, doctor (or none), flag and value; its id and
 *   time are set here
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_alerts_insert (LdStore   *store,
                        LdAlert   *alert,
                        GError   **error)
{
  static const char sql[] =
    "INSERT INTO alerts (id, order_id, result_id, doctor_id, flag, value, raised_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  g_free (alert->id);
  alert->id = ld_record_id_new ();
  g_free (alert->raised_at);
  alert->raised_at = ld_time_format_rfc3339 (ld_time_now ());
  ld_db_bind_text (stmt, 1, alert->id);
  ld_db_bind_text (stmt, 2, alert->order_id);
  ld_db_bind_text (stmt, 3, alert->result_id);
  ld_db_bind_text (stmt, 4, alert->doctor_id);
  ld_db_bind_text (stmt, 5, alert->flag);
  ld_db_bind_text (stmt, 6, alert->value);
  ld_db_bind_text (stmt, 7, alert->raised_at);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_alerts_get:
 * @store: a store
 * @id: an alert id
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none)
 *
 * Returns: (transfer full) (nullable): the alert, with its patient and test
 */
LdAlert *
ld_store_alerts_get (LdStore     *store,
                     const char  *id,
                     GError     **error)
{
  static const char sql[] = "SELECT " ALERT_COLUMNS ALERT_FROM " WHERE a.id = ?";
  g_autoptr(GPtrArray) found = NULL;
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, id);
  found = collect_alerts (stmt, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such alert.");
      return NULL;
    }

  return g_ptr_array_steal_index (found, 0);
}

/**
 * ld_store_alerts_list:
 * @store: a store
 * @doctor_id: (nullable): the ordering doctor, or %NULL for everyone's
 * @open_only: only alerts not yet acknowledged
 * @after_raised_at: (nullable): the page cursor's time, with @after_id
 * @after_id: (nullable): the last alert of the previous page
 * @limit: rows to read
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdAlert): the alerts, newest first
 */
GPtrArray *
ld_store_alerts_list (LdStore     *store,
                      const char  *doctor_id,
                      gboolean     open_only,
                      const char  *after_raised_at,
                      const char  *after_id,
                      guint        limit,
                      GError     **error)
{
#define ALERT_PAGE \
  "   AND (CAST (?4 AS TEXT) IS NULL OR (a.raised_at, a.id) < (?3, ?4))" \
  " ORDER BY a.raised_at DESC, a.id DESC LIMIT ?5"
  /* One statement per case, each walking its own index newest first
   * (alerts_by_time, alerts_by_doctor, and their open-only partial twins):
   * optional conditions (?1 IS NULL OR …) would walk every alert ever
   * raised to fill a page of one doctor's open ones. */
  static const char * const sqls[2][2] = {
    {
      "SELECT " ALERT_COLUMNS ALERT_FROM " WHERE CAST (?1 AS TEXT) IS NULL AND ?2 = 0" ALERT_PAGE,
      "SELECT " ALERT_COLUMNS ALERT_FROM
      " WHERE CAST (?1 AS TEXT) IS NULL AND a.acknowledged_at IS NULL" ALERT_PAGE,
    },
    {
      "SELECT " ALERT_COLUMNS ALERT_FROM " WHERE a.doctor_id = ?1 AND ?2 = 0" ALERT_PAGE,
      "SELECT " ALERT_COLUMNS ALERT_FROM " WHERE a.doctor_id = ?1 AND a.acknowledged_at IS NULL"
      ALERT_PAGE,
    },
  };
#undef ALERT_PAGE
  LdDbStmt *stmt = ld_store_prepare (store, sqls[doctor_id != NULL][open_only != FALSE], error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, doctor_id);
  ld_db_bind_int64 (stmt, 2, open_only);
  ld_db_bind_text (stmt, 3, after_raised_at);
  ld_db_bind_text (stmt, 4, after_id);
  ld_db_bind_int64 (stmt, 5, limit);
  return collect_alerts (stmt, error);
}

/**
 * ld_store_alerts_list_overdue:
 * @store: a store
 * @raised_before: RFC 3339 UTC: alerts raised before this and still not
 *   acknowledged are overdue
 * @after_raised_at: (nullable): the page cursor's time, with @after_id
 * @after_id: (nullable): the last alert of the previous page
 * @limit: rows to read
 * @error: return location for an %LD_STORE_ERROR
 *
 * Issue 18: the critical alerts the lab must escalate, newest first; it
 * walks the open alerts' index from @raised_before down.
 *
 * Returns: (transfer full) (element-type LdAlert): the alerts
 */
GPtrArray *
ld_store_alerts_list_overdue (LdStore     *store,
                              const char  *raised_before,
                              const char  *after_raised_at,
                              const char  *after_id,
                              guint        limit,
                              GError     **error)
{
  static const char sql[] =
    "SELECT " ALERT_COLUMNS ALERT_FROM
    " WHERE a.acknowledged_at IS NULL AND a.raised_at < ?1"
    "   AND (CAST (?3 AS TEXT) IS NULL OR (a.raised_at, a.id) < (?2, ?3))"
    " ORDER BY a.raised_at DESC, a.id DESC LIMIT ?4";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, raised_before);
  ld_db_bind_text (stmt, 2, after_raised_at);
  ld_db_bind_text (stmt, 3, after_id);
  ld_db_bind_int64 (stmt, 4, limit);
  return collect_alerts (stmt, error);
}

/**
 * ld_store_alerts_acknowledge:
 * @store: a store, inside a write transaction
 * @alert: the alert as read; it is updated here
 * @user_id: who acknowledges it
 * @error: return location for an %LD_STORE_ERROR (CONFLICT if it changed
 *   or was acknowledged since it was read)
 *
 * Returns: %TRUE on success; the version is raised
 */
gboolean
ld_store_alerts_acknowledge (LdStore     *store,
                             LdAlert     *alert,
                             const char  *user_id,
                             GError     **error)
{
  static const char sql[] =
    "UPDATE alerts SET acknowledged_by = ?2, acknowledged_at = ?3, version = version + 1"
    " WHERE id = ?1 AND version = ?4 AND acknowledged_at IS NULL";
  g_autofree char *now = ld_time_format_rfc3339 (ld_time_now ());
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, alert->id);
  ld_db_bind_text (stmt, 2, user_id);
  ld_db_bind_text (stmt, 3, now);
  ld_db_bind_int64 (stmt, 4, alert->version);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  if (ld_db_changes (store->db) == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "The alert has changed since it was read.");
      return FALSE;
    }

  g_free (alert->acknowledged_by);
  alert->acknowledged_by = g_strdup (user_id);
  g_free (alert->acknowledged_at);
  alert->acknowledged_at = g_steal_pointer (&now);
  alert->version++;
  return TRUE;
}

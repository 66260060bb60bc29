/* ld-store-care.c: whose patient is whose, and break-the-glass grants
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rule is ld-care-access.c's; this is its SQL. The change feed asks
 * the same two questions inside its own query (ld-store-changes.c).
 */

#define G_LOG_DOMAIN "ld-store-care"

#include "config.h"

#include "ld-store-private.h"

/**
 * ld_store_care_is_their_patient:
 * @store: a store
 * @doctor_id: a doctor
 * @patient_id: a patient
 * @now_us: the time grants are compared with
 * @out_theirs: (out): whether an order of the patient names the doctor,
 *   the patient checked in to see the doctor, or the doctor holds a
 *   break-the-glass grant for them open at @now_us
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_care_is_their_patient (LdStore     *store,
                                const char  *doctor_id,
                                const char  *patient_id,
                                gint64       now_us,
                                gboolean    *out_theirs,
                                GError     **error)
{
  /* One seek each: orders_by_doctor_patient, break_glass_open,
   * appointments_by_doctor_patient (a visit: ld_appointment_state_grants_care()). */
  static const char sql[] =
    "SELECT EXISTS (SELECT 1 FROM orders WHERE doctor_id = ?1 AND patient_id = ?2)"
    " OR EXISTS (SELECT 1 FROM break_glass WHERE doctor_id = ?1 AND patient_id = ?2"
    "            AND until_us > ?3)"
    " OR EXISTS (SELECT 1 FROM appointments WHERE doctor_id = ?1 AND patient_id = ?2"
    "            AND state IN ('checked_in', 'with_doctor', 'done'))";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (doctor_id != NULL && patient_id != NULL && out_theirs != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, doctor_id);
  ld_db_bind_text (stmt, 2, patient_id);
  ld_db_bind_int64 (stmt, 3, now_us);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;

  *out_theirs = ld_db_column_int64 (stmt, 0) != 0;
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_break_glass_add:
 * @store: a store, inside a write transaction
 * @grant: the grant; its names are not stored
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_break_glass_add (LdStore             *store,
                          const LdBreakGlass  *grant,
                          GError             **error)
{
  static const char sql[] =
    "INSERT INTO break_glass (id, doctor_id, patient_id, reason, at_us, until_us)"
    " VALUES (?, ?, ?, ?, ?, ?)";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && grant != NULL, FALSE);
  g_return_val_if_fail (grant->until_us > grant->at_us, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, grant->id);
  ld_db_bind_text (stmt, 2, grant->doctor_id);
  ld_db_bind_text (stmt, 3, grant->patient_id);
  ld_db_bind_text (stmt, 4, grant->reason);
  ld_db_bind_int64 (stmt, 5, grant->at_us);
  ld_db_bind_int64 (stmt, 6, grant->until_us);
  return ld_db_step_done (stmt, error);
}

void
ld_break_glass_free (LdBreakGlass *grant)
{
  if (grant == NULL)
    return;

  g_free (grant->id);
  g_free (grant->doctor_id);
  g_free (grant->doctor_name);
  g_free (grant->patient_id);
  g_free (grant->patient_mrn);
  g_free (grant->patient_name);
  g_free (grant->reason);
  g_free (grant);
}

/**
 * ld_store_break_glass_list:
 * @store: a store
 * @filter: which grants, and the page
 * @error: return location for an %LD_STORE_ERROR
 *
 * Lists grants newest first, by the time the glass was broken, with the
 * doctor's and the patient's names.
 *
 * Returns: (transfer full) (element-type LdBreakGlass) (nullable): the page
 */
GPtrArray *
ld_store_break_glass_list (LdStore                   *store,
                           const LdBreakGlassFilter  *filter,
                           GError                   **error)
{
  /* break_glass_by_time walked backwards from the cursor. */
  static const char sql[] =
    "SELECT g.id, g.doctor_id, u.display_name, g.patient_id, p.mrn, p.name, g.reason,"
    " g.at_us, g.until_us"
    " FROM break_glass g JOIN users u ON u.id = g.doctor_id JOIN patients p ON p.id = g.patient_id"
    " WHERE (CAST (?1 AS TEXT) IS NULL OR g.doctor_id = ?1) AND g.at_us >= ?2 AND g.at_us < ?3"
    " AND (g.at_us, g.id) < (?4, ?5)"
    " ORDER BY g.at_us DESC, g.id DESC LIMIT ?6";
  g_autoptr(GPtrArray) grants = NULL;
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && filter != NULL, NULL);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, filter->doctor_id);
  ld_db_bind_int64 (stmt, 2, filter->from_us);
  ld_db_bind_int64 (stmt, 3, filter->until_us > 0 ? filter->until_us : G_MAXINT64);
  ld_db_bind_int64 (stmt, 4, filter->before_id != NULL ? filter->before_us : G_MAXINT64);
  /* Every id sorts before this one: no UUID holds a '~'. */
  ld_db_bind_text (stmt, 5, filter->before_id != NULL ? filter->before_id : "~");
  ld_db_bind_int64 (stmt, 6, filter->limit);

  grants = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_break_glass_free);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdBreakGlass *grant = g_new0 (LdBreakGlass, 1);

      grant->id = ld_db_column_dup_text (stmt, 0);
      grant->doctor_id = ld_db_column_dup_text (stmt, 1);
      grant->doctor_name = ld_db_column_dup_text (stmt, 2);
      grant->patient_id = ld_db_column_dup_text (stmt, 3);
      grant->patient_mrn = ld_db_column_dup_text (stmt, 4);
      grant->patient_name = ld_db_column_dup_text (stmt, 5);
      grant->reason = ld_db_column_dup_text (stmt, 6);
      grant->at_us = ld_db_column_int64 (stmt, 7);
      grant->until_us = ld_db_column_int64 (stmt, 8);
      g_ptr_array_add (grants, grant);
    }

  return step == LD_DB_DONE ? g_steal_pointer (&grants) : NULL;
}

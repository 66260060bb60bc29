/* ld-store-web-review.c: web registrations parked for the desk, and merging them
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A registration on the patient pages that looked like a patient already
 * registered is parked (web_account_patients.needs_review,
 * 0033-web-registration.sql). The desk settles it: different people (the
 * flag is cleared), or the same person, when the parked record is merged
 * into the existing one (0038-patient-merge.sql): every row that names it
 * moves there, and the record is kept, marked merged, out of search.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-store-private.h"
#include "ld-store-web.h"
#include "ld-time.h"

/* The most parked records one answer lists, oldest first. */
#define MAX_PARKED 200

/**
 * ld_store_web_review_parked:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type utf8) (nullable): the ids of the
 *   records parked for the desk's review, oldest registration first, at
 *   most 200
 */
GPtrArray *
ld_store_web_review_parked (LdStore  *store,
                            GError  **error)
{
  /* From the parked links (web_account_patients_to_review), never a walk
   * of every patient in the order they came, looking for the few. */
  static const char sql[] =
    "SELECT p.id FROM patients p"
    " WHERE p.id IN (SELECT w.patient_id FROM web_account_patients w"
    "                 WHERE w.needs_review = 1)"
    "   AND p.merged_into IS NULL"
    " ORDER BY p.created_at, p.id LIMIT ?1";
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return NULL;
  ld_db_bind_int64 (stmt, 1, MAX_PARKED);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (ids, ld_db_column_dup_text (stmt, 0));
  if (step == LD_DB_ERROR)
    return NULL;
  return g_steal_pointer (&ids);
}

/**
 * ld_store_web_review_state:
 * @store: a store
 * @patient_id: a patient
 * @out_parked: (out): whether a web registration of it waits for the desk
 * @out_merged_into: (out) (transfer full) (nullable): the record it was
 *   merged into, if it was
 * @error: return location for an %LD_STORE_ERROR; %LD_STORE_ERROR_NOT_FOUND
 *   for an unknown patient
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_web_review_state (LdStore     *store,
                           const char  *patient_id,
                           gboolean    *out_parked,
                           char       **out_merged_into,
                           GError     **error)
{
  static const char sql[] =
    "SELECT p.merged_into, CASE WHEN EXISTS (SELECT 1 FROM web_account_patients w"
    "                                        WHERE w.patient_id = p.id AND w.needs_review = 1)"
    "                      THEN 1 ELSE 0 END"
    " FROM patients p WHERE p.id = ?1";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, patient_id);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no patient with this id.");
      return FALSE;
    }
  *out_merged_into = ld_db_column_dup_text (stmt, 0);
  *out_parked = ld_db_column_int64 (stmt, 1) != 0;
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_web_review_clear:
 * @store: a store, inside a write transaction
 * @patient_id: a parked record
 * @error: return location for an %LD_STORE_ERROR
 *
 * The desk says the parked record is a different person: it stays linked
 * to the account that registered it, no longer parked.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_web_review_clear (LdStore     *store,
                           const char  *patient_id,
                           GError     **error)
{
  static const char sql[] =
    "UPDATE web_account_patients SET needs_review = 0 WHERE patient_id = ?1";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, patient_id);
  return ld_db_step_done (stmt, error);
}

/* Every row that names a patient, but the audit trail (sealed, never
 * rewritten) and the change feed (history), and the web links and the
 * name index, which merging handles on its own. */
static const char * const moves[] = {
  "UPDATE orders SET patient_id = ?2 WHERE patient_id = ?1",
  "UPDATE appointments SET patient_id = ?2 WHERE patient_id = ?1",
  "UPDATE visits SET patient_id = ?2 WHERE patient_id = ?1",
  "UPDATE notifications SET patient_id = ?2 WHERE patient_id = ?1",
  "UPDATE break_glass SET patient_id = ?2 WHERE patient_id = ?1",
  "UPDATE web_link_codes SET patient_id = ?2 WHERE patient_id = ?1",
  /* The account that registered the parked record reaches the existing
   * one instead: the desk has now checked who it is. */
  "INSERT INTO web_account_patients (account_id, patient_id, relation, linked_by, linked_us,"
  " needs_review)"
  " SELECT account_id, ?2, relation, linked_by, linked_us, 0 FROM web_account_patients"
  "  WHERE patient_id = ?1"
  " ON CONFLICT (account_id, patient_id) DO NOTHING",
  "DELETE FROM web_account_patients WHERE patient_id = ?1",
  /* Out of the name search; the other searches skip merged_into. */
  "DELETE FROM patient_name_prefixes WHERE patient_id = ?1",
};

/**
 * ld_store_web_review_merge:
 * @store: a store, inside a write transaction
 * @patient_id: the parked record
 * @into_id: the existing record it is the same person as
 * @out_order_ids: (out) (transfer full) (element-type utf8): the orders
 *   that moved, for the change feed
 * @error: return location for an %LD_STORE_ERROR
 *
 * Moves every row of @patient_id to @into_id and marks @patient_id merged
 * (kept, never deleted). The caller has checked both records.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_web_review_merge (LdStore     *store,
                           const char  *patient_id,
                           const char  *into_id,
                           GPtrArray  **out_order_ids,
                           GError     **error)
{
  static const char orders_sql[] = "SELECT id FROM orders WHERE patient_id = ?1 ORDER BY id";
  static const char mark_sql[] =
    "UPDATE patients SET merged_into = ?2, version = version + 1, updated_at = ?3"
    " WHERE id = ?1 AND merged_into IS NULL";
  g_autoptr(GPtrArray) order_ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = ld_time_format_rfc3339 (ld_time_now ());
  LdDbStmt *stmt = ld_store_prepare (store, orders_sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, patient_id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (order_ids, ld_db_column_dup_text (stmt, 0));
  if (step == LD_DB_ERROR)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      stmt = ld_store_prepare (store, moves[i], error);
      if (stmt == NULL)
        return FALSE;
      ld_db_bind_text (stmt, 1, patient_id);
      ld_db_bind_text (stmt, 2, into_id);
      if (!ld_db_step_done (stmt, error))
        return FALSE;
    }

  stmt = ld_store_prepare (store, mark_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, patient_id);
  ld_db_bind_text (stmt, 2, into_id);
  ld_db_bind_text (stmt, 3, now);
  if (!ld_db_step_done (stmt, error))
    return FALSE;
  if (ld_db_changes (store->db) != 1)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "Someone else merged this patient in the meantime.");
      return FALSE;
    }

  *out_order_ids = g_steal_pointer (&order_ids);
  return TRUE;
}

/* ld-store-visits.c: the visit record a doctor writes, and its amendments
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Amendments are only ever added: a signed visit's text before each
 * change is kept as the API showed it.
 */

#define G_LOG_DOMAIN "ld-store-visits"

#include "config.h"

#include <math.h>

#include "ld-record-id.h"
#include "ld-store-private.h"
#include "ld-store-appointments.h"
#include "ld-time.h"
#include "ld-visit-amendment.h"

#define VISIT_COLUMNS \
  "id, appointment_id, patient_id, doctor_id, complaint, findings, diagnosis, icd10, advice," \
  " follow_up, signed_by, signed_us, created_us, updated_us, version, bp_systolic," \
  " bp_diastolic, pulse, temperature, spo2, respiratory_rate, weight, height"
#define FIRST_VITAL 15

static LdVisit *
visit_from_row (LdDbStmt *stmt)
{
  LdVisit *visit = ld_visit_new ();

  visit->id = ld_db_column_dup_text (stmt, 0);
  visit->appointment_id = ld_db_column_dup_text (stmt, 1);
  visit->patient_id = ld_db_column_dup_text (stmt, 2);
  visit->doctor_id = ld_db_column_dup_text (stmt, 3);
  visit->complaint = ld_db_column_dup_text (stmt, 4);
  visit->findings = ld_db_column_dup_text (stmt, 5);
  visit->diagnosis = ld_db_column_dup_text (stmt, 6);
  visit->icd10 = ld_db_column_dup_text (stmt, 7);
  visit->advice = ld_db_column_dup_text (stmt, 8);
  visit->follow_up = ld_db_column_dup_text (stmt, 9);
  visit->signed_by = ld_db_column_dup_text (stmt, 10);
  visit->signed_us = ld_db_column_int64 (stmt, 11);
  visit->created_us = ld_db_column_int64 (stmt, 12);
  visit->updated_us = ld_db_column_int64 (stmt, 13);
  visit->version = ld_db_column_int64 (stmt, 14);
  for (guint i = 0; i < LD_VITAL_N; i++)
    visit->vitals.values[i] = ld_db_column_is_null (stmt, FIRST_VITAL + i)
                                ? NAN
                                : ld_db_column_double (stmt, FIRST_VITAL + i);
  return visit;
}

static gboolean
load_amendments (LdStore   *store,
                 LdVisit   *visit,
                 GError   **error)
{
  static const char sql[] =
    "SELECT a.version, a.record, a.reason, a.amended_by, a.amended_us, u.display_name"
    " FROM visit_amendments a LEFT JOIN users u ON u.id = a.amended_by"
    " WHERE a.visit_id = ?1 ORDER BY a.version";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, visit->id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      g_autoptr(JsonNode) record = ld_json_parse (ld_db_column_text (stmt, 1), -1, error);
      LdVisitAmendment *amendment;

      if (record == NULL)
        {
          ld_db_reset (stmt);
          return FALSE;
        }
      amendment = ld_visit_amendment_new ();
      amendment->version = ld_db_column_int64 (stmt, 0);
      amendment->reason = ld_db_column_dup_text (stmt, 2);
      amendment->amended_by = ld_db_column_dup_text (stmt, 3);
      amendment->amended_by_name = ld_db_column_dup_text (stmt, 5);
      amendment->amended_us = ld_db_column_int64 (stmt, 4);
      if (JSON_NODE_HOLDS_OBJECT (record))
        amendment->was = ld_visit_read_object (json_node_get_object (record));
      g_ptr_array_add (visit->amendments, amendment);
    }
  return step == LD_DB_DONE;
}

/**
 * ld_store_visits_get:
 * @store: a store
 * @appointment_id: the appointment
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none is
 *   written yet)
 *
 * Returns: (transfer full) (nullable): the appointment's visit, with its
 *   amendments
 */
LdVisit *
ld_store_visits_get (LdStore     *store,
                     const char  *appointment_id,
                     GError     **error)
{
  static const char sql[] = "SELECT " VISIT_COLUMNS " FROM visits WHERE appointment_id = ?1";
  g_autoptr(LdVisit) visit = NULL;
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && appointment_id != NULL, NULL);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, appointment_id);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return NULL;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "No visit is written for this appointment yet.");
      return NULL;
    }
  visit = visit_from_row (stmt);
  ld_db_reset (stmt);
  if (!load_amendments (store, visit, error))
    return NULL;
  return g_steal_pointer (&visit);
}

/**
 * ld_store_visits_of_patient:
 * @store: a store
 * @patient_id: the patient
 * @limit: how many at most
 * @error: return location for an %LD_STORE_ERROR
 *
 * The appointments at which a visit was written for @patient_id, the
 * latest first (by the appointment's day and time, then the visit's
 * writing).
 *
 * Returns: (transfer full) (nullable): their ids, possibly none
 */
GStrv
ld_store_visits_of_patient (LdStore     *store,
                            const char  *patient_id,
                            guint        limit,
                            GError     **error)
{
  static const char sql[] =
    "SELECT v.appointment_id FROM visits v JOIN appointments a ON a.id = v.appointment_id"
    " WHERE v.patient_id = ?1 ORDER BY a.day DESC, v.created_us DESC, v.id LIMIT ?2";
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && patient_id != NULL, NULL);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, patient_id);
  ld_db_bind_int64 (stmt, 2, limit);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_strv_builder_add (ids, ld_db_column_text (stmt, 0));
  if (step != LD_DB_DONE)
    return NULL;
  return g_strv_builder_end (ids);
}

/**
 * ld_store_visits_whose:
 * @store: a store
 * @visit_id: a visit's id
 * @out_patient_id: (out) (transfer full): its patient
 * @out_doctor_id: (out) (transfer full): its doctor
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none)
 *
 * Whose a visit is, for an order prescribed during it.
 *
 * Returns: %TRUE if the visit exists
 */
gboolean
ld_store_visits_whose (LdStore     *store,
                       const char  *visit_id,
                       char       **out_patient_id,
                       char       **out_doctor_id,
                       GError     **error)
{
  static const char sql[] = "SELECT patient_id, doctor_id FROM visits WHERE id = ?1";
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && visit_id != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, visit_id);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such visit.");
      return FALSE;
    }
  *out_patient_id = ld_db_column_dup_text (stmt, 0);
  *out_doctor_id = ld_db_column_dup_text (stmt, 1);
  ld_db_reset (stmt);
  return TRUE;
}

static void
bind_visit (LdDbStmt      *stmt,
            const LdVisit *visit)
{
  ld_db_bind_text (stmt, 2, visit->complaint);
  ld_db_bind_text (stmt, 3, visit->findings);
  ld_db_bind_text (stmt, 4, visit->diagnosis);
  ld_db_bind_text (stmt, 5, visit->icd10);
  ld_db_bind_text (stmt, 6, visit->advice);
  ld_db_bind_text (stmt, 7, visit->follow_up);
  ld_db_bind_text (stmt, 8, visit->signed_by);
  if (visit->signed_us != 0)
    ld_db_bind_int64 (stmt, 9, visit->signed_us);
  else
    ld_db_bind_null (stmt, 9);
  ld_db_bind_int64 (stmt, 10, visit->updated_us);
  for (guint i = 0; i < LD_VITAL_N; i++)
    {
      double value = visit->vitals.values[i];

      if (isnan (value))
        ld_db_bind_null (stmt, 11 + i);
      else if (ld_vital_is_whole (i))
        ld_db_bind_int64 (stmt, 11 + i, (gint64) value);
      else
        ld_db_bind_double (stmt, 11 + i, value);
    }
}

/**
 * ld_store_visits_insert:
 * @store: a store, inside a write transaction
 * @visit: the first write of a visit; its id, times and version are set
 * @error: return location for an %LD_STORE_ERROR (CONSTRAINT if the
 *   appointment has one already)
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_visits_insert (LdStore   *store,
                        LdVisit   *visit,
                        GError   **error)
{
  static const char sql[] =
    "INSERT INTO visits (id, complaint, findings, diagnosis, icd10, advice, follow_up, signed_by,"
    "  signed_us, updated_us, bp_systolic, bp_diastolic, pulse, temperature, spo2,"
    "  respiratory_rate, weight, height, appointment_id, patient_id, doctor_id, created_us,"
    "  version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
    "  ?19, ?20, ?21, ?10, 1)";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && visit != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  g_free (visit->id);
  visit->id = ld_record_id_new ();
  visit->created_us = visit->updated_us = ld_time_now ();
  visit->version = 1;
  ld_db_bind_text (stmt, 1, visit->id);
  bind_visit (stmt, visit);
  ld_db_bind_text (stmt, 19, visit->appointment_id);
  ld_db_bind_text (stmt, 20, visit->patient_id);
  ld_db_bind_text (stmt, 21, visit->doctor_id);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_visits_update:
 * @store: a store, inside a write transaction
 * @visit: the visit with its new text, vitals and signature
 * @expected_version: the version it was read at
 * @error: return location for an %LD_STORE_ERROR (CONFLICT if it changed)
 *
 * Returns: %TRUE on success; the version is raised
 */
gboolean
ld_store_visits_update (LdStore   *store,
                        LdVisit   *visit,
                        gint64     expected_version,
                        GError   **error)
{
  static const char sql[] =
    "UPDATE visits SET complaint = ?2, findings = ?3, diagnosis = ?4, icd10 = ?5, advice = ?6,"
    "  follow_up = ?7, signed_by = ?8, signed_us = ?9, updated_us = ?10, bp_systolic = ?11,"
    "  bp_diastolic = ?12, pulse = ?13, temperature = ?14, spo2 = ?15, respiratory_rate = ?16,"
    "  weight = ?17, height = ?18, version = version + 1"
    " WHERE id = ?1 AND version = ?19";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && visit != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  visit->updated_us = ld_time_now ();
  ld_db_bind_text (stmt, 1, visit->id);
  bind_visit (stmt, visit);
  ld_db_bind_int64 (stmt, 19, expected_version);
  if (!ld_db_step_done (stmt, error))
    return FALSE;
  if (ld_db_changes (store->db) == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "The visit has changed since it was read.");
      return FALSE;
    }
  visit->version = expected_version + 1;
  return TRUE;
}

/**
 * ld_store_visits_add_amendment:
 * @store: a store, inside a write transaction
 * @old_visit: the signed visit as it was before the amendment
 * @reason: why it is amended
 * @user_id: who amends it
 * @at_us: when
 * @error: return location for an %LD_STORE_ERROR
 *
 * Keeps @old_visit's record (without its earlier amendments, which are
 * kept already).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_visits_add_amendment (LdStore        *store,
                               const LdVisit  *old_visit,
                               const char     *reason,
                               const char     *user_id,
                               gint64          at_us,
                               GError        **error)
{
  static const char sql[] =
    "INSERT INTO visit_amendments (id, visit_id, version, record, reason, amended_by, amended_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  g_autoptr(LdVisit) bare = ld_visit_new ();
  g_autoptr(JsonNode) record = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = ld_record_id_new ();
  LdDbStmt *stmt;

  /* The record without its amendments: a copy of the fields. */
  bare->id = g_strdup (old_visit->id);
  bare->appointment_id = g_strdup (old_visit->appointment_id);
  bare->patient_id = g_strdup (old_visit->patient_id);
  bare->doctor_id = g_strdup (old_visit->doctor_id);
  bare->complaint = g_strdup (old_visit->complaint);
  bare->vitals = old_visit->vitals;
  bare->findings = g_strdup (old_visit->findings);
  bare->diagnosis = g_strdup (old_visit->diagnosis);
  bare->icd10 = g_strdup (old_visit->icd10);
  bare->advice = g_strdup (old_visit->advice);
  bare->follow_up = g_strdup (old_visit->follow_up);
  bare->signed_by = g_strdup (old_visit->signed_by);
  bare->signed_us = old_visit->signed_us;
  bare->created_us = old_visit->created_us;
  bare->updated_us = old_visit->updated_us;
  bare->version = old_visit->version;
  record = ld_visit_to_node (bare);
  text = ld_json_to_string (record);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_text (stmt, 2, old_visit->id);
  ld_db_bind_int64 (stmt, 3, old_visit->version);
  ld_db_bind_text (stmt, 4, text);
  ld_db_bind_text (stmt, 5, reason);
  ld_db_bind_text (stmt, 6, user_id);
  ld_db_bind_int64 (stmt, 7, at_us);
  return ld_db_step_done (stmt, error);
}

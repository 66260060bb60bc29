/* ld-store-patients.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-patients"

#include "config.h"

#include "ld-store-patients-private.h"
#include "ld-text.h"
#include "ld-time.h"

static LdPatient *
patient_from_row (LdDbStmt *stmt)
{
  LdPatient *patient = ld_patient_new (ld_db_column_text (stmt, 0));
  LdSex sex = LD_SEX_UNKNOWN;

  ld_sex_from_string (ld_db_column_text (stmt, 3), &sex);
  ld_patient_set_mrn (patient, ld_db_column_text (stmt, 1));
  ld_patient_set_fields (patient,
                         ld_db_column_text (stmt, 2),
                         sex,
                         ld_db_column_text (stmt, 4),
                         ld_db_column_is_null (stmt, 5) ? -1 : ld_db_column_int64 (stmt, 5),
                         ld_db_column_text (stmt, 6),
                         ld_db_column_text (stmt, 7),
                         ld_db_column_text (stmt, 8),
                         ld_db_column_text (stmt, 9));
  ld_patient_set_version (patient, ld_db_column_int64 (stmt, 10));
  ld_patient_set_times (patient, ld_db_column_text (stmt, 11), ld_db_column_text (stmt, 12));
  ld_patient_set_do_not_send (patient, ld_db_column_int64 (stmt, 13) != 0,
                              ld_db_column_int64 (stmt, 14) != 0);

  return patient;
}

/* The patients @stmt reads, in LD_PATIENT_COLUMNS. */
GPtrArray *
ld_store_patients_collect (LdDbStmt      *stmt,
                           GError       **error)
{
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func (g_object_unref);
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (patients, patient_from_row (stmt));

  return step == LD_DB_DONE ? g_steal_pointer (&patients) : NULL;
}

/* Binds the editable fields and their search keys from ?2 to ?13. */
static void
bind_fields (LdDbStmt     *stmt,
             LdPatient    *patient)
{
  g_autofree char *fold = ld_text_fold (ld_patient_get_name (patient));
  g_autofree char *key = ld_patient_name_key (ld_patient_get_name (patient));
  const char *phone = ld_patient_get_phone (patient);
  g_autofree char *digits = phone ? ld_text_digits (phone) : NULL;
  g_autofree char *national = ld_patient_phone_national (phone);
  g_autofree char *id_norm = ld_patient_normalize_id (ld_patient_get_national_id (patient));
  gint64 age = ld_patient_get_age_years (patient);

  ld_db_bind_text (stmt, 2, ld_patient_get_name (patient));
  ld_db_bind_text (stmt, 3, fold);
  ld_db_bind_text (stmt, 4, key);
  ld_db_bind_text (stmt, 5, ld_sex_to_string (ld_patient_get_sex (patient)));
  ld_db_bind_text (stmt, 6, ld_patient_get_date_of_birth (patient));
  if (age >= 0)
    ld_db_bind_int64 (stmt, 7, age);
  else
    ld_db_bind_null (stmt, 7);
  ld_db_bind_text (stmt, 8, phone);
  ld_db_bind_text (stmt, 9, digits);
  ld_db_bind_text (stmt, 10, national);
  ld_db_bind_text (stmt, 11, ld_patient_get_email (patient));
  ld_db_bind_text (stmt, 12, ld_patient_get_address (patient));
  ld_db_bind_text (stmt, 13, ld_patient_get_national_id (patient));
  ld_db_bind_text (stmt, 14, id_norm);
}

/**
 * ld_store_patients_insert:
 * @store: a store, inside a write transaction
 * @patient: the new patient; its MRN, version and times are set here
 * @user_id: (nullable): who registered the patient
 * @error: return location for an %LD_STORE_ERROR (CONSTRAINT if the id is taken)
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_patients_insert (LdStore     *store,
                          LdPatient   *patient,
                          const char  *user_id,
                          GError     **error)
{
  static const char sql[] =
    "INSERT INTO patients (id, name, name_fold, name_key, sex, date_of_birth, age_years, phone,"
    "                      phone_digits, phone_national, email, address, national_id,"
    "                      national_id_norm, mrn, version, created_at, updated_at, created_by,"
    "                      email_do_not_send, phone_do_not_send)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1, ?16, ?16, ?17,"
    "         ?18, ?19)";
  g_autofree char *now = ld_time_format_rfc3339 (ld_time_now ());
  g_autofree char *fold = ld_text_fold (ld_patient_get_name (patient));
  g_autofree char *mrn = NULL;
  LdDbStmt *stmt;
  gint64 number;

  g_return_val_if_fail (LD_IS_PATIENT (patient), FALSE);

  if (!ld_store_next_number (store, "mrn", &number, error))
    return FALSE;
  mrn = ld_patient_format_mrn (number);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, ld_patient_get_id (patient));
  bind_fields (stmt, patient);
  ld_db_bind_text (stmt, 15, mrn);
  ld_db_bind_text (stmt, 16, now);
  ld_db_bind_text (stmt, 17, user_id);
  ld_db_bind_int64 (stmt, 18, ld_patient_get_email_do_not_send (patient));
  ld_db_bind_int64 (stmt, 19, ld_patient_get_phone_do_not_send (patient));
  if (!ld_db_step_done (stmt, error) ||
      !ld_store_patients_index_name (store, ld_patient_get_id (patient), NULL, fold, error))
    return FALSE;

  ld_patient_set_mrn (patient, mrn);
  ld_patient_set_version (patient, 1);
  ld_patient_set_times (patient, now, now);
  return TRUE;
}

/**
 * ld_store_patients_get:
 * @store: a store
 * @id: a patient id
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none)
 *
 * Returns: (transfer full) (nullable): the patient
 */
LdPatient *
ld_store_patients_get (LdStore     *store,
                       const char  *id,
                       GError     **error)
{
  static const char sql[] = "SELECT " LD_PATIENT_COLUMNS " FROM patients p WHERE p.id = ?";
  g_autoptr(GPtrArray) found = NULL;
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, id);
  found = ld_store_patients_collect (stmt, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such patient.");
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (found, 0));
}

/**
 * ld_store_patients_update:
 * @store: a store, inside a write transaction
 * @patient: the patient with its new fields
 * @expected_version: the version the client last saw
 * @error: return location for an %LD_STORE_ERROR (CONFLICT when stale)
 *
 * Returns: %TRUE on success; the patient's version and update time are set
 */
gboolean
ld_store_patients_update (LdStore     *store,
                          LdPatient   *patient,
                          gint64       expected_version,
                          GError     **error)
{
  static const char sql[] =
    "UPDATE patients SET name = ?2, name_fold = ?3, name_key = ?4, sex = ?5, date_of_birth = ?6,"
    "                    age_years = ?7, phone = ?8, phone_digits = ?9, phone_national = ?10,"
    "                    email = ?11, address = ?12, national_id = ?13, national_id_norm = ?14,"
    "                    version = version + 1, updated_at = ?15, email_do_not_send = ?17,"
    "                    phone_do_not_send = ?18"
    " WHERE id = ?1 AND version = ?16";
  static const char fold_sql[] = "SELECT name_fold FROM patients WHERE id = ?";
  g_autofree char *now = ld_time_format_rfc3339 (ld_time_now ());
  g_autofree char *fold = ld_text_fold (ld_patient_get_name (patient));
  g_autofree char *old_fold = NULL;
  LdDbStmt *stmt;
  LdDbStep step;

  /* The name as indexed so far, to replace its index rows. */
  stmt = ld_store_prepare (store, fold_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, ld_patient_get_id (patient));
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_ROW)
    old_fold = ld_db_column_dup_text (stmt, 0);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, ld_patient_get_id (patient));
  bind_fields (stmt, patient);
  ld_db_bind_text (stmt, 15, now);
  ld_db_bind_int64 (stmt, 16, expected_version);
  ld_db_bind_int64 (stmt, 17, ld_patient_get_email_do_not_send (patient));
  ld_db_bind_int64 (stmt, 18, ld_patient_get_phone_do_not_send (patient));
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  if (ld_db_changes (store->db) == 0)
    {
      g_autoptr(LdPatient) current =
                   ld_store_patients_get (store, ld_patient_get_id (patient), error);

      if (current != NULL)
        g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                             "Someone else changed this patient in the meantime.");
      return FALSE;
    }

  if (!ld_store_patients_index_name (store, ld_patient_get_id (patient), old_fold, fold, error))
    return FALSE;

  ld_patient_set_version (patient, expected_version + 1);
  ld_patient_set_times (patient, ld_patient_get_created_at (patient), now);
  return TRUE;
}

/**
 * ld_store_patients_find_duplicates:
 * @store: a store
 * @patient: a patient about to be registered
 * @error: return location for an %LD_STORE_ERROR
 *
 * Likely duplicates: the same phone number (without country code), or the
 * same name (words in any order) with the same birth date, or the same
 * recorded age when no birth date is known; never a record merged into
 * another (0038-patient-merge.sql).
 *
 * Returns: (transfer full) (element-type LdPatient) (nullable): at most 10
 */
GPtrArray *
ld_store_patients_find_duplicates (LdStore    *store,
                                   LdPatient  *patient,
                                   GError    **error)
{
  static const char sql[] =
    "SELECT " LD_PATIENT_COLUMNS " FROM patients p"
    " WHERE p.id <> ?1 AND p.merged_into IS NULL"
    "   AND ((CAST (?2 AS TEXT) IS NOT NULL AND length (?2) >= 7 AND p.phone_national = ?2)"
    "        OR (p.name_key = ?3"
    "            AND ((CAST (?4 AS TEXT) IS NOT NULL AND p.date_of_birth = ?4)"
    "                 OR (?4 IS NULL AND ?5 >= 0 AND p.age_years = ?5))))"
    " ORDER BY p.name_fold, p.id LIMIT 10";
  g_autofree char *national = ld_patient_phone_national (ld_patient_get_phone (patient));
  g_autofree char *key = ld_patient_name_key (ld_patient_get_name (patient));
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, ld_patient_get_id (patient));
  ld_db_bind_text (stmt, 2, national);
  ld_db_bind_text (stmt, 3, key);
  ld_db_bind_text (stmt, 4, ld_patient_get_date_of_birth (patient));
  ld_db_bind_int64 (stmt, 5, ld_patient_get_age_years (patient));
  return ld_store_patients_collect (stmt, error);
}

/**
 * ld_store_patients_fill_phone_national:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Sets phone_national where it is missing, with the rule the registration
 * uses: after 0016-phone-national.sql cleared it because the rule changed.
 * A batch a transaction, so a large register never holds the writer long;
 * once done, this is one look along an index at each start.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_patients_fill_phone_national (LdStore  *store,
                                       GError  **error)
{
  static const char select_sql[] =
    "SELECT id, phone FROM patients WHERE phone_national IS NULL AND phone IS NOT NULL LIMIT 500";
  static const char update_sql[] = "UPDATE patients SET phone_national = ?2 WHERE id = ?1";

  for (;;)
    {
      g_auto(LdDbTransaction) txn = { NULL };
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      LdDbStmt *stmt;
      LdDbStep step;

      if (!ld_db_transaction_begin (&txn, store->db, error))
        return FALSE;
      stmt = ld_store_prepare (store, select_sql, error);
      if (stmt == NULL)
        return FALSE;
      while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
        {
          g_ptr_array_add (rows, g_strdup (ld_db_column_text (stmt, 0)));
          g_ptr_array_add (rows, g_strdup (ld_db_column_text (stmt, 1)));
        }
      if (step != LD_DB_DONE)
        return FALSE;
      if (rows->len == 0)
        return TRUE;

      for (guint i = 0; i < rows->len; i += 2)
        {
          g_autofree char *national = ld_patient_phone_national (g_ptr_array_index (rows, i + 1));

          stmt = ld_store_prepare (store, update_sql, error);
          if (stmt == NULL)
            return FALSE;
          ld_db_bind_text (stmt, 1, g_ptr_array_index (rows, i));
          ld_db_bind_text (stmt, 2, national);
          if (!ld_db_step_done (stmt, error))
            return FALSE;
        }

      if (!ld_db_transaction_commit (&txn, error))
        return FALSE;
    }
}

/* ld-cache-apply.c: records from the server into the cache's rows
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record is kept as the server sent it; beside it go the few columns
 * the screens search and sort by, derived here by the same rules the
 * server uses (folded names, phone digits, the worklist tab). A kind of
 * record this client does not know (the laboratory adds new ones) is kept
 * as it is in the records table, never refused: refusing would stop the
 * sync for everyone behind it.
 */

#define G_LOG_DOMAIN "ld-cache-apply"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-appointment.h"
#include "ld-cache-private.h"
#include "ld-cache-search.h"
#include "ld-cache-view-desk.h"
#include "ld-json.h"
#include "ld-order.h"
#include "ld-patient-rules.h"
#include "ld-text.h"
#include "ld-time.h"
#include "ld-worklist.h"

static const char patient_name_sql[] = "SELECT name_fold FROM patients WHERE id = ?1";
static const char upsert_patient_sql[] =
  "INSERT INTO patients (id, mrn, name_fold, phone_digits, phone_national, national_id, version,"
  "                      record)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
  " ON CONFLICT (id) DO UPDATE SET mrn = ?2, name_fold = ?3, phone_digits = ?4,"
  "   phone_national = ?5, national_id = ?6, version = ?7, record = ?8";
static const char upsert_order_sql[] =
  "INSERT INTO orders (id, patient_id, number, tab, rank, created_us, technician_id, version,"
  "                    record, tests_key, doctor_id)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
  " ON CONFLICT (id) DO UPDATE SET patient_id = ?2, number = ?3, tab = ?4, rank = ?5,"
  "   created_us = ?6, technician_id = ?7, version = ?8, record = ?9, tests_key = ?10,"
  "   doctor_id = ?11";
static const char upsert_sample_sql[] =
  "INSERT INTO samples (id, order_id, accession, state, version, record)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
  " ON CONFLICT (id) DO UPDATE SET order_id = ?2, accession = ?3, state = ?4, version = ?5,"
  "   record = ?6";
static const char upsert_result_sql[] =
  "INSERT INTO results (id, order_id, state, version, record) VALUES (?1, ?2, ?3, ?4, ?5)"
  " ON CONFLICT (id) DO UPDATE SET order_id = ?2, state = ?3, version = ?4, record = ?5";
static const char upsert_alert_sql[] =
  "INSERT INTO alerts (id, order_id, doctor_id, acknowledged, version, record)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
  " ON CONFLICT (id) DO UPDATE SET order_id = ?2, doctor_id = ?3, acknowledged = ?4,"
  "   version = ?5, record = ?6";
static const char upsert_appointment_sql[] =
  "INSERT INTO appointments (id, day, doctor_id, version, record) VALUES (?1, ?2, ?3, ?4, ?5)"
  " ON CONFLICT (id) DO UPDATE SET day = ?2, doctor_id = ?3, version = ?4, record = ?5";
static const char upsert_other_sql[] =
  "INSERT INTO records (entity, id, record) VALUES (?1, ?2, ?3)"
  " ON CONFLICT (entity, id) DO UPDATE SET record = ?3";

static gboolean
damaged (const char  *entity,
         const char  *member,
         GError     **error)
{
  g_debug ("a %s record has no usable %s", entity, member);
  g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_INTERNAL,
                       _("The server sent a record that could not be read."));
  return FALSE;
}

static gint64
member_int (JsonObject *record,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = json_object_get_member (record, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static JsonObject *
member_object (JsonObject *record,
               const char *name)
{
  JsonNode *node = json_object_get_member (record, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
record_text (JsonObject *record)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), record);

  return ld_json_to_string (node);
}

/**
 * ld_cache_record_table:
 * @entity: a kind of record, as the change feed names it
 *
 * Returns: the table that holds it
 */
const char *
ld_cache_record_table (const char *entity)
{
  static const char * const own[][2] = {
    { "patient", "patients" }, { "order", "orders" }, { "sample", "samples" },
    { "result", "results" },   { "alert", "alerts" }, { "appointment", "appointments" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (own); i++)
    if (g_str_equal (entity, own[i][0]))
      return own[i][1];
  return "records";
}

static gboolean
apply_patient (LdSqlite    *db,
               const char  *id,
               JsonObject  *record,
               GError     **error)
{
  const char *name = ld_json_object_get_string (record, "name");
  const char *phone = ld_json_object_get_string (record, "phone");
  g_autofree char *name_fold = NULL;
  g_autofree char *old_name_fold = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *national = NULL;
  g_autofree char *national_id = NULL;
  g_autofree char *text = record_text (record);
  /* A web registration merged into another record (the desk's review,
   * docs/api.md) is kept, but no longer found by its name or numbers. */
  gboolean merged = ld_json_object_get_string (record, "merged_into") != NULL;
  LdSqliteStmt *stmt;
  LdSqliteStep step;

  if (name == NULL)
    return damaged ("patient", "name", error);

  name_fold = ld_text_fold (name);
  digits = phone ? ld_text_digits (phone) : NULL;
  national = ld_patient_phone_national (phone);
  national_id = ld_patient_normalize_id (ld_json_object_get_string (record, "national_id"));

  stmt = ld_sqlite_prepare_cached (db, patient_name_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, id);
  if ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ERROR)
    return FALSE;
  if (step == LD_SQLITE_ROW)
    old_name_fold = ld_sqlite_column_dup_text (stmt, 0);
  if (!ld_sqlite_step_done (stmt, error))
    return FALSE;

  stmt = ld_sqlite_prepare_cached (db, upsert_patient_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, id);
  ld_sqlite_bind_text (stmt, 2, ld_json_object_get_string (record, "mrn"));
  ld_sqlite_bind_text (stmt, 3, name_fold);
  ld_sqlite_bind_text (stmt, 4, !merged && digits && *digits ? digits : NULL);
  ld_sqlite_bind_text (stmt, 5, !merged && national && *national ? national : NULL);
  ld_sqlite_bind_text (stmt, 6, !merged && national_id && *national_id ? national_id : NULL);
  ld_sqlite_bind_int64 (stmt, 7, member_int (record, "version", 0));
  ld_sqlite_bind_text (stmt, 8, text);

  return ld_sqlite_step_done (stmt, error) &&
         ld_cache_search_index (db, id, old_name_fold, merged ? NULL : name_fold, error);
}

/* The worklist's test filter's column (migration 0006): each test's
 * code, its panel's code, its whole name and each further word of the
 * name, folded, each after a '|'. */
static char *
dup_tests_key (JsonObject *record)
{
  JsonNode *member = json_object_get_member (record, "tests");
  JsonArray *tests = member && JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;
  GString *key = g_string_new (NULL);

  for (guint i = 0; tests != NULL && i < json_array_get_length (tests); i++)
    {
      JsonNode *node = json_array_get_element (tests, i);
      JsonObject *test = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *parts[] = { "code", "item_code", "name" };

      for (guint p = 0; test != NULL && p < G_N_ELEMENTS (parts); p++)
        {
          const char *text = ld_json_object_get_string (test, parts[p]);
          g_autofree char *folded = text ? g_utf8_strdown (text, -1) : NULL;

          if (folded == NULL)
            continue;
          g_string_append_printf (key, "|%s", folded);
          if (p == 2)
            {
              g_auto(GStrv) words = g_strsplit_set (folded, " ,()/-", -1);

              for (guint w = 1; words[w] != NULL; w++)
                if (*words[w] != '\0')
                  g_string_append_printf (key, "|%s", words[w]);
            }
        }
    }
  return g_string_free (key, FALSE);
}

static gboolean
apply_order (LdSqlite    *db,
             const char  *id,
             JsonObject  *record,
             GError     **error)
{
  JsonObject *patient = member_object (record, "patient");
  const char *patient_id = patient ? ld_json_object_get_string (patient, "id") : NULL;
  const char *created_at = ld_json_object_get_string (record, "created_at");
  g_autofree char *text = record_text (record);
  g_autofree char *tests_key = dup_tests_key (record);
  LdSqliteStmt *stmt;
  gint64 created_us;
  LdWorklistTab tab;

  if (patient_id == NULL)
    return damaged ("order", "patient", error);
  if (created_at == NULL || !ld_time_parse_rfc3339 (created_at, &created_us))
    return damaged ("order", "created_at", error);

  tab = ld_worklist_tab_of_order (ld_json_object_get_string (record, "lab_state"),
                                  ld_json_object_get_string (record, "payment_state"),
                                  json_object_has_member (record, "awaiting_recollection") &&
                                  json_object_get_boolean_member (record, "awaiting_recollection"));

  stmt = ld_sqlite_prepare_cached (db, upsert_order_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, id);
  ld_sqlite_bind_text (stmt, 2, patient_id);
  ld_sqlite_bind_text (stmt, 3, ld_json_object_get_string (record, "number"));
  if (tab != LD_WORKLIST_NONE)
    ld_sqlite_bind_int64 (stmt, 4, tab);
  else
    ld_sqlite_bind_null (stmt, 4);
  ld_sqlite_bind_int64 (stmt, 5,
                        ld_worklist_priority_rank (ld_json_object_get_string (record, "priority")));
  ld_sqlite_bind_int64 (stmt, 6, created_us);
  ld_sqlite_bind_text (stmt, 7, ld_json_object_get_string (record, "technician_id"));
  ld_sqlite_bind_int64 (stmt, 8, member_int (record, "version", 0));
  ld_sqlite_bind_text (stmt, 9, text);
  ld_sqlite_bind_text (stmt, 10, tests_key);
  ld_sqlite_bind_text (stmt, 11, ld_json_object_get_string (record, "doctor_id"));
  return ld_sqlite_step_done (stmt, error) && ld_cache_desk_file_order (db, id, record, error);
}

static gboolean
apply_lab_record (LdSqlite    *db,
                  const char  *entity,
                  const char  *id,
                  JsonObject  *record,
                  GError     **error)
{
  g_autofree char *text = record_text (record);
  const char *order_id = ld_json_object_get_string (record, "order_id");
  gint64 version = member_int (record, "version", 0);
  LdSqliteStmt *stmt;

  if (g_str_equal (entity, "sample"))
    {
      if (order_id == NULL)
        return damaged (entity, "order_id", error);
      stmt = ld_sqlite_prepare_cached (db, upsert_sample_sql, error);
      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_text (stmt, 3, ld_json_object_get_string (record, "accession"));
      ld_sqlite_bind_text (stmt, 4, ld_json_object_get_string (record, "state"));
      ld_sqlite_bind_int64 (stmt, 5, version);
      ld_sqlite_bind_text (stmt, 6, text);
    }
  else if (g_str_equal (entity, "result"))
    {
      stmt = ld_sqlite_prepare_cached (db, upsert_result_sql, error);
      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_text (stmt, 3, ld_json_object_get_string (record, "state"));
      ld_sqlite_bind_int64 (stmt, 4, version);
      ld_sqlite_bind_text (stmt, 5, text);
    }
  else
    {
      JsonNode *acknowledged = json_object_get_member (record, "acknowledged_at");

      stmt = ld_sqlite_prepare_cached (db, upsert_alert_sql, error);
      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_text (stmt, 3, ld_json_object_get_string (record, "doctor_id"));
      ld_sqlite_bind_int64 (stmt, 4, acknowledged != NULL && !JSON_NODE_HOLDS_NULL (acknowledged));
      ld_sqlite_bind_int64 (stmt, 5, version);
      ld_sqlite_bind_text (stmt, 6, text);
    }

  ld_sqlite_bind_text (stmt, 1, id);
  ld_sqlite_bind_text (stmt, 2, order_id);
  return ld_sqlite_step_done (stmt, error);
}

/* An appointment, read with the shared reader, filed under its day and
 * doctor for the queues (ld-cache-appointments.c). */
static gboolean
apply_appointment (LdSqlite    *db,
                   const char  *id,
                   JsonObject  *record,
                   GError     **error)
{
  g_autoptr(LdAppointment) appointment = ld_appointment_read_object (record);
  g_autofree char *text = NULL;
  LdSqliteStmt *stmt;

  if (appointment->day == NULL)
    return damaged ("appointment", "day", error);
  if (appointment->doctor_id == NULL)
    return damaged ("appointment", "doctor_id", error);

  text = record_text (record);
  stmt = ld_sqlite_prepare_cached (db, upsert_appointment_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, id);
  ld_sqlite_bind_text (stmt, 2, appointment->day);
  ld_sqlite_bind_text (stmt, 3, appointment->doctor_id);
  ld_sqlite_bind_int64 (stmt, 4, appointment->version);
  ld_sqlite_bind_text (stmt, 5, text);
  return ld_sqlite_step_done (stmt, error);
}

/**
 * ld_cache_apply_record:
 * @db: the writer's connection, in a transaction
 * @entity: the kind of record, as the change feed names it
 * @id: its id
 * @record: the record as the server shows it
 * @error: return location for a #GError
 *
 * Stores @record, replacing any earlier one of the same kind and id.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_apply_record (LdSqlite    *db,
                       const char  *entity,
                       const char  *id,
                       JsonObject  *record,
                       GError     **error)
{
  const char *table = ld_cache_record_table (entity);
  g_autofree char *text = NULL;
  LdSqliteStmt *stmt;

  if (g_str_equal (table, "patients"))
    return apply_patient (db, id, record, error);
  if (g_str_equal (table, "orders"))
    return apply_order (db, id, record, error);
  if (g_str_equal (table, "appointments"))
    return apply_appointment (db, id, record, error);
  if (!g_str_equal (table, "records"))
    return apply_lab_record (db, entity, id, record, error);

  text = record_text (record);
  stmt = ld_sqlite_prepare_cached (db, upsert_other_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, entity);
  ld_sqlite_bind_text (stmt, 2, id);
  ld_sqlite_bind_text (stmt, 3, text);
  return ld_sqlite_step_done (stmt, error);
}

/**
 * ld_cache_remove_made_here:
 * @db: the writer's connection, in a transaction
 * @entity: "patient" or "order"
 * @id: a record made here
 * @error: return location for an %LD_STORE_ERROR
 *
 * Removes the record if the server never accepted it (version 0), when
 * the outbox item that made it is discarded.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_remove_made_here (LdSqlite    *db,
                           const char  *entity,
                           const char  *id,
                           GError     **error)
{
  LdSqliteStmt *stmt;

  if (g_str_equal (entity, "patient"))
    {
      g_autofree char *name_fold = NULL;
      LdSqliteStep step;

      stmt = ld_sqlite_prepare_cached (db, "SELECT name_fold FROM patients WHERE id = ?1"
                                           " AND version = 0", error);
      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_text (stmt, 1, id);
      if ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ERROR)
        return FALSE;
      if (step == LD_SQLITE_ROW)
        name_fold = ld_sqlite_column_dup_text (stmt, 0);
      if (!ld_sqlite_step_done (stmt, error) ||
          (name_fold != NULL && !ld_cache_search_index (db, id, name_fold, NULL, error)))
        return FALSE;
      stmt =
        ld_sqlite_prepare_cached (db, "DELETE FROM patients WHERE id = ?1 AND version = 0", error);
    }
  else if (g_str_equal (entity, "order"))
    stmt = ld_sqlite_prepare_cached (db, "DELETE FROM orders WHERE id = ?1 AND version = 0", error);
  else
    return TRUE;

  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, id);
  return ld_sqlite_step_done (stmt, error);
}

/**
 * ld_cache_forget_rows:
 * @db: the writer's connection, in a transaction
 * @error: return location for an %LD_STORE_ERROR
 *
 * Drops every record the server sent, keeping the ones made here (version
 * 0) that the outbox still has to send.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_forget_rows (LdSqlite  *db,
                      GError   **error)
{
  return ld_sqlite_exec (db,
                         "DELETE FROM patient_name_prefixes WHERE patient_id IN"
                         "  (SELECT id FROM patients WHERE version > 0);"
                         "DELETE FROM patients WHERE version > 0;"
                         "DELETE FROM orders WHERE version > 0;"
                         "DELETE FROM samples;"
                         "DELETE FROM results;"
                         "DELETE FROM alerts;"
                         "DELETE FROM appointments;"
                         "DELETE FROM records;", error);
}

/* ld-store-appointments.c: doctors' schedules and leave, and appointments
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A slot is never booked twice: the partial unique index
 * appointments_one_per_slot (migration 0031) refuses a second live
 * appointment of a doctor at one start, whatever the application
 * checked, and on PostgreSQL whichever of two concurrent writers comes
 * second. The insert's LD_STORE_ERROR_CONSTRAINT is that refusal.
 */

#define G_LOG_DOMAIN "ld-store-appointments"

#include "config.h"

#include "ld-record-id.h"
#include "ld-store-private.h"
#include "ld-store-appointments.h"
#include "ld-time.h"

/**
 * ld_store_schedules_get:
 * @store: a store
 * @doctor_id: a doctor
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if the
 *   doctor has no schedule)
 *
 * Returns: (transfer full) (nullable): the doctor's schedule, leave included
 */
LdSchedule *
ld_store_schedules_get (LdStore     *store,
                        const char  *doctor_id,
                        GError     **error)
{
  static const char sql[] =
    "SELECT doctor_id, speciality, room, slot_minutes, week, version"
    " FROM doctor_schedules WHERE doctor_id = ?1";
  static const char leave_sql[] = "SELECT day FROM doctor_leave WHERE doctor_id = ?1";
  g_autoptr(LdSchedule) schedule = NULL;
  g_autoptr(JsonObject) week = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && doctor_id != NULL, NULL);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, doctor_id);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return NULL;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "This doctor has no schedule yet.");
      return NULL;
    }

  schedule = ld_schedule_new ();
  schedule->doctor_id = ld_db_column_dup_text (stmt, 0);
  schedule->speciality = ld_db_column_dup_text (stmt, 1);
  schedule->room = ld_db_column_dup_text (stmt, 2);
  schedule->slot_minutes = ld_db_column_int (stmt, 3);
  week = ld_json_parse_object (ld_db_column_text (stmt, 4), -1, error);
  schedule->version = ld_db_column_int64 (stmt, 5);
  ld_db_reset (stmt);
  if (week == NULL)
    return NULL;
  reader = ld_json_reader_new (week);
  ld_schedule_read_week (schedule, reader);
  if (!ld_json_reader_finish (reader, error))
    return NULL;

  if ((stmt = ld_store_prepare (store, leave_sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, doctor_id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_hash_table_add (schedule->leave, ld_db_column_dup_text (stmt, 0));
  if (step != LD_DB_DONE)
    return NULL;

  return g_steal_pointer (&schedule);
}

/**
 * ld_store_schedules_put:
 * @store: a store, inside a write transaction
 * @schedule: the doctor's new schedule; its version is set here
 * @error: return location for an %LD_STORE_ERROR
 *
 * Sets a doctor's working week (their leave is kept).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_schedules_put (LdStore     *store,
                        LdSchedule  *schedule,
                        GError     **error)
{
  static const char sql[] =
    "INSERT INTO doctor_schedules (doctor_id, speciality, room, slot_minutes, week, version,"
    "                              updated_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)"
    " ON CONFLICT (doctor_id) DO UPDATE SET speciality = excluded.speciality,"
    "  room = excluded.room, slot_minutes = excluded.slot_minutes, week = excluded.week,"
    "  version = doctor_schedules.version + 1, updated_us = excluded.updated_us"
    " RETURNING version";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *week = NULL;
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && schedule != NULL && schedule->doctor_id != NULL, FALSE);

  json_builder_begin_object (builder);
  ld_schedule_write_week (schedule, builder);
  json_builder_end_object (builder);
  week = ld_json_builder_to_string (builder);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, schedule->doctor_id);
  ld_db_bind_text (stmt, 2, schedule->speciality);
  ld_db_bind_text (stmt, 3, schedule->room);
  ld_db_bind_int64 (stmt, 4, schedule->slot_minutes);
  ld_db_bind_text (stmt, 5, week);
  ld_db_bind_int64 (stmt, 6, ld_time_now ());
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  schedule->version = ld_db_column_int64 (stmt, 0);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_schedules_of_speciality:
 * @store: a store
 * @speciality: a speciality, in any case
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer container) (element-type LdSchedule): the schedules
 *   of the enabled doctors of @speciality
 */
GPtrArray *
ld_store_schedules_of_speciality (LdStore     *store,
                                  const char  *speciality,
                                  GError     **error)
{
  static const char sql[] =
    "SELECT s.doctor_id FROM doctor_schedules s JOIN users u ON u.id = s.doctor_id"
    " WHERE lower (s.speciality) = lower (?1) AND u.disabled = 0 ORDER BY s.doctor_id";
  g_autoptr(GPtrArray) schedules =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_schedule_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && speciality != NULL, NULL);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, speciality);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (ids, ld_db_column_dup_text (stmt, 0));
  if (step != LD_DB_DONE)
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      LdSchedule *schedule = ld_store_schedules_get (store, g_ptr_array_index (ids, i), error);

      if (schedule == NULL)
        return NULL;
      g_ptr_array_add (schedules, schedule);
    }
  return g_steal_pointer (&schedules);
}

/**
 * ld_store_leave_add:
 * @store: a store, inside a write transaction
 * @doctor_id: the doctor
 * @day: the day off, "2026-12-01"
 * @reason: (nullable): why
 * @user_id: who recorded it
 * @error: return location for an %LD_STORE_ERROR (CONSTRAINT if the day
 *   is leave already)
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_leave_add (LdStore     *store,
                    const char  *doctor_id,
                    const char  *day,
                    const char  *reason,
                    const char  *user_id,
                    GError     **error)
{
  static const char sql[] =
    "INSERT INTO doctor_leave (doctor_id, day, reason, created_by, created_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, doctor_id);
  ld_db_bind_text (stmt, 2, day);
  ld_db_bind_text (stmt, 3, reason);
  ld_db_bind_text (stmt, 4, user_id);
  ld_db_bind_int64 (stmt, 5, ld_time_now ());
  return ld_db_step_done (stmt, error);
}

#define APPOINTMENT_COLUMNS \
  "a.id, a.doctor_id, d.display_name, a.patient_id, p.name, a.day, a.slot_us, a.overbooked," \
  " a.state, a.token, a.note, a.cancel_reason, a.booked_by, a.booked_us, a.checked_in_us," \
  " a.started_us, a.done_us, a.version" \
  " FROM appointments a JOIN users d ON d.id = a.doctor_id JOIN patients p ON p.id = a.patient_id"

static LdAppointment *
appointment_from_row (LdDbStmt *stmt)
{
  LdAppointment *appointment = ld_appointment_new ();
  LdAppointmentState state = LD_APPOINTMENT_STATE_BOOKED;

  appointment->id = ld_db_column_dup_text (stmt, 0);
  appointment->doctor_id = ld_db_column_dup_text (stmt, 1);
  appointment->doctor_name = ld_db_column_dup_text (stmt, 2);
  appointment->patient_id = ld_db_column_dup_text (stmt, 3);
  appointment->patient_name = ld_db_column_dup_text (stmt, 4);
  appointment->day = ld_db_column_dup_text (stmt, 5);
  appointment->slot_us = ld_db_column_int64 (stmt, 6);
  appointment->overbooked = ld_db_column_int64 (stmt, 7) != 0;
  if (!ld_appointment_state_from_string (ld_db_column_text (stmt, 8), &state))
    g_critical ("appointment %s has an unknown state", appointment->id);
  appointment->state = state;
  appointment->token = ld_db_column_int64 (stmt, 9);
  appointment->note = ld_db_column_dup_text (stmt, 10);
  appointment->cancel_reason = ld_db_column_dup_text (stmt, 11);
  appointment->booked_by = ld_db_column_dup_text (stmt, 12);
  appointment->booked_us = ld_db_column_int64 (stmt, 13);
  appointment->checked_in_us = ld_db_column_int64 (stmt, 14);
  appointment->started_us = ld_db_column_int64 (stmt, 15);
  appointment->done_us = ld_db_column_int64 (stmt, 16);
  appointment->version = ld_db_column_int64 (stmt, 17);
  return appointment;
}

static void
bind_or_null (LdDbStmt *stmt,
              int       index,
              gint64    value)
{
  if (value != 0)
    ld_db_bind_int64 (stmt, index, value);
  else
    ld_db_bind_null (stmt, index);
}

/**
 * ld_store_appointments_insert:
 * @store: a store, inside a write transaction
 * @appointment: the new appointment (doctor, patient, day, slot or none,
 *   overbooked, state, token, note, booked by); its id, time booked and
 *   version are set here
 * @error: return location for an %LD_STORE_ERROR: CONSTRAINT when the
 *   slot is taken (appointments_one_per_slot) or the token is
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_appointments_insert (LdStore        *store,
                              LdAppointment  *appointment,
                              GError        **error)
{
  static const char sql[] =
    "INSERT INTO appointments (id, doctor_id, patient_id, day, slot_us, overbooked, state, token,"
    "                          note, booked_by, booked_us, checked_in_us, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1)";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && appointment != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  g_free (appointment->id);
  appointment->id = ld_record_id_new ();
  appointment->booked_us = ld_time_now ();
  appointment->version = 1;
  ld_db_bind_text (stmt, 1, appointment->id);
  ld_db_bind_text (stmt, 2, appointment->doctor_id);
  ld_db_bind_text (stmt, 3, appointment->patient_id);
  ld_db_bind_text (stmt, 4, appointment->day);
  bind_or_null (stmt, 5, appointment->slot_us);
  ld_db_bind_int64 (stmt, 6, appointment->overbooked ? 1 : 0);
  ld_db_bind_text (stmt, 7, ld_appointment_state_to_string (appointment->state));
  bind_or_null (stmt, 8, appointment->token);
  ld_db_bind_text (stmt, 9, appointment->note);
  ld_db_bind_text (stmt, 10, appointment->booked_by);
  ld_db_bind_int64 (stmt, 11, appointment->booked_us);
  bind_or_null (stmt, 12, appointment->checked_in_us);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_appointments_get:
 * @store: a store
 * @id: an appointment's id
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none)
 *
 * Returns: (transfer full) (nullable): the appointment, with the names
 */
LdAppointment *
ld_store_appointments_get (LdStore     *store,
                           const char  *id,
                           GError     **error)
{
  static const char sql[] = "SELECT " APPOINTMENT_COLUMNS " WHERE a.id = ?1";
  LdDbStmt *stmt;
  LdAppointment *appointment;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && id != NULL, NULL);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, id);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return NULL;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such appointment.");
      return NULL;
    }
  appointment = appointment_from_row (stmt);
  ld_db_reset (stmt);
  return appointment;
}

/**
 * ld_store_appointments_update:
 * @store: a store, inside a write transaction
 * @appointment: the appointment with its new day, slot, state, token,
 *   reason and times
 * @expected_version: the version it was read at
 * @error: return location for an %LD_STORE_ERROR: CONFLICT if it changed
 *   since, CONSTRAINT if its new slot is taken
 *
 * Returns: %TRUE on success; the version is raised
 */
gboolean
ld_store_appointments_update (LdStore        *store,
                              LdAppointment  *appointment,
                              gint64          expected_version,
                              GError        **error)
{
  static const char sql[] =
    "UPDATE appointments SET day = ?3, slot_us = ?4, overbooked = ?5, state = ?6, token = ?7,"
    "  cancel_reason = ?8, checked_in_us = ?9, started_us = ?10, done_us = ?11,"
    "  version = version + 1"
    " WHERE id = ?1 AND version = ?2";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && appointment != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, appointment->id);
  ld_db_bind_int64 (stmt, 2, expected_version);
  ld_db_bind_text (stmt, 3, appointment->day);
  bind_or_null (stmt, 4, appointment->slot_us);
  ld_db_bind_int64 (stmt, 5, appointment->overbooked ? 1 : 0);
  ld_db_bind_text (stmt, 6, ld_appointment_state_to_string (appointment->state));
  bind_or_null (stmt, 7, appointment->token);
  ld_db_bind_text (stmt, 8, appointment->cancel_reason);
  bind_or_null (stmt, 9, appointment->checked_in_us);
  bind_or_null (stmt, 10, appointment->started_us);
  bind_or_null (stmt, 11, appointment->done_us);
  if (!ld_db_step_done (stmt, error))
    return FALSE;
  if (ld_db_changes (store->db) == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "The appointment has changed since it was read.");
      return FALSE;
    }

  appointment->version = expected_version + 1;
  return TRUE;
}

/**
 * ld_store_appointments_taken:
 * @store: a store
 * @doctor_id: a doctor
 * @from_us: the earliest slot wanted
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full): the starts of the doctor's live booked slots
 *   from @from_us, a set of gint64 (g_int64_hash)
 */
GHashTable *
ld_store_appointments_taken (LdStore     *store,
                             const char  *doctor_id,
                             gint64       from_us,
                             GError     **error)
{
  static const char sql[] =
    "SELECT slot_us FROM appointments WHERE doctor_id = ?1 AND slot_us >= ?2"
    " AND state NOT IN ('cancelled', 'no_show') AND overbooked = 0";
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  LdDbStmt *stmt;
  LdDbStep step;

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, doctor_id);
  ld_db_bind_int64 (stmt, 2, from_us);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      gint64 *start = g_new (gint64, 1);

      *start = ld_db_column_int64 (stmt, 0);
      g_hash_table_add (taken, start);
    }
  if (step != LD_DB_DONE)
    return NULL;
  return g_steal_pointer (&taken);
}

/**
 * ld_store_appointments_next_token:
 * @store: a store, inside a write transaction
 * @doctor_id: a doctor
 * @day: the day
 * @out_token: (out): the next token number of the doctor's day
 * @error: return location for an %LD_STORE_ERROR
 *
 * Writers take turns (ld_store_take_feed_lock()) before the count, so two
 * desks checking in at once on PostgreSQL get two numbers; the unique
 * index appointments_token holds it besides.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_appointments_next_token (LdStore     *store,
                                  const char  *doctor_id,
                                  const char  *day,
                                  gint64      *out_token,
                                  GError     **error)
{
  static const char sql[] =
    "SELECT coalesce (max (token), 0) + 1 FROM appointments WHERE doctor_id = ?1 AND day = ?2";
  LdDbStmt *stmt;

  if (!ld_store_take_feed_lock (store, error) ||
      (stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, doctor_id);
  ld_db_bind_text (stmt, 2, day);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  *out_token = ld_db_column_int64 (stmt, 0);
  return ld_db_step_done (stmt, error);
}

static GPtrArray *
collect (LdDbStmt  *stmt,
         GError   **error)
{
  g_autoptr(GPtrArray) found =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_appointment_free);
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (found, appointment_from_row (stmt));
  if (step != LD_DB_DONE)
    return NULL;
  return g_steal_pointer (&found);
}

/**
 * ld_store_appointments_of_day:
 * @store: a store
 * @doctor_id: a doctor
 * @day: a day
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer container) (element-type LdAppointment): the
 *   doctor's appointments and walk-ins of @day, in the order they were
 *   booked; the queue's order is the service's
 */
GPtrArray *
ld_store_appointments_of_day (LdStore     *store,
                              const char  *doctor_id,
                              const char  *day,
                              GError     **error)
{
  static const char sql[] =
    "SELECT " APPOINTMENT_COLUMNS " WHERE a.day = ?2 AND a.doctor_id = ?1"
    " ORDER BY a.booked_us, a.id";
  LdDbStmt *stmt;

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, doctor_id);
  ld_db_bind_text (stmt, 2, day);
  return collect (stmt, error);
}

/**
 * ld_store_appointments_unattended:
 * @store: a store
 * @before_day: today: days before it are over
 * @limit: the most ids wanted
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full): the ids of appointments still booked on a
 *   day that is over: the patient never checked in
 */
GStrv
ld_store_appointments_unattended (LdStore     *store,
                                  const char  *before_day,
                                  guint        limit,
                                  GError     **error)
{
  static const char sql[] =
    "SELECT id FROM appointments WHERE state = 'booked' AND day < ?1 ORDER BY day, id LIMIT ?2";
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  LdDbStmt *stmt;
  LdDbStep step;

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, before_day);
  ld_db_bind_int64 (stmt, 2, limit);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_strv_builder_add (ids, ld_db_column_text (stmt, 0));
  if (step != LD_DB_DONE)
    return NULL;
  return g_strv_builder_end (ids);
}

/**
 * ld_store_appointments_unreminded:
 * @store: a store
 * @day: tomorrow, the lab's day
 * @limit: the most ids wanted
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full): the ids of the appointments booked for a
 *   slot of @day that the reminder sweep has not handled at that slot,
 *   earliest first
 */
GStrv
ld_store_appointments_unreminded (LdStore     *store,
                                  const char  *day,
                                  guint        limit,
                                  GError     **error)
{
  static const char sql[] =
    "SELECT id FROM appointments WHERE state = 'booked' AND day = ?1 AND slot_us IS NOT NULL"
    " AND coalesce (reminded_slot_us, 0) <> slot_us ORDER BY slot_us, id LIMIT ?2";
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && day != NULL, NULL);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, day);
  ld_db_bind_int64 (stmt, 2, limit);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_strv_builder_add (ids, ld_db_column_text (stmt, 0));
  if (step != LD_DB_DONE)
    return NULL;
  return g_strv_builder_end (ids);
}

/**
 * ld_store_appointments_mark_reminded:
 * @store: a store, inside the reminder's write transaction
 * @id: an appointment ld_store_appointments_unreminded() gave
 * @day: the day it gave it for
 * @out_taken: (out): whether it is still booked for a slot of @day not
 *   handled yet, and is now marked handled
 * @error: return location for an %LD_STORE_ERROR
 *
 * Marks the appointment's slot reminded, taking the row's lock first on
 * PostgreSQL: a desk moving it meanwhile waits for the reminder's
 * transaction, or has moved it already and the reminder is not written.
 * The version is not raised: the desk's copy stays current.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_appointments_mark_reminded (LdStore     *store,
                                     const char  *id,
                                     const char  *day,
                                     gboolean    *out_taken,
                                     GError     **error)
{
  static const char sql[] =
    "UPDATE appointments SET reminded_slot_us = slot_us"
    " WHERE id = ?1 AND state = 'booked' AND day = ?2 AND slot_us IS NOT NULL"
    " AND coalesce (reminded_slot_us, 0) <> slot_us";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && id != NULL && day != NULL && out_taken != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_text (stmt, 2, day);
  if (!ld_db_step_done (stmt, error))
    return FALSE;
  *out_taken = ld_db_changes (store->db) > 0;
  return TRUE;
}

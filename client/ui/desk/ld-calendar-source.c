/* ld-calendar-source.c: the days the desk's calendar shows, read in one place
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The calendar reads what it shows through ld_calendar_source_load_async()
 * alone: the doctors and each one's schedule from the server
 * (client/store/ld-clinic-calls.c), and each day's appointments from the
 * client's cache, which the change feed keeps live
 * (client/store/ld-cache-appointments.c): one read a day for every doctor
 * at once. Without a cache a column's day is asked of the server.
 * Schedules are read first, then the days, so the columns keep the
 * doctors' order whatever order the answers come in.
 */

#define G_LOG_DOMAIN "ld-calendar-source"

#include "config.h"

#include "ld-appointment-rules.h"
#include "ld-calendar-source.h"
#include "store/ld-cache-appointments.h"
#include "store/ld-clinic-calls.h"
#include "store/ld-doctor-list.h"

typedef struct
{
  LdCalendarData *data;
  char           *doctor_id;
  char           *first_day;
  guint           n_days;
  GPtrArray      *doctors;
  /* One per doctor, in the doctors' order; NULL when it has none. */
  GPtrArray      *schedules;
  guint           pending;
  GError         *error;
} Load;

static void
load_free (Load *load)
{
  g_clear_pointer (&load->data, ld_calendar_data_unref);
  g_clear_pointer (&load->doctors, g_ptr_array_unref);
  g_clear_pointer (&load->schedules, g_ptr_array_unref);
  g_clear_error (&load->error);
  g_free (load->doctor_id);
  g_free (load->first_day);
  g_free (load);
}

static void
column_free (LdCalendarColumn *column)
{
  g_free (column->doctor_id);
  g_free (column->doctor_name);
  g_free (column->day);
  g_clear_pointer (&column->appointments, g_ptr_array_unref);
  g_free (column);
}

/**
 * ld_calendar_data_new:
 *
 * Returns: (transfer full): an empty calendar, with no column
 */
LdCalendarData *
ld_calendar_data_new (void)
{
  LdCalendarData *data = g_atomic_rc_box_new0 (LdCalendarData);

  data->schedules = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_schedule_free);
  data->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  return data;
}

LdCalendarData *
ld_calendar_data_ref (LdCalendarData *data)
{
  g_return_val_if_fail (data != NULL, NULL);

  return g_atomic_rc_box_acquire (data);
}

static void
data_clear (LdCalendarData *data)
{
  /* Columns first: they point at the schedules. */
  g_clear_pointer (&data->columns, g_ptr_array_unref);
  g_clear_pointer (&data->schedules, g_ptr_array_unref);
}

void
ld_calendar_data_unref (LdCalendarData *data)
{
  g_return_if_fail (data != NULL);

  g_atomic_rc_box_release_full (data, (GDestroyNotify) data_clear);
}

/**
 * ld_calendar_data_add_column:
 * @schedule: a schedule @data owns (one of @data->schedules)
 *
 * Returns: (transfer none): a new column with no appointment, at the end
 */
LdCalendarColumn *
ld_calendar_data_add_column (LdCalendarData *data,
                             const char     *doctor_id,
                             const char     *doctor_name,
                             const char     *day,
                             LdSchedule     *schedule)
{
  LdCalendarColumn *column;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (doctor_id != NULL && day != NULL && schedule != NULL, NULL);

  column = g_new0 (LdCalendarColumn, 1);
  column->doctor_id = g_strdup (doctor_id);
  column->doctor_name = g_strdup (doctor_name != NULL ? doctor_name : "");
  column->day = g_strdup (day);
  column->schedule = schedule;
  column->appointments =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ld_appointment_free);
  g_ptr_array_add (data->columns, column);
  return column;
}

/**
 * ld_calendar_column_find:
 * @slot_us: a slot's start
 *
 * Returns: (transfer none) (nullable): the appointment holding the slot
 */
LdAppointment *
ld_calendar_column_find (const LdCalendarColumn *column,
                         gint64                  slot_us)
{
  g_return_val_if_fail (column != NULL, NULL);

  for (guint i = 0; i < column->appointments->len; i++)
    {
      LdAppointment *appointment = g_ptr_array_index (column->appointments, i);

      if (appointment->slot_us == slot_us && ld_appointment_state_holds_slot (appointment->state))
        return appointment;
    }
  return NULL;
}

static void
finish_one (GTask *task)
{
  Load *load = g_task_get_task_data (task);

  g_assert (load->pending > 0);
  if (--load->pending > 0)
    return;
  if (load->error != NULL)
    g_task_return_error (task, g_steal_pointer (&load->error));
  else
    g_task_return_pointer (task, ld_calendar_data_ref (load->data),
                           (GDestroyNotify) ld_calendar_data_unref);
}

static void
keep_error (Load   *load,
            GError *error)
{
  if (load->error == NULL)
    load->error = g_error_copy (error);
}

typedef struct
{
  GTask            *task;
  LdCalendarColumn *column;
} DayCall;

static void
on_day_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  DayCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ld_clinic_queue_finish (LD_API_CLIENT (source), result, &error);

  if (items == NULL)
    keep_error (load, error);
  else
    {
      g_ptr_array_unref (call->column->appointments);
      call->column->appointments = g_steal_pointer (&items);
    }
  g_free (call);
  finish_one (task);
}

typedef struct
{
  GTask *task;
  char  *day;
} CachedDayCall;

/* A day of every doctor from the cache, shared out to that day's columns. */
static void
on_cached_day_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CachedDayCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  g_autofree char *day = call->day;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items =
               ld_cache_appointments_day_finish (LD_CACHE (source), result, &error);

  g_free (call);
  if (items == NULL)
    keep_error (load, error);
  for (guint c = 0; items != NULL && c < load->data->columns->len; c++)
    {
      LdCalendarColumn *column = g_ptr_array_index (load->data->columns, c);

      if (!g_str_equal (column->day, day))
        continue;
      /* In queue order already; each column keeps its doctor's. */
      for (guint i = 0; i < items->len; i++)
        {
          LdAppointment *appointment = g_ptr_array_index (items, i);

          if (appointment != NULL && g_strcmp0 (appointment->doctor_id, column->doctor_id) == 0)
            g_ptr_array_add (column->appointments, g_ptr_array_steal_index (items, i--));
        }
    }
  finish_one (task);
}

/* Every schedule is in: one column per doctor and day, each day read. */
static void
read_days (GTask *task)
{
  Load *load = g_task_get_task_data (task);
  LdSession *session = g_task_get_source_object (task);
  LdCache *cache = ld_session_get_cache (session);
  gint64 midnight_us = 0;

  if (load->error != NULL || !ld_schedule_parse_day (load->first_day, &midnight_us))
    return;
  for (guint d = 0; d < load->doctors->len; d++)
    {
      LdDoctor *doctor = g_ptr_array_index (load->doctors, d);
      LdSchedule *schedule = g_ptr_array_index (load->schedules, d);
      g_autoptr(GDateTime) first = g_date_time_new_from_unix_local (midnight_us / G_USEC_PER_SEC);

      if (schedule == NULL)
        continue;
      for (guint i = 0; i < load->n_days; i++)
        {
          g_autoptr(GDateTime) date = g_date_time_add_days (first, (int) i);
          g_autofree char *day = g_date_time_format (date, "%Y-%m-%d");
          LdCalendarColumn *column =
            ld_calendar_data_add_column (load->data, doctor->id, doctor->display_name, day,
                                         schedule);
          DayCall *call;

          if (cache != NULL)
            continue;
          call = g_new0 (DayCall, 1);
          call->task = g_object_ref (task);
          call->column = column;
          load->pending++;
          ld_clinic_queue_async (ld_session_get_api_client (session), doctor->id, day,
                                 g_task_get_cancellable (task), on_day_cb, call);
        }
    }
  if (cache == NULL)
    return;
  for (guint i = 0; i < load->n_days; i++)
    {
      g_autoptr(GDateTime) first = g_date_time_new_from_unix_local (midnight_us / G_USEC_PER_SEC);
      g_autoptr(GDateTime) date = g_date_time_add_days (first, (int) i);
      CachedDayCall *call = g_new0 (CachedDayCall, 1);

      call->task = g_object_ref (task);
      call->day = g_date_time_format (date, "%Y-%m-%d");
      load->pending++;
      ld_cache_appointments_day_async (cache, call->day, load->doctor_id,
                                       g_task_get_cancellable (task), on_cached_day_cb, call);
    }
}

typedef struct
{
  GTask *task;
  guint  index;
} ScheduleCall;

static void
on_schedule_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ScheduleCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  LdSchedule *schedule = ld_clinic_schedule_finish (LD_API_CLIENT (source), result, &error);

  /* A doctor with no schedule sees nobody by appointment: no column. */
  if (schedule == NULL && !g_error_matches (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND))
    keep_error (load, error);
  if (schedule != NULL)
    {
      g_ptr_array_add (load->data->schedules, schedule);
      load->schedules->pdata[call->index] = schedule;
    }
  g_free (call);
  if (load->pending == 1)
    read_days (task);
  finish_one (task);
}

static void
on_doctors_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  LdSession *session = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) doctors =
               ld_doctor_list_fetch_finish (LD_API_CLIENT (source), result, &error);

  if (doctors == NULL)
    {
      keep_error (load, error);
      finish_one (task);
      return;
    }
  load->doctors = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_doctor_free);
  for (guint i = 0; i < doctors->len; i++)
    {
      LdDoctor *doctor = g_ptr_array_index (doctors, i);

      if (load->doctor_id == NULL || g_str_equal (doctor->id, load->doctor_id))
        g_ptr_array_add (load->doctors, g_ptr_array_steal_index (doctors, i--));
    }
  load->schedules = g_ptr_array_new ();
  g_ptr_array_set_size (load->schedules, load->doctors->len);
  for (guint i = 0; i < load->doctors->len; i++)
    {
      LdDoctor *doctor = g_ptr_array_index (load->doctors, i);
      ScheduleCall *call = g_new0 (ScheduleCall, 1);

      call->task = g_object_ref (task);
      call->index = i;
      load->pending++;
      ld_clinic_schedule_async (ld_session_get_api_client (session), doctor->id,
                                g_task_get_cancellable (task), on_schedule_cb, call);
    }
  if (load->pending == 1)
    read_days (task);
  finish_one (task);
}

/**
 * ld_calendar_source_load_async:
 * @session: the signed-in session
 * @doctor_id: (nullable): one doctor, or %NULL for every doctor with a
 *   schedule
 * @first_day: the first date, "2026-12-01"
 * @n_days: how many days from @first_day (1 for a day, 7 for a week)
 * @cancellable: (nullable): a cancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Reads the calendar's columns: for each doctor (in the server's order),
 * @n_days columns, each with the doctor's live appointments of that day.
 * The one place the calendar reads from.
 */
void
ld_calendar_source_load_async (LdSession           *session,
                               const char          *doctor_id,
                               const char          *first_day,
                               guint                n_days,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Load *load;

  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (first_day != NULL && n_days > 0);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_calendar_source_load_async);
  load = g_new0 (Load, 1);
  load->data = ld_calendar_data_new ();
  load->doctor_id = g_strdup (doctor_id);
  load->first_day = g_strdup (first_day);
  load->n_days = n_days;
  load->pending = 1;
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  ld_doctor_list_fetch_async (ld_session_get_api_client (session), cancellable, on_doctors_cb,
                              task);
}

/**
 * ld_calendar_source_load_finish:
 *
 * Returns: (transfer full) (nullable): the columns read, or %NULL with
 *   @error set
 */
LdCalendarData *
ld_calendar_source_load_finish (LdSession     *session,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_calendar_source_load_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

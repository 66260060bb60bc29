/* ld-schedule.c: a doctor's working week, and which slots it offers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slots are in the clinic's local time: working hours per weekday, cut
 * into slots of one length from the start of the hours, less the breaks
 * and the days of leave. A booking is valid only at such a slot, and not
 * in the past; the free slots the desk is offered are the same slots,
 * less those taken.
 */

#define G_LOG_DOMAIN "ld-schedule"

#include "config.h"

#include <stdio.h>

#include "ld-schedule.h"
#include "ld-refuse.h"
#include "ld-time.h"

static const char * const weekdays[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };

/**
 * ld_schedule_new:
 *
 * Returns: (transfer full): an empty schedule: no working hours, 15-minute slots
 */
LdSchedule *
ld_schedule_new (void)
{
  LdSchedule *schedule = g_new0 (LdSchedule, 1);

  schedule->slot_minutes = 15;
  schedule->breaks = g_array_new (FALSE, TRUE, sizeof (LdSpan));
  schedule->leave = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return schedule;
}

/**
 * ld_schedule_free:
 * @schedule: (nullable): a schedule
 */
void
ld_schedule_free (LdSchedule *schedule)
{
  if (schedule == NULL)
    return;

  g_free (schedule->doctor_id);
  g_free (schedule->speciality);
  g_free (schedule->room);
  g_array_unref (schedule->breaks);
  g_hash_table_unref (schedule->leave);
  g_free (schedule);
}

/* "09:00-13:00" */
static gboolean
parse_span (const char *text,
            LdSpan     *out_span)
{
  int h1, m1, h2, m2, n = 0;

  if (text == NULL || sscanf (text, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &n) != 4 ||
      text[n] != '\0' || n != 11)
    return FALSE;
  if (h1 < 0 || h1 > 24 || m1 < 0 || m1 > 59 || h2 < 0 || h2 > 24 || m2 < 0 || m2 > 59)
    return FALSE;

  out_span->start_min = h1 * 60 + m1;
  out_span->end_min = h2 * 60 + m2;
  return out_span->start_min < out_span->end_min && out_span->end_min <= 24 * 60;
}

/**
 * ld_span_format:
 * @span: a span of the day
 *
 * Returns: (transfer full): @span as the API and the forms write it,
 *   "09:00-17:00"
 */
char *
ld_span_format (const LdSpan *span)
{
  return g_strdup_printf ("%02d:%02d-%02d:%02d", span->start_min / 60, span->start_min % 60,
                          span->end_min / 60, span->end_min % 60);
}

/**
 * ld_schedule_read:
 * @schedule: the schedule to fill in
 * @reader: the body of PUT /api/v1/doctors/{id}/schedule
 *
 * Reads "speciality", "room", "slot_minutes" (required), "hours" (an
 * object of weekdays, "mon" to "sun", each "09:00-17:00" or null) and
 * "breaks" (an array of "13:00-14:00"); each problem is a field error on
 * @reader. Leave days are not part of it (POST …/leave).
 */
void
ld_schedule_read (LdSchedule   *schedule,
                  LdJsonReader *reader)
{
  gint64 slot = 0;

  g_return_if_fail (schedule != NULL && reader != NULL);

  ld_json_reader_get_text (reader, "speciality", LD_JSON_NULLABLE, LD_SCHEDULE_TEXT_MAX,
                           &schedule->speciality);
  ld_json_reader_get_text (reader, "room", LD_JSON_NULLABLE, LD_SCHEDULE_TEXT_MAX,
                           &schedule->room);
  if (ld_json_reader_get_int (reader, "slot_minutes", LD_JSON_REQUIRED, &slot))
    {
      if (slot < LD_SCHEDULE_SLOT_MIN || slot > LD_SCHEDULE_SLOT_MAX)
        ld_json_reader_add_error (reader, "slot_minutes", "must be from 5 to 240 minutes");
      else
        schedule->slot_minutes = slot;
    }

  ld_schedule_read_week (schedule, reader);
}

/* A form's text without its surrounding spaces, "" for none. */
static char *
dup_stripped (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/**
 * ld_schedule_from_form:
 * @form: a schedule as typed
 * @error: return location for an %LD_API_ERROR (VALIDATION_FAILED, its
 *   fields named as the body's members: "slot_minutes", "hours.mon",
 *   "breaks")
 *
 * Judges the form as the server judges PUT …/schedule: the texts are put
 * into that body (an empty text left out, a day off null, a slot length
 * that is not a number left as text) and read by ld_schedule_read(), so
 * the rule and its words are the reader's alone.
 *
 * Returns: (transfer full) (nullable): the schedule, without its doctor;
 *   %NULL when a field is refused
 */
LdSchedule *
ld_schedule_from_form (const LdScheduleForm  *form,
                       GError               **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *hours = json_object_new ();
  JsonArray *breaks = json_array_new ();
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdSchedule) schedule = NULL;
  g_autofree char *speciality = NULL;
  g_autofree char *room = NULL;
  g_autofree char *slot = NULL;
  g_autofree char *breaks_text = NULL;
  g_auto(GStrv) spans = NULL;
  guint64 minutes;

  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  speciality = dup_stripped (form->speciality);
  room = dup_stripped (form->room);
  slot = dup_stripped (form->slot_minutes);
  breaks_text = dup_stripped (form->breaks);
  spans = g_strsplit (breaks_text, ",", -1);
  if (*speciality != '\0')
    json_object_set_string_member (body, "speciality", speciality);
  if (*room != '\0')
    json_object_set_string_member (body, "room", room);
  /* A slot length that is not a number is left as text, for the reader
   * to refuse in its words. */
  if (g_ascii_string_to_unsigned (slot, 10, 0, G_MAXINT, &minutes, NULL))
    json_object_set_int_member (body, "slot_minutes", minutes);
  else
    json_object_set_string_member (body, "slot_minutes", slot);
  for (guint day = 0; weekdays[day] != NULL; day++)
    {
      g_autofree char *text = dup_stripped (form->hours[day]);

      if (*text != '\0')
        json_object_set_string_member (hours, weekdays[day], text);
      else
        json_object_set_null_member (hours, weekdays[day]);
    }
  json_object_set_object_member (body, "hours", hours);
  for (guint i = 0; spans[i] != NULL; i++)
    {
      g_strstrip (spans[i]);
      if (*spans[i] != '\0')
        json_array_add_string_element (breaks, spans[i]);
    }
  json_object_set_array_member (body, "breaks", breaks);

  reader = ld_json_reader_new (body);
  schedule = ld_schedule_new ();
  ld_schedule_read (schedule, reader);
  if (!ld_json_reader_finish (reader, error))
    return NULL;
  return g_steal_pointer (&schedule);
}

/**
 * ld_schedule_read_week:
 * @schedule: the schedule to fill in
 * @reader: an object with "hours" and "breaks"
 *
 * Reads the working week alone, as ld_schedule_read() does (and as the
 * store keeps it, ld_schedule_write_week()).
 */
void
ld_schedule_read_week (LdSchedule   *schedule,
                       LdJsonReader *reader)
{
  g_autoptr(LdJsonReader) hours = NULL;
  g_auto(GStrv) breaks = NULL;

  g_return_if_fail (schedule != NULL && reader != NULL);

  hours = ld_json_reader_get_object (reader, "hours", LD_JSON_REQUIRED);
  if (hours != NULL)
    {
      for (guint day = 0; weekdays[day] != NULL; day++)
        {
          g_autofree char *text = NULL;

          if (!ld_json_reader_get_string (hours, weekdays[day], LD_JSON_NULLABLE, &text) ||
              text == NULL)
            continue;
          if (!parse_span (text, &schedule->hours[day]))
            ld_json_reader_add_error (hours, weekdays[day], "must be a time span like 09:00-17:00");
        }
      ld_json_reader_end_object (reader, "hours", g_steal_pointer (&hours));
    }

  if (ld_json_reader_get_strv (reader, "breaks", LD_JSON_OPTIONAL, &breaks))
    {
      if (g_strv_length (breaks) > LD_SCHEDULE_BREAKS_MAX)
        ld_json_reader_add_error (reader, "breaks", "must be at most 8 breaks");
      for (guint i = 0; breaks[i] != NULL && i < LD_SCHEDULE_BREAKS_MAX; i++)
        {
          LdSpan span;

          if (!parse_span (breaks[i], &span))
            {
              ld_json_reader_add_error (reader, "breaks", "must be time spans like 13:00-14:00");
              break;
            }
          g_array_append_val (schedule->breaks, span);
        }
    }
}

/**
 * ld_schedule_write_week:
 * @schedule: a schedule
 * @builder: a builder, inside an object
 *
 * Writes the members "hours" and "breaks", as ld_schedule_read_week()
 * reads them.
 */
void
ld_schedule_write_week (const LdSchedule *schedule,
                        JsonBuilder      *builder)
{
  g_return_if_fail (schedule != NULL && builder != NULL);

  json_builder_set_member_name (builder, "hours");
  json_builder_begin_object (builder);
  for (guint day = 0; weekdays[day] != NULL; day++)
    {
      g_autofree char *span = NULL;

      if (schedule->hours[day].end_min > 0)
        span = ld_span_format (&schedule->hours[day]);
      ld_json_builder_add_string (builder, weekdays[day], span);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "breaks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < schedule->breaks->len; i++)
    {
      g_autofree char *span = ld_span_format (&g_array_index (schedule->breaks, LdSpan, i));

      json_builder_add_string_value (builder, span);
    }
  json_builder_end_array (builder);
}

/**
 * ld_schedule_to_json:
 * @schedule: a schedule
 * @builder: a builder, where a value goes
 *
 * Writes the schedule as the API shows it: what ld_schedule_read() takes,
 * with "doctor_id", "leave" (the days, in order) and "version".
 */
void
ld_schedule_to_json (const LdSchedule *schedule,
                     JsonBuilder      *builder)
{
  g_autofree const char **days = NULL;
  guint n_days;

  g_return_if_fail (schedule != NULL && builder != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "doctor_id", schedule->doctor_id);
  ld_json_builder_add_string (builder, "speciality", schedule->speciality);
  ld_json_builder_add_string (builder, "room", schedule->room);
  ld_json_builder_add_int (builder, "slot_minutes", schedule->slot_minutes);
  ld_schedule_write_week (schedule, builder);
  json_builder_set_member_name (builder, "leave");
  json_builder_begin_array (builder);
  days = (const char **) g_hash_table_get_keys_as_array (schedule->leave, &n_days);
  g_qsort_with_data (days, n_days, sizeof (char *), (GCompareDataFunc) g_strcmp0, NULL);
  for (guint i = 0; i < n_days; i++)
    json_builder_add_string_value (builder, days[i]);
  json_builder_end_array (builder);
  ld_json_builder_add_int (builder, "version", schedule->version);
  json_builder_end_object (builder);
}

/**
 * ld_schedule_day_of:
 * @time_us: a time
 *
 * Returns: (transfer full): its local date, "2026-12-01": the day an
 *   appointment and its token belong to
 */
char *
ld_schedule_day_of (gint64 time_us)
{
  g_autoptr(GDateTime) local = ld_time_local_from_unix (time_us / G_USEC_PER_SEC);

  return g_date_time_format (local, "%Y-%m-%d");
}

/**
 * ld_schedule_parse_day:
 * @text: a date, "2026-12-01"
 * @out_midnight_us: (out): its local midnight
 *
 * Returns: %TRUE if @text is a date
 */
gboolean
ld_schedule_parse_day (const char *text,
                       gint64     *out_midnight_us)
{
  int y, m, d, n = 0;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) midnight = NULL;

  g_return_val_if_fail (out_midnight_us != NULL, FALSE);

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
      text[n] != '\0' || !g_date_valid_dmy (d, m, y))
    return FALSE;

  zone = ld_time_zone_local ();
  midnight = g_date_time_new (zone, y, m, d, 0, 0, 0);
  if (midnight == NULL)
    return FALSE;
  *out_midnight_us = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
  return TRUE;
}

static gboolean
overlaps_break (const LdSchedule *schedule,
                int               start_min,
                const LdSpan    **out_break)
{
  int end_min = start_min + schedule->slot_minutes;

  for (guint i = 0; i < schedule->breaks->len; i++)
    {
      const LdSpan *span = &g_array_index (schedule->breaks, LdSpan, i);

      if (start_min < span->end_min && span->start_min < end_min)
        {
          *out_break = span;
          return TRUE;
        }
    }
  return FALSE;
}

/* Where @time_us falls: the weekday (0 is Monday), the minute of the
 * day, whether it is on a whole minute, and the day's date. */
static void
place (gint64  time_us,
       int    *out_weekday,
       int    *out_minute,
       char  **out_day)
{
  g_autoptr(GDateTime) local = ld_time_local_from_unix (time_us / G_USEC_PER_SEC);

  *out_weekday = g_date_time_get_day_of_week (local) - 1;
  *out_minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  *out_day = g_date_time_format (local, "%Y-%m-%d");
}

/**
 * ld_schedule_check_slot:
 * @schedule: the doctor's schedule
 * @start_us: a slot's start
 * @now_us: now
 * @error: return location for an %LD_API_ERROR (VALIDATION_FAILED, naming
 *   "start")
 *
 * A slot is valid only in the future, on a working day that is not
 * leave, inside the day's hours, on the slot grid (every slot_minutes
 * from the start of the hours) and clear of every break.
 *
 * Returns: %TRUE if the doctor can be booked at @start_us
 */
gboolean
ld_schedule_check_slot (const LdSchedule  *schedule,
                        gint64             start_us,
                        gint64             now_us,
                        GError           **error)
{
  g_autofree char *day = NULL;
  g_autofree char *problem = NULL;
  const LdSpan *hours;
  const LdSpan *pause = NULL;
  int weekday, minute;

  g_return_val_if_fail (schedule != NULL, FALSE);

  if (start_us < now_us)
    return ld_refuse_field (error, "start", "is in the past",
                            "This slot is in the past: choose a later one.");

  place (start_us, &weekday, &minute, &day);
  hours = &schedule->hours[weekday];
  if (g_hash_table_contains (schedule->leave, day))
    {
      problem = g_strdup_printf ("is on the doctor's leave (%s)", day);
      return ld_refuse_field (error, "start", problem, "The doctor is on leave that day.");
    }
  if (hours->end_min == 0 || minute < hours->start_min ||
      minute + schedule->slot_minutes > hours->end_min)
    {
      g_autofree char *span = hours->end_min == 0 ? g_strdup ("no hours") : ld_span_format (hours);

      problem = g_strdup_printf ("is outside the doctor's working hours (%s)", span);
      return ld_refuse_field (error, "start", problem,
                              "This time is outside the doctor's working hours.");
    }
  if (start_us % (60 * G_USEC_PER_SEC) != 0 ||
      (minute - hours->start_min) % schedule->slot_minutes != 0)
    {
      problem =
        g_strdup_printf ("is not on the slot grid (every %d minutes from %02d:%02d)",
                         schedule->slot_minutes, hours->start_min / 60, hours->start_min % 60);
      return ld_refuse_field (error, "start", problem,
                              "This time is not the start of one of the doctor's slots.");
    }
  if (overlaps_break (schedule, minute, &pause))
    {
      g_autofree char *span = ld_span_format (pause);

      problem = g_strdup_printf ("is in the doctor's break (%s)", span);
      return ld_refuse_field (error, "start", problem, "The doctor has a break at this time.");
    }

  return TRUE;
}

/* The slots of @date's day from @earliest on, not in @taken, appended to
 * @slots up to @limit: the one walk over the grid that both the free
 * slots and a day's slots take. */
static void
add_day_slots (const LdSchedule *schedule,
               GDateTime        *date,
               gint64            earliest,
               GHashTable       *taken,
               guint             limit,
               GArray           *slots)
{
  g_autoptr(GDateTime) midnight =
               g_date_time_new (g_date_time_get_timezone (date), g_date_time_get_year (date),
                                g_date_time_get_month (date), g_date_time_get_day_of_month (date),
                                0, 0, 0);
  g_autofree char *day = g_date_time_format (date, "%Y-%m-%d");
  const LdSpan *hours = &schedule->hours[g_date_time_get_day_of_week (date) - 1];
  gint64 midnight_us = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;

  if (hours->end_min == 0 || g_hash_table_contains (schedule->leave, day))
    return;
  for (int minute = hours->start_min;
       minute + schedule->slot_minutes <= hours->end_min && slots->len < limit;
       minute += schedule->slot_minutes)
    {
      const LdSpan *pause;
      gint64 start = midnight_us + (gint64) minute * 60 * G_USEC_PER_SEC;

      if (start < earliest || overlaps_break (schedule, minute, &pause) ||
          (taken != NULL && g_hash_table_contains (taken, &start)))
        continue;
      g_array_append_val (slots, start);
    }
}

/**
 * ld_schedule_free_slots:
 * @schedule: the doctor's schedule
 * @from_us: the earliest start wanted
 * @now_us: now: no slot before it is offered
 * @taken: (nullable) (element-type gint64 gint64): the starts already
 *   booked, a set of gint64 keys (g_int64_hash)
 * @limit: the most slots wanted
 *
 * The next free slots, earliest first, searched over
 * %LD_SCHEDULE_SEARCH_DAYS days from @from_us's day. Each passes
 * ld_schedule_check_slot().
 *
 * Returns: (transfer full) (element-type gint64): the slots' starts
 */
GArray *
ld_schedule_free_slots (const LdSchedule *schedule,
                        gint64            from_us,
                        gint64            now_us,
                        GHashTable       *taken,
                        guint             limit)
{
  g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GDateTime) from = NULL;
  gint64 earliest = MAX (from_us, now_us);

  g_return_val_if_fail (schedule != NULL && schedule->slot_minutes > 0, NULL);

  from = ld_time_local_from_unix (from_us / G_USEC_PER_SEC);
  for (int offset = 0; offset < LD_SCHEDULE_SEARCH_DAYS && slots->len < limit; offset++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (from, offset);

      add_day_slots (schedule, date, earliest, taken, limit, slots);
    }

  return g_steal_pointer (&slots);
}

/**
 * ld_schedule_day_slots:
 * @schedule: the doctor's schedule
 * @day: a date, "2026-12-01"
 *
 * Every slot of the doctor's grid on @day, booked or not, past or not
 * (the desk's day view); none on a day off or a day of leave
 * (ld_schedule_is_on_leave()).
 *
 * Returns: (transfer full) (element-type gint64): the slots' starts, in
 *   order; %NULL when @day is not a date
 */
GArray *
ld_schedule_day_slots (const LdSchedule *schedule,
                       const char       *day)
{
  g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GDateTime) date = NULL;
  gint64 midnight_us;

  g_return_val_if_fail (schedule != NULL && schedule->slot_minutes > 0, NULL);

  if (!ld_schedule_parse_day (day, &midnight_us))
    return NULL;
  date = ld_time_local_from_unix (midnight_us / G_USEC_PER_SEC);
  add_day_slots (schedule, date, G_MININT64, NULL, G_MAXUINT, slots);
  return g_steal_pointer (&slots);
}

/**
 * ld_schedule_is_on_leave:
 * @schedule: the doctor's schedule
 * @day: a date, "2026-12-01"
 *
 * Returns: %TRUE if @day is one of the doctor's days of leave
 */
gboolean
ld_schedule_is_on_leave (const LdSchedule *schedule,
                         const char       *day)
{
  g_return_val_if_fail (schedule != NULL, FALSE);

  return day != NULL && g_hash_table_contains (schedule->leave, day);
}

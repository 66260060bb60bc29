/* ld-calendar-source.h: the days the desk's calendar shows, read in one place
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-appointment.h"
#include "ld-schedule.h"
#include "ld-session.h"

G_BEGIN_DECLS

/**
 * LdCalendarColumn:
 * @doctor_id: the doctor
 * @doctor_name: the doctor's display name
 * @day: the date shown, "2026-12-01"
 * @schedule: (not nullable): the doctor's schedule, owned by the
 *   #LdCalendarData the column belongs to
 * @appointments: (element-type LdAppointment): the doctor's live
 *   appointments of @day, walk-ins included
 *
 * One doctor's day: a column of the calendar.
 */
typedef struct
{
  char       *doctor_id;
  char       *doctor_name;
  char       *day;
  LdSchedule *schedule;
  GPtrArray  *appointments;
} LdCalendarColumn;

/**
 * LdCalendarData:
 * @schedules: (element-type LdSchedule): the schedules the columns point at
 * @columns: (element-type LdCalendarColumn): the columns, in order: every
 *   doctor of one day, or one doctor's days
 *
 * What the calendar shows; reference counted, so a view keeps what it
 * drew while the next read is on its way.
 */
typedef struct
{
  GPtrArray *schedules;
  GPtrArray *columns;
} LdCalendarData;

LdCalendarData   *ld_calendar_data_new        (void);
LdCalendarData   *ld_calendar_data_ref        (LdCalendarData      *data);
void              ld_calendar_data_unref      (LdCalendarData      *data);
LdCalendarColumn *ld_calendar_data_add_column (LdCalendarData      *data,
                                               const char          *doctor_id,
                                               const char          *doctor_name,
                                               const char          *day,
                                               LdSchedule          *schedule);
LdAppointment    *ld_calendar_column_find     (const LdCalendarColumn *column,
                                               gint64               slot_us);

void              ld_calendar_source_load_async (LdSession          *session,
                                                 const char         *doctor_id,
                                                 const char         *first_day,
                                                 guint               n_days,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
LdCalendarData *
ld_calendar_source_load_finish (LdSession *session, GAsyncResult *result, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCalendarData, ld_calendar_data_unref)

G_END_DECLS

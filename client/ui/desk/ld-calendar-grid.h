/* ld-calendar-grid.h: the calendar's columns of slots, drawn in one widget
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ld-calendar-source.h"

G_BEGIN_DECLS

/**
 * LdCalendarSlotState:
 * @LD_CALENDAR_SLOT_FREE: nobody booked it
 * @LD_CALENDAR_SLOT_BOOKED: booked, the patient not yet come
 * @LD_CALENDAR_SLOT_CHECKED_IN: the patient is waiting, with a token
 * @LD_CALENDAR_SLOT_WITH_DOCTOR: the patient is with the doctor
 * @LD_CALENDAR_SLOT_DONE: seen
 * @LD_CALENDAR_SLOT_LEAVE: the doctor is on leave, or off that day
 * @LD_CALENDAR_SLOT_BREAK: the doctor's break
 *
 * What a slot of the calendar shows.
 */
typedef enum
{
  LD_CALENDAR_SLOT_FREE,
  LD_CALENDAR_SLOT_BOOKED,
  LD_CALENDAR_SLOT_CHECKED_IN,
  LD_CALENDAR_SLOT_WITH_DOCTOR,
  LD_CALENDAR_SLOT_DONE,
  LD_CALENDAR_SLOT_LEAVE,
  LD_CALENDAR_SLOT_BREAK,
} LdCalendarSlotState;

#define LD_TYPE_CALENDAR_GRID (ld_calendar_grid_get_type ())

G_DECLARE_FINAL_TYPE (LdCalendarGrid, ld_calendar_grid, LD, CALENDAR_GRID, GtkWidget)

GtkWidget *ld_calendar_grid_new (void);
void       ld_calendar_grid_set_data (LdCalendarGrid *self, LdCalendarData *data, gboolean week);
LdCalendarData *ld_calendar_grid_get_data (LdCalendarGrid *self);
const LdCalendarColumn *
ld_calendar_grid_get_cursor (LdCalendarGrid *self, gint64 *slot_us, LdAppointment **appointment);
gboolean    ld_calendar_grid_set_cursor (LdCalendarGrid *self,
                                         const char     *doctor_id,
                                         const char     *day,
                                         gint64          slot_us);
void        ld_calendar_grid_move_cursor (LdCalendarGrid *self, int columns, int slots);
char       *ld_calendar_grid_describe_cursor (LdCalendarGrid *self);
const char *ld_calendar_slot_state_text (LdCalendarSlotState state);

G_END_DECLS

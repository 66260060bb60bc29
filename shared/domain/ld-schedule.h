/* ld-schedule.h: a doctor's working week, and which slots it offers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-json.h"

G_BEGIN_DECLS

/**
 * LdSpan:
 * @start_min: minutes after local midnight
 * @end_min: minutes after local midnight, after @start_min; 0 for none
 *
 * A stretch of a day.
 */
typedef struct
{
  int start_min;
  int end_min;
} LdSpan;

/**
 * LdSchedule:
 * @doctor_id: the doctor
 * @speciality: (nullable): what the desk searches doctors by ("cardiology")
 * @room: (nullable): where the doctor sees patients
 * @slot_minutes: the length of a slot
 * @hours: the working hours of each weekday, Monday first; a day off has
 *   @end_min 0
 * @breaks: (element-type LdSpan): breaks, every working day
 * @leave: (element-type utf8): days off ("2026-12-01"), as a set
 * @version: the stored version
 *
 * When a doctor sees patients by appointment.
 */
typedef struct
{
  char       *doctor_id;
  char       *speciality;
  char       *room;
  int         slot_minutes;
  LdSpan      hours[7];
  GArray     *breaks;
  GHashTable *leave;
  gint64      version;
} LdSchedule;

/**
 * LdScheduleForm:
 * @speciality: (nullable): as typed; empty for none
 * @room: (nullable): as typed; empty for none
 * @slot_minutes: (nullable): the slot length as typed, "15"
 * @hours: (nullable): each weekday's span as typed, Monday first,
 *   "09:00-17:00"; empty for a day off
 * @breaks: (nullable): the breaks as typed, spans with commas,
 *   "13:00-14:00, 16:00-16:15"
 *
 * A schedule as a form's texts, before anything judges them; the texts
 * are borrowed. Surrounding spaces do not count.
 */
typedef struct
{
  const char *speciality;
  const char *room;
  const char *slot_minutes;
  const char *hours[7];
  const char *breaks;
} LdScheduleForm;

#define LD_SCHEDULE_SLOT_MIN      5
#define LD_SCHEDULE_SLOT_MAX      240
#define LD_SCHEDULE_TEXT_MAX      100
#define LD_SCHEDULE_BREAKS_MAX    8
/* How far ahead free slots are searched, in days. */
#define LD_SCHEDULE_SEARCH_DAYS   60

char       *ld_span_format               (const LdSpan      *span);
LdSchedule *ld_schedule_new              (void);
void        ld_schedule_free             (LdSchedule        *schedule);
void        ld_schedule_read             (LdSchedule        *schedule,
                                          LdJsonReader      *reader);
LdSchedule *ld_schedule_from_form        (const LdScheduleForm *form,
                                          GError              **error);
void        ld_schedule_read_week        (LdSchedule        *schedule,
                                          LdJsonReader      *reader);
void        ld_schedule_write_week       (const LdSchedule  *schedule,
                                          JsonBuilder       *builder);
void        ld_schedule_to_json          (const LdSchedule  *schedule,
                                          JsonBuilder       *builder);
gboolean    ld_schedule_check_slot       (const LdSchedule  *schedule,
                                          gint64             start_us,
                                          gint64             now_us,
                                          GError           **error);
GArray     *ld_schedule_free_slots       (const LdSchedule  *schedule,
                                          gint64             from_us,
                                          gint64             now_us,
                                          GHashTable        *taken,
                                          guint              limit);
GArray     *ld_schedule_day_slots        (const LdSchedule  *schedule,
                                          const char        *day);
gboolean    ld_schedule_is_on_leave      (const LdSchedule  *schedule,
                                          const char        *day);
char       *ld_schedule_day_of           (gint64             time_us);
gboolean    ld_schedule_parse_day        (const char        *text,
                                          gint64            *out_midnight_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSchedule, ld_schedule_free)

G_END_DECLS

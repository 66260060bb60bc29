/* ld-store-appointments.h: schedules, leave, appointments and visits in the database
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-appointment.h"
#include "ld-schedule.h"
#include "ld-store.h"

G_BEGIN_DECLS

/* ld-store-appointments.c */
LdSchedule *ld_store_schedules_get (LdStore *store, const char *doctor_id, GError **error);
gboolean    ld_store_schedules_put (LdStore *store, LdSchedule *schedule, GError **error);
GPtrArray          *
ld_store_schedules_of_speciality (LdStore *store, const char *speciality, GError **error);
gboolean ld_store_leave_add (LdStore    *store,
                             const char *doctor_id,
                             const char *day,
                             const char *reason,
                             const char *user_id,
                             GError    **error);
gboolean ld_store_appointments_insert (LdStore *store, LdAppointment *appointment, GError **error);
LdAppointment *ld_store_appointments_get (LdStore *store, const char *id, GError **error);
gboolean       ld_store_appointments_update (LdStore       *store,
                                             LdAppointment *appointment,
                                             gint64         expected_version,
                                             GError       **error);
GHashTable *
ld_store_appointments_taken (LdStore *store, const char *doctor_id, gint64 from_us, GError **error);
gboolean   ld_store_appointments_next_token (LdStore    *store,
                                             const char *doctor_id,
                                             const char *day,
                                             gint64     *out_token,
                                             GError    **error);
GPtrArray *ld_store_appointments_of_day (LdStore    *store,
                                         const char *doctor_id,
                                         const char *day,
                                         GError    **error);
GStrv      ld_store_appointments_unattended (LdStore    *store,
                                             const char *before_day,
                                             guint       limit,
                                             GError    **error);

GStrv      ld_store_appointments_unreminded (LdStore    *store,
                                             const char *day,
                                             guint       limit,
                                             GError    **error);
gboolean   ld_store_appointments_mark_reminded (LdStore    *store,
                                                const char *id,
                                                const char *day,
                                                gboolean   *out_taken,
                                                GError    **error);

/* ld-store-visits.c */
LdVisit       *ld_store_visits_get             (LdStore              *store,
                                                const char           *appointment_id,
                                                GError              **error);
GStrv          ld_store_visits_of_patient      (LdStore              *store,
                                                const char           *patient_id,
                                                guint                 limit,
                                                GError              **error);
gboolean       ld_store_visits_whose (LdStore    *store,
                                      const char *visit_id,
                                      char      **out_patient_id,
                                      char      **out_doctor_id,
                                      GError    **error);
gboolean       ld_store_visits_insert          (LdStore              *store,
                                                LdVisit              *visit,
                                                GError              **error);
gboolean       ld_store_visits_update          (LdStore              *store,
                                                LdVisit              *visit,
                                                gint64                expected_version,
                                                GError              **error);
gboolean       ld_store_visits_add_amendment   (LdStore              *store,
                                                const LdVisit        *old_visit,
                                                const char           *reason,
                                                const char           *user_id,
                                                gint64                at_us,
                                                GError              **error);

G_END_DECLS

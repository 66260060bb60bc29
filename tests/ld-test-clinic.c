/* ld-test-clinic.c: a clinic's morning, made over HTTP for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The doctor's tests run on Wednesday 9 January 2030, local time, with
 * the clock fixed by the test: a doctor's week of 15-minute slots, and a
 * patient booked by the desk and checked in, as the desk does it.
 */

#include "config.h"

#include "ld-test-clinic.h"
#include "ld-time.h"

#define SCHEDULE \
  "{\"speciality\": \"General medicine\", \"room\": \"Room 3\", \"slot_minutes\": 15," \
  " \"hours\": {\"mon\": \"09:00-17:00\", \"tue\": \"09:00-17:00\", \"wed\": \"09:00-17:00\"," \
  "             \"thu\": \"09:00-17:00\", \"fri\": \"09:00-17:00\", \"sat\": \"09:00-13:00\"," \
  "             \"sun\": null}," \
  " \"breaks\": [\"13:00-14:00\"]}"

/* Returns: the time of day on Wednesday 9 January 2030, local time */
gint64
ld_test_clinic_at (int hour,
                   int minute)
{
  g_autoptr(GDateTime) then = g_date_time_new_local (2030, 1, 9, hour, minute, 0);

  return g_date_time_to_unix (then) * G_USEC_PER_SEC;
}

/* The administrator sets the doctor's working week. */
void
ld_test_clinic_set_schedule (LdTestServer *server,
                             const char   *admin,
                             const char   *doctor_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/doctors/%s/schedule", doctor_id);
  g_autoptr(LdTestResponse) schedule = ld_test_send_json (server, "PUT", path, admin, SCHEDULE);

  ld_test_assert_status (schedule, 200);
}

/* The desk books @start_us and checks the patient in.
 * Returns: (transfer full): the appointment's id */
char *
ld_test_clinic_check_in (LdTestServer *server,
                         const char   *desk,
                         const char   *patient_id,
                         const char   *doctor_id,
                         gint64        start_us)
{
  g_autofree char *start = ld_time_format_rfc3339 (start_us);
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"start\": \"%s\"}",
                     patient_id, doctor_id, start);
  g_autoptr(LdTestResponse) booked =
               ld_test_send_json (server, "POST", "/api/v1/appointments", desk, body);
  g_autoptr(LdTestResponse) checked = NULL;
  g_autofree char *path = NULL;

  ld_test_assert_status (booked, 201);
  path = g_strdup_printf ("/api/v1/appointments/%s/check-in",
                          ld_test_response_get_string (booked, "appointment.id"));
  checked = ld_test_send_json (server, "POST", path, desk, "{\"version\": 1}");
  ld_test_assert_status (checked, 200);
  return g_strdup (ld_test_response_get_string (booked, "appointment.id"));
}

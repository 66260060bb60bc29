/* test-api-appointments.c: doctors' schedules, booking, check-in and the
 * queue, the visit record; every state change and each refusal, and 32
 * desks racing for one slot
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the real server on a loopback port with a real database
 * (SQLite; PostgreSQL as test-api-appointments-pg). The server's clock
 * is fixed (ld_time_set_now()) on a Wednesday morning, so that "today",
 * "in the past" and the end of the day do not depend on when it runs.
 */

#include "config.h"

#include "ld-test-http.h"
#include "ld-test-server.h"
#include "ld-server.h"
#include "ld-time.h"

#define N_DESKS 32

/* The schedule of the fixture's doctor: weekdays 09:00-17:00, Saturday
 * mornings, Sundays off, lunch 13:00-14:00, 15-minute slots. */
#define SCHEDULE \
  "{\"speciality\": \"General medicine\", \"room\": \"Room 3\", \"slot_minutes\": 15," \
  " \"hours\": {\"mon\": \"09:00-17:00\", \"tue\": \"09:00-17:00\", \"wed\": \"09:00-17:00\"," \
  "             \"thu\": \"09:00-17:00\", \"fri\": \"09:00-17:00\", \"sat\": \"09:00-13:00\"," \
  "             \"sun\": null}," \
  " \"breaks\": [\"13:00-14:00\"]}"

typedef struct
{
  LdTestFixture fx;
  char         *desk;
  char         *doctor;
  char         *doctor_id;
  char         *other;
  char         *other_id;
  char         *patient_id;
  char         *patient2_id;
} Clinic;

/* Wednesday 9 January 2030 (+@days), local time. */
static gint64
at (int days,
    int hour,
    int minute)
{
  g_autoptr(GDateTime) day = g_date_time_new_local (2030, 1, 9, 0, 0, 0);
  g_autoptr(GDateTime) then = g_date_time_add_full (day, 0, 0, days, hour, minute, 0);

  return g_date_time_to_unix (then) * G_USEC_PER_SEC;
}

static char *
start_at (int days,
          int hour,
          int minute)
{
  return ld_time_format_rfc3339 (at (days, hour, minute));
}

static char *
day_of (int days)
{
  g_autoptr(GDateTime) day = g_date_time_new_local (2030, 1, 9 + days, 0, 0, 0);

  return g_date_time_format (day, "%Y-%m-%d");
}

static char *
user_id_of (Clinic     *clinic,
            const char *token)
{
  g_autoptr(LdTestResponse) me = ld_test_get (clinic->fx.server, "/api/v1/sessions/current", token);

  ld_test_assert_status (me, 200);
  return g_strdup (ld_test_response_get_string (me, "user.id"));
}

static char *
new_patient (Clinic     *clinic,
             const char *name)
{
  g_autofree char *body =
    g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\", \"age_years\": 34}", name);
  g_autoptr(LdTestResponse) resp = ld_test_send_json (clinic->fx.server, "POST",
                                                       "/api/v1/patients", clinic->desk, body);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "patient.id"));
}

static gint64
count (Clinic     *clinic,
       const char *sql)
{
  return ld_test_server_query_int (clinic->fx.server, sql);
}

static void
clinic_setup (Clinic        *clinic,
              gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(LdTestResponse) other = NULL;
  g_autoptr(LdTestResponse) schedule = NULL;

  ld_time_set_now (at (0, 8, 0));
  ld_test_fixture_setup (&clinic->fx, data);
  clinic->desk = ld_test_login (clinic->fx.server, "reception", LD_TEST_RECEPTION_PASSWORD);
  clinic->doctor = ld_test_login (clinic->fx.server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  clinic->doctor_id = user_id_of (clinic, clinic->doctor);
  other = ld_test_send_json (clinic->fx.server, "POST", "/api/v1/users", clinic->fx.admin,
                             "{\"username\": \"dr-rao\", \"display_name\": \"Dr. Kavya Rao\","
                             " \"roles\": [\"doctor\"], \"password\": \"long-enough-password\"}");
  ld_test_assert_status (other, 201);
  clinic->other = ld_test_login (clinic->fx.server, "dr-rao", "long-enough-password");
  clinic->other_id = user_id_of (clinic, clinic->other);
  clinic->patient_id = new_patient (clinic, "Anjali Desai");
  clinic->patient2_id = new_patient (clinic, "Farah Khan");

  path = g_strdup_printf ("/api/v1/doctors/%s/schedule", clinic->doctor_id);
  schedule = ld_test_send_json (clinic->fx.server, "PUT", path, clinic->fx.admin, SCHEDULE);
  ld_test_assert_status (schedule, 200);
  g_assert_cmpstr (ld_test_response_get_string (schedule, "schedule.hours.wed"), ==,
                   "09:00-17:00");
}

static void
clinic_teardown (Clinic        *clinic,
                 gconstpointer  data)
{
  g_free (clinic->desk);
  g_free (clinic->doctor);
  g_free (clinic->doctor_id);
  g_free (clinic->other);
  g_free (clinic->other_id);
  g_free (clinic->patient_id);
  g_free (clinic->patient2_id);
  ld_test_fixture_teardown (&clinic->fx, data);
  ld_time_set_now (0);
}

static LdTestResponse *
book (Clinic     *clinic,
      const char *token,
      const char *patient_id,
      const char *doctor_id,
      const char *start,
      const char *more)
{
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"start\": \"%s\"%s%s}",
                     patient_id, doctor_id, start, more != NULL ? ", " : "",
                     more != NULL ? more : "");

  return ld_test_send_json (clinic->fx.server, "POST", "/api/v1/appointments", token, body);
}

/* Books @patient_id at @days/@hour/@minute, asserting success; returns
 * the appointment's id. */
static char *
book_ok (Clinic     *clinic,
         const char *patient_id,
         int         days,
         int         hour,
         int         minute)
{
  g_autofree char *start = start_at (days, hour, minute);
  g_autoptr(LdTestResponse) resp =
               book (clinic, clinic->desk, patient_id, clinic->doctor_id, start, NULL);

  ld_test_assert_status (resp, 201);
  g_assert_cmpstr (ld_test_response_get_string (resp, "appointment.state"), ==, "booked");
  g_assert_cmpstr (ld_test_response_get_string (resp, "appointment.start"), ==, start);
  return g_strdup (ld_test_response_get_string (resp, "appointment.id"));
}

static gint64
version_of (Clinic     *clinic,
            const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%s", id);
  g_autoptr(LdTestResponse) resp = ld_test_get (clinic->fx.server, path, clinic->fx.admin);

  ld_test_assert_status (resp, 200);
  return ld_test_response_get_int (resp, "appointment.version");
}

/* POST /api/v1/appointments/{id}/@action with the current version. */
static LdTestResponse *
step (Clinic     *clinic,
      const char *token,
      const char *id,
      const char *action,
      const char *more)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%s/%s", id, action);
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "%s%s}", version_of (clinic, id),
                     more != NULL ? ", " : "", more != NULL ? more : "");

  return ld_test_send_json (clinic->fx.server, "POST", path, token, body);
}

static LdTestResponse *
write_visit (Clinic     *clinic,
             const char *token,
             const char *id,
             const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%s/visit", id);

  return ld_test_send_json (clinic->fx.server, "PUT", path, token, body);
}

static gint64
count_audit (Clinic     *clinic,
             const char *action,
             const char *entity_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = '%s'"
                                          " AND entity_id = '%s'", action, entity_id);

  return count (clinic, sql);
}

/* A day at the clinic: two bookings, a walk-in between them, check-in
 * with tokens, the doctor's queue, a consultation with its visit record
 * signed and amended, and each change audited and in the feed. */
static void
test_day (Clinic        *clinic,
          gconstpointer  data)
{
  g_autofree char *nine = book_ok (clinic, clinic->patient_id, 0, 9, 0);
  g_autofree char *ten = book_ok (clinic, clinic->patient2_id, 0, 10, 0);
  g_autofree char *walk_in_id = NULL;
  g_autofree char *queue_path = g_strdup_printf ("/api/v1/doctors/%s/queue", clinic->doctor_id);
  g_autofree char *visit_path = g_strdup_printf ("/api/v1/appointments/%s/visit", nine);
  g_autofree char *third = new_patient (clinic, "Rohan Gupta");
  g_autofree char *walk_body = NULL;
  g_autofree char *amend_body = NULL;
  g_autofree char *sign_body = NULL;
  g_autoptr(LdTestResponse) checked = NULL;
  g_autoptr(LdTestResponse) walk_in = NULL;
  g_autoptr(LdTestResponse) queue = NULL;
  g_autoptr(LdTestResponse) started = NULL;
  g_autoptr(LdTestResponse) written = NULL;
  g_autoptr(LdTestResponse) signed_visit = NULL;
  g_autoptr(LdTestResponse) amended = NULL;
  g_autoptr(LdTestResponse) read_back = NULL;
  g_autoptr(LdTestResponse) finished = NULL;
  g_autoptr(LdTestResponse) history = NULL;
  g_autoptr(GHashTable) feed = NULL;
  g_autoptr(GHashTable) other_feed = NULL;
  g_autofree char *feed_key = g_strdup_printf ("appointment\n%s", nine);
  JsonArray *items;
  JsonObject *vitals;
  JsonArray *amendments;

  ld_time_set_now (at (0, 8, 50));
  checked = step (clinic, clinic->desk, nine, "check-in", NULL);
  ld_test_assert_status (checked, 200);
  g_assert_cmpstr (ld_test_response_get_string (checked, "appointment.state"), ==, "checked_in");
  g_assert_cmpint (ld_test_response_get_int (checked, "appointment.token"), ==, 1);

  /* A walk-in at 09:30 takes the next token and waits between the
   * 09:00 and the 10:00 appointments. */
  ld_time_set_now (at (0, 9, 30));
  walk_body = g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"walk_in\": true}",
                               third, clinic->doctor_id);
  walk_in =
    ld_test_send_json (clinic->fx.server, "POST", "/api/v1/appointments", clinic->desk, walk_body);
  ld_test_assert_status (walk_in, 201);
  g_assert_cmpstr (ld_test_response_get_string (walk_in, "appointment.state"), ==, "checked_in");
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (ld_test_response_object (walk_in), "appointment"), "walk_in"));
  g_assert_cmpint (ld_test_response_get_int (walk_in, "appointment.token"), ==, 2);
  walk_in_id = g_strdup (ld_test_response_get_string (walk_in, "appointment.id"));

  queue = ld_test_get (clinic->fx.server, queue_path, clinic->doctor);
  ld_test_assert_status (queue, 200);
  items = json_object_get_array_member (ld_test_response_object (queue), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "id"),
                   ==, nine);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "id"),
                   ==, walk_in_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 2), "id"),
                   ==, ten);
  g_assert_nonnull (
    json_object_get_string_member (json_array_get_object_element (items, 0), "checked_in_at"));

  /* The doctor calls the patient in and writes the visit. */
  started = step (clinic, clinic->doctor, nine, "start", NULL);
  ld_test_assert_status (started, 200);
  g_assert_cmpstr (ld_test_response_get_string (started, "appointment.state"), ==, "with_doctor");
  written = write_visit (clinic, clinic->doctor, nine,
                         "{\"complaint\": \"Fever for three days\","
                         " \"vitals\": {\"bp_systolic\": 128, \"bp_diastolic\": 84, \"pulse\": 92,"
                         "  \"temperature\": 38.4, \"spo2\": 97, \"respiratory_rate\": 18,"
                         "  \"weight\": 64.5, \"height\": 160},"
                         " \"findings\": \"Throat congested\", \"diagnosis\": \"Viral fever\","
                         " \"icd10\": \"B34.9\", \"advice\": \"Rest, fluids\","
                         " \"follow_up\": \"2030-01-16\"}");
  ld_test_assert_status (written, 200);
  vitals =
    json_object_get_object_member (json_object_get_object_member (ld_test_response_object (written),
                                                                  "visit"),
                                   "vitals");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (vitals, "bmi"), 25.2, 0.001);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (vitals, "units"),
                                                  "temperature"), ==, "°C");
  g_assert_false (json_object_get_boolean_member (
    json_object_get_object_member (ld_test_response_object (written), "visit"), "signed"));

  /* Tests prescribed during the visit belong to it; a visit of another
   * patient is refused. */
  {
    const char *visit_id = ld_test_response_get_string (written, "visit.id");
    g_autofree char *body = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\"],"
                                             " \"visit_id\": \"%s\"}", clinic->patient_id,
                                             visit_id);
    g_autofree char *wrong = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\"],"
                                              " \"visit_id\": \"%s\"}", clinic->patient2_id,
                                              visit_id);
    g_autoptr(LdTestResponse) order = ld_test_send_json (clinic->fx.server, "POST",
                                                          "/api/v1/orders", clinic->doctor, body);
    g_autoptr(LdTestResponse) refused =
                 ld_test_send_json (clinic->fx.server, "POST", "/api/v1/orders", clinic->doctor,
                                    wrong);

    ld_test_assert_status (order, 201);
    g_assert_cmpstr (ld_test_response_get_string (order, "order.visit_id"), ==, visit_id);
    ld_test_assert_error (refused, 422, "validation_failed");
    g_assert_cmpstr (ld_test_response_get_field_error (refused, "visit_id"), ==,
                     "is a visit of another patient");
  }

  sign_body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}",
                               ld_test_response_get_int (written, "visit.version"));
  {
    g_autofree char *sign_path = g_strdup_printf ("%s/sign", visit_path);

    signed_visit =
      ld_test_send_json (clinic->fx.server, "POST", sign_path, clinic->doctor, sign_body);
  }
  ld_test_assert_status (signed_visit, 200);
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (ld_test_response_object (signed_visit), "visit"), "signed"));

  /* A signed visit is amended with a reason; the old text is kept. */
  {
    g_autoptr(LdTestResponse) no_reason = NULL;
    g_autofree char *body =
      g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ","
                       " \"diagnosis\": \"Influenza\"}",
                       ld_test_response_get_int (signed_visit, "visit.version"));

    no_reason = write_visit (clinic, clinic->doctor, nine, body);
    ld_test_assert_error (no_reason, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (no_reason, "reason"));
  }
  amend_body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"complaint\": \"Fever\","
                                " \"diagnosis\": \"Influenza\", \"icd10\": \"J11\","
                                " \"reason\": \"Rapid test came back positive\"}",
                                ld_test_response_get_int (signed_visit, "visit.version"));
  amended = write_visit (clinic, clinic->doctor, nine, amend_body);
  ld_test_assert_status (amended, 200);
  g_assert_cmpstr (ld_test_response_get_string (amended, "visit.diagnosis"), ==, "Influenza");
  amendments =
    json_object_get_array_member (json_object_get_object_member (ld_test_response_object (amended),
                                                                 "visit"),
                                  "amendments");
  g_assert_cmpuint (json_array_get_length (amendments), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_array_get_object_element (amendments, 0),
                                                    "was"), "diagnosis"), ==, "Viral fever");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (amendments, 0),
                                                  "reason"), ==, "Rapid test came back positive");

  finished = step (clinic, clinic->doctor, nine, "finish", NULL);
  ld_test_assert_status (finished, 200);
  g_assert_cmpstr (ld_test_response_get_string (finished, "appointment.state"), ==, "done");

  /* The administrator reads the visit; the other doctor, who never saw
   * the patient, may not. */
  read_back = ld_test_get (clinic->fx.server, visit_path, clinic->fx.admin);
  ld_test_assert_status (read_back, 200);
  g_assert_cmpstr (ld_test_response_get_string (read_back, "visit.icd10"), ==, "J11");
  {
    g_autoptr(LdTestResponse) refused = ld_test_get (clinic->fx.server, visit_path, clinic->other);

    ld_test_assert_error (refused, 403, "forbidden");
  }

  /* The visit made the patient the doctor's: their history opens. */
  {
    g_autofree char *results = g_strdup_printf ("/api/v1/patients/%s/results", clinic->patient_id);

    history = ld_test_get (clinic->fx.server, results, clinic->doctor);
    ld_test_assert_status (history, 200);
  }

  /* Audited, each change; in the doctor's feed, not in the other's. */
  g_assert_cmpint (count_audit (clinic, "appointment.book", nine), ==, 1);
  g_assert_cmpint (count_audit (clinic, "appointment.check_in", nine), ==, 1);
  g_assert_cmpint (count_audit (clinic, "appointment.start", nine), ==, 1);
  g_assert_cmpint (count_audit (clinic, "appointment.finish", nine), ==, 1);
  g_assert_cmpint (count_audit (clinic, "appointment.walk_in", walk_in_id), ==, 1);
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM audit_events WHERE action = 'visit.amend'"),
                   ==, 1);
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM audit_events WHERE action = 'visit.sign'"),
                   ==, 1);
  feed = ld_test_replay_feed (clinic->fx.server, clinic->doctor);
  g_assert_true (g_hash_table_contains (feed, feed_key));
  other_feed = ld_test_replay_feed (clinic->fx.server, clinic->other);
  g_assert_false (g_hash_table_contains (other_feed, feed_key));
}

/* Reschedule, cancel with a reason, a no-show by the desk, and the end of
 * the day's sweep. */
static void
test_moves (Clinic        *clinic,
            gconstpointer  data)
{
  g_autofree char *first = book_ok (clinic, clinic->patient_id, 1, 10, 0);
  g_autofree char *second = book_ok (clinic, clinic->patient2_id, 1, 10, 15);
  g_autofree char *third = book_ok (clinic, clinic->patient2_id, 0, 9, 15);
  g_autofree char *new_start = start_at (1, 11, 0);
  g_autofree char *more = g_strdup_printf ("\"start\": \"%s\"", new_start);
  g_autoptr(LdTestResponse) moved = NULL;
  g_autoptr(LdTestResponse) no_reason = NULL;
  g_autoptr(LdTestResponse) cancelled = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) early = NULL;
  g_autoptr(LdTestResponse) no_show = NULL;
  g_autoptr(LdTestResponse) swept = NULL;
  g_autoptr(LdTestResponse) freed = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%s", second);
  g_autofree char *first_start = start_at (1, 10, 0);
  g_autofree char *moved_path = g_strdup_printf ("/api/v1/appointments/%s", first);
  g_autoptr(LdTestResponse) left = NULL;

  moved = step (clinic, clinic->desk, first, "reschedule", more);
  ld_test_assert_status (moved, 200);
  g_assert_cmpstr (ld_test_response_get_string (moved, "appointment.start"), ==, new_start);
  g_assert_cmpint (count_audit (clinic, "appointment.reschedule", first), ==, 1);

  /* Its old slot is free again. */
  freed = book (clinic, clinic->desk, clinic->patient2_id, clinic->doctor_id, first_start, NULL);
  ld_test_assert_status (freed, 201);

  no_reason = step (clinic, clinic->desk, second, "cancel", NULL);
  ld_test_assert_error (no_reason, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (no_reason, "reason"));
  cancelled = step (clinic, clinic->desk, second, "cancel", "\"reason\": \"Patient travelling\"");
  ld_test_assert_status (cancelled, 200);
  g_assert_cmpstr (ld_test_response_get_string (cancelled, "appointment.state"), ==, "cancelled");
  g_assert_cmpstr (ld_test_response_get_string (cancelled, "appointment.cancel_reason"), ==,
                   "Patient travelling");
  again = step (clinic, clinic->desk, second, "check-in", NULL);
  ld_test_assert_error (again, 409, "conflict");

  /* A no-show is marked once the time has come, not before. */
  early = step (clinic, clinic->desk, third, "no-show", NULL);
  ld_test_assert_error (early, 409, "conflict");
  ld_time_set_now (at (0, 9, 40));
  no_show = step (clinic, clinic->desk, third, "no-show", NULL);
  ld_test_assert_status (no_show, 200);
  g_assert_cmpstr (ld_test_response_get_string (no_show, "appointment.state"), ==, "no_show");

  /* The day after, the sweep marks what nobody came to. */
  ld_time_set_now (at (2, 7, 0));
  ld_test_server_run_minute_sweeps (clinic->fx.server);
  swept = ld_test_get (clinic->fx.server, moved_path, clinic->desk);
  ld_test_assert_status (swept, 200);
  g_assert_cmpstr (ld_test_response_get_string (swept, "appointment.state"), ==, "no_show");
  left = ld_test_get (clinic->fx.server, path, clinic->desk);
  g_assert_cmpstr (ld_test_response_get_string (left, "appointment.state"), ==, "cancelled");
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM audit_events"
                                  " WHERE action = 'appointment.no_show' AND username = 'system'"),
                   ==, 2);
  /* The rescheduled one, and the one booked into its old slot. */
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM appointments WHERE state = 'no_show'"), ==,
                   3);
}

static void
assert_start_refused (LdTestResponse *resp,
                      const char     *problem)
{
  ld_test_assert_error (resp, 422, "validation_failed");
  g_assert_true (g_str_has_prefix (ld_test_response_get_field_error (resp, "start"), problem));
}

/* Each refusal is a clear error and saves nothing. */
static void
test_refusals (Clinic        *clinic,
               gconstpointer  data)
{
  g_autofree char *leave_path = g_strdup_printf ("/api/v1/doctors/%s/leave", clinic->doctor_id);
  g_autofree char *other_leave = g_strdup_printf ("/api/v1/doctors/%s/leave", clinic->other_id);
  g_autofree char *schedule_path =
    g_strdup_printf ("/api/v1/doctors/%s/schedule", clinic->doctor_id);
  g_autofree char *tomorrow = day_of (1);
  g_autofree char *leave_body =
    g_strdup_printf ("{\"day\": \"%s\", \"reason\": \"Conference\"}", tomorrow);
  g_autofree char *booked = book_ok (clinic, clinic->patient_id, 0, 11, 0);
  g_autofree char *taken = start_at (0, 11, 0);
  g_autoptr(LdTestResponse) leave = NULL;
  g_autoptr(LdTestResponse) not_theirs = NULL;
  g_autoptr(LdTestResponse) not_admin = NULL;
  g_autoptr(LdTestResponse) twice = NULL;
  g_autoptr(LdTestResponse) over = NULL;
  g_autoptr(LdTestResponse) by_doctor = NULL;
  g_autoptr(LdTestResponse) not_in = NULL;
  g_autoptr(LdTestResponse) started_by_other = NULL;
  g_autoptr(LdTestResponse) checked = NULL;
  g_autoptr(LdTestResponse) started = NULL;
  g_autoptr(LdTestResponse) vital = NULL;
  g_autoptr(LdTestResponse) others_visit = NULL;
  g_autoptr(LdTestResponse) bad_schedule = NULL;
  gint64 appointments = 0;

  /* A doctor sets their own leave, not another's; only the
   * administrator sets hours. */
  leave = ld_test_send_json (clinic->fx.server, "POST", leave_path, clinic->doctor, leave_body);
  ld_test_assert_status (leave, 201);
  not_theirs =
    ld_test_send_json (clinic->fx.server, "POST", other_leave, clinic->doctor, leave_body);
  ld_test_assert_error (not_theirs, 403, "forbidden");
  not_admin = ld_test_send_json (clinic->fx.server, "PUT", schedule_path, clinic->desk, SCHEDULE);
  ld_test_assert_error (not_admin, 403, "forbidden");
  bad_schedule = ld_test_send_json (clinic->fx.server, "PUT", schedule_path, clinic->fx.admin,
                                    "{\"slot_minutes\": 2, \"hours\": {\"mon\": \"17:00-09:00\"}}");
  ld_test_assert_error (bad_schedule, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (bad_schedule, "slot_minutes"));
  g_assert_nonnull (ld_test_response_get_field_error (bad_schedule, "hours.mon"));

  appointments = count (clinic, "SELECT count(*) FROM appointments");
  {
    g_autofree char *evening = start_at (0, 18, 0);
    g_autofree char *sunday = start_at (4, 10, 0);
    g_autofree char *past = start_at (-1, 10, 0);
    g_autofree char *on_leave = start_at (1, 10, 0);
    g_autofree char *lunch = start_at (0, 13, 15);
    g_autofree char *off_grid = start_at (0, 10, 5);
    g_autoptr(LdTestResponse) r1 =
                 book (clinic, clinic->desk, clinic->patient_id, clinic->doctor_id, evening, NULL);
    g_autoptr(LdTestResponse) r2 =
                 book (clinic, clinic->desk, clinic->patient_id, clinic->doctor_id, sunday, NULL);
    g_autoptr(LdTestResponse) r3 =
                 book (clinic, clinic->desk, clinic->patient_id, clinic->doctor_id, past, NULL);
    g_autoptr(LdTestResponse) r4 =
                 book (clinic, clinic->desk, clinic->patient_id, clinic->doctor_id, on_leave, NULL);
    g_autoptr(LdTestResponse) r5 =
                 book (clinic, clinic->desk, clinic->patient_id, clinic->doctor_id, lunch, NULL);
    g_autoptr(LdTestResponse) r6 =
                 book (clinic, clinic->desk, clinic->patient_id, clinic->doctor_id, off_grid, NULL);
    g_autoptr(LdTestResponse) r7 =
                 book (clinic, clinic->desk, clinic->patient_id, clinic->other_id, taken, NULL);

    assert_start_refused (r1, "is outside the doctor's working hours");
    assert_start_refused (r2, "is outside the doctor's working hours");
    assert_start_refused (r3, "is in the past");
    assert_start_refused (r4, "is on the doctor's leave");
    assert_start_refused (r5, "is in the doctor's break");
    assert_start_refused (r6, "is not on the slot grid");
    /* The other doctor has no schedule. */
    ld_test_assert_error (r7, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (r7, "doctor_id"));
  }

  /* The slot is taken: a second booking is refused, an overbooking is
   * the desk's explicit choice, and audited as one. */
  twice = book (clinic, clinic->desk, clinic->patient2_id, clinic->doctor_id, taken, NULL);
  ld_test_assert_error (twice, 409, "conflict");
  g_assert_nonnull (ld_test_response_get_field_error (twice, "start"));
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM appointments"), ==, appointments);
  over = book (clinic, clinic->desk, clinic->patient2_id, clinic->doctor_id, taken,
               "\"overbook\": true");
  ld_test_assert_status (over, 201);
  g_assert_true (
    json_object_get_boolean_member (json_object_get_object_member (ld_test_response_object (over),
                                                                   "appointment"),
                                    "overbooked"));
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM audit_events WHERE action ="
                                  " 'appointment.book' AND detail = 'overbooked'"), ==, 1);

  /* A doctor books only for their own patient: a booking is no care. */
  by_doctor = book (clinic, clinic->doctor, clinic->patient_id, clinic->doctor_id, taken, NULL);
  ld_test_assert_error (by_doctor, 403, "forbidden");

  /* A visit for a patient not checked in; another doctor's patient. */
  not_in = write_visit (clinic, clinic->doctor, booked, "{\"complaint\": \"Cough\"}");
  ld_test_assert_error (not_in, 409, "conflict");
  ld_time_set_now (at (0, 10, 55));
  checked = step (clinic, clinic->desk, booked, "check-in", NULL);
  ld_test_assert_status (checked, 200);
  started_by_other = step (clinic, clinic->other, booked, "start", NULL);
  ld_test_assert_error (started_by_other, 403, "forbidden");
  started = step (clinic, clinic->doctor, booked, "start", NULL);
  ld_test_assert_status (started, 200);
  others_visit = write_visit (clinic, clinic->other, booked, "{\"complaint\": \"Cough\"}");
  ld_test_assert_error (others_visit, 403, "forbidden");

  /* An impossible vital: BP 400/20 and 60 °C, each named. */
  vital = write_visit (clinic, clinic->doctor, booked,
                       "{\"complaint\": \"Cough\", \"vitals\": {\"bp_systolic\": 400,"
                       " \"bp_diastolic\": 20, \"temperature\": 60}}");
  ld_test_assert_error (vital, 422, "validation_failed");
  g_assert_cmpstr (ld_test_response_get_field_error (vital, "vitals.temperature"), ==,
                   "must be from 25 to 45 °C");
  g_assert_cmpstr (ld_test_response_get_field_error (vital, "vitals.bp_systolic"), ==,
                   "must be from 50 to 260 mmHg");
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM visits"), ==, 0);
}

/* The doctor's patient, seen at 10:00 today: checked in, called in, the
 * visit written and signed. Returns the appointment's id. */
static char *
see_patient (Clinic     *clinic,
             const char *visit)
{
  g_autofree char *id = book_ok (clinic, clinic->patient_id, 0, 10, 0);
  g_autofree char *sign_path = g_strdup_printf ("/api/v1/appointments/%s/visit/sign", id);
  g_autoptr(LdTestResponse) checked = NULL;
  g_autoptr(LdTestResponse) started = NULL;
  g_autoptr(LdTestResponse) written = NULL;
  g_autoptr(LdTestResponse) signed_visit = NULL;

  ld_time_set_now (at (0, 9, 55));
  checked = step (clinic, clinic->desk, id, "check-in", NULL);
  ld_test_assert_status (checked, 200);
  started = step (clinic, clinic->doctor, id, "start", NULL);
  ld_test_assert_status (started, 200);
  written = write_visit (clinic, clinic->doctor, id, visit);
  ld_test_assert_status (written, 200);
  signed_visit =
    ld_test_send_json (clinic->fx.server, "POST", sign_path, clinic->doctor, "{\"version\": 1}");
  ld_test_assert_status (signed_visit, 200);
  return g_steal_pointer (&id);
}

/* A doctor books a follow-up with themselves for the patient they saw,
 * audited as the desk's booking; not in another's schedule, not for
 * another's patient, not an overbooking nor a walk-in, and nothing is
 * saved when refused. */
static void
test_doctor_books (Clinic        *clinic,
                   gconstpointer  data)
{
  g_autofree char *seen = see_patient (clinic, "{\"complaint\": \"Fever\"}");
  g_autofree char *next_week = start_at (7, 10, 0);
  g_autofree char *other_path = g_strdup_printf ("/api/v1/doctors/%s/schedule", clinic->other_id);
  g_autofree char *walk_in =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"walk_in\": true}",
                     clinic->patient_id, clinic->doctor_id);
  g_autofree char *audited = NULL;
  g_autoptr(LdTestResponse) other_schedule = NULL;
  g_autoptr(LdTestResponse) others_slot = NULL;
  g_autoptr(LdTestResponse) not_theirs = NULL;
  g_autoptr(LdTestResponse) others_patient = NULL;
  g_autoptr(LdTestResponse) walked = NULL;
  g_autoptr(LdTestResponse) follow_up = NULL;
  g_autoptr(LdTestResponse) over = NULL;
  gint64 appointments;

  other_schedule =
    ld_test_send_json (clinic->fx.server, "PUT", other_path, clinic->fx.admin, SCHEDULE);
  ld_test_assert_status (other_schedule, 200);
  appointments = count (clinic, "SELECT count(*) FROM appointments");

  /* Another doctor's slot, even for one's own patient. */
  others_slot =
    book (clinic, clinic->doctor, clinic->patient_id, clinic->other_id, next_week, NULL);
  ld_test_assert_error (others_slot, 403, "forbidden");
  /* A patient the doctor has not seen. */
  not_theirs =
    book (clinic, clinic->doctor, clinic->patient2_id, clinic->doctor_id, next_week, NULL);
  ld_test_assert_error (not_theirs, 403, "forbidden");
  /* Another doctor's patient, in that doctor's own schedule. */
  others_patient =
    book (clinic, clinic->other, clinic->patient_id, clinic->other_id, next_week, NULL);
  ld_test_assert_error (others_patient, 403, "forbidden");
  /* Walk-ins are the desk's. */
  walked =
    ld_test_send_json (clinic->fx.server, "POST", "/api/v1/appointments", clinic->doctor, walk_in);
  ld_test_assert_error (walked, 403, "forbidden");
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM appointments"), ==, appointments);

  follow_up = book (clinic, clinic->doctor, clinic->patient_id, clinic->doctor_id, next_week,
                    "\"note\": \"Follow-up of fever\"");
  ld_test_assert_status (follow_up, 201);
  g_assert_cmpstr (ld_test_response_get_string (follow_up, "appointment.state"), ==, "booked");
  g_assert_cmpstr (ld_test_response_get_string (follow_up, "appointment.booked_by"), ==,
                   clinic->doctor_id);
  audited = g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = 'appointment.book'"
                             " AND username = 'doctor' AND entity_id = '%s'",
                             ld_test_response_get_string (follow_up, "appointment.id"));
  g_assert_cmpint (count (clinic, audited), ==, 1);

  /* The slot is taken now; overbooking stays the desk's choice. */
  over = book (clinic, clinic->doctor, clinic->patient_id, clinic->doctor_id, next_week,
               "\"overbook\": true");
  ld_test_assert_error (over, 403, "forbidden");
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM appointments"), ==, appointments + 1);
}

/* The patient's visits, the latest first with their day and doctor, for
 * the patient's doctors and the administrator; each read audited. */
static void
test_patient_visits (Clinic        *clinic,
                     gconstpointer  data)
{
  g_autofree char *seen = see_patient (clinic, "{\"complaint\": \"Fever\","
                                               " \"diagnosis\": \"Viral fever\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s/visits", clinic->patient_id);
  g_autofree char *bad_query = g_strdup_printf ("%s?sort=day", path);
  g_autofree char *today = day_of (0);
  g_autoptr(LdTestResponse) mine = NULL;
  g_autoptr(LdTestResponse) admins = NULL;
  g_autoptr(LdTestResponse) others = NULL;
  g_autoptr(LdTestResponse) desks = NULL;
  g_autoptr(LdTestResponse) nobody = NULL;
  g_autoptr(LdTestResponse) bad = NULL;
  JsonArray *items;
  JsonObject *visit;

  mine = ld_test_get (clinic->fx.server, path, clinic->doctor);
  ld_test_assert_status (mine, 200);
  items = json_object_get_array_member (ld_test_response_object (mine), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  visit = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (visit, "appointment_id"), ==, seen);
  g_assert_cmpstr (json_object_get_string_member (visit, "diagnosis"), ==, "Viral fever");
  g_assert_cmpstr (json_object_get_string_member (visit, "day"), ==, today);
  g_assert_cmpstr (json_object_get_string_member (visit, "doctor_name"), !=, NULL);
  g_assert_true (json_object_get_boolean_member (visit, "signed"));

  admins = ld_test_get (clinic->fx.server, path, clinic->fx.admin);
  ld_test_assert_status (admins, 200);
  others = ld_test_get (clinic->fx.server, path, clinic->other);
  ld_test_assert_error (others, 403, "forbidden");
  desks = ld_test_get (clinic->fx.server, path, clinic->desk);
  ld_test_assert_error (desks, 403, "forbidden");
  nobody =
    ld_test_get (clinic->fx.server, "/api/v1/patients/no-such-patient/visits", clinic->doctor);
  ld_test_assert_error (nobody, 404, "not_found");
  bad = ld_test_get (clinic->fx.server, bad_query, clinic->doctor);
  g_assert_cmpuint (bad->status, ==, 400);
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM audit_events WHERE action ="
                                  " 'patient.visits'"), ==, 2);
}

typedef struct
{
  Clinic         *clinic;
  GMutex          lock;
  GCond           go;
  gboolean        started;
  const char     *body;
  LdTestResponse *answers[N_DESKS];
} Race;

typedef struct
{
  Race  *race;
  guint  index;
} Desk;

static gpointer
desk_thread (gpointer data)
{
  Desk *desk = data;
  Race *race = desk->race;

  g_mutex_lock (&race->lock);
  while (!race->started)
    g_cond_wait (&race->go, &race->lock);
  g_mutex_unlock (&race->lock);

  race->answers[desk->index] =
    ld_test_send_json (race->clinic->fx.server, "POST", "/api/v1/appointments", race->clinic->desk,
                       race->body);
  return NULL;
}

/* 32 desks book one slot at once: exactly one booking, the others told
 * the slot is taken; the database holds one appointment. */
static void
test_race (Clinic        *clinic,
           gconstpointer  data)
{
  g_autofree GThread **threads = g_new0 (GThread *, N_DESKS);
  g_autofree Desk     *desks = g_new0 (Desk, N_DESKS);
  g_autofree char     *start = start_at (1, 9, 30);
  g_autofree char     *body = g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\","
                                                   " \"start\": \"%s\"}",
                                               clinic->patient_id, clinic->doctor_id, start);
  Race                 race = { .clinic = clinic, .body = body };
  guint                n_booked = 0, n_taken = 0;

  g_mutex_init (&race.lock);
  g_cond_init (&race.go);
  for (guint i = 0; i < N_DESKS; i++)
    {
      desks[i] = (Desk){ &race, i };
      threads[i] = g_thread_new ("desk", desk_thread, &desks[i]);
    }
  g_mutex_lock (&race.lock);
  race.started = TRUE;
  g_cond_broadcast (&race.go);
  g_mutex_unlock (&race.lock);
  for (guint i = 0; i < N_DESKS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_DESKS; i++)
    {
      LdTestResponse *resp = race.answers[i];

      if (resp->status == 201)
        n_booked++;
      else
        {
          ld_test_assert_error (resp, 409, "conflict");
          g_assert_cmpstr (ld_test_response_get_field_error (resp, "start"), ==,
                           "is already booked");
          n_taken++;
        }
      ld_test_response_free (resp);
    }
  g_assert_cmpuint (n_booked, ==, 1);
  g_assert_cmpuint (n_taken, ==, N_DESKS - 1);
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM appointments"), ==, 1);
  g_assert_cmpint (count (clinic, "SELECT count(*) FROM audit_events"
                                  " WHERE action = 'appointment.book'"), ==, 1);
  g_mutex_clear (&race.lock);
  g_cond_clear (&race.go);
}

/* Free slots skip the break, the taken slot and the leave; by
 * speciality they are every such doctor's. */
static void
test_slots (Clinic        *clinic,
            gconstpointer  data)
{
  g_autofree char *taken = book_ok (clinic, clinic->patient_id, 0, 9, 15);
  g_autofree char *path =
    g_strdup_printf ("/api/v1/slots?doctor_id=%s&limit=40", clinic->doctor_id);
  g_autofree char *nine = start_at (0, 9, 0);
  g_autofree char *nine_thirty = start_at (0, 9, 30);
  g_autoptr(LdTestResponse) slots = ld_test_get (clinic->fx.server, path, clinic->desk);
  g_autoptr(LdTestResponse) by_speciality =
               ld_test_get (clinic->fx.server,
                            "/api/v1/slots?speciality=general%20medicine&limit=3", clinic->desk);
  g_autoptr(LdTestResponse) neither =
               ld_test_get (clinic->fx.server, "/api/v1/slots", clinic->desk);
  JsonArray *items;

  ld_test_assert_status (slots, 200);
  items = json_object_get_array_member (ld_test_response_object (slots), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 40);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "start"), ==, nine);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1),
                                                  "start"), ==, nine_thirty);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *start =
        json_object_get_string_member (json_array_get_object_element (items, i), "start");
      gint64 start_us;
      g_autoptr(GDateTime) local = NULL;

      g_assert_true (ld_time_parse_rfc3339 (start, &start_us));
      local = g_date_time_new_from_unix_local (start_us / G_USEC_PER_SEC);
      g_assert_cmpint (g_date_time_get_hour (local), !=, 13);
    }

  ld_test_assert_status (by_speciality, 200);
  items = json_object_get_array_member (ld_test_response_object (by_speciality), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "doctor_id"), ==, clinic->doctor_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "room"), ==, "Room 3");
  ld_test_assert_error (neither, 422, "validation_failed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ((path), Clinic, NULL, clinic_setup, (func), clinic_teardown)
  ADD ("/server/appointments/day", test_day);
  ADD ("/server/appointments/moves", test_moves);
  ADD ("/server/appointments/refusals", test_refusals);
  ADD ("/server/appointments/slots", test_slots);
  ADD ("/server/appointments/race", test_race);
  ADD ("/server/appointments/doctor-books", test_doctor_books);
  ADD ("/server/appointments/patient-visits", test_patient_visits);
#undef ADD

  return g_test_run ();
}

/* test-appointment-rules.c: an appointment's moves, a doctor's slots, vitals
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shared rules alone, as the server and (later) the client run them;
 * a visit and its amendments read back as written.
 */

#include "config.h"

#include <math.h>

#include "ld-appointment.h"
#include "ld-appointment-rules.h"
#include "ld-error.h"
#include "ld-schedule.h"
#include "ld-visit-amendment.h"
#include "ld-vitals.h"

static const LdActor desk = { LD_ROLE_RECEPTION, FALSE, "desk-1" };
static const LdActor doctor = { LD_ROLE_DOCTOR, FALSE, "doctor-1" };
static const LdActor admin = { LD_ROLE_ADMIN, FALSE, "admin-1" };
static const LdActor technician = { LD_ROLE_TECHNICIAN, FALSE, "tech-1" };

static void
assert_refused (LdAppointmentAction  action,
                const LdActor       *actor,
                LdAppointmentState   state,
                int                  code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ld_appointment_check (action, actor, state, "doctor-1", &error));
  g_assert_error (error, LD_API_ERROR, code);
}

static void
test_moves (void)
{
  g_autoptr(GError) error = NULL;

  /* booked → checked_in → with_doctor → done */
  g_assert_true (ld_appointment_check (LD_APPOINTMENT_BOOK, &desk, LD_APPOINTMENT_STATE_BOOKED,
                                       "doctor-1", &error));
  g_assert_true (ld_appointment_check (LD_APPOINTMENT_CHECK_IN, &desk,
                                       LD_APPOINTMENT_STATE_BOOKED, "doctor-1", &error));
  g_assert_true (ld_appointment_check (LD_APPOINTMENT_START, &doctor,
                                       LD_APPOINTMENT_STATE_CHECKED_IN, "doctor-1", &error));
  g_assert_true (ld_appointment_check (LD_APPOINTMENT_FINISH, &doctor,
                                       LD_APPOINTMENT_STATE_WITH_DOCTOR, "doctor-1", &error));
  g_assert_true (ld_appointment_check (LD_APPOINTMENT_CANCEL, &admin,
                                       LD_APPOINTMENT_STATE_CHECKED_IN, "doctor-1", &error));
  g_assert_true (ld_appointment_check (LD_APPOINTMENT_START, &admin,
                                       LD_APPOINTMENT_STATE_CHECKED_IN, "doctor-1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ld_appointment_action_target (LD_APPOINTMENT_CHECK_IN,
                                                 LD_APPOINTMENT_STATE_BOOKED), ==,
                   LD_APPOINTMENT_STATE_CHECKED_IN);
  g_assert_cmpint (ld_appointment_action_target (LD_APPOINTMENT_WRITE_VISIT,
                                                 LD_APPOINTMENT_STATE_DONE), ==,
                   LD_APPOINTMENT_STATE_DONE);

  /* Wrong role, another doctor's, wrong state. A doctor books in their
   * own schedule only, and queues no walk-in. */
  g_assert_true (ld_appointment_check (LD_APPOINTMENT_BOOK, &doctor, LD_APPOINTMENT_STATE_BOOKED,
                                       "doctor-1", &error));
  g_assert_no_error (error);
  assert_refused (LD_APPOINTMENT_WALK_IN, &doctor, LD_APPOINTMENT_STATE_BOOKED,
                  LD_API_ERROR_FORBIDDEN);
  {
    const LdActor other = { LD_ROLE_DOCTOR, FALSE, "doctor-2" };

    assert_refused (LD_APPOINTMENT_BOOK, &other, LD_APPOINTMENT_STATE_BOOKED,
                    LD_API_ERROR_FORBIDDEN);
  }
  assert_refused (LD_APPOINTMENT_CHECK_IN, &technician, LD_APPOINTMENT_STATE_BOOKED,
                  LD_API_ERROR_FORBIDDEN);
  assert_refused (LD_APPOINTMENT_START, &desk, LD_APPOINTMENT_STATE_CHECKED_IN,
                  LD_API_ERROR_FORBIDDEN);
  {
    const LdActor other = { LD_ROLE_DOCTOR, FALSE, "doctor-2" };

    assert_refused (LD_APPOINTMENT_START, &other, LD_APPOINTMENT_STATE_CHECKED_IN,
                    LD_API_ERROR_FORBIDDEN);
    assert_refused (LD_APPOINTMENT_WRITE_VISIT, &other, LD_APPOINTMENT_STATE_WITH_DOCTOR,
                    LD_API_ERROR_FORBIDDEN);
  }
  assert_refused (LD_APPOINTMENT_WRITE_VISIT, &admin, LD_APPOINTMENT_STATE_WITH_DOCTOR,
                  LD_API_ERROR_FORBIDDEN);
  assert_refused (LD_APPOINTMENT_WRITE_VISIT, &doctor, LD_APPOINTMENT_STATE_BOOKED,
                  LD_API_ERROR_CONFLICT);
  assert_refused (LD_APPOINTMENT_START, &doctor, LD_APPOINTMENT_STATE_BOOKED,
                  LD_API_ERROR_CONFLICT);
  assert_refused (LD_APPOINTMENT_CHECK_IN, &desk, LD_APPOINTMENT_STATE_CANCELLED,
                  LD_API_ERROR_CONFLICT);
  assert_refused (LD_APPOINTMENT_NO_SHOW, &desk, LD_APPOINTMENT_STATE_CHECKED_IN,
                  LD_API_ERROR_CONFLICT);
  assert_refused (LD_APPOINTMENT_RESCHEDULE, &desk, LD_APPOINTMENT_STATE_DONE,
                  LD_API_ERROR_CONFLICT);

  g_assert_false (ld_appointment_state_holds_slot (LD_APPOINTMENT_STATE_CANCELLED));
  g_assert_false (ld_appointment_state_holds_slot (LD_APPOINTMENT_STATE_NO_SHOW));
  g_assert_true (ld_appointment_state_holds_slot (LD_APPOINTMENT_STATE_BOOKED));
  g_assert_false (ld_appointment_state_grants_care (LD_APPOINTMENT_STATE_BOOKED));
  g_assert_true (ld_appointment_state_grants_care (LD_APPOINTMENT_STATE_CHECKED_IN));
  g_assert_cmpstr (ld_appointment_state_to_string (LD_APPOINTMENT_STATE_NO_SHOW), ==, "no_show");
}

/* A doctor's booking is for their own patient, never an overbooking;
 * the desk and the administrator book as the clinic. */
static void
test_doctor_booking (void)
{
  const LdActor doctor_admin = { LD_ROLE_DOCTOR | LD_ROLE_ADMIN, FALSE, "doctor-1" };
  g_autoptr(GError) theirs = NULL;
  g_autoptr(GError) not_theirs = NULL;
  g_autoptr(GError) over = NULL;

  g_assert_true (ld_appointment_books_as_doctor (&doctor));
  g_assert_false (ld_appointment_books_as_doctor (&desk));
  g_assert_false (ld_appointment_books_as_doctor (&admin));
  g_assert_false (ld_appointment_books_as_doctor (&doctor_admin));
  g_assert_true (ld_appointment_check_doctor_booking (&doctor, TRUE, FALSE, &theirs));
  g_assert_no_error (theirs);
  g_assert_false (ld_appointment_check_doctor_booking (&doctor, FALSE, FALSE, &not_theirs));
  g_assert_error (not_theirs, LD_API_ERROR, LD_API_ERROR_FORBIDDEN);
  g_assert_false (ld_appointment_check_doctor_booking (&doctor, TRUE, TRUE, &over));
  g_assert_error (over, LD_API_ERROR, LD_API_ERROR_FORBIDDEN);
}

static LdSchedule *
read_schedule (const char *json,
               GError    **error)
{
  g_autoptr(JsonObject) object = ld_json_parse_object (json, -1, NULL);
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autoptr(LdSchedule) schedule = ld_schedule_new ();

  ld_schedule_read (schedule, reader);
  if (!ld_json_reader_finish (reader, error))
    return NULL;
  return g_steal_pointer (&schedule);
}

static gint64
local_us (int day,
          int hour,
          int minute)
{
  /* Monday 7 January 2030. */
  g_autoptr(GDateTime) time = g_date_time_new_local (2030, 1, 7 + day, hour, minute, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
assert_slot_refused (const LdSchedule *schedule,
                     gint64            start_us,
                     gint64            now_us,
                     const char       *problem)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ld_schedule_check_slot (schedule, start_us, now_us, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
  g_assert_true (
    g_str_has_prefix (g_hash_table_lookup (ld_api_error_get_fields (error), "start"), problem));
}

static void
test_schedule (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSchedule) schedule =
      read_schedule ("{\"slot_minutes\": 20, \"room\": \"2\", \"hours\": {\"mon\": \"10:00-12:00\","
                     " \"tue\": \"10:00-12:00\"}, \"breaks\": [\"11:00-11:20\"]}",
                     &error);
  g_autoptr(LdSchedule) bad = NULL;
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 now = local_us (0, 8, 0);
  gint64 ten_twenty = local_us (0, 10, 20);

  g_assert_no_error (error);
  g_assert_true (ld_schedule_check_slot (schedule, local_us (0, 10, 0), now, &error));
  g_assert_true (ld_schedule_check_slot (schedule, local_us (0, 11, 40), now, &error));
  g_assert_no_error (error);
  assert_slot_refused (schedule, local_us (0, 9, 40), now, "is outside the doctor's working hours");
  assert_slot_refused (schedule, local_us (0, 12, 0), now, "is outside the doctor's working hours");
  assert_slot_refused (schedule, local_us (2, 10, 0), now, "is outside the doctor's working hours");
  assert_slot_refused (schedule, local_us (0, 10, 10), now, "is not on the slot grid");
  assert_slot_refused (schedule, local_us (0, 11, 0), now, "is in the doctor's break");
  assert_slot_refused (schedule, local_us (0, 10, 0), local_us (0, 10, 1), "is in the past");
  g_hash_table_add (schedule->leave, g_strdup ("2030-01-08"));
  assert_slot_refused (schedule, local_us (1, 10, 0), now, "is on the doctor's leave");

  /* Monday 10:00, (10:20 taken), 10:40, (11:00 in the break), 11:20,
   * 11:40; Tuesday on leave; next Monday. */
  g_hash_table_add (taken, &ten_twenty);
  slots = ld_schedule_free_slots (schedule, now, now, taken, 5);
  g_assert_cmpuint (slots->len, ==, 5);
  g_assert_cmpint (g_array_index (slots, gint64, 0), ==, local_us (0, 10, 0));
  g_assert_cmpint (g_array_index (slots, gint64, 1), ==, local_us (0, 10, 40));
  g_assert_cmpint (g_array_index (slots, gint64, 2), ==, local_us (0, 11, 20));
  g_assert_cmpint (g_array_index (slots, gint64, 3), ==, local_us (0, 11, 40));
  g_assert_cmpint (g_array_index (slots, gint64, 4), ==, local_us (7, 10, 0));

  /* The desk's day view: the whole grid, taken or past, none on leave. */
  {
    g_autoptr(GArray) day = ld_schedule_day_slots (schedule, "2030-01-07");
    g_autoptr(GArray) leave = ld_schedule_day_slots (schedule, "2030-01-08");
    g_autoptr(GArray) off = ld_schedule_day_slots (schedule, "2030-01-09");

    g_assert_cmpuint (day->len, ==, 5);
    g_assert_cmpint (g_array_index (day, gint64, 1), ==, ten_twenty);
    g_assert_cmpint (g_array_index (day, gint64, 4), ==, local_us (0, 11, 40));
    g_assert_cmpuint (leave->len, ==, 0);
    g_assert_true (ld_schedule_is_on_leave (schedule, "2030-01-08"));
    g_assert_false (ld_schedule_is_on_leave (schedule, "2030-01-07"));
    g_assert_cmpuint (off->len, ==, 0);
    g_assert_null (ld_schedule_day_slots (schedule, "7 Jan"));
  }

  bad = read_schedule ("{\"slot_minutes\": 500, \"hours\": {\"mon\": \"9-5\"},"
                       " \"breaks\": [\"lunch\"]}", &error);
  g_assert_null (bad);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
}

/* A field's problem in a refusal, or NULL. */
static const char *
field_problem (const GError *error,
               const char   *field)
{
  return g_hash_table_lookup (ld_api_error_get_fields (error), field);
}

/* The admin's form, as typed, judged as the server judges its body. */
static void
test_schedule_form (void)
{
  LdScheduleForm form = {
    .speciality = " Cardiology ",
    .room = "",
    .slot_minutes = " 20",
    .hours = { "10:00-12:00", " 10:00-12:00 ", NULL, "", NULL, NULL, NULL },
    .breaks = "11:00-11:20, ,16:00-16:15 ",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSchedule) schedule = ld_schedule_from_form (&form, &error);
  g_autoptr(LdSchedule) bad_slot = NULL;
  g_autoptr(LdSchedule) bad_span = NULL;
  g_autoptr(LdSchedule) short_slot = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (schedule);
  g_assert_null (schedule->doctor_id);
  g_assert_cmpstr (schedule->speciality, ==, "Cardiology");
  g_assert_null (schedule->room);
  g_assert_cmpint (schedule->slot_minutes, ==, 20);
  g_assert_cmpint (schedule->hours[0].start_min, ==, 10 * 60);
  g_assert_cmpint (schedule->hours[0].end_min, ==, 12 * 60);
  g_assert_cmpint (schedule->hours[1].end_min, ==, 12 * 60);
  for (guint day = 2; day < 7; day++)
    g_assert_cmpint (schedule->hours[day].end_min, ==, 0);
  g_assert_cmpuint (schedule->breaks->len, ==, 2);
  g_assert_cmpint (g_array_index (schedule->breaks, LdSpan, 1).start_min, ==, 16 * 60);

  /* A slot length that is not a number: the reader's refusal, by name. */
  form.slot_minutes = "twenty";
  bad_slot = ld_schedule_from_form (&form, &error);
  g_assert_null (bad_slot);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
  g_assert_nonnull (field_problem (error, "slot_minutes"));
  g_assert_null (field_problem (error, "hours.mon"));
  g_clear_error (&error);

  form.slot_minutes = "4";
  short_slot = ld_schedule_from_form (&form, &error);
  g_assert_null (short_slot);
  g_assert_cmpstr (field_problem (error, "slot_minutes"), ==, "must be from 5 to 240 minutes");
  g_clear_error (&error);

  /* A bad span, a day's and a break's, each beside its field. */
  form.slot_minutes = "20";
  form.hours[2] = "9-5";
  form.breaks = "13:00-14:00, 15:00";
  bad_span = ld_schedule_from_form (&form, &error);
  g_assert_null (bad_span);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
  g_assert_cmpstr (field_problem (error, "hours.wed"), ==, "must be a time span like 09:00-17:00");
  g_assert_cmpstr (field_problem (error, "breaks"), ==, "must be time spans like 13:00-14:00");
  g_assert_null (field_problem (error, "slot_minutes"));
  g_assert_null (field_problem (error, "hours.mon"));
}

static void
test_vitals (void)
{
  LdVitals vitals;
  g_autoptr(GError) error = NULL;
  GHashTable *fields;

  ld_vitals_init (&vitals);
  g_assert_true (ld_vitals_check (&vitals, &error));
  g_assert_true (isnan (ld_vitals_get_bmi (&vitals)));
  vitals.values[LD_VITAL_WEIGHT] = 70;
  vitals.values[LD_VITAL_HEIGHT] = 175;
  g_assert_cmpfloat_with_epsilon (ld_vitals_get_bmi (&vitals), 22.9, 0.0001);
  vitals.values[LD_VITAL_BP_SYSTOLIC] = 120;
  vitals.values[LD_VITAL_BP_DIASTOLIC] = 80;
  vitals.values[LD_VITAL_TEMPERATURE] = 37.2;
  g_assert_true (ld_vitals_check (&vitals, &error));
  g_assert_no_error (error);

  vitals.values[LD_VITAL_BP_SYSTOLIC] = 400;
  vitals.values[LD_VITAL_BP_DIASTOLIC] = 20;
  vitals.values[LD_VITAL_TEMPERATURE] = 60;
  vitals.values[LD_VITAL_SPO2] = 101;
  g_assert_false (ld_vitals_check (&vitals, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
  fields = ld_api_error_get_fields (error);
  g_assert_cmpstr (g_hash_table_lookup (fields, "temperature"), ==, "must be from 25 to 45 °C");
  g_assert_cmpstr (g_hash_table_lookup (fields, "bp_systolic"), ==, "must be from 50 to 260 mmHg");
  g_assert_cmpstr (g_hash_table_lookup (fields, "spo2"), ==, "must be from 50 to 100 %");
  g_assert_null (g_hash_table_lookup (fields, "bp_diastolic"));
  g_clear_error (&error);

  ld_vitals_init (&vitals);
  vitals.values[LD_VITAL_BP_SYSTOLIC] = 90;
  vitals.values[LD_VITAL_BP_DIASTOLIC] = 95;
  g_assert_false (ld_vitals_check (&vitals, &error));
  g_assert_nonnull (g_hash_table_lookup (ld_api_error_get_fields (error), "bp_diastolic"));
}

static void
test_icd10 (void)
{
  g_assert_true (ld_icd10_code_is_valid ("J45"));
  g_assert_true (ld_icd10_code_is_valid ("E11.9"));
  g_assert_true (ld_icd10_code_is_valid ("S52.5011"));
  g_assert_false (ld_icd10_code_is_valid ("e11.9"));
  g_assert_false (ld_icd10_code_is_valid ("E1"));
  g_assert_false (ld_icd10_code_is_valid ("E11."));
  g_assert_false (ld_icd10_code_is_valid ("E11-9"));
}

/* The client reads an appointment back as the server wrote it. */
static void
test_read_back (void)
{
  g_autoptr(LdAppointment) written = ld_appointment_new ();
  g_autoptr(LdAppointment) read = NULL;
  g_autoptr(JsonNode) node = NULL;

  written->id = g_strdup ("a-1");
  written->doctor_id = g_strdup ("d-1");
  written->patient_id = g_strdup ("p-1");
  written->patient_name = g_strdup ("Anjali Desai");
  written->day = g_strdup ("2030-01-07");
  written->slot_us = local_us (0, 10, 20);
  written->state = LD_APPOINTMENT_STATE_CHECKED_IN;
  written->token = 3;
  written->checked_in_us = local_us (0, 10, 5);
  written->version = 2;
  node = ld_appointment_to_node (written);
  read = ld_appointment_read_object (json_node_get_object (node));

  g_assert_cmpstr (read->id, ==, "a-1");
  g_assert_cmpstr (read->doctor_id, ==, "d-1");
  g_assert_cmpstr (read->patient_name, ==, "Anjali Desai");
  g_assert_cmpstr (read->day, ==, "2030-01-07");
  g_assert_cmpint (read->slot_us, ==, written->slot_us);
  g_assert_cmpint (read->state, ==, LD_APPOINTMENT_STATE_CHECKED_IN);
  g_assert_cmpint (read->token, ==, 3);
  g_assert_cmpint (read->checked_in_us, ==, written->checked_in_us);
  g_assert_cmpint (read->started_us, ==, 0);
  g_assert_null (read->note);
  g_assert_cmpint (read->version, ==, 2);
}

static LdVisitAmendment *
new_amendment (gint64      version,
               const char *reason,
               const char *by_name,
               gint64      at_us,
               const char *diagnosis,
               const char *advice)
{
  LdVisitAmendment *amendment = ld_visit_amendment_new ();

  amendment->version = version;
  amendment->reason = g_strdup (reason);
  amendment->amended_by = g_strdup ("doctor-1");
  amendment->amended_by_name = g_strdup (by_name);
  amendment->amended_us = at_us;
  amendment->was = ld_visit_new ();
  amendment->was->id = g_strdup ("v-1");
  amendment->was->complaint = g_strdup ("Fever for three days");
  amendment->was->diagnosis = g_strdup (diagnosis);
  amendment->was->advice = g_strdup (advice);
  amendment->was->vitals.values[LD_VITAL_TEMPERATURE] = 38.4;
  amendment->was->signed_us = local_us (0, 10, 30);
  amendment->was->version = version;
  return amendment;
}

/* A visit amended twice, written, read back and written again: the
 * typed amendments survive, and the wire does not move. */
static void
test_visit_amendments (void)
{
  g_autoptr(LdVisit) written = ld_visit_new ();
  g_autoptr(LdVisit) read = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  const LdVisitAmendment *first;
  const LdVisitAmendment *second;
  JsonObject *wire;

  written->id = g_strdup ("v-1");
  written->appointment_id = g_strdup ("a-1");
  written->complaint = g_strdup ("Fever");
  written->diagnosis = g_strdup ("Dengue fever");
  written->icd10 = g_strdup ("A90");
  written->signed_us = local_us (0, 10, 30);
  written->version = 4;
  g_ptr_array_add (written->amendments,
                   new_amendment (2, "Rapid test came back positive", "Dr. Arjun Mehta",
                                  local_us (0, 11, 5), "Viral fever", NULL));
  g_ptr_array_add (written->amendments,
                   new_amendment (3, "NS1 antigen positive", NULL, local_us (1, 9, 0),
                                  "Influenza", "Rest, fluids"));
  node = ld_visit_to_node (written);
  read = ld_visit_read_object (json_node_get_object (node));

  g_assert_cmpuint (read->amendments->len, ==, 2);
  first = g_ptr_array_index (read->amendments, 0);
  second = g_ptr_array_index (read->amendments, 1);
  g_assert_cmpint (first->version, ==, 2);
  g_assert_cmpstr (first->reason, ==, "Rapid test came back positive");
  g_assert_cmpstr (first->amended_by, ==, "doctor-1");
  g_assert_cmpstr (first->amended_by_name, ==, "Dr. Arjun Mehta");
  g_assert_cmpint (first->amended_us, ==, local_us (0, 11, 5));
  g_assert_nonnull (first->was);
  g_assert_cmpstr (ld_visit_get_text (first->was, LD_VISIT_FIELD_DIAGNOSIS), ==, "Viral fever");
  g_assert_cmpstr (ld_visit_get_text (first->was, LD_VISIT_FIELD_COMPLAINT), ==,
                   "Fever for three days");
  g_assert_null (ld_visit_get_text (first->was, LD_VISIT_FIELD_ADVICE));
  g_assert_cmpfloat (first->was->vitals.values[LD_VITAL_TEMPERATURE], ==, 38.4);
  g_assert_cmpint (first->was->signed_us, ==, local_us (0, 10, 30));
  g_assert_cmpuint (first->was->amendments->len, ==, 0);
  g_assert_cmpint (second->version, ==, 3);
  g_assert_null (second->amended_by_name);
  g_assert_cmpint (second->amended_us, ==, local_us (1, 9, 0));
  g_assert_cmpstr (ld_visit_get_text (second->was, LD_VISIT_FIELD_DIAGNOSIS), ==, "Influenza");
  g_assert_cmpstr (ld_visit_get_text (second->was, LD_VISIT_FIELD_ADVICE), ==, "Rest, fluids");
  g_assert_cmpstr (ld_visit_get_text (read, LD_VISIT_FIELD_DIAGNOSIS), ==, "Dengue fever");
  g_assert_cmpstr (ld_visit_get_text (read, LD_VISIT_FIELD_ICD10), ==, "A90");

  /* The wire shape docs/api.md shows, each member by its name. */
  wire = json_array_get_object_element (json_object_get_array_member (json_node_get_object (node),
                                                                      "amendments"),
                                        0);
  g_assert_cmpint (json_object_get_int_member (wire, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (wire, "amended_by_name"), ==,
                   "Dr. Arjun Mehta");
  g_assert_nonnull (json_object_get_string_member (wire, "amended_at"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (wire, "was"),
                                                  "diagnosis"), ==, "Viral fever");

  again = ld_visit_to_node (read);
  text = ld_json_to_string (node);
  text_again = ld_json_to_string (again);
  g_assert_cmpstr (text_again, ==, text);

  /* A "was" that is not a record reads as none, and writes as null. */
  {
    g_autoptr(JsonObject) odd =
                 ld_json_parse_object ("{\"version\": 5, \"reason\": \"x\", \"was\": \"text\"}", -1,
                                       NULL);
    g_autoptr(LdVisitAmendment) amendment = ld_visit_amendment_read_object (odd);

    g_assert_cmpint (amendment->version, ==, 5);
    g_assert_null (amendment->was);
    g_assert_cmpint (amendment->amended_us, ==, 0);
  }
}

static void
test_visit_fields (void)
{
  g_autoptr(LdVisit) visit = ld_visit_new ();

  visit->follow_up = g_strdup ("2030-01-16");
  g_assert_cmpstr (ld_visit_field_get_member (LD_VISIT_FIELD_ICD10), ==, "icd10");
  g_assert_cmpstr (ld_visit_field_get_member (LD_VISIT_FIELD_FOLLOW_UP), ==, "follow_up");
  g_assert_cmpstr (ld_visit_get_text (visit, LD_VISIT_FIELD_FOLLOW_UP), ==, "2030-01-16");
  g_assert_null (ld_visit_get_text (visit, LD_VISIT_FIELD_COMPLAINT));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared/appointments/moves", test_moves);
  g_test_add_func ("/shared/appointments/schedule", test_schedule);
  g_test_add_func ("/shared/appointments/schedule-form", test_schedule_form);
  g_test_add_func ("/shared/appointments/vitals", test_vitals);
  g_test_add_func ("/shared/appointments/icd10", test_icd10);
  g_test_add_func ("/shared/appointments/doctor-booking", test_doctor_booking);
  g_test_add_func ("/shared/appointments/read-back", test_read_back);
  g_test_add_func ("/shared/appointments/visit-amendments", test_visit_amendments);
  g_test_add_func ("/shared/appointments/visit-fields", test_visit_fields);

  return g_test_run ();
}

/* test-patient-rules.c: a patient's phone number shown one way, however it
 * was typed, and compared by its national digits
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-json.h"
#include "ld-patient-rules.h"

static void
assert_shown (const char *typed,
              const char *shown)
{
  g_autofree char *display = ld_patient_phone_display (typed);

  g_assert_cmpstr (display, ==, shown);
}

/* The demo's numbers as its desks typed them, and the other ways a desk
 * writes an Indian mobile number. */
static void
test_indian_mobile_numbers_in_one_format (void)
{
  assert_shown ("+91 98454 10487", "98454 10487");
  assert_shown ("98863 10472", "98863 10472");
  assert_shown ("+91 99101-10127", "99101 10127");
  assert_shown ("9845410487", "98454 10487");
  assert_shown ("098454 10487", "98454 10487");
  assert_shown ("0091 98454 10487", "98454 10487");
  assert_shown ("  +91-6012345678 ", "60123 45678");
}

/* What cannot be told apart stays as typed: another country's number, a
 * landline (its area code has two to four digits), a short number. */
static void
test_other_numbers_as_typed (void)
{
  assert_shown ("+44 20 7946 0958", "+44 20 7946 0958");
  assert_shown ("+1 415 555 0100", "+1 415 555 0100");
  assert_shown ("080 4000 1234", "080 4000 1234");
  assert_shown ("+91 80 4000 1234", "+91 80 4000 1234");
  assert_shown ("12345 67", "12345 67");
  assert_shown (" 98454 ", "98454");
  g_assert_null (ld_patient_phone_display (NULL));
}

/* The shown form is the same number: it finds the same patients. */
static void
test_shown_form_keeps_the_national_number (void)
{
  const char *typed[] = { "+91 98454 10487", "098454-10487", "0091 9845410487" };

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autofree char *shown = ld_patient_phone_display (typed[i]);
      g_autofree char *from_typed = ld_patient_phone_national (typed[i]);
      g_autofree char *from_shown = ld_patient_phone_national (shown);

      g_assert_cmpstr (from_typed, ==, from_shown);
    }
}

static LdPatient *
patient_of (const char *json)
{
  g_autoptr(JsonObject) record = ld_json_parse_object (json, -1, NULL);

  g_assert_nonnull (record);
  return ld_patient_new_from_json (record);
}

/* The desk's own check while the server is away is the server's rule
 * (test-api-patients.c, likely-duplicates-are-offered), on the same cases. */
static void
test_likely_duplicate_as_the_server_finds_it (void)
{
  g_autoptr(LdPatient) on_file =
               patient_of ("{\"id\": \"a\", \"name\": \"Priya Sharma\", \"sex\": \"female\","
                           " \"date_of_birth\": \"1990-06-15\", \"phone\": \"98450 22222\"}");
  g_autoptr(LdPatient) aged_on_file =
               patient_of ("{\"id\": \"b\", \"name\": \"Ravi Kumar\", \"sex\": \"male\","
                           " \"age_years\": 40}");
  g_autoptr(LdPatient) same_phone =
               patient_of ("{\"name\": \"P. Sharma\", \"sex\": \"female\", \"age_years\": 35,"
                           " \"phone\": \"+91-98450-22222\"}");
  g_autoptr(LdPatient) same_name = patient_of ("{\"name\": \"SHARMA priya\", \"sex\": \"female\","
                                                " \"date_of_birth\": \"1990-06-15\"}");
  g_autoptr(LdPatient) other_birthday =
               patient_of ("{\"name\": \"Priya Sharma\", \"sex\": \"female\","
                           " \"date_of_birth\": \"1991-06-15\"}");
  g_autoptr(LdPatient) same_age =
               patient_of ("{\"name\": \"kumar RAVI\", \"sex\": \"male\", \"age_years\": 40}");
  g_autoptr(LdPatient) other_age =
               patient_of ("{\"name\": \"Ravi Kumar\", \"sex\": \"male\", \"age_years\": 41}");
  g_autoptr(LdPatient) age_against_date =
               patient_of ("{\"name\": \"Priya Sharma\", \"sex\": \"female\", \"age_years\": 36}");

  g_assert_true (ld_patient_is_likely_duplicate (same_phone, on_file));
  g_assert_true (ld_patient_is_likely_duplicate (same_name, on_file));
  g_assert_false (ld_patient_is_likely_duplicate (other_birthday, on_file));
  g_assert_true (ld_patient_is_likely_duplicate (same_age, aged_on_file));
  g_assert_false (ld_patient_is_likely_duplicate (other_age, aged_on_file));
  /* An age matches an age kept on file, never one computed from a date. */
  g_assert_false (ld_patient_is_likely_duplicate (age_against_date, on_file));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared/patient/phone/indian-mobile-numbers-in-one-format",
                   test_indian_mobile_numbers_in_one_format);
  g_test_add_func ("/shared/patient/phone/other-numbers-as-typed", test_other_numbers_as_typed);
  g_test_add_func ("/shared/patient/phone/shown-form-keeps-the-national-number",
                   test_shown_form_keeps_the_national_number);
  g_test_add_func ("/shared/patient/likely-duplicate-as-the-server-finds-it",
                   test_likely_duplicate_as_the_server_finds_it);

  return g_test_run ();
}

/* test-visit-text.c: a visit's amendments told in words
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The doctor's screen reads a visit as the server answers it
 * (ld_visit_read_object()) and tells each amendment: when, who, why and
 * what each text said before, against the next amendment's record or,
 * for the last, the visit as it is now.
 */

#include "config.h"

#include "ld-appointment.h"
#include "ui/doctor/ld-visit-text.h"

/* Amended twice: the first changed the complaint, the diagnosis and its
 * code and added advice; the second the diagnosis and code again and
 * took the advice away. Times in UTC (TZ is set in main()). */
static const char visit_json[] =
  "{\"id\": \"v-1\", \"appointment_id\": \"a-1\", \"complaint\": \"Fever\","
  " \"findings\": null, \"diagnosis\": \"Dengue fever\", \"icd10\": \"A90\", \"advice\": null,"
  " \"follow_up\": null, \"signed\": true, \"version\": 4,"
  " \"amendments\": ["
  "  {\"version\": 2, \"reason\": \"Rapid test came back positive\", \"amended_by\": \"d-1\","
  "   \"amended_by_name\": \"Dr. Arjun Mehta\", \"amended_at\": \"2030-01-07T11:05:00.000Z\","
  "   \"was\": {\"complaint\": \"Fever for three days\", \"diagnosis\": \"Viral fever\","
  "             \"icd10\": \"B34.9\", \"advice\": null, \"amendments\": []}},"
  "  {\"version\": 3, \"reason\": \"NS1 antigen positive\", \"amended_by\": \"d-1\","
  "   \"amended_by_name\": null, \"amended_at\": \"2030-01-08T09:00:00.000Z\","
  "   \"was\": {\"complaint\": \"Fever\", \"diagnosis\": \"Influenza\", \"icd10\": \"J11\","
  "             \"advice\": \"Rest, fluids\", \"amendments\": []}}]}";

static void
test_describe_amendments (void)
{
  g_autoptr(JsonObject) object = ld_json_parse_object (visit_json, -1, NULL);
  g_autoptr(LdVisit) visit = NULL;
  g_autoptr(LdVisit) plain = ld_visit_new ();
  g_autofree char *text = NULL;

  g_assert_nonnull (object);
  visit = ld_visit_read_object (object);
  text = ld_visit_text_describe_amendments (visit);
  g_assert_cmpstr (text, ==,
                   "07 Jan 2030, 11:05, by Dr. Arjun Mehta: “Rapid test came back positive”"
                   "\nComplaint was “Fever for three days”"
                   "\nDiagnosis was “Viral fever”"
                   "\nICD-10 code was “B34.9”"
                   "\nAdvice was “empty”"
                   "\n\n08 Jan 2030, 09:00, by unknown: “NS1 antigen positive”"
                   "\nDiagnosis was “Influenza”"
                   "\nICD-10 code was “J11”"
                   "\nAdvice was “Rest, fluids”");

  g_assert_null (ld_visit_text_describe_amendments (plain));
  g_assert_null (ld_visit_text_describe_amendments (NULL));
}

/* A past visit read out ends with its amendments, under their heading. */
static void
test_describe (void)
{
  g_autoptr(JsonObject) object = ld_json_parse_object (visit_json, -1, NULL);
  g_autoptr(LdVisit) visit = ld_visit_read_object (object);
  g_autofree char *text = ld_visit_text_describe (visit, "2030-01-07", "Dr. Arjun Mehta");

  g_assert_true (g_str_has_prefix (text, "2030-01-07, Dr. Arjun Mehta"
                                         "\nComplaint: Fever"
                                         "\nDiagnosis: Dengue fever"
                                         "\nICD-10 code: A90"
                                         "\n\nAmendments"
                                         "\n07 Jan 2030, 11:05, by Dr. Arjun Mehta:"));
  g_assert_true (g_str_has_suffix (text, "\nAdvice was “Rest, fluids”"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/visit-text/describe-amendments", test_describe_amendments);
  g_test_add_func ("/visit-text/describe", test_describe);

  return g_test_run ();
}

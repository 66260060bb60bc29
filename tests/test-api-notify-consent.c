/* test-api-notify-consent.c: a patient who said no to e-mail is not sent any
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through the real server and database (either backend): a patient
 * registered with "email_do_not_send" gets no message, but a withheld row
 * that says why, and the record says it back; one who says no later has
 * the messages still waiting withheld too, and later ones withheld, while
 * what was already sent stays as it was. An address that is not one, or a
 * consent that is not true or false, is refused at registration with the
 * field named, and nothing is written.
 */

#include "config.h"

#include <string.h>

#include "ld-test-documents.h"
#include "ld-test-lab.h"
#include "ld-test-orders.h"

#define ASHA_NO                                                         \
  "{\"name\": \"Asha Verma\", \"sex\": \"female\", \"age_years\": 34, " \
  "\"email\": \"asha@example.com\", \"email_do_not_send\": true}"
#define ASHA                                                            \
  "{\"name\": \"Asha Verma\", \"sex\": \"female\", \"age_years\": 34, " \
  "\"email\": \"asha@example.com\"}"

static gint64
count_rows (LdLabFixture *fx,
            const char   *condition)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM notifications WHERE patient_id = "
                                          "'%s' AND %s", fx->patient_id, condition);

  return ld_test_server_query_int (fx->lab->server, sql);
}

static LdTestResponse *
get_patient (LdLabFixture *fx)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s", fx->patient_id);

  return ld_test_get (fx->lab->server, path, fx->lab->desk);
}

static gboolean
patient_says_no (LdLabFixture *fx)
{
  g_autoptr(LdTestResponse) resp = get_patient (fx);
  JsonObject *patient;

  ld_test_assert_status (resp, 200);
  patient = json_object_get_object_member (ld_test_response_object (resp), "patient");
  g_assert_true (json_object_has_member (patient, "phone_do_not_send"));
  g_assert_false (json_object_get_boolean_member (patient, "phone_do_not_send"));
  return json_object_get_boolean_member (patient, "email_do_not_send");
}

static void
test_registered_no_is_withheld (LdLabFixture  *fx,
                                gconstpointer  data)
{
  g_autofree char *order_id = ld_test_order_released (fx->lab, fx->patient_id);

  g_assert_true (patient_says_no (fx));
  /* Each stage still has its row, so the desk sees why nothing went. */
  g_assert_cmpint (count_rows (fx, "1 = 1"), ==, 4);
  g_assert_cmpint (count_rows (fx, "state = 'withheld' AND attempts = 0 AND last_error ="
                                   " 'The patient asked not to be sent e-mail.'"),
                   ==, 4);
  g_assert_cmpint (count_rows (fx, "state = 'waiting'"), ==, 0);
}

static void
test_saying_no_later (LdLabFixture  *fx,
                      gconstpointer  data)
{
  g_autofree char *first = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s", fx->patient_id);
  g_autoptr(LdTestResponse) edit = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) yes = NULL;
  g_autofree char *second = NULL;

  g_assert_false (patient_says_no (fx));
  g_assert_cmpint (count_rows (fx, "state = 'waiting'"), ==, 1);
  /* One already sent stays sent. */
  ld_test_sql_exec (fx->lab->server, "UPDATE notifications SET state = 'sent'");
  second = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_assert_cmpint (count_rows (fx, "state = 'waiting'"), ==, 1);

  edit = ld_test_send_json (fx->lab->server, "PATCH", path, fx->lab->desk,
                            "{\"version\": 1, \"email_do_not_send\": true}");
  ld_test_assert_status (edit, 200);
  g_assert_true (patient_says_no (fx));
  g_assert_cmpint (count_rows (fx, "state = 'waiting'"), ==, 0);
  g_assert_cmpint (count_rows (fx, "state = 'sent'"), ==, 1);
  g_assert_cmpint (count_rows (fx, "state = 'withheld'"), ==, 1);

  g_clear_pointer (&second, g_free);
  second = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_assert_cmpint (count_rows (fx, "state = 'withheld'"), ==, 2);

  /* A wrong type is refused, and saying yes again sends what comes next. */
  again = ld_test_send_json (fx->lab->server, "PATCH", path, fx->lab->desk,
                             "{\"version\": 2, \"email_do_not_send\": \"no\"}");
  ld_test_assert_error (again, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (again, "email_do_not_send"));
  yes = ld_test_send_json (fx->lab->server, "PATCH", path, fx->lab->desk,
                           "{\"version\": 2, \"email_do_not_send\": false}");
  ld_test_assert_status (yes, 200);
  g_clear_pointer (&second, g_free);
  second = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_assert_cmpint (count_rows (fx, "state = 'waiting'"), ==, 1);
  g_assert_cmpint (count_rows (fx, "state = 'withheld'"), ==, 2);
}

static void
test_bad_registration_refused (LdLabFixture  *fx,
                               gconstpointer  data)
{
  static const struct
  {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"name\": \"Ravi\", \"sex\": \"male\", \"age_years\": 40, \"email\": \"ravi at home\"}",
      "email" },
    { "{\"name\": \"Ravi\", \"sex\": \"male\", \"age_years\": 40, \"email\": \"ravi@home\"}",
      "email" },
    { "{\"name\": \"Ravi\", \"sex\": \"male\", \"age_years\": 40,"
      " \"email\": \"ravi@example.com\\nBcc: all@example.com\"}",
      "email" },
    { "{\"name\": \"Ravi\", \"sex\": \"male\", \"age_years\": 40, \"email_do_not_send\": 1}",
      "email_do_not_send" },
    { "{\"name\": \"Ravi\", \"sex\": \"male\", \"age_years\": 40, \"phone_do_not_send\": null}",
      "phone_do_not_send" },
  };
  gint64 before = ld_test_server_query_int (fx->lab->server, "SELECT COUNT(*) FROM patients");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp =
                   ld_test_send_json (fx->lab->server, "POST", "/api/v1/patients", fx->lab->desk,
                                      cases[i].body);

      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
    }
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server, "SELECT COUNT(*) FROM patients"),
                   ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/notify/consent/registered-no-is-withheld", LdLabFixture, ASHA_NO,
              ld_lab_fixture_setup, test_registered_no_is_withheld, ld_lab_fixture_teardown);
  g_test_add ("/notify/consent/saying-no-later", LdLabFixture, ASHA, ld_lab_fixture_setup,
              test_saying_no_later, ld_lab_fixture_teardown);
  g_test_add ("/notify/consent/bad-registration-refused", LdLabFixture, ASHA,
              ld_lab_fixture_setup, test_bad_registration_refused, ld_lab_fixture_teardown);

  return g_test_run ();
}

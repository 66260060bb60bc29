/* test-notify-critical.c: a doctor's critical-result e-mail, through a real SMTP server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 31: a doctor may ask, on their user record, to be e-mailed when a
 * critical result raises their in-app alert (never instead of the lab's
 * telephone call). A real labdesk-server process, configured with [mail],
 * sends to aiosmtpd (tests/ld-test-smtp.py) on a loopback port; Python's
 * email package reads the kept messages back (tests/ld-test-mail-read.py).
 *
 * - The order's doctor, opted in, is e-mailed exactly once for a critical
 *   potassium; another doctor who opted in, and the patient, are not. The
 *   message names the patient, the order and the test, says the lab will
 *   still phone, and never carries the value.
 * - A result that is not critical, and a critical one after the doctor
 *   opted out, write no message: the outbox row would be written in the
 *   verification's own transaction, so its absence is final when the
 *   request has answered.
 * - A user's e-mail follows the patients' rule, and critical_email needs
 *   an address: each refusal names its member.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ld-test-lab.h"
#include "ld-test-mail.h"

#define WAIT_LIMIT_US (120 * G_USEC_PER_SEC)
#define MEERA         "meera.rao@clinic.example.org"

typedef struct
{
  char        *dir;
  char        *db_path;
  char        *mail_dir;
  char        *config_path;
  GSubprocess *smtp;
  LdLab       *lab;
  char        *patient_id;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *config = NULL;
  g_autofree char *log_path = NULL;

  fx->dir = g_dir_make_tmp ("labdesk-critical-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = g_build_filename (fx->dir, "lab.db", NULL);
  fx->mail_dir = g_build_filename (fx->dir, "mail", NULL);
  fx->config_path = g_build_filename (fx->dir, "labdesk-server.conf", NULL);
  log_path = g_build_filename (fx->dir, "server.log", NULL);
  g_assert_cmpint (g_mkdir (fx->mail_dir, 0700), ==, 0);

  {
    const char * const demo_args[] = { "demo", "--bare", "--db", fx->db_path, NULL };

    g_assert_cmpint (ld_test_run_server_command (demo_args, NULL, NULL), ==, 0);
  }

  fx->smtp = ld_test_smtp_start (fx->mail_dir, &port);
  config = g_strdup_printf ("[mail]\nhost=127.0.0.1\nport=%s\ntls=none\n"
                            "from=results@lab.example.org\nretry-after=1\ntimeout=30\n", port);
  g_assert_true (g_file_set_contents (fx->config_path, config, -1, &error));
  g_assert_no_error (error);

  {
    const char * const args[] = { "--config", fx->config_path, NULL };

    fx->lab = ld_lab_new_on (ld_test_server_spawn_logged (fx->db_path, args, log_path));
  }
  /* The patient has an address too: only the doctor is to be written to
   * about the result. */
  fx->patient_id = ld_lab_new_patient (fx->lab, "{\"name\": \"Farida Khan\", \"sex\": \"female\","
                                                " \"age_years\": 67,"
                                                " \"email\": \"farida@example.com\"}");
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->lab, ld_lab_free);
  g_clear_pointer (&fx->smtp, ld_test_smtp_stop);
  ld_test_remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->db_path);
  g_free (fx->mail_dir);
  g_free (fx->config_path);
  g_free (fx->patient_id);
}

static void
wait_for_rows (Fixture    *fx,
               const char *sql,
               gint64      count)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (ld_test_query_int (fx->db_path, sql) != count)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

static gint64
user_version (Fixture    *fx,
              const char *user_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%s", user_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->lab->server, path, fx->lab->admin);

  ld_test_assert_status (resp, 200);
  return ld_test_response_get_int (resp, "user.version");
}

/* PATCHes @user_id with @members (JSON object members) over its version. */
static LdTestResponse *
patch_user (Fixture    *fx,
            const char *user_id,
            const char *members)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%s", user_id);
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", %s}", user_version (fx, user_id),
                     members);

  return ld_test_send_json (fx->lab->server, "PATCH", path, fx->lab->admin, body);
}

/* An order of @code entered as @value by the technician and verified by
 * Sunita (with the telephone call, when critical). */
static char *
verified_order (Fixture    *fx,
                const char *code,
                const char *value)
{
  g_autofree char *items = g_strdup_printf ("\"items\": [\"%s\"]", code);
  g_autofree char *order_id = ld_lab_order_in_lab (fx->lab, fx->patient_id, items);
  g_autoptr(LdTestResponse) entered =
               ld_lab_save (fx->lab, fx->lab->technician, order_id, TRUE, code, value, NULL);
  g_autoptr(LdTestResponse) verified = NULL;

  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (fx->lab, fx->lab->sunita, order_id, code, NULL);
  ld_test_assert_status (verified, 200);
  return g_steal_pointer (&order_id);
}

static gint64
critical_rows (Fixture *fx)
{
  return ld_test_query_int (
    fx->db_path, "SELECT COUNT(*) FROM notifications WHERE template = 'critical-result'");
}

static void
test_opted_in_doctor_once (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(LdTestResponse) opted = NULL;
  g_autoptr(LdTestResponse) other = NULL;
  g_autoptr(LdTestResponse) order = NULL;
  g_autoptr(JsonArray) messages = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *normal_id = NULL;
  g_autofree char *later_id = NULL;
  g_autofree char *order_path = NULL;
  g_autofree char *subject = NULL;
  JsonObject *message = NULL;
  const char *plain, *html;
  guint to_doctor = 0;

  opted = patch_user (fx, fx->lab->doctor_id,
                      "\"email\": \"" MEERA "\", \"critical_email\": true");
  ld_test_assert_status (opted, 200);
  g_assert_cmpstr (ld_test_response_get_string (opted, "user.email"), ==, MEERA);
  g_assert_true (
    json_object_get_boolean_member (json_object_get_object_member (ld_test_response_object (opted),
                                                                   "user"),
                                    "critical_email"));
  /* Another doctor, opted in too, who did not order the test. */
  other = ld_lab_post (fx->lab, fx->lab->admin, "/api/v1/users",
                       "{\"username\": \"drsen\", \"display_name\": \"Dr. Anil Sen\","
                       " \"roles\": [\"doctor\"], \"reset_password\": true,"
                       " \"email\": \"anil.sen@clinic.example.org\", \"critical_email\": true}");
  ld_test_assert_status (other, 201);

  /* A normal glucose raises no alert and no message. */
  normal_id = verified_order (fx, "GLUF", "92");
  g_assert_cmpint (critical_rows (fx), ==, 0);

  order_id = verified_order (fx, "K", "7.1");
  g_assert_cmpint (critical_rows (fx), ==, 1);
  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE template = 'critical-result'"
                     " AND state = 'sent' AND recipient = '" MEERA "'", 1);

  /* Opted out: the next critical result raises the alert, and no e-mail. */
  {
    g_autoptr(LdTestResponse) out =
                 patch_user (fx, fx->lab->doctor_id, "\"critical_email\": false");

    ld_test_assert_status (out, 200);
  }
  later_id = verified_order (fx, "K", "7.3");
  g_assert_cmpint (critical_rows (fx), ==, 1);
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT COUNT(*) FROM alerts"), ==, 2);

  /* Every message the patient is due (booked, paid, collected…) has gone
   * too, so none to the doctor can still be on its way. */
  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE state <> 'sent'", 0);
  ld_test_mail_wait (fx->mail_dir,
                     ld_test_query_int (fx->db_path, "SELECT COUNT(*) FROM notifications"));
  messages = ld_test_mail_read (fx->mail_dir);

  order_path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  order = ld_test_get (fx->lab->server, order_path, fx->lab->desk);
  ld_test_assert_status (order, 200);
  subject = g_strdup_printf ("Critical result on order %s — ",
                             ld_test_response_get_string (order, "order.number"));
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *each = json_array_get_object_element (messages, i);
      const char *to = json_object_get_string_member (each, "to");

      g_assert_cmpstr (to, !=, "anil.sen@clinic.example.org");
      if (g_str_equal (to, MEERA))
        {
          to_doctor++;
          message = each;
        }
      else
        {
          g_assert_cmpstr (to, ==, "farida@example.com");
          g_assert_false (
            g_str_has_prefix (json_object_get_string_member (each, "subject"), "Critical"));
        }
    }
  g_assert_cmpuint (to_doctor, ==, 1);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (message, "subject"), subject));
  plain = json_object_get_string_member (message, "plain");
  html = json_object_get_string_member (message, "html");
  g_assert_true (g_str_has_prefix (plain, "Dear Dr. Arjun Mehta,"));
  g_assert_nonnull (strstr (plain, "Farida Khan"));
  g_assert_nonnull (strstr (plain, "Potassium"));
  g_assert_nonnull (strstr (plain, "The lab will still telephone you"));
  g_assert_nonnull (strstr (html, "The lab will still telephone you"));
  /* Never the value. */
  g_assert_null (strstr (plain, "7.1"));
  g_assert_null (strstr (html, "7.1"));
}

static void
test_user_email_refused (Fixture       *fx,
                         gconstpointer  data)
{
  static const struct
  {
    const char *members;
    const char *field;
  } cases[] = {
    { "\"email\": \"not an address\"", "email" },
    { "\"email\": \"meera@\"", "email" },
    { "\"email\": \"a@b.c\\r\\nBcc: x@y.z\"", "email" },
    { "\"email\": null, \"critical_email\": true", "critical_email" },
    { "\"critical_email\": \"yes\"", "critical_email" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = patch_user (fx, fx->lab->doctor_id, cases[i].members);

      g_test_message ("%s", cases[i].members);
      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
    }

  /* The same rule on creation; a blank address is none. */
  {
    g_autoptr(LdTestResponse) bad =
                 ld_lab_post (fx->lab, fx->lab->admin, "/api/v1/users",
                              "{\"username\": \"drbad\", \"display_name\": \"Dr. Bad\","
                              " \"roles\": [\"doctor\"], \"reset_password\": true,"
                              " \"email\": \"bad@@example.com\"}");
    g_autoptr(LdTestResponse) blank = NULL;
    g_autofree char *user_path = NULL;
    g_autoptr(LdTestResponse) user = NULL;

    ld_test_assert_error (bad, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (bad, "email"));
    blank = patch_user (fx, fx->lab->doctor_id, "\"email\": \"  \"");
    ld_test_assert_status (blank, 200);
    user_path = g_strdup_printf ("/api/v1/users/%s", fx->lab->doctor_id);
    user = ld_test_get (fx->lab->server, user_path, fx->lab->admin);
    g_assert_true (
      json_object_get_null_member (json_object_get_object_member (ld_test_response_object (user),
                                                                  "user"),
                                   "email"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/notify/critical/opted-in-doctor-once", test_opted_in_doctor_once);
  ADD ("/notify/critical/user-email-refused", test_user_email_refused);
#undef ADD

  return g_test_run ();
}

/* test-api-notify-appointments.c: appointments' reminders, cancellations and moves
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the real server on a loopback port with a real database (SQLite;
 * PostgreSQL as test-api-notify-appointments-pg), the server's clock fixed
 * (ld_time_set_now()) on Wednesday 9 January 2030, so "tomorrow" is
 * Thursday the 10th whenever the test runs. The minute's sweep is the
 * server's own (ld_server_expire_orders()), run on its thread.
 *
 * - The day before, from 09:00, a booked appointment of tomorrow gets one
 *   "appointment-reminder" per channel (e-mail, and SMS when configured),
 *   with the day, time and doctor; however often the sweep runs, never a
 *   second: the outbox's unique key refuses one written by hand too.
 * - A rescheduled appointment gets "appointment-moved" with its new and old
 *   times, and a new reminder for its new time; a cancelled one gets
 *   "appointment-cancelled" (the reason only when the desk shares it), in
 *   the cancellation's transaction, and no reminder.
 * - GET /api/v1/appointments/{id}/notifications shows the desk what went.
 * - Through a real SMTP server (aiosmtpd, tests/ld-test-smtp.py) and the
 *   server's real sender: the reminder arrives once, with the lab's address
 *   and phone from the settings, and the cancellation in Hindi for a
 *   patient whose name is in Devanagari.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ld-json.h"
#include "ld-server.h"
#include "ld-test-http.h"
#include "ld-test-mail.h"
#include "ld-test-orders.h"
#include "ld-test-server.h"
#include "ld-time.h"
#include "notify/ld-notify-sender.h"
#include "store/ld-store-notifications.h"

#define WAIT_LIMIT_US (120 * G_USEC_PER_SEC)

/* Every day 08:00-18:00, 30-minute slots. */
#define SCHEDULE                                                                              \
  "{\"speciality\": \"General medicine\", \"room\": \"Room 3\", \"slot_minutes\": 30,"        \
  " \"hours\": {\"mon\": \"08:00-18:00\", \"tue\": \"08:00-18:00\", \"wed\": \"08:00-18:00\"," \
  "             \"thu\": \"08:00-18:00\", \"fri\": \"08:00-18:00\", \"sat\": \"08:00-18:00\"," \
  "             \"sun\": \"08:00-18:00\"}}"

typedef struct
{
  LdTestFixture fx;
  char         *desk;
  char         *doctor_id;
  char         *doctor_name;
  char         *asha;
  char         *sita;
  char         *nobody;
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
new_patient (Clinic     *clinic,
             const char *json)
{
  g_autoptr(LdTestResponse) resp = ld_test_send_json (clinic->fx.server, "POST",
                                                       "/api/v1/patients", clinic->desk, json);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "patient.id"));
}

static gboolean
send_sms_cb (gpointer data)
{
  static const char * const templates[] = { "appointment-reminder", "appointment-cancelled",
                                            "appointment-moved", NULL };

  ld_store_notifications_set_sms_templates (ld_server_get_store (data), templates);
  return G_SOURCE_REMOVE;
}

static void
clinic_setup (Clinic        *clinic,
              gconstpointer  data)
{
  g_autofree char *doctor = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LdTestResponse) me = NULL;
  g_autoptr(LdTestResponse) schedule = NULL;

  ld_time_set_now (at (0, 10, 0));
  ld_test_fixture_setup (&clinic->fx, data);
  clinic->desk = ld_test_login (clinic->fx.server, "reception", LD_TEST_RECEPTION_PASSWORD);
  doctor = ld_test_login (clinic->fx.server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  me = ld_test_get (clinic->fx.server, "/api/v1/sessions/current", doctor);
  ld_test_assert_status (me, 200);
  clinic->doctor_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  clinic->doctor_name = g_strdup (ld_test_response_get_string (me, "user.display_name"));

  path = g_strdup_printf ("/api/v1/doctors/%s/schedule", clinic->doctor_id);
  schedule = ld_test_send_json (clinic->fx.server, "PUT", path, clinic->fx.admin, SCHEDULE);
  ld_test_assert_status (schedule, 200);

  clinic->asha = new_patient (clinic, "{\"name\": \"Asha Verma\", \"sex\": \"female\","
                                      " \"age_years\": 34, \"email\": \"asha@example.com\","
                                      " \"phone\": \"9845011111\"}");
  clinic->sita = new_patient (clinic, "{\"name\": \"सीता देवी\", \"sex\": \"female\","
                                      " \"age_years\": 51, \"email\": \"sita@example.com\"}");
  clinic->nobody = new_patient (clinic, "{\"name\": \"Farah Khan\", \"sex\": \"female\","
                                        " \"age_years\": 40}");
  ld_test_server_invoke (clinic->fx.server, send_sms_cb,
                         ld_test_server_get_server (clinic->fx.server));
}

static void
clinic_teardown (Clinic        *clinic,
                 gconstpointer  data)
{
  g_free (clinic->desk);
  g_free (clinic->doctor_id);
  g_free (clinic->doctor_name);
  g_free (clinic->asha);
  g_free (clinic->sita);
  g_free (clinic->nobody);
  ld_test_fixture_teardown (&clinic->fx, data);
  ld_time_set_now (0);
}

/* Books @patient_id with the doctor at @days/@hour/@minute; its id. */
static char *
book (Clinic     *clinic,
      const char *patient_id,
      int         days,
      int         hour,
      int         minute)
{
  g_autofree char *start = ld_time_format_rfc3339 (at (days, hour, minute));
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"start\": \"%s\"}",
                     patient_id, clinic->doctor_id, start);
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (clinic->fx.server, "POST", "/api/v1/appointments", clinic->desk,
                                  body);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "appointment.id"));
}

/* POST /api/v1/appointments/{id}/@action {"version": 1, @more}. */
static LdTestResponse *
move (Clinic     *clinic,
      const char *id,
      const char *action,
      gint64      version,
      const char *more)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%s/%s", id, action);
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", %s}", version, more);

  return ld_test_send_json (clinic->fx.server, "POST", path, clinic->desk, body);
}

static gint64
count (Clinic     *clinic,
       const char *appointment_id,
       const char *condition)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT COUNT(*) FROM notifications WHERE appointment_id = '%s' AND %s",
                     appointment_id, condition);

  return ld_test_server_query_int (clinic->fx.server, sql);
}

/* The facts of the one message @template_name about @appointment_id on
 * @channel, as a JSON object. */
static JsonObject *
read_facts (Clinic     *clinic,
            const char *appointment_id,
            const char *template_name,
            const char *condition)
{
  g_autoptr(LdDb) db = ld_test_server_open_db (clinic->fx.server);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT facts FROM notifications WHERE appointment_id"
                                          " = ?1 AND template = ?2 AND channel = 'email' AND %s",
                                          condition);
  LdDbStmt *stmt = ld_db_prepare_cached (db, sql, &error);
  JsonObject *facts;

  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, appointment_id);
  ld_db_bind_text (stmt, 2, template_name);
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
  facts = ld_json_parse_object (ld_db_column_text (stmt, 0), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_DONE);
  return facts;
}

/* The server's minute sweep, at the fixed clock. */
static void
sweep (Clinic *clinic)
{
  ld_test_server_run_minute_sweeps (clinic->fx.server);
}

static void
test_reminder_once (Clinic        *clinic,
                    gconstpointer  data)
{
  g_autofree char *tomorrow = book (clinic, clinic->asha, 1, 10, 30);
  g_autofree char *no_address = book (clinic, clinic->nobody, 1, 11, 0);
  g_autofree char *later = book (clinic, clinic->asha, 2, 10, 0);
  g_autofree char *today = book (clinic, clinic->sita, 0, 15, 0);
  g_autoptr(JsonObject) facts = NULL;
  g_autoptr(LdDb) db = NULL;
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt;
  const char *reminders = "template = 'appointment-reminder'";

  /* Before nine in the morning nobody is reminded. */
  ld_time_set_now (at (0, 8, 59));
  sweep (clinic);
  g_assert_cmpint (count (clinic, tomorrow, reminders), ==, 0);

  ld_time_set_now (at (0, 9, 0));
  for (guint i = 0; i < 3; i++)
    {
      sweep (clinic);
      g_assert_cmpint (count (clinic, tomorrow, "template = 'appointment-reminder'"
                                                " AND channel = 'email' AND state = 'waiting'"
                                                " AND recipient = 'asha@example.com'"),
                       ==, 1);
      g_assert_cmpint (count (clinic, tomorrow, "template = 'appointment-reminder'"
                                                " AND channel = 'sms'"
                                                " AND recipient = '+919845011111'"),
                       ==, 1);
      g_assert_cmpint (count (clinic, tomorrow, reminders), ==, 2);
      g_assert_cmpint (count (clinic, no_address, "1 = 1"), ==, 0);
      g_assert_cmpint (count (clinic, later, "1 = 1"), ==, 0);
      g_assert_cmpint (count (clinic, today, "1 = 1"), ==, 0);
    }
  /* The one without an address was looked at once, and is not again. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM appointments WHERE id = '%s'"
                                            " AND reminded_slot_us = slot_us", no_address);

    g_assert_cmpint (ld_test_server_query_int (clinic->fx.server, sql), ==, 1);
  }

  facts = read_facts (clinic, tomorrow, "appointment-reminder", "1 = 1");
  g_assert_cmpstr (json_object_get_string_member (facts, "appointment_day"), ==, "2030-01-10");
  g_assert_cmpstr (json_object_get_string_member (facts, "appointment_time"), ==, "10:30");
  g_assert_cmpstr (json_object_get_string_member (facts, "doctor_name"), ==,
                   clinic->doctor_name);
  g_assert_cmpstr (json_object_get_string_member (facts, "patient_name"), ==, "Asha Verma");

  /* The unique key, not only the sweep, keeps a second one out. */
  db = ld_test_server_open_db (clinic->fx.server);
  stmt = ld_db_prepare_cached (db, "INSERT INTO notifications (id, patient_id, channel, template,"
                                   " language, facts, recipient, state, next_attempt_us,"
                                   " created_us, appointment_id, appointment_slot_us)"
                                   " SELECT 'twice', patient_id, channel, template, language,"
                                   " facts, recipient, 'waiting', 0, 0, appointment_id,"
                                   " appointment_slot_us FROM notifications"
                                   " WHERE appointment_id = ?1 AND channel = 'email'",
                               &error);
  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, tomorrow);
  g_assert_false (ld_db_step_done (stmt, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT);
  g_assert_cmpint (count (clinic, tomorrow, reminders), ==, 2);
}

static void
test_rescheduled_reminded_again (Clinic        *clinic,
                                 gconstpointer  data)
{
  g_autofree char *id = book (clinic, clinic->asha, 1, 10, 30);
  g_autofree char *new_start = ld_time_format_rfc3339 (at (1, 14, 0));
  g_autofree char *more = g_strdup_printf ("\"start\": \"%s\"", new_start);
  g_autoptr(LdTestResponse) moved = NULL;
  g_autoptr(JsonObject) facts = NULL;

  sweep (clinic);
  g_assert_cmpint (count (clinic, id, "template = 'appointment-reminder' AND channel = 'email'"),
                   ==, 1);

  moved = move (clinic, id, "reschedule", 1, more);
  ld_test_assert_status (moved, 200);
  g_assert_cmpint (count (clinic, id, "template = 'appointment-moved' AND channel = 'email'"), ==,
                   1);
  facts = read_facts (clinic, id, "appointment-moved", "1 = 1");
  g_assert_cmpstr (json_object_get_string_member (facts, "appointment_day"), ==, "2030-01-10");
  g_assert_cmpstr (json_object_get_string_member (facts, "appointment_time"), ==, "14:00");
  g_assert_cmpstr (json_object_get_string_member (facts, "previous_day"), ==, "2030-01-10");
  g_assert_cmpstr (json_object_get_string_member (facts, "previous_time"), ==, "10:30");

  sweep (clinic);
  sweep (clinic);
  g_assert_cmpint (count (clinic, id, "template = 'appointment-reminder' AND channel = 'email'"),
                   ==, 2);
  g_clear_pointer (&facts, json_object_unref);
  facts = read_facts (clinic, id, "appointment-reminder",
                      "appointment_slot_us = (SELECT slot_us FROM appointments"
                      " WHERE appointments.id = notifications.appointment_id)");
  g_assert_cmpstr (json_object_get_string_member (facts, "appointment_time"), ==, "14:00");

  /* Moved back to the time it was reminded of: told of the move, not
   * reminded of that time twice, and the sweep goes on. */
  {
    g_autofree char *first_start = ld_time_format_rfc3339 (at (1, 10, 30));
    g_autofree char *back_more = g_strdup_printf ("\"start\": \"%s\"", first_start);
    g_autoptr(LdTestResponse) back = move (clinic, id, "reschedule", 2, back_more);

    ld_test_assert_status (back, 200);
  }
  sweep (clinic);
  g_assert_cmpint (count (clinic, id, "template = 'appointment-moved' AND channel = 'email'"), ==,
                   2);
  g_assert_cmpint (count (clinic, id, "template = 'appointment-reminder' AND channel = 'email'"),
                   ==, 2);
}

static void
test_cancelled_not_reminded (Clinic        *clinic,
                             gconstpointer  data)
{
  g_autofree char *shared = book (clinic, clinic->asha, 1, 10, 30);
  g_autofree char *private = book (clinic, clinic->sita, 1, 11, 0);
  g_autoptr(LdTestResponse) stale = NULL;
  g_autoptr(LdTestResponse) cancelled = NULL;
  g_autoptr(LdTestResponse) quiet = NULL;
  g_autoptr(JsonObject) facts = NULL;
  g_autoptr(JsonObject) quiet_facts = NULL;

  /* A cancellation refused is no message: the row is the change's. */
  stale = move (clinic, shared, "cancel", 7, "\"reason\": \"Doctor called away\"");
  ld_test_assert_error (stale, 409, "conflict");
  g_assert_cmpint (count (clinic, shared, "1 = 1"), ==, 0);

  cancelled = move (clinic, shared, "cancel", 1,
                    "\"reason\": \"Doctor called away\", \"share_reason\": true");
  ld_test_assert_status (cancelled, 200);
  quiet = move (clinic, private, "cancel", 1, "\"reason\": \"Owes money from last visit\"");
  ld_test_assert_status (quiet, 200);

  g_assert_cmpint (count (clinic, shared, "template = 'appointment-cancelled'"
                                          " AND channel = 'email'"),
                   ==, 1);
  g_assert_cmpint (count (clinic, shared, "template = 'appointment-cancelled' AND channel = 'sms'"),
                   ==, 1);
  facts = read_facts (clinic, shared, "appointment-cancelled", "1 = 1");
  g_assert_cmpstr (json_object_get_string_member (facts, "reason"), ==, "Doctor called away");
  g_assert_cmpstr (json_object_get_string_member (facts, "appointment_time"), ==, "10:30");
  quiet_facts = read_facts (clinic, private, "appointment-cancelled", "1 = 1");
  g_assert_false (json_object_has_member (quiet_facts, "reason"));
  g_assert_cmpstr (json_object_get_string_member (quiet_facts, "patient_name"), ==, "सीता देवी");

  sweep (clinic);
  sweep (clinic);
  g_assert_cmpint (count (clinic, shared, "template = 'appointment-reminder'"), ==, 0);
  g_assert_cmpint (count (clinic, private, "template = 'appointment-reminder'"), ==, 0);
}

static void
test_listed_for_the_desk (Clinic        *clinic,
                          gconstpointer  data)
{
  g_autofree char *id = book (clinic, clinic->asha, 1, 10, 30);
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%s/notifications", id);
  g_autofree char *with_query = g_strconcat (path, "?day=2030-01-10", NULL);
  g_autofree char *audited = NULL;
  g_autofree char *doctor = ld_test_login (clinic->fx.server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autoptr(LdTestResponse) list = NULL;
  g_autoptr(LdTestResponse) resent = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) unknown = NULL;
  g_autoptr(LdTestResponse) query = NULL;
  g_autoptr(LdTestResponse) forbidden = NULL;
  g_autofree char *resend_path = NULL;
  JsonArray *items;
  JsonObject *first;

  sweep (clinic);
  list = ld_test_get (clinic->fx.server, path, clinic->desk);
  ld_test_assert_status (list, 200);
  items = json_object_get_array_member (ld_test_response_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  first = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "template"), ==, "appointment-reminder");
  g_assert_cmpstr (json_object_get_string_member (first, "appointment_id"), ==, id);
  g_assert_true (json_object_get_null_member (first, "order_id"));
  g_assert_true (json_object_get_null_member (first, "order_number"));
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "waiting");
  audited = g_strdup_printf ("SELECT COUNT(*) FROM audit_events WHERE action ="
                             " 'appointment.notifications.read' AND entity_id = '%s'", id);
  g_assert_cmpint (ld_test_server_query_int (clinic->fx.server, audited), ==, 1);

  /* A resend is a copy: the unique key lets it by, and the sweep still
   * does not write another. */
  ld_test_sql_exec (clinic->fx.server, "UPDATE notifications SET state = 'failed'");
  resend_path = g_strdup_printf ("/api/v1/notifications/%s/resend",
                                 json_object_get_string_member (first, "id"));
  resent = ld_test_send_json (clinic->fx.server, "POST", resend_path, clinic->desk, "{}");
  ld_test_assert_status (resent, 201);
  g_assert_cmpstr (ld_test_response_get_string (resent, "notification.appointment_id"), ==, id);
  sweep (clinic);
  again = ld_test_get (clinic->fx.server, path, clinic->desk);
  ld_test_assert_status (again, 200);
  items = json_object_get_array_member (ld_test_response_object (again), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);

  unknown =
    ld_test_get (clinic->fx.server, "/api/v1/appointments/no-such-id/notifications", clinic->desk);
  ld_test_assert_error (unknown, 404, "not_found");
  query = ld_test_get (clinic->fx.server, with_query, clinic->desk);
  ld_test_assert_error (query, 400, "bad_request");
  forbidden = ld_test_get (clinic->fx.server, path, doctor);
  ld_test_assert_error (forbidden, 403, "forbidden");
}

/* The server's real sender, started beside the in-process server on its
 * database, sending to a real SMTP server; the server's clock is fixed,
 * and the sender's is the same. */
static void
test_sent_by_mail (Clinic        *clinic,
                   gconstpointer  data)
{
  const char *tmpdir = ld_test_server_get_tmpdir (clinic->fx.server);
  g_autofree char *mail_dir = g_build_filename (tmpdir, "mail", NULL);
  g_autofree char *config_path = g_build_filename (tmpdir, "mail.conf", NULL);
  g_autofree char *port = NULL;
  g_autofree char *config_text = NULL;
  g_autofree char *asha = book (clinic, clinic->asha, 1, 10, 30);
  g_autofree char *sita = book (clinic, clinic->sita, 1, 11, 0);
  g_autoptr(LdTestResponse) cancelled = NULL;
  g_autoptr(LdConfig) config = ld_config_new ();
  g_autoptr(LdNotifySender) sender = NULL;
  g_autoptr(JsonArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *doctor_line = NULL;
  GSubprocess *smtp;
  gint64 deadline;

  g_assert_cmpint (g_mkdir (mail_dir, 0700), ==, 0);
  smtp = ld_test_smtp_start (mail_dir, &port);
  config_text = g_strdup_printf ("[mail]\nhost=127.0.0.1\nport=%s\ntls=none\n"
                                 "from=desk@lab.example.org\nretry-after=1\ntimeout=30\n", port);
  g_assert_true (g_file_set_contents (config_path, config_text, -1, &error));
  g_assert_true (ld_config_load_file (config, config_path, &error));
  g_assert_no_error (error);
  g_free (config->db_path);
  config->db_path = g_strdup (ld_test_server_get_db_path (clinic->fx.server));
  sender = ld_notify_sender_start (config, &error);
  g_assert_no_error (error);

  cancelled = move (clinic, sita, "cancel", 1, "\"reason\": \"Doctor on leave\","
                                               " \"share_reason\": true");
  ld_test_assert_status (cancelled, 200);
  sweep (clinic);
  sweep (clinic);

  /* Both e-mails sent (the SMS wait: [sms] is not configured here), and
   * no third. */
  deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  while (ld_test_server_query_int (clinic->fx.server, "SELECT COUNT(*) FROM notifications"
                                                      " WHERE channel = 'email'"
                                                      " AND state = 'sent'") != 2)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  ld_test_mail_wait (mail_dir, 2);
  sweep (clinic);
  g_assert_cmpint (ld_test_server_query_int (clinic->fx.server, "SELECT COUNT(*) FROM"
                                                                " notifications WHERE channel ="
                                                                " 'email'"),
                   ==, 2);
  g_clear_pointer (&sender, ld_notify_sender_stop);
  {
    g_autoptr(GPtrArray) files = ld_test_mail_list (mail_dir);

    g_assert_cmpuint (files->len, ==, 2);
  }

  messages = ld_test_mail_read (mail_dir);
  doctor_line = g_strdup_printf ("This is a reminder of your appointment with %s tomorrow, "
                                 "2030-01-10, at 10:30.",
                                 clinic->doctor_name);
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      const char *to = json_object_get_string_member (message, "to");
      const char *subject = json_object_get_string_member (message, "subject");
      const char *plain = json_object_get_string_member (message, "plain");

      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (message, "defects")),
                        ==, 0);
      if (g_str_equal (to, "asha@example.com"))
        {
          g_assert_true (g_str_has_prefix (subject, "Reminder: your appointment with "));
          g_assert_nonnull (strstr (subject, "tomorrow at 10:30"));
          g_assert_nonnull (strstr (plain, doctor_line));
          /* The lab's address and phone, from the settings. */
          g_assert_nonnull (strstr (plain, "Address: 12 MG Road, Bengaluru 560001"));
          g_assert_nonnull (strstr (plain, "+91 80 4000 1234"));
        }
      else
        {
          g_assert_cmpstr (to, ==, "sita@example.com");
          g_assert_true (g_str_has_prefix (subject, "2030-01-10 का "));
          g_assert_nonnull (strstr (subject, "अपॉइंटमेंट रद्द हो गया"));
          g_assert_nonnull (strstr (plain, "11:00 बजे"));
          g_assert_nonnull (strstr (plain, "कारण: Doctor on leave"));
        }
    }
  ld_test_smtp_stop (smtp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/notify/appointments/reminder-once", Clinic, NULL, clinic_setup,
              test_reminder_once, clinic_teardown);
  g_test_add ("/notify/appointments/rescheduled-reminded-again", Clinic, NULL, clinic_setup,
              test_rescheduled_reminded_again, clinic_teardown);
  g_test_add ("/notify/appointments/cancelled-not-reminded", Clinic, NULL, clinic_setup,
              test_cancelled_not_reminded, clinic_teardown);
  g_test_add ("/notify/appointments/listed-for-the-desk", Clinic, NULL, clinic_setup,
              test_listed_for_the_desk, clinic_teardown);
  g_test_add ("/notify/appointments/sent-by-mail", Clinic, NULL, clinic_setup, test_sent_by_mail,
              clinic_teardown);

  return g_test_run ();
}

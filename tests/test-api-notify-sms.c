/* test-api-notify-sms.c: the outbox's SMS sent through an HTTP gateway
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real labdesk-server process, configured with [sms], posts to
 * tools/sms-standin on a loopback port (no SMS provider is reachable
 * here: the stand-in is the only double), which records each request it
 * gets as a JSON line and answers as it was told:
 *
 * - an order confirmed gives one SMS: the patient's number in E.164, the
 *   text, the registered (DLT) template id, the sender id and the API key
 *   in its configured header; the gateway's message id is kept;
 * - a patient who asked not to be sent SMS gets none: the row is withheld;
 * - a 500 then a 200 sends it once more, and it is recorded sent;
 * - a 400 is given up, with the gateway's answer shown to the desk in
 *   GET /api/v1/orders/{id}/notifications;
 * - without [sms] no SMS is written at all (the e-mail still is).
 *
 * Every wait is for a condition (a recorded request, a row's state), with
 * a generous limit; the retry's delay is one second in the configuration.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ld-test-lab.h"
#include "ld-test-sms.h"

#define WAIT_LIMIT_US (120 * G_USEC_PER_SEC)
#define DLT_ID "1107160000000000001"

typedef struct
{
  /* --answer for the stand-in, or NULL to accept every message. */
  const char *answer;
  gboolean    configured;
} Scenario;

typedef struct
{
  char        *dir;
  char        *db_path;
  char        *record;
  GSubprocess *standin;
  LdLab       *lab;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  const Scenario *scenario = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *log_path = NULL;
  const char * const demo_args[] = { "demo", "--bare", "--db", NULL, NULL };
  const char *server_args[] = { "--config", NULL, NULL };

  fx->dir = g_dir_make_tmp ("labdesk-sms-XXXXXX", &error);
  g_assert_no_error (error);
  fx->db_path = g_build_filename (fx->dir, "lab.db", NULL);
  fx->record = g_build_filename (fx->dir, "sms.jsonl", NULL);
  config_path = g_build_filename (fx->dir, "labdesk-server.conf", NULL);
  key_path = g_build_filename (fx->dir, "sms-key", NULL);
  log_path = g_build_filename (fx->dir, "server.log", NULL);

  {
    const char *args[G_N_ELEMENTS (demo_args)];

    memcpy (args, demo_args, sizeof args);
    args[3] = fx->db_path;
    g_assert_cmpint (ld_test_run_server_command (args, NULL, NULL), ==, 0);
  }

  fx->standin = ld_test_sms_start (fx->record, scenario->answer, &port);
  g_assert_true (g_file_set_contents (key_path, LD_TEST_SMS_KEY "\n", -1, &error));
  if (scenario->configured)
    config =
      g_strdup_printf ("[sms]\n"
                       "url=http://127.0.0.1:%s/api/v5/flow\n"
                       "body={\"template_id\": \"{template_id}\", \"sender\": \"{sender}\", "
                       "\"mobiles\": \"{to_digits}\", \"to\": \"{to}\", \"text\": \"{text}\"}\n"
                       "sender=LABDSK\n"
                       "api-key-file=%s\n"
                       "api-key-header=authkey: {key}\n"
                       "message-id-member=data.id\n"
                       "retry-after=1\n"
                       "template-id.order-confirmed=" DLT_ID "\n",
                       port, key_path);
  else
    config = g_strdup ("[server]\n");
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));
  g_assert_no_error (error);

  server_args[1] = config_path;
  fx->lab = ld_lab_new_on (ld_test_server_spawn_logged (fx->db_path, server_args, log_path));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->lab, ld_lab_free);
  g_clear_pointer (&fx->standin, ld_test_sms_stop);
  ld_test_remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->db_path);
  g_free (fx->record);
}

/* The requests the stand-in has recorded. */
static JsonArray *
read_requests (Fixture *fx)
{
  return ld_test_sms_read (fx->record);
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

static char *
order_number (Fixture    *fx,
              const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->lab->server, path, fx->lab->desk);

  ld_test_assert_status (resp, 200);
  return g_strdup (ld_test_response_get_string (resp, "order.number"));
}

static void
test_order_confirmed_once (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *asha = ld_lab_new_patient (fx->lab, "{\"name\": \"Asha Verma\", \"sex\": "
                                                       "\"female\", \"age_years\": 34, "
                                                       "\"phone\": \"98450 11111\"}");
  g_autofree char *order = ld_lab_prescribe (fx->lab, asha, "\"items\": [\"GLUF\"]");
  g_autofree char *number = order_number (fx, order);
  g_autofree char *expected = g_strdup_printf ("order %s confirmed, amount Rs ", number);
  g_autoptr(JsonArray) requests = NULL;
  JsonObject *request;
  JsonObject *body;
  JsonObject *headers;
  const char *text;

  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE channel = 'sms'"
                     " AND state = 'sent'", 1);
  requests = read_requests (fx);
  g_assert_cmpuint (json_array_get_length (requests), ==, 1);
  request = json_array_get_object_element (requests, 0);
  body = json_object_get_object_member (request, "json");
  headers = json_object_get_object_member (request, "headers");

  g_assert_cmpstr (json_object_get_string_member (request, "method"), ==, "POST");
  g_assert_cmpstr (json_object_get_string_member (request, "path"), ==, "/api/v5/flow");
  g_assert_cmpstr (json_object_get_string_member (headers, "authkey"), ==, LD_TEST_SMS_KEY);
  g_assert_cmpstr (json_object_get_string_member (headers, "content-type"), ==,
                   "application/json");
  g_assert_cmpstr (json_object_get_string_member (body, "to"), ==, "+919845011111");
  g_assert_cmpstr (json_object_get_string_member (body, "mobiles"), ==, "919845011111");
  g_assert_cmpstr (json_object_get_string_member (body, "template_id"), ==, DLT_ID);
  g_assert_cmpstr (json_object_get_string_member (body, "sender"), ==, "LABDSK");
  text = json_object_get_string_member (body, "text");
  g_assert_true (g_str_has_prefix (text, "Sunrise Diagnostics (DEMO DATA): "));
  g_assert_nonnull (strstr (text, expected));
  /* One GSM-7 message: no "₹", and within 160 characters. */
  g_assert_null (strstr (text, "₹"));
  g_assert_cmpuint (g_utf8_strlen (text, -1), <=, 160);

  /* The gateway's id is kept; the e-mail-less patient has the SMS only. */
  g_assert_cmpint (ld_test_query_int (fx->db_path,
                                      "SELECT COUNT(*) FROM notifications WHERE channel = 'sms'"
                                      " AND recipient = '+919845011111' AND attempts = 1"
                                      " AND provider_id = 'standin-000001'"
                                      " AND template = 'order-confirmed' AND language = 'en'"),
                   ==, 1);
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT COUNT(*) FROM notifications"), ==, 1);

  /* /metrics counts it on its channel. */
  {
    g_autoptr(LdTestResponse) metrics = ld_test_get (fx->lab->server, "/metrics", NULL);

    ld_test_assert_status (metrics, 200);
    g_assert_nonnull (strstr (metrics->body, "labdesk_notifications{channel=\"sms\","
                                             "state=\"sent\"} 1\n"));
    g_assert_nonnull (strstr (metrics->body, "labdesk_notifications{channel=\"email\","
                                             "state=\"sent\"} 0\n"));
  }
}

static void
test_do_not_send_withheld (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *quiet = ld_lab_new_patient (fx->lab, "{\"name\": \"Quiet Patient\", \"sex\": "
                                                        "\"male\", \"age_years\": 50, \"phone\": "
                                                        "\"+91 98450 22222\", "
                                                        "\"phone_do_not_send\": true}");
  g_autofree char *quiet_order = ld_lab_prescribe (fx->lab, quiet, "\"items\": [\"GLUF\"]");
  g_autofree char *other = NULL;
  g_autofree char *other_order = NULL;
  g_autoptr(JsonArray) requests = NULL;
  JsonObject *body;

  g_assert_cmpint (ld_test_query_int (fx->db_path,
                                      "SELECT COUNT(*) FROM notifications WHERE channel = 'sms'"
                                      " AND recipient = '+919845022222' AND state = 'withheld'"
                                      " AND last_error = 'The patient asked not to be sent SMS.'"),
                   ==, 1);

  /* The sender is at work: a later patient's message goes, the withheld one never. */
  other = ld_lab_new_patient (fx->lab, "{\"name\": \"Ravi Kumar\", \"sex\": \"male\", "
                                       "\"age_years\": 40, \"phone\": \"0091 98450 33333\"}");
  other_order = ld_lab_prescribe (fx->lab, other, "\"items\": [\"GLUF\"]");
  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE recipient = '+919845033333'"
                     " AND state = 'sent'", 1);
  requests = read_requests (fx);
  g_assert_cmpuint (json_array_get_length (requests), ==, 1);
  body = json_object_get_object_member (json_array_get_object_element (requests, 0), "json");
  g_assert_cmpstr (json_object_get_string_member (body, "to"), ==, "+919845033333");
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT COUNT(*) FROM notifications"
                                                   " WHERE recipient = '+919845022222'"
                                                   " AND state = 'withheld' AND attempts = 0"),
                   ==, 1);
}

static void
test_busy_then_sent_once (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *asha = ld_lab_new_patient (fx->lab, "{\"name\": \"सीता देवी\", \"sex\": "
                                                       "\"female\", \"age_years\": 61, "
                                                       "\"phone\": \"98450 44444\"}");
  g_autofree char *order = ld_lab_prescribe (fx->lab, asha, "\"items\": [\"GLUF\"]");
  g_autoptr(JsonArray) requests = NULL;
  const char *first_text;
  const char *second_text;

  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE channel = 'sms'"
                     " AND state = 'sent' AND attempts = 2", 1);
  requests = read_requests (fx);
  g_assert_cmpuint (json_array_get_length (requests), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (requests, 0),
                                               "status"), ==, 500);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (requests, 1),
                                               "status"), ==, 200);
  first_text = json_object_get_string_member (
    json_object_get_object_member (json_array_get_object_element (requests, 0), "json"), "text");
  second_text = json_object_get_string_member (
    json_object_get_object_member (json_array_get_object_element (requests, 1), "json"), "text");
  g_assert_cmpstr (first_text, ==, second_text);
  /* Hindi for a patient whose name is in Devanagari. */
  g_assert_nonnull (strstr (second_text, "पक्का"));
  g_assert_cmpint (ld_test_query_int (fx->db_path,
                                      "SELECT COUNT(*) FROM notifications WHERE channel = 'sms'"
                                      " AND language = 'hi' AND provider_id = 'standin-000002'"
                                      " AND last_error IS NULL"),
                   ==, 1);
}

static void
test_refused_given_up (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *asha = ld_lab_new_patient (fx->lab, "{\"name\": \"Asha Verma\", \"sex\": "
                                                       "\"female\", \"age_years\": 34, "
                                                       "\"phone\": \"98450 55555\"}");
  g_autofree char *order = ld_lab_prescribe (fx->lab, asha, "\"items\": [\"GLUF\"]");
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/notifications", order);
  g_autoptr(LdTestResponse) resp = NULL;
  g_autoptr(JsonArray) requests = NULL;
  JsonArray *items;
  JsonObject *item;

  wait_for_rows (fx, "SELECT COUNT(*) FROM notifications WHERE channel = 'sms'"
                     " AND state = 'given_up'", 1);
  requests = read_requests (fx);
  g_assert_cmpuint (json_array_get_length (requests), ==, 1);

  resp = ld_test_get (fx->lab->server, path, fx->lab->desk);
  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "channel"), ==, "sms");
  g_assert_cmpstr (json_object_get_string_member (item, "recipient"), ==, "+919845055555");
  g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "given_up");
  g_assert_cmpint (json_object_get_int_member (item, "attempts"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "last_error"), ==,
                   "The SMS gateway answered HTTP 400: {\"type\": \"error\", \"message\": "
                   "\"Template ID does not match the DLT template\"}");
  {
    g_autoptr(LdTestResponse) metrics = ld_test_get (fx->lab->server, "/metrics", NULL);

    g_assert_nonnull (strstr (metrics->body, "labdesk_notifications{channel=\"sms\","
                                             "state=\"given_up\"} 1\n"));
    g_assert_nonnull (strstr (metrics->body, "labdesk_notifications{channel=\"sms\","
                                             "state=\"sent\"} 0\n"));
  }
}

static void
test_not_configured_none (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *asha = ld_lab_new_patient (fx->lab, "{\"name\": \"Asha Verma\", \"sex\": "
                                                       "\"female\", \"age_years\": 34, "
                                                       "\"phone\": \"98450 11111\", "
                                                       "\"email\": \"asha@example.com\"}");
  g_autofree char *order = ld_lab_prescribe (fx->lab, asha, "\"items\": [\"GLUF\"]");
  g_autoptr(JsonArray) requests = NULL;

  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT COUNT(*) FROM notifications"
                                                   " WHERE channel = 'email'"), ==, 1);
  g_assert_cmpint (ld_test_query_int (fx->db_path, "SELECT COUNT(*) FROM notifications"
                                                   " WHERE channel = 'sms'"), ==, 0);
  requests = read_requests (fx);
  g_assert_cmpuint (json_array_get_length (requests), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  static const Scenario accept = { NULL, TRUE };
  static const Scenario busy_once = { "500:1", TRUE };
  static const Scenario refuse = { "400:99", TRUE };
  static const Scenario off = { NULL, FALSE };

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/notify/sms/order-confirmed-once", Fixture, &accept, fixture_setup,
              test_order_confirmed_once, fixture_teardown);
  g_test_add ("/notify/sms/do-not-send-withheld", Fixture, &accept, fixture_setup,
              test_do_not_send_withheld, fixture_teardown);
  g_test_add ("/notify/sms/busy-then-sent-once", Fixture, &busy_once, fixture_setup,
              test_busy_then_sent_once, fixture_teardown);
  g_test_add ("/notify/sms/refused-given-up", Fixture, &refuse, fixture_setup,
              test_refused_given_up, fixture_teardown);
  g_test_add ("/notify/sms/not-configured-none", Fixture, &off, fixture_setup,
              test_not_configured_none, fixture_teardown);

  return g_test_run ();
}

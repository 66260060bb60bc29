/* test-api-notify-outbox.c: what was sent, per order and per day; resend, retry, cancel
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through the real server and database (either backend). The desk reads
 * an order's messages and resends one: a new row copying the facts, to the
 * address as it is now, audited; a patient who said no or has no address
 * is refused, as is a message still to be sent. The administrator lists
 * a day's outbox by state, retries a failed message and cancels a waiting
 * one; each refuses the states it does not apply to, and bad input gets
 * the documented error shape with nothing changed. A row's state is set
 * behind the server where the sender (tests/test-notify-mail.c) would
 * have set it.
 */

#include "config.h"

#include <string.h>

#include "ld-test-lab.h"
#include "ld-test-orders.h"

#define ASHA                                                            \
  "{\"name\": \"Asha Verma\", \"sex\": \"female\", \"age_years\": 34, " \
  "\"email\": \"asha@example.com\"}"

/* The patient's addresses are in every listing: each is audited. */
static gint64
count_audited (LdLabFixture *fx,
               const char   *action)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT COUNT(*) FROM audit_events WHERE action = '%s'", action);

  return ld_test_server_query_int (fx->lab->server, sql);
}

static JsonArray *
list_for_order (LdLabFixture *fx,
                const char   *order_id,
                const char   *token)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/notifications", order_id);
  gint64 audited = count_audited (fx, "order.notifications.read");
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->lab->server, path, token);

  ld_test_assert_status (resp, 200);
  g_assert_cmpint (count_audited (fx, "order.notifications.read"), ==, audited + 1);
  return json_array_ref (json_object_get_array_member (ld_test_response_object (resp), "items"));
}

static LdTestResponse *
act (LdLabFixture *fx,
     const char   *token,
     const char   *id,
     const char   *action,
     const char   *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/notifications/%s/%s", id, action);

  return ld_test_send_json (fx->lab->server, "POST", path, token, body);
}

static char *
first_id (LdLabFixture *fx,
          const char   *order_id)
{
  g_autoptr(JsonArray) items = list_for_order (fx, order_id, fx->lab->desk);

  g_assert_cmpuint (json_array_get_length (items), >=, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "id"));
}

static gint64
count (LdLabFixture *fx,
       const char   *sql)
{
  return ld_test_server_query_int (fx->lab->server, sql);
}

static void
test_order_list_and_resend (LdLabFixture  *fx,
                            gconstpointer  data)
{
  g_autofree char *order_id = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_autofree char *id = first_id (fx, order_id);
  g_autofree char *patient_path = g_strdup_printf ("/api/v1/patients/%s", fx->patient_id);
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(LdTestResponse) early = NULL;
  g_autoptr(LdTestResponse) resent = NULL;
  g_autoptr(LdTestResponse) fixed = NULL;
  g_autoptr(LdTestResponse) technician = NULL;
  g_autoptr(LdTestResponse) doctor = NULL;
  g_autoptr(LdTestResponse) bad_body = NULL;
  g_autoptr(LdTestResponse) missing = NULL;
  JsonObject *first;

  items = list_for_order (fx, order_id, fx->lab->desk);
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  first = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "template"), ==, "order-confirmed");
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "waiting");
  g_assert_cmpstr (json_object_get_string_member (first, "recipient"), ==, "asha@example.com");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (first, "order_number"), "O"));
  g_assert_false (json_object_has_member (first, "facts"));
  g_assert_true (json_object_get_null_member (first, "sent_at"));

  /* Still to be sent: nothing to resend yet. */
  early = act (fx, fx->lab->desk, id, "resend", "{}");
  ld_test_assert_error (early, 409, "conflict");

  /* It failed, the desk corrects the address, and resends. */
  ld_test_sql_exec (fx->lab->server, "UPDATE notifications SET state = 'given_up', attempts = 1,"
                                     " last_error = '550 5.1.1 No such user'");
  fixed = ld_test_send_json (fx->lab->server, "PATCH", patient_path, fx->lab->desk,
                             "{\"version\": 1, \"email\": \"asha.verma@example.com\"}");
  ld_test_assert_status (fixed, 200);
  resent = act (fx, fx->lab->desk, id, "resend", "{}");
  ld_test_assert_status (resent, 201);
  g_assert_cmpstr (ld_test_response_get_string (resent, "notification.state"), ==, "waiting");
  g_assert_cmpstr (ld_test_response_get_string (resent, "notification.resent_from"), ==, id);
  g_assert_cmpstr (ld_test_response_get_string (resent, "notification.recipient"), ==,
                   "asha.verma@example.com");
  g_assert_cmpint (
    count (fx, "SELECT COUNT(*) FROM notifications n WHERE n.resent_from IS NOT NULL"
               " AND n.facts = (SELECT facts FROM notifications WHERE resent_from IS NULL)"),
    ==, 1);
  g_assert_cmpint (count (fx,
                          "SELECT COUNT(*) FROM audit_events WHERE action = 'notification.resend'"),
                   ==, 1);
  items = (json_array_unref (items), list_for_order (fx, order_id, fx->lab->admin));
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  first = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "last_error"), ==,
                   "550 5.1.1 No such user");

  /* Who may, and what is refused. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/notifications", order_id);

    technician = ld_test_get (fx->lab->server, path, fx->lab->technician);
    ld_test_assert_error (technician, 403, "forbidden");
  }
  doctor = act (fx, fx->lab->doctor, id, "resend", "{}");
  ld_test_assert_error (doctor, 403, "forbidden");
  bad_body = act (fx, fx->lab->desk, id, "resend", "{\"now\": true}");
  ld_test_assert_error (bad_body, 400, "bad_request");
  missing = act (fx, fx->lab->desk, "00000000-0000-4000-8000-000000000000", "resend", "{}");
  ld_test_assert_error (missing, 404, "not_found");
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM notifications"), ==, 2);
}

static void
test_resend_refused_after_no (LdLabFixture  *fx,
                              gconstpointer  data)
{
  g_autofree char *order_id = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_autofree char *id = first_id (fx, order_id);
  g_autofree char *patient_path = g_strdup_printf ("/api/v1/patients/%s", fx->patient_id);
  g_autoptr(LdTestResponse) no = NULL;
  g_autoptr(LdTestResponse) refused = NULL;
  g_autoptr(LdTestResponse) missing = NULL;
  g_autoptr(LdTestResponse) gone = NULL;

  ld_test_sql_exec (fx->lab->server, "UPDATE notifications SET state = 'sent'");
  no = ld_test_send_json (fx->lab->server, "PATCH", patient_path, fx->lab->desk,
                          "{\"version\": 1, \"email_do_not_send\": true}");
  ld_test_assert_status (no, 200);
  refused = act (fx, fx->lab->desk, id, "resend", "{}");
  ld_test_assert_error (refused, 409, "conflict");
  gone = ld_test_send_json (fx->lab->server, "PATCH", patient_path, fx->lab->desk,
                            "{\"version\": 2, \"email_do_not_send\": false, \"email\": null}");
  ld_test_assert_status (gone, 200);
  missing = act (fx, fx->lab->desk, id, "resend", "{}");
  ld_test_assert_error (missing, 409, "conflict");
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM notifications"), ==, 1);
}

static JsonArray *
list_day (LdLabFixture *fx,
          const char   *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/notifications%s", query);
  gint64 audited = count_audited (fx, "notification.list");
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->lab->server, path, fx->lab->admin);

  ld_test_assert_status (resp, 200);
  g_assert_cmpint (count_audited (fx, "notification.list"), ==, audited + 1);
  return json_array_ref (json_object_get_array_member (ld_test_response_object (resp), "items"));
}

/* The kept counts that differ from a recount of the messages, each way. */
#define NOTIFICATION_COUNTS_OFF \
  "SELECT (SELECT COUNT(*) FROM (SELECT channel, state, COUNT(*) AS n FROM notifications" \
  "        GROUP BY channel, state) r LEFT JOIN notification_counts c" \
  "        ON c.channel = r.channel AND c.state = r.state" \
  "        WHERE c.messages IS NULL OR c.messages <> r.n)" \
  "     + (SELECT COUNT(*) FROM notification_counts c WHERE c.messages > 0 AND NOT EXISTS" \
  "        (SELECT 1 FROM notifications n WHERE n.channel = c.channel AND n.state = c.state))"

static void
test_admin_outbox (LdLabFixture  *fx,
                   gconstpointer  data)
{
  g_autofree char *first = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_autofree char *second = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_autofree char *failed_id = first_id (fx, first);
  g_autofree char *waiting_id = first_id (fx, second);
  g_autofree char *fail = g_strdup_printf ("UPDATE notifications SET state = 'failed', last_error ="
                                           " 'interrupted while sending' WHERE id = '%s'",
                                           failed_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "?day=%Y-%m-%d");
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(JsonArray) failed = NULL;
  g_autoptr(JsonArray) yesterday = NULL;
  g_autoptr(LdTestResponse) retried = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) cancelled = NULL;
  g_autoptr(LdTestResponse) twice = NULL;
  g_autoptr(LdTestResponse) desk = NULL;
  g_autoptr(LdTestResponse) bad_state = NULL;
  g_autoptr(LdTestResponse) bad_day = NULL;
  g_autoptr(LdTestResponse) unknown = NULL;

  ld_test_sql_exec (fx->lab->server, fail);
  /* The figures in /metrics: one failed, one waiting since it was written. */
  {
    g_autoptr(LdTestResponse) metrics = ld_test_get (fx->lab->server, "/metrics", NULL);
    g_autoptr(GRegex) oldest =
                 g_regex_new ("^labdesk_notifications_oldest_waiting_seconds [0-9]+\\.[0-9]{3}$",
                              G_REGEX_MULTILINE, 0, NULL);

    ld_test_assert_status (metrics, 200);
    g_assert_nonnull (
      strstr (metrics->body, "labdesk_notifications{channel=\"email\",state=\"failed\"} 1\n"));
    g_assert_nonnull (
      strstr (metrics->body, "labdesk_notifications{channel=\"email\",state=\"waiting\"} 1\n"));
    g_assert_nonnull (
      strstr (metrics->body, "labdesk_notifications{channel=\"email\",state=\"sent\"} 0\n"));
    /* No SMS at all: each of its states is written, as 0. */
    g_assert_nonnull (
      strstr (metrics->body, "labdesk_notifications{channel=\"sms\",state=\"waiting\"} 0\n"));
    g_assert_true (g_regex_match (oldest, metrics->body, 0, NULL));
    g_assert_null (strstr (metrics->body, "labdesk_notifications_oldest_waiting_seconds 0.000"));
  }
  all = list_day (fx, "");
  g_assert_cmpuint (json_array_get_length (all), ==, 2);
  /* Newest first. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (all, 0), "id"),
                   ==, waiting_id);
  failed = list_day (fx, "?state=failed");
  g_assert_cmpuint (json_array_get_length (failed), ==, 1);
  yesterday = list_day (fx, "?day=2020-01-01");
  g_assert_cmpuint (json_array_get_length (yesterday), ==, 0);
  g_clear_pointer (&all, json_array_unref);
  all = list_day (fx, today);
  g_assert_cmpuint (json_array_get_length (all), ==, 2);

  retried = act (fx, fx->lab->admin, failed_id, "retry", "{}");
  ld_test_assert_status (retried, 200);
  g_assert_cmpstr (ld_test_response_get_string (retried, "notification.state"), ==, "waiting");
  again = act (fx, fx->lab->admin, failed_id, "retry", "{}");
  ld_test_assert_error (again, 409, "conflict");

  cancelled = act (fx, fx->lab->admin, waiting_id, "cancel", "{}");
  ld_test_assert_status (cancelled, 200);
  g_assert_cmpstr (ld_test_response_get_string (cancelled, "notification.state"), ==, "cancelled");
  twice = act (fx, fx->lab->admin, waiting_id, "cancel", "{}");
  ld_test_assert_error (twice, 409, "conflict");
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM audit_events WHERE action IN"
                              " ('notification.retry', 'notification.cancel')"),
                   ==, 2);

  desk = act (fx, fx->lab->desk, failed_id, "cancel", "{}");
  ld_test_assert_error (desk, 403, "forbidden");
  bad_state = ld_test_get (fx->lab->server, "/api/v1/notifications?state=lost", fx->lab->admin);
  ld_test_assert_error (bad_state, 422, "validation_failed");
  bad_day = ld_test_get (fx->lab->server, "/api/v1/notifications?day=26-11-2026", fx->lab->admin);
  ld_test_assert_error (bad_day, 422, "validation_failed");
  unknown = ld_test_get (fx->lab->server, "/api/v1/notifications?page=2", fx->lab->admin);
  ld_test_assert_error (unknown, 400, "bad_request");
  g_assert_cmpint (count (fx, "SELECT COUNT(*) FROM notifications WHERE state = 'waiting'"), ==, 1);
  {
    g_autoptr(LdTestResponse) metrics = ld_test_get (fx->lab->server, "/metrics", NULL);

    g_assert_nonnull (
      strstr (metrics->body, "labdesk_notifications{channel=\"email\",state=\"cancelled\"} 1\n"));
  }

  /* The kept counts (migration 0051) are the messages' own, after each
   * way a message moves: queued, a hand edit, retried, cancelled, and a
   * row deleted by hand. */
  g_assert_cmpint (count (fx, NOTIFICATION_COUNTS_OFF), ==, 0);
  {
    g_autofree char *delete =
      g_strdup_printf ("DELETE FROM notifications WHERE id = '%s'", waiting_id);

    ld_test_sql_exec (fx->lab->server, delete);
  }
  g_assert_cmpint (count (fx, NOTIFICATION_COUNTS_OFF), ==, 0);
  g_assert_cmpint (count (fx, "SELECT messages FROM notification_counts"
                              " WHERE channel = 'email' AND state = 'cancelled'"),
                   ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/notify/outbox-api/order-list-and-resend", LdLabFixture, ASHA, ld_lab_fixture_setup,
              test_order_list_and_resend, ld_lab_fixture_teardown);
  g_test_add ("/notify/outbox-api/resend-refused-after-no", LdLabFixture, ASHA,
              ld_lab_fixture_setup, test_resend_refused_after_no, ld_lab_fixture_teardown);
  g_test_add ("/notify/outbox-api/admin-outbox", LdLabFixture, ASHA, ld_lab_fixture_setup,
              test_admin_outbox, ld_lab_fixture_teardown);

  return g_test_run ();
}

/* test-api-notify-events.c: the second slice of events, each once, with its change
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through the real server and database (either backend), each event adds
 * exactly one outbox row, written by the change that causes it, with the
 * facts its template needs: a payment that went through ("payment-received"
 * with the receipt's number), a rejected sample that needs a new one
 * ("sample-rejected"), an amended report ("report-amended": its link,
 * never a value), a home collection booked ("home-visit-scheduled": the
 * day and slot), an unpaid order that expires within a day
 * ("order-expiring", from the expiry sweep, once however often it runs).
 */

#include "config.h"

#include <string.h>

#include "ld-server.h"
#include "ld-test-documents.h"
#include "ld-test-lab.h"
#include "ld-test-orders.h"

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

static char *
read_facts (LdLabFixture *fx,
            const char   *template_name)
{
  g_autoptr(LdDb) db = ld_test_server_open_db (fx->lab->server);
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt = ld_db_prepare_cached (db, "SELECT facts FROM notifications"
                                             " WHERE patient_id = ?1 AND template = ?2", &error);
  char *facts;

  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, fx->patient_id);
  ld_db_bind_text (stmt, 2, template_name);
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
  facts = ld_db_column_dup_text (stmt, 0);
  ld_db_reset (stmt);
  return facts;
}

static void
test_payment_received (LdLabFixture  *fx,
                       gconstpointer  data)
{
  g_autofree char *order_id = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_autofree char *number = ld_test_order_number (fx->lab, order_id);
  g_autofree char *receipt = g_strdup_printf ("\"receipt_number\":\"%s/1\"", number);
  g_autofree char *facts = NULL;

  g_assert_cmpint (count_rows (fx, "template = 'payment-received'"), ==, 0);
  ld_lab_pay (fx->lab, order_id);
  g_assert_cmpint (count_rows (fx, "template = 'payment-received' AND state = 'waiting'"), ==, 1);
  facts = read_facts (fx, "payment-received");
  g_assert_nonnull (strstr (facts, receipt));
  g_assert_nonnull (strstr (facts, "\"paid_amount\":\"₹"));
}

static void
test_online_payment_received_once (LdLabFixture  *fx,
                                   gconstpointer  data)
{
  g_autofree char *order_id = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_autoptr(LdTestResponse) attempt = ld_lab_order_post (fx->lab, fx->lab->desk, order_id,
                                                          "payments", "{\"method\": \"online\"}");
  g_autoptr(LdTestResponse) outcome = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autofree char *path = NULL;

  ld_test_assert_status (attempt, 201);
  /* An attempt in flight is no money yet. */
  g_assert_cmpint (count_rows (fx, "template = 'payment-received'"), ==, 0);
  path =
    g_strdup_printf ("/api/v1/payments/%s", ld_test_response_get_string (attempt, "payment.id"));
  outcome = ld_test_send_json (fx->lab->server, "PATCH", path, fx->lab->desk,
                               "{\"version\": 1, \"status\": \"succeeded\","
                               " \"reference\": \"pay_ABC123\"}");
  ld_test_assert_status (outcome, 200);
  again = ld_test_send_json (fx->lab->server, "PATCH", path, fx->lab->desk,
                             "{\"version\": 1, \"status\": \"succeeded\","
                             " \"reference\": \"pay_ABC123\"}");
  g_assert_cmpuint (again->status, >=, 400);
  g_assert_cmpint (count_rows (fx, "template = 'payment-received'"), ==, 1);
}

static JsonObject *
first_sample (LdLab      *lab,
              const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (lab->server, path, lab->technician);
  JsonArray *items;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  return json_object_ref (json_array_get_object_element (items, 0));
}

static void
test_sample_rejected (LdLabFixture  *fx,
                      gconstpointer  data)
{
  g_autofree char *order_id = ld_lab_order_in_lab (fx->lab, fx->patient_id, "\"items\": [\"HB\"]");
  g_autoptr(JsonObject) sample = first_sample (fx->lab, order_id);
  g_autofree char *path =
    g_strdup_printf ("/api/v1/samples/%s/custody", json_object_get_string_member (sample, "id"));
  g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT
                                           ", \"event\": \"rejected\", \"reason\": \"haemolysed\","
                                           " \"recollect\": true}",
                                           json_object_get_int_member (sample, "version"));
  g_autoptr(LdTestResponse) rejected = ld_lab_post (fx->lab, fx->lab->technician, path, body);

  ld_test_assert_status (rejected, 200);
  g_assert_cmpint (count_rows (fx, "template = 'sample-rejected' AND state = 'waiting'"
                                   " AND recipient = 'asha@example.com'"),
                   ==, 1);
}

static void
test_report_amended (LdLabFixture  *fx,
                     gconstpointer  data)
{
  g_autofree char *order_id = ld_test_order_released (fx->lab, fx->patient_id);
  g_autoptr(LdTestResponse) results = ld_lab_get_results (fx->lab, fx->lab->signatory, order_id);
  JsonObject      *hb = ld_lab_find_result (results, "items", "HB");
  g_autofree char *amend =
    g_strdup_printf ("{\"reason\": \"Transcription error\", \"results\": [{\"test_code\": \"HB\","
                     " \"version\": %" G_GINT64_FORMAT ", \"value\": \"11.7\"}]}",
                     json_object_get_int_member (hb, "version"));
  g_autoptr(LdTestResponse) amended =
               ld_lab_order_post (fx->lab, fx->lab->signatory, order_id, "amendments", amend);
  g_autofree char *facts = NULL;

  ld_test_assert_status (amended, 201);
  g_assert_cmpint (count_rows (fx, "template = 'report-amended'"), ==, 1);
  g_assert_cmpint (count_rows (fx, "template = 'report-ready'"), ==, 1);
  facts = read_facts (fx, "report-amended");
  g_assert_nonnull (strstr (facts, "/verify/"));
  g_assert_null (strstr (facts, "11.7"));
  g_assert_null (strstr (facts, "10.8"));
}

static char *
slot_time (int days,
           int hour)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);
  g_autoptr(GDateTime) slot =
               g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                      g_date_time_get_day_of_month (day), hour, 0, 0);

  return g_date_time_format_iso8601 (slot);
}

static void
test_home_visit_scheduled (LdLabFixture  *fx,
                           gconstpointer  data)
{
  g_autofree char *start = slot_time (2, 9);
  g_autofree char *end = slot_time (2, 11);
  g_autofree char *items = g_strdup_printf (
    "\"items\": [\"GLUF\"], \"collection\": \"home\", \"home_visit\": {\"address\":"
    " \"4 Lake View, Pune\", \"slot_start\": \"%s\", \"slot_end\": \"%s\"}",
    start, end);
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", %s}", fx->patient_id, items);
  g_autoptr(LdTestResponse) booked = ld_lab_post (fx->lab, fx->lab->desk, "/api/v1/orders", body);
  g_autofree char *facts = NULL;
  g_autofree char *day = g_strndup (start, 10);
  g_autofree char *expected_day = g_strdup_printf ("\"visit_day\":\"%s\"", day);

  ld_test_assert_status (booked, 201);
  g_assert_cmpint (count_rows (fx, "template = 'home-visit-scheduled'"), ==, 1);
  g_assert_cmpint (count_rows (fx, "template = 'order-confirmed'"), ==, 1);
  facts = read_facts (fx, "home-visit-scheduled");
  g_assert_nonnull (strstr (facts, expected_day));
  g_assert_nonnull (strstr (facts, "\"visit_from\":\"09:00\""));
  g_assert_nonnull (strstr (facts, "\"visit_to\":\"11:00\""));
  g_assert_nonnull (strstr (facts, "\"home_address\":\"4 Lake View, Pune\""));
}

static void
sweep (LdLabFixture *fx)
{
  ld_test_server_run_minute_sweeps (fx->lab->server);
}

static void
test_order_expiring_once (LdLabFixture  *fx,
                          gconstpointer  data)
{
  g_autofree char *soon = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_autofree char *later = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_autofree char *paid = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"GLUF\"]");
  g_autofree char *in_20h = NULL;
  g_autofree char *facts = NULL;

  ld_lab_pay (fx->lab, paid);
  /* Two of them end within the day; one only in three days. */
  in_20h =
    g_strdup_printf ("UPDATE orders SET expires_us = %" G_GINT64_FORMAT " WHERE id IN ('%s', '%s')",
                     g_get_real_time () + 20 * G_TIME_SPAN_HOUR, soon, paid);
  ld_test_sql_exec (fx->lab->server, in_20h);
  sweep (fx);
  g_assert_cmpint (count_rows (fx, "template = 'order-expiring'"), ==, 1);
  {
    g_autofree char *condition =
      g_strdup_printf ("template = 'order-expiring' AND order_id = '%s'", soon);

    g_assert_cmpint (count_rows (fx, condition), ==, 1);
  }
  sweep (fx);
  g_assert_cmpint (count_rows (fx, "template = 'order-expiring'"), ==, 1);
  facts = read_facts (fx, "order-expiring");
  g_assert_nonnull (strstr (facts, "\"expires_at\":\"2"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/notify/events/payment-received", LdLabFixture, ASHA, ld_lab_fixture_setup,
              test_payment_received, ld_lab_fixture_teardown);
  g_test_add ("/notify/events/online-payment-received-once", LdLabFixture, ASHA,
              ld_lab_fixture_setup, test_online_payment_received_once, ld_lab_fixture_teardown);
  g_test_add ("/notify/events/sample-rejected", LdLabFixture, ASHA, ld_lab_fixture_setup,
              test_sample_rejected, ld_lab_fixture_teardown);
  g_test_add ("/notify/events/report-amended", LdLabFixture, ASHA, ld_lab_fixture_setup,
              test_report_amended, ld_lab_fixture_teardown);
  g_test_add ("/notify/events/home-visit-scheduled", LdLabFixture, ASHA, ld_lab_fixture_setup,
              test_home_visit_scheduled, ld_lab_fixture_teardown);
  g_test_add ("/notify/events/order-expiring-once", LdLabFixture, ASHA, ld_lab_fixture_setup,
              test_order_expiring_once, ld_lab_fixture_teardown);

  return g_test_run ();
}

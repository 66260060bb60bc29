/* test-api-notify.c: the outbox row written with the change that causes it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through the real server and database (either backend): booking an order
 * for a patient with an e-mail address adds one "order-confirmed" row;
 * collecting adds "sample-collected", releasing "report-ready" (with the
 * report's verification link, never a result), a failed online payment
 * "payment-failed" with its reason. A patient without an address gets no
 * row; one whose name is in Devanagari gets Hindi. A change that rolls
 * back (its audit row refused) leaves no row: the order and its message
 * are one transaction. No test server sends mail: the rows wait.
 */

#include "config.h"

#include <string.h>

#include "ld-test-documents.h"
#include "ld-test-lab.h"
#include "ld-test-orders.h"

#define ASHA                                                            \
  "{\"name\": \"Asha Verma\", \"sex\": \"female\", \"age_years\": 34, " \
  "\"email\": \"asha@example.com\"}"
#define SITA                                                                           \
  "{\"name\": \"सीता देवी\", \"sex\": \"female\", \"age_years\": 61, " \
  "\"email\": \"sita@example.com\"}"
#define NO_EMAIL "{\"name\": \"Ravi Kumar\", \"sex\": \"male\", \"age_years\": 40}"

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
test_each_stage_adds_one_row (LdLabFixture  *fx,
                              gconstpointer  data)
{
  g_autofree char *order_id = ld_test_order_released (fx->lab, fx->patient_id);
  g_autofree char *report_facts = read_facts (fx, "report-ready");
  g_autofree char *confirmed_facts = read_facts (fx, "order-confirmed");

  g_assert_cmpint (count_rows (fx, "1 = 1"), ==, 4);
  g_assert_cmpint (count_rows (fx, "template = 'order-confirmed'"), ==, 1);
  g_assert_cmpint (count_rows (fx, "template = 'payment-received'"), ==, 1);
  g_assert_cmpint (count_rows (fx, "template = 'sample-collected'"), ==, 1);
  g_assert_cmpint (count_rows (fx, "template = 'report-ready'"), ==, 1);
  g_assert_cmpint (count_rows (fx, "state = 'waiting' AND attempts = 0 AND channel = 'email'"
                                   " AND recipient = 'asha@example.com' AND language = 'en'"),
                   ==, 4);
  g_assert_cmpint (count_rows (fx, "order_id IS NULL"), ==, 0);

  /* The report's link, never its values (HB was 10.8). */
  g_assert_nonnull (strstr (report_facts, "/verify/"));
  g_assert_null (strstr (report_facts, "10.8"));
  g_assert_nonnull (strstr (confirmed_facts, "\"patient_name\":\"Asha Verma\""));
  g_assert_nonnull (strstr (confirmed_facts, "\"amount\":\"₹"));
}

static void
test_payment_failed (LdLabFixture  *fx,
                     gconstpointer  data)
{
  g_autofree char *order_id = ld_lab_prescribe (fx->lab, fx->patient_id,
                                                "\"items\": [\"GLUF\"]");
  g_autoptr(LdTestResponse) attempt = ld_lab_order_post (fx->lab, fx->lab->desk, order_id,
                                                          "payments", "{\"method\": \"online\"}");
  g_autoptr(LdTestResponse) outcome = NULL;
  g_autofree char *path = NULL;
  g_autofree char *facts = NULL;

  ld_test_assert_status (attempt, 201);
  path =
    g_strdup_printf ("/api/v1/payments/%s", ld_test_response_get_string (attempt, "payment.id"));
  outcome = ld_test_send_json (fx->lab->server, "PATCH", path, fx->lab->desk,
                               "{\"version\": 1, \"status\": \"failed\","
                               " \"failure_reason\": \"insufficient funds\"}");
  ld_test_assert_status (outcome, 200);

  g_assert_cmpint (count_rows (fx, "template = 'payment-failed'"), ==, 1);
  facts = read_facts (fx, "payment-failed");
  g_assert_nonnull (strstr (facts, "\"reason\":\"insufficient funds\""));
}

static void
test_hindi_patient (LdLabFixture  *fx,
                    gconstpointer  data)
{
  g_autofree char *order_id = ld_lab_prescribe (fx->lab, fx->patient_id,
                                                "\"items\": [\"GLUF\"]");

  g_assert_cmpint (count_rows (fx, "template = 'order-confirmed' AND language = 'hi'"), ==, 1);
}

static void
test_no_email_no_row (LdLabFixture  *fx,
                      gconstpointer  data)
{
  g_autofree char *order_id = ld_test_order_released (fx->lab, fx->patient_id);

  g_assert_cmpint (ld_test_server_query_int (fx->lab->server, "SELECT COUNT(*) FROM notifications"),
                   ==, 0);
}

static void
test_rolled_back_change_has_no_row (LdLabFixture  *fx,
                                    gconstpointer  data)
{
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"GLUF\"]}", fx->patient_id);
  g_autoptr(LdTestResponse) refused = NULL;

  /* The booking's audit row is written after its message's: refusing it
   * rolls back a transaction that had already added the message. */
  ld_test_sql_refuse_inserts (fx->lab->server, "audit_events", "NEW.action = 'order.create'");
  refused = ld_lab_post (fx->lab, fx->lab->doctor, "/api/v1/orders", body);
  ld_test_sql_accept_inserts (fx->lab->server, "audit_events");
  g_assert_cmpuint (refused->status, >=, 400);

  g_assert_cmpint (count_rows (fx, "1 = 1"), ==, 0);
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server, "SELECT COUNT(*) FROM orders"), ==,
                   0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/notify/outbox/each-stage-adds-one-row", LdLabFixture, ASHA, ld_lab_fixture_setup,
              test_each_stage_adds_one_row, ld_lab_fixture_teardown);
  g_test_add ("/notify/outbox/payment-failed", LdLabFixture, ASHA, ld_lab_fixture_setup,
              test_payment_failed, ld_lab_fixture_teardown);
  g_test_add ("/notify/outbox/hindi-patient", LdLabFixture, SITA, ld_lab_fixture_setup,
              test_hindi_patient, ld_lab_fixture_teardown);
  g_test_add ("/notify/outbox/no-email-no-row", LdLabFixture, NO_EMAIL, ld_lab_fixture_setup,
              test_no_email_no_row, ld_lab_fixture_teardown);
  g_test_add ("/notify/outbox/rolled-back-change-has-no-row", LdLabFixture, ASHA,
              ld_lab_fixture_setup, test_rolled_back_change_has_no_row, ld_lab_fixture_teardown);

  return g_test_run ();
}

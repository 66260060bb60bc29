/* test-client-calls.c: the desk's and the doctor's typed calls, against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 30, one door: the screens reach the server only through the typed
 * calls of client/store. Each is driven here through a signed-in
 * LdApiClient against the real server on a loopback port, and what it
 * hands back is checked against what the server holds.
 */

#include "config.h"

#include "ld-error.h"
#include "ld-test-client.h"
#include "ld-test-lab.h"
#include "store/ld-desk-calls.h"
#include "store/ld-doctor-calls.h"

typedef LdLabFixture Fixture;

#define PATIENT "{\"name\": \"Rekha Iyer\", \"sex\": \"female\", \"age_years\": 58}"

static LdApiClient *
sign_in (Fixture    *fx,
         const char *username,
         const char *password)
{
  g_autoptr(LdApiClient) api = ld_api_client_new (ld_test_server_get_uri (fx->lab->server));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LdUser) user = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  ld_api_client_sign_in_async (api, username, password, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  user = ld_api_client_sign_in_finish (api, result, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&api);
}

static gint64
order_balance (Fixture    *fx,
               const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) order = ld_test_get (fx->lab->server, path, fx->lab->desk);

  ld_test_assert_status (order, 200);
  return ld_test_response_get_int (order, "order.balance_paise");
}

/* A cash payment through the typed call: the payment as the server took
 * it, and the day's cash report (the typed call again) holding it. */
static void
test_cash_payment_and_report (Fixture       *fx,
                              gconstpointer  data)
{
  g_autoptr(LdApiClient) desk = sign_in (fx, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *order_id = ld_lab_prescribe (fx->lab, fx->patient_id, "\"items\": [\"K\"]");
  gint64 due = order_balance (fx, order_id);
  g_autoptr(GAsyncResult) paid = NULL;
  g_autoptr(GAsyncResult) reported = NULL;
  g_autoptr(LdPayment) payment = NULL;
  g_autoptr(LdCashReport) report = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  const LdCashEntry *found = NULL;

  g_assert_cmpint (due, >, 0);
  ld_desk_take_payment_async (desk, order_id, "cash", due + 5000, NULL, NULL,
                              ld_test_store_result_cb, &slot);
  paid = ld_test_wait_result (&slot);
  payment = ld_desk_take_payment_finish (desk, paid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (payment->id);
  g_assert_cmpstr (payment->order_id, ==, order_id);
  g_assert_cmpstr (payment->method, ==, "cash");
  g_assert_cmpstr (payment->kind, ==, "payment");
  g_assert_cmpint (payment->amount_paise, ==, due);
  g_assert_cmpint (payment->tendered_paise, ==, due + 5000);
  g_assert_cmpint (payment->change_paise, ==, 5000);
  g_assert_cmpint (order_balance (fx, order_id), ==, 0);
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server,
                                             "SELECT COUNT(*) FROM payments WHERE kind = 'payment'"
                                             " AND method = 'cash'"), ==, 1);

  /* Nothing is due any more: the server refuses a second payment. */
  ld_desk_take_payment_async (desk, order_id, "card", 0, "T-1", NULL, ld_test_store_result_cb,
                              &slot);
  {
    g_autoptr(GAsyncResult) again = ld_test_wait_result (&slot);
    g_autoptr(LdPayment) twice = ld_desk_take_payment_finish (desk, again, &error);

    g_assert_null (twice);
    g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
    g_clear_error (&error);
  }

  ld_desk_cash_report_async (desk, now, NULL, ld_test_store_result_cb, &slot);
  reported = ld_test_wait_result (&slot);
  report = ld_desk_cash_report_finish (desk, reported, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->entries->len; i++)
    {
      const LdCashEntry *entry = g_ptr_array_index (report->entries, i);

      if (g_strcmp0 (entry->order_id, order_id) == 0)
        found = entry;
    }
  g_assert_nonnull (found);
  g_assert_false (found->refund);
  g_assert_cmpstr (found->method, ==, "cash");
  g_assert_cmpint (found->amount_paise, ==, due);
  g_assert_cmpstr (found->patient_name, ==, "Rekha Iyer");
  g_assert_cmpint (report->net_paise, ==, due);
}

/* An order of K entered as a critical value and verified: the ordering
 * doctor's alert is raised. Returns the order's id. */
static char *
raise_alert (Fixture *fx)
{
  g_autofree char *order_id = ld_lab_order_in_lab (fx->lab, fx->patient_id, "\"items\": [\"K\"]");
  g_autoptr(LdTestResponse) entered =
               ld_lab_save (fx->lab, fx->lab->technician, order_id, TRUE, "K", "7.1", NULL);
  g_autoptr(LdTestResponse) verified = NULL;

  ld_test_assert_status (entered, 200);
  verified = ld_lab_verify (fx->lab, fx->lab->sunita, order_id, "K", NULL);
  ld_test_assert_status (verified, 200);
  return g_steal_pointer (&order_id);
}

static char *
alert_of (Fixture    *fx,
          const char *order_id)
{
  g_autoptr(LdTestResponse) alerts =
               ld_test_get (fx->lab->server, "/api/v1/alerts?state=open", fx->lab->admin);
  JsonArray *items;

  ld_test_assert_status (alerts, 200);
  items = json_object_get_array_member (ld_test_response_object (alerts), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *alert = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (alert, "order_id"), order_id) == 0)
        return g_strdup (json_object_get_string_member (alert, "id"));
    }
  g_assert_not_reached ();
  return NULL;
}

/* The doctor acknowledges through the typed call: the alert comes back
 * acknowledged, the server holds it so, and a second word is refused. */
static void
test_acknowledge_alert (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(LdApiClient) doctor = sign_in (fx, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autofree char *order_id = raise_alert (fx);
  g_autofree char *alert_id = alert_of (fx, order_id);
  g_autofree char *sql = NULL;
  g_autoptr(GAsyncResult) acknowledged = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(LdAlert) alert = NULL;
  g_autoptr(LdAlert) twice = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  ld_doctor_acknowledge_alert_async (doctor, alert_id, 1, NULL, ld_test_store_result_cb, &slot);
  acknowledged = ld_test_wait_result (&slot);
  alert = ld_doctor_acknowledge_alert_finish (doctor, acknowledged, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (alert->id, ==, alert_id);
  g_assert_cmpstr (alert->order_id, ==, order_id);
  g_assert_nonnull (alert->acknowledged_at);
  g_assert_cmpint (alert->version, ==, 2);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM alerts WHERE id = '%s'"
                         " AND acknowledged_at IS NOT NULL AND version = 2", alert_id);
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server, sql), ==, 1);

  ld_doctor_acknowledge_alert_async (doctor, alert_id, 1, NULL, ld_test_store_result_cb, &slot);
  again = ld_test_wait_result (&slot);
  twice = ld_doctor_acknowledge_alert_finish (doctor, again, &error);
  g_assert_null (twice);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
}

/* The patient's results a page at a time: each page read, its cursor
 * leading to the next, the last with none; the typed results match the
 * server's rows. */
static void
test_patient_results_pages (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(LdApiClient) doctor = sign_in (fx, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autofree char *first_order = raise_alert (fx);
  g_autofree char *second_order = raise_alert (fx);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *after = NULL;
  guint n_pages = 0;

  do
    {
      g_autoptr(GAsyncResult) answered = NULL;
      g_autoptr(LdResultsPage) page = NULL;
      g_autoptr(GError) error = NULL;
      GAsyncResult *slot = NULL;

      ld_doctor_patient_results_async (doctor, fx->patient_id, after, 1, NULL,
                                       ld_test_store_result_cb, &slot);
      answered = ld_test_wait_result (&slot);
      page = ld_doctor_patient_results_finish (doctor, answered, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->results->len, ==, 1);
      g_assert_cmpuint (json_array_get_length (page->items), ==, 1);
      for (guint i = 0; i < page->results->len; i++)
        {
          const LdResult *result = g_ptr_array_index (page->results, i);
          g_autofree char *sql = g_strdup_printf ("SELECT version FROM results WHERE id = '%s'"
                                                  " AND order_id = '%s' AND test_code = 'K'",
                                                  result->id, result->order_id);

          g_assert_cmpstr (result->test_code, ==, "K");
          g_assert_true (g_strcmp0 (result->order_id, first_order) == 0 ||
                         g_strcmp0 (result->order_id, second_order) == 0);
          g_assert_cmpint (ld_test_server_query_int (fx->lab->server, sql), ==, result->version);
          g_assert_true (g_hash_table_add (seen, g_strdup (result->id)));
        }
      n_pages++;
      g_clear_pointer (&after, g_free);
      after = g_strdup (page->next);
    }
  while (after != NULL && n_pages < 5);

  g_assert_cmpuint (n_pages, ==, 2);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();

#define ADD(path, func) \
  g_test_add (path, Fixture, PATIENT, ld_lab_fixture_setup, func, ld_lab_fixture_teardown)
  ADD ("/client/calls/cash-payment-and-report", test_cash_payment_and_report);
  ADD ("/client/calls/acknowledge-alert", test_acknowledge_alert);
  ADD ("/client/calls/patient-results-pages", test_patient_results_pages);
#undef ADD

  return g_test_run ();
}

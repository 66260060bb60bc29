/* test-api-orders.c: pricing, validation, lists, cancelling, expiry, home visits
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-server.h"
#include "ld-test-orders.h"

typedef LdOrderFixture Fixture;

static JsonObject *
item_of (LdTestResponse *resp,
         guint           index)
{
  JsonObject *order = json_object_get_object_member (ld_test_response_object (resp), "order");

  return json_array_get_object_element (json_object_get_array_member (order, "items"), index);
}

/* A slot in the lab's time zone, @days from today, as RFC 3339. */
static char *
slot_time (int days,
           int hour)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);
  g_autoptr(GDateTime) slot = g_date_time_new_local (g_date_time_get_year (day),
                                                     g_date_time_get_month (day),
                                                     g_date_time_get_day_of_month (day),
                                                     hour, 0, 0);

  return g_date_time_format_iso8601 (slot);
}

static char *
home_visit_json (int days)
{
  g_autofree char *start = slot_time (days, 9);
  g_autofree char *end = slot_time (days, 11);

  return g_strdup_printf (
    "\"collection\": \"home\", \"home_visit\": {\"address\": \"4 Lake View, Pune\","
    " \"slot_start\": \"%s\", \"slot_end\": \"%s\"}",
    start, end);
}

/* KFT holds every ELEC test; CBC holds HB: each test is charged once. */
static void
test_overlapping_items_charged_once (Fixture       *fx,
                                     gconstpointer  data)
{
  g_autoptr(LdTestResponse) resp =
               ld_test_create_order (fx, "\"items\": [\"ELEC\", \"HB\", \"KFT\", \"CBC\"]");
  g_autoptr(GRegex) number = g_regex_new ("^O[0-9]{4}-000001$", 0, 0, NULL);

  ld_test_assert_status (resp, 201);
  g_assert_true (
    g_regex_match (number, ld_test_response_get_string (resp, "order.number"), 0, NULL));

  /* The cart's order is kept; the dearer panel covers the cheaper. */
  g_assert_cmpstr (json_object_get_string_member (item_of (resp, 0), "code"), ==, "ELEC");
  g_assert_cmpint (json_object_get_int_member (item_of (resp, 0), "charged_paise"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (item_of (resp, 0), "covered_by"), ==, "KFT");
  g_assert_cmpint (json_object_get_int_member (item_of (resp, 1), "charged_paise"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (item_of (resp, 1), "covered_by"), ==, "CBC");
  g_assert_cmpint (json_object_get_int_member (item_of (resp, 2), "charged_paise"), ==, 65000);
  g_assert_cmpint (json_object_get_int_member (item_of (resp, 3), "charged_paise"), ==, 35000);

  g_assert_cmpint (ld_test_response_get_int (resp, "order.subtotal_paise"), ==, 100000);
  g_assert_cmpint (ld_test_response_get_int (resp, "order.tax_paise"), ==, 2000);
  g_assert_cmpint (ld_test_response_get_int (resp, "order.total_paise"), ==, 102000);
  g_assert_cmpint (ld_test_response_get_int (resp, "order.balance_paise"), ==, 102000);
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.payment_state"), ==, "pending");
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.lab_state"), ==, "ordered");
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.source"), ==, "desk");
  g_assert_nonnull (ld_test_response_get_string (resp, "order.expires_at"));
  /* 6 kidney tests + 8 blood count tests, each once. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (ld_test_response_object (resp), "order"),
                      "tests")),
                    ==, 14);
}

static void
test_discount_and_its_limit (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(LdTestResponse) ok =
               ld_test_create_order (fx,
                                     "\"items\": [\"LIPID\"], \"discount\": {\"kind\": "
                                     "\"percent\", \"value\": 20, \"reason\": \"senior citizen\"}");
  g_autoptr(LdTestResponse) over =
               ld_test_create_order (fx, "\"items\": [\"LIPID\"], \"discount\": {\"kind\": "
                                         "\"amount\", \"value\": 11001, \"reason\": \"friend\"}");
  g_autoptr(LdTestResponse) no_reason =
               ld_test_create_order (fx, "\"items\": [\"LIPID\"], \"discount\": {\"kind\": "
                                         "\"amount\", \"value\": 100, \"reason\": \"  \"}");
  g_autoptr(LdTestResponse) raise = NULL;
  g_autoptr(LdTestResponse) now_ok = NULL;

  ld_test_assert_status (ok, 201);
  g_assert_cmpint (ld_test_response_get_int (ok, "order.discount_paise"), ==, 11000);
  g_assert_cmpint (ld_test_response_get_int (ok, "order.total_paise"), ==, 55000 - 11000 + 2000);
  g_assert_cmpstr (ld_test_response_get_string (ok, "order.discount.reason"), ==, "senior citizen");

  ld_test_assert_error (over, 422, "validation_failed");
  g_assert_cmpstr (ld_test_response_get_field_error (over, "discount.value"), ==,
                   "is above the limit the administrator has set");
  ld_test_assert_error (no_reason, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (no_reason, "discount.reason"));

  /* The administrator's limit decides. */
  raise = ld_test_send_json (fx->server, "PATCH", "/api/v1/settings", fx->admin,
                             "{\"version\": 1, \"discount_max_percent\": 50}");
  ld_test_assert_status (raise, 200);
  now_ok = ld_test_create_order (fx, "\"items\": [\"LIPID\"], \"discount\": {\"kind\": \"amount\", "
                                     "\"value\": 11001, \"reason\": \"friend\"}");
  ld_test_assert_status (now_ok, 201);
}

static void
test_percentage_tax (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(LdTestResponse) settings =
      ld_test_send_json (fx->server, "PATCH", "/api/v1/settings", fx->admin,
                         "{\"version\": 1, \"tax_flat_paise\": 0, \"tax_percent_bp\": 1800}");
  g_autoptr(LdTestResponse) resp = NULL;

  ld_test_assert_status (settings, 200);
  resp = ld_test_create_order (fx, "\"items\": [\"TSH\"]");
  ld_test_assert_status (resp, 201);
  /* 18 % of 300.00, to the paisa. */
  g_assert_cmpint (ld_test_response_get_int (resp, "order.subtotal_paise"), ==, 30000);
  g_assert_cmpint (ld_test_response_get_int (resp, "order.tax_paise"), ==, 5400);
  g_assert_cmpint (ld_test_response_get_int (resp, "order.total_paise"), ==, 35400);
}

static void
test_catalogue_edit_leaves_orders (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"CBC\", \"TSH\"]");
  g_autoptr(LdTestResponse) edit_panel =
      ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/panels/CBC", fx->admin,
                         "{\"version\": 1, \"price_paise\": 99900, \"name\": \"CBC new\"}");
  g_autoptr(LdTestResponse) edit_test =
               ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/tests/TSH", fx->admin,
                                  "{\"version\": 1, \"price_paise\": 1}");
  g_autoptr(LdTestResponse) order = NULL;
  g_autoptr(LdTestResponse) fresh = NULL;

  ld_test_assert_status (edit_panel, 200);
  ld_test_assert_status (edit_test, 200);

  order = ld_test_get_order (fx, id);
  ld_test_assert_status (order, 200);
  g_assert_cmpint (json_object_get_int_member (item_of (order, 0), "list_price_paise"), ==, 35000);
  g_assert_cmpstr (json_object_get_string_member (item_of (order, 0), "name"), ==,
                   "Complete blood count");
  g_assert_cmpint (json_object_get_int_member (item_of (order, 1), "charged_paise"), ==, 30000);
  g_assert_cmpint (ld_test_response_get_int (order, "order.total_paise"), ==, 67000);

  fresh = ld_test_create_order (fx, "\"items\": [\"CBC\", \"TSH\"]");
  g_assert_cmpint (ld_test_response_get_int (fresh, "order.total_paise"), ==, 99900 + 1 + 2000);
}

static void
test_bad_orders_are_named (Fixture       *fx,
                           gconstpointer  data)
{
  static const struct
  {
    const char *json;
    const char *field;
  } cases[] = {
    { "\"items\": []", "items" },
    { "\"items\": [\"HB\", \"HB\"]", "items" },
    { "\"items\": [\"NOSUCH\"]", "items" },
    { "\"items\": [\"HB\"], \"priority\": \"yesterday\"", "priority" },
    { "\"items\": [\"HB\"], \"collection\": \"home\"", "home_visit" },
    { "\"items\": [\"HB\"], \"home_visit\": {\"address\": \"x\", \"slot_start\": "
      "\"2030-01-01T09:00:00Z\","
      " \"slot_end\": \"2030-01-01T10:00:00Z\"}",
      "home_visit.address" },
    { "\"items\": [\"HB\"], \"discount\": {\"kind\": \"percent\", \"value\": 101, \"reason\": "
      "\"r\"}",
      "discount.value" },
    { "\"items\": [\"HB\"], \"discount\": {\"kind\": \"amount\", \"value\": -1, \"reason\": \"r\"}",
      "discount.value" },
    { "\"items\": [\"HB\"], \"discount\": {\"kind\": \"gift\", \"value\": 1, \"reason\": \"r\"}",
      "discount.kind" },
    { "\"items\": [\"HB\"], \"doctor_id\": \"not-a-doctor\"", "doctor_id" },
    { "\"items\": \"HB\"", "items" },
    { "\"items\": [\"HB\"], \"id\": \"123\"", "id" },
  };
  const char *state = "SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items)"
                      " + (SELECT count(*) FROM counters WHERE name LIKE 'order-%')";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_create_order (fx, cases[i].json);

      g_test_message ("case %u: %s", i, cases[i].json);
      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
    }

  {
    g_autoptr(LdTestResponse) ghost = ld_test_send_json (
      fx->server, "POST", "/api/v1/orders", fx->desk,
      "{\"patient_id\": \"8c1b2f9e-0000-4000-8000-000000000000\", \"items\": [\"HB\"]}");

    ld_test_assert_error (ghost, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (ghost, "patient_id"));
  }

  g_assert_cmpint (ld_test_server_query_int (fx->server, state), ==, 0);
}

static void
test_home_collection (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *tomorrow = home_visit_json (1);
  g_autofree char *today = home_visit_json (0);
  g_autofree char *json = g_strdup_printf ("\"items\": [\"LIPID\"], %s", tomorrow);
  g_autofree char *too_soon = g_strdup_printf ("\"items\": [\"LIPID\"], %s", today);
  g_autoptr(LdTestResponse) resp = ld_test_create_order (fx, json);
  g_autoptr(LdTestResponse) refused = ld_test_create_order (fx, too_soon);
  g_autoptr(LdTestResponse) schedule = NULL;
  g_autoptr(LdTestResponse) after = NULL;
  JsonObject *root;

  ld_test_assert_status (resp, 201);
  g_assert_cmpint (ld_test_response_get_int (resp, "order.home_fee_paise"), ==, 9900);
  g_assert_cmpint (ld_test_response_get_int (resp, "order.total_paise"), ==, 55000 + 9900 + 2000);
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.home_visit.address"), ==,
                   "4 Lake View, Pune");

  ld_test_assert_error (refused, 422, "validation_failed");
  g_assert_cmpstr (ld_test_response_get_field_error (refused, "home_visit.slot_start"), ==,
                   "must start tomorrow or later");

  schedule = ld_test_get (fx->server, "/api/v1/home-visits?days=3", fx->desk);
  ld_test_assert_status (schedule, 200);
  root = ld_test_response_object (schedule);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "upcoming")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "today")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "overdue")), ==, 0);

  /* Time passes: the slot is over and nobody went. */
  ld_test_sql_exec (fx->server, "UPDATE orders SET home_slot_us = home_slot_us - 3 * 86400000000,"
                                " home_slot_start = '2020-01-01T09:00:00.000Z',"
                                " home_slot_end = '2020-01-01T11:00:00.000Z'");
  after = ld_test_get (fx->server, "/api/v1/home-visits", fx->desk);
  root = ld_test_response_object (after);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "overdue")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "upcoming")), ==, 0);
}

static void
test_list_filters_and_pages (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *next = NULL;
  g_autofree char *paid_id = NULL;
  g_autoptr(LdTestResponse) paid = NULL;
  g_autoptr(LdTestResponse) filtered = NULL;
  g_autofree char *filter_path = NULL;
  guint pages = 0;

  for (guint i = 0; i < 5; i++)
    g_free (ld_test_create_order_ok (fx, "\"items\": [\"HB\"]"));
  paid_id = ld_test_create_order_ok (fx, "\"items\": [\"TSH\"]");
  paid = ld_test_pay (fx, paid_id, "{\"method\": \"card\", \"reference\": \"T-1\"}");
  ld_test_assert_status (paid, 201);

  do
    {
      g_autofree char *path = next ? g_strdup_printf ("/api/v1/orders?limit=2&after=%s", next)
                                   : g_strdup ("/api/v1/orders?limit=2");
      g_autoptr(LdTestResponse) page = ld_test_get (fx->server, path, fx->desk);
      JsonArray *items;

      ld_test_assert_status (page, 200);
      items = json_object_get_array_member (ld_test_response_object (page), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (
                                                 json_array_get_object_element (items, i), "id"))));
      g_clear_pointer (&next, g_free);
      next = g_strdup (ld_test_response_get_string (page, "next"));
      pages++;
    }
  while (next != NULL);

  g_assert_cmpuint (g_hash_table_size (seen), ==, 6);
  g_assert_cmpuint (pages, ==, 3);

  filter_path = g_strdup_printf ("/api/v1/orders?payment_state=paid&patient_id=%s", fx->patient_id);
  filtered = ld_test_get (fx->server, filter_path, fx->desk);
  ld_test_assert_status (filtered, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (filtered), "items")),
                    ==, 1);
  g_assert_cmpint (ld_test_server_query_int (
                     fx->server, "SELECT count(*) FROM audit_events WHERE action = 'order.list'"),
                   >=, 4);
}

static void
test_bad_list_queries (Fixture       *fx,
                       gconstpointer  data)
{
  static const struct
  {
    const char *path;
    guint       status;
  } cases[] = {
    { "/api/v1/orders?lab_state=lost", 422 },      { "/api/v1/orders?payment_state=maybe", 422 },
    { "/api/v1/orders?date=22-11-2026", 422 },     { "/api/v1/orders?date=2026-02-30", 422 },
    { "/api/v1/orders?after=12_not-a-uuid", 422 }, { "/api/v1/orders?limit=0", 422 },
    { "/api/v1/orders?colour=red", 400 },          { "/api/v1/home-visits?days=0", 422 },
    { "/api/v1/home-visits?days=99", 422 },        { "/api/v1/orders/no-such-order", 404 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, cases[i].path, fx->desk);

      g_test_message ("%s", cases[i].path);
      ld_test_assert_status (resp, cases[i].status);
    }
}

static LdTestResponse *
cancel (Fixture    *fx,
        const char *id,
        gint64      version,
        const char *reason)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/cancel", id);
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"%s\"}", version, reason);

  return ld_test_send_json (fx->server, "POST", path, fx->desk, body);
}

static void
test_cancel_rules (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *open_id = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *paid_id = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) pay =
               ld_test_pay (fx, paid_id, "{\"method\": \"upi\", \"reference\": \"UPI-9\"}");
  g_autoptr(LdTestResponse) stale = cancel (fx, open_id, 7, "patient left");
  g_autoptr(LdTestResponse) done = cancel (fx, open_id, 1, "patient left");
  g_autoptr(LdTestResponse) again = cancel (fx, open_id, 2, "twice");
  g_autoptr(LdTestResponse) paid = ld_test_get_order (fx, paid_id);
  /* Paying made it collectable and gave it to a technician: version 2. */
  g_autoptr(LdTestResponse) holding =
               cancel (fx, paid_id, ld_test_response_get_int (paid, "order.version"),
                       "changed mind");
  g_autoptr(LdTestResponse) pay_cancelled = NULL;

  ld_test_assert_status (pay, 201);
  ld_test_assert_error (stale, 409, "conflict");
  g_assert_cmpint (ld_test_response_get_int (stale, "current.version"), ==, 1);
  g_assert_cmpstr (ld_test_response_get_string (stale, "current.lab_state"), ==, "ordered");

  ld_test_assert_status (done, 200);
  g_assert_cmpstr (ld_test_response_get_string (done, "order.lab_state"), ==, "cancelled");
  g_assert_cmpstr (ld_test_response_get_string (done, "order.payment_state"), ==, "cancelled");
  g_assert_cmpstr (ld_test_response_get_string (done, "order.cancel_reason"), ==, "patient left");

  ld_test_assert_error (again, 409, "conflict");
  g_assert_nonnull (strstr (ld_test_response_get_string (again, "error.message"), "cancelled"));
  ld_test_assert_error (holding, 409, "conflict");
  g_assert_nonnull (strstr (ld_test_response_get_string (holding, "error.message"), "refund"));

  pay_cancelled = ld_test_pay (fx, open_id, "{\"method\": \"cash\", \"tendered_paise\": 50000}");
  ld_test_assert_error (pay_cancelled, 409, "conflict");
}

static void
test_unpaid_orders_expire (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *unpaid = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *cod = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *paid = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) promise = ld_test_pay (fx, cod, "{\"method\": \"cod\"}");
  g_autoptr(LdTestResponse) payment =
               ld_test_pay (fx, paid, "{\"method\": \"card\", \"reference\": \"C-1\"}");
  g_autoptr(LdTestResponse) expired = NULL;
  g_autoptr(LdTestResponse) late = NULL;
  g_autoptr(LdTestResponse) still_cod = NULL;

  ld_test_assert_status (promise, 201);
  ld_test_assert_status (payment, 201);

  /* 49 hours later for every one of them. */
  ld_test_sql_exec (fx->server, "UPDATE orders SET expires_us = expires_us - 49 * 3600000000");
  ld_test_server_run_minute_sweeps (fx->server);

  expired = ld_test_get_order (fx, unpaid);
  g_assert_cmpstr (ld_test_response_get_string (expired, "order.lab_state"), ==, "expired");
  g_assert_cmpstr (ld_test_response_get_string (expired, "order.payment_state"), ==, "expired");
  still_cod = ld_test_get_order (fx, cod);
  g_assert_cmpstr (ld_test_response_get_string (still_cod, "order.lab_state"), ==, "ordered");
  g_assert_cmpstr (ld_test_response_get_string (still_cod, "order.payment_state"), ==,
                   "cod_pending");
  g_assert_cmpint (
    ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"
                                          " WHERE action = 'order.expire' AND username = 'system'"),
    ==, 1);
  /* And every client following the feed learns of it. */
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(*) FROM changes WHERE entity = 'order'"
                                             " AND record LIKE"
                                             " '%\"lab_state\":\"expired\"%'"), ==, 1);

  late = ld_test_pay (fx, unpaid, "{\"method\": \"cash\", \"tendered_paise\": 50000}");
  ld_test_assert_error (late, 410, "gone");
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM payments"), ==, 2);
}

static void
test_doctor_prescribes (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HBA1C\", \"GLUF\"],"
                     " \"priority\": \"urgent\", \"clinical_notes\": \"known diabetic\"}",
                     fx->patient_id);
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (fx->server, "POST", "/api/v1/orders", doctor, body);
  g_autoptr(LdTestResponse) refused =
               ld_test_send_json (fx->server, "POST", "/api/v1/orders", technician, body);

  ld_test_assert_status (resp, 201);
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.source"), ==, "doctor");
  g_assert_nonnull (ld_test_response_get_string (resp, "order.doctor_id"));
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.priority"), ==, "urgent");
  ld_test_assert_error (refused, 403, "forbidden");
}

/* A scanner at the desk types an order number and Enter: the order
 * opens, for any role that may read orders, audited as a read. */
static void
test_find_by_number (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(LdTestResponse) made = ld_test_create_order (fx, "\"items\": [\"HB\"]");
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autofree char *path = NULL;
  g_autofree char *audited = NULL;
  g_autoptr(LdTestResponse) found = NULL;
  g_autoptr(LdTestResponse) by_lab = NULL;
  const char *number;
  static const struct
  {
    const char *path;
    guint       status;
    const char *code;
    const char *field;
  } refusals[] = {
    { "/api/v1/orders/by-number/O2611-999999", 404, "not_found", NULL },
    { "/api/v1/orders/by-number/O2611-00012", 422, "validation_failed", "number" },
    { "/api/v1/orders/by-number/O2611-000001x", 422, "validation_failed", "number" },
    { "/api/v1/orders/by-number/P000001", 422, "validation_failed", "number" },
    { "/api/v1/orders/by-number/O2611-000001%27%20OR%201=1", 422, "validation_failed", "number" },
    { "/api/v1/orders/by-number/O2611-000001?colour=red", 400, "bad_request", "colour" },
  };
  gint64 audit_before;

  ld_test_assert_status (made, 201);
  number = ld_test_response_get_string (made, "order.number");
  path = g_strdup_printf ("/api/v1/orders/by-number/%s", number);

  found = ld_test_get (fx->server, path, fx->desk);
  ld_test_assert_status (found, 200);
  g_assert_cmpstr (ld_test_response_get_string (found, "order.id"), ==,
                   ld_test_response_get_string (made, "order.id"));
  g_assert_cmpstr (ld_test_response_get_string (found, "order.patient.name"), ==, "Asha Rao");
  audited = g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = 'order.read'"
                             " AND entity = 'order' AND entity_id = '%s'",
                             ld_test_response_get_string (made, "order.id"));
  g_assert_cmpint (ld_test_server_query_int (fx->server, audited), ==, 1);

  by_lab = ld_test_get (fx->server, path, technician);
  ld_test_assert_status (by_lab, 200);
  g_assert_cmpint (ld_test_server_query_int (fx->server, audited), ==, 2);

  /* Typed by hand, in lower case with spaces around it, as the desk's
   * scanner field reads it too. */
  {
    g_autofree char *lower = g_ascii_strdown (number, -1);
    g_autofree char *typed = g_strdup_printf ("/api/v1/orders/by-number/%%20%s%%20", lower);
    g_autoptr(LdTestResponse) by_hand = ld_test_get (fx->server, typed, fx->desk);

    ld_test_assert_status (by_hand, 200);
    g_assert_cmpstr (ld_test_response_get_string (by_hand, "order.number"), ==, number);
  }

  /* Refusals name the problem and are not audited. */
  audit_before = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, refusals[i].path, fx->desk);

      g_test_message ("%s", refusals[i].path);
      ld_test_assert_error (resp, refusals[i].status, refusals[i].code);
      if (refusals[i].field != NULL)
        g_assert_nonnull (ld_test_response_get_field_error (resp, refusals[i].field));
    }
  {
    g_autoptr(LdTestResponse) post = ld_test_send_json (fx->server, "POST", path, fx->desk, "{}");

    ld_test_assert_error (post, 405, "method_not_allowed");
  }
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"), ==,
                   audit_before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, ld_order_fixture_setup, func, ld_order_fixture_teardown)

  ADD ("/orders/overlapping-items-charged-once", test_overlapping_items_charged_once);
  ADD ("/orders/discount-and-limit", test_discount_and_its_limit);
  ADD ("/orders/percentage-tax", test_percentage_tax);
  ADD ("/orders/catalogue-edit-leaves-orders", test_catalogue_edit_leaves_orders);
  ADD ("/orders/bad-orders-named", test_bad_orders_are_named);
  ADD ("/orders/home-collection", test_home_collection);
  ADD ("/orders/list-filters-and-pages", test_list_filters_and_pages);
  ADD ("/orders/bad-list-queries", test_bad_list_queries);
  ADD ("/orders/cancel-rules", test_cancel_rules);
  ADD ("/orders/unpaid-orders-expire", test_unpaid_orders_expire);
  ADD ("/orders/doctor-prescribes", test_doctor_prescribes);
  ADD ("/orders/find-by-number", test_find_by_number);

#undef ADD

  return g_test_run ();
}

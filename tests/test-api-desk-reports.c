/* test-api-desk-reports.c: the desk's day: orders still owing, and the
 * payments and refunds behind the cash report
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-test-orders.h"

typedef LdOrderFixture Fixture;

static char *
local_day (int days_from_today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days_from_today);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* Every item of every page of @path, by order number (or entry id). */
static GHashTable *
read_all_pages (Fixture    *fx,
                const char *path,
                const char *key,
                guint      *out_pages)
{
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_object_unref);
  g_autofree char *next = NULL;
  guint pages = 0;

  do
    {
      g_autofree char *page_path = next ? g_strdup_printf ("%s&after=%s", path, next) : g_strdup (path);
      g_autoptr(LdTestResponse) page = ld_test_get (fx->server, page_path, fx->desk);
      JsonArray *items;

      ld_test_assert_status (page, 200);
      items = json_object_get_array_member (ld_test_response_object (page), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);

          g_assert_true (g_hash_table_insert (seen, g_strdup (json_object_get_string_member (item, key)),
                                              json_object_ref (item)));
        }
      g_clear_pointer (&next, g_free);
      next = g_strdup (ld_test_response_get_string (page, "next"));
      pages++;
    }
  while (next != NULL);

  if (out_pages != NULL)
    *out_pages = pages;
  return seen;
}

static char *
home_visit_json (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                      g_date_time_get_month (tomorrow),
                                                      g_date_time_get_day_of_month (tomorrow), 9, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_hours (start, 2);
  g_autofree char *start_text = g_date_time_format_iso8601 (start);
  g_autofree char *end_text = g_date_time_format_iso8601 (end);

  return g_strdup_printf ("\"items\": [\"LIPID\"], \"collection\": \"home\", \"home_visit\":"
                          " {\"address\": \"4 Lake View, Pune\", \"slot_start\": \"%s\", \"slot_end\": \"%s\"}",
                          start_text, end_text);
}

/* Pending, failed, promised cash and an online payment in flight are
 * owed; paid, cancelled and another day's orders are not. */
static void
test_owing_list (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *home = home_visit_json ();
  g_autofree char *pending = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *paid = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *cod = ld_test_create_order_ok (fx, "\"items\": [\"TSH\"]");
  g_autofree char *failed = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *in_flight = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *cancelled = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *visit = ld_test_create_order_ok (fx, home);
  g_autofree char *yesterday_id = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *yesterday = local_day (-1);
  g_autofree char *today = local_day (0);
  g_autofree char *move_back = NULL;
  g_autofree char *yesterday_path = NULL;
  g_autofree char *today_path = NULL;
  g_autoptr(GHashTable) owing = NULL;
  g_autoptr(GHashTable) owing_yesterday = NULL;
  g_autoptr(GHashTable) dated = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  JsonObject *item;
  guint pages = 0;
  gint64 audits;

  resp = ld_test_pay (fx, paid, "{\"method\": \"card\", \"reference\": \"T-1\"}");
  ld_test_assert_status (resp, 201);
  g_clear_pointer (&resp, ld_test_response_free);
  resp = ld_test_pay (fx, cod, "{\"method\": \"cod\"}");
  ld_test_assert_status (resp, 201);
  g_clear_pointer (&resp, ld_test_response_free);
  resp = ld_test_pay (fx, failed, "{\"method\": \"online\"}");
  ld_test_assert_status (resp, 201);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/payments/%s",
                                             ld_test_response_get_string (resp, "payment.id"));
    g_autoptr(LdTestResponse) decided = ld_test_send_json (fx->server, "PATCH", path, fx->desk,
      "{\"version\": 1, \"status\": \"failed\", \"failure_reason\": \"card declined\"}");

    ld_test_assert_status (decided, 200);
  }
  g_clear_pointer (&resp, ld_test_response_free);
  resp = ld_test_pay (fx, in_flight, "{\"method\": \"online\"}");
  ld_test_assert_status (resp, 201);
  g_clear_pointer (&resp, ld_test_response_free);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/cancel", cancelled);

    resp = ld_test_send_json (fx->server, "POST", path, fx->desk,
                              "{\"version\": 1, \"reason\": \"patient left\"}");
  }
  ld_test_assert_status (resp, 200);
  g_clear_pointer (&resp, ld_test_response_free);
  /* One order was made a day earlier. */
  move_back = g_strdup_printf ("UPDATE orders SET created_us = created_us - 86400000000 WHERE id = '%s'",
                               yesterday_id);
  ld_test_sql_exec (fx->server, move_back);

  audits = ld_test_server_query_int (fx->server,
                                     "SELECT count(*) FROM audit_events WHERE action = 'order.owing'");
  owing = read_all_pages (fx, "/api/v1/reports/owing?limit=2", "id", &pages);
  g_assert_cmpuint (g_hash_table_size (owing), ==, 5);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_true (g_hash_table_contains (owing, pending));
  g_assert_true (g_hash_table_contains (owing, cod));
  g_assert_true (g_hash_table_contains (owing, failed));
  g_assert_true (g_hash_table_contains (owing, in_flight));
  g_assert_true (g_hash_table_contains (owing, visit));
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(*) FROM audit_events WHERE action = 'order.owing'"),
                   ==, audits + 3);

  /* What the desk sees of each, at a glance. */
  item = g_hash_table_lookup (owing, cod);
  {
    g_autoptr(LdTestResponse) full = ld_test_get_order (fx, cod);
    JsonObject *patient = json_object_get_object_member (item, "patient");

    g_assert_cmpstr (json_object_get_string_member (item, "number"), ==,
                     ld_test_response_get_string (full, "order.number"));
    g_assert_cmpstr (json_object_get_string_member (patient, "name"), ==, "Asha Rao");
    g_assert_cmpstr (json_object_get_string_member (patient, "mrn"), ==,
                     ld_test_response_get_string (full, "order.patient.mrn"));
    g_assert_cmpint (json_object_get_int_member (item, "version"), ==,
                     ld_test_response_get_int (full, "order.version"));
  }
  g_assert_cmpint (json_object_get_int_member (item, "total_paise"), ==, 30000 + 2000);
  g_assert_cmpint (json_object_get_int_member (item, "paid_paise"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (item, "balance_paise"), ==, 32000);
  g_assert_cmpstr (json_object_get_string_member (item, "payment_state"), ==, "cod_pending");
  g_assert_nonnull (json_object_get_string_member (item, "created_at"));
  g_assert_true (json_object_get_null_member (item, "home_visit"));
  g_assert_cmpstr (json_object_get_string_member (g_hash_table_lookup (owing, failed), "payment_state"),
                   ==, "failed");
  g_assert_true (json_object_get_boolean_member (g_hash_table_lookup (owing, in_flight),
                                                 "online_payment_pending"));
  item = g_hash_table_lookup (owing, visit);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "home_visit"),
                                                  "address"), ==, "4 Lake View, Pune");
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (item, "home_visit"),
                                                   "slot_start"));
  g_assert_cmpint (json_object_get_int_member (item, "balance_paise"), ==, 55000 + 9900 + 2000);

  /* A given day: today's by its date, and yesterday's own. */
  today_path = g_strdup_printf ("/api/v1/reports/owing?date=%s", today);
  dated = read_all_pages (fx, today_path, "id", NULL);
  g_assert_cmpuint (g_hash_table_size (dated), ==, 5);
  yesterday_path = g_strdup_printf ("/api/v1/reports/owing?date=%s", yesterday);
  owing_yesterday = read_all_pages (fx, yesterday_path, "id", NULL);
  g_assert_cmpuint (g_hash_table_size (owing_yesterday), ==, 1);
  g_assert_true (g_hash_table_contains (owing_yesterday, yesterday_id));
}

static void
test_owing_refusals (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *technician = ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autofree char *doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  static const struct
  {
    const char *path;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "/api/v1/reports/owing?date=22-11-2026", 422, "validation_failed", "date" },
    { "/api/v1/reports/owing?date=2026-02-30", 422, "validation_failed", "date" },
    { "/api/v1/reports/owing?limit=0", 422, "validation_failed", "limit" },
    { "/api/v1/reports/owing?limit=201", 422, "validation_failed", "limit" },
    { "/api/v1/reports/owing?limit=ten", 422, "validation_failed", "limit" },
    { "/api/v1/reports/owing?after=12_not-a-uuid", 422, "validation_failed", "after" },
    { "/api/v1/reports/owing?colour=red", 400, "bad_request", "colour" },
  };
  g_autoptr(LdTestResponse) anonymous = NULL;
  g_autoptr(LdTestResponse) by_lab = NULL;
  g_autoptr(LdTestResponse) by_doctor = NULL;
  g_autoptr(LdTestResponse) by_admin = NULL;
  gint64 audits;

  g_free (ld_test_create_order_ok (fx, "\"items\": [\"HB\"]"));
  audits = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, cases[i].path, fx->desk);

      g_test_message ("%s", cases[i].path);
      ld_test_assert_error (resp, cases[i].status, cases[i].code);
      g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
    }
  anonymous = ld_test_get (fx->server, "/api/v1/reports/owing", NULL);
  ld_test_assert_error (anonymous, 401, "unauthorized");
  by_lab = ld_test_get (fx->server, "/api/v1/reports/owing", technician);
  ld_test_assert_error (by_lab, 403, "forbidden");
  by_doctor = ld_test_get (fx->server, "/api/v1/reports/owing", doctor);
  ld_test_assert_error (by_doctor, 403, "forbidden");
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"), ==, audits);

  by_admin = ld_test_get (fx->server, "/api/v1/reports/owing", fx->admin);
  ld_test_assert_status (by_admin, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ld_test_response_object (by_admin),
                                                                         "items")), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, ld_order_fixture_setup, func, ld_order_fixture_teardown)

  ADD ("/server/desk-reports/owing-list", test_owing_list);
  ADD ("/server/desk-reports/owing-refusals", test_owing_refusals);

#undef ADD

  return g_test_run ();
}

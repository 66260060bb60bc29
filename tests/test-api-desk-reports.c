/* test-api-desk-reports.c: the desk's day: orders still owing, and the
 * payments and refunds behind the cash report
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-test-orders.h"
#include "ld-time.h"

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
  GHashTable *seen =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  g_autofree char *next = NULL;
  guint pages = 0;

  do
    {
      g_autofree char *page_path =
        next ? g_strdup_printf ("%s&after=%s", path, next) : g_strdup (path);
      g_autoptr(LdTestResponse) page = ld_test_get (fx->server, page_path, fx->desk);
      JsonArray *items;

      ld_test_assert_status (page, 200);
      items = json_object_get_array_member (ld_test_response_object (page), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);

          g_assert_true (g_hash_table_insert (seen,
                                              g_strdup (json_object_get_string_member (item, key)),
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
  g_autoptr(GDateTime) start =
               g_date_time_new_local (g_date_time_get_year (tomorrow),
                                      g_date_time_get_month (tomorrow),
                                      g_date_time_get_day_of_month (tomorrow), 9, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_hours (start, 2);
  g_autofree char *start_text = g_date_time_format_iso8601 (start);
  g_autofree char *end_text = g_date_time_format_iso8601 (end);

  return g_strdup_printf (
    "\"items\": [\"LIPID\"], \"collection\": \"home\", \"home_visit\":"
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
    g_autofree char *path =
      g_strdup_printf ("/api/v1/payments/%s", ld_test_response_get_string (resp, "payment.id"));
    g_autoptr(LdTestResponse) decided = ld_test_send_json (
      fx->server, "PATCH", path, fx->desk,
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
  move_back =
    g_strdup_printf ("UPDATE orders SET created_us = created_us - 86400000000 WHERE id = '%s'",
                     yesterday_id);
  ld_test_sql_exec (fx->server, move_back);

  audits =
    ld_test_server_query_int (fx->server,
                              "SELECT count(*) FROM audit_events WHERE action = 'order.owing'");
  owing = read_all_pages (fx, "/api/v1/reports/owing?limit=2", "id", &pages);
  g_assert_cmpuint (g_hash_table_size (owing), ==, 5);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_true (g_hash_table_contains (owing, pending));
  g_assert_true (g_hash_table_contains (owing, cod));
  g_assert_true (g_hash_table_contains (owing, failed));
  g_assert_true (g_hash_table_contains (owing, in_flight));
  g_assert_true (g_hash_table_contains (owing, visit));
  g_assert_cmpint (ld_test_server_query_int (
                     fx->server, "SELECT count(*) FROM audit_events WHERE action = 'order.owing'"),
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
  g_assert_cmpstr (json_object_get_string_member (g_hash_table_lookup (owing, failed),
                                                  "payment_state"),
                   ==, "failed");
  g_assert_true (json_object_get_boolean_member (g_hash_table_lookup (owing, in_flight),
                                                 "online_payment_pending"));
  item = g_hash_table_lookup (owing, visit);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item,
                                                                                 "home_visit"),
                                                  "address"),
                   ==, "4 Lake View, Pune");
  g_assert_nonnull (
    json_object_get_string_member (json_object_get_object_member (item, "home_visit"),
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
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
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
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"), ==,
                   audits);

  by_admin = ld_test_get (fx->server, "/api/v1/reports/owing", fx->admin);
  ld_test_assert_status (by_admin, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (by_admin), "items")),
                    ==, 1);
}

static JsonObject *
find_entry (JsonArray  *entries,
            const char *order_id,
            const char *kind)
{
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_str_equal (json_object_get_string_member (json_object_get_object_member (entry,
                                                                                     "order"),
                                                      "id"),
                       order_id) &&
          g_str_equal (json_object_get_string_member (entry, "kind"), kind))
        return entry;
    }
  g_error ("no %s of order %s in the cash report", kind, order_id);
}

static LdTestResponse *
cash_report (Fixture    *fx,
             const char *token,
             int         days_from_today)
{
  g_autofree char *day = local_day (days_from_today);
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/cash?date=%s", day);

  return ld_test_get (fx->server, path, token);
}

/* Moves the decisions on @order_id's payments a day back. The time is
 * worked out here, so the SQL needs no date function of either database. */
static void
move_payments_back_a_day (Fixture    *fx,
                          const char *order_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_server_open_db (fx->server);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  LdDbStmt *stmt = ld_db_prepare_cached (db, "SELECT id, decided_at FROM payments"
                                         " WHERE order_id = ?1 AND decided_at IS NOT NULL", &error);
  LdDbStep step;

  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, order_id);
  while ((step = ld_db_step (stmt, &error)) == LD_DB_ROW)
    {
      gint64 at;

      g_assert_true (ld_time_parse_rfc3339 (ld_db_column_text (stmt, 1), &at));
      at -= G_TIME_SPAN_DAY;
      g_ptr_array_add (ids, ld_db_column_dup_text (stmt, 0));
      g_array_append_val (times, at);
    }
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, LD_DB_DONE);
  g_assert_cmpuint (ids->len, >, 0);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *at = ld_time_format_rfc3339 (g_array_index (times, gint64, i));

      stmt = ld_db_prepare_cached (db, "UPDATE payments SET decided_at = ?1 WHERE id = ?2", &error);
      g_assert_no_error (error);
      ld_db_bind_text (stmt, 1, at);
      ld_db_bind_text (stmt, 2, ids->pdata[i]);
      g_assert_true (ld_db_step_done (stmt, &error));
      g_assert_no_error (error);
    }
}

/* Every payment and refund of the day, each with its order, patient and
 * who took it, and the totals per user, which add up to the same money;
 * promises, failures, attempts in flight and other days are not money
 * of the day. */
static void
test_cash_entries (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *cash = ld_test_create_order_ok (fx, "\"items\": [\"CBC\"]");
  g_autofree char *card = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *upi = ld_test_create_order_ok (fx, "\"items\": [\"TSH\"]");
  g_autofree char *cod = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *online = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *by_admin = ld_test_create_order_ok (fx, "\"items\": [\"LIPID\"]");
  g_autofree char *yesterday_id = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *admin_pay = g_strdup_printf ("/api/v1/orders/%s/payments", by_admin);
  g_autofree char *refund_path = g_strdup_printf ("/api/v1/orders/%s/refunds", cash);
  g_autoptr(LdTestResponse) resp = NULL;
  g_autoptr(LdTestResponse) report = NULL;
  g_autoptr(LdTestResponse) earlier = NULL;
  g_autoptr(LdTestResponse) far = NULL;
  g_autofree char *number = NULL;
  JsonObject *root, *entry, *desk_user, *admin_user;
  JsonArray *entries, *users;
  gint64 net = 0, audits;
  const char *last_at = "";

  struct
  {
    const char *order;
    const char *json;
  } payments[] = {
    { cash, "{\"method\": \"cash\", \"tendered_paise\": 50000}" },
    { card, "{\"method\": \"card\", \"reference\": \"SLIP-7731\"}" },
    { upi, "{\"method\": \"upi\", \"reference\": \"UPI-4410\"}" },
    { cod, "{\"method\": \"cod\"}" },
    { online, "{\"method\": \"online\"}" },
    { yesterday_id, "{\"method\": \"card\", \"reference\": \"OLD-1\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (payments); i++)
    {
      g_autoptr(LdTestResponse) paid = ld_test_pay (fx, payments[i].order, payments[i].json);

      ld_test_assert_status (paid, 201);
    }
  resp = ld_test_send_json (fx->server, "POST", admin_pay, fx->admin,
                            "{\"method\": \"cash\", \"tendered_paise\": 60000}");
  ld_test_assert_status (resp, 201);
  g_clear_pointer (&resp, ld_test_response_free);
  resp = ld_test_send_json (
    fx->server, "POST", refund_path, fx->desk,
    "{\"method\": \"cash\", \"amount_paise\": 7000, \"reason\": \"ESR not done\"}");
  ld_test_assert_status (resp, 201);
  g_clear_pointer (&resp, ld_test_response_free);
  /* One card payment was taken yesterday. */
  move_payments_back_a_day (fx, yesterday_id);

  audits =
    ld_test_server_query_int (fx->server,
                              "SELECT count(*) FROM audit_events WHERE action = 'report.cash'");
  report = cash_report (fx, fx->desk, 0);
  ld_test_assert_status (report, 200);
  g_assert_cmpint (ld_test_server_query_int (
                     fx->server, "SELECT count(*) FROM audit_events WHERE action = 'report.cash'"
                                 " AND detail = '5 payments and refunds shown'"),
                   ==, audits + 1);
  root = ld_test_response_object (report);
  entries = json_object_get_array_member (root, "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 5);

  /* In the order the money moved. */
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      const char *at =
        json_object_get_string_member (json_array_get_object_element (entries, i), "decided_at");
      JsonObject *one = json_array_get_object_element (entries, i);
      gint64 amount = json_object_get_int_member (one, "amount_paise");

      g_assert_cmpstr (last_at, <=, at);
      last_at = at;
      net += g_str_equal (json_object_get_string_member (one, "kind"), "refund") ? -amount : amount;
    }

  entry = find_entry (entries, cash, "payment");
  g_assert_cmpstr (json_object_get_string_member (entry, "method"), ==, "cash");
  g_assert_cmpint (json_object_get_int_member (entry, "amount_paise"), ==, 37000);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "patient"),
                                                  "name"),
                   ==, "Asha Rao");
  g_assert_nonnull (
    json_object_get_string_member (json_object_get_object_member (entry, "patient"), "mrn"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "user"),
                                                  "username"),
                   ==, "reception");
  {
    g_autoptr(LdTestResponse) order = ld_test_get_order (fx, cash);

    number = g_strdup (ld_test_response_get_string (order, "order.number"));
  }
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "order"),
                                                  "number"),
                   ==, number);
  entry = find_entry (entries, cash, "refund");
  g_assert_cmpstr (json_object_get_string_member (entry, "reason"), ==, "ESR not done");
  g_assert_cmpint (json_object_get_int_member (entry, "amount_paise"), ==, 7000);
  entry = find_entry (entries, card, "payment");
  g_assert_cmpstr (json_object_get_string_member (entry, "reference"), ==, "SLIP-7731");
  g_assert_true (json_object_get_null_member (entry, "reason"));
  entry = find_entry (entries, by_admin, "payment");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "user"),
                                                  "username"),
                   ==, "admin");

  /* Per user, by user name: the same money as the entries. */
  users = json_object_get_array_member (root, "users");
  g_assert_cmpuint (json_array_get_length (users), ==, 2);
  admin_user = json_array_get_object_element (users, 0);
  desk_user = json_array_get_object_element (users, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (admin_user,
                                                                                 "user"),
                                                  "username"),
                   ==, "admin");
  g_assert_cmpint (json_object_get_int_member (admin_user, "payments"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (admin_user, "net_paise"), ==, 57000);
  g_assert_cmpint (json_object_get_int_member (desk_user, "payments"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (desk_user, "refunds"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (desk_user, "received_paise"), ==,
                   37000 + 12000 + 32000);
  g_assert_cmpint (json_object_get_int_member (desk_user, "refunded_paise"), ==, 7000);
  g_assert_cmpint (json_object_get_int_member (admin_user, "net_paise") +
                     json_object_get_int_member (desk_user, "net_paise"),
                   ==, net);
  /* The old fields stay: a line per user and method, totals per method. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "lines")), ==, 4);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                                                 json_object_get_array_member (root, "totals"), 0),
                                               "net_paise"),
                   ==, 37000 - 7000 + 57000);

  /* Yesterday's drawer had the one card payment; long ago, nothing. */
  earlier = cash_report (fx, fx->desk, -1);
  ld_test_assert_status (earlier, 200);
  entries = json_object_get_array_member (ld_test_response_object (earlier), "entries");
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  find_entry (entries, yesterday_id, "payment");
  far = cash_report (fx, fx->admin, -4000);
  ld_test_assert_status (far, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (far), "entries")),
                    ==, 0);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (far), "users")),
                    ==, 0);
}

static void
test_cash_refusals (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autofree char *doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autofree char *order = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) paid =
               ld_test_pay (fx, order, "{\"method\": \"card\", \"reference\": \"T-1\"}");
  static const struct
  {
    const char *path;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "/api/v1/reports/cash", 422, "validation_failed", "date" },
    { "/api/v1/reports/cash?date=yesterday", 422, "validation_failed", "date" },
    { "/api/v1/reports/cash?date=2026-13-01", 422, "validation_failed", "date" },
    { "/api/v1/reports/cash?date=2026-11-22&user=reception", 400, "bad_request", "user" },
  };
  gint64 audits = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");
  g_autoptr(LdTestResponse) anonymous = cash_report (fx, NULL, 0);
  g_autoptr(LdTestResponse) by_lab = cash_report (fx, technician, 0);
  g_autoptr(LdTestResponse) by_doctor = cash_report (fx, doctor, 0);

  ld_test_assert_status (paid, 201);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, cases[i].path, fx->desk);

      g_test_message ("%s", cases[i].path);
      ld_test_assert_error (resp, cases[i].status, cases[i].code);
      g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
    }
  ld_test_assert_error (anonymous, 401, "unauthorized");
  ld_test_assert_error (by_lab, 403, "forbidden");
  ld_test_assert_error (by_doctor, 403, "forbidden");
  g_assert_null (strstr (by_lab->body, "Asha Rao"));
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"), ==,
                   audits);
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
  ADD ("/server/desk-reports/cash-entries", test_cash_entries);
  ADD ("/server/desk-reports/cash-refusals", test_cash_refusals);

#undef ADD

  return g_test_run ();
}

/* test-order-money.c: the money kept on an order's row equals its attempts
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Since schema 26 an order's paid and refunded sums, whether an online
 * payment is in flight and its last live attempt are kept on its row,
 * written by the store with each attempt (ld-store-payments.c). Orders
 * are taken through a mixed sequence of payments, failed payments,
 * retries, cash on collection, refunds and cancellations over the real
 * endpoints; after every step each order's row must equal what its
 * attempts say, counted here with SQL of the test's own, and the payment
 * state the API gives must be the one each story ends in.
 */

#include "config.h"

#include "ld-test-orders.h"

typedef LdOrderFixture Fixture;

/* Orders whose kept money differs from their attempts: the sums by a
 * grouping of the payments, the last live attempt as the one no later
 * live attempt follows. In SQL both backends speak (payments has a rowid
 * column on PostgreSQL, in the order rows were made). */
static const char mismatches_sql[] =
  "SELECT count(*) FROM orders o"
  " LEFT JOIN (SELECT order_id,"
  "              sum (CASE WHEN kind = 'payment' AND status = 'succeeded'"
  "                   THEN amount_paise END) AS paid,"
  "              sum (CASE WHEN kind = 'refund' AND status = 'succeeded'"
  "                   THEN amount_paise END) AS refunded,"
  "              max (CASE WHEN method = 'online' AND status = 'pending'"
  "                   THEN 1 ELSE 0 END) AS in_flight"
  "            FROM payments GROUP BY order_id) s ON s.order_id = o.id"
  " LEFT JOIN payments l ON l.order_id = o.id AND l.kind = 'payment' AND l.status != 'voided'"
  "   AND NOT EXISTS (SELECT 1 FROM payments n WHERE n.order_id = o.id AND n.kind = 'payment'"
  "                   AND n.status != 'voided' AND (n.created_us, n.rowid) > (l.created_us, "
  "l.rowid))"
  " WHERE o.paid_paise != coalesce (s.paid, 0) OR o.refunded_paise != coalesce (s.refunded, 0)"
  "    OR o.online_pending != coalesce (s.in_flight, 0)"
  "    OR o.last_payment_method IS DISTINCT FROM l.method"
  "    OR o.last_payment_status IS DISTINCT FROM l.status";

static void
assert_kept (Fixture    *fx,
             const char *step)
{
  g_test_message ("after %s", step);
  g_assert_cmpint (ld_test_server_query_int (fx->server, mismatches_sql), ==, 0);
}

static LdTestResponse *
post (Fixture    *fx,
      const char *order_id,
      const char *what,
      const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/%s", order_id, what);

  return ld_test_send_json (fx->server, "POST", path, fx->desk, json);
}

static char *
pay_ok (Fixture    *fx,
        const char *order_id,
        const char *json,
        const char *step)
{
  g_autoptr(LdTestResponse) resp = ld_test_pay (fx, order_id, json);

  ld_test_assert_status (resp, 201);
  assert_kept (fx, step);
  return g_strdup (ld_test_response_get_string (resp, "payment.id"));
}

static void
decide_ok (Fixture    *fx,
           const char *payment_id,
           const char *json,
           const char *step)
{
  g_autoptr(LdTestResponse) resp = ld_test_decide_payment (fx, payment_id, json);

  ld_test_assert_status (resp, 200);
  assert_kept (fx, step);
}

static void
post_ok (Fixture    *fx,
         const char *order_id,
         const char *what,
         const char *json,
         guint       status,
         const char *step)
{
  g_autoptr(LdTestResponse) resp = post (fx, order_id, what, json);

  ld_test_assert_status (resp, status);
  assert_kept (fx, step);
}

static void
assert_state (Fixture    *fx,
              const char *order_id,
              const char *payment_state,
              gint64      paid,
              gint64      refunded)
{
  g_autoptr(LdTestResponse) order = ld_test_get_order (fx, order_id);

  ld_test_assert_status (order, 200);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.payment_state"), ==, payment_state);
  g_assert_cmpint (ld_test_response_get_int (order, "order.paid_paise"), ==, paid);
  g_assert_cmpint (ld_test_response_get_int (order, "order.refunded_paise"), ==, refunded);
}

static void
test_kept_through_a_mixed_day (Fixture       *fx,
                               gconstpointer  data)
{
  const char *failed = "{\"version\": 1, \"status\": \"failed\", \"failure_reason\": \"declined\"}";
  g_autofree char *refunded = ld_test_create_order_ok (fx, "\"items\": [\"CBC\"]");
  g_autofree char *card = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *converted = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *in_flight = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *cancelled = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *untouched = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;
  g_autofree char *f = NULL;
  g_autofree char *g = NULL;

  assert_kept (fx, "orders made");

  /* Online fails, online again succeeds, then refunded in two parts. */
  a = pay_ok (fx, refunded, "{\"method\": \"online\"}", "an online attempt");
  decide_ok (fx, a, failed, "it failed");
  b = pay_ok (fx, refunded, "{\"method\": \"online\"}", "a second online attempt");
  decide_ok (fx, b, "{\"version\": 1, \"status\": \"succeeded\", \"reference\": \"pay_1\"}",
             "it succeeded");
  post_ok (fx, refunded, "refunds",
           "{\"method\": \"cash\", \"amount_paise\": 7000, \"reason\": \"ESR not done\"}", 201,
           "a part refund");
  post_ok (fx, refunded, "refunds",
           "{\"method\": \"cash\", \"amount_paise\": 100000, \"reason\": \"x\"}", 422,
           "a refund of more than was paid, refused");
  post_ok (fx, refunded, "refunds",
           "{\"method\": \"card\", \"amount_paise\": 30000, \"reason\": \"left\", \"reference\": "
           "\"RF-1\"}",
           201, "the rest refunded");

  /* Paid by card at once. */
  g_free (pay_ok (fx, card, "{\"method\": \"card\", \"reference\": \"POS-1\"}", "a card payment"));

  /* Online fails, converted to cash on collection, cash taken at collection. */
  c = pay_ok (fx, converted, "{\"method\": \"online\"}", "an online attempt");
  decide_ok (fx, c, failed, "it failed");
  g_free (pay_ok (fx, converted, "{\"method\": \"cod\"}", "cash on collection promised"));
  assert_state (fx, converted, "cod_pending", 0, 0);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/collect", converted);
    g_autoptr(LdTestResponse) beside =
                 ld_test_pay (fx, converted, "{\"method\": \"upi\", \"reference\": \"UPI-8\"}");
    g_autoptr(LdTestResponse) collected = NULL;

    /* Promised cash is taken with the collection, by nothing else. */
    ld_test_assert_error (beside, 409, "conflict");
    collected =
      ld_test_send_json (fx->server, "POST", path, fx->admin,
                         "{\"payment\": {\"method\": \"cash\", \"tendered_paise\": 50000}}");
    ld_test_assert_status (collected, 201);
    assert_kept (fx, "the cash at collection");
  }

  /* An online payment the gateway has not answered. */
  d = pay_ok (fx, in_flight, "{\"method\": \"online\"}", "an online attempt left in flight");

  /* Fails twice, then cancelled. */
  e = pay_ok (fx, cancelled, "{\"method\": \"online\"}", "an online attempt");
  decide_ok (fx, e, failed, "it failed");
  f = pay_ok (fx, cancelled, "{\"method\": \"online\"}", "another online attempt");
  decide_ok (fx, f, failed, "it failed too");
  post_ok (fx, cancelled, "cancel", "{\"version\": 1, \"reason\": \"card declined twice\"}", 200,
           "the order cancelled");
  g = pay_ok (fx, untouched, "{\"method\": \"upi\", \"reference\": \"UPI-9\"}", "a UPI payment");

  assert_state (fx, refunded, "refunded", 37000, 37000);
  assert_state (fx, card, "paid", 12000, 0);
  assert_state (fx, converted, "paid", 12000, 0);
  assert_state (fx, in_flight, "pending", 0, 0);
  assert_state (fx, cancelled, "cancelled", 0, 0);
  assert_state (fx, untouched, "paid", 12000, 0);
  g_assert_cmpint (
    ld_test_server_query_int (fx->server, "SELECT online_pending FROM orders WHERE id IN"
                                          " (SELECT order_id FROM payments WHERE status = 'pending'"
                                          "  AND method = 'online')"),
    ==, 1);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM payments"), ==, 12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/order-money/kept-through-a-mixed-day", Fixture, NULL, ld_order_fixture_setup,
              test_kept_through_a_mixed_day, ld_order_fixture_teardown);

  return g_test_run ();
}

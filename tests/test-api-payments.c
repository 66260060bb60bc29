/* test-api-payments.c: taking money, online outcomes, recovery, refunds
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-test-orders.h"
#include "ld-test-snapshot.h"

typedef LdOrderFixture Fixture;

#define CONCURRENT_DESKS 20

static LdTestResponse *
pay_with_key (Fixture    *fx,
              const char *order_id,
              const char *key,
              const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/payments", order_id);
  const char * const headers[] = { "Idempotency-Key", key, NULL };

  return ld_test_request_with_headers (fx->server, "POST", path, fx->desk, "application/json", json,
                                       -1, headers);
}

static LdTestResponse *
cancel_order (Fixture    *fx,
              const char *id,
              gint64      version)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/cancel", id);
  g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ","
                                           " \"reason\": \"patient left\"}", version);

  return ld_test_request (fx->server, "POST", path, fx->desk, "application/json", body, -1);
}

/* An order's version moves with the order's own fields; a refund changes
 * only its money and leaves it (docs/api.md, "cancel"). No money rule
 * leans on the version: a cancel is judged on the payments as they stand
 * when it commits, refused while money is held, taken once it is not. */
static void
test_cancel_judged_on_money_not_version (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"CBC\"]");
  g_autofree char *refund_path = g_strdup_printf ("/api/v1/orders/%s/refunds", id);
  g_autoptr(LdTestResponse) paid = NULL;
  g_autoptr(LdTestResponse) held = NULL;
  g_autoptr(LdTestResponse) refund = NULL;
  g_autoptr(LdTestResponse) cancelled = NULL;
  gint64 version;

  paid = ld_test_pay (fx, id, "{\"method\": \"cash\", \"tendered_paise\": 50000}");
  ld_test_assert_status (paid, 201);
  version = ld_test_response_get_int (paid, "order.version");

  held = cancel_order (fx, id, version);
  ld_test_assert_error (held, 409, "conflict");
  g_assert_nonnull (
    strstr (ld_test_response_get_string (held, "error.message"), "refund it before cancelling"));

  refund = ld_test_request (fx->server, "POST", refund_path, fx->desk, "application/json",
                            "{\"method\": \"cash\", \"amount_paise\": 37000,"
                            " \"reason\": \"patient left\"}", -1);
  ld_test_assert_status (refund, 201);
  g_assert_cmpint (ld_test_response_get_int (refund, "order.version"), ==, version);

  cancelled = cancel_order (fx, id, version);
  ld_test_assert_status (cancelled, 200);
  g_assert_cmpstr (ld_test_response_get_string (cancelled, "order.lab_state"), ==, "cancelled");
}

static gint64
count_payments (Fixture    *fx,
                const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM payments WHERE %s", where);

  return ld_test_server_query_int (fx->server, sql);
}

static void
test_cash_gives_change (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"CBC\"]");
  g_autoptr(LdTestResponse) short_cash =
               ld_test_pay (fx, id, "{\"method\": \"cash\", \"tendered_paise\": 30000}");
  g_autoptr(LdTestResponse) wrong_amount =
      ld_test_pay (fx, id,
                   "{\"method\": \"cash\", \"amount_paise\": 100, \"tendered_paise\": 50000}");
  g_autoptr(LdTestResponse) resp =
      ld_test_pay (fx, id,
                   "{\"method\": \"cash\", \"amount_paise\": 37000, \"tendered_paise\": 50000}");
  g_autoptr(LdTestResponse) again =
               ld_test_pay (fx, id, "{\"method\": \"cash\", \"tendered_paise\": 50000}");

  ld_test_assert_error (short_cash, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (short_cash, "tendered_paise"));
  ld_test_assert_error (wrong_amount, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (wrong_amount, "amount_paise"));

  ld_test_assert_status (resp, 201);
  g_assert_cmpint (ld_test_response_get_int (resp, "payment.amount_paise"), ==, 37000);
  g_assert_cmpint (ld_test_response_get_int (resp, "payment.change_paise"), ==, 13000);
  g_assert_cmpstr (ld_test_response_get_string (resp, "order.payment_state"), ==, "paid");
  g_assert_cmpint (ld_test_response_get_int (resp, "order.balance_paise"), ==, 0);
  g_assert_null (ld_test_response_get_string (resp, "order.expires_at"));

  ld_test_assert_error (again, 409, "conflict");
  g_assert_cmpint (count_payments (fx, "TRUE"), ==, 1);
}

static void
test_method_needs_its_details (Fixture       *fx,
                               gconstpointer  data)
{
  static const struct
  {
    const char *json;
    const char *field;
    guint       status;
  } cases[] = {
    { "{\"method\": \"card\"}", "reference", 422 },
    { "{\"method\": \"upi\", \"reference\": \"   \"}", "reference", 422 },
    { "{\"method\": \"cash\"}", "tendered_paise", 422 },
    { "{\"method\": \"cash\", \"tendered_paise\": -5}", "tendered_paise", 422 },
    { "{\"method\": \"cash\", \"tendered_paise\": 1e15}", "tendered_paise", 422 },
    { "{\"method\": \"online\", \"reference\": \"x\"}", "reference", 422 },
    { "{\"method\": \"card\", \"reference\": \"T\", \"tendered_paise\": 100}", "tendered_paise",
      422 },
    { "{\"method\": \"cheque\"}", "method", 422 },
    { "{\"method\": \"cash\", \"tendered_paise\": \"500\"}", "tendered_paise", 422 },
    { "{\"method\": \"cash\", \"tendered_paise\": 50000, \"tip\": 5}", "tip", 400 },
  };
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_pay (fx, id, cases[i].json);

      g_test_message ("case %u: %s", i, cases[i].json);
      ld_test_assert_status (resp, cases[i].status);
      g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
    }

  g_assert_cmpint (count_payments (fx, "TRUE"), ==, 0);
}

static void
test_retry_with_same_key_records_once (Fixture       *fx,
                                       gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  const char *json = "{\"method\": \"card\", \"reference\": \"POS-4411\"}";
  g_autoptr(LdTestResponse) first = pay_with_key (fx, id, "pay-key-1", json);
  g_autoptr(LdTestResponse) retry = pay_with_key (fx, id, "pay-key-1", json);

  ld_test_assert_status (first, 201);
  ld_test_assert_status (retry, 201);
  g_assert_cmpstr (ld_test_response_get_string (retry, "payment.id"), ==,
                   ld_test_response_get_string (first, "payment.id"));
  g_assert_cmpint (count_payments (fx, "TRUE"), ==, 1);
  g_assert_cmpint (
    ld_test_server_query_int (fx->server,
                              "SELECT count(*) FROM audit_events WHERE action = 'payment.create'"),
    ==, 1);
}

typedef struct
{
  Fixture    *fx;
  const char *order_id;
  guint       index;
  guint       status;
} DeskThread;

static gpointer
desk_pays (gpointer data)
{
  DeskThread *desk = data;
  g_autofree char *key = g_strdup_printf ("desk-%u", desk->index);
  g_autoptr(LdTestResponse) resp =
               pay_with_key (desk->fx, desk->order_id, key,
                             "{\"method\": \"cash\", \"tendered_paise\": 20000}");

  desk->status = resp->status;
  return NULL;
}

/* Twenty desks press "Pay" on one order at the same moment. */
static void
test_concurrent_payments_record_one (Fixture       *fx,
                                     gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  DeskThread desks[CONCURRENT_DESKS];
  GThread *threads[CONCURRENT_DESKS];
  guint created = 0, conflicts = 0;
  g_autoptr(LdTestResponse) order = NULL;

  for (guint i = 0; i < CONCURRENT_DESKS; i++)
    {
      desks[i] = (DeskThread){ fx, id, i, 0 };
      threads[i] = g_thread_new ("desk", desk_pays, &desks[i]);
    }
  for (guint i = 0; i < CONCURRENT_DESKS; i++)
    {
      g_thread_join (threads[i]);
      created += desks[i].status == 201;
      conflicts += desks[i].status == 409;
    }

  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpuint (conflicts, ==, CONCURRENT_DESKS - 1);
  g_assert_cmpint (count_payments (fx, "status = 'succeeded'"), ==, 1);

  order = ld_test_get_order (fx, id);
  g_assert_cmpint (ld_test_response_get_int (order, "order.paid_paise"), ==, 12000);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.payment_state"), ==, "paid");
}

static void
test_cash_on_collection_is_collectable (Fixture       *fx,
                                        gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"LIPID\"]");
  g_autoptr(LdTestResponse) promise = ld_test_pay (fx, id, "{\"method\": \"cod\"}");
  g_autoptr(LdTestResponse) twice = ld_test_pay (fx, id, "{\"method\": \"cod\"}");
  g_autoptr(LdTestResponse) list =
               ld_test_get (fx->server, "/api/v1/orders?payment_state=cod_pending", fx->desk);
  g_autoptr(LdTestResponse) cash = NULL;
  g_autofree char *path = NULL;
  JsonArray *items;

  ld_test_assert_status (promise, 201);
  g_assert_cmpstr (ld_test_response_get_string (promise, "payment.status"), ==, "pending");
  g_assert_cmpstr (ld_test_response_get_string (promise, "order.payment_state"), ==, "cod_pending");
  g_assert_cmpint (ld_test_response_get_int (promise, "order.paid_paise"), ==, 0);
  g_assert_null (ld_test_response_get_string (promise, "order.expires_at"));
  ld_test_assert_error (twice, 409, "conflict");

  items = json_object_get_array_member (ld_test_response_object (list), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "id"),
                   ==, id);

  /* The cash comes at collection, for the same total, and with nothing
   * else: a payment beside the promise is refused (issue 35). */
  for (guint i = 0; i < 3; i++)
    {
      static const char * const beside[] = { "{\"method\": \"cash\", \"tendered_paise\": 57000}",
                                             "{\"method\": \"upi\", \"reference\": \"UPI-1\"}",
                                             "{\"method\": \"online\"}" };
      g_autoptr(LdTestResponse) refused = ld_test_pay (fx, id, beside[i]);

      ld_test_assert_error (refused, 409, "conflict");
    }
  path = g_strdup_printf ("/api/v1/orders/%s/collect", id);
  cash = ld_test_send_json (fx->server, "POST", path, fx->admin,
                            "{\"payment\": {\"method\": \"cash\", \"tendered_paise\": 57000}}");
  ld_test_assert_status (cash, 201);
  g_assert_cmpint (ld_test_response_get_int (cash, "payment.amount_paise"), ==, 57000);
  g_assert_cmpstr (ld_test_response_get_string (cash, "order.payment_state"), ==, "paid");
}

/* Failed → retry → paid; failed → cash on collection; failed → cancel. */
static void
test_failed_payment_recovery (Fixture       *fx,
                              gconstpointer  data)
{
  const char *failed =
    "{\"version\": 1, \"status\": \"failed\", \"failure_reason\": \"insufficient funds\"}";
  g_autofree char *retried = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *converted = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *abandoned = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  const char *orders[] = { retried, converted, abandoned };

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autoptr(LdTestResponse) attempt = ld_test_pay (fx, orders[i], "{\"method\": \"online\"}");
      g_autoptr(LdTestResponse) blocked = ld_test_pay (fx, orders[i], "{\"method\": \"cod\"}");
      g_autoptr(LdTestResponse) outcome = NULL;

      ld_test_assert_status (attempt, 201);
      g_assert_true (
        g_str_has_prefix (ld_test_response_get_string (attempt, "payment.gateway_order_id"),
                          "order_"));
      g_assert_true (json_object_get_boolean_member (
        json_object_get_object_member (ld_test_response_object (attempt), "order"),
        "online_payment_pending"));
      /* Nothing else while the gateway may still take the money. */
      ld_test_assert_error (blocked, 409, "conflict");

      outcome =
        ld_test_decide_payment (fx, ld_test_response_get_string (attempt, "payment.id"), failed);
      ld_test_assert_status (outcome, 200);
      g_assert_cmpstr (ld_test_response_get_string (outcome, "order.payment_state"), ==, "failed");
      g_assert_cmpstr (ld_test_response_get_string (outcome, "payment.failure_reason"), ==,
                       "insufficient funds");
    }

  {
    g_autoptr(LdTestResponse) retry = ld_test_pay (fx, retried, "{\"method\": \"online\"}");
    g_autoptr(LdTestResponse) success = ld_test_decide_payment (
      fx, ld_test_response_get_string (retry, "payment.id"),
      "{\"version\": 1, \"status\": \"succeeded\", \"reference\": \"pay_X1\"}");
    g_autoptr(LdTestResponse) redecide = ld_test_decide_payment (
      fx, ld_test_response_get_string (retry, "payment.id"),
      "{\"version\": 2, \"status\": \"failed\", \"failure_reason\": \"x\"}");

    ld_test_assert_status (success, 200);
    g_assert_cmpstr (ld_test_response_get_string (success, "order.payment_state"), ==, "paid");
    ld_test_assert_error (redecide, 409, "conflict");
  }
  {
    g_autoptr(LdTestResponse) cod = ld_test_pay (fx, converted, "{\"method\": \"cod\"}");

    ld_test_assert_status (cod, 201);
    g_assert_cmpstr (ld_test_response_get_string (cod, "order.payment_state"), ==, "cod_pending");
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/cancel", abandoned);
    g_autoptr(LdTestResponse) gone =
                 ld_test_send_json (fx->server, "POST", path, fx->desk,
                                    "{\"version\": 1, \"reason\": \"card declined twice\"}");

    ld_test_assert_status (gone, 200);
    g_assert_cmpstr (ld_test_response_get_string (gone, "order.payment_state"), ==, "cancelled");
  }

  /* Every attempt is kept. */
  g_assert_cmpint (count_payments (fx, "TRUE"), ==, 5);
  g_assert_cmpint (count_payments (fx, "status = 'failed'"), ==, 3);
}

static LdTestResponse *
send_webhook (Fixture    *fx,
              const char *body,
              const char *secret)
{
  g_autofree char *signature =
    g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret), body,
                               -1);
  const char * const headers[] = { "X-Razorpay-Signature", signature, NULL };

  return ld_test_request_with_headers (fx->server, "POST", "/api/v1/webhooks/payment-gateway", NULL,
                                       "application/json", body, -1, headers);
}

static char *
gateway_event (const char *event,
               const char *gateway_order_id,
               gint64      amount)
{
  /* Razorpay's shape, with members this server ignores. */
  return g_strdup_printf (
    "{\"entity\": \"event\", \"account_id\": \"acc_1\", \"event\": \"%s\","
    " \"contains\": [\"payment\"], \"payload\": {\"payment\": {\"entity\":"
    " {\"id\": \"pay_29QQoUBi66xm2f\", \"entity\": \"payment\", \"amount\": %" G_GINT64_FORMAT ","
    " \"currency\": \"INR\", \"status\": \"captured\", \"order_id\": \"%s\","
    " \"method\": \"upi\", \"error_description\": null}}}, \"created_at\": 1767225600}",
    event, amount, gateway_order_id);
}

static void
test_gateway_webhook (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) attempt = ld_test_pay (fx, id, "{\"method\": \"online\"}");
  const char *gateway_id = ld_test_response_get_string (attempt, "payment.gateway_order_id");
  g_autofree char *captured = gateway_event ("payment.captured", gateway_id, 12000);
  g_autofree char *short_paid = gateway_event ("payment.captured", gateway_id, 100);
  g_autofree char *unknown = gateway_event ("payment.captured", "order_NotOursAtAll", 12000);
  g_autofree char *other = gateway_event ("order.paid", gateway_id, 12000);
  g_autoptr(LdTestResponse) forged = send_webhook (fx, captured, "not-the-secret");
  g_autoptr(LdTestResponse) wrong_amount = send_webhook (fx, short_paid, LD_TEST_WEBHOOK_SECRET);
  g_autoptr(LdTestResponse) stranger = send_webhook (fx, unknown, LD_TEST_WEBHOOK_SECRET);
  g_autoptr(LdTestResponse) ignored = send_webhook (fx, other, LD_TEST_WEBHOOK_SECRET);
  g_autoptr(LdTestResponse) ok = NULL;
  g_autoptr(LdTestResponse) repeat = NULL;
  g_autoptr(LdTestResponse) order = NULL;

  ld_test_assert_error (forged, 401, "unauthorized");
  ld_test_assert_error (wrong_amount, 422, "validation_failed");
  ld_test_assert_error (stranger, 404, "not_found");
  ld_test_assert_status (ignored, 200);
  g_assert_cmpstr (ld_test_response_get_string (ignored, "outcome"), ==, "ignored");
  g_assert_cmpint (count_payments (fx, "status = 'pending'"), ==, 1);

  ok = send_webhook (fx, captured, LD_TEST_WEBHOOK_SECRET);
  ld_test_assert_status (ok, 200);
  g_assert_cmpstr (ld_test_response_get_string (ok, "outcome"), ==, "recorded");
  repeat = send_webhook (fx, captured, LD_TEST_WEBHOOK_SECRET);
  g_assert_cmpstr (ld_test_response_get_string (repeat, "outcome"), ==, "already recorded");

  order = ld_test_get_order (fx, id);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.payment_state"), ==, "paid");
  g_assert_cmpint (count_payments (fx, "status = 'succeeded' AND reference = 'pay_29QQoUBi66xm2f'"
                                       " AND decided_by = 'gateway'"),
                   ==, 1);
  g_assert_cmpint (
    ld_test_server_query_int (fx->server,
                              "SELECT count(*) FROM audit_events"
                              " WHERE action = 'payment.decide' AND username = 'payment-gateway'"),
    ==, 1);
}

static void
test_gateway_failure_marks_order_failed (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) attempt = ld_test_pay (fx, id, "{\"method\": \"online\"}");
  g_autofree char *event =
    gateway_event ("payment.failed",
                   ld_test_response_get_string (attempt, "payment.gateway_order_id"), 12000);
  g_autoptr(LdTestResponse) resp = send_webhook (fx, event, LD_TEST_WEBHOOK_SECRET);
  g_autoptr(LdTestResponse) order = ld_test_get_order (fx, id);

  ld_test_assert_status (resp, 200);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.payment_state"), ==, "failed");
  g_assert_false (
    json_object_get_boolean_member (json_object_get_object_member (ld_test_response_object (order),
                                                                   "order"),
                                    "online_payment_pending"));
}

static LdTestResponse *
refund (Fixture    *fx,
        const char *order_id,
        const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/refunds", order_id);

  return ld_test_send_json (fx->server, "POST", path, fx->desk, json);
}

static void
test_refunds_never_exceed_payment (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"CBC\"]");
  g_autofree char *unpaid = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) paid =
               ld_test_pay (fx, id, "{\"method\": \"cash\", \"tendered_paise\": 37000}");
  g_autoptr(LdTestResponse) too_much =
               refund (fx, id,
                       "{\"method\": \"cash\", \"amount_paise\": 37001, \"reason\": \"x\"}");
  g_autoptr(LdTestResponse) nothing_paid =
               refund (fx, unpaid,
                       "{\"method\": \"cash\", \"amount_paise\": 1, \"reason\": \"x\"}");
  g_autoptr(LdTestResponse) no_reason =
               refund (fx, id, "{\"method\": \"cash\", \"amount_paise\": 100}");
  g_autoptr(LdTestResponse) cod =
               refund (fx, id, "{\"method\": \"cod\", \"amount_paise\": 100, \"reason\": \"x\"}");
  g_autoptr(LdTestResponse) part = refund (fx, id,
                                            "{\"method\": \"cash\", \"amount_paise\": 7000,"
                                            " \"reason\": \"ESR not done\"}");
  g_autoptr(LdTestResponse) rest_plus_one =
               refund (fx, id,
                       "{\"method\": \"cash\", \"amount_paise\": 30001, \"reason\": \"x\"}");
  g_autoptr(LdTestResponse) rest =
               refund (fx, id,
                       "{\"method\": \"card\", \"amount_paise\": 30000,"
                       " \"reason\": \"patient left\", \"reference\": \"RF-1\"}");

  ld_test_assert_status (paid, 201);
  ld_test_assert_error (too_much, 422, "validation_failed");
  g_assert_cmpstr (ld_test_response_get_field_error (too_much, "amount_paise"), ==,
                   "is more than was paid");
  ld_test_assert_error (nothing_paid, 422, "validation_failed");
  ld_test_assert_error (no_reason, 422, "validation_failed");
  ld_test_assert_error (cod, 422, "validation_failed");

  ld_test_assert_status (part, 201);
  g_assert_cmpstr (ld_test_response_get_string (part, "order.payment_state"), ==,
                   "partly_refunded");
  g_assert_cmpint (ld_test_response_get_int (part, "order.balance_paise"), ==, 0);
  ld_test_assert_error (rest_plus_one, 422, "validation_failed");
  ld_test_assert_status (rest, 201);
  g_assert_cmpstr (ld_test_response_get_string (rest, "order.payment_state"), ==, "refunded");
  g_assert_cmpint (count_payments (fx, "kind = 'refund'"), ==, 2);
}

static void
test_cash_report (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/cash?date=%s", today);
  g_autofree char *a = ld_test_create_order_ok (fx, "\"items\": [\"CBC\"]");
  g_autofree char *b = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *c = ld_test_create_order_ok (fx, "\"items\": [\"TSH\"]");
  g_autofree char *d = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) pa =
               ld_test_pay (fx, a, "{\"method\": \"cash\", \"tendered_paise\": 50000}");
  g_autoptr(LdTestResponse) pb =
               ld_test_pay (fx, b, "{\"method\": \"cash\", \"tendered_paise\": 12000}");
  g_autoptr(LdTestResponse) pc =
               ld_test_pay (fx, c, "{\"method\": \"upi\", \"reference\": \"U-1\"}");
  g_autoptr(LdTestResponse) pd = ld_test_pay (fx, d, "{\"method\": \"cod\"}");
  g_autoptr(LdTestResponse) rb =
               refund (fx, b, "{\"method\": \"cash\", \"amount_paise\": 2000, \"reason\": \"x\"}");
  g_autoptr(LdTestResponse) report = ld_test_get (fx->server, path, fx->desk);
  g_autoptr(LdTestResponse) other_day =
               ld_test_get (fx->server, "/api/v1/reports/cash?date=2001-01-01", fx->desk);
  g_autoptr(LdTestResponse) no_date = ld_test_get (fx->server, "/api/v1/reports/cash", fx->desk);
  JsonArray *lines, *totals;

  ld_test_assert_status (pa, 201);
  ld_test_assert_status (pd, 201);
  ld_test_assert_status (rb, 201);
  ld_test_assert_status (report, 200);
  lines = json_object_get_array_member (ld_test_response_object (report), "lines");
  totals = json_object_get_array_member (ld_test_response_object (report), "totals");
  g_assert_cmpuint (json_array_get_length (lines), ==, 2);

  /* cash: 370.00 + 120.00 taken, 20.00 given back; upi: 320.00. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lines, 0),
                                                  "method"),
                   ==, "cash");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (lines, 0),
                                               "payments"),
                   ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (lines, 0),
                                               "net_paise"),
                   ==, 47000);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_array_get_object_element (lines, 0),
                                                    "user"),
                     "username"),
                   ==, "reception");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (totals, 2),
                                               "received_paise"),
                   ==, 32000);

  ld_test_assert_status (other_day, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (other_day), "lines")),
                    ==, 0);
  ld_test_assert_error (no_date, 422, "validation_failed");
}

/* An order past its deadline has expired for the desk at once, not only
 * once the minute's sweep has moved it: no payment, no promise of cash,
 * and nothing changed. */
static void
test_past_deadline_refused_before_sweep (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (fx, "\"items\": [\"HB\"]");
  g_autofree char *deadline = NULL;
  g_autofree char *snapshot = NULL;
  g_autoptr(LdTestResponse) card = NULL;
  g_autoptr(LdTestResponse) cod = NULL;
  g_autoptr(LdTestResponse) order = NULL;

  /* The deadline is now: the sweep, which runs every minute, has not
   * seen it. */
  deadline = g_strdup_printf ("UPDATE orders SET expires_us = %" G_GINT64_FORMAT " WHERE id = '%s'",
                              g_get_real_time (), id);
  ld_test_sql_exec (fx->server, deadline);
  snapshot = ld_test_snapshot_database (fx->server);

  card = ld_test_pay (fx, id, "{\"method\": \"card\", \"reference\": \"T-9\"}");
  ld_test_assert_error (card, 410, "gone");
  g_assert_nonnull (strstr (ld_test_response_get_string (card, "error.message"), "expired unpaid"));
  cod = ld_test_pay (fx, id, "{\"method\": \"cod\"}");
  ld_test_assert_error (cod, 410, "gone");
  ld_test_assert_unchanged (fx->server, snapshot);
  g_assert_cmpint (count_payments (fx, "TRUE"), ==, 0);

  /* An order with time left still pays. */
  ld_test_sql_exec (fx->server, "UPDATE orders SET expires_us = expires_us + 3600000000");
  order = ld_test_pay (fx, id, "{\"method\": \"card\", \"reference\": \"T-9\"}");
  ld_test_assert_status (order, 201);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, ld_order_fixture_setup, func, ld_order_fixture_teardown)

  ADD ("/payments/cash-gives-change", test_cash_gives_change);
  ADD ("/payments/method-needs-details", test_method_needs_its_details);
  ADD ("/payments/retry-same-key-once", test_retry_with_same_key_records_once);
  ADD ("/payments/concurrent-desks-one-payment", test_concurrent_payments_record_one);
  ADD ("/payments/cash-on-collection", test_cash_on_collection_is_collectable);
  ADD ("/payments/failed-recovery", test_failed_payment_recovery);
  ADD ("/payments/gateway-webhook", test_gateway_webhook);
  ADD ("/payments/gateway-failure", test_gateway_failure_marks_order_failed);
  ADD ("/payments/refunds", test_refunds_never_exceed_payment);
  ADD ("/payments/cash-report", test_cash_report);
  ADD ("/payments/cancel-judged-on-money-not-version", test_cancel_judged_on_money_not_version);
  ADD ("/payments/past-deadline-refused-before-sweep", test_past_deadline_refused_before_sweep);

#undef ADD

  return g_test_run ();
}

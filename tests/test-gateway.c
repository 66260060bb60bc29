/* test-gateway.c: online payment through the payment gateway (its stand-in)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real server on loopback, configured with tools/gateway-standin as
 * its gateway: the desk's online payment creates the stand-in's order,
 * the stand-in's pay page sends the signed webhook, and Checkout's signed
 * return is confirmed through the service the patient's page calls.
 */

#include "config.h"


#include "ld-server.h"
#include "ld-test-gateway.h"
#include "ld-test-orders.h"
#include "gateway/ld-gateway-checkout.h"
#include "service/ld-service-money.h"

#define KEY_ID     LD_TEST_GATEWAY_KEY_ID
#define KEY_SECRET LD_TEST_GATEWAY_KEY_SECRET
/* The stand-in's answers come within moments; this is only a guard. */
#define WAIT_LIMIT_US (120 * G_USEC_PER_SEC)

typedef struct
{
  LdOrderFixture  orders;
  GSubprocess    *standin;
  char           *standin_uri;
  SoupSession    *session;
} Fixture;

typedef struct
{
  gboolean hold_webhooks;
} Options;

static const Options DEFAULT = { FALSE };
static const Options HOLD_WEBHOOKS = { TRUE };

static void
stop_standin (Fixture *fx)
{
  g_clear_pointer (&fx->standin, ld_test_gateway_stop);
}

/* Sends a request to the stand-in, as a browser would but without
 * following its redirect; returns the body, its status and Location. */
static char *
standin_request (Fixture     *fx,
                 const char  *method,
                 const char  *path,
                 const char  *content_type,
                 const char  *body,
                 guint       *out_status,
                 char       **out_location)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (fx->standin_uri, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  answer = soup_session_send_and_read (fx->session, msg, NULL, &error);
  g_assert_no_error (error);
  *out_status = soup_message_get_status (msg);
  if (out_location != NULL)
    *out_location =
      g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location"));
  return g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

/* GET /standin/received: what the stand-in received and sent. */
static JsonObject *
standin_received (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *received;
  guint status;

  text = standin_request (fx, "GET", "/standin/received", NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  received = ld_json_parse_object (text, -1, &error);
  g_assert_no_error (error);
  return received;
}

static JsonObject *
received_item (JsonObject *received,
               const char *list,
               guint       index)
{
  JsonArray *items = json_object_get_array_member (received, list);

  g_assert_cmpuint (json_array_get_length (items), >, index);
  return json_array_get_object_element (items, index);
}

static guint
received_count (JsonObject *received,
                const char *list)
{
  return json_array_get_length (json_object_get_array_member (received, list));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  const Options *options = data;
  g_autoptr(LdTestResponse) patient = NULL;
  g_autofree char *webhook_url = NULL;
  g_autofree char *text = NULL;
  LdGatewayConfig gateway = { 0 };
  guint status;

  fx->session = soup_session_new ();
  fx->standin = ld_test_gateway_start (options->hold_webhooks, &fx->standin_uri);

  gateway.base_url = fx->standin_uri;
  gateway.key_id = (char *) KEY_ID;
  gateway.key_secret = (char *) KEY_SECRET;
  gateway.checkout_script_url = g_strconcat (fx->standin_uri, "/v1/checkout.js", NULL);
  fx->orders.server = ld_test_server_new_with_gateway (&gateway);
  g_free (gateway.checkout_script_url);

  /* The server's port is known only now. */
  webhook_url = g_strconcat (ld_test_server_get_uri (fx->orders.server),
                             "/api/v1/webhooks/payment-gateway", NULL);
  text =
    standin_request (fx, "POST", "/standin/webhook-url", "text/plain", webhook_url, &status, NULL);
  g_assert_cmpuint (status, ==, 200);

  fx->orders.desk = ld_test_login (fx->orders.server, "reception", LD_TEST_RECEPTION_PASSWORD);
  patient = ld_test_send_json (fx->orders.server, "POST", "/api/v1/patients", fx->orders.desk,
                               "{\"name\": \"Asha Rao\", \"sex\": \"female\","
                               " \"date_of_birth\": \"1984-03-21\"}");
  ld_test_assert_status (patient, 201);
  fx->orders.patient_id = g_strdup (ld_test_response_get_string (patient, "patient.id"));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  stop_standin (fx);
  g_clear_pointer (&fx->standin_uri, g_free);
  g_clear_object (&fx->session);
  ld_order_fixture_teardown (&fx->orders, data);
}

static gint64
count_rows (Fixture    *fx,
            const char *sql)
{
  return ld_test_server_query_int (fx->orders.server, sql);
}

static LdTestResponse *
pay_online (Fixture    *fx,
            const char *order_id)
{
  return ld_test_pay (&fx->orders, order_id, "{\"method\": \"online\"}");
}

/* The patient presses a button on the stand-in's pay page ("pay" or
 * "fail"); the stand-in sends its webhook and sends the browser back. */
static void
press_on_pay_page (Fixture    *fx,
                   const char *gateway_order_id,
                   const char *button)
{
  g_autofree char *page_path = g_strdup_printf ("/pay/%s?key=%s&callback_url=%s",
                                                gateway_order_id, KEY_ID,
                                                "http%3A%2F%2F127.0.0.1%2Freturn");
  g_autofree char *press_path = g_strdup_printf ("/pay/%s/%s?callback_url=%s", gateway_order_id,
                                                 button, "http%3A%2F%2F127.0.0.1%2Freturn");
  g_autofree char *page = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *location = NULL;
  guint status;

  page = standin_request (fx, "GET", page_path, NULL, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (page, gateway_order_id));
  g_assert_nonnull (strstr (page, ">Pay</button>"));
  g_assert_nonnull (strstr (page, ">Fail</button>"));

  answer = standin_request (fx, "POST", press_path, "application/x-www-form-urlencoded", "",
                            &status, &location);
  g_assert_cmpuint (status, ==, 307);
  g_assert_cmpstr (location, ==, "http://127.0.0.1/return");
}

/* The online attempt's gateway order is the stand-in's, for the amount
 * due, with the order number as receipt, asked with the lab's keys. */
static void
test_online_creates_gateway_order (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) attempt = pay_online (fx, id);
  g_autoptr(JsonObject) received = NULL;
  JsonObject *order;

  ld_test_assert_status (attempt, 201);
  g_assert_cmpstr (ld_test_response_get_string (attempt, "payment.status"), ==, "pending");

  received = standin_received (fx);
  g_assert_cmpuint (received_count (received, "orders"), ==, 1);
  order = received_item (received, "orders", 0);
  g_assert_cmpstr (ld_test_response_get_string (attempt, "payment.gateway_order_id"), ==,
                   json_object_get_string_member (order, "id"));
  g_assert_cmpint (json_object_get_int_member (order, "amount"), ==,
                   ld_test_response_get_int (attempt, "payment.amount_paise"));
  g_assert_cmpstr (json_object_get_string_member (order, "currency"), ==, "INR");
  g_assert_cmpstr (json_object_get_string_member (order, "receipt"), ==,
                   ld_test_response_get_string (attempt, "order.number"));
  g_assert_true (
    json_object_get_boolean_member (received_item (received, "requests", 0), "authorized"));
  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM payments WHERE status = 'pending'"), ==,
                   1);
}

/* The desk's client sends every payment with an Idempotency-Key: a repeat
 * is answered as the first, without a second order at the gateway. */
static void
test_repeat_asks_gateway_once (Fixture       *fx,
                               gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/payments", id);
  const char * const headers[] = { "Idempotency-Key", "desk-1-payment-7", NULL };
  g_autoptr(LdTestResponse) first = NULL;
  g_autoptr(LdTestResponse) repeat = NULL;
  g_autoptr(JsonObject) received = NULL;

  first =
    ld_test_request_with_headers (fx->orders.server, "POST", path, fx->orders.desk,
                                  "application/json", "{\"method\": \"online\"}", -1, headers);
  repeat =
    ld_test_request_with_headers (fx->orders.server, "POST", path, fx->orders.desk,
                                  "application/json", "{\"method\": \"online\"}", -1, headers);
  ld_test_assert_status (first, 201);
  ld_test_assert_status (repeat, 201);
  g_assert_cmpstr (ld_test_response_get_string (repeat, "payment.gateway_order_id"), ==,
                   ld_test_response_get_string (first, "payment.gateway_order_id"));
  received = standin_received (fx);
  g_assert_cmpuint (received_count (received, "orders"), ==, 1);
  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM payments"), ==, 1);
}

/* The stand-in's "Pay" sends the signed payment.captured: the order is paid. */
static void
test_standin_webhook_succeeds (Fixture       *fx,
                               gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) attempt = pay_online (fx, id);
  g_autoptr(LdTestResponse) order = NULL;
  g_autoptr(JsonObject) received = NULL;
  g_autofree char *reference_sql = NULL;
  JsonObject *webhook;

  ld_test_assert_status (attempt, 201);
  press_on_pay_page (fx, ld_test_response_get_string (attempt, "payment.gateway_order_id"),
                     "pay");

  received = standin_received (fx);
  webhook = received_item (received, "webhooks", 0);
  g_assert_cmpstr (json_object_get_string_member (webhook, "event"), ==, "payment.captured");
  g_assert_cmpint (json_object_get_int_member (webhook, "status"), ==, 200);
  g_assert_nonnull (strstr (json_object_get_string_member (webhook, "answer"), "\"recorded\""));

  order = ld_test_get_order (&fx->orders, id);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.payment_state"), ==, "paid");
  reference_sql = g_strdup_printf ("SELECT count(*) FROM payments WHERE status = 'succeeded'"
                                   " AND decided_by = 'gateway' AND reference = '%s'",
                                   json_object_get_string_member (webhook, "payment_id"));
  g_assert_cmpint (count_rows (fx, reference_sql), ==, 1);
}

typedef struct
{
  Fixture           *fx;
  const char        *order_id;
  const char        *gateway_order_id;
  const char        *payment_id;
  const char        *signature;
  LdGatewayCheckout *checkout;
  LdServiceContext  *ctx;
  LdGatewayOutcome   outcome;
  GError            *error;
  gboolean           ok;
  gint               done;
} OnServer;

static LdServiceContext *
new_patient_context (Fixture *fx)
{
  LdServer *server = ld_test_server_get_server (fx->orders.server);

  return ld_service_context_new (ld_server_get_store (server), NULL, "patient (web)", NULL,
                                 "127.0.0.1");
}

static gboolean
confirm_on_server (gpointer data)
{
  OnServer *call = data;
  LdServer *server = ld_test_server_get_server (call->fx->orders.server);
  g_autoptr(LdServiceContext) ctx = new_patient_context (call->fx);

  call->ok = ld_service_money_confirm_checkout (ctx, ld_server_get_gateway (server),
                                                call->gateway_order_id, call->payment_id,
                                                call->signature, &call->outcome, &call->error);
  return G_SOURCE_REMOVE;
}

/* Checkout's return, as the patient's page hands it to the service. */
static gboolean
confirm_checkout (Fixture           *fx,
                  const char        *gateway_order_id,
                  const char        *payment_id,
                  const char        *signature,
                  LdGatewayOutcome  *out_outcome,
                  GError           **error)
{
  OnServer call = { fx, NULL, gateway_order_id, payment_id, signature };

  ld_test_server_invoke (fx->orders.server, confirm_on_server, &call);
  if (call.error != NULL)
    g_propagate_error (error, call.error);
  *out_outcome = call.outcome;
  return call.ok;
}

static void
on_checkout_started_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  OnServer *call = user_data;

  call->checkout = ld_gateway_checkout_start_finish (result, &call->error);
  g_atomic_int_set (&call->done, TRUE);
}

static gboolean
start_on_server (gpointer data)
{
  OnServer *call = data;
  LdServer *server = ld_test_server_get_server (call->fx->orders.server);

  /* The context lives until the callback, as a page's paused request's does. */
  call->ctx = new_patient_context (call->fx);
  ld_gateway_checkout_start_async (ld_server_get_gateway (server), call->ctx, call->order_id,
                                   NULL, on_checkout_started_cb, call);
  return G_SOURCE_REMOVE;
}

/* What the patient's page does to start paying. */
static LdGatewayCheckout *
start_checkout (Fixture     *fx,
                const char  *order_id,
                GError     **error)
{
  OnServer call = { fx, order_id };
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  ld_test_server_invoke (fx->orders.server, start_on_server, &call);
  while (!g_atomic_int_get (&call.done))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  ld_service_context_free (call.ctx);
  if (call.error != NULL)
    g_propagate_error (error, call.error);
  return call.checkout;
}

/* Checkout's signed return succeeds the attempt once: a replay, and the
 * webhook that comes after it, change nothing. */
static void
test_checkout_confirms_once (Fixture       *fx,
                             gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdGatewayCheckout) checkout = start_checkout (fx, id, &error);
  g_autoptr(JsonObject) received = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(LdTestResponse) order = NULL;
  g_autofree char *text = NULL;
  JsonObject *fields;
  LdGatewayOutcome outcome;
  guint status;

  g_assert_no_error (error);
  g_assert_cmpstr (checkout->key_id, ==, KEY_ID);
  g_assert_cmpstr (checkout->currency, ==, "INR");
  g_assert_true (g_str_has_suffix (checkout->checkout_script_url, "/v1/checkout.js"));
  g_assert_cmpint (checkout->amount_paise, >, 0);

  received = standin_received (fx);
  g_assert_cmpstr (checkout->gateway_order_id, ==,
                   json_object_get_string_member (received_item (received, "orders", 0), "id"));
  g_assert_cmpint (checkout->amount_paise, ==,
                   json_object_get_int_member (received_item (received, "orders", 0), "amount"));

  press_on_pay_page (fx, checkout->gateway_order_id, "pay");
  g_clear_pointer (&received, json_object_unref);
  received = standin_received (fx);
  fields = json_object_get_object_member (received_item (received, "callbacks", 0), "fields");
  g_assert_cmpuint (received_count (received, "webhooks"), ==, 0);

  g_assert_true (confirm_checkout (fx, json_object_get_string_member (fields, "razorpay_order_id"),
                                   json_object_get_string_member (fields, "razorpay_payment_id"),
                                   json_object_get_string_member (fields, "razorpay_signature"),
                                   &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, LD_GATEWAY_OUTCOME_RECORDED);
  order = ld_test_get_order (&fx->orders, id);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.payment_state"), ==, "paid");

  g_assert_true (confirm_checkout (fx, json_object_get_string_member (fields, "razorpay_order_id"),
                                   json_object_get_string_member (fields, "razorpay_payment_id"),
                                   json_object_get_string_member (fields, "razorpay_signature"),
                                   &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, LD_GATEWAY_OUTCOME_ALREADY_RECORDED);

  /* The webhook, later: already recorded. */
  text = standin_request (fx, "POST", "/standin/send-webhooks", "text/plain", "", &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  after = standin_received (fx);
  g_assert_cmpint (json_object_get_int_member (received_item (after, "webhooks", 0), "status"), ==,
                   200);
  g_assert_nonnull (
    strstr (json_object_get_string_member (received_item (after, "webhooks", 0), "answer"),
            "already recorded"));

  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM payments WHERE status = 'succeeded'"), ==,
                   1);
  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM audit_events"
                                   " WHERE action = 'payment.decide'"),
                   ==, 1);
  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM audit_events"
                                   " WHERE action = 'payment.decide'"
                                   " AND username = 'patient (web)'"), ==, 1);
}

/* A return whose signature does not hold pays nothing, and is audited. */
static void
test_checkout_tampered_refused (Fixture       *fx,
                                gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdGatewayCheckout) checkout = start_checkout (fx, id, &error);
  g_autoptr(JsonObject) received = NULL;
  g_autoptr(LdTestResponse) order = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *forged = NULL;
  JsonObject *fields;
  LdGatewayOutcome outcome;

  g_assert_no_error (error);
  press_on_pay_page (fx, checkout->gateway_order_id, "pay");
  received = standin_received (fx);
  fields = json_object_get_object_member (received_item (received, "callbacks", 0), "fields");

  /* One hex digit changed. */
  tampered = g_strdup (json_object_get_string_member (fields, "razorpay_signature"));
  tampered[0] = tampered[0] == '0' ? '1' : '0';
  g_assert_false (confirm_checkout (fx, checkout->gateway_order_id,
                                    json_object_get_string_member (fields, "razorpay_payment_id"),
                                    tampered, &outcome, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Another payment id under the real signature. */
  g_assert_false (confirm_checkout (fx, checkout->gateway_order_id, "pay_SomeoneElses01",
                                    json_object_get_string_member (fields, "razorpay_signature"),
                                    &outcome, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Signed with another secret. */
  forged =
    g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) "not-the-secret", 14, "x|y", -1);
  g_assert_false (confirm_checkout (fx, checkout->gateway_order_id,
                                    json_object_get_string_member (fields, "razorpay_payment_id"),
                                    forged, &outcome, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN);
  g_clear_error (&error);

  order = ld_test_get_order (&fx->orders, id);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.payment_state"), !=, "paid");
  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM payments WHERE status = 'pending'"), ==,
                   1);
  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM payments WHERE status = 'succeeded'"),
                   ==, 0);
  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM audit_events"
                                   " WHERE action = 'payment.checkout-refused'"
                                   " AND username = 'patient (web)'"), ==, 3);
  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM audit_events"
                                   " WHERE action = 'payment.decide'"), ==, 0);
}

/* No gateway: a clear 503 and nothing recorded; then cash works. */
static void
test_standin_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) attempt = NULL;
  g_autoptr(LdTestResponse) cash = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdGatewayCheckout) checkout = NULL;

  stop_standin (fx);
  attempt = pay_online (fx, id);
  ld_test_assert_error (attempt, 503, "unavailable");
  g_assert_cmpstr (ld_test_response_get_string (attempt, "error.message"), ==,
                   "The payment gateway did not answer; try again or take cash.");
  checkout = start_checkout (fx, id, &error);
  g_assert_null (checkout);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE);
  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM payments"), ==, 0);
  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM audit_events"
                                   " WHERE action = 'payment.create'"), ==, 0);

  cash = ld_test_pay (&fx->orders, id, "{\"method\": \"cash\", \"tendered_paise\": 50000}");
  ld_test_assert_status (cash, 201);
  g_assert_cmpstr (ld_test_response_get_string (cash, "order.payment_state"), ==, "paid");
}

/* The stand-in's "Fail" fails the attempt; the desk then takes cash. */
static void
test_failure_then_cash (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *id = ld_test_create_order_ok (&fx->orders, "\"items\": [\"HB\"]");
  g_autoptr(LdTestResponse) attempt = pay_online (fx, id);
  g_autoptr(LdTestResponse) order = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) cash = NULL;
  g_autoptr(JsonObject) received = NULL;
  JsonObject *webhook;

  ld_test_assert_status (attempt, 201);
  press_on_pay_page (fx, ld_test_response_get_string (attempt, "payment.gateway_order_id"),
                     "fail");
  received = standin_received (fx);
  webhook = received_item (received, "webhooks", 0);
  g_assert_cmpstr (json_object_get_string_member (webhook, "event"), ==, "payment.failed");
  g_assert_cmpint (json_object_get_int_member (webhook, "status"), ==, 200);
  g_assert_true (
    json_object_has_member (json_object_get_object_member (received_item (received, "callbacks", 0),
                                                           "fields"),
                            "error[code]"));

  order = ld_test_get_order (&fx->orders, id);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.payment_state"), ==, "failed");

  /* Paying online again makes a new gateway order. */
  again = pay_online (fx, id);
  ld_test_assert_status (again, 201);
  g_assert_cmpstr (ld_test_response_get_string (again, "payment.gateway_order_id"), !=,
                   ld_test_response_get_string (attempt, "payment.gateway_order_id"));
  g_clear_pointer (&received, json_object_unref);
  received = standin_received (fx);
  g_assert_cmpuint (received_count (received, "orders"), ==, 2);
  press_on_pay_page (fx, ld_test_response_get_string (again, "payment.gateway_order_id"), "fail");

  cash = ld_test_pay (&fx->orders, id, "{\"method\": \"cash\", \"tendered_paise\": 50000}");
  ld_test_assert_status (cash, 201);
  g_assert_cmpstr (ld_test_response_get_string (cash, "order.payment_state"), ==, "paid");
  g_assert_cmpint (count_rows (fx, "SELECT count(*) FROM payments WHERE status = 'failed'"), ==,
                   2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, options, func) \
  g_test_add (path, Fixture, &options, fixture_setup, func, fixture_teardown)

  ADD ("/gateway/online-creates-gateway-order", DEFAULT, test_online_creates_gateway_order);
  ADD ("/gateway/repeat-asks-gateway-once", DEFAULT, test_repeat_asks_gateway_once);
  ADD ("/gateway/standin-webhook-succeeds", DEFAULT, test_standin_webhook_succeeds);
  ADD ("/gateway/checkout-confirms-once", HOLD_WEBHOOKS, test_checkout_confirms_once);
  ADD ("/gateway/checkout-tampered-refused", HOLD_WEBHOOKS, test_checkout_tampered_refused);
  ADD ("/gateway/standin-down", DEFAULT, test_standin_down);
  ADD ("/gateway/failure-then-cash", DEFAULT, test_failure_then_cash);

#undef ADD

  return g_test_run ();
}

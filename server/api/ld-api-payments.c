/* ld-api-payments.c: taking money, recording gateway outcomes, refunds
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each handler reads the body, hands the change to the money service
 * (server/service/ld-service-money.c, which checks, writes, audits and
 * announces it in one transaction) and answers with what it returns.
 */

#define G_LOG_DOMAIN "ld-api-payments"

#include "config.h"

#include <sodium.h>

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-idempotency.h"
#include "ld-payment-body.h"
#include "ld-service-money.h"


static void
respond_payment (LdHttpRequest   *req,
                 guint            status,
                 const LdPayment *payment,
                 const LdOrder   *order)
{
  LdJsonOut out;

  ld_json_out_init_text (&out);
  ld_json_out_begin_object (&out, NULL);
  ld_json_out_name (&out, "payment");
  ld_payment_write_json (payment, &out);
  ld_json_out_name (&out, "order");
  ld_order_write_json (order, &out);
  ld_json_out_end_object (&out);
  ld_http_respond_text (req, status, "application/json", ld_json_out_end_text (&out));
}

/* Whether the body asks for an online attempt, and for how much (-1:
 * what is due). A body that cannot be read is the handler's to refuse. */
static gboolean
asks_online (LdHttpRequest *req,
             gint64        *out_amount_paise)
{
  g_autoptr(GBytes) raw =
               soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  g_autoptr(JsonObject) body =
               ld_json_parse_object (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw), NULL);
  JsonNode *amount;

  if (body == NULL || g_strcmp0 (ld_json_object_get_string (body, "method"), "online") != 0)
    return FALSE;

  amount = json_object_get_member (body, "amount_paise");
  *out_amount_paise = amount != NULL && JSON_NODE_HOLDS_VALUE (amount) &&
                          json_node_get_value_type (amount) == G_TYPE_INT64
                        ? json_node_get_int (amount)
                        : -1;
  return TRUE;
}

static void
on_gateway_order_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LdHttpRequest *req = user_data;
  g_autoptr(GError) error = NULL;
  LdGatewayOrder *order = ld_gateway_create_order_finish (req->gateway, result, &error);

  (void) source;
  if (order == NULL)
    {
      ld_http_respond_error (req, error, NULL);
      ld_http_request_resume (req);
      return;
    }

  ld_http_request_set_prepared (req, order, (GDestroyNotify) ld_gateway_order_free);
  ld_http_request_continue (req);
}

/* Before POST /api/v1/orders/{id}/payments' transaction: an online attempt
 * with a gateway configured needs the gateway's order, asked for on a
 * worker thread so that no writer waits on the network. An order that
 * cannot take the attempt is left for the handler to refuse. */
static gboolean
prepare_payment (LdHttpRequest  *req,
                 GError        **error)
{
  g_autofree char *number = NULL;
  gint64 amount_paise = -1;
  gint64 due;

  (void) error;
  if (req->gateway == NULL || !asks_online (req, &amount_paise) ||
      ld_idempotency_is_answered_repeat (req))
    return TRUE;

  if (!ld_service_money_quote_online (ld_http_request_get_service (req),
                                      ld_http_request_get_param (req, "id"), amount_paise, &due,
                                      &number, NULL))
    return TRUE;

  ld_http_request_pause (req);
  ld_gateway_create_order_async (req->gateway, due, number, NULL, on_gateway_order_cb, req);
  return TRUE;
}

/* POST /api/v1/orders/{id}/payments */
static gboolean
create_payment (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdPayment) payment = ld_payment_new ();
  g_autoptr(LdOrder) saved = NULL;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_payment_body_read (reader, payment);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (req->gateway != NULL && g_strcmp0 (payment->method, "online") == 0)
    {
      const LdGatewayOrder *gateway_order = req->prepared;

      /* The order could not take an attempt when the gateway would have
       * been asked: the change refuses it the same way, or, if it changed
       * meanwhile, asks for a new try. */
      if (gateway_order == NULL)
        saved = ld_service_take_gateway_payment (ld_http_request_get_service (req),
                                                 ld_http_request_get_param (req, "id"), payment,
                                                 "", -1, error);
      else
        saved =
          ld_service_take_gateway_payment (ld_http_request_get_service (req),
                                           ld_http_request_get_param (req, "id"), payment,
                                           gateway_order->id, gateway_order->amount_paise, error);
    }
  else
    saved = ld_service_take_payment (ld_http_request_get_service (req),
                                     ld_http_request_get_param (req, "id"), payment, error);
  if (saved == NULL)
    return FALSE;

  respond_payment (req, SOUP_STATUS_CREATED, payment, saved);
  return TRUE;
}

/* POST /api/v1/orders/{id}/refunds */
static gboolean
create_refund (LdHttpRequest  *req,
               GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdPayment) refund = ld_payment_new ();
  g_autoptr(LdOrder) saved = NULL;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_refund_body_read (reader, refund);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  saved = ld_service_refund (ld_http_request_get_service (req),
                             ld_http_request_get_param (req, "id"), refund, error);
  if (saved == NULL)
    return FALSE;

  respond_payment (req, SOUP_STATUS_CREATED, refund, saved);
  return TRUE;
}

/* PATCH /api/v1/payments/{id}: the desk records an online attempt's outcome. */
static gboolean
update_payment (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdPayment) payment = NULL;
  g_autoptr(LdOrder) saved = NULL;
  g_autofree char *status = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *failure_reason = NULL;
  gint64 version = 0;
  gboolean succeeded = FALSE;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  if (ld_json_reader_get_string (reader, "status", LD_JSON_REQUIRED, &status))
    {
      succeeded = g_str_equal (status, "succeeded");
      if (!succeeded && !g_str_equal (status, "failed"))
        ld_json_reader_add_error (reader, "status", "must be succeeded or failed");
    }
  ld_json_reader_get_text (reader, "reference", succeeded ? LD_JSON_REQUIRED : LD_JSON_OPTIONAL,
                           LD_PAYMENT_MAX_REFERENCE_CHARS, &reference);
  ld_json_reader_get_text (reader, "failure_reason",
                           succeeded ? LD_JSON_OPTIONAL : LD_JSON_REQUIRED,
                           LD_PAYMENT_MAX_REASON_CHARS, &failure_reason);
  if (succeeded && failure_reason != NULL)
    ld_json_reader_add_error (reader, "failure_reason", "is only for a failed payment");
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  saved = ld_service_decide_payment (ld_http_request_get_service (req),
                                     ld_http_request_get_param (req, "id"), version, status,
                                     reference, failure_reason, &payment, error);
  if (saved == NULL)
    return FALSE;

  respond_payment (req, SOUP_STATUS_OK, payment, saved);
  return TRUE;
}

/* The gateway's signature: hex HMAC-SHA256 of the raw body under the
 * webhook secret, compared in constant time. */
static gboolean
signature_is_valid (const char *secret,
                    GBytes     *body,
                    const char *signature)
{
  g_autofree char *expected = NULL;
  gsize length;

  if (signature == NULL || secret == NULL || *secret == '\0')
    return FALSE;

  expected = g_compute_hmac_for_data (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret),
                                      g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  length = strlen (expected);
  if (strlen (signature) != length)
    return FALSE;

  return sodium_memcmp (expected, signature, length) == 0;
}

/* payload.payment.entity, where Razorpay puts the payment. */
static JsonObject *
webhook_payment (JsonObject *event)
{
  JsonNode *node = json_object_get_member (event, "payload");

  for (const char * const *name = (const char * const[]){ "payment", "entity", NULL }; *name;
       name++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), *name);
    }

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The amount the gateway captured, in paise; -1 when it does not say. */
static gint64
captured_paise (JsonObject *entity)
{
  JsonNode *amount = json_object_get_member (entity, "amount");

  if (amount == NULL || !JSON_NODE_HOLDS_VALUE (amount) ||
      json_node_get_value_type (amount) != G_TYPE_INT64)
    return -1;

  return json_node_get_int (amount);
}

static void
respond_webhook (LdHttpRequest *req,
                 const char    *outcome)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "outcome", outcome);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
}

/* POST /api/v1/webhooks/payment-gateway: no session; the signature is
 * the authentication. The body is the gateway's own format, so members
 * this server does not use are ignored rather than refused. */
static gboolean
gateway_webhook (LdHttpRequest  *req,
                 GError        **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  g_autoptr(GBytes) raw =
               soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  g_autoptr(JsonObject) event = NULL;
  LdServiceContext *ctx;
  LdGatewayOutcome outcome;
  JsonObject *entity;
  const char *kind, *gateway_order_id, *new_status;

  if (req->webhook_secret == NULL)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE,
                           "Online payments are not configured on this server.");
      return FALSE;
    }
  if (!signature_is_valid (req->webhook_secret, raw,
                           soup_message_headers_get_one (headers, "X-Razorpay-Signature")))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED,
                           "The webhook signature is missing or wrong.");
      return FALSE;
    }

  event = ld_http_request_read_object (req, error);
  if (event == NULL)
    return FALSE;

  kind = ld_json_object_get_string (event, "event");
  entity = webhook_payment (event);
  gateway_order_id = entity ? ld_json_object_get_string (entity, "order_id") : NULL;
  if (kind == NULL || gateway_order_id == NULL)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                           "The event has no event name or payment order id.");
      return FALSE;
    }

  if (g_str_equal (kind, "payment.captured"))
    new_status = "succeeded";
  else if (g_str_equal (kind, "payment.failed"))
    new_status = "failed";
  else
    {
      respond_webhook (req, "ignored");
      return TRUE;
    }

  /* The gateway acts without a user; the audit trail names it. */
  ctx = ld_http_request_get_service (req);
  g_free (ctx->actor_name);
  ctx->actor_name = g_strdup ("payment-gateway");
  if (!ld_service_gateway_outcome (ctx, gateway_order_id, new_status,
                                   ld_json_object_get_string (entity, "id"),
                                   ld_json_object_get_string (entity, "error_description"),
                                   captured_paise (entity), &outcome, error))
    return FALSE;

  respond_webhook (req, outcome == LD_GATEWAY_OUTCOME_ALREADY_RECORDED ? "already recorded"
                                                                       : "recorded");
  return TRUE;
}

void
ld_api_payments_register (LdRouter *router)
{
  ld_router_add_prepared (router, "POST", "/api/v1/orders/{id}/payments", prepare_payment,
                          create_payment);
  ld_router_add (router, "POST", "/api/v1/orders/{id}/refunds", create_refund);
  ld_router_add (router, "PATCH", "/api/v1/payments/{id}", update_payment);
  ld_router_add (router, "POST", "/api/v1/webhooks/payment-gateway", gateway_webhook);
}

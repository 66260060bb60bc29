/* ld-gateway.c: the payment gateway's Orders API and Checkout signature
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Razorpay's flow: the server creates an order at the gateway (POST
 * {base}/v1/orders, HTTP Basic auth with the key id and secret, the amount
 * in paise), the patient pays it in Checkout, and Checkout hands back the
 * payment id with a signature, hex HMAC-SHA256 of "order_id|payment_id"
 * under the key secret. The signed webhook (ld-api-payments.c) remains the
 * gateway's own word on the outcome.
 *
 * Asking the gateway blocks for up to 15 s, so it runs on a worker thread
 * (ld_gateway_create_order_async()) and never inside a write transaction.
 */

#define G_LOG_DOMAIN "ld-gateway"

#include "config.h"

#include <curl/curl.h>
#include <sodium.h>
#include <string.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-gateway.h"

#define CONNECT_TIMEOUT_S 5
#define TOTAL_TIMEOUT_S   15
/* An order's answer is a few hundred bytes; anything far larger is not one. */
#define MAX_ANSWER_BYTES  (64 * 1024)

#define NO_ANSWER "The payment gateway did not answer; try again or take cash."

struct _LdGateway
{
  char *base_url;
  char *key_id;
  char *key_secret;
  char *checkout_script_url;
};

void
ld_gateway_order_free (LdGatewayOrder *order)
{
  if (order == NULL)
    return;

  g_free (order->id);
  g_free (order->currency);
  g_free (order->receipt);
  g_free (order->status);
  g_free (order);
}

static void
clear_gateway (LdGateway *self)
{
  g_free (self->base_url);
  g_free (self->key_id);
  if (self->key_secret != NULL)
    sodium_memzero (self->key_secret, strlen (self->key_secret));
  g_free (self->key_secret);
  g_free (self->checkout_script_url);
}

/**
 * ld_gateway_new:
 * @config: the [gateway] group of the configuration
 *
 * The gateway is read only once made, so any thread may use it.
 *
 * Returns: (transfer full): a gateway client
 */
LdGateway *
ld_gateway_new (const LdGatewayConfig *config)
{
  LdGateway *self;

  g_return_val_if_fail (config != NULL && config->base_url != NULL, NULL);
  g_return_val_if_fail (config->key_id != NULL && config->key_secret != NULL, NULL);

  self = g_atomic_rc_box_new0 (LdGateway);
  /* "https://api.razorpay.com/" and "https://api.razorpay.com" alike. */
  self->base_url = g_strdup (config->base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  self->key_id = g_strdup (config->key_id);
  self->key_secret = g_strdup (config->key_secret);
  self->checkout_script_url = g_strdup (config->checkout_script_url);
  return self;
}

LdGateway *
ld_gateway_ref (LdGateway *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
ld_gateway_unref (LdGateway *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) clear_gateway);
}

/* The key id Checkout is opened with (public; the secret never leaves). */
const char *
ld_gateway_get_key_id (LdGateway *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->key_id;
}

/* Where the patient's browser loads Checkout from. */
const char *
ld_gateway_get_checkout_script_url (LdGateway *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->checkout_script_url;
}

typedef struct
{
  GString      *answer;
  GCancellable *cancellable;
} Transfer;

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  count,
          void   *user_data)
{
  Transfer *transfer = user_data;

  if (transfer->answer->len + size * count > MAX_ANSWER_BYTES)
    return 0;
  g_string_append_len (transfer->answer, data, size * count);
  return size * count;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Transfer *transfer = user_data;

  (void) dltotal;
  (void) dlnow;
  (void) ultotal;
  (void) ulnow;
  return g_cancellable_is_cancelled (transfer->cancellable) ? 1 : 0;
}

static gpointer
init_curl (gpointer data)
{
  (void) data;
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

static char *
build_order_request (gint64      amount_paise,
                     const char *receipt)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ld_json_builder_add_int (builder, "amount", amount_paise);
  ld_json_builder_add_string (builder, "currency", "INR");
  ld_json_builder_add_string (builder, "receipt", receipt);
  /* Notes are shown in the gateway's dashboard: the order number only,
   * never a patient's name. */
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "labdesk_order", receipt);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return ld_json_builder_to_string (builder);
}

static gboolean
fail_unavailable (GError     **error,
                  const char  *message)
{
  g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE, message);
  return FALSE;
}

/* Reads Razorpay's order entity; a refusal's error.description is logged
 * for the admin (a wrong key is theirs to fix). */
static LdGatewayOrder *
read_order_answer (long          status,
                   const GString *answer,
                   gint64        amount_paise,
                   GError      **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonObject) object = ld_json_parse_object (answer->str, answer->len, &parse_error);
  g_autoptr(LdGatewayOrder) order = NULL;
  JsonNode *amount;

  if (status >= 400 && status < 500)
    {
      JsonNode *problem = object ? json_object_get_member (object, "error") : NULL;
      const char *description = problem && JSON_NODE_HOLDS_OBJECT (problem)
        ? ld_json_object_get_string (json_node_get_object (problem), "description")
        : NULL;

      g_warning ("The payment gateway refused an order (HTTP %ld): %s; check the [gateway] "
                 "key-id and key-secret-file", status, description ? description : "no reason");
      fail_unavailable (error, "The payment gateway refused the lab's request; take cash, and "
                               "ask the administrator to check the gateway's keys.");
      return NULL;
    }
  if (status < 200 || status >= 300)
    {
      g_debug ("the payment gateway answered HTTP %ld", status);
      fail_unavailable (error, NO_ANSWER);
      return NULL;
    }
  if (object == NULL)
    {
      g_debug ("the payment gateway's answer is not a JSON object: %s", parse_error->message);
      fail_unavailable (error, NO_ANSWER);
      return NULL;
    }

  order = g_new0 (LdGatewayOrder, 1);
  order->id = g_strdup (ld_json_object_get_string (object, "id"));
  order->currency = g_strdup (ld_json_object_get_string (object, "currency"));
  order->receipt = g_strdup (ld_json_object_get_string (object, "receipt"));
  order->status = g_strdup (ld_json_object_get_string (object, "status"));
  amount = json_object_get_member (object, "amount");
  if (amount != NULL && JSON_NODE_HOLDS_VALUE (amount) &&
      json_node_get_value_type (amount) == G_TYPE_INT64)
    order->amount_paise = json_node_get_int (amount);

  /* The patient must be asked for what is due, no more and no less. */
  if (order->id == NULL || !g_str_has_prefix (order->id, "order_") ||
      order->amount_paise != amount_paise || g_strcmp0 (order->currency, "INR") != 0)
    {
      g_warning (
        "The payment gateway's answer to an order is not one: id %s, amount %" G_GINT64_FORMAT,
        order->id ? order->id : "missing", order->amount_paise);
      fail_unavailable (error, NO_ANSWER);
      return NULL;
    }

  return g_steal_pointer (&order);
}

/**
 * ld_gateway_create_order:
 * @self: a gateway
 * @amount_paise: what the patient is to pay
 * @receipt: our order number, the gateway's receipt
 * @cancellable: (nullable): stops the request
 * @error: return location for an %LD_API_ERROR_UNAVAILABLE
 *
 * Creates an order at the gateway. Blocks for up to 15 s (5 s to connect):
 * call it from a worker thread, or use ld_gateway_create_order_async().
 * Every failure (no answer, a refusal, an answer that is not an order) is
 * `unavailable`, so the desk knows to try again or take cash.
 *
 * Returns: (transfer full) (nullable): the gateway's order
 */
LdGatewayOrder *
ld_gateway_create_order (LdGateway     *self,
                         gint64         amount_paise,
                         const char    *receipt,
                         GCancellable  *cancellable,
                         GError       **error)
{
  static GOnce once = G_ONCE_INIT;
  g_autoptr(GString) answer = g_string_new (NULL);
  Transfer transfer = { answer, cancellable };
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  struct curl_slist *headers = NULL;
  char curl_problem[CURL_ERROR_SIZE] = "";
  CURLcode result;
  long status = 0;
  CURL *curl;

  g_return_val_if_fail (self != NULL && receipt != NULL && amount_paise > 0, NULL);

  g_once (&once, init_curl, NULL);
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      fail_unavailable (error, NO_ANSWER);
      return NULL;
    }

  url = g_strconcat (self->base_url, "/v1/orders", NULL);
  body = build_order_request (amount_paise, receipt);
  headers = curl_slist_append (headers, "Content-Type: application/json");

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt (curl, CURLOPT_HTTPAUTH, (long) CURLAUTH_BASIC);
  curl_easy_setopt (curl, CURLOPT_USERNAME, self->key_id);
  curl_easy_setopt (curl, CURLOPT_PASSWORD, self->key_secret);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, curl_problem);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) CONNECT_TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) TOTAL_TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);

  result = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);

  if (result != CURLE_OK)
    {
      /* Not a g_warning: a gateway down for a minute is no admin's task. */
      g_debug ("the payment gateway at %s did not answer: %s", self->base_url,
               curl_problem[0] != '\0' ? curl_problem : curl_easy_strerror (result));
      fail_unavailable (error, NO_ANSWER);
      return NULL;
    }

  return read_order_answer (status, answer, amount_paise, error);
}

typedef struct
{
  LdGateway *gateway;
  gint64     amount_paise;
  char      *receipt;
} CreateOrder;

static void
create_order_free (CreateOrder *create)
{
  ld_gateway_unref (create->gateway);
  g_free (create->receipt);
  g_free (create);
}

static void
create_order_thread (GTask        *task,
                     gpointer      source,
                     gpointer      data,
                     GCancellable *cancellable)
{
  CreateOrder *create = data;
  GError *error = NULL;
  LdGatewayOrder *order;

  (void) source;
  order = ld_gateway_create_order (create->gateway, create->amount_paise, create->receipt,
                                   cancellable, &error);
  if (order == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, order, (GDestroyNotify) ld_gateway_order_free);
}

/**
 * ld_gateway_create_order_async:
 * @self: a gateway (held until the callback)
 * @amount_paise: what the patient is to pay
 * @receipt: our order number
 * @cancellable: (nullable): stops the request
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * ld_gateway_create_order() on a worker thread.
 */
void
ld_gateway_create_order_async (LdGateway            *self,
                               gint64                amount_paise,
                               const char           *receipt,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  CreateOrder *create;

  g_return_if_fail (self != NULL && receipt != NULL && amount_paise > 0);

  /* GTask wants a GObject source; the gateway is held in the task's data. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_gateway_create_order_async);
  create = g_new0 (CreateOrder, 1);
  create->gateway = ld_gateway_ref (self);
  create->amount_paise = amount_paise;
  create->receipt = g_strdup (receipt);
  g_task_set_task_data (task, create, (GDestroyNotify) create_order_free);
  g_task_run_in_thread (task, create_order_thread);
}

/**
 * ld_gateway_create_order_finish:
 * @self: the gateway
 * @result: the result given to the callback
 * @error: return location for an %LD_API_ERROR_UNAVAILABLE
 *
 * Returns: (transfer full) (nullable): the gateway's order
 */
LdGatewayOrder *
ld_gateway_create_order_finish (LdGateway     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_gateway_create_order_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ld_gateway_checkout_signature_is_valid:
 * @self: a gateway
 * @gateway_order_id: razorpay_order_id as Checkout returned it
 * @payment_id: razorpay_payment_id
 * @signature: razorpay_signature, hex
 *
 * Checkout's return is signed with the key secret: hex HMAC-SHA256 of
 * "@gateway_order_id|@payment_id", compared in constant time.
 *
 * Returns: %TRUE if the gateway signed it
 */
gboolean
ld_gateway_checkout_signature_is_valid (LdGateway  *self,
                                        const char *gateway_order_id,
                                        const char *payment_id,
                                        const char *signature)
{
  g_autofree char *signed_text = NULL;
  g_autofree char *expected = NULL;
  gsize length;

  g_return_val_if_fail (self != NULL, FALSE);

  if (gateway_order_id == NULL || payment_id == NULL || signature == NULL)
    return FALSE;

  signed_text = g_strconcat (gateway_order_id, "|", payment_id, NULL);
  expected = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) self->key_secret,
                                        strlen (self->key_secret), signed_text, -1);
  length = strlen (expected);
  if (strlen (signature) != length)
    return FALSE;

  return sodium_memcmp (expected, signature, length) == 0;
}

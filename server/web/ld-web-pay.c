/* ld-web-pay.c: paying for an order on the patient pages
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An order still owing offers cash on collection (the desk's own money
 * service) and, when a gateway is configured, online payment: the pay
 * route starts the attempt through ld_gateway_checkout_start_async()
 * with the request paused (the writer is never held over the network),
 * then answers a small page that loads the gateway's Checkout, the one
 * script origin its Content-Security-Policy allows. An attempt already in
 * flight for the order is opened again rather than a second one made, so
 * a double-clicked or reloaded "Pay" pays once. Checkout's return cannot
 * carry our CSRF token: its HMAC signature, checked by
 * ld_service_money_confirm_checkout(), is what makes it trusted.
 */

#define G_LOG_DOMAIN "ld-web"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-web.h"
#include "ld-web-page.h"
#include "ld-json.h"
#include "ld-payment-body.h"
#include "../gateway/ld-gateway-checkout.h"
#include "../notify/ld-notify-templates.h"
#include "../service/ld-service-money.h"
#include "../store/ld-store-orders.h"

/* Open and owing: neither paid nor promised in cash (the desk's rule). */
static gboolean
is_owing (const LdOrder *order)
{
  return ld_order_is_open (order) && order->paid_paise < order->total_paise &&
         !ld_order_payment_lets_collect (order->payment_state);
}

static void
add_post_button (LdWebPage  *page,
                 const char *action,
                 const char *label,
                 const char *css_class)
{
  ld_html_open (page->html, "form", "method", "post", "action", action, NULL);
  ld_web_page_csrf_field (page);
  ld_html_element (page->html, "button", label, "type", "submit", "class", css_class, NULL);
  ld_html_close (page->html, "form");
}

/**
 * ld_web_pay_add_choices:
 * @page: an order's page, being written
 * @order: the account's order
 *
 * For an order still owing: "Pay online now" (with a gateway) and "Pay in
 * cash when the sample is collected".
 */
void
ld_web_pay_add_choices (LdWebPage     *page,
                        const LdOrder *order)
{
  g_autofree char *pay = g_strdup_printf ("/my/orders/%s/pay", order->id);
  g_autofree char *cash = g_strdup_printf ("/my/orders/%s/cash", order->id);

  if (!is_owing (order))
    return;
  ld_html_element (page->html, "h2", TR (N_("Payment")), NULL);
  if (page->req->gateway != NULL)
    add_post_button (page, pay, TR (N_("Pay online now")), "button");
  add_post_button (page, cash, TR (N_("Pay in cash when the sample is collected")),
                   "button secondary");
}

/**
 * ld_web_promise_cash:
 * @ctx: who acts ("patient (web)")
 * @order_id: the order
 * @error: return location for an %LD_API_ERROR
 *
 * Cash on collection, promised as the desk would record it.
 */
gboolean
ld_web_promise_cash (LdServiceContext  *ctx,
                     const char        *order_id,
                     GError           **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdPayment) payment = ld_payment_new ();
  g_autoptr(LdOrder) saved = NULL;

  json_object_set_string_member (body, "method", "cod");
  reader = ld_json_reader_new (body);
  ld_payment_body_read (reader, payment);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;
  saved = ld_service_take_payment (ctx, order_id, payment, error);
  return saved != NULL;
}

/* The order's online attempt still in flight, if any. */
static const LdPayment *
find_pending_attempt (const LdOrder *order)
{
  for (guint i = 0; order->payments != NULL && i < order->payments->len; i++)
    {
      const LdPayment *payment = order->payments->pdata[i];

      if (g_strcmp0 (payment->method, "online") == 0 &&
          g_strcmp0 (payment->status, "pending") == 0 && payment->gateway_order_id != NULL)
        return payment;
    }
  return NULL;
}

/* Where Checkout sends the patient back: this server's return route. */
static char *
dup_callback_url (LdWebPage  *page,
                  const char *order_id)
{
  GUri *uri = soup_server_message_get_uri (page->req->msg);
  g_autofree char *path = g_strdup_printf ("/my/orders/%s/paid", order_id);

  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), path, NULL, NULL);
}

static void
show_checkout (LdWebPage  *page,
               const char *order_id,
               const char *order_number,
               const char *gateway_order_id,
               gint64      amount_paise)
{
  LdGateway *gateway = page->req->gateway;
  const char *script = ld_gateway_get_checkout_script_url (gateway);
  g_autoptr(GUri) script_uri = g_uri_parse (script, G_URI_FLAGS_NONE, NULL);
  g_autofree char *origin = NULL;
  g_autofree char *policy = NULL;
  g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, amount_paise);
  g_autofree char *shown = ld_notify_format_amount (amount_paise);
  g_autofree char *callback = dup_callback_url (page, order_id);
  g_autofree char *cash = g_strdup_printf ("/my/orders/%s/cash", order_id);
  g_autofree char *title = ld_web_fill (TR (N_("Pay for order %s")), order_number);
  LdHtml *html;

  origin = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (script_uri), NULL,
                       g_uri_get_host (script_uri), g_uri_get_port (script_uri), "", NULL, NULL);
  ld_web_page_begin (page, title);
  html = page->html;
  ld_html_open (html, "p", NULL);
  ld_html_text (html, TR (N_("To pay:")));
  ld_html_text (html, " ");
  ld_html_element (html, "strong", shown, NULL);
  ld_html_close (html, "p");
  ld_html_element (html, "p", TR (N_("Online payment needs JavaScript. Turn it on, or pay in "
                                     "cash when the sample is collected.")),
                       "id", "needs-script", NULL);
  ld_html_element (html, "button",
                   TR (N_("Pay")), "type", "button", "id", "open-checkout", "class", "button",
                       "hidden", "", "data-key", ld_gateway_get_key_id (gateway), "data-amount",
                       amount, "data-currency", "INR", "data-order-id", gateway_order_id,
                       "data-name", order_number, "data-callback-url", callback, NULL);
  add_post_button (page, cash,
                   TR (N_("Pay in cash when the sample is collected")), "button secondary");
  ld_html_element (html, "script", "", "src", script, NULL);
  ld_html_element (html, "script", "", "src", "/my/pay.js", NULL);
  ld_web_page_finish (page, SOUP_STATUS_OK);

  /* Checkout's script and pages come from the gateway's origin, and only those. */
  policy = g_strdup_printf ("default-src 'self'; script-src 'self' %s; frame-src %s; "
                            "object-src 'none'; frame-ancestors 'none'; "
                            "form-action 'self' %s; base-uri 'none'",
                            origin, origin, origin);
  soup_message_headers_replace (soup_server_message_get_response_headers (page->req->msg),
                                "Content-Security-Policy", policy);
}

static void
show_not_paid (LdWebPage  *page,
               const char *order_id,
               guint       status)
{
  g_autofree char *pay = g_strdup_printf ("/my/orders/%s/pay", order_id);
  g_autofree char *cash = g_strdup_printf ("/my/orders/%s/cash", order_id);

  ld_web_page_begin (page, TR (N_("The payment did not go through")));
  ld_html_element (page->html, "p", TR (N_("No money was taken for this order. Pay again, or "
                                           "pay in cash when the sample is collected.")), NULL);
  add_post_button (page, pay, TR (N_("Pay again")), "button");
  add_post_button (page, cash, TR (N_("Pay in cash at collection")), "button secondary");
  ld_web_page_finish (page, status);
}

static void
show_unavailable (LdWebPage *page)
{
  ld_web_page_message (page, SOUP_STATUS_SERVICE_UNAVAILABLE,
                       TR (N_("Online payment is not available")),
                           TR (N_("Try again in a few minutes, or pay in cash when the sample is "
                              "collected.")));
}

static void
redirect_to_order (LdWebPage  *page,
                   const char *order_id)
{
  g_autofree char *location = g_strdup_printf ("/my/orders/%s", order_id);

  ld_web_page_redirect (page, location);
}

typedef struct
{
  LdWebPage        *page;
  LdServiceContext *ctx;
  char             *order_id;
} Paying;

static void
paying_free (Paying *paying)
{
  ld_web_page_free (paying->page);
  ld_service_context_free (paying->ctx);
  g_free (paying->order_id);
  g_free (paying);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Paying, paying_free)

static void
on_checkout_started_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(Paying) paying = user_data;
  g_autoptr(LdGatewayCheckout) checkout = NULL;
  g_autoptr(GError) error = NULL;
  LdWebPage *page = paying->page;
  LdHttpRequest *req = page->req;

  (void) source;
  checkout = ld_gateway_checkout_start_finish (result, &error);
  if (checkout != NULL)
    show_checkout (page, paying->order_id, checkout->order_number, checkout->gateway_order_id,
                   checkout->amount_paise);
  else if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_CONFLICT) ||
           g_error_matches (error, LD_API_ERROR, LD_API_ERROR_GONE))
    redirect_to_order (page, paying->order_id);
  else
    {
      if (!g_error_matches (error, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE))
        g_debug ("request id=%s online payment not started: %s", req->request_id,
                 error->message);
      show_unavailable (page);
    }
  g_clear_pointer (&paying, paying_free);
  ld_http_request_note_writes (req);
  ld_http_request_resume (req);
}

/* POST /my/orders/{id}/pay: csrf */
static gboolean
post_pay (LdHttpRequest  *req,
          GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdOrder) order = NULL;
  Paying *paying;
  const LdPayment *pending;

  if (!ld_web_page_require_session (page) || !ld_web_page_read_form (page, TRUE))
    return TRUE;
  order = ld_web_get_own_order (page, ld_http_request_get_param (req, "id"));
  if (order == NULL || req->gateway == NULL)
    {
      ld_web_page_message (page, SOUP_STATUS_NOT_FOUND, TR (N_("Page not found")),
                           TR (N_("There is no such order among yours.")));
      return TRUE;
    }
  if (!is_owing (order))
    {
      redirect_to_order (page, order->id);
      return TRUE;
    }
  /* A second click, or a return after a failure: the same attempt again. */
  if ((pending = find_pending_attempt (order)) != NULL)
    {
      show_checkout (page, order->id, order->number, pending->gateway_order_id,
                     pending->amount_paise);
      return TRUE;
    }

  paying = g_new0 (Paying, 1);
  paying->page = g_steal_pointer (&page);
  paying->ctx = ld_web_new_actor_context (req, error);
  if (paying->ctx == NULL)
    {
      paying_free (paying);
      return FALSE;
    }
  paying->order_id = g_strdup (order->id);
  ld_http_request_pause (req);
  ld_gateway_checkout_start_async (req->gateway, paying->ctx, order->id, NULL,
                                   on_checkout_started_cb, paying);
  return TRUE;
}

/* The attempt @gateway_order_id names must be this order's. */
static gboolean
is_orders_attempt (const LdOrder *order,
                   const char    *gateway_order_id)
{
  for (guint i = 0; order->payments != NULL && i < order->payments->len; i++)
    {
      const LdPayment *payment = order->payments->pdata[i];

      if (g_strcmp0 (payment->gateway_order_id, gateway_order_id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The order a return names: the account's own when the browser brought
 * the session, else any order (the signature is checked next). */
static LdOrder *
get_returned_order (LdWebPage *page)
{
  const char *order_id = ld_http_request_get_param (page->req, "id");

  if (ld_web_page_signed_in (page))
    return ld_web_get_own_order (page, order_id);
  if (order_id == NULL || !g_uuid_string_is_valid (order_id))
    return NULL;
  return ld_store_orders_get (page->req->store, order_id, NULL);
}

static void
redirect_to_not_paid (LdWebPage  *page,
                      const char *order_id)
{
  g_autofree char *location = g_strdup_printf ("/my/orders/%s/not-paid", order_id);

  ld_web_page_redirect (page, location);
}

/* POST /my/orders/{id}/paid: Checkout's return, razorpay_payment_id,
 * razorpay_order_id and razorpay_signature, or error[…] on a failure.
 * The gateway's page posts it from another site, so the browser sends no
 * SameSite=Lax session cookie: the HMAC signature is what is trusted, and
 * the answer is a redirect, whose GET brings the cookie again. */
static gboolean
post_paid (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autoptr(GError) refusal = NULL;
  const char *gateway_order_id;
  const char *payment_id;
  const char *signature;
  LdGatewayOutcome outcome;

  if (!ld_web_page_read_form (page, FALSE))
    return TRUE;
  order = get_returned_order (page);
  if (order == NULL || req->gateway == NULL)
    {
      ld_web_page_message (page, SOUP_STATUS_NOT_FOUND, TR (N_("Page not found")),
                           TR (N_("There is no such order among yours.")));
      return TRUE;
    }
  gateway_order_id = ld_web_page_field (page, "razorpay_order_id");
  payment_id = ld_web_page_field (page, "razorpay_payment_id");
  signature = ld_web_page_field (page, "razorpay_signature");
  /* A failure records nothing here: the gateway's webhook does. */
  if (gateway_order_id == NULL || payment_id == NULL || signature == NULL)
    {
      redirect_to_not_paid (page, order->id);
      return TRUE;
    }
  if ((ctx = ld_web_new_actor_context (req, error)) == NULL)
    return FALSE;
  if (is_orders_attempt (order, gateway_order_id) &&
      ld_service_money_confirm_checkout (ctx, req->gateway, gateway_order_id, payment_id,
                                         signature, &outcome, &refusal))
    {
      redirect_to_order (page, order->id);
      return TRUE;
    }
  if (refusal != NULL &&
      !g_error_matches (refusal, LD_API_ERROR, LD_API_ERROR_FORBIDDEN) &&
      !g_error_matches (refusal, LD_API_ERROR, LD_API_ERROR_CONFLICT))
    {
      g_propagate_error (error, g_steal_pointer (&refusal));
      return FALSE;
    }
  if (refusal != NULL && g_error_matches (refusal, LD_API_ERROR, LD_API_ERROR_FORBIDDEN))
    ld_web_page_message (page, SOUP_STATUS_FORBIDDEN, TR (N_("The payment did not go through")),
                         TR (N_("No money was taken for this order. Pay again, or pay in cash "
                                "when the sample is collected.")));
  else
    redirect_to_not_paid (page, order->id);
  return TRUE;
}

/* GET /my/orders/{id}/not-paid: where a failed return lands, signed in again. */
static gboolean
get_not_paid (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdOrder) order = NULL;

  if (!ld_web_page_require_session (page))
    return TRUE;
  order = ld_web_get_own_order (page, ld_http_request_get_param (req, "id"));
  if (order == NULL)
    {
      ld_web_page_message (page, SOUP_STATUS_NOT_FOUND, TR (N_("Page not found")),
                           TR (N_("There is no such order among yours.")));
      return TRUE;
    }
  /* Paid since (the webhook, another try): the order's page says so. */
  if (order->paid_paise >= order->total_paise)
    {
      redirect_to_order (page, order->id);
      return TRUE;
    }
  show_not_paid (page, order->id, SOUP_STATUS_OK);
  return TRUE;
}

/* POST /my/orders/{id}/cash: csrf */
static gboolean
post_cash (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autoptr(GError) refusal = NULL;

  if (!ld_web_page_require_session (page) || !ld_web_page_read_form (page, TRUE))
    return TRUE;
  order = ld_web_get_own_order (page, ld_http_request_get_param (req, "id"));
  if (order == NULL)
    {
      ld_web_page_message (page, SOUP_STATUS_NOT_FOUND, TR (N_("Page not found")),
                           TR (N_("There is no such order among yours.")));
      return TRUE;
    }
  if (is_owing (order) && (ctx = ld_web_new_actor_context (req, error)) == NULL)
    return FALSE;
  /* The desk's rule: an attempt in flight is decided (by the gateway's
   * webhook) before the order takes another way to pay. */
  if (ctx != NULL && order->online_pending)
    {
      ld_web_page_message (page, SOUP_STATUS_CONFLICT,
                           TR (
                             N_("Please wait a minute")),
                             TR (N_("Your online payment is still being confirmed by the payment "
                                  "gateway. Try again in a minute.")));
      return TRUE;
    }
  /* A second click finds the promise already made: the order page says so. */
  if (ctx != NULL && !ld_web_promise_cash (ctx, order->id, &refusal) &&
      !g_error_matches (refusal, LD_API_ERROR, LD_API_ERROR_CONFLICT))
    {
      g_propagate_error (error, g_steal_pointer (&refusal));
      return FALSE;
    }
  redirect_to_order (page, order->id);
  return TRUE;
}

/* GET /my/pay.js: opens Checkout, from the resources. */
static gboolean
get_pay_script (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(GBytes) script = g_resources_lookup_data ("/org/labdesk/Labdesk/server/web/pay.js",
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, error);

  if (script == NULL)
    return FALSE;
  ld_web_page_set_headers (page, FALSE);
  ld_http_respond_text (req, SOUP_STATUS_OK, "text/javascript; charset=utf-8",
                        g_strndup (g_bytes_get_data (script, NULL), g_bytes_get_size (script)));
  return TRUE;
}

void
ld_web_pay_register (LdRouter *router)
{
  ld_router_add (router, "POST", "/my/orders/{id}/pay", post_pay);
  ld_router_add (router, "POST", "/my/orders/{id}/paid", post_paid);
  ld_router_add (router, "GET", "/my/orders/{id}/not-paid", get_not_paid);
  ld_router_add (router, "POST", "/my/orders/{id}/cash", post_cash);
  ld_router_add (router, "GET", "/my/pay.js", get_pay_script);
}

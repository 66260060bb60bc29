/* ld-web-routes.c: the patient pages' start: sign-in, sign-out, language
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /my/ asks for an e-mail address, or a mobile number where codes go
 * by SMS (or, signed in, shows the account's orders: ld-web-orders.c);
 * POST /my/sign-in sends a code and asks for it; POST /my/code checks it
 * and starts the session. docs/api.md, "Patient pages", lists every route.
 */

#define G_LOG_DOMAIN "ld-web"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ld-patient-rules.h"
#include "ld-web.h"
#include "ld-web-page.h"
#include "ld-service-web-session.h"
#include "../service/ld-rate-limit.h"

/* Codes asked for from one client address in a minute, and for one
 * e-mail address or mobile number in an hour. */
#define CODES_PER_CLIENT_MINUTE 20
#define CODES_PER_ADDRESS_HOUR  6

static gboolean code_in_log;

/**
 * ld_web_set_code_in_log:
 * @in_log: whether sign-in codes are also written to the log
 *
 * For the demo only (`labdesk-server serve --demo`), where no mail server
 * is reachable; never otherwise.
 */
void
ld_web_set_code_in_log (gboolean in_log)
{
  code_in_log = in_log;
}

static LdRateLimit *
get_client_limit (void)
{
  static LdRateLimit *limit;

  if (g_once_init_enter (&limit))
    g_once_init_leave (&limit, ld_rate_limit_new (CODES_PER_CLIENT_MINUTE, G_TIME_SPAN_MINUTE));
  return limit;
}

static LdRateLimit *
get_address_limit (void)
{
  static LdRateLimit *limit;

  if (g_once_init_enter (&limit))
    g_once_init_leave (&limit, ld_rate_limit_new (CODES_PER_ADDRESS_HOUR, G_TIME_SPAN_HOUR));
  return limit;
}

LdServiceContext *ld_web_service_context (LdHttpRequest *req);

/**
 * ld_web_service_context:
 * @req: a request of the patient pages
 *
 * Returns: (transfer full): a service context acting as "patient (web)"
 */
LdServiceContext *
ld_web_service_context (LdHttpRequest *req)
{
  return ld_service_context_new (req->store, NULL, LD_STORE_WEB_ACTOR_NAME, req->request_id,
                                 req->client);
}

/* The sign-in form: an e-mail address, or a mobile number too where codes
 * go by SMS. The field is "email" either way. */
static void
show_email_form (LdWebPage  *page,
                 const char *email,
                 guint       status)
{
  gboolean sms = ld_service_web_codes_by_sms (page->req->store);
  LdHtml *html;

  ld_web_page_begin (page, TR (N_("Sign in to see and book your tests")));
  html = page->html;
  if (sms)
    ld_html_element (html, "p", TR (N_("We will send a code to your e-mail address or mobile "
                                       "phone. You do not need a password.")), NULL);
  else
    ld_html_element (html, "p", TR (N_("We will send a code to your e-mail address. You do not "
                                       "need a password.")), NULL);
  ld_html_open (html, "form", "method", "post", "action", "/my/sign-in", "novalidate", "",
                NULL);
  if (sms)
    ld_web_page_input (page, "email", TR (N_("E-mail address or mobile number")),
                       TR (N_("Such as name@example.com or 98450 11111")), "text", email,
                       "username");
  else
    ld_web_page_input (page, "email", TR (N_("E-mail address")), NULL, "email", email, "email");
  ld_web_page_button (page, TR (N_("Send me a code")));
  ld_html_close (html, "form");
  ld_web_page_finish (page, status);
}

/* Digits, spaces and "+-()." with a few digits: someone typed a number. */
static gboolean
looks_like_number (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      digits++;
    else if (strchr (" +-().", *p) == NULL)
      return FALSE;
  return digits >= 5;
}

/**
 * read_address:
 * @page: a sign-in page with its form read
 *
 * The form's "email": an e-mail address or, where codes go by SMS, an
 * Indian mobile number. When it is neither, the field's error is added.
 *
 * Returns: (transfer full) (nullable): the address, normalized
 */
static char *
read_address (LdWebPage *page)
{
  const char *typed = ld_web_page_field (page, "email");
  gboolean sms = ld_service_web_codes_by_sms (page->req->store);
  char *address = ld_web_normalize_email (typed);

  if (address == NULL && sms)
    address = ld_web_normalize_mobile (typed);
  if (address != NULL)
    return address;

  if (sms)
    ld_web_page_add_error (page, "email",
                           TR (N_("Enter an e-mail address, such as name@example.com, or a "
                                  "mobile number, such as 98450 11111")));
  else if (typed != NULL && looks_like_number (typed))
    ld_web_page_add_error (page, "email",
                           TR (N_("Codes are sent by e-mail only. Enter an e-mail address, such "
                                  "as name@example.com")));
  else
    ld_web_page_add_error (page, "email",
                           TR (N_("Enter an e-mail address, such as name@example.com")));
  return NULL;
}

static void
show_code_form (LdWebPage  *page,
                const char *address,
                guint       status)
{
  gboolean by_phone = ld_web_address_is_phone (address);
  g_autofree char *shown = by_phone ? ld_patient_phone_display (address) : g_strdup (address);
  LdHtml *html;
  g_autofree char *lead = NULL;

  ld_web_page_begin (page, by_phone ? TR (N_("Check your phone")) : TR (N_("Check your e-mail")));
  html = page->html;
  if (by_phone)
    lead = ld_web_fill (TR (N_("If %s can receive text messages, we have sent a six-digit code to "
                               "it. It works for 10 minutes.")),
                            shown);
  else
    lead = ld_web_fill (TR (N_("If %s can receive e-mail, we have sent a six-digit code to it. It "
                               "works for 10 minutes.")),
                            shown);
  ld_html_element (html, "p", lead, NULL);
  ld_html_open (html, "form", "method", "post", "action", "/my/code", "novalidate", "", NULL);
  ld_html_void (html, "input", "type", "hidden", "name", "email", "value", address, NULL);
  ld_web_page_input (page, "code", TR (N_("Code")), TR (N_("Six digits, such as 123456")),
                     "text", NULL, "one-time-code");
  ld_web_page_button (page, TR (N_("Sign in")));
  ld_html_close (html, "form");
  ld_html_open (html, "p", NULL);
  ld_html_element (html, "a", TR (N_("Use another address or send a new code")), "href",
                   "/my/", NULL);
  ld_html_close (html, "p");
  ld_web_page_finish (page, status);
}

void ld_web_show_orders (LdWebPage *page);

/* GET /my/ */
static gboolean
get_start (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);

  if (ld_web_page_signed_in (page))
    ld_web_show_orders (page);
  else
    show_email_form (page, NULL, SOUP_STATUS_OK);
  return TRUE;
}

static void
refuse_busy (LdWebPage *page,
             gint64     retry_after_s)
{
  g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after_s);

  soup_message_headers_replace (soup_server_message_get_response_headers (page->req->msg),
                                "Retry-After", seconds);
  ld_web_page_message (page, LD_WEB_STATUS_TOO_MANY_REQUESTS, TR (N_("Please wait")),
                       TR (N_("Too many codes were asked for. Wait a few minutes, then try "
                              "again.")));
}

/* POST /my/sign-in: email (an e-mail address, or a mobile number where codes go by SMS) */
static gboolean
post_sign_in (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autofree char *address = NULL;
  gint64 retry_after = 0;

  if (!ld_web_page_read_form (page, FALSE))
    return TRUE;
  address = read_address (page);
  if (address == NULL)
    {
      show_email_form (page, ld_web_page_field (page, "email"), SOUP_STATUS_UNPROCESSABLE_ENTITY);
      return TRUE;
    }
  if (!ld_rate_limit_take_in (get_client_limit (), req->store, "web-code", req->client,
                              &retry_after) ||
      !ld_rate_limit_take_in (get_address_limit (), req->store, "web-code-address", address,
                              &retry_after))
    {
      refuse_busy (page, retry_after);
      return TRUE;
    }

  ctx = ld_web_service_context (req);
  if (!ld_service_web_send_code (ctx, address, page->lang, code_in_log, error))
    return FALSE;
  show_code_form (page, address, SOUP_STATUS_OK);
  return TRUE;
}

/* POST /my/code: email (the address the code went to), code */
static gboolean
post_code (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autofree char *address = NULL;
  g_autofree char *token = NULL;
  const char *code;
  LdWebSignIn result;

  if (!ld_web_page_read_form (page, FALSE))
    return TRUE;
  address = read_address (page);
  code = ld_web_page_field (page, "code");
  if (address == NULL)
    {
      show_email_form (page, NULL, SOUP_STATUS_UNPROCESSABLE_ENTITY);
      return TRUE;
    }
  if (code == NULL || strlen (g_strstrip ((char *) code)) != 6 ||
      strspn (code, "0123456789") != 6)
    {
      ld_web_page_add_error (page, "code", TR (N_("Enter the six digits of the code")));
      show_code_form (page, address, SOUP_STATUS_UNPROCESSABLE_ENTITY);
      return TRUE;
    }

  ctx = ld_web_service_context (req);
  if (!ld_service_web_check_code (ctx, address, code, &result, &token, error))
    return FALSE;
  switch (result)
    {
    case LD_WEB_SIGN_IN_OK:
      ld_web_page_set_cookie (page, LD_WEB_SESSION_COOKIE, token, -1, TRUE);
      ld_web_page_redirect (page, "/my/");
      return TRUE;
    case LD_WEB_SIGN_IN_COOLING:
      ld_web_page_message (page, LD_WEB_STATUS_TOO_MANY_REQUESTS,
                           TR (
                             N_("Please wait")),
                             TR (N_("The code was typed wrongly too many times. Wait 15 minutes, "
                                  "then ask for a new code.")));
      return TRUE;
    case LD_WEB_SIGN_IN_EXPIRED:
      ld_web_page_add_error (page, "code", TR (N_("This code has expired. Ask for a new one.")));
      break;
    case LD_WEB_SIGN_IN_WRONG:
    default:
      if (ld_web_address_is_phone (address))
        ld_web_page_add_error (page, "code",
                               TR (N_("The code is not right, or has been used. Check the text "
                                      "message and try again.")));
      else
        ld_web_page_add_error (page, "code",
                               TR (N_("The code is not right, or has been used. Check the "
                                      "e-mail and try again.")));
      break;
    }
  show_code_form (page, address, SOUP_STATUS_UNPROCESSABLE_ENTITY);
  return TRUE;
}

static gboolean
sign_out (LdHttpRequest  *req,
          gboolean        everywhere,
          GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdServiceContext) ctx = NULL;

  if (!ld_web_page_require_session (page) || !ld_web_page_read_form (page, TRUE))
    return TRUE;

  ctx = ld_web_service_context (req);
  if (!ld_service_web_sign_out (ctx, page->token_hash, page->session.account_id, everywhere, error))
    return FALSE;
  ld_web_page_set_cookie (page, LD_WEB_SESSION_COOKIE, NULL, 0, TRUE);
  ld_web_page_redirect (page, "/my/");
  return TRUE;
}

/* POST /my/sign-out: csrf */
static gboolean
post_sign_out (LdHttpRequest  *req,
               GError        **error)
{
  return sign_out (req, FALSE, error);
}

/* POST /my/sign-out-everywhere: csrf */
static gboolean
post_sign_out_everywhere (LdHttpRequest  *req,
                          GError        **error)
{
  return sign_out (req, TRUE, error);
}

/* GET /my/lang?to=hi&back=/my/…: the choice, kept a year. */
static gboolean
get_language (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  const char *to = ld_http_request_get_query (req, "to");
  const char *back = ld_http_request_get_query (req, "back");

  if (ld_web_language_is_known (to))
    ld_web_page_set_cookie (page, LD_WEB_LANGUAGE_COOKIE, to, 365 * 24 * 3600, FALSE);
  /* Only back to a page of this site: never an open redirect. */
  if (back == NULL || !g_str_has_prefix (back, "/my/") || strstr (back, "//") != NULL ||
      strchr (back, '\\') != NULL)
    back = "/my/";
  ld_web_page_redirect (page, back);
  return TRUE;
}

/* GET /my/style.css: the one stylesheet, from the resources. */
static gboolean
get_style (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(GBytes) css = g_resources_lookup_data ("/org/labdesk/Labdesk/server/web/style.css",
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);

  if (css == NULL)
    return FALSE;
  ld_web_page_set_headers (page, FALSE);
  ld_http_respond_text (req, SOUP_STATUS_OK, "text/css; charset=utf-8",
                        g_strndup (g_bytes_get_data (css, NULL), g_bytes_get_size (css)));
  return TRUE;
}

void
ld_web_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/my/", get_start);
  ld_router_add (router, "POST", "/my/sign-in", post_sign_in);
  ld_router_add (router, "POST", "/my/code", post_code);
  ld_router_add (router, "POST", "/my/sign-out", post_sign_out);
  ld_router_add (router, "POST", "/my/sign-out-everywhere", post_sign_out_everywhere);
  ld_router_add (router, "GET", "/my/lang", get_language);
  ld_router_add (router, "GET", "/my/style.css", get_style);
  ld_web_orders_register (router);
  ld_web_link_register (router);
  ld_web_register_register (router);
  ld_web_book_register (router);
  ld_web_pay_register (router);
}

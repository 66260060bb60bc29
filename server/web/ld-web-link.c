/* ld-web-link.c: the page where a patient types the desk's code (/my/link)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The code joins a patient record to the account, as the patient's own or
 * a family member's (server/service/ld-service-web-link.c); an account may
 * try a few an hour.
 */

#define G_LOG_DOMAIN "ld-web"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-web.h"
#include "ld-web-page.h"
#include "ld-time.h"
#include "../service/ld-rate-limit.h"
#include "../service/ld-service-web-link.h"

#define LINK_TRIES_PER_HOUR   10

LdServiceContext *ld_web_service_context (LdHttpRequest *req);

static LdRateLimit *
get_account_limit (void)
{
  static LdRateLimit *limit;

  if (g_once_init_enter (&limit))
    g_once_init_leave (&limit, ld_rate_limit_new (LINK_TRIES_PER_HOUR, G_TIME_SPAN_HOUR));
  return limit;
}

static void
show_link_form (LdWebPage *page,
                guint      status)
{
  LdHtml *html;
  const char *relation = ld_web_page_field (page, "relation");

  ld_web_page_begin (page, TR (N_("Add a patient record")));
  html = page->html;
  ld_html_element (html, "p", TR (N_("The lab's desk gives you a code for each patient record: "
                                     "yours, or a family member's.")), NULL);
  ld_html_open (html, "form", "method", "post", "action", "/my/link", "novalidate", "", NULL);
  ld_web_page_csrf_field (page);
  ld_web_page_input (page, "code", TR (N_("Code from the lab")),
                     TR (N_("Ten letters and digits, such as K7QM-3XPD-W2")), "text",
                     ld_web_page_field (page, "code"), "off");
  ld_html_open (html, "fieldset", NULL);
  ld_html_element (html, "legend", TR (N_("Whose record is it?")), NULL);
  ld_html_open (html, "div", "class", "radio", NULL);
  ld_html_void (html, "input", "type", "radio", "id", "relation-self", "name", "relation",
                "value", "self", "checked", g_strcmp0 (relation, "family") != 0 ? "" : NULL,
                NULL);
  ld_html_element (html, "label", TR (N_("Mine")), "for", "relation-self", NULL);
  ld_html_close (html, "div");
  ld_html_open (html, "div", "class", "radio", NULL);
  ld_html_void (html, "input", "type", "radio", "id", "relation-family", "name", "relation",
                "value", "family", "checked", g_strcmp0 (relation, "family") == 0 ? "" : NULL,
                NULL);
  ld_html_element (html, "label", TR (N_("A family member's")), "for", "relation-family", NULL);
  ld_html_close (html, "div");
  ld_html_close (html, "fieldset");
  ld_web_page_button (page, TR (N_("Add the record")));
  ld_html_close (html, "form");
  ld_web_page_finish (page, status);
}

/* GET /my/link */
static gboolean
get_link (LdHttpRequest  *req,
          GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);

  if (ld_web_page_require_session (page))
    show_link_form (page, SOUP_STATUS_OK);
  return TRUE;
}

/* POST /my/link: csrf, code, relation */
static gboolean
post_link (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autofree char *code = NULL;
  const char *relation;
  gint64 retry_after = 0;
  gboolean linked = FALSE;

  if (!ld_web_page_require_session (page) || !ld_web_page_read_form (page, TRUE))
    return TRUE;
  relation = ld_web_page_field (page, "relation");
  if (g_strcmp0 (relation, "self") != 0 && g_strcmp0 (relation, "family") != 0)
    ld_web_page_add_error (page, "relation-self", TR (N_("Choose whose record it is")));
  code = ld_service_web_link_code_normalize (ld_web_page_field (page, "code"));
  if (code == NULL)
    ld_web_page_add_error (page, "code",
                           TR (N_("Enter the code from the lab: ten letters and digits")));
  if (page->errors->len > 0)
    {
      show_link_form (page, SOUP_STATUS_UNPROCESSABLE_ENTITY);
      return TRUE;
    }
  if (!ld_rate_limit_take_in (get_account_limit (), req->store, "web-link",
                              page->session.account_id, &retry_after))
    {
      ld_web_page_message (page, LD_WEB_STATUS_TOO_MANY_REQUESTS,
                           TR (
                             N_("Please wait")),
                             TR (N_("Too many codes were tried. Wait an hour, then try again.")));
      return TRUE;
    }

  ctx = ld_web_service_context (req);
  if (!ld_service_web_link_patient (ctx, page->session.account_id, code, relation, &linked,
                                    error))
    return FALSE;
  if (!linked)
    {
      ld_web_page_add_error (page, "code",
                             TR (N_("This code is not right, has been used, or has expired. "
                                    "Check it, or ask the desk for a new one.")));
      show_link_form (page, SOUP_STATUS_UNPROCESSABLE_ENTITY);
      return TRUE;
    }
  ld_web_page_redirect (page, "/my/");
  return TRUE;
}

void
ld_web_link_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/my/link", get_link);
  ld_router_add (router, "POST", "/my/link", post_link);
}

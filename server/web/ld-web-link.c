/* ld-web-link.c: a patient record joins an account by a code from the desk
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk issues a one-time code for a patient (POST
 * /api/v1/patients/{id}/web-link-code, audited), printed or read out to
 * the patient; typed at /my/link, it joins that record to the account, as
 * the patient's own or a family member's. A record joins an account only
 * by such a proof the lab controls. Codes are kept only as hashes, last
 * 14 days and work once; an account may try a few an hour.
 */

#define G_LOG_DOMAIN "ld-web"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ld-web.h"
#include "ld-web-page.h"
#include "ld-time.h"
#include "../service/ld-rate-limit.h"
#include "../service/ld-service-patients.h"

#define LINK_CODE_LIFETIME_US (14 * G_TIME_SPAN_DAY)
#define LINK_TRIES_PER_HOUR   10
/* No 0/O, 1/I/L: read out over a counter, they are confused. */
#define LINK_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define LINK_SYMBOLS  10

LdServiceContext *ld_web_service_context (LdHttpRequest *req);

static LdRateLimit *
get_account_limit (void)
{
  static LdRateLimit *limit;

  if (g_once_init_enter (&limit))
    g_once_init_leave (&limit, ld_rate_limit_new (LINK_TRIES_PER_HOUR, G_TIME_SPAN_HOUR));
  return limit;
}

/* "k7qm 3xpd-w2" as typed becomes "K7QM3XPDW2"; NULL if it cannot be a code. */
static char *
normalize_link_code (const char *text)
{
  g_autoptr(GString) code = g_string_new (NULL);

  if (text == NULL)
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-')
        continue;
      if (strchr (LINK_ALPHABET, c) == NULL || c == '\0')
        return NULL;
      g_string_append_c (code, c);
    }
  if (code->len != LINK_SYMBOLS)
    return NULL;
  return g_string_free (g_steal_pointer (&code), FALSE);
}

static char *
hash_link_code (const char *code)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, code, -1);
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

typedef struct
{
  const char *code_hash;
  const char *account_id;
  const char *relation;
  gboolean    linked;
} Link;

static gboolean
link_patient (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  Link *link = data;
  g_autoptr(GError) local = NULL;
  gint64 now_us = ld_time_now ();
  g_autofree char *patient_id =
    ld_store_web_link_code_take (ctx->store, link->code_hash, link->account_id, now_us, &local);

  link->linked = FALSE;
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (patient_id == NULL)
    return ld_service_audit (ctx, "web.link.refuse", "web_account", link->account_id, NULL,
                             error);
  link->linked = TRUE;
  return ld_store_web_link (ctx->store, link->account_id, patient_id, link->relation,
                            "desk-code", now_us, error) &&
         ld_service_audit (ctx, "web.link", "patient", patient_id, link->account_id, error);
}

/* POST /my/link: csrf, code, relation */
static gboolean
post_link (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autofree char *code = NULL;
  g_autofree char *hash = NULL;
  const char *relation;
  gint64 retry_after = 0;
  Link link = { NULL };

  if (!ld_web_page_require_session (page) || !ld_web_page_read_form (page, TRUE))
    return TRUE;
  relation = ld_web_page_field (page, "relation");
  if (g_strcmp0 (relation, "self") != 0 && g_strcmp0 (relation, "family") != 0)
    ld_web_page_add_error (page, "relation-self", TR (N_("Choose whose record it is")));
  code = normalize_link_code (ld_web_page_field (page, "code"));
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

  hash = hash_link_code (code);
  link.code_hash = hash;
  link.account_id = page->session.account_id;
  link.relation = relation;
  ctx = ld_web_service_context (req);
  if (!ld_service_run (ctx, link_patient, &link, error))
    return FALSE;
  if (!link.linked)
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

typedef struct
{
  const char *patient_id;
  char       *code;
  gint64      expires_us;
} IssueCode;

static gboolean
issue_code (LdServiceContext  *ctx,
            gpointer           data,
            GError           **error)
{
  IssueCode *issue = data;
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(GString) code = g_string_new (NULL);
  g_autofree char *hash = NULL;
  gint64 now_us = ld_time_now ();

  patient = ld_store_patients_get (ctx->store, issue->patient_id, error);
  if (patient == NULL)
    return FALSE;
  for (guint i = 0; i < LINK_SYMBOLS; i++)
    g_string_append_c (code, LINK_ALPHABET[randombytes_uniform (sizeof LINK_ALPHABET - 1)]);
  hash = hash_link_code (code->str);
  issue->expires_us = now_us + LINK_CODE_LIFETIME_US;
  if (!ld_store_web_link_code_insert (ctx->store, hash, issue->patient_id,
                                      ld_user_get_id (ctx->actor), now_us, issue->expires_us,
                                      error) ||
      !ld_service_audit (ctx, "patient.web-link-code", "patient", issue->patient_id, NULL,
                         error))
    return FALSE;

  g_free (issue->code);
  /* Shown in groups, as on the receipt: K7QM-3XPD-W2. */
  g_string_insert_c (code, 8, '-');
  g_string_insert_c (code, 4, '-');
  issue->code = g_string_free (g_steal_pointer (&code), FALSE);
  return TRUE;
}

/* POST /api/v1/patients/{id}/web-link-code (the desk) */
static gboolean
post_link_code (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *expires = NULL;
  IssueCode issue = { ld_http_request_get_param (req, "id"), NULL, 0 };

  if (!ld_http_request_read_empty (req, error))
    return FALSE;
  if (!g_uuid_string_is_valid (issue.patient_id))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                           "There is no patient with this id.");
      return FALSE;
    }
  if (!ld_service_run (ld_http_request_get_service (req), issue_code, &issue, error))
    {
      g_free (issue.code);
      return FALSE;
    }

  expires = ld_time_format_rfc3339 (issue.expires_us);
  req->answer_is_secret = TRUE;
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "code", issue.code);
  ld_json_builder_add_string (builder, "expires_at", expires);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_CREATED, builder);
  g_free (issue.code);
  return TRUE;
}

void
ld_web_link_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/my/link", get_link);
  ld_router_add (router, "POST", "/my/link", post_link);
  ld_router_add (router, "POST", "/api/v1/patients/{id}/web-link-code", post_link_code);
}

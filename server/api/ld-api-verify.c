/* ld-api-verify.c: is this report genuine? Asked by whoever holds it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /verify/{code} is what a report's QR code opens: on a phone, a
 * small page; for a program that sends Accept: application/json, JSON.
 * It needs no sign-in and tells nothing of the patient beyond initials.
 * It writes nothing, not even an audit event, so the public cannot make
 * the server write; a client may ask a few dozen times a minute.
 */

#define G_LOG_DOMAIN "ld-api-verify"

#include "config.h"

#include "ld-api.h"
#include "ld-report-format.h"
#include "ld-time.h"
#include "../domain/ld-report-code.h"
#include "../service/ld-rate-limit.h"
#include "../store/ld-store-results.h"

/* Codes cannot be guessed (2^59 of them); the limit only bounds the work
 * one client can cause, counted across every server process that shares
 * the database (ld_rate_limit_take_in()). */
#define LOOKUPS_PER_MINUTE 30

typedef struct
{
  const char *title;
  const char *lead;
  GPtrArray  *rows;
  const char *note;
} Page;

static LdRateLimit *
get_limit (void)
{
  static LdRateLimit *limit;

  if (g_once_init_enter (&limit))
    g_once_init_leave (&limit, ld_rate_limit_new (LOOKUPS_PER_MINUTE, 60 * G_USEC_PER_SEC));
  return limit;
}

static gboolean
wants_json (LdHttpRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *accept = soup_message_headers_get_one (headers, "Accept");

  return accept != NULL && strstr (accept, "application/json") != NULL;
}

/* "k7qm 3xpd w2hc" and "K7QM3XPDW2HC", as people type a code, become
 * "K7QM-3XPD-W2HC"; anything else is returned as it was. */
static char *
normalize_code (const char *text)
{
  g_autoptr(GString) symbols = g_string_new (NULL);
  GString *code;

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '-' && *p != ' ')
      g_string_append_c (symbols, g_ascii_toupper (*p));
  if (symbols->len != 12)
    return g_strdup (text);

  code = g_string_new (NULL);
  for (guint i = 0; i < symbols->len; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, symbols->str[i]);
    }
  return g_string_free (code, FALSE);
}

static void
add_row (GPtrArray  *rows,
         const char *label,
         const char *value)
{
  g_ptr_array_add (rows, g_markup_printf_escaped ("<tr><th>%s</th><td>%s</td></tr>", label,
                                                  value != NULL ? value : "\u2014"));
}

static void
respond_html (LdHttpRequest *req,
              guint          status,
              const Page    *page)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *head = NULL;

  head = g_markup_printf_escaped (
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<meta name=\"robots\" content=\"noindex\"><title>%s</title>"
    "<style>body{font-family:sans-serif;margin:1.5em auto;max-width:34em;padding:0 1em;"
    "line-height:1.45}th{text-align:left;padding-right:1em;font-weight:normal;color:#555}"
    "td{font-weight:bold}.note{border-left:4px solid #444;padding:.3em .8em}</style>"
    "</head><body><h1>%s</h1><p>%s</p>",
    page->title, page->title, page->lead);
  g_string_append (html, head);
  if (page->rows != NULL && page->rows->len > 0)
    {
      g_string_append (html, "<table>");
      for (guint i = 0; i < page->rows->len; i++)
        g_string_append (html, g_ptr_array_index (page->rows, i));
      g_string_append (html, "</table>");
    }
  if (page->note != NULL)
    {
      g_autofree char *note = g_markup_printf_escaped ("<p class=\"note\">%s</p>", page->note);

      g_string_append (html, note);
    }
  g_string_append (html, "</body></html>\n");

  /* Nothing on the page runs or loads; say so to the browser. */
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  ld_http_respond_text (req, status, "text/html; charset=utf-8",
                        g_string_free (g_steal_pointer (&html), FALSE));
}

/* A refusal (taken): the error shape for a program, a page for a person. */
static gboolean
refuse (LdHttpRequest  *req,
        GError         *refusal,
        const char     *title,
        GError        **error)
{
  Page       page = { title, refusal->message, NULL, NULL };
  LdApiError code =
    refusal->domain == LD_API_ERROR ? (LdApiError) refusal->code : LD_API_ERROR_INTERNAL;

  if (wants_json (req) || refusal->domain != LD_API_ERROR)
    {
      g_propagate_error (error, refusal);
      return FALSE;
    }

  respond_html (req, ld_api_error_to_status (code), &page);
  g_error_free (refusal);
  return TRUE;
}

static void
respond_genuine (LdHttpRequest       *req,
                 const LdReportCheck *check,
                 const char          *lab_name)
{
  const LdReportVersion *report = check->report;
  gboolean superseded = check->latest_version > report->version;

  if (wants_json (req))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      ld_json_builder_add_bool (builder, "genuine", TRUE);
      ld_json_builder_add_string (builder, "code", report->verification_code);
      ld_json_builder_add_string (builder, "lab_name", lab_name);
      ld_json_builder_add_string (builder, "order_number", check->order_number);
      ld_json_builder_add_int (builder, "version", report->version);
      ld_json_builder_add_bool (builder, "corrected", report->corrected);
      ld_json_builder_add_string (builder, "released_at", report->released_at);
      ld_json_builder_add_bool (builder, "superseded", superseded);
      ld_json_builder_add_int (builder, "latest_version", check->latest_version);
      ld_json_builder_add_string (builder, "patient_initials", check->patient_initials);
      ld_json_builder_add_string (builder, "pdf_sha256", report->pdf_sha256);
      json_builder_end_object (builder);
      ld_http_respond_json (req, SOUP_STATUS_OK, builder);
      return;
    }

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *released = NULL;
    g_autofree char *version = NULL;
    g_autofree char *note = NULL;
    gint64 released_us = 0;
    Page page = { "Genuine report", NULL, rows, NULL };

    ld_time_parse_rfc3339 (report->released_at, &released_us);
    released = ld_report_format_time (released_us, NULL);
    version = report->corrected
                ? g_strdup_printf ("%" G_GINT64_FORMAT " (corrected report)", report->version)
                : g_strdup_printf ("%" G_GINT64_FORMAT, report->version);
    page.lead = "This report was issued by the laboratory below. Check that what the paper "
                "shows matches these details.";
    add_row (rows, "Laboratory", lab_name);
    add_row (rows, "Order", check->order_number);
    add_row (rows, "Report version", version);
    add_row (rows, "Released", released);
    add_row (rows, "Patient's initials", check->patient_initials);
    if (superseded)
      note = g_strdup_printf ("Superseded: version %" G_GINT64_FORMAT ", a corrected report, "
                              "replaces this one. Ask the laboratory for it.",
                              check->latest_version);
    else
      note = g_strdup ("This is the latest version of the report.");
    page.note = note;
    respond_html (req, SOUP_STATUS_OK, &page);
  }
}

/* GET /verify/{code} */
static gboolean
verify_report (LdHttpRequest  *req,
               GError        **error)
{
  static const char * const known[] = { NULL };
  g_autofree char *code = normalize_code (ld_http_request_get_param (req, "code"));
  g_autoptr(LdReportCheck) check = NULL;
  g_autoptr(GError) local = NULL;
  const LdSettings *settings;
  gint64 retry_after = 0;

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Vary", "Accept");
  if (!ld_rate_limit_take_in (get_limit (), req->store, "verify", req->client, &retry_after))
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after);

      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Retry-After", seconds);
      return refuse (
        req,
        g_error_new (LD_API_ERROR, LD_API_ERROR_RATE_LIMITED,
                     "Too many checks from this address; try again in %" G_GINT64_FORMAT
                     " seconds.",
                     retry_after),
        "Please wait", error);
    }

  if (!ld_http_query_check_known (req, known, &local))
    return refuse (req, g_steal_pointer (&local), "Not a report address", error);

  if (!ld_report_code_is_valid (code))
    return refuse (req, g_error_new_literal (LD_API_ERROR, LD_API_ERROR_BAD_REQUEST,
                                             "This is not a report verification code. A code has "
                                             "twelve letters and digits, such as K7QM-3XPD-W2HC."),
                   "Not a report code", error);

  check = ld_store_reports_check_code (req->store, code, &local);
  if (check == NULL && g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND))
    return refuse (req, g_error_new_literal (LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                                             "No report has this code. Check it against the paper; "
                                             "if it is right, the report may not be genuine: ask "
                                             "the laboratory."),
                   "Report not found", error);
  if (check == NULL || (settings = ld_http_request_get_settings (req, &local)) == NULL)
    return refuse (req, g_steal_pointer (&local), "Please try again later", error);

  respond_genuine (req, check, settings->lab_name);
  return TRUE;
}

void
ld_api_verify_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/verify/{code}", verify_report);
}

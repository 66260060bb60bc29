/* ld-web-orders.c: the account's orders, each with its timeline and papers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An account reaches an order only through the patients linked to it:
 * every page and PDF checks, on every request, that the order's patient is
 * one of the account's, and answers any other id as if it did not exist.
 * The report is the released report's kept PDF, read through the same
 * documents service as the desk's (never a report not yet released); a
 * corrected report is the latest version, and the page says so.
 */

#define G_LOG_DOMAIN "ld-web"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-web.h"
#include "ld-web-page.h"
#include "../notify/ld-notify-templates.h"
#include "ld-report-version.h"
#include "ld-states.h"
#include "ld-time.h"
#include "../service/ld-service-documents.h"
#include "../store/ld-store-orders.h"
#include "../store/ld-store-results.h"

#define MAX_ORDERS 50

LdServiceContext *ld_web_service_context (LdHttpRequest *req);

/**
 * ld_web_get_own_order:
 * @page: a signed-in page
 * @order_id: (nullable): an id from the address
 *
 * Returns: (transfer full) (nullable): the order, if it is one of the
 *   account's patients'; else %NULL
 */
LdOrder *
ld_web_get_own_order (LdWebPage  *page,
                      const char *order_id)
{
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(LdOrder) order = NULL;

  if (order_id == NULL || !g_uuid_string_is_valid (order_id))
    return NULL;
  patients = ld_store_web_account_patients (page->req->store, page->session.account_id, NULL);
  order = ld_store_orders_get (page->req->store, order_id, NULL);
  if (patients == NULL || order == NULL ||
      !g_ptr_array_find_with_equal_func (patients, order->patient_id, g_str_equal, NULL))
    return NULL;
  return g_steal_pointer (&order);
}

static void
refuse_not_found (LdWebPage *page)
{
  ld_web_page_message (page, SOUP_STATUS_NOT_FOUND, TR (N_("Page not found")),
                       TR (N_("There is no such order among yours.")));
}

static const char *
state_text (LdWebPage     *page,
            const LdOrder *order)
{
  switch (ld_lab_state_parse (order->lab_state))
    {
    case LD_LAB_STATE_CANCELLED:
      return TR (N_("Cancelled"));
    case LD_LAB_STATE_EXPIRED:
      return TR (N_("Expired: not paid in time"));
    case LD_LAB_STATE_REPORTED:
      return TR (N_("Report ready"));
    case LD_LAB_STATE_ORDERED:
      return ld_payment_state_parse (order->payment_state) == LD_PAYMENT_STATE_PENDING
        ? TR (N_("Booked: waiting for payment"))
        : TR (N_("Booked"));
    default:
      return TR (N_("In the lab"));
    }
}

static char *
format_date (const char *rfc3339)
{
  gint64 us = 0;
  g_autoptr(GDateTime) local = NULL;

  if (rfc3339 == NULL || !ld_time_parse_rfc3339 (rfc3339, &us))
    return g_strdup ("");
  local = ld_time_local_from_unix (us / G_USEC_PER_SEC);
  return g_date_time_format (local, "%d-%m-%Y %H:%M");
}

static char *
join_items (const LdOrder *order)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, item->name != NULL ? item->name : item->code);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/**
 * ld_web_show_orders:
 * @page: a signed-in page
 *
 * The start page of a signed-in account: its orders, newest first.
 */
void ld_web_show_orders (LdWebPage *page);

void
ld_web_show_orders (LdWebPage *page)
{
  LdStore *store = page->req->store;
  g_autoptr(GPtrArray) patients =
               ld_store_web_account_patients (store, page->session.account_id, NULL);
  g_autoptr(GPtrArray) ids =
               ld_store_web_account_order_ids (store, page->session.account_id, MAX_ORDERS, NULL);
  LdHtml *html;

  ld_web_page_begin (page, TR (N_("Your orders")));
  html = page->html;
  ld_html_open (html, "p", "class", "actions", NULL);
  if (patients != NULL && patients->len > 0)
    ld_html_element (html, "a", TR (N_("Book tests")), "href", "/my/book", "class", "button",
                     NULL);
  ld_html_element (html, "a", TR (N_("Add a patient record with a code from the lab")), "href",
                   "/my/link", "class", "button secondary", NULL);
  ld_html_element (html, "a", TR (N_("Register a patient new to the lab")), "href",
                   "/my/register", "class", "button secondary", NULL);
  ld_html_close (html, "p");

  if (patients == NULL || patients->len == 0)
    ld_html_element (html, "p", TR (N_("No patient record is linked to this address yet. Ask "
                                       "the lab's desk for a link code, then add it here; or, "
                                       "if the lab has never seen the patient, register them.")),
                         NULL);
  else if (ids == NULL || ids->len == 0)
    ld_html_element (html, "p", TR (N_("You have no orders yet.")), NULL);
  else
    {
      ld_html_open (html, "ul", "class", "orders", NULL);
      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(LdOrder) order = ld_store_orders_get (store, ids->pdata[i], NULL);
          g_autofree char *href = NULL;
          g_autofree char *when = NULL;
          g_autofree char *items = NULL;
          g_autofree char *amount = NULL;

          if (order == NULL)
            continue;
          href = g_strdup_printf ("/my/orders/%s", order->id);
          when = format_date (order->created_at);
          items = join_items (order);
          amount = ld_notify_format_amount (order->total_paise);
          ld_html_open (html, "li", "class", "card", NULL);
          ld_html_open (html, "a", "href", href, NULL);
          ld_html_element (html, "strong", order->number, NULL);
          ld_html_close (html, "a");
          ld_html_element (html, "p", order->patient_name, NULL);
          ld_html_element (html, "p", items, NULL);
          ld_html_element (html, "p", when, "class", "hint", NULL);
          ld_html_element (html, "p", amount, NULL);
          ld_html_element (html, "p", state_text (page, order), "class", "tag", NULL);
          ld_html_close (html, "li");
        }
      ld_html_close (html, "ul");
    }
  ld_web_page_finish (page, SOUP_STATUS_OK);
}

static void
add_step (LdWebPage  *page,
          const char *label,
          gboolean    done)
{
  ld_html_open (page->html, "li", "class", done ? "done" : "todo", NULL);
  ld_html_element (page->html, "span", done ? TR (N_("Done:")) : TR (N_("Not yet:")), "class",
                   "visually-hidden", NULL);
  ld_html_text (page->html, label);
  ld_html_close (page->html, "li");
}

/* How far along @state is: ordered 0, collected 1, in the lab 2, reported 3;
 * -1 off the way (cancelled, expired). */
static int
lab_progress (const char *state)
{
  switch (ld_lab_state_parse (state))
    {
    case LD_LAB_STATE_ORDERED:
      return 0;
    case LD_LAB_STATE_COLLECTED:
      return 1;
    case LD_LAB_STATE_IN_PROCESS:
    case LD_LAB_STATE_RESULTED:
    case LD_LAB_STATE_VERIFIED:
      return 2;
    case LD_LAB_STATE_REPORTED:
      return 3;
    default:
      return -1;
    }
}

/* GET /my/orders/{id} */
static gboolean
get_order (LdHttpRequest  *req,
           GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autofree char *title = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *report = NULL;
  int progress;
  gboolean paid;
  LdHtml *html;

  if (!ld_web_page_require_session (page))
    return TRUE;
  if ((order = ld_web_get_own_order (page, ld_http_request_get_param (req, "id"))) == NULL)
    {
      refuse_not_found (page);
      return TRUE;
    }
  reports = ld_store_reports_for_order (req->store, order->id, NULL);
  progress = lab_progress (order->lab_state);
  paid = ld_payment_state_parse (order->payment_state) == LD_PAYMENT_STATE_PAID ||
         order->paid_paise >= order->total_paise;

  title = ld_web_fill (TR (N_("Order %s")), order->number);
  ld_web_page_begin (page, title);
  html = page->html;
  ld_html_element (html, "p", order->patient_name, NULL);
  ld_html_element (html, "p", state_text (page, order), "class", "tag", NULL);

  ld_html_element (html, "h2", TR (N_("Progress")), NULL);
  ld_html_open (html, "ol", "class", "timeline", NULL);
  add_step (page, TR (N_("Booked")), TRUE);
  add_step (page, TR (N_("Paid")), paid);
  if (order->home_address != NULL)
    add_step (page, TR (N_("Home visit booked")), TRUE);
  add_step (page, TR (N_("Sample collected")), progress >= 1);
  add_step (page, TR (N_("In the lab")), progress >= 2);
  add_step (page, TR (N_("Report ready")), reports != NULL && reports->len > 0);
  ld_html_close (html, "ol");

  ld_html_element (html, "h2", TR (N_("Tests")), NULL);
  ld_html_open (html, "ul", NULL);
  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    {
      const LdOrderItem *item = g_ptr_array_index (order->items, i);

      ld_html_element (html, "li", item->name != NULL ? item->name : item->code, NULL);
    }
  ld_html_close (html, "ul");
  amount = ld_notify_format_amount (order->total_paise);
  ld_html_open (html, "p", NULL);
  ld_html_text (html, TR (N_("Total:")));
  ld_html_text (html, " ");
  ld_html_element (html, "strong", amount, NULL);
  ld_html_close (html, "p");

  ld_web_pay_add_choices (page, order);

  ld_html_element (html, "h2", TR (N_("Papers")), NULL);
  ld_html_open (html, "ul", "class", "papers", NULL);
  receipt = g_strdup_printf ("/my/orders/%s/receipt.pdf", order->id);
  ld_html_open (html, "li", NULL);
  ld_html_element (html, "a", TR (N_("Receipt (PDF)")), "href", receipt, NULL);
  ld_html_close (html, "li");
  if (reports != NULL && reports->len > 0)
    {
      const LdReportVersion *latest = g_ptr_array_index (reports, reports->len - 1);

      report = g_strdup_printf ("/my/orders/%s/report.pdf", order->id);
      ld_html_open (html, "li", NULL);
      ld_html_element (html, "a", TR (N_("Report (PDF)")), "href", report, NULL);
      if (latest->version > 1)
        ld_html_element (html, "p", TR (N_("This report was amended: this is the latest "
                                           "version.")), "class", "hint", NULL);
      ld_html_close (html, "li");
    }
  else
    ld_html_element (html, "li", TR (N_("The report is not ready yet.")), NULL);
  ld_html_close (html, "ul");
  ld_html_open (html, "p", NULL);
  ld_html_element (html, "a", TR (N_("Back to your orders")), "href", "/my/", NULL);
  ld_html_close (html, "p");
  ld_web_page_finish (page, SOUP_STATUS_OK);
  return TRUE;
}

static gboolean
send_document (LdHttpRequest  *req,
               LdDocumentKind  kind,
               const char     *staff_route,
               GError        **error)
{
  g_autoptr(LdWebPage) page = ld_web_page_new (req);
  g_autoptr(LdOrder) own = NULL;
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(LdReportVersion) report = NULL;
  g_autoptr(LdServiceContext) ctx = NULL;
  g_autoptr(LdUser) actor = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *disposition = NULL;
  LdDocumentAsk ask = { kind, 0 };
  SoupMessageHeaders *headers;

  if (!ld_web_page_require_session (page))
    return TRUE;
  if ((own = ld_web_get_own_order (page, ld_http_request_get_param (req, "id"))) == NULL)
    {
      refuse_not_found (page);
      return TRUE;
    }

  /* The desk's documents service, as "patient (web)": ownership was checked above. */
  if (!ld_store_web_ensure_actor (req->store, error))
    return FALSE;
  actor = ld_user_new (LD_STORE_WEB_ACTOR_ID, LD_STORE_WEB_ACTOR_NAME, LD_STORE_WEB_ACTOR_NAME,
                       LD_ROLE_RECEPTION);
  ctx = ld_web_service_context (req);
  ld_service_context_set_actor (ctx, actor);
  pdf = ld_service_read_document (ctx, ld_permissions_lookup ("GET", staff_route), own->id, &ask,
                                  &order, kind == LD_DOCUMENT_REPORT ? &report : NULL, &local);
  /* No report released yet: the documents service says not found or conflict. */
  if (pdf == NULL && (g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND) ||
                      g_error_matches (local, LD_API_ERROR, LD_API_ERROR_NOT_FOUND) ||
                      g_error_matches (local, LD_API_ERROR, LD_API_ERROR_CONFLICT)))
    {
      ld_web_page_message (page, SOUP_STATUS_NOT_FOUND, TR (N_("Not ready yet")),
                           TR (N_("The report is not ready yet. We will e-mail you when it "
                                  "is.")));
      return TRUE;
    }
  if (pdf == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  file_name = ld_documents_file_name (order, kind == LD_DOCUMENT_REPORT ? "report" : "receipt",
                                      report != NULL ? report->version : 0);
  disposition = g_strdup_printf ("attachment; filename=\"%s\"", file_name);
  ld_web_page_set_headers (page, TRUE);
  headers = soup_server_message_get_response_headers (req->msg);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_message_headers_set_content_type (headers, "application/pdf", NULL);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_message_body_truncate (soup_server_message_get_response_body (req->msg));
  soup_message_body_append_bytes (soup_server_message_get_response_body (req->msg), pdf);
  req->status = SOUP_STATUS_OK;
  return TRUE;
}

/* GET /my/orders/{id}/receipt.pdf */
static gboolean
get_receipt (LdHttpRequest  *req,
             GError        **error)
{
  return send_document (req, LD_DOCUMENT_RECEIPT, "/api/v1/orders/{id}/receipt.pdf", error);
}

/* GET /my/orders/{id}/report.pdf: the latest released version */
static gboolean
get_report (LdHttpRequest  *req,
            GError        **error)
{
  return send_document (req, LD_DOCUMENT_REPORT, "/api/v1/orders/{id}/report.pdf", error);
}

void
ld_web_orders_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/my/orders/{id}", get_order);
  ld_router_add (router, "GET", "/my/orders/{id}/receipt.pdf", get_receipt);
  ld_router_add (router, "GET", "/my/orders/{id}/report.pdf", get_report);
}

/* ld-api-documents.c: an order's report, receipt and labels as PDFs
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each answer is a PDF with the one error shape when refused. Reading any
 * of them reads a patient's data, so each is audited in a transaction
 * before the bytes leave.
 */

#define G_LOG_DOMAIN "ld-api-documents"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "../documents/ld-documents.h"

/* More versions than any order will have; a larger number is a typo. */
#define MAX_REPORT_VERSION 10000

static void
respond_pdf (LdHttpRequest *req,
             GBytes        *pdf,
             const char    *file_name,
             const char    *sha256)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  g_autofree char *disposition = NULL;

  /* Inline, so a browser or the client shows it; the name (letters,
   * digits and dashes) is what the desk's computer saves it as. */
  disposition = g_strdup_printf ("inline; filename=\"%s\"", file_name);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_message_headers_set_content_type (headers, "application/pdf", NULL);
  if (sha256 != NULL)
    {
      g_autofree char *etag = g_strdup_printf ("\"%s\"", sha256);

      soup_message_headers_replace (headers, "ETag", etag);
    }

  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (req->msg), pdf);
  req->status = SOUP_STATUS_OK;
}

/* The order of the path, in a transaction begun here for the audit; a
 * doctor's own patient's only (need-to-know). */
static LdOrder *
get_order (LdHttpRequest       *req,
           LdStoreTransaction  *txn,
           GError             **error)
{
  g_autoptr(LdOrder) order = NULL;

  if (!ld_store_transaction_begin (txn, req->store, error))
    return NULL;

  order = ld_store_orders_get (req->store, ld_http_request_get_param (req, "id"), error);
  if (order == NULL || !ld_api_care_check (req, order->patient_id, error))
    return NULL;
  return g_steal_pointer (&order);
}

static gboolean
read_version (LdHttpRequest  *req,
              gint64         *out_version,
              GError        **error)
{
  const char *text = ld_http_request_get_query (req, "version");

  *out_version = 0;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_signed (text, 10, 1, MAX_REPORT_VERSION, out_version, NULL))
    {
      ld_api_refuse_query (error, "version", "must be a version number such as 2");
      return FALSE;
    }
  return TRUE;
}

/* GET /api/v1/orders/{id}/report.pdf[?version=N] */
static gboolean
get_report_pdf (LdHttpRequest  *req,
                GError        **error)
{
  static const char * const known[] = { "version", NULL };
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(LdReportVersion) report = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *file_name = NULL;
  gint64 version;

  if (!ld_http_query_check_known (req, known, error) ||
      !read_version (req, &version, error) ||
      (order = get_order (req, &txn, error)) == NULL ||
      (pdf = ld_documents_stored_report (req->store, order, version, &report, error)) == NULL)
    return FALSE;

  detail = g_strdup_printf ("%s version %" G_GINT64_FORMAT, order->number, report->version);
  if (!ld_http_request_audit (req, "report.read", "report", report->id, detail, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  file_name = ld_documents_file_name (order, "report", report->version);
  respond_pdf (req, pdf, file_name, report->pdf_sha256);
  return TRUE;
}

/* GET /api/v1/orders/{id}/report-preview.pdf: the report release would
 * issue, marked as a preview on every page; rendered on each request,
 * never kept, and no release. */
static gboolean
get_report_preview_pdf (LdHttpRequest  *req,
                        GError        **error)
{
  static const char * const known[] = { NULL };
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *file_name = NULL;
  const LdSettings *settings;
  /* Who would release it prints as releasing it, when they may. */
  LdUser *signatory = ld_user_is_signatory (req->user) ? req->user : NULL;

  if (!ld_http_query_check_known (req, known, error) ||
      (order = get_order (req, &txn, error)) == NULL ||
      (settings = ld_http_request_get_settings (req, error)) == NULL ||
      (pdf = ld_documents_preview_report (req->store, settings, order, signatory, error)) == NULL ||
      !ld_http_request_audit (req, "report.preview", "order", order->id, order->number, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  file_name = ld_documents_file_name (order, "report-preview", 0);
  respond_pdf (req, pdf, file_name, NULL);
  return TRUE;
}

/* GET /api/v1/orders/{id}/receipt.pdf */
static gboolean
get_receipt_pdf (LdHttpRequest  *req,
                 GError        **error)
{
  static const char * const known[] = { NULL };
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *file_name = NULL;
  const LdSettings *settings;

  if (!ld_http_query_check_known (req, known, error) ||
      (order = get_order (req, &txn, error)) == NULL ||
      (settings = ld_http_request_get_settings (req, error)) == NULL ||
      (pdf = ld_documents_receipt_pdf (req->store, settings, order, error)) == NULL ||
      !ld_http_request_audit (req, "receipt.read", "order", order->id, order->number, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  file_name = ld_documents_file_name (order, "receipt", 0);
  respond_pdf (req, pdf, file_name, NULL);
  return TRUE;
}

static gboolean
read_layout (LdHttpRequest  *req,
             LdLabelLayout  *out_layout,
             GError        **error)
{
  const char *text = ld_http_request_get_query (req, "layout");

  if (text == NULL || g_str_equal (text, "roll"))
    *out_layout = LD_LABEL_LAYOUT_ROLL;
  else if (g_str_equal (text, "sheet"))
    *out_layout = LD_LABEL_LAYOUT_A4_SHEET;
  else
    {
      ld_api_refuse_query (error, "layout", "must be roll or sheet");
      return FALSE;
    }
  return TRUE;
}

/* A sheet starts at any free position, 1 to 44 (default 1); a roll is
 * printed at 203 or 300 dpi (default 203). Each only with its layout. */
static gboolean
read_label_place (LdHttpRequest  *req,
                  LdLabelLayout   layout,
                  guint          *out_first_position,
                  guint          *out_dpi,
                  GError        **error)
{
  const char *start = ld_http_request_get_query (req, "start");
  const char *dpi = ld_http_request_get_query (req, "dpi");
  g_autofree char *range = g_strdup_printf ("must be a whole number from 1 to %d",
                                            LD_LABEL_SHEET_POSITIONS);
  const char *field = NULL;
  const char *problem = NULL;
  guint64 number = 1;

  if (start != NULL && layout != LD_LABEL_LAYOUT_A4_SHEET)
    field = "start", problem = "is only for a sheet";
  else if (start != NULL &&
           !g_ascii_string_to_unsigned (start, 10, 1, LD_LABEL_SHEET_POSITIONS, &number, NULL))
    field = "start", problem = range;
  else if (dpi != NULL && layout != LD_LABEL_LAYOUT_ROLL)
    field = "dpi", problem = "is only for a roll";
  else if (dpi != NULL && g_strcmp0 (dpi, "203") != 0 && g_strcmp0 (dpi, "300") != 0)
    field = "dpi", problem = "must be 203 or 300";
  if (field != NULL)
    {
      ld_api_refuse_query (error, field, problem);
      return FALSE;
    }

  *out_first_position = number - 1;
  *out_dpi = layout != LD_LABEL_LAYOUT_ROLL ? 0
           : g_strcmp0 (dpi, "300") == 0 ? 300 : LD_LABEL_DEFAULT_DPI;
  return TRUE;
}

/* GET /api/v1/orders/{id}/labels.pdf[?layout=roll|sheet&start=…&dpi=…] */
static gboolean
get_labels_pdf (LdHttpRequest  *req,
                GError        **error)
{
  static const char * const known[] = { "layout", "start", "dpi", NULL };
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *file_name = NULL;
  LdLabelLayout layout;
  guint first_position;
  guint dpi;

  if (!ld_http_query_check_known (req, known, error) ||
      !read_layout (req, &layout, error) ||
      !read_label_place (req, layout, &first_position, &dpi, error) ||
      (order = get_order (req, &txn, error)) == NULL ||
      (pdf = ld_documents_labels_pdf (req->store, order, layout, first_position, dpi, error)) == NULL ||
      !ld_http_request_audit (req, "labels.read", "order", order->id, order->number, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  file_name = ld_documents_file_name (order, "labels", 0);
  respond_pdf (req, pdf, file_name, NULL);
  return TRUE;
}

void
ld_api_documents_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/orders/{id}/report.pdf", get_report_pdf);
  ld_router_add (router, "GET", "/api/v1/orders/{id}/report-preview.pdf", get_report_preview_pdf);
  ld_router_add (router, "GET", "/api/v1/orders/{id}/receipt.pdf", get_receipt_pdf);
  ld_router_add (router, "GET", "/api/v1/orders/{id}/labels.pdf", get_labels_pdf);
}

/* ld-api-documents.c: an order's report, receipt and labels as PDFs
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each answer is a PDF with the one error shape when refused. Reading any
 * of them reads a patient's data, so each is read through the documents
 * service (server/service/ld-service-documents.c), which audits it in a
 * transaction before the bytes leave.
 */

#define G_LOG_DOMAIN "ld-api-documents"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-service-documents.h"

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
  soup_message_body_truncate (soup_server_message_get_response_body (req->msg));
  soup_message_body_append_bytes (soup_server_message_get_response_body (req->msg), pdf);
  req->status = SOUP_STATUS_OK;
}

/* Reads the document of the path's order through the documents service;
 * a doctor's own patient's only (need-to-know). */
static GBytes *
read_document (LdHttpRequest        *req,
               const LdDocumentAsk  *ask,
               LdOrder             **out_order,
               LdReportVersion     **out_report,
               GError              **error)
{
  return ld_service_read_document (ld_http_request_get_service (req),
                                   ld_permissions_lookup (req->method, req->route),
                                   ld_http_request_get_param (req, "id"), ask, out_order,
                                   out_report, error);
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
  LdDocumentAsk ask = { LD_DOCUMENT_REPORT, 0 };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(LdReportVersion) report = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *file_name = NULL;

  if (!ld_http_query_check_known (req, known, error) ||
      !read_version (req, &ask.version, error) ||
      (pdf = read_document (req, &ask, &order, &report, error)) == NULL)
    return FALSE;

  file_name = ld_documents_file_name (order, "report", report->version);
  respond_pdf (req, pdf, file_name, report->pdf_sha256);
  return TRUE;
}

/* GET /api/v1/orders/{id}/report-preview.pdf: the report release would
 * issue, marked as a preview on every page; rendered on each request,
 * never kept, and no release. Who would release it prints as releasing
 * it, when they may. */
static gboolean
get_report_preview_pdf (LdHttpRequest  *req,
                        GError        **error)
{
  static const char * const known[] = { NULL };
  const LdDocumentAsk ask = { LD_DOCUMENT_REPORT_PREVIEW, 0 };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *file_name = NULL;

  if (!ld_http_query_check_known (req, known, error) ||
      (pdf = read_document (req, &ask, &order, NULL, error)) == NULL)
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
  const LdDocumentAsk ask = { LD_DOCUMENT_RECEIPT, 0 };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *file_name = NULL;

  if (!ld_http_query_check_known (req, known, error) ||
      (pdf = read_document (req, &ask, &order, NULL, error)) == NULL)
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
  const char      *start = ld_http_request_get_query (req, "start");
  const char      *dpi = ld_http_request_get_query (req, "dpi");
  g_autofree char *range =
    g_strdup_printf ("must be a whole number from 1 to %d", LD_LABEL_SHEET_POSITIONS);
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
             : g_strcmp0 (dpi, "300") == 0  ? 300
                                            : LD_LABEL_DEFAULT_DPI;
  return TRUE;
}

/* GET /api/v1/orders/{id}/labels.pdf[?layout=roll|sheet&start=…&dpi=…] */
static gboolean
get_labels_pdf (LdHttpRequest  *req,
                GError        **error)
{
  static const char * const known[] = { "layout", "start", "dpi", NULL };
  LdDocumentAsk ask = { LD_DOCUMENT_LABELS, 0 };
  g_autoptr(LdOrder) order = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *file_name = NULL;

  if (!ld_http_query_check_known (req, known, error) ||
      !read_layout (req, &ask.layout, error) ||
      !read_label_place (req, ask.layout, &ask.first_position, &ask.dpi, error) ||
      (pdf = read_document (req, &ask, &order, NULL, error)) == NULL)
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

/* ld-print-pdf.c: printing the report PDF the server kept
 *
 * A released report is printed from the bytes the server kept when it
 * issued the version, never laid out again on the desk: its SHA-256 is
 * what the report's QR code vouches for (GET /verify/{code}), so the desk
 * checks it against the version's pdf_sha256 before the paper leaves,
 * and poppler draws the pages as they were issued.
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-print"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-error.h"
#include "ld-json.h"
#include "ld-print-operation-private.h"
#include "ld-print-pdf-private.h"
#include "ld-print-pdf.h"

typedef struct
{
  LdApiClient *client;
  char        *order_id;
  gint64       version;
  char        *expected_sha256;
} FetchJob;

static void
fetch_job_free (FetchJob *job)
{
  g_clear_object (&job->client);
  g_free (job->order_id);
  g_free (job->expected_sha256);
  g_free (job);
}

/* The server's English message is kept for the log; the desk reads
 * words of its own language, chosen by the error's code. */
static GError *
describe_fetch_error (GError *error)
{
  const char *text = NULL;
  GError *described;

  if (error->domain == LD_API_ERROR)
    switch (error->code)
      {
      case LD_API_ERROR_NOT_FOUND:
        text = _("The report was not found on the server: the order, or this version of its "
                 "report, does not exist.");
        break;
      case LD_API_ERROR_CONFLICT:
        text = _("This order’s report is not released yet, so there is nothing to print.");
        break;
      case LD_API_ERROR_GONE:
        text = _("This report version was released before reports were kept as PDFs; it "
                 "cannot be printed from the server’s copy.");
        break;
      case LD_API_ERROR_FORBIDDEN:
        text = _("You are not allowed to open this report.");
        break;
      default:
        /* Away (already said in words by the API client), signed out, … */
        break;
      }

  if (text == NULL)
    return error;
  g_debug ("report PDF refused: %s", error->message);
  described = g_error_new_literal (error->domain, error->code, text);
  g_error_free (error);
  return described;
}

static void
return_fetch_error (GTask  *task,
                    GError *error)
{
  g_task_return_error (task, describe_fetch_error (error));
}

static void
on_pdf_fetched_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) bytes = ld_api_client_get_bytes_finish (LD_API_CLIENT (source), result, &error);
  g_autofree char *sha256 = NULL;
  PopplerDocument *document;

  if (bytes == NULL)
    {
      return_fetch_error (task, error);
      return;
    }

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_ascii_strcasecmp (sha256, job->expected_sha256) != 0)
    {
      g_debug ("report PDF of order %s: SHA-256 %s, listed %s", job->order_id, sha256,
               job->expected_sha256);
      g_task_return_new_error (task, LD_PRINT_ERROR, LD_PRINT_ERROR_MISMATCH,
                               _("The report the server sent is not the one it released (its "
                                 "fingerprint does not match), so it was not printed. Ask the "
                                 "administrator to check the server."));
      return;
    }

  document = poppler_document_new_from_bytes (bytes, NULL, &error);
  if (document == NULL)
    {
      g_debug ("report PDF of order %s unreadable: %s", job->order_id, error->message);
      g_clear_error (&error);
      g_task_return_new_error (task, LD_PRINT_ERROR, LD_PRINT_ERROR_INVALID,
                               _("The server’s copy of the report could not be read as a PDF."));
      return;
    }
  g_task_return_pointer (task, document, g_object_unref);
}

static void
fetch_pdf (GTask *task)
{
  FetchJob *job = g_task_get_task_data (task);
  g_autofree char *escaped = g_uri_escape_string (job->order_id, NULL, FALSE);
  g_autofree char *path = NULL;

  if (job->version > 0)
    path = g_strdup_printf ("/api/v1/orders/%s/report.pdf?version=%" G_GINT64_FORMAT, escaped,
                            job->version);
  else
    path = g_strdup_printf ("/api/v1/orders/%s/report.pdf", escaped);
  ld_api_client_get_bytes_async (job->client, path, g_task_get_cancellable (task),
                                 on_pdf_fetched_cb, task);
}

static gint64
get_int (JsonObject *object,
         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return json_node_get_int (node);
}

/* Picks the version asked for (the newest for 0) from GET …/reports and
 * what its PDF hashes to. */
static void
on_versions_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchJob *job = g_task_get_task_data (task);
  GError   *error = NULL;
  g_autoptr(JsonNode) root =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, NULL, &error);
  JsonNode   *items_node;
  JsonArray  *items;
  JsonObject *chosen = NULL;

  if (error != NULL)
    {
      return_fetch_error (task, error);
      return;
    }

  items_node = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                 ? json_object_get_member (json_node_get_object (root), "items")
                 : NULL;
  if (items_node == NULL || !JSON_NODE_HOLDS_ARRAY (items_node))
    {
      g_task_return_new_error (task, LD_PRINT_ERROR, LD_PRINT_ERROR_INVALID,
                               _("The server’s list of report versions could not be read."));
      return;
    }

  items = json_node_get_array (items_node);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;

      if (object == NULL)
        continue;
      if (job->version == 0 || get_int (object, "version") == job->version)
        chosen = object;
    }

  if (chosen == NULL)
    {
      return_fetch_error (task, g_error_new_literal (LD_API_ERROR,
                                                     json_array_get_length (items) == 0
                                                       ? LD_API_ERROR_CONFLICT
                                                       : LD_API_ERROR_NOT_FOUND,
                                                     "no such report version"));
      return;
    }
  if (ld_json_object_get_string (chosen, "pdf_sha256") == NULL)
    {
      return_fetch_error (task, g_error_new_literal (LD_API_ERROR, LD_API_ERROR_GONE,
                                                     "version kept no PDF"));
      return;
    }

  /* Asked for by number, so the bytes are those of the listed hash even
   * when a correction is released in between. */
  job->version = get_int (chosen, "version");
  job->expected_sha256 = g_strdup (ld_json_object_get_string (chosen, "pdf_sha256"));
  fetch_pdf (g_steal_pointer (&task));
}

/**
 * ld_print_fetch_report_async:
 * @client: a signed-in API client
 * @order_id: the order's id
 * @version: the report version (1, 2, …), or 0 for the newest
 * @expected_sha256: (nullable): the version's `pdf_sha256` from
 *   GET /api/v1/orders/{id}/reports; %NULL to read it from there first
 * @cancellable: (nullable): a cancellable
 * @callback: called on the thread-default main context
 * @user_data: data for @callback
 *
 * Fetches the PDF the server kept for a report version, checks that its
 * SHA-256 is the one listed, and opens it with poppler, for
 * ld_print_pdf_async() or an #LdPdfView.
 */
void
ld_print_fetch_report_async (LdApiClient         *client,
                             const char          *order_id,
                             gint64               version,
                             const char          *expected_sha256,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  FetchJob *job;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (order_id != NULL);
  g_return_if_fail (version >= 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_print_fetch_report_async);
  job = g_new0 (FetchJob, 1);
  job->client = g_object_ref (client);
  job->order_id = g_strdup (order_id);
  job->version = version;
  job->expected_sha256 = g_strdup (expected_sha256);
  g_task_set_task_data (task, job, (GDestroyNotify) fetch_job_free);

  if (expected_sha256 != NULL)
    fetch_pdf (task);
  else
    {
      g_autofree char *escaped = g_uri_escape_string (order_id, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/reports", escaped);

      ld_api_client_request_async (client, "GET", path, NULL, NULL, cancellable, on_versions_cb,
                                   task);
    }
}

/**
 * ld_print_fetch_report_finish:
 * @result: the result given to the callback
 * @error: return location for an error: %LD_PRINT_ERROR_MISMATCH when the
 *   bytes are not those released; %LD_API_ERROR_NOT_FOUND,
 *   %LD_API_ERROR_CONFLICT (not released), %LD_API_ERROR_GONE (no PDF
 *   kept) or %LD_API_ERROR_UNAVAILABLE (the server is away), each with a
 *   sentence for the desk; %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the report as the server kept it
 */
PopplerDocument *
ld_print_fetch_report_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_print_fetch_report_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pdf_page_size (gpointer  data,
               int       page_number,
               double   *width,
               double   *height)
{
  PopplerPage *page = poppler_document_get_page (data, page_number);

  poppler_page_get_size (page, width, height);
  g_object_unref (page);
}

static void
pdf_draw_page (gpointer  data,
               cairo_t  *cr,
               int       page_number)
{
  PopplerPage *page = poppler_document_get_page (data, page_number);

  poppler_page_render_for_printing (page, cr);
  g_object_unref (page);
}

/**
 * ld_print_pdf_async:
 * @parent: (nullable): the window the print dialog belongs to
 * @document: a PDF, such as one from ld_print_fetch_report_finish()
 * @export_pdf_path: (nullable): a PDF to write instead of showing the
 *   print dialog
 * @cancellable: (nullable): a cancellable
 * @callback: called when printed, exported or cancelled
 * @user_data: data for @callback
 *
 * Prints each page of @document through the print dialog, with its
 * preview, on paper of the document's size (A4 or Letter, as the
 * server laid it out by the `report_paper` setting), scaled to fit a
 * printer's other paper.
 */
void
ld_print_pdf_async (GtkWindow           *parent,
                    PopplerDocument     *document,
                    const char          *export_pdf_path,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autofree char *title = NULL;
  LdPrintPages     pages = {
        .kind = "report",
        .page_size = pdf_page_size,
        .draw_page = pdf_draw_page,
        .destroy = g_object_unref,
  };

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (POPPLER_IS_DOCUMENT (document));

  title = poppler_document_get_title (document);
  pages.title = title != NULL ? title : _("Lab report");
  pages.n_pages = poppler_document_get_n_pages (document);
  pages.data = g_object_ref (document);
  if (pages.n_pages > 0)
    pdf_page_size (document, 0, &pages.width, &pages.height);
  else
    {
      /* Nothing to draw; an empty A4 keeps the dialog sane. */
      pages.width = 595.28;
      pages.height = 841.89;
    }
  ld_print_pages_async (parent, &pages, export_pdf_path, cancellable, callback, user_data,
                        ld_print_pdf_async);
}

/**
 * ld_print_pdf_finish:
 * @result: the result given to the callback
 * @error: return location for an error; %G_IO_ERROR_CANCELLED when the
 *   person closed the print dialog
 *
 * Returns: %TRUE when printed or exported
 */
gboolean
ld_print_pdf_finish (GAsyncResult  *result,
                     GError       **error)
{
  return ld_print_pages_finish (result, ld_print_pdf_async, error);
}

typedef struct
{
  GtkWindow *parent;
  char      *export_path;
} ReportJob;

static void
report_job_free (ReportJob *job)
{
  g_clear_object (&job->parent);
  g_free (job->export_path);
  g_free (job);
}

static void
on_report_printed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (ld_print_pdf_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
print_fetched (GTask           *task,
               PopplerDocument *document)
{
  ReportJob *job = g_task_get_task_data (task);

  ld_print_pdf_async (job->parent, document, job->export_path, g_task_get_cancellable (task),
                      on_report_printed_cb, g_object_ref (task));
}

typedef struct
{
  GTask             *task;
  LdPrintFetchedFunc then;
} Then;

static void
on_fetched_then_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Then *then = user_data;
  g_autoptr(GTask) task = then->task;
  LdPrintFetchedFunc func = then->then;
  GError *error = NULL;
  PopplerDocument *document = ld_print_fetch_report_finish (result, &error);

  g_free (then);
  if (document == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  func (task, document);
  g_object_unref (document);
}

/**
 * ld_print_fetch_report_then:
 * @task: (transfer full): the caller's task, returned with the fetch's
 *   error when it fails
 * @client: a signed-in API client
 * @order_id: the order's id
 * @version: the report version, or 0 for the newest
 * @expected_sha256: (nullable): the version's `pdf_sha256`
 * @then: what is done with the checked report; it refs @task to go on
 *
 * ld_print_fetch_report_async() for a task of the caller's: printing,
 * opening a window.
 */
void
ld_print_fetch_report_then (GTask              *task,
                            LdApiClient        *client,
                            const char         *order_id,
                            gint64              version,
                            const char         *expected_sha256,
                            LdPrintFetchedFunc  then)
{
  Then *data = g_new0 (Then, 1);

  data->task = task;
  data->then = then;
  ld_print_fetch_report_async (client, order_id, version, expected_sha256,
                               g_task_get_cancellable (task), on_fetched_then_cb, data);
}

/**
 * ld_print_report_async:
 * @parent: (nullable): the window the print dialog belongs to
 * @client: a signed-in API client
 * @order_id: the order's id
 * @version: the report version (1, 2, …), or 0 for the newest
 * @expected_sha256: (nullable): the version's `pdf_sha256`, as listed by
 *   GET /api/v1/orders/{id}/reports; %NULL to read the list first
 * @export_pdf_path: (nullable): a PDF to write instead of showing the
 *   print dialog ("Save as PDF", and tests)
 * @cancellable: (nullable): a cancellable
 * @callback: called when printed, exported, refused or cancelled
 * @user_data: data for @callback
 *
 * Prints a released report from the PDF the server kept:
 * ld_print_fetch_report_async() then ld_print_pdf_async(). A PDF whose
 * SHA-256 is not the listed one is never printed.
 */
void
ld_print_report_async (GtkWindow           *parent,
                       LdApiClient         *client,
                       const char          *order_id,
                       gint64               version,
                       const char          *expected_sha256,
                       const char          *export_pdf_path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  ReportJob *job;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (order_id != NULL);
  g_return_if_fail (version >= 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_print_report_async);
  job = g_new0 (ReportJob, 1);
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->export_path = g_strdup (export_pdf_path);
  g_task_set_task_data (task, job, (GDestroyNotify) report_job_free);
  ld_print_fetch_report_then (task, client, order_id, version, expected_sha256, print_fetched);
}

/**
 * ld_print_report_finish:
 * @result: the result given to the callback
 * @error: return location for an error, as ld_print_fetch_report_finish()
 *   gives, or %G_IO_ERROR_CANCELLED when the person closed the dialog
 *
 * Returns: %TRUE when the report was printed or exported
 */
gboolean
ld_print_report_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ld_print_report_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

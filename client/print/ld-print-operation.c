/* ld-print-operation.c: printing shared/report documents from the desk
 *
 * A document laid out by shared/report (the same renderer the server's
 * PDFs come from) drawn page by page into a GtkPrintOperation: through
 * the print dialog, with GTK's preview, or exported straight to a PDF
 * for "Save as PDF" and for tests.
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-print"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ld-print-operation.h"
#include "ld-print-operation-private.h"
#include "ld-receipt-fill.h"
#include "ld-report-document.h"
#include "ld-report-renderer.h"

typedef struct
{
  LdReportDocument *document;
  GtkWindow        *parent;
  char             *export_path;
  /* Kept while the dialog runs in the background. */
  GtkPrintOperation *operation;
  gboolean          finished;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->document);
  g_clear_object (&job->parent);
  g_clear_object (&job->operation);
  g_free (job->export_path);
  g_free (job);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                gpointer           user_data)
{
  PrintJob *job = user_data;

  gtk_print_operation_set_n_pages (operation, ld_report_document_get_n_pages (job->document));
}

/* The document is laid out in points on its own paper; the printer's
 * page may differ (A4 on a Letter printer), so it is scaled to fit
 * without changing its proportions. */
static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              gpointer           user_data)
{
  PrintJob *job = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = 0;
  double height = 0;
  double scale;

  ld_report_document_get_page_size (job->document, &width, &height);
  scale = MIN (gtk_print_context_get_width (context) / width,
               gtk_print_context_get_height (context) / height);
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  ld_report_document_draw_page (job->document, cr, page);
  cairo_restore (cr);
}

/* A page setup on the document's own paper, in portrait, drawn edge to
 * edge: the document carries its own margins. */
static GtkPageSetup *
page_setup_for (LdReportDocument *document)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;
  double width = 0;
  double height = 0;

  ld_report_document_get_page_size (document, &width, &height);
  if (fabs (width - 595.28) < 2 && fabs (height - 841.89) < 2)
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else if (fabs (width - 612) < 2 && fabs (height - 792) < 2)
    paper = gtk_paper_size_new (GTK_PAPER_NAME_LETTER);
  else
    paper = gtk_paper_size_new_custom ("labdesk-document", _("Document"), width, height,
                                       GTK_UNIT_POINTS);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  return setup;
}

/* Returns @task's result once: GTK emits "done" after an export too, and
 * run() reports the same outcome. Takes @error. */
static void
finish_job (GTask                   *task,
            GtkPrintOperationResult  result,
            GError                  *error)
{
  PrintJob *job = g_task_get_task_data (task);

  if (job->finished)
    {
      g_clear_error (&error);
      return;
    }
  job->finished = TRUE;

  if (error != NULL)
    g_task_return_error (task, error);
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("The document could not be printed."));
  else if (result == GTK_PRINT_OPERATION_RESULT_CANCEL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Printing was cancelled."));
  else
    g_task_return_boolean (task, TRUE);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         gpointer                 user_data)
{
  GTask *task = user_data;
  PrintJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    gtk_print_operation_get_error (operation, &error);
  finish_job (task, result, error);

  /* A dialog that ran in the background held the task till now. */
  if (job->operation != NULL)
    {
      g_clear_object (&job->operation);
      g_object_unref (task);
    }
}

/* Runs the job's operation. An export runs to the end before run()
 * returns; a dialog may go on in the background, and "done" finishes. */
static gboolean
run_job_cb (gpointer user_data)
{
  GTask *task = user_data;
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = page_setup_for (job->document);
  GError *error = NULL;
  GtkPrintOperationAction action = GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
  GtkPrintOperationResult result;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, ld_report_document_get_title (job->document));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_signal_connect (operation, "done", G_CALLBACK (done_cb), task);

  if (job->export_path != NULL)
    {
      gtk_print_operation_set_export_filename (operation, job->export_path);
      action = GTK_PRINT_OPERATION_ACTION_EXPORT;
    }

  result = gtk_print_operation_run (operation, action, job->parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS && !job->finished)
    {
      /* done_cb() drops both. */
      job->operation = g_object_ref (operation);
      return G_SOURCE_REMOVE;
    }

  g_signal_handlers_disconnect_by_func (operation, done_cb, task);
  finish_job (task, result, error);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/**
 * ld_print_document_async:
 * @parent: (nullable): the window the print dialog belongs to
 * @document: a document laid out by shared/report
 * @export_pdf_path: (nullable): a PDF to write instead of showing the dialog
 * @source_tag: the public function's, for its _finish()
 *
 * Prints @document through GtkPrintOperation; finish with
 * ld_print_document_finish().
 */
void
ld_print_document_async (GtkWindow           *parent,
                      LdReportDocument    *document,
                      const char          *export_pdf_path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data,
                      gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  PrintJob *job = g_new0 (PrintJob, 1);

  g_task_set_source_tag (task, source_tag);
  job->document = g_object_ref (document);
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->export_path = g_strdup (export_pdf_path);
  g_task_set_task_data (task, job, (GDestroyNotify) print_job_free);
  /* From an idle, so the callback never runs before this returns. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, run_job_cb, task, NULL);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A setting as the lab wrote it; %NULL when empty, so the letterhead
 * leaves the line out. */
static char *
dup_setting (JsonObject *settings,
             const char *key)
{
  const char *value = get_string (settings, key);

  return value != NULL && value[0] != '\0' ? g_strdup (value) : NULL;
}

void
ld_print_fill_lab (LdReportLab *lab,
          JsonObject  *settings)
{
  lab->name = dup_setting (settings, "lab_name");
  lab->address = dup_setting (settings, "lab_address");
  lab->phone = dup_setting (settings, "lab_phone");
  lab->email = dup_setting (settings, "lab_email");
  lab->website = dup_setting (settings, "lab_website");
  lab->registration = dup_setting (settings, "lab_registration");
  lab->upi_id = dup_setting (settings, "lab_upi_id");
  lab->time_zone = dup_setting (settings, "time_zone");
}

LdReportPaper
ld_print_paper_for (JsonObject *settings)
{
  return g_strcmp0 (get_string (settings, "report_paper"), "letter") == 0 ? LD_REPORT_PAPER_LETTER
                                                                          : LD_REPORT_PAPER_A4;
}

/**
 * ld_print_receipt_async:
 * @parent: (nullable): the window the print dialog belongs to
 * @order: the order as GET /api/v1/orders/{id} gives it
 * @settings: (nullable): the lab's settings, for the letterhead and paper
 * @cashier: (nullable): who hands the receipt over
 * @export_pdf_path: (nullable): a PDF to write instead of showing the
 *   print dialog
 * @cancellable: (nullable): a cancellable
 * @callback: called when printed, exported or cancelled
 * @user_data: data for @callback
 *
 * Prints the order's receipt, filled by the same rule as the server's
 * receipt document (ld_receipt_fill_from_order()), so the paper the
 * patient takes says what the server says.
 */
void
ld_print_receipt_async (GtkWindow           *parent,
                        JsonObject          *order,
                        JsonObject          *settings,
                        const char          *cashier,
                        const char          *export_pdf_path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(LdReceipt) receipt = ld_receipt_new ();
  g_autoptr(LdReportRenderer) renderer = NULL;
  g_autoptr(LdReportDocument) document = NULL;
  JsonNode *patient_node;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (order != NULL);

  ld_print_fill_lab (receipt->lab, settings);
  patient_node = json_object_get_member (order, "patient");
  if (patient_node != NULL && JSON_NODE_HOLDS_OBJECT (patient_node))
    {
      JsonObject *patient = json_node_get_object (patient_node);

      receipt->patient->name = g_strdup (get_string (patient, "name"));
      receipt->patient->mrn = g_strdup (get_string (patient, "mrn"));
    }
  ld_receipt_fill_from_order (receipt, order, cashier);

  renderer = ld_report_renderer_new ();
  document = ld_report_renderer_layout_receipt (renderer, receipt, ld_print_paper_for (settings));
  ld_print_document_async (parent, document, export_pdf_path, cancellable, callback, user_data,
                           ld_print_receipt_async);
}

/**
 * ld_print_receipt_finish:
 * @result: the result given to the callback
 * @error: return location for an error; %G_IO_ERROR_CANCELLED when the
 *   person closed the print dialog
 *
 * Returns: %TRUE when the receipt was printed or exported
 */
gboolean
ld_print_receipt_finish (GAsyncResult  *result,
                         GError       **error)
{
  return ld_print_document_finish (result, ld_print_receipt_async, error);
}

gboolean
ld_print_document_finish (GAsyncResult  *result,
                          gpointer       source_tag,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

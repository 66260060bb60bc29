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

#include "ld-json.h"
#include "ld-print-operation.h"
#include "ld-print-operation-private.h"
#include "ld-receipt-fill.h"
#include "ld-report-document.h"
#include "ld-report-renderer.h"

G_DEFINE_QUARK (ld - print - error - quark, ld_print_error)

typedef struct
{
  LdPrintPages       pages;
  char              *title;
  char              *kind;
  GtkWindow         *parent;
  char              *export_path;
  /* Kept while the dialog runs in the background. */
  GtkPrintOperation *operation;
  gboolean           finished;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  if (job->pages.destroy != NULL)
    job->pages.destroy (job->pages.data);
  g_clear_object (&job->parent);
  g_clear_object (&job->operation);
  g_free (job->title);
  g_free (job->kind);
  g_free (job->export_path);
  g_free (job);
}

/* The printer, paper and options the person chose for each kind of
 * document, for this run of the program: labels go to the label
 * printer and reports to the A4 one without asking twice. The print
 * dialog runs on the main thread only, and so does this table. */
static GHashTable *
get_kept_settings (void)
{
  static GHashTable *kept;

  if (kept == NULL)
    kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return kept;
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                gpointer           user_data)
{
  PrintJob *job = user_data;

  gtk_print_operation_set_n_pages (operation, job->pages.n_pages);
}

/* Every page is laid out in points on its own paper; the printer's page
 * may differ (A4 on a Letter printer), so it is scaled to fit without
 * changing its proportions. */
static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              gpointer           user_data)
{
  PrintJob *job = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = job->pages.width;
  double height = job->pages.height;
  double scale;

  if (job->pages.page_size != NULL)
    job->pages.page_size (job->pages.data, page, &width, &height);
  g_assert (width > 0 && height > 0);
  scale = MIN (gtk_print_context_get_width (context) / width,
               gtk_print_context_get_height (context) / height);
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  job->pages.draw_page (job->pages.data, cr, page);
  cairo_restore (cr);
}

/**
 * ld_print_page_setup_for_size:
 * @width: the document's page width, in points
 * @height: its height, in points
 *
 * The print dialog's default page: A4 or Letter when the document is
 * laid out on one (reports and receipts follow the `report_paper`
 * setting), else paper of the document's own size, such as a 50 × 25 mm
 * label; in portrait, drawn edge to edge, as the document carries its
 * own margins.
 *
 * Returns: (transfer full): a page setup
 */
GtkPageSetup *
ld_print_page_setup_for_size (double width,
                              double height)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;

  if (fabs (width - 595.28) < 2 && fabs (height - 841.89) < 2)
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else if (fabs (width - 612) < 2 && fabs (height - 792) < 2)
    paper = gtk_paper_size_new (GTK_PAPER_NAME_LETTER);
  else
    {
      /* Translators: a custom paper size in the print dialog, such as a
       * label's; %.0f are millimetres. */
      g_autofree char *display =
        g_strdup_printf (_("%.0f × %.0f mm"), width * 25.4 / 72, height * 25.4 / 72);
      g_autofree char *name =
        g_strdup_printf ("labdesk-%.0fx%.0fmm", width * 25.4 / 72, height * 25.4 / 72);

      paper = gtk_paper_size_new_custom (name, display, width, height, GTK_UNIT_POINTS);
    }
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  return setup;
}

/* Returns @task's result once: GTK emits "done" after an export too, and
 * run() reports the same outcome. Takes @error. */
static void
finish_job (GTask                   *task,
            GtkPrintOperation       *operation,
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

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY && job->export_path == NULL && job->kind != NULL)
    {
      GtkPrintSettings *settings = gtk_print_operation_get_print_settings (operation);

      if (settings != NULL)
        g_hash_table_replace (get_kept_settings (), g_strdup (job->kind),
                              gtk_print_settings_copy (settings));
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The document could not be printed."));
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
  finish_job (task, operation, result, error);

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
  g_autoptr(GtkPageSetup) setup =
               ld_print_page_setup_for_size (job->pages.width, job->pages.height);
  GtkPrintSettings       *kept = NULL;
  GError                 *error = NULL;
  GtkPrintOperationAction action = GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
  GtkPrintOperationResult result;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  if (job->kind != NULL)
    kept = g_hash_table_lookup (get_kept_settings (), job->kind);
  if (kept != NULL)
    {
      g_autoptr(GtkPrintSettings) settings = gtk_print_settings_copy (kept);
      g_autoptr(GtkPaperSize) paper = gtk_page_setup_get_paper_size (setup) != NULL
        ? gtk_paper_size_copy (gtk_page_setup_get_paper_size (setup)) : NULL;

      /* The printer and options are kept; the paper is the document's. */
      if (paper != NULL)
        gtk_print_settings_set_paper_size (settings, paper);
      gtk_print_operation_set_print_settings (operation, settings);
    }

  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job->title);
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
  finish_job (task, operation, result, error);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/**
 * ld_print_pages_async:
 * @parent: (nullable): the window the print dialog belongs to
 * @pages: what to print; the job takes @pages->data
 * @export_pdf_path: (nullable): a PDF to write instead of showing the
 *   print dialog (with its preview)
 * @cancellable: (nullable): a cancellable
 * @callback: called when printed, exported or cancelled, never before
 *   this returns
 * @user_data: data for @callback
 * @source_tag: the public function's, for its _finish
 *
 * The one way every document reaches the printer.
 */
void
ld_print_pages_async (GtkWindow           *parent,
                      const LdPrintPages  *pages,
                      const char          *export_pdf_path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data,
                      gpointer             source_tag)
{
  GTask *task;
  PrintJob *job;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (pages != NULL && pages->draw_page != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  job = g_new0 (PrintJob, 1);
  g_task_set_source_tag (task, source_tag);
  job->pages = *pages;
  job->title = g_strdup (pages->title);
  job->kind = g_strdup (pages->kind);
  job->pages.title = job->title;
  job->pages.kind = job->kind;
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->export_path = g_strdup (export_pdf_path);
  g_task_set_task_data (task, job, (GDestroyNotify) print_job_free);
  /* From an idle, so the callback never runs before this returns. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, run_job_cb, task, NULL);
}

/**
 * ld_print_pages_finish:
 * @result: the result given to the callback
 * @source_tag: the tag given to ld_print_pages_async()
 * @error: return location for an error; %G_IO_ERROR_CANCELLED when the
 *   person closed the print dialog
 *
 * Returns: %TRUE when printed or exported
 */
gboolean
ld_print_pages_finish (GAsyncResult  *result,
                       gpointer       source_tag,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
document_page_size (gpointer  data,
                    int       page,
                    double   *width,
                    double   *height)
{
  ld_report_document_get_page_size (data, width, height);
}

static void
document_draw_page (gpointer  data,
                    cairo_t  *cr,
                    int       page)
{
  ld_report_document_draw_page (data, cr, page);
}

/**
 * ld_print_document_async:
 * @parent: (nullable): the window the print dialog belongs to
 * @document: a document laid out by shared/report
 * @kind: (nullable): which printer it goes to, such as "receipt"
 * @export_pdf_path: (nullable): a PDF to write instead of the dialog
 * @cancellable: (nullable): a cancellable
 * @callback: called when printed, exported or cancelled
 * @user_data: data for @callback
 * @source_tag: the public function's, for its _finish
 *
 * Prints a shared/report document on its own paper.
 */
void
ld_print_document_async (GtkWindow           *parent,
                         LdReportDocument    *document,
                         const char          *kind,
                         const char          *export_pdf_path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data,
                         gpointer             source_tag)
{
  LdPrintPages pages = {
    .title = ld_report_document_get_title (document),
    .n_pages = ld_report_document_get_n_pages (document),
    .kind = kind,
    .page_size = document_page_size,
    .draw_page = document_draw_page,
    .data = g_object_ref (document),
    .destroy = g_object_unref,
  };

  ld_report_document_get_page_size (document, &pages.width, &pages.height);
  ld_print_pages_async (parent, &pages, export_pdf_path, cancellable, callback, user_data,
                        source_tag);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  return object != NULL ? ld_json_object_get_string (object, member) : NULL;
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

/**
 * ld_print_fill_lab:
 * @lab: the letterhead to fill
 * @settings: (nullable): the lab's settings record
 *
 * The letterhead every document printed here carries, from the settings.
 */
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

/**
 * ld_print_paper_for:
 * @settings: (nullable): the lab's settings record
 *
 * Returns: the paper reports and receipts print on (`report_paper`)
 */
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
  ld_print_document_async (parent, document, "receipt", export_pdf_path, cancellable, callback,
                           user_data, ld_print_receipt_async);
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
  return ld_print_pages_finish (result, ld_print_receipt_async, error);
}

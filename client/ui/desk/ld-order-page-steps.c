/* ld-order-page-steps.c: the desk's steps on one order, by its id
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Printing or saving the receipt and cancelling the order, started from
 * the order page or from the desk's lists with an order's id: each reads
 * the order from the cache at the moment it is asked. The receipt is
 * drawn by shared/report from the order as the server sends it (the
 * rule that fills it is the server's), printed with a preview or saved
 * as a PDF.
 */

#define G_LOG_DOMAIN "ld-order-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-order-text.h"
#include "ld-json.h"
#include "ld-order-page.h"
#include "ld-print-operation.h"
#include "store/ld-desk-calls.h"
#include "store/ld-outbox.h"
#include "ld-command-records.h"

/* The receipt, printed or saved. */

/* A step on one order, started from a widget: its order read from the
 * cache first. */
typedef struct
{
  GtkWidget   *origin;
  LdSession   *session;
  /* Receipts: the order as the server sent it, which the printer reads. */
  JsonObject  *order;
  /* Cancelling: the order read by the shared reader. */
  LdOrder     *read;
  /* Receipts: a PDF to save instead of printing. */
  char        *export_path;
  /* Cancelling: where the reason is typed. */
  AdwEntryRow *reason_row;
} OrderJob;

static void
order_job_free (OrderJob *job)
{
  g_clear_object (&job->origin);
  g_clear_object (&job->session);
  g_clear_pointer (&job->order, json_object_unref);
  g_clear_pointer (&job->read, ld_order_free);
  g_free (job->export_path);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrderJob, order_job_free)

static void
start_order_job (GtkWidget           *origin,
                 LdSession           *session,
                 const char          *order_id,
                 const char          *export_path,
                 GAsyncReadyCallback  callback)
{
  LdCache *cache = ld_session_get_cache (session);
  OrderJob *job;

  /* Signed out meanwhile: nothing to print from. */
  if (cache == NULL)
    return;
  job = g_new0 (OrderJob, 1);
  job->origin = g_object_ref (origin);
  job->session = g_object_ref (session);
  job->export_path = g_strdup (export_path);
  ld_cache_get_record_async (cache, "order", order_id, NULL, callback, job);
}

static void
on_receipt_printed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(OrderJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!ld_print_receipt_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = ld_error_text_describe (error);
    }
  else if (job->export_path != NULL)
    {
      g_autofree char *name = g_filename_display_name (job->export_path);

      /* Translators: %s is where the receipt was saved. */
      text = g_strdup_printf (_("Receipt saved as %s."), name);
    }
  else
    text = g_strdup (_("Receipt sent to the printer."));
  gtk_widget_activate_action (job->origin, "win.toast", "s", text);
}

static void
print_receipt (OrderJob *job,
               JsonObject *settings)
{
  LdUser *user = ld_session_get_user (job->session);
  GtkRoot *root = gtk_widget_get_root (job->origin);

  ld_print_receipt_async (root ? GTK_WINDOW (root) : NULL, job->order, settings,
                          user ? ld_user_get_display_name (user) : NULL, job->export_path, NULL,
                          on_receipt_printed_cb, job);
}

/* The lab's letterhead, when this user's cache has the settings (an
 * administrator's does); without it the receipt is printed plain. */
static void
on_receipt_settings_read_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  OrderJob *job = user_data;
  g_autoptr(JsonNode) node = ld_cache_get_record_finish (LD_CACHE (source), result, NULL);


  print_receipt (job, node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL);
}

static void
on_receipt_order_read_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(OrderJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ld_cache_get_record_finish (LD_CACHE (source), result, &error);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *text = error ? ld_error_text_describe (error) : NULL;

      if (text != NULL)
        gtk_widget_activate_action (job->origin, "win.toast", "s", text);
      return;
    }
  job->order = json_object_ref (json_node_get_object (node));
  ld_cache_get_record_async (LD_CACHE (source), "settings", "lab", NULL,
                             on_receipt_settings_read_cb, g_steal_pointer (&job));
}

/**
 * ld_order_page_print_receipt:
 * @origin: the widget asking (its window is the print dialog's parent)
 * @session: the signed-in session
 * @order_id: the order
 * @export_path: (nullable): a PDF to save instead of printing
 *
 * Prints the order's receipt as the cache has it now, with a preview,
 * or saves it; the outcome is said in a toast.
 */
void
ld_order_page_print_receipt (GtkWidget  *origin,
                             LdSession  *session,
                             const char *order_id,
                             const char *export_path)
{
  g_return_if_fail (GTK_IS_WIDGET (origin));
  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (order_id != NULL);

  start_order_job (origin, session, order_id, export_path, on_receipt_order_read_cb);
}

/* Cancelling an order. */

static void
on_cancelled_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OrderJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = ld_order_text_title (job->read->number);

  if (!ld_session_run_done (LD_SESSION (source), result, &error))
    text = ld_error_text_describe (error);
  else
    /* Translators: a toast; %s is "Order O2611-000001". */
    text = g_strdup_printf (_("%s cancelled."), title);
  gtk_widget_activate_action (job->origin, "win.toast", "s", text);
}

static void
on_reason_changed_cb (AdwEntryRow      *row,
                      AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  adw_message_dialog_set_response_enabled (dialog, "cancel-order", *reason != '\0');
}

static void
on_cancel_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  g_autoptr(OrderJob) job = g_object_steal_data (G_OBJECT (dialog), "job");
  g_autofree char *reason = NULL;
  const LdOrder *order;
  LdSession *session;

  if (job == NULL || !g_str_equal (response, "cancel-order"))
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (job->reason_row))));
  session = job->session;
  order = job->read;
  /* Read before the job is handed over: C leaves the order of arguments
   * open. */
  ld_desk_run_cancel_async (session, order->id, order->version, reason, NULL, on_cancelled_cb,
                            g_steal_pointer (&job));
}

static void
on_cancel_order_read_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(OrderJob) job = user_data;
  g_autoptr(JsonNode) node = ld_cache_get_record_finish (LD_CACHE (source), result, NULL);
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;
  GtkRoot *root = gtk_widget_get_root (job->origin);
  GtkWidget *dialog;
  GtkWidget *list;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) || root == NULL)
    return;
  job->read = ld_command_read_order (json_node_get_object (node));
  title = ld_order_text_title (job->read->number);
  /* Translators: %s is "Order O2611-000001". */
  heading = g_strdup_printf (_("Cancel %s?"), title);

  dialog = adw_message_dialog_new (GTK_WINDOW (root), heading,
                                   _("The order is cancelled: nothing is collected or tested, "
                                     "and nothing is owed. This cannot be undone. The reason "
                                     "is kept with the order."));
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  job->reason_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  gtk_widget_set_name (GTK_WIDGET (job->reason_row), "cancel-reason");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (job->reason_row), _("Reason"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (job->reason_row));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Order"),
                                    "cancel-order", _("_Cancel Order"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-order",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "cancel-order", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect (job->reason_row, "changed", G_CALLBACK (on_reason_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_cancel_response_cb), NULL);
  g_object_set_data_full (G_OBJECT (dialog), "job", g_steal_pointer (&job),
                          (GDestroyNotify) order_job_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * ld_order_page_cancel_order:
 * @origin: the widget asking
 * @session: the signed-in session
 * @order_id: the order
 *
 * Asks for the reason, saying what cancelling does, then cancels the
 * order through the outbox (it needs the server).
 */
void
ld_order_page_cancel_order (GtkWidget  *origin,
                            LdSession  *session,
                            const char *order_id)
{
  g_return_if_fail (GTK_IS_WIDGET (origin));
  g_return_if_fail (LD_IS_SESSION (session));
  g_return_if_fail (order_id != NULL);

  start_order_job (origin, session, order_id, NULL, on_cancel_order_read_cb);
}

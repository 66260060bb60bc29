/* ld-verify-page-actions.c: what the verify page does
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Verifying (a critical value only with the record of its call),
 * sending a verified result back for re-entry with a reason, releasing
 * the report and printing the PDF the server kept. Verification and
 * release go through the outbox, which says when the server is needed;
 * sending back is a typed call (client/store/ld-lab-calls.c).
 */

#define G_LOG_DOMAIN "ld-verify-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-critical-call-dialog.h"
#include "ld-json.h"
#include "ld-print-pdf.h"
#include "ld-verify-page-private.h"
#include "store/ld-lab-calls.h"

/* Ends a call the page was busy with: %TRUE when there is nothing more
 * to do, because the page is going or the server refused (said here). */
static gboolean
call_ended_without_answer (LdVerifyPage *self,
                           gconstpointer answer,
                           const GError *error)
{
  g_autofree char *text = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return TRUE;
  if (answer != NULL)
    return FALSE;
  text = ld_error_text_describe (error);
  ld_verify_page_set_busy (self, FALSE, text, TRUE);
  return TRUE;
}

/* Verification. */

static void
on_verified_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ld_outbox_submit_finish (LD_OUTBOX (source), result, &error);
  guint n = GPOINTER_TO_UINT (g_object_steal_data (G_OBJECT (self), "ld-verify-count"));
  g_autofree char *text = NULL;

  if (call_ended_without_answer (self, answer, error))
    return;
  /* Translators: said when results are verified. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result verified.",
                                       "%u results verified.", n), n);
  ld_verify_page_set_busy (self, FALSE, text, FALSE);
}

/* Sends the verification of @results (result objects); @call, when
 * given, goes with each critical one. */
static void
send_verify (LdVerifyPage *self,
             GPtrArray    *results,
             JsonObject   *call)
{
  g_autoptr(JsonObject) params = json_object_new ();
  JsonArray *items = json_array_new ();

  for (guint i = 0; i < results->len; i++)
    {
      JsonObject *result = g_ptr_array_index (results, i);
      JsonObject *item = json_object_new ();
      JsonNode *version = json_object_get_member (result, "version");

      json_object_set_string_member (item, "test_code", ld_verify_page_get_member (result, "test_code"));
      json_object_set_member (item, "version", version ? json_node_copy (version) : json_node_new (JSON_NODE_NULL));
      if (call != NULL && ld_verify_page_is_critical (result))
        json_object_set_object_member (item, "critical_call", json_object_ref (call));
      json_array_add_object_element (items, item);
    }
  json_object_set_string_member (params, "order_id", self->order_id);
  json_object_set_array_member (params, "results", items);
  g_object_set_data (G_OBJECT (self), "ld-verify-count", GUINT_TO_POINTER (results->len));
  ld_verify_page_set_busy (self, TRUE, _("Verifying…"), FALSE);
  ld_outbox_submit_async (ld_session_get_outbox (self->session), LD_OUTBOX_ACTION_RESULT_VERIFY,
                          params, self->cancellable, on_verified_cb, g_object_ref (self));
}

static void
on_call_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (user_data);
  GPtrArray *results = g_object_get_data (G_OBJECT (dialog), "ld-results");
  g_autoptr(JsonObject) call = NULL;

  if (g_str_equal (response, "record"))
    call = ld_critical_call_dialog_dup_call (LD_CRITICAL_CALL_DIALOG (dialog));
  if (call == NULL)
    {
      ld_desk_status_show (self->status_label,
                           _("Nothing was verified: a critical value is verified only with the "
                             "record of its telephone call, read back."), TRUE);
      return;
    }
  send_verify (self, results, call);
}

/* Verifies @results, asking first for the call when any is critical. */
static void
start_verify (LdVerifyPage *self,
              GPtrArray    *results)
{
  g_autoptr(GString) values = g_string_new (NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (results->len == 0 || self->busy)
    return;
  for (guint i = 0; i < results->len; i++)
    {
      JsonObject *result = g_ptr_array_index (results, i);
      g_autofree char *value = NULL;

      if (!ld_verify_page_is_critical (result))
        continue;
      value = ld_verify_page_dup_value_text (result);
      if (values->len > 0)
        /* Translators: between critical values listed in a sentence. */
        g_string_append (values, _(", "));
      g_string_append (values, value);
    }
  if (values->len == 0)
    {
      send_verify (self, results, NULL);
      return;
    }

  dialog = ld_critical_call_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        values->str);
  g_object_set_data_full (G_OBJECT (dialog), "ld-results", g_ptr_array_ref (results),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_call_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
verify_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (widget);
  g_autoptr(GPtrArray) loaded = ld_verify_page_dup_loaded_results (self);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < loaded->len; i++)
    if (ld_verify_page_may_verify (self, g_ptr_array_index (loaded, i)))
      g_ptr_array_add (results, json_object_ref (g_ptr_array_index (loaded, i)));
  start_verify (self, results);
}

static void
verify_one_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (widget);
  JsonObject *result = ld_verify_page_find_result (self, g_variant_get_string (parameter, NULL));
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (result == NULL || !ld_verify_page_may_verify (self, result))
    return;
  g_ptr_array_add (results, json_object_ref (result));
  start_verify (self, results);
}

/* Sending back for re-entry. */

static void
on_returned_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = ld_lab_return_result_finish (LD_API_CLIENT (source), result,
                                                              &error);

  if (call_ended_without_answer (self, answer, error))
    return;
  ld_verify_page_set_busy (self, FALSE, _("Sent back: the result waits to be entered again."), FALSE);
}

static void
on_return_reason_changed_cb (GtkEditable      *entry,
                             AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "send-back", *reason != '\0');
}

static void
on_return_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (user_data);
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "ld-reason");
  const char *id = g_object_get_data (G_OBJECT (dialog), "ld-result-id");
  JsonObject *result = ld_verify_page_find_result (self, id);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (!g_str_equal (response, "send-back") || *reason == '\0' || result == NULL)
    return;
  ld_verify_page_set_busy (self, TRUE, _("Sending back…"), FALSE);
  ld_lab_return_result_async (ld_session_get_api_client (self->session), id,
                              json_object_get_int_member_with_default (result, "version", 0),
                              reason, self->cancellable, on_returned_cb, g_object_ref (self));
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  JsonObject *result = ld_verify_page_find_result (self, id);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *value = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *reason;

  if (result == NULL || g_strcmp0 (ld_verify_page_get_member (result, "state"), "verified") != 0)
    return;
  value = ld_verify_page_dup_value_text (result);
  /* Translators: %s is a result in words, "Haemoglobin 11.2 g/dL (low)". */
  heading = g_strdup_printf (_("Send %s Back?"), value);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The verified value is withdrawn and the test waits to be "
                                     "entered and verified again. What it said is kept with the "
                                     "reason."));
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  reason = adw_entry_row_new ();
  gtk_widget_set_name (reason, "return-reason");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason), _("Reason"));
  gtk_list_box_append (GTK_LIST_BOX (list), reason);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Verified"),
                                    "send-back", _("_Send Back"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send-back",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "send-back", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send-back");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "ld-reason", reason);
  g_object_set_data_full (G_OBJECT (dialog), "ld-result-id", g_strdup (id), g_free);
  g_signal_connect (reason, "changed", G_CALLBACK (on_return_reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_return_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Release and printing. */

static void
on_printed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LdVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ld_print_report_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = ld_error_text_describe (error);
      ld_desk_status_show (self->status_label, text, TRUE);
      return;
    }
  ld_desk_status_show (self->status_label,
                       self->export_path ? _("Report released and saved.")
                                         : _("Report released and sent to the printer."),
                       FALSE);
}

/* The report as the server kept it: @version 0 is the newest, and
 * @sha256 (when known) is checked before it prints. */
static void
print_report (LdVerifyPage *self,
              gint64        version,
              const char   *sha256)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  ld_print_report_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                         ld_session_get_api_client (self->session), self->order_id, version,
                         sha256, self->export_path, self->cancellable, on_printed_cb,
                         g_object_ref (self));
}

static void
on_released_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ld_outbox_submit_finish (LD_OUTBOX (source), result, &error);
  JsonObject *report = NULL;

  if (call_ended_without_answer (self, answer, error))
    return;
  if (JSON_NODE_HOLDS_OBJECT (answer))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (answer), "report");

      report = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  ld_verify_page_set_busy (self, FALSE, _("Report released; printing it…"), FALSE);
  print_report (self, report ? json_object_get_int_member_with_default (report, "version", 0) : 0,
                ld_verify_page_get_member (report, "pdf_sha256"));
}

static void
release_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (widget);
  JsonObject *order = ld_order_follow_get_order (self->follow);
  g_autoptr(JsonObject) params = NULL;
  g_autofree char *interpretation = NULL;

  if (order == NULL || self->busy)
    return;
  interpretation = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->interpretation_row))));
  params = json_object_new ();
  json_object_set_string_member (params, "order_id", self->order_id);
  json_object_set_int_member (params, "version", ld_order_get_paise (order, "version"));
  if (*interpretation != '\0')
    json_object_set_string_member (params, "interpretation", interpretation);
  ld_verify_page_set_busy (self, TRUE, _("Releasing…"), FALSE);
  ld_outbox_submit_async (ld_session_get_outbox (self->session), LD_OUTBOX_ACTION_REPORT_RELEASE,
                          params, self->cancellable, on_released_cb, g_object_ref (self));
}

static void
print_report_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  print_report (LD_VERIFY_PAGE (widget), 0, NULL);
}

/**
 * ld_verify_page_install_actions:
 *
 * The page's actions and their shortcuts, from its class_init.
 */
void
ld_verify_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "verify.verify-all", NULL, verify_all_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "verify.verify-all", NULL);
  gtk_widget_class_install_action (widget_class, "verify.verify-one", "s", verify_one_action);
  gtk_widget_class_install_action (widget_class, "verify.return", "s", return_action);
  gtk_widget_class_install_action (widget_class, "verify.release", NULL, release_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "verify.release", NULL);
  gtk_widget_class_install_action (widget_class, "verify.print-report", NULL,
                                   print_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "verify.print-report", NULL);
}

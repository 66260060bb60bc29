/* ld-verify-page-actions.c: what the verify page does
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which of these this user is offered, from the session's shared checks
 * (ld_verify_page_actions_update()); verifying (a critical value only
 * with the record of its call),
 * sending a verified result back for re-entry with a reason, previewing
 * the report as it will print (the server renders it, marked as a
 * preview), releasing it and printing the PDF the server kept. Verification and
 * release go through the outbox, which says when the server is needed;
 * sending back is a typed call (client/store/ld-lab-calls.c).
 */

#define G_LOG_DOMAIN "ld-verify-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "common/ld-status-line.h"
#include "ld-critical-call-dialog.h"
#include "ld-pdf-view.h"
#include "ld-print-pdf.h"
#include "ld-states.h"
#include "ld-verify-page-private.h"
#include "store/ld-lab-calls.h"
#include "store/ld-order-follow.h"

/* What is offered. */

/**
 * ld_verify_page_check:
 * @self: the page
 * @kind: a command on this order or one of its results
 * @result: (nullable): the result it is about, as the page holds it
 * @error: return location for the server's refusal, as it would be
 *
 * Asks the session whether this user may run @kind now, on the order and
 * results as the cache holds them (the shared records the typed items
 * hold): the check the server runs too. An order not read yet is not
 * given, so the check refuses rather than guess.
 *
 * Returns: %TRUE if the server would accept it
 */
gboolean
ld_verify_page_check (LdVerifyPage   *self,
                      LdCommandKind   kind,
                      LdResultView   *result,
                      GError        **error)
{
  const LdOrder *order = ld_order_view_get_order (ld_order_follow_get_view (self->follow));
  g_autoptr(GPtrArray) all = NULL;
  LdCommandTarget target = {
    NULL,
  };

  if (order != NULL && order->lab_state != NULL)
    target.order = order;
  if (result != NULL)
    target.result = ld_result_view_get_result (result);
  if (kind == LD_COMMAND_REPORT_RELEASE)
    {
      g_autoptr(GPtrArray) results = ld_verify_page_dup_results (self);

      all = g_ptr_array_new ();
      for (guint i = 0; i < results->len; i++)
        g_ptr_array_add (all,
                         (gpointer) ld_result_view_get_result (g_ptr_array_index (results, i)));
      target.results = all;
    }
  target.allow_self_verification = self->allow_self_verification;
  return ld_session_check (self->session, kind, &target, error);
}

static gboolean
entered_by_me (LdVerifyPage *self,
               LdResultView *result)
{
  return g_strcmp0 (ld_result_view_get_entered_by (result),
                    ld_session_get_actor (self->session)->user_id) == 0;
}

/**
 * ld_verify_page_actions_update:
 * @self: the page
 *
 * The one place that decides what the page offers, from the session's
 * checks over the order and results it holds now: each row's Verify,
 * Send Back and Amend, shown where the server would accept them; Verify
 * All while any result may be verified; Release enabled once the report
 * may be released, and not shown at all to a user the server would never
 * let release (not an authorised signatory), rather than offered to fail.
 * Previewing and printing are reads: they follow the order's state.
 */
void
ld_verify_page_actions_update (LdVerifyPage *self)
{
  LdLabState lab_state =
    ld_lab_state_parse (ld_order_view_get_lab_state (ld_order_follow_get_view (self->follow)));
  g_autoptr(GPtrArray) results = ld_verify_page_dup_results (self);
  g_autoptr(GError) release_error = NULL;
  guint n_mine = 0;
  guint n_may = 0;
  /* A result being re-read after a change is not shown for a moment:
   * "all" and the release wait for it rather than pass it by. */
  gboolean all_read = ld_record_items_get_settled (self->results);
  gboolean may_release;

  for (guint i = 0; i < results->len; i++)
    {
      LdResultView *result = g_ptr_array_index (results, i);

      if (ld_result_state_parse (ld_result_view_get_state (result)) == LD_RESULT_STATE_ENTERED)
        n_mine += entered_by_me (self, result);
      n_may += ld_verify_page_check (self, LD_COMMAND_RESULT_VERIFY, result, NULL);
    }

  for (guint i = 0; self->row_buttons != NULL && i < self->row_buttons->len; i++)
    {
      GtkWidget    *button = g_ptr_array_index (self->row_buttons, i);
      GVariant     *id = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
      LdCommandKind kind =
        GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "ld-verify-command"));
      LdResultView *result = ld_verify_page_find_result (self, g_variant_get_string (id, NULL));

      gtk_widget_set_visible (button,
                              result != NULL && ld_verify_page_check (self, kind, result, NULL));
    }

  may_release =
    ld_verify_page_check (self, LD_COMMAND_REPORT_RELEASE, NULL, &release_error) && all_read;
  gtk_widget_set_visible (self->release_button,
                          !g_error_matches (release_error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.verify-all",
                                 !self->busy && all_read && n_may > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.verify-one", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.return", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.amend", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.release", !self->busy && may_release);
  /* The interpretation goes with the release, so it is asked for then. */
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->interpretation_row),
                                                   ADW_TYPE_PREFERENCES_GROUP),
                          may_release);
  /* The server draws the preview, so it needs the server. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.preview-report",
                                 !self->busy && lab_state == LD_LAB_STATE_VERIFIED &&
                                   ld_session_get_online (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verify.print-report",
                                 !self->busy && lab_state == LD_LAB_STATE_REPORTED);

  if (n_mine > 0 && !self->allow_self_verification)
    gtk_label_set_text (self->self_label,
                        n_may == 0
                        ? _("You entered these results, so you cannot verify them: another "
                            "technician must. The lab's settings do not allow self-verification.")
                        : _("Some of these results were entered by you: another technician must "
                            "verify those. The lab's settings do not allow self-verification."));
  gtk_widget_set_visible (GTK_WIDGET (self->self_label),
                          n_mine > 0 && !self->allow_self_verification);
}

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
  g_autoptr(JsonNode) answer = ld_session_run_finish (LD_SESSION (source), result, &error);
  guint n = GPOINTER_TO_UINT (g_object_steal_data (G_OBJECT (self), "ld-verify-count"));
  g_autofree char *text = NULL;

  if (call_ended_without_answer (self, answer, error))
    return;
  /* Translators: said when results are verified. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result verified.",
                                       "%u results verified.", n), n);
  ld_verify_page_set_busy (self, FALSE, text, FALSE);
}

/* Sends the verification of @results (LdResultView); @call, when given,
 * goes with each critical one. */
static void
send_verify (LdVerifyPage         *self,
             GPtrArray            *results,
             const LdCriticalCall *call)
{
  g_autoptr(GPtrArray) entries =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_entry_free);
  g_autoptr(JsonObject) params = NULL;

  for (guint i = 0; i < results->len; i++)
    {
      LdResultView *result = g_ptr_array_index (results, i);
      LdResultEntry *entry = ld_result_entry_new (ld_result_view_get_test_code (result),
                                                  ld_result_view_get_version (result), NULL, NULL);

      if (call != NULL && ld_result_view_get_critical (result))
        entry->critical_call = ld_critical_call_copy (call);
      g_ptr_array_add (entries, entry);
    }
  params = ld_lab_dup_verify_body (self->order_id, entries);
  g_object_set_data (G_OBJECT (self), "ld-verify-count", GUINT_TO_POINTER (results->len));
  ld_verify_page_set_busy (self, TRUE, _("Verifying…"), FALSE);
  ld_session_run_async (self->session, LD_OUTBOX_ACTION_RESULT_VERIFY, NULL, params,
                        self->cancellable, on_verified_cb, g_object_ref (self));
}

static void
on_call_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (user_data);
  GPtrArray *results = g_object_get_data (G_OBJECT (dialog), "ld-results");
  g_autoptr(LdCriticalCall) call = NULL;

  if (g_str_equal (response, "record"))
    call = ld_critical_call_dialog_dup_call (LD_CRITICAL_CALL_DIALOG (dialog));
  if (call == NULL)
    {
      ld_status_line_show (self->status_label,
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
      LdResultView *result = g_ptr_array_index (results, i);
      g_autofree char *value = NULL;

      if (!ld_result_view_get_critical (result))
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

  dialog =
    ld_critical_call_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, values->str);
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
  g_autoptr(GPtrArray) all = ld_verify_page_dup_results (self);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < all->len; i++)
    if (ld_verify_page_check (self, LD_COMMAND_RESULT_VERIFY, g_ptr_array_index (all, i), NULL))
      g_ptr_array_add (results, g_object_ref (g_ptr_array_index (all, i)));
  start_verify (self, results);
}

static void
verify_one_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (widget);
  LdResultView *result = ld_verify_page_find_result (self, g_variant_get_string (parameter, NULL));
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);

  if (result == NULL || !ld_verify_page_check (self, LD_COMMAND_RESULT_VERIFY, result, NULL))
    return;
  g_ptr_array_add (results, g_object_ref (result));
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
  g_autoptr(JsonObject) answer = ld_lab_call_finish (LD_API_CLIENT (source), result, &error);

  if (call_ended_without_answer (self, answer, error))
    return;
  ld_verify_page_set_busy (self, FALSE,
                           _("Sent back: the result waits to be entered again."), FALSE);
}

/* The text of a dialog's field, trimmed; "" for none. */
static char *
dup_field (AdwMessageDialog *dialog,
           const char       *name)
{
  GtkEditable *row = g_object_get_data (G_OBJECT (dialog), name);

  return g_strstrip (g_strdup (row ? gtk_editable_get_text (row) : ""));
}

static void
on_field_changed_cb (GtkEditable      *row,
                     AdwMessageDialog *dialog)
{
  const char * const *names = g_object_get_data (G_OBJECT (dialog), "ld-fields");
  const char *response = g_object_get_data (G_OBJECT (dialog), "ld-response");
  gboolean complete = TRUE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *text = dup_field (dialog, names[i]);

      complete = complete && *text != '\0';
    }
  adw_message_dialog_set_response_enabled (dialog, response, complete);
}

/* A dialog about the result @id that asks for each of @fields (name,
 * title, name, title, …, %NULL), every one required, before @response
 * (labelled @label) may be given; @callback gets the response. */
static void
ask_about_result (LdVerifyPage  *self,
                  const char    *id,
                  const char    *heading,
                  const char    *body,
                  const char    *keep_label,
                  const char    *response,
                  const char    *label,
                  GCallback      callback,
                  const char    *first_name,
                  ...)
{
  GtkRoot   *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog =
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  GtkWidget    *list = gtk_list_box_new ();
  GStrvBuilder *names = g_strv_builder_new ();
  va_list args;

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      GtkWidget *row = adw_entry_row_new ();

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), va_arg (args, const char *));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_object_set_data (G_OBJECT (dialog), name, row);
      g_signal_connect (row, "changed", G_CALLBACK (on_field_changed_cb), dialog);
      g_strv_builder_add (names, name);
    }
  va_end (args);
  g_object_set_data_full (G_OBJECT (dialog), "ld-fields", g_strv_builder_end (names),
                          (GDestroyNotify) g_strfreev);
  g_strv_builder_unref (names);
  g_object_set_data_full (G_OBJECT (dialog), "ld-response", g_strdup (response), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "ld-result-id", g_strdup (id), g_free);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", keep_label,
                                    response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), response, FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", callback, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_return_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (user_data);
  const char *id = g_object_get_data (G_OBJECT (dialog), "ld-result-id");
  LdResultView *result = ld_verify_page_find_result (self, id);
  g_autofree char *reason = dup_field (dialog, "return-reason");

  if (!g_str_equal (response, "send-back") || *reason == '\0' || result == NULL)
    return;
  ld_verify_page_set_busy (self, TRUE, _("Sending back…"), FALSE);
  ld_lab_return_result_async (ld_session_get_api_client (self->session), id,
                              ld_result_view_get_version (result), reason, self->cancellable,
                              on_returned_cb, g_object_ref (self));
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  LdResultView *result = ld_verify_page_find_result (self, id);
  g_autofree char *value = NULL;
  g_autofree char *heading = NULL;

  if (result == NULL || !ld_verify_page_check (self, LD_COMMAND_RESULT_RETURN, result, NULL))
    return;
  value = ld_verify_page_dup_value_text (result);
  /* Translators: %s is a result in words, "Haemoglobin 11.2 g/dL (low)". */
  heading = g_strdup_printf (_("Send %s Back?"), value);
  ask_about_result (self, id, heading,
                    _("The verified value is withdrawn and the test waits to be entered and "
                      "verified again. What it said is kept with the reason."),
                       _("_Keep Verified"), "send-back",
                          _("_Send Back"), G_CALLBACK (on_return_response_cb), "return-reason",
                             _("Reason"), NULL);
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
      ld_status_line_show (self->status_label, text, TRUE);
      return;
    }
  ld_status_line_show (self->status_label,
                       self->export_path ? _("Report saved.")
                                         : _("Report sent to the printer."), FALSE);
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
  g_autoptr(JsonNode) answer = ld_session_run_finish (LD_SESSION (source), result, &error);
  g_autofree char *sha256 = NULL;
  gint64 version;

  if (call_ended_without_answer (self, answer, error))
    return;
  ld_lab_read_report_answer (answer, &version, &sha256);
  ld_verify_page_set_busy (self, FALSE, _("Report released; printing it…"), FALSE);
  print_report (self, version, sha256);
}

static void
release_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (widget);
  LdOrderView *order = ld_order_follow_get_view (self->follow);
  g_autoptr(JsonObject) params = NULL;
  g_autofree char *interpretation = NULL;

  if (!ld_order_view_get_loaded (order) || self->busy ||
      !ld_verify_page_check (self, LD_COMMAND_REPORT_RELEASE, NULL, NULL))
    return;
  interpretation =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->interpretation_row))));
  params =
    ld_lab_dup_release_body (self->order_id, ld_order_view_get_version (order), interpretation);
  ld_verify_page_set_busy (self, TRUE, _("Releasing…"), FALSE);
  ld_session_run_async (self->session, LD_OUTBOX_ACTION_REPORT_RELEASE, NULL, params,
                        self->cancellable, on_released_cb, g_object_ref (self));
}

static void
on_preview_opened_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(LdVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWindow) window = ld_pdf_view_open_preview_finish (result, &error);

  if (window != NULL)
    {
      ld_verify_page_set_busy (self, FALSE, _("The preview is open in its own window; release "
                                              "when it reads right."), FALSE);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  call_ended_without_answer (self, NULL, error);
}

/* The report release would issue, as it will print, drawn by the server
 * with the release's own layout and marked as a preview on every page. */
static void
preview_report_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->busy)
    return;
  ld_verify_page_set_busy (self, TRUE, _("Opening the preview…"), FALSE);
  ld_pdf_view_open_preview_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                  ld_session_get_api_client (self->session), self->order_id,
                                  self->cancellable, on_preview_opened_cb, g_object_ref (self));
}

static void
print_report_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  print_report (LD_VERIFY_PAGE (widget), 0, NULL);
}

/* Amending a released result. */

static void
on_amended_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LdVerifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  gint64 version;
  gboolean amended =
    ld_lab_report_finish (LD_API_CLIENT (source), result, &version, &sha256, &error);

  if (call_ended_without_answer (self, amended ? self : NULL, error))
    return;
  ld_verify_page_set_busy (self, FALSE, _("Report corrected; printing the corrected report…"),
                           FALSE);
  print_report (self, version, sha256);
}

static void
on_amend_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (user_data);
  LdResultView *result =
    ld_verify_page_find_result (self, g_object_get_data (G_OBJECT (dialog), "ld-result-id"));
  g_autofree char *value = dup_field (dialog, "amend-value");
  g_autofree char *reason = dup_field (dialog, "amend-reason");

  if (!g_str_equal (response, "amend") || *value == '\0' || *reason == '\0' || result == NULL)
    return;
  ld_verify_page_set_busy (self, TRUE, _("Correcting the report…"), FALSE);
  ld_lab_amend_async (ld_session_get_api_client (self->session), self->order_id,
                      ld_result_view_get_test_code (result),
                      ld_result_view_get_version (result), value,
                      reason, self->cancellable, on_amended_cb, g_object_ref (self));
}

static void
amend_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LdVerifyPage *self = LD_VERIFY_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  LdResultView *result = ld_verify_page_find_result (self, id);
  g_autofree char *value = NULL;
  g_autofree char *heading = NULL;

  if (result == NULL || !ld_verify_page_check (self, LD_COMMAND_RESULT_AMEND, result, NULL))
    return;
  value = ld_verify_page_dup_value_text (result);
  /* Translators: %s is a result in words, "Potassium 6.8 mmol/L (critical high)". */
  heading = g_strdup_printf (_("Amend %s?"), value);
  ask_about_result (self, id, heading,
                    _("A corrected report is issued and printed, showing the value it replaces "
                      "and the reason. The released report stays on record."),
                       _("_Cancel"), "amend",
                          _("_Amend and Print"), G_CALLBACK (on_amend_response_cb), "amend-value",
                             _("Corrected value"), "amend-reason", _("Reason"), NULL);
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
  gtk_widget_class_install_action (widget_class, "verify.amend", "s", amend_action);
  gtk_widget_class_install_action (widget_class, "verify.release", NULL, release_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "verify.release", NULL);
  gtk_widget_class_install_action (widget_class, "verify.preview-report", NULL,
                                   preview_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "verify.preview-report", NULL);
  gtk_widget_class_install_action (widget_class, "verify.print-report", NULL,
                                   print_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "verify.print-report", NULL);
}

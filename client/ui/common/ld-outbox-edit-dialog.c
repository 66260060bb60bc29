/* ld-outbox-edit-dialog.c: a refused action corrected and sent again
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server refused something done here (a field it would not take, or
 * a record someone else changed first). The person sees why, in their
 * language, with each field error beside its field; corrects the values
 * and sends the work again in its place, or discards it. For a stale
 * edit the record as the server has it now is shown beside theirs:
 * sending again puts their values over it (at its version), discarding
 * keeps it.
 */

#define G_LOG_DOMAIN "ld-outbox-edit-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-error.h"
#include "ld-error-text.h"
#include "ld-outbox-edit-dialog.h"
#include "store/ld-outbox-fields.h"

struct _LdOutboxEditDialog
{
  AdwWindow             parent_instance;

  LdSession            *session;
  LdOutboxEntry        *entry;
  GCancellable         *cancellable;
  /* Wire name → the row that edits it. */
  GHashTable           *rows;

  GtkLabel             *refusal_label;
  AdwPreferencesGroup  *current_group;
  AdwPreferencesGroup  *fields_group;
};

G_DEFINE_FINAL_TYPE (LdOutboxEditDialog, ld_outbox_edit_dialog, ADW_TYPE_WINDOW)

/* The names a person knows the fields by. */
static const struct
{
  const char *member;
  const char *title;
} field_titles[] = {
  { "name", N_("Name") },
    { "sex", N_("Sex") },
      { "date_of_birth", N_("Date of birth (YYYY-MM-DD)") },
        { "age_years", N_("Age in years") },
          { "phone", N_("Phone") },
            { "email", N_("Email") },
              { "address", N_("Address") },
                { "national_id", N_("National health ID") },
                  { "amount_paise", N_("Amount (paise)") },
                    { "tendered_paise", N_("Cash tendered (paise)") },
                      { "reference", N_("Terminal reference") },
                        { "method", N_("Method") },
                          { "reason", N_("Reason") },
                            { "priority", N_("Priority") },
                              { "clinical_notes", N_("Clinical notes") },
                                { "referring_doctor_name", N_("Referring doctor") },
                                  { "discount.kind", N_("Discount kind (percent or amount)") },
                                    { "discount.value",
                                      N_("Discount (percent, or paise for an amount)") },
                                      { "discount.reason", N_("Discount reason") },
                                    };

static const char *
field_title (const char *member)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_titles); i++)
    if (g_str_equal (field_titles[i].member, member))
      return _(field_titles[i].title);
  return member;
}

static void
show_refusal (LdOutboxEditDialog *self)
{
  g_autoptr(GError) error = NULL;
  LdApiError code = LD_API_ERROR_INTERNAL;
  const char *message = ld_outbox_entry_get_error_message (self->entry);
  g_autofree char *text = NULL;

  ld_api_error_from_code (ld_outbox_entry_get_error_code (self->entry), &code);
  error = g_error_new_literal (LD_API_ERROR, code, message ? message : "");
  /* The server's detail names its fields by their wire names
   * ("discount.value"); when each is marked beside its row, the title
   * and a pointer there say it in the person's words. */
  if (ld_outbox_entry_errors_on_fields (self->entry))
    text = g_strdup_printf ("%s %s", ld_error_text_title (error),
                            _("Each detail the server would not take is marked below."));
  else if (code == LD_API_ERROR_CONFLICT && ld_outbox_entry_get_current (self->entry) != NULL)
    /* The record as it is now, shown below, says the rest. */
    text = g_strdup (ld_error_text_title (error));
  else
    text = ld_error_text_describe (error);
  gtk_label_set_text (self->refusal_label, text);
}

/* For a conflict: the server's values of the fields this work sets. */
static void
fill_current (LdOutboxEditDialog *self,
              GPtrArray          *fields)
{
  JsonNode *current = ld_outbox_entry_get_current (self->entry);

  if (current == NULL || !JSON_NODE_HOLDS_OBJECT (current))
    return;
  for (guint i = 0; i < fields->len; i++)
    {
      const LdOutboxField *field = g_ptr_array_index (fields, i);
      GtkWidget *row;

      if (field->current == NULL)
        continue;
      /* The value read first and large, its field below, as the patient
       * page shows a record (libadwaita 1.2 has no "property" rows). */
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     *field->current ? field->current : _("(empty)"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), field_title (field->path));
      adw_preferences_group_add (self->current_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->current_group), TRUE);
}

/* A row for each field the person can correct, named by its wire path:
 * "phone", or "discount.value" for a member of an object the work holds
 * (a booking's discount), since the server names its field errors so;
 * each field error beside its field, in the person's language. */
static void
fill_fields (LdOutboxEditDialog *self)
{
  g_autoptr(GPtrArray) fields = ld_outbox_entry_dup_fields (self->entry);

  for (guint i = 0; i < fields->len; i++)
    {
      const LdOutboxField *field = g_ptr_array_index (fields, i);
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_title (field->path));
      gtk_editable_set_text (GTK_EDITABLE (row), field->text ? field->text : "");
      gtk_widget_set_name (row, field->path);
      adw_preferences_group_add (self->fields_group, row);
      g_hash_table_insert (self->rows, g_strdup (field->path), row);
    }
  for (guint i = 0; i < fields->len; i++)
    {
      const LdOutboxField *field = g_ptr_array_index (fields, i);

      if (field->error != NULL)
        ld_field_error_set (g_hash_table_lookup (self->rows, field->path), field->error);
    }

  if (g_strcmp0 (ld_outbox_entry_get_error_code (self->entry), "conflict") == 0)
    fill_current (self, fields);
}

/* The work as corrected, or NULL when a field cannot be read. */
static JsonObject *
collect_params (LdOutboxEditDialog *self)
{
  g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) not_numbers = g_ptr_array_new_with_free_func (g_free);
  JsonObject *params;
  GHashTableIter iter;
  gpointer path, row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &path, &row))
    {
      ld_field_error_set (row, NULL);
      g_hash_table_insert (texts, path, (gpointer) gtk_editable_get_text (GTK_EDITABLE (row)));
    }
  params = ld_outbox_entry_dup_corrected_params (self->entry, texts, not_numbers);
  for (guint i = 0; i < not_numbers->len; i++)
    ld_field_error_set (g_hash_table_lookup (self->rows, g_ptr_array_index (not_numbers, i)),
                        _("Enter a whole number."));
  return params;
}

static void
toast (GtkWindow  *parent,
       const char *text)
{
  /* The dialog is a window of its own, outside the main window's
   * actions: its transient parent says it. */
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", text);
}

static void
on_resent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LdOutboxEditDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ld_outbox_resend_finish (LD_OUTBOX (source), result, &error))
    {
      g_autofree char *text = ld_error_text_describe (error);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->refusal_label, text);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox-edit.send", TRUE);
      return;
    }
  toast (gtk_window_get_transient_for (GTK_WINDOW (self)),
         _("Corrected work queued to be sent again."));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdOutboxEditDialog *self = LD_OUTBOX_EDIT_DIALOG (widget);
  g_autoptr(JsonObject) params = collect_params (self);

  if (params == NULL)
    return;
  gtk_widget_action_set_enabled (widget, "outbox-edit.send", FALSE);
  ld_outbox_resend_async (ld_session_get_outbox (self->session), self->entry, params,
                          self->cancellable, on_resent_cb, g_object_ref (self));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LdOutboxEditDialog *self = LD_OUTBOX_EDIT_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  ld_outbox_edit_dialog_confirm_discard (parent, self->session, self->entry);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ld_outbox_edit_dialog_dispose (GObject *object)
{
  LdOutboxEditDialog *self = (LdOutboxEditDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_OUTBOX_EDIT_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->entry);

  G_OBJECT_CLASS (ld_outbox_edit_dialog_parent_class)->dispose (object);
}

static void
ld_outbox_edit_dialog_class_init (LdOutboxEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_outbox_edit_dialog_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/common/ld-outbox-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdOutboxEditDialog, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, LdOutboxEditDialog, current_group);
  gtk_widget_class_bind_template_child (widget_class, LdOutboxEditDialog, fields_group);

  gtk_widget_class_install_action (widget_class, "outbox-edit.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "outbox-edit.discard", NULL, discard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "outbox-edit.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ld_outbox_edit_dialog_init (LdOutboxEditDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_outbox_edit_dialog_new:
 * @parent: the window it belongs to
 * @session: the signed-in session
 * @entry: a refused entry of the session's outbox
 *
 * Returns: (transfer none): the dialog, owned by GTK until closed
 */
GtkWindow *
ld_outbox_edit_dialog_new (GtkWindow     *parent,
                           LdSession     *session,
                           LdOutboxEntry *entry)
{
  LdOutboxEditDialog *self;

  g_return_val_if_fail (LD_IS_SESSION (session), NULL);
  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (entry), NULL);

  /* GTK 4.8 keeps a window's role from the instance, not its class. */
  self = g_object_new (LD_TYPE_OUTBOX_EDIT_DIALOG, "transient-for", parent,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->entry = g_object_ref (entry);
  {
    g_autofree char *title = ld_outbox_edit_dialog_describe_entry (entry);

    gtk_window_set_title (GTK_WINDOW (self), title);
  }
  fill_fields (self);
  show_refusal (self);
  return GTK_WINDOW (self);
}

typedef struct
{
  LdSession     *session;
  LdOutboxEntry *entry;
  GtkWindow     *parent;
} Discard;

static void
discard_free (Discard *discard)
{
  g_object_unref (discard->session);
  g_object_unref (discard->entry);
  g_clear_weak_pointer (&discard->parent);
  g_free (discard);
}

static void
on_discarded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Discard *discard = user_data;
  g_autoptr(GError) error = NULL;

  if (!ld_outbox_discard_finish (LD_OUTBOX (source), result, &error))
    {
      g_autofree char *text = ld_error_text_describe (error);

      toast (discard->parent, text);
    }
  else
    toast (discard->parent, _("The work was discarded; it will not be sent."));
  discard_free (discard);
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        Discard          *discard)
{
  if (g_strcmp0 (response, "discard") != 0)
    {
      discard_free (discard);
      return;
    }
  ld_outbox_discard_async (ld_session_get_outbox (discard->session), discard->entry, NULL,
                           on_discarded_cb, discard);
}

/**
 * ld_outbox_edit_dialog_confirm_discard:
 * @parent: the window it belongs to
 * @session: the signed-in session
 * @entry: an entry of the session's outbox
 *
 * Asks whether to discard @entry, saying what will be lost, and does.
 */
void
ld_outbox_edit_dialog_confirm_discard (GtkWindow     *parent,
                                       LdSession     *session,
                                       LdOutboxEntry *entry)
{
  Discard *discard = g_new0 (Discard, 1);
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  g_autofree char *title = ld_outbox_edit_dialog_describe_entry (entry);

  discard->session = g_object_ref (session);
  discard->entry = g_object_ref (entry);
  g_set_weak_pointer (&discard->parent, parent);

  /* Translators: %s is the work thrown away: "Register a patient: Asha Verma". */
  body = g_strdup_printf (_("“%s” will not be sent to the server, and what it changed here "
                            "will be undone. This cannot be taken back."), title);
  dialog = adw_message_dialog_new (parent, _("Discard This Work?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep It"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_discard_response_cb), discard);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * ld_outbox_edit_dialog_describe_entry:
 * @entry: an outbox entry
 *
 * Returns: (transfer full): the action and what it is about, in words:
 *   "Register a patient: Asha Verma"
 */
char *
ld_outbox_edit_dialog_describe_entry (LdOutboxEntry *entry)
{
  const char *action;
  const char *label;

  g_return_val_if_fail (LD_IS_OUTBOX_ENTRY (entry), NULL);

  action = ld_outbox_action_describe (ld_outbox_entry_get_action (entry));
  label = ld_outbox_entry_get_label (entry);
  if (label == NULL || *label == '\0')
    return g_strdup (action);
  /* Translators: an action done here, and what it is about:
   * "Register a patient: Asha Verma". */
  return g_strdup_printf (_("%s: %s"), action, label);
}

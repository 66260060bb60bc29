/* ld-patient-web-access.c: a patient's web accounts, and the desk's web code
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient page's "Web access" group: the web accounts linked to the
 * record (the patient pages, /my/), each with its address, whether it is
 * the patient's own or a family member's, how and when it was linked, and
 * whether a registration waits for the desk's review. "Give Web Code" asks
 * the server for a one-time code and shows it once, large, with the words
 * to read to the patient. Both need the server at once
 * (ld-web-access-calls.c): offline the group says so and offers nothing.
 * The list is read when the page opens, when the server comes back, and
 * when the code's dialog closes (the patient may have typed it already).
 */

#define G_LOG_DOMAIN "ld-patient-web-access"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-patient-web-access.h"
#include "store/ld-web-access-calls.h"
#include "ui/common/ld-error-text.h"

struct _LdPatientWebAccess
{
  AdwBin        parent_instance;

  LdSession    *session;
  char         *patient_id;
  /* The widget's life, and the list read in flight. */
  GCancellable *cancellable;
  GCancellable *read_cancellable;
  gboolean      giving;
  /* The rows shown, in the group's own list (named by its title). */
  GPtrArray    *rows;

  AdwPreferencesGroup *group;
};

G_DEFINE_FINAL_TYPE (LdPatientWebAccess, ld_patient_web_access, ADW_TYPE_BIN)

static LdRole
session_roles (LdPatientWebAccess *self)
{
  LdUser *user = self->session ? ld_session_get_user (self->session) : NULL;

  return user ? ld_user_get_roles (user) : LD_ROLE_NONE;
}

static void
update_actions (LdPatientWebAccess *self)
{
  gboolean online = self->session != NULL && ld_session_get_online (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "web-access.give-code",
                                 online && !self->giving && self->patient_id != NULL &&
                                   ld_web_access_may_give_code (session_roles (self)));
}

static void
clear (LdPatientWebAccess *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (LdPatientWebAccess *self,
         GtkWidget          *row)
{
  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (self->group, row);
}

static void
show_line (LdPatientWebAccess *self,
           const char         *text)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  gtk_widget_add_css_class (row, "dim-label");
  add_row (self, row);
}

static char *
describe_account (const LdWebAccount *account)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (account->linked_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *when = g_date_time_format (local, "%d %b %Y, %H:%M");
  const char *relation = account->family ? _("Family member") : _("Self");
  const char *how =
    account->by_code ? _("Linked with the desk’s code") : _("Registered on the patient page");

  /* Translators: "Self" or "Family member", how the account was linked,
   * and when. */
  return g_strdup_printf (_("%s · %s · %s"), relation, how, when);
}

static GtkWidget *
build_row (const LdWebAccount *account)
{
  GtkWidget *row = adw_action_row_new ();
  const char *address = account->email ? account->email : account->phone;
  g_autofree char *escaped = g_markup_escape_text (address ? address : "", -1);
  g_autofree char *subtitle = describe_account (account);
  g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  gtk_widget_set_name (row, account->account_id);
  if (account->email != NULL && account->phone != NULL)
    {
      g_autofree char *phone = g_markup_escape_text (account->phone, -1);
      g_autofree char *both = g_strdup_printf ("%s · %s", escaped, phone);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), both);
    }
  if (account->needs_review)
    {
      GtkWidget *label = gtk_label_new (_("Waiting for the desk’s review"));

      gtk_widget_add_css_class (label, "warning");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

static void
on_list_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdPatientWebAccess) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts =
               ld_web_accounts_list_finish (LD_API_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->session == NULL)
    return;
  clear (self);
  if (accounts == NULL)
    {
      show_line (self, ld_error_text_title (error));
      return;
    }
  if (accounts->len == 0)
    show_line (self, _("No web account yet"));
  for (guint i = 0; i < accounts->len; i++)
    add_row (self, build_row (g_ptr_array_index (accounts, i)));
}

static void
reload (LdPatientWebAccess *self)
{
  update_actions (self);
  if (self->session == NULL || self->patient_id == NULL)
    return;
  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  if (!ld_session_get_online (self->session))
    {
      clear (self);
      show_line (self, _("The server is needed to see and give web access"));
      return;
    }
  self->read_cancellable = g_cancellable_new ();
  ld_web_accounts_list_async (ld_session_get_api_client (self->session), self->patient_id,
                              self->read_cancellable, on_list_read_cb, g_object_ref (self));
}

/* The code's dialog. */

static void
on_copy_clicked_cb (GtkButton  *button,
                    const char *code)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), code);
  gtk_button_set_label (button, _("Copied"));
}

static void
on_code_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     LdPatientWebAccess *self)
{
  reload (self);
}

static GtkWidget *
code_label (const char *text,
            const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static void
show_code (LdPatientWebAccess  *self,
           const LdWebLinkCode *code)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = code_label (code->code, "title-1");
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy Code"));
  GtkWidget *dialog;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (code->expires_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *until = g_date_time_format (local, "%d %b %Y, %H:%M");
  g_autofree char *expiry = NULL;
  g_autofree char *words = NULL;
  g_autofree char *address =
    g_strconcat (ld_api_client_get_base_uri (ld_session_get_api_client (self->session)), "/my/link",
                 NULL);
  gint64 days = (code->expires_us - g_get_real_time () + G_TIME_SPAN_DAY / 2) / G_TIME_SPAN_DAY;

  days = MAX (days, 1);
  /* Translators: the words the desk reads to the patient; %s is the
   * patient page's address, %d a number of days. */
  words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Type this code at %s within %d day.",
                                        "Type this code at %s within %d days.", days),
                           address, (int) days);
  /* Translators: %s is a date and time. */
  expiry = g_strdup_printf (_("Works once, until %s."), until);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Web Code"), _("Read this to the patient, or write it down "
                                                    "for them. It is shown only now."));
  gtk_widget_set_name (dialog, "web-code-dialog");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_name (label, "web-code-label");
  gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Web code"), -1);
  gtk_widget_set_name (copy, "copy-web-code");
  gtk_widget_set_halign (copy, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the web code"), -1);
  g_signal_connect_data (copy, "clicked", G_CALLBACK (on_copy_clicked_cb), g_strdup (code->code),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), copy);
  gtk_box_append (GTK_BOX (box), code_label (words, NULL));
  gtk_box_append (GTK_BOX (box), code_label (expiry, "dim-label"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "done", _("_Done"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "done");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "done");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_code_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_code_made_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdPatientWebAccess) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdWebLinkCode) code =
               ld_web_link_code_new_finish (LD_API_CLIENT (source), result, &error);

  self->giving = FALSE;
  update_actions (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->session == NULL)
    return;
  if (code == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                                  ld_error_text_title (error));
      return;
    }
  show_code (self, code);
}

static void
give_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdPatientWebAccess *self = LD_PATIENT_WEB_ACCESS (widget);

  if (self->session == NULL || self->giving)
    return;
  self->giving = TRUE;
  update_actions (self);
  ld_web_link_code_new_async (ld_session_get_api_client (self->session), self->patient_id,
                              self->cancellable, on_code_made_cb, g_object_ref (self));
}

/**
 * ld_patient_web_access_set_patient:
 * @self: the group
 * @session: the desk's session
 * @patient_id: the patient whose web access to show
 *
 * Shows @patient_id's web accounts, for the roles that may see them; the
 * group is hidden from the others.
 */
void
ld_patient_web_access_set_patient (LdPatientWebAccess *self,
                                   LdSession          *session,
                                   const char         *patient_id)
{
  g_return_if_fail (LD_IS_PATIENT_WEB_ACCESS (self));
  g_return_if_fail (LD_IS_SESSION (session) && patient_id != NULL);

  if (self->session != session)
    {
      g_set_object (&self->session, session);
      g_signal_connect_object (session, "notify::online", G_CALLBACK (reload), self,
                               G_CONNECT_SWAPPED);
    }
  g_free (self->patient_id);
  self->patient_id = g_strdup (patient_id);
  gtk_widget_set_visible (GTK_WIDGET (self), ld_web_access_may_list (session_roles (self)));
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    reload (self);
  else
    update_actions (self);
}

static void
ld_patient_web_access_dispose (GObject *object)
{
  LdPatientWebAccess *self = (LdPatientWebAccess *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_PATIENT_WEB_ACCESS);

  G_OBJECT_CLASS (ld_patient_web_access_parent_class)->dispose (object);
}

static void
ld_patient_web_access_finalize (GObject *object)
{
  LdPatientWebAccess *self = (LdPatientWebAccess *) object;

  g_free (self->patient_id);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (ld_patient_web_access_parent_class)->finalize (object);
}

static void
ld_patient_web_access_class_init (LdPatientWebAccessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_patient_web_access_dispose;
  object_class->finalize = ld_patient_web_access_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/desk/ld-patient-web-access.ui");
  gtk_widget_class_bind_template_child (widget_class, LdPatientWebAccess, group);
  gtk_widget_class_install_action (widget_class, "web-access.give-code", NULL, give_code_action);
}

static void
ld_patient_web_access_init (LdPatientWebAccess *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "web-access.give-code", FALSE);
}

/* ld-admin-user-page.c: one user: account, roles and signatory details
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new user (no id) or an existing one. Saving sends only what changed,
 * with the version last seen; the server's rules (a taken user name, the
 * last administrator, one's own account) come back in its words, beside
 * the field when it names one. A password the server makes is shown once,
 * with a button to copy it, and never again.
 */

#define G_LOG_DOMAIN "ld-admin-user-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-admin-call.h"
#include "ld-admin-user-page.h"
#include "ld-error.h"
#include "ld-user.h"

struct _LdAdminUserPage
{
  AdwBin          parent_instance;

  LdSession      *session;
  char           *id;
  /* The user as the server last answered; NULL while new or loading. */
  LdUser         *user;
  /* A signature chosen and not yet sent, or its removal. */
  GBytes         *signature;
  gboolean        remove_signature;
  gboolean        busy;
  /* Wire names to their fields, for the server's field errors. */
  GHashTable     *fields;

  GtkLabel       *title_label;
  GtkLabel       *status_label;
  GtkWidget      *reset_button;
  AdwEntryRow    *username_row;
  AdwEntryRow    *display_name_row;
  AdwActionRow   *enabled_row;
  GtkSwitch      *enabled_switch;
  AdwPreferencesGroup *roles_group;
  GtkCheckButton *role_reception;
  GtkCheckButton *role_doctor;
  GtkCheckButton *role_technician;
  GtkCheckButton *role_admin;
  AdwEntryRow    *qualification_row;
  AdwEntryRow    *registration_row;
  AdwActionRow   *can_sign_row;
  GtkSwitch      *can_sign_switch;
  AdwActionRow   *signature_row;
  AdwEntryRow    *email_row;
  AdwActionRow   *critical_email_row;
  GtkSwitch      *critical_email_switch;
};

G_DEFINE_FINAL_TYPE (LdAdminUserPage, ld_admin_user_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void update_actions (LdAdminUserPage *self);

static LdRole
read_roles (LdAdminUserPage *self)
{
  LdRole roles = LD_ROLE_NONE;

  if (gtk_check_button_get_active (self->role_reception))
    roles |= LD_ROLE_RECEPTION;
  if (gtk_check_button_get_active (self->role_doctor))
    roles |= LD_ROLE_DOCTOR;
  if (gtk_check_button_get_active (self->role_technician))
    roles |= LD_ROLE_TECHNICIAN;
  if (gtk_check_button_get_active (self->role_admin))
    roles |= LD_ROLE_ADMIN;
  return roles;
}

/* The entry's text without its outer spaces; NULL when empty. */
static char *
dup_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
show_signature_state (LdAdminUserPage *self)
{
  const char *state;

  if (self->signature != NULL)
    state = _("A new image is chosen; it is kept when you save");
  else if (self->remove_signature)
    state = _("Removed when you save");
  else if (self->user != NULL && ld_user_get_has_signature (self->user))
    state = _("An image is kept");
  else
    state = _("None");
  adw_action_row_set_subtitle (self->signature_row, state);
}

static void
fill (LdAdminUserPage *self)
{
  LdUser *user = self->user;
  LdRole roles = ld_user_get_roles (user);

  gtk_label_set_text (self->title_label, ld_user_get_display_name (user));
  /* The user name is fixed once made. */
  gtk_editable_set_editable (GTK_EDITABLE (self->username_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->enabled_row), TRUE);
  gtk_widget_set_visible (self->reset_button, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), ld_user_get_username (user));
  gtk_editable_set_text (GTK_EDITABLE (self->display_name_row), ld_user_get_display_name (user));
  gtk_switch_set_active (self->enabled_switch, !ld_user_get_disabled (user));
  gtk_check_button_set_active (self->role_reception, (roles & LD_ROLE_RECEPTION) != 0);
  gtk_check_button_set_active (self->role_doctor, (roles & LD_ROLE_DOCTOR) != 0);
  gtk_check_button_set_active (self->role_technician, (roles & LD_ROLE_TECHNICIAN) != 0);
  gtk_check_button_set_active (self->role_admin, (roles & LD_ROLE_ADMIN) != 0);
  gtk_editable_set_text (GTK_EDITABLE (self->qualification_row),
                         ld_user_get_qualification (user) ? ld_user_get_qualification (user) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->registration_row),
                         ld_user_get_registration_number (user)
                           ? ld_user_get_registration_number (user) : "");
  gtk_switch_set_active (self->can_sign_switch, ld_user_get_can_sign_reports (user));
  gtk_editable_set_text (GTK_EDITABLE (self->email_row),
                         ld_user_get_email (user) ? ld_user_get_email (user) : "");
  gtk_switch_set_active (self->critical_email_switch, ld_user_get_critical_email (user));
  g_clear_pointer (&self->signature, g_bytes_unref);
  self->remove_signature = FALSE;
  show_signature_state (self);
}

/* Checks what shared/model can as the person types; returns whether the
 * form may be sent. */
static gboolean
check_fields (LdAdminUserPage *self)
{
  g_autofree char *username = dup_text (self->username_row);
  g_autofree char *name = dup_text (self->display_name_row);
  g_autofree char *qualification = dup_text (self->qualification_row);
  g_autofree char *registration = dup_text (self->registration_row);
  g_autofree char *email = dup_text (self->email_row);
  const char *reason = NULL;
  gboolean valid = TRUE;

  if (self->id == NULL && username == NULL)
    valid = FALSE;
  if (name == NULL)
    valid = FALSE;

  if (qualification != NULL && !ld_user_check_qualification (qualification, &reason))
    {
      ld_field_error_set (GTK_WIDGET (self->qualification_row), reason);
      valid = FALSE;
    }
  else
    ld_field_error_set (GTK_WIDGET (self->qualification_row), NULL);

  if (registration != NULL && !ld_user_check_registration_number (registration, &reason))
    {
      ld_field_error_set (GTK_WIDGET (self->registration_row), reason);
      valid = FALSE;
    }
  else
    ld_field_error_set (GTK_WIDGET (self->registration_row), NULL);

  /* The e-mail address by the patients' rule; critical results by
   * e-mail need one (ld_user_check_contact()). */
  {
    g_autoptr(LdUser) probe = ld_user_new ("probe", "probe", "probe", LD_ROLE_DOCTOR);
    const char *field = NULL;

    ld_user_set_email (probe, email);
    ld_user_set_critical_email (probe, gtk_switch_get_active (self->critical_email_switch));
    ld_field_error_set (GTK_WIDGET (self->email_row), NULL);
    ld_field_error_set (GTK_WIDGET (self->critical_email_row), NULL);
    if (!ld_user_check_contact (probe, &field, &reason))
      {
        GtkWidget *widget = g_hash_table_lookup (self->fields, field);

        ld_field_error_set (widget ? widget : GTK_WIDGET (self->email_row), reason);
        valid = FALSE;
      }
  }

  if (read_roles (self) == LD_ROLE_NONE)
    {
      ld_field_error_set (GTK_WIDGET (self->roles_group), N_("must name at least one role"));
      valid = FALSE;
    }
  else
    ld_field_error_set (GTK_WIDGET (self->roles_group), NULL);

  if (valid && gtk_switch_get_active (self->can_sign_switch))
    {
      g_autoptr(LdUser) probe = ld_user_new ("probe", "probe", "probe", read_roles (self));
      const char *field = NULL;

      ld_user_set_qualification (probe, qualification);
      ld_user_set_registration_number (probe, registration);
      ld_user_set_can_sign_reports (probe, TRUE);
      if (!ld_user_check_signatory (probe, &field, &reason))
        {
          GtkWidget *widget = g_hash_table_lookup (self->fields, field);

          ld_field_error_set (widget ? widget : GTK_WIDGET (self->can_sign_row), reason);
          valid = FALSE;
        }
    }
  return valid;
}

static void
update_actions (LdAdminUserPage *self)
{
  gboolean online = ld_session_get_online (self->session);
  gboolean loaded = self->id == NULL || self->user != NULL;
  gboolean valid = loaded && check_fields (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.save", online && valid && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "user.reset-password",
                                 online && self->user != NULL && !self->busy);
}

static void
on_field_changed_cb (LdAdminUserPage *self)
{
  update_actions (self);
}

/* A password made by the server, shown once. */
static void
on_copy_clicked_cb (GtkButton  *button,
                    const char *password)
{
  ld_admin_copy_text (GTK_WIDGET (button), password);
  gtk_button_set_label (button, _("Copied"));
}

static void
on_password_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         GtkWidget        *page)
{
  gtk_widget_activate_action (page, "admin.saved", NULL);
}

static void
show_password (LdAdminUserPage *self,
               const char      *username,
               const char      *password)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (password);
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy Password"));
  g_autofree char *heading = NULL;

  /* Translators: the heading of the dialog showing a new password. */
  heading = g_strdup_printf (_("Password for %s"), username);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   _("This password is shown once. Copy it or write it down now "
                                     "and give it to the user; it cannot be shown again."));
  gtk_widget_set_name (dialog, "password-dialog");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_name (label, "password-label");
  gtk_widget_add_css_class (label, "title-2");
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("New password"), -1);
  gtk_widget_set_name (copy, "copy-password");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  g_signal_connect_data (copy, "clicked", G_CALLBACK (on_copy_clicked_cb), g_strdup (password),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), copy);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "done", _("_Done"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "done");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "done");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toast (LdAdminUserPage *self,
       const char      *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static void
on_saved_cb (GtkWidget    *widget,
             LdApiClient  *client,
             GAsyncResult *result)
{
  LdAdminUserPage *self = LD_ADMIN_USER_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autoptr(LdUser) current = NULL;
  g_autoptr(LdUser) user = ld_admin_save_user_finish (client, result, &password, &current, &error);

  self->busy = FALSE;
  if (error != NULL)
    {
      g_autofree char *text = NULL;

      ld_field_errors_show (error, self->fields);
      if (current != NULL)
        {
          g_set_object (&self->user, current);
          fill (self);
          ld_admin_say (self->status_label,
                        _("Someone else changed this user in the meantime. Their version "
                          "is shown now; make your change again."));
        }
      else if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_CONFLICT) ||
               g_error_matches (error, LD_API_ERROR, LD_API_ERROR_FORBIDDEN))
        {
          /* The server's own rule, such as the last administrator: its
           * message says which. */
          /* Translators: the server's reason a change was refused. */
          text = g_strdup_printf (_("Not saved: %s"), error->message);
          ld_admin_say (self->status_label, text);
        }
      else
        ld_admin_say_error (self->status_label, error);
      update_actions (self);
      return;
    }

  if (user != NULL)
    {
      g_set_object (&self->user, user);
      if (self->id == NULL)
        self->id = g_strdup (ld_user_get_id (user));
      fill (self);
    }
  ld_admin_say (self->status_label, NULL);
  update_actions (self);
  if (password != NULL && user != NULL)
    show_password (self, ld_user_get_username (user), password);
  else
    {
      toast (self, _("User saved"));
      gtk_widget_activate_action (widget, "admin.saved", NULL);
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdAdminUserPage *self = LD_ADMIN_USER_PAGE (widget);
  g_autofree char *username = dup_text (self->username_row);
  g_autofree char *name = dup_text (self->display_name_row);
  g_autofree char *qualification = dup_text (self->qualification_row);
  g_autofree char *registration = dup_text (self->registration_row);
  g_autofree char *email = dup_text (self->email_row);
  LdAdminUserEdit  edit = {
     .username = username,
     .display_name = name,
     .roles = read_roles (self),
     .qualification = qualification,
     .registration_number = registration,
     .can_sign_reports = gtk_switch_get_active (self->can_sign_switch),
     .disabled = !gtk_switch_get_active (self->enabled_switch),
     .signature_png = self->signature,
     .remove_signature = self->remove_signature,
     .email = email,
     .critical_email = gtk_switch_get_active (self->critical_email_switch),
  };

  if (self->busy || !check_fields (self))
    return;

  self->busy = TRUE;
  update_actions (self);
  ld_admin_save_user_async (ld_session_get_api_client (self->session), self->user, &edit, NULL,
                            ld_admin_done_cb, ld_admin_hold (widget, on_saved_cb));
}

static void
on_reset_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      LdAdminUserPage  *self)
{
  if (!g_str_equal (response, "reset") || self->user == NULL || self->busy)
    return;

  self->busy = TRUE;
  update_actions (self);
  ld_admin_reset_password_async (ld_session_get_api_client (self->session), self->user, NULL,
                                 ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_saved_cb));
}

static void
reset_password_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LdAdminUserPage *self = LD_ADMIN_USER_PAGE (widget);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (self->user == NULL)
    return;
  /* Translators: asks before a user's password is replaced. */
  heading = g_strdup_printf (_("Reset the password of %s?"), ld_user_get_display_name (self->user));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("Their present password stops working at once. The new one "
                                     "is shown once, for you to give them."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "reset", _("_Reset Password"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reset",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_signature_loaded_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(LdAdminUserPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GBytes) png = NULL;
  const char *reason = NULL;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      ld_field_error_set (GTK_WIDGET (self->signature_row), N_("could not be read"));
      return;
    }
  png = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (!ld_user_check_signature_png (png, &reason))
    {
      ld_field_error_set (GTK_WIDGET (self->signature_row), reason);
      return;
    }
  ld_field_error_set (GTK_WIDGET (self->signature_row), NULL);
  g_clear_pointer (&self->signature, g_bytes_unref);
  self->signature = g_steal_pointer (&png);
  self->remove_signature = FALSE;
  show_signature_state (self);
  update_actions (self);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        LdAdminUserPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    g_file_load_contents_async (file, NULL, on_signature_loaded_cb, g_object_ref (self));
  g_object_unref (chooser);
}

static void
choose_signature_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose the Signature Image"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_signature_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LdAdminUserPage *self = LD_ADMIN_USER_PAGE (widget);

  g_clear_pointer (&self->signature, g_bytes_unref);
  self->remove_signature = self->user != NULL && ld_user_get_has_signature (self->user);
  show_signature_state (self);
  update_actions (self);
}

static void
on_user_cb (GtkWidget    *widget,
            LdApiClient  *client,
            GAsyncResult *result)
{
  LdAdminUserPage *self = LD_ADMIN_USER_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdUser) user = ld_admin_get_user_finish (client, result, &error);

  if (user == NULL)
    {
      ld_admin_say_error (self->status_label, error);
      return;
    }
  g_set_object (&self->user, user);
  fill (self);
  update_actions (self);
}

static void
ld_admin_user_page_constructed (GObject *object)
{
  LdAdminUserPage *self = LD_ADMIN_USER_PAGE (object);

  G_OBJECT_CLASS (ld_admin_user_page_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  if (self->id == NULL)
    {
      gtk_label_set_text (self->title_label, _("New User"));
      gtk_widget_set_visible (GTK_WIDGET (self->enabled_row), FALSE);
      gtk_widget_set_visible (self->reset_button, FALSE);
      gtk_switch_set_active (self->enabled_switch, TRUE);
      show_signature_state (self);
    }
  else
    {
      gtk_label_set_text (self->title_label, _("Loading…"));
      ld_admin_get_user_async (ld_session_get_api_client (self->session), self->id, NULL,
                               ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_user_cb));
    }
  update_actions (self);
}

static void
ld_admin_user_page_dispose (GObject *object)
{
  LdAdminUserPage *self = LD_ADMIN_USER_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_USER_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->user);
  g_clear_pointer (&self->signature, g_bytes_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);

  G_OBJECT_CLASS (ld_admin_user_page_parent_class)->dispose (object);
}

static void
ld_admin_user_page_finalize (GObject *object)
{
  LdAdminUserPage *self = LD_ADMIN_USER_PAGE (object);

  g_free (self->id);

  G_OBJECT_CLASS (ld_admin_user_page_parent_class)->finalize (object);
}

static void
ld_admin_user_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LdAdminUserPage *self = LD_ADMIN_USER_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_user_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LdAdminUserPage *self = LD_ADMIN_USER_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_user_page_class_init (LdAdminUserPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_admin_user_page_constructed;
  object_class->dispose = ld_admin_user_page_dispose;
  object_class->finalize = ld_admin_user_page_finalize;
  object_class->get_property = ld_admin_user_page_get_property;
  object_class->set_property = ld_admin_user_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-user-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, enabled_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, roles_group);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, role_reception);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, role_doctor);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, role_technician);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, role_admin);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, qualification_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, critical_email_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, critical_email_switch);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, registration_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, can_sign_row);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, can_sign_switch);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUserPage, signature_row);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);

  gtk_widget_class_install_action (widget_class, "user.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "user.save",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "user.reset-password", NULL,
                                   reset_password_action);
  gtk_widget_class_install_action (widget_class, "user.choose-signature", NULL,
                                   choose_signature_action);
  gtk_widget_class_install_action (widget_class, "user.remove-signature", NULL,
                                   remove_signature_action);
}

static void
ld_admin_user_page_init (LdAdminUserPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (self->fields, (gpointer) "username", self->username_row);
  g_hash_table_insert (self->fields, (gpointer) "display_name", self->display_name_row);
  g_hash_table_insert (self->fields, (gpointer) "roles", self->roles_group);
  g_hash_table_insert (self->fields, (gpointer) "disabled", self->enabled_row);
  g_hash_table_insert (self->fields, (gpointer) "qualification", self->qualification_row);
  g_hash_table_insert (self->fields, (gpointer) "registration_number", self->registration_row);
  g_hash_table_insert (self->fields, (gpointer) "email", self->email_row);
  g_hash_table_insert (self->fields, (gpointer) "critical_email", self->critical_email_row);
  g_hash_table_insert (self->fields, (gpointer) "can_sign_reports", self->can_sign_row);
  g_hash_table_insert (self->fields, (gpointer) "signature_png", self->signature_row);
}

/**
 * ld_admin_user_page_new:
 * @session: the signed-in session
 * @id: (nullable): the user's id; %NULL for a new user
 *
 * Returns: (transfer full): the user's page
 */
GtkWidget *
ld_admin_user_page_new (LdSession  *session,
                        const char *id)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_USER_PAGE, "session", session, "id", id, NULL);
}

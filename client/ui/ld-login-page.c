/* ld-login-page.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-login-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-login-page.h"

struct _LdLoginPage
{
  AdwBin        parent_instance;

  LdContext    *context;
  GCancellable *cancellable;

  AdwEntryRow  *server_row;
  AdwEntryRow  *username_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkSpinner   *spinner;
};

G_DEFINE_FINAL_TYPE (LdLoginPage, ld_login_page, ADW_TYPE_BIN)

static void
show_error (LdLoginPage *self,
            const char  *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (LdLoginPage *self,
          gboolean     busy)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  /* A focused text field that turns insensitive gets no focus-out in
   * GTK 4.8; its cursor blink then warns ("did not receive a focus-out
   * event"). Dropping the focus first sends it. */
  if (busy && focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    gtk_root_set_focus (root, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.sign-in", !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
}

static void
on_sign_in_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LdLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSession) session = ld_session_sign_in_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (session == NULL)
    {
      /* The server's own sentence: it says what the desk needs to know
       * (wrong password, locked for N minutes, disabled account). */
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  ld_context_set_session (self->context, session);
}

static void
sign_in (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  LdLoginPage *self = LD_LOGIN_PAGE (widget);
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  LdApiClient *api_client;
  GSettings *settings;

  g_return_if_fail (self->context != NULL);

  if (*server == '\0' || *username == '\0' || *password == '\0')
    {
      show_error (self, _("Enter the server, your user name and your password."));
      return;
    }

  settings = ld_context_get_settings (self->context);
  g_settings_set_string (settings, "server-url", server);
  g_settings_set_string (settings, "last-username", username);

  api_client = ld_context_get_api_client (self->context);
  ld_api_client_set_base_uri (api_client, server);

  show_error (self, NULL);
  set_busy (self, TRUE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ld_session_sign_in_async (api_client, username, password, self->cancellable,
                            on_sign_in_cb, g_object_ref (self));
}

/* Enter moves on to the first empty field, and signs in once all three
 * are filled, so a user name followed by Enter leads to the password. */
static void
on_row_entry_activated_cb (LdLoginPage *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->server_row),
    GTK_WIDGET (self->username_row),
    GTK_WIDGET (self->password_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (*gtk_editable_get_text (GTK_EDITABLE (rows[i])) == '\0')
        {
          gtk_widget_grab_focus (rows[i]);
          return;
        }
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "login.sign-in", NULL);
}

static void
ld_login_page_dispose (GObject *object)
{
  LdLoginPage *self = (LdLoginPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_LOGIN_PAGE);

  G_OBJECT_CLASS (ld_login_page_parent_class)->dispose (object);
}

static void
ld_login_page_finalize (GObject *object)
{
  LdLoginPage *self = (LdLoginPage *) object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (ld_login_page_parent_class)->finalize (object);
}

static void
ld_login_page_class_init (LdLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_login_page_dispose;
  object_class->finalize = ld_login_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/ld-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdLoginPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, LdLoginPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, LdLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, LdLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdLoginPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_row_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "login.sign-in", NULL, sign_in);
}

static void
ld_login_page_init (LdLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_login_page_set_context:
 * @self: a page
 * @context: the context whose API client signs in and whose user is set
 *
 * Fills the server and user name from what was used last.
 */
void
ld_login_page_set_context (LdLoginPage *self,
                           LdContext   *context)
{
  g_autofree char *username = NULL;

  g_return_if_fail (LD_IS_LOGIN_PAGE (self));
  g_return_if_fail (LD_IS_CONTEXT (context));

  g_set_object (&self->context, context);

  username = g_settings_get_string (ld_context_get_settings (context), "last-username");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row),
                         ld_api_client_get_base_uri (ld_context_get_api_client (context)));
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);

  ld_login_page_focus (self);
}

/**
 * ld_login_page_focus:
 * @self: a login page
 *
 * Puts the cursor where the sign-in starts: at a shared desk the name
 * is usually right, so at the password when a name is there, else at
 * the name. The server is set once per computer, so typing never starts
 * there (its text would be selected and overwritten). The window calls
 * this when it shows the page again after a sign-out, whose cursor was
 * in the workspace gone.
 */
void
ld_login_page_focus (LdLoginPage *self)
{
  g_return_if_fail (LD_IS_LOGIN_PAGE (self));

  if (*gtk_editable_get_text (GTK_EDITABLE (self->username_row)) != '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
}

/**
 * ld_login_page_show_message:
 * @self: a login page
 * @message: (nullable): why the person is back at sign-in, or %NULL
 */
void
ld_login_page_show_message (LdLoginPage *self,
                            const char  *message)
{
  g_return_if_fail (LD_IS_LOGIN_PAGE (self));

  show_error (self, message);
}

/* ld-admin-users-page.c: the lab's users, for the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every user by user name, with their roles and state in words; the
 * window's search narrows the list by name. Enter on a user opens them
 * (admin.open-user); Ctrl+N adds one.
 */

#define G_LOG_DOMAIN "ld-admin-users-page"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-admin-call.h"
#include "ld-admin-users-page.h"
#include "ld-user.h"

struct _LdAdminUsersPage
{
  AdwBin      parent_instance;

  LdSession  *session;
  char       *filter;
  /* Users gathered page by page before the list is replaced. */
  GPtrArray  *loading;

  GtkLabel   *count_label;
  GtkLabel   *error_label;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (LdAdminUsersPage, ld_admin_users_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void load_page (LdAdminUsersPage *self,
                       const char       *after);

static char *
describe_user (LdUser *user)
{
  g_autofree char *roles = ld_roles_to_display (ld_user_get_roles (user));
  const char *state = ld_user_get_disabled (user) ? _("Disabled") : _("Active");

  if (ld_user_is_signatory (user))
    /* Translators: a user's row: user name · roles · state, for a user who
     * may sign reports. */
    return g_strdup_printf (_("%s · %s · %s · Signs reports"), ld_user_get_username (user), roles,
                               state);
  /* Translators: a user's row: user name · roles · state. */
  return g_strdup_printf (_("%s · %s · %s"), ld_user_get_username (user), roles, state);
}

static GtkWidget *
build_row (LdUser *user)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = describe_user (user);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ld_user_get_display_name (user));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  if (ld_user_get_disabled (user))
    gtk_widget_add_css_class (row, "dim-label");
  gtk_widget_set_name (row, ld_user_get_username (user));
  g_object_set_data_full (G_OBJECT (row), "ld-user", g_object_ref (user), g_object_unref);
  return row;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  LdAdminUsersPage *self = user_data;
  LdUser *user = g_object_get_data (G_OBJECT (row), "ld-user");
  g_autofree char *needle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *username = NULL;

  if (self->filter == NULL || *self->filter == '\0' || user == NULL)
    return TRUE;
  needle = g_utf8_casefold (self->filter, -1);
  name = g_utf8_casefold (ld_user_get_display_name (user), -1);
  username = g_utf8_casefold (ld_user_get_username (user), -1);
  return strstr (name, needle) != NULL || strstr (username, needle) != NULL;
}

static void
show_users (LdAdminUsersPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < self->loading->len; i++)
    gtk_list_box_append (self->list, build_row (g_ptr_array_index (self->loading, i)));

  {
    g_autofree char *count =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u user", "%u users", self->loading->len),
                       self->loading->len);
    gtk_label_set_text (self->count_label, count);
  }
  g_ptr_array_set_size (self->loading, 0);
}

static void
on_users_cb (GtkWidget    *widget,
             LdApiClient  *client,
             GAsyncResult *result)
{
  LdAdminUsersPage *self = LD_ADMIN_USERS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) users = ld_admin_list_users_finish (client, result, &next, &error);

  if (users == NULL)
    {
      ld_admin_say_error (self->error_label, error);
      g_ptr_array_set_size (self->loading, 0);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  for (guint i = 0; i < users->len; i++)
    g_ptr_array_add (self->loading, g_object_ref (g_ptr_array_index (users, i)));

  if (next != NULL)
    load_page (self, next);
  else
    show_users (self);
}

static void
load_page (LdAdminUsersPage *self,
           const char       *after)
{
  ld_admin_list_users_async (ld_session_get_api_client (self->session), after, NULL,
                             ld_admin_done_cb, ld_admin_hold (GTK_WIDGET (self), on_users_cb));
}

static void
on_list_row_activated_cb (LdAdminUsersPage *self,
                          GtkListBoxRow    *row)
{
  LdUser *user = g_object_get_data (G_OBJECT (row), "ld-user");

  if (user != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "admin.open-user", "s", ld_user_get_id (user));
}

static void
on_map_cb (LdAdminUsersPage *self)
{
  if (self->loading->len == 0 && gtk_widget_get_first_child (GTK_WIDGET (self->list)) == NULL)
    ld_admin_users_page_reload (self);
}

static void
ld_admin_users_page_dispose (GObject *object)
{
  LdAdminUsersPage *self = LD_ADMIN_USERS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_USERS_PAGE);
  g_clear_object (&self->session);
  g_clear_pointer (&self->filter, g_free);
  g_clear_pointer (&self->loading, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_admin_users_page_parent_class)->dispose (object);
}

static void
ld_admin_users_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LdAdminUsersPage *self = LD_ADMIN_USERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_users_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LdAdminUsersPage *self = LD_ADMIN_USERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_admin_users_page_class_init (LdAdminUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_admin_users_page_dispose;
  object_class->get_property = ld_admin_users_page_get_property;
  object_class->set_property = ld_admin_users_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminUsersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUsersPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdAdminUsersPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_list_row_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "admin.open-user", "s", "");
}

static void
ld_admin_users_page_init (LdAdminUsersPage *self)
{
  self->loading = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
}

/**
 * ld_admin_users_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the users section
 */
GtkWidget *
ld_admin_users_page_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_USERS_PAGE, "session", session, NULL);
}

/**
 * ld_admin_users_page_reload:
 * @self: a page
 *
 * Reads the users from the server again.
 */
void
ld_admin_users_page_reload (LdAdminUsersPage *self)
{
  g_return_if_fail (LD_IS_ADMIN_USERS_PAGE (self));

  g_ptr_array_set_size (self->loading, 0);
  load_page (self, NULL);
}

/**
 * ld_admin_users_page_search:
 * @page: a users page
 * @text: the window's search text
 */
void
ld_admin_users_page_search (GtkWidget  *page,
                            const char *text)
{
  LdAdminUsersPage *self = LD_ADMIN_USERS_PAGE (page);

  g_return_if_fail (LD_IS_ADMIN_USERS_PAGE (page));

  g_free (self->filter);
  self->filter = g_strdup (text);
  gtk_list_box_invalidate_filter (self->list);
}

/* ld-home-page.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-home-page"

#include "config.h"

#include <glib/gi18n.h>

#include "admin/ld-admin-workspace.h"
#include "desk/ld-desk-workspace.h"
#include "doctor/ld-doctor-workspace.h"
#include "lab/ld-lab-workspace.h"
#include "ld-home-page.h"

struct _LdHomePage
{
  AdwBin    parent_instance;

  GtkLabel *name_label;
  GtkLabel *roles_label;
  GtkStack *workspaces;
};

G_DEFINE_FINAL_TYPE (LdHomePage, ld_home_page, ADW_TYPE_BIN)

/* One workspace per role; a signed-out window shows each as a
 * placeholder that says what it holds. */
static const struct
{
  LdRole      role;
  const char *name;
  const char *title;
  const char *icon_name;
  const char *description;
} workspaces[] = {
  { LD_ROLE_RECEPTION, "front-desk", N_("Front Desk"), "system-users-symbolic",
    N_("Register patients, book tests and take payments.") },
  { LD_ROLE_DOCTOR, "doctor", N_("Doctor"), "document-edit-symbolic",
    N_("Prescribe tests and follow your patients’ results.") },
  { LD_ROLE_TECHNICIAN, "laboratory", N_("Laboratory"), "view-list-bullet-symbolic",
    N_("Worklist, samples, results and reports.") },
  { LD_ROLE_ADMIN, "administration", N_("Administration"), "emblem-system-symbolic",
    N_("Users, the test catalogue, settings and the audit log.") },
};

static GtkWidget *
new_placeholder (guint i)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), workspaces[i].icon_name);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _(workspaces[i].title));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), _(workspaces[i].description));
  return page;
}

/* The workspace of role @i for the session, or its placeholder without
 * one. */
static GtkWidget *
new_workspace (guint      i,
               LdSession *session)
{
  if (session != NULL && workspaces[i].role == LD_ROLE_RECEPTION)
    return ld_desk_workspace_new (session);
  if (session != NULL && workspaces[i].role == LD_ROLE_DOCTOR)
    return ld_doctor_workspace_new (session);
  if (session != NULL && workspaces[i].role == LD_ROLE_TECHNICIAN)
    return ld_lab_workspace_new (session);
  if (session != NULL && workspaces[i].role == LD_ROLE_ADMIN)
    return ld_admin_workspace_new (session);
  return new_placeholder (i);
}

/* Every workspace's stack page exists once, holding a bin whose content
 * is made for each session and destroyed with it; a user sees those of
 * their roles. (Removing pages under a GtkStackSidebar crashes GTK 4.8.) */
static void
add_workspaces (LdHomePage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (workspaces); i++)
    {
      GtkWidget *bin = adw_bin_new ();
      GtkStackPage *stack_page;

      adw_bin_set_child (ADW_BIN (bin), new_workspace (i, NULL));
      stack_page = gtk_stack_add_titled (self->workspaces, bin, workspaces[i].name,
                                         _(workspaces[i].title));
      gtk_stack_page_set_visible (stack_page, FALSE);
    }
}

static void
ld_home_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_HOME_PAGE);

  G_OBJECT_CLASS (ld_home_page_parent_class)->dispose (object);
}

static void
ld_home_page_class_init (LdHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_home_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/labdesk/Labdesk/ui/ld-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdHomePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, LdHomePage, roles_label);
  gtk_widget_class_bind_template_child (widget_class, LdHomePage, workspaces);
}

static void
ld_home_page_init (LdHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_workspaces (self);
}

/**
 * ld_home_page_set_session:
 * @self: a page
 * @session: (nullable): the signed-in session; %NULL at sign-out
 *
 * Shows the user and one workspace for each role they hold, each made
 * for this session; the previous session's workspaces are destroyed.
 */
void
ld_home_page_set_session (LdHomePage *self,
                          LdSession  *session)
{
  g_autofree char *roles = NULL;
  LdUser *user = session ? ld_session_get_user (session) : NULL;
  LdRole held = user ? ld_user_get_roles (user) : LD_ROLE_NONE;
  GtkWidget *first = NULL;

  g_return_if_fail (LD_IS_HOME_PAGE (self));

  roles = ld_roles_to_display (held);
  gtk_label_set_text (self->name_label, user ? ld_user_get_display_name (user) : "");
  gtk_label_set_text (self->roles_label, roles);

  for (guint i = 0; i < G_N_ELEMENTS (workspaces); i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (self->workspaces, workspaces[i].name);
      gboolean visible = (held & workspaces[i].role) != 0;

      adw_bin_set_child (ADW_BIN (page), new_workspace (i, visible ? session : NULL));
      gtk_stack_page_set_visible (gtk_stack_get_page (self->workspaces, page), visible);
      if (visible && first == NULL)
        first = page;
    }

  if (first != NULL)
    {
      gtk_stack_set_visible_child (self->workspaces, first);
      gtk_widget_grab_focus (adw_bin_get_child (ADW_BIN (first)));
    }
}

/**
 * ld_home_page_get_workspace:
 * @self: a page
 *
 * Returns: (transfer none) (nullable): the workspace shown, when it is
 *   a built one
 */
/**
 * ld_home_page_show_workspace:
 * @self: the home page
 * @position: counted from 0, among the workspaces the user has (the
 *   sidebar's order): Ctrl+1 is the first
 *
 * Brings that workspace to the front, the cursor in it.
 *
 * Returns: %FALSE if the user has no workspace there
 */
gboolean
ld_home_page_show_workspace (LdHomePage *self,
                             guint       position)
{
  guint shown = 0;

  g_return_val_if_fail (LD_IS_HOME_PAGE (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (workspaces); i++)
    {
      GtkWidget *bin = gtk_stack_get_child_by_name (self->workspaces, workspaces[i].name);

      if (!gtk_stack_page_get_visible (gtk_stack_get_page (self->workspaces, bin)))
        continue;
      if (shown++ == position)
        {
          GtkWidget *workspace = adw_bin_get_child (ADW_BIN (bin));

          gtk_stack_set_visible_child (self->workspaces, bin);
          if (!gtk_widget_grab_focus (workspace))
            gtk_widget_child_focus (workspace, GTK_DIR_TAB_FORWARD);
          return TRUE;
        }
    }
  return FALSE;
}

LdWorkspace *
ld_home_page_get_workspace (LdHomePage *self)
{
  GtkWidget *bin;
  GtkWidget *child;

  g_return_val_if_fail (LD_IS_HOME_PAGE (self), NULL);

  bin = gtk_stack_get_visible_child (self->workspaces);
  child = bin ? adw_bin_get_child (ADW_BIN (bin)) : NULL;
  return child && LD_IS_WORKSPACE (child) ? LD_WORKSPACE (child) : NULL;
}

/**
 * ld_home_page_get_workspace_name:
 * @self: a page
 *
 * Returns: (nullable): the name of the workspace shown ("front-desk",
 *   "doctor", "laboratory", "administration"), or %NULL when signed out
 */
const char *
ld_home_page_get_workspace_name (LdHomePage *self)
{
  g_return_val_if_fail (LD_IS_HOME_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->workspaces);
}

/**
 * ld_home_page_open_record:
 * @self: a page
 * @entity: "patient", "order" or "sample"
 * @id: the record's id
 *
 * Opens the record in the workspace shown, or else in the first of the
 * user's workspaces that shows that kind of record, and shows it.
 *
 * Returns: %FALSE when no workspace of the user shows it
 */
gboolean
ld_home_page_open_record (LdHomePage *self,
                          const char *entity,
                          const char *id)
{
  LdWorkspace *shown;

  g_return_val_if_fail (LD_IS_HOME_PAGE (self), FALSE);

  shown = ld_home_page_get_workspace (self);
  if (shown != NULL && ld_workspace_open_record (shown, entity, id))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (workspaces); i++)
    {
      GtkWidget *bin = gtk_stack_get_child_by_name (self->workspaces, workspaces[i].name);
      GtkWidget *child = adw_bin_get_child (ADW_BIN (bin));

      if (!gtk_stack_page_get_visible (gtk_stack_get_page (self->workspaces, bin)) ||
          !LD_IS_WORKSPACE (child) || LD_WORKSPACE (child) == shown)
        continue;
      if (ld_workspace_open_record (LD_WORKSPACE (child), entity, id))
        {
          gtk_stack_set_visible_child (self->workspaces, bin);
          return TRUE;
        }
    }
  return FALSE;
}

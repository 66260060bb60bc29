/* ld-home-page.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signed-in user and their workspaces, one per role they hold. The
 * page knows no workspace: the window hands it the table of them
 * (ld-workspaces.c), each saying its role, title and how it is made.
 */

#define G_LOG_DOMAIN "ld-home-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-home-page.h"

struct _LdHomePage
{
  AdwBin    parent_instance;

  GtkLabel *name_label;
  GtkLabel *roles_label;
  GtkStack *stack;

  /* LdWorkspaceInfo, one per role, in the sidebar's order (not owned);
   * a signed-out window shows each as a placeholder that says what it
   * holds. */
  GPtrArray *workspaces;
};

G_DEFINE_FINAL_TYPE (LdHomePage, ld_home_page, ADW_TYPE_BIN)

static GtkWidget *
new_placeholder (const LdWorkspaceInfo *info)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), info->icon_name);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _(info->title));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), _(info->description));
  return page;
}

static const LdWorkspaceInfo *
info_at (LdHomePage *self,
         guint       i)
{
  return g_ptr_array_index (self->workspaces, i);
}

/* The workspace @info for the session, or its placeholder without one. */
static GtkWidget *
new_workspace (const LdWorkspaceInfo *info,
               LdSession             *session)
{
  return session != NULL ? info->new_for (session) : new_placeholder (info);
}

static void
ld_home_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_HOME_PAGE);

  G_OBJECT_CLASS (ld_home_page_parent_class)->dispose (object);
}

static void
ld_home_page_finalize (GObject *object)
{
  g_clear_pointer (&LD_HOME_PAGE (object)->workspaces, g_ptr_array_unref);

  G_OBJECT_CLASS (ld_home_page_parent_class)->finalize (object);
}

static void
ld_home_page_class_init (LdHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_home_page_dispose;
  object_class->finalize = ld_home_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/ld-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdHomePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, LdHomePage, roles_label);
  gtk_widget_class_bind_template_child_full (widget_class, "workspaces", FALSE,
                                             G_STRUCT_OFFSET (LdHomePage, stack));
}

static void
ld_home_page_init (LdHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->workspaces = g_ptr_array_new ();
}

/**
 * ld_home_page_add_workspace:
 * @self: a page
 * @workspace: a workspace to offer (from ld_workspaces_get()), after
 *   those added before; kept, not copied
 *
 * Every workspace's stack page exists once, holding a bin whose content
 * is made for each session and destroyed with it; a user sees those of
 * their roles. (Removing pages under a GtkStackSidebar crashes GTK 4.8.)
 * Added before the first session.
 */
void
ld_home_page_add_workspace (LdHomePage            *self,
                            const LdWorkspaceInfo *workspace)
{
  GtkWidget *bin;
  GtkStackPage *stack_page;

  g_return_if_fail (LD_IS_HOME_PAGE (self));
  g_return_if_fail (workspace != NULL && workspace->new_for != NULL);

  g_ptr_array_add (self->workspaces, (gpointer) workspace);
  bin = adw_bin_new ();
  adw_bin_set_child (ADW_BIN (bin), new_workspace (workspace, NULL));
  stack_page = gtk_stack_add_titled (self->stack, bin, workspace->name, _(workspace->title));
  gtk_stack_page_set_visible (stack_page, FALSE);
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

  for (guint i = 0; i < self->workspaces->len; i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (self->stack, info_at (self, i)->name);
      gboolean visible = (held & info_at (self, i)->role) != 0;

      adw_bin_set_child (ADW_BIN (page),
                         new_workspace (info_at (self, i), visible ? session : NULL));
      gtk_stack_page_set_visible (gtk_stack_get_page (self->stack, page), visible);
      if (visible && first == NULL)
        first = page;
    }

  if (first != NULL)
    {
      gtk_stack_set_visible_child (self->stack, first);
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

  for (guint i = 0; i < self->workspaces->len; i++)
    {
      GtkWidget *bin = gtk_stack_get_child_by_name (self->stack, info_at (self, i)->name);

      if (!gtk_stack_page_get_visible (gtk_stack_get_page (self->stack, bin)))
        continue;
      if (shown++ == position)
        {
          GtkWidget *workspace = adw_bin_get_child (ADW_BIN (bin));

          gtk_stack_set_visible_child (self->stack, bin);
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

  bin = gtk_stack_get_visible_child (self->stack);
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

  return gtk_stack_get_visible_child_name (self->stack);
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

  for (guint i = 0; i < self->workspaces->len; i++)
    {
      GtkWidget *bin = gtk_stack_get_child_by_name (self->stack, info_at (self, i)->name);
      GtkWidget *child = adw_bin_get_child (ADW_BIN (bin));

      if (!gtk_stack_page_get_visible (gtk_stack_get_page (self->stack, bin)) ||
          !LD_IS_WORKSPACE (child) || LD_WORKSPACE (child) == shown)
        continue;
      if (ld_workspace_open_record (LD_WORKSPACE (child), entity, id))
        {
          gtk_stack_set_visible_child (self->stack, bin);
          return TRUE;
        }
    }
  return FALSE;
}

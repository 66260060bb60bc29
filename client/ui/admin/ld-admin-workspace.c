/* ld-admin-workspace.c: the administrator's workspace
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Administration opens on its sections: users, the catalogue, settings,
 * the audit log, analytics, backups, the outbox, the instruments and the
 * doctors' schedules (Alt+1…9). A user or a test opens as a page slid
 * over the sections; Escape goes back.
 * Everything here needs the server at once, so offline the workspace says
 * so and its pages keep their changes from being sent.
 */

#define G_LOG_DOMAIN "ld-admin-workspace"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-page-stack.h"
#include "ld-admin-analytics-page.h"
#include "ld-admin-audit-page.h"
#include "ld-admin-backups-page.h"
#include "ld-admin-instruments-page.h"
#include "ld-admin-catalog-page.h"
#include "ld-admin-outbox-page.h"
#include "ld-admin-schedule-page.h"
#include "ld-admin-settings-page.h"
#include "ld-admin-test-page.h"
#include "ld-admin-user-page.h"
#include "ld-admin-users-page.h"
#include "ld-admin-workspace.h"
#include "ld-workspaces.h"
#include "ld-workspace.h"

struct _LdAdminWorkspace
{
  AdwBin            parent_instance;

  LdSession        *session;

  LdPageStack      *navigation;
  GtkStack         *sections;
  GtkStackSwitcher *section_switcher;
  GtkLabel         *offline_label;
};

static void ld_admin_workspace_iface_init (LdWorkspaceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdAdminWorkspace, ld_admin_workspace, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_WORKSPACE,
                                                      ld_admin_workspace_iface_init))

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

/* In the order the shortcuts number them (Alt+1…9). */
static const struct
{
  const char *name;
  const char *title;
  GtkWidget *(*new_page) (LdSession *session);
  void       (*search)   (GtkWidget *page, const char *text);
} sections[] = {
  { "users", N_("Users"), ld_admin_users_page_new, ld_admin_users_page_search },
    { "catalogue", N_("Catalogue"), ld_admin_catalog_page_new, ld_admin_catalog_page_search },
      { "settings", N_("Settings"), ld_admin_settings_page_new, NULL },
        { "audit", N_("Audit Log"), ld_admin_audit_page_new, NULL },
          { "analytics", N_("Analytics"), ld_admin_analytics_page_new, NULL },
            { "backups", N_("Backups"), ld_admin_backups_page_new, NULL },
              { "outbox", N_("Outbox"), ld_admin_outbox_page_new, NULL },
                { "instruments", N_("Instruments"), ld_admin_instruments_page_new, NULL },
                  { "schedules", N_("Schedules"), ld_admin_schedule_page_new, NULL },
                };

static void
add_sections (LdAdminWorkspace *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_stack_add_titled (self->sections, sections[i].new_page (self->session),
                          sections[i].name, _(sections[i].title));
}

static void
focus_root (LdAdminWorkspace *self)
{
  GtkWidget *section = gtk_stack_get_visible_child (self->sections);

  if (section != NULL)
    gtk_widget_child_focus (section, GTK_DIR_TAB_FORWARD);
}

static void
update_online (LdAdminWorkspace *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->offline_label),
                          !ld_session_get_online (self->session));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ld_page_stack_back (LD_ADMIN_WORKSPACE (widget)->navigation);
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdAdminWorkspace *self = LD_ADMIN_WORKSPACE (widget);

  ld_page_stack_show_section (self->navigation, g_variant_get_string (parameter, NULL));
}

/* "" is a new user. */
static void
open_user_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdAdminWorkspace *self = LD_ADMIN_WORKSPACE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *key = g_strdup_printf ("user:%s", id);

  ld_page_stack_push (self->navigation, ld_admin_user_page_new (self->session, *id ? id : NULL),
                      key);
}

/* "" is a new test. */
static void
open_test_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdAdminWorkspace *self = LD_ADMIN_WORKSPACE (widget);
  const char *code = g_variant_get_string (parameter, NULL);
  g_autofree char *key = g_strdup_printf ("test:%s", code);

  ld_page_stack_push (self->navigation,
                      ld_admin_test_page_new (self->session, *code ? code : NULL), key);
}

/* A page saved what it edits: back to the section it was opened from,
 * which reads its list again. */
static void
saved_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LdAdminWorkspace *self = LD_ADMIN_WORKSPACE (widget);
  GtkWidget *section = gtk_stack_get_visible_child (self->sections);

  ld_page_stack_pop_to_root (self->navigation);
  if (LD_IS_ADMIN_USERS_PAGE (section))
    ld_admin_users_page_reload (LD_ADMIN_USERS_PAGE (section));
  else if (LD_IS_ADMIN_CATALOG_PAGE (section))
    ld_admin_catalog_page_reload (LD_ADMIN_CATALOG_PAGE (section));
  focus_root (self);
}

/* LdWorkspace. */

static void
search (LdWorkspace *workspace,
        const char  *text)
{
  LdAdminWorkspace *self = LD_ADMIN_WORKSPACE (workspace);
  const char *name = gtk_stack_get_visible_child_name (self->sections);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (sections[i].search != NULL && g_strcmp0 (name, sections[i].name) == 0)
      sections[i].search (gtk_stack_get_visible_child (self->sections), text);
}

static gboolean
activate_search (LdWorkspace *workspace)
{
  LdAdminWorkspace *self = LD_ADMIN_WORKSPACE (workspace);

  if (ld_page_stack_get_top (self->navigation) != NULL)
    return FALSE;
  return gtk_widget_child_focus (gtk_stack_get_visible_child (self->sections),
                                 GTK_DIR_TAB_FORWARD);
}

static gboolean
open_record (LdWorkspace *workspace,
             const char  *entity,
             const char  *id)
{
  /* Administration shows no patients, orders or samples. */
  return FALSE;
}

static void
ld_admin_workspace_iface_init (LdWorkspaceInterface *iface)
{
  iface->search = search;
  iface->activate_search = activate_search;
  iface->open_record = open_record;
}

/* GObject. */

static void
ld_admin_workspace_constructed (GObject *object)
{
  LdAdminWorkspace *self = LD_ADMIN_WORKSPACE (object);

  G_OBJECT_CLASS (ld_admin_workspace_parent_class)->constructed (object);

  add_sections (self);
  g_signal_connect_object (self->session, "notify::online", G_CALLBACK (update_online), self,
                           G_CONNECT_SWAPPED);
  update_online (self);
}

static void
ld_admin_workspace_dispose (GObject *object)
{
  LdAdminWorkspace *self = LD_ADMIN_WORKSPACE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_ADMIN_WORKSPACE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_admin_workspace_parent_class)->dispose (object);
}

static void
ld_admin_workspace_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LdAdminWorkspace *self = LD_ADMIN_WORKSPACE (object);

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
ld_admin_workspace_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LdAdminWorkspace *self = LD_ADMIN_WORKSPACE (object);

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
ld_admin_workspace_class_init (LdAdminWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint keys[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4, GDK_KEY_5,
                                GDK_KEY_6, GDK_KEY_7, GDK_KEY_8, GDK_KEY_9 };

  G_STATIC_ASSERT (G_N_ELEMENTS (keys) == G_N_ELEMENTS (sections));

  object_class->constructed = ld_admin_workspace_constructed;
  object_class->dispose = ld_admin_workspace_dispose;
  object_class->get_property = ld_admin_workspace_get_property;
  object_class->set_property = ld_admin_workspace_set_property;

  g_object_class_override_property (object_class, PROP_SESSION, "session");

  g_type_ensure (LD_TYPE_PAGE_STACK);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/admin/ld-admin-workspace.ui");
  gtk_widget_class_bind_template_child (widget_class, LdAdminWorkspace, navigation);
  gtk_widget_class_bind_template_child (widget_class, LdAdminWorkspace, sections);
  gtk_widget_class_bind_template_child (widget_class, LdAdminWorkspace, section_switcher);
  gtk_widget_class_bind_template_child (widget_class, LdAdminWorkspace, offline_label);

  gtk_widget_class_install_action (widget_class, "admin.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "admin.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "admin.back",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "admin.show-section", "s", show_section_action);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i], GDK_ALT_MASK,
                                         "admin.show-section", "s", sections[i].name);
  gtk_widget_class_install_action (widget_class, "admin.open-user", "s", open_user_action);
  gtk_widget_class_install_action (widget_class, "admin.open-test", "s", open_test_action);
  gtk_widget_class_install_action (widget_class, "admin.saved", NULL, saved_action);
}

static void
ld_admin_workspace_init (LdAdminWorkspace *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ld_page_stack_set_sections (self->navigation, self->sections);
  ld_page_stack_bind_back_action (self->navigation, GTK_WIDGET (self), "admin.back");
}

/**
 * ld_admin_workspace_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): administration for @session
 */
GtkWidget *
ld_admin_workspace_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_ADMIN_WORKSPACE, "session", session, NULL);
}

/* This workspace, as the shell's sidebar shows it (ld-workspaces.c). */
static const char workspace_title[] = N_("Administration");
/* clang-format off */
static const char workspace_description[] =
  N_("Users, the test catalogue, settings and the audit log.");

const LdWorkspaceInfo ld_admin_workspace_info = {
  .role = LD_ROLE_ADMIN,
  .name = "administration",
  .title = workspace_title,
  .icon_name = "emblem-system-symbolic",
  .description = workspace_description,
  .new_for = ld_admin_workspace_new,
};
/* clang-format on */

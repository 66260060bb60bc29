/* ld-doctor-workspace.c: the doctor's workstation
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The doctor works in short bursts between patients: find the patient,
 * prescribe, read results, never miss a critical value. The workspace
 * opens on one of three sections (Alt+1…3): my patients (every patient
 * when the window's search entry holds text), my orders as they move,
 * and the critical alerts still to be read. Pages slide over the
 * sections through the workspace's actions; Escape goes back.
 */

#define G_LOG_DOMAIN "ld-doctor-workspace"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-page-stack.h"
#include "ld-doctor-workspace.h"
#include "ld-history-page.h"
#include "ld-workspace.h"

struct _LdDoctorWorkspace
{
  AdwBin              parent_instance;

  LdSession          *session;
  GCancellable       *cancellable;

  LdPageStack        *navigation;
  GtkStack           *sections;
  GtkStackSwitcher   *section_switcher;
};

static void ld_doctor_workspace_iface_init (LdWorkspaceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdDoctorWorkspace, ld_doctor_workspace, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_WORKSPACE,
                                                      ld_doctor_workspace_iface_init))

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static const struct
{
  const char *name;
  const char *title;
  const char *icon_name;
} sections[] = {
  { "patients", N_("My Patients"), "system-users-symbolic" },
  { "orders", N_("My Orders"), "view-list-bullet-symbolic" },
  { "alerts", N_("Alerts"), "dialog-warning-symbolic" },
};

static GtkWidget *
new_section (LdDoctorWorkspace *self,
             guint              i)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), sections[i].icon_name);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _(sections[i].title));
  return page;
}

static void
add_sections (LdDoctorWorkspace *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_stack_add_titled (self->sections, new_section (self, i), sections[i].name,
                          _(sections[i].title));
}

/* The sections' own focus: the list of the section shown. */
static void
focus_root (LdDoctorWorkspace *self)
{
  GtkWidget *view = gtk_stack_get_visible_child (self->sections);

  if (view != NULL)
    gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD);
}

static void
on_can_go_back_cb (LdDoctorWorkspace *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doctor.back",
                                 ld_page_stack_get_can_go_back (self->navigation));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (widget);

  if (ld_page_stack_back (self->navigation) && ld_page_stack_get_top (self->navigation) == NULL)
    focus_root (self);
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (widget);
  GtkWidget *view = gtk_stack_get_child_by_name (self->sections,
                                                 g_variant_get_string (parameter, NULL));

  if (view == NULL)
    return;
  ld_page_stack_pop_to_root (self->navigation);
  gtk_stack_set_visible_child (self->sections, view);
  focus_root (self);
}

/* A patient's cumulative results and trend charts (issue 15, item 4). */
static void
open_history_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *key = g_strdup_printf ("history:%s", id);

  ld_page_stack_push (self->navigation, ld_history_page_new (self->session, id), key);
}

/* LdWorkspace. */

static void
search (LdWorkspace *workspace,
        const char  *text)
{
}

static gboolean
activate_search (LdWorkspace *workspace)
{
  return FALSE;
}

static gboolean
open_record (LdWorkspace *workspace,
             const char  *entity,
             const char  *id)
{
  return FALSE;
}

static void
ld_doctor_workspace_iface_init (LdWorkspaceInterface *iface)
{
  iface->search = search;
  iface->activate_search = activate_search;
  iface->open_record = open_record;
}

/* GObject. */

static void
ld_doctor_workspace_constructed (GObject *object)
{
  G_OBJECT_CLASS (ld_doctor_workspace_parent_class)->constructed (object);

  add_sections (LD_DOCTOR_WORKSPACE (object));
}

static void
ld_doctor_workspace_dispose (GObject *object)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_DOCTOR_WORKSPACE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_doctor_workspace_parent_class)->dispose (object);
}

static void
ld_doctor_workspace_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (object);

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
ld_doctor_workspace_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LdDoctorWorkspace *self = LD_DOCTOR_WORKSPACE (object);

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
ld_doctor_workspace_class_init (LdDoctorWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint keys[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3 };

  G_STATIC_ASSERT (G_N_ELEMENTS (keys) == G_N_ELEMENTS (sections));

  object_class->constructed = ld_doctor_workspace_constructed;
  object_class->dispose = ld_doctor_workspace_dispose;
  object_class->get_property = ld_doctor_workspace_get_property;
  object_class->set_property = ld_doctor_workspace_set_property;

  g_object_class_override_property (object_class, PROP_SESSION, "session");

  g_type_ensure (LD_TYPE_PAGE_STACK);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/doctor/ld-doctor-workspace.ui");
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, navigation);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, sections);
  gtk_widget_class_bind_template_child (widget_class, LdDoctorWorkspace, section_switcher);

  gtk_widget_class_install_action (widget_class, "doctor.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "doctor.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "doctor.back", NULL);
  gtk_widget_class_install_action (widget_class, "doctor.show-section", "s", show_section_action);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i], GDK_ALT_MASK,
                                         "doctor.show-section", "s", sections[i].name);

  /* Results history (cumulative + trends): doctor.open-history (s: patient id) */
  gtk_widget_class_install_action (widget_class, "doctor.open-history", "s", open_history_action);
}

static void
ld_doctor_workspace_init (LdDoctorWorkspace *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doctor.back", FALSE);
  g_signal_connect_object (self->navigation, "notify::can-go-back",
                           G_CALLBACK (on_can_go_back_cb), self, G_CONNECT_SWAPPED);
}

/**
 * ld_doctor_workspace_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the doctor's workstation for @session
 */
GtkWidget *
ld_doctor_workspace_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_DOCTOR_WORKSPACE, "session", session, NULL);
}

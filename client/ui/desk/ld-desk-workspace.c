/* ld-desk-workspace.c: the front desk's working day
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk opens on its sections (patients first, with the window's
 * search); opening a patient, an order or a booking slides a page over
 * them, and Escape goes back one page. Pages open each other through the
 * workspace's `desk.*` actions, so a page knows the action's name and
 * its parameter, not the class of the page it opens.
 */

#define G_LOG_DOMAIN "ld-desk-workspace"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-cash-report-page.h"
#include "ld-desk-workspace.h"
#include "ld-home-visits-page.h"
#include "ld-owing-page.h"
#include "ld-patient-search-page.h"

struct _LdDeskWorkspace
{
  AdwBin       parent_instance;

  LdSession   *session;
  /* The pages slid over the sections, oldest first; each keyed by what
   * it shows ("patient:<id>"), so opening it again goes back to it. */
  GPtrArray   *pages;

  GtkStack    *navigation;
  GtkStack    *sections;
  GtkWidget   *search_page;
  /* The day's lists: the cash report prints from its section. */
  GtkWidget   *cash_page;
};

static void ld_desk_workspace_iface_init (LdWorkspaceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdDeskWorkspace, ld_desk_workspace, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_WORKSPACE,
                                                      ld_desk_workspace_iface_init))

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GQuark
page_key_quark (void)
{
  return g_quark_from_static_string ("ld-desk-page-key");
}

static void
show_top (LdDeskWorkspace *self)
{
  GtkWidget *top = ld_desk_workspace_get_top (self);

  if (top != NULL)
    gtk_stack_set_visible_child (self->navigation, top);
  else
    gtk_stack_set_visible_child_name (self->navigation, "root");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.back", self->pages->len > 0);
}

/* Pops pages down to (not including) @depth. */
static void
pop_to (LdDeskWorkspace *self,
        guint            depth)
{
  while (self->pages->len > depth)
    {
      GtkWidget *page = g_ptr_array_steal_index (self->pages, self->pages->len - 1);

      gtk_stack_remove (self->navigation, page);
    }
  show_top (self);
}

/* The sections' own focus: the patient list or the section shown. */
static void
focus_root (LdDeskWorkspace *self)
{
  GtkWidget *section = gtk_stack_get_visible_child (self->sections);

  if (section != NULL)
    gtk_widget_child_focus (section, GTK_DIR_TAB_FORWARD);
}

/* Actions. */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ld_desk_workspace_back (LD_DESK_WORKSPACE (widget));
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (gtk_stack_get_child_by_name (self->sections, name) == NULL)
    return;
  pop_to (self, 0);
  gtk_stack_set_visible_child_name (self->sections, name);
  focus_root (self);
}

/* The day's lists. */

static void
print_cash_report_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);

  /* Printed from its section, so the desk sees what went to paper. */
  pop_to (self, 0);
  gtk_stack_set_visible_child (self->sections, self->cash_page);
  ld_cash_report_page_print (LD_CASH_REPORT_PAGE (self->cash_page));
}

/* LdWorkspace. */

static void
search (LdWorkspace *workspace,
        const char  *text)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (workspace);

  /* A search shows its results at once, wherever the desk was. */
  pop_to (self, 0);
  gtk_stack_set_visible_child_name (self->sections, "patients");
  ld_patient_search_page_set_query (LD_PATIENT_SEARCH_PAGE (self->search_page), text);
}

static gboolean
activate_search (LdWorkspace *workspace)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (workspace);

  return ld_patient_search_page_activate_first (LD_PATIENT_SEARCH_PAGE (self->search_page));
}

static gboolean
open_record (LdWorkspace *workspace,
             const char  *entity,
             const char  *id)
{
  const char *action = NULL;

  if (g_str_equal (entity, "patient"))
    action = "desk.open-patient";
  else if (g_str_equal (entity, "order"))
    action = "desk.open-order";
  else
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (workspace), action, "s", id);
}

static void
ld_desk_workspace_iface_init (LdWorkspaceInterface *iface)
{
  iface->search = search;
  iface->activate_search = activate_search;
  iface->open_record = open_record;
}

/* GObject. */

static void
ld_desk_workspace_constructed (GObject *object)
{
  LdDeskWorkspace *self = (LdDeskWorkspace *)object;

  G_OBJECT_CLASS (ld_desk_workspace_parent_class)->constructed (object);

  self->search_page = ld_patient_search_page_new (self->session);
  ld_desk_workspace_add_section (self, self->search_page, "patients", _("Patients"));

  /* The day's lists (owing, home visits, cash report). */
  ld_desk_workspace_add_section (self, ld_owing_page_new (self->session), "owing", _("Owing"));
  ld_desk_workspace_add_section (self, ld_home_visits_page_new (self->session), "visits",
                                 _("Home Visits"));
  self->cash_page = ld_cash_report_page_new (self->session);
  ld_desk_workspace_add_section (self, self->cash_page, "cash", _("Cash Report"));
}

static void
ld_desk_workspace_dispose (GObject *object)
{
  LdDeskWorkspace *self = (LdDeskWorkspace *)object;

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_DESK_WORKSPACE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_desk_workspace_parent_class)->dispose (object);
}

static void
ld_desk_workspace_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (object);

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
ld_desk_workspace_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
grab_focus (GtkWidget *widget)
{
  LdDeskWorkspace *self = LD_DESK_WORKSPACE (widget);
  GtkWidget *top = ld_desk_workspace_get_top (self);

  if (top != NULL)
    return gtk_widget_child_focus (top, GTK_DIR_TAB_FORWARD);
  return gtk_widget_grab_focus (self->search_page);
}

static void
ld_desk_workspace_class_init (LdDeskWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ld_desk_workspace_constructed;
  object_class->dispose = ld_desk_workspace_dispose;
  object_class->get_property = ld_desk_workspace_get_property;
  object_class->set_property = ld_desk_workspace_set_property;
  widget_class->grab_focus = grab_focus;

  g_object_class_override_property (object_class, PROP_SESSION, "session");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/desk/ld-desk-workspace.ui");
  gtk_widget_class_bind_template_child (widget_class, LdDeskWorkspace, navigation);
  gtk_widget_class_bind_template_child (widget_class, LdDeskWorkspace, sections);

  gtk_widget_class_install_action (widget_class, "desk.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "desk.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "desk.back", NULL);
  gtk_widget_class_install_action (widget_class, "desk.show-section", "s", show_section_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "desk.show-section", "s", "patients");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "desk.show-section", "s", "owing");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "desk.show-section", "s", "visits");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "desk.show-section", "s", "cash");

  /* The day's lists: owing, home visits, cash report. */
  gtk_widget_class_install_action (widget_class, "desk.print-cash-report", NULL,
                                   print_cash_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "desk.print-cash-report", NULL);
}

static void
ld_desk_workspace_init (LdDeskWorkspace *self)
{
  self->pages = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.back", FALSE);
}

/**
 * ld_desk_workspace_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): a new desk, made for @session alone
 */
GtkWidget *
ld_desk_workspace_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_DESK_WORKSPACE, "session", session, NULL);
}

/**
 * ld_desk_workspace_add_section:
 * @section: the section's page (a list of the day's work)
 * @name: its name for `desk.show-section` ("patients", "owing", "visits", "cash")
 * @title: its translated title on the switcher
 */
void
ld_desk_workspace_add_section (LdDeskWorkspace *self,
                               GtkWidget       *section,
                               const char      *name,
                               const char      *title)
{
  g_return_if_fail (LD_IS_DESK_WORKSPACE (self));
  g_return_if_fail (GTK_IS_WIDGET (section));

  gtk_stack_add_titled (self->sections, section, name, title);
}

/**
 * ld_desk_workspace_push:
 * @page: (transfer floating): a page to slide over the current one
 * @key: what it shows, such as "patient:<id>"; a page with the same key
 *   already open is gone back to instead, and @page dropped
 */
void
ld_desk_workspace_push (LdDeskWorkspace *self,
                        GtkWidget       *page,
                        const char      *key)
{
  g_return_if_fail (LD_IS_DESK_WORKSPACE (self));
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (key != NULL);

  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkWidget *open = g_ptr_array_index (self->pages, i);

      if (g_strcmp0 (g_object_get_qdata (G_OBJECT (open), page_key_quark ()), key) == 0)
        {
          g_object_unref (g_object_ref_sink (page));
          pop_to (self, i + 1);
          gtk_widget_child_focus (open, GTK_DIR_TAB_FORWARD);
          return;
        }
    }

  g_object_set_qdata_full (G_OBJECT (page), page_key_quark (), g_strdup (key), g_free);
  gtk_stack_add_child (self->navigation, page);
  g_ptr_array_add (self->pages, page);
  show_top (self);
  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

/**
 * ld_desk_workspace_back:
 *
 * Closes the page on top, as Escape does.
 *
 * Returns: %FALSE when the sections were already shown
 */
gboolean
ld_desk_workspace_back (LdDeskWorkspace *self)
{
  g_return_val_if_fail (LD_IS_DESK_WORKSPACE (self), FALSE);

  if (self->pages->len == 0)
    return FALSE;
  pop_to (self, self->pages->len - 1);
  if (self->pages->len == 0)
    focus_root (self);
  else
    gtk_widget_child_focus (ld_desk_workspace_get_top (self), GTK_DIR_TAB_FORWARD);
  return TRUE;
}

/**
 * ld_desk_workspace_get_top:
 *
 * Returns: (transfer none) (nullable): the page on top, or %NULL when
 *   the sections show
 */
GtkWidget *
ld_desk_workspace_get_top (LdDeskWorkspace *self)
{
  g_return_val_if_fail (LD_IS_DESK_WORKSPACE (self), NULL);

  if (self->pages->len == 0)
    return NULL;
  return g_ptr_array_index (self->pages, self->pages->len - 1);
}

/* ld-lab-workspace.c: the technician's workspace
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lab bench opens on its worklist: one tab per next step (paid and to
 * collect, cash on collection, in process, waiting for a new sample,
 * completed, failed payments),
 * each titled with its count, all following the cache as others work.
 * Alt+1…6 switch tabs. Enter on an order, or a scan of its number or of
 * a tube's accession anywhere in the window, slides the order's page over
 * the worklist; Escape goes back.
 */

#define G_LOG_DOMAIN "ld-lab-workspace"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-page-stack.h"
#include "ld-batch-entry-page.h"
#include "ld-lab-order-page.h"
#include "ld-result-entry-page.h"
#include "ld-lab-workspace.h"
#include "ld-workspaces.h"
#include "ld-open-work-page.h"
#include "ld-unmatched-page.h"
#include "ld-verify-page.h"
#include "ld-workspace.h"
#include "ld-worklist-filters.h"
#include "ld-worklist-view.h"
#include "store/ld-cache.h"

struct _LdLabWorkspace
{
  AdwBin              parent_instance;

  LdSession          *session;
  GCancellable       *cancellable;

  LdPageStack        *navigation;
  GtkStack           *tabs;
  GtkStackSwitcher   *tab_switcher;
  LdWorklistFilters  *filters;
};

static void ld_lab_workspace_iface_init (LdWorkspaceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdLabWorkspace, ld_lab_workspace, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (LD_TYPE_WORKSPACE,
                                                      ld_lab_workspace_iface_init))

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

/* In the order the bench works them; names are shared/model's. */
static const struct
{
  const char *name;
  const char *title;
} tabs[] = {
  { "ready", N_("Paid") },
    { "cod", N_("Cash on Collection") },
      { "processing", N_("Processing") },
        { "recollection", N_("Recollection") },
          { "completed", N_("Completed") },
            { "failed", N_("Failed Payments") },
          };

/* "Paid 12": the switcher's title follows the tab's count. */
static void
update_title (LdWorklistView *view,
              GParamSpec     *pspec,
              GtkStackPage   *page)
{
  const char *title = g_object_get_data (G_OBJECT (page), "ld-tab-title");
  g_autofree char *text = NULL;

  if (ld_worklist_view_get_loading (view))
    text = g_strdup (_(title));
  else
    /* Translators: a worklist tab's title and how many orders it holds. */
    text = g_strdup_printf (_("%s %u"), _(title), ld_worklist_view_get_n_orders (view));
  gtk_stack_page_set_title (page, text);
}

static void
add_tabs (LdLabWorkspace *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    {
      GtkWidget *view = ld_worklist_view_new (self->session, tabs[i].name);
      GtkStackPage *page = gtk_stack_add_titled (self->tabs, view, tabs[i].name,
                                                 _(tabs[i].title));

      g_object_set_data (G_OBJECT (page), "ld-tab-title", (gpointer) tabs[i].title);
      g_signal_connect_object (view, "notify::n-orders", G_CALLBACK (update_title), page, 0);
      g_signal_connect_object (view, "notify::loading", G_CALLBACK (update_title), page, 0);
      update_title (LD_WORKLIST_VIEW (view), NULL, page);
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ld_page_stack_back (LD_LAB_WORKSPACE (widget)->navigation);
}

static void
open_order_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdLabWorkspace *self = LD_LAB_WORKSPACE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *key = g_strdup_printf ("order:%s", id);

  ld_page_stack_push (self->navigation, ld_lab_order_page_new (self->session, id), key);
}

/* Batch entry (issue 14, item 4): one test across many orders. */
static void
batch_entry_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdLabWorkspace *self = LD_LAB_WORKSPACE (widget);

  ld_page_stack_push (self->navigation, ld_batch_entry_page_new (self->session), "batch-entry");
}

/* Result entry (issue 14, item 4): one order's results typed in a run. */
static void
enter_results_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LdLabWorkspace *self = LD_LAB_WORKSPACE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *key = g_strdup_printf ("results:%s", id);

  ld_page_stack_push (self->navigation, ld_result_entry_page_new (self->session, id), key);
}

static void
show_tab_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ld_page_stack_show_section (LD_LAB_WORKSPACE (widget)->navigation,
                              g_variant_get_string (parameter, NULL));
}

/* Verification, critical calls and release (issue 14, items 5–7): an
 * order's results checked by a second technician slide over its page. */
static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdLabWorkspace *self = LD_LAB_WORKSPACE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *key = g_strdup_printf ("verify:%s", id);

  ld_page_stack_push (self->navigation, ld_verify_page_new (self->session, id), key);
}

/* Worklist filters (issue 14, item 1): priority, mine and test narrow
 * every tab and its count at once. */
static void
on_filters_changed_cb (LdLabWorkspace *self)
{
  LdUser     *user = ld_session_get_user (self->session);
  const char *mine =
    ld_worklist_filters_get_mine (self->filters) && user ? ld_user_get_id (user) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    ld_worklist_view_set_filter (LD_WORKLIST_VIEW (
                                   gtk_stack_get_child_by_name (self->tabs, tabs[i].name)),
                                 ld_worklist_filters_get_urgent_only (self->filters), mine,
                                 ld_worklist_filters_get_test (self->filters));
}

static void
focus_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  LdLabWorkspace *self = LD_LAB_WORKSPACE (widget);

  ld_page_stack_pop_to_root (self->navigation);
  ld_worklist_filters_focus (self->filters);
}

/* Open work (issue 14, item 8): the technician's load and late orders. */
static void
open_work_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdLabWorkspace *self = LD_LAB_WORKSPACE (widget);

  ld_page_stack_pop_to_root (self->navigation);
  ld_page_stack_push (self->navigation, ld_open_work_page_new (self->session), "open-work");
}

/* Unmatched results (issue 34): what the analyzers sent that found no place. */
static void
unmatched_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdLabWorkspace *self = LD_LAB_WORKSPACE (widget);

  ld_page_stack_pop_to_root (self->navigation);
  ld_page_stack_push (self->navigation, ld_unmatched_page_new (self->session), "unmatched");
}

/* LdWorkspace. */

static void
search (LdWorkspace *workspace,
        const char  *text)
{
  /* The worklist has no text filter yet: a scan (Enter) is what the
   * bench types into the entry. */
}

static gboolean
activate_search (LdWorkspace *workspace)
{
  return FALSE;
}

/* A scanned tube opens its order, once the cache has said which. */
static void
on_sample_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LdLabWorkspace) self = user_data;
  g_autoptr(LdSample) sample = ld_cache_get_sample_finish (LD_CACHE (source), result, NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (sample != NULL && sample->order_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "lab.open-order", "s", sample->order_id);
}

static gboolean
open_record (LdWorkspace *workspace,
             const char  *entity,
             const char  *id)
{
  LdLabWorkspace *self = LD_LAB_WORKSPACE (workspace);
  LdCache *cache = ld_session_get_cache (self->session);

  if (g_str_equal (entity, "order"))
    return gtk_widget_activate_action (GTK_WIDGET (self), "lab.open-order", "s", id);
  if (!g_str_equal (entity, "sample") || cache == NULL)
    return FALSE;
  ld_cache_get_record_async (cache, "sample", id, self->cancellable, on_sample_read_cb,
                             g_object_ref (self));
  return TRUE;
}

static void
ld_lab_workspace_iface_init (LdWorkspaceInterface *iface)
{
  iface->search = search;
  iface->activate_search = activate_search;
  iface->open_record = open_record;
}

/* GObject. */

static void
ld_lab_workspace_constructed (GObject *object)
{
  G_OBJECT_CLASS (ld_lab_workspace_parent_class)->constructed (object);

  add_tabs (LD_LAB_WORKSPACE (object));
}

static void
ld_lab_workspace_dispose (GObject *object)
{
  LdLabWorkspace *self = LD_LAB_WORKSPACE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_LAB_WORKSPACE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_lab_workspace_parent_class)->dispose (object);
}

static void
ld_lab_workspace_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LdLabWorkspace *self = LD_LAB_WORKSPACE (object);

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
ld_lab_workspace_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LdLabWorkspace *self = LD_LAB_WORKSPACE (object);

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
ld_lab_workspace_class_init (LdLabWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint keys[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4, GDK_KEY_5, GDK_KEY_6 };

  G_STATIC_ASSERT (G_N_ELEMENTS (keys) == G_N_ELEMENTS (tabs));

  object_class->constructed = ld_lab_workspace_constructed;
  object_class->dispose = ld_lab_workspace_dispose;
  object_class->get_property = ld_lab_workspace_get_property;
  object_class->set_property = ld_lab_workspace_set_property;

  g_object_class_override_property (object_class, PROP_SESSION, "session");

  g_type_ensure (LD_TYPE_PAGE_STACK);
  g_type_ensure (LD_TYPE_WORKLIST_FILTERS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/labdesk/Labdesk/ui/lab/ld-lab-workspace.ui");
  gtk_widget_class_bind_template_child (widget_class, LdLabWorkspace, navigation);
  gtk_widget_class_bind_template_child (widget_class, LdLabWorkspace, tabs);
  gtk_widget_class_bind_template_child (widget_class, LdLabWorkspace, tab_switcher);
  gtk_widget_class_bind_template_child (widget_class, LdLabWorkspace, filters);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed_cb);

  gtk_widget_class_install_action (widget_class, "lab.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "lab.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "lab.back", NULL);
  gtk_widget_class_install_action (widget_class, "lab.open-order", "s", open_order_action);
  gtk_widget_class_install_action (widget_class, "lab.show-tab", "s", show_tab_action);
  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i], GDK_ALT_MASK,
                                         "lab.show-tab", "s", tabs[i].name);

  /* Verification and release: the verify page (Ctrl+Shift+V on an order). */
  gtk_widget_class_install_action (widget_class, "lab.verify", "s", verify_action);
  /* Result entry (issue 14, item 4). */
  gtk_widget_class_install_action (widget_class, "lab.enter-results", "s", enter_results_action);
  /* Open work (issue 14, item 8): Ctrl+Shift+W. */
  gtk_widget_class_install_action (widget_class, "lab.open-work", NULL, open_work_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_W, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "lab.open-work", NULL);
  /* Unmatched results (issue 34): Ctrl+Shift+M. */
  gtk_widget_class_install_action (widget_class, "lab.unmatched", NULL, unmatched_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_M, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "lab.unmatched", NULL);
  /* Worklist filters (issue 14, item 1): Ctrl+Shift+F focuses them. */
  gtk_widget_class_install_action (widget_class, "lab.focus-filters", NULL, focus_filters_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "lab.focus-filters", NULL);

  /* Batch entry (issue 14, item 4): one test across many orders, Ctrl+Shift+E. */
  gtk_widget_class_install_action (widget_class, "lab.batch-entry", NULL, batch_entry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "lab.batch-entry", NULL);
}

static void
ld_lab_workspace_init (LdLabWorkspace *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  ld_page_stack_set_sections (self->navigation, self->tabs);
  ld_page_stack_bind_back_action (self->navigation, GTK_WIDGET (self), "lab.back");
}

/**
 * ld_lab_workspace_new:
 * @session: the signed-in session
 *
 * Returns: (transfer full): the lab bench for @session
 */
GtkWidget *
ld_lab_workspace_new (LdSession *session)
{
  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  return g_object_new (LD_TYPE_LAB_WORKSPACE, "session", session, NULL);
}

/* This workspace, as the shell's sidebar shows it (ld-workspaces.c). */
static const char workspace_title[] = N_("Laboratory");
static const char workspace_description[] = N_("Worklist, samples, results and reports.");

const LdWorkspaceInfo ld_lab_workspace_info = {
  .role = LD_ROLE_TECHNICIAN,
  .name = "laboratory",
  .title = workspace_title,
  .icon_name = "view-list-bullet-symbolic",
  .description = workspace_description,
  .new_for = ld_lab_workspace_new,
};

/* ld-page-stack.c: pages slid over a workspace's root, Escape goes back
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A workspace shows its root (the desk's sections, the lab's worklist)
 * and slides pages over it: a patient, an order, a booking. Each page has
 * a key naming what it shows ("order:<id>"); opening what is already
 * open goes back to it rather than stacking a second copy, so a scan of
 * the same tube twice leaves one page. Going back destroys the page on
 * top; when the root shows again the cursor goes back into the section
 * shown there (a workspace's root is a stack of sections, Alt+1…N), and
 * the workspace's back action is enabled only while there is a page to go
 * back from. A page's own control can go back with "page-stack.back". Every workspace's frame is this, so it is written once.
 */

#define G_LOG_DOMAIN "ld-page-stack"

#include "config.h"

#include "ld-page-stack.h"

struct _LdPageStack
{
  AdwBin     parent_instance;

  GtkStack  *stack;
  GtkWidget *root;
  GPtrArray *pages;
  /* The root's sections, and whose back action follows can-go-back. */
  GtkStack  *sections;
  GtkWidget *back_owner;
  char      *back_action;
};

G_DEFINE_FINAL_TYPE (LdPageStack, ld_page_stack, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_ROOT,
  PROP_CAN_GO_BACK,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GQuark
page_key_quark (void)
{
  return g_quark_from_static_string ("ld-page-stack-key");
}

/* A page says where its cursor starts (its grab_focus, as the booking
 * page puts it in the catalogue search); otherwise the first control. */
static void
focus_page (GtkWidget *page)
{
  if (!gtk_widget_grab_focus (page))
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static void
show_top (LdPageStack *self)
{
  GtkWidget *top = ld_page_stack_get_top (self);

  if (top != NULL)
    gtk_stack_set_visible_child (self->stack, top);
  else if (self->root != NULL)
    gtk_stack_set_visible_child (self->stack, self->root);
  if (self->back_owner != NULL)
    gtk_widget_action_set_enabled (self->back_owner, self->back_action,
                                   ld_page_stack_get_can_go_back (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
}

/* A section that knows where its cursor belongs (a worklist's list, a
 * search's entry) takes it; any other, its first control. */
static void
focus_section (LdPageStack *self)
{
  GtkWidget *section = self->sections ? gtk_stack_get_visible_child (self->sections) : NULL;

  if (section != NULL && !gtk_widget_grab_focus (section))
    gtk_widget_child_focus (section, GTK_DIR_TAB_FORWARD);
}

/* Pops pages down to (not including) @depth. */
static void
pop_to (LdPageStack *self,
        guint        depth)
{
  while (self->pages->len > depth)
    {
      GtkWidget *page = g_ptr_array_steal_index (self->pages, self->pages->len - 1);

      gtk_stack_remove (self->stack, page);
    }
  show_top (self);
}

static void
ld_page_stack_dispose (GObject *object)
{
  LdPageStack *self = LD_PAGE_STACK (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  self->root = NULL;
  self->stack = NULL;
  g_clear_weak_pointer (&self->sections);
  g_clear_weak_pointer (&self->back_owner);
  g_clear_pointer (&self->back_action, g_free);

  G_OBJECT_CLASS (ld_page_stack_parent_class)->dispose (object);
}

static void
ld_page_stack_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdPageStack *self = LD_PAGE_STACK (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_object (value, self->root);
      break;

    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, ld_page_stack_get_can_go_back (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_page_stack_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LdPageStack *self = LD_PAGE_STACK (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      ld_page_stack_set_root (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
go_back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ld_page_stack_back (LD_PAGE_STACK (widget));
}

static void
ld_page_stack_class_init (LdPageStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_page_stack_dispose;
  object_class->get_property = ld_page_stack_get_property;
  object_class->set_property = ld_page_stack_set_property;

  properties [PROP_ROOT] =
    g_param_spec_object ("root", NULL, NULL, GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* For a control inside a page that takes Escape for itself (a search
   * entry: the catalogue's), to go back as Escape elsewhere does. */
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "page-stack.back", NULL,
                                   go_back_action);
}

static void
ld_page_stack_init (LdPageStack *self)
{
  GtkWidget *stack = gtk_stack_new ();

  self->pages = g_ptr_array_new ();
  gtk_stack_set_transition_type (GTK_STACK (stack), GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  gtk_stack_set_hhomogeneous (GTK_STACK (stack), FALSE);
  gtk_stack_set_vhomogeneous (GTK_STACK (stack), FALSE);
  gtk_widget_set_hexpand (stack, TRUE);
  gtk_widget_set_vexpand (stack, TRUE);
  self->stack = GTK_STACK (stack);
  adw_bin_set_child (ADW_BIN (self), stack);
}

/* Returns: (transfer none) (nullable): what shows when no page is open */
GtkWidget *
ld_page_stack_get_root (LdPageStack *self)
{
  g_return_val_if_fail (LD_IS_PAGE_STACK (self), NULL);

  return self->root;
}

/**
 * ld_page_stack_set_root:
 * @root: (transfer floating): what shows when no page is open; set once
 */
void
ld_page_stack_set_root (LdPageStack *self,
                        GtkWidget   *root)
{
  g_return_if_fail (LD_IS_PAGE_STACK (self));
  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (self->root == NULL);

  self->root = root;
  gtk_stack_add_named (self->stack, root, "root");
  show_top (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROOT]);
}

/**
 * ld_page_stack_push:
 * @page: (transfer floating): a page to slide over the current one
 * @key: what it shows, such as "patient:<id>"; a page with the same key
 *   already open is gone back to instead, and @page dropped
 */
void
ld_page_stack_push (LdPageStack *self,
                    GtkWidget   *page,
                    const char  *key)
{
  g_return_if_fail (LD_IS_PAGE_STACK (self));
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (key != NULL);

  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkWidget *open = g_ptr_array_index (self->pages, i);

      if (g_strcmp0 (ld_page_stack_get_page_key (open), key) == 0)
        {
          g_object_unref (g_object_ref_sink (page));
          pop_to (self, i + 1);
          focus_page (open);
          return;
        }
    }

  g_object_set_qdata_full (G_OBJECT (page), page_key_quark (), g_strdup (key), g_free);
  gtk_stack_add_child (self->stack, page);
  g_ptr_array_add (self->pages, page);
  show_top (self);
  focus_page (page);
}

/**
 * ld_page_stack_back:
 *
 * Closes the page on top, as Escape does; the page below it takes the
 * cursor, or the section shown when the root shows again.
 *
 * Returns: %FALSE when the root was already shown
 */
gboolean
ld_page_stack_back (LdPageStack *self)
{
  g_return_val_if_fail (LD_IS_PAGE_STACK (self), FALSE);

  if (self->pages->len == 0)
    return FALSE;
  pop_to (self, self->pages->len - 1);
  if (self->pages->len > 0)
    focus_page (ld_page_stack_get_top (self));
  else
    focus_section (self);
  return TRUE;
}

/* Closes every page: the root shows. */
void
ld_page_stack_pop_to_root (LdPageStack *self)
{
  g_return_if_fail (LD_IS_PAGE_STACK (self));

  pop_to (self, 0);
}

/**
 * ld_page_stack_get_top:
 *
 * Returns: (transfer none) (nullable): the page on top, or %NULL when
 *   the root shows
 */
GtkWidget *
ld_page_stack_get_top (LdPageStack *self)
{
  g_return_val_if_fail (LD_IS_PAGE_STACK (self), NULL);

  if (self->pages->len == 0)
    return NULL;
  return g_ptr_array_index (self->pages, self->pages->len - 1);
}

gboolean
ld_page_stack_get_can_go_back (LdPageStack *self)
{
  g_return_val_if_fail (LD_IS_PAGE_STACK (self), FALSE);

  return self->pages->len > 0;
}

/* Returns: (transfer none) (nullable): the key a page was pushed with */
const char *
ld_page_stack_get_page_key (GtkWidget *page)
{
  g_return_val_if_fail (GTK_IS_WIDGET (page), NULL);

  return g_object_get_qdata (G_OBJECT (page), page_key_quark ());
}

/**
 * ld_page_stack_set_sections:
 * @sections: the stack of sections the root shows (held weakly)
 *
 * Going back to the root puts the cursor in the section shown.
 */
void
ld_page_stack_set_sections (LdPageStack *self,
                            GtkStack    *sections)
{
  g_return_if_fail (LD_IS_PAGE_STACK (self));
  g_return_if_fail (GTK_IS_STACK (sections));

  g_set_weak_pointer (&self->sections, sections);
}

/**
 * ld_page_stack_show_section:
 * @name: a section's name in the stack given to ld_page_stack_set_sections()
 *
 * Closes every page and shows section @name with the cursor in it, as
 * Alt+1…N do.
 *
 * Returns: %FALSE if there is no such section
 */
gboolean
ld_page_stack_show_section (LdPageStack *self,
                            const char  *name)
{
  GtkWidget *section;

  g_return_val_if_fail (LD_IS_PAGE_STACK (self), FALSE);
  g_return_val_if_fail (self->sections != NULL, FALSE);

  section = gtk_stack_get_child_by_name (self->sections, name);
  if (section == NULL)
    return FALSE;
  pop_to (self, 0);
  gtk_stack_set_visible_child (self->sections, section);
  focus_section (self);
  return TRUE;
}

/**
 * ld_page_stack_bind_back_action:
 * @owner: the widget that installed @action_name (held weakly)
 * @action_name: its back action, such as "desk.back"
 *
 * Keeps @action_name enabled exactly while there is a page to go back from.
 */
void
ld_page_stack_bind_back_action (LdPageStack *self,
                                GtkWidget   *owner,
                                const char  *action_name)
{
  g_return_if_fail (LD_IS_PAGE_STACK (self));
  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (action_name != NULL);

  g_set_weak_pointer (&self->back_owner, owner);
  g_free (self->back_action);
  self->back_action = g_strdup (action_name);
  gtk_widget_action_set_enabled (owner, action_name, ld_page_stack_get_can_go_back (self));
}

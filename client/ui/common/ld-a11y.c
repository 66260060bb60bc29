/* ld-a11y.c: names libadwaita 1.2 leaves out, for screen readers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Some widgets libadwaita builds inside its own have no accessible name,
 * and GTK 4.8 then gives a screen reader their class name to read
 * ("GtkListBox", "GtkImage"): the list inside every AdwPreferencesGroup,
 * and the show-password button of AdwPasswordEntryRow. A template
 * cannot reach them; they are named here when they are first shown, from
 * what the person sees (the group's title).
 *
 * A toast's close button is an icon with neither name nor tooltip; it is
 * named "Dismiss". GtkShortcutsWindow names none of its own controls
 * (search, its toggle, the section menu, the page switcher's "_1").
 *
 * And a button whose label has a mnemonic ("_Sign In") is read twice by
 * GTK 4.8, its raw label and then the label it is labelled by ("_Sign In
 * Sign In"): it is named once, without the underscore. A check box reads
 * its underscore aloud ("Only _mine"): it too is named without it.
 *
 * GtkDropDown's button (the control that takes the focus) has no name, so
 * it is read as "GtkToggleButton": it takes the name of the label whose
 * mnemonic opens the drop-down ("_User"), else the drop-down's tooltip.
 *
 * GtkSearchEntry in GTK 4.8 has no activate signal for its class, so
 * AT-SPI's "activate" action (gtk_widget_activate()) does nothing where
 * Enter works: its "activate" signal is made the class's, once, here.
 */

#define G_LOG_DOMAIN "ld-a11y"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ld-a11y.h"

static GQuark
named_quark (void)
{
  return g_quark_from_static_string ("ld-a11y-named");
}

static void
name_widget (GtkWidget  *widget,
             const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_object_set_qdata (G_OBJECT (widget), named_quark (), GINT_TO_POINTER (TRUE));
}

/* "_Sign In" as read aloud: "Sign In" ("__" is a real underscore). */
static char *
strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static GtkWidget *
ancestor (GtkWidget *widget,
          GType      type,
          guint      max_depth)
{
  for (guint i = 0; widget != NULL && i < max_depth; i++, widget = gtk_widget_get_parent (widget))
    if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
      return widget;
  return NULL;
}

static GtkWidget *
descendant (GtkWidget *widget,
            GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found =
        G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child : descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
row_title (AdwPreferencesRow *row)
{
  const char *title = adw_preferences_row_get_title (row);

  if (title == NULL || *title == '\0')
    return NULL;
  return adw_preferences_row_get_use_underline (row) ? strip_mnemonic (title) : g_strdup (title);
}

/* GTK 4.8 gives a button whose label changes (the refund dialog's
 * "_Refund ₹100.00") the label as written, underscore and all. */
static void
on_button_label_cb (GtkButton  *button,
                    GParamSpec *pspec,
                    gpointer    data)
{
  const char *label = gtk_button_get_label (button);
  g_autofree char *name = NULL;

  /* Not while it is built or torn down: GTK 4.8 then has no AT-SPI
   * object to tell, and says so with a critical. */
  if (label == NULL || !gtk_button_get_use_underline (button) ||
      !gtk_widget_get_mapped (GTK_WIDGET (button)))
    return;
  name = strip_mnemonic (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
on_check_label_cb (GtkCheckButton *check,
                   GParamSpec     *pspec,
                   gpointer        data)
{
  const char *label = gtk_check_button_get_label (check);
  g_autofree char *name = NULL;

  if (label == NULL || !gtk_check_button_get_use_underline (check) ||
      !gtk_widget_get_mapped (GTK_WIDGET (check)))
    return;
  name = strip_mnemonic (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

/* The name of a drop-down's button: what the label that opens it says,
 * or its tooltip; %NULL if it has neither. */
static char *
drop_down_name (GtkWidget *drop_down)
{
  GList *labels = gtk_widget_list_mnemonic_labels (drop_down);
  char *name = NULL;

  for (GList *l = labels; l != NULL && name == NULL; l = l->next)
    if (GTK_IS_LABEL (l->data))
      name = strip_mnemonic (gtk_label_get_label (GTK_LABEL (l->data)));
  g_list_free (labels);
  if (name == NULL && gtk_widget_get_tooltip_text (drop_down) != NULL)
    name = g_strdup (gtk_widget_get_tooltip_text (drop_down));
  return name;
}

/* AdwToastWidget is private to libadwaita: known by its type name. */
static gboolean
is_toast_close_button (GtkWidget *button)
{
  GtkWidget *parent = gtk_widget_get_parent (button);

  return parent != NULL && g_str_equal (G_OBJECT_TYPE_NAME (parent), "AdwToastWidget") &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (button)), "window-close-symbolic") == 0;
}

/* The controls GtkShortcutsWindow builds; %TRUE if @widget was one. */
static gboolean
name_shortcuts_control (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkWidget *label;

  if (ancestor (parent, GTK_TYPE_SHORTCUTS_WINDOW, 16) == NULL)
    return FALSE;
  if (GTK_IS_SEARCH_ENTRY (widget))
    name_widget (widget, _("Search the shortcuts"));
  else if (GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_STACK_SWITCHER (parent) &&
           (label = descendant (widget, GTK_TYPE_LABEL)) != NULL)
    {
      g_autofree char *number = strip_mnemonic (gtk_label_get_label (GTK_LABEL (label)));
      /* Translators: a page of the keyboard shortcuts window: "Page 2". */
      g_autofree char *name = g_strdup_printf (_("Page %s"), number);

      name_widget (widget, name);
    }
  else if (GTK_IS_TOGGLE_BUTTON (widget))
    name_widget (widget, _("Search the shortcuts"));
  else if (GTK_IS_MENU_BUTTON (widget) || (GTK_IS_BUTTON (widget) && GTK_IS_MENU_BUTTON (parent)))
    name_widget (widget, _("Sections"));
  else
    return FALSE;
  return TRUE;
}

static void
name_one (GtkWidget *widget)
{
  GtkWidget *owner;

  if (g_object_get_qdata (G_OBJECT (widget), named_quark ()) != NULL ||
      name_shortcuts_control (widget))
    return;

  /* The list an expander row shows its rows in, and the switch that
   * turns it on ("Home collection"), read as the row. */
  if ((GTK_IS_LIST_BOX (widget) || GTK_IS_SWITCH (widget)) &&
      (owner = ancestor (gtk_widget_get_parent (widget), ADW_TYPE_EXPANDER_ROW, 8)) != NULL)
    {
      g_autofree char *title = row_title (ADW_PREFERENCES_ROW (owner));

      name_widget (widget, title != NULL ? title : _("Details"));
      return;
    }

  /* The list a preferences group draws its rows in: a few levels down. */
  if (GTK_IS_LIST_BOX (widget) &&
      (owner = ancestor (gtk_widget_get_parent (widget), ADW_TYPE_PREFERENCES_GROUP, 4)) != NULL)
    {
      const char *title = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (owner));

      name_widget (widget, title != NULL && *title != '\0' ? title : _("Details"));
    }
  /* The list a combo row pops up, read as the row's choice: "Sex". It
   * is in the tree before it pops up, so it is named when the row shows. */
  else if (ADW_IS_COMBO_ROW (widget))
    {
      GtkWidget *list = descendant (widget, GTK_TYPE_LIST_VIEW);
      g_autofree char *title = row_title (ADW_PREFERENCES_ROW (widget));

      if (list != NULL && title != NULL &&
          g_object_get_qdata (G_OBJECT (list), named_quark ()) == NULL)
        name_widget (list, title);
    }
  else if (GTK_IS_TOGGLE_BUTTON (widget) &&
           (owner = ancestor (gtk_widget_get_parent (widget), GTK_TYPE_DROP_DOWN, 2)) != NULL)
    {
      g_autofree char *name = drop_down_name (owner);

      if (name != NULL)
        name_widget (widget, name);
    }
  else if (GTK_IS_CHECK_BUTTON (widget) &&
           gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget)) &&
           gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL)
    {
      g_autofree char *name =
        strip_mnemonic (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)));

      gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget),
                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      name_widget (widget, name);
      g_signal_connect (widget, "notify::label", G_CALLBACK (on_check_label_cb), NULL);
    }
  else if (GTK_IS_BUTTON (widget) && is_toast_close_button (widget))
    name_widget (widget, _("Dismiss"));
  else if (GTK_IS_BUTTON (widget) &&
           ancestor (gtk_widget_get_parent (widget), ADW_TYPE_PASSWORD_ENTRY_ROW, 6) != NULL)
    name_widget (widget, _("Show the password"));
  else if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
           gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    {
      g_autofree char *name = strip_mnemonic (gtk_button_get_label (GTK_BUTTON (widget)));

      gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget),
                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      name_widget (widget, name);
      g_signal_connect (widget, "notify::label", G_CALLBACK (on_button_label_cb), NULL);
    }
}

static void
name_tree (GtkWidget *widget)
{
  name_one (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_tree (child);
}

/* A widget shown is named; a stack shown has its hidden pages named too,
 * as a screen reader finds them in the tree. */
static gboolean
on_widget_mapped_cb (GSignalInvocationHint *hint,
                     guint                  n_values,
                     const GValue          *values,
                     gpointer               data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  /* A collapsed expander row holds rows not yet shown, the shortcuts
   * window a search entry not shown until one searches. */
  if (GTK_IS_STACK (widget) || ADW_IS_EXPANDER_ROW (widget) || GTK_IS_SHORTCUTS_WINDOW (widget))
    name_tree (widget);
  else
    name_one (widget);
  return TRUE;
}

/**
 * ld_a11y_install:
 *
 * Names those widgets whenever one is shown, in every window, and lets
 * AT-SPI activate a search entry; once per process.
 */
void
ld_a11y_install (void)
{
  static gsize installed = 0;
  GtkWidgetClass *search_entry_class;

  if (g_once_init_enter (&installed))
    {
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  on_widget_mapped_cb, NULL, NULL);
      /* Fixed in later GTK: only where the class has none. */
      search_entry_class = g_type_class_ref (GTK_TYPE_SEARCH_ENTRY);
      if (gtk_widget_class_get_activate_signal (search_entry_class) == 0)
        gtk_widget_class_set_activate_signal_from_name (search_entry_class, "activate");
      g_once_init_leave (&installed, 1);
    }
}

/* ld-test-a11y.c: every control on screen has a name a screen reader says
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The walk a screen reader makes of a workspace, in process: every
 * control a person can reach that is on screen carries an accessible
 * name. Read through GTK's test accessibility backend, so a test using it
 * sets GTK_A11Y=test before GTK starts.
 */

#include "config.h"

#include <adwaita.h>

#include "ld-test-a11y.h"
#include "ld-test-gui.h"

static gboolean
shows_text (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
         *gtk_label_get_text (GTK_LABEL (child)) != '\0') || shows_text (child))
      return TRUE;
  return FALSE;
}

static gboolean
has_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* Its own name, a label that names it, a row's title, or (GTK 4.8 names
 * a button after its child) a button's own text; the text of an entry
 * is read as its entry, spin button or row. */
static gboolean
is_named (GtkWidget *widget)
{
  if (has_name (widget))
    return TRUE;
  if (GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget))
    return shows_text (widget);
  if (ADW_IS_PREFERENCES_ROW (widget))
    return *adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)) != '\0';
  if (GTK_IS_TEXT (widget))
    {
      GtkWidget *entry = gtk_widget_get_ancestor (widget, GTK_TYPE_SEARCH_ENTRY);

      if (entry == NULL)
        entry = gtk_widget_get_ancestor (widget, GTK_TYPE_ENTRY);
      if (entry == NULL)
        entry = gtk_widget_get_ancestor (widget, GTK_TYPE_SPIN_BUTTON);
      if (entry == NULL)
        entry = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);
      return entry != NULL && is_named (entry);
    }
  /* What holds or takes text is named for itself; anything else a person
   * can focus (a list's row, a chart) may be read by what it shows. */
  if (GTK_IS_SWITCH (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_ENTRY (widget) ||
      GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_LIST_BOX (widget) ||
      GTK_IS_LIST_VIEW (widget) || GTK_IS_COLUMN_VIEW (widget) || GTK_IS_TEXT_VIEW (widget) ||
      GTK_IS_STACK_SWITCHER (widget) || GTK_IS_CHECK_BUTTON (widget))
    return FALSE;
  return shows_text (widget);
}

static gboolean
is_interactive (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_TEXT (widget) ||
         GTK_IS_SPIN_BUTTON (widget) || GTK_IS_LIST_BOX (widget) || GTK_IS_LIST_VIEW (widget) ||
         GTK_IS_COLUMN_VIEW (widget) || GTK_IS_TEXT_VIEW (widget) ||
         GTK_IS_STACK_SWITCHER (widget) || ADW_IS_ENTRY_ROW (widget) || ADW_IS_COMBO_ROW (widget) ||
         (gtk_widget_get_focusable (widget) && !GTK_IS_LABEL (widget));
}

static void
collect_unnamed (GtkWidget *widget,
                 GString   *out)
{
  /* What is on screen: a section not shown is checked when it is. */
  if (!gtk_widget_get_mapped (widget))
    return;
  if (is_interactive (widget) && !is_named (widget))
    g_string_append_printf (out, "%s (%s)\n", G_OBJECT_TYPE_NAME (widget),
                            gtk_widget_get_name (widget));
  /* A row's, a drop-down's or a button's own parts are named from it
   * (by libadwaita, GTK and client/ui/common/ld-a11y.c). */
  if (ADW_IS_ENTRY_ROW (widget) || ADW_IS_COMBO_ROW (widget) || GTK_IS_DROP_DOWN (widget) ||
      GTK_IS_STACK_SWITCHER (widget) || (GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget)))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, out);
}

/**
 * ld_test_a11y_assert_named:
 * @root: a window, workspace or page on screen
 * @where: what it is, for the failure's message
 *
 * Fails the test, listing them, if any control on screen under @root has
 * no name a screen reader can say.
 */
void
ld_test_a11y_assert_named (GtkWidget  *root,
                           const char *where)
{
  g_autoptr(GString) unnamed = g_string_new (NULL);

  ld_test_gui_spin_idle ();
  collect_unnamed (root, unnamed);
  if (unnamed->len > 0)
    g_error ("controls without a name on %s:\n%s", where, unnamed->str);
}

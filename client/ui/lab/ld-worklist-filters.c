/* ld-worklist-filters.c: the worklist's filters: priority, mine, test
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three filters over every tab at once: only stat and urgent orders,
 * only the orders the technician holds (claimed or assigned), and only
 * the orders with a test typed by its code or a part of its name. Each
 * change says "changed" at once; the workspace hands the filters to each
 * tab, whose cache query (and count) they narrow.
 */

#define G_LOG_DOMAIN "ld-worklist-filters"

#include "config.h"

#include "ld-worklist-filters.h"

struct _LdWorklistFilters
{
  GtkBox           parent_instance;

  GtkCheckButton  *urgent_button;
  GtkCheckButton  *mine_button;
  GtkEntry        *test_entry;
};

G_DEFINE_FINAL_TYPE (LdWorklistFilters, ld_worklist_filters, GTK_TYPE_BOX)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
on_filter_changed_cb (LdWorklistFilters *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
ld_worklist_filters_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_WORKLIST_FILTERS);

  G_OBJECT_CLASS (ld_worklist_filters_parent_class)->dispose (object);
}

static void
ld_worklist_filters_class_init (LdWorklistFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_worklist_filters_dispose;

  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/labdesk/Labdesk/ui/lab/ld-worklist-filters.ui");
  gtk_widget_class_bind_template_child (widget_class, LdWorklistFilters, urgent_button);
  gtk_widget_class_bind_template_child (widget_class, LdWorklistFilters, mine_button);
  gtk_widget_class_bind_template_child (widget_class, LdWorklistFilters, test_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
}

static void
ld_worklist_filters_init (LdWorklistFilters *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Returns: whether only stat and urgent orders are shown */
gboolean
ld_worklist_filters_get_urgent_only (LdWorklistFilters *self)
{
  g_return_val_if_fail (LD_IS_WORKLIST_FILTERS (self), FALSE);

  return gtk_check_button_get_active (self->urgent_button);
}

/* Returns: whether only the signed-in technician's orders are shown */
gboolean
ld_worklist_filters_get_mine (LdWorklistFilters *self)
{
  g_return_val_if_fail (LD_IS_WORKLIST_FILTERS (self), FALSE);

  return gtk_check_button_get_active (self->mine_button);
}

/* Returns: (transfer none): the test typed, "" for any */
const char *
ld_worklist_filters_get_test (LdWorklistFilters *self)
{
  g_return_val_if_fail (LD_IS_WORKLIST_FILTERS (self), "");

  return gtk_editable_get_text (GTK_EDITABLE (self->test_entry));
}

/* Moves the focus to the filters: the test, with the toggles a Tab away. */
void
ld_worklist_filters_focus (LdWorklistFilters *self)
{
  g_return_if_fail (LD_IS_WORKLIST_FILTERS (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->test_entry));
}

/* ld-figure-row.c: one figure of the analytics, with its title and subtitle
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Looks like an AdwActionRow (the same row > box.header > box.title
 * nodes, so libadwaita's style applies) but is lighter: six widgets
 * rather than ten, and its labels are single lines that do not wrap.
 * AdwActionRow's labels wrap even when limited to one line, and a
 * wrapping label is shaped again at every width GTK tries while it lays
 * out the page: a year's dashboard has a hundred of them, and shaping
 * was most of its first drawing (bench-analytics-draw). A line too long
 * for a narrow window ends in an ellipsis; the tooltip has the subtitle.
 *
 * An expandable row (a test opening on its stages) is activated by Enter,
 * Space or a click, shows an arrow and tells a screen reader whether it
 * is expanded; its owner puts the rows it opens on under it.
 */

#include "config.h"

#include "ld-figure-row.h"

struct _LdFigureRow
{
  AdwPreferencesRow  parent_instance;

  GtkLabel          *title_label;
  GtkLabel          *subtitle_label;
  GtkLabel          *figure_label;
  /* Only on an expandable row. */
  GtkImage          *arrow;
  gboolean           expanded;
};

G_DEFINE_FINAL_TYPE (LdFigureRow, ld_figure_row, ADW_TYPE_PREFERENCES_ROW)

static GtkLabel *
line_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

static void
ld_figure_row_class_init (LdFigureRowClass *klass)
{
}

static void
ld_figure_row_init (LdFigureRow *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (header, "header");
  gtk_widget_add_css_class (titles, "title");
  gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (titles, TRUE);

  self->title_label = line_label ("title");
  self->subtitle_label = line_label ("subtitle");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->subtitle_label));

  self->figure_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->figure_label), "numeric");
  gtk_label_set_selectable (self->figure_label, TRUE);
  gtk_label_set_xalign (self->figure_label, 1);
  gtk_widget_set_valign (GTK_WIDGET (self->figure_label), GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (header), titles);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->figure_label));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), header);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);

  /* A screen reader reads the row as its title, then the subtitle and
   * the figure, as it reads an AdwActionRow with a suffix. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title_label, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->subtitle_label,
                                  self->figure_label, NULL,
                                  -1);
}

static void
show_expanded (LdFigureRow *self)
{
  gtk_image_set_from_icon_name (self->arrow,
                                self->expanded ? "pan-down-symbolic" : "pan-end-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_EXPANDED, self->expanded,
                               -1);
}

/**
 * ld_figure_row_new:
 *
 * Returns: (transfer floating): a new row, with no texts yet
 */
GtkWidget *
ld_figure_row_new (void)
{
  return g_object_new (LD_TYPE_FIGURE_ROW, "use-markup", FALSE, NULL);
}

static void
set_text (GtkLabel   *label,
          const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

/**
 * ld_figure_row_set:
 * @self: a row
 * @title: what the figure is
 * @subtitle: (nullable): what it is over, or %NULL
 * @figure: the figure
 * @name: (nullable): the widget name of the figure's label, which is how
 *   tests and people find it
 *
 * Gives the row its texts; a text left as it was costs nothing, so a new
 * answer refills the rows it has.
 */
void
ld_figure_row_set (LdFigureRow *self,
                   const char  *title,
                   const char  *subtitle,
                   const char  *figure,
                   const char  *name)
{
  gboolean has_subtitle = subtitle != NULL && *subtitle != '\0';
  const char *tooltip = has_subtitle ? subtitle : NULL;

  g_return_if_fail (LD_IS_FIGURE_ROW (self));
  g_return_if_fail (title != NULL && figure != NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  set_text (self->title_label, title);
  set_text (self->subtitle_label, has_subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), has_subtitle);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self)), tooltip) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  set_text (self->figure_label, figure);
  gtk_widget_set_name (GTK_WIDGET (self->figure_label), name != NULL ? name : "");
}

/**
 * ld_figure_row_set_expandable:
 * @self: a row
 *
 * Makes @self a row that opens on others: activatable, with an arrow at
 * its end, closed.
 */
void
ld_figure_row_set_expandable (LdFigureRow *self)
{
  g_return_if_fail (LD_IS_FIGURE_ROW (self));

  if (self->arrow != NULL)
    return;
  self->arrow = GTK_IMAGE (gtk_image_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->arrow), "dim-label");
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->figure_label))),
                  GTK_WIDGET (self->arrow));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  show_expanded (self);
}

gboolean
ld_figure_row_get_expandable (LdFigureRow *self)
{
  g_return_val_if_fail (LD_IS_FIGURE_ROW (self), FALSE);

  return self->arrow != NULL;
}

gboolean
ld_figure_row_get_expanded (LdFigureRow *self)
{
  g_return_val_if_fail (LD_IS_FIGURE_ROW (self), FALSE);

  return self->expanded;
}

/**
 * ld_figure_row_set_expanded:
 * @self: an expandable row
 * @expanded: whether it is open
 *
 * Shows @self open or closed; the rows it opens on are its owner's to
 * put or take away.
 */
void
ld_figure_row_set_expanded (LdFigureRow *self,
                            gboolean     expanded)
{
  g_return_if_fail (LD_IS_FIGURE_ROW (self));
  g_return_if_fail (self->arrow != NULL);

  if (self->expanded == !!expanded)
    return;
  self->expanded = !!expanded;
  show_expanded (self);
}

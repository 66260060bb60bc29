/* ld-figure-row.h: one figure of the analytics, with its title and subtitle
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_FIGURE_ROW (ld_figure_row_get_type ())

G_DECLARE_FINAL_TYPE (LdFigureRow, ld_figure_row, LD, FIGURE_ROW, AdwPreferencesRow)

GtkWidget *ld_figure_row_new (void);
void       ld_figure_row_set (LdFigureRow *self,
                              const char  *title,
                              const char  *subtitle,
                              const char  *figure,
                              const char  *name);
void       ld_figure_row_set_expandable (LdFigureRow *self);
gboolean   ld_figure_row_get_expandable (LdFigureRow *self);
gboolean   ld_figure_row_get_expanded   (LdFigureRow *self);
void       ld_figure_row_set_expanded   (LdFigureRow *self,
                                         gboolean     expanded);

G_END_DECLS

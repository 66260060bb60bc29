/* ld-status-line.h: a page's or dialog's one line of news
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ld_status_line_show (GtkLabel   *label,
                          const char *text,
                          gboolean    is_error);

G_END_DECLS

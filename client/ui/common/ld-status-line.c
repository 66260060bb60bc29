/* ld-status-line.c: a page's or dialog's one line of news
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages and dialogs of every workspace say what just happened under
 * their form: hidden when there is nothing to say, styled as an error
 * when it is a refusal. What is said to the whole window is a toast
 * (the window's win.toast action).
 */

#define G_LOG_DOMAIN "ld-status-line"

#include "config.h"

#include "ld-status-line.h"

/**
 * ld_status_line_show:
 * @label: a page's or dialog's status line
 * @text: (nullable): what to say; %NULL or "" hides the line
 * @is_error: whether it is a refusal (styled, and said as one)
 */
void
ld_status_line_show (GtkLabel   *label,
                     const char *text,
                     gboolean    is_error)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

/* ld-error-text.h: errors said in the person's language
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

const char *ld_error_text_title         (const GError *error);
char       *ld_error_text_describe      (const GError *error);
const char *ld_error_text_field_message (const char   *message);
void        ld_field_error_set          (GtkWidget    *field,
                                         const char   *message);
void        ld_field_error_set_label    (GtkWidget    *field,
                                         GtkWidget    *label);
guint       ld_field_errors_show        (const GError *error,
                                         GHashTable   *fields_to_widgets);
void        ld_field_errors_clear       (GHashTable   *fields_to_widgets);

G_END_DECLS

/* ld-desk-day-text.h: how the desk's day lists word an order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "store/ld-cache-record.h"

G_BEGIN_DECLS

gint64       ld_desk_record_int          (LdCacheRecord *record,
                                          const char    *member);
JsonObject  *ld_desk_record_object       (LdCacheRecord *record,
                                          const char    *member);
const char  *ld_desk_payment_state_text  (const char    *payment_state);
char        *ld_desk_format_clock        (gint64         utc_us);
GtkLabel    *ld_desk_row_label           (GtkWidget     *row,
                                          const char    *name);
GtkWidget   *ld_desk_row_add_label       (GtkWidget     *row,
                                          GtkBox        *box,
                                          const char    *name,
                                          const char    *css_class);

G_END_DECLS

G_BEGIN_DECLS

typedef GtkWidget *(*LdDeskMakeRow) (void);
typedef void       (*LdDeskFillRow) (GtkWidget     *row,
                                     LdCacheRecord *record);

GtkListItemFactory *ld_desk_row_factory_new (LdDeskMakeRow make_row,
                                             LdDeskFillRow fill_row);

G_END_DECLS

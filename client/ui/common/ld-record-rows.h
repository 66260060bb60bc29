/* ld-record-rows.h: list rows of cache records
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "store/ld-cache-record.h"

G_BEGIN_DECLS

typedef GtkWidget *(*LdMakeRow) (void);
typedef void       (*LdFillRow) (GtkWidget     *row,
                                 LdCacheRecord *record);

gint64              ld_record_int              (LdCacheRecord *record,
                                                const char    *member);
JsonObject         *ld_record_object           (LdCacheRecord *record,
                                                const char    *member);
GtkLabel           *ld_row_label               (GtkWidget     *row,
                                                const char    *name);
GtkWidget          *ld_row_add_label           (GtkWidget     *row,
                                                GtkBox        *box,
                                                const char    *name,
                                                const char    *css_class);
GtkListItemFactory *ld_record_row_factory_new  (LdMakeRow      make_row,
                                                LdFillRow      fill_row);
GtkListItemFactory *ld_patient_row_factory_new (void);

G_END_DECLS

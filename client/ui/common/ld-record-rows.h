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
/* What a label bound to a row's order says (ld_row_add_order_label()). */
typedef char      *(*LdOrderText) (const LdOrder *order);

GtkLabel           *ld_row_label               (GtkWidget     *row,
                                                const char    *name);
GtkWidget          *ld_row_add_label           (GtkWidget     *row,
                                                GtkBox        *box,
                                                const char    *name,
                                                const char    *css_class);
GtkWidget          *ld_row_add_order_label (GtkWidget  *row,
                                            GtkBox     *box,
                                            const char *name,
                                            const char *css_class,
                                            LdOrderText text);
GtkListItemFactory *ld_record_row_factory_new  (LdMakeRow      make_row,
                                                LdFillRow      fill_row);
GtkListItemFactory *ld_patient_row_factory_new (void);

G_END_DECLS

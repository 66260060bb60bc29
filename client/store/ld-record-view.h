/* ld-record-view.h: the base of the typed, bindable items over a shared record
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LD_TYPE_RECORD_VIEW (ld_record_view_get_type ())

G_DECLARE_DERIVABLE_TYPE (LdRecordView, ld_record_view, LD, RECORD_VIEW, GObject)

/**
 * LdRecordViewClass:
 * @free_record: frees the record a subclass holds (ld_result_free(), …)
 */
struct _LdRecordViewClass
{
  GObjectClass   parent_class;

  GDestroyNotify free_record;
};

typedef const char *(*LdRecordViewStringFunc)  (gpointer view);
typedef gboolean    (*LdRecordViewBooleanFunc) (gpointer view);
typedef gint64      (*LdRecordViewInt64Func)   (gpointer view);

void          ld_record_view_class_add_string (LdRecordViewClass     *klass,
                                               const char            *name,
                                               LdRecordViewStringFunc get);
void          ld_record_view_class_add_boolean (LdRecordViewClass      *klass,
                                                const char             *name,
                                                LdRecordViewBooleanFunc get);
void          ld_record_view_class_add_int64 (LdRecordViewClass    *klass,
                                              const char           *name,
                                              gint64                none,
                                              LdRecordViewInt64Func get);

void          ld_record_view_take_record       (LdRecordView            *self,
                                                gpointer                 record);
gconstpointer ld_record_view_get_record        (LdRecordView            *self);
gboolean      ld_record_view_get_loaded        (LdRecordView            *self);
void          ld_record_view_set_pending       (LdRecordView            *self,
                                                const char              *pending);
const char   *ld_record_view_get_pending       (LdRecordView            *self);

G_END_DECLS

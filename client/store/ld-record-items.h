/* ld-record-items.h: a cache list as typed items that stay the same objects
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-cache-list.h"
#include "ld-result-view.h"
#include "ld-sample-view.h"

G_BEGIN_DECLS

#define LD_TYPE_RECORD_ITEMS (ld_record_items_get_type ())

G_DECLARE_FINAL_TYPE (LdRecordItems, ld_record_items, LD, RECORD_ITEMS, GObject)

LdRecordItems *ld_record_items_new               (LdCacheList   *rows,
                                                  GType          item_type);
LdRecordItems *ld_record_items_new_order_results (LdCache       *cache,
                                                  const char    *order_id);
LdRecordItems *ld_record_items_new_order_samples (LdCache       *cache,
                                                  const char    *order_id);
gboolean       ld_record_items_get_loaded        (LdRecordItems *self);
gboolean       ld_record_items_get_settled       (LdRecordItems *self);
gpointer       ld_record_items_find              (LdRecordItems *self,
                                                  const char    *id);

G_END_DECLS

/* ld-cache-list.h: a GListModel over one view of the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-cache.h"
#include "ld-cache-record.h"

G_BEGIN_DECLS

#define LD_TYPE_CACHE_LIST (ld_cache_list_get_type ())

G_DECLARE_FINAL_TYPE (LdCacheList, ld_cache_list, LD, CACHE_LIST, GObject)

LdCacheList *ld_cache_list_new                 (LdCache      *cache,
                                                LdCacheView  *view);
LdCacheList *ld_cache_list_new_patient_search  (LdCache      *cache,
                                                const char   *query,
                                                GError      **error);
LdCacheList *ld_cache_list_new_worklist        (LdCache      *cache,
                                                const char   *tab);
LdCacheList *ld_cache_list_new_patient_orders  (LdCache      *cache,
                                                const char   *patient_id);
LdCacheList *ld_cache_list_new_order_samples   (LdCache      *cache,
                                                const char   *order_id);
LdCacheList *ld_cache_list_new_order_results   (LdCache      *cache,
                                                const char   *order_id);
LdCacheList *ld_cache_list_new_pending_results (LdCache      *cache,
                                                const char   *test_code);
LdCacheList *ld_cache_list_new_owing            (LdCache      *cache,
                                                gint64        day_start_us,
                                                gint64        day_end_us);
LdCacheList *ld_cache_list_new_home_visits     (LdCache      *cache,
                                                gint64        start_from_us,
                                                gint64        start_until_us,
                                                gint64        end_after_us,
                                                gint64        end_until_us);
LdCacheList *ld_cache_list_new_catalog_search  (LdCache      *cache,
                                                const char   *query);
void         ld_cache_list_set_view            (LdCacheList  *self,
                                                LdCacheView  *view);
gboolean     ld_cache_list_get_loading         (LdCacheList  *self);
gboolean     ld_cache_list_get_switching       (LdCacheList  *self);
gboolean     ld_cache_list_wait_switched       (LdCacheList  *self,
                                                gint64        end_time);

G_END_DECLS

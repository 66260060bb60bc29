/* ld-cache-record.h: one row of a cache list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_CACHE_RECORD (ld_cache_record_get_type ())

G_DECLARE_FINAL_TYPE (LdCacheRecord, ld_cache_record, LD, CACHE_RECORD, GObject)

LdCacheRecord *ld_cache_record_new          (const char    *entity);
const char    *ld_cache_record_get_entity   (LdCacheRecord *self);
const char    *ld_cache_record_get_id       (LdCacheRecord *self);
gboolean       ld_cache_record_get_loaded   (LdCacheRecord *self);
const char    *ld_cache_record_get_pending  (LdCacheRecord *self);
JsonObject    *ld_cache_record_get_object   (LdCacheRecord *self);
const char    *ld_cache_record_get_string   (LdCacheRecord *self,
                                             const char    *member);
void           ld_cache_record_fill         (LdCacheRecord *self,
                                             const char    *id,
                                             const char    *record,
                                             const char    *pending);

G_END_DECLS

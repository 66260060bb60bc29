/* ld-cache-search.h: patient names in the cache, found word by word
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-cache-view.h"
#include "ld-patient-rules.h"

G_BEGIN_DECLS

gboolean ld_cache_search_index (LdSqlite   *db,
                                const char *patient_id,
                                const char *old_name_fold,
                                const char *name_fold,
                                GError    **error);
gboolean ld_cache_search_locate (const LdPatientQuery *query,
                                 LdSqlite             *db,
                                 const char           *id,
                                 LdCacheViewKey       *out_key,
                                 gboolean             *out_found,
                                 GError              **error);
gboolean ld_cache_search_count (const LdPatientQuery *query,
                                LdSqlite             *db,
                                const LdCacheViewKey *before,
                                gint64               *out_count,
                                GError              **error);
gboolean ld_cache_search_page (const LdPatientQuery *query,
                               LdSqlite             *db,
                               const LdCacheViewKey *after,
                               gint64                offset,
                               guint                 limit,
                               GPtrArray            *rows,
                               GError              **error);

G_END_DECLS

/* ld-cache-view-desk.h: the front desk's lists of the day over the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-cache-view.h"

G_BEGIN_DECLS

const LdCacheViewSql *ld_cache_desk_sql         (LdCacheViewKind        kind);
void                  ld_cache_desk_bind        (LdCacheViewKind        kind,
                                                 const gint64          *bounds,
                                                 LdSqliteStmt          *stmt,
                                                 const LdCacheViewKey  *key);
gboolean              ld_cache_desk_file_order  (LdSqlite              *db,
                                                 const char            *id,
                                                 JsonObject            *record,
                                                 GError               **error);

G_END_DECLS

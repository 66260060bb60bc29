/* ld-db-sqlite.h: the store's database vocabulary on SQLite
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-db.h"
#include "ld-sqlite.h"

G_BEGIN_DECLS

LdDb          *ld_db_sqlite_open               (const char         *path,
                                                LdSqliteOpenFlags   flags,
                                                GError            **error);
LdSqlite      *ld_db_sqlite_get_handle         (LdDb               *db);

G_END_DECLS

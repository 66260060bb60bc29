/* ld-db-pg.h: the store's database vocabulary on PostgreSQL
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-db.h"

G_BEGIN_DECLS

LdDb          *ld_db_pg_open                   (const char         *conninfo,
                                                GError            **error);

G_END_DECLS

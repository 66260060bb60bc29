/* ld-db-pg.h: the store's database vocabulary on PostgreSQL
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-db.h"

G_BEGIN_DECLS

/* connect_timeout for every connection the server makes: a database host
 * that does not answer holds a thread (the main loop's too) this long at
 * the most. */
#define LD_DB_PG_CONNECT_TIMEOUT_SECONDS "2"

LdDb          *ld_db_pg_open                   (const char         *conninfo,
                                                GError            **error);
LdDb          *ld_db_pg_open_reader            (const char         *conninfo,
                                                GError            **error);

G_END_DECLS

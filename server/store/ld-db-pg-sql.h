/* ld-db-pg-sql.h: SQLite's parameters written PostgreSQL's way
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ld_db_pg_rewrite_parameters (const char *sql,
                                   guint      *out_n_params,
                                   guint8    **out_used,
                                   GError    **error);

G_END_DECLS

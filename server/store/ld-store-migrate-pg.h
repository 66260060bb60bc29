/* ld-store-migrate-pg.h: PostgreSQL's own numbered schema files
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-db.h"

G_BEGIN_DECLS

gint64         ld_store_pg_latest_schema       (void);
gboolean       ld_store_pg_get_schema          (LdDb               *db,
                                                gint64             *out_schema,
                                                GError            **error);
gboolean       ld_store_pg_migrate             (LdDb               *db,
                                                GError            **error);

G_END_DECLS

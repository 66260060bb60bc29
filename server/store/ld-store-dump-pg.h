/* ld-store-dump-pg.h: a PostgreSQL database's backup, by pg_dump
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-store.h"

G_BEGIN_DECLS

char          *ld_store_pg_dup_dump_conninfo   (const char         *uri,
                                                char              **out_password,
                                                GError            **error);
gboolean       ld_store_pg_dump                (LdStore            *store,
                                                const char         *dest_path,
                                                char              **out_problem,
                                                GError            **error);

G_END_DECLS

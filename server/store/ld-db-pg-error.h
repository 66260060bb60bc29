/* ld-db-pg-error.h: PostgreSQL's errors as the store's
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "ld-error.h"

G_BEGIN_DECLS

LdStoreError   ld_db_pg_error_code             (const char         *sqlstate);
gboolean       ld_db_pg_error_ends_connection  (const char         *sqlstate);
void           ld_db_pg_set_error              (GError            **error,
                                                PGconn             *conn,
                                                const PGresult     *result,
                                                const char         *what);
gboolean       ld_db_pg_result_ok              (const PGresult     *result);

G_END_DECLS

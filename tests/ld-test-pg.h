/* ld-test-pg.h: a real PostgreSQL cluster in a temporary directory, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs initdb into a new temporary directory (as the "postgres" user, or
 * "nobody", when the test runs as root: initdb refuses root), starts the
 * server listening only on a Unix socket in that directory, waits until it
 * answers, and creates a database. Returns a libpq connection string for
 * it, owned by the fixture. Once per process: a second call returns the
 * same cluster. Aborts the test if the cluster cannot be started. */
const char   *ld_test_pg_start            (void);
/* Stops the server and removes the directory. Called at exit too; when
 * the test dies on a signal or an abort, a watcher process does it. */
void          ld_test_pg_stop             (void);

G_END_DECLS

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
/* A connection URI (postgresql://…, what the server's --db takes) for the
 * database @name in the cluster, starting it if need be. */
char         *ld_test_pg_dup_uri          (const char   *name);
/* Creates a new database, empty or as a copy of @template_name (which
 * must have no connections), with a name unique in the process; returns
 * its name. */
char         *ld_test_pg_create_database  (const char   *template_name);
/* Drops a database made by ld_test_pg_create_database(), once nothing is
 * connected to it. */
void          ld_test_pg_drop_database    (const char   *name);
/* Runs @sql on the database at @uri (ld_test_pg_dup_uri()) and returns
 * the first column of its first row as an integer. */
gint64        ld_test_pg_query_int        (const char   *uri,
                                           const char   *sql);
/* Runs @sql, one or more statements, on the database at @uri. */
void          ld_test_pg_exec             (const char   *uri,
                                           const char   *sql);
/* Shuts the cluster's server down as `pg_ctl stop` does (fast: sessions
 * are ended) and waits until it has exited; ld_test_pg_start_again()
 * starts it on the same data and waits until it answers. */
void          ld_test_pg_shut_down        (void);
void          ld_test_pg_start_again      (void);
/* Stops the server and removes the directory. Called at exit too; when
 * the test dies on a signal or an abort, a watcher process does it. */
void          ld_test_pg_stop             (void);

G_END_DECLS

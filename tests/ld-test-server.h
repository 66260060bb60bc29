/* ld-test-server.h: a real labdesk server on a loopback port, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "ld-sqlite.h"
#include "store/ld-db.h"
#include "ld-config.h"

G_BEGIN_DECLS

/* The demo users (see server/ld-seed.c); every fixture database has them. */
#define LD_TEST_ADMIN_PASSWORD      "admin-demo"
#define LD_TEST_RECEPTION_PASSWORD  "reception-demo"
#define LD_TEST_DOCTOR_PASSWORD     "doctor-demo"
#define LD_TEST_TECHNICIAN_PASSWORD "technician-demo"
#define LD_TEST_PATHOLOGIST_PASSWORD "pathologist-demo"
#define LD_TEST_WEBHOOK_SECRET      "test-webhook-secret"

typedef struct _LdTestServer LdTestServer;
/* As store/ld-store.h has it: that header is not the client tests'. */
typedef struct _LdStore LdStore;

/* Starts the real LdServer in its own thread and GMainContext, on
 * 127.0.0.1 port 0, over a new SQLite file (seeded with the demo data) in a
 * fresh temporary directory; with LABDESK_TEST_DB=postgresql, over a
 * PostgreSQL database of its own instead (ld-test-pg.h), with the audit
 * key and head in that directory. Blocks until it listens. */
LdTestServer *ld_test_server_new          (void);
/* The same, with backups configured (backup_dir: a folder in the
 * temporary directory, made by the first backup). */
LdTestServer *ld_test_server_new_with_backups (void);
const char   *ld_test_server_get_backup_dir (LdTestServer *self);
/* The same, with the payment gateway @gateway (a copy) configured. */
LdTestServer *ld_test_server_new_with_gateway (const LdGatewayConfig *gateway);
/* The same, over an existing database file (not seeded again). */
LdTestServer *ld_test_server_new_for_path (const char   *db_path);
/* Spawns the installed-style binary ($LABDESK_SERVER) as
 * `labdesk-server serve --db DB_PATH --listen 127.0.0.1:0 EXTRA_ARGS…` and
 * waits for its "listening on" line. ld_test_server_free() stops it with
 * SIGTERM and asserts a clean exit. */
LdTestServer *ld_test_server_spawn        (const char         *db_path,
                                           const char * const *extra_args);
/* The same, with the server's log (stderr) written to @stderr_path. */
LdTestServer *
ld_test_server_spawn_beside (LdTestServer *seed, const char *settings, const char *log_name);
LdTestServer *ld_test_server_spawn_logged (const char         *db_path,
                                           const char * const *extra_args,
                                           const char         *stderr_path);
GSubprocess  *ld_test_server_get_process  (LdTestServer *self);
guint         ld_test_server_count_open_files (LdTestServer *self);
/* SIGKILL, for durability tests: no clean shutdown, nothing flushed. */
void          ld_test_server_kill         (LdTestServer *self);
/* A child setup: the child is killed when the test dies. */
void          ld_test_die_with_parent     (gpointer      parent_pid);
/* Runs `labdesk-server ARGS…`, returns its exit status and output. */
int  ld_test_run_server_command (const char  *const *args, char **out_stdout, char **out_stderr);

/* Stops the thread, checks the server was finalized, removes the directory. */
void          ld_test_server_free         (LdTestServer *self);
/* "http://127.0.0.1:PORT" with no trailing slash. */
const char   *ld_test_server_get_uri      (LdTestServer *self);
/* The database file, or on PostgreSQL its postgresql:// URI. */
const char   *ld_test_server_get_db_path  (LdTestServer *self);
const char   *ld_test_server_get_tmpdir   (LdTestServer *self);
/* A configuration file, for `labdesk-server COMMAND --config FILE` on
 * @self's database: it names the database, and on PostgreSQL, where
 * nothing lies beside the database, the audit key and head as well. Made
 * on the first call, in the temporary directory. */
const char   *ld_test_server_get_config_path (LdTestServer *self);
gint64        ld_test_query_int           (const char   *db_path,
                                           const char   *sql);
/* Appends an administrator's audit event, @action on a user, to @store's
 * chain, in its open transaction or one of its own. */
void          ld_test_append_audit_event  (LdStore         *store,
                                           const char      *action);
/* A connection of the test's own to the database at @location (a SQLite
 * file, or a postgresql:// URI), through the store's own seam
 * (store/ld-db.h): one SQL text, with ?1 … parameters, runs on either
 * backend. SQLite opens the file with @flags; LD_SQLITE_OPEN_READONLY
 * makes a PostgreSQL connection read-only too. Close it with
 * ld_db_close(); it belongs to the calling thread. */
LdDb         *ld_test_db_open             (const char        *location,
                                           LdSqliteOpenFlags  flags);
/* The same, to the database @self serves, read and write. */
LdDb         *ld_test_server_open_db      (LdTestServer *self);
/* A new, empty database for a test that runs the server's commands on it
 * itself (`demo`, `serve`): the SQLite file @dir/lab.db, or with
 * LABDESK_TEST_DB=postgresql a database of its own in the test's cluster.
 * Returns its location, for --db; @out_config_path gets a configuration
 * file in @dir for --config, which on PostgreSQL names the audit key and
 * head (in @dir; SQLite keeps them beside the database). */
char         *ld_test_db_new              (const char   *dir,
                                           char        **out_config_path);
/* Whether @self serves a PostgreSQL database (LABDESK_TEST_DB=postgresql). */
gboolean      ld_test_server_is_postgresql (LdTestServer *self);
void          ld_test_downgrade_schema    (LdSqlite     *db,
                                           int           schema);
gint64        ld_test_server_query_int    (LdTestServer *self,
                                           const char   *sql);
/* Removes @dir and everything below it. */
void          ld_test_remove_tree         (const char   *dir);
/* A new temporary directory (@name_template ends in XXXXXX) in memory,
 * /dev/shm, where the machine has one; else as g_dir_make_tmp() makes it.
 * For a test whose fixture database takes thousands of synced commits to
 * make and whose subject is not the disk: test-durability is the disk's. */
char         *ld_test_dir_make_tmp_in_memory (const char *name_template);
guint64       ld_test_env_number          (const char   *name,
                                           guint64       fallback);

/* Runs @func (@data) on the server's thread and waits for it, for tests that
 * look at or change the store directly (e.g. ld_server_get_store()). */
void          ld_test_server_invoke       (LdTestServer *self,
                                           GSourceFunc   func,
                                           gpointer      data);
gpointer      ld_test_server_get_server   (LdTestServer *self);
void          ld_test_server_run_minute_sweeps (LdTestServer *self);
void          ld_test_server_append_audit_events (LdTestServer *self,
                                                  guint         n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdTestServer, ld_test_server_free)

G_END_DECLS

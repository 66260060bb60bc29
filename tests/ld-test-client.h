/* ld-test-client.h: the client's data layer against a real server, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-test-http.h"
#include "ld-api-client.h"
#include "ld-cache.h"
#include "ld-cache-list.h"
#include "ld-cache-outbox.h"
#include "ld-outbox.h"
#include "ld-sync.h"

G_BEGIN_DECLS

/* A password long enough to be one; the cache's key is sealed with it. */
#define LD_TEST_CACHE_PASSWORD "reception-demo"

typedef gboolean (*LdTestCondition) (gpointer data);

void           ld_test_client_use_own_context (void);

/* Spins the thread-default main context until @condition holds; fails the
 * test after @timeout_ms. */
void           ld_test_wait_until         (LdTestCondition  condition,
                                           gpointer         data,
                                           guint            timeout_ms,
                                           const char      *what);
/* Spins until an async call has finished; returns its result. */
GAsyncResult  *ld_test_wait_result        (GAsyncResult   **slot);
void           ld_test_store_result_cb    (GObject         *source,
                                           GAsyncResult    *result,
                                           gpointer         user_data);

LdCache         *
ld_test_cache_open (const char *dir, const char *password, gboolean create, GError **error);
/* The bytes of every file in @dir, one after another (db, WAL, key). */
GBytes        *ld_test_read_dir_bytes     (const char      *dir);

/* A signed-in client with its cache, outbox and sync, as the application
 * has them. */
typedef struct
{
  LdApiClient *api;
  LdCache     *cache;
  LdOutbox    *outbox;
  LdSync      *sync;
  char        *dir;
} LdTestClient;

LdTestClient *ld_test_client_new (const char *server_uri,
                                  const char *username,
                                  const char *password,
                                  const char *dir);
void          ld_test_client_free (LdTestClient *client);
/* Waits until the cache has applied the server's feed up to @seq; fails
 * when it stands still for @timeout_ms. */
void           ld_test_client_wait_seq    (LdTestClient    *client,
                                           gint64           seq,
                                           guint            timeout_ms);
GHashTable    *ld_test_client_dump        (LdTestClient    *client,
                                           const char      *entity);
GPtrArray     *ld_test_client_outbox      (LdTestClient    *client);
JsonNode      *ld_test_client_submit      (LdTestClient    *client,
                                           LdOutboxAction   action,
                                           const char      *params_json,
                                           GError         **error);

/* Writes @n_patients patients and @n_orders orders (every third paid in
 * cash) through the store API on the server's thread, with their feed
 * changes, in transactions of a few hundred; tells the event sockets. */
void           ld_test_seed               (LdTestServer    *server,
                                           guint            n_patients,
                                           guint            n_orders);
/* The server's records of @entity as its feed shows them: id → JSON text,
 * read on the server's thread. */
GHashTable    *ld_test_server_records     (LdTestServer    *server,
                                           const char      *entity);
gint64         ld_test_server_head        (LdTestServer    *server);

/* Holds the write lock of the database at @db_path, as a long write in
 * another process would: the server's writes wait out their busy timeout
 * and answer 503 until ld_test_release_write_lock(). */
gpointer       ld_test_hold_write_lock    (const char      *db_path);
void           ld_test_release_write_lock (gpointer         lock);
/* Lets the server's warnings from @domain that hold @contains pass (the
 * test causes them on purpose), counted; every other warning stays fatal.
 * Call from main(), after g_test_init(). */
void           ld_test_allow_warning      (const char      *domain,
                                           const char      *contains);
guint          ld_test_count_allowed_warnings (const char  *domain);
/* A fixture: a temporary directory, removed with what it holds. */
typedef struct
{
  char *tmpdir;
} LdTestTmpdir;

void           ld_test_tmpdir_setup       (LdTestTmpdir    *fx,
                                           gconstpointer    data);
void           ld_test_tmpdir_teardown    (LdTestTmpdir    *fx,
                                           gconstpointer    data);

/* A demo database at @db_path, as `labdesk-server demo --bare` makes it:
 * the demo users and catalogue, without the years of a lab. */
void           ld_test_create_demo        (const char      *db_path);
/* Spawns the server on @db_path again, on the port @old_uri had. */
LdTestServer  *ld_test_server_restart     (const char      *db_path,
                                           const char      *old_uri);
/* Tells the server's event sockets the feed's newest seq, as a write does. */
void           ld_test_server_announce    (LdTestServer    *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdTestClient, ld_test_client_free)

G_END_DECLS

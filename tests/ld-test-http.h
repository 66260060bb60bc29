/* ld-test-http.h: synchronous HTTP helpers for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "ld-test-server.h"

G_BEGIN_DECLS

typedef struct
{
  guint       status;
  /* The body as received, nul-terminated; @length counts its bytes, so a
   * PDF's survive. */
  char       *body;
  gsize       length;
  JsonNode   *json;
  SoupMessageHeaders *headers;
} LdTestResponse;

LdTestResponse    *ld_test_request (LdTestServer *server,
                                    const char   *method,
                                    const char   *path,
                                    const char   *token,
                                    const char   *content_type,
                                    const char   *body,
                                    gssize        body_length);
LdTestResponse    *ld_test_request_with_headers (LdTestServer       *server,
                                                 const char         *method,
                                                 const char         *path,
                                                 const char         *token,
                                                 const char         *content_type,
                                                 const char         *body,
                                                 gssize              body_length,
                                                 const char    *const *headers);
LdTestResponse    *ld_test_get (LdTestServer *server, const char *path, const char *token);
LdTestResponse    *ld_test_send_json (LdTestServer *server,
                                      const char   *method,
                                      const char   *path,
                                      const char   *token,
                                      const char   *json);
/* Raw HTTP, for tests that decide what is sent when. */
GSocketConnection *ld_test_connect     (LdTestServer *server);
void            ld_test_wait_server_read (GSocketConnection *connection);
void            ld_test_write_raw      (GSocketConnection *connection,
                                        const char        *data,
                                        gsize              length);
void            ld_test_write_json_head (GSocketConnection *connection,
                                         const char        *method,
                                         const char        *path,
                                         gsize              content_length);
guint           ld_test_read_status    (GSocketConnection *connection);
GSocketConnection *ld_test_connect_from (LdTestServer     *server,
                                         const char       *local_ip);
LdTestResponse *ld_test_read_response  (GSocketConnection *connection);
gboolean        ld_test_wait_closed    (GSocketConnection *connection,
                                        guint              guard_s);
void            ld_test_response_free  (LdTestResponse *resp);
JsonObject     *ld_test_response_object (LdTestResponse *resp);
const char     *ld_test_response_get_string (LdTestResponse *resp,
                                             const char     *path);
gint64          ld_test_response_get_int    (LdTestResponse *resp,
                                             const char     *path);
/* Signs in and returns the token (asserts success). */
char           *ld_test_login          (LdTestServer *server,
                                        const char   *username,
                                        const char   *password);
/* Asserts the documented error shape, the status and the code. */
const char     *ld_test_response_get_field_error (LdTestResponse *resp,
                                                  const char     *field);
void            ld_test_assert_status  (LdTestResponse *resp,
                                        guint           status);
void            ld_test_assert_error   (LdTestResponse *resp,
                                        guint           status,
                                        const char     *code);

/* The change feed as @token sees it, replayed: "entity\nid" → last record. */
GHashTable     *ld_test_replay_feed    (LdTestServer *server,
                                        const char   *token);
/* The same through the snapshot, every page. */
GHashTable     *ld_test_read_snapshot  (LdTestServer *server,
                                        const char   *token);

/* A WebSocket on <base_uri>/api/v1/events that counts what it is told. */
typedef struct
{
  SoupSession             *session;
  SoupWebsocketConnection *conn;
  guint                    n_pushes;
  gint64                   last_seq;
  gint64                   last_push_us;
} LdTestListener;

/* Connects with @token and waits for the server's first message. */
LdTestListener *ld_test_listen           (const char     *base_uri,
                                          const char     *token);
/* Runs the default context until more than @above messages came, or a
 * deadline generous for a loaded machine; whether they came. */
gboolean        ld_test_listener_wait    (LdTestListener *listener,
                                          guint           above);
/* Closes the socket, waiting for the close to complete. */
void            ld_test_listener_free    (LdTestListener *listener);

/* The usual fixture: a fresh server and an administrator's token. */
typedef struct
{
  LdTestServer *server;
  char         *admin;
} LdTestFixture;

void            ld_test_fixture_setup    (LdTestFixture *fx,
                                          gconstpointer  data);
void            ld_test_fixture_teardown (LdTestFixture *fx,
                                          gconstpointer  data);

/* Adds a test that gets a fresh LdTestFixture. */
#define LD_TEST_ADD(path, func) \
  g_test_add ((path), LdTestFixture, NULL, ld_test_fixture_setup, (func), ld_test_fixture_teardown)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdTestResponse, ld_test_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdTestListener, ld_test_listener_free)

G_END_DECLS

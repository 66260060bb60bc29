/* ld-test-http.c: synchronous HTTP helpers for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-test-http"

#include "config.h"

#include "ld-test-http.h"

static SoupSession *
get_session (void)
{
  /* One session per test thread; a sync call runs its own loop. */
  static GPrivate session_key = G_PRIVATE_INIT (g_object_unref);
  SoupSession *session = g_private_get (&session_key);

  if (session == NULL)
    {
      session = soup_session_new_with_options ("timeout", 60, NULL);
      g_private_set (&session_key, session);
    }

  return session;
}

/**
 * ld_test_request:
 * @server: the fixture
 * @method: the HTTP method
 * @path: "/api/v1/…", appended to the fixture's URI
 * @token: (nullable): a session token
 * @content_type: (nullable): the body's type
 * @body: (nullable): the body
 * @body_length: its length, or -1 for a nul-terminated @body
 *
 * Returns: (transfer full): the response, with its body parsed when JSON
 */
LdTestResponse *
ld_test_request (LdTestServer *server,
                 const char   *method,
                 const char   *path,
                 const char   *token,
                 const char   *content_type,
                 const char   *body,
                 gssize        body_length)
{
  return ld_test_request_with_headers (server, method, path, token, content_type, body, body_length,
                                       NULL);
}

/**
 * ld_test_request_with_headers:
 * @headers: (nullable) (array zero-terminated=1): name, value, name, value, …
 *
 * Like ld_test_request(), with request headers of the caller's.
 */
LdTestResponse *
ld_test_request_with_headers (LdTestServer       *server,
                              const char         *method,
                              const char         *path,
                              const char         *token,
                              const char         *content_type,
                              const char         *body,
                              gssize              body_length,
                              const char * const *headers)
{
  g_autofree char *uri = g_strconcat (ld_test_server_get_uri (server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) response = NULL;
  LdTestResponse *resp;
  const char *response_type;

  g_assert_nonnull (msg);

  if (token != NULL)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    header);
    }

  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i],
                                  headers[i + 1]);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes =
                   g_bytes_new (body, body_length < 0 ? strlen (body) : (gsize) body_length);
      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  response = soup_session_send_and_read (get_session (), msg, NULL, &error);
  g_assert_no_error (error);

  resp = g_new0 (LdTestResponse, 1);
  resp->status = soup_message_get_status (msg);
  resp->length = g_bytes_get_size (response);
  resp->body = g_malloc (resp->length + 1);
  if (resp->length > 0)
    memcpy (resp->body, g_bytes_get_data (response, NULL), resp->length);
  resp->body[resp->length] = '\0';
  resp->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  response_type = soup_message_headers_get_content_type (resp->headers, NULL);
  if (g_strcmp0 (response_type, "application/json") == 0 ||
      g_strcmp0 (response_type, "application/fhir+json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_parser_load_from_data (parser, resp->body, -1, &error);
      g_assert_no_error (error);
      resp->json = json_node_ref (json_parser_get_root (parser));
    }

  return resp;
}

LdTestResponse *
ld_test_get (LdTestServer *server,
             const char   *path,
             const char   *token)
{
  return ld_test_request (server, "GET", path, token, NULL, NULL, 0);
}

/**
 * ld_test_connect:
 * @server: the fixture
 *
 * For a test that writes HTTP itself: what it sends and when, byte by byte.
 *
 * Returns: (transfer full): a new connection to the server
 */
GSocketConnection *
ld_test_connect (LdTestServer *server)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (ld_test_server_get_uri (server), G_URI_FLAGS_NONE, &error);
  GSocketConnection *connection;

  g_assert_no_error (error);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri),
                                                NULL, &error);
  g_assert_no_error (error);
  return connection;
}

/* Bytes waiting in the receive queue of the socket on @local_port that
 * is connected to @remote_port, from one /proc/net/tcp* table; -1 if the
 * table has no such socket. */
static gint64
receive_queue_in (const char *table,
                  guint       local_port,
                  guint       remote_port)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (table, &text, NULL, NULL))
    return -1;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      GPtrArray *words = g_ptr_array_new ();
      const char *local;
      const char *remote;
      const char *queues;
      gint64 found = -1;

      for (guint j = 0; fields[j] != NULL; j++)
        if (*fields[j] != '\0')
          g_ptr_array_add (words, fields[j]);
      if (words->len > 4)
        {
          local = strrchr (g_ptr_array_index (words, 1), ':');
          remote = strrchr (g_ptr_array_index (words, 2), ':');
          queues = strchr (g_ptr_array_index (words, 4), ':');
          if (local && remote && queues &&
              g_ascii_strtoull (local + 1, NULL, 16) == local_port &&
              g_ascii_strtoull (remote + 1, NULL, 16) == remote_port)
            found = (gint64) g_ascii_strtoull (queues + 1, NULL, 16);
        }
      g_ptr_array_unref (words);
      if (found >= 0)
        return found;
    }
  return -1;
}

/**
 * ld_test_wait_server_read:
 * @connection: from ld_test_connect(), with bytes written to it
 *
 * Waits until the server has accepted @connection and read every byte
 * written to it (its end's receive queue, in /proc/net/tcp, is empty),
 * so a test knows what the server has seen instead of guessing a time.
 */
void
ld_test_wait_server_read (GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) ours = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) theirs = g_socket_connection_get_remote_address (connection, NULL);
  guint our_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (ours));
  guint server_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (theirs));
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  for (;;)
    {
      gint64 queued = receive_queue_in ("/proc/net/tcp", server_port, our_port);

      if (queued < 0)
        queued = receive_queue_in ("/proc/net/tcp6", server_port, our_port);
      if (queued == 0)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("the server did not read what was sent on port %u (%" G_GINT64_FORMAT
                 " bytes waiting)", our_port, queued);
      g_usleep (5 * 1000);
    }
}

/**
 * ld_test_write_raw:
 * @connection: from ld_test_connect()
 * @data: bytes to send as they are
 * @length: how many
 */
void
ld_test_write_raw (GSocketConnection *connection,
                   const char        *data,
                   gsize              length)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, data, length, NULL, NULL, &error);
  g_assert_no_error (error);
}

/**
 * ld_test_write_json_head:
 * @connection: from ld_test_connect()
 * @method: the HTTP method
 * @path: "/api/v1/…"
 * @content_length: the length of the JSON body the caller sends next
 *
 * Sends a request's head only, so the test decides when the body follows.
 */
void
ld_test_write_json_head (GSocketConnection *connection,
                         const char        *method,
                         const char        *path,
                         gsize              content_length)
{
  g_autofree char *head = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                           method, path, content_length);

  ld_test_write_raw (connection, head, strlen (head));
}

/**
 * ld_test_read_status:
 * @connection: from ld_test_connect(), with a request sent
 *
 * Waits for the answer's status line.
 *
 * Returns: its status code
 */
guint
ld_test_read_status (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GError) error = NULL;
  char status_line[sizeof "HTTP/1.1 200"] = { 0 };

  g_input_stream_read_all (in, status_line, sizeof status_line - 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (status_line, "HTTP/1.1 "));
  return (guint) g_ascii_strtoull (status_line + strlen ("HTTP/1.1 "), NULL, 10);
}

/**
 * ld_test_connect_from:
 * @server: the fixture
 * @local_ip: a loopback address to connect from, such as "127.0.0.2"
 *
 * Linux routes all of 127.0.0.0/8 to the loopback interface, so a test can
 * be several client addresses at once, as limits per address need.
 *
 * Returns: (transfer full): a new connection to the server
 */
GSocketConnection *
ld_test_connect_from (LdTestServer *server,
                      const char   *local_ip)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new_from_string (local_ip, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (ld_test_server_get_uri (server), G_URI_FLAGS_NONE, &error);
  GSocketConnection *connection;

  g_assert_no_error (error);
  g_assert_nonnull (local);
  g_socket_client_set_local_address (client, local);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri),
                                                NULL, &error);
  g_assert_no_error (error);
  return connection;
}

/**
 * ld_test_read_response:
 * @connection: from ld_test_connect(), with a request sent
 *
 * Reads one whole answer: its head, then a body of its Content-Length.
 *
 * Returns: (transfer full): the answer
 */
LdTestResponse *
ld_test_read_response (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  LdTestResponse *resp = g_new0 (LdTestResponse, 1);
  goffset length;

  while (!g_str_has_suffix (head->str, "\r\n\r\n"))
    {
      char c;
      gsize n = 0;

      g_input_stream_read_all (in, &c, 1, &n, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 1);
      g_string_append_c (head, c);
    }

  resp->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_assert_true (
    soup_headers_parse_response (head->str, head->len, resp->headers, NULL, &resp->status, NULL));
  length = soup_message_headers_get_content_length (resp->headers);
  resp->body = g_malloc0 (length + 1);
  resp->length = length;
  g_input_stream_read_all (in, resp->body, length, NULL, NULL, &error);
  g_assert_no_error (error);
  if (length > 0)
    {
      resp->json = json_from_string (resp->body, &error);
      g_assert_no_error (error);
    }
  return resp;
}

/**
 * ld_test_wait_closed:
 * @connection: a connection the server should close
 * @guard_s: seconds after which to give up, against a hang
 *
 * Reads and drops what comes until the server closes the connection.
 *
 * Returns: %TRUE if it did, %FALSE if @guard_s passed first
 */
gboolean
ld_test_wait_closed (GSocketConnection *connection,
                     guint              guard_s)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  char buffer[4096];

  g_socket_set_timeout (socket, guard_s);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      if (n == 0 || (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)))
        return TRUE;
      if (n < 0)
        return FALSE;
    }
}

LdTestResponse *
ld_test_send_json (LdTestServer *server,
                   const char   *method,
                   const char   *path,
                   const char   *token,
                   const char   *json)
{
  return ld_test_request (server, method, path, token, "application/json", json, -1);
}

void
ld_test_response_free (LdTestResponse *resp)
{
  if (resp == NULL)
    return;

  g_free (resp->body);
  g_clear_pointer (&resp->json, json_node_unref);
  g_clear_pointer (&resp->headers, soup_message_headers_unref);
  g_free (resp);
}

JsonObject *
ld_test_response_object (LdTestResponse *resp)
{
  g_assert_nonnull (resp->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (resp->json));
  return json_node_get_object (resp->json);
}

/* Follows a dotted path such as "user.display_name" through objects. */
static JsonNode *
lookup_path (LdTestResponse *resp,
             const char     *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = resp->json;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }

  return node;
}

const char *
ld_test_response_get_string (LdTestResponse *resp,
                             const char     *path)
{
  JsonNode *node = lookup_path (resp, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gint64
ld_test_response_get_int (LdTestResponse *resp,
                          const char     *path)
{
  JsonNode *node = lookup_path (resp, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  return json_node_get_int (node);
}

char *
ld_test_login (LdTestServer *server,
               const char   *username,
               const char   *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(LdTestResponse) resp = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  resp = ld_test_send_json (server, "POST", "/api/v1/sessions", NULL, body);
  if (resp->status != 201)
    g_error ("sign-in as %s failed: %u %s", username, resp->status, resp->body);

  return g_strdup (ld_test_response_get_string (resp, "token"));
}

/**
 * ld_test_assert_error:
 * @resp: a response
 * @status: the HTTP status expected
 * @code: the wire code expected
 *
 * Asserts the one error shape: {"error": {"code", "message", "fields"?}}
 * with nothing else in "error", a non-empty message and the right status.
 */
/**
 * ld_test_response_get_field_error:
 * @resp: an error answer
 * @field: a field's wire name, which may hold dots ("discount.value")
 *
 * Returns: (nullable): what the answer says is wrong with @field
 */
const char *
ld_test_response_get_field_error (LdTestResponse *resp,
                                  const char     *field)
{
  JsonObject *root = ld_test_response_object (resp);
  JsonObject *error, *fields;

  if (root == NULL || (error = json_object_get_object_member (root, "error")) == NULL ||
      !json_object_has_member (error, "fields"))
    return NULL;

  fields = json_object_get_object_member (error, "fields");
  return json_object_has_member (fields, field) ? json_object_get_string_member (fields, field)
                                                : NULL;
}

/* Like g_assert_cmpuint() on the status, but shows the answer's body. */
void
ld_test_assert_status (LdTestResponse *resp,
                       guint           status)
{
  if (resp->status != status)
    g_error ("expected status %u, got %u: %s", status, resp->status, resp->body);
}

void
ld_test_assert_error (LdTestResponse *resp,
                      guint           status,
                      const char     *code)
{
  JsonObject *root;
  JsonObject *error;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  ld_test_assert_status (resp, status);

  root = ld_test_response_object (resp);
  /* The FHIR routes answer the same error as an OperationOutcome
   * (docs/fhir.md): the wire code is its first issue's details.text. */
  if (json_object_has_member (root, "resourceType"))
    {
      JsonObject *issue =
        json_array_get_object_element (json_object_get_array_member (root, "issue"), 0);

      g_assert_cmpstr (json_object_get_string_member (root, "resourceType"), ==,
                       "OperationOutcome");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (issue,
                                                                                     "details"),
                                                      "text"),
                       ==, code);
      g_assert_cmpuint (strlen (json_object_get_string_member (issue, "diagnostics")), >, 0);
      return;
    }
  g_assert_true (json_object_has_member (root, "error"));
  error = json_object_get_object_member (root, "error");
  g_assert_cmpstr (ld_test_response_get_string (resp, "error.code"), ==, code);
  g_assert_nonnull (ld_test_response_get_string (resp, "error.message"));
  g_assert_cmpuint (strlen (ld_test_response_get_string (resp, "error.message")), >, 0);

  json_object_iter_init (&iter, error);
  while (json_object_iter_next (&iter, &member, &node))
    g_assert_true (g_str_equal (member, "code") || g_str_equal (member, "message") ||
                   g_str_equal (member, "fields"));
}

void
ld_test_fixture_setup (LdTestFixture *fx,
                       gconstpointer  data)
{
  fx->server = ld_test_server_new ();
  fx->admin = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
}

void
ld_test_fixture_teardown (LdTestFixture *fx,
                          gconstpointer  data)
{
  g_clear_pointer (&fx->admin, g_free);
  g_clear_pointer (&fx->server, ld_test_server_free);
}

/**
 * ld_test_replay_feed:
 * @server: a test server
 * @token: whose view of the feed
 *
 * Reads the change feed from 0 until caught up, as a client does, and
 * keeps the last record of each entity and id.
 *
 * Returns: (transfer full): "entity\nid" → the record (a #JsonNode)
 */
/* Keeps each change's record in @state under "entity\nid". */
static void
keep_records (GHashTable *state,
              JsonArray  *changes)
{
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      g_hash_table_insert (state,
                           g_strconcat (json_object_get_string_member (change, "entity"), "\n",
                                        json_object_get_string_member (change, "id"), NULL),
                           json_node_copy (json_object_get_member (change, "record")));
    }
}

/* The feed's snapshot as @token reads it, every page: "entity\nid" →
 * record. */
GHashTable *
ld_test_read_snapshot (LdTestServer *server,
                       const char   *token)
{
  GHashTable *state =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  g_autofree char *path = g_strdup ("/api/v1/changes/snapshot?limit=50");

  for (;;)
    {
      g_autoptr(LdTestResponse) page = ld_test_get (server, path, token);
      JsonObject *root;

      ld_test_assert_status (page, 200);
      root = ld_test_response_object (page);
      keep_records (state, json_object_get_array_member (root, "changes"));
      if (json_object_get_null_member (root, "after"))
        return state;
      g_free (path);
      path = g_strdup_printf ("/api/v1/changes/snapshot?limit=50&at=%" G_GINT64_FORMAT
                              "&after=%" G_GINT64_FORMAT, json_object_get_int_member (root, "at"),
                              json_object_get_int_member (root, "after"));
    }
}

GHashTable *
ld_test_replay_feed (LdTestServer *server,
                     const char   *token)
{
  GHashTable *state =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  gint64 since = 0;

  for (;;)
    {
      g_autofree char *path =
        g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=1000", since);
      g_autoptr(LdTestResponse) page = ld_test_get (server, path, token);

      ld_test_assert_status (page, 200);
      keep_records (state,
                    json_object_get_array_member (ld_test_response_object (page), "changes"));
      since = ld_test_response_get_int (page, "next");
      if (since == ld_test_response_get_int (page, "last_seq"))
        return state;
    }
}

/* Waits in ld_test_listen() and ld_test_listener_wait(). */
#define LISTEN_DEADLINE_US (60 * G_USEC_PER_SEC)

static void
on_listener_message_cb (SoupWebsocketConnection *conn,
                        gint                     type,
                        GBytes                  *message,
                        LdTestListener          *listener)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, g_bytes_get_data (message, NULL),
                              g_bytes_get_size (message), &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  if (json_object_has_member (json_node_get_object (root), "seq"))
    listener->last_seq = json_object_get_int_member (json_node_get_object (root), "seq");
  listener->last_push_us = g_get_monotonic_time ();
  listener->n_pushes++;
}

typedef struct
{
  SoupWebsocketConnection *conn;
  GError                  *error;
  gboolean                 done;
} Connecting;

static void
on_listener_connected_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      data)
{
  Connecting *connecting = data;

  connecting->conn =
    soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &connecting->error);
  connecting->done = TRUE;
}

LdTestListener *
ld_test_listen (const char *base_uri,
                const char *token)
{
  LdTestListener *listener = g_new0 (LdTestListener, 1);
  g_autofree char *uri = g_strconcat (base_uri, "/api/v1/events", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);
  Connecting connecting = { NULL };
  gint64 deadline = g_get_monotonic_time () + LISTEN_DEADLINE_US;

  listener->session = soup_session_new ();
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_session_websocket_connect_async (listener->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, on_listener_connected_cb, &connecting);
  while (!connecting.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (connecting.done);
  g_assert_no_error (connecting.error);
  listener->conn = connecting.conn;
  g_signal_connect (listener->conn, "message", G_CALLBACK (on_listener_message_cb), listener);
  /* The server tells a new socket where the feed is. */
  g_assert_true (ld_test_listener_wait (listener, 0));
  return listener;
}

gboolean
ld_test_listener_wait (LdTestListener *listener,
                       guint           above)
{
  gint64 deadline = g_get_monotonic_time () + LISTEN_DEADLINE_US;

  while (listener->n_pushes <= above && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  return listener->n_pushes > above;
}

void
ld_test_listener_free (LdTestListener *listener)
{
  if (listener == NULL)
    return;
  if (listener->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (listener->conn, listener);
      soup_websocket_connection_close (listener->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      while (soup_websocket_connection_get_state (listener->conn) != SOUP_WEBSOCKET_STATE_CLOSED)
        g_main_context_iteration (NULL, TRUE);
      g_object_unref (listener->conn);
    }
  g_clear_object (&listener->session);
  g_free (listener);
}

/* fuzz-request.c: raw HTTP into the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is sent as it is, as one client's bytes, to a real LdServer
 * (its own thread, a seeded SQLite database, 127.0.0.1): the request line,
 * headers, body reading and its limits, query parsing, routing, sign-in
 * and every handler. SoupServerMessage has no public constructor, so a
 * loopback connection is the only honest way in. "{{admin}}" in an input
 * stands for an administrator's token, so the seeds reach the handlers
 * behind sign-in. The server must never crash or answer 500 (a bug, by
 * the API's own table); sanitizers watch both threads.
 */

#include "config.h"

#include "ld-test-http.h"
#include "fuzz-target.h"

static LdTestServer *server;
static char *admin_token;
static guint runs;

/* An input may end the administrator's session (DELETE
 * /api/v1/sessions/current); now and then sign in again if it did, so later
 * inputs still reach the handlers behind sign-in. */
static void
keep_signed_in (void)
{
  g_autoptr(LdTestResponse) current = NULL;

  if (++runs % 500 != 0)
    return;

  current = ld_test_get (server, "/api/v1/sessions/current", admin_token);
  if (current->status != 200)
    {
      g_free (admin_token);
      admin_token = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
  server = ld_test_server_new ();
  admin_token = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
  return 0;
}

/* Whether @answer holds a whole first response. The server keeps a
 * connection open after its answer (keep-alive, even once the client has
 * shut its side), so the answer's own framing says when it is done.
 * Chunked answers and answers without a length end when the server
 * closes. */
static gboolean
answer_is_complete (GString    *answer,
                    const char *request)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  const char *end = strstr (answer->str, "\r\n\r\n");
  SoupHTTPVersion version;
  guint status;
  goffset length;

  if (end == NULL)
    return FALSE;

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  if (!soup_headers_parse_response (answer->str, end + 4 - answer->str, headers,
                                    &version, &status, NULL))
    g_error ("the server's answer is not HTTP: %s", answer->str);

  if (status == 500)
    g_error ("the server answered 500 to %s", request);

  if (g_str_has_prefix (request, "HEAD") || status == 204 || status == 304 || status < 200)
    return TRUE;
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return FALSE;
  length = soup_message_headers_get_content_length (headers);
  return (goffset) (answer->len - (end + 4 - answer->str)) >= length;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GString) request = g_string_new_len ((const char *) data, size);
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;
  GInputStream *in;
  char buffer[4096];
  gssize n;

  keep_signed_in ();
  g_string_replace (request, "{{admin}}", admin_token, 0);

  connection = ld_test_connect (server);
  socket = g_socket_connection_get_socket (connection);
  /* Far beyond any answer: a server that neither answers nor closes is
   * reported, not waited for for ever. */
  g_socket_set_timeout (socket, 60);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  request->str, request->len, NULL, NULL, &error))
    return 0;  /* the server may close on a bad head before reading it all */
  g_socket_shutdown (socket, FALSE, TRUE, NULL);

  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while (!answer_is_complete (answer, request->str) &&
         (n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (answer, buffer, n);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_error ("the server neither answered nor closed within 60 s: %s", request->str);

  return 0;
}

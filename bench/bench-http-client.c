/* bench-http-client.c: a lean keep-alive HTTP/1.1 client for load
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The benchmark's clients share the machine's two cores with the server
 * they measure. Through SoupSession a search cost the clients 0.17 ms of
 * CPU, a fifth of what it cost the server, which a desk on its own
 * computer never takes from the server. This client does only what a load
 * generator needs (wrk does the same): one socket, GET or a JSON POST with
 * a few headers, a Content-Length body. It is not for anything but benchmarks.
 */

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gio.h>

#include "bench-http-client.h"

#define HEAD_MAX (16 * 1024)

struct _BenchConnection
{
  int      fd;
  char    *host;
  GString *in;
};

static gboolean
fail (GError     **error,
      const char  *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", what,
               g_strerror (errno));
  return FALSE;
}

/**
 * bench_connection_new:
 * @base_uri: "http://127.0.0.1:PORT", as the test server gives it
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): a connected client
 */
BenchConnection *
bench_connection_new (const char  *base_uri,
                      GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (base_uri, G_URI_FLAGS_NONE, error);
  g_autoptr(BenchConnection) self = NULL;
  struct sockaddr_in address = { .sin_family = AF_INET };
  int one = 1;

  if (uri == NULL)
    return NULL;
  if (inet_pton (AF_INET, g_uri_get_host (uri), &address.sin_addr) != 1 ||
      g_uri_get_port (uri) <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s is not an IPv4 address and port", base_uri);
      return NULL;
    }
  address.sin_port = htons (g_uri_get_port (uri));

  self = g_new0 (BenchConnection, 1);
  self->in = g_string_sized_new (HEAD_MAX);
  self->host = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  self->fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (self->fd < 0)
    {
      fail (error, "socket");
      return NULL;
    }
  /* Requests are small and each waits for its answer: no Nagle delay. */
  setsockopt (self->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect (self->fd, (struct sockaddr *) &address, sizeof address) < 0)
    {
      fail (error, "connect");
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
bench_connection_free (BenchConnection *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    close (self->fd);
  g_string_free (self->in, TRUE);
  g_free (self->host);
  g_free (self);
}

static gboolean
send_all (int          fd,
          const char  *data,
          gsize        length,
          GError     **error)
{
  while (length > 0)
    {
      gssize n = send (fd, data, length, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return fail (error, "send");
      data += n;
      length -= n;
    }

  return TRUE;
}

/* Appends what the socket has to self->in; FALSE at the end or an error. */
static gboolean
receive_more (BenchConnection  *self,
              GError          **error)
{
  char buffer[64 * 1024];
  gssize n;

  do
    n = recv (self->fd, buffer, sizeof buffer, 0);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    return fail (error, "recv");
  if (n == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                           "the server closed the connection");
      return FALSE;
    }

  g_string_append_len (self->in, buffer, n);
  return TRUE;
}

/* The Content-Length in the header block @head, or -1. */
static gint64
content_length (const char *head)
{
  for (const char *line = strstr (head, "\r\n"); line != NULL; line = strstr (line + 2, "\r\n"))
    {
      if (g_ascii_strncasecmp (line + 2, "Content-Length:", 15) == 0)
        return g_ascii_strtoll (line + 2 + 15, NULL, 10);
    }

  return -1;
}

/**
 * bench_connection_request:
 * @self: a connection
 * @method: "GET", "POST"…
 * @path: the path and query, already escaped
 * @authorization: (nullable): the Authorization header's value
 * @idempotency_key: (nullable): the Idempotency-Key header's value
 * @json: (nullable): a JSON body, sent as application/json
 * @out_status: (out): the HTTP status
 * @body: the body is written here (emptied first)
 * @error: return location for a #GError
 *
 * Sends one request and reads its whole answer.
 *
 * Returns: %TRUE if an answer came
 */
gboolean
bench_connection_request (BenchConnection  *self,
                          const char       *method,
                          const char       *path,
                          const char       *authorization,
                          const char       *idempotency_key,
                          const char       *json,
                          guint            *out_status,
                          GString          *body,
                          GError          **error)
{
  g_autoptr(GString) request = g_string_sized_new (512);
  const char *end_of_head;
  gint64 length;
  gsize head_length;

  g_string_append_printf (request, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, path, self->host);
  if (authorization != NULL)
    g_string_append_printf (request, "Authorization: %s\r\n", authorization);
  if (idempotency_key != NULL)
    g_string_append_printf (request, "Idempotency-Key: %s\r\n", idempotency_key);
  if (json != NULL)
    g_string_append_printf (request, "Content-Type: application/json\r\nContent-Length: %zu\r\n",
                            strlen (json));
  g_string_append (request, "\r\n");
  if (json != NULL)
    g_string_append (request, json);
  if (!send_all (self->fd, request->str, request->len, error))
    return FALSE;

  g_string_truncate (self->in, 0);
  while ((end_of_head = strstr (self->in->str, "\r\n\r\n")) == NULL)
    {
      if (self->in->len > HEAD_MAX)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "header too long");
          return FALSE;
        }
      if (!receive_more (self, error))
        return FALSE;
    }

  head_length = end_of_head + 4 - self->in->str;
  self->in->str[head_length - 2] = '\0';
  length = content_length (self->in->str);
  if (strncmp (self->in->str, "HTTP/1.1 ", 9) != 0 || length < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "not an HTTP/1.1 answer with a Content-Length");
      return FALSE;
    }
  *out_status = (guint) g_ascii_strtoull (self->in->str + 9, NULL, 10);
  self->in->str[head_length - 2] = '\r';

  while (self->in->len < head_length + length)
    if (!receive_more (self, error))
      return FALSE;

  g_string_truncate (body, 0);
  g_string_append_len (body, self->in->str + head_length, length);
  return TRUE;
}

/**
 * bench_connection_get:
 * @self: a connection
 * @path: the path and query, already escaped
 * @authorization: (nullable): the Authorization header's value
 * @out_status: (out): the HTTP status
 * @body: the body is written here (emptied first)
 * @error: return location for a #GError
 *
 * Sends one GET and reads its whole answer.
 *
 * Returns: %TRUE if an answer came
 */
gboolean
bench_connection_get (BenchConnection  *self,
                      const char       *path,
                      const char       *authorization,
                      guint            *out_status,
                      GString          *body,
                      GError          **error)
{
  return bench_connection_request (self, "GET", path, authorization, NULL, NULL, out_status, body,
                                   error);
}

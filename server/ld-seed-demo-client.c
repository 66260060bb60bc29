/* ld-seed-demo-client.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `labdesk-server demo` makes its story through the real API, as the desk,
 * the doctor and the bench would: the same parsing, pricing, state checks,
 * audit chain, change feed and kept PDFs as a lab's own data. The server
 * runs in a thread of its own with its own main context, on a loopback
 * port; this side calls it synchronously.
 */

#define G_LOG_DOMAIN "ld-seed"

#include "config.h"

#include <libsoup/soup.h>

#include "ld-json.h"
#include "ld-server.h"
#include "ld-seed-demo-private.h"

struct _LdDemoClient
{
  LdConfig     *config;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  LdServer     *server;
  GMutex        mutex;
  GCond         cond;
  gboolean      ready;
  GError       *start_error;
  char         *uri;

  SoupSession  *session;
  char         *tokens[LD_DEMO_N_ACTORS];
  char         *user_ids[LD_DEMO_N_ACTORS];
  guint         n_calls;
};

static gpointer
server_thread (gpointer data)
{
  LdDemoClient *self = data;
  GError *error = NULL;
  LdServer *server;

  g_main_context_push_thread_default (self->context);

  server = ld_server_new (self->config, &error);
  if (server != NULL && !ld_server_listen (server, &error))
    g_clear_object (&server);

  g_mutex_lock (&self->mutex);
  self->server = server;
  self->start_error = error;
  if (server != NULL)
    {
      g_autofree char *uri = ld_server_dup_uri (server);

      self->uri = g_strndup (uri, strlen (uri) - (g_str_has_suffix (uri, "/") ? 1 : 0));
    }
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (server != NULL)
    {
      g_main_loop_run (self->loop);
      /* As `serve` stops: the store syncs and closes when the server goes. */
      ld_server_stop_accepting (server);
      ld_server_disconnect (server);
      g_object_unref (server);
      while (g_main_context_iteration (self->context, FALSE))
        ;
    }

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
ld_demo_client_free (LdDemoClient *self)
{
  g_clear_object (&self->session);
  for (guint i = 0; i < LD_DEMO_N_ACTORS; i++)
    {
      g_free (self->tokens[i]);
      g_free (self->user_ids[i]);
    }
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->start_error);
  g_clear_pointer (&self->config, ld_config_free);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self->uri);
  g_free (self);
}

/**
 * ld_demo_client_start:
 * @config: the server's configuration; only its listening address is
 *   changed, to a free loopback port
 * @error: return location for an error
 *
 * Starts the server over @config's database and waits until it listens.
 *
 * Returns: (transfer full) (nullable): the client; stop it with
 *   ld_demo_client_stop()
 */
LdDemoClient *
ld_demo_client_start (const LdConfig  *config,
                      GError         **error)
{
  LdDemoClient *self = g_new0 (LdDemoClient, 1);

  self->config = ld_config_copy (config);
  /* This side speaks plain HTTP on loopback, whatever the lab serves. */
  g_clear_pointer (&self->config->tls_certificate, g_free);
  g_clear_pointer (&self->config->tls_key, g_free);
  if (!ld_config_set_listen (self->config, "127.0.0.1:0", error))
    {
      ld_demo_client_free (self);
      return NULL;
    }

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("ld-demo-server", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  if (self->server == NULL)
    {
      g_thread_join (self->thread);
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      ld_demo_client_free (self);
      return NULL;
    }

  self->session = soup_session_new_with_options ("max-conns-per-host", 1, NULL);
  return self;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/**
 * ld_demo_client_stop:
 * @self: (transfer full): the client
 * @error: return location for an error
 *
 * Stops the server (its store syncs and closes) and frees @self.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_demo_client_stop (LdDemoClient  *self,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  /* The server closes the connection; drop ours first. */
  g_clear_object (&self->session);
  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  ld_demo_client_free (self);
  return TRUE;
}

typedef struct
{
  LdDemoClient *self;
  gboolean      done;
  gboolean      ok;
  GError       *error;
} Invocation;

static gboolean
expire_cb (gpointer data)
{
  Invocation *invocation = data;
  LdDemoClient *self = invocation->self;
  gboolean ok = ld_server_expire_orders (self->server, &invocation->error);

  g_mutex_lock (&self->mutex);
  invocation->ok = ok;
  invocation->done = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  return G_SOURCE_REMOVE;
}

/**
 * ld_demo_client_expire_orders:
 * @self: the client
 * @error: return location for an error
 *
 * Runs the server's minute check for unpaid orders now (at the time
 * ld_time_now() says), on the server's thread, and waits for it.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_demo_client_expire_orders (LdDemoClient  *self,
                              GError       **error)
{
  Invocation invocation = { self, FALSE, FALSE, NULL };

  g_main_context_invoke (self->context, expire_cb, &invocation);
  g_mutex_lock (&self->mutex);
  while (!invocation.done)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  if (!invocation.ok)
    g_propagate_error (error, invocation.error);
  return invocation.ok;
}

/**
 * ld_demo_client_call:
 * @self: the client
 * @actor: who calls (signed in), or %LD_DEMO_N_ACTORS for nobody
 * @method: "GET", "POST"…
 * @path: such as "/api/v1/orders"
 * @body: (nullable): the JSON body
 * @expected_status: the status the step must answer
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the answer's JSON object, or %NULL
 *   with @error set when the status was another (the error says which and
 *   what the server said)
 */
JsonObject *
ld_demo_client_call (LdDemoClient  *self,
                     LdDemoActor    actor,
                     const char    *method,
                     const char    *path,
                     JsonBuilder   *body,
                     guint          expected_status,
                     GError       **error)
{
  g_autofree char *uri = g_strconcat (self->uri, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (msg != NULL, NULL);

  if (actor < LD_DEMO_N_ACTORS)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->tokens[actor], NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  if (body != NULL)
    {
      char *text = ld_json_builder_to_string (body);
      g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  self->n_calls++;
  answer = soup_session_send_and_read (self->session, msg, NULL, error);
  if (answer == NULL)
    return NULL;

  data = g_bytes_get_data (answer, &size);
  if (soup_message_get_status (msg) != expected_status)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s answered %u: %.*s", method, path,
                   soup_message_get_status (msg), (int) MIN (size, 2000), data);
      return NULL;
    }
  if (size == 0)
    return json_object_new ();

  return ld_json_parse_object (data, size, error);
}

/**
 * ld_demo_client_sign_in:
 * @self: the client
 * @actor: who this is in the story
 * @username: the demo user's name
 * @password: the demo user's published password
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
ld_demo_client_sign_in (LdDemoClient  *self,
                        LdDemoActor    actor,
                        const char    *username,
                        const char    *password,
                        GError       **error)
{
  g_autoptr(JsonBuilder) body = json_builder_new ();
  g_autoptr(JsonObject) answer = NULL;

  json_builder_begin_object (body);
  ld_json_builder_add_string (body, "username", username);
  ld_json_builder_add_string (body, "password", password);
  json_builder_end_object (body);

  answer = ld_demo_client_call (self, LD_DEMO_N_ACTORS, "POST", "/api/v1/sessions", body,
                                SOUP_STATUS_CREATED, error);
  if (answer == NULL)
    return FALSE;

  g_free (self->tokens[actor]);
  self->tokens[actor] = g_strdup (ld_demo_string (answer, "token"));
  g_free (self->user_ids[actor]);
  self->user_ids[actor] = g_strdup (ld_demo_string (ld_demo_object (answer, "user"), "id"));
  return TRUE;
}

const char *
ld_demo_client_user_id (LdDemoClient *self,
                        LdDemoActor   actor)
{
  return self->user_ids[actor];
}

guint
ld_demo_client_get_n_calls (LdDemoClient *self)
{
  return self->n_calls;
}

JsonObject *
ld_demo_object (JsonObject *object,
                const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
ld_demo_array (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
ld_demo_string (JsonObject *object,
                const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
             json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
}

gint64
ld_demo_int (JsonObject *object,
             const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
             json_node_get_value_type (node) == G_TYPE_INT64
           ? json_node_get_int (node)
           : 0;
}

/* ld-api-client.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-client"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <sodium.h>

#include "ld-api-client.h"
#include "ld-error.h"
#include "ld-json.h"

/* Every call goes through one SoupSession and send_request_async(), which
 * turns the server's error shape into an LD_API_ERROR carrying the
 * server's message and field errors, and a network failure into
 * LD_API_ERROR_UNAVAILABLE. The session token lives only in memory.
 * Every answer also says whether the server is there: the one "online"
 * state that the sync and the outbox share. */
struct _LdApiClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_uri;
  char        *token;
  gboolean     online;
  /* The server answered 503: there, but unable to work now. */
  gboolean     busy;
  /* The last sign-in's escrow secret, until taken. */
  GBytes      *cache_secret;
  /* Asked before a write is sent (ld_api_client_set_gate()). */
  LdApiClientGate gate;
  gpointer        gate_data;
  GDestroyNotify  gate_destroy;
};

G_DEFINE_FINAL_TYPE (LdApiClient, ld_api_client, G_TYPE_OBJECT)

#define REQUEST_TIMEOUT_SECONDS 30

enum
{
  PROP_0,
  PROP_ONLINE,
  PROP_BUSY,
  N_PROPS
};

enum
{
  SESSION_ENDED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* One request under way. */
typedef struct
{
  SoupMessage *msg;
  /* The error's whole answer, for a conflict's "current" record. */
  JsonObject  *error_body;
  /* Hand back the body's bytes, unparsed (the change feed). */
  gboolean     raw;
} Call;

static void
call_free (Call *call)
{
  g_clear_object (&call->msg);
  g_clear_pointer (&call->error_body, json_object_unref);
  g_free (call);
}

static void
ld_api_client_finalize (GObject *object)
{
  LdApiClient *self = (LdApiClient *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->cache_secret, g_bytes_unref);
  ld_api_client_set_gate (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (ld_api_client_parent_class)->finalize (object);
}

static void
ld_api_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdApiClient *self = LD_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_api_client_class_init (LdApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_api_client_finalize;
  object_class->get_property = ld_api_client_get_property;

  /**
   * LdApiClient:online:
   *
   * Whether the server answered the last call: %FALSE after a network
   * failure, a 503 or a closed events socket, %TRUE after any other answer.
   */
  properties [PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdApiClient:busy:
   *
   * Whether the last answer was the server saying it cannot work now
   * (503: its database busy, too many sign-ins): #LdApiClient:online is
   * %FALSE then too, but the server is there.
   */
  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LdApiClient::session-ended:
   * @self: the client
   * @error: (type GError): the server's reason
   *
   * The server no longer accepts the token (it ended, was signed out, or
   * the account was disabled): sign in again.
   */
  signals [SESSION_ENDED] =
    g_signal_new ("session-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ld_api_client_init (LdApiClient *self)
{
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_SECONDS,
                                                 "user-agent", "labdesk/" PACKAGE_VERSION " ",
                                                 NULL);
}

/**
 * ld_api_client_new:
 * @base_uri: the server, such as "http://127.0.0.1:8080"
 *
 * Returns: (transfer full): a new client
 */
LdApiClient *
ld_api_client_new (const char *base_uri)
{
  LdApiClient *self = g_object_new (LD_TYPE_API_CLIENT, NULL);

  ld_api_client_set_base_uri (self, base_uri);
  return self;
}

const char *
ld_api_client_get_base_uri (LdApiClient *self)
{
  g_return_val_if_fail (LD_IS_API_CLIENT (self), NULL);

  return self->base_uri;
}

/**
 * ld_api_client_set_base_uri:
 * @self: a client
 * @base_uri: the server's address; a missing scheme means http
 *
 * Changing the server signs out of the previous one.
 */
void
ld_api_client_set_base_uri (LdApiClient *self,
                            const char  *base_uri)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (self));
  g_return_if_fail (base_uri != NULL);

  uri = g_strstrip (g_strdup (base_uri));
  if (strstr (uri, "://") == NULL)
    {
      char *with_scheme = g_strconcat ("http://", uri, NULL);
      g_free (uri);
      uri = with_scheme;
    }
  while (g_str_has_suffix (uri, "/"))
    uri[strlen (uri) - 1] = '\0';

  if (g_strcmp0 (self->base_uri, uri) == 0)
    return;

  g_free (self->base_uri);
  self->base_uri = g_steal_pointer (&uri);
  g_clear_pointer (&self->token, g_free);
}

gboolean
ld_api_client_is_signed_in (LdApiClient *self)
{
  g_return_val_if_fail (LD_IS_API_CLIENT (self), FALSE);

  return self->token != NULL;
}

/**
 * ld_api_client_get_online:
 * @self: a client
 *
 * Returns: whether the server answered the last call
 */
gboolean
ld_api_client_get_online (LdApiClient *self)
{
  g_return_val_if_fail (LD_IS_API_CLIENT (self), FALSE);

  return self->online;
}

/**
 * ld_api_client_set_online:
 * @self: a client
 * @online: whether the server is there
 *
 * For what the client's calls do not see, such as the events socket
 * closing; every call's answer sets it too.
 */
void
ld_api_client_set_online (LdApiClient *self,
                          gboolean     online)
{
  g_return_if_fail (LD_IS_API_CLIENT (self));

  online = !!online;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->busy)
    {
      self->busy = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
    }
  if (self->online != online)
    {
      self->online = online;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ONLINE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* A 503: the server is there but cannot work now; for the sender, away. */
static void
set_busy (LdApiClient *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  ld_api_client_set_online (self, FALSE);
  self->busy = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
ld_api_client_get_busy (LdApiClient *self)
{
  g_return_val_if_fail (LD_IS_API_CLIENT (self), FALSE);

  return self->busy;
}

/**
 * ld_api_client_end_session:
 * @self: a client
 * @error: the server's reason
 *
 * The server said, other than in an answer to a call (its events socket
 * closing with 1008), that the session is over: the token is dropped and
 * #LdApiClient::session-ended emitted, once.
 */
void
ld_api_client_end_session (LdApiClient  *self,
                           const GError *error)
{
  g_return_if_fail (LD_IS_API_CLIENT (self));
  g_return_if_fail (error != NULL);

  if (self->token == NULL)
    return;
  g_clear_pointer (&self->token, g_free);
  g_signal_emit (self, signals [SESSION_ENDED], 0, error);
}

/* Reads the one error shape; anything else becomes a plain message with
 * the HTTP status, so a proxy's HTML error page still reads sensibly. */
static GError *
error_from_response (guint        status,
                     GBytes      *body,
                     JsonObject **out_root)
{
  g_autoptr(JsonObject) root = NULL;
  JsonNode *error_node;
  JsonObject *error_object;
  JsonNode *fields_node;
  const char *code_string;
  const char *message;
  LdApiError code;
  GError *error;

  if (body != NULL && g_bytes_get_size (body) > 0)
    root = ld_json_parse_object (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);

  error_node = root ? json_object_get_member (root, "error") : NULL;
  if (error_node == NULL || !JSON_NODE_HOLDS_OBJECT (error_node))
    /* Translators: %u is an HTTP status number such as 502 */
    return g_error_new (LD_API_ERROR,
                        status >= 500 ? LD_API_ERROR_UNAVAILABLE : LD_API_ERROR_BAD_REQUEST,
                        _("The server answered with an unexpected status (%u)."), status);

  error_object = json_node_get_object (error_node);
  code_string = ld_json_object_get_string (error_object, "code");
  message = ld_json_object_get_string (error_object, "message");
  if (!ld_api_error_from_code (code_string, &code))
    code = LD_API_ERROR_INTERNAL;
  if (message == NULL)
    message = _("The server refused the request.");

  error = g_error_new_literal (LD_API_ERROR, code, message);

  fields_node = json_object_get_member (error_object, "fields");
  if (fields_node != NULL && JSON_NODE_HOLDS_OBJECT (fields_node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (fields_node));
      while (json_object_iter_next (&iter, &name, &value))
        if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
          ld_api_error_set_field (error, name, json_node_get_string (value));
    }

  *out_root = g_steal_pointer (&root);
  return error;
}

static void
on_response_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LdApiClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  SoupMessage *msg = call->msg;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          g_debug ("request failed: %s", error->message);
          ld_api_client_set_online (self, FALSE);
          g_task_return_new_error (task, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE,
                                   /* Translators: %s is the server's address */
                                   _("Cannot reach the Labdesk server at %s. Check the address "
                                     "and that the server is running."),
                                      self->base_uri);
        }
      return;
    }

  status = soup_message_get_status (msg);
  /* A 503 is the server saying it cannot work now: away, for the sender. */
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    set_busy (self);
  else
    ld_api_client_set_online (self, TRUE);
  if (status < 200 || status >= 300)
    {
      GError *refusal = error_from_response (status, body, &call->error_body);

      /* Only a call made with a token can find its session over. */
      if (status == SOUP_STATUS_UNAUTHORIZED &&
          soup_message_headers_get_one (soup_message_get_request_headers (msg), "Authorization") !=
            NULL &&
          self->token != NULL)
        {
          g_clear_pointer (&self->token, g_free);
          g_signal_emit (self, signals [SESSION_ENDED], 0, refusal);
        }
      g_task_return_error (task, refusal);
      return;
    }

  if (call->raw)
    {
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (g_bytes_get_size (body) == 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  {
    JsonNode *root = ld_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);

    if (root == NULL)
      g_task_return_new_error (task, LD_API_ERROR, LD_API_ERROR_INTERNAL,
                               _("The server's answer could not be read."));
    else
      g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
  }
}

/* Sends @body_text (if any) as JSON to @path, with an Idempotency-Key if
 * given; the task returns the answer's root node (NULL for an empty
 * answer such as 204), or its bytes when @raw. */
static void
send_call_async (LdApiClient         *self,
                 const char          *method,
                 const char          *path,
                 const char          *body_text,
                 const char          *idempotency_key,
                 gboolean             raw,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autofree char *uri = g_strconcat (self->base_uri, path, NULL);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SoupMessage *msg;
  Call *call;

  g_task_set_source_tag (task, source_tag);

  if (self->gate != NULL && !g_str_equal (method, "GET"))
    {
      GError *refusal = NULL;

      if (!self->gate (method, path, self->gate_data, &refusal))
        {
          g_task_return_error (task, refusal);
          return;
        }
    }

  msg = soup_message_new (method, uri);
  if (msg == NULL)
    {
      g_task_return_new_error (
        task, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE,
        /* Translators: %s is what the user typed as the server's address */
        _("“%s” is not a server address. Write it like http://192.168.1.10:8080"), self->base_uri);
      return;
    }
  call = g_new0 (Call, 1);
  call->msg = msg;
  call->raw = raw;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", self->token);
      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "Authorization", authorization);
    }
  if (idempotency_key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "Idempotency-Key", idempotency_key);

  if (body_text != NULL)
    {
      g_autofree char *text = g_strdup (body_text);
      gsize length = strlen (text);
      /* The length is taken first: C leaves the order of arguments open, so
       * strlen (text) beside g_steal_pointer (&text) may see NULL. */
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    on_response_cb, g_steal_pointer (&task));
}

/**
 * ld_api_client_set_gate:
 * @self: a client
 * @gate: (nullable): asked before each request that is not a GET is sent;
 *   a request it refuses fails with its error, never sent
 * @data: for @gate
 * @destroy: (nullable): frees @data when the gate is replaced or @self
 *   finalized
 *
 * The session's check of who may run a command (ld_command_check_request()),
 * in the one place every write leaves the client.
 */
void
ld_api_client_set_gate (LdApiClient     *self,
                        LdApiClientGate  gate,
                        gpointer         data,
                        GDestroyNotify   destroy)
{
  g_return_if_fail (LD_IS_API_CLIENT (self));

  if (self->gate_destroy != NULL)
    self->gate_destroy (self->gate_data);
  self->gate = gate;
  self->gate_data = data;
  self->gate_destroy = destroy;
}

/* Sends @body (if any) as JSON to @path; the task returns the answer's
 * root node, or NULL for an empty answer such as 204. */
static void
send_request_async (LdApiClient         *self,
                    const char          *method,
                    const char          *path,
                    JsonNode            *body,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autofree char *text = body ? ld_json_to_string (body) : NULL;

  send_call_async (self, method, path, text, NULL, FALSE, source_tag, cancellable, callback,
                   user_data);
}

static JsonNode *
send_request_finish (GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
secret_free (gpointer data)
{
  sodium_free (data);
}

/* The escrow secret, in memory libsodium locks and wipes when freed. */
static GBytes *
secret_from (const char *text)
{
  g_autofree guchar *raw = NULL;
  gsize length = 0;
  guint8 *copy;

  if (text == NULL || (raw = g_base64_decode (text, &length)) == NULL || length != 32 ||
      sodium_init () < 0 || (copy = sodium_malloc (length)) == NULL)
    {
      if (raw != NULL)
        sodium_memzero (raw, length);
      return NULL;
    }
  memcpy (copy, raw, length);
  sodium_memzero (raw, length);
  return g_bytes_new_with_free_func (copy, length, secret_free, copy);
}

/**
 * ld_api_client_take_cache_secret:
 * @self: a client
 *
 * The user's cache escrow secret from the last sign-in's answer
 * (ld_cache_open_escrowed_async()); the client forgets it.
 *
 * Returns: (transfer full) (nullable): the secret (32 bytes)
 */
GBytes *
ld_api_client_take_cache_secret (LdApiClient *self)
{
  g_return_val_if_fail (LD_IS_API_CLIENT (self), NULL);

  return g_steal_pointer (&self->cache_secret);
}

static void
on_sign_in_response_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LdApiClient *self = LD_API_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = send_request_finish (result, &error);
  JsonObject *object;
  JsonNode *user_node;
  const char *token;
  LdUser *user;

  if (root == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_INTERNAL,
                                     _("The server's answer could not be read."));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  token = object ? ld_json_object_get_string (object, "token") : NULL;
  user_node = object ? json_object_get_member (object, "user") : NULL;
  if (token == NULL || user_node == NULL || !JSON_NODE_HOLDS_OBJECT (user_node) ||
      (user = ld_user_new_from_json (json_node_get_object (user_node), &error)) == NULL)
    {
      g_task_return_new_error (task, LD_API_ERROR, LD_API_ERROR_INTERNAL,
                               _("The server's answer could not be read."));
      return;
    }

  g_free (self->token);
  self->token = g_strdup (token);
  g_clear_pointer (&self->cache_secret, g_bytes_unref);
  self->cache_secret = secret_from (ld_json_object_get_string (object, "cache_secret"));
  g_task_return_pointer (task, user, g_object_unref);
}

/**
 * ld_api_client_sign_in_async:
 * @self: a client
 * @username: the user name
 * @password: the password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Signs in; the token is kept for the calls that follow.
 */
void
ld_api_client_sign_in_async (LdApiClient         *self,
                             const char          *username,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_api_client_sign_in_async);

  g_clear_pointer (&self->token, g_free);
  send_request_async (self, "POST", "/api/v1/sessions", body, ld_api_client_sign_in_async,
                      cancellable, on_sign_in_response_cb, task);
}

/**
 * ld_api_client_sign_in_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an %LD_API_ERROR (the server's message)
 *
 * Returns: (transfer full) (nullable): the signed-in user
 */
LdUser *
ld_api_client_sign_in_finish (LdApiClient   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_sign_out_response_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = send_request_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ld_api_client_sign_out_async:
 * @self: a client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Ends the session on the server. The token is forgotten at once, so the
 * client is signed out here even if the server cannot be reached.
 */
void
ld_api_client_sign_out_async (LdApiClient         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_api_client_sign_out_async);

  if (self->token == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  send_request_async (self, "DELETE", "/api/v1/sessions/current", NULL,
                      ld_api_client_sign_out_async, cancellable, on_sign_out_response_cb, task);
  g_clear_pointer (&self->token, g_free);
}

gboolean
ld_api_client_sign_out_finish (LdApiClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ld_api_client_get_token:
 * @self: a client
 *
 * Returns: (nullable): the session's token, kept only in memory
 */
const char *
ld_api_client_get_token (LdApiClient *self)
{
  g_return_val_if_fail (LD_IS_API_CLIENT (self), NULL);

  return self->token;
}

/**
 * ld_api_client_set_token:
 * @self: a client
 * @token: (nullable): a session token from this server, or %NULL
 *
 * Uses a session signed in elsewhere (a helper process, a test).
 */
void
ld_api_client_set_token (LdApiClient *self,
                         const char  *token)
{
  g_return_if_fail (LD_IS_API_CLIENT (self));

  g_free (self->token);
  self->token = g_strdup (token);
}

/**
 * ld_api_client_request_async:
 * @self: a client
 * @method: "GET", "POST", "PATCH" or "DELETE"
 * @path: from "/api/v1/…", with its query
 * @body: (nullable): the JSON text to send
 * @idempotency_key: (nullable): sent as Idempotency-Key, so that sending
 *   the same POST again changes nothing
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Sends one call with the session's token.
 */
void
ld_api_client_request_async (LdApiClient         *self,
                             const char          *method,
                             const char          *path,
                             const char          *body,
                             const char          *idempotency_key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (LD_IS_API_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL);

  send_call_async (self, method, path, body, idempotency_key, FALSE, ld_api_client_request_async,
                   cancellable, callback, user_data);
}

/**
 * ld_api_client_request_finish:
 * @self: a client
 * @result: the result
 * @out_error_body: (out) (optional) (nullable) (transfer full): when the
 *   server refused, its whole answer: a conflict's "current" record, a
 *   registration's "candidates"
 * @error: return location for an %LD_API_ERROR carrying the server's
 *   message and field errors (%LD_API_ERROR_UNAVAILABLE when the server
 *   cannot be reached)
 *
 * Returns: (transfer full) (nullable): the answer; %NULL with no error for
 *   an empty answer
 */
JsonNode *
ld_api_client_request_finish (LdApiClient   *self,
                              GAsyncResult  *result,
                              JsonObject   **out_error_body,
                              GError       **error)
{
  Call *call;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  call = g_task_get_task_data (G_TASK (result));
  if (out_error_body != NULL)
    *out_error_body = call->error_body ? json_object_ref (call->error_body) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ld_api_client_get_bytes_async:
 * @self: a client
 * @path: from "/api/v1/…", with its query
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * A GET whose answer is handed back unparsed, for answers too large to
 * parse on the main loop (the change feed's pages).
 */
void
ld_api_client_get_bytes_async (LdApiClient         *self,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (LD_IS_API_CLIENT (self));
  g_return_if_fail (path != NULL);

  send_call_async (self, "GET", path, NULL, NULL, TRUE, ld_api_client_get_bytes_async,
                   cancellable, callback, user_data);
}

GBytes *
ld_api_client_get_bytes_finish (LdApiClient   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_events_connected_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LdApiClient *self = g_task_get_source_object (task);
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn;
  guint status;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (conn != NULL)
    {
      ld_api_client_set_online (self, TRUE);
      g_task_return_pointer (task, conn, g_object_unref);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("events socket failed: %s", error->message);
  status = soup_message_get_status (msg);
  /* Refused by the server (an answer other than 101) is not away: a 401
   * is a session that ended, a 503 a server too busy now. */
  if (error->domain == SOUP_WEBSOCKET_ERROR && status != SOUP_STATUS_NONE)
    {
      GError *refusal;

      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          ld_api_client_set_online (self, TRUE);
          refusal = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED,
                                         _("Your session has ended. Please sign in again."));
          ld_api_client_end_session (self, refusal);
        }
      else if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
        {
          set_busy (self);
          refusal = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_UNAVAILABLE,
                                         _("The server is too busy to answer now."));
        }
      else
        {
          ld_api_client_set_online (self, TRUE);
          /* Translators: %u is an HTTP status number such as 502 */
          refusal = g_error_new (LD_API_ERROR, status >= 500 ? LD_API_ERROR_UNAVAILABLE
                                                             : LD_API_ERROR_BAD_REQUEST,
                                 _("The server answered with an unexpected status (%u)."), status);
        }
      g_task_return_error (task, refusal);
      return;
    }

  ld_api_client_set_online (self, FALSE);
  g_task_return_new_error (task, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE,
                           /* Translators: %s is the server's address */
                           _("Cannot reach the Labdesk server at %s. Check the address "
                             "and that the server is running."),
                              self->base_uri);
}

/**
 * ld_api_client_connect_events_async:
 * @self: a signed-in client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Opens the /api/v1/events WebSocket, which tells the feed's newest seq.
 */
void
ld_api_client_connect_events_async (LdApiClient         *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_api_client_connect_events_async);

  uri = g_strconcat (self->base_uri, "/api/v1/events", NULL);
  msg = soup_message_new ("GET", uri);
  if (msg == NULL || self->token == NULL)
    {
      g_task_return_new_error (task, LD_API_ERROR, LD_API_ERROR_UNAUTHORIZED,
                               _("Please sign in first."));
      g_object_unref (task);
      return;
    }

  {
    g_autofree char *authorization = g_strdup_printf ("Bearer %s", self->token);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
  }
  g_task_set_task_data (task, g_object_ref (msg), g_object_unref);
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        cancellable, on_events_connected_cb, task);
}

/**
 * ld_api_client_connect_events_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an %LD_API_ERROR
 *
 * Returns: (transfer full) (nullable): the open socket
 */
SoupWebsocketConnection *
ld_api_client_connect_events_finish (LdApiClient   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ld_api_answer_read_items:
 * @answer: an answer such as `{"items": […]}`
 * @read_item: reads each object of the list
 * @free_item: frees what @read_item returns
 * @error: return location for a #GError
 *
 * The list answers' one reading: each object of "items" in the server's
 * order, those that are not objects or that @read_item cannot read left
 * out.
 *
 * Returns: (transfer full) (nullable): the items, or %NULL with @error set
 *   when the answer holds no list
 */
GPtrArray *
ld_api_answer_read_items (JsonNode         *answer,
                          LdApiItemReader   read_item,
                          GDestroyNotify    free_item,
                          GError          **error)
{
  g_autoptr(GPtrArray) items = NULL;
  JsonNode *list = NULL;
  JsonArray *array;

  g_return_val_if_fail (answer != NULL && read_item != NULL, NULL);

  if (JSON_NODE_HOLDS_OBJECT (answer))
    list = json_object_get_member (json_node_get_object (answer), "items");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The server's answer could not be read.");
      return NULL;
    }
  array = json_node_get_array (list);
  items = g_ptr_array_new_with_free_func (free_item);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gpointer  item =
        JSON_NODE_HOLDS_OBJECT (node) ? read_item (json_node_get_object (node)) : NULL;

      if (item != NULL)
        g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

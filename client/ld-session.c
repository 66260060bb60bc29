/* ld-session.c: one signed-in user — their cache, outbox and sync
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Made at sign-in, closed at sign-out. Online, the server checks the
 * password and the user's cache is opened (made on a first sign-in) with
 * it. When the server cannot be reached, the same password opens the
 * cache that an earlier online sign-in left on this PC: the user works
 * offline from it, their actions waiting in the outbox, and the sync
 * keeps trying the server. Closing the session seals the cache; what is
 * still waiting stays on disk for the same user's next sign-in.
 *
 * Signed in offline, the session has no token: it keeps the password, in
 * memory libsodium locks and guards (never swapped, wiped when freed),
 * and signs in to the server by itself as soon as it answers — tried
 * after a pause that doubles up to half a minute, at once when any call
 * gets through — so the person is not asked twice. The password is wiped
 * as soon as that sign-in is decided: on success (the sync starts, the
 * outbox sends, #LdSession:signed-in-offline turns %FALSE), or on the
 * server's refusal (a password changed meanwhile, an account disabled or
 * locked), which ends the session: only the person can sign in then.
 */

#define G_LOG_DOMAIN "ld-session"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "ld-error.h"
#include "ld-session.h"

struct _LdSession
{
  GObject      parent_instance;

  LdApiClient *api_client;
  LdUser      *user;
  LdCache     *cache;
  LdOutbox    *outbox;
  LdSync      *sync;
  gboolean     signed_in_offline;
  gboolean     ended;
  LdConnectionState connection;
  /* Signed in offline: who, to sign in again once the server answers. */
  char        *username;
  char        *password;
  gboolean     signing_in;
  GSource     *retry;
  guint        backoff_ms;
  GCancellable *cancellable;
};

G_DEFINE_ENUM_TYPE (LdConnectionState, ld_connection_state,
  G_DEFINE_ENUM_VALUE (LD_CONNECTION_ONLINE, "online"),
  G_DEFINE_ENUM_VALUE (LD_CONNECTION_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (LD_CONNECTION_SERVER_BUSY, "server-busy"),
  G_DEFINE_ENUM_VALUE (LD_CONNECTION_SESSION_ENDED, "session-ended"),
  G_DEFINE_ENUM_VALUE (LD_CONNECTION_SYNCING, "syncing"))

G_DEFINE_FINAL_TYPE (LdSession, ld_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_USER,
  PROP_ONLINE,
  PROP_SIGNED_IN_OFFLINE,
  PROP_ENDED,
  PROP_CONNECTION,
  PROP_SYNC_PROGRESS,
  PROP_N_WAITING,
  PROP_N_REFUSED,
  PROP_SENDING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The sign-in in progress: what it has so far. */
typedef struct
{
  LdApiClient *api_client;
  char        *username;
  char        *password;
  LdUser      *user;
  LdCache     *cache;
  /* Why the server could not be reached, for an offline sign-in. */
  GError      *unreachable;
  /* The escrow secret the server gave with this sign-in. */
  GBytes      *escrow;
  gboolean     offline;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_clear_object (&sign_in->api_client);
  g_free (sign_in->username);
  if (sign_in->password != NULL)
    memset (sign_in->password, 0, strlen (sign_in->password));
  g_free (sign_in->password);
  g_clear_object (&sign_in->user);
  if (sign_in->cache != NULL)
    ld_cache_close (sign_in->cache);
  g_clear_object (&sign_in->cache);
  g_clear_error (&sign_in->unreachable);
  g_clear_pointer (&sign_in->escrow, g_bytes_unref);
  g_free (sign_in);
}

/* One state from the API client's (online, busy), the sync's (a first
 * sync) and whether the server ended the session. */
static LdConnectionState
compute_connection (LdSession *self)
{
  if (self->ended)
    return LD_CONNECTION_SESSION_ENDED;
  if (self->api_client == NULL)
    return LD_CONNECTION_OFFLINE;
  if (!ld_api_client_get_online (self->api_client))
    return ld_api_client_get_busy (self->api_client) ? LD_CONNECTION_SERVER_BUSY
                                                     : LD_CONNECTION_OFFLINE;
  if (self->sync != NULL && ld_sync_get_syncing (self->sync))
    return LD_CONNECTION_SYNCING;
  return LD_CONNECTION_ONLINE;
}

static void
update_connection (LdSession *self)
{
  LdConnectionState connection = compute_connection (self);

  if (self->connection == connection)
    return;
  self->connection = connection;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONNECTION]);
}

static void
on_online_changed_cb (LdSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ONLINE]);
  update_connection (self);
}

/* The server ended the session (expired, disabled, signed out
 * elsewhere): the window goes back to sign-in; the outbox stays. */
static void
on_session_ended_cb (LdSession *self)
{
  if (self->ended)
    return;
  self->ended = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ENDED]);
  update_connection (self);
}

static void
on_sync_changed_cb (LdSession  *self,
                    GParamSpec *pspec)
{
  if (g_str_equal (pspec->name, "progress"))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SYNC_PROGRESS]);
  else
    update_connection (self);
}

static void
on_outbox_changed_cb (LdSession  *self,
                      GParamSpec *pspec)
{
  if (g_str_equal (pspec->name, "n-waiting"))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_WAITING]);
  else if (g_str_equal (pspec->name, "n-refused"))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_REFUSED]);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SENDING]);
}

#define FIRST_BACKOFF_MS 250
#define MAX_BACKOFF_MS 30000

static void try_sign_in (LdSession *self);

static void
forget_password (LdSession *self)
{
  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_clear_pointer (&self->retry, g_source_unref);
    }
  g_clear_pointer (&self->password, sodium_free);
  g_clear_pointer (&self->username, g_free);
}

static void
on_user_kept_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) saved = ld_cache_save_user_finish (LD_CACHE (source), result, &error);

  if (error != NULL && !g_error_matches (error, LD_CACHE_ERROR, LD_CACHE_ERROR_CLOSED))
    g_warning ("The user could not be kept for the next offline sign-in: %s", error->message);
}

static void install_gate (LdSession *self);

static void
on_signed_in_again_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(LdSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdUser) user = ld_api_client_sign_in_finish (LD_API_CLIENT (source), result, &error);

  self->signing_in = FALSE;
  if (self->cache == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (user != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      /* The cache is open already; its key gets the escrow copy at the
       * next online sign-in. */
      g_autoptr(GBytes) escrow = ld_api_client_take_cache_secret (LD_API_CLIENT (source));

      forget_password (self);
      g_set_object (&self->user, user);
      install_gate (self);
      ld_user_to_json (user, builder);
      node = json_builder_get_root (builder);
      ld_cache_save_user_async (self->cache, node, NULL, on_user_kept_cb, NULL);
      self->signed_in_offline = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USER]);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SIGNED_IN_OFFLINE]);
      ld_sync_start (self->sync);
      ld_outbox_flush (self->outbox);
      return;
    }

  /* Away still (or too busy, or too many sign-ins from here): later. */
  if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE) ||
      g_error_matches (error, LD_API_ERROR, LD_API_ERROR_RATE_LIMITED) ||
      g_error_matches (error, LD_API_ERROR, LD_API_ERROR_INTERNAL))
    {
      g_debug ("signing in again later: %s", error->message);
      try_sign_in (self);
      return;
    }

  /* The server refused the password it was given (changed since, the
   * account disabled): the person must sign in. */
  g_debug ("signing in again refused: %s", error->message);
  forget_password (self);
  if (!self->ended)
    {
      self->ended = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ENDED]);
      update_connection (self);
    }
}

static gboolean
retry_sign_in_cb (gpointer user_data)
{
  LdSession *self = user_data;

  g_clear_pointer (&self->retry, g_source_unref);
  self->signing_in = TRUE;
  ld_api_client_sign_in_async (self->api_client, self->username, self->password,
                               self->cancellable, on_signed_in_again_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Signs in again after a pause, unless under way or waiting already. */
static void
try_sign_in (LdSession *self)
{
  guint delay;

  if (self->password == NULL || self->signing_in || self->retry != NULL)
    return;
  delay = self->backoff_ms + g_random_int_range (0, self->backoff_ms / 2 + 1);
  self->backoff_ms = MIN (self->backoff_ms * 2, MAX_BACKOFF_MS);
  self->retry = g_timeout_source_new (delay);
  g_source_set_callback (self->retry, retry_sign_in_cb, self, NULL);
  g_source_attach (self->retry, g_main_context_get_thread_default ());
}

/* A call got through: the server is back; sign in now. */
static void
on_reachable_cb (LdSession *self)
{
  if (self->password == NULL || self->signing_in ||
      !ld_api_client_get_online (self->api_client))
    return;
  if (self->retry != NULL)
    {
      g_source_destroy (self->retry);
      g_clear_pointer (&self->retry, g_source_unref);
    }
  self->backoff_ms = FIRST_BACKOFF_MS;
  retry_sign_in_cb (self);
}

/* Every write leaving the client passes the shared check of who may run
 * the command it is (ld_command_check_request ()), for the user signed in:
 * the outbox's sends and the typed calls of client/store alike. */
static gboolean
gate_request (const char  *method,
              const char  *path,
              gpointer     data,
              GError     **error)
{
  LdUser *user = data;
  LdActor actor = { ld_user_get_roles (user), ld_user_is_signatory (user),
                    ld_user_get_id (user) };

  return ld_command_check_request (method, path, &actor, error);
}

static void
install_gate (LdSession *self)
{
  if (self->api_client != NULL && self->user != NULL)
    ld_api_client_set_gate (self->api_client, gate_request, g_object_ref (self->user),
                            g_object_unref);
}

static LdSession *
session_new (SignIn *sign_in)
{
  LdSession *self = g_object_new (LD_TYPE_SESSION, NULL);

  self->api_client = g_object_ref (sign_in->api_client);
  self->user = g_steal_pointer (&sign_in->user);
  install_gate (self);
  self->cache = g_steal_pointer (&sign_in->cache);
  self->signed_in_offline = sign_in->offline;
  self->outbox = ld_outbox_new (self->api_client, self->cache);
  self->sync = ld_sync_new (self->api_client, self->cache, self->outbox);
  if (!sign_in->offline)
    ld_sync_start (self->sync);
  else
    {
      /* Without a token the sync cannot start: sign in first, as soon as
       * the server answers. */
      gsize size = strlen (sign_in->password) + 1;

      if (sodium_init () < 0 || (self->password = sodium_malloc (size)) == NULL)
        g_warning ("Could not keep the password to sign in again when the server is back.");
      else
        {
          memcpy (self->password, sign_in->password, size);
          sodium_mprotect_readonly (self->password);
          self->username = g_strdup (sign_in->username);
          self->backoff_ms = FIRST_BACKOFF_MS;
          try_sign_in (self);
        }
    }

  g_signal_connect_object (self->api_client, "notify::online",
                           G_CALLBACK (on_online_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->api_client, "notify::online",
                           G_CALLBACK (on_reachable_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->api_client, "notify::busy",
                           G_CALLBACK (update_connection), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->api_client, "session-ended",
                           G_CALLBACK (on_session_ended_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::syncing",
                           G_CALLBACK (on_sync_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::progress",
                           G_CALLBACK (on_sync_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outbox, "notify::n-waiting",
                           G_CALLBACK (on_outbox_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outbox, "notify::n-refused",
                           G_CALLBACK (on_outbox_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outbox, "notify::sending",
                           G_CALLBACK (on_outbox_changed_cb), self, G_CONNECT_SWAPPED);
  self->connection = compute_connection (self);
  return self;
}

static void
on_user_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) saved = ld_cache_save_user_finish (LD_CACHE (source), result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (sign_in->offline)
    {
      if (saved == NULL || !JSON_NODE_HOLDS_OBJECT (saved) ||
          (sign_in->user = ld_user_new_from_json (json_node_get_object (saved), NULL)) == NULL)
        {
          g_task_return_new_error (task, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE,
                                   _("The server cannot be reached, and this computer has no "
                                     "work of yours to open offline. Sign in once while the "
                                     "server is reachable."));
          return;
        }
    }

  g_task_return_pointer (task, session_new (sign_in), g_object_unref);
}

static void
on_cache_open_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) user_node = NULL;
  GCancellable *cancellable;

  sign_in->cache = ld_cache_open_finish (result, &error);
  if (sign_in->cache == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Online, the cache learns who the user is now (name, roles), for the
   * next offline sign-in; offline, it says who they were. */
  if (!sign_in->offline)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      ld_user_to_json (sign_in->user, builder);
      user_node = json_builder_get_root (builder);
    }
  cancellable = g_task_get_cancellable (task);
  ld_cache_save_user_async (sign_in->cache, user_node, cancellable,
                            on_user_saved_cb, g_steal_pointer (&task));
}

static void
open_cache (GTask *task)
{
  SignIn          *sign_in = g_task_get_task_data (task);
  g_autofree char *dir =
    ld_cache_dir_for (NULL, ld_api_client_get_base_uri (sign_in->api_client), sign_in->username);

  /* Nothing to work from: the reason the server could not be reached is
   * what the person needs. */
  if (sign_in->offline && !ld_cache_exists (dir))
    {
      g_task_return_error (task, g_steal_pointer (&sign_in->unreachable));
      g_object_unref (task);
      return;
    }

  ld_cache_open_escrowed_async (dir, sign_in->password, sign_in->escrow, !sign_in->offline,
                                g_task_get_cancellable (task), on_cache_open_cb, task);
}

static void
on_server_sign_in_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  sign_in->user = ld_api_client_sign_in_finish (LD_API_CLIENT (source), result, &error);
  if (sign_in->user != NULL)
    {
      sign_in->escrow = ld_api_client_take_cache_secret (LD_API_CLIENT (source));
      open_cache (task);
      return;
    }

  /* Only an unreachable server opens the offline way; a wrong password
   * or a locked account is the server's answer and stands. */
  if (g_error_matches (error, LD_API_ERROR, LD_API_ERROR_UNAVAILABLE))
    {
      sign_in->offline = TRUE;
      sign_in->unreachable = g_steal_pointer (&error);
      open_cache (task);
      return;
    }

  g_task_return_error (task, g_steal_pointer (&error));
  g_object_unref (task);
}

/**
 * ld_session_sign_in_async:
 * @api_client: the client of the server to sign in to
 * @username: the user name
 * @password: the password (the server's, which also opens the cache)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Signs in to the server and opens the user's cache; when the server
 * cannot be reached, opens the cache alone (an offline session).
 */
void
ld_session_sign_in_async (LdApiClient         *api_client,
                          const char          *username,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  SignIn *sign_in;
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (api_client));
  g_return_if_fail (username != NULL && password != NULL);

  sign_in = g_new0 (SignIn, 1);
  sign_in->api_client = g_object_ref (api_client);
  sign_in->username = g_strdup (username);
  sign_in->password = g_strdup (password);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_session_sign_in_async);
  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);

  ld_api_client_sign_in_async (api_client, username, password, cancellable,
                               on_server_sign_in_cb, task);
}

/**
 * ld_session_sign_in_finish:
 * @result: the result
 * @error: return location for an %LD_API_ERROR (the server's message) or
 *   a cache error (a wrong password offline)
 *
 * Returns: (transfer full): the session
 */
LdSession *
ld_session_sign_in_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ld_session_dispose (GObject *object)
{
  ld_session_close (LD_SESSION (object));

  G_OBJECT_CLASS (ld_session_parent_class)->dispose (object);
}

static void
ld_session_finalize (GObject *object)
{
  LdSession *self = (LdSession *) object;

  g_clear_object (&self->api_client);
  g_clear_object (&self->user);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ld_session_parent_class)->finalize (object);
}

static void
ld_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LdSession *self = LD_SESSION (object);

  switch (prop_id)
    {
    case PROP_USER:
      g_value_set_object (value, self->user);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, ld_session_get_online (self));
      break;

    case PROP_SIGNED_IN_OFFLINE:
      g_value_set_boolean (value, self->signed_in_offline);
      break;

    case PROP_ENDED:
      g_value_set_boolean (value, self->ended);
      break;

    case PROP_CONNECTION:
      g_value_set_enum (value, self->connection);
      break;

    case PROP_SYNC_PROGRESS:
      g_value_set_double (value, ld_session_get_sync_progress (self));
      break;

    case PROP_N_WAITING:
      g_value_set_uint (value, ld_session_get_n_waiting (self));
      break;

    case PROP_N_REFUSED:
      g_value_set_uint (value, ld_session_get_n_refused (self));
      break;

    case PROP_SENDING:
      g_value_set_boolean (value, ld_session_get_sending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_session_class_init (LdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_session_dispose;
  object_class->finalize = ld_session_finalize;
  object_class->get_property = ld_session_get_property;

  properties [PROP_USER] =
    g_param_spec_object ("user", NULL, NULL, LD_TYPE_USER,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdSession:signed-in-offline:
   *
   * The cache was opened without the server's word; %FALSE once the
   * session has signed in to the server by itself.
   */
  properties [PROP_SIGNED_IN_OFFLINE] =
    g_param_spec_boolean ("signed-in-offline", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ENDED] =
    g_param_spec_boolean ("ended", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdSession:connection:
   *
   * Where the session stands with the server, for the header: online,
   * offline, the server busy, the session ended, or a first sync.
   */
  properties [PROP_CONNECTION] =
    g_param_spec_enum ("connection", NULL, NULL, LD_TYPE_CONNECTION_STATE,
                       LD_CONNECTION_OFFLINE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdSession:sync-progress:
   *
   * How far a first sync is, 0 to 1, or -1 when unknown or none is under
   * way.
   */
  properties [PROP_SYNC_PROGRESS] =
    g_param_spec_double ("sync-progress", NULL, NULL, -1, 1, -1,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdSession:n-waiting:
   *
   * The outbox's #LdOutbox:n-waiting.
   */
  properties [PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdSession:n-refused:
   *
   * The outbox's #LdOutbox:n-refused.
   */
  properties [PROP_N_REFUSED] =
    g_param_spec_uint ("n-refused", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * LdSession:sending:
   *
   * The outbox is sending.
   */
  properties [PROP_SENDING] =
    g_param_spec_boolean ("sending", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_session_init (LdSession *self)
{
  self->cancellable = g_cancellable_new ();
}

LdUser *
ld_session_get_user (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), NULL);

  return self->user;
}

LdApiClient *
ld_session_get_api_client (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), NULL);

  return self->api_client;
}

/**
 * ld_session_get_cache:
 * @self: a session
 *
 * Returns: (transfer none) (nullable): the user's cache; %NULL once closed
 */
LdCache *
ld_session_get_cache (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), NULL);

  return self->cache;
}

LdOutbox *
ld_session_get_outbox (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), NULL);

  return self->outbox;
}

LdSync *
ld_session_get_sync (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), NULL);

  return self->sync;
}

gboolean
ld_session_get_online (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), FALSE);

  return self->api_client != NULL && ld_api_client_get_online (self->api_client);
}

/* Whether the cache was opened without the server's word: the header
 * says so until the user signs in again online. */
gboolean
ld_session_get_signed_in_offline (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), FALSE);

  return self->signed_in_offline;
}

gboolean
ld_session_get_ended (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), FALSE);

  return self->ended;
}

LdConnectionState
ld_session_get_connection (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), LD_CONNECTION_OFFLINE);

  return self->connection;
}

double
ld_session_get_sync_progress (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), -1);

  return self->sync != NULL ? ld_sync_get_progress (self->sync) : -1;
}

guint
ld_session_get_n_waiting (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), 0);

  return self->outbox != NULL ? ld_outbox_get_n_waiting (self->outbox) : 0;
}

guint
ld_session_get_n_refused (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), 0);

  return self->outbox != NULL ? ld_outbox_get_n_refused (self->outbox) : 0;
}

gboolean
ld_session_get_sending (LdSession *self)
{
  g_return_val_if_fail (LD_IS_SESSION (self), FALSE);

  return self->outbox != NULL && ld_outbox_get_sending (self->outbox);
}

gboolean
ld_session_has_role (LdSession *self,
                     LdRole     role)
{
  g_return_val_if_fail (LD_IS_SESSION (self), FALSE);

  return self->user != NULL && (ld_user_get_roles (self->user) & role) != 0;
}

/**
 * ld_session_close:
 * @self: a session
 *
 * Stops the sync and seals the cache; the outbox's waiting work stays on
 * disk for the same user. Safe to call more than once.
 */
void
ld_session_close (LdSession *self)
{
  g_return_if_fail (LD_IS_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  forget_password (self);
  if (self->api_client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->api_client, self);
      /* The next user's session installs its own. */
      ld_api_client_set_gate (self->api_client, NULL, NULL, NULL);
    }
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      ld_sync_stop (self->sync);
    }
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);
  g_clear_object (&self->sync);
  g_clear_object (&self->outbox);
  if (self->cache != NULL)
    ld_cache_close (self->cache);
  g_clear_object (&self->cache);
}

/* ld-context.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every window and page shares, as GNOME Calendar's GcalContext: the
 * API client, the settings, the signed-in user and, once signed in, the
 * user's cache with its outbox and sync. Passed to each window as a
 * construct-only "context" property.
 */

#define G_LOG_DOMAIN "ld-context"

#include "config.h"

#include "ld-context.h"

struct _LdContext
{
  GObject      parent_instance;

  GSettings   *settings;
  LdApiClient *api_client;
  LdUser      *user;
  LdCache     *cache;
  LdOutbox    *outbox;
  LdSync      *sync;
};

G_DEFINE_FINAL_TYPE (LdContext, ld_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USER,
  PROP_CACHE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static gboolean
drop_cache (LdContext *self)
{
  if (self->sync != NULL)
    ld_sync_stop (self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->outbox);
  if (self->cache == NULL)
    return FALSE;
  ld_cache_close (self->cache);
  g_clear_object (&self->cache);
  return TRUE;
}

static void
ld_context_finalize (GObject *object)
{
  LdContext *self = (LdContext *)object;

  drop_cache (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->api_client);
  g_clear_object (&self->user);

  G_OBJECT_CLASS (ld_context_parent_class)->finalize (object);
}

static void
ld_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  LdContext *self = LD_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_USER:
      g_value_set_object (value, self->user);
      break;

    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  LdContext *self = LD_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_USER:
      ld_context_set_user (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_context_class_init (LdContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_context_finalize;
  object_class->get_property = ld_context_get_property;
  object_class->set_property = ld_context_set_property;

  properties [PROP_USER] =
    g_param_spec_object ("user", NULL, NULL, LD_TYPE_USER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, LD_TYPE_CACHE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_context_init (LdContext *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
}

/**
 * ld_context_new:
 * @server_uri: (nullable): the server to use; %NULL for the one remembered
 *   in GSettings
 *
 * Returns: (transfer full): a new context, signed out
 */
LdContext *
ld_context_new (const char *server_uri)
{
  LdContext *self = g_object_new (LD_TYPE_CONTEXT, NULL);
  g_autofree char *remembered = g_settings_get_string (self->settings, "server-url");

  self->api_client = ld_api_client_new (server_uri ? server_uri : remembered);
  return self;
}

GSettings *
ld_context_get_settings (LdContext *self)
{
  g_return_val_if_fail (LD_IS_CONTEXT (self), NULL);

  return self->settings;
}

LdApiClient *
ld_context_get_api_client (LdContext *self)
{
  g_return_val_if_fail (LD_IS_CONTEXT (self), NULL);

  return self->api_client;
}

/**
 * ld_context_get_user:
 * @self: a context
 *
 * Returns: (transfer none) (nullable): the signed-in user, or %NULL
 */
LdUser *
ld_context_get_user (LdContext *self)
{
  g_return_val_if_fail (LD_IS_CONTEXT (self), NULL);

  return self->user;
}

void
ld_context_set_user (LdContext *self,
                     LdUser    *user)
{
  g_return_if_fail (LD_IS_CONTEXT (self));
  g_return_if_fail (user == NULL || LD_IS_USER (user));

  if (g_set_object (&self->user, user))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USER]);
}

/**
 * ld_context_get_cache:
 * @self: a context
 *
 * Returns: (transfer none) (nullable): the signed-in user's cache
 */
LdCache *
ld_context_get_cache (LdContext *self)
{
  g_return_val_if_fail (LD_IS_CONTEXT (self), NULL);

  return self->cache;
}

/**
 * ld_context_get_outbox:
 * @self: a context
 *
 * Returns: (transfer none) (nullable): where the user's actions go
 */
LdOutbox *
ld_context_get_outbox (LdContext *self)
{
  g_return_val_if_fail (LD_IS_CONTEXT (self), NULL);

  return self->outbox;
}

/**
 * ld_context_get_sync:
 * @self: a context
 *
 * Returns: (transfer none) (nullable): what keeps the cache following the server
 */
LdSync *
ld_context_get_sync (LdContext *self)
{
  g_return_val_if_fail (LD_IS_CONTEXT (self), NULL);

  return self->sync;
}

static void
on_cache_open_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LdContext *self = g_task_get_source_object (task);
  gboolean signed_in = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  LdCache *cache = ld_cache_open_finish (result, &error);

  if (cache == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  drop_cache (self);
  self->cache = cache;
  self->outbox = ld_outbox_new (self->api_client, cache);
  self->sync = ld_sync_new (self->api_client, cache, self->outbox);
  /* Offline, the sync keeps trying the server and goes on from there. */
  if (signed_in)
    ld_sync_start (self->sync);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CACHE]);
  g_task_return_boolean (task, TRUE);
}

/**
 * ld_context_open_cache_async:
 * @self: a context
 * @username: the user
 * @password: their password, which opens their cache
 * @signed_in: whether the server accepted them just now (a cache is made
 *   if there is none); %FALSE for an offline sign-in
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Opens the user's cache of this server, with its outbox, and starts
 * following the server when signed in.
 */
void
ld_context_open_cache_async (LdContext           *self,
                             const char          *username,
                             const char          *password,
                             gboolean             signed_in,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *dir = NULL;
  GTask *task;

  g_return_if_fail (LD_IS_CONTEXT (self));
  g_return_if_fail (username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_context_open_cache_async);
  g_task_set_task_data (task, GINT_TO_POINTER (signed_in), NULL);

  dir = ld_cache_dir_for (NULL, ld_api_client_get_base_uri (self->api_client), username);
  ld_cache_open_async (dir, password, signed_in, cancellable, on_cache_open_cb, task);
}

gboolean
ld_context_open_cache_finish (LdContext     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ld_context_close_cache:
 * @self: a context
 *
 * At sign-out: stops the sync and closes the cache (the outbox stays on
 * disk, sealed, for the user's next sign-in).
 */
void
ld_context_close_cache (LdContext *self)
{
  g_return_if_fail (LD_IS_CONTEXT (self));

  if (drop_cache (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CACHE]);
}

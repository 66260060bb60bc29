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
  LdSession   *session;
};

G_DEFINE_FINAL_TYPE (LdContext, ld_context, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
ld_context_finalize (GObject *object)
{
  LdContext *self = (LdContext *) object;

  if (self->session != NULL)
    ld_session_close (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->api_client);

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
    case PROP_SESSION:
      g_value_set_object (value, self->session);
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

  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, LD_TYPE_SESSION,
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
 * ld_context_get_session:
 * @self: a context
 *
 * Returns: (transfer none) (nullable): the signed-in user's session, or %NULL
 */
LdSession *
ld_context_get_session (LdContext *self)
{
  g_return_val_if_fail (LD_IS_CONTEXT (self), NULL);

  return self->session;
}

/**
 * ld_context_set_session:
 * @self: a context
 * @session: (nullable): the new session; %NULL at sign-out
 *
 * The session replaced is closed: its cache sealed, its sync stopped.
 */
void
ld_context_set_session (LdContext *self,
                        LdSession *session)
{
  g_autoptr(LdSession) old = NULL;

  g_return_if_fail (LD_IS_CONTEXT (self));
  g_return_if_fail (session == NULL || LD_IS_SESSION (session));

  if (self->session == session)
    return;

  old = g_steal_pointer (&self->session);
  self->session = session ? g_object_ref (session) : NULL;
  if (old != NULL)
    ld_session_close (old);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SESSION]);
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

  return self->session ? ld_session_get_user (self->session) : NULL;
}

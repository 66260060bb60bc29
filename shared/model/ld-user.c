/* ld-user.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-user"

#include "config.h"

#include "ld-error.h"
#include "ld-json.h"
#include "ld-user.h"

struct _LdUser
{
  GObject  parent_instance;

  char    *id;
  char    *username;
  char    *display_name;
  LdRole   roles;
  gboolean disabled;
  gint64   version;
  char    *created_at;
};

G_DEFINE_FINAL_TYPE (LdUser, ld_user, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_USERNAME,
  PROP_DISPLAY_NAME,
  PROP_ROLES,
  PROP_DISABLED,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
ld_user_finalize (GObject *object)
{
  LdUser *self = (LdUser *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->created_at, g_free);

  G_OBJECT_CLASS (ld_user_parent_class)->finalize (object);
}

static void
ld_user_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  LdUser *self = LD_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_ROLES:
      g_value_set_uint (value, self->roles);
      break;

    case PROP_DISABLED:
      g_value_set_boolean (value, self->disabled);
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_user_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  LdUser *self = LD_USER (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_USERNAME:
      self->username = g_value_dup_string (value);
      break;

    case PROP_DISPLAY_NAME:
      ld_user_set_display_name (self, g_value_get_string (value));
      break;

    case PROP_ROLES:
      ld_user_set_roles (self, g_value_get_uint (value));
      break;

    case PROP_DISABLED:
      ld_user_set_disabled (self, g_value_get_boolean (value));
      break;

    case PROP_VERSION:
      ld_user_set_version (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_user_class_init (LdUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_user_finalize;
  object_class->get_property = ld_user_get_property;
  object_class->set_property = ld_user_set_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties [PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ROLES] =
    g_param_spec_uint ("roles", NULL, NULL, 0, LD_ROLE_ALL, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_DISABLED] =
    g_param_spec_boolean ("disabled", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_user_init (LdUser *self)
{
}

/**
 * ld_user_new:
 * @id: the UUID
 * @username: the log-in name
 * @display_name: the name shown to people
 * @roles: the user's roles
 *
 * Returns: (transfer full): a new #LdUser
 */
LdUser *
ld_user_new (const char *id,
             const char *username,
             const char *display_name,
             LdRole      roles)
{
  return g_object_new (LD_TYPE_USER,
                       "id", id,
                       "username", username,
                       "display-name", display_name,
                       "roles", (guint) roles,
                       NULL);
}

/**
 * ld_user_new_from_json:
 * @object: a user as the server writes it
 * @error: return location for an %LD_API_ERROR
 *
 * Returns: (transfer full) (nullable): the user
 */
LdUser *
ld_user_new_from_json (JsonObject  *object,
                       GError     **error)
{
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autofree char *id = NULL;
  g_autofree char *username = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *created_at = NULL;
  g_auto(GStrv) role_names = NULL;
  gboolean disabled = FALSE;
  gint64 version = 0;
  LdRole roles = LD_ROLE_NONE;
  LdUser *user;

  ld_json_reader_get_string (reader, "id", LD_JSON_REQUIRED, &id);
  ld_json_reader_get_string (reader, "username", LD_JSON_REQUIRED, &username);
  ld_json_reader_get_string (reader, "display_name", LD_JSON_REQUIRED, &display_name);
  ld_json_reader_get_string (reader, "created_at", LD_JSON_OPTIONAL, &created_at);
  ld_json_reader_get_bool (reader, "disabled", LD_JSON_OPTIONAL, &disabled);
  ld_json_reader_get_int (reader, "version", LD_JSON_OPTIONAL, &version);
  if (ld_json_reader_get_strv (reader, "roles", LD_JSON_REQUIRED, &role_names) &&
      !ld_roles_from_strv ((const char * const *) role_names, &roles, NULL))
    ld_json_reader_add_error (reader, "roles", "names an unknown role");

  if (!ld_json_reader_finish (reader, error))
    return NULL;

  user = ld_user_new (id, username, display_name, roles);
  user->disabled = disabled;
  user->version = version;
  user->created_at = g_steal_pointer (&created_at);

  return user;
}

/**
 * ld_user_to_json:
 * @self: a #LdUser
 * @builder: a builder positioned where a value may go
 *
 * Writes the user as one JSON object.
 */
void
ld_user_to_json (LdUser      *self,
                 JsonBuilder *builder)
{
  g_auto(GStrv) role_names = NULL;

  g_return_if_fail (LD_IS_USER (self));
  g_return_if_fail (JSON_IS_BUILDER (builder));

  role_names = ld_roles_to_strv (self->roles);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, self->username);
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, self->display_name);
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  for (guint i = 0; role_names[i] != NULL; i++)
    json_builder_add_string_value (builder, role_names[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "disabled");
  json_builder_add_boolean_value (builder, self->disabled);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, self->version);
  if (self->created_at != NULL)
    {
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, self->created_at);
    }
  json_builder_end_object (builder);
}

const char *
ld_user_get_id (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), NULL);
  return self->id;
}

const char *
ld_user_get_username (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), NULL);
  return self->username;
}

const char *
ld_user_get_display_name (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), NULL);
  return self->display_name;
}

void
ld_user_set_display_name (LdUser     *self,
                          const char *display_name)
{
  g_return_if_fail (LD_IS_USER (self));

  if (g_strcmp0 (self->display_name, display_name) == 0)
    return;

  g_free (self->display_name);
  self->display_name = g_strdup (display_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DISPLAY_NAME]);
}

LdRole
ld_user_get_roles (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), LD_ROLE_NONE);
  return self->roles;
}

void
ld_user_set_roles (LdUser *self,
                   LdRole  roles)
{
  g_return_if_fail (LD_IS_USER (self));

  if (self->roles == roles)
    return;

  self->roles = roles;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ROLES]);
}

gboolean
ld_user_get_disabled (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), FALSE);
  return self->disabled;
}

void
ld_user_set_disabled (LdUser   *self,
                      gboolean  disabled)
{
  g_return_if_fail (LD_IS_USER (self));

  disabled = !!disabled;
  if (self->disabled == disabled)
    return;

  self->disabled = disabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DISABLED]);
}

gint64
ld_user_get_version (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), 0);
  return self->version;
}

void
ld_user_set_version (LdUser *self,
                     gint64  version)
{
  g_return_if_fail (LD_IS_USER (self));

  if (self->version == version)
    return;

  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VERSION]);
}

const char *
ld_user_get_created_at (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), NULL);
  return self->created_at;
}

void
ld_user_set_created_at (LdUser     *self,
                        const char *created_at)
{
  g_return_if_fail (LD_IS_USER (self));

  if (self->created_at != created_at)
    {
      g_free (self->created_at);
      self->created_at = g_strdup (created_at);
    }
}

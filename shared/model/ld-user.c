/* ld-user.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-user"

#include "config.h"

#include <string.h>

#include <cairo.h>
#include <glib/gi18n-lib.h>

#include "ld-email-address.h"
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
  /* Issue 18, signing: an authorised signatory and what the report
   * prints beside the name. */
  char    *qualification;
  char    *registration_number;
  gboolean can_sign_reports;
  gboolean has_signature;
  /* Issue 31: where a doctor who asked for it is e-mailed a critical
   * result, besides the in-app alert. */
  char    *email;
  gboolean critical_email;
};

G_DEFINE_FINAL_TYPE (LdUser, ld_user, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_USERNAME,
  PROP_DISPLAY_NAME,
  PROP_ROLES,
  PROP_DISABLED,
  PROP_VERSION,
  PROP_QUALIFICATION,
  PROP_REGISTRATION_NUMBER,
  PROP_CAN_SIGN_REPORTS,
  PROP_EMAIL,
  PROP_CRITICAL_EMAIL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
ld_user_finalize (GObject *object)
{
  LdUser *self = (LdUser *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->qualification, g_free);
  g_clear_pointer (&self->registration_number, g_free);
  g_clear_pointer (&self->email, g_free);

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

    case PROP_QUALIFICATION:
      g_value_set_string (value, self->qualification);
      break;

    case PROP_REGISTRATION_NUMBER:
      g_value_set_string (value, self->registration_number);
      break;

    case PROP_CAN_SIGN_REPORTS:
      g_value_set_boolean (value, self->can_sign_reports);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_CRITICAL_EMAIL:
      g_value_set_boolean (value, self->critical_email);
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

    case PROP_QUALIFICATION:
      ld_user_set_qualification (self, g_value_get_string (value));
      break;

    case PROP_REGISTRATION_NUMBER:
      ld_user_set_registration_number (self, g_value_get_string (value));
      break;

    case PROP_CAN_SIGN_REPORTS:
      ld_user_set_can_sign_reports (self, g_value_get_boolean (value));
      break;

    case PROP_EMAIL:
      ld_user_set_email (self, g_value_get_string (value));
      break;

    case PROP_CRITICAL_EMAIL:
      ld_user_set_critical_email (self, g_value_get_boolean (value));
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
  properties [PROP_QUALIFICATION] =
    g_param_spec_string ("qualification", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_REGISTRATION_NUMBER] =
    g_param_spec_string ("registration-number", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_CAN_SIGN_REPORTS] =
    g_param_spec_boolean ("can-sign-reports", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_CRITICAL_EMAIL] =
    g_param_spec_boolean ("critical-email", NULL, NULL, FALSE,
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
  g_autofree char *qualification = NULL;
  g_autofree char *registration_number = NULL;
  g_autofree char *email = NULL;
  gboolean disabled = FALSE;
  gboolean critical_email = FALSE;
  gboolean can_sign_reports = FALSE;
  gboolean has_signature = FALSE;
  gint64 version = 0;
  LdRole roles = LD_ROLE_NONE;
  LdUser *user;

  ld_json_reader_get_string (reader, "id", LD_JSON_REQUIRED, &id);
  ld_json_reader_get_string (reader, "username", LD_JSON_REQUIRED, &username);
  ld_json_reader_get_string (reader, "display_name", LD_JSON_REQUIRED, &display_name);
  ld_json_reader_get_string (reader, "created_at", LD_JSON_OPTIONAL, &created_at);
  ld_json_reader_get_bool (reader, "disabled", LD_JSON_OPTIONAL, &disabled);
  ld_json_reader_get_int (reader, "version", LD_JSON_OPTIONAL, &version);
  ld_json_reader_get_string (reader, "qualification", LD_JSON_OPTIONAL | LD_JSON_NULLABLE,
                             &qualification);
  ld_json_reader_get_string (reader, "registration_number", LD_JSON_OPTIONAL | LD_JSON_NULLABLE,
                             &registration_number);
  ld_json_reader_get_bool (reader, "can_sign_reports", LD_JSON_OPTIONAL, &can_sign_reports);
  ld_json_reader_get_bool (reader, "has_signature", LD_JSON_OPTIONAL, &has_signature);
  ld_json_reader_get_string (reader, "email", LD_JSON_OPTIONAL | LD_JSON_NULLABLE, &email);
  ld_json_reader_get_bool (reader, "critical_email", LD_JSON_OPTIONAL, &critical_email);
  if (ld_json_reader_get_strv (reader, "roles", LD_JSON_REQUIRED, &role_names) &&
      !ld_roles_from_strv ((const char * const *) role_names, &roles, NULL))
    ld_json_reader_add_error (reader, "roles", "names an unknown role");

  if (!ld_json_reader_finish (reader, error))
    return NULL;

  user = ld_user_new (id, username, display_name, roles);
  user->disabled = disabled;
  user->version = version;
  user->created_at = g_steal_pointer (&created_at);
  user->qualification = g_steal_pointer (&qualification);
  user->registration_number = g_steal_pointer (&registration_number);
  user->can_sign_reports = can_sign_reports;
  user->has_signature = has_signature;
  user->email = g_steal_pointer (&email);
  user->critical_email = critical_email;

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
  json_builder_set_member_name (builder, "qualification");
  if (self->qualification != NULL)
    json_builder_add_string_value (builder, self->qualification);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "registration_number");
  if (self->registration_number != NULL)
    json_builder_add_string_value (builder, self->registration_number);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "can_sign_reports");
  json_builder_add_boolean_value (builder, self->can_sign_reports);
  json_builder_set_member_name (builder, "has_signature");
  json_builder_add_boolean_value (builder, self->has_signature);
  json_builder_set_member_name (builder, "email");
  if (self->email != NULL)
    json_builder_add_string_value (builder, self->email);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "critical_email");
  json_builder_add_boolean_value (builder, self->critical_email);
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

const char *
ld_user_get_qualification (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), NULL);
  return self->qualification;
}

void
ld_user_set_qualification (LdUser     *self,
                           const char *qualification)
{
  g_return_if_fail (LD_IS_USER (self));

  if (g_strcmp0 (self->qualification, qualification) == 0)
    return;

  g_free (self->qualification);
  self->qualification = g_strdup (qualification);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_QUALIFICATION]);
}

const char *
ld_user_get_email (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), NULL);
  return self->email;
}

void
ld_user_set_email (LdUser     *self,
                   const char *email)
{
  g_return_if_fail (LD_IS_USER (self));

  if (g_strcmp0 (self->email, email) == 0)
    return;

  g_free (self->email);
  self->email = g_strdup (email);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EMAIL]);
}

/**
 * ld_user_get_critical_email:
 * @self: a #LdUser
 *
 * Returns: whether a critical result that raises this doctor's alert is
 *   also e-mailed to them (never instead of the telephone call)
 */
gboolean
ld_user_get_critical_email (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), FALSE);
  return self->critical_email;
}

void
ld_user_set_critical_email (LdUser   *self,
                            gboolean  critical_email)
{
  g_return_if_fail (LD_IS_USER (self));

  critical_email = !!critical_email;
  if (self->critical_email == critical_email)
    return;

  self->critical_email = critical_email;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CRITICAL_EMAIL]);
}

/**
 * ld_user_check_contact:
 * @self: a #LdUser
 * @out_field: (out): the member at fault
 * @out_reason: (out): why, untranslated (N_())
 *
 * A user's e-mail address follows the patients' rule
 * (ld_email_address_check()); critical results are e-mailed only to a
 * user who has an address.
 *
 * Returns: %TRUE if the address and the choice agree
 */
gboolean
ld_user_check_contact (LdUser      *self,
                       const char **out_field,
                       const char **out_reason)
{
  g_return_val_if_fail (LD_IS_USER (self), FALSE);
  g_return_val_if_fail (out_field != NULL && out_reason != NULL, FALSE);

  if (self->email != NULL && !ld_email_address_check (self->email, out_reason))
    {
      *out_field = "email";
      return FALSE;
    }
  if (self->critical_email && self->email == NULL)
    {
      *out_field = "critical_email";
      *out_reason = N_("needs an e-mail address");
      return FALSE;
    }
  return TRUE;
}

const char *
ld_user_get_registration_number (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), NULL);
  return self->registration_number;
}

void
ld_user_set_registration_number (LdUser     *self,
                                 const char *registration_number)
{
  g_return_if_fail (LD_IS_USER (self));

  if (g_strcmp0 (self->registration_number, registration_number) == 0)
    return;

  g_free (self->registration_number);
  self->registration_number = g_strdup (registration_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REGISTRATION_NUMBER]);
}

gboolean
ld_user_get_can_sign_reports (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), FALSE);
  return self->can_sign_reports;
}

void
ld_user_set_can_sign_reports (LdUser   *self,
                              gboolean  can_sign_reports)
{
  g_return_if_fail (LD_IS_USER (self));

  can_sign_reports = !!can_sign_reports;
  if (self->can_sign_reports == can_sign_reports)
    return;

  self->can_sign_reports = can_sign_reports;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_SIGN_REPORTS]);
}

/* Whether a signature image is kept; the image itself travels only to
 * the report renderer, never in the user record. */
gboolean
ld_user_get_has_signature (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), FALSE);
  return self->has_signature;
}

void
ld_user_set_has_signature (LdUser   *self,
                           gboolean  has_signature)
{
  g_return_if_fail (LD_IS_USER (self));
  self->has_signature = !!has_signature;
}

/**
 * ld_user_is_signatory:
 * @self: a #LdUser
 *
 * An authorised signatory releases reports and amends released ones: an
 * enabled user the administrator marked so, whose qualification and
 * registration number the report can print.
 *
 * Returns: %TRUE if @self may sign reports
 */
gboolean
ld_user_is_signatory (LdUser *self)
{
  g_return_val_if_fail (LD_IS_USER (self), FALSE);

  return self->can_sign_reports && !self->disabled &&
         self->qualification != NULL && self->registration_number != NULL;
}

/* Printable text on one line: no control characters, not blank, bounded. */
static gboolean
check_line (const char  *text,
            guint        max_chars,
            const char  *too_long,
            const char **out_reason)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      *out_reason = "must be text";
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        *out_reason = "must be one line of text, without control characters";
        return FALSE;
      }
  if (*text == '\0' || g_ascii_isspace (*text) || g_ascii_isspace (text[strlen (text) - 1]))
    {
      *out_reason = "must not be blank or begin or end with a space";
      return FALSE;
    }
  if ((guint) g_utf8_strlen (text, -1) > max_chars)
    {
      *out_reason = too_long;
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_user_check_qualification:
 * @qualification: a signatory's qualification, such as "MD (Pathology)",
 *   already trimmed
 * @out_reason: (out) (transfer none): a field message when refused
 *
 * Returns: %TRUE if @qualification is one line of at most
 *   %LD_USER_MAX_QUALIFICATION_CHARS characters
 */
gboolean
ld_user_check_qualification (const char  *qualification,
                             const char **out_reason)
{
  g_return_val_if_fail (qualification != NULL, FALSE);

  return check_line (qualification, LD_USER_MAX_QUALIFICATION_CHARS,
                     "must be at most 100 characters long", out_reason);
}

/**
 * ld_user_check_registration_number:
 * @registration_number: a medical council's registration, such as
 *   "MMC 2004/03/1234", already trimmed
 * @out_reason: (out) (transfer none): a field message when refused
 *
 * Councils write these with letters, digits, spaces and `/ - . ( )`;
 * nothing else is a registration number.
 *
 * Returns: %TRUE if @registration_number is acceptable
 */
gboolean
ld_user_check_registration_number (const char  *registration_number,
                                   const char **out_reason)
{
  g_return_val_if_fail (registration_number != NULL, FALSE);

  if (!check_line (registration_number, LD_USER_MAX_REGISTRATION_CHARS,
                   "must be at most 64 characters long", out_reason))
    return FALSE;
  for (const char *p = registration_number; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (" /-.()", *p) == NULL)
      {
        *out_reason = "may hold only letters, digits, spaces and / - . ( )";
        return FALSE;
      }
  if (strstr (registration_number, "  ") != NULL)
    {
      *out_reason = "must not hold two spaces together";
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_user_check_signatory:
 * @self: a user as it would be saved
 * @out_field: (out) (transfer none): the field to name when refused
 * @out_reason: (out) (transfer none): its message
 *
 * A user marked as a signatory must carry what the report prints beside
 * the name.
 *
 * Returns: %TRUE if @self is consistent
 */
gboolean
ld_user_check_signatory (LdUser      *self,
                         const char **out_field,
                         const char **out_reason)
{
  g_return_val_if_fail (LD_IS_USER (self), FALSE);

  if (!self->can_sign_reports)
    return TRUE;
  if (self->qualification == NULL)
    {
      *out_field = "qualification";
      *out_reason = "is required for a user who can sign reports";
      return FALSE;
    }
  if (self->registration_number == NULL)
    {
      *out_field = "registration_number";
      *out_reason = "is required for a user who can sign reports";
      return FALSE;
    }
  return TRUE;
}

#define SIGNATURE_MAX_BYTES  (128 * 1024)
#define SIGNATURE_MIN_WIDTH  40
#define SIGNATURE_MAX_WIDTH  1200
#define SIGNATURE_MIN_HEIGHT 16
#define SIGNATURE_MAX_HEIGHT 600

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         at;
} PngReader;

static cairo_status_t
read_png_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->len - reader->at < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->at, length);
  reader->at += length;
  return CAIRO_STATUS_SUCCESS;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/**
 * ld_user_check_signature_png:
 * @png: a signature image as uploaded
 * @out_reason: (out) (transfer none): a field message when refused
 *
 * A signature is a real PNG of at most 128 KiB, 40 to 1200 pixels wide
 * and 16 to 600 high. The size is read from the header before anything is
 * decoded, so an image that claims to be huge costs nothing; then the
 * whole image is decoded, so what is kept is one the report can draw.
 *
 * Returns: %TRUE if @png is acceptable
 */
gboolean
ld_user_check_signature_png (GBytes      *png,
                             const char **out_reason)
{
  static const guint8 magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  PngReader reader = { NULL, 0, 0 };
  cairo_surface_t *surface;
  cairo_status_t status;
  guint32 width, height;

  g_return_val_if_fail (png != NULL, FALSE);

  reader.data = g_bytes_get_data (png, &reader.len);
  if (reader.len > SIGNATURE_MAX_BYTES)
    {
      *out_reason = "must be at most 128 KiB";
      return FALSE;
    }
  if (reader.len < 33 || memcmp (reader.data, magic, sizeof magic) != 0 ||
      memcmp (reader.data + 12, "IHDR", 4) != 0)
    {
      *out_reason = "must be a PNG image";
      return FALSE;
    }
  width = read_be32 (reader.data + 16);
  height = read_be32 (reader.data + 20);
  if (width < SIGNATURE_MIN_WIDTH || width > SIGNATURE_MAX_WIDTH ||
      height < SIGNATURE_MIN_HEIGHT || height > SIGNATURE_MAX_HEIGHT)
    {
      *out_reason = "must be 40 to 1200 pixels wide and 16 to 600 high";
      return FALSE;
    }

  surface = cairo_image_surface_create_from_png_stream (read_png_cb, &reader);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      *out_reason = "must be a PNG image that can be read";
      return FALSE;
    }
  return TRUE;
}

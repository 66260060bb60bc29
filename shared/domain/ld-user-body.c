/* ld-user-body.c: the body of a user's creation or change, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The administrator's user page writes it, the server reads it: one
 * reader and one writer, so the two cannot drift. Whether a password is
 * strong enough, and making one up, stay with the server (they need its
 * hashing library); every other refusal is made here, naming its member.
 */

#define G_LOG_DOMAIN "ld-user-body"

#include "config.h"

#include <string.h>

#include "ld-user-body.h"
#include "ld-user-rules.h"

static const struct
{
  LdUserFields  field;
  const char   *name;
} field_names[] = {
  { LD_USER_FIELD_USERNAME, "username" },
  { LD_USER_FIELD_DISPLAY_NAME, "display_name" },
  { LD_USER_FIELD_ROLES, "roles" },
  { LD_USER_FIELD_DISABLED, "disabled" },
  { LD_USER_FIELD_QUALIFICATION, "qualification" },
  { LD_USER_FIELD_REGISTRATION_NUMBER, "registration_number" },
  { LD_USER_FIELD_CAN_SIGN_REPORTS, "can_sign_reports" },
  { LD_USER_FIELD_SIGNATURE_PNG, "signature_png" },
  { LD_USER_FIELD_PASSWORD, "password" },
  { LD_USER_FIELD_RESET_PASSWORD, "reset_password" },
  { LD_USER_FIELD_EMAIL, "email" },
  { LD_USER_FIELD_CRITICAL_EMAIL, "critical_email" },
};

/**
 * ld_user_request_clear:
 * @request: a user request
 *
 * Frees what @request holds.
 */
void
ld_user_request_clear (LdUserRequest *request)
{
  g_clear_pointer (&request->id, g_free);
  g_clear_pointer (&request->username, g_free);
  g_clear_pointer (&request->display_name, g_free);
  g_clear_pointer (&request->qualification, g_free);
  g_clear_pointer (&request->registration_number, g_free);
  g_clear_pointer (&request->signature_png, g_bytes_unref);
  g_clear_pointer (&request->password, g_free);
  g_clear_pointer (&request->email, g_free);
}

static LdUserFields
fields_present (LdJsonReader *reader)
{
  LdUserFields fields = 0;

  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    if (ld_json_reader_has (reader, field_names[i].name))
      fields |= field_names[i].field;
  return fields;
}

static void
read_display_name (LdJsonReader  *reader,
                   LdJsonFlags    flags,
                   LdUserRequest *request)
{
  const char *reason;

  if (ld_json_reader_get_string (reader, "display_name", flags, &request->display_name) &&
      !ld_user_rules_check_display_name (request->display_name, &reason))
    ld_json_reader_add_error (reader, "display_name", reason);
}

static void
read_roles (LdJsonReader  *reader,
            LdJsonFlags    flags,
            LdUserRequest *request)
{
  g_auto(GStrv) names = NULL;
  const char *reason;

  if (!ld_json_reader_get_strv (reader, "roles", flags, &names))
    return;

  if (!ld_user_rules_parse_roles ((const char * const *) names, &request->roles, &reason))
    ld_json_reader_add_error (reader, "roles", reason);
}

/* "password" or "reset_password", never both. */
static void
read_password (LdJsonReader  *reader,
               LdUserRequest *request)
{
  g_autofree char *password = NULL;

  ld_json_reader_get_bool (reader, "reset_password", LD_JSON_OPTIONAL, &request->reset_password);
  if (ld_json_reader_get_string (reader, "password", LD_JSON_OPTIONAL, &password))
    {
      if (request->reset_password)
        ld_json_reader_add_error (reader, "reset_password", "cannot go with a password");
      else
        request->password = g_steal_pointer (&password);
    }
}

/* Reads one signatory text member into @user: absent keeps it, null
 * clears it; @set_func applies it. */
static void
read_signatory_text (LdJsonReader  *reader,
                     const char    *name,
                     gboolean     (*check) (const char *, const char **),
                     LdUser        *user,
                     void         (*set_func) (LdUser *, const char *),
                     char         **out_value)
{
  g_autofree char *value = NULL;
  const char *reason;

  if (!ld_json_reader_has (reader, name))
    return;
  if (!ld_json_reader_get_string (reader, name, LD_JSON_NULLABLE, &value))
    {
      set_func (user, NULL);
      return;
    }
  if (!check (value, &reason))
    ld_json_reader_add_error (reader, name, reason);
  else
    {
      set_func (user, value);
      *out_value = g_steal_pointer (&value);
    }
}

static void
read_signature (LdJsonReader  *reader,
                LdUserRequest *request)
{
  g_autofree char *encoded = NULL;
  g_autoptr(GBytes) png = NULL;
  const char *reason;
  guchar *data;
  gsize len;

  if (!ld_json_reader_get_string (reader, "signature_png", LD_JSON_NULLABLE, &encoded))
    return;

  len = strlen (encoded);
  /* Base64 of the 128 KiB the image may have, and a little more. */
  if (len > 180 * 1024 || len % 4 != 0 ||
      strspn (encoded, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != len)
    {
      ld_json_reader_add_error (reader, "signature_png", "must be a PNG image in base64");
      return;
    }
  data = g_base64_decode (encoded, &len);
  png = g_bytes_new_take (data, len);
  if (!ld_user_check_signature_png (png, &reason))
    ld_json_reader_add_error (reader, "signature_png", reason);
  else
    request->signature_png = g_steal_pointer (&png);
}

/*
 * Issue 18: what makes a user an authorised signatory, laid over @user.
 * The rule that a signatory carries a qualification and a registration
 * number is ld_user_check_signatory().
 */
static void
read_signatory (LdJsonReader  *reader,
                LdUser        *user,
                LdUserRequest *request)
{
  gboolean can_sign = ld_user_get_can_sign_reports (user);
  const char *field, *reason;

  read_signatory_text (reader, "qualification", ld_user_check_qualification, user,
                       ld_user_set_qualification, &request->qualification);
  read_signatory_text (reader, "registration_number", ld_user_check_registration_number, user,
                       ld_user_set_registration_number, &request->registration_number);
  if (ld_json_reader_get_bool (reader, "can_sign_reports", LD_JSON_OPTIONAL, &can_sign))
    ld_user_set_can_sign_reports (user, can_sign);
  request->can_sign_reports = ld_user_get_can_sign_reports (user);
  read_signature (reader, request);

  if (!ld_user_check_signatory (user, &field, &reason))
    ld_json_reader_add_error (reader, field, reason);
}

/*
 * Issue 31: the user's e-mail address and whether critical results are
 * e-mailed to them, laid over @user: absent keeps, null (or blank)
 * removes the address. The address follows the patients' rule.
 */
static void
read_contact (LdJsonReader  *reader,
              LdUser        *user,
              LdUserRequest *request)
{
  g_autofree char *email = NULL;
  gboolean critical = ld_user_get_critical_email (user);
  const char *field, *reason;

  if (ld_json_reader_has (reader, "email"))
    {
      if (ld_json_reader_get_string (reader, "email", LD_JSON_NULLABLE, &email))
        g_strstrip (email);
      ld_user_set_email (user, email != NULL && *email != '\0' ? email : NULL);
      request->email = g_strdup (ld_user_get_email (user));
    }
  if (ld_json_reader_get_bool (reader, "critical_email", LD_JSON_OPTIONAL, &critical))
    ld_user_set_critical_email (user, critical);
  request->critical_email = ld_user_get_critical_email (user);

  if (!ld_user_check_contact (user, &field, &reason))
    ld_json_reader_add_error (reader, field, reason);
}

/**
 * ld_user_body_read_create:
 * @reader: the body of POST /api/v1/users
 * @signatory: a blank user the signatory and contact members are laid
 *   over, for their rules
 * @request: (out caller-allocates): what the body asks for
 *
 * Reads a new user as the server takes it; refusals are added to
 * @reader, each naming its member. The password's strength is the
 * server's to judge.
 */
void
ld_user_body_read_create (LdJsonReader  *reader,
                          LdUser        *signatory,
                          LdUserRequest *request)
{
  const char *reason;

  g_return_if_fail (reader != NULL);
  g_return_if_fail (LD_IS_USER (signatory));
  g_return_if_fail (request != NULL);

  if (ld_json_reader_get_string (reader, "id", LD_JSON_OPTIONAL, &request->id) &&
      !g_uuid_string_is_valid (request->id))
    ld_json_reader_add_error (reader, "id", "must be a UUID");
  if (ld_json_reader_get_string (reader, "username", LD_JSON_REQUIRED, &request->username) &&
      !ld_user_rules_check_username (request->username, &reason))
    ld_json_reader_add_error (reader, "username", reason);
  read_display_name (reader, LD_JSON_REQUIRED, request);
  read_roles (reader, LD_JSON_REQUIRED, request);
  read_password (reader, request);
  read_signatory (reader, signatory, request);
  read_contact (reader, signatory, request);
  request->fields = fields_present (reader);
}

/**
 * ld_user_body_read_edit:
 * @reader: the body of PATCH /api/v1/users/{id}
 * @user: the user as stored; the signatory and contact members are laid
 *   over it
 * @request: (out caller-allocates): what the body asks for; @roles and
 *   @disabled are left as they are unless the body names them
 *
 * Reads a change as the server takes it; refusals are added to @reader,
 * each naming its member.
 */
void
ld_user_body_read_edit (LdJsonReader  *reader,
                        LdUser        *user,
                        LdUserRequest *request)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (LD_IS_USER (user));
  g_return_if_fail (request != NULL);

  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &request->version);
  read_display_name (reader, LD_JSON_OPTIONAL, request);
  read_roles (reader, LD_JSON_OPTIONAL, request);
  ld_json_reader_get_bool (reader, "disabled", LD_JSON_OPTIONAL, &request->disabled);
  read_password (reader, request);
  read_signatory (reader, user, request);
  read_contact (reader, user, request);
  request->fields = fields_present (reader);
}

static void
add_text_or_null (JsonBuilder *builder,
                  const char  *name,
                  const char  *text)
{
  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
write_fields (JsonBuilder         *builder,
              const LdUserRequest *request)
{
  LdUserFields fields = request->fields;

  if (fields & LD_USER_FIELD_USERNAME)
    ld_json_builder_add_string (builder, "username", request->username);
  if (fields & LD_USER_FIELD_DISPLAY_NAME)
    ld_json_builder_add_string (builder, "display_name", request->display_name);
  if (fields & LD_USER_FIELD_ROLES)
    {
      g_auto(GStrv) names = ld_roles_to_strv (request->roles);

      json_builder_set_member_name (builder, "roles");
      json_builder_begin_array (builder);
      for (guint i = 0; names[i] != NULL; i++)
        json_builder_add_string_value (builder, names[i]);
      json_builder_end_array (builder);
    }
  if (fields & LD_USER_FIELD_DISABLED)
    ld_json_builder_add_bool (builder, "disabled", request->disabled);
  if (fields & LD_USER_FIELD_QUALIFICATION)
    add_text_or_null (builder, "qualification", request->qualification);
  if (fields & LD_USER_FIELD_REGISTRATION_NUMBER)
    add_text_or_null (builder, "registration_number", request->registration_number);
  if (fields & LD_USER_FIELD_CAN_SIGN_REPORTS)
    ld_json_builder_add_bool (builder, "can_sign_reports", request->can_sign_reports);
  if (fields & LD_USER_FIELD_SIGNATURE_PNG)
    {
      g_autofree char *base64 = NULL;

      if (request->signature_png != NULL)
        base64 = g_base64_encode (g_bytes_get_data (request->signature_png, NULL),
                                  g_bytes_get_size (request->signature_png));
      add_text_or_null (builder, "signature_png", base64);
    }
  if (fields & LD_USER_FIELD_EMAIL)
    add_text_or_null (builder, "email", request->email);
  if (fields & LD_USER_FIELD_CRITICAL_EMAIL)
    ld_json_builder_add_bool (builder, "critical_email", request->critical_email);
  if (fields & LD_USER_FIELD_PASSWORD)
    ld_json_builder_add_string (builder, "password", request->password);
  if (fields & LD_USER_FIELD_RESET_PASSWORD)
    ld_json_builder_add_bool (builder, "reset_password", request->reset_password);
}

/**
 * ld_user_body_write_create:
 * @builder: a builder, inside the body's object
 * @request: the id (%NULL: none sent) and the members in its @fields
 *
 * Writes the body ld_user_body_read_create() reads.
 */
void
ld_user_body_write_create (JsonBuilder         *builder,
                           const LdUserRequest *request)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (request != NULL);

  if (request->id != NULL)
    ld_json_builder_add_string (builder, "id", request->id);
  write_fields (builder, request);
}

/**
 * ld_user_body_write_edit:
 * @builder: a builder, inside the body's object
 * @request: the version and the members in its @fields
 *
 * Writes the body ld_user_body_read_edit() reads.
 */
void
ld_user_body_write_edit (JsonBuilder         *builder,
                         const LdUserRequest *request)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (request != NULL);

  ld_json_builder_add_int (builder, "version", request->version);
  write_fields (builder, request);
}

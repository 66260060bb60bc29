/* ld-api-users.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-users"

#include "config.h"

#include "ld-api.h"
#include "ld-json.h"
#include "../domain/ld-password.h"
#include "ld-user-rules.h"
#include "ld-service-users.h"

#define DEFAULT_PAGE 50
#define MAX_PAGE 200

static void
respond_user (LdHttpRequest *req,
              guint          status,
              LdUser        *user,
              const char    *generated_password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  ld_user_to_json (user, builder);
  if (generated_password != NULL)
    {
      /* Shown once: only its hash is kept, and no copy of this answer. */
      req->answer_is_secret = TRUE;
      json_builder_set_member_name (builder, "password");
      json_builder_add_string_value (builder, generated_password);
    }
  json_builder_end_object (builder);

  ld_http_respond_json (req, status, builder);
}

static JsonNode *
user_to_node (LdUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_user_to_json (user, builder);
  return json_builder_get_root (builder);
}

/* Reads "password" or "reset_password". @out_plain is set when the
 * password changes, and @out_generated as well when the server made it up. */
static void
read_password (LdJsonReader  *reader,
               gboolean       generate_if_absent,
               char         **out_plain,
               char         **out_generated)
{
  g_autofree char *password = NULL;
  gboolean reset = FALSE;
  const char *reason;

  ld_json_reader_get_bool (reader, "reset_password", LD_JSON_OPTIONAL, &reset);
  if (ld_json_reader_get_string (reader, "password", LD_JSON_OPTIONAL, &password))
    {
      if (reset)
        ld_json_reader_add_error (reader, "reset_password", "cannot go with a password");
      else if (!ld_password_is_acceptable (password, &reason))
        ld_json_reader_add_error (reader, "password", reason);
      else
        *out_plain = g_steal_pointer (&password);
      return;
    }

  if (reset || generate_if_absent)
    {
      *out_generated = ld_password_generate ();
      *out_plain = g_strdup (*out_generated);
    }
}

static void
read_roles (LdJsonReader *reader,
            LdJsonFlags   flags,
            LdRole       *out_roles)
{
  g_auto(GStrv) names = NULL;
  const char *reason;

  if (!ld_json_reader_get_strv (reader, "roles", flags, &names))
    return;

  if (!ld_user_rules_parse_roles ((const char * const *) names, out_roles, &reason))
    ld_json_reader_add_error (reader, "roles", reason);
}

/* Reads one signatory text member into @user: absent keeps it, null
 * clears it; @set_func applies it. */
static void
read_signatory_text (LdJsonReader  *reader,
                     const char    *name,
                     gboolean     (*check) (const char *, const char **),
                     LdUser        *user,
                     void         (*set_func) (LdUser *, const char *))
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
    set_func (user, value);
}

/*
 * read_signatory:
 * @reader: a create or update body
 * @user: the user as it will be saved, changed here
 * @out_signature: (out): a new signature image when one was sent
 * @out_signature_set: (out): whether "signature_png" was sent (null
 *   removes the image)
 *
 * Issue 18: what makes a user an authorised signatory. The rule that a
 * signatory carries a qualification and a registration number is
 * ld_user_check_signatory().
 */
static void
read_signatory (LdJsonReader  *reader,
                LdUser        *user,
                GBytes       **out_signature,
                gboolean      *out_signature_set)
{
  g_autofree char *encoded = NULL;
  gboolean can_sign = ld_user_get_can_sign_reports (user);
  const char *field, *reason;

  read_signatory_text (reader, "qualification", ld_user_check_qualification, user,
                       ld_user_set_qualification);
  read_signatory_text (reader, "registration_number", ld_user_check_registration_number, user,
                       ld_user_set_registration_number);
  if (ld_json_reader_get_bool (reader, "can_sign_reports", LD_JSON_OPTIONAL, &can_sign))
    ld_user_set_can_sign_reports (user, can_sign);

  *out_signature_set = ld_json_reader_has (reader, "signature_png");
  if (ld_json_reader_get_string (reader, "signature_png", LD_JSON_NULLABLE, &encoded))
    {
      g_autoptr(GBytes) png = NULL;
      gsize len = strlen (encoded);

      /* Base64 of the 128 KiB the image may have, and a little more. */
      if (len > 180 * 1024 || len % 4 != 0 ||
          strspn (encoded, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") !=
            len)
        ld_json_reader_add_error (reader, "signature_png", "must be a PNG image in base64");
      else
        {
          guchar *data = g_base64_decode (encoded, &len);

          png = g_bytes_new_take (data, len);
          if (!ld_user_check_signature_png (png, &reason))
            ld_json_reader_add_error (reader, "signature_png", reason);
          else
            *out_signature = g_steal_pointer (&png);
        }
    }

  if (!ld_user_check_signatory (user, &field, &reason))
    ld_json_reader_add_error (reader, field, reason);
}

static char *
username_cursor (gconstpointer user)
{
  return g_strdup (ld_user_get_username ((LdUser *) user));
}

/* GET /api/v1/users */
static gboolean
list_users (LdHttpRequest  *req,
            GError        **error)
{
  static const char * const known[] = { "limit", "after", NULL };
  g_autoptr(GPtrArray) users = NULL;
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &limit, error))
    return FALSE;

  users =
    ld_store_users_list (req->store, ld_http_request_get_query (req, "after"), limit + 1, error);
  if (users == NULL)
    return FALSE;

  ld_http_respond_page (req, users, limit, (LdJsonWriteFunc) ld_user_to_json, username_cursor);
  return TRUE;
}

static int
compare_doctors (gconstpointer a,
                 gconstpointer b)
{
  LdUser *x = *(LdUser **) a;
  LdUser *y = *(LdUser **) b;
  g_autofree char *x_key = g_utf8_collate_key (ld_user_get_display_name (x), -1);
  g_autofree char *y_key = g_utf8_collate_key (ld_user_get_display_name (y), -1);
  int by_name = strcmp (x_key, y_key);

  return by_name != 0 ? by_name : strcmp (ld_user_get_id (x), ld_user_get_id (y));
}

/* GET /api/v1/doctors: the desk names a doctor of the lab as an order's
 * referring doctor, so it may read who they are, and nothing more of
 * any user: the id and the name, of enabled doctors only. */
static gboolean
list_doctors (LdHttpRequest  *req,
              GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(GPtrArray) doctors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *after = NULL;

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;

  /* Users by user name, a page at a time; a lab has tens of them. */
  for (;;)
    {
      g_autoptr(GPtrArray) page = ld_store_users_list (req->store, after, MAX_PAGE, error);

      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        {
          LdUser *user = g_ptr_array_index (page, i);

          if ((ld_user_get_roles (user) & LD_ROLE_DOCTOR) != 0 && !ld_user_get_disabled (user))
            g_ptr_array_add (doctors, g_object_ref (user));
        }
      if (page->len < MAX_PAGE)
        break;
      g_free (after);
      after = g_strdup (ld_user_get_username (g_ptr_array_index (page, page->len - 1)));
    }
  g_ptr_array_sort (doctors, compare_doctors);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < doctors->len; i++)
    {
      LdUser *doctor = g_ptr_array_index (doctors, i);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "id", ld_user_get_id (doctor));
      ld_json_builder_add_string (builder, "display_name", ld_user_get_display_name (doctor));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* GET /api/v1/users/{id} */
static gboolean
get_user (LdHttpRequest  *req,
          GError        **error)
{
  g_autoptr(LdUser) user =
               ld_store_users_get (req->store, ld_http_request_get_param (req, "id"), error);

  if (user == NULL)
    return FALSE;

  respond_user (req, SOUP_STATUS_OK, user, NULL);
  return TRUE;
}

/* POST /api/v1/users */
static gboolean
create_user (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdUser) user = NULL;
  g_autofree char *id = NULL;
  g_autofree char *username = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *generated = NULL;
  g_autoptr(LdUser) signatory = ld_user_new (NULL, NULL, NULL, LD_ROLE_NONE);
  g_autoptr(GBytes) signature = NULL;
  gboolean signature_set = FALSE;
  const char *reason;
  LdRole roles = LD_ROLE_NONE;

  body = ld_http_request_read_object (req, error);
  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  if (ld_json_reader_get_string (reader, "id", LD_JSON_OPTIONAL, &id) &&
      !g_uuid_string_is_valid (id))
    ld_json_reader_add_error (reader, "id", "must be a UUID");
  if (ld_json_reader_get_string (reader, "username", LD_JSON_REQUIRED, &username) &&
      !ld_user_rules_check_username (username, &reason))
    ld_json_reader_add_error (reader, "username", reason);
  if (ld_json_reader_get_string (reader, "display_name", LD_JSON_REQUIRED, &display_name) &&
      !ld_user_rules_check_display_name (display_name, &reason))
    ld_json_reader_add_error (reader, "display_name", reason);
  read_roles (reader, LD_JSON_REQUIRED, &roles);
  read_password (reader, TRUE, &plain, &generated);
  read_signatory (reader, signatory, &signature, &signature_set);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (id == NULL)
    id = g_uuid_string_random ();
  user = ld_user_new (id, username, g_strstrip (display_name), roles);
  ld_user_set_qualification (user, ld_user_get_qualification (signatory));
  ld_user_set_registration_number (user, ld_user_get_registration_number (signatory));
  ld_user_set_can_sign_reports (user, ld_user_get_can_sign_reports (signatory));

  if (!ld_service_create_user (ld_http_request_get_service (req), user, plain, signature,
                               signature_set, error))
    return FALSE;

  respond_user (req, SOUP_STATUS_CREATED, user, generated);
  return TRUE;
}

/* A PATCH's body, applied to the user as read in the change. */
typedef struct
{
  JsonObject *body;
  LdUserEdit  asked;
  char       *generated;
} UserEdit;

static gboolean
apply_user_edit (LdServiceContext  *ctx,
                 gpointer           record,
                 gpointer           data,
                 GError           **error)
{
  UserEdit *edit = data;
  LdUserEdit *asked = &edit->asked;
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (edit->body);
  const char *reason;

  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &asked->version);
  if (ld_json_reader_get_string (reader, "display_name", LD_JSON_OPTIONAL, &asked->display_name) &&
      !ld_user_rules_check_display_name (asked->display_name, &reason))
    ld_json_reader_add_error (reader, "display_name", reason);
  read_roles (reader, LD_JSON_OPTIONAL, &asked->roles);
  ld_json_reader_get_bool (reader, "disabled", LD_JSON_OPTIONAL, &asked->disabled);
  read_password (reader, FALSE, &asked->password, &edit->generated);
  read_signatory (reader, record, &asked->signature, &asked->signature_set);
  return ld_json_reader_finish (reader, error);
}

/* PATCH /api/v1/users/{id} */
static gboolean
update_user (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdUser) user = NULL;
  g_autoptr(LdUser) current = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *generated = NULL;
  UserEdit         edit = { NULL,
                            {
                              0,
                    },
                            NULL };

  body = ld_http_request_read_object (req, error);
  if (body == NULL)
    return FALSE;

  edit.body = body;
  user =
    ld_service_edit_user (ld_http_request_get_service (req), ld_http_request_get_param (req, "id"),
                          apply_user_edit, &edit, &edit.asked, &current, &local);
  ld_user_edit_clear (&edit.asked);
  generated = g_steal_pointer (&edit.generated);
  if (user == NULL)
    {
      g_autoptr(JsonNode) node = NULL;

      if (current == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      node = user_to_node (current);
      ld_http_respond_error (req, local, node);
      return TRUE;
    }

  respond_user (req, SOUP_STATUS_OK, user, generated);
  return TRUE;
}

void
ld_api_users_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/doctors", list_doctors);
  ld_router_add (router, "GET", "/api/v1/users", list_users);
  ld_router_add (router, "POST", "/api/v1/users", create_user);
  ld_router_add (router, "GET", "/api/v1/users/{id}", get_user);
  ld_router_add (router, "PATCH", "/api/v1/users/{id}", update_user);
}

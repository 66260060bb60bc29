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
#include "ld-record-id.h"
#include "ld-user-body.h"
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

/* The password asked for, judged here: its strength and making one up
 * need the server's hashing library. @out_plain is set when the
 * password changes, and @out_generated as well when the server made it
 * up. */
static void
judge_password (LdJsonReader   *reader,
                LdUserRequest  *request,
                gboolean        generate_if_absent,
                char          **out_plain,
                char          **out_generated)
{
  const char *reason;

  if (ld_json_reader_has (reader, "password"))
    {
      if (request->password == NULL)
        return;
      if (!ld_password_is_acceptable (request->password, &reason))
        ld_json_reader_add_error (reader, "password", reason);
      else
        *out_plain = g_steal_pointer (&request->password);
      return;
    }

  if (request->reset_password || generate_if_absent)
    {
      *out_generated = ld_password_generate ();
      *out_plain = g_strdup (*out_generated);
    }
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
  g_autofree char *plain = NULL;
  g_autofree char *generated = NULL;
  g_autoptr(LdUser) signatory = ld_user_new (NULL, NULL, NULL, LD_ROLE_NONE);
  g_auto(LdUserRequest) request = { NULL };

  body = ld_http_request_read_object (req, error);
  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_user_body_read_create (reader, signatory, &request);
  judge_password (reader, &request, TRUE, &plain, &generated);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (request.id == NULL)
    request.id = ld_record_id_new ();
  user =
    ld_user_new (request.id, request.username, g_strstrip (request.display_name), request.roles);
  ld_user_set_qualification (user, ld_user_get_qualification (signatory));
  ld_user_set_registration_number (user, ld_user_get_registration_number (signatory));
  ld_user_set_can_sign_reports (user, ld_user_get_can_sign_reports (signatory));
  ld_user_set_email (user, ld_user_get_email (signatory));
  ld_user_set_critical_email (user, ld_user_get_critical_email (signatory));

  if (!ld_service_create_user (ld_http_request_get_service (req), user, plain,
                               request.signature_png,
                               (request.fields & LD_USER_FIELD_SIGNATURE_PNG) != 0, error))
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
  g_auto(LdUserRequest) request = { NULL };

  /* What the body does not name stays as the user has it. */
  request.roles = asked->roles;
  request.disabled = asked->disabled;
  ld_user_body_read_edit (reader, record, &request);
  judge_password (reader, &request, FALSE, &asked->password, &edit->generated);
  asked->version = request.version;
  asked->display_name = g_steal_pointer (&request.display_name);
  asked->roles = request.roles;
  asked->disabled = request.disabled;
  asked->signature = g_steal_pointer (&request.signature_png);
  asked->signature_set = (request.fields & LD_USER_FIELD_SIGNATURE_PNG) != 0;
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

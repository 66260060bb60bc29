/* ld-admin-calls.c: the administration's calls to the server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Administration works online: each change goes to the server at once,
 * and the pages show what the server answered. These calls are the only
 * place that knows the administration's paths and members; the pages
 * pass typed values and read typed items (shared/model's where it has
 * one, client/store's items otherwise).
 *
 * Every POST carries a fresh Idempotency-Key, so that a retry of the
 * same press changes nothing twice. A refusal's whole answer is kept
 * with the task, so that a conflict's "current" or a refusal's "reason"
 * can be read back by the finish function that knows its type.
 */

#define G_LOG_DOMAIN "ld-admin-calls"

#include "config.h"

#include "ld-admin-calls.h"
#include "ld-auto-verify.h"
#include "ld-json.h"
#include "ld-catalog-body.h"
#include "ld-record-id.h"
#include "ld-settings-body.h"
#include "ld-user-body.h"

/* The users' list is read 200 at a time. */
#define USERS_PAGE 200

void
ld_audit_chain_check_free (LdAuditChainCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->message);
  g_free (check->error);
  g_free (check);
}

void
ld_catalog_listing_free (LdCatalogListing *listing)
{
  if (listing == NULL)
    return;
  g_clear_pointer (&listing->tests, g_ptr_array_unref);
  g_clear_pointer (&listing->panels, g_ptr_array_unref);
  g_free (listing);
}

static void
on_answer_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) error_body = NULL;
  g_autoptr(JsonNode) answer =
               ld_api_client_request_finish (LD_API_CLIENT (source), result, &error_body, &error);

  if (answer == NULL && error != NULL)
    {
      if (error_body != NULL)
        g_task_set_task_data (task, g_steal_pointer (&error_body),
                              (GDestroyNotify) json_object_unref);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  /* An empty answer (204) is no answer the admin calls expect. */
  else if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "The server's answer could not be read.");
  else
    g_task_return_pointer (task, json_object_ref (json_node_get_object (answer)),
                           (GDestroyNotify) json_object_unref);
}

/* Sends @method @path with @builder's object (if any) for @task. */
static void
send (LdApiClient  *client,
      const char   *method,
      const char   *path,
      JsonBuilder  *builder,
      GCancellable *cancellable,
      GTask        *task)
{
  g_autofree char *body = builder ? ld_json_builder_to_string (builder) : NULL;
  g_autofree char *key = g_str_equal (method, "POST") ? ld_record_id_new () : NULL;

  ld_api_client_request_async (client, method, path, body, key, cancellable, on_answer_cb, task);
}

static GTask *
new_task (LdApiClient         *client,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

/* The answer object, or NULL with @error (and the refusal's body in
 * @out_error_body when there was one). */
static JsonObject *
finish_object (LdApiClient   *client,
               GAsyncResult  *result,
               gpointer       source_tag,
               JsonObject   **out_error_body,
               GError       **error)
{
  JsonObject *answer;

  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL && out_error_body != NULL)
    *out_error_body = g_task_get_task_data (G_TASK (result));
  return answer;
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node =
    object && json_object_has_member (object, name) ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node =
    object && json_object_has_member (object, name) ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A page's "next" cursor as text: the server writes a string or a
 * sequence number; %NULL at the end. */
static char *
dup_cursor (JsonObject *object)
{
  JsonNode *next =
    json_object_has_member (object, "next") ? json_object_get_member (object, "next") : NULL;

  if (next == NULL || !JSON_NODE_HOLDS_VALUE (next))
    return NULL;
  if (json_node_get_value_type (next) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (next));
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (next));
}

typedef gpointer (*ReadItem) (JsonObject *object);

/* The page's "items" read one by one (unreadable ones left out), or
 * NULL with @error when the answer holds no list. */
static GPtrArray *
read_page (JsonObject      *answer,
           ReadItem         read_item,
           GDestroyNotify   free_item,
           char           **out_next,
           GError         **error)
{
  JsonArray *items = get_array_member (answer, "items");
  g_autoptr(GPtrArray) list = NULL;

  if (items == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The server's answer could not be read.");
      return NULL;
    }
  list = g_ptr_array_new_with_free_func (free_item);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      gpointer  read =
        JSON_NODE_HOLDS_OBJECT (item) ? read_item (json_node_get_object (item)) : NULL;

      if (read != NULL)
        g_ptr_array_add (list, read);
    }
  if (out_next != NULL)
    *out_next = dup_cursor (answer);
  return g_steal_pointer (&list);
}

static void
add_query (GString    *query,
           const char *name,
           const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (query, "%c%s=%s", strchr (query->str, '?') ? '&' : '?', name, escaped);
}

static char *
dup_escaped_path (const char *collection,
                  const char *id)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat (collection, "/", escaped, NULL);
}

/* Users */

static gpointer
read_user (JsonObject *object)
{
  return ld_user_new_from_json (object, NULL);
}

/**
 * ld_admin_list_users_async:
 * @client: the session's API client
 * @after: (nullable): the cursor of the page before; %NULL for the first
 *
 * GET /api/v1/users, a page of 200 users by user name.
 */
void
ld_admin_list_users_async (LdApiClient         *client,
                           const char          *after,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/v1/users");
  g_autofree char *limit = g_strdup_printf ("%d", USERS_PAGE);

  g_return_if_fail (LD_IS_API_CLIENT (client));

  add_query (path, "limit", limit);
  add_query (path, "after", after);
  send (client, "GET", path->str, NULL, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_list_users_async));
}

/**
 * ld_admin_list_users_finish:
 * @out_next: (out) (optional) (transfer full): the next page's cursor;
 *   %NULL on the last page
 *
 * Returns: (transfer full) (element-type LdUser) (nullable): the page's users
 */
GPtrArray *
ld_admin_list_users_finish (LdApiClient   *client,
                            GAsyncResult  *result,
                            char         **out_next,
                            GError       **error)
{
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_list_users_async, NULL, error);

  if (answer == NULL)
    return NULL;
  return read_page (answer, read_user, g_object_unref, out_next, error);
}

/**
 * ld_admin_get_user_async:
 * @client: the session's API client
 * @id: the user's id
 *
 * GET /api/v1/users/{id}.
 */
void
ld_admin_get_user_async (LdApiClient         *client,
                         const char          *id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (id != NULL);

  path = dup_escaped_path ("/api/v1/users", id);
  send (client, "GET", path, NULL, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_get_user_async));
}

static LdUser *
read_user_member (JsonObject  *object,
                  GError     **error)
{
  JsonObject *user = get_object_member (object, "user");

  if (user == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The server's answer could not be read.");
      return NULL;
    }
  return ld_user_new_from_json (user, error);
}

/**
 * ld_admin_get_user_finish:
 *
 * Returns: (transfer full) (nullable): the user
 */
LdUser *
ld_admin_get_user_finish (LdApiClient   *client,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_get_user_async, NULL, error);

  return answer ? read_user_member (answer, error) : NULL;
}

/**
 * ld_admin_save_user_async:
 * @client: the session's API client
 * @old: (nullable): the user as last read; %NULL to add a new one
 * @edit: the form's values
 *
 * POST /api/v1/users for a new user; for a change, PATCH
 * /api/v1/users/{id} with @old's version and only what differs from
 * @old, so that a change made meanwhile by someone else to another
 * member is not undone. Finish with ld_admin_save_user_finish().
 */
void
ld_admin_save_user_async (LdApiClient            *client,
                          LdUser                 *old,
                          const LdAdminUserEdit  *edit,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(LdUserRequest) request = { NULL };
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (old == NULL || LD_IS_USER (old));
  g_return_if_fail (edit != NULL);

  task = new_task (client, cancellable, callback, user_data, ld_admin_save_user_async);
  request.username = g_strdup (edit->username);
  request.display_name = g_strdup (edit->display_name);
  request.roles = edit->roles;
  request.disabled = edit->disabled;
  request.qualification = g_strdup (edit->qualification);
  request.registration_number = g_strdup (edit->registration_number);
  request.can_sign_reports = edit->can_sign_reports;
  request.email = g_strdup (edit->email);
  request.critical_email = edit->critical_email;
  request.signature_png = edit->signature_png ? g_bytes_ref (edit->signature_png) : NULL;
  if (edit->signature_png != NULL)
    request.fields |= LD_USER_FIELD_SIGNATURE_PNG;

  json_builder_begin_object (builder);
  if (old == NULL)
    {
      request.fields |= LD_USER_FIELD_USERNAME | LD_USER_FIELD_DISPLAY_NAME | LD_USER_FIELD_ROLES |
                        LD_USER_FIELD_CAN_SIGN_REPORTS;
      if (edit->qualification != NULL)
        request.fields |= LD_USER_FIELD_QUALIFICATION;
      if (edit->registration_number != NULL)
        request.fields |= LD_USER_FIELD_REGISTRATION_NUMBER;
      if (edit->email != NULL)
        request.fields |= LD_USER_FIELD_EMAIL | LD_USER_FIELD_CRITICAL_EMAIL;
      ld_user_body_write_create (builder, &request);
    }
  else
    {
      request.version = ld_user_get_version (old);
      if (g_strcmp0 (edit->display_name, ld_user_get_display_name (old)) != 0)
        request.fields |= LD_USER_FIELD_DISPLAY_NAME;
      if (edit->roles != ld_user_get_roles (old))
        request.fields |= LD_USER_FIELD_ROLES;
      if (edit->disabled != ld_user_get_disabled (old))
        request.fields |= LD_USER_FIELD_DISABLED;
      if (g_strcmp0 (edit->qualification, ld_user_get_qualification (old)) != 0)
        request.fields |= LD_USER_FIELD_QUALIFICATION;
      if (g_strcmp0 (edit->registration_number, ld_user_get_registration_number (old)) != 0)
        request.fields |= LD_USER_FIELD_REGISTRATION_NUMBER;
      if (edit->can_sign_reports != ld_user_get_can_sign_reports (old))
        request.fields |= LD_USER_FIELD_CAN_SIGN_REPORTS;
      if (edit->remove_signature)
        request.fields |= LD_USER_FIELD_SIGNATURE_PNG;
      if (g_strcmp0 (edit->email, ld_user_get_email (old)) != 0)
        request.fields |= LD_USER_FIELD_EMAIL;
      if (edit->critical_email != ld_user_get_critical_email (old))
        request.fields |= LD_USER_FIELD_CRITICAL_EMAIL;
      ld_user_body_write_edit (builder, &request);
    }
  json_builder_end_object (builder);

  if (old == NULL)
    send (client, "POST", "/api/v1/users", builder, cancellable, task);
  else
    {
      g_autofree char *path = dup_escaped_path ("/api/v1/users", ld_user_get_id (old));

      send (client, "PATCH", path, builder, cancellable, task);
    }
}

/**
 * ld_admin_reset_password_async:
 * @client: the session's API client
 * @user: the user as last read
 *
 * PATCH /api/v1/users/{id} asking for a new one-time password, which
 * ld_admin_save_user_finish() hands back.
 */
void
ld_admin_reset_password_async (LdApiClient         *client,
                               LdUser              *user,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (LD_IS_USER (user));

  json_builder_begin_object (builder);
  ld_json_builder_add_int (builder, "version", ld_user_get_version (user));
  ld_json_builder_add_bool (builder, "reset_password", TRUE);
  json_builder_end_object (builder);
  path = dup_escaped_path ("/api/v1/users", ld_user_get_id (user));
  /* The same tag as a save: one finish reads both answers. */
  send (client, "PATCH", path, builder, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_save_user_async));
}

/**
 * ld_admin_save_user_finish:
 * @out_password: (out) (optional) (transfer full): a new user's or a
 *   reset's one-time password, to be shown once; %NULL otherwise
 * @out_current: (out) (optional) (transfer full): when refused because
 *   someone else changed the user first, the user as they left it
 *
 * Ends ld_admin_save_user_async() and ld_admin_reset_password_async().
 *
 * Returns: (transfer full) (nullable): the user as saved
 */
LdUser *
ld_admin_save_user_finish (LdApiClient   *client,
                           GAsyncResult  *result,
                           char         **out_password,
                           LdUser       **out_current,
                           GError       **error)
{
  JsonObject *error_body = NULL;
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_save_user_async, &error_body, error);

  if (out_password != NULL)
    *out_password = NULL;
  if (out_current != NULL)
    *out_current = NULL;
  if (answer == NULL)
    {
      JsonObject *current = get_object_member (error_body, "current");

      if (current != NULL && out_current != NULL)
        *out_current = ld_user_new_from_json (current, NULL);
      return NULL;
    }
  if (out_password != NULL)
    *out_password = g_strdup (ld_json_object_get_string (answer, "password"));
  return read_user_member (answer, error);
}

/* Settings */

/**
 * ld_admin_get_settings_async:
 * @client: the session's API client
 *
 * GET /api/v1/settings.
 */
void
ld_admin_get_settings_async (LdApiClient         *client,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (LD_IS_API_CLIENT (client));

  send (client, "GET", "/api/v1/settings", NULL, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_get_settings_async));
}

/**
 * ld_admin_get_settings_finish:
 * @out_version: (out) (optional): the settings' version, for the next save
 *
 * Returns: (transfer full) (nullable): the lab's settings
 */
LdSettings *
ld_admin_get_settings_finish (LdApiClient   *client,
                              GAsyncResult  *result,
                              gint64        *out_version,
                              GError       **error)
{
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_get_settings_async, NULL, error);

  return answer ? ld_settings_new_from_json (answer, out_version) : NULL;
}

/**
 * ld_admin_save_settings_async:
 * @client: the session's API client
 * @settings: the settings as they are to be
 * @version: the version they were read at
 * @keys: the settings changed: only these are sent, so that another
 *   administrator's change to the others stands
 *
 * PATCH /api/v1/settings. Finish with ld_admin_save_settings_finish().
 */
void
ld_admin_save_settings_async (LdApiClient         *client,
                              const LdSettings    *settings,
                              gint64               version,
                              const char * const  *keys,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (settings != NULL);
  g_return_if_fail (keys != NULL);

  json_builder_begin_object (builder);
  ld_settings_body_write (builder, settings, keys, version);
  json_builder_end_object (builder);
  send (client, "PATCH", "/api/v1/settings", builder, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_save_settings_async));
}

/**
 * ld_admin_save_settings_finish:
 * @out_version: (out) (optional): the saved settings' version
 * @out_current: (out) (optional) (transfer full): when refused because
 *   someone else saved first, the settings as they left them
 * @out_current_version: (out) (optional): and their version
 *
 * Returns: (transfer full) (nullable): the settings as saved
 */
LdSettings *
ld_admin_save_settings_finish (LdApiClient   *client,
                               GAsyncResult  *result,
                               gint64        *out_version,
                               LdSettings   **out_current,
                               gint64        *out_current_version,
                               GError       **error)
{
  JsonObject *error_body = NULL;
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_save_settings_async, &error_body, error);

  if (out_current != NULL)
    *out_current = NULL;
  if (answer == NULL)
    {
      JsonObject *current = get_object_member (error_body, "current");

      if (current != NULL && out_current != NULL)
        *out_current = ld_settings_new_from_json (current, out_current_version);
      return NULL;
    }
  return ld_settings_new_from_json (answer, out_version);
}

/* Catalogue */

/**
 * ld_admin_get_catalog_async:
 * @client: the session's API client
 *
 * GET /api/v1/catalog: every test and panel, active or not.
 */
void
ld_admin_get_catalog_async (LdApiClient         *client,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (LD_IS_API_CLIENT (client));

  send (client, "GET", "/api/v1/catalog", NULL, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_get_catalog_async));
}

static gpointer
read_test (JsonObject *object)
{
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();

  /* As a new test, the members every test has are required; "version"
   * and "position" are the store's and read apart. */
  ld_catalog_test_read_json (test, reader, TRUE);
  ld_json_reader_get_int (reader, "version", LD_JSON_OPTIONAL, &test->version);
  ld_json_reader_get_int (reader, "position", LD_JSON_OPTIONAL, &test->position);
  if (test->code == NULL)
    return NULL;
  return g_steal_pointer (&test);
}

static gpointer
read_panel (JsonObject *object)
{
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (object);
  g_autoptr(LdCatalogPanel) panel = ld_catalog_panel_new ();

  ld_catalog_panel_read_json (panel, reader, TRUE);
  ld_json_reader_get_int (reader, "version", LD_JSON_OPTIONAL, &panel->version);
  if (panel->code == NULL)
    return NULL;
  return g_steal_pointer (&panel);
}

/**
 * ld_admin_get_catalog_finish:
 *
 * Returns: (transfer full) (nullable): the catalogue's tests and panels
 */
LdCatalogListing *
ld_admin_get_catalog_finish (LdApiClient   *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_get_catalog_async, NULL, error);
  g_autoptr(LdCatalogListing) listing = NULL;
  JsonArray *tests = answer ? get_array_member (answer, "tests") : NULL;
  JsonArray *panels = answer ? get_array_member (answer, "panels") : NULL;

  if (answer == NULL)
    return NULL;
  if (tests == NULL || panels == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The server's answer could not be read.");
      return NULL;
    }
  listing = g_new0 (LdCatalogListing, 1);
  listing->tests = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_catalog_test_free);
  listing->panels = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_catalog_panel_free);
  for (guint i = 0; i < json_array_get_length (tests); i++)
    {
      JsonNode *node = json_array_get_element (tests, i);
      gpointer  test =
        JSON_NODE_HOLDS_OBJECT (node) ? read_test (json_node_get_object (node)) : NULL;

      if (test != NULL)
        g_ptr_array_add (listing->tests, test);
    }
  for (guint i = 0; i < json_array_get_length (panels); i++)
    {
      JsonNode *node = json_array_get_element (panels, i);
      gpointer  panel =
        JSON_NODE_HOLDS_OBJECT (node) ? read_panel (json_node_get_object (node)) : NULL;

      if (panel != NULL)
        g_ptr_array_add (listing->panels, panel);
    }
  return g_steal_pointer (&listing);
}

/**
 * ld_admin_get_test_async:
 * @client: the session's API client
 * @code: the test's code
 *
 * One test of the catalogue, as GET /api/v1/catalog lists it.
 */
void
ld_admin_get_test_async (LdApiClient         *client,
                         const char          *code,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (code != NULL);

  task = new_task (client, cancellable, callback, user_data, ld_admin_get_test_async);
  /* The task data is the refusal's body (on_answer_cb): the code goes apart. */
  g_object_set_data_full (G_OBJECT (task), "ld-code", g_strdup (code), g_free);
  send (client, "GET", "/api/v1/catalog", NULL, cancellable, task);
}

/**
 * ld_admin_get_test_finish:
 *
 * Returns: (transfer full) (nullable): the test; %NULL without an error
 *   when the catalogue does not hold it
 */
LdCatalogTest *
ld_admin_get_test_finish (LdApiClient   *client,
                          GAsyncResult  *result,
                          GError       **error)
{
  const char *code = g_object_get_data (G_OBJECT (result), "ld-code");
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_get_test_async, NULL, error);
  JsonArray *tests = answer ? get_array_member (answer, "tests") : NULL;

  for (guint i = 0; tests != NULL && i < json_array_get_length (tests); i++)
    {
      JsonNode *node = json_array_get_element (tests, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (object != NULL && g_strcmp0 (ld_json_object_get_string (object, "code"), code) == 0)
        return read_test (object);
    }
  return NULL;
}

/**
 * ld_admin_save_test_async:
 * @client: the session's API client
 * @saved: (nullable): the test as last read; %NULL to add @test
 * @test: the test as edited, checked with ld_catalog_test_read_json()
 *
 * POST /api/v1/catalog/tests for a new test; for a change, PATCH
 * /api/v1/catalog/tests/{code} with @saved's version and only the
 * members ld_catalog_test_changes() names.
 */
void
ld_admin_save_test_async (LdApiClient          *client,
                          const LdCatalogTest  *saved,
                          const LdCatalogTest  *test,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GTask *task;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (test != NULL);

  task = new_task (client, cancellable, callback, user_data, ld_admin_save_test_async);
  json_builder_begin_object (builder);
  ld_catalog_test_body_write (builder, saved, test);
  json_builder_end_object (builder);

  if (saved == NULL)
    send (client, "POST", "/api/v1/catalog/tests", builder, cancellable, task);
  else
    {
      g_autofree char *path = dup_escaped_path ("/api/v1/catalog/tests", saved->code);

      send (client, "PATCH", path, builder, cancellable, task);
    }
}

/**
 * ld_admin_save_test_finish:
 * @out_current: (out) (optional) (transfer full): when refused because
 *   someone else changed the test first, the test as they left it
 *
 * Returns: %TRUE if the test was saved
 */
gboolean
ld_admin_save_test_finish (LdApiClient    *client,
                           GAsyncResult   *result,
                           LdCatalogTest **out_current,
                           GError        **error)
{
  JsonObject *error_body = NULL;
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_save_test_async, &error_body, error);

  if (out_current != NULL)
    {
      JsonObject *current = answer == NULL ? get_object_member (error_body, "current") : NULL;

      *out_current = current ? read_test (current) : NULL;
    }
  return answer != NULL;
}

/* A test's auto-verification: the rules as shared/domain reads and writes
 * them, the same code the server runs. */
static LdAutoVerifyConfig *
read_auto_verify (JsonObject *object)
{
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdAutoVerifyConfig) config = NULL;
  g_autofree char *code = NULL;
  g_autofree char *rule_set = NULL;

  if (object == NULL)
    return NULL;
  reader = ld_json_reader_new (object);
  if (!ld_json_reader_get_string (reader, "test_code", LD_JSON_REQUIRED, &code))
    return NULL;
  config = ld_auto_verify_config_new (code);
  ld_auto_verify_config_read (config, reader);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &config->version);
  /* Its name is made from the rest when needed. */
  ld_json_reader_get_string (reader, "rule_set", LD_JSON_OPTIONAL, &rule_set);
  if (!ld_json_reader_finish (reader, NULL))
    return NULL;
  return g_steal_pointer (&config);
}

static LdAutoVerifyConfig *
read_auto_verify_answer (JsonObject *answer,
                         GError    **error)
{
  LdAutoVerifyConfig *config;

  if (answer == NULL)
    return NULL;
  config = read_auto_verify (get_object_member (answer, "auto_verification"));
  if (config == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "The server's answer could not be read.");
  return config;
}

static char *
dup_auto_verify_path (const char *code)
{
  g_autofree char *test = dup_escaped_path ("/api/v1/catalog/tests", code);

  return g_strconcat (test, "/auto-verification", NULL);
}

/**
 * ld_admin_get_auto_verify_async:
 * @client: the session's API client
 * @code: the test's code
 *
 * GET /api/v1/catalog/tests/{code}/auto-verification.
 */
void
ld_admin_get_auto_verify_async (LdApiClient         *client,
                                const char          *code,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (code != NULL);

  path = dup_auto_verify_path (code);
  send (client, "GET", path, NULL, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_get_auto_verify_async));
}

/**
 * ld_admin_get_auto_verify_finish:
 *
 * Returns: (transfer full) (nullable): the test's auto-verification
 */
LdAutoVerifyConfig *
ld_admin_get_auto_verify_finish (LdApiClient   *client,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_get_auto_verify_async, NULL, error);

  return read_auto_verify_answer (answer, error);
}

/**
 * ld_admin_save_auto_verify_async:
 * @client: the session's API client
 * @config: the rules as chosen, with the version last read
 *
 * PUT /api/v1/catalog/tests/{code}/auto-verification.
 */
void
ld_admin_save_auto_verify_async (LdApiClient              *client,
                                 const LdAutoVerifyConfig *config,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (config != NULL && config->test_code != NULL);

  path = dup_auto_verify_path (config->test_code);
  ld_auto_verify_config_body_write (config, builder);
  send (client, "PUT", path, builder, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_save_auto_verify_async));
}

/**
 * ld_admin_save_auto_verify_finish:
 * @out_current: (out) (optional) (transfer full): when refused because
 *   someone else saved the rules first, the rules as they left them
 *
 * Returns: (transfer full) (nullable): the rules as saved
 */
LdAutoVerifyConfig *
ld_admin_save_auto_verify_finish (LdApiClient         *client,
                                  GAsyncResult        *result,
                                  LdAutoVerifyConfig **out_current,
                                  GError             **error)
{
  JsonObject *error_body = NULL;
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_save_auto_verify_async, &error_body, error);

  if (out_current != NULL)
    *out_current =
      answer == NULL ? read_auto_verify (get_object_member (error_body, "current")) : NULL;
  return read_auto_verify_answer (answer, error);
}

/* Audit */

static gpointer
read_audit_event (JsonObject *object)
{
  return ld_audit_event_item_new_from_json (object);
}

/**
 * ld_admin_list_audit_async:
 * @client: the session's API client
 * @filter: which events
 * @before: (nullable): the cursor of the page before (older events follow)
 *
 * GET /api/v1/audit, newest first.
 */
void
ld_admin_list_audit_async (LdApiClient          *client,
                           const LdAuditFilter  *filter,
                           const char           *before,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/v1/audit");
  g_autofree char *limit = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (filter != NULL);

  if (filter->limit > 0)
    limit = g_strdup_printf ("%u", filter->limit);
  add_query (path, "limit", limit);
  add_query (path, "user", filter->user_id);
  add_query (path, "action", filter->action);
  add_query (path, "entity", filter->entity);
  add_query (path, "since", filter->since);
  add_query (path, "until", filter->until);
  add_query (path, "before", before);
  send (client, "GET", path->str, NULL, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_list_audit_async));
}

/**
 * ld_admin_list_audit_finish:
 * @out_next: (out) (optional) (transfer full): the next (older) page's
 *   cursor; %NULL at the log's start
 *
 * Returns: (transfer full) (element-type LdAuditEventItem) (nullable):
 *   the page's events
 */
GPtrArray *
ld_admin_list_audit_finish (LdApiClient   *client,
                            GAsyncResult  *result,
                            char         **out_next,
                            GError       **error)
{
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_list_audit_async, NULL, error);

  if (answer == NULL)
    return NULL;
  return read_page (answer, read_audit_event, g_object_unref, out_next, error);
}

/**
 * ld_admin_check_audit_async:
 * @client: the session's API client
 * @start: %TRUE to start a check of the chain (POST /api/v1/audit/check),
 *   %FALSE to ask after the latest (GET)
 */
void
ld_admin_check_audit_async (LdApiClient         *client,
                            gboolean             start,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client));

  if (start)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
  send (client, start ? "POST" : "GET", "/api/v1/audit/check", builder, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_check_audit_async));
}

/**
 * ld_admin_check_audit_finish:
 *
 * Returns: (transfer full) (nullable): where the check stands
 */
LdAuditChainCheck *
ld_admin_check_audit_finish (LdApiClient   *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_check_audit_async, NULL, error);
  g_autoptr(LdAuditChainCheck) check = NULL;
  const char *state;
  JsonObject *broken;
  JsonNode *node;

  if (answer == NULL)
    return NULL;
  state = ld_json_object_get_string (answer, "state");
  if (state == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The server's answer could not be read.");
      return NULL;
    }
  check = g_new0 (LdAuditChainCheck, 1);
  if (g_str_equal (state, "running"))
    check->state = LD_AUDIT_CHAIN_RUNNING;
  else if (g_str_equal (state, "passed"))
    check->state = LD_AUDIT_CHAIN_PASSED;
  else
    check->state = LD_AUDIT_CHAIN_FAILED;
  node = json_object_has_member (answer, "events_checked")
           ? json_object_get_member (answer, "events_checked")
           : NULL;
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    check->events_checked = json_node_get_int (node);
  check->error = g_strdup (ld_json_object_get_string (answer, "error"));
  broken = get_object_member (answer, "broken");
  if (broken != NULL)
    {
      check->broken = TRUE;
      check->message = g_strdup (ld_json_object_get_string (broken, "message"));
      node = json_object_has_member (broken, "seq") ? json_object_get_member (broken, "seq") : NULL;
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
        {
          check->has_broken_seq = TRUE;
          check->broken_seq = json_node_get_int (node);
        }
    }
  return g_steal_pointer (&check);
}

static gpointer
read_grant (JsonObject *object)
{
  return ld_break_glass_item_new_from_json (object);
}

/**
 * ld_admin_list_grants_async:
 * @client: the session's API client
 * @limit: how many grants a page holds
 * @before: (nullable): the cursor of the page before (older grants follow)
 *
 * GET /api/v1/break-glass, newest first.
 */
void
ld_admin_list_grants_async (LdApiClient         *client,
                            guint                limit,
                            const char          *before,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/v1/break-glass");
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);

  g_return_if_fail (LD_IS_API_CLIENT (client));

  add_query (path, "limit", limit_text);
  add_query (path, "before", before);
  send (client, "GET", path->str, NULL, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_list_grants_async));
}

/**
 * ld_admin_list_grants_finish:
 * @out_next: (out) (optional) (transfer full): the next (older) page's
 *   cursor; %NULL after the oldest
 *
 * Returns: (transfer full) (element-type LdBreakGlassItem) (nullable):
 *   the page's grants
 */
GPtrArray *
ld_admin_list_grants_finish (LdApiClient   *client,
                             GAsyncResult  *result,
                             char         **out_next,
                             GError       **error)
{
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_list_grants_async, NULL, error);

  if (answer == NULL)
    return NULL;
  return read_page (answer, read_grant, g_object_unref, out_next, error);
}

/* Backups */

static gpointer
read_backup (JsonObject *object)
{
  return ld_backup_item_new_from_json (object);
}

/**
 * ld_admin_list_backups_async:
 * @client: the session's API client
 *
 * GET /api/v1/backups, newest first.
 */
void
ld_admin_list_backups_async (LdApiClient         *client,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (LD_IS_API_CLIENT (client));

  send (client, "GET", "/api/v1/backups", NULL, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_list_backups_async));
}

/**
 * ld_admin_list_backups_finish:
 * @out_configured: (out) (optional): whether the server has a backup folder
 *
 * Returns: (transfer full) (element-type LdBackupItem) (nullable): the
 *   backups the server keeps
 */
GPtrArray *
ld_admin_list_backups_finish (LdApiClient   *client,
                              GAsyncResult  *result,
                              gboolean      *out_configured,
                              GError       **error)
{
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_list_backups_async, NULL, error);
  JsonNode *configured;

  if (answer == NULL)
    return NULL;
  configured = json_object_has_member (answer, "configured")
                 ? json_object_get_member (answer, "configured")
                 : NULL;
  if (out_configured != NULL)
    *out_configured = configured != NULL && JSON_NODE_HOLDS_VALUE (configured) &&
                      json_node_get_value_type (configured) == G_TYPE_BOOLEAN &&
                      json_node_get_boolean (configured);
  return read_page (answer, read_backup, g_object_unref, NULL, error);
}

/**
 * ld_admin_start_backup_async:
 * @client: the session's API client
 *
 * POST /api/v1/backups: the server copies its database and checks the
 * copy, in the background.
 */
void
ld_admin_start_backup_async (LdApiClient         *client,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (LD_IS_API_CLIENT (client));

  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  send (client, "POST", "/api/v1/backups", builder, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_start_backup_async));
}

/**
 * ld_admin_start_backup_finish:
 * @out_reason: (out) (optional) (transfer full): when refused, the
 *   server's reason code (`backups_not_configured`, `backup_running`)
 *
 * Returns: %TRUE if the backup started
 */
gboolean
ld_admin_start_backup_finish (LdApiClient   *client,
                              GAsyncResult  *result,
                              char         **out_reason,
                              GError       **error)
{
  JsonObject *error_body = NULL;
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_start_backup_async, &error_body, error);

  if (out_reason != NULL)
    *out_reason = error_body ? g_strdup (ld_json_object_get_string (error_body, "reason")) : NULL;
  return answer != NULL;
}

/* Analytics */

/**
 * ld_admin_get_analytics_async:
 * @client: the session's API client
 * @from: the period's first day (YYYY-MM-DD)
 * @to: its last day, included
 *
 * GET /api/v1/analytics: the figures the server counts for the period.
 */
void
ld_admin_get_analytics_async (LdApiClient         *client,
                              const char          *from,
                              const char          *to,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GString) path = g_string_new ("/api/v1/analytics");

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (from != NULL && to != NULL);

  add_query (path, "from", from);
  add_query (path, "to", to);
  send (client, "GET", path->str, NULL, cancellable,
        new_task (client, cancellable, callback, user_data, ld_admin_get_analytics_async));
}

/**
 * ld_admin_get_analytics_finish:
 *
 * Returns: (transfer full) (nullable): the period's figures
 */
LdAnalyticsFigures *
ld_admin_get_analytics_finish (LdApiClient   *client,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_autoptr(JsonObject) answer =
               finish_object (client, result, ld_admin_get_analytics_async, NULL, error);

  return answer ? ld_analytics_figures_new_from_json (answer, error) : NULL;
}

/**
 * ld_admin_get_analytics_csv_async:
 * @client: the session's API client
 * @section: a section's name as the server spells it, such as "rates"
 * @from: the period's first day (YYYY-MM-DD)
 * @to: its last day, included
 *
 * GET /api/v1/analytics/{section}.csv: the section as the server writes
 * it for a spreadsheet, kept byte for byte.
 */
void
ld_admin_get_analytics_csv_async (LdApiClient         *client,
                                  const char          *section,
                                  const char          *from,
                                  const char          *to,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autoptr(GString) path = NULL;

  g_return_if_fail (LD_IS_API_CLIENT (client));
  g_return_if_fail (section != NULL && from != NULL && to != NULL);

  escaped = g_uri_escape_string (section, NULL, FALSE);
  path = g_string_new ("/api/v1/analytics/");
  g_string_append_printf (path, "%s.csv", escaped);
  add_query (path, "from", from);
  add_query (path, "to", to);
  ld_api_client_get_bytes_async (client, path->str, cancellable, callback, user_data);
}

/**
 * ld_admin_get_analytics_csv_finish:
 *
 * Returns: (transfer full) (nullable): the CSV file's bytes
 */
GBytes *
ld_admin_get_analytics_csv_finish (LdApiClient   *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return ld_api_client_get_bytes_finish (client, result, error);
}

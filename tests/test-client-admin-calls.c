/* test-client-admin-calls.c: the administration's typed calls against the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The admin pages read typed items from client/store's calls, never the
 * server's JSON. Each test here drives those calls against the fixture
 * server and checks the items' fields against what the server holds: its
 * own answer to a plain HTTP request, and its database.
 */

#include "config.h"

#include "ld-admin-calls.h"
#include "ld-catalog-body.h"
#include "ld-error.h"
#include "ld-json.h"
#include "ld-test-client.h"
#include "ld-test-http.h"
#include "ld-test-server.h"

static LdApiClient *
admin_client (LdTestFixture *fx)
{
  LdApiClient *api = ld_api_client_new (ld_test_server_get_uri (fx->server));

  ld_api_client_set_token (api, fx->admin);
  return api;
}

static JsonObject *
find_by (JsonArray  *items,
         const char *member,
         const char *value)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (ld_json_object_get_string (item, member), value) == 0)
        return item;
    }
  return NULL;
}

static GPtrArray *
list_all_users (LdApiClient *api)
{
  GPtrArray *users = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *after = NULL;

  do
    {
      g_autoptr(GAsyncResult) result = NULL;
      GAsyncResult *slot = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = NULL;
      g_autofree char *next = NULL;

      ld_admin_list_users_async (api, after, NULL, ld_test_store_result_cb, &slot);
      result = ld_test_wait_result (&slot);
      page = ld_admin_list_users_finish (api, result, &next, &error);
      g_assert_no_error (error);
      g_assert_nonnull (page);
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (users, g_object_ref (g_ptr_array_index (page, i)));
      g_free (after);
      after = g_steal_pointer (&next);
    }
  while (after != NULL);

  return users;
}

static void
test_users (LdTestFixture *fx,
            gconstpointer  data)
{
  g_autoptr(LdApiClient) api = admin_client (fx);
  g_autoptr(GPtrArray) users = list_all_users (api);
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, "/api/v1/users?limit=200", fx->admin);
  JsonArray *items = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdUser) created = NULL;
  g_autoptr(LdUser) current = NULL;
  g_autoptr(LdUser) read = NULL;
  g_autofree char *password = NULL;
  LdAdminUserEdit  edit = {
     .username = "clerk2",
     .display_name = "Second Clerk",
     .roles = LD_ROLE_RECEPTION,
  };

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  g_assert_cmpint (users->len, ==,
                   ld_test_server_query_int (fx->server, "SELECT COUNT(*) FROM users"));
  g_assert_cmpuint (users->len, ==, json_array_get_length (items));
  for (guint i = 0; i < users->len; i++)
    {
      LdUser *user = g_ptr_array_index (users, i);
      JsonObject *held = find_by (items, "id", ld_user_get_id (user));
      g_auto(GStrv) roles = ld_roles_to_strv (ld_user_get_roles (user));
      JsonArray *held_roles = NULL;

      g_assert_nonnull (held);
      g_assert_cmpstr (ld_user_get_username (user), ==,
                       ld_json_object_get_string (held, "username"));
      g_assert_cmpstr (ld_user_get_display_name (user), ==,
                       ld_json_object_get_string (held, "display_name"));
      g_assert_cmpint (ld_user_get_version (user), ==,
                       json_object_get_int_member (held, "version"));
      g_assert_cmpint (ld_user_get_disabled (user), ==,
                       json_object_get_boolean_member (held, "disabled"));
      held_roles = json_object_get_array_member (held, "roles");
      g_assert_cmpuint (g_strv_length (roles), ==, json_array_get_length (held_roles));
      for (guint r = 0; roles[r] != NULL; r++)
        g_assert_cmpstr (roles[r], ==, json_array_get_string_element (held_roles, r));
    }

  /* A new user, with the one-time password only the answer carries. */
  ld_admin_save_user_async (api, NULL, &edit, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  created = ld_admin_save_user_finish (api, result, &password, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created);
  g_assert_nonnull (password);
  g_assert_cmpstr (ld_user_get_username (created), ==, "clerk2");
  g_assert_cmpint (ld_user_get_roles (created), ==, LD_ROLE_RECEPTION);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT COUNT(*) FROM users "
                                             "WHERE username = 'clerk2' AND disabled = 0"), ==, 1);
  g_clear_object (&result);

  /* One user read back, as the user page reads them. */
  ld_admin_get_user_async (api, ld_user_get_id (created), NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  read = ld_admin_get_user_finish (api, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_user_get_id (read), ==, ld_user_get_id (created));
  g_assert_cmpstr (ld_user_get_display_name (read), ==, "Second Clerk");
  g_clear_object (&result);

  /* Only what changed is sent: disabling them moves the version on. */
  edit.disabled = TRUE;
  ld_admin_save_user_async (api, created, &edit, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  g_clear_object (&read);
  read = ld_admin_save_user_finish (api, result, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ld_user_get_disabled (read));
  g_assert_cmpint (ld_user_get_version (read), ==, ld_user_get_version (created) + 1);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT COUNT(*) FROM users "
                                             "WHERE username = 'clerk2' AND disabled = 1"), ==, 1);
  g_clear_object (&result);

  /* A change from the stale version is refused with the user as it is. */
  edit.display_name = "Clerk Two";
  ld_admin_save_user_async (api, created, &edit, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  g_clear_object (&read);
  read = ld_admin_save_user_finish (api, result, NULL, &current, &error);
  g_assert_null (read);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
  g_assert_nonnull (current);
  g_assert_true (ld_user_get_disabled (current));
  g_assert_cmpstr (ld_user_get_display_name (current), ==, "Second Clerk");
}

static LdSettings *
get_settings (LdApiClient *api,
              gint64      *out_version)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  LdSettings *settings;

  ld_admin_get_settings_async (api, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  settings = ld_admin_get_settings_finish (api, result, out_version, &error);
  g_assert_no_error (error);
  g_assert_nonnull (settings);
  return settings;
}

static void
test_settings (LdTestFixture *fx,
               gconstpointer  data)
{
  g_autoptr(LdApiClient) api = admin_client (fx);
  gint64 version = 0;
  gint64 saved_version = 0;
  gint64 current_version = 0;
  g_autoptr(LdSettings) settings = get_settings (api, &version);
  g_autoptr(LdSettings) edited = ld_settings_new ();
  g_autoptr(LdSettings) saved = NULL;
  g_autoptr(LdSettings) current = NULL;
  g_autoptr(LdSettings) again = NULL;
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, "/api/v1/settings", fx->admin);
  JsonObject *held = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  const char * const   keys[] = { "lab_name", "discount_max_percent", "allow_self_verification",
                                  NULL };
  guint                n_specs = 0;
  const LdSettingSpec *specs = ld_settings_get_specs (&n_specs);

  ld_test_assert_status (resp, 200);
  held = ld_test_response_object (resp);
  g_assert_cmpint (version, ==, json_object_get_int_member (held, "version"));
  /* Every setting reads as the server wrote it. */
  for (guint i = 0; i < n_specs; i++)
    {
      g_autofree char *text = ld_settings_dup_text (settings, specs[i].key);
      JsonNode *node = json_object_get_member (held, specs[i].key);
      g_autofree char *expected = NULL;

      g_assert_nonnull (node);
      if (specs[i].type == LD_SETTING_INT)
        expected = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (specs[i].type == LD_SETTING_BOOL)
        expected = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      else
        expected = g_strdup (json_node_get_string (node));
      g_assert_cmpstr (text, ==, expected);
    }

  /* Three settings changed, and only those sent. */
  ld_settings_set_text (edited, "lab_name", "Sunrise Diagnostics");
  ld_settings_set_text (edited, "discount_max_percent", "15");
  ld_settings_set_text (edited, "allow_self_verification",
                        settings->allow_self_verification ? "false" : "true");
  ld_admin_save_settings_async (api, edited, version, keys, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  saved = ld_admin_save_settings_finish (api, result, &saved_version, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpint (saved_version, >, version);
  g_assert_cmpstr (saved->lab_name, ==, "Sunrise Diagnostics");
  g_assert_cmpint (saved->discount_max_percent, ==, 15);
  g_assert_cmpint (saved->allow_self_verification, !=, settings->allow_self_verification);
  /* The others stand as they were. */
  g_assert_cmpstr (saved->lab_address, ==, settings->lab_address);
  g_assert_cmpint (saved->order_expiry_hours, ==, settings->order_expiry_hours);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT COUNT(*) FROM settings "
                                                         "WHERE key = 'lab_name' "
                                                         "AND value = 'Sunrise Diagnostics'"),
                   ==, 1);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT COUNT(*) FROM settings "
                                                         "WHERE key = 'discount_max_percent' "
                                                         "AND value = '15'"),
                   ==, 1);
  again = get_settings (api, &current_version);
  g_assert_cmpint (current_version, ==, saved_version);
  g_assert_cmpstr (again->lab_name, ==, "Sunrise Diagnostics");
  g_clear_object (&result);

  /* From the stale version: refused, with the settings as they now are. */
  ld_settings_set_text (edited, "lab_name", "Too Late Labs");
  ld_admin_save_settings_async (api, edited, version, keys, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  g_clear_pointer (&saved, ld_settings_free);
  current_version = 0;
  saved = ld_admin_save_settings_finish (api, result, NULL, &current, &current_version, &error);
  g_assert_null (saved);
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
  g_assert_nonnull (current);
  g_assert_cmpint (current_version, ==, saved_version);
  g_assert_cmpstr (current->lab_name, ==, "Sunrise Diagnostics");
}

static LdCatalogTest *
get_test (LdApiClient *api,
          const char  *code)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  LdCatalogTest *test;

  ld_admin_get_test_async (api, code, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  test = ld_admin_get_test_finish (api, result, &error);
  g_assert_no_error (error);
  return test;
}

static gboolean
save_test (LdApiClient          *api,
           const LdCatalogTest  *saved,
           const LdCatalogTest  *test,
           LdCatalogTest       **out_current,
           GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  ld_admin_save_test_async (api, saved, test, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  return ld_admin_save_test_finish (api, result, out_current, error);
}

static void
test_catalogue (LdTestFixture *fx,
                gconstpointer  data)
{
  g_autoptr(LdApiClient) api = admin_client (fx);
  g_autoptr(LdCatalogTest) hb = get_test (api, "HB");
  g_autoptr(LdCatalogTest) edited = NULL;
  g_autoptr(LdCatalogTest) again = NULL;
  g_autoptr(LdCatalogTest) current = NULL;
  g_autoptr(LdCatalogTest) fresh = NULL;
  g_autoptr(LdCatalogTest) made = NULL;
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, "/api/v1/catalog", fx->admin);
  g_autoptr(JsonObject) form = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) changes = NULL;
  JsonObject *held = NULL;
  JsonArray *tests;
  LdCatalogBand band;

  ld_test_assert_status (resp, 200);
  tests = json_object_get_array_member (ld_test_response_object (resp), "tests");
  for (guint i = 0; i < json_array_get_length (tests); i++)
    if (g_strcmp0 (ld_json_object_get_string (json_array_get_object_element (tests, i), "code"),
                   "HB") == 0)
      held = json_array_get_object_element (tests, i);
  g_assert_nonnull (held);
  g_assert_nonnull (hb);
  g_assert_null (get_test (api, "NO-SUCH-TEST"));

  /* The test as the server holds it, typed. */
  g_assert_cmpstr (hb->name, ==, ld_json_object_get_string (held, "name"));
  g_assert_cmpint (hb->price_paise, ==, json_object_get_int_member (held, "price_paise"));
  g_assert_cmpint (hb->version, ==, json_object_get_int_member (held, "version"));
  g_assert_true (hb->has_critical_low);
  g_assert_cmpfloat (hb->critical_low, ==, json_object_get_double_member (held, "critical_low"));
  g_assert_cmpuint (ld_catalog_test_get_n_bands (hb), ==,
                    json_array_get_length (
                      json_object_get_array_member (held, "reference_ranges")));
  g_assert_true (ld_catalog_test_get_band (hb, 1, &band));
  g_assert_cmpstr (band.sex, ==, "female");
  ld_catalog_band_clear (&band);

  /* Nothing changed, nothing to send; a new price is the one change. */
  changes = ld_catalog_test_changes (hb, hb);
  g_assert_cmpuint (g_strv_length (changes), ==, 0);
  g_clear_pointer (&changes, g_strfreev);
  edited = get_test (api, "HB");
  edited->price_paise = 12500;
  changes = ld_catalog_test_changes (hb, edited);
  g_assert_cmpuint (g_strv_length (changes), ==, 1);
  g_assert_cmpstr (changes[0], ==, "price_paise");
  g_assert_true (save_test (api, hb, edited, NULL, &error));
  g_assert_no_error (error);
  again = get_test (api, "HB");
  g_assert_cmpint (again->price_paise, ==, 12500);
  g_assert_cmpint (again->version, ==, hb->version + 1);
  g_assert_cmpuint (ld_catalog_test_get_n_bands (again), ==, ld_catalog_test_get_n_bands (hb));

  /* From the stale version: refused, with the test as it now is. */
  edited->price_paise = 13000;
  g_assert_false (save_test (api, hb, edited, &current, &error));
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_nonnull (current);
  g_assert_cmpint (current->price_paise, ==, 12500);

  /* A new test, read from its wire form by the shared rule, is made. */
  form = ld_json_parse_object ("{\"code\": \"DENG\", \"name\": \"Dengue NS1 antigen\","
                               " \"specimen\": \"serum\", \"container\": \"plain (red)\","
                               " \"unit\": \"\", \"result_type\": \"choice\","
                               " \"department\": \"serology\", \"decimals\": 0,"
                               " \"price_paise\": 60000, \"turnaround_hours\": 24,"
                               " \"choices\": [\"negative\", \"positive\"],"
                               " \"normal_choices\": [\"negative\"], \"reference_ranges\": []}",
                               -1, &error);
  g_assert_no_error (error);
  reader = ld_json_reader_new (form);
  fresh = ld_catalog_test_new ();
  ld_catalog_test_read_json (fresh, reader, TRUE);
  g_assert_true (ld_json_reader_finish (reader, &error));
  g_assert_no_error (error);
  g_assert_true (save_test (api, NULL, fresh, NULL, &error));
  g_assert_no_error (error);
  made = get_test (api, "DENG");
  g_assert_nonnull (made);
  g_assert_cmpstr (made->name, ==, "Dengue NS1 antigen");
  g_assert_cmpint (made->price_paise, ==, 60000);
  g_assert_cmpint (made->result_type, ==, LD_RESULT_CHOICE);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT COUNT(*) FROM catalog_tests "
                                                         "WHERE code = 'DENG'"),
                   ==, 1);
}

static GPtrArray *
list_audit (LdApiClient         *api,
            const LdAuditFilter *filter,
            const char          *before,
            char               **out_next)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *events;

  ld_admin_list_audit_async (api, filter, before, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  events = ld_admin_list_audit_finish (api, result, out_next, &error);
  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

static LdAuditChainCheck *
check_audit (LdApiClient *api,
             gboolean     start)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GError) error = NULL;
  LdAuditChainCheck *check;

  ld_admin_check_audit_async (api, start, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  check = ld_admin_check_audit_finish (api, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);
  return check;
}

static void
test_audit (LdTestFixture *fx,
            gconstpointer  data)
{
  g_autoptr(LdApiClient) api = admin_client (fx);
  LdAuditFilter all = { .limit = 25 };
  LdAuditFilter logins = { .action = "session.create", .limit = 100 };
  g_autoptr(LdTestResponse) resp = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) matching = NULL;
  g_autoptr(LdAuditChainCheck) check = NULL;
  g_autofree char *next = NULL;
  JsonArray *items;
  gint64 n_events;
  guint n_read;

  ld_test_server_append_audit_events (fx->server, 60);
  n_events = ld_test_server_query_int (fx->server, "SELECT COUNT(*) FROM audit_events");
  g_assert_cmpint (n_events, >, 60);

  /* The newest page, field by field as the server answers it. */
  first = list_audit (api, &all, NULL, &next);
  g_assert_cmpuint (first->len, ==, 25);
  g_assert_nonnull (next);
  resp = ld_test_get (fx->server, "/api/v1/audit?limit=25", fx->admin);
  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  g_assert_cmpint (ld_audit_event_item_get_seq (g_ptr_array_index (first, 0)), ==,
                   ld_test_server_query_int (fx->server, "SELECT MAX(seq) FROM audit_events"));
  for (guint i = 0; i < first->len; i++)
    {
      LdAuditEventItem *event = g_ptr_array_index (first, i);
      JsonObject *held = json_array_get_object_element (items, i);
      gint64 seq = 0;

      g_assert_cmpint (ld_audit_event_item_get_seq (event), ==,
                       json_object_get_int_member (held, "seq"));
      g_assert_cmpstr (ld_audit_event_item_get_at (event), ==,
                       ld_json_object_get_string (held, "at"));
      g_assert_cmpstr (ld_audit_event_item_get_username (event), ==,
                       ld_json_object_get_string (held, "username"));
      g_assert_cmpstr (ld_audit_event_item_get_action (event), ==,
                       ld_json_object_get_string (held, "action"));
      g_assert_cmpstr (ld_audit_event_item_get_entity (event), ==,
                       ld_json_object_get_string (held, "entity"));
      g_assert_cmpstr (ld_audit_event_item_get_entity_id (event), ==,
                       ld_json_object_get_string (held, "entity_id"));
      g_assert_cmpstr (ld_audit_event_item_get_hash (event), ==,
                       ld_json_object_get_string (held, "hash"));
      /* The property is the getter's, for views that bind. */
      g_object_get (event, "seq", &seq, NULL);
      g_assert_cmpint (seq, ==, ld_audit_event_item_get_seq (event));
    }

  /* Older pages follow the cursor to the log's start, none twice. */
  n_read = first->len;
  while (next != NULL)
    {
      g_autofree char *before = g_steal_pointer (&next);
      g_autoptr(GPtrArray) page = list_audit (api, &all, before, &next);
      gint64 last = ld_audit_event_item_get_seq (g_ptr_array_index (first, first->len - 1));

      g_assert_cmpuint (page->len, >, 0);
      g_assert_cmpint (ld_audit_event_item_get_seq (g_ptr_array_index (page, 0)), <, last);
      n_read += page->len;
      g_ptr_array_extend_and_steal (first, g_steal_pointer (&page));
    }
  g_assert_cmpint (n_read, ==, n_events);

  /* A filter narrows by action. */
  matching = list_audit (api, &logins, NULL, NULL);
  g_assert_cmpint (matching->len, ==,
                   ld_test_server_query_int (fx->server, "SELECT COUNT(*) FROM audit_events "
                                                         "WHERE action = 'session.create'"));
  g_assert_cmpuint (matching->len, >, 0);
  for (guint i = 0; i < matching->len; i++)
    g_assert_cmpstr (ld_audit_event_item_get_action (g_ptr_array_index (matching, i)), ==,
                     "session.create");

  /* The chain's check, asked after until it ends: intact. */
  check = check_audit (api, TRUE);
  while (check->state == LD_AUDIT_CHAIN_RUNNING)
    {
      g_clear_pointer (&check, ld_audit_chain_check_free);
      g_usleep (G_USEC_PER_SEC / 50);
      check = check_audit (api, FALSE);
    }
  g_assert_cmpint (check->state, ==, LD_AUDIT_CHAIN_PASSED);
  g_assert_false (check->broken);
  /* The check itself is audited as it starts. */
  g_assert_cmpint (check->events_checked, >=, n_events);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();

  LD_TEST_ADD ("/client/admin-calls/users", test_users);
  LD_TEST_ADD ("/client/admin-calls/settings", test_settings);
  LD_TEST_ADD ("/client/admin-calls/catalogue", test_catalogue);
  LD_TEST_ADD ("/client/admin-calls/audit", test_audit);

  return g_test_run ();
}

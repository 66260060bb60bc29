/* test-api-users.c: user administration, settings and the audit listing
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-test-http.h"

typedef LdTestFixture Fixture;

static LdTestResponse *
get_me (Fixture    *fx,
        const char *token)
{
  return ld_test_get (fx->server, "/api/v1/sessions/current", token);
}

/* PATCHes the user in @user_resp ({"user": {…}}) at the version it shows. */
static LdTestResponse *
patch_user (Fixture        *fx,
            LdTestResponse *user_resp,
            const char     *changes)
{
  g_autofree char *path =
    g_strdup_printf ("/api/v1/users/%s", ld_test_response_get_string (user_resp, "user.id"));
  g_autofree char *body = NULL;

  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", %s}",
                          ld_test_response_get_int (user_resp, "user.version"), changes);
  return ld_test_send_json (fx->server, "PATCH", path, fx->admin, body);
}

static void
test_create_with_generated_password (Fixture       *fx,
                                     gconstpointer  data)
{
  g_autoptr(LdTestResponse) created =
               ld_test_send_json (fx->server, "POST", "/api/v1/users", fx->admin,
                                  "{\"username\": \"meera\", \"display_name\": \" Meera Nair \","
                                  " \"roles\": [\"reception\", \"technician\"]}");
  g_autoptr(LdTestResponse) audit = NULL;
  g_autofree char *token = NULL;
  g_autofree char *audit_path = NULL;
  const char *password;

  g_assert_cmpuint (created->status, ==, 201);
  password = ld_test_response_get_string (created, "password");
  g_assert_nonnull (password);
  g_assert_cmpuint (strlen (password), ==, 16);
  g_assert_cmpstr (ld_test_response_get_string (created, "user.display_name"), ==, "Meera Nair");
  g_assert_cmpint (ld_test_response_get_int (created, "user.version"), ==, 1);

  token = ld_test_login (fx->server, "meera", password);
  g_assert_nonnull (token);

  audit_path = g_strdup_printf ("/api/v1/audit?entity=user&entity_id=%s",
                                ld_test_response_get_string (created, "user.id"));
  audit = ld_test_get (fx->server, audit_path, fx->admin);
  g_assert_cmpuint (audit->status, ==, 200);
  /* Newest first: the log-in, then the creation by the admin. */
  {
    JsonArray *items = json_object_get_array_member (ld_test_response_object (audit), "items");
    JsonObject *creation = json_array_get_object_element (items, json_array_get_length (items) - 1);

    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (creation, "action"), ==, "user.create");
    g_assert_cmpstr (json_object_get_string_member (creation, "username"), ==, "admin");
  }
}

static void
test_create_refuses_bad_and_duplicate (Fixture       *fx,
                                       gconstpointer  data)
{
  g_autoptr(LdTestResponse) duplicate = ld_test_send_json (
    fx->server, "POST", "/api/v1/users", fx->admin,
    "{\"username\": \"doctor\", \"display_name\": \"Another\", \"roles\": [\"doctor\"],"
    " \"password\": \"long-enough-password\"}");
  g_autoptr(LdTestResponse) invalid =
      ld_test_send_json (fx->server, "POST", "/api/v1/users", fx->admin,
                         "{\"username\": \"Bad Name\", \"display_name\": \"\", \"roles\": [],"
                         " \"password\": \"short\", \"id\": \"not-a-uuid\"}");

  ld_test_assert_error (duplicate, 409, "conflict");
  g_assert_cmpstr (ld_test_response_get_string (duplicate, "error.fields.username"), ==,
                   "is already taken");

  ld_test_assert_error (invalid, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_string (invalid, "error.fields.username"));
  g_assert_nonnull (ld_test_response_get_string (invalid, "error.fields.display_name"));
  g_assert_nonnull (ld_test_response_get_string (invalid, "error.fields.roles"));
  g_assert_nonnull (ld_test_response_get_string (invalid, "error.fields.password"));
  g_assert_nonnull (ld_test_response_get_string (invalid, "error.fields.id"));
}

static void
test_stale_version_returns_current (Fixture       *fx,
                                    gconstpointer  data)
{
  g_autofree char *token = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autoptr(LdTestResponse) me = get_me (fx, token);
  g_autoptr(LdTestResponse) first = patch_user (fx, me, "\"display_name\": \"Dr. A. Mehta\"");
  g_autoptr(LdTestResponse) second = patch_user (fx, me, "\"display_name\": \"Lost\"");

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpint (ld_test_response_get_int (first, "user.version"), ==, 2);

  ld_test_assert_error (second, 409, "conflict");
  g_assert_cmpint (ld_test_response_get_int (second, "current.version"), ==, 2);
  g_assert_cmpstr (ld_test_response_get_string (second, "current.display_name"), ==,
                   "Dr. A. Mehta");
}

static void
test_last_admin_is_kept (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(LdTestResponse) me = get_me (fx, fx->admin);
  g_autoptr(LdTestResponse) demote = patch_user (fx, me, "\"roles\": [\"doctor\"]");
  g_autoptr(LdTestResponse) disable_self = patch_user (fx, me, "\"disabled\": true");
  g_autoptr(LdTestResponse) second_admin = NULL;
  g_autoptr(LdTestResponse) demote_again = NULL;

  ld_test_assert_error (demote, 409, "conflict");
  g_assert_nonnull (
    strstr (ld_test_response_get_string (demote, "error.message"), "last active administrator"));
  ld_test_assert_error (disable_self, 409, "conflict");

  /* With a second administrator, the first may step down. */
  second_admin = ld_test_send_json (fx->server, "POST", "/api/v1/users", fx->admin,
                                    "{\"username\": \"admin2\", \"display_name\": \"Second\","
                                    " \"roles\": [\"admin\"]}");
  g_assert_cmpuint (second_admin->status, ==, 201);
  demote_again = patch_user (fx, me, "\"roles\": [\"doctor\", \"reception\"]");
  g_assert_cmpuint (demote_again->status, ==, 200);
}

static void
test_reset_password_ends_sessions (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autofree char *token = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autoptr(LdTestResponse) me = get_me (fx, token);
  g_autoptr(LdTestResponse) reset = patch_user (fx, me, "\"reset_password\": true");
  g_autoptr(LdTestResponse) old_session = NULL;
  g_autoptr(LdTestResponse) old_password = NULL;
  g_autofree char *new_token = NULL;

  g_assert_cmpuint (reset->status, ==, 200);
  g_assert_nonnull (ld_test_response_get_string (reset, "password"));

  old_session = get_me (fx, token);
  ld_test_assert_error (old_session, 401, "unauthorized");
  old_password =
    ld_test_send_json (fx->server, "POST", "/api/v1/sessions", NULL,
                       "{\"username\": \"reception\", \"password\": \"reception-demo\"}");
  ld_test_assert_error (old_password, 401, "unauthorized");
  new_token =
    ld_test_login (fx->server, "reception", ld_test_response_get_string (reset, "password"));
}

static void
test_list_pages_by_keyset (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_strdup ("/api/v1/users?limit=2");
  guint pages = 0;

  while (path != NULL)
    {
      g_autoptr(LdTestResponse) page = ld_test_get (fx->server, path, fx->admin);
      JsonArray *items;
      const char *next;

      g_assert_cmpuint (page->status, ==, 200);
      items = json_object_get_array_member (ld_test_response_object (page), "items");
      g_assert_cmpuint (json_array_get_length (items), <=, 2);
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (seen,
                         g_strdup (
                           json_object_get_string_member (json_array_get_object_element (items, i),
                                                          "username")));

      next = ld_test_response_get_string (page, "next");
      g_free (path);
      path = next ? g_strdup_printf ("/api/v1/users?limit=2&after=%s", next) : NULL;
      pages++;
    }

  /* The six demo users: admin, doctor, pathologist, reception, sunita, technician. */
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (seen->len, ==, 6);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i - 1), <, g_ptr_array_index (seen, i));
}

static void
test_settings_update_and_conflict (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autoptr(LdTestResponse) before = ld_test_get (fx->server, "/api/v1/settings", fx->admin);
  gint64           version = ld_test_response_get_int (before, "version");
  g_autofree char *good =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"lab_name\": \"City Lab\","
                     " \"login_max_failures\": 7}",
                     version);
  g_autoptr(LdTestResponse) updated =
               ld_test_send_json (fx->server, "PATCH", "/api/v1/settings", fx->admin, good);
  g_autoptr(LdTestResponse) stale =
               ld_test_send_json (fx->server, "PATCH", "/api/v1/settings", fx->admin, good);
  g_autofree char *range =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"login_max_failures\": 0}", version + 1);
  g_autoptr(LdTestResponse) out_of_range =
               ld_test_send_json (fx->server, "PATCH", "/api/v1/settings", fx->admin, range);
  g_autoptr(LdTestResponse) audit =
               ld_test_get (fx->server, "/api/v1/audit?entity=settings", fx->admin);

  g_assert_cmpuint (updated->status, ==, 200);
  g_assert_cmpstr (ld_test_response_get_string (updated, "lab_name"), ==, "City Lab");
  g_assert_cmpint (ld_test_response_get_int (updated, "version"), ==, version + 1);

  ld_test_assert_error (stale, 409, "conflict");
  g_assert_cmpint (ld_test_response_get_int (stale, "current.version"), ==, version + 1);

  ld_test_assert_error (out_of_range, 422, "validation_failed");
  g_assert_cmpstr (ld_test_response_get_string (out_of_range, "error.fields.login_max_failures"),
                   ==, "is out of range");

  {
    JsonArray *items = json_object_get_array_member (ld_test_response_object (audit), "items");
    JsonObject *event = json_array_get_object_element (items, 0);

    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (event, "detail"), ==,
                     "lab_name login_max_failures");
  }
}

static void
test_audit_filters (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(LdTestResponse) me = get_me (fx, fx->admin);
  g_autofree char *by_user =
    g_strdup_printf ("/api/v1/audit?user=%s", ld_test_response_get_string (me, "user.id"));
  g_autoptr(LdTestResponse) mine = ld_test_get (fx->server, by_user, fx->admin);
  g_autoptr(LdTestResponse) future =
               ld_test_get (fx->server, "/api/v1/audit?since=2999-01-01T00:00:00Z", fx->admin);
  g_autoptr(LdTestResponse) page = ld_test_get (fx->server, "/api/v1/audit?limit=2", fx->admin);
  g_autofree char *next_path = NULL;
  g_autoptr(LdTestResponse) next_page = NULL;
  JsonArray *items;

  items = json_object_get_array_member (ld_test_response_object (mine), "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 1);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i),
                                                    "username"),
                     ==, "admin");

  items = json_object_get_array_member (ld_test_response_object (future), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 0);

  g_assert_nonnull (ld_test_response_get_string (page, "next"));
  next_path =
    g_strdup_printf ("/api/v1/audit?limit=2&before=%s", ld_test_response_get_string (page, "next"));
  next_page = ld_test_get (fx->server, next_path, fx->admin);
  items = json_object_get_array_member (ld_test_response_object (next_page), "items");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "seq"), <,
                   g_ascii_strtoll (ld_test_response_get_string (page, "next"), NULL, 10));
}

static void
test_health_and_metrics (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(LdTestResponse) health = ld_test_get (fx->server, "/health", NULL);
  g_autoptr(LdTestResponse) metrics = ld_test_get (fx->server, "/metrics", NULL);

  g_assert_cmpuint (health->status, ==, 200);
  g_assert_cmpstr (ld_test_response_get_string (health, "status"), ==, "ok");
  g_assert_cmpstr (ld_test_response_get_string (health, "database.state"), ==, "ok");
  g_assert_cmpstr (ld_test_response_get_string (health, "version"), ==, PACKAGE_VERSION);

  g_assert_cmpuint (metrics->status, ==, 200);
  g_assert_nonnull (strstr (
    metrics->body,
    "labdesk_http_requests_total{method=\"POST\",route=\"/api/v1/sessions\",status=\"201\"} 1"));
  g_assert_nonnull (strstr (metrics->body,
                            "labdesk_http_request_duration_seconds_bucket{method=\"GET\","
                            "route=\"/health\",le=\"+Inf\"} 1"));
  /* Routes, never paths or names. */
  g_assert_null (strstr (metrics->body, "admin"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, ld_test_fixture_setup, func, ld_test_fixture_teardown)
  ADD ("/server/users/create-with-generated-password", test_create_with_generated_password);
  ADD ("/server/users/create-refuses-bad-and-duplicate", test_create_refuses_bad_and_duplicate);
  ADD ("/server/users/stale-version-returns-current", test_stale_version_returns_current);
  ADD ("/server/users/last-admin-is-kept", test_last_admin_is_kept);
  ADD ("/server/users/reset-password-ends-sessions", test_reset_password_ends_sessions);
  ADD ("/server/users/list-pages-by-keyset", test_list_pages_by_keyset);
  ADD ("/server/settings/update-and-conflict", test_settings_update_and_conflict);
  ADD ("/server/audit/filters", test_audit_filters);
  ADD ("/server/system/health-and-metrics", test_health_and_metrics);
#undef ADD

  return g_test_run ();
}

/* test-api-bad-input.c: hostile and broken requests change nothing
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-test-http.h"

typedef struct
{
  LdTestServer *server;
  char         *admin;
  char         *admin_id;
  char         *patient_id;
  char         *order_id;
  char         *payment_id;
  char         *snapshot;
} Fixture;

/* Every table's rows, as text: compared before and after a bad request. */
static char *
snapshot_database (LdTestServer *server)
{
  static const char * const queries[] = {
    "SELECT id || username || display_name || roles || password_hash || disabled"
    " || failed_logins || locked_until_us || version FROM users ORDER BY id",
    "SELECT token_hash || user_id || created_us || last_seen_us FROM sessions ORDER BY token_hash",
    "SELECT key || value || version FROM settings ORDER BY key",
    "SELECT seq || hash FROM audit_events ORDER BY seq",
    "SELECT id || mrn || name || version || coalesce (phone, '') FROM patients ORDER BY id",
    "SELECT prefix || name_fold || patient_id FROM patient_name_prefixes"
    " ORDER BY prefix, name_fold, patient_id",
    "SELECT name || value FROM counters ORDER BY name",
    "SELECT code || name || price_paise || version || active FROM catalog_tests ORDER BY code",
    "SELECT code || name || price_paise || version || active FROM catalog_panels ORDER BY code",
    "SELECT panel_code || test_code || position FROM catalog_panel_tests ORDER BY panel_code, "
    "position",
    "SELECT seq || entity || entity_id || record FROM changes ORDER BY seq",
    "SELECT id || number || lab_state || version || total_paise FROM orders ORDER BY id",
    "SELECT order_id || position || code || charged_paise FROM order_items ORDER BY order_id, "
    "position",
    "SELECT id || status || amount_paise || version || kind FROM payments ORDER BY id",
    "SELECT id || state || version FROM samples ORDER BY id",
    "SELECT coalesce (technician_id, '-') || id FROM orders ORDER BY id",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db =
               ld_test_db_open (ld_test_server_get_db_path (server), LD_SQLITE_OPEN_READONLY);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      LdDbStmt *stmt = ld_db_prepare_cached (db, queries[i], &error);

      g_assert_no_error (error);
      while (ld_db_step (stmt, &error) == LD_DB_ROW)
        g_string_append_printf (text, "%s\n", ld_db_column_text (stmt, 0));
      g_assert_no_error (error);
    }

  return g_string_free (text, FALSE);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(LdTestResponse) me = NULL;

  fx->server = ld_test_server_new ();
  fx->admin = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
  me = ld_test_get (fx->server, "/api/v1/sessions/current", fx->admin);
  fx->admin_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  {
    g_autoptr(LdTestResponse) patient =
        ld_test_send_json (fx->server, "POST", "/api/v1/patients", fx->admin,
                           "{\"name\": \"Lata Iyer\", \"sex\": \"female\", \"age_years\": 70}");
    g_autoptr(LdTestResponse) order = NULL;
    g_autoptr(LdTestResponse) payment = NULL;
    g_autofree char *order_body = NULL;
    g_autofree char *pay_path = NULL;

    ld_test_assert_status (patient, 201);
    fx->patient_id = g_strdup (ld_test_response_get_string (patient, "patient.id"));
    order_body = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\"]}", fx->patient_id);
    order = ld_test_send_json (fx->server, "POST", "/api/v1/orders", fx->admin, order_body);
    ld_test_assert_status (order, 201);
    fx->order_id = g_strdup (ld_test_response_get_string (order, "order.id"));
    pay_path = g_strdup_printf ("/api/v1/orders/%s/payments", fx->order_id);
    payment =
      ld_test_send_json (fx->server, "POST", pay_path, fx->admin, "{\"method\": \"online\"}");
    ld_test_assert_status (payment, 201);
    fx->payment_id = g_strdup (ld_test_response_get_string (payment, "payment.id"));
  }
  fx->snapshot = snapshot_database (fx->server);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->admin, g_free);
  g_clear_pointer (&fx->admin_id, g_free);
  g_clear_pointer (&fx->patient_id, g_free);
  g_clear_pointer (&fx->order_id, g_free);
  g_clear_pointer (&fx->payment_id, g_free);
  g_clear_pointer (&fx->snapshot, g_free);
  g_clear_pointer (&fx->server, ld_test_server_free);
}

static void
assert_unchanged (Fixture *fx)
{
  g_autofree char *now = snapshot_database (fx->server);

  g_assert_cmpstr (now, ==, fx->snapshot);
}

typedef struct
{
  const char *method;
  /* "{user}", "{patient}", "{order}" and "{payment}" stand for the fixture's. */
  const char *path;
  gboolean    with_token;
} Endpoint;

/* clang-format off */
static const Endpoint write_endpoints[] = {
  { "POST",  "/api/v1/sessions",                 FALSE },
  { "POST",  "/api/v1/users",                    TRUE },
  { "PATCH", "/api/v1/users/{user}",             TRUE },
  { "PATCH", "/api/v1/settings",                 TRUE },
  { "POST",  "/api/v1/patients",                 TRUE },
  { "PATCH", "/api/v1/patients/{patient}",       TRUE },
  { "POST",  "/api/v1/catalog/tests",            TRUE },
  { "PATCH", "/api/v1/catalog/tests/HB",         TRUE },
  { "POST",  "/api/v1/catalog/panels",           TRUE },
  { "PATCH", "/api/v1/catalog/panels/CBC",       TRUE },
  { "POST",  "/api/v1/orders",                   TRUE },
  { "POST",  "/api/v1/orders/{order}/cancel",    TRUE },
  { "POST",  "/api/v1/orders/{order}/payments",  TRUE },
  { "POST",  "/api/v1/orders/{order}/refunds",   TRUE },
  { "PATCH", "/api/v1/payments/{payment}",       TRUE },
  { "POST",  "/api/v1/orders/{order}/collect",   TRUE },
  { "POST",  "/api/v1/orders/{order}/assign",    TRUE },
};
/* clang-format on */

static LdTestResponse *
send_to (Fixture        *fx,
         const Endpoint *endpoint,
         const char     *content_type,
         const char     *body,
         gssize          length)
{
  g_autoptr(GString) path = g_string_new (endpoint->path);

  g_string_replace (path, "{user}", fx->admin_id, 0);
  g_string_replace (path, "{patient}", fx->patient_id, 0);
  g_string_replace (path, "{order}", fx->order_id, 0);
  g_string_replace (path, "{payment}", fx->payment_id, 0);
  return ld_test_request (fx->server, endpoint->method, path->str,
                          endpoint->with_token ? fx->admin : NULL,
                          content_type, body, length);
}

static void
test_unreadable_bodies (Fixture       *fx,
                        gconstpointer  data)
{
  static const struct
  {
    const char *content_type;
    const char *body;
    gssize      length;
  } cases[] = {
    { "application/json", "{\"username\": ", -1 },
    { "application/json", "[\"admin\"]", -1 },
    { "application/json", "42", -1 },
    { "application/json", "", 0 },
    { "application/json", "{\"username\": \"\xc3\x28\"}", -1 },
    { "application/json", "{\"a\": 1}{\"b\": 2}", -1 },
    { "text/plain", "{\"username\": \"admin\"}", -1 },
    { NULL, "{\"username\": \"admin\"}", -1 },
  };

  for (guint e = 0; e < G_N_ELEMENTS (write_endpoints); e++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(LdTestResponse) resp = send_to (fx, &write_endpoints[e], cases[i].content_type,
                                                   cases[i].body, cases[i].length);

        g_test_message ("%s %s case %u", write_endpoints[e].method, write_endpoints[e].path, i);
        ld_test_assert_error (resp, 400, "bad_request");
      }

  assert_unchanged (fx);
}

static void
test_unknown_fields_are_named (Fixture       *fx,
                               gconstpointer  data)
{
  static const char * const bodies[G_N_ELEMENTS (write_endpoints)] = {
    "{\"username\": \"admin\", \"password\": \"admin-demo\", \"remember_me\": true}",
    "{\"username\": \"newuser\", \"display_name\": \"N\", \"roles\": [\"doctor\"], "
    "\"remember_me\": true}",
    "{\"version\": 1, \"display_name\": \"N\", \"remember_me\": true}",
    "{\"version\": 1, \"lab_name\": \"N\", \"remember_me\": true}",
    "{\"name\": \"N\", \"sex\": \"male\", \"age_years\": 3, \"remember_me\": true}",
    "{\"version\": 1, \"name\": \"N\", \"remember_me\": true}",
    "{\"code\": \"NEW\", \"name\": \"N\", \"remember_me\": true}",
    "{\"version\": 1, \"price_paise\": 100, \"remember_me\": true}",
    "{\"code\": \"NEWP\", \"name\": \"N\", \"price_paise\": 100, \"tests\": [\"HB\"], "
    "\"remember_me\": true}",
    "{\"version\": 1, \"price_paise\": 100, \"remember_me\": true}",
    "{\"patient_id\": \"x\", \"items\": [\"HB\"], \"remember_me\": true}",
    "{\"version\": 1, \"reason\": \"r\", \"remember_me\": true}",
    "{\"method\": \"cod\", \"remember_me\": true}",
    "{\"method\": \"cash\", \"amount_paise\": 1, \"reason\": \"r\", \"remember_me\": true}",
    "{\"version\": 1, \"status\": \"failed\", \"failure_reason\": \"r\", \"remember_me\": true}",
    "{\"location\": \"Room 2\", \"remember_me\": true}",
    "{\"technician_id\": \"x\", \"remember_me\": true}",
  };

  for (guint e = 0; e < G_N_ELEMENTS (write_endpoints); e++)
    {
      g_autoptr(LdTestResponse) resp =
                   send_to (fx, &write_endpoints[e], "application/json", bodies[e], -1);

      ld_test_assert_error (resp, 400, "bad_request");
      g_assert_cmpstr (ld_test_response_get_string (resp, "error.fields.remember_me"), ==,
                       "is not a known field");
      g_assert_nonnull (
        strstr (ld_test_response_get_string (resp, "error.message"), "remember_me"));
    }

  assert_unchanged (fx);
}

static void
test_wrong_types_are_named (Fixture       *fx,
                            gconstpointer  data)
{
  static const struct
  {
    const char *body;
    const char *field;
  } cases[G_N_ELEMENTS (write_endpoints)] = {
    { "{\"username\": 7, \"password\": \"admin-demo\"}", "username" },
    { "{\"username\": \"newuser\", \"display_name\": \"N\", \"roles\": \"doctor\"}", "roles" },
    { "{\"version\": \"1\", \"display_name\": \"N\"}", "version" },
    { "{\"version\": 1, \"login_max_failures\": \"many\"}", "login_max_failures" },
    { "{\"name\": [\"N\"], \"sex\": \"male\", \"age_years\": 3}", "name" },
    { "{\"version\": 1, \"age_years\": 1e9}", "age_years" },
    { "{\"code\": \"NEW\", \"name\": \"N\", \"specimen\": \"serum\", \"container\": \"plain\","
      " \"unit\": \"\", \"result_type\": \"text\","
      " \"department\": \"serology\", \"decimals\": 0, \"price_paise\": -5,"
      " \"turnaround_hours\": 6}", "price_paise" },
    { "{\"version\": 1, \"price_paise\": \"100\"}", "price_paise" },
    { "{\"code\": \"NEWP\", \"name\": \"N\", \"price_paise\": 100, \"tests\": \"HB\"}", "tests" },
    { "{\"version\": 1, \"tests\": [\"HB\", \"NOPE\"]}", "tests" },
    { "{\"patient_id\": 5, \"items\": [\"HB\"]}", "patient_id" },
    { "{\"version\": \"1\", \"reason\": \"r\"}", "version" },
    { "{\"method\": \"cash\", \"tendered_paise\": -100}", "tendered_paise" },
    { "{\"method\": \"cash\", \"amount_paise\": 99999999999, \"reason\": \"r\"}", "amount_paise" },
    { "{\"version\": 1, \"status\": true}", "status" },
    { "{\"location\": 5}", "location" },
    { "{\"technician_id\": [\"x\"]}", "technician_id" },
  };

  for (guint e = 0; e < G_N_ELEMENTS (write_endpoints); e++)
    {
      g_autoptr(LdTestResponse) resp =
                   send_to (fx, &write_endpoints[e], "application/json", cases[e].body, -1);
      g_autofree char *field_path = g_strdup_printf ("error.fields.%s", cases[e].field);

      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_string (resp, field_path));
    }

  assert_unchanged (fx);
}

/* 100,000 unclosed `[` overflowed json-glib's stack before anyone signed
 * in; every body is refused past the documented depth, and the server
 * goes on answering. */
static void
test_deep_nesting (Fixture       *fx,
                   gconstpointer  data)
{
  gsize size = 100000;
  g_autofree char *hostile = g_malloc (size);
  g_autoptr(GString) too_deep = g_string_new ("{\"name\": ");
  g_autoptr(LdTestResponse) health = NULL;

  memset (hostile, '[', size);
  for (guint i = 0; i < 40; i++)
    g_string_append_c (too_deep, '[');
  for (guint i = 0; i < 40; i++)
    g_string_append_c (too_deep, ']');
  g_string_append_c (too_deep, '}');

  for (guint e = 0; e < G_N_ELEMENTS (write_endpoints); e++)
    {
      g_autoptr(LdTestResponse) flat =
                   send_to (fx, &write_endpoints[e], "application/json", hostile, size);
      g_autoptr(LdTestResponse) deep = send_to (fx, &write_endpoints[e], "application/json",
                                                 too_deep->str, too_deep->len);

      g_test_message ("%s %s", write_endpoints[e].method, write_endpoints[e].path);
      ld_test_assert_error (flat, 400, "bad_request");
      g_assert_nonnull (strstr (ld_test_response_get_string (flat, "error.message"), "nested"));
      ld_test_assert_error (deep, 400, "bad_request");
    }

  health = ld_test_get (fx->server, "/health", NULL);
  ld_test_assert_status (health, 200);
  assert_unchanged (fx);
}

/* A lone surrogate or \u0000 once reached the database as invalid UTF-8
 * and broke the change feed; now it is refused, naming the field, at
 * any depth and in member names too. */
static void
test_bad_text_is_named (Fixture       *fx,
                        gconstpointer  data)
{
  static const struct
  {
    guint       endpoint;
    const char *body;
    const char *field;
  } cases[] = {
    { 0, "{\"username\": \"admin\\u0000\", \"password\": \"admin-demo\"}", "username" },
    { 4, "{\"name\": \"Poison \\ud83dx\", \"sex\": \"male\", \"age_years\": 3}", "name" },
    { 4, "{\"name\": \"N\", \"sex\": \"male\", \"age_years\": 3, \"address\": \"a\\u0000b\"}",
      "address" },
    { 4, "{\"name\": \"N\", \"sex\": \"male\", \"age_years\": 3, \"\\udc00\": 1}", "\\udc00" },
    { 5, "{\"version\": 1, \"name\": \"\\uDBFF\"}", "name" },
    { 6, "{\"code\": \"NEW\", \"name\": \"N\", \"choices\": [\"a\", \"\\ud800\\ud800\"]}",
      "choices[1]" },
    { 10, "{\"patient_id\": \"x\", \"items\": [\"HB\"], \"discount\": {\"reason\": \"\\u0000\"}}",
      "discount.reason" },
    { 15, "{\"location\": \"Room \\ud83d\"}", "location" },
    /* Once read as 100 paise: json-glib wrapped it to 64 bits. */
    { 12, "{\"method\": \"cash\", \"tendered_paise\": 18446744073709551716}", "tendered_paise" },
    { 7, "{\"version\": 1, \"critical_high\": 1e999}", "critical_high" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = send_to (fx, &write_endpoints[cases[i].endpoint],
                                                 "application/json", cases[i].body, -1);

      g_test_message ("case %u", i);
      ld_test_assert_error (resp, 400, "bad_request");
      g_assert_nonnull (ld_test_response_get_field_error (resp, cases[i].field));
    }

  assert_unchanged (fx);
}

/* A whole surrogate pair is one character, and is kept. */
static void
test_surrogate_pair_is_kept (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(LdTestResponse) resp = ld_test_send_json (
    fx->server, "POST", "/api/v1/patients", fx->admin,
    "{\"name\": \"Smile \\ud83d\\ude00\", \"sex\": \"male\", \"age_years\": 3}");

  ld_test_assert_status (resp, 201);
  g_assert_cmpstr (ld_test_response_get_string (resp, "patient.name"), ==,
                   "Smile \xf0\x9f\x98\x80");
}

static void
test_oversized_body_with_length (Fixture       *fx,
                                 gconstpointer  data)
{
  gsize size = 2 * 1024 * 1024;
  g_autofree char *body = g_malloc (size);

  memset (body, ' ', size);
  body[0] = '{';
  body[size - 1] = '}';

  for (guint e = 0; e < G_N_ELEMENTS (write_endpoints); e++)
    {
      g_autoptr(LdTestResponse) resp =
                   send_to (fx, &write_endpoints[e], "application/json", body, size);
      ld_test_assert_error (resp, 413, "payload_too_large");
    }

  assert_unchanged (fx);
}

/* A chunked upload has no Content-Length to refuse up front; the server
 * must count as it reads. */
static void
test_oversized_chunked_body (Fixture       *fx,
                             gconstpointer  data)
{
  gsize size = 3 * 1024 * 1024;
  g_autofree char *body = g_malloc (size);
  g_autofree char *uri = g_strconcat (ld_test_server_get_uri (fx->server), "/api/v1/users", NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", fx->admin);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;

  memset (body, ' ', size);
  stream = g_memory_input_stream_new_from_data (body, size, NULL);
  soup_message_set_request_body (msg, "application/json", stream, -1);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);

  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
  g_assert_nonnull (strstr (g_bytes_get_data (response, NULL), "payload_too_large"));

  assert_unchanged (fx);
}

static void
test_bad_queries (Fixture       *fx,
                  gconstpointer  data)
{
  static const struct
  {
    const char *path;
    guint       status;
    const char *code;
  } cases[] = {
    { "/api/v1/audit?entity=user&colour=red", 400, "bad_request" },
    { "/api/v1/audit?limit=0", 422, "validation_failed" },
    { "/api/v1/audit?limit=100000", 422, "validation_failed" },
    { "/api/v1/audit?since=yesterday", 422, "validation_failed" },
    { "/api/v1/audit?before=-4", 422, "validation_failed" },
    { "/api/v1/users?limit=abc", 422, "validation_failed" },
    { "/api/v1/changes", 422, "validation_failed" },
    { "/api/v1/changes?since=-1", 422, "validation_failed" },
    { "/api/v1/changes?since=abc", 422, "validation_failed" },
    { "/api/v1/changes?since=0&limit=0", 422, "validation_failed" },
    { "/api/v1/changes?since=0&limit=100000", 422, "validation_failed" },
    { "/api/v1/changes?since=0&colour=red", 400, "bad_request" },
    { "/api/v1/events", 400, "bad_request" },
    { "/api/v1/events?since=0", 400, "bad_request" },
    { "/api/v1/orders/by-number/O2611-999999", 404, "not_found" },
    { "/api/v1/orders/by-number/not-a-number", 422, "validation_failed" },
    { "/api/v1/orders/by-number/O2611-000001?x=1", 400, "bad_request" },
    { "/api/v1/reports/owing?limit=0", 422, "validation_failed" },
    { "/api/v1/reports/owing?after=x", 422, "validation_failed" },
    { "/api/v1/reports/owing?date=2026-02-30", 422, "validation_failed" },
    { "/api/v1/reports/owing?colour=red", 400, "bad_request" },
    { "/api/v1/reports/cash", 422, "validation_failed" },
    { "/api/v1/reports/cash?date=2026-11-22&colour=red", 400, "bad_request" },
    { "/api/v1/users/no-such-user", 404, "not_found" },
    { "/api/v1/nothing-here", 404, "not_found" },
    { "/", 404, "not_found" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, cases[i].path, fx->admin);

      g_test_message ("%s", cases[i].path);
      ld_test_assert_error (resp, cases[i].status, cases[i].code);
    }

  assert_unchanged (fx);
}

static void
test_wrong_method (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(LdTestResponse) put =
               ld_test_send_json (fx->server, "PUT", "/api/v1/users", fx->admin, "{}");
  g_autoptr(LdTestResponse) del =
               ld_test_request (fx->server, "DELETE", "/health", NULL, NULL, NULL, 0);

  ld_test_assert_error (put, 405, "method_not_allowed");
  g_assert_cmpstr (soup_message_headers_get_one (put->headers, "Allow"), ==, "GET, POST");
  ld_test_assert_error (del, 405, "method_not_allowed");

  assert_unchanged (fx);
}

static void
test_sql_in_values_is_data (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(LdTestResponse) login =
      ld_test_send_json (fx->server, "POST", "/api/v1/sessions", NULL,
                         "{\"username\": \"admin' OR '1'='1\", \"password\": \"x' OR '1'='1\"}");
  g_autoptr(LdTestResponse) audit =
               ld_test_get (fx->server, "/api/v1/audit?entity=user'%20OR%20'1'='1", fx->admin);

  ld_test_assert_error (login, 401, "unauthorized");
  g_assert_cmpuint (audit->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (audit), "items")),
                    ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/bad-input/unreadable-bodies", test_unreadable_bodies);
  ADD ("/server/bad-input/unknown-fields-are-named", test_unknown_fields_are_named);
  ADD ("/server/bad-input/wrong-types-are-named", test_wrong_types_are_named);
  ADD ("/server/bad-input/deep-nesting", test_deep_nesting);
  ADD ("/server/bad-input/bad-text-is-named", test_bad_text_is_named);
  ADD ("/server/bad-input/surrogate-pair-is-kept", test_surrogate_pair_is_kept);
  ADD ("/server/bad-input/oversized-body-with-length", test_oversized_body_with_length);
  ADD ("/server/bad-input/oversized-chunked-body", test_oversized_chunked_body);
  ADD ("/server/bad-input/bad-queries", test_bad_queries);
  ADD ("/server/bad-input/wrong-method", test_wrong_method);
  ADD ("/server/bad-input/sql-in-values-is-data", test_sql_in_values_is_data);
#undef ADD

  return g_test_run ();
}

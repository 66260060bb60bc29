/* test-api-catalog.c: the seeded catalogue, its ETag, and admin edits
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-test-http.h"

#define NEW_TEST_BODY \
  "{\"code\": \"DENG\", \"name\": \"Dengue NS1 antigen\", \"loinc\": \"75377-6\"," \
  " \"specimen\": \"serum\", \"container\": \"plain (red)\", \"unit\": \"\"," \
  " \"result_type\": \"choice\"," \
  " \"department\": \"serology\", \"decimals\": 0, \"price_paise\": 60000," \
  " \"turnaround_hours\": 24, \"choices\": [\"negative\", \"positive\"]," \
  " \"normal_choices\": [\"negative\"]}"

static JsonArray *
member_array (LdTestResponse *resp,
              const char     *name)
{
  return json_object_get_array_member (ld_test_response_object (resp), name);
}

static JsonObject *
find_item (JsonArray  *items,
           const char *code)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "code"), code) == 0)
        return item;
    }

  return NULL;
}

static void
test_seeded_catalogue (LdTestFixture *fx,
                       gconstpointer  data)
{
  g_autofree char *technician =
    ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, "/api/v1/catalog", technician);
  JsonObject *hb, *cbc, *range;

  ld_test_assert_status (resp, 200);
  g_assert_cmpstr (ld_test_response_get_string (resp, "currency"), ==, "INR");
  g_assert_cmpuint (json_array_get_length (member_array (resp, "tests")), ==, 45);
  g_assert_cmpuint (json_array_get_length (member_array (resp, "panels")), ==, 8);

  hb = find_item (member_array (resp, "tests"), "HB");
  g_assert_nonnull (hb);
  g_assert_cmpstr (json_object_get_string_member (hb, "loinc"), ==, "718-7");
  g_assert_cmpint (json_object_get_int_member (hb, "price_paise"), ==, 10000);
  g_assert_cmpfloat (json_object_get_double_member (hb, "critical_low"), ==, 7.0);
  range = json_array_get_object_element (json_object_get_array_member (hb, "reference_ranges"), 1);
  g_assert_cmpstr (json_object_get_string_member (range, "sex"), ==, "female");
  g_assert_cmpfloat (json_object_get_double_member (range, "low"), ==, 12.0);

  cbc = find_item (member_array (resp, "panels"), "CBC");
  g_assert_nonnull (cbc);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cbc, "tests")), ==, 8);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (cbc, "tests"), 0),
                   ==, "HB");
}

static void
test_etag_follows_edits (LdTestFixture *fx,
                         gconstpointer  data)
{
  g_autoptr(LdTestResponse) first = ld_test_get (fx->server, "/api/v1/catalog", fx->admin);
  g_autofree char *etag = g_strdup (soup_message_headers_get_one (first->headers, "ETag"));
  g_autoptr(LdTestResponse) edit = NULL;
  g_autoptr(LdTestResponse) after = NULL;

  g_assert_nonnull (etag);
  g_assert_true (g_str_has_prefix (etag, "\""));

  {
    g_autofree char *uri =
      g_strconcat (ld_test_server_get_uri (fx->server), "/api/v1/catalog", NULL);
    g_autofree char *auth = g_strdup_printf ("Bearer %s", fx->admin);
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", etag);
    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 304);
    g_assert_cmpuint (g_bytes_get_size (body), ==, 0);
  }

  edit = ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/tests/HB", fx->admin,
                            "{\"version\": 1, \"price_paise\": 12000}");
  ld_test_assert_status (edit, 200);
  g_assert_cmpint (ld_test_response_get_int (edit, "test.price_paise"), ==, 12000);
  g_assert_cmpint (ld_test_response_get_int (edit, "test.version"), ==, 2);

  after = ld_test_get (fx->server, "/api/v1/catalog", fx->admin);
  g_assert_cmpstr (soup_message_headers_get_one (after->headers, "ETag"), !=, etag);
  g_assert_cmpint (json_object_get_int_member (find_item (member_array (after, "tests"), "HB"),
                                               "price_paise"), ==, 12000);
}

static void
test_admin_creates_test_and_panel (LdTestFixture *fx,
                                   gconstpointer  data)
{
  g_autoptr(LdTestResponse) test = ld_test_send_json (fx->server, "POST", "/api/v1/catalog/tests",
                                                       fx->admin, NEW_TEST_BODY);
  g_autoptr(LdTestResponse) again = ld_test_send_json (fx->server, "POST", "/api/v1/catalog/tests",
                                                        fx->admin, NEW_TEST_BODY);
  g_autoptr(LdTestResponse) panel = NULL;
  g_autoptr(LdTestResponse) catalog = NULL;

  ld_test_assert_status (test, 201);
  g_assert_cmpstr (ld_test_response_get_string (test, "test.result_type"), ==, "choice");
  g_assert_cmpint (ld_test_response_get_int (test, "test.version"), ==, 1);
  ld_test_assert_error (again, 409, "conflict");
  g_assert_cmpstr (ld_test_response_get_string (again, "error.fields.code"), ==,
                   "is already taken");

  panel =
    ld_test_send_json (fx->server, "POST", "/api/v1/catalog/panels", fx->admin,
                       "{\"code\": \"FEVER\", \"name\": \"Fever panel\", \"price_paise\": 90000,"
                       " \"tests\": [\"DENG\", \"CRP\", \"HB\"]}");
  ld_test_assert_status (panel, 201);

  catalog = ld_test_get (fx->server, "/api/v1/catalog", fx->admin);
  g_assert_nonnull (find_item (member_array (catalog, "tests"), "DENG"));
  g_assert_nonnull (find_item (member_array (catalog, "panels"), "FEVER"));
  g_assert_cmpint (ld_test_server_query_int (
                     fx->server, "SELECT count(*) FROM audit_events WHERE action LIKE 'catalog.%'"),
                   ==, 2);
}

/* GET /catalog writes "no LOINC code" as null; a test as GET gives it
 * (less its version) is accepted back, and null clears a code. */
static void
test_loinc_may_be_null (LdTestFixture *fx,
                        gconstpointer  data)
{
  g_autoptr(LdTestResponse) created = ld_test_send_json (
    fx->server, "POST", "/api/v1/catalog/tests", fx->admin,
    "{\"code\": \"NOLC\", \"name\": \"No code yet\", \"loinc\": null, \"specimen\": \"serum\","
    " \"container\": \"plain (red)\", \"unit\": \"\", \"result_type\": \"text\","
    " \"department\": \"serology\", \"decimals\": 0,"
    " \"price_paise\": 100, \"turnaround_hours\": 24}");
  g_autoptr(LdTestResponse) cleared = NULL;
  g_autoptr(LdTestResponse) catalog = NULL;
  g_autoptr(LdTestResponse) copied = NULL;
  g_autoptr(JsonNode) listed_node = NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *listed_text = NULL;
  g_autofree char *copy_text = NULL;
  JsonObject *listed;

  ld_test_assert_status (created, 201);
  g_assert_true (
    json_object_get_null_member (json_object_get_object_member (ld_test_response_object (created),
                                                                "test"),
                                 "loinc"));

  cleared = ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/tests/HB", fx->admin,
                               "{\"version\": 1, \"loinc\": null}");
  ld_test_assert_status (cleared, 200);

  catalog = ld_test_get (fx->server, "/api/v1/catalog", fx->admin);
  listed = find_item (member_array (catalog, "tests"), "HB");
  g_assert_nonnull (listed);
  g_assert_true (json_object_get_null_member (listed, "loinc"));

  listed_node = json_node_init_object (json_node_alloc (), listed);
  listed_text = json_to_string (listed_node, FALSE);
  copy = json_from_string (listed_text, NULL);
  json_object_remove_member (json_node_get_object (copy), "version");
  json_object_set_string_member (json_node_get_object (copy), "code", "HB2");
  copy_text = json_to_string (copy, FALSE);
  copied = ld_test_send_json (fx->server, "POST", "/api/v1/catalog/tests", fx->admin, copy_text);
  ld_test_assert_status (copied, 201);
}

static void
test_stale_edit_answers_current (LdTestFixture *fx,
                                 gconstpointer  data)
{
  g_autoptr(LdTestResponse) first =
               ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/panels/LFT", fx->admin,
                                  "{\"version\": 1, \"price_paise\": 70000}");
  g_autoptr(LdTestResponse) stale =
               ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/panels/LFT", fx->admin,
                                  "{\"version\": 1, \"name\": \"Liver\"}");

  ld_test_assert_status (first, 200);
  ld_test_assert_error (stale, 409, "conflict");
  g_assert_cmpint (ld_test_response_get_int (stale, "current.version"), ==, 2);
  g_assert_cmpint (ld_test_response_get_int (stale, "current.price_paise"), ==, 70000);
  g_assert_cmpstr (ld_test_response_get_string (stale, "current.name"), !=, "Liver");
}

static void
test_invalid_items_are_named (LdTestFixture *fx,
                              gconstpointer  data)
{
  static const struct
  {
    const char *path;
    const char *body;
    const char *field;
  } cases[] = {
    { "/api/v1/catalog/tests",
      "{\"code\": \"bad code\", \"name\": \"N\", \"specimen\": \"serum\","
      " \"container\": \"plain\", \"unit\": \"\", \"result_type\": \"text\","
      " \"department\": \"serology\", \"decimals\": 0,"
      " \"price_paise\": 100, \"turnaround_hours\": 6}",
      "code" },
    { "/api/v1/catalog/tests",
      "{\"code\": \"X1\", \"name\": \"N\", \"specimen\": \"serum\","
      " \"container\": \"plain\", \"unit\": \"mg/dL\", \"result_type\": \"numeric\","
      " \"department\": \"serology\", \"decimals\": 1,"
      " \"price_paise\": 100, \"turnaround_hours\": 6,"
      " \"reference_ranges\": [{\"sex\": \"any\", \"age_min_years\": 0, \"age_max_years\": null,"
      " \"low\": 9, \"high\": 3}]}",
      "reference_ranges" },
    { "/api/v1/catalog/tests",
      "{\"code\": \"X2\", \"name\": \"N\", \"specimen\": \"serum\","
      " \"container\": \"plain\", \"unit\": \"\", \"result_type\": \"choice\","
      " \"department\": \"serology\", \"decimals\": 0,"
      " \"price_paise\": 100, \"turnaround_hours\": 6, \"choices\": [\"a\"],"
      " \"normal_choices\": [\"b\"]}",
      "normal_choices" },
    { "/api/v1/catalog/tests",
      "{\"code\": \"X3\", \"name\": \"N\", \"specimen\": \"serum\","
      " \"container\": \"plain\", \"unit\": \"\", \"result_type\": \"text\","
      " \"department\": \"serology\", \"decimals\": 0,"
      " \"price_paise\": 100000000000, \"turnaround_hours\": 6}",
      "price_paise" },
    { "/api/v1/catalog/panels",
      "{\"code\": \"P1\", \"name\": \"N\", \"price_paise\": 100,"
      " \"tests\": [\"HB\", \"NOSUCH\"]}",
      "tests" },
    { "/api/v1/catalog/panels",
      "{\"code\": \"P2\", \"name\": \"N\", \"price_paise\": 100,"
      " \"tests\": []}",
      "tests" },
    { "/api/v1/catalog/tests/HB", "{\"version\": 1, \"decimals\": 9}", "decimals" },
  };
  const char *tests_state = "SELECT count(*) + sum(version) FROM catalog_tests";
  gint64 before = ld_test_server_query_int (fx->server, tests_state);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *method = g_str_has_suffix (cases[i].path, "/HB") ? "PATCH" : "POST";
      g_autoptr(LdTestResponse) resp =
                   ld_test_send_json (fx->server, method, cases[i].path, fx->admin, cases[i].body);
      g_autofree char *field_path = g_strdup_printf ("error.fields.%s", cases[i].field);

      g_test_message ("case %u", i);
      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_string (resp, field_path));
    }

  g_assert_cmpint (ld_test_server_query_int (fx->server, tests_state), ==, before);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM catalog_panels"), ==,
                   8);
}

/* Each test's department: in the seeded catalogue, required and checked on
 * create, changed by PATCH (audited, in the change feed), and refused
 * with nothing changed when wrong. */
static void
test_departments (LdTestFixture *fx,
                  gconstpointer  data)
{
  static const struct
  {
    const char *method;
    const char *path;
    const char *body;
    guint       status;
    const char *field;
  } refused[] = {
    /* Missing on create. */
    { "POST", "/api/v1/catalog/tests",
      "{\"code\": \"D1\", \"name\": \"N\", \"specimen\":"
      " \"serum\", \"container\": \"plain\", \"unit\": \"\", \"result_type\": \"text\","
      " \"decimals\": 0, \"price_paise\": 100, \"turnaround_hours\": 6}", 422, "department" },
    /* Not one of the list. */
    { "POST", "/api/v1/catalog/tests",
      "{\"code\": \"D2\", \"name\": \"N\", \"specimen\":"
      " \"serum\", \"container\": \"plain\", \"unit\": \"\", \"result_type\": \"text\","
      " \"department\": \"radiology\", \"decimals\": 0, \"price_paise\": 100,"
      " \"turnaround_hours\": 6}",
      422, "department" },
    { "PATCH", "/api/v1/catalog/tests/HB", "{\"version\": 1, \"department\": \"Haematology\"}", 422,
      "department" },
    /* Of the wrong type. */
    { "PATCH", "/api/v1/catalog/tests/HB", "{\"version\": 1, \"department\": 3}", 422,
      "department" },
    { "PATCH", "/api/v1/catalog/tests/HB", "{\"version\": 1, \"department\": null}", 422,
      "department" },
    /* An unknown member next to it. */
    { "PATCH", "/api/v1/catalog/tests/HB",
      "{\"version\": 1, \"department\": \"serology\","
      " \"departement\": \"x\"}",
      400, "departement" },
  };
  const char      *state = "SELECT count(*) + sum(version) FROM catalog_tests";
  const char      *written = "SELECT (SELECT count(*) FROM audit_events)"
                             " + (SELECT count(*) FROM changes)";
  g_autofree char *desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autoptr(LdTestResponse) catalog = ld_test_get (fx->server, "/api/v1/catalog", fx->admin);
  g_autoptr(LdTestResponse) forbidden = NULL;
  g_autoptr(LdTestResponse) moved = NULL;
  gint64 before = ld_test_server_query_int (fx->server, state);
  gint64 writes = ld_test_server_query_int (fx->server, written);
  JsonArray *tests = member_array (catalog, "tests");

  for (guint i = 0; i < json_array_get_length (tests); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tests, i),
                                                    "department"), !=, "other");
  g_assert_cmpstr (json_object_get_string_member (find_item (tests, "HB"), "department"), ==,
                   "haematology");
  g_assert_cmpstr (json_object_get_string_member (find_item (tests, "TSH"), "department"), ==,
                   "endocrinology");
  g_assert_cmpstr (json_object_get_string_member (find_item (tests, "UPRO"), "department"), ==,
                   "clinical_pathology");
  g_assert_cmpstr (json_object_get_string_member (find_item (tests, "WBC"), "unit"), ==,
                   "10³/µL");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(LdTestResponse) resp =
                   ld_test_send_json (fx->server, refused[i].method, refused[i].path, fx->admin,
                                      refused[i].body);
      g_autofree char *field_path = g_strdup_printf ("error.fields.%s", refused[i].field);

      g_test_message ("case %u", i);
      ld_test_assert_error (resp, refused[i].status,
                            refused[i].status == 400 ? "bad_request" : "validation_failed");
      g_assert_nonnull (ld_test_response_get_string (resp, field_path));
    }
  forbidden = ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/tests/HB", desk,
                                 "{\"version\": 1, \"department\": \"serology\"}");
  ld_test_assert_error (forbidden, 403, "forbidden");
  g_assert_cmpint (ld_test_server_query_int (fx->server, state), ==, before);
  g_assert_cmpint (ld_test_server_query_int (fx->server, written), ==, writes);

  moved = ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/tests/CRP", fx->admin,
                             "{\"version\": 1, \"department\": \"serology\"}");
  ld_test_assert_status (moved, 200);
  g_assert_cmpstr (ld_test_response_get_string (moved, "test.department"), ==, "serology");
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(*) FROM catalog_tests"
                                             " WHERE code = 'CRP' AND department = 'serology'"),
                   ==, 1);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"
                                                         " WHERE action = 'catalog.test.update'"),
                   ==, 1);
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(*) FROM changes WHERE record LIKE"
                                             " '%\"department\":\"serology\"%'"), ==, 1);
}

static void
test_unknown_code_is_not_found (LdTestFixture *fx,
                                gconstpointer  data)
{
  g_autoptr(LdTestResponse) test =
               ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/tests/NOSUCH", fx->admin,
                                  "{\"version\": 1, \"price_paise\": 1}");
  g_autoptr(LdTestResponse) panel =
               ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/panels/NOSUCH", fx->admin,
                                  "{\"version\": 1, \"price_paise\": 1}");

  ld_test_assert_error (test, 404, "not_found");
  ld_test_assert_error (panel, 404, "not_found");
}

static void
test_only_admins_edit (LdTestFixture *fx,
                       gconstpointer  data)
{
  g_autofree char *desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autoptr(LdTestResponse) create =
               ld_test_send_json (fx->server, "POST", "/api/v1/catalog/tests", desk, NEW_TEST_BODY);
  g_autoptr(LdTestResponse) edit =
               ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/tests/HB", desk,
                                  "{\"version\": 1, \"price_paise\": 1}");

  ld_test_assert_error (create, 403, "forbidden");
  ld_test_assert_error (edit, 403, "forbidden");
  g_assert_cmpint (ld_test_server_query_int (
                     fx->server,
                     "SELECT price_paise * 10 + version FROM catalog_tests WHERE code = 'HB'"),
                   ==, 100001);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, LdTestFixture, NULL, ld_test_fixture_setup, func, ld_test_fixture_teardown)

  ADD ("/catalog/seeded", test_seeded_catalogue);
  ADD ("/catalog/etag-follows-edits", test_etag_follows_edits);
  ADD ("/catalog/admin-creates", test_admin_creates_test_and_panel);
  ADD ("/catalog/stale-edit", test_stale_edit_answers_current);
  ADD ("/catalog/invalid-items", test_invalid_items_are_named);
  ADD ("/catalog/departments", test_departments);
  ADD ("/catalog/unknown-code", test_unknown_code_is_not_found);
  ADD ("/catalog/only-admins", test_only_admins_edit);
  ADD ("/catalog/loinc-may-be-null", test_loinc_may_be_null);

#undef ADD

  return g_test_run ();
}

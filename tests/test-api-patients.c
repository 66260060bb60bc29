/* test-api-patients.c: registration, duplicates, versioned updates, search
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-sqlite.h"
#include "ld-test-orders.h"
#include "ld-text.h"

typedef struct
{
  LdTestServer *server;
  char         *admin;
  char         *desk;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->server = ld_test_server_new ();
  fx->admin = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->admin, g_free);
  g_clear_pointer (&fx->desk, g_free);
  g_clear_pointer (&fx->server, ld_test_server_free);
}

static LdTestResponse *
register_patient (Fixture    *fx,
                  const char *json)
{
  return ld_test_send_json (fx->server, "POST", "/api/v1/patients", fx->desk, json);
}

static char *
register_ok (Fixture    *fx,
             const char *json)
{
  g_autoptr(LdTestResponse) resp = register_patient (fx, json);

  if (resp->status != 201)
    g_error ("registration failed: %u %s", resp->status, resp->body);
  return g_strdup (ld_test_response_get_string (resp, "patient.id"));
}

/* The names a search finds, in order, joined with "|". */
static char *
search (Fixture    *fx,
        const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/patients?q=%s", escaped);
  g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, path, fx->desk);
  g_autoptr(GString) names = g_string_new (NULL);
  JsonArray *items;

  if (resp->status != 200)
    g_error ("search %s failed: %u %s", query, resp->status, resp->body);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (names, "%s%s", i ? "|" : "",
                            json_object_get_string_member (json_array_get_object_element (items, i),
                                                           "name"));

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_register_assigns_mrn (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(LdTestResponse) first = register_patient (
    fx, "{\"name\": \"  Asha   Rao \", \"sex\": \"female\", \"date_of_birth\": \"1984-03-21\","
        " \"phone\": \"+91 98450 11111\", \"email\": \"asha@example.com\", \"national_id\": "
        "\"ABHA-1234-5678\"}");
  g_autoptr(LdTestResponse) second =
               register_patient (fx, "{\"id\": \"2f1c7e52-8a77-4d0c-9a2b-5b0f3f0e9d11\", \"name\": "
                                     "\"Ravi\", \"sex\": \"male\", \"age_years\": 60}");

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpstr (ld_test_response_get_string (first, "patient.mrn"), ==, "P000001");
  g_assert_cmpstr (ld_test_response_get_string (first, "patient.name"), ==, "Asha   Rao");
  g_assert_cmpint (ld_test_response_get_int (first, "patient.version"), ==, 1);

  /* A client-made id (a registration made offline) is kept. */
  g_assert_cmpuint (second->status, ==, 201);
  g_assert_cmpstr (ld_test_response_get_string (second, "patient.id"), ==,
                   "2f1c7e52-8a77-4d0c-9a2b-5b0f3f0e9d11");
  g_assert_cmpstr (ld_test_response_get_string (second, "patient.mrn"), ==, "P000002");
  g_assert_cmpint (ld_test_response_get_int (second, "patient.age_years"), ==, 60);

  g_assert_cmpint (
    ld_test_server_query_int (fx->server,
                              "SELECT count(*) FROM audit_events WHERE action = 'patient.create'"),
    ==, 2);
}

static void
test_register_validates_fields (Fixture       *fx,
                                gconstpointer  data)
{
  static const struct
  {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"name\": \"A\", \"sex\": \"female\", \"date_of_birth\": \"2999-01-01\"}",
      "date_of_birth" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"date_of_birth\": \"1984-02-30\"}",
      "date_of_birth" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"date_of_birth\": \"21/03/1984\"}",
      "date_of_birth" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"date_of_birth\": \"1850-01-01\"}",
      "date_of_birth" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"age_years\": 131}", "age_years" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"age_years\": -1}", "age_years" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"age_years\": 40, \"date_of_birth\": "
      "\"1984-01-01\"}",
      "age_years" },
    { "{\"name\": \"A\", \"sex\": \"female\"}", "date_of_birth" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"age_years\": null}", "age_years" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"date_of_birth\": null}", "date_of_birth" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"date_of_birth\": null, \"age_years\": null}",
      "age_years" },
    { "{\"name\": \"A\", \"sex\": \"woman\", \"age_years\": 30}", "sex" },
    { "{\"name\": \"   \", \"sex\": \"female\", \"age_years\": 30}", "name" },
    { "{\"sex\": \"female\", \"age_years\": 30}", "name" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"age_years\": 30, \"phone\": \"12ab\"}", "phone" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"age_years\": 30, \"phone\": \"123\"}", "phone" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"age_years\": 30, \"email\": \"a@b\"}", "email" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"age_years\": 30, \"national_id\": \"<script>\"}",
      "national_id" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"age_years\": \"30\"}", "age_years" },
    { "{\"name\": \"A\", \"sex\": \"female\", \"age_years\": 30, \"id\": \"123\"}", "id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = register_patient (fx, cases[i].body);
      g_autofree char *field = g_strdup_printf ("error.fields.%s", cases[i].field);

      g_test_message ("%s", cases[i].body);
      ld_test_assert_error (resp, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_string (resp, field));
    }

  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM patients"), ==, 0);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM counters"), ==, 0);
}

static void
test_likely_duplicates_are_offered (Fixture       *fx,
                                    gconstpointer  data)
{
  g_autofree char *first =
    register_ok (fx, "{\"name\": \"Priya Sharma\", \"sex\": \"female\","
                     " \"date_of_birth\": \"1990-06-15\", \"phone\": \"98450 22222\"}");
  g_autoptr(LdTestResponse) same_phone =
               register_patient (fx, "{\"name\": \"P. Sharma\", \"sex\": \"female\", "
                                     "\"age_years\": 35, \"phone\": \"+91-98450-22222\"}");
  g_autoptr(LdTestResponse) same_name = register_patient (
    fx, "{\"name\": \"SHARMA priya\", \"sex\": \"female\", \"date_of_birth\": \"1990-06-15\"}");
  g_autoptr(LdTestResponse) other_birthday = register_patient (
    fx, "{\"name\": \"Priya Sharma\", \"sex\": \"female\", \"date_of_birth\": \"1991-06-15\"}");
  g_autoptr(LdTestResponse) on_purpose = register_patient (
    fx, "{\"name\": \"Priya Sharma\", \"sex\": \"female\", \"date_of_birth\": \"1990-06-15\","
        " \"allow_duplicate\": true}");
  JsonArray *candidates;

  ld_test_assert_error (same_phone, 409, "conflict");
  candidates = json_object_get_array_member (ld_test_response_object (same_phone), "candidates");
  g_assert_cmpuint (json_array_get_length (candidates), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (candidates, 0),
                                                  "id"),
                   ==, first);

  ld_test_assert_error (same_name, 409, "conflict");
  g_assert_cmpuint (other_birthday->status, ==, 201);
  g_assert_cmpuint (on_purpose->status, ==, 201);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM patients"), ==, 3);
}

static void
test_read_is_audited (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *id =
    register_ok (fx, "{\"name\": \"Meena\", \"sex\": \"female\", \"age_years\": 50}");
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s", id);
  g_autofree char *tech = ld_test_login (fx->server, "technician", LD_TEST_TECHNICIAN_PASSWORD);
  g_autoptr(LdTestResponse) read = ld_test_get (fx->server, path, tech);
  g_autoptr(LdTestResponse) missing =
               ld_test_get (fx->server, "/api/v1/patients/7b0c7f8e-0000-4000-8000-000000000000",
                            tech);
  g_autoptr(LdTestResponse) tech_create =
               ld_test_send_json (fx->server, "POST", "/api/v1/patients", tech,
                                  "{\"name\": \"B\", \"sex\": \"male\", \"age_years\": 5}");

  g_assert_cmpuint (read->status, ==, 200);
  g_assert_cmpstr (ld_test_response_get_string (read, "patient.name"), ==, "Meena");
  ld_test_assert_error (missing, 404, "not_found");
  ld_test_assert_error (tech_create, 403, "forbidden");
  g_assert_cmpint (ld_test_server_query_int (
                     fx->server, "SELECT count(*) FROM audit_events WHERE action = 'patient.read'"
                                 " AND username = 'technician'"),
                   ==, 1);
}

static void
test_stale_update_loses_nothing (Fixture       *fx,
                                 gconstpointer  data)
{
  g_autofree char *id =
    register_ok (fx, "{\"name\": \"Kiran Das\", \"sex\": \"male\","
                     " \"date_of_birth\": \"1975-11-02\", \"phone\": \"98450 33333\"}");
  g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s", id);
  g_autoptr(LdTestResponse) first = ld_test_send_json (fx->server, "PATCH", path, fx->desk,
    "{\"version\": 1, \"address\": \"4 Lake View, Pune\"}");
  g_autoptr(LdTestResponse) stale = ld_test_send_json (fx->server, "PATCH", path, fx->desk,
    "{\"version\": 1, \"phone\": \"98450 44444\"}");
  g_autoptr(LdTestResponse) age = ld_test_send_json (fx->server, "PATCH", path, fx->desk,
    "{\"version\": 2, \"age_years\": 51, \"email\": null}");
  g_autoptr(LdTestResponse) now = ld_test_get (fx->server, path, fx->desk);

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpint (ld_test_response_get_int (first, "patient.version"), ==, 2);

  ld_test_assert_error (stale, 409, "conflict");
  g_assert_cmpint (ld_test_response_get_int (stale, "current.version"), ==, 2);
  g_assert_cmpstr (ld_test_response_get_string (stale, "current.address"), ==, "4 Lake View, Pune");
  g_assert_cmpstr (ld_test_response_get_string (stale, "current.phone"), ==, "98450 33333");

  /* An age replaces the date of birth; the rest stays as it was. */
  g_assert_cmpuint (age->status, ==, 200);
  g_assert_cmpstr (ld_test_response_get_string (now, "patient.address"), ==, "4 Lake View, Pune");
  g_assert_null (ld_test_response_get_string (now, "patient.date_of_birth"));
  g_assert_cmpint (ld_test_response_get_int (now, "patient.age_years"), ==, 51);
  g_assert_cmpint (ld_test_response_get_int (now, "patient.version"), ==, 3);
}

/* An edit may swap the date for an age, never leave neither. */
static void
test_update_keeps_date_or_age (Fixture       *fx,
                               gconstpointer  data)
{
  g_autofree char *dated = register_ok (fx, "{\"name\": \"Kiran Das\", \"sex\": \"male\","
                                            " \"date_of_birth\": \"1975-11-02\"}");
  g_autofree char *aged =
    register_ok (fx, "{\"name\": \"Meena\", \"sex\": \"female\", \"age_years\": 50}");
  g_autofree char *dated_path = g_strdup_printf ("/api/v1/patients/%s", dated);
  g_autofree char *aged_path = g_strdup_printf ("/api/v1/patients/%s", aged);
  g_autoptr(LdTestResponse) no_date = ld_test_send_json (fx->server, "PATCH", dated_path, fx->desk,
    "{\"version\": 1, \"date_of_birth\": null}");
  g_autoptr(LdTestResponse) no_age = ld_test_send_json (fx->server, "PATCH", aged_path, fx->desk,
                                                         "{\"version\": 1, \"age_years\": null}");
  g_autoptr(LdTestResponse) swapped = ld_test_send_json (
    fx->server, "PATCH", aged_path, fx->desk,
    "{\"version\": 1, \"age_years\": null, \"date_of_birth\": \"1976-01-01\"}");

  ld_test_assert_error (no_date, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (no_date, "date_of_birth"));
  ld_test_assert_error (no_age, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (no_age, "age_years"));
  ld_test_assert_status (swapped, 200);
  g_assert_cmpstr (ld_test_response_get_string (swapped, "patient.date_of_birth"), ==,
                   "1976-01-01");
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(*) FROM patients WHERE version = 1"),
                   ==, 1);
}

static void
test_search_by_name (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *a =
    register_ok (fx, "{\"name\": \"José Álvarez\", \"sex\": \"male\", \"age_years\": 40}");
  g_autofree char *b =
    register_ok (fx,
                 "{\"name\": \"Zoë Müller-Lüdenscheidt\", \"sex\": \"female\", \"age_years\": 30}");
  g_autofree char *c =
    register_ok (fx, "{\"name\": \"प्रिया शर्मा\", \"sex\": \"female\", \"age_years\": 34}");
  g_autofree char *d =
    register_ok (fx, "{\"name\": \"प्रकाश शर्मा\", \"sex\": \"male\", \"age_years\": 60}");
  g_autofree char *e =
    register_ok (fx, "{\"name\": \"Priya Sharma\", \"sex\": \"female\", \"age_years\": 28}");
  struct
  {
    const char *query;
    const char *expected;
  } cases[] = {
    { "jose", "José Álvarez" },
    { "ALV", "José Álvarez" },
    { "álvarez josé", "José Álvarez" },
    { "var", "" }, /* word starts only */
    { "zoe", "Zoë Müller-Lüdenscheidt" },
    { "muller", "Zoë Müller-Lüdenscheidt" },
    { "प्रि", "प्रिया शर्मा" },
    { "शर्मा", "प्रकाश शर्मा|प्रिया शर्मा" },
    { "प्र शर्", "प्रकाश शर्मा|प्रिया शर्मा" },
    { "pri sha", "Priya Sharma" },
    { "sharma priya", "Priya Sharma" },
    { "nobody", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = search (fx, cases[i].query);

      g_test_message ("q=%s", cases[i].query);
      g_assert_cmpstr (found, ==, cases[i].expected);
    }

  g_assert_cmpint (
    ld_test_server_query_int (fx->server,
                              "SELECT count(*) FROM audit_events WHERE action = 'patient.search'"),
    ==, G_N_ELEMENTS (cases));
}

static void
test_search_by_phone_mrn_and_id (Fixture       *fx,
                                 gconstpointer  data)
{
  g_autofree char *a =
    register_ok (fx, "{\"name\": \"Anil\", \"sex\": \"male\", \"age_years\": 40,"
                     " \"phone\": \"+91 98450 55555\", \"national_id\": \"ABHA 9911-22\"}");
  g_autofree char *b =
    register_ok (fx, "{\"name\": \"Bina\", \"sex\": \"female\", \"age_years\": 30,"
                     " \"phone\": \"080 4000 1234\"}");
  g_autofree char *by_national = search (fx, "98450 555");
  g_autofree char *by_full = search (fx, "+91 98450");
  g_autofree char *by_landline = search (fx, "0804000");
  g_autofree char *by_mrn = search (fx, "p000002");
  g_autofree char *all_mrn = search (fx, "P0000");
  g_autofree char *by_id = search (fx, "abha-991122");

  g_assert_cmpstr (by_national, ==, "Anil");
  g_assert_cmpstr (by_full, ==, "Anil");
  g_assert_cmpstr (by_landline, ==, "Bina");
  g_assert_cmpstr (by_mrn, ==, "Bina");
  g_assert_cmpstr (all_mrn, ==, "Anil|Bina");
  g_assert_cmpstr (by_id, ==, "Anil");
}

/* The national part is found by the country's own rule, not India's ten
 * digits: Spain's nine, Ireland's three-digit code, North America's one. */
static void
test_foreign_numbers_with_or_without_code (Fixture       *fx,
                                           gconstpointer  data)
{
  static const struct
  {
    const char *query;
    const char *found;
  } cases[] = {
    { "600 123", "Lucía" },      { "600123456", "Lucía" },   { "+34 600 12", "Lucía" },
    { "0034 600 123", "Lucía" }, { "087 123 45", "Aoife" },  { "87 1234", "Aoife" },
    { "+353 87 12", "Aoife" },   { "(415) 555", "Dana" },    { "+1 415 555", "Dana" },
    { "98450 66", "Ravi" },      { "+91 98450 66", "Ravi" }, { "098450 666", "Ravi" },
  };
  g_autofree char *es =
    register_ok (fx, "{\"name\": \"Lucía\", \"sex\": \"female\", \"age_years\": 30,"
                     " \"phone\": \"+34 600 123 456\"}");
  g_autofree char *ie =
    register_ok (fx, "{\"name\": \"Aoife\", \"sex\": \"female\", \"age_years\": 30,"
                     " \"phone\": \"+353 87 123 4567\"}");
  g_autofree char *us =
    register_ok (fx, "{\"name\": \"Dana\", \"sex\": \"female\", \"age_years\": 30,"
                     " \"phone\": \"+1 (415) 555-0100\"}");
  g_autofree char *in =
    register_ok (fx, "{\"name\": \"Ravi\", \"sex\": \"male\", \"age_years\": 30,"
                     " \"phone\": \"98450 66666\"}");
  g_autoptr(LdTestResponse) same_es = NULL;
  g_autoptr(LdTestResponse) same_ie = NULL;
  g_autoptr(LdTestResponse) same_in = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = search (fx, cases[i].query);

      g_test_message ("%s", cases[i].query);
      g_assert_cmpstr (found, ==, cases[i].found);
    }

  same_es = register_patient (fx, "{\"name\": \"L. Pérez\", \"sex\": \"female\", \"age_years\": 31,"
                                  " \"phone\": \"600 123 456\"}");
  same_ie = register_patient (fx, "{\"name\": \"A. Byrne\", \"sex\": \"female\", \"age_years\": 31,"
                                  " \"phone\": \"087 123 4567\"}");
  same_in = register_patient (fx, "{\"name\": \"R. Kumar\", \"sex\": \"male\", \"age_years\": 31,"
                                  " \"phone\": \"+91 98450 66666\"}");
  ld_test_assert_error (same_es, 409, "conflict");
  ld_test_assert_error (same_ie, 409, "conflict");
  ld_test_assert_error (same_in, 409, "conflict");
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM patients"), ==, 4);
}

static void
test_search_pages_by_keyset (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_strdup ("/api/v1/patients?q=kumar&limit=3");
  guint pages = 0;

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *body =
        g_strdup_printf ("{\"name\": \"Kumar %c\", \"sex\": \"male\", \"age_years\": %u}", 'A' + i,
                         20 + i);
      g_autofree char *id = register_ok (fx, body);
    }

  while (path != NULL)
    {
      g_autoptr(LdTestResponse) page = ld_test_get (fx->server, path, fx->desk);
      JsonArray *items = json_object_get_array_member (ld_test_response_object (page), "items");
      const char *next = ld_test_response_get_string (page, "next");

      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (seen,
                         g_strdup (
                           json_object_get_string_member (json_array_get_object_element (items, i),
                                                          "name")));
      g_free (path);
      path = next ? g_strdup_printf ("/api/v1/patients?q=kumar&limit=3&after=%s", next) : NULL;
      pages++;
    }

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (seen->len, ==, 8);
  for (guint i = 0; i < seen->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("Kumar %c", 'A' + i);
      g_assert_cmpstr (g_ptr_array_index (seen, i), ==, expected);
    }
}

/* Names that share word starts in every way the index has to tell apart:
 * words of one to six letters, a word that is the start of others (kuma,
 * kumar, kumari, kumaran), surnames first, repeats of one name (so a page
 * ends between equal names), and Devanagari. */
/* clang-format off */
static const char * const common_names[] = {
  "Amit Kumar", "Amit Kumar", "Amit Kumar", "Amit Kumar", "Amit Kumar", "Amit Kulkarni",
  "Amit Agarwal", "Amit Singh", "Kumar Amit", "Kumari Priya", "Priya Kumari", "Priya Kumari",
  "Rahul Kumar Singh", "Kunal Shah", "Ankit Kumar", "Anil Kuma", "Ku Li", "K Amit",
  "Sunil Kumaran", "Singh Kumar", "Zoë Kumar", "Kumar", "प्रिया कुमारी", "Priya Sharma",
  "Abdul Sheikh", "Sunita Kumari Singh",
};
/* clang-format on */

typedef struct
{
  char  *id;
  char  *fold;
  GStrv  words;
} Known;

static void
known_free (Known *known)
{
  g_free (known->id);
  g_free (known->fold);
  g_strfreev (known->words);
  g_free (known);
}

static Known *
known_new (const char *id,
           const char *name)
{
  Known *known = g_new0 (Known, 1);

  known->id = g_strdup (id);
  known->fold = ld_text_fold (name);
  known->words = ld_text_fold_words (name);
  return known;
}

static int
compare_known (gconstpointer a,
               gconstpointer b)
{
  const Known *x = *(const Known * const *) a;
  const Known *y = *(const Known * const *) b;
  int cmp = strcmp (x->fold, y->fold);

  return cmp != 0 ? cmp : strcmp (x->id, y->id);
}

/* What a name search must answer, worked out the slow way: the patients
 * each of whose query words begins one of their words, by name then id. */
static char *
expect_ids (GPtrArray  *known,
            const char *query)
{
  g_auto(GStrv) wanted = ld_text_fold_words (query);
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (known, NULL, NULL);
  g_autoptr(GString) ids = g_string_new (NULL);

  /* The copy only borrows the entries. */
  g_ptr_array_set_free_func (sorted, NULL);
  g_ptr_array_sort (sorted, compare_known);
  for (guint i = 0; i < sorted->len; i++)
    {
      Known *k = g_ptr_array_index (sorted, i);
      gboolean all = TRUE;

      for (guint w = 0; wanted[w] != NULL && all; w++)
        {
          gboolean any = FALSE;

          for (guint j = 0; k->words[j] != NULL && !any; j++)
            any = g_str_has_prefix (k->words[j], wanted[w]);
          all = any;
        }
      if (all)
        g_string_append_printf (ids, "%s%s", ids->len ? "|" : "", k->id);
    }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* Registers every common name (namesakes on purpose), and notes each in
 * @known, in the same order, if given. */
static void
register_common_names (Fixture   *fx,
                       GPtrArray *known)
{
  for (guint i = 0; i < G_N_ELEMENTS (common_names); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"unknown\","
                                               " \"age_years\": %u, \"allow_duplicate\": true}",
                                               common_names[i], 20 + i);
      g_autofree char *id = register_ok (fx, body);

      if (known != NULL)
        g_ptr_array_add (known, known_new (id, common_names[i]));
    }
}

/* Every page of a search, three at a time, as ids joined with "|". */
static char *
search_all_pages (Fixture    *fx,
                  const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/patients?q=%s&limit=3", escaped);
  g_autoptr(GString) ids = g_string_new (NULL);

  while (path != NULL)
    {
      g_autoptr(LdTestResponse) page = ld_test_get (fx->server, path, fx->desk);
      JsonArray *items;
      const char *next;

      ld_test_assert_status (page, 200);
      items = json_object_get_array_member (ld_test_response_object (page), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);

          g_string_append_printf (ids, "%s%s", ids->len ? "|" : "",
                                  json_object_get_string_member (item, "id"));
        }
      next = ld_test_response_get_string (page, "next");
      g_free (path);
      path =
        next ? g_strdup_printf ("/api/v1/patients?q=%s&limit=3&after=%s", escaped, next) : NULL;
    }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static void
test_search_pages_common_names (Fixture       *fx,
                                gconstpointer  data)
{
  static const char * const queries[] = {
    "k", "ku", "kum", "kuma", "kumar", "kumari", "kumara", "amit", "amit ku", "ku amit",
    "sin kum", "kum sin amit", "priya kumari", "k a", "su ku si", "a", "zz", "कु",
    "कुमारी", "sharma", "kumarswamy", "agar",
  };
  g_autoptr(GPtrArray) known = g_ptr_array_new_with_free_func ((GDestroyNotify) known_free);
  g_autoptr(LdTestResponse) renamed = NULL;
  g_autofree char *rename = NULL;
  Known *agarwal = NULL;

  register_common_names (fx, known);
  for (guint i = 0; i < G_N_ELEMENTS (common_names); i++)
    if (g_str_equal (common_names[i], "Amit Agarwal"))
      agarwal = g_ptr_array_index (known, i);

  /* A new name replaces the old one's index rows. */
  rename = g_strdup_printf ("/api/v1/patients/%s", agarwal->id);
  renamed = ld_test_send_json (fx->server, "PATCH", rename, fx->desk,
                               "{\"version\": 1, \"name\": \"Amit Kumarswamy\"}");
  ld_test_assert_status (renamed, 200);
  g_ptr_array_remove (known, agarwal);
  g_ptr_array_add (known, known_new (ld_test_response_get_string (renamed, "patient.id"),
                                     "Amit Kumarswamy"));

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *expected = expect_ids (known, queries[i]);
      g_autofree char *found = search_all_pages (fx, queries[i]);

      g_test_message ("q=%s", queries[i]);
      g_assert_cmpstr (found, ==, expected);
    }
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(*) FROM patient_name_prefixes"
                                             " WHERE prefix = 'agarwal'"), ==, 0);
}

typedef struct
{
  Fixture *fx;
  guint    n_answered;
  guint    n_early;
} Searches;

static void
on_search_answered_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Searches *searches = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  gint64 n_events =
    ld_test_server_query_int (searches->fx->server, "SELECT count(*) FROM audit_events"
                                                    " WHERE action = 'patient.search'");

  g_assert_nonnull (body);
  searches->n_answered++;
  if (n_events < searches->n_answered)
    searches->n_early++;
}

/* Searches that arrive together share one audit write, and still no
 * answer leaves before its event is in the database file. */
static void
test_search_answers_after_its_audit (Fixture       *fx,
                                     gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 12, NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", fx->desk);
  g_autofree char *uri =
    g_strconcat (ld_test_server_get_uri (fx->server), "/api/v1/patients?q=amit", NULL);
  Searches searches = { fx, 0, 0 };

  register_common_names (fx, NULL);

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                        on_search_answered_cb, &searches);
    }
  while (searches.n_answered < 12)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (searches.n_early, ==, 0);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"
                                                         " WHERE action = 'patient.search'"
                                                         "   AND detail = 'by name, 10 shown'"),
                   ==, 12);
}

/* When the audit event cannot be written, the search answers the error,
 * never the patients. */
static void
test_search_unaudited_is_refused (Fixture       *fx,
                                  gconstpointer  data)
{
  g_autofree char *id = register_ok (fx, "{\"name\": \"Amit Kumar\", \"sex\": \"male\","
                                         " \"age_years\": 40}");
  g_autoptr(LdTestResponse) refused = NULL;
  g_autofree char *found = NULL;

  ld_test_sql_refuse_inserts (fx->server, "audit_events", "NEW.action = 'patient.search'");
  refused = ld_test_get (fx->server, "/api/v1/patients?q=amit", fx->desk);
  ld_test_assert_error (refused, 409, "conflict");
  g_assert_null (strstr (refused->body, "Amit"));

  ld_test_sql_accept_inserts (fx->server, "audit_events");
  found = search (fx, "amit");
  g_assert_cmpstr (found, ==, "Amit Kumar");
}

static void
test_bad_searches (Fixture       *fx,
                   gconstpointer  data)
{
  static const struct
  {
    const char *path;
    guint       status;
    const char *code;
  } cases[] = {
    { "/api/v1/patients", 422, "validation_failed" },
    { "/api/v1/patients?q=%20%20", 422, "validation_failed" },
    { "/api/v1/patients?q=a&after=bm90LWEtY3Vyc29y", 422, "validation_failed" },
    { "/api/v1/patients?q=a&after=%25%25", 422, "validation_failed" },
    { "/api/v1/patients?q=a&limit=1000", 422, "validation_failed" },
    { "/api/v1/patients?q=a&sort=name", 400, "bad_request" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, cases[i].path, fx->desk);

      g_test_message ("%s", cases[i].path);
      ld_test_assert_error (resp, cases[i].status, cases[i].code);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/patients/register-assigns-mrn", test_register_assigns_mrn);
  ADD ("/server/patients/register-validates-fields", test_register_validates_fields);
  ADD ("/server/patients/likely-duplicates-are-offered", test_likely_duplicates_are_offered);
  ADD ("/server/patients/read-is-audited", test_read_is_audited);
  ADD ("/server/patients/stale-update-loses-nothing", test_stale_update_loses_nothing);
  ADD ("/server/patients/search-by-name", test_search_by_name);
  ADD ("/server/patients/search-by-phone-mrn-and-id", test_search_by_phone_mrn_and_id);
  ADD ("/server/patients/search-pages-by-keyset", test_search_pages_by_keyset);
  ADD ("/server/patients/search-pages-common-names", test_search_pages_common_names);
  ADD ("/server/patients/search-answers-after-its-audit", test_search_answers_after_its_audit);
  ADD ("/server/patients/search-unaudited-is-refused", test_search_unaudited_is_refused);
  ADD ("/server/patients/bad-searches", test_bad_searches);
  ADD ("/server/patients/update-keeps-date-or-age", test_update_keeps_date_or_age);
  ADD ("/server/patients/foreign-numbers-with-or-without-code",
       test_foreign_numbers_with_or_without_code);
#undef ADD

  return g_test_run ();
}

/* test-api-icd10.c: the lab's ICD-10 code list, imported by the
 * administrator and searched by doctors; a visit's code checked against it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the real server on a loopback port with a real database
 * (SQLite; PostgreSQL as test-api-icd10-pg).
 */

#include "config.h"

#include "ld-db.h"
#include "ld-store-icd10.h"
#include "ld-test-clinic.h"
#include "ld-test-http.h"
#include "ld-test-server.h"
#include "ld-time.h"

#define SMALL_LIST \
  "{\"source\": \"Test list 1\", \"codes\": [" \
  " {\"code\": \"A00.0\", \"title\": \"Cholera due to Vibrio cholerae 01, biovar cholerae\"}," \
  " {\"code\": \"A00.9\", \"title\": \"Cholera, unspecified\"}," \
  " {\"code\": \"B34.9\", \"title\": \"Viral infection, unspecified\"}," \
  " {\"code\": \"E11\", \"title\": \"Type 2 diabetes mellitus\"}," \
  " {\"code\": \"E11.9\", \"title\": \"Type 2 diabetes mellitus without complications\"}," \
  " {\"code\": \"J11\", \"title\": \"Influenza, virus not identified\"}," \
  " {\"code\": \"K35.8\", \"title\": \"Acute appendicitis (other and unspecified)\"}]}"

static gint64
count_codes (LdTestFixture *fx)
{
  return ld_test_server_query_int (fx->server, "SELECT count(*) FROM icd10_codes");
}

static LdTestResponse *
import (LdTestFixture *fx,
        const char    *token,
        const char    *body)
{
  return ld_test_send_json (fx->server, "PUT", "/api/v1/icd10", token, body);
}

static LdTestResponse *
search (LdTestFixture *fx,
        const char    *token,
        const char    *query)
{
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/icd10?q=%s", escaped);

  return ld_test_get (fx->server, path, token);
}

/* The codes of a search's answer, joined by spaces. */
static char *
codes_of (LdTestResponse *resp)
{
  JsonArray *items;
  GString *codes = g_string_new (NULL);

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (codes, "%s%s", i ? " " : "",
                            json_object_get_string_member (json_array_get_object_element (items, i),
                                                           "code"));
  return g_string_free (codes, FALSE);
}

static char *
search_codes (LdTestFixture *fx,
              const char    *token,
              const char    *query)
{
  g_autoptr(LdTestResponse) resp = search (fx, token, query);

  return codes_of (resp);
}

static void
test_import_and_search (LdTestFixture *fx,
                        gconstpointer  data)
{
  g_autofree char *doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autoptr(LdTestResponse) empty = search (fx, doctor, "cholera");
  g_autoptr(LdTestResponse) imported = NULL;
  g_autoptr(LdTestResponse) found = NULL;
  g_autofree char *detail = NULL;

  /* No list yet: nothing, and says so. */
  ld_test_assert_status (empty, 200);
  g_assert_cmpint (ld_test_response_get_int (empty, "count"), ==, 0);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (ld_test_response_object (empty), "items")),
                    ==, 0);
  g_assert_true (json_object_get_null_member (ld_test_response_object (empty), "source"));

  imported = import (fx, fx->admin, SMALL_LIST);
  ld_test_assert_status (imported, 200);
  g_assert_cmpint (ld_test_response_get_int (imported, "count"), ==, 7);
  g_assert_cmpstr (ld_test_response_get_string (imported, "source"), ==, "Test list 1");
  g_assert_nonnull (ld_test_response_get_string (imported, "loaded_at"));
  g_assert_cmpint (count_codes (fx), ==, 7);
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(*) FROM audit_events"
                                             " WHERE action = 'icd10.import'"
                                             " AND detail = '7 codes from Test list 1'"),
                   ==, 1);

  /* By the start of a code, in any case, by code. */
  found = search (fx, doctor, "e11");
  ld_test_assert_status (found, 200);
  g_assert_cmpint (ld_test_response_get_int (found, "count"), ==, 7);
  g_assert_cmpstr (ld_test_response_get_string (found, "source"), ==, "Test list 1");
  detail = codes_of (found);
  g_assert_cmpstr (detail, ==, "E11 E11.9");
  g_clear_pointer (&detail, g_free);
  detail = search_codes (fx, doctor, "A00.");
  g_assert_cmpstr (detail, ==, "A00.0 A00.9");
  g_clear_pointer (&detail, g_free);

  /* By every word of a title, each the start of a word, folded. */
  detail = search_codes (fx, doctor, "diab TYPE");
  g_assert_cmpstr (detail, ==, "E11 E11.9");
  g_clear_pointer (&detail, g_free);
  detail = search_codes (fx, doctor, "type 2 without");
  g_assert_cmpstr (detail, ==, "E11.9");
  g_clear_pointer (&detail, g_free);
  detail = search_codes (fx, doctor, "Chólera unspec");
  g_assert_cmpstr (detail, ==, "A00.9");
  g_clear_pointer (&detail, g_free);
  detail = search_codes (fx, doctor, "appendicitis other");
  g_assert_cmpstr (detail, ==, "K35.8");
  g_clear_pointer (&detail, g_free);
  detail = search_codes (fx, doctor, "fracture");
  g_assert_cmpstr (detail, ==, "");
  g_clear_pointer (&detail, g_free);

  /* Codes before titles: B34.9 by its code, then A00.0 by "biovar". */
  detail = search_codes (fx, doctor, "b");
  g_assert_cmpstr (detail, ==, "B34.9 A00.0");
  g_clear_pointer (&detail, g_free);

  /* The limit, and its bounds. */
  {
    g_autoptr(LdTestResponse) one = ld_test_get (fx->server, "/api/v1/icd10?q=b&limit=1", doctor);
    g_autoptr(LdTestResponse) zero = ld_test_get (fx->server, "/api/v1/icd10?q=b&limit=0", doctor);
    g_autoptr(LdTestResponse) many =
                 ld_test_get (fx->server, "/api/v1/icd10?q=b&limit=101", doctor);
    g_autoptr(LdTestResponse) unknown =
                 ld_test_get (fx->server, "/api/v1/icd10?q=b&sort=code", doctor);

    detail = codes_of (one);
    g_assert_cmpstr (detail, ==, "B34.9");
    ld_test_assert_error (zero, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (zero, "limit"));
    ld_test_assert_error (many, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (many, "limit"));
    g_assert_cmpint (unknown->status, >=, 400);
  }
}

static void
test_replace (LdTestFixture *fx,
              gconstpointer  data)
{
  g_autoptr(LdTestResponse) first = import (fx, fx->admin, SMALL_LIST);
  g_autoptr(LdTestResponse) second = NULL;
  g_autoptr(LdTestResponse) found = NULL;
  g_autofree char *codes = NULL;

  ld_test_assert_status (first, 200);
  second = import (fx, fx->admin,
                   "{\"source\": \"Test list 2\", \"codes\": ["
                   " {\"code\": \"I10\", \"title\": \"Essential (primary) hypertension\"},"
                   " {\"code\": \"J45.9\", \"title\": \"Asthma, unspecified\"}]}");
  ld_test_assert_status (second, 200);
  g_assert_cmpint (ld_test_response_get_int (second, "count"), ==, 2);
  g_assert_cmpint (count_codes (fx), ==, 2);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM icd10_words"
                                                         " WHERE code = 'E11'"),
                   ==, 0);

  found = search (fx, fx->admin, "unspecified");
  codes = codes_of (found);
  g_assert_cmpstr (codes, ==, "J45.9");
  g_assert_cmpstr (ld_test_response_get_string (found, "source"), ==, "Test list 2");
  g_assert_cmpint (ld_test_response_get_int (found, "count"), ==, 2);
  g_clear_pointer (&codes, g_free);
  codes = search_codes (fx, fx->admin, "primary");
  g_assert_cmpstr (codes, ==, "I10");
}

/* @body is refused with @status and @code, naming @field when given,
 * and the list stays as it was. */
static void
assert_refused (LdTestFixture *fx,
                const char    *body,
                guint          status,
                const char    *code,
                const char    *field,
                const char    *problem)
{
  g_autoptr(LdTestResponse) resp = import (fx, fx->admin, body);

  ld_test_assert_error (resp, status, code);
  if (field != NULL && problem != NULL)
    g_assert_cmpstr (ld_test_response_get_field_error (resp, field), ==, problem);
  else if (field != NULL)
    g_assert_nonnull (ld_test_response_get_field_error (resp, field));
  g_assert_cmpint (count_codes (fx), ==, 7);
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(*) FROM icd10_list"
                                             " WHERE source = 'Test list 1' AND count = 7"),
                   ==, 1);
}

/* A list of @n codes "A00.00" onwards, each "Disease <i>". */
static char *
numbered_list (guint        n,
               const char  *title_tail)
{
  GString *body = g_string_new ("{\"source\": \"Generated\", \"codes\": [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (body, "%s{\"code\": \"%c%02u.%02u\", \"title\": \"Disease %u%s\"}",
                            i ? "," : "", 'A' + (i / 10000) % 26, (i / 100) % 100, i % 100, i,
                            title_tail);
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

static void
test_bad_input (LdTestFixture *fx,
                gconstpointer  data)
{
  g_autoptr(LdTestResponse) first = import (fx, fx->admin, SMALL_LIST);
  g_autofree char *long_title = g_strnfill (256, 'x');
  g_autofree char *body = NULL;

  ld_test_assert_status (first, 200);

  assert_refused (fx,
                  "{\"source\": \"Bad\", \"codes\": [{\"code\": \"A00.0\", \"title\": \"Ok\"},"
                  " {\"code\": \"e11.9\", \"title\": \"Lower case\"},"
                  " {\"code\": \"E1\", \"title\": \"Short\"}]}",
                  422, "validation_failed", "codes[1].code",
                  "must be an ICD-10 code such as E11.9");
  assert_refused (
    fx,
    "{\"source\": \"Bad\", \"codes\": [{\"code\": \"A00.0\", \"title\": \"Ok\"},"
    " {\"code\": \"A00.9\", \"title\": \"Ok\"}, {\"code\": \"A00.0\", \"title\": \"Again\"}]}",
    422, "validation_failed", "codes[2].code", "is listed twice");
  body =
    g_strdup_printf ("{\"source\": \"Bad\", \"codes\": [{\"code\": \"A00.0\", \"title\": \"%s\"}]}",
                     long_title);
  assert_refused (fx, body, 422, "validation_failed", "codes[0].title", "is too long");
  assert_refused (fx,
                  "{\"source\": \"Bad\", \"codes\": [{\"code\": \"A00.0\", \"title\": \"  \"}]}",
                  422, "validation_failed", "codes[0].title", "must not be empty");
  assert_refused (fx, "{\"source\": \"Bad\", \"codes\": [{\"code\": \"A00.0\"}]}",
                  422, "validation_failed", "codes[0].title", NULL);
  assert_refused (fx, "{\"source\": \"Bad\", \"codes\": [{\"code\": 12, \"title\": \"Number\"}]}",
                  422, "validation_failed", "codes[0].code", "must be a string");
  assert_refused (fx, "{\"source\": \"Bad\", \"codes\": [\"A00.0\"]}",
                  422, "validation_failed", "codes[0]", "must be an object");
  assert_refused (fx, "{\"source\": \"Bad\", \"codes\": {\"A00.0\": \"Cholera\"}}",
                  422, "validation_failed", "codes", "must be a list of at most 100000 codes");
  assert_refused (fx, "{\"codes\": []}", 422, "validation_failed", "source", NULL);
  assert_refused (fx, "{\"source\": \"Bad\"}", 422, "validation_failed", "codes", NULL);
  assert_refused (fx,
                  "{\"source\": \"Bad\", \"codes\": [{\"code\": \"A00.0\", \"title\": \"Ok\","
                  " \"chapter\": 1}]}",
                  400, "bad_request", "codes[0].chapter", "is not a known field");
  assert_refused (fx, "{\"source\": \"Bad\", \"codes\": [", 400, "bad_request", NULL, NULL);

  /* Over 100,000 codes: refused by count, not by size (this route takes
   * up to 16 MiB, more than the server's 1 MiB). */
  g_clear_pointer (&body, g_free);
  body = numbered_list (LD_ICD10_MAX_CODES + 1, "");
  g_assert_cmpuint (strlen (body), >, 1024 * 1024);
  assert_refused (fx, body, 422, "validation_failed", "codes",
                  "must be a list of at most 100000 codes");

  /* Over 16 MiB: refused while read. */
  g_clear_pointer (&body, g_free);
  long_title = (g_free (long_title), g_strnfill (200, 'y'));
  {
    g_autofree char *tail = g_strconcat (" ", long_title, NULL);

    body = numbered_list (80000, tail);
  }
  g_assert_cmpuint (strlen (body), >, 16 * 1024 * 1024);
  assert_refused (fx, body, 413, "payload_too_large", NULL, NULL);

  /* Only the administrator may send more than the server's limit: from
   * a doctor or from nobody a body over 1 MiB is refused by its size. */
  g_clear_pointer (&body, g_free);
  body = numbered_list (LD_ICD10_MAX_CODES + 1, "");
  {
    g_autofree char *doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
    g_autoptr(LdTestResponse) by_doctor = import (fx, doctor, body);
    g_autoptr(LdTestResponse) by_nobody = import (fx, NULL, body);

    ld_test_assert_error (by_doctor, 413, "payload_too_large");
    ld_test_assert_error (by_nobody, 413, "payload_too_large");
  }

  /* Every other route keeps the server's limit. */
  {
    g_autofree char *padding = g_strnfill (2 * 1024 * 1024, ' ');
    g_autofree char *settings = g_strconcat ("{\"version\": 1", padding, "}", NULL);
    g_autoptr(LdTestResponse) resp =
                 ld_test_send_json (fx->server, "PATCH", "/api/v1/settings", fx->admin, settings);

    ld_test_assert_error (resp, 413, "payload_too_large");
  }
}

static void
test_wrong_role (LdTestFixture *fx,
                 gconstpointer  data)
{
  g_autofree char *doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autofree char *desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autoptr(LdTestResponse) by_doctor = import (fx, doctor, SMALL_LIST);
  g_autoptr(LdTestResponse) by_desk = search (fx, desk, "cholera");
  g_autoptr(LdTestResponse) by_nobody = import (fx, NULL, SMALL_LIST);

  ld_test_assert_error (by_doctor, 403, "forbidden");
  ld_test_assert_error (by_desk, 403, "forbidden");
  g_assert_cmpint (by_nobody->status, ==, 401);
  g_assert_cmpint (count_codes (fx), ==, 0);
}

static LdTestResponse *
write_visit (LdTestServer *server,
             const char   *doctor,
             const char   *appointment_id,
             const char   *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/appointments/%s/visit", appointment_id);

  return ld_test_send_json (server, "PUT", path, doctor, body);
}

static void
test_visit_code (LdTestFixture *fx,
                 gconstpointer  data)
{
  g_autofree char *desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autoptr(LdTestResponse) me = ld_test_get (fx->server, "/api/v1/sessions/current", doctor);
  g_autoptr(LdTestResponse) patient = NULL;
  g_autoptr(LdTestResponse) started = NULL;
  g_autoptr(LdTestResponse) without_list = NULL;
  g_autoptr(LdTestResponse) imported = NULL;
  g_autoptr(LdTestResponse) not_listed = NULL;
  g_autoptr(LdTestResponse) kept = NULL;
  g_autoptr(LdTestResponse) listed = NULL;
  g_autofree char *appointment_id = NULL;
  g_autofree char *start_path = NULL;
  g_autofree char *body = NULL;

  ld_time_set_now (ld_test_clinic_at (8, 0));
  ld_test_assert_status (me, 200);
  ld_test_clinic_set_schedule (fx->server, fx->admin, ld_test_response_get_string (me, "user.id"));
  patient =
    ld_test_send_json (fx->server, "POST", "/api/v1/patients", desk,
                       "{\"name\": \"Anjali Desai\", \"sex\": \"female\", \"age_years\": 34}");
  ld_test_assert_status (patient, 201);
  appointment_id =
    ld_test_clinic_check_in (fx->server, desk, ld_test_response_get_string (patient, "patient.id"),
                             ld_test_response_get_string (me, "user.id"),
                             ld_test_clinic_at (10, 0));
  start_path = g_strdup_printf ("/api/v1/appointments/%s/start", appointment_id);
  started = ld_test_send_json (fx->server, "POST", start_path, doctor, "{\"version\": 2}");
  ld_test_assert_status (started, 200);

  /* No list: the shape is all that is checked. */
  without_list = write_visit (fx->server, doctor, appointment_id,
                              "{\"diagnosis\": \"Something rare\", \"icd10\": \"Z99.9\"}");
  ld_test_assert_status (without_list, 200);

  imported = import (fx, fx->admin, SMALL_LIST);
  ld_test_assert_status (imported, 200);

  /* A list: a new code must be in it, and nothing is saved otherwise. */
  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"diagnosis\": \"Rare\","
                          " \"icd10\": \"Z99.8\"}",
                          ld_test_response_get_int (without_list, "visit.version"));
  not_listed = write_visit (fx->server, doctor, appointment_id, body);
  ld_test_assert_error (not_listed, 422, "validation_failed");
  g_assert_cmpstr (ld_test_response_get_field_error (not_listed, "icd10"), ==,
                   "is not in the lab's ICD-10 list");
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM visits"
                                                         " WHERE icd10 = 'Z99.9'"
                                                         " AND diagnosis = 'Something rare'"),
                   ==, 1);

  /* The code the visit had stays writable. */
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"diagnosis\": \"Still rare\","
                          " \"icd10\": \"Z99.9\"}",
                          ld_test_response_get_int (without_list, "visit.version"));
  kept = write_visit (fx->server, doctor, appointment_id, body);
  ld_test_assert_status (kept, 200);

  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"diagnosis\": \"Influenza\","
                          " \"icd10\": \"J11\"}",
                          ld_test_response_get_int (kept, "visit.version"));
  listed = write_visit (fx->server, doctor, appointment_id, body);
  ld_test_assert_status (listed, 200);
  g_assert_cmpstr (ld_test_response_get_string (listed, "visit.icd10"), ==, "J11");
  ld_time_set_now (0);
}

/* 70,000 codes: each search answers fast, through the indexes. */
static void
test_large_list (LdTestFixture *fx,
                 gconstpointer  data)
{
  static const char * const words[] = {
    "acute",    "chronic", "fracture", "infection", "unspecified", "left",   "right",
    "upper",    "lower",   "limb",     "neoplasm",  "malignant",   "benign", "disorder",
    "syndrome", "injury",  "open",     "closed",    "bacterial",   "viral",  NULL
  };
  guint n_words = g_strv_length ((GStrv) words);
  g_autoptr(GString) body = g_string_new ("{\"source\": \"Generated\", \"codes\": [");
  g_autoptr(LdTestResponse) imported = NULL;
  g_autoptr(GTimer) timer = NULL;
  double slowest = 0;

  for (guint i = 0; i < 70000; i++)
    g_string_append_printf (body, "%s{\"code\": \"%c%02u.%02u\", \"title\": \"%s %s %s %u\"}",
                            i ? "," : "", 'A' + (i / 10000) % 26, (i / 100) % 100, i % 100,
                            words[i % n_words], words[(i / 7) % n_words],
                            words[(i / 131) % n_words], i);
  g_string_append (body, "]}");
  imported = import (fx, fx->admin, body->str);
  ld_test_assert_status (imported, 200);
  g_assert_cmpint (ld_test_response_get_int (imported, "count"), ==, 70000);

  timer = g_timer_new ();
  for (guint i = 0; i < 20; i++)
    {
      const char *queries[] = { "B12", "unspec", "acute left lim", "malignant neoplasm",
                                "c", "12345" };
      g_autoptr(LdTestResponse) resp = NULL;

      g_timer_start (timer);
      resp = search (fx, fx->admin, queries[i % G_N_ELEMENTS (queries)]);
      slowest = MAX (slowest, g_timer_elapsed (timer, NULL));
      ld_test_assert_status (resp, 200);
      g_assert_cmpuint (json_array_get_length (
                          json_object_get_array_member (ld_test_response_object (resp), "items")),
                        >, 0);
    }
  g_test_message ("slowest search of 70,000 codes: %.1f ms", slowest * 1000);
  /* A generous bound for a loaded machine under ASan; bench it for speed. */
  g_assert_cmpfloat (slowest, <, 5.0);

  /* The words search goes through the words' index, not the titles. */
  if (!ld_test_server_is_postgresql (fx->server))
    {
      g_autoptr(LdDb) db = ld_test_server_open_db (fx->server);
      g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", ld_store_icd10_words_sql, NULL);
      g_autoptr(GString) plan = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      LdDbStmt *stmt = ld_db_prepare_cached (db, sql, &error);

      g_assert_no_error (error);
      ld_db_bind_text (stmt, 1, "unspec");
      ld_db_bind_text (stmt, 2, "unspec\xf4\x8f\xbf\xbf");
      while (ld_db_step (stmt, &error) == LD_DB_ROW)
        g_string_append_printf (plan, "%s\n", ld_db_column_text (stmt, 3));
      g_assert_no_error (error);
      g_test_message ("plan:\n%s", plan->str);
      g_assert_nonnull (strstr (plan->str, "icd10_words USING COVERING INDEX"));
      g_assert_null (strstr (plan->str, "SCAN icd10_codes"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  LD_TEST_ADD ("/server/icd10/import-and-search", test_import_and_search);
  LD_TEST_ADD ("/server/icd10/replace", test_replace);
  LD_TEST_ADD ("/server/icd10/bad-input", test_bad_input);
  LD_TEST_ADD ("/server/icd10/wrong-role", test_wrong_role);
  LD_TEST_ADD ("/server/icd10/visit-code", test_visit_code);
  LD_TEST_ADD ("/server/icd10/large-list", test_large_list);

  return g_test_run ();
}

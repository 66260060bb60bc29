/* test-api-verify.c: GET /verify/{code}, what a report's QR code opens
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No sign-in, nothing of the patient beyond initials, nothing written.
 * The lookup limit is per process, so its test runs last.
 */

#include "config.h"

#include "ld-test-documents.h"

typedef struct
{
  LdLab *lab;
  char  *order_id;
  char  *code;
} Suite;

static const char * const want_json[] = { "Accept", "application/json", NULL };
static const char * const want_html[] = { "Accept", "text/html,application/xhtml+xml,*/*;q=0.8",
                                          NULL };

static LdTestResponse *
verify (Suite              *suite,
        const char         *code,
        const char * const *headers)
{
  g_autofree char *path = g_strconcat ("/verify/", code, NULL);

  return ld_test_request_with_headers (suite->lab->server, "GET", path, NULL, NULL, NULL, 0,
                                       headers);
}

static gint64
count_writes (Suite *suite)
{
  return ld_test_server_query_int (
    suite->lab->server,
    "SELECT (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM changes)"
    " + (SELECT count(*) FROM reports) + (SELECT count(*) FROM sessions)");
}

static void
assert_no_patient_data (LdTestResponse *resp)
{
  g_assert_null (strstr (resp->body, "Meera"));
  g_assert_null (strstr (resp->body, "Pillai"));
  g_assert_null (strstr (resp->body, "1984"));
  g_assert_null (strstr (resp->body, "P00"));
  g_assert_null (strstr (resp->body, "Haemoglobin"));
}

static void
test_genuine (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  g_autofree char *number = ld_test_order_number (suite->lab, suite->order_id);
  g_autoptr(JsonObject) v1 = ld_test_report_version (suite->lab, suite->order_id, 1);
  gint64 writes_before = count_writes (suite);
  g_autoptr(LdTestResponse) json = verify (suite, suite->code, want_json);
  g_autoptr(LdTestResponse) html = verify (suite, suite->code, want_html);
  g_autoptr(LdTestResponse) typed = NULL;
  g_autofree char *lower = g_ascii_strdown (suite->code, -1);
  g_auto(GStrv) groups = g_strsplit (lower, "-", -1);
  g_autofree char *spaced = g_strjoinv ("%20", groups);
  g_autofree char *joined = g_strjoinv ("", groups);
  SoupMessageHeaders *headers;

  ld_test_assert_status (json, 200);
  g_assert_true (json_object_get_boolean_member (ld_test_response_object (json), "genuine"));
  g_assert_cmpstr (ld_test_response_get_string (json, "code"), ==, suite->code);
  g_assert_cmpstr (ld_test_response_get_string (json, "order_number"), ==, number);
  g_assert_cmpint (ld_test_response_get_int (json, "version"), ==, 1);
  g_assert_false (json_object_get_boolean_member (ld_test_response_object (json), "corrected"));
  g_assert_false (json_object_get_boolean_member (ld_test_response_object (json), "superseded"));
  g_assert_cmpint (ld_test_response_get_int (json, "latest_version"), ==, 1);
  g_assert_cmpstr (ld_test_response_get_string (json, "released_at"), ==,
                   json_object_get_string_member (v1, "released_at"));
  g_assert_cmpstr (ld_test_response_get_string (json, "patient_initials"), ==, "M. P.");
  g_assert_cmpstr (ld_test_response_get_string (json, "pdf_sha256"), ==,
                   json_object_get_string_member (v1, "pdf_sha256"));
  g_assert_cmpstr (ld_test_response_get_string (json, "lab_name"), ==,
                   "Sunrise Diagnostics (DEMO DATA)");
  assert_no_patient_data (json);

  /* A phone's browser gets a page, which runs and loads nothing. */
  ld_test_assert_status (html, 200);
  headers = html->headers;
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/html");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Security-Policy"), ==,
                   "default-src 'none'; style-src 'unsafe-inline'");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Vary"), ==, "Accept");
  ld_test_assert_contains (html->body, "Genuine report");
  ld_test_assert_contains (html->body, number);
  ld_test_assert_contains (html->body, "M. P.");
  ld_test_assert_contains (html->body, "This is the latest version of the report.");
  assert_no_patient_data (html);

  /* Typed by hand: lower case, spaces instead of dashes, or neither. */
  typed = verify (suite, spaced, want_json);
  ld_test_assert_status (typed, 200);
  g_assert_cmpstr (ld_test_response_get_string (typed, "code"), ==, suite->code);
  g_clear_pointer (&typed, ld_test_response_free);
  typed = verify (suite, joined, want_json);
  ld_test_assert_status (typed, 200);

  g_assert_cmpint (count_writes (suite), ==, writes_before);
}

/* Initials are whole letters as a reader sees them: a conjunct with its
 * vowel sign, never a half letter with a virama ("क्."). */
static void
test_devanagari_initials (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  static const struct
  {
    const char *name;
    const char *initials;
  } cases[] = {
    { "क्षितिज त्रिपाठी", "क्षि. त्रि." },
    { "श्रीमती प्रिया द्विवेदी", "श्री. प्रि. द्वि." },
    { "अनिल कुमार शर्मा", "अ. कु. श." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"male\","
                                               " \"age_years\": 40}", cases[i].name);
      g_autofree char *patient_id = ld_lab_new_patient (suite->lab, body);
      g_autofree char *order_id = ld_test_order_released (suite->lab, patient_id);
      g_autoptr(JsonObject) v1 = ld_test_report_version (suite->lab, order_id, 1);
      g_autoptr(LdTestResponse) json = NULL;
      g_autoptr(LdTestResponse) html = NULL;

      json = verify (suite, json_object_get_string_member (v1, "verification_code"), want_json);
      ld_test_assert_status (json, 200);
      g_assert_cmpstr (ld_test_response_get_string (json, "patient_initials"), ==,
                       cases[i].initials);
      html = verify (suite, json_object_get_string_member (v1, "verification_code"), want_html);
      ld_test_assert_contains (html->body, cases[i].initials);
    }
}

/* A corrected version supersedes the first; both stay genuine. */
static void
test_superseded (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  LdLab *lab = suite->lab;
  g_autoptr(LdTestResponse) results = ld_lab_get_results (lab, lab->technician, suite->order_id);
  g_autofree char *amend =
    g_strdup_printf ("{\"reason\": \"Repeat on a fresh sample\", \"results\":"
                     " [{\"test_code\": \"K\", \"version\": %" G_GINT64_FORMAT ","
                     " \"value\": \"4.2\"}]}",
                     json_object_get_int_member (ld_lab_find_result (results, "items", "K"),
                                                 "version"));
  g_autoptr(LdTestResponse) amended =
               ld_lab_order_post (lab, lab->signatory, suite->order_id, "amendments", amend);
  g_autoptr(JsonObject) v2 = NULL;
  g_autoptr(LdTestResponse) first = NULL;
  g_autoptr(LdTestResponse) second = NULL;
  g_autoptr(LdTestResponse) page = NULL;

  ld_test_assert_status (amended, 201);
  v2 = ld_test_report_version (lab, suite->order_id, 2);

  first = verify (suite, suite->code, want_json);
  ld_test_assert_status (first, 200);
  g_assert_true (json_object_get_boolean_member (ld_test_response_object (first), "superseded"));
  g_assert_cmpint (ld_test_response_get_int (first, "latest_version"), ==, 2);

  second = verify (suite, json_object_get_string_member (v2, "verification_code"), want_json);
  ld_test_assert_status (second, 200);
  g_assert_cmpint (ld_test_response_get_int (second, "version"), ==, 2);
  g_assert_true (json_object_get_boolean_member (ld_test_response_object (second), "corrected"));
  g_assert_false (json_object_get_boolean_member (ld_test_response_object (second), "superseded"));

  page = verify (suite, suite->code, want_html);
  ld_test_assert_contains (page->body,
                           "Superseded: version 2, a corrected report, replaces this one.");
}

/* Codes that are not codes, and codes no report has: clear answers that
 * tell nothing, and nothing written. */
static void
test_refusals (gconstpointer data)
{
  Suite      *suite = (Suite *) data;
  const char *malformed[] = {
    "HB",          "K7QM-3XPD-W2H0", "K7QM-3XPD-W2HC-W2HC", "K7QM.3XPD.W2HC", "%27%20OR%201%3D1",
    "%F0%9F%98%80"
  };
  gint64 writes_before = count_writes (suite);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(LdTestResponse) json = verify (suite, malformed[i], want_json);
      g_autoptr(LdTestResponse) html = verify (suite, malformed[i], want_html);

      g_test_message ("%s", malformed[i]);
      ld_test_assert_error (json, 400, "bad_request");
      ld_test_assert_status (html, 400);
      ld_test_assert_contains (html->body, "Not a report code");
    }

  {
    /* The right shape, but no report has it. */
    g_autoptr(LdTestResponse) json = verify (suite, "2345-6789-ABCD", want_json);
    g_autoptr(LdTestResponse) html = verify (suite, "2345-6789-ABCD", want_html);
    g_autoptr(LdTestResponse) query = NULL;
    g_autofree char *with_query = g_strconcat (suite->code, "?lang=hi", NULL);

    ld_test_assert_error (json, 404, "not_found");
    ld_test_assert_status (html, 404);
    ld_test_assert_contains (html->body, "Report not found");
    query = verify (suite, with_query, want_json);
    ld_test_assert_error (query, 400, "bad_request");
  }

  {
    g_autofree char *path = g_strconcat ("/verify/", suite->code, NULL);
    g_autoptr(LdTestResponse) post =
                 ld_test_send_json (suite->lab->server, "POST", path, NULL, "{}");

    ld_test_assert_error (post, 405, "method_not_allowed");
  }

  g_assert_cmpint (count_writes (suite), ==, writes_before);
}

/* One client may look up a few dozen codes a minute, then waits. */
static void
test_rate_limit (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  g_autoptr(LdTestResponse) limited = NULL;
  g_autoptr(LdTestResponse) page = NULL;
  guint n;

  for (n = 0; n < 40 && limited == NULL; n++)
    {
      LdTestResponse *resp = verify (suite, suite->code, want_json);

      if (resp->status == 429)
        limited = resp;
      else
        {
          ld_test_assert_status (resp, 200);
          ld_test_response_free (resp);
        }
    }

  g_assert_nonnull (limited);
  ld_test_assert_error (limited, 429, "rate_limited");
  g_assert_cmpint (g_ascii_strtoll (soup_message_headers_get_one (limited->headers, "Retry-After"),
                                    NULL, 10),
                   >=, 1);
  g_assert_cmpint (g_ascii_strtoll (soup_message_headers_get_one (limited->headers, "Retry-After"),
                                    NULL, 10),
                   <=, 60);

  /* Malformed or not, every lookup counts. */
  page = verify (suite, "HB", want_html);
  ld_test_assert_status (page, 429);
  ld_test_assert_contains (page->body, "Please wait");
}

int
main (int   argc,
      char *argv[])
{
  Suite suite;
  g_autofree char *patient_id = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  suite.lab = ld_lab_new ();
  ld_test_patch_settings (suite.lab, "\"public_base_url\": \"" LD_TEST_PUBLIC_URL "\"");
  patient_id = ld_lab_new_patient (suite.lab, "{\"name\": \"Meera Pillai\", \"sex\": \"female\","
                                              " \"date_of_birth\": \"1984-03-21\"}");
  suite.order_id = ld_test_order_released (suite.lab, patient_id);
  {
    g_autoptr(JsonObject) v1 = ld_test_report_version (suite.lab, suite.order_id, 1);

    suite.code = g_strdup (json_object_get_string_member (v1, "verification_code"));
  }

  g_test_add_data_func ("/verify/genuine", &suite, test_genuine);
  g_test_add_data_func ("/verify/superseded", &suite, test_superseded);
  g_test_add_data_func ("/verify/refusals", &suite, test_refusals);
  g_test_add_data_func ("/verify/devanagari-initials", &suite, test_devanagari_initials);
  g_test_add_data_func ("/verify/rate-limit", &suite, test_rate_limit);

  status = g_test_run ();
  g_free (suite.order_id);
  g_free (suite.code);
  ld_lab_free (suite.lab);
  return status;
}

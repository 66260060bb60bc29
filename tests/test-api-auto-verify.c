/* test-api-auto-verify.c: results verified by the rules (issue 34, CLSI
 * AUTO10), over the real server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Potassium's values come from an analyzer over MLLP (HL7 v2.5.1, the
 * instrument listener's own port) and a technician submits them. With
 * every rule on, a plainly normal value is verified by the system and
 * audited with the rule set; each rule alone holds a value for a person;
 * a value arriving is never verified by arriving; release stays with the
 * signatory; with the rules off nothing is verified by them. The
 * configuration's API refuses bad input in the documented shape.
 */

#include "config.h"

#include "ld-test-lab.h"

#define PATIENT(name) "{\"name\": \"" name "\", \"sex\": \"male\", \"age_years\": 47}"
#define ALL_RULES "[\"range\", \"critical\", \"delta\", \"flags\", \"sample\", \"instrument\"]"
#define AUTO_K   "/api/v1/catalog/tests/K/auto-verification"

typedef struct
{
  LdLab  *lab;
  gint64  port;
  gint64  rules_version;
} Suite;

static gint64
count (Suite      *suite,
       const char *format,
       ...) G_GNUC_PRINTF (2, 3);

static gint64
count (Suite      *suite,
       const char *format,
       ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return ld_test_server_query_int (suite->lab->server, sql);
}

/* Puts K's rule set, as the administrator does; returns its version. */
static gint64
put_rules (Suite      *suite,
           gboolean    enabled,
           const char *rules)
{
  g_autofree char *body =
    g_strdup_printf ("{\"enabled\": %s, \"rules\": %s, \"version\": %" G_GINT64_FORMAT "}",
                     enabled ? "true" : "false", rules, suite->rules_version);
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (suite->lab->server, "PUT", AUTO_K, suite->lab->admin, body);

  ld_test_assert_status (resp, 200);
  suite->rules_version = ld_test_response_get_int (resp, "auto_verification.version");
  return suite->rules_version;
}

static JsonObject *
sample_of (Suite      *suite,
           const char *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/samples", order_id);
  g_autoptr(LdTestResponse) resp = ld_test_get (suite->lab->server, path, suite->lab->technician);
  JsonArray *items;

  ld_test_assert_status (resp, 200);
  items = json_object_get_array_member (ld_test_response_object (resp), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_object_ref (json_array_get_object_element (items, 0));
}

/* Sends one ORU^R01 with K's value and flags in an MLLP frame, as an
 * analyzer does, and waits for its acknowledgement: then it is stored. */
static void
analyzer_sends (Suite      *suite,
                const char *accession,
                const char *value,
                const char *flags)
{
  static guint control;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autofree char *message = NULL;
  g_autofree char *expected = NULL;
  GOutputStream *out;
  GInputStream *in;
  char buffer[512];
  gssize n;

  message = g_strdup_printf (
    "\x0bMSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|20261126101500||ORU^R01^ORU_R01|AV%04u|P|2.5.1\r"
    "PID|1||P0001\r"
    "OBR|1||%s|K^Potassium|||20261126101000\r"
    "OBX|1|NM|K^Potassium||%s|mmol/L|3.5-5.1|%s|||F\r\x1c\r",
    ++control, accession, value, flags);
  expected = g_strdup_printf ("MSA|AA|AV%04u", control);

  g_socket_client_set_timeout (client, 60);
  connection =
    g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) suite->port, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_assert_true (g_output_stream_write_all (out, message, strlen (message), NULL, NULL, &error));
  g_assert_no_error (error);
  while (strstr (answer->str, "\x1c\r") == NULL &&
         (n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (answer, buffer, n);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (answer->str, expected));
}

/* A new order for @patient_id with K in the lab, its sample received. */
static char *
new_order (Suite       *suite,
           const char  *patient_id,
           char       **out_accession)
{
  char *order_id = ld_lab_order_in_lab (suite->lab, patient_id, "\"items\": [\"K\"]");
  g_autoptr(JsonObject) sample = sample_of (suite, order_id);

  *out_accession = g_strdup (json_object_get_string_member (sample, "accession"));
  return order_id;
}

/* The analyzer sends @value with @flags; the technician submits @typed
 * (the instrument's value as it came when NULL). Returns K as it is. */
static JsonObject *
send_and_submit (Suite      *suite,
                 const char *order_id,
                 const char *accession,
                 const char *value,
                 const char *flags,
                 const char *typed)
{
  g_autoptr(LdTestResponse) draft = NULL;
  g_autoptr(LdTestResponse) saved = NULL;
  JsonObject *k;

  analyzer_sends (suite, accession, value, flags);
  /* Arriving verifies nothing: the value waits, a draft, for a person. */
  draft = ld_lab_get_results (suite->lab, suite->lab->technician, order_id);
  k = ld_lab_find_result (draft, "items", "K");
  g_assert_cmpstr (json_object_get_string_member (k, "state"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (k, "source"), ==, "Cobas c311");

  saved = ld_lab_save (suite->lab, suite->lab->technician, order_id, TRUE, "K",
                       typed ? typed : value, NULL);
  ld_test_assert_status (saved, 200);
  return json_object_ref (ld_lab_find_result (saved, "results", "K"));
}

/* A held result stays submitted, and the audit says which rule held it. */
static void
assert_held (Suite      *suite,
             JsonObject *k,
             const char *rule)
{
  const char      *id = json_object_get_string_member (k, "id");
  g_autofree char *detail =
    g_strdup_printf ("K held for a person by the %s rule of rules v%" G_GINT64_FORMAT ": %%", rule,
                     suite->rules_version);

  g_assert_cmpstr (json_object_get_string_member (k, "state"), ==, "entered");
  g_assert_true (json_object_get_null_member (k, "verified_at"));
  g_assert_cmpint (count (suite,
                          "SELECT count(*) FROM audit_events WHERE action = "
                          "'result.auto_verify_held' AND username = 'system (auto-verification)'"
                          " AND entity_id = '%s' AND detail LIKE '%s'",
                          id, detail),
                   ==, 1);
  g_assert_cmpint (count (suite,
                          "SELECT count(*) FROM audit_events WHERE action = 'result.auto_verify'"
                          " AND entity_id = '%s'",
                          id),
                   ==, 0);
}

static void
suite_setup (Suite *suite)
{
  g_autoptr(LdTestResponse) created = NULL;
  g_autoptr(LdTestResponse) status = NULL;
  g_autoptr(LdTestResponse) catalog = NULL;
  g_autoptr(LdTestResponse) patched = NULL;
  g_autofree char *patch = NULL;
  JsonArray *tests;
  gint64 k_version = 0;

  suite->lab = ld_lab_new ();
  created = ld_test_send_json (suite->lab->server, "POST", "/api/v1/instruments",
                               suite->lab->admin,
                               "{\"name\": \"Cobas c311\", \"protocol\": \"hl7\","
                               " \"address\": \"127.0.0.1\", \"port\": 0, \"codes\": ["
                               "{\"instrument_code\": \"K\", \"test_code\": \"K\"}]}");
  ld_test_assert_status (created, 201);
  status = ld_test_get (suite->lab->server, "/api/v1/instruments/status", suite->lab->admin);
  ld_test_assert_status (status, 200);
  suite->port = json_object_get_int_member (
    json_array_get_object_element (json_object_get_array_member (ld_test_response_object (status),
                                                                 "items"),
                                   0),
    "port");
  g_assert_cmpint (suite->port, >, 0);

  /* Potassium gets a delta check: 1.0 mmol/L within 30 days. */
  catalog = ld_test_get (suite->lab->server, "/api/v1/catalog", suite->lab->admin);
  tests = json_object_get_array_member (ld_test_response_object (catalog), "tests");
  for (guint i = 0; i < json_array_get_length (tests); i++)
    {
      JsonObject *test = json_array_get_object_element (tests, i);

      if (g_str_equal (json_object_get_string_member (test, "code"), "K"))
        k_version = json_object_get_int_member (test, "version");
    }
  patch = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"delta_check\": {\"type\":"
                           " \"absolute\", \"limit\": 1.0, \"window_days\": 30}}",
                           k_version);
  patched = ld_test_send_json (suite->lab->server, "PATCH", "/api/v1/catalog/tests/K",
                               suite->lab->admin, patch);
  ld_test_assert_status (patched, 200);
}

/* Off by default; the administrator's choice is checked and versioned. */
static void
test_configuration (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  LdTestServer *server = suite->lab->server;
  g_autoptr(LdTestResponse) fresh = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  JsonObject *config;
  JsonArray *rules;

  fresh = ld_test_get (server, AUTO_K, suite->lab->admin);
  ld_test_assert_status (fresh, 200);
  config = json_object_get_object_member (ld_test_response_object (fresh), "auto_verification");
  g_assert_cmpstr (json_object_get_string_member (config, "test_code"), ==, "K");
  g_assert_false (json_object_get_boolean_member (config, "enabled"));
  g_assert_cmpint (json_object_get_int_member (config, "version"), ==, 0);
  rules = json_object_get_array_member (config, "rules");
  g_assert_cmpuint (json_array_get_length (rules), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (config, "rule_set"), ==,
                   "rules v0: range, critical, delta, flags, sample, instrument");

  /* Bad input, each refused in the documented shape, nothing saved. */
  resp = ld_test_send_json (server, "PUT", AUTO_K, suite->lab->admin,
                            "{\"enabled\": true, \"rules\": [\"range\"], \"version\": 0}");
  ld_test_assert_error (resp, 422, "validation_failed");
  g_assert_nonnull (
    strstr (ld_test_response_get_field_error (resp, "rules"), "must include critical"));
  g_clear_pointer (&resp, ld_test_response_free);
  resp = ld_test_send_json (server, "PUT", AUTO_K, suite->lab->admin,
                            "{\"enabled\": true, \"rules\": [\"critical\", \"colour\"],"
                            " \"version\": 0}");
  ld_test_assert_error (resp, 422, "validation_failed");
  g_clear_pointer (&resp, ld_test_response_free);
  resp = ld_test_send_json (server, "PUT", AUTO_K, suite->lab->admin,
                            "{\"enabled\": \"yes\", \"rules\": [\"critical\"], \"version\": 0}");
  ld_test_assert_error (resp, 422, "validation_failed");
  g_clear_pointer (&resp, ld_test_response_free);
  resp = ld_test_send_json (server, "PUT", AUTO_K, suite->lab->admin,
                            "{\"enabled\": true, \"rules\": [\"critical\"], \"version\": 0,"
                            " \"colour\": 1}");
  ld_test_assert_error (resp, 400, "bad_request");
  g_clear_pointer (&resp, ld_test_response_free);
  resp = ld_test_send_json (server, "PUT", AUTO_K, suite->lab->admin,
                            "{\"enabled\": true, \"rules\": [\"critical\"], \"version\": 4}");
  ld_test_assert_error (resp, 409, "conflict");
  g_assert_cmpint (ld_test_response_get_int (resp, "current.version"), ==, 0);
  g_clear_pointer (&resp, ld_test_response_free);
  resp = ld_test_send_json (server, "PUT", "/api/v1/catalog/tests/NOPE/auto-verification",
                            suite->lab->admin,
                            "{\"enabled\": true, \"rules\": [\"critical\"], \"version\": 0}");
  ld_test_assert_error (resp, 404, "not_found");
  g_clear_pointer (&resp, ld_test_response_free);
  resp = ld_test_send_json (server, "PUT", AUTO_K, suite->lab->technician,
                            "{\"enabled\": true, \"rules\": [\"critical\"], \"version\": 0}");
  ld_test_assert_error (resp, 403, "forbidden");
  g_clear_pointer (&resp, ld_test_response_free);
  g_assert_cmpint (count (suite, "SELECT count(*) FROM auto_verification"), ==, 0);

  g_assert_cmpint (put_rules (suite, TRUE, ALL_RULES), ==, 1);
  g_assert_cmpint (count (suite,
                          "SELECT count(*) FROM audit_events WHERE action ="
                          " 'catalog.auto_verification' AND entity_id = 'K' AND detail ="
                          " 'K on, rules v1: range, critical, delta, flags, sample, instrument'"),
                   ==, 1);
  resp = ld_test_get (server, AUTO_K, suite->lab->admin);
  g_assert_true (
    json_object_get_boolean_member (json_object_get_object_member (ld_test_response_object (resp),
                                                                   "auto_verification"),
                                    "enabled"));
}

/* Every rule passes: verified by the system in the submission itself,
 * audited with the rule set; release stays with the signatory. */
static void
test_all_pass (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  LdLab *lab = suite->lab;
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT ("Kiran Rao"));
  g_autofree char *accession = NULL;
  g_autofree char *order_id = new_order (suite, patient_id, &accession);
  g_autofree char *release = NULL;
  g_autoptr(JsonObject) k = send_and_submit (suite, order_id, accession, "4.2", "N", NULL);
  g_autoptr(LdTestResponse) refused = NULL;
  g_autoptr(LdTestResponse) released = NULL;
  g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) order = NULL;

  g_assert_cmpstr (json_object_get_string_member (k, "state"), ==, "verified");
  g_assert_true (json_object_get_null_member (k, "verified_by"));
  g_assert_nonnull (json_object_get_string_member (k, "verified_at"));
  g_assert_cmpstr (json_object_get_string_member (k, "source"), ==, "Cobas c311");
  g_assert_cmpint (
    count (suite,
           "SELECT count(*) FROM audit_events WHERE action = 'result.auto_verify' AND username ="
           " 'system (auto-verification)' AND user_id IS NULL AND entity_id = '%s' AND detail ="
           " 'K verified by rules v%" G_GINT64_FORMAT
           ": range, critical, delta, flags, sample, instrument'",
           json_object_get_string_member (k, "id"), suite->rules_version),
    ==, 1);
  order = ld_test_get (lab->server, order_path, lab->technician);
  g_assert_cmpstr (ld_test_response_get_string (order, "order.lab_state"), ==, "verified");

  release = ld_lab_release_body (lab, order_id);
  refused = ld_lab_refused (lab, lab->technician, order_id, "release", release, 403, "forbidden");
  released = ld_lab_release (lab, lab->signatory, order_id);
  ld_test_assert_status (released, 201);
}

/* Each rule alone holds the value for a person. */
static void
test_each_rule_holds (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  LdLab *lab = suite->lab;
  g_autofree char *patient_id = ld_lab_new_patient (lab, PATIENT ("Arjun Mehta"));
  g_autofree char *accession = NULL;
  g_autofree char *order_id = NULL;
  g_autoptr(JsonObject) k = NULL;
  g_autoptr(JsonObject) sample = NULL;
  g_autoptr(LdTestResponse) disposed = NULL;
  g_autofree char *custody_path = NULL;
  g_autofree char *custody = NULL;

  /* range: 5.3 is high, not critical. */
  order_id = new_order (suite, patient_id, &accession);
  k = send_and_submit (suite, order_id, accession, "5.3", "N", NULL);
  assert_held (suite, k, "range");
  g_clear_pointer (&k, json_object_unref);
  g_clear_pointer (&order_id, g_free);
  g_clear_pointer (&accession, g_free);

  /* critical: with the range rule off, 6.5 is still held. */
  put_rules (suite, TRUE, "[\"critical\", \"delta\", \"flags\", \"sample\", \"instrument\"]");
  order_id = new_order (suite, patient_id, &accession);
  k = send_and_submit (suite, order_id, accession, "6.5", "N", NULL);
  assert_held (suite, k, "critical");
  g_clear_pointer (&k, json_object_unref);
  g_clear_pointer (&order_id, g_free);
  g_clear_pointer (&accession, g_free);
  put_rules (suite, TRUE, ALL_RULES);

  /* flags: the analyzer said H. */
  order_id = new_order (suite, patient_id, &accession);
  k = send_and_submit (suite, order_id, accession, "4.2", "H", NULL);
  assert_held (suite, k, "flags");
  g_clear_pointer (&k, json_object_unref);
  g_clear_pointer (&order_id, g_free);
  g_clear_pointer (&accession, g_free);

  /* instrument: the technician typed another value over the draft. */
  order_id = new_order (suite, patient_id, &accession);
  k = send_and_submit (suite, order_id, accession, "4.2", "N", "4.3");
  g_assert_cmpstr (json_object_get_string_member (k, "source"), ==, "typed");
  assert_held (suite, k, "instrument");
  g_clear_pointer (&k, json_object_unref);
  g_clear_pointer (&order_id, g_free);
  g_clear_pointer (&accession, g_free);

  /* sample: thrown away before the value was submitted. */
  order_id = new_order (suite, patient_id, &accession);
  analyzer_sends (suite, accession, "4.2", "N");
  sample = sample_of (suite, order_id);
  custody_path =
    g_strdup_printf ("/api/v1/samples/%s/custody", json_object_get_string_member (sample, "id"));
  custody = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"disposed\"}",
                             json_object_get_int_member (sample, "version"));
  disposed = ld_test_send_json (lab->server, "POST", custody_path, lab->technician, custody);
  ld_test_assert_status (disposed, 200);
  {
    g_autoptr(LdTestResponse) saved =
                 ld_lab_save (lab, lab->technician, order_id, TRUE, "K", "4.2", NULL);

    ld_test_assert_status (saved, 200);
    k = json_object_ref (ld_lab_find_result (saved, "results", "K"));
  }
  assert_held (suite, k, "sample");
  g_clear_pointer (&k, json_object_unref);
  g_clear_pointer (&order_id, g_free);
  g_clear_pointer (&accession, g_free);

  /* delta: 4.0 passes and is verified; 5.1 a day's work later is within
   * the interval, but 1.1 from it. */
  order_id = new_order (suite, patient_id, &accession);
  k = send_and_submit (suite, order_id, accession, "4.0", "N", NULL);
  g_assert_cmpstr (json_object_get_string_member (k, "state"), ==, "verified");
  g_clear_pointer (&k, json_object_unref);
  g_clear_pointer (&order_id, g_free);
  g_clear_pointer (&accession, g_free);
  order_id = new_order (suite, patient_id, &accession);
  k = send_and_submit (suite, order_id, accession, "5.1", "N", NULL);
  g_assert_false (json_object_get_null_member (k, "delta"));
  assert_held (suite, k, "delta");
}

/* With the rules off nothing is verified by them, nor held. */
static void
test_off (gconstpointer data)
{
  Suite *suite = (Suite *) data;
  g_autofree char *patient_id = ld_lab_new_patient (suite->lab, PATIENT ("Vikram Iyer"));
  g_autofree char *accession = NULL;
  g_autofree char *order_id = NULL;
  g_autoptr(JsonObject) k = NULL;
  gint64 audited;

  put_rules (suite, FALSE, ALL_RULES);
  audited = count (suite, "SELECT count(*) FROM audit_events WHERE action LIKE"
                          " 'result.auto_verify%%'");
  order_id = new_order (suite, patient_id, &accession);
  k = send_and_submit (suite, order_id, accession, "4.2", "N", NULL);
  g_assert_cmpstr (json_object_get_string_member (k, "state"), ==, "entered");
  g_assert_cmpint (count (suite, "SELECT count(*) FROM audit_events WHERE action LIKE"
                                 " 'result.auto_verify%%'"),
                   ==, audited);
}

int
main (int   argc,
      char *argv[])
{
  Suite suite = { NULL, 0, 0 };
  int status;

  g_test_init (&argc, &argv, NULL);
  suite_setup (&suite);

  /* In order: the configuration turns the rules on, the last test off. */
  g_test_add_data_func ("/api/auto-verify/configuration", &suite, test_configuration);
  g_test_add_data_func ("/api/auto-verify/all-pass", &suite, test_all_pass);
  g_test_add_data_func ("/api/auto-verify/each-rule-holds", &suite, test_each_rule_holds);
  g_test_add_data_func ("/api/auto-verify/off", &suite, test_off);

  status = g_test_run ();
  ld_lab_free (suite.lab);
  return status;
}

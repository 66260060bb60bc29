/* test-api-results.c: results from entry to amendment, over HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One server for the whole binary, every role signed in once; each test
 * makes its own patients and orders.
 */

#include "config.h"

#include "ld-store-results.h"
#include "ld-test-lab.h"
#include "ld-test-orders.h"
#include "ld-test-snapshot.h"

/* A woman of 42 on the day these tests were written; each test its own. */
#define WOMAN(name) \
  "{\"name\": \"" name "\", \"sex\": \"female\", \"date_of_birth\": \"1984-03-21\"}"

static JsonArray *
member_array (LdTestResponse *resp,
              const char     *name)
{
  return json_object_get_array_member (ld_test_response_object (resp), name);
}

static const char *
result_string (LdTestResponse *resp,
               const char     *list,
               const char     *code,
               const char     *member)
{
  JsonObject *result = ld_lab_find_result (resp, list, code);
  JsonNode *node = json_object_get_member (result, member);

  return JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);
}

static void
assert_all_in_state (LdTestResponse *resp,
                     const char     *list,
                     const char     *state,
                     guint           expected)
{
  JsonArray *results = member_array (resp, list);

  g_assert_cmpuint (json_array_get_length (results), ==, expected);
  for (guint i = 0; i < json_array_get_length (results); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i),
                                                    "state"),
                     ==, state);
}

static gint64
count (LdLab      *lab,
       const char *sql)
{
  return ld_test_server_query_int (lab->server, sql);
}

/* The feed as @token sees it, replayed: entity "\n" id → last record. */
static GHashTable *
replay_feed (LdLab      *lab,
             const char *token)
{
  return ld_test_replay_feed (lab->server, token);
}

static guint
count_entity (GHashTable *state,
              const char *entity)
{
  g_autofree char *prefix = g_strconcat (entity, "\n", NULL);
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  g_hash_table_iter_init (&iter, state);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    n += g_str_has_prefix (key, prefix);

  return n;
}

static guint
count_results_of (GHashTable *state,
                  const char *order_id)
{
  GHashTableIter iter;
  gpointer key, record;
  guint n = 0;

  g_hash_table_iter_init (&iter, state);
  while (g_hash_table_iter_next (&iter, &key, &record))
    n += g_str_has_prefix (key, "result\n") &&
         g_strcmp0 (ld_json_object_get_string (json_node_get_object (record), "order_id"),
                    order_id) == 0;

  return n;
}

/* Every result of @resp's @list is in @state exactly as the answer shows it. */
static void
assert_feed_has_results (GHashTable     *state,
                         LdTestResponse *resp,
                         const char     *list)
{
  JsonArray *results = member_array (resp, list);

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode        *result = json_array_get_element (results, i);
      g_autofree char *key =
        g_strconcat ("result\n",
                     json_object_get_string_member (json_node_get_object (result), "id"), NULL);
      JsonNode *record = g_hash_table_lookup (state, key);

      g_assert_nonnull (record);
      g_assert_true (json_node_equal (record, result));
    }
}

static JsonObject *
only_item (LdTestResponse *resp)
{
  JsonArray *items = member_array (resp, "items");

  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  return json_array_get_object_element (items, 0);
}

/* The whole story: a doctor's CBC + KFT + GLUF prescription, paid,
 * collected in three tubes, received, entered with one critical value,
 * verified by another technician, released; the doctor acknowledges the
 * alert; an amendment issues a corrected report keeping the old value. */
static void
test_end_to_end (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Meera Pillai"));
  g_autofree char *order_id =
    ld_lab_prescribe (lab, patient_id,
                      "\"items\": [\"CBC\", \"KFT\", \"GLUF\"], \"priority\": \"urgent\","
                      " \"clinical_notes\": \"Tired for a month; on an ACE inhibitor\"");
  g_autofree char *order_path = NULL;
  g_autofree char *ack_path = NULL;
  g_autofree char *ack_body = NULL;
  g_autofree char *alert_id = NULL;
  g_autofree char *amend = NULL;
  g_autofree char *history_path = NULL;
  g_autofree char *reports_path = NULL;
  g_autoptr(LdTestResponse) order = NULL;
  g_autoptr(LdTestResponse) collected = NULL;
  g_autoptr(LdTestResponse) opened = NULL;
  g_autoptr(LdTestResponse) draft = NULL;
  g_autoptr(LdTestResponse) resumed = NULL;
  g_autoptr(LdTestResponse) submitted = NULL;
  g_autoptr(LdTestResponse) own = NULL;
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) released = NULL;
  g_autoptr(LdTestResponse) alerts = NULL;
  g_autoptr(LdTestResponse) by_admin = NULL;
  g_autoptr(LdTestResponse) stale_ack = NULL;
  g_autoptr(LdTestResponse) acknowledged = NULL;
  g_autoptr(LdTestResponse) no_alerts = NULL;
  g_autoptr(LdTestResponse) amended = NULL;
  g_autoptr(LdTestResponse) reports = NULL;
  g_autoptr(LdTestResponse) history = NULL;
  g_autoptr(LdTestResponse) final = NULL;
  g_autoptr(GHashTable) doctor_feed = NULL;
  g_autoptr(GHashTable) desk_feed = NULL;
  g_autoptr(GRegex) code_shape =
               g_regex_new ("^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$",
                            0, 0, NULL);
  JsonObject *k;
  JsonObject *amendment;
  JsonArray *samples;

  /* The desk takes the money; the order goes to a technician at once. */
  ld_lab_pay (lab, order_id);
  order_path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  order = ld_test_get (lab->server, order_path, lab->technician);
  g_assert_nonnull (ld_test_response_get_string (order, "order.technician_id"));
  g_assert_cmpstr (ld_test_response_get_string (order, "order.priority"), ==, "urgent");

  /* Three tubes, each in its right container, and a pending result per test. */
  collected = ld_lab_collect (lab, order_id);
  samples = member_array (collected, "samples");
  g_assert_cmpuint (json_array_get_length (samples), ==, 3);
  {
    g_autoptr(GHashTable) tubes = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < 3; i++)
      {
        JsonObject *sample = json_array_get_object_element (samples, i);
        JsonArray *tests = json_object_get_array_member (sample, "tests");

        g_hash_table_insert (tubes, (gpointer) json_array_get_string_element (tests, 0),
                             (gpointer) json_object_get_string_member (sample, "container"));
      }
    g_assert_cmpstr (g_hash_table_lookup (tubes, "HB"), ==, "EDTA (lavender)");
    g_assert_cmpstr (g_hash_table_lookup (tubes, "UREA"), ==, "serum separator (gold)");
    g_assert_cmpstr (g_hash_table_lookup (tubes, "GLUF"), ==, "fluoride (grey)");
  }
  opened = ld_lab_get_results (lab, lab->technician, order_id);
  ld_test_assert_status (opened, 200);
  assert_all_in_state (opened, "items", "pending", 15);
  ld_lab_receive_all (lab, order_id);

  /* A draft of two values, resumed later as it was left. */
  draft = ld_lab_save (lab, lab->technician, order_id, FALSE, "HB", "11.24", "WBC", "7.5", NULL);
  ld_test_assert_status (draft, 200);
  g_assert_cmpstr (ld_test_response_get_string (draft, "order.lab_state"), ==, "in_process");
  resumed = ld_lab_get_results (lab, lab->technician, order_id);
  g_assert_cmpstr (result_string (resumed, "items", "HB", "state"), ==, "pending");
  g_assert_cmpstr (result_string (resumed, "items", "HB", "value"), ==, "11.2");
  g_assert_cmpstr (result_string (resumed, "items", "HB", "flag"), ==, "low");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (ld_lab_find_result (resumed, "items", "HB"),
                                                    "reference_range"),
                     "text"),
                   ==, "12.0–15.0");
  g_assert_null (result_string (resumed, "items", "RBC", "value"));

  /* Everything submitted; potassium is critical. */
  submitted = ld_lab_save (lab, lab->technician, order_id, TRUE,
                           "HB", "11.2", "WBC", "7.5", "RBC", "4.2", "HCT", "38", "MCV", "90",
                           "MCH", "29", "MCHC", "33", "PLT", "250", "UREA", "30", "CREA", "0.9",
                           "UA", "4.5", "NA", "140", "K", "6.8", "CL", "101", "GLUF", "92", NULL);
  ld_test_assert_status (submitted, 200);
  g_assert_cmpstr (ld_test_response_get_string (submitted, "order.lab_state"), ==, "resulted");
  assert_all_in_state (submitted, "results", "entered", 15);
  g_assert_cmpstr (result_string (submitted, "results", "K", "flag"), ==, "critical_high");
  g_assert_cmpstr (result_string (submitted, "results", "CREA", "value"), ==, "0.90");
  g_assert_cmpstr (result_string (submitted, "results", "CREA", "flag"), ==, "normal");
  g_assert_cmpstr (result_string (submitted, "results", "HCT", "value"), ==, "38.0");
  g_assert_cmpint (count (lab, "SELECT count(*) FROM alerts"), ==, 0);

  /* The doctor sees that the values wait for a check, not the values. */
  {
    g_autoptr(LdTestResponse) unchecked = ld_lab_get_results (lab, lab->doctor, order_id);
    g_autoptr(GHashTable) feed = replay_feed (lab, lab->doctor);

    g_assert_cmpstr (result_string (unchecked, "items", "K", "state"), ==, "entered");
    g_assert_null (result_string (unchecked, "items", "K", "value"));
    g_assert_null (result_string (unchecked, "items", "K", "flag"));
    g_assert_cmpuint (count_results_of (feed, order_id), ==, 0);
  }

  /* Not by the one who entered them; by Sunita, yes. */
  own = ld_lab_verify (lab, lab->technician, order_id, "HB", NULL);
  ld_test_assert_error (own, 403, "forbidden");
  verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", "WBC", "RBC", "HCT", "MCV", "MCH",
                            "MCHC", "PLT", "UREA", "CREA", "UA", "NA", "K", "CL", "GLUF", NULL);
  ld_test_assert_status (verified, 200);
  g_assert_cmpstr (ld_test_response_get_string (verified, "order.lab_state"), ==, "verified");
  g_assert_cmpstr (result_string (verified, "results", "K", "verified_by"), ==, lab->sunita_id);

  released = ld_lab_release (lab, lab->signatory, order_id);
  ld_test_assert_status (released, 201);
  g_assert_cmpstr (ld_test_response_get_string (released, "order.lab_state"), ==, "reported");
  assert_all_in_state (released, "results", "released", 15);
  g_assert_cmpint (ld_test_response_get_int (released, "report.version"), ==, 1);
  g_assert_false (json_object_get_boolean_member (
    json_object_get_object_member (ld_test_response_object (released), "report"), "corrected"));
  g_assert_true (g_regex_match (code_shape,
                                ld_test_response_get_string (released, "report.verification_code"),
                                0, NULL));
  /* The rendered PDF's digest: test-api-documents checks it against the bytes. */
  g_assert_cmpuint (strlen (ld_test_response_get_string (released, "report.pdf_sha256")), ==, 64);

  /* The doctor's alert: open until that doctor acknowledges it. */
  alerts = ld_test_get (lab->server, "/api/v1/doctors/me/alerts", lab->doctor);
  ld_test_assert_status (alerts, 200);
  k = only_item (alerts);
  g_assert_cmpstr (json_object_get_string_member (k, "test_code"), ==, "K");
  g_assert_cmpstr (json_object_get_string_member (k, "flag"), ==, "critical_high");
  g_assert_cmpstr (json_object_get_string_member (k, "value"), ==, "6.8");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (k, "patient"),
                                                  "name"),
                   ==, "Meera Pillai");
  g_assert_cmpstr (json_object_get_string_member (k, "doctor_id"), ==, lab->doctor_id);
  alert_id = g_strdup (json_object_get_string_member (k, "id"));
  ack_path = g_strdup_printf ("/api/v1/alerts/%s/acknowledge", alert_id);
  by_admin = ld_lab_post (lab, lab->admin, ack_path, "{\"version\": 1}");
  ld_test_assert_error (by_admin, 403, "forbidden");
  stale_ack = ld_lab_post (lab, lab->doctor, ack_path, "{\"version\": 7}");
  ld_test_assert_error (stale_ack, 409, "conflict");
  g_assert_null (ld_test_response_get_string (stale_ack, "current.acknowledged_at"));
  ack_body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}",
                              json_object_get_int_member (k, "version"));
  acknowledged = ld_lab_post (lab, lab->doctor, ack_path, ack_body);
  ld_test_assert_status (acknowledged, 200);
  g_assert_cmpstr (ld_test_response_get_string (acknowledged, "alert.acknowledged_by"), ==,
                   lab->doctor_id);
  g_assert_cmpint (count (lab,
                          "SELECT count(*) FROM audit_events a JOIN users u ON u.id = a.user_id"
                          " WHERE a.action = 'alert.acknowledge' AND u.username = 'doctor'"),
                   ==, 1);
  no_alerts = ld_test_get (lab->server, "/api/v1/doctors/me/alerts", lab->doctor);
  g_assert_cmpuint (json_array_get_length (member_array (no_alerts, "items")), ==, 0);
  {
    g_autoptr(LdTestResponse) all =
                 ld_test_get (lab->server, "/api/v1/doctors/me/alerts?state=all", lab->doctor);
    g_autoptr(LdTestResponse) again = ld_lab_post (lab, lab->doctor, ack_path, "{\"version\": 2}");

    g_assert_cmpstr (json_object_get_string_member (only_item (all), "acknowledged_by"), ==,
                     lab->doctor_id);
    ld_test_assert_error (again, 409, "conflict");
  }

  /* The amendment: a corrected version 2, the old value kept. */
  amend =
    g_strdup_printf ("{\"reason\": \"Haemolysed sample; measured again on a new draw\","
                     " \"results\": [{\"test_code\": \"K\", \"version\": %" G_GINT64_FORMAT ","
                     " \"value\": \"4.1\", \"comment\": \"Repeat sample\"}]}",
                     json_object_get_int_member (ld_lab_find_result (released, "results", "K"),
                                                 "version"));
  amended = ld_lab_order_post (lab, lab->signatory, order_id, "amendments", amend);
  ld_test_assert_status (amended, 201);
  g_assert_cmpint (ld_test_response_get_int (amended, "report.version"), ==, 2);
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (ld_test_response_object (amended), "report"), "corrected"));
  k = ld_lab_find_result (amended, "results", "K");
  g_assert_cmpstr (json_object_get_string_member (k, "state"), ==, "amended");
  g_assert_cmpstr (json_object_get_string_member (k, "value"), ==, "4.1");
  g_assert_cmpstr (json_object_get_string_member (k, "flag"), ==, "normal");
  g_assert_cmpstr (json_object_get_string_member (k, "comment"), ==, "Repeat sample");
  amendment = json_array_get_object_element (json_object_get_array_member (k, "amendments"), 0);
  g_assert_cmpstr (json_object_get_string_member (amendment, "old_value"), ==, "6.8");
  g_assert_cmpstr (json_object_get_string_member (amendment, "old_flag"), ==, "critical_high");
  g_assert_cmpstr (json_object_get_string_member (amendment, "new_value"), ==, "4.1");
  g_assert_cmpint (json_object_get_int_member (amendment, "report_version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (amendment, "amended_by"), ==, lab->signatory_id);
  g_assert_cmpint (count (lab, "SELECT count(*) FROM result_amendments WHERE old_value = '6.8'"),
                   ==, 1);
  /* Back to normal: no new alert. */
  g_assert_cmpint (count (lab, "SELECT count(*) FROM alerts"), ==, 1);

  reports_path = g_strdup_printf ("/api/v1/orders/%s/reports", order_id);
  reports = ld_test_get (lab->server, reports_path, lab->desk);
  ld_test_assert_status (reports, 200);
  g_assert_cmpuint (json_array_get_length (member_array (reports, "items")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (member_array (reports, "items"), 0),
                     "verification_code"),
                   ==, ld_test_response_get_string (released, "report.verification_code"));

  /* Every step's time is kept, in order. */
  final = ld_lab_get_results (lab, lab->doctor, order_id);
  for (guint i = 0; i < json_array_get_length (member_array (final, "items")); i++)
    {
      JsonObject *result = json_array_get_object_element (member_array (final, "items"), i);
      const char *steps[] = { "collected_at", "received_at", "entered_at", "verified_at",
                              "released_at" };

      for (guint s = 1; s < G_N_ELEMENTS (steps); s++)
        g_assert_cmpstr (json_object_get_string_member (result, steps[s - 1]), <=,
                         json_object_get_string_member (result, steps[s]));
    }

  /* The trend of one test for the patient; the read is audited. */
  history_path = g_strdup_printf ("/api/v1/patients/%s/results?test=K", patient_id);
  history = ld_test_get (lab->server, history_path, lab->doctor);
  ld_test_assert_status (history, 200);
  g_assert_cmpstr (json_object_get_string_member (only_item (history), "value"), ==, "4.1");
  g_assert_cmpint (count (lab,
                          "SELECT count(*) FROM audit_events WHERE action = 'patient.results'"),
                   >=, 1);

  /* The feed holds each record as its GET shows it, for those who may see it. */
  doctor_feed = replay_feed (lab, lab->doctor);
  assert_feed_has_results (doctor_feed, final, "items");
  {
    g_autofree char *key = g_strconcat ("alert\n", alert_id, NULL);
    JsonNode *alert = g_hash_table_lookup (doctor_feed, key);

    g_assert_nonnull (alert);
    g_assert_true (
      json_node_equal (alert,
                       json_object_get_member (ld_test_response_object (acknowledged), "alert")));
  }
  desk_feed = replay_feed (lab, lab->desk);
  g_assert_cmpuint (count_entity (desk_feed, "result"), ==, 0);
  g_assert_cmpuint (count_entity (desk_feed, "alert"), ==, 0);
  g_assert_cmpuint (count_entity (desk_feed, "report"), >=, 2);

  /* Turnaround per test, from the times kept. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LdStore) store =
                 ld_store_open_existing (ld_test_server_get_db_path (lab->server), TRUE, &error);
    g_autoptr(GPtrArray) rows = NULL;
    guint found = 0;

    g_assert_no_error (error);
    rows = ld_store_lab_turnaround (store, 0, G_MAXINT64, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < rows->len; i++)
      {
        LdTurnaround *row = g_ptr_array_index (rows, i);

        if (!g_str_equal (row->test_code, "K") && !g_str_equal (row->test_code, "HB"))
          continue;
        found++;
        g_assert_cmpint (row->n_results, >=, 1);
        g_assert_cmpint (row->min_us, >, 0);
        g_assert_cmpint (row->min_us, <=, row->mean_us);
        g_assert_cmpint (row->mean_us, <=, row->max_us);
      }
    g_assert_cmpuint (found, ==, 2);
  }
}

static const char *
message_of (LdTestResponse *resp)
{
  return ld_test_response_get_string (resp, "error.message");
}

/* The refusals the issue names, each answered as documented and each
 * leaving every row of the database as it was. */
static void
test_refusals (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Farida Khan"));
  g_autofree char *unpaid = ld_lab_prescribe (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *order_id =
    ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"GLUF\", \"TSH\"]");
  g_autofree char *amend = NULL;
  g_autofree char *cancel_path = NULL;
  g_autofree char *cancel_body = NULL;
  g_autoptr(LdTestResponse) entered = NULL;
  g_autoptr(LdTestResponse) cancelled = NULL;
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) released = NULL;

  entered = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "13.1", "GLUF", "88", NULL);
  ld_test_assert_status (entered, 200);
  {
    JsonObject *tsh = ld_lab_find_result (entered, "results", "TSH");

    cancel_path =
      g_strdup_printf ("/api/v1/results/%s/cancel", json_object_get_string_member (tsh, "id"));
    cancel_body =
      g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"Reagent out of stock\"}",
                       json_object_get_int_member (tsh, "version"));
  }
  cancelled = ld_lab_post (lab, lab->technician, cancel_path, cancel_body);
  ld_test_assert_status (cancelled, 200);
  g_assert_cmpstr (result_string (cancelled, "results", "TSH", "state"), ==, "cancelled");
  g_assert_cmpstr (result_string (cancelled, "results", "TSH", "cancel_reason"), ==,
                   "Reagent out of stock");
  g_assert_cmpstr (ld_test_response_get_string (cancelled, "order.lab_state"), ==, "resulted");

  /* Collecting an unpaid order. */
  {
    g_autoptr(LdTestResponse) resp =
                 ld_lab_refused (lab, lab->technician, unpaid, "collect", "{}", 409, "conflict");

    g_assert_nonnull (strstr (message_of (resp), "not paid"));
  }
  /* Verifying one's own result. */
  {
    g_autofree char *body = ld_lab_verify_body (lab, order_id, "HB", NULL);
    g_autoptr(LdTestResponse) resp =
                 ld_lab_refused (lab, lab->technician, order_id, "verify", body, 403, "forbidden");

    g_assert_nonnull (strstr (message_of (resp), "another technician"));
  }
  /* Releasing with an unverified result. */
  {
    g_autofree char *body = ld_lab_release_body (lab, order_id);
    g_autoptr(LdTestResponse) resp =
                 ld_lab_refused (lab, lab->signatory, order_id, "release", body, 409, "conflict");

    g_assert_nonnull (strstr (message_of (resp), "HB, GLUF not verified"));
  }
  /* Entering a value for a cancelled test. */
  {
    g_autofree char *body = ld_lab_results_body (lab, order_id, TRUE, "TSH", "2.1", NULL);
    g_autoptr(LdTestResponse) resp =
                 ld_lab_refused (lab, lab->technician, order_id, "results", body, 409, "conflict");

    g_assert_nonnull (strstr (message_of (resp), "TSH was cancelled (Reagent out of stock)"));
  }
  /* The desk entering results; a doctor verifying. */
  {
    g_autofree char *entry = ld_lab_results_body (lab, order_id, TRUE, "HB", "12.0", NULL);
    g_autofree char *check = ld_lab_verify_body (lab, order_id, "HB", NULL);
    g_autoptr(LdTestResponse) desk =
                 ld_lab_refused (lab, lab->desk, order_id, "results", entry, 403, "forbidden");
    g_autoptr(LdTestResponse) doctor =
                 ld_lab_refused (lab, lab->doctor, order_id, "verify", check, 403, "forbidden");
  }
  /* An order that is not in the lab takes no values. */
  {
    g_autoptr(LdTestResponse) resp =
                 ld_lab_refused (lab, lab->technician, unpaid, "results",
                                 "{\"results\": [{\"test_code\": \"HB\", \"version\": 1,"
                                 " \"value\": \"12\"}]}",
                                 409, "conflict");

    g_assert_nonnull (strstr (message_of (resp), "not collected yet"));
  }
  /* Stale versions: 409 with the record as it is. */
  {
    g_autoptr(LdTestResponse) release = ld_lab_refused (lab, lab->signatory, order_id, "release",
                                                         "{\"version\": 1}", 409, "conflict");
    g_autofree char *snapshot = ld_test_snapshot_database (lab->server);
    g_autoptr(LdTestResponse) cancel = ld_lab_post (lab, lab->technician, cancel_path, cancel_body);

    g_assert_cmpstr (ld_test_response_get_string (release, "current.lab_state"), ==, "resulted");
    ld_test_assert_error (cancel, 409, "conflict");
    g_assert_cmpstr (ld_test_response_get_string (cancel, "current.state"), ==, "cancelled");
    ld_test_assert_unchanged (lab->server, snapshot);
  }
  {
    g_autoptr(LdTestResponse) resp =
                 ld_lab_refused (lab, lab->technician, order_id, "results",
                                 "{\"submit\": true, \"results\": [{\"test_code\": \"HB\","
                                 " \"version\": 1, \"value\": \"12.5\"}]}",
                                 409, "conflict");

    g_assert_cmpstr (ld_test_response_get_string (resp, "current.value"), ==, "13.1");
  }

  verified = ld_lab_verify (lab, lab->sunita, order_id, "HB", "GLUF", NULL);
  ld_test_assert_status (verified, 200);
  g_assert_cmpstr (ld_test_response_get_string (verified, "order.lab_state"), ==, "verified");
  released = ld_lab_release (lab, lab->signatory, order_id);
  ld_test_assert_status (released, 201);
  g_assert_cmpstr (result_string (released, "results", "TSH", "state"), ==, "cancelled");

  /* Amending without a reason; releasing twice; entering after release. */
  amend =
    g_strdup_printf ("{\"results\": [{\"test_code\": \"HB\", \"version\": %" G_GINT64_FORMAT ","
                     " \"value\": \"13.4\"}]}",
                     json_object_get_int_member (ld_lab_find_result (released, "results", "HB"),
                                                 "version"));
  {
    g_autofree char *again = ld_lab_release_body (lab, order_id);
    g_autofree char *entry = ld_lab_results_body (lab, order_id, TRUE, "HB", "13.4", NULL);
    g_autoptr(LdTestResponse) resp = ld_lab_refused (lab, lab->signatory, order_id, "amendments",
                                                      amend, 422, "validation_failed");
    g_autoptr(LdTestResponse) twice =
                 ld_lab_refused (lab, lab->signatory, order_id, "release", again, 409, "conflict");
    g_autoptr(LdTestResponse) late =
                 ld_lab_refused (lab, lab->technician, order_id, "results", entry, 409, "conflict");

    g_assert_cmpstr (ld_test_response_get_field_error (resp, "reason"), ==, "is required");
    g_assert_nonnull (strstr (message_of (twice), "is reported; it cannot become reported"));
    g_assert_nonnull (strstr (message_of (late), "amendment"));
  }
}

/* Values are read as their test is kept: numbers rounded and flagged,
 * choices checked, free text only where the test takes it, the range for
 * the patient's age, or none at all. */
static void
test_value_rules (gconstpointer data)
{
  LdLab           *lab = (LdLab *) data;
  g_autofree char *child =
    ld_lab_new_patient (lab, "{\"name\": \"Kabir Sen\", \"sex\": \"male\", \"age_years\": 9}");
  g_autofree char *order_id = NULL;
  g_autofree char *body = NULL;
  g_autoptr(LdTestResponse) smear = NULL;
  g_autoptr(LdTestResponse) wrong = NULL;
  g_autoptr(LdTestResponse) saved = NULL;

  /* A free-text test, as an administrator would add one. */
  smear = ld_lab_post (
    lab, lab->admin, "/api/v1/catalog/tests",
    "{\"code\": \"SMEAR\", \"name\": \"Peripheral smear\", \"specimen\": \"whole blood\","
    " \"container\": \"EDTA (lavender)\", \"unit\": \"\", \"result_type\": \"text\","
    " \"department\": \"serology\","
    " \"decimals\": 0, \"price_paise\": 20000, \"turnaround_hours\": 24,"
    " \"reference_ranges\": []}");
  ld_test_assert_status (smear, 201);
  order_id =
    ld_lab_order_in_lab (lab, child, "\"items\": [\"HB\", \"UREA\", \"URINE\", \"SMEAR\", \"CA\"]");
  body =
    ld_lab_results_body (lab, order_id, TRUE, "HB", "twelve", "UPRO", "Maybe", "SMEAR", "  ", NULL);
  wrong =
    ld_lab_refused (lab, lab->technician, order_id, "results", body, 422, "validation_failed");
  g_assert_cmpstr (ld_test_response_get_field_error (wrong, "results[0].value"), ==,
                   "must be a number such as 12.5");
  g_assert_cmpstr (ld_test_response_get_field_error (wrong, "results[1].value"), ==,
                   "must be one of Negative, Trace, 1+, 2+, 3+, 4+");
  g_assert_cmpstr (ld_test_response_get_field_error (wrong, "results[2].value"), ==,
                   "must not be empty");
  {
    g_autoptr(LdTestResponse) marked =
                 ld_lab_refused (lab, lab->technician, order_id, "results",
                                 "{\"results\": [{\"test_code\": \"HB\", \"version\": 1,"
                                 " \"value\": \"12\", \"abnormal\": true}]}",
                                 422, "validation_failed");

    g_assert_cmpstr (ld_test_response_get_field_error (marked, "results[0].abnormal"), ==,
                     "is only for text results");
  }

  saved = ld_lab_save (lab, lab->technician, order_id, TRUE, "HB", "11.55", "UREA", "25", "UPRO",
                       "Trace", "UGLU", "Negative", "UPH", "6", "USG", "1.0154", "SMEAR",
                       "Normocytic normochromic", "CA", "5.9", NULL);
  ld_test_assert_status (saved, 200);
  /* A child of nine: the "any" band of 1 to 18 years, 11.5–15.5. */
  g_assert_cmpstr (result_string (saved, "results", "HB", "value"), ==, "11.6");
  g_assert_cmpstr (result_string (saved, "results", "HB", "flag"), ==, "normal");
  /* Urea has a band for adults only: no interval, and none is guessed. */
  g_assert_cmpstr (result_string (saved, "results", "UREA", "flag"), ==, "no_reference_interval");
  g_assert_true (
    json_object_get_null_member (ld_lab_find_result (saved, "results", "UREA"), "reference_range"));
  /* Calcium's band is for adults too, but critical limits hold at every age. */
  g_assert_cmpstr (result_string (saved, "results", "CA", "flag"), ==, "critical_low");
  g_assert_cmpstr (result_string (saved, "results", "UPRO", "flag"), ==, "abnormal");
  g_assert_cmpstr (result_string (saved, "results", "UGLU", "flag"), ==, "normal");
  g_assert_cmpstr (result_string (saved, "results", "USG", "value"), ==, "1.015");
  g_assert_cmpstr (result_string (saved, "results", "SMEAR", "flag"), ==, "none");
  g_assert_cmpstr (result_string (saved, "results", "SMEAR", "value"), ==,
                   "Normocytic normochromic");
  g_assert_cmpstr (ld_test_response_get_string (saved, "order.lab_state"), ==, "resulted");

  /* A text result is abnormal when the technician says so. */
  {
    g_autofree char *text =
      g_strdup_printf ("{\"submit\": true, \"results\": [{\"test_code\": \"SMEAR\","
                       " \"version\": %" G_GINT64_FORMAT ", \"value\": \"Target cells seen\","
                       " \"abnormal\": true, \"comment\": \"Suggest haemoglobin studies\"}]}",
                       json_object_get_int_member (ld_lab_find_result (saved, "results", "SMEAR"),
                                                   "version"));
    g_autoptr(LdTestResponse) marked =
                 ld_lab_order_post (lab, lab->technician, order_id, "results", text);

    ld_test_assert_status (marked, 200);
    g_assert_cmpstr (result_string (marked, "results", "SMEAR", "flag"), ==, "abnormal");
    g_assert_cmpstr (result_string (marked, "results", "SMEAR", "comment"), ==,
                     "Suggest haemoglobin studies");
    g_assert_cmpstr (result_string (marked, "results", "SMEAR", "state"), ==, "entered");
  }
}

/* Drafts are kept and resumed; a draft can be cleared, a submitted value
 * cannot; a test whose sample is not received takes no value. */
static void
test_drafts (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Gauri Joshi"));
  g_autofree char *order_id =
    ld_lab_prescribe (lab, patient_id, "\"items\": [\"LIPID\", \"GLUF\"]");
  g_autofree char *body = NULL;
  g_autoptr(LdTestResponse) collected = NULL;
  g_autoptr(LdTestResponse) early = NULL;
  g_autoptr(LdTestResponse) first = NULL;
  g_autoptr(LdTestResponse) second = NULL;
  g_autoptr(LdTestResponse) cleared = NULL;
  g_autoptr(LdTestResponse) submitted = NULL;
  g_autoptr(LdTestResponse) unclear = NULL;

  ld_lab_pay (lab, order_id);
  collected = ld_lab_collect (lab, order_id);
  body = ld_lab_results_body (lab, order_id, FALSE, "CHOL", "180", NULL);
  early = ld_lab_refused (lab, lab->technician, order_id, "results", body, 409, "conflict");
  g_assert_nonnull (strstr (message_of (early), "must be received first"));
  ld_lab_receive_all (lab, order_id);

  first = ld_lab_save (lab, lab->technician, order_id, FALSE, "CHOL", "180", "TG", "210", NULL);
  ld_test_assert_status (first, 200);
  g_assert_cmpstr (ld_test_response_get_string (first, "order.lab_state"), ==, "in_process");
  g_assert_cmpstr (result_string (first, "results", "TG", "flag"), ==, "high");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (ld_lab_find_result (first, "results", "TG"),
                                                    "reference_range"),
                     "text"),
                   ==, "≤ 150");

  /* Later, by someone else: the draft is there to go on from. */
  second = ld_lab_save (lab, lab->sunita, order_id, FALSE, "HDL", "38", "TG", "-", NULL);
  ld_test_assert_status (second, 200);
  g_assert_cmpstr (result_string (second, "results", "CHOL", "value"), ==, "180");
  g_assert_null (result_string (second, "results", "TG", "value"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (ld_lab_find_result (second, "results", "HDL"),
                                                    "reference_range"),
                     "text"),
                   ==, "≥ 50");
  g_assert_cmpstr (result_string (second, "results", "HDL", "flag"), ==, "low");
  assert_all_in_state (second, "results", "pending", 5);

  submitted = ld_lab_save (lab, lab->technician, order_id, TRUE, "CHOL", "180", "TG", "140", "HDL",
                           "38", "LDL", "110", "GLUF", "45", NULL);
  ld_test_assert_status (submitted, 200);
  assert_all_in_state (submitted, "results", "entered", 5);
  g_assert_cmpstr (ld_test_response_get_string (submitted, "order.lab_state"), ==, "resulted");
  g_clear_pointer (&body, g_free);
  body = ld_lab_results_body (lab, order_id, FALSE, "LDL", "-", NULL);
  unclear =
    ld_lab_refused (lab, lab->technician, order_id, "results", body, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (unclear, "results[0].value"));

  /* Self-verification when the lab allows it. */
  {
    g_autoptr(LdTestResponse) settings = ld_test_get (lab->server, "/api/v1/settings", lab->admin);
    g_autofree char *allow =
      g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"allow_self_verification\": true}",
                       ld_test_response_get_int (settings, "version"));
    g_autoptr(LdTestResponse) allowed =
                 ld_test_send_json (lab->server, "PATCH", "/api/v1/settings", lab->admin, allow);
    g_autoptr(LdTestResponse) verified = NULL;
    g_autoptr(LdTestResponse) wrong_type = NULL;
    g_autoptr(LdTestResponse) back = NULL;
    g_autofree char *off = NULL;

    ld_test_assert_status (allowed, 200);
    g_assert_true (json_object_get_boolean_member (ld_test_response_object (allowed),
                                                   "allow_self_verification"));
    verified =
      ld_lab_verify (lab, lab->technician, order_id, "CHOL", "TG", "HDL", "LDL", "GLUF", NULL);
    ld_test_assert_status (verified, 200);
    g_assert_cmpstr (ld_test_response_get_string (verified, "order.lab_state"), ==, "verified");
    /* A critical glucose: the doctor hears of it at verification. */
    g_assert_cmpint (count (lab,
                            "SELECT count(*) FROM alerts a JOIN results r ON r.id = a.result_id"
                            " WHERE r.test_code = 'GLUF' AND a.flag = 'critical_low'"),
                     ==, 1);

    off = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"allow_self_verification\": 0}",
                           ld_test_response_get_int (allowed, "version"));
    wrong_type = ld_test_send_json (lab->server, "PATCH", "/api/v1/settings", lab->admin, off);
    ld_test_assert_error (wrong_type, 422, "validation_failed");
    g_clear_pointer (&off, g_free);
    off =
      g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"allow_self_verification\": false}",
                       ld_test_response_get_int (allowed, "version"));
    back = ld_test_send_json (lab->server, "PATCH", "/api/v1/settings", lab->admin, off);
    ld_test_assert_status (back, 200);
  }
}

/* Takes an order of @items for @patient_id through to release; returns it. */
static LdTestResponse *
release_through (LdLab      *lab,
                 const char *patient_id,
                 const char *items_json,
                 const char *test_code,
                 const char *value)
{
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, items_json);
  g_autoptr(LdTestResponse) entered =
               ld_lab_save (lab, lab->technician, order_id, TRUE, test_code, value, NULL);
  g_autoptr(LdTestResponse) verified = ld_lab_verify (lab, lab->sunita, order_id, test_code, NULL);
  LdTestResponse *released;

  ld_test_assert_status (entered, 200);
  ld_test_assert_status (verified, 200);
  released = ld_lab_release (lab, lab->signatory, order_id);
  ld_test_assert_status (released, 201);
  return released;
}

/* Collection-to-release per test, over a period, from the times kept. */
static void
test_turnaround (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Hema Nair"));
  g_autoptr(LdTestResponse) first =
               release_through (lab, patient_id, "\"items\": [\"VITD\"]", "VITD", "25");
  g_autoptr(LdTestResponse) second =
               release_through (lab, patient_id, "\"items\": [\"VITD\"]", "VITD", "41");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autoptr(GPtrArray) day = NULL;
  g_autoptr(GPtrArray) hour = NULL;
  g_autofree char *move = NULL;
  /* 2020-01-01T00:00:00Z: a day nothing else was released on. */
  const gint64 start_us = G_GINT64_CONSTANT (1577836800000000);
  const gint64 hour_us = G_GINT64_CONSTANT (3600000000);

  /* Collected at 08:00 and 09:00, released 2 h and 5 h later. */
  move =
    g_strdup_printf ("UPDATE results SET collected_us = %" G_GINT64_FORMAT ","
                     " released_us = %" G_GINT64_FORMAT " WHERE id = '%s';"
                     "UPDATE results SET collected_us = %" G_GINT64_FORMAT ","
                     " released_us = %" G_GINT64_FORMAT " WHERE id = '%s';",
                     start_us + 8 * hour_us, start_us + 10 * hour_us,
                     json_object_get_string_member (ld_lab_find_result (first, "results", "VITD"),
                                                    "id"),
                     start_us + 9 * hour_us, start_us + 14 * hour_us,
                     json_object_get_string_member (ld_lab_find_result (second, "results", "VITD"),
                                                    "id"));
  ld_test_sql_exec (lab->server, move);

  store = ld_store_open_existing (ld_test_server_get_db_path (lab->server), TRUE, &error);
  g_assert_no_error (error);
  day = ld_store_lab_turnaround (store, start_us, start_us + 24 * hour_us, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (day->len, ==, 1);
  {
    LdTurnaround *vitd = g_ptr_array_index (day, 0);

    g_assert_cmpstr (vitd->test_code, ==, "VITD");
    g_assert_cmpint (vitd->n_results, ==, 2);
    g_assert_cmpint (vitd->min_us, ==, 2 * hour_us);
    g_assert_cmpint (vitd->max_us, ==, 5 * hour_us);
    g_assert_cmpint (vitd->mean_us, ==, 7 * hour_us / 2);
  }
  /* The period's end is excluded. */
  hour = ld_store_lab_turnaround (store, start_us, start_us + 13 * hour_us, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hour->len, ==, 1);
  g_assert_cmpint (((LdTurnaround *) g_ptr_array_index (hour, 0))->n_results, ==, 1);

  /* The administrator reads the same over HTTP, by the lab's days (three,
   * so that any time zone's 2020-01-01 is inside). */
  {
    g_autoptr(LdTestResponse) report =
                 ld_test_get (lab->server,
                              "/api/v1/reports/turnaround?from=2019-12-31&to=2020-01-02",
                              lab->admin);
    JsonArray  *tests;
    JsonObject *vitd;

    ld_test_assert_status (report, 200);
    tests = json_object_get_array_member (ld_test_response_object (report), "tests");
    g_assert_cmpuint (json_array_get_length (tests), ==, 1);
    vitd = json_array_get_object_element (tests, 0);
    g_assert_cmpstr (json_object_get_string_member (vitd, "code"), ==, "VITD");
    g_assert_cmpint (json_object_get_int_member (vitd, "results"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (vitd, "min_seconds"), ==, 2 * 3600);
    g_assert_cmpint (json_object_get_int_member (vitd, "max_seconds"), ==, 5 * 3600);
    g_assert_cmpint (json_object_get_int_member (vitd, "mean_seconds"), ==, 7 * 3600 / 2);
  }

  /* The patient's history, a page at a time, latest collection first. */
  {
    g_autofree char *path =
      g_strdup_printf ("/api/v1/patients/%s/results?test=VITD&limit=1", patient_id);
    g_autoptr(LdTestResponse) page = ld_test_get (lab->server, path, lab->doctor);
    g_autofree char *next_path = NULL;
    g_autoptr(LdTestResponse) last = NULL;

    ld_test_assert_status (page, 200);
    g_assert_cmpstr (json_object_get_string_member (only_item (page), "value"), ==, "41.0");
    next_path = g_strdup_printf ("%s&after=%s", path, ld_test_response_get_string (page, "next"));
    last = ld_test_get (lab->server, next_path, lab->doctor);
    ld_test_assert_status (last, 200);
    g_assert_cmpstr (json_object_get_string_member (only_item (last), "value"), ==, "25.0");
    g_assert_null (ld_test_response_get_string (last, "next"));
  }
}

/* Reads every page of @path (which has a query) as @token; returns the
 * items, in the order given, and the number of pages in @out_pages. */
static JsonArray *
read_all_pages (LdLab      *lab,
                const char *token,
                const char *path,
                guint      *out_pages)
{
  JsonArray *all = json_array_new ();
  g_autofree char *after = NULL;
  guint n_pages = 0;

  do
    {
      g_autofree char *escaped = after != NULL ? g_uri_escape_string (after, NULL, FALSE) : NULL;
      g_autofree char *page_path =
        escaped != NULL ? g_strdup_printf ("%s&after=%s", path, escaped) : g_strdup (path);
      g_autoptr(LdTestResponse) page = ld_test_get (lab->server, page_path, token);
      JsonArray *items;

      ld_test_assert_status (page, 200);
      items = member_array (page, "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        json_array_add_element (all, json_node_copy (json_array_get_element (items, i)));
      g_clear_pointer (&after, g_free);
      after = g_strdup (ld_test_response_get_string (page, "next"));
      /* A page that says there is more holds something. */
      g_assert_true (after == NULL || json_array_get_length (items) > 0);
      g_assert_cmpuint (++n_pages, <=, 20);
    }
  while (after != NULL);

  *out_pages = n_pages;
  return all;
}

/* Without a test: every reported result of the patient, across orders,
 * the latest collection first, a page at a time, as the doctor's
 * cumulative results read them when the cache holds none. */
static void
test_patient_history_all_tests (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Lakshmi Menon"));
  g_autofree char *first_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"K\", \"GLUF\"]");
  g_autofree char *second_id = NULL;
  g_autofree char *pending_id = NULL;
  g_autofree char *base = g_strdup_printf ("/api/v1/patients/%s/results", patient_id);
  g_autofree char *all_path = g_strdup_printf ("%s?limit=200", base);
  g_autofree char *doctor_b = NULL;
  g_autofree char *glass_path = g_strdup_printf ("/api/v1/patients/%s/break-glass", patient_id);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonArray) whole = NULL;
  gint64 audits_before;
  guint n_pages = 0;

  {
    g_autoptr(LdTestResponse) entered =
                 ld_lab_save (lab, lab->technician, first_id, TRUE, "K", "4.2", "GLUF", "92", NULL);
    g_autoptr(LdTestResponse) verified =
                 ld_lab_verify (lab, lab->sunita, first_id, "K", "GLUF", NULL);

    ld_test_assert_status (entered, 200);
    ld_test_assert_status (verified, 200);
  }
  /* The second order is collected after the first. */
  second_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"K\", \"NA\"]");
  {
    g_autoptr(LdTestResponse) entered =
                 ld_lab_save (lab, lab->technician, second_id, TRUE, "K", "4.4", "NA", "140", NULL);
    g_autoptr(LdTestResponse) verified =
                 ld_lab_verify (lab, lab->sunita, second_id, "K", "NA", NULL);
    g_autoptr(LdTestResponse) released = NULL;

    ld_test_assert_status (entered, 200);
    ld_test_assert_status (verified, 200);
    released = ld_lab_release (lab, lab->signatory, second_id);
    ld_test_assert_status (released, 201);
  }
  /* Entered, never verified: not the patient's history yet. */
  pending_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  {
    g_autoptr(LdTestResponse) entered =
                 ld_lab_save (lab, lab->technician, pending_id, TRUE, "HB", "13.1", NULL);

    ld_test_assert_status (entered, 200);
  }

  /* All of it on one page: the second order's two, then the first's. */
  audits_before = count (lab, "SELECT count(*) FROM audit_events WHERE action = 'patient.results'");
  whole = read_all_pages (lab, lab->doctor, all_path, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  g_assert_cmpuint (json_array_get_length (whole), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *result = json_array_get_object_element (whole, i);
      const char *state = json_object_get_string_member (result, "state");

      g_assert_cmpstr (json_object_get_string_member (result, "order_id"), ==,
                       i < 2 ? second_id : first_id);
      g_assert_true (g_str_equal (state, "verified") || g_str_equal (state, "released"));
      g_assert_cmpstr (json_object_get_string_member (result, "order_id"), !=, pending_id);
      /* What the cumulative results lay out is in each item. */
      g_assert_nonnull (json_object_get_string_member (result, "order_number"));
      g_assert_nonnull (json_object_get_string_member (result, "test_name"));
      g_assert_nonnull (json_object_get_string_member (result, "value"));
      g_assert_nonnull (json_object_get_string_member (result, "collected_at"));
      g_assert_true (json_object_has_member (result, "amendments"));
      if (i > 0)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (whole,
                                                                                       i - 1),
                                                        "collected_at"),
                         >=, json_object_get_string_member (result, "collected_at"));
    }
  g_assert_cmpint (count (lab,
                          "SELECT count(*) FROM audit_events WHERE action = 'patient.results'"),
                   ==, audits_before + 1);
  {
    g_autofree char *sql =
      g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = 'patient.results'"
                       " AND entity_id = '%s' AND detail = '4 shown'",
                       patient_id);

    g_assert_cmpint (count (lab, sql), ==, 1);
  }

  /* A page at a time, in the same order: none twice, none missing. */
  for (guint limit = 1; limit <= 3; limit++)
    {
      g_autofree char *path = g_strdup_printf ("%s?limit=%u", base, limit);
      g_autoptr(JsonArray) paged = read_all_pages (lab, lab->doctor, path, &n_pages);

      g_assert_cmpuint (n_pages, ==, (4 + limit - 1) / limit);
      g_assert_cmpuint (json_array_get_length (paged), ==, 4);
      g_hash_table_remove_all (seen);
      for (guint i = 0; i < 4; i++)
        {
          const char *id =
            json_object_get_string_member (json_array_get_object_element (paged, i), "id");

          g_assert_cmpstr (id, ==,
                           json_object_get_string_member (json_array_get_object_element (whole, i),
                                                          "id"));
          g_assert_true (g_hash_table_add (seen, (gpointer) id));
        }
    }

  /* The trend of one test still reads that test only. */
  {
    g_autofree char *path = g_strdup_printf ("%s?test=K", base);
    g_autoptr(JsonArray) k = read_all_pages (lab, lab->doctor, path, &n_pages);

    g_assert_cmpuint (json_array_get_length (k), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (k, 0), "value"),
                     ==, "4.4");
  }

  /* Refusals as before, with or without a test. */
  {
    g_autofree char *unknown = g_strdup_printf ("%s?limit=5&sort=asc", base);
    g_autofree char *bad_limit = g_strdup_printf ("%s?limit=201", base);
    g_autofree char *bad_cursor = g_strdup_printf ("%s?after=yesterday", base);
    g_autofree char *bad_test = g_strdup_printf ("%s?test=NOSUCH", base);
    g_autoptr(LdTestResponse) refused_unknown = ld_test_get (lab->server, unknown, lab->doctor);
    g_autoptr(LdTestResponse) refused_limit = ld_test_get (lab->server, bad_limit, lab->doctor);
    g_autoptr(LdTestResponse) refused_cursor = ld_test_get (lab->server, bad_cursor, lab->doctor);
    g_autoptr(LdTestResponse) refused_test = ld_test_get (lab->server, bad_test, lab->doctor);
    g_autoptr(LdTestResponse) desk = ld_test_get (lab->server, all_path, lab->desk);
    g_autoptr(LdTestResponse) technician = ld_test_get (lab->server, all_path, lab->technician);

    ld_test_assert_error (refused_unknown, 400, "bad_request");
    g_assert_nonnull (ld_test_response_get_field_error (refused_unknown, "sort"));
    ld_test_assert_error (refused_limit, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (refused_limit, "limit"));
    ld_test_assert_error (refused_cursor, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (refused_cursor, "after"));
    ld_test_assert_error (refused_test, 422, "validation_failed");
    g_assert_nonnull (ld_test_response_get_field_error (refused_test, "test"));
    ld_test_assert_error (desk, 403, "forbidden");
    ld_test_assert_status (technician, 200);
    g_assert_cmpuint (json_array_get_length (member_array (technician, "items")), ==, 4);
  }

  /* Another doctor: refused until they break the glass. */
  {
    g_autoptr(LdTestResponse) made = ld_lab_post (
      lab, lab->admin, "/api/v1/users",
      "{\"username\": \"dr-rao\", \"display_name\": \"Dr. Rao\", \"roles\": [\"doctor\"],"
      " \"password\": \"dr-rao-secret-words\"}");
    g_autoptr(LdTestResponse) refused = NULL;
    g_autoptr(LdTestResponse) glass = NULL;
    g_autoptr(JsonArray) opened = NULL;

    ld_test_assert_status (made, 201);
    doctor_b = ld_test_login (lab->server, "dr-rao", "dr-rao-secret-words");
    refused = ld_test_get (lab->server, all_path, doctor_b);
    ld_test_assert_error (refused, 403, "forbidden");
    glass = ld_lab_post (lab, doctor_b, glass_path,
                         "{\"reason\": \"Seen in the emergency room tonight; breathless.\"}");
    ld_test_assert_status (glass, 201);
    opened = read_all_pages (lab, doctor_b, all_path, &n_pages);
    g_assert_cmpuint (json_array_get_length (opened), ==, 4);
  }
}

/* Turnaround and open work refuse what they cannot answer, and only an
 * administrator reads them. */
static void
test_lab_reports_refuse_bad_queries (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  static const struct
  {
    const char *query;
    const char *field;
  } bad[] = {
    { "", "from" },
    { "?from=2026-11-01", "to" },
    { "?from=2026-13-01&to=2026-11-30", "from" },
    { "?from=2026-11-01&to=yesterday", "to" },
    { "?from=2026-11-30&to=2026-11-01", "to" },
    { "?from=2024-01-01&to=2026-01-01", "to" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/reports/turnaround%s", bad[i].query);
      g_autoptr(LdTestResponse) refused = ld_test_get (lab->server, path, lab->admin);

      ld_test_assert_error (refused, 422, "validation_failed");
      g_assert_nonnull (ld_test_response_get_field_error (refused, bad[i].field));
    }

  {
    g_autoptr(LdTestResponse) unknown =
                 ld_test_get (lab->server, "/api/v1/reports/open-work?all=1", lab->admin);
    g_autoptr(LdTestResponse) unknown_too =
                 ld_test_get (lab->server,
                              "/api/v1/reports/turnaround?from=2026-11-01&to=2026-11-30&tech=x",
                              lab->admin);
    g_autoptr(LdTestResponse) technician =
                 ld_test_get (lab->server, "/api/v1/reports/open-work", lab->technician);
    g_autoptr(LdTestResponse) desk =
                 ld_test_get (lab->server,
                              "/api/v1/reports/turnaround?from=2026-11-01&to=2026-11-30",
                              lab->desk);

    ld_test_assert_error (unknown, 400, "bad_request");
    g_assert_nonnull (ld_test_response_get_field_error (unknown, "all"));
    ld_test_assert_error (unknown_too, 400, "bad_request");
    g_assert_nonnull (ld_test_response_get_field_error (unknown_too, "tech"));
    ld_test_assert_error (technician, 403, "forbidden");
    ld_test_assert_error (desk, 403, "forbidden");
  }
}

/* One technician's open work, as GET /api/v1/reports/open-work has it. */
static LdOpenWork *
open_work_of (LdLab      *lab,
              const char *user_id)
{
  g_autoptr(LdTestResponse) report =
               ld_test_get (lab->server, "/api/v1/reports/open-work", lab->admin);
  JsonArray *technicians;

  ld_test_assert_status (report, 200);
  technicians = json_object_get_array_member (ld_test_response_object (report), "technicians");
  for (guint i = 0; i < json_array_get_length (technicians); i++)
    {
      JsonObject *row = json_array_get_object_element (technicians, i);
      JsonObject *user = json_object_get_object_member (row, "user");
      LdOpenWork *work;

      if (!g_str_equal (json_object_get_string_member (user, "id"), user_id))
        continue;
      g_assert_nonnull (json_object_get_string_member (user, "display_name"));
      work = g_new0 (LdOpenWork, 1);
      work->user_id = g_strdup (user_id);
      work->orders_to_collect = json_object_get_int_member (row, "orders_to_collect");
      work->orders_in_lab = json_object_get_int_member (row, "orders_in_lab");
      work->results_to_enter = json_object_get_int_member (row, "results_to_enter");
      work->results_awaiting_verification =
        json_object_get_int_member (row, "results_awaiting_verification");
      return work;
    }

  g_error ("no open work for %s", user_id);
}

#define ASSERT_WORK_MOVED(before, after, member, by) \
  g_assert_cmpint ((after)->member - (before)->member, ==, (by))

/* Open work per technician follows each step of an order. */
static void
test_open_work (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Indira Bose"));
  g_autofree char *order_id = ld_lab_prescribe (lab, patient_id, "\"items\": [\"LIPID\"]");
  g_autofree char *holder = NULL;
  g_autofree char *order_path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  LdOpenWork *start, *paid, *collected, *entered, *mine, *verified;

  start = open_work_of (lab, lab->technician_id);
  mine = open_work_of (lab, lab->technician_id);
  ld_lab_pay (lab, order_id);
  {
    g_autoptr(LdTestResponse) order = ld_test_get (lab->server, order_path, lab->desk);

    holder = g_strdup (ld_test_response_get_string (order, "order.technician_id"));
  }
  ld_open_work_free (start);
  start = open_work_of (lab, holder);
  ld_open_work_free (mine);
  mine = open_work_of (lab, lab->technician_id);

  /* Paid: assigned, to collect. Counted from the order as it is now. */
  paid = open_work_of (lab, holder);
  ld_open_work_free (g_steal_pointer (&paid));
  {
    g_autoptr(LdTestResponse) resp = ld_lab_collect (lab, order_id);
  }
  collected = open_work_of (lab, holder);
  ASSERT_WORK_MOVED (start, collected, orders_to_collect, -1);
  ASSERT_WORK_MOVED (start, collected, orders_in_lab, 1);
  ASSERT_WORK_MOVED (start, collected, results_to_enter, 4);

  ld_lab_receive_all (lab, order_id);
  {
    g_autoptr(LdTestResponse) resp = ld_lab_save (lab, lab->technician, order_id, TRUE, "CHOL",
                                                   "190", "TG", "120", NULL);

    ld_test_assert_status (resp, 200);
  }
  entered = open_work_of (lab, holder);
  ASSERT_WORK_MOVED (collected, entered, results_to_enter, -2);
  ld_open_work_free (g_steal_pointer (&entered));
  entered = open_work_of (lab, lab->technician_id);
  ASSERT_WORK_MOVED (mine, entered, results_awaiting_verification, 2);

  {
    g_autoptr(LdTestResponse) resp = ld_lab_verify (lab, lab->sunita, order_id, "CHOL", "TG", NULL);

    ld_test_assert_status (resp, 200);
  }
  verified = open_work_of (lab, lab->technician_id);
  ASSERT_WORK_MOVED (mine, verified, results_awaiting_verification, 0);

  ld_open_work_free (start);
  ld_open_work_free (collected);
  ld_open_work_free (entered);
  ld_open_work_free (mine);
  ld_open_work_free (verified);
}

/* Repeating a release or an amendment with its Idempotency-Key answers
 * the first answer again and issues nothing more. */
static void
test_idempotent_release_and_amendment (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Jaya Menon"));
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"TSH\"]");
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/release", order_id);
  g_autofree char *amend_path = g_strdup_printf ("/api/v1/orders/%s/amendments", order_id);
  g_autofree char *body = NULL;
  g_autofree char *amend = NULL;
  g_autofree char *count_reports =
    g_strdup_printf ("SELECT count(*) FROM reports WHERE order_id = '%s'", order_id);
  const char * const release_key[] = { "Idempotency-Key", "release-tsh-1", NULL };
  const char * const amend_key[] = { "Idempotency-Key", "amend-tsh-1", NULL };
  g_autoptr(LdTestResponse) entered =
               ld_lab_save (lab, lab->technician, order_id, TRUE, "TSH", "3.2", NULL);
  g_autoptr(LdTestResponse) verified = ld_lab_verify (lab, lab->sunita, order_id, "TSH", NULL);
  g_autoptr(LdTestResponse) first = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) amended = NULL;
  g_autoptr(LdTestResponse) amended_again = NULL;

  ld_test_assert_status (verified, 200);
  body = ld_lab_release_body (lab, order_id);
  first = ld_test_request_with_headers (lab->server, "POST", path, lab->signatory,
                                        "application/json", body, -1, release_key);
  again = ld_test_request_with_headers (lab->server, "POST", path, lab->signatory,
                                        "application/json", body, -1, release_key);
  ld_test_assert_status (first, 201);
  ld_test_assert_status (again, 201);
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==,
                   "true");
  g_assert_cmpstr (again->body, ==, first->body);
  g_assert_cmpint (count (lab, count_reports), ==, 1);

  amend = g_strdup_printf (
    "{\"reason\": \"Wrong sample tube scanned\", \"results\": [{\"test_code\": \"TSH\","
    " \"version\": %" G_GINT64_FORMAT ", \"value\": \"5.2\"}]}",
    json_object_get_int_member (ld_lab_find_result (first, "results", "TSH"), "version"));
  amended = ld_test_request_with_headers (lab->server, "POST", amend_path, lab->signatory,
                                          "application/json", amend, -1, amend_key);
  amended_again = ld_test_request_with_headers (lab->server, "POST", amend_path, lab->signatory,
                                                "application/json", amend, -1, amend_key);
  ld_test_assert_status (amended, 201);
  g_assert_cmpstr (result_string (amended, "results", "TSH", "flag"), ==, "high");
  ld_test_assert_status (amended_again, 201);
  g_assert_cmpstr (amended_again->body, ==, amended->body);
  g_assert_cmpint (count (lab, count_reports), ==, 2);
  g_assert_cmpint (count (lab, "SELECT count(*) FROM result_amendments WHERE new_value = '5.20'"),
                   ==, 1);
}

/* A desk order names no doctor: its alert is an administrator's to
 * acknowledge. A rejected tube is collected again, and the value is
 * measured on the new one. */
static void
test_alert_without_doctor_and_recollection (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Kamala Das"));
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"PLT\"]}", patient_id);
  g_autoptr(LdTestResponse) order = ld_lab_post (lab, lab->desk, "/api/v1/orders", body);
  const char *order_id = ld_test_response_get_string (order, "order.id");
  g_autoptr(LdTestResponse) collected = NULL;
  g_autoptr(LdTestResponse) rejected = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) by_doctor = NULL;
  g_autoptr(LdTestResponse) by_admin = NULL;
  g_autofree char *reject_path = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *alert_path = NULL;
  const char *new_sample;

  ld_test_assert_status (order, 201);
  ld_lab_pay (lab, order_id);
  collected = ld_lab_collect (lab, order_id);
  reject_path =
    g_strdup_printf ("/api/v1/samples/%s/custody",
                     json_object_get_string_member (
                       json_array_get_object_element (member_array (collected, "samples"), 0),
                       "id"));
  rejected = ld_lab_post (lab, lab->technician, reject_path,
                          "{\"version\": 1, \"event\": \"rejected\", \"reason\": \"clotted\","
                          " \"recollect\": true}");
  ld_test_assert_status (rejected, 200);
  entry = ld_lab_results_body (lab, order_id, TRUE, "PLT", "30", NULL);
  {
    g_autoptr(LdTestResponse) resp =
                 ld_lab_refused (lab, lab->technician, order_id, "results", entry, 409, "conflict");

    g_assert_nonnull (strstr (message_of (resp), "to be collected again"));
  }
  again = ld_lab_order_post (lab, lab->technician, order_id, "collect", "{}");
  ld_test_assert_status (again, 201);
  new_sample =
    json_object_get_string_member (json_array_get_object_element (member_array (again, "samples"),
                                                                  0),
                                   "id");
  ld_lab_receive_all (lab, order_id);
  {
    g_autoptr(LdTestResponse) resp =
                 ld_lab_save (lab, lab->technician, order_id, TRUE, "PLT", "30", NULL);

    ld_test_assert_status (resp, 200);
    g_assert_cmpstr (result_string (resp, "results", "PLT", "sample_id"), ==, new_sample);
    g_assert_cmpstr (result_string (resp, "results", "PLT", "flag"), ==, "critical_low");
  }
  verified = ld_lab_verify (lab, lab->sunita, order_id, "PLT", NULL);
  ld_test_assert_status (verified, 200);

  /* The administrator's list shows every open alert; this one is theirs. */
  {
    g_autoptr(LdTestResponse) open = ld_test_get (lab->server, "/api/v1/alerts", lab->admin);
    JsonArray *items = member_array (open, "items");
    JsonObject *alert = NULL;

    ld_test_assert_status (open, 200);
    for (guint i = 0; i < json_array_get_length (items); i++)
      if (g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i),
                                                      "order_id"),
                       order_id))
        alert = json_array_get_object_element (items, i);
    g_assert_nonnull (alert);
    g_assert_true (json_object_get_null_member (alert, "doctor_id"));
    g_assert_cmpstr (json_object_get_string_member (alert, "value"), ==, "30");
    alert_path = g_strdup_printf ("/api/v1/alerts/%s/acknowledge",
                                  json_object_get_string_member (alert, "id"));
  }
  by_doctor = ld_lab_post (lab, lab->doctor, alert_path, "{\"version\": 1}");
  ld_test_assert_error (by_doctor, 403, "forbidden");
  by_admin = ld_lab_post (lab, lab->admin, alert_path, "{\"version\": 1}");
  ld_test_assert_status (by_admin, 200);
  g_assert_nonnull (ld_test_response_get_string (by_admin, "alert.acknowledged_at"));
}

/* An order collected before this server made results gets them at its
 * first save, and they reach the change feed. */
static void
test_order_collected_before_results (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Lalita Rao"));
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"ESR\"]");
  g_autofree char *forget = g_strdup_printf ("DELETE FROM results WHERE order_id = '%s'", order_id);
  g_autoptr(LdTestResponse) none = NULL;
  g_autoptr(LdTestResponse) saved = NULL;
  g_autoptr(GHashTable) feed = NULL;

  ld_test_sql_exec (lab->server, forget);
  none = ld_lab_get_results (lab, lab->technician, order_id);
  g_assert_cmpuint (json_array_get_length (member_array (none, "items")), ==, 0);

  saved = ld_lab_order_post (
    lab, lab->technician, order_id, "results",
    "{\"results\": [{\"test_code\": \"HB\", \"version\": 1, \"value\": \"12.8\"}]}");
  ld_test_assert_status (saved, 200);
  g_assert_cmpuint (json_array_get_length (member_array (saved, "results")), ==, 2);
  g_assert_cmpstr (result_string (saved, "results", "HB", "value"), ==, "12.8");
  g_assert_null (result_string (saved, "results", "ESR", "value"));
  feed = replay_feed (lab, lab->technician);
  assert_feed_has_results (feed, saved, "results");
}

/* Cancels @code's result as a technician would; returns the answer. */
static LdTestResponse *
cancel_test (LdLab          *lab,
             LdTestResponse *results,
             const char     *list,
             const char     *code)
{
  JsonObject      *result = ld_lab_find_result (results, list, code);
  g_autofree char *path =
    g_strdup_printf ("/api/v1/results/%s/cancel", json_object_get_string_member (result, "id"));
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"Analyser down\"}",
                     json_object_get_int_member (result, "version"));

  return ld_lab_post (lab, lab->technician, path, body);
}

/* An order whose every test is cancelled is cancelled: it leaves its
 * technician's open work and the worklist, cannot be released, and the
 * desk refunds what was paid for it. */
static void
test_every_test_cancelled (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Nandini Iyer"));
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"TSH\"]");
  g_autoptr(LdTestResponse) order = NULL;
  g_autoptr(LdTestResponse) open = ld_lab_get_results (lab, lab->technician, order_id);
  g_autoptr(LdTestResponse) first = NULL;
  g_autoptr(LdTestResponse) last = NULL;
  g_autoptr(LdTestResponse) before = NULL;
  g_autoptr(LdTestResponse) after = NULL;
  g_autoptr(LdTestResponse) list_before = NULL;
  g_autoptr(LdTestResponse) list_after = NULL;
  g_autoptr(LdTestResponse) refund = NULL;
  g_autoptr(GHashTable) feed = NULL;
  g_autofree char *key = g_strconcat ("order\n", order_id, NULL);
  g_autofree char *worklist = NULL;
  g_autofree char *release = NULL;
  g_autofree char *desk_cancel = NULL;
  const char *holder;
  gint64 paid;

  /* The holder's view of their work: whoever was given the order. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);

    order = ld_test_get (lab->server, path, lab->technician);
  }
  holder = ld_lab_token_of (lab, ld_test_response_get_string (order, "order.technician_id"));
  paid = ld_test_response_get_int (order, "order.paid_paise");
  worklist = g_strdup_printf ("/api/v1/worklist?tab=processing&technician_id=%s",
                              ld_test_response_get_string (order, "order.technician_id"));
  before = ld_test_get (lab->server, "/api/v1/technicians/me/workload", holder);
  list_before = ld_test_get (lab->server, worklist, lab->technician);
  ld_test_assert_status (before, 200);
  ld_test_assert_status (list_before, 200);

  first = cancel_test (lab, open, "items", "HB");
  ld_test_assert_status (first, 200);
  g_assert_cmpstr (ld_test_response_get_string (first, "order.lab_state"), ==, "in_process");
  last = cancel_test (lab, first, "results", "TSH");
  ld_test_assert_status (last, 200);
  g_assert_cmpstr (ld_test_response_get_string (last, "order.lab_state"), ==, "cancelled");
  g_assert_nonnull (ld_test_response_get_string (last, "order.cancel_reason"));
  /* The money is still held: the desk decides the refund. */
  g_assert_cmpstr (ld_test_response_get_string (last, "order.payment_state"), ==, "paid");
  g_assert_cmpint (count (lab,
                          "SELECT count(*) FROM audit_events WHERE action = 'order.cancelled'"),
                   >=, 1);
  feed = replay_feed (lab, lab->desk);
  g_assert_cmpstr (ld_json_object_get_string (json_node_get_object (
                                                g_hash_table_lookup (feed, key)),
                                              "lab_state"),
                   ==, "cancelled");

  /* Out of the holder's open work, which drives assignment, and the list. */
  after = ld_test_get (lab->server, "/api/v1/technicians/me/workload", holder);
  g_assert_cmpint (ld_test_response_get_int (after, "assigned"), ==,
                   ld_test_response_get_int (before, "assigned") - 1);
  g_assert_cmpint (ld_test_response_get_int (after, "processing"), ==,
                   ld_test_response_get_int (before, "processing") - 1);
  list_after = ld_test_get (lab->server, worklist, lab->technician);
  g_assert_cmpint (ld_test_response_get_int (list_after, "counts.processing"), ==,
                   ld_test_response_get_int (list_before, "counts.processing") - 1);

  /* Nothing to release, nothing more to enter, and the desk does not
   * cancel it again; all refused without a change. */
  release = ld_lab_release_body (lab, order_id);
  {
    g_autoptr(LdTestResponse) resp = ld_lab_refused (lab, lab->signatory, order_id, "release",
                                                      release, 409, "conflict");

    g_assert_nonnull (strstr (message_of (resp), "is cancelled"));
  }
  desk_cancel = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"left\"}",
                                 ld_lab_order_version (lab, order_id));
  g_clear_pointer (&refund, ld_test_response_free);
  refund = ld_lab_refused (lab, lab->desk, order_id, "cancel", desk_cancel, 409, "conflict");
  g_clear_pointer (&refund, ld_test_response_free);

  /* Refunds are as for any order. */
  {
    g_autofree char *body =
      g_strdup_printf ("{\"method\": \"card\", \"amount_paise\": %" G_GINT64_FORMAT ","
                       " \"reason\": \"Tests not done\"}",
                       paid);

    refund = ld_lab_order_post (lab, lab->desk, order_id, "refunds", body);
  }
  ld_test_assert_status (refund, 201);
  g_assert_cmpstr (ld_test_response_get_string (refund, "order.payment_state"), ==, "refunded");
  g_assert_cmpstr (ld_test_response_get_string (refund, "order.lab_state"), ==, "cancelled");
}

/* The desk cancels an order only before collection; after it, the lab
 * cancels tests. */
static void
test_desk_cannot_cancel_collected (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Rekha Menon"));
  g_autofree char *order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"left\"}",
                     ld_lab_order_version (lab, order_id));
  g_autoptr(LdTestResponse) resp =
               ld_lab_refused (lab, lab->admin, order_id, "cancel", body, 409, "conflict");

  g_assert_nonnull (strstr (message_of (resp), "is collected"));
}

/* A band is parsed once a connection and shared, sealed, by every result
 * that holds it, in one order and across orders; and says what it said. */
static void
test_bands_parsed_once (gconstpointer data)
{
  LdLab *lab = (LdLab *) data;
  g_autofree char *patient_id = ld_lab_new_patient (lab, WOMAN ("Leela Iyer"));
  g_autofree char *first = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"K\"]");
  g_autofree char *second = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"K\"]");
  g_autoptr(LdTestResponse) entered =
               ld_lab_save (lab, lab->technician, first, TRUE, "HB", "10.8", "K", "4.1", NULL);
  g_autoptr(LdTestResponse) entered_too =
               ld_lab_save (lab, lab->technician, second, TRUE, "HB", "13.0", "K", "4.4", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autoptr(GPtrArray) of_first = NULL;
  g_autoptr(GPtrArray) of_second = NULL;

  ld_test_assert_status (entered, 200);
  ld_test_assert_status (entered_too, 200);
  store = ld_store_open_existing (ld_test_server_get_db_path (lab->server), TRUE, &error);
  g_assert_no_error (error);
  of_first = ld_store_results_for_order (store, first, &error);
  g_assert_no_error (error);
  of_second = ld_store_results_for_order (store, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_first->len, ==, 2);
  g_assert_cmpuint (of_second->len, ==, 2);

  for (guint i = 0; i < of_first->len; i++)
    {
      LdResult *one = g_ptr_array_index (of_first, i);
      LdResult *other = g_ptr_array_index (of_second, i);

      g_assert_cmpstr (one->test_code, ==, other->test_code);
      g_assert_nonnull (one->reference_range);
      g_assert_true (one->reference_range == other->reference_range);
      g_assert_true (json_node_is_immutable (one->reference_range));
      g_assert_cmpstr (ld_result_get_range_text (one), ==,
                       g_str_equal (one->test_code, "HB") ? "12.0–15.0" : "3.5–5.1");
    }
}

int
main (int   argc,
      char *argv[])
{
  LdLab *lab;
  int status;

  g_test_init (&argc, &argv, NULL);
  lab = ld_lab_new ();

  g_test_add_data_func ("/results/end-to-end", lab, test_end_to_end);
  g_test_add_data_func ("/results/refusals", lab, test_refusals);
  g_test_add_data_func ("/results/value-rules", lab, test_value_rules);
  g_test_add_data_func ("/results/drafts", lab, test_drafts);
  g_test_add_data_func ("/results/turnaround", lab, test_turnaround);
  g_test_add_data_func ("/results/patient-history-all-tests", lab, test_patient_history_all_tests);
  g_test_add_data_func ("/results/open-work", lab, test_open_work);
  g_test_add_data_func ("/results/lab-reports-refuse-bad-queries", lab,
                        test_lab_reports_refuse_bad_queries);
  g_test_add_data_func ("/results/idempotent-release-and-amendment", lab,
                        test_idempotent_release_and_amendment);
  g_test_add_data_func ("/results/alert-without-doctor-and-recollection", lab,
                        test_alert_without_doctor_and_recollection);
  g_test_add_data_func ("/results/order-collected-before-results", lab,
                        test_order_collected_before_results);
  g_test_add_data_func ("/results/every-test-cancelled", lab, test_every_test_cancelled);
  g_test_add_data_func ("/results/desk-cannot-cancel-collected", lab,
                        test_desk_cannot_cancel_collected);
  g_test_add_data_func ("/results/bands-parsed-once", lab, test_bands_parsed_once);

  status = g_test_run ();
  ld_lab_free (lab);
  return status;
}

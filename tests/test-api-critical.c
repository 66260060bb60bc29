/* test-api-critical.c: critical values telephoned, results sent back, the interpretation
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 18: a critical value is verified only with the record of the call
 * that told someone of it, which the report prints under the result; a
 * verified result can be sent back for re-entry before release; a
 * report-wide interpretation is printed at the end. All through the real
 * server on a loopback port, the PDFs read back with pdftotext.
 */

#include "config.h"

#include "ld-json.h"
#include "ld-test-documents.h"
#include "ld-test-reports.h"
#include "ld-test-snapshot.h"
#include "ld-time.h"

typedef LdLabFixture Fixture;

#define PATIENT "{\"name\": \"Farida Khan\", \"sex\": \"female\", \"age_years\": 67}"

/* An order of @items with @code entered as @value: waiting for verification. */
static char *
order_entered (Fixture    *fx,
               const char *code,
               const char *value)
{
  g_autofree char *items = g_strdup_printf ("\"items\": [\"%s\"]", code);
  g_autofree char *order_id = ld_lab_order_in_lab (fx->lab, fx->patient_id, items);
  g_autoptr(LdTestResponse) entered =
               ld_lab_save (fx->lab, fx->lab->technician, order_id, TRUE, code, value, NULL);

  ld_test_assert_status (entered, 200);
  return g_steal_pointer (&order_id);
}

static gint64
result_version (Fixture    *fx,
                const char *order_id,
                const char *code)
{
  g_autoptr(LdTestResponse) results = ld_lab_get_results (fx->lab, fx->lab->technician, order_id);

  return json_object_get_int_member (ld_lab_find_result (results, "items", code), "version");
}

static char *
result_id (Fixture    *fx,
           const char *order_id,
           const char *code)
{
  g_autoptr(LdTestResponse) results = ld_lab_get_results (fx->lab, fx->lab->technician, order_id);

  return g_strdup (
    json_object_get_string_member (ld_lab_find_result (results, "items", code), "id"));
}

/* A verify body for K with @call (a JSON object, or NULL for none). */
static char *
verify_body (Fixture    *fx,
             const char *order_id,
             const char *call)
{
  if (call == NULL)
    return g_strdup_printf ("{\"results\": [{\"test_code\": \"K\", \"version\": %" G_GINT64_FORMAT
                            "}]}",
                            result_version (fx, order_id, "K"));
  return g_strdup_printf ("{\"results\": [{\"test_code\": \"K\", \"version\": %" G_GINT64_FORMAT ","
                          " \"critical_call\": %s}]}", result_version (fx, order_id, "K"), call);
}

static char *
call_at (gint64      at_us,
         const char *read_back)
{
  g_autofree char *at = ld_time_format_rfc3339 (at_us);

  return g_strdup_printf ("{\"name\": \"Dr Mehta\", \"role\": \"referring doctor\","
                          " \"called_at\": \"%s\", \"read_back\": %s}", at, read_back);
}

static LdTestResponse *
refused (Fixture    *fx,
         const char *token,
         const char *path,
         const char *body,
         guint       status,
         const char *code,
         const char *field)
{
  g_autofree char *snapshot = ld_test_snapshot_database (fx->lab->server);
  LdTestResponse *resp = ld_lab_post (fx->lab, token, path, body);

  g_test_message ("%s: %s", path, body);
  ld_test_assert_error (resp, status, code);
  if (field != NULL && ld_test_response_get_field_error (resp, field) == NULL)
    g_error ("no error for %s in %s", field, resp->body);
  ld_test_assert_unchanged (fx->lab->server, snapshot);
  return resp;
}

/* The feed's records of result @result_id whose critical call names
 * @name: each record read as JSON here, so that the count needs no JSON
 * function of either database. */
static guint
count_feed_calls (Fixture    *fx,
                  const char *result_id,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_server_open_db (fx->lab->server);
  LdDbStmt *stmt = ld_db_prepare_cached (db, "SELECT record FROM changes"
                                         " WHERE entity = 'result' AND entity_id = ?1", &error);
  LdDbStep step;
  guint n = 0;

  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, result_id);
  while ((step = ld_db_step (stmt, &error)) == LD_DB_ROW)
    {
      g_autoptr(JsonNode) record = json_from_string (ld_db_column_text (stmt, 0), &error);
      JsonObject *object;
      JsonNode *call;

      g_assert_no_error (error);
      object = json_node_get_object (record);
      call = json_object_get_member (object, "critical_call");
      if (call != NULL && JSON_NODE_HOLDS_OBJECT (call) &&
          json_object_has_member (json_node_get_object (call), "name") &&
          g_strcmp0 (json_object_get_string_member (json_node_get_object (call), "name"), name) ==
            0)
        n++;
    }
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, LD_DB_DONE);
  return n;
}

/* No call, a call not read back, a call in the future or before entry:
 * 422 naming the field, nothing verified. With the call: verified, kept,
 * in the feed and the audit, and printed under the result. */
static void
test_critical_needs_call (Fixture       *fx,
                          gconstpointer  data)
{
  g_autofree char *order_id = order_entered (fx, "K", "6.8");
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/verify", order_id);
  gint64 now_us = g_get_real_time ();
  g_autofree char *none = verify_body (fx, order_id, NULL);
  g_autofree char *good_call = call_at (now_us, "true");
  g_autofree char *not_read_back = call_at (now_us, "false");
  g_autofree char *future = call_at (now_us + G_GINT64_CONSTANT (7200) * G_USEC_PER_SEC, "true");
  g_autofree char *before = call_at (now_us - G_GINT64_CONSTANT (7200) * G_USEC_PER_SEC, "true");
  struct
  {
    const char *call;
    const char *field;
  } bad[] = {
    { NULL, "results[0].critical_call" },
    { not_read_back, "results[0].critical_call.read_back" },
    { future, "results[0].critical_call.called_at" },
    { before, "results[0].critical_call.called_at" },
    { "{\"role\": \"doctor\", \"called_at\": \"2026-11-23T10:00:00Z\", \"read_back\": true}",
      "results[0].critical_call.name" },
    { "{\"name\": \"Dr\\u0007Mehta\", \"role\": \"doctor\", \"called_at\": "
      "\"2026-11-23T10:00:00Z\","
      " \"read_back\": true}",
      "results[0].critical_call.name" },
    { "{\"name\": \"Dr Mehta\", \"role\": \"doctor\", \"called_at\": \"at two\", \"read_back\": "
      "true}",
      "results[0].critical_call.called_at" },
    { "{\"name\": \"Dr Mehta\", \"role\": 5, \"called_at\": \"2026-11-23T10:00:00Z\", "
      "\"read_back\": true}",
      "results[0].critical_call.role" },
    { "\"Dr Mehta\"", "results[0].critical_call" },
  };
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) released = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *audit = NULL;
  JsonObject *k, *call;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *attempt =
        bad[i].call ? verify_body (fx, order_id, bad[i].call) : g_strdup (none);
      g_autoptr(LdTestResponse) resp = refused (fx, fx->lab->sunita, path, attempt, 422,
                                                 "validation_failed", bad[i].field);
    }
  {
    g_autoptr(LdTestResponse) resp = refused (fx, fx->lab->sunita, path, none, 422,
                                               "validation_failed", "results[0].critical_call");

    ld_test_assert_contains (ld_test_response_get_field_error (resp, "results[0].critical_call"),
                             "K is critical");
  }

  body = verify_body (fx, order_id, good_call);
  verified = ld_lab_post (fx->lab, fx->lab->sunita, path, body);
  ld_test_assert_status (verified, 200);
  k = ld_lab_find_result (verified, "results", "K");
  g_assert_cmpstr (json_object_get_string_member (k, "state"), ==, "verified");
  call = json_object_get_object_member (k, "critical_call");
  g_assert_nonnull (call);
  g_assert_cmpstr (json_object_get_string_member (call, "name"), ==, "Dr Mehta");
  g_assert_cmpstr (json_object_get_string_member (call, "role"), ==, "referring doctor");
  g_assert_cmpstr (json_object_get_string_member (call, "called_by"), ==, fx->lab->sunita_id);
  g_assert_true (json_object_get_boolean_member (call, "read_back"));

  g_assert_cmpuint (count_feed_calls (fx, json_object_get_string_member (k, "id"), "Dr Mehta"),
                    ==, 1);
  audit = g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = 'result.critical_call'"
                           " AND entity_id = '%s'", json_object_get_string_member (k, "id"));
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server, audit), ==, 1);

  released = ld_lab_release (fx->lab, fx->lab->signatory, order_id);
  ld_test_assert_status (released, 201);
  text = ld_test_report_text (fx->lab, order_id, "critical.pdf");
  ld_test_assert_contains (text, "Critical value telephoned to Dr Mehta (referring doctor) at ");
  ld_test_assert_contains (text, "by Sunita Das and read back.");
}

/* A call is for a critical value only. */
static void
test_call_only_for_critical (Fixture       *fx,
                             gconstpointer  data)
{
  g_autofree char *order_id = order_entered (fx, "K", "4.2");
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/verify", order_id);
  g_autofree char *call = call_at (g_get_real_time (), "true");
  g_autofree char *body = verify_body (fx, order_id, call);
  g_autoptr(LdTestResponse) resp = refused (fx, fx->lab->sunita, path, body, 422,
                                             "validation_failed", "results[0].critical_call");

  ld_test_assert_contains (ld_test_response_get_field_error (resp, "results[0].critical_call"),
                           "only for a critical result");
}

static char *
return_body (Fixture    *fx,
             const char *order_id,
             const char *reason_member)
{
  return g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "%s}",
                          result_version (fx, order_id, "HB"), reason_member);
}

/* Verified → sent back → entered again → verified → released; the old
 * value is in the history; after release, sending back is refused. */
static void
test_back_for_reentry (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *order_id = order_entered (fx, "HB", "21.4");
  g_autofree char *id = result_id (fx, order_id, "HB");
  g_autofree char *path = g_strdup_printf ("/api/v1/results/%s/return", id);
  g_autoptr(LdTestResponse) verified = NULL;
  g_autoptr(LdTestResponse) returned = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autoptr(LdTestResponse) reverified = NULL;
  g_autoptr(LdTestResponse) released = NULL;
  g_autoptr(LdTestResponse) entered_refused = NULL;
  g_autofree char *body = NULL;
  g_autofree char *audit = NULL;
  JsonObject *hb, *history;
  JsonArray *entries;

  /* An entered value is not verified yet: there is nothing to send back. */
  body = return_body (fx, order_id, ", \"reason\": \"Looks wrong\"");
  entered_refused = refused (fx, fx->lab->technician, path, body, 409, "conflict", NULL);
  ld_test_assert_contains (ld_test_response_get_string (entered_refused, "error.message"),
                           "only a verified result");
  g_clear_pointer (&body, g_free);

  verified = ld_lab_verify (fx->lab, fx->lab->sunita, order_id, "HB", NULL);
  ld_test_assert_status (verified, 200);
  g_assert_cmpstr (ld_test_response_get_string (verified, "order.lab_state"), ==, "verified");

  /* Bad input: no reason, a blank one, a wrong type, an unknown member, a stale version. */
  {
    g_autofree char *no_reason = return_body (fx, order_id, "");
    g_autofree char *blank = return_body (fx, order_id, ", \"reason\": \"   \"");
    g_autofree char *wrong = return_body (fx, order_id, ", \"reason\": 7");
    g_autofree char *unknown = return_body (fx, order_id, ", \"reason\": \"r\", \"colour\": 1");
    g_autofree char *stale = g_strdup ("{\"version\": 1, \"reason\": \"r\"}");
    g_autoptr(LdTestResponse) r1 = refused (fx, fx->lab->technician, path, no_reason, 422,
                                             "validation_failed", "reason");
    g_autoptr(LdTestResponse) r2 =
                 refused (fx, fx->lab->technician, path, blank, 422, "validation_failed", "reason");
    g_autoptr(LdTestResponse) r3 =
                 refused (fx, fx->lab->technician, path, wrong, 422, "validation_failed", "reason");
    g_autoptr(LdTestResponse) r4 =
                 refused (fx, fx->lab->technician, path, unknown, 400, "bad_request", "colour");
    g_autoptr(LdTestResponse) r5 =
                 refused (fx, fx->lab->technician, path, stale, 409, "conflict", NULL);
    g_autoptr(LdTestResponse) r6 =
                 refused (fx, fx->lab->doctor, path, no_reason, 403, "forbidden", NULL);
    g_autoptr(LdTestResponse) r7 =
                 refused (fx, fx->lab->admin, path, no_reason, 403, "forbidden", NULL);
    g_autoptr(LdTestResponse) r8 = refused (fx, fx->lab->technician, path, "{\"version\": ", 400,
                                             "bad_request", NULL);

    ld_test_assert_contains (ld_test_response_get_string (r7, "error.message"),
                             "authorised signatory");
  }

  body = return_body (fx, order_id, ", \"reason\": \"Does not fit the clinical picture; re-run\"");
  returned = ld_lab_post (fx->lab, fx->lab->signatory, path, body);
  ld_test_assert_status (returned, 200);
  g_assert_cmpstr (ld_test_response_get_string (returned, "order.lab_state"), ==, "in_process");
  hb = ld_lab_find_result (returned, "results", "HB");
  g_assert_cmpstr (json_object_get_string_member (hb, "state"), ==, "pending");
  g_assert_true (json_object_get_null_member (hb, "value"));
  g_assert_true (json_object_get_null_member (hb, "verified_by"));
  entries = json_object_get_array_member (hb, "amendments");
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  history = json_array_get_object_element (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (history, "kind"), ==, "returned");
  g_assert_cmpstr (json_object_get_string_member (history, "old_value"), ==, "21.4");
  g_assert_cmpstr (json_object_get_string_member (history, "reason"), ==,
                   "Does not fit the clinical picture; re-run");
  g_assert_cmpstr (json_object_get_string_member (history, "amended_by"), ==,
                   fx->lab->signatory_id);
  g_assert_true (json_object_get_null_member (history, "report_version"));
  audit = g_strdup_printf ("SELECT count(*) FROM audit_events WHERE action = 'result.return'"
                           " AND entity_id = '%s'", id);
  g_assert_cmpint (ld_test_server_query_int (fx->lab->server, audit), ==, 1);

  again = ld_lab_save (fx->lab, fx->lab->technician, order_id, TRUE, "HB", "12.4", NULL);
  ld_test_assert_status (again, 200);
  reverified = ld_lab_verify (fx->lab, fx->lab->sunita, order_id, "HB", NULL);
  ld_test_assert_status (reverified, 200);
  released = ld_lab_release (fx->lab, fx->lab->signatory, order_id);
  ld_test_assert_status (released, 201);
  g_assert_cmpstr (json_object_get_string_member (ld_lab_find_result (released, "results", "HB"),
                                                  "value"),
                   ==, "12.4");

  {
    g_autofree char *after = return_body (fx, order_id, ", \"reason\": \"Too late\"");
    g_autoptr(LdTestResponse) late =
                 refused (fx, fx->lab->signatory, path, after, 409, "conflict", NULL);

    ld_test_assert_contains (ld_test_response_get_string (late, "error.message"),
                             "amendment instead");
  }
}

/* Given at release, printed at the end under "Interpretation"; refused
 * when it is not text, too long or holds control characters. */
static void
test_interpretation (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *order_id = order_entered (fx, "HB", "9.1");
  g_autofree char *release_path = g_strdup_printf ("/api/v1/orders/%s/release", order_id);
  g_autofree char *long_text = g_strnfill (2001, 'a');
  g_autoptr(LdTestResponse) verified =
               ld_lab_verify (fx->lab, fx->lab->sunita, order_id, "HB", NULL);
  g_autoptr(LdTestResponse) released = NULL;
  g_autoptr(LdTestResponse) results = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  const char *bad[] = { "5", "\"   \"", "\"Iron\\u0007deficiency\"", NULL };

  ld_test_assert_status (verified, 200);
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *attempt =
        g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"interpretation\": %s}",
                         ld_lab_order_version (fx->lab, order_id), bad[i]);
      g_autoptr(LdTestResponse) resp = refused (fx, fx->lab->signatory, release_path, attempt, 422,
                                                 "validation_failed", "interpretation");
    }
  {
    g_autofree char *attempt =
      g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"interpretation\": \"%s\"}",
                       ld_lab_order_version (fx->lab, order_id), long_text);
    g_autoptr(LdTestResponse) resp = refused (fx, fx->lab->signatory, release_path, attempt, 422,
                                               "validation_failed", "interpretation");
  }

  body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"interpretation\":"
                     " \"Microcytic anaemia, likely iron deficiency.\\nSuggest serum ferritin.\"}",
                     ld_lab_order_version (fx->lab, order_id));
  released = ld_lab_post (fx->lab, fx->lab->signatory, release_path, body);
  ld_test_assert_status (released, 201);
  g_assert_cmpstr (ld_test_response_get_string (released, "interpretation"), ==,
                   "Microcytic anaemia, likely iron deficiency.\nSuggest serum ferritin.");
  results = ld_lab_get_results (fx->lab, fx->lab->doctor, order_id);
  g_assert_cmpstr (ld_test_response_get_string (results, "interpretation"), ==,
                   "Microcytic anaemia, likely iron deficiency.\nSuggest serum ferritin.");

  text = ld_test_report_text (fx->lab, order_id, "interpretation.pdf");
  ld_test_assert_contains (text, "Interpretation");
  ld_test_assert_contains (text, "Microcytic anaemia, likely iron deficiency.");
  ld_test_assert_contains (text, "Suggest serum ferritin.");
}

/* A critical potassium verified with its call: returns the alert's id. */
static char *
raise_alert (Fixture *fx)
{
  g_autofree char *order_id = order_entered (fx, "K", "7.1");
  g_autoptr(LdTestResponse) verified =
               ld_lab_verify (fx->lab, fx->lab->sunita, order_id, "K", NULL);
  g_autoptr(LdTestResponse) alerts = NULL;
  JsonArray *items;

  ld_test_assert_status (verified, 200);
  alerts = ld_test_get (fx->lab->server, "/api/v1/alerts?state=open&limit=1", fx->lab->admin);
  ld_test_assert_status (alerts, 200);
  items = json_object_get_array_member (ld_test_response_object (alerts), "items");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "order_id"),
                   ==, order_id);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "id"));
}

/* As if @minutes had passed since the alert was raised: the server's
 * clock is not ours to move, its database is. */
static void
age_alert (Fixture    *fx,
           const char *alert_id,
           gint64      minutes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_server_open_db (fx->lab->server);
  g_autofree char *raised =
    ld_time_format_rfc3339 (g_get_real_time () - minutes * G_TIME_SPAN_MINUTE);
  LdDbStmt *stmt =
    ld_db_prepare_cached (db, "UPDATE alerts SET raised_at = ?1 WHERE id = ?2", &error);

  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, raised);
  ld_db_bind_text (stmt, 2, alert_id);
  g_assert_true (ld_db_step_done (stmt, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ld_db_changes (db), ==, 1);
}

static gboolean
lists (LdTestResponse *resp,
       const char     *alert_id)
{
  JsonArray *items = json_object_get_array_member (ld_test_response_object (resp), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i), "id"),
                   alert_id) == 0)
      return TRUE;
  return FALSE;
}

/* Overdue: open and older than critical_ack_minutes. An acknowledged one
 * and a recent one are not listed; the lab (a technician) reads the list. */
static void
test_overdue_alerts (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *overdue = raise_alert (fx);
  g_autofree char *acknowledged = raise_alert (fx);
  g_autofree char *recent = raise_alert (fx);
  g_autofree char *ack_path = g_strdup_printf ("/api/v1/alerts/%s/acknowledge", acknowledged);
  g_autoptr(LdTestResponse) ack = NULL;
  g_autoptr(LdTestResponse) listed = NULL;
  g_autoptr(LdTestResponse) longer = NULL;
  g_autoptr(LdTestResponse) doctor = NULL;
  g_autoptr(LdTestResponse) bad = NULL;
  g_autoptr(LdTestResponse) mine = NULL;

  age_alert (fx, overdue, 45);
  age_alert (fx, acknowledged, 45);
  age_alert (fx, recent, 10);
  ack = ld_lab_post (fx->lab, fx->lab->doctor, ack_path, "{\"version\": 1}");
  ld_test_assert_status (ack, 200);

  listed = ld_test_get (fx->lab->server, "/api/v1/alerts?state=overdue", fx->lab->technician);
  ld_test_assert_status (listed, 200);
  g_assert_true (lists (listed, overdue));
  g_assert_false (lists (listed, acknowledged));
  g_assert_false (lists (listed, recent));

  /* With an hour to acknowledge, nothing is overdue yet. */
  ld_test_patch_settings (fx->lab, "\"critical_ack_minutes\": 60");
  longer = ld_test_get (fx->lab->server, "/api/v1/alerts?state=overdue", fx->lab->technician);
  ld_test_assert_status (longer, 200);
  g_assert_false (lists (longer, overdue));

  doctor = ld_test_get (fx->lab->server, "/api/v1/alerts?state=overdue", fx->lab->doctor);
  ld_test_assert_error (doctor, 403, "forbidden");
  bad = ld_test_get (fx->lab->server, "/api/v1/alerts?state=late", fx->lab->technician);
  ld_test_assert_error (bad, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_field_error (bad, "state"));
  /* A doctor's own list has no overdue view. */
  mine = ld_test_get (fx->lab->server, "/api/v1/doctors/me/alerts?state=overdue", fx->lab->doctor);
  ld_test_assert_error (mine, 422, "validation_failed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, PATIENT, ld_lab_fixture_setup, func, ld_lab_fixture_teardown)
  ADD ("/server/critical/verify-needs-call", test_critical_needs_call);
  ADD ("/server/critical/call-only-for-critical", test_call_only_for_critical);
  ADD ("/server/critical/back-for-reentry", test_back_for_reentry);
  ADD ("/server/critical/interpretation", test_interpretation);
  ADD ("/server/critical/overdue-alerts", test_overdue_alerts);
#undef ADD

  return g_test_run ();
}

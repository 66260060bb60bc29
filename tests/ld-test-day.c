/* ld-test-day.c: one lab's day through every request, for the query-plan
 * tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A patient, orders paid each way, the whole lab flow to a released
 * report, a refund, a break-glass; a result returned, a report amended,
 * a sample stored, an order reassigned, an alert acknowledged; a clinic's
 * walk-in and bookings; an analyzer's message; a patient on their own
 * pages, booking a home visit; every list and report each role reads, the audit chain's check, then the minute's sweeps: the
 * statements a lab's day prepares, for test-query-plans and
 * test-query-plans-pg to plan.
 */

#include "config.h"

#include <string.h>

#include "ld-test-browser.h"
#include "ld-test-day.h"
#include "ld-test-documents.h"

static LdTestResponse *
get_ok (LdTestDay  *day,
        const char *token,
        const char *path)
{
  LdTestResponse *resp = ld_test_get (day->lab->server, path, token);

  if (resp->status != 200)
    g_error ("GET %s: %u %s", path, resp->status, resp->body);
  return resp;
}

static void
get_all (LdTestDay          *day,
         const char         *token,
         const char * const *paths)
{
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GString) path = g_string_new (paths[i]);
      g_autoptr(LdTestResponse) resp = NULL;

      g_string_replace (path, "{patient}", day->patient_id, 0);
      g_string_replace (path, "{order}", day->released_id, 0);
      g_string_replace (path, "{number}", day->released_number, 0);
      g_string_replace (path, "{doctor}", day->lab->doctor_id, 0);
      g_string_replace (path, "{admin}", day->admin_id, 0);
      g_string_replace (path, "{appointment}", day->appointment_id, 0);
      g_string_replace (path, "{report}", day->report_id, 0);
      g_string_replace (path, "{code}", day->verification_code, 0);
      resp = get_ok (day, token, path->str);
    }
}

/* @method @path with @json as @token, which must answer @status. */
static LdTestResponse *
send_ok (LdTestDay  *day,
         const char *method,
         const char *token,
         const char *path,
         const char *json,
         guint       status)
{
  LdTestResponse *resp = ld_test_send_json (day->lab->server, method, path, token, json);

  if (resp->status != status)
    g_error ("%s %s: %u %s", method, path, resp->status, resp->body);
  return resp;
}

/* POST @body, as @token, to the path @format makes; it must answer
 * @status. */
static LdTestResponse *
post_to (LdTestDay *day, const char *token, const char *body, guint status, const char *format, ...)
  G_GNUC_PRINTF (5, 6);

static LdTestResponse *
post_to (LdTestDay  *day,
         const char *token,
         const char *body,
         guint       status,
         const char *format,
         ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  return send_ok (day, "POST", token, path, body, status);
}

/* Moves the appointment @id by @action as @token (@more: further members
 * of the body); returns its new version. */
static gint64
move_appointment (LdTestDay  *day,
                  const char *token,
                  const char *id,
                  const char *action,
                  gint64      version,
                  const char *more)
{
  g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "%s}", version, more);
  g_autoptr(LdTestResponse) resp =
               post_to (day, token, body, 200, "/api/v1/appointments/%s/%s", id, action);

  return ld_test_response_get_int (resp, "appointment.version");
}

/* Tomorrow at @hour:@minute, the clinic's time. */
static GDateTime *
new_tomorrow_at (int hour,
                 int minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);

  return g_date_time_new_local (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                g_date_time_get_day_of_month (tomorrow), hour, minute, 0);
}

/* Tomorrow at @hour:@minute as a booking's start. */
static char *
tomorrow_at (int hour,
             int minute)
{
  g_autoptr(GDateTime) slot = new_tomorrow_at (hour, minute);

  return g_date_time_format_iso8601 (slot);
}

/* A booking of the day's patient with the lab's doctor, as @token, for
 * tomorrow at @hour:@minute; returns its id. */
static char *
book_tomorrow (LdTestDay  *day,
               const char *token,
               int         hour,
               int         minute)
{
  g_autofree char *start = tomorrow_at (hour, minute);
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"start\": \"%s\"}",
                     day->patient_id, day->lab->doctor_id, start);
  g_autoptr(LdTestResponse) booked =
               send_ok (day, "POST", token, "/api/v1/appointments", body, 201);

  return g_strdup (ld_test_response_get_string (booked, "appointment.id"));
}

/* A clinic's day: the doctor's week and a day of leave; a walk-in called
 * in, their visit written, signed and amended, and let go; tomorrow's
 * bookings, one moved, one cancelled, one a follow-up the doctor books. */
static void
run_clinic (LdTestDay *day)
{
  LdLab *lab = day->lab;
  g_autofree char *schedule = g_strdup_printf ("/api/v1/doctors/%s/schedule", lab->doctor_id);
  g_autofree char *leave = g_strdup_printf ("/api/v1/doctors/%s/leave", lab->doctor_id);
  g_autofree char *walk_in =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"doctor_id\": \"%s\", \"walk_in\": true}",
                     day->patient_id, lab->doctor_id);
  g_autofree char *visit = NULL;
  g_autofree char *sign = NULL;
  g_autofree char *amend = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *later = tomorrow_at (10, 30);
  g_autofree char *moved_to = g_strdup_printf (", \"start\": \"%s\"", later);
  g_autofree char *cancelled = NULL;
  g_autofree char *follow_up = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  gint64 version;

  resp = send_ok (day, "PUT", lab->admin, schedule,
                  "{\"speciality\": \"General medicine\", \"room\": \"Room 3\","
                  " \"slot_minutes\": 15, \"hours\": {\"mon\": \"07:00-21:00\","
                  " \"tue\": \"07:00-21:00\", \"wed\": \"07:00-21:00\","
                  " \"thu\": \"07:00-21:00\", \"fri\": \"07:00-21:00\","
                  " \"sat\": \"07:00-21:00\", \"sun\": \"07:00-21:00\"}}",
                  200);
  g_clear_pointer (&resp, ld_test_response_free);
  resp = send_ok (day, "POST", lab->doctor, leave, "{\"day\": \"2031-03-03\"}", 201);
  g_clear_pointer (&resp, ld_test_response_free);

  resp = send_ok (day, "POST", lab->desk, "/api/v1/appointments", walk_in, 201);
  day->appointment_id = g_strdup (ld_test_response_get_string (resp, "appointment.id"));
  version = ld_test_response_get_int (resp, "appointment.version");
  g_clear_pointer (&resp, ld_test_response_free);
  version = move_appointment (day, lab->doctor, day->appointment_id, "start", version, "");

  visit = g_strdup_printf ("/api/v1/appointments/%s/visit", day->appointment_id);
  resp = send_ok (day, "PUT", lab->doctor, visit,
                  "{\"complaint\": \"Fever for three days\", \"vitals\": {\"bp_systolic\": 128,"
                  " \"bp_diastolic\": 84, \"temperature\": 38.4}, \"diagnosis\": \"Viral fever\"}",
                  200);
  sign = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}",
                          ld_test_response_get_int (resp, "visit.version"));
  g_clear_pointer (&resp, ld_test_response_free);
  {
    g_autofree char *sign_path = g_strconcat (visit, "/sign", NULL);

    resp = send_ok (day, "POST", lab->doctor, sign_path, sign, 200);
  }
  amend = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"Typed in haste.\","
                           " \"diagnosis\": \"Viral fever, resolving\"}",
                           ld_test_response_get_int (resp, "visit.version"));
  g_clear_pointer (&resp, ld_test_response_free);
  resp = send_ok (day, "PUT", lab->doctor, visit, amend, 200);
  g_clear_pointer (&resp, ld_test_response_free);
  move_appointment (day, lab->doctor, day->appointment_id, "finish", version, "");

  moved = book_tomorrow (day, lab->desk, 10, 0);
  move_appointment (day, lab->desk, moved, "reschedule", 1, moved_to);
  cancelled = book_tomorrow (day, lab->desk, 11, 0);
  move_appointment (day, lab->desk, cancelled, "cancel", 1,
                    ", \"reason\": \"The patient called to cancel.\"");
  follow_up = book_tomorrow (day, lab->doctor, 11, 15);
}

/* An analyzer on HL7: a result for a sample in the lab, and one for an
 * accession the lab does not know, held for the lab to resolve. */
static void
run_instrument (LdTestDay *day)
{
  LdLab *lab = day->lab;
  g_autofree char *order_id =
    ld_lab_order_in_lab (lab, day->patient_id, "\"items\": [\"GLUF\"]");
  g_autofree char *accession = ld_lab_accession_for (lab, order_id, "GLUF");
  g_autofree char *message = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(LdTestResponse) created = NULL;
  g_autoptr(LdTestResponse) status = NULL;
  JsonArray *items;
  gint64 port;

  created = send_ok (day, "POST", lab->admin, "/api/v1/instruments",
                     "{\"name\": \"Cobas c111\", \"protocol\": \"hl7\", \"address\": \"127.0.0.1\","
                     " \"port\": 0, \"codes\": [{\"instrument_code\": \"GLU\","
                     " \"test_code\": \"GLUF\", \"unit\": \"mmol/L\", \"factor\": 18.016}]}",
                     201);
  status = get_ok (day, lab->admin, "/api/v1/instruments/status");
  items = json_object_get_array_member (ld_test_response_object (status), "items");
  message = g_strdup_printf ("MSH|^~\\&|COBAS|BENCH1|LABDESK|LAB|20261126101500||ORU^R01^ORU_R01|"
                             "DAY0001|P|2.5.1\n"
                             "PID|1||P0001\n"
                             "OBR|1||%s|GLU^Glucose|||20261126101000\n"
                             "OBX|1|NM|GLU^Glucose||5.5|mmol/L|3.9-5.5|N|||F\n"
                             "OBR|2||S99999999|GLU^Glucose|||20261126101000\n"
                             "OBX|1|NM|GLU^Glucose||4.1|mmol/L|3.9-5.5|N|||F\n",
                             accession);
  port = json_object_get_int_member (json_array_get_object_element (items, 0), "port");
  answer = ld_lab_mllp_send (lab, port, message);
  if (strstr (answer, "MSA|AA|DAY0001") == NULL)
    g_error ("the analyzer's message was not taken: %s", answer);
}

/* A verified result of an order not yet released, returned for re-entry
 * once its report was previewed. */
static void
return_verified_result (LdTestDay  *day,
                        const char *order_id)
{
  LdLab *lab = day->lab;
  g_autofree char *preview = g_strdup_printf ("/api/v1/orders/%s/report-preview.pdf", order_id);
  g_autoptr(LdTestResponse) previewed = get_ok (day, lab->technician, preview);
  g_autoptr(LdTestResponse) results = ld_lab_get_results (lab, lab->technician, order_id);
  JsonObject *result = ld_lab_find_result (results, "items", "HB");
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"Clotted sample.\"}",
                     json_object_get_int_member (result, "version"));
  g_autoptr(LdTestResponse) returned =
               post_to (day, lab->sunita, body, 200, "/api/v1/results/%s/return",
                        json_object_get_string_member (result, "id"));
}

/* The released order's report amended; its newest version kept for the
 * lists, the FHIR reads and the code's look-up. */
static void
amend_released (LdTestDay *day)
{
  LdLab *lab = day->lab;
  g_autoptr(LdTestResponse) results = ld_lab_get_results (lab, lab->technician, day->released_id);
  JsonObject *result = ld_lab_find_result (results, "items", "HB");
  g_autofree char *body =
    g_strdup_printf ("{\"reason\": \"Measured again on a new draw.\", \"results\":"
                     " [{\"test_code\": \"HB\", \"version\": %" G_GINT64_FORMAT ","
                     " \"value\": \"11.2\"}]}",
                     json_object_get_int_member (result, "version"));
  g_autoptr(LdTestResponse) amended = post_to (day, lab->signatory, body, 201,
                                                "/api/v1/orders/%s/amendments", day->released_id);
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/reports", day->released_id);
  g_autoptr(LdTestResponse) reports = get_ok (day, lab->desk, path);
  JsonArray *items = json_object_get_array_member (ld_test_response_object (reports), "items");
  JsonObject *newest = json_array_get_object_element (items, json_array_get_length (items) - 1);

  day->report_id = g_strdup (json_object_get_string_member (newest, "id"));
  day->verification_code = g_strdup (json_object_get_string_member (newest, "verification_code"));
}

/* The sample of @accession found by its barcode and put in the fridge. */
static void
store_sample (LdTestDay  *day,
              const char *accession)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/samples?accession=%s", accession);
  g_autoptr(LdTestResponse) sample = get_ok (day, day->lab->technician, path);
  g_autofree char *body =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"event\": \"stored\","
                     " \"location\": \"Fridge 2\"}",
                     ld_test_response_get_int (sample, "sample.version"));
  g_autoptr(LdTestResponse) stored =
               post_to (day, day->lab->technician, body, 200, "/api/v1/samples/%s/custody",
                        ld_test_response_get_string (sample, "sample.id"));
}

/* The doctor's first open alert (K 6.8 in the sample order is critical)
 * acknowledged. */
static void
acknowledge_alert (LdTestDay *day)
{
  g_autoptr(LdTestResponse) alerts = get_ok (day, day->lab->doctor, "/api/v1/doctors/me/alerts");
  JsonArray *items = json_object_get_array_member (ld_test_response_object (alerts), "items");
  JsonObject *alert;
  g_autofree char *body = NULL;
  g_autoptr(LdTestResponse) acknowledged = NULL;

  g_assert_cmpuint (json_array_get_length (items), >, 0);
  alert = json_array_get_object_element (items, 0);
  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT "}",
                          json_object_get_int_member (alert, "version"));
  acknowledged = post_to (day, day->lab->doctor, body, 200, "/api/v1/alerts/%s/acknowledge",
                          json_object_get_string_member (alert, "id"));
}

/* The lab's other moves: a verified result returned, the released report
 * amended, a sample stored, an order given to a technician, a critical
 * value's alert acknowledged. */
static void
run_lab_extras (LdTestDay *day)
{
  LdLab *lab = day->lab;
  g_autofree char *verified_id = ld_test_order_resulted (lab, day->patient_id);
  g_autofree char *accession = ld_lab_accession_for (lab, verified_id, "GLUF");
  g_autofree char *technician = g_strdup_printf ("{\"technician_id\": \"%s\"}", lab->technician_id);
  g_autoptr(LdTestResponse) assigned = NULL;

  return_verified_result (day, verified_id);
  amend_released (day);
  store_sample (day, accession);
  assigned = post_to (day, lab->admin, technician, 200, "/api/v1/orders/%s/assign", verified_id);
  acknowledge_alert (day);
}

/* The code the outbox holds for the newest sign-in: no test server sends
 * mail, so it is read where the mail would be made from. */
static char *
dup_sign_in_code (LdTestDay *day)
{
  g_autoptr(LdDb) db = ld_test_server_open_db (day->lab->server);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt = ld_db_prepare_cached (db, "SELECT facts FROM notifications"
                                             " WHERE template = 'sign-in-code'"
                                             " ORDER BY created_us DESC LIMIT 1",
                                         &error);
  char *code;

  g_assert_no_error (error);
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
  json_parser_load_from_data (parser, ld_db_column_text (stmt, 0), -1, &error);
  g_assert_no_error (error);
  code = g_strdup (
    json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "code"));
  ld_db_reset (stmt);
  return code;
}

/* @browser's GET of @path, which must answer 200. */
static void
browse (LdTestBrowser *browser,
        const char    *path)
{
  g_autoptr(LdTestPage) page = ld_test_browser_get (browser, path);

  if (page->status != 200)
    g_error ("GET %s: %u %s", path, page->status, page->body);
}

/* A fasting glucose booked on the patient pages for the linked patient,
 * collected at home tomorrow at nine, paid in cash at collection. */
static void
book_home_visit (LdTestBrowser *browser)
{
  g_autoptr(GDateTime) tomorrow = new_tomorrow_at (9, 0);
  g_autofree char *date = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_autoptr(LdTestPage) added = NULL;
  g_autoptr(LdTestPage) review = NULL;
  g_autoptr(LdTestPage) confirmed = NULL;
  g_autofree char *key = NULL;

  browse (browser, "/my/book");
  added = ld_test_browser_post (browser, "/my/cart/add", TRUE, "code", "GLUF", NULL);
  g_assert_cmpuint (added->status, ==, 303);
  browse (browser, "/my/cart");
  review =
    ld_test_browser_post (browser, "/my/review", TRUE, "patient", "1", "collection", "home",
                          "address", "12 MG Road, Pune 411001", "date", date, "slot", "09", NULL);
  ld_test_page_assert_contains (review, "Check your booking");
  key = ld_test_page_dup_hidden (review, "key");
  confirmed = ld_test_browser_post (browser, "/my/confirm", TRUE, "key", key, "patient", "1",
                                    "collection", "home", "address", "12 MG Road, Pune 411001",
                                    "date", date, "slot", "09", "payment", "cod", NULL);
  g_assert_cmpuint (confirmed->status, ==, 303);
  browse (browser, confirmed->location);
}

/* The patient's own pages: signed in with a code by e-mail, the desk's
 * code typed to link the record, the orders, a report and a receipt read,
 * a home visit booked, signed out. */
static void
run_web (LdTestDay *day)
{
  LdLab *lab = day->lab;
  g_autoptr(LdTestBrowser) browser =
               ld_test_browser_new (ld_test_server_get_uri (lab->server), NULL);
  g_autoptr(LdTestResponse) issued =
               post_to (day, lab->desk, "{}", 201, "/api/v1/patients/%s/web-link-code",
                        day->patient_id);
  g_autoptr(LdTestPage) asked = NULL;
  g_autoptr(LdTestPage) signed_in = NULL;
  g_autoptr(LdTestPage) linked = NULL;
  g_autoptr(LdTestPage) signed_out = NULL;
  g_autofree char *code = NULL;
  g_autofree char *order = g_strdup_printf ("/my/orders/%s", day->released_id);
  g_autofree char *report = g_strdup_printf ("/my/orders/%s/report.pdf", day->released_id);
  g_autofree char *receipt = g_strdup_printf ("/my/orders/%s/receipt.pdf", day->released_id);

  asked = ld_test_browser_post (browser, "/my/sign-in", FALSE, "email", "kavya@example.com", NULL);
  ld_test_page_assert_contains (asked, "Check your e-mail");
  code = dup_sign_in_code (day);
  signed_in = ld_test_browser_post (browser, "/my/code", FALSE, "email", "kavya@example.com",
                                    "code", code, NULL);
  g_assert_cmpuint (signed_in->status, ==, 303);
  browse (browser, "/my/link");
  linked =
    ld_test_browser_post (browser, "/my/link", TRUE, "code",
                          ld_test_response_get_string (issued, "code"), "relation", "self", NULL);
  g_assert_cmpuint (linked->status, ==, 303);
  browse (browser, "/my/");
  browse (browser, order);
  browse (browser, report);
  browse (browser, receipt);
  book_home_visit (browser);
  browse (browser, "/my/visit");
  signed_out = ld_test_browser_post (browser, "/my/sign-out", TRUE, NULL);
  g_assert_cmpuint (signed_out->status, ==, 303);
}

void
ld_test_day_run (LdTestDay *day)
{
  LdLab *lab;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *cash = g_strdup_printf ("/api/v1/reports/cash?date=%s", today);
  g_autofree char *turnaround =
    g_strdup_printf ("/api/v1/reports/turnaround?from=%s&to=%s", today, today);
  g_autofree char *analytics = g_strdup_printf ("/api/v1/analytics?from=%s&to=%s", today, today);
  g_autofree char *analytics_csv =
    g_strdup_printf ("/api/v1/analytics/workload.csv?from=%s&to=%s", today, today);
  g_autofree char *by_date = g_strdup_printf ("/api/v1/orders?date=%s", today);
  g_autofree char *cod_id = NULL;
  g_autofree char *cancelled_id = NULL;
  g_autofree char *cancel = NULL;
  g_autofree char *refunded_id = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  const char * const desk_paths[] = { "/api/v1/patients?q=Kavya",
                                      "/api/v1/patients?q=9876543210",
                                      "/api/v1/patients/{patient}",
                                      "/api/v1/orders",
                                      "/api/v1/orders?limit=2",
                                      "/api/v1/orders?patient_id={patient}",
                                      "/api/v1/orders?lab_state=ordered",
                                      "/api/v1/orders?payment_state=cod_pending",
                                      "/api/v1/orders?payment_state=paid&lab_state=reported",
                                      by_date,
                                      "/api/v1/orders/{order}",
                                      "/api/v1/orders/by-number/{number}",
                                      "/api/v1/orders/{order}/receipt.pdf",
                                      "/api/v1/orders/{order}/report.pdf",
                                      "/api/v1/worklist",
                                      "/api/v1/home-visits",
                                      cash,
                                      "/api/v1/reports/owing",
                                      "/api/v1/reports/owing?limit=1",
                                      "/api/v1/changes?since=0",
                                      "/api/v1/orders/{order}/notifications",
                                      "/api/v1/patients/{patient}/web-accounts",
                                      "/api/v1/web-registrations/review",
                                      "/api/v1/doctors",
                                      "/api/v1/doctors/{doctor}/schedule",
                                      "/api/v1/slots?doctor_id={doctor}",
                                      "/api/v1/slots?speciality=general%20medicine",
                                      "/api/v1/doctors/{doctor}/queue",
                                      "/api/v1/appointments/{appointment}",
                                      "/api/v1/appointments/{appointment}/notifications",
                                      "/api/v1/fhir/DiagnosticReport?patient={patient}",
                                      "/api/v1/fhir/DiagnosticReport/{report}",
                                      NULL };
  const char * const lab_paths[] = { "/api/v1/worklist?tab=ready",
                                     "/api/v1/worklist?tab=cod",
                                     "/api/v1/worklist?tab=processing",
                                     "/api/v1/worklist?tab=completed",
                                     "/api/v1/worklist?tab=failed",
                                     "/api/v1/worklist?tab=recollection",
                                     "/api/v1/worklist?tab=ready&priority=stat",
                                     "/api/v1/technicians/me/workload",
                                     "/api/v1/orders/{order}/results",
                                     "/api/v1/orders/{order}/samples",
                                     "/api/v1/orders/{order}/reports",
                                     "/api/v1/orders/{order}/labels.pdf",
                                     "/api/v1/patients/{patient}/results?test=HB",
                                     "/api/v1/patients/{patient}/results?limit=1",
                                     "/api/v1/technicians/me/late",
                                     "/api/v1/unmatched-results",
                                     "/api/v1/unmatched-results?state=all",
                                     NULL };
  const char * const doctor_paths[] = {
    "/api/v1/doctors/me/orders",
    "/api/v1/doctors/me/patients",
    "/api/v1/doctors/me/alerts",
    "/api/v1/doctors/me/alerts?state=all",
    /* Issue 15: need-to-know checks the doctor's own patient, and keeps
     * the feed to them. */
    "/api/v1/orders/{order}",
    "/api/v1/orders/{order}/results",
    "/api/v1/patients/{patient}/results?test=HB",
    /* The cumulative results' fallback (the cursor is bound, not part
     * of the statement). */
    "/api/v1/patients/{patient}/results?limit=200",
    "/api/v1/changes?since=0",
    "/api/v1/changes/snapshot",
    "/api/v1/doctors/{doctor}/queue",
    "/api/v1/appointments/{appointment}/visit",
    "/api/v1/patients/{patient}/visits",
    "/api/v1/icd10?q=B34",
    NULL
  };
  const char * const admin_paths[] = {
    "/api/v1/alerts",
    "/api/v1/audit",
    "/api/v1/audit?entity=order&entity_id={order}",
    "/api/v1/audit?entity=order",
    "/api/v1/audit?action=order.create",
    "/api/v1/audit?user={admin}&action=order.create",
    "/api/v1/audit?since=2026-01-01T00:00:00Z&until=2030-01-01T00:00:00Z",
    "/api/v1/audit?since=2026-01-01T00:00:00Z&limit=1&before=3",
    analytics,
    analytics_csv,
    "/api/v1/users",
    "/api/v1/settings",
    "/api/v1/catalog",
    "/api/v1/reports/open-work",
    turnaround,
    "/api/v1/break-glass",
    "/api/v1/break-glass?doctor_id={doctor}",
    "/api/v1/notifications",
    "/api/v1/notifications?state=failed",
    "/metrics",
    "/api/v1/instruments",
    "/api/v1/instruments/status",
    "/api/v1/backups",
    NULL
  };

  lab = day->lab = ld_lab_new ();
  day->patient_id = ld_lab_new_patient (lab, "{\"name\": \"Kavya Iyer\", \"sex\": \"female\","
                                             " \"age_years\": 34, \"phone\": \"9876543210\"}");
  /* A delta check, so entry and verification look for the previous result. */
  resp =
    ld_test_send_json (lab->server, "PATCH", "/api/v1/catalog/tests/HB", lab->admin,
                       "{\"version\": 1, \"delta_check\": {\"type\": \"absolute\", \"limit\": 2,"
                       " \"window_days\": 30}}");
  ld_test_assert_status (resp, 200);
  g_clear_pointer (&resp, ld_test_response_free);
  day->released_id = ld_test_order_released (lab, day->patient_id);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", day->released_id);
    g_autoptr(LdTestResponse) order = get_ok (day, lab->desk, path);

    day->released_number = g_strdup (ld_test_response_get_string (order, "order.number"));
    day->admin_id = ld_lab_user_id (lab, lab->admin);
  }

  cod_id = ld_lab_prescribe (lab, day->patient_id, "\"items\": [\"GLUF\"]");
  resp = ld_lab_order_post (lab, lab->desk, cod_id, "payments", "{\"method\": \"cod\"}");
  ld_test_assert_status (resp, 201);
  g_clear_pointer (&resp, ld_test_response_free);

  cancelled_id = ld_lab_prescribe (lab, day->patient_id, "\"items\": [\"K\"]");
  cancel =
    g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"reason\": \"The patient left.\"}",
                     ld_lab_order_version (lab, cancelled_id));
  resp = ld_lab_order_post (lab, lab->desk, cancelled_id, "cancel", cancel);
  ld_test_assert_status (resp, 200);
  g_clear_pointer (&resp, ld_test_response_free);

  refunded_id = ld_lab_prescribe (lab, day->patient_id, "\"items\": [\"K\"]");
  ld_lab_pay (lab, refunded_id);
  resp = ld_lab_order_post (lab, lab->desk, refunded_id, "refunds",
                            "{\"method\": \"card\", \"amount_paise\": 100,"
                            " \"reason\": \"Charged twice.\"}");
  ld_test_assert_status (resp, 201);
  g_clear_pointer (&resp, ld_test_response_free);

  {
    g_autofree char *path = g_strdup_printf ("/api/v1/patients/%s/break-glass", day->patient_id);

    resp =
      ld_lab_post (lab, lab->doctor, path, "{\"reason\": \"Seen in the emergency room tonight.\"}");
    ld_test_assert_status (resp, 201);
    g_clear_pointer (&resp, ld_test_response_free);
  }

  run_clinic (day);
  run_instrument (day);
  run_lab_extras (day);
  run_web (day);

  get_all (day, lab->desk, desk_paths);
  get_all (day, lab->technician, lab_paths);
  get_all (day, lab->doctor, doctor_paths);
  get_all (day, lab->admin, admin_paths);
  /* What a report's QR code opens, with no one signed in. */
  {
    g_autofree char *verify = g_strdup_printf ("/verify/%s", day->verification_code);
    g_autoptr(LdTestResponse) genuine = get_ok (day, NULL, verify);
  }

  /* The chain's check, to its end. */
  resp = ld_test_send_json (lab->server, "POST", "/api/v1/audit/check", lab->admin, "{}");
  ld_test_assert_status (resp, 202);
  for (gint64 guard = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
       g_strcmp0 (ld_test_response_get_string (resp, "state"), "running") == 0;)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, guard);
      g_clear_pointer (&resp, ld_test_response_free);
      g_usleep (G_USEC_PER_SEC / 50);
      resp = get_ok (day, lab->admin, "/api/v1/audit/check");
    }
  g_assert_cmpstr (ld_test_response_get_string (resp, "state"), ==, "passed");

  /* The minute's sweeps: orders past their deadline, the no-shows, tomorrow's reminders. */
  ld_test_server_run_minute_sweeps (lab->server);
}

void
ld_test_day_clear (LdTestDay *day)
{
  g_clear_pointer (&day->patient_id, g_free);
  g_clear_pointer (&day->released_id, g_free);
  g_clear_pointer (&day->released_number, g_free);
  g_clear_pointer (&day->admin_id, g_free);
  g_clear_pointer (&day->appointment_id, g_free);
  g_clear_pointer (&day->report_id, g_free);
  g_clear_pointer (&day->verification_code, g_free);
  g_clear_pointer (&day->lab, ld_lab_free);
}

/* ld-test-day.c: one lab's day through every request, for the query-plan
 * tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A patient, orders paid each way, the whole lab flow to a released
 * report, a refund, a break-glass, every list and report each role reads,
 * the audit chain's check, then the minute's sweeps: the statements a
 * lab's day prepares, for test-query-plans and test-query-plans-pg to
 * plan.
 */

#include "config.h"

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
      resp = get_ok (day, token, path->str);
    }
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

  get_all (day, lab->desk, desk_paths);
  get_all (day, lab->technician, lab_paths);
  get_all (day, lab->doctor, doctor_paths);
  get_all (day, lab->admin, admin_paths);

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
  g_clear_pointer (&day->lab, ld_lab_free);
}

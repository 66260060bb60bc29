/* ld-test-desk-day.c: a front desk's day, made over HTTP for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-desk-day.h"
#include "ld-test-desk-day.h"
#include "ld-test-orders.h"
#include "ld-time.h"

/* Returns: (transfer full): the new patient's id */
char *
ld_test_desk_patient (LdTestServer *server,
                      const char   *token,
                      const char   *name,
                      const char   *phone)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\","
                                           " \"age_years\": 40, \"phone\": \"%s\"}", name, phone);
  g_autoptr(LdTestResponse) resp = ld_test_send_json (server, "POST", "/api/v1/patients", token,
                                                      body);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "patient.id"));
}

/* Returns: (transfer full): the new order's id */
char *
ld_test_desk_order (LdTestServer *server,
                    const char   *token,
                    const char   *patient_id,
                    const char   *extra_json)
{
  g_autofree char *body = g_strdup_printf ("{\"patient_id\": \"%s\", %s}", patient_id, extra_json);
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (server, "POST", "/api/v1/orders", token, body);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "order.id"));
}

/* The start of a local day, @days_later from today. */
gint64
ld_test_desk_day_start (int days_later)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

  return ld_desk_start_of_day (g_get_real_time (), days_later, zone);
}

/* An order for HB collected at @address tomorrow, 09:00 to 11:00; move
 * its slot with ld_test_desk_move_slot(). Returns: (transfer full): its id */
char *
ld_test_desk_home_order (LdTestServer *server,
                         const char   *token,
                         const char   *patient_id,
                         const char   *address)
{
  gint64 start_us = ld_test_desk_day_start (1) + 9 * G_TIME_SPAN_HOUR;
  g_autofree char *start = ld_time_format_rfc3339 (start_us);
  g_autofree char *end = ld_time_format_rfc3339 (start_us + 2 * G_TIME_SPAN_HOUR);
  g_autofree char *extra = g_strdup_printf ("\"items\": [\"HB\"], \"collection\": \"home\","
                                            " \"home_visit\": {\"address\": \"%s\","
                                            " \"slot_start\": \"%s\", \"slot_end\": \"%s\"}",
                                            address, start, end);

  return ld_test_desk_order (server, token, patient_id, extra);
}

/* POST /api/v1/orders/{id}/@what (payments, refunds), which must be made. */
static void
post_money (LdTestServer *server,
            const char   *token,
            const char   *order_id,
            const char   *what,
            const char   *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/%s", order_id, what);
  g_autoptr(LdTestResponse) resp = ld_test_send_json (server, "POST", path, token, json);

  ld_test_assert_status (resp, 201);
}

void
ld_test_desk_pay (LdTestServer *server,
                  const char   *token,
                  const char   *order_id,
                  const char   *json)
{
  post_money (server, token, order_id, "payments", json);
}

/* An online attempt the gateway refused, as the desk records it. */
void
ld_test_desk_fail_online (LdTestServer *server,
                          const char   *token,
                          const char   *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/payments", order_id);
  g_autoptr(LdTestResponse) started =
               ld_test_send_json (server, "POST", path, token, "{\"method\": \"online\"}");
  g_autoptr(LdTestResponse) failed = NULL;
  g_autofree char *decide = NULL;

  ld_test_assert_status (started, 201);
  decide =
    g_strdup_printf ("/api/v1/payments/%s", ld_test_response_get_string (started, "payment.id"));
  failed = ld_test_send_json (server, "PATCH", decide, token,
                              "{\"version\": 1, \"status\": \"failed\","
                              " \"failure_reason\": \"card declined\"}");
  ld_test_assert_status (failed, 200);
}

void
ld_test_desk_refund (LdTestServer *server,
                     const char   *token,
                     const char   *order_id,
                     const char   *json)
{
  post_money (server, token, order_id, "refunds", json);
}

/* Moves a home visit's slot behind the server's back, as time passing
 * would (no endpoint books a slot today or in the past). The feed shows
 * it with the order's next change. */
void
ld_test_desk_move_slot (LdTestServer *server,
                        const char   *order_id,
                        gint64        start_us,
                        gint64        end_us)
{
  g_autofree char *start = ld_time_format_rfc3339 (start_us);
  g_autofree char *end = ld_time_format_rfc3339 (end_us);
  g_autofree char *sql = g_strdup_printf ("UPDATE orders SET home_slot_us = %" G_GINT64_FORMAT ","
                                          " home_slot_start = '%s', home_slot_end = '%s'"
                                          " WHERE id = '%s'", start_us, start, end, order_id);

  ld_test_sql_exec (server, sql);
}

gint64
ld_test_desk_order_total (LdTestServer *server,
                          const char   *token,
                          const char   *order_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
  g_autoptr(LdTestResponse) order = ld_test_get (server, path, token);

  ld_test_assert_status (order, 200);
  return ld_test_response_get_int (order, "order.total_paise");
}

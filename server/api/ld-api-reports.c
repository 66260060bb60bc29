/* ld-api-reports.c: the day's cash report and owing orders, turnaround and open work
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-reports"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-service-reports.h"
#include "ld-store-results.h"
#include "ld-time.h"
#include "ld-order-rules.h"

/* Pages of the owing list. */
#define OWING_DEFAULT_PAGE 50
#define OWING_MAX_PAGE 200

typedef struct
{
  gint64 received;
  gint64 refunded;
} MethodTotal;

static void
add_money (JsonBuilder *builder,
           gint64       received,
           gint64       refunded)
{
  ld_json_builder_add_int (builder, "received_paise", received);
  ld_json_builder_add_int (builder, "refunded_paise", refunded);
  ld_json_builder_add_int (builder, "net_paise", received - refunded);
}

static void
add_user (JsonBuilder *builder,
          const char  *id,
          const char  *username,
          const char  *display_name)
{
  json_builder_set_member_name (builder, "user");
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", id);
  ld_json_builder_add_string (builder, "username", username);
  ld_json_builder_add_string (builder, "display_name", display_name);
  json_builder_end_object (builder);
}

static void
add_line (JsonBuilder      *builder,
          const LdCashLine *line)
{
  json_builder_begin_object (builder);
  add_user (builder, line->user_id, line->username, line->display_name);
  ld_json_builder_add_string (builder, "method", line->method);
  ld_json_builder_add_int (builder, "payments", line->payments);
  ld_json_builder_add_int (builder, "refunds", line->refunds);
  add_money (builder, line->received_paise, line->refunded_paise);
  json_builder_end_object (builder);
}

/* Each user's money over all methods; @lines come a user at a time. */
static void
add_user_totals (JsonBuilder *builder,
                 GPtrArray   *lines)
{
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lines->len;)
    {
      const LdCashLine *first = g_ptr_array_index (lines, i);
      gint64 payments = 0, refunds = 0, received = 0, refunded = 0;

      for (; i < lines->len; i++)
        {
          const LdCashLine *line = g_ptr_array_index (lines, i);

          if (!g_str_equal (line->user_id, first->user_id))
            break;
          payments += line->payments;
          refunds += line->refunds;
          received += line->received_paise;
          refunded += line->refunded_paise;
        }

      json_builder_begin_object (builder);
      add_user (builder, first->user_id, first->username, first->display_name);
      ld_json_builder_add_int (builder, "payments", payments);
      ld_json_builder_add_int (builder, "refunds", refunds);
      add_money (builder, received, refunded);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_entries (JsonBuilder *builder,
             GPtrArray   *entries)
{
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      const LdCashEntry *entry = g_ptr_array_index (entries, i);
      const LdPayment *payment = entry->payment;

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "id", payment->id);
      ld_json_builder_add_string (builder, "kind", payment->kind);
      ld_json_builder_add_string (builder, "decided_at", payment->decided_at);
      ld_json_builder_add_string (builder, "method", payment->method);
      ld_json_builder_add_int (builder, "amount_paise", payment->amount_paise);
      ld_json_builder_add_string (builder, "reference", payment->reference);
      ld_json_builder_add_string (builder, "reason", payment->reason);
      json_builder_set_member_name (builder, "order");
      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "id", payment->order_id);
      ld_json_builder_add_string (builder, "number", entry->order_number);
      json_builder_end_object (builder);
      ld_order_add_patient_member (builder, entry->patient_id, entry->patient_mrn,
                                   entry->patient_name);
      add_user (builder, payment->taken_by, entry->username, entry->display_name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* GET /api/v1/reports/cash?date=2026-11-22: money taken and given back
 * that day (in the lab's time zone), per user and method, with totals
 * per method and per user and every payment and refund, so each desk can
 * close its drawer against it. The entries name patients: audited. */
static gboolean
cash_report (LdHttpRequest  *req,
             GError        **error)
{
  static const char * const known[] = { "date", NULL };
  static const char * const methods[] = { "cash", "card", "upi", "online", NULL };
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  MethodTotal totals[G_N_ELEMENTS (methods)] = {
    { 0, 0 },
  };
  gint64 from_us = 0, until_us = 0;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_api_query_get_day (req, "date", TRUE, &from_us, &until_us, error) ||
      !ld_service_cash_report (ld_http_request_get_service (req), from_us, until_us, &lines,
                               &entries, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "date", ld_http_request_get_query (req, "date"));
  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < lines->len; i++)
    {
      const LdCashLine *line = g_ptr_array_index (lines, i);

      add_line (builder, line);
      for (guint m = 0; methods[m] != NULL; m++)
        if (g_str_equal (methods[m], line->method))
          {
            totals[m].received += line->received_paise;
            totals[m].refunded += line->refunded_paise;
          }
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "totals");
  json_builder_begin_array (builder);
  for (guint m = 0; methods[m] != NULL; m++)
    {
      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "method", methods[m]);
      add_money (builder, totals[m].received, totals[m].refunded);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_user_totals (builder, lines);
  add_entries (builder, entries);
  json_builder_end_object (builder);

  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* GET /api/v1/reports/owing?date=2026-11-22&limit=…&after=…: the day's
 * orders still owing money, for the desk to chase before the patient
 * leaves. */
static gboolean
owing_report (LdHttpRequest  *req,
              GError        **error)
{
  static const char * const known[] = { "date", "limit", "after", NULL };
  g_autoptr(GTimeZone) zone = ld_time_zone_local ();
  LdOrderFilter filter = {
    NULL,
  };
  gint64 now_us = ld_time_now ();
  guint limit;

  filter.from_us = ld_order_start_of_day (now_us, 0, zone);
  filter.until_us = ld_order_start_of_day (now_us, 1, zone);
  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, OWING_DEFAULT_PAGE, OWING_MAX_PAGE, &limit, error) ||
      !ld_api_query_get_day (req, "date", FALSE, &filter.from_us, &filter.until_us, error))
    return FALSE;

  return ld_api_order_page (req, &filter, limit, ld_store_orders_owing, "order.owing",
                            (LdJsonWriteFunc) ld_order_money_to_json, error);
}

/* GET /api/v1/reports/turnaround?from=2026-11-01&to=2026-11-30: per test,
 * how long results took from collection to release, over the results
 * first released on those days (both included, the lab's time zone). */
static gboolean
turnaround_report (LdHttpRequest  *req,
                   GError        **error)
{
  static const char * const known[] = { "from", "to", NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gint64 from_us = 0, until_us = 0;
  GDate from, to;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_api_query_get_period (req, &from, &to, &from_us, &until_us, error))
    return FALSE;

  rows = ld_store_lab_turnaround (req->store, from_us, until_us, error);
  if (rows == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "from", ld_http_request_get_query (req, "from"));
  ld_json_builder_add_string (builder, "to", ld_http_request_get_query (req, "to"));
  json_builder_set_member_name (builder, "tests");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const LdTurnaround *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "code", row->test_code);
      ld_json_builder_add_int (builder, "results", row->n_results);
      ld_json_builder_add_int (builder, "mean_seconds", row->mean_us / G_USEC_PER_SEC);
      ld_json_builder_add_int (builder, "min_seconds", row->min_us / G_USEC_PER_SEC);
      ld_json_builder_add_int (builder, "max_seconds", row->max_us / G_USEC_PER_SEC);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* GET /api/v1/reports/open-work: what each active technician holds now. */
static gboolean
open_work_report (LdHttpRequest  *req,
                  GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;

  rows = ld_store_lab_open_work (req->store, error);
  if (rows == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "technicians");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const LdOpenWork *row = g_ptr_array_index (rows, i);
      g_autoptr(LdUser) user = ld_store_users_get (req->store, row->user_id, error);

      if (user == NULL)
        return FALSE;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "user");
      ld_user_to_json (user, builder);
      ld_json_builder_add_int (builder, "orders_to_collect", row->orders_to_collect);
      ld_json_builder_add_int (builder, "orders_in_lab", row->orders_in_lab);
      ld_json_builder_add_int (builder, "results_to_enter", row->results_to_enter);
      ld_json_builder_add_int (builder, "results_awaiting_verification",
                               row->results_awaiting_verification);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

void
ld_api_reports_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/reports/cash", cash_report);
  ld_router_add (router, "GET", "/api/v1/reports/owing", owing_report);
  ld_router_add (router, "GET", "/api/v1/reports/turnaround", turnaround_report);
  ld_router_add (router, "GET", "/api/v1/reports/open-work", open_work_report);
}

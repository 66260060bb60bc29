/* ld-api-break-glass.c: need-to-know for doctors, and breaking the glass
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 15. The rule is ld-care-access.c's: a doctor reads the clinical
 * records of their own patients; for anyone else's they break the glass,
 * saying why, which opens that patient to them for break_glass_minutes,
 * is audited and is listed to administrators.
 */

#define G_LOG_DOMAIN "ld-api-break-glass"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-break-glass.h"
#include "ld-store-orders.h"
#include "ld-store-results.h"
#include "ld-store-samples.h"
#include "ld-time.h"
#include "ld-care-access.h"
#include "ld-result-flow.h"

#define DEFAULT_PAGE 100
#define MAX_PAGE 500

static void
break_glass_to_json (const LdBreakGlass *grant,
                     JsonBuilder        *builder)
{
  g_autofree char *at = ld_time_format_rfc3339 (grant->at_us);
  g_autofree char *until = ld_time_format_rfc3339 (grant->until_us);

  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", grant->id);
  json_builder_set_member_name (builder, "doctor");
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "id", grant->doctor_id);
  ld_json_builder_add_string (builder, "name", grant->doctor_name);
  json_builder_end_object (builder);
  ld_order_add_patient_member (builder, grant->patient_id, grant->patient_mrn, grant->patient_name);
  ld_json_builder_add_string (builder, "reason", grant->reason);
  ld_json_builder_add_string (builder, "at", at);
  ld_json_builder_add_string (builder, "until", until);
  json_builder_end_object (builder);
}

/* Puts one record again in the feed, for @doctor_id alone. */
static gboolean
resend (LdHttpRequest  *req,
        const char     *entity,
        const char     *id,
        const char     *order_id,
        const char     *doctor_id,
        JsonNode       *record,
        GError        **error)
{
  g_autoptr(JsonNode) owned = record;

  return ld_service_record_change_kept (ld_http_request_get_service (req), entity, id,
                                        LD_ROLE_DOCTOR, order_id, doctor_id, owned, error);
}

static JsonNode *
node_of (gconstpointer  item,
         void         (*to_json) (gconstpointer, JsonBuilder *))
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  to_json (item, builder);
  return json_builder_get_root (builder);
}

/*
 * resend_order:
 *
 * The feed decides at each read whose patient is whose, so a client that
 * follows it from its position would get only the changes written after
 * the glass was broken. The order's current records (those a doctor's
 * feed carries: checked results only) go in again, addressed to this
 * doctor alone, so their cache receives them; they are hidden again when
 * the grant runs out, like the rest of the patient's.
 */
static gboolean
resend_order (LdHttpRequest  *req,
              const LdOrder  *order,
              const char     *doctor_id,
              GError        **error)
{
  g_autoptr(GPtrArray) samples = ld_store_samples_for_order (req->store, order->id, error);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) reports = NULL;

  if (samples == NULL ||
      (results = ld_store_results_for_order (req->store, order->id, error)) == NULL ||
      (reports = ld_store_reports_for_order (req->store, order->id, error)) == NULL ||
      !resend (req, "order", order->id, order->id, doctor_id, ld_order_to_node (order), error))
    return FALSE;

  for (guint i = 0; i < samples->len; i++)
    {
      const LdSample *sample = g_ptr_array_index (samples, i);

      if (!resend (req, "sample", sample->id, order->id, doctor_id,
                   node_of (sample, (void (*) (gconstpointer, JsonBuilder *)) ld_sample_to_json), error))
        return FALSE;
    }
  for (guint i = 0; i < results->len; i++)
    {
      const LdResult *result = g_ptr_array_index (results, i);

      if (ld_result_is_checked (result) &&
          !resend (req, "result", result->id, order->id, doctor_id, ld_result_to_node (result), error))
        return FALSE;
    }
  for (guint i = 0; i < reports->len; i++)
    {
      const LdReportVersion *report = g_ptr_array_index (reports, i);

      if (!resend (req, "report", report->id, order->id, doctor_id,
                   ld_report_version_to_node (report), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
resend_patient (LdHttpRequest  *req,
                const char     *patient_id,
                const char     *doctor_id,
                GError        **error)
{
  LdOrderFilter filter = { NULL, };
  g_autofree char *after_id = NULL;

  filter.patient_id = patient_id;
  filter.limit = 200;
  for (;;)
    {
      g_autoptr(GPtrArray) orders = ld_store_orders_list (req->store, &filter, error);
      const LdOrder *last;

      if (orders == NULL)
        return FALSE;
      for (guint i = 0; i < orders->len; i++)
        if (!resend_order (req, g_ptr_array_index (orders, i), doctor_id, error))
          return FALSE;
      if (orders->len < filter.limit)
        return TRUE;
      last = g_ptr_array_index (orders, orders->len - 1);
      g_free (after_id);
      after_id = g_strdup (last->id);
      filter.after_id = after_id;
      filter.after_created_us = last->created_us;
    }
}

/* POST /api/v1/patients/{id}/break-glass {"reason": …} */
static gboolean
break_glass (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdBreakGlass) grant = g_new0 (LdBreakGlass, 1);
  g_autoptr(LdPatient) patient = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *reason = NULL;
  const LdSettings *settings;
  const char *problem;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  if (ld_json_reader_get_string (reader, "reason", LD_JSON_REQUIRED | LD_JSON_NON_EMPTY, &reason))
    {
      g_strstrip (reason);
      problem = ld_break_glass_check_reason (reason);
      if (problem != NULL)
        ld_json_reader_add_error (reader, "reason", problem);
    }
  if (!ld_json_reader_finish (reader, error) ||
      !ld_store_transaction_begin (&txn, req->store, error) ||
      (settings = ld_http_request_get_settings (req, error)) == NULL)
    return FALSE;

  patient = ld_store_patients_get (req->store, ld_http_request_get_param (req, "id"), error);
  if (patient == NULL)
    return FALSE;

  grant->id = g_uuid_string_random ();
  grant->doctor_id = g_strdup (ld_user_get_id (req->user));
  grant->doctor_name = g_strdup (ld_user_get_display_name (req->user));
  grant->patient_id = g_strdup (ld_patient_get_id (patient));
  grant->patient_mrn = g_strdup (ld_patient_get_mrn (patient));
  grant->patient_name = g_strdup (ld_patient_get_name (patient));
  grant->reason = g_steal_pointer (&reason);
  grant->at_us = ld_time_now ();
  grant->until_us = grant->at_us + settings->break_glass_minutes * G_TIME_SPAN_MINUTE;
  if (!ld_store_break_glass_add (req->store, grant, error) ||
      !resend_patient (req, grant->patient_id, grant->doctor_id, error) ||
      !ld_http_request_audit (req, "patient.break_glass", "patient", grant->patient_id,
                              grant->reason, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "break_glass");
  break_glass_to_json (grant, builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_CREATED, builder);
  return TRUE;
}

static char *
grant_cursor (gconstpointer item)
{
  const LdBreakGlass *grant = item;

  return g_strdup_printf ("%" G_GINT64_FORMAT "_%s", grant->at_us, grant->id);
}

/* GET /api/v1/break-glass?from=&to=&doctor_id=&limit=&before= */
static gboolean
list_break_glass (LdHttpRequest  *req,
                  GError        **error)
{
  static const char * const known[] = { "from", "to", "doctor_id", "limit", "before", NULL };
  g_autoptr(GPtrArray) grants = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  LdBreakGlassFilter filter = { NULL, };
  const char *before = ld_http_request_get_query (req, "before");
  gint64 unused = 0;
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, DEFAULT_PAGE, MAX_PAGE, &limit, error) ||
      !ld_api_query_get_day (req, "from", FALSE, &filter.from_us, &unused, error) ||
      !ld_api_query_get_day (req, "to", FALSE, &unused, &filter.until_us, error))
    return FALSE;
  if (before != NULL && !ld_api_parse_order_cursor (before, &filter.before_us, &filter.before_id))
    {
      ld_api_refuse_query (error, "before", "is not a cursor this server gave");
      return FALSE;
    }
  filter.doctor_id = ld_http_request_get_query (req, "doctor_id");
  filter.limit = limit + 1;

  /* The list names patients: read and audited together. */
  if (!ld_store_transaction_begin (&txn, req->store, error) ||
      (grants = ld_store_break_glass_list (req->store, &filter, error)) == NULL ||
      !ld_http_request_audit (req, "break_glass.list", "break_glass", NULL, NULL, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  ld_http_respond_page (req, grants, limit, (LdJsonWriteFunc) break_glass_to_json, grant_cursor);
  return TRUE;
}

void
ld_api_break_glass_register (LdRouter *router)
{
  ld_router_add (router, "POST", "/api/v1/patients/{id}/break-glass", break_glass);
  ld_router_add (router, "GET", "/api/v1/break-glass", list_break_glass);
}

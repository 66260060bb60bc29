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
#include "ld-api-orders.h"
#include "ld-time.h"
#include "../domain/ld-care-access.h"

#define DEFAULT_PAGE 100
#define MAX_PAGE 500

/**
 * ld_api_care_check:
 * @req: a read of a patient's clinical records, inside its transaction
 * @patient_id: the patient the records are about
 * @error: return location for a #GError; %LD_API_ERROR_FORBIDDEN when a
 *   doctor is not the patient's and holds no open grant
 *
 * Lets through a user the endpoint admits by a role other than doctor,
 * and a doctor who has ordered for the patient or broken the glass for
 * them within break_glass_minutes.
 *
 * Returns: %TRUE if the user may read them
 */
gboolean
ld_api_care_check (LdHttpRequest  *req,
                   const char     *patient_id,
                   GError        **error)
{
  const LdPermission *permission = ld_permissions_lookup (req->method, req->route);
  gboolean theirs = FALSE;

  g_return_val_if_fail (req->user != NULL && permission != NULL, FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);

  if (ld_care_access_reads_freely (ld_user_get_roles (req->user), permission))
    return TRUE;

  return ld_store_care_is_their_patient (req->store, ld_user_get_id (req->user), patient_id,
                                         ld_time_now (), &theirs, error) &&
         ld_care_access_decide (theirs, error);
}

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
      problem = ld_care_access_check_reason (reason);
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

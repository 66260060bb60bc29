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
#include "ld-care-access.h"
#include "ld-service-access.h"
#include "ld-time.h"

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

/* POST /api/v1/patients/{id}/break-glass {"reason": …} */
static gboolean
break_glass (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdBreakGlass) grant = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *reason = NULL;
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
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  grant = ld_service_break_glass (ld_http_request_get_service (req),
                                  ld_http_request_get_param (req, "id"), reason, error);
  if (grant == NULL)
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

typedef struct
{
  const LdBreakGlassFilter *filter;
  GPtrArray                *grants;
} GrantList;

static gboolean
read_grants (LdStore        *store,
             gpointer        data,
             LdAuditedRead  *audited,
             GError        **error)
{
  GrantList *list = data;

  g_clear_pointer (&list->grants, g_ptr_array_unref);
  list->grants = ld_store_break_glass_list (store, list->filter, error);
  return list->grants != NULL;
}

/* GET /api/v1/break-glass?from=&to=&doctor_id=&limit=&before= */
static gboolean
list_break_glass (LdHttpRequest  *req,
                  GError        **error)
{
  static const char * const known[] = { "from", "to", "doctor_id", "limit", "before", NULL };
  g_autoptr(GPtrArray) grants = NULL;
  LdBreakGlassFilter filter = {
    NULL,
  };
  GrantList   list = { NULL, NULL };
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
  list.filter = &filter;
  if (!ld_service_read_audited (ld_http_request_get_service (req), "break_glass.list",
                                "break_glass", read_grants, &list, error))
    return FALSE;

  grants = list.grants;
  ld_http_respond_page (req, grants, limit, (LdJsonWriteFunc) break_glass_to_json, grant_cursor);
  return TRUE;
}

void
ld_api_break_glass_register (LdRouter *router)
{
  ld_router_add (router, "POST", "/api/v1/patients/{id}/break-glass", break_glass);
  ld_router_add (router, "GET", "/api/v1/break-glass", list_break_glass);
}

/* ld-api-web-review.c: the desk's review of registrations parked from the patient pages
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /api/v1/web-registrations/review lists them, each beside the records
 * it resembles; POST /api/v1/web-registrations/{id}/resolve settles one
 * (server/service/ld-service-web-review.c). The wire is in docs/api.md.
 */

#define G_LOG_DOMAIN "ld-api"

#include "config.h"

#include "ld-api.h"
#include "ld-json.h"
#include "ld-service-web-review.h"
#include "ld-time.h"
#include "../store/ld-store-web.h"

static void
add_patients (JsonBuilder *builder,
              const char  *name,
              GPtrArray   *patients)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < patients->len; i++)
    ld_patient_to_json (patients->pdata[i], builder);
  json_builder_end_array (builder);
}

static void
add_item (JsonBuilder           *builder,
          const LdWebReviewItem *item)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "patient");
  ld_patient_to_json (item->patient, builder);
  ld_json_builder_add_string (builder, "registered_at",
                              ld_patient_get_created_at (item->patient));
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < item->accounts->len; i++)
    {
      const LdWebAccountLink *link = item->accounts->pdata[i];

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "email", link->email);
      ld_json_builder_add_string (builder, "phone", link->phone);
      ld_json_builder_add_string (builder, "relation", link->relation);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_patients (builder, "resembles", item->resembles);
  json_builder_end_object (builder);
}

/* GET /api/v1/web-registrations/review (the desk) */
static gboolean
list_review (LdHttpRequest  *req,
             GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) items = NULL;

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;
  items = ld_service_web_review_list (ld_http_request_get_service (req), error);
  if (items == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    add_item (builder, items->pdata[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* POST /api/v1/web-registrations/{id}/resolve (the desk) */
static gboolean
resolve_review (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_auto(LdWebReviewBody) review = { FALSE, NULL };
  g_autoptr(JsonBuilder) builder = NULL;
  const char *patient_id = ld_http_request_get_param (req, "id");

  if (body == NULL)
    return FALSE;
  reader = ld_json_reader_new (body);
  ld_web_review_body_read (reader, &review);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;
  if (!g_uuid_string_is_valid (patient_id))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                           "There is no patient with this id.");
      return FALSE;
    }
  if (!ld_service_web_review_resolve (ld_http_request_get_service (req), patient_id, &review,
                                      error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "patient_id", patient_id);
  ld_json_builder_add_string (builder, "decision", review.same ? "same" : "distinct");
  if (review.same)
    ld_json_builder_add_string (builder, "merged_into", review.patient_id);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

void
ld_api_web_review_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/web-registrations/review", list_review);
  ld_router_add (router, "POST", "/api/v1/web-registrations/{id}/resolve", resolve_review);
}

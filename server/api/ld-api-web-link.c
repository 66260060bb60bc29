/* ld-api-web-link.c: the desk's code that joins a patient to a web account
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The code is issued here for the desk; the patient types it on the
 * patient pages (server/web/ld-web-link.c). Both sides go through
 * server/service/ld-service-web-link.c.
 */

#define G_LOG_DOMAIN "ld-api"

#include "config.h"

#include "ld-api.h"
#include "ld-json.h"
#include "ld-service-web-link.h"
#include "ld-time.h"
#include "../store/ld-store-web.h"

/* POST /api/v1/patients/{id}/web-link-code (the desk) */
static gboolean
post_link_code (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *code = NULL;
  g_autofree char *expires = NULL;
  const char *patient_id = ld_http_request_get_param (req, "id");
  gint64 expires_us = 0;

  if (!ld_http_request_read_empty (req, error))
    return FALSE;
  if (!g_uuid_string_is_valid (patient_id))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                           "There is no patient with this id.");
      return FALSE;
    }
  if (!ld_service_web_issue_link_code (ld_http_request_get_service (req), patient_id, &code,
                                       &expires_us, error))
    return FALSE;

  expires = ld_time_format_rfc3339 (expires_us);
  req->answer_is_secret = TRUE;
  json_builder_begin_object (builder);
  ld_json_builder_add_string (builder, "code", code);
  ld_json_builder_add_string (builder, "expires_at", expires);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_CREATED, builder);
  return TRUE;
}

/* GET /api/v1/patients/{id}/web-accounts (the desk): who reaches the record on the web */
static gboolean
get_web_accounts (LdHttpRequest  *req,
                  GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) links = NULL;
  const char *patient_id = ld_http_request_get_param (req, "id");

  if (!ld_http_query_check_known (req, known, error))
    return FALSE;
  if (!g_uuid_string_is_valid (patient_id))
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_NOT_FOUND,
                           "There is no patient with this id.");
      return FALSE;
    }
  links =
    ld_service_web_read_patient_accounts (ld_http_request_get_service (req), patient_id, error);
  if (links == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < links->len; i++)
    {
      const LdWebAccountLink *link = links->pdata[i];
      g_autofree char *linked_at = ld_time_format_rfc3339 (link->linked_us);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "account_id", link->account_id);
      ld_json_builder_add_string (builder, "email", link->email);
      ld_json_builder_add_string (builder, "phone", link->phone);
      ld_json_builder_add_string (builder, "relation", link->relation);
      ld_json_builder_add_string (builder, "linked_by", link->linked_by);
      ld_json_builder_add_string (builder, "linked_at", linked_at);
      ld_json_builder_add_bool (builder, "needs_review", link->needs_review);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

void
ld_api_web_link_register (LdRouter *router)
{
  ld_router_add (router, "POST", "/api/v1/patients/{id}/web-link-code", post_link_code);
  ld_router_add (router, "GET", "/api/v1/patients/{id}/web-accounts", get_web_accounts);
}

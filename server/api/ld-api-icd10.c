/* ld-api-icd10.c: the lab's ICD-10 code list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The administrator imports the whole list (PUT), doctors search it (GET)
 * as they write a visit's diagnosis.
 */

#define G_LOG_DOMAIN "ld-api-icd10"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-json.h"
#include "ld-service-icd10.h"
#include "ld-time.h"

/* A list of 100,000 codes with long titles is about 12 MiB of JSON. */
#define IMPORT_MAX_BODY (16 * 1024 * 1024)

/* What every answer says of the list: where from and when, or nulls. */
static void
add_list (JsonBuilder           *builder,
          const LdIcd10ListInfo *info)
{
  g_autofree char *loaded_at = info->loaded_us ? ld_time_format_rfc3339 (info->loaded_us) : NULL;

  ld_json_builder_add_int (builder, "count", info->count);
  ld_json_builder_add_string (builder, "source", info->source);
  ld_json_builder_add_string (builder, "loaded_at", loaded_at);
}

/* GET /api/v1/icd10?q=…&limit=N */
static gboolean
search_codes (LdHttpRequest  *req,
              GError        **error)
{
  static const char * const known[] = { "q", "limit", NULL };
  const char *query = ld_http_request_get_query (req, "q");
  g_auto(LdIcd10ListInfo) info = { 0 };
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  guint limit;

  if (!ld_http_query_check_known (req, known, error) ||
      !ld_http_query_get_limit (req, LD_ICD10_SEARCH_DEFAULT, LD_ICD10_SEARCH_MAX, &limit,
                                error))
    return FALSE;
  if (query != NULL && g_utf8_strlen (query, -1) > LD_ICD10_MAX_TITLE)
    {
      ld_api_refuse_query (error, "q", "is too long");
      return FALSE;
    }

  if (!ld_store_icd10_get_info (req->store, &info, error))
    return FALSE;
  if (info.count > 0 && query != NULL)
    found = ld_service_icd10_search (req->store, query, limit, error);
  else
    found = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_icd10_code_free);
  if (found == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < found->len; i++)
    {
      const LdIcd10Code *line = g_ptr_array_index (found, i);

      json_builder_begin_object (builder);
      ld_json_builder_add_string (builder, "code", line->code);
      ld_json_builder_add_string (builder, "title", line->title);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_list (builder, &info);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

/* PUT /api/v1/icd10: {"source": …, "codes": [{"code", "title"}, …]} */
static gboolean
import_codes (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_auto(LdIcd10ListInfo) info = { 0 };
  g_autofree char *source = NULL;

  body = ld_http_request_read_object (req, error);
  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  codes = ld_icd10_list_read (reader, &source);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (!ld_service_icd10_import (ld_http_request_get_service (req), source, codes, &info, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_list (builder, &info);
  json_builder_end_object (builder);
  ld_http_respond_json (req, SOUP_STATUS_OK, builder);
  return TRUE;
}

void
ld_api_icd10_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/icd10", search_codes);
  ld_router_add (router, "PUT", "/api/v1/icd10", import_codes);
  ld_router_set_max_body (router, "PUT", "/api/v1/icd10", IMPORT_MAX_BODY);
}

/* ld-api-result-entry.c: entering results, drafts, and verification
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A save names the results it changes, each with the version the
 * technician saw; the whole save is one transaction, so a form is stored
 * entirely or not at all. Unsubmitted values are drafts: they are kept
 * and shown again, but nobody verifies them until they are submitted.
 * The entry service (server/service/ld-service-entry.c) makes both.
 */

#define G_LOG_DOMAIN "ld-api-result-entry"

#include "config.h"

#include "ld-api.h"
#include "ld-api-common.h"
#include "ld-api-results.h"
#include "ld-service-entry.h"

/* POST /api/v1/orders/{id}/results: save values, as drafts or submitted. */
static gboolean
save_results (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdResultSave) save = ld_result_save_new ();
  g_auto(LdResultsChange) change = { NULL };
  g_autoptr(GError) local = NULL;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_result_save_body_read (reader, save);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (!ld_service_save_results (ld_http_request_get_service (req),
                                ld_http_request_get_param (req, "id"), save->entries, save->submit,
                                &change, &local))
    return ld_api_results_refused (req, change.current, &local, error);

  ld_api_results_respond (req, SOUP_STATUS_OK, change.order, change.results, NULL);
  return TRUE;
}

/* POST /api/v1/orders/{id}/verify: a second technician checks values. */
static gboolean
verify_results (LdHttpRequest  *req,
                GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_auto(LdResultsChange) change = { NULL };
  g_autoptr(GError) local = NULL;
  g_autofree char *interpretation = NULL;

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  entries = ld_result_verify_body_read (reader, &interpretation);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (!ld_service_verify_results (ld_http_request_get_service (req),
                                  ld_http_request_get_param (req, "id"), entries, interpretation,
                                  &change, &local))
    return ld_api_results_refused (req, change.current, &local, error);

  ld_api_results_respond (req, SOUP_STATUS_OK, change.order, change.results, NULL);
  return TRUE;
}

void
ld_api_result_entry_register (LdRouter *router)
{
  ld_router_add (router, "POST", "/api/v1/orders/{id}/results", save_results);
  ld_router_add (router, "POST", "/api/v1/orders/{id}/verify", verify_results);
}

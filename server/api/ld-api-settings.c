/* ld-api-settings.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-settings"

#include "config.h"

#include "ld-api.h"
#include "ld-json.h"
#include "ld-service-settings.h"
#include "ld-settings-body.h"

/**
 * ld_api_settings_to_node:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the settings as the client sees
 *   them, with their version
 */
JsonNode *
ld_api_settings_to_node (LdStore  *store,
                         GError  **error)
{
  return ld_service_settings_to_node (store, error);
}

static gboolean
respond_settings (LdHttpRequest  *req,
                  GError        **error)
{
  g_autoptr(JsonNode) node = ld_api_settings_to_node (req->store, error);

  if (node == NULL)
    return FALSE;

  ld_http_respond_text (req, SOUP_STATUS_OK, "application/json", ld_json_to_string (node));
  return TRUE;
}

/* GET /api/v1/settings */
static gboolean
get_settings (LdHttpRequest  *req,
              GError        **error)
{
  return respond_settings (req, error);
}

/* PATCH /api/v1/settings: {"version": N, "<key>": value, …} */
static gboolean
update_settings (LdHttpRequest  *req,
                 GError        **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) current = NULL;
  gint64 version = 0;

  body = ld_http_request_read_object (req, error);
  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  values = ld_settings_body_read (reader, &version);

  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (g_hash_table_size (values) == 0)
    {
      g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                           "Name at least one setting to change.");
      return FALSE;
    }

  record = ld_service_update_settings (ld_http_request_get_service (req), values, version,
                                       &current, &local);
  if (record == NULL)
    {
      if (current == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      ld_http_respond_error (req, local, current);
      return TRUE;
    }

  ld_http_respond_text (req, SOUP_STATUS_OK, "application/json", ld_json_to_string (record));
  return TRUE;
}

void
ld_api_settings_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/settings", get_settings);
  ld_router_add (router, "PATCH", "/api/v1/settings", update_settings);
}

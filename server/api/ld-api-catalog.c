/* ld-api-catalog.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-catalog"

#include "config.h"

#include "ld-api.h"
#include "ld-catalog-body.h"
#include "ld-json.h"
#include "ld-service-auto-verify.h"
#include "ld-service-catalog.h"

/* Writes one catalogue item; tests and panels share the handlers below. */
typedef void (*ItemToJson) (gconstpointer item, JsonBuilder *builder);

static char *
catalog_etag (const char *body)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);

  return g_strdup_printf ("\"%.32s\"", hash);
}

static void
add_items (JsonBuilder *builder,
           const char  *name,
           GPtrArray   *items,
           ItemToJson   to_json)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    to_json (g_ptr_array_index (items, i), builder);
  json_builder_end_array (builder);
}

/* GET /api/v1/catalog: every role reads it, and clients cache it; the
 * ETag is the hash of the answer, so any edit changes it. */
static gboolean
get_catalog (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(GPtrArray) tests = ld_store_catalog_list_tests (req->store, error);
  g_autoptr(GPtrArray) panels = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (req->msg);
  const char *if_none_match;

  if (tests == NULL || (panels = ld_store_catalog_list_panels (req->store, error)) == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, "INR");
  add_items (builder, "tests", tests, (ItemToJson) ld_catalog_test_to_json);
  add_items (builder, "panels", panels, (ItemToJson) ld_catalog_panel_to_json);
  json_builder_end_object (builder);
  body = ld_json_builder_to_string (builder);
  etag = catalog_etag (body);

  soup_message_headers_replace (response_headers, "ETag", etag);
  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");

  if_none_match = soup_message_headers_get_one (request_headers, "If-None-Match");
  if (if_none_match != NULL && strstr (if_none_match, etag) != NULL)
    {
      ld_http_respond_empty (req, SOUP_STATUS_NOT_MODIFIED);
      return TRUE;
    }

  ld_http_respond_text (req, SOUP_STATUS_OK, "application/json", g_steal_pointer (&body));
  return TRUE;
}

static void
respond_item (LdHttpRequest *req,
              guint          status,
              const char    *member,
              gconstpointer  item,
              ItemToJson     to_json)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  to_json (item, builder);
  json_builder_end_object (builder);
  ld_http_respond_json (req, status, builder);
}

/* A stale update answers 409 with the item as it is now. */
static gboolean
respond_stale (LdHttpRequest *req,
               GError        *update_error,
               gconstpointer  current,
               ItemToJson     to_json,
               GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  if (current == NULL)
    {
      g_propagate_error (error, g_error_copy (update_error));
      return FALSE;
    }

  to_json (current, builder);
  node = json_builder_get_root (builder);
  ld_http_respond_error (req, update_error, node);
  return TRUE;
}

/* POST /api/v1/catalog/tests */
static gboolean
create_test (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_catalog_test_read_json (test, reader, TRUE);
  if (!ld_json_reader_finish (reader, error) ||
      !ld_service_add_catalog_test (ld_http_request_get_service (req), test, error))
    return FALSE;

  respond_item (req, SOUP_STATUS_CREATED, "test", test, (ItemToJson) ld_catalog_test_to_json);
  return TRUE;
}

/* The body of a request, applied to the item inside the change. */
typedef struct
{
  JsonObject *body;
  gint64      version;
} ItemEdit;

static gboolean
apply_test_edit (LdServiceContext  *ctx,
                 gpointer           record,
                 gpointer           data,
                 GError           **error)
{
  ItemEdit *edit = data;
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (edit->body);

  ld_catalog_test_body_read_edit (reader, record, &edit->version);
  return ld_json_reader_finish (reader, error);
}

/* PATCH /api/v1/catalog/tests/{code} */
static gboolean
update_test (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(LdCatalogTest) current = NULL;
  g_autoptr(GError) local = NULL;
  ItemEdit edit = { NULL, 0 };

  if (body == NULL)
    return FALSE;

  edit.body = body;
  test = ld_service_edit_catalog_test (ld_http_request_get_service (req),
                                       ld_http_request_get_param (req, "code"), apply_test_edit,
                                       &edit, &edit.version, &current, &local);
  if (test == NULL)
    return respond_stale (req, local, current, (ItemToJson) ld_catalog_test_to_json, error);

  respond_item (req, SOUP_STATUS_OK, "test", test, (ItemToJson) ld_catalog_test_to_json);
  return TRUE;
}

/* A panel may only list tests the catalogue has. */
static gboolean
apply_panel (LdServiceContext  *ctx,
             LdCatalogPanel    *panel,
             ItemEdit          *edit,
             gboolean           creating,
             GError           **error)
{
  g_autoptr(LdJsonReader) reader = ld_json_reader_new (edit->body);

  if (!creating)
    ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &edit->version);
  ld_catalog_panel_read_json (panel, reader, creating);
  if (!ld_service_catalog_has_tests (ctx, panel))
    ld_json_reader_add_error (reader, "tests", "names a test that is not in the catalogue");
  return ld_json_reader_finish (reader, error);
}

static gboolean
apply_new_panel (LdServiceContext  *ctx,
                 gpointer           record,
                 gpointer           data,
                 GError           **error)
{
  return apply_panel (ctx, record, data, TRUE, error);
}

static gboolean
apply_panel_edit (LdServiceContext  *ctx,
                  gpointer           record,
                  gpointer           data,
                  GError           **error)
{
  return apply_panel (ctx, record, data, FALSE, error);
}

/* POST /api/v1/catalog/panels */
static gboolean
create_panel (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdCatalogPanel) panel = NULL;
  ItemEdit edit = { NULL, 0 };

  if (body == NULL)
    return FALSE;

  edit.body = body;
  panel =
    ld_service_add_catalog_panel (ld_http_request_get_service (req), apply_new_panel, &edit, error);
  if (panel == NULL)
    return FALSE;

  respond_item (req, SOUP_STATUS_CREATED, "panel", panel, (ItemToJson) ld_catalog_panel_to_json);
  return TRUE;
}

/* PATCH /api/v1/catalog/panels/{code} */
static gboolean
update_panel (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdCatalogPanel) panel = NULL;
  g_autoptr(LdCatalogPanel) current = NULL;
  g_autoptr(GError) local = NULL;
  ItemEdit edit = { NULL, 0 };

  if (body == NULL)
    return FALSE;

  edit.body = body;
  panel = ld_service_edit_catalog_panel (ld_http_request_get_service (req),
                                         ld_http_request_get_param (req, "code"), apply_panel_edit,
                                         &edit, &edit.version, &current, &local);
  if (panel == NULL)
    return respond_stale (req, local, current, (ItemToJson) ld_catalog_panel_to_json, error);

  respond_item (req, SOUP_STATUS_OK, "panel", panel, (ItemToJson) ld_catalog_panel_to_json);
  return TRUE;
}

/* GET /api/v1/catalog/tests/{code}/auto-verification */
static gboolean
get_auto_verification (LdHttpRequest  *req,
                       GError        **error)
{
  g_autoptr(LdAutoVerifyConfig) config =
               ld_service_auto_verify_get (ld_http_request_get_service (req),
                                           ld_http_request_get_param (req, "code"), error);

  if (config == NULL)
    return FALSE;

  respond_item (req, SOUP_STATUS_OK, "auto_verification", config,
                (ItemToJson) ld_auto_verify_config_to_json);
  return TRUE;
}

/* PUT /api/v1/catalog/tests/{code}/auto-verification */
static gboolean
put_auto_verification (LdHttpRequest  *req,
                       GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdAutoVerifyConfig) config = NULL;
  g_autoptr(LdAutoVerifyConfig) current = NULL;
  g_autoptr(GError) local = NULL;

  if (body == NULL)
    return FALSE;

  config =
    ld_service_auto_verify_put (ld_http_request_get_service (req),
                                ld_http_request_get_param (req, "code"), body, &current, &local);
  if (config == NULL)
    return respond_stale (req, local, current, (ItemToJson) ld_auto_verify_config_to_json, error);

  respond_item (req, SOUP_STATUS_OK, "auto_verification", config,
                (ItemToJson) ld_auto_verify_config_to_json);
  return TRUE;
}

void
ld_api_catalog_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/catalog", get_catalog);
  ld_router_add (router, "POST", "/api/v1/catalog/tests", create_test);
  ld_router_add (router, "PATCH", "/api/v1/catalog/tests/{code}", update_test);
  ld_router_add (router, "GET", "/api/v1/catalog/tests/{code}/auto-verification",
                 get_auto_verification);
  ld_router_add (router, "PUT", "/api/v1/catalog/tests/{code}/auto-verification",
                 put_auto_verification);
  ld_router_add (router, "POST", "/api/v1/catalog/panels", create_panel);
  ld_router_add (router, "PATCH", "/api/v1/catalog/panels/{code}", update_panel);
}

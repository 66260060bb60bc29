/* ld-api-catalog.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-api-catalog"

#include "config.h"

#include "ld-api.h"
#include "ld-json.h"

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

/* Every role reads the catalogue, so every role follows its changes. */
static gboolean
record_item_change (LdHttpRequest  *req,
                    const char     *entity,
                    const char     *code,
                    gconstpointer   item,
                    ItemToJson      to_json,
                    GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) record = NULL;

  to_json (item, builder);
  record = json_builder_get_root (builder);
  return ld_http_request_record_change (req, entity, code, LD_ROLE_ALL, record, error);
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

  if (!g_error_matches (update_error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT))
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
  g_autoptr(GError) insert_error = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };

  if (body == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_catalog_test_read_json (test, reader, TRUE);
  if (!ld_json_reader_finish (reader, error) ||
      !ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  if (!ld_store_catalog_insert_test (req->store, test, &insert_error))
    return ld_http_error_taken (insert_error, "code", "This code is already in the catalogue.", error);

  if (!ld_http_request_audit (req, "catalog.test.create", "catalog_test", test->code, NULL, error) ||
      !record_item_change (req, "catalog_test", test->code, test,
                           (ItemToJson) ld_catalog_test_to_json, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  respond_item (req, SOUP_STATUS_CREATED, "test", test, (ItemToJson) ld_catalog_test_to_json);
  return TRUE;
}

/* PATCH /api/v1/catalog/tests/{code} */
static gboolean
update_test (LdHttpRequest  *req,
             GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdCatalogTest) test = NULL;
  g_autoptr(GError) update_error = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  gint64 version = 0;

  if (body == NULL || !ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  test = ld_store_catalog_get_test (req->store, ld_http_request_get_param (req, "code"), error);
  if (test == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  ld_catalog_test_read_json (test, reader, FALSE);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (!ld_store_catalog_update_test (req->store, test, version, &update_error))
    {
      g_autoptr(LdCatalogTest) current = ld_store_catalog_get_test (req->store, test->code, error);

      return current != NULL &&
             respond_stale (req, update_error, current, (ItemToJson) ld_catalog_test_to_json, error);
    }

  if (!ld_http_request_audit (req, "catalog.test.update", "catalog_test", test->code, NULL, error) ||
      !record_item_change (req, "catalog_test", test->code, test,
                           (ItemToJson) ld_catalog_test_to_json, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  respond_item (req, SOUP_STATUS_OK, "test", test, (ItemToJson) ld_catalog_test_to_json);
  return TRUE;
}

/* A panel may only list tests the catalogue has. */
static void
check_panel_tests (LdHttpRequest  *req,
                   LdCatalogPanel *panel,
                   LdJsonReader   *reader)
{
  for (guint i = 0; panel->tests != NULL && panel->tests[i] != NULL; i++)
    {
      g_autoptr(LdCatalogTest) test = ld_store_catalog_get_test (req->store, panel->tests[i], NULL);

      if (test == NULL)
        {
          ld_json_reader_add_error (reader, "tests", "names a test that is not in the catalogue");
          return;
        }
    }
}

/* POST /api/v1/catalog/panels */
static gboolean
create_panel (LdHttpRequest  *req,
              GError        **error)
{
  g_autoptr(JsonObject) body = ld_http_request_read_object (req, error);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdCatalogPanel) panel = ld_catalog_panel_new ();
  g_autoptr(GError) insert_error = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };

  if (body == NULL || !ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_catalog_panel_read_json (panel, reader, TRUE);
  check_panel_tests (req, panel, reader);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (!ld_store_catalog_insert_panel (req->store, panel, &insert_error))
    return ld_http_error_taken (insert_error, "code", "This code is already in the catalogue.", error);

  if (!ld_http_request_audit (req, "catalog.panel.create", "catalog_panel", panel->code, NULL, error) ||
      !record_item_change (req, "catalog_panel", panel->code, panel,
                           (ItemToJson) ld_catalog_panel_to_json, error) ||
      !ld_store_transaction_commit (&txn, error))
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
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdCatalogPanel) panel = NULL;
  g_autoptr(GError) update_error = NULL;
  g_auto(LdStoreTransaction) txn = { NULL };
  gint64 version = 0;

  if (body == NULL || !ld_store_transaction_begin (&txn, req->store, error))
    return FALSE;

  panel = ld_store_catalog_get_panel (req->store, ld_http_request_get_param (req, "code"), error);
  if (panel == NULL)
    return FALSE;

  reader = ld_json_reader_new (body);
  ld_json_reader_get_int (reader, "version", LD_JSON_REQUIRED, &version);
  ld_catalog_panel_read_json (panel, reader, FALSE);
  check_panel_tests (req, panel, reader);
  if (!ld_json_reader_finish (reader, error))
    return FALSE;

  if (!ld_store_catalog_update_panel (req->store, panel, version, &update_error))
    {
      g_autoptr(LdCatalogPanel) current = ld_store_catalog_get_panel (req->store, panel->code, error);

      return current != NULL &&
             respond_stale (req, update_error, current, (ItemToJson) ld_catalog_panel_to_json, error);
    }

  if (!ld_http_request_audit (req, "catalog.panel.update", "catalog_panel", panel->code, NULL, error) ||
      !record_item_change (req, "catalog_panel", panel->code, panel,
                           (ItemToJson) ld_catalog_panel_to_json, error) ||
      !ld_store_transaction_commit (&txn, error))
    return FALSE;

  respond_item (req, SOUP_STATUS_OK, "panel", panel, (ItemToJson) ld_catalog_panel_to_json);
  return TRUE;
}

void
ld_api_catalog_register (LdRouter *router)
{
  ld_router_add (router, "GET", "/api/v1/catalog", get_catalog);
  ld_router_add (router, "POST", "/api/v1/catalog/tests", create_test);
  ld_router_add (router, "PATCH", "/api/v1/catalog/tests/{code}", update_test);
  ld_router_add (router, "POST", "/api/v1/catalog/panels", create_panel);
  ld_router_add (router, "PATCH", "/api/v1/catalog/panels/{code}", update_panel);
}

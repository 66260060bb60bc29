/* ld-cache-price.c: what an order made here costs, from the cached catalogue
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An order booked while the server is away is priced here by the server's
 * own rule (shared/model/ld-pricing.c), from the catalogue and settings
 * the feed left in the cache, so that the till knows the amount due. The
 * server prices it again when it is sent, and its answer replaces this
 * record. Until the first sync has brought the lab's settings, the cache
 * prices with the settings' defaults, and the record says so
 * ("price_estimated"). A code the cache does not know leaves the order
 * unpriced (its money members null).
 */

#define G_LOG_DOMAIN "ld-cache-price"

#include "config.h"

#include "ld-cache-private.h"
#include "ld-json.h"
#include "ld-pricing.h"

/* @entity @code's cached record, or NULL (the patient too). */
static JsonObject *
read_catalog (LdSqlite    *db,
              const char  *entity,
              const char  *code,
              GError     **error)
{
  g_autofree char *text = NULL;

  if (!ld_cache_read_record_text (db, entity, code, &text, error) || text == NULL)
    return NULL;
  return ld_json_parse_object (text, -1, NULL);
}

/* Where a cart finds the cached catalogue; the first read error is kept. */
typedef struct
{
  LdSqlite *db;
  GError   *error;
} Finding;

static JsonObject *
find_record (Finding    *finding,
             const char *entity,
             const char *code)
{
  if (finding->error != NULL)
    return NULL;
  return read_catalog (finding->db, entity, code, &finding->error);
}

static LdCatalogTest *
find_test (const char *code,
           gpointer    user_data)
{
  g_autoptr(JsonObject) record = find_record (user_data, "catalog_test", code);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdCatalogTest) test = NULL;

  if (record == NULL)
    return NULL;
  reader = ld_json_reader_new (record);
  test = ld_catalog_test_new ();
  ld_catalog_test_read_json (test, reader, TRUE);
  return test->code != NULL ? g_steal_pointer (&test) : NULL;
}

static LdCatalogPanel *
find_panel (const char *code,
            gpointer    user_data)
{
  g_autoptr(JsonObject) record = find_record (user_data, "catalog_panel", code);
  g_autoptr(LdJsonReader) reader = NULL;
  g_autoptr(LdCatalogPanel) panel = NULL;

  if (record == NULL)
    return NULL;
  reader = ld_json_reader_new (record);
  panel = ld_catalog_panel_new ();
  ld_catalog_panel_read_json (panel, reader, TRUE);
  return panel->code != NULL && panel->tests != NULL ? g_steal_pointer (&panel) : NULL;
}

/* Every code of @codes can be ordered, as the server would find it. */
static gboolean
resolve (LdCart    *cart,
         JsonArray *codes)
{
  for (guint i = 0; i < json_array_get_length (codes); i++)
    {
      JsonNode *node = json_array_get_element (codes, i);
      g_autofree char *problem = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          (problem = ld_cart_add (cart, json_node_get_string (node))) != NULL)
        return FALSE;
    }
  return TRUE;
}

static void
add_items (JsonObject *record,
           GPtrArray  *items,
           GPtrArray  *tests)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ld_order_items_to_json (builder, items);
  ld_order_tests_to_json (builder, tests);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_object_set_member (record, "items",
                          json_node_copy (
                            json_object_get_member (json_node_get_object (root), "items")));
  json_object_set_member (record, "tests",
                          json_node_copy (
                            json_object_get_member (json_node_get_object (root), "tests")));
}

static void
read_discount (JsonObject     *record,
               LdDiscountKind *out_kind,
               gint64         *out_value)
{
  JsonNode *node = json_object_get_member (record, "discount");
  JsonObject *discount;
  const char *kind;
  JsonNode *value;

  *out_kind = LD_DISCOUNT_NONE;
  *out_value = 0;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  discount = json_node_get_object (node);
  kind = ld_json_object_get_string (discount, "kind");
  value = json_object_get_member (discount, "value");
  if (kind == NULL || value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
      json_node_get_value_type (value) != G_TYPE_INT64)
    return;
  *out_kind = g_str_equal (kind, "amount") ? LD_DISCOUNT_AMOUNT
            : g_str_equal (kind, "percent") ? LD_DISCOUNT_PERCENT : LD_DISCOUNT_NONE;
  *out_value = json_node_get_int (value);
}

static void
set_money_null (JsonObject *record)
{
  static const char * const members[] = {
    "subtotal_paise", "discount_paise", "home_fee_paise", "tax_paise", "total_paise",
    "balance_paise",
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    json_object_set_null_member (record, members[i]);
}

/* The order's patient as the cache knows them: a list of orders, and the
 * outbox, show the name before the server has answered. */
static gboolean
name_patient (LdSqlite    *db,
              JsonObject  *record,
              GError     **error)
{
  JsonNode *node = json_object_get_member (record, "patient");
  JsonObject *patient;
  g_autoptr(JsonObject) known = NULL;
  g_autoptr(GError) local = NULL;
  const char *id;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  patient = json_node_get_object (node);
  id = ld_json_object_get_string (patient, "id");
  if (id == NULL || ld_json_object_get_string (patient, "name") != NULL)
    return TRUE;
  known = read_catalog (db, "patient", id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (known != NULL && ld_json_object_get_string (known, "name") != NULL)
    {
      json_object_set_string_member (patient, "name", ld_json_object_get_string (known, "name"));
      if (ld_json_object_get_string (known, "mrn") != NULL)
        json_object_set_string_member (patient, "mrn", ld_json_object_get_string (known, "mrn"));
    }
  return TRUE;
}

/**
 * ld_cache_price_made_here:
 * @db: the writer's connection, in a transaction
 * @record: an order made here (its "items" the codes booked), changed in
 *   place
 * @error: return location for an %LD_STORE_ERROR
 *
 * Prices the order as the server will (see the top of this file).
 *
 * Returns: %FALSE only when the cache could not be read
 */
gboolean
ld_cache_price_made_here (LdSqlite    *db,
                          JsonObject  *record,
                          GError     **error)
{
  g_auto(LdCart) cart = {
    NULL,
  };
  Finding finding = { db, NULL };
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_order_item_free);
  g_autoptr(GPtrArray) tests = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_order_test_free);
  g_autoptr(JsonObject) settings_record = NULL;
  g_autoptr(LdSettings) settings = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *codes = json_object_get_member (record, "items");
  const char *collection = ld_json_object_get_string (record, "collection");
  LdDiscountKind discount_kind;
  gint64 discount_value;
  LdOrderMoney money;

  if (!name_patient (db, record, error))
    return FALSE;
  json_object_set_int_member (record, "paid_paise", 0);
  json_object_set_int_member (record, "refunded_paise", 0);
  json_object_set_array_member (record, "payments", json_array_new ());

  ld_cart_init (&cart, find_test, find_panel, &finding);
  if (codes == NULL || !JSON_NODE_HOLDS_ARRAY (codes) ||
      !resolve (&cart, json_node_get_array (codes)) || finding.error != NULL)
    {
      set_money_null (record);
      if (finding.error != NULL)
        {
          g_propagate_error (error, finding.error);
          return FALSE;
        }
      return TRUE;
    }

  settings_record = read_catalog (db, "settings", "lab", &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  settings = ld_cache_settings_from_record (settings_record);
  read_discount (record, &discount_kind, &discount_value);
  ld_pricing_price_order ((const LdCartEntry *) (gpointer) cart.entries->data, cart.entries->len,
                          cart.tests_by_code, discount_kind, discount_value,
                          g_strcmp0 (collection, "home") == 0, settings, items, tests, &money);

  add_items (record, items, tests);
  json_object_set_int_member (record, "subtotal_paise", money.subtotal);
  json_object_set_int_member (record, "discount_paise", money.discount);
  json_object_set_int_member (record, "home_fee_paise", money.home_fee);
  json_object_set_int_member (record, "tax_paise", money.tax);
  json_object_set_int_member (record, "total_paise", money.total);
  json_object_set_int_member (record, "balance_paise", money.total);
  if (settings_record == NULL)
    json_object_set_boolean_member (record, "price_estimated", TRUE);
  return TRUE;
}

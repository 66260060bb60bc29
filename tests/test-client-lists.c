/* test-client-lists.c: the cache's list models follow the server in place
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mirror applies every items-changed signal a list emits, fetching the
 * rows it says arrived; after the server's changes reach the cache, the
 * mirror must be the list read afresh, row for row. Each signal must be a
 * change of a row or two, not "everything changed".
 */

#include "config.h"

#include "ld-json.h"
#include "ld-sqlite.h"
#include "ld-test-client.h"

typedef struct
{
  GListModel *model;
  GPtrArray  *rows;
  guint       n_signals;
  guint       widest;
} Mirror;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->rows->len);
  g_ptr_array_remove_range (mirror->rows, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->rows, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (mirror->rows->len, ==, g_list_model_get_n_items (model));
  mirror->n_signals++;
  mirror->widest = MAX (mirror->widest, MAX (removed, added));
}

static gboolean
settled (gpointer data)
{
  return !ld_cache_list_get_loading (LD_CACHE_LIST (data));
}

static void
mirror_init (Mirror      *mirror,
             LdCacheList *list)
{
  mirror->model = G_LIST_MODEL (list);
  mirror->rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), mirror);
  ld_test_wait_until (settled, list, 30000, "a list to load");
}

static void
mirror_clear (Mirror *mirror)
{
  g_signal_handlers_disconnect_by_data (mirror->model, mirror);
  g_clear_pointer (&mirror->rows, g_ptr_array_unref);
  g_clear_object (&mirror->model);
}

/* The ids of a list, read whole (lists this small may be). */
static GPtrArray *
ids_of (GListModel *model)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (rows, g_list_model_get_item (model, i));
  ld_test_wait_until (settled, model, 30000, "a list's rows");
  for (guint i = 0; i < rows->len; i++)
    {
      LdCacheRecord *row = g_ptr_array_index (rows, i);

      g_assert_true (ld_cache_record_get_loaded (row));
      g_ptr_array_add (ids, g_strdup (ld_cache_record_get_id (row)));
    }
  return ids;
}

/* The mirror, built from the signals alone, is the list read afresh. */
static void
assert_mirror (Mirror      *mirror,
               LdCache     *cache,
               LdCacheView *view)
{
  g_autoptr(LdCacheList) fresh = ld_cache_list_new (cache, view);
  g_autoptr(GPtrArray) want = NULL;

  ld_test_wait_until (settled, mirror->model, 30000, "the mirrored list");
  ld_test_wait_until (settled, fresh, 30000, "a fresh list");
  want = ids_of (G_LIST_MODEL (fresh));

  g_assert_cmpuint (mirror->rows->len, ==, want->len);
  for (guint i = 0; i < want->len; i++)
    {
      LdCacheRecord *row = g_ptr_array_index (mirror->rows, i);

      g_assert_true (ld_cache_record_get_loaded (row));
      g_assert_cmpstr (ld_cache_record_get_id (row), ==, g_ptr_array_index (want, i));
    }
}

typedef struct
{
  LdTestServer *server;
  LdTestClient *client;
  char         *admin;
  char         *tmp;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  fx->tmp = g_dir_make_tmp ("labdesk-lists-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (fx->tmp, "cache", NULL);
  fx->server = ld_test_server_new ();
  ld_test_seed (fx->server, 60, 300);
  fx->admin = ld_test_login (fx->server, "admin", LD_TEST_ADMIN_PASSWORD);
  fx->client = ld_test_client_new (ld_test_server_get_uri (fx->server), "reception",
                                   LD_TEST_RECEPTION_PASSWORD, dir);
  ld_test_client_wait_seq (fx->client, ld_test_server_head (fx->server), 60000);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_client_free (fx->client);
  ld_test_remove_tree (fx->tmp);
  g_free (fx->tmp);
  g_free (fx->admin);
  ld_test_server_free (fx->server);
}

static void
synced (Fixture *fx)
{
  ld_test_client_wait_seq (fx->client, ld_test_server_head (fx->server), 30000);
}

static GPtrArray *
server_ids (Fixture    *fx,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (ld_test_server_get_db_path (fx->server),
                                            LD_SQLITE_OPEN_READONLY, &error);
  GPtrArray    *ids = g_ptr_array_new_with_free_func (g_free);
  LdSqliteStmt *stmt;

  g_assert_no_error (error);
  stmt = ld_sqlite_prepare_cached (db, sql, &error);
  g_assert_no_error (error);
  while (ld_sqlite_step (stmt, &error) == LD_SQLITE_ROW)
    g_ptr_array_add (ids, ld_sqlite_column_dup_text (stmt, 0));
  g_assert_no_error (error);
  return ids;
}

static void
send_ok (Fixture    *fx,
         const char *method,
         const char *path,
         const char *body,
         guint       status)
{
  g_autoptr(LdTestResponse) resp = ld_test_send_json (fx->server, method, path, fx->admin, body);

  ld_test_assert_status (resp, status);
}

/* Paid orders join the "ready" tab where their priority and age put them;
 * collected ones leave it. */
static void
test_worklist (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(LdCacheView) view = ld_cache_view_new_worklist (0);
  g_autoptr(GPtrArray) unpaid =
               server_ids (fx, "SELECT o.id FROM orders o WHERE NOT EXISTS"
                               " (SELECT 1 FROM payments y WHERE y.order_id = o.id)"
                               " ORDER BY o.id LIMIT 6");
  g_autoptr(GPtrArray) paid = server_ids (fx, "SELECT order_id FROM payments ORDER BY id LIMIT 3");
  Mirror mirror = {
    NULL,
  };
  guint before;

  mirror_init (&mirror, ld_cache_list_new (fx->client->cache, view));
  before = mirror.rows->len;
  g_assert_cmpuint (before, >, 50);
  assert_mirror (&mirror, fx->client->cache, view);
  mirror.n_signals = 0;
  mirror.widest = 0;

  for (guint i = 0; i < unpaid->len; i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/api/v1/orders/%s/payments", (char *) g_ptr_array_index (unpaid, i));

      send_ok (fx, "POST", path, "{\"method\": \"cash\", \"tendered_paise\": 20000}", 201);
    }
  for (guint i = 0; i < paid->len; i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/api/v1/orders/%s/collect", (char *) g_ptr_array_index (paid, i));

      send_ok (fx, "POST", path, "{}", 201);
    }

  synced (fx);
  assert_mirror (&mirror, fx->client->cache, view);
  g_assert_cmpuint (mirror.rows->len, ==, before + unpaid->len - paid->len);
  g_assert_cmpuint (mirror.n_signals, >=, unpaid->len + paid->len);
  g_assert_cmpuint (mirror.widest, <=, 1);
  mirror_clear (&mirror);
}

/* A patient's orders, newest first: a new one arrives at the top, a paid
 * one changes in place. */
static void
test_patient_orders (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) patients =
               server_ids (fx, "SELECT patient_id FROM orders GROUP BY patient_id"
                               " ORDER BY count (*) DESC, patient_id LIMIT 1");
  const char *patient_id = g_ptr_array_index (patients, 0);
  g_autoptr(LdCacheView) view = ld_cache_view_new_patient_orders (patient_id);
  g_autofree char *order =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\"]}", patient_id);
  g_autoptr(LdTestResponse) made = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LdCacheRecord) row = NULL;
  const LdOrder *typed;
  Mirror           mirror = {
              NULL,
  };

  mirror_init (&mirror, ld_cache_list_new (fx->client->cache, view));
  g_assert_cmpuint (mirror.rows->len, >, 2);
  assert_mirror (&mirror, fx->client->cache, view);
  mirror.n_signals = 0;
  mirror.widest = 0;

  made = ld_test_send_json (fx->server, "POST", "/api/v1/orders", fx->admin, order);
  ld_test_assert_status (made, 201);
  synced (fx);
  assert_mirror (&mirror, fx->client->cache, view);
  g_assert_cmpstr (ld_cache_record_get_id (g_ptr_array_index (mirror.rows, 0)), ==,
                   ld_test_response_get_string (made, "order.id"));
  /* The row read typed, as the screens read it. */
  row = g_object_ref (g_ptr_array_index (mirror.rows, 0));
  typed = ld_cache_record_get_order (row);
  g_assert_nonnull (typed);
  g_assert_cmpstr (typed->number, ==, ld_test_response_get_string (made, "order.number"));
  g_assert_cmpstr (typed->patient_id, ==, patient_id);
  g_assert_cmpstr (typed->payment_state, ==,
                   ld_test_response_get_string (made, "order.payment_state"));
  g_assert_cmpstr (typed->payment_state, !=, "paid");
  g_assert_cmpuint (typed->items->len, ==, 1);
  g_assert_cmpstr (((LdOrderItem *) g_ptr_array_index (typed->items, 0))->code, ==, "HB");
  g_assert_true (ld_cache_record_get_order (row) == typed);

  path =
    g_strdup_printf ("/api/v1/orders/%s/payments", ld_test_response_get_string (made, "order.id"));
  send_ok (fx, "POST", path, "{\"method\": \"cash\", \"tendered_paise\": 20000}", 201);
  synced (fx);
  assert_mirror (&mirror, fx->client->cache, view);
  g_assert_cmpstr (ld_cache_record_get_order (g_ptr_array_index (mirror.rows, 0))->payment_state,
                   ==, "paid");
  /* The row read typed again says so too. */
  g_assert_cmpstr (ld_cache_record_get_order (g_ptr_array_index (mirror.rows, 0))->payment_state,
                   ==, "paid");
  g_assert_cmpuint (mirror.widest, <=, 1);
  mirror_clear (&mirror);
}

/* Search results in name order: a new match arrives in its place, a
 * renamed patient leaves or moves. */
static void
test_search (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCacheView) view = ld_cache_view_new_patient_search ("pri", &error);
  g_autoptr(GPtrArray) priyas = server_ids (fx, "SELECT id FROM patients WHERE name LIKE 'Priya %'"
                                                 " ORDER BY id LIMIT 2");
  g_autoptr(LdTestResponse) made = NULL;
  Mirror mirror = {
    NULL,
  };
  guint before;

  g_assert_no_error (error);
  mirror_init (&mirror, ld_cache_list_new (fx->client->cache, view));
  before = mirror.rows->len;
  g_assert_cmpuint (before, >, 2);
  mirror.n_signals = 0;
  mirror.widest = 0;

  made = ld_test_send_json (fx->server, "POST", "/api/v1/patients", fx->admin,
                            "{\"name\": \"Prisha Anand\", \"sex\": \"female\", \"age_years\": 8}");
  ld_test_assert_status (made, 201);
  for (guint i = 0; i < priyas->len; i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/api/v1/patients/%s", (char *) g_ptr_array_index (priyas, i));
      g_autofree char *body = g_strdup_printf ("{\"version\": 1, \"name\": \"%s\"}",
                                               i == 0 ? "Meena Kapoor" : "Priyanka Zaveri");

      send_ok (fx, "PATCH", path, body, 200);
    }

  synced (fx);
  assert_mirror (&mirror, fx->client->cache, view);
  g_assert_cmpuint (mirror.rows->len, ==, before + 1 - 1);
  g_assert_cmpuint (mirror.widest, <=, 1);
  g_assert_cmpuint (mirror.n_signals, >=, 3);
  mirror_clear (&mirror);
}

/* The names of a list's rows, loaded. */
static GPtrArray *
codes_of (GListModel *model)
{
  g_autoptr(GPtrArray) ids = ids_of (model);

  return g_steal_pointer (&ids);
}

static gboolean
has_code (GPtrArray  *codes,
          const char *code)
{
  for (guint i = 0; i < codes->len; i++)
    if (g_str_equal (g_ptr_array_index (codes, i), code))
      return TRUE;
  return FALSE;
}

static gboolean
n_items_is (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (args[0]) == GPOINTER_TO_UINT (args[1]);
}

/* Booking's catalogue list: tests and panels by code or a word of the
 * name as typed, active ones, in name order, following the catalogue as
 * an administrator changes it; the settings read typed from the desk's
 * cache and an administrator's. */
static void
test_catalog_search (Fixture       *fx,
                     gconstpointer  data)
{
  LdCache *cache = fx->client->cache;
  g_autoptr(LdCacheList) by_code = ld_cache_list_new_catalog_search (cache, "hb");
  g_autoptr(LdCacheList) by_word = ld_cache_list_new_catalog_search (cache, " blood ");
  g_autoptr(LdCacheList) all = ld_cache_list_new_catalog_search (cache, NULL);
  g_autoptr(LdCacheList) odd = ld_cache_list_new_catalog_search (cache, "100%_");
  g_autoptr(LdCacheList) renamed = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(LdTestResponse) patched = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSettings) settings = NULL;
  g_autoptr(LdTestClient) admin = NULL;
  g_autofree char *admin_dir = g_build_filename (fx->tmp, "admin-cache", NULL);
  g_autofree char *body = NULL;
  GAsyncResult    *slot = NULL;
  gpointer         args[2];
  Mirror           mirror = {
              0,
  };

  ld_test_wait_until (settled, by_code, 30000, "the catalogue by code");
  ld_test_wait_until (settled, by_word, 30000, "the catalogue by word");
  ld_test_wait_until (settled, all, 30000, "the whole catalogue");
  ld_test_wait_until (settled, odd, 30000, "a search with wildcards");

  codes = codes_of (G_LIST_MODEL (by_code));
  g_assert_true (has_code (codes, "HB"));
  for (guint i = 0; i < codes->len; i++)
    g_assert_true (g_str_has_prefix (g_ptr_array_index (codes, i), "HB") ||
                   g_str_has_prefix (g_ptr_array_index (codes, i), "Hb"));
  g_clear_pointer (&codes, g_ptr_array_unref);
  codes = codes_of (G_LIST_MODEL (by_word));
  g_assert_true (has_code (codes, "CBC"));
  g_clear_pointer (&codes, g_ptr_array_unref);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (odd)), ==, 0);

  /* In name order, tests and panels together, each a record. */
  codes = codes_of (G_LIST_MODEL (all));
  g_assert_cmpuint (codes->len, >, 10);
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(LdCacheRecord) a = g_list_model_get_item (G_LIST_MODEL (all), i - 1);
      g_autoptr(LdCacheRecord) b = g_list_model_get_item (G_LIST_MODEL (all), i);
      g_autofree char *na =
        g_ascii_strdown (ld_json_object_get_string (ld_cache_record_get_object (a), "name"), -1);
      g_autofree char *nb =
        g_ascii_strdown (ld_json_object_get_string (ld_cache_record_get_object (b), "name"), -1);

      g_assert_cmpstr (na, <=, nb);
    }

  /* Renamed by an administrator: it comes into a search it now matches;
   * taken off the order screen, it leaves every list. */
  renamed = ld_cache_list_new_catalog_search (cache, "zircon");
  mirror_init (&mirror, renamed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (renamed)), ==, 0);
  {
    g_autoptr(JsonObject) hb = NULL;
    g_autoptr(GHashTable) tests = ld_test_client_dump (fx->client, "catalog_test");

    hb = ld_json_parse_object (g_hash_table_lookup (tests, "HB"), -1, NULL);
    body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"name\": \"Zircon haemoglobin\"}",
                            json_object_get_int_member (hb, "version"));
  }
  patched = ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/tests/HB", fx->admin, body);
  ld_test_assert_status (patched, 200);
  args[0] = renamed;
  args[1] = GUINT_TO_POINTER (1);
  ld_test_wait_until (n_items_is, args, 30000, "the renamed test in the list");
  ld_test_wait_until (settled, renamed, 30000, "the renamed test's row");
  g_assert_cmpuint (mirror.rows->len, ==, 1);
  g_assert_cmpstr (ld_json_object_get_string (ld_cache_record_get_object (
                                                g_ptr_array_index (mirror.rows, 0)),
                                              "name"),
                   ==,
                   "Zircon haemoglobin");
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ", \"active\": false}",
                          ld_test_response_get_int (patched, "test.version"));
  g_clear_pointer (&patched, ld_test_response_free);
  patched = ld_test_send_json (fx->server, "PATCH", "/api/v1/catalog/tests/HB", fx->admin, body);
  ld_test_assert_status (patched, 200);
  args[1] = GUINT_TO_POINTER (0);
  ld_test_wait_until (n_items_is, args, 30000, "the inactive test to leave the list");
  g_assert_cmpuint (mirror.rows->len, ==, 0);
  mirror_clear (&mirror);
  g_steal_pointer (&renamed);

  /* The desk's cache holds the lab's settings too: every role's feed
   * carries them. */
  ld_cache_get_settings_async (cache, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  settings = ld_cache_get_settings_finish (cache, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (settings->discount_max_percent, ==, 20);
  g_clear_pointer (&settings, ld_settings_free);
  g_clear_object (&result);

  admin = ld_test_client_new (ld_test_server_get_uri (fx->server), "admin",
                              LD_TEST_ADMIN_PASSWORD, admin_dir);
  ld_test_client_wait_seq (admin, ld_test_server_head (fx->server), 60000);
  g_clear_pointer (&patched, ld_test_response_free);
  patched = ld_test_send_json (fx->server, "PATCH", "/api/v1/settings", fx->admin,
                               "{\"version\": 1, \"tax_percent_bp\": 1800,"
                               " \"home_collection_fee_paise\": 15000}");
  ld_test_assert_status (patched, 200);
  ld_test_client_wait_seq (admin, ld_test_server_head (fx->server), 60000);
  ld_cache_get_settings_async (admin->cache, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  settings = ld_cache_get_settings_finish (admin->cache, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (settings->tax_percent_bp, ==, 1800);
  g_assert_cmpint (settings->home_collection_fee_paise, ==, 15000);
  g_assert_cmpint (settings->tax_flat_paise, ==, 2000);
  g_assert_cmpint (settings->discount_max_percent, ==, 20);
  /* The answer holds the administrator's cache, which must go first. */
  g_clear_object (&result);
}

static LdCacheView *
search_view (const char *query)
{
  g_autoptr(GError) error = NULL;
  LdCacheView *view = ld_cache_view_new_patient_search (query, &error);

  g_assert_no_error (error);
  return view;
}

static gboolean
switched (gpointer data)
{
  LdCacheList *list = data;

  return !ld_cache_list_get_switching (list) && !ld_cache_list_get_loading (list);
}

/* The desk's search list switches to another query in place: the rows it
 * had are refilled (the same objects, so a view bound to them rebuilds
 * nothing) and only the change of length is signalled; the newest of two
 * quick queries wins; a patient arriving while the list switches is in
 * it. Each time the list is what a fresh list of the query reads. */
static void
test_search_switch (Fixture       *fx,
                    gconstpointer  data)
{
  LdCache *cache = fx->client->cache;
  g_autoptr(LdCacheView) many = search_view ("a");
  g_autoptr(LdCacheView) few = search_view ("pri");
  g_autoptr(LdCacheView) other = search_view ("ra");
  g_autoptr(LdCacheView) latecomer = search_view ("zoya");
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LdTestResponse) made = NULL;
  Mirror mirror = {
    NULL,
  };
  guint n_many;
  guint n_few;

  mirror_init (&mirror, ld_cache_list_new (cache, many));
  n_many = mirror.rows->len;
  for (guint i = 0; i < n_many; i++)
    g_ptr_array_add (before, g_object_ref (g_ptr_array_index (mirror.rows, i)));
  mirror.n_signals = 0;

  ld_cache_list_set_view (LD_CACHE_LIST (mirror.model), few);
  g_assert_true (ld_cache_list_get_switching (LD_CACHE_LIST (mirror.model)));
  /* The rows shown stay until the new ones are read. */
  g_assert_cmpuint (g_list_model_get_n_items (mirror.model), ==, n_many);
  ld_test_wait_until (switched, mirror.model, 30000, "the list switched");
  assert_mirror (&mirror, cache, few);
  n_few = mirror.rows->len;
  g_assert_cmpuint (n_few, >, 0);
  g_assert_cmpuint (n_few, <, n_many);
  /* One signal: the rows past the new length went. */
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  for (guint i = 0; i < n_few; i++)
    g_assert_true (g_ptr_array_index (mirror.rows, i) == g_ptr_array_index (before, i));

  /* Two queries typed quickly: the second wins. */
  ld_cache_list_set_view (LD_CACHE_LIST (mirror.model), many);
  ld_cache_list_set_view (LD_CACHE_LIST (mirror.model), other);
  ld_test_wait_until (switched, mirror.model, 30000, "the list switched twice");
  assert_mirror (&mirror, cache, other);

  /* A patient the new query finds, registered while the list switches. */
  ld_cache_list_set_view (LD_CACHE_LIST (mirror.model), latecomer);
  made = ld_test_send_json (fx->server, "POST", "/api/v1/patients", fx->admin,
                            "{\"name\": \"Zoya Mirza\", \"sex\": \"female\", \"age_years\": 30}");
  ld_test_assert_status (made, 201);
  synced (fx);
  ld_test_wait_until (switched, mirror.model, 30000, "the list switched with a change");
  assert_mirror (&mirror, cache, latecomer);
  g_assert_cmpuint (mirror.rows->len, ==, 1);
  g_assert_cmpstr (ld_cache_record_get_id (g_ptr_array_index (mirror.rows, 0)), ==,
                   ld_test_response_get_string (made, "patient.id"));
  mirror_clear (&mirror);
}

/* The desk's frame waits for a switch's first page before drawing the
 * letter typed (ld-patient-search-page.c): once the wait says the page is
 * read, its answer is already queued on the main context, so the loop's
 * next pass, without blocking, shows it. */
static void
test_wait_switched (Fixture       *fx,
                    gconstpointer  data)
{
  GMainContext *context = g_main_context_get_thread_default ();
  g_autoptr(LdCacheView) many = search_view ("a");
  g_autoptr(LdCacheView) few = search_view ("pri");
  g_autoptr(LdCacheList) list = ld_cache_list_new (fx->client->cache, many);

  ld_test_wait_until (switched, list, 30000, "the first list");
  g_assert_true (ld_cache_list_wait_switched (list, g_get_monotonic_time ()));

  ld_cache_list_set_view (list, few);
  g_assert_true (ld_cache_list_get_switching (list));
  g_assert_true (ld_cache_list_wait_switched (list, g_get_monotonic_time () +
                                                    30 * G_USEC_PER_SEC));
  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_false (ld_cache_list_get_switching (list));
  ld_test_wait_until (switched, list, 30000, "the list counted");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
}

static gboolean
counted (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

/* A list dropped while a page of it is being read goes at once: the read
 * holds it weakly. (A strong hold kept a dropped list reading page after
 * page, and every other list waited behind it.) */
static void
test_dropped_while_reading (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(LdCacheView) view = search_view ("a");
  LdCacheList *list = ld_cache_list_new (fx->client->cache, view);
  gpointer item;

  ld_test_wait_until (counted, list, 30000, "the list counted");
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_false (ld_cache_record_get_loaded (item));
  g_assert_true (ld_cache_list_get_loading (list));
  g_object_unref (item);
  g_assert_finalize_object (list);

  /* The reader answers in order: once a later list has its rows, the
   * dropped list's page has been answered, to nobody. */
  {
    g_autoptr(LdCacheList) later = ld_cache_list_new (fx->client->cache, view);
    g_autoptr(GPtrArray) ids = NULL;

    ld_test_wait_until (counted, later, 30000, "a later list counted");
    ids = ids_of (G_LIST_MODEL (later));
    g_assert_cmpuint (ids->len, >, 0);
  }
}

/* Each kind of row read typed, once, and read again when refilled; a
 * record with unknown members, or missing ones, reads as far as it goes. */
static void
test_typed_records (void)
{
  g_autoptr(LdCacheRecord) order_row = ld_cache_record_new ("order");
  g_autoptr(LdCacheRecord) patient_row = ld_cache_record_new ("patient");
  g_autoptr(LdCacheRecord) alert_row = ld_cache_record_new ("alert");
  g_autoptr(LdCacheRecord) bare = ld_cache_record_new ("order");
  const LdOrder *order;
  const LdAlert *alert;
  LdPatient *patient;

  /* A placeholder holds nothing yet. */
  g_assert_null (ld_cache_record_get_order (order_row));
  g_assert_null (ld_cache_record_get_patient (patient_row));
  g_assert_null (ld_cache_record_get_alert (alert_row));

  ld_cache_record_fill (order_row, "o1",
                        "{\"id\": \"o1\", \"number\": \"ORD-7\", \"priority\": \"stat\","
                        " \"patient\": {\"id\": \"p1\", \"mrn\": \"P000001\","
                        " \"name\": \"Asha Rao\"}, \"payment_state\": \"paid\","
                        " \"lab_state\": \"verified\", \"version\": 3,"
                        " \"items\": [{\"kind\": \"test\", \"code\": \"HB\"}, \"GLU\", 7],"
                        " \"tests\": [{\"code\": \"HB\", \"specimen\": \"blood\"}],"
                        " \"colour\": \"blue\"}",
                        NULL, NULL);
  order = ld_cache_record_get_order (order_row);
  g_assert_nonnull (order);
  g_assert_cmpstr (order->number, ==, "ORD-7");
  g_assert_cmpstr (order->priority, ==, "stat");
  g_assert_cmpstr (order->patient_mrn, ==, "P000001");
  g_assert_cmpstr (order->patient_name, ==, "Asha Rao");
  g_assert_cmpstr (order->payment_state, ==, "paid");
  g_assert_cmpstr (order->lab_state, ==, "verified");
  g_assert_cmpint (order->version, ==, 3);
  /* A line booked offline is its code alone; what is neither is skipped. */
  g_assert_cmpuint (order->items->len, ==, 2);
  g_assert_cmpstr (((LdOrderItem *) g_ptr_array_index (order->items, 0))->code, ==, "HB");
  g_assert_cmpstr (((LdOrderItem *) g_ptr_array_index (order->items, 1))->code, ==, "GLU");
  g_assert_cmpuint (order->tests->len, ==, 1);
  /* Read once, and kept. */
  g_assert_true (ld_cache_record_get_order (order_row) == order);

  /* Refilled with another record: read again. */
  ld_cache_record_fill (order_row, "o1", "{\"id\": \"o1\", \"number\": \"ORD-7\","
                        " \"payment_state\": \"refunded\"}", NULL, NULL);
  order = ld_cache_record_get_order (order_row);
  g_assert_cmpstr (order->payment_state, ==, "refunded");
  g_assert_null (order->patient_name);
  g_assert_cmpuint (order->items->len, ==, 0);
  ld_cache_record_unload (order_row);
  g_assert_null (ld_cache_record_get_order (order_row));

  ld_cache_record_fill (patient_row, "p1",
                        "{\"id\": \"p1\", \"mrn\": \"P000001\", \"name\": \"Asha Rao\","
                        " \"sex\": \"female\", \"age_years\": 34, \"phone\": \"9845410487\","
                        " \"version\": 2, \"hobby\": \"chess\"}",
                        NULL, NULL);
  patient = ld_cache_record_get_patient (patient_row);
  g_assert_nonnull (patient);
  g_assert_cmpstr (ld_patient_get_id (patient), ==, "p1");
  g_assert_cmpstr (ld_patient_get_mrn (patient), ==, "P000001");
  g_assert_cmpstr (ld_patient_get_name (patient), ==, "Asha Rao");
  g_assert_cmpstr (ld_patient_get_phone (patient), ==, "9845410487");
  g_assert_cmpint (ld_patient_get_version (patient), ==, 2);
  g_assert_true (ld_cache_record_get_patient (patient_row) == patient);
  /* Registered here, not yet sent: no MRN. */
  ld_cache_record_fill (patient_row, "p1", "{\"id\": \"p1\", \"name\": \"Asha Rao\"}", NULL,
                        NULL);
  patient = ld_cache_record_get_patient (patient_row);
  g_assert_null (ld_patient_get_mrn (patient));
  g_assert_cmpstr (ld_patient_get_name (patient), ==, "Asha Rao");

  ld_cache_record_fill (alert_row, "a1",
                        "{\"id\": \"a1\", \"order_id\": \"o1\", \"order_number\": \"ORD-7\","
                        " \"test_code\": \"K\", \"test_name\": \"Potassium\", \"value\": \"6.8\","
                        " \"unit\": \"mmol/L\", \"flag\": \"HH\", \"patient\": {\"id\": \"p1\","
                        " \"mrn\": \"P000001\", \"name\": \"Asha Rao\"}, \"version\": 5,"
                        " \"extra\": [1, 2]}",
                        NULL, NULL);
  alert = ld_cache_record_get_alert (alert_row);
  g_assert_nonnull (alert);
  g_assert_cmpstr (alert->order_id, ==, "o1");
  g_assert_cmpstr (alert->order_number, ==, "ORD-7");
  g_assert_cmpstr (alert->test_name, ==, "Potassium");
  g_assert_cmpstr (alert->value, ==, "6.8");
  g_assert_cmpstr (alert->unit, ==, "mmol/L");
  g_assert_cmpstr (alert->flag, ==, "HH");
  g_assert_cmpstr (alert->patient_mrn, ==, "P000001");
  g_assert_cmpint (alert->version, ==, 5);
  g_assert_null (alert->acknowledged_at);

  /* Nothing but an empty object, and members of the wrong type. */
  ld_cache_record_fill (bare, "o2", "{\"number\": 12, \"items\": \"HB\", \"patient\": 1}",
                        NULL, NULL);
  order = ld_cache_record_get_order (bare);
  g_assert_nonnull (order);
  g_assert_null (order->number);
  g_assert_null (order->patient_name);
  g_assert_cmpuint (order->items->len, ==, 0);
  ld_cache_record_fill (bare, "o2", "{}", NULL, NULL);
  g_assert_null (ld_cache_record_get_alert (bare)->order_id);
  g_assert_null (ld_patient_get_mrn (ld_cache_record_get_patient (bare)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();

  g_test_add_func ("/client/lists/typed-records", test_typed_records);

  g_test_add ("/client/lists/worklist-tab", Fixture, NULL, fixture_setup, test_worklist,
              fixture_teardown);
  g_test_add ("/client/lists/patient-orders", Fixture, NULL, fixture_setup, test_patient_orders,
              fixture_teardown);
  g_test_add ("/client/lists/patient-search", Fixture, NULL, fixture_setup, test_search,
              fixture_teardown);
  g_test_add ("/client/lists/catalog-search", Fixture, NULL, fixture_setup, test_catalog_search,
              fixture_teardown);
  g_test_add ("/client/lists/patient-search-switch", Fixture, NULL, fixture_setup,
              test_search_switch, fixture_teardown);
  g_test_add ("/client/lists/patient-search-wait-switched", Fixture, NULL, fixture_setup,
              test_wait_switched, fixture_teardown);
  g_test_add ("/client/lists/dropped-while-reading", Fixture, NULL, fixture_setup,
              test_dropped_while_reading, fixture_teardown);

  return g_test_run ();
}

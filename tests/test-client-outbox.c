/* test-client-outbox.c: work done while the server is away
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Five hundred actions queued with the server stopped are all applied,
 * once each and in order, when it is back; a refused item is kept with the
 * server's message (and a conflict's current record) until the desk
 * fixes it (sent again, in its place) or discards it, and what waited for
 * it does not go before. A technician's
 * result drafts wait for the server too; verification does not. Queued
 * edits of one record follow each other, and a change by someone else
 * still comes back as a conflict. After a 503 the outbox tries again by
 * itself, with nothing else happening. Results saved and a patient
 * edited with the server away show at once as the server, back, stores
 * them.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-json.h"
#include "ld-result-body.h"
#include "ld-sqlite.h"
#include "ld-test-client.h"
#include "ld-test-lab.h"

#define N_GROUPS 100

/* A temporary directory per test. */
typedef LdTestTmpdir Fixture;
#define fixture_setup ld_test_tmpdir_setup
#define fixture_teardown ld_test_tmpdir_teardown

static char *
submit_ok (LdTestClient   *client,
           LdOutboxAction  action,
           const char     *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ld_test_client_submit (client, action, params, &error);

  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "queued"));
  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "id"));
}

typedef struct
{
  LdTestClient *client;
  guint         want;
  const char   *state;
} OutboxWait;

/* The outbox holds @want items, the first of them in @state. */
static gboolean
outbox_is (gpointer data)
{
  OutboxWait *wait = data;
  g_autoptr(GPtrArray) items = ld_test_client_outbox (wait->client);

  if (items->len != wait->want)
    return FALSE;
  return wait->want == 0 ||
         g_strcmp0 (((LdOutboxItem *) g_ptr_array_index (items, 0))->state, wait->state) == 0;
}

static void
wait_outbox (LdTestClient *client,
             guint         want,
             const char   *state,
             guint         timeout_ms)
{
  OutboxWait wait = { client, want, state };

  ld_test_wait_until (outbox_is, &wait, timeout_ms, "the outbox");
}

typedef struct
{
  LdTestClient *client;
  guint         left;
} Drain;

static gboolean
outbox_shrinks (gpointer data)
{
  Drain *drain = data;
  g_autoptr(GPtrArray) items = ld_test_client_outbox (drain->client);

  if (items->len >= drain->left)
    return FALSE;
  drain->left = items->len;
  return TRUE;
}

/* Waits until the outbox is empty, as long as it keeps going: fails only
 * when no item has left it for @stall_ms, so that a busy machine makes
 * the test slower, not wrong. */
static void
wait_outbox_drains (LdTestClient *client,
                    guint         stall_ms)
{
  g_autoptr(GPtrArray) items = ld_test_client_outbox (client);
  Drain drain = { client, items->len };

  while (drain.left > 0)
    ld_test_wait_until (outbox_shrinks, &drain, stall_ms, "the outbox to send one more item");
}

static GPtrArray *
query_strings (const char *db_path,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (db_path, LD_SQLITE_OPEN_READONLY, &error);
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  LdSqliteStmt *stmt;

  g_assert_no_error (error);
  stmt = ld_sqlite_prepare_cached (db, sql, &error);
  g_assert_no_error (error);
  while (ld_sqlite_step (stmt, &error) == LD_SQLITE_ROW)
    g_ptr_array_add (values, ld_sqlite_column_dup_text (stmt, 0));
  g_assert_no_error (error);
  return values;
}

/* The client has every change the database at @db_path holds. */
static void
wait_synced (LdTestClient *client,
             const char   *db_path)
{
  ld_test_client_wait_seq (client, ld_test_query_int (db_path, "SELECT max (seq) FROM changes"),
                           60000);
}

static void
test_offline_then_restart (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  g_autofree char *cache_dir = g_build_filename (fx->tmpdir, "cache", NULL);
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) order_ids = NULL;
  g_autoptr(GHashTable) cached = NULL;
  g_autoptr(LdTestClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autofree char *listen = NULL;
  const char *restart_args[3] = { "--listen", NULL, NULL };
  LdTestServer *server;
  const char *port;

  ld_test_create_demo (db_path);
  server = ld_test_server_spawn (db_path, NULL);
  port = strrchr (ld_test_server_get_uri (server), ':') + 1;
  listen = g_strdup_printf ("127.0.0.1:%s", port);
  restart_args[1] = listen;

  client = ld_test_client_new (ld_test_server_get_uri (server), "reception",
                               LD_TEST_RECEPTION_PASSWORD, cache_dir);
  wait_synced (client, db_path);

  /* The server goes away; the desk goes on working. */
  ld_test_server_free (server);
  wait_outbox (client, 0, NULL, 1000);
  for (guint i = 0; i < N_GROUPS; i++)
    {
      g_autofree char *patient =
        g_strdup_printf ("{\"name\": \"Offline %03u\", \"sex\": \"female\","
                         " \"age_years\": %u}",
                         i, 20 + i % 50);
      char *patient_id = submit_ok (client, LD_OUTBOX_ACTION_PATIENT_REGISTER, patient);

      g_ptr_array_add (patients, patient_id);
      for (guint j = 0; j < 2; j++)
        {
          g_autofree char *order =
            g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\"]}", patient_id);
          g_autofree char *payment = NULL;
          char *order_id = submit_ok (client, LD_OUTBOX_ACTION_ORDER_CREATE, order);

          g_ptr_array_add (orders, order_id);
          payment = g_strdup_printf ("{\"order_id\": \"%s\", \"method\": \"cash\","
                                     " \"tendered_paise\": 1000000}", order_id);
          g_free (submit_ok (client, LD_OUTBOX_ACTION_PAYMENT_CASH, payment));
        }
    }

  /* Queued, shown at once, and refunds are refused without the server. */
  items = ld_test_client_outbox (client);
  g_assert_cmpuint (items->len, ==, N_GROUPS * 5);
  cached = ld_test_client_dump (client, "patient");
  for (guint i = 0; i < patients->len; i++)
    g_assert_true (g_hash_table_contains (cached, g_ptr_array_index (patients, i)));
  refused =
    ld_test_client_submit (client, LD_OUTBOX_ACTION_PAYMENT_REFUND,
                           "{\"order_id\": \"x\", \"method\": \"cash\", \"amount_paise\": 100,"
                           " \"reason\": \"test\"}",
                           &error);
  g_assert_error (error, LD_CACHE_ERROR, LD_CACHE_ERROR_NEEDS_SERVER);
  g_assert_null (refused);
  g_clear_error (&error);

  /* Back: everything goes, once, in order. */
  server = ld_test_server_spawn (db_path, restart_args);
  wait_outbox_drains (client, 60000);
  wait_synced (client, db_path);

  names = query_strings (db_path, "SELECT name FROM patients WHERE name LIKE 'Offline %'"
                                  " ORDER BY mrn");
  g_assert_cmpuint (names->len, ==, N_GROUPS);
  for (guint i = 0; i < N_GROUPS; i++)
    {
      g_autofree char *want = g_strdup_printf ("Offline %03u", i);

      g_assert_cmpstr (g_ptr_array_index (names, i), ==, want);
    }
  order_ids = query_strings (db_path, "SELECT o.id FROM orders o JOIN patients p"
                                      " ON p.id = o.patient_id WHERE p.name LIKE 'Offline %'"
                                      " ORDER BY o.number");
  g_assert_cmpuint (order_ids->len, ==, orders->len);
  for (guint i = 0; i < orders->len; i++)
    g_assert_cmpstr (g_ptr_array_index (order_ids, i), ==, g_ptr_array_index (orders, i));
  g_assert_cmpint (ld_test_query_int (db_path,
                                      "SELECT count (*) FROM payments y JOIN orders o"
                                      " ON o.id = y.order_id JOIN patients p ON p.id = o.patient_id"
                                      " WHERE p.name LIKE 'Offline %' AND y.status = 'succeeded'"),
                   ==, orders->len);

  /* The cache now holds the server's records, not the ones made here. */
  g_clear_pointer (&cached, g_hash_table_unref);
  cached = ld_test_client_dump (client, "patient");
  for (guint i = 0; i < patients->len; i++)
    {
      g_autoptr(JsonObject) record =
          ld_json_parse_object (g_hash_table_lookup (cached, g_ptr_array_index (patients, i)), -1,
                                NULL);

      g_assert_nonnull (ld_json_object_get_string (record, "mrn"));
    }

  g_clear_pointer (&client, ld_test_client_free);
  ld_test_server_free (server);
}

typedef struct
{
  LdTestServer *server;
  LdTestClient *client;
  char         *desk;
  char         *tmp;
} Online;

static void
online_setup (Online        *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  fx->tmp = g_dir_make_tmp ("labdesk-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (fx->tmp, "cache", NULL);
  fx->server = ld_test_server_new ();
  fx->desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  fx->client = ld_test_client_new (ld_test_server_get_uri (fx->server), "reception",
                                   LD_TEST_RECEPTION_PASSWORD, dir);
  ld_test_client_wait_seq (fx->client, ld_test_server_head (fx->server), 30000);
}

static void
online_teardown (Online        *fx,
                 gconstpointer  data)
{
  ld_test_client_free (fx->client);
  ld_test_remove_tree (fx->tmp);
  g_free (fx->tmp);
  g_free (fx->desk);
  ld_test_server_free (fx->server);
}

typedef struct
{
  LdTestClient       *client;
  guint               index;
  LdOutboxEntryState  state;
} EntryWait;

static gboolean
entry_is (gpointer data)
{
  EntryWait *wait = data;
  GListModel *entries = ld_outbox_get_entries (wait->client->outbox);
  g_autoptr(LdOutboxEntry) entry = NULL;

  if (g_list_model_get_n_items (entries) <= wait->index)
    return FALSE;
  entry = g_list_model_get_item (entries, wait->index);
  return ld_outbox_entry_get_state (entry) == wait->state;
}

/* The outbox's entry at @index, once it is in @state (the list follows
 * the cache's rows as each change is told). */
static LdOutboxEntry *
entry_at (LdTestClient       *client,
          guint               index,
          LdOutboxEntryState  state)
{
  EntryWait wait = { client, index, state };

  ld_test_wait_until (entry_is, &wait, 30000, "an outbox entry");
  return g_list_model_get_item (ld_outbox_get_entries (client->outbox), index);
}

static void
discard (LdTestClient  *client,
         LdOutboxEntry *item)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  ld_outbox_discard_async (client->outbox, item, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  ld_outbox_discard_finish (client->outbox, result, &error);
  g_assert_no_error (error);
}

/* A patient's phone changed here over version 1 while someone else changed
 * the address on the server: the update is refused as a conflict. Returns
 * the patient's id; the refused item is the outbox's first. */
static char *
queue_stale_update (Online *fx)
{
  g_autoptr(LdTestResponse) patient = NULL;
  g_autoptr(LdTestResponse) other = NULL;
  g_autofree char *path = NULL;
  g_autofree char *params = NULL;
  char *id;

  patient = ld_test_send_json (fx->server, "POST", "/api/v1/patients", fx->desk,
                               "{\"name\": \"Kiran Bose\", \"sex\": \"male\", \"age_years\": 33}");
  ld_test_assert_status (patient, 201);
  id = g_strdup (ld_test_response_get_string (patient, "patient.id"));

  path = g_strdup_printf ("/api/v1/patients/%s", id);
  other = ld_test_send_json (fx->server, "PATCH", path, fx->desk,
                             "{\"version\": 1, \"address\": \"7 Park Street, Kolkata\"}");
  ld_test_assert_status (other, 200);

  params = g_strdup_printf ("{\"id\": \"%s\", \"version\": 1, \"phone\": \"+91 91234 56789\"}", id);
  g_free (submit_ok (fx->client, LD_OUTBOX_ACTION_PATIENT_UPDATE, params));
  wait_outbox (fx->client, 1, "rejected", 30000);
  return id;
}

static void
test_conflict_kept (Online        *fx,
                    gconstpointer  data)
{
  g_autoptr(LdOutboxEntry) item = NULL;
  JsonObject *current = NULL;
  g_autoptr(GHashTable) cached = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *id = queue_stale_update (fx);

  item = entry_at (fx->client, 0, LD_OUTBOX_ENTRY_REFUSED);
  g_assert_cmpint (ld_outbox_entry_get_action (item), ==, LD_OUTBOX_ACTION_PATIENT_UPDATE);
  g_assert_cmpstr (ld_outbox_entry_get_target_id (item), ==, id);
  g_assert_cmpstr (ld_outbox_entry_get_error_code (item), ==, "conflict");
  g_assert_nonnull (ld_outbox_entry_get_error_message (item));
  g_assert_cmpstr (ld_outbox_entry_get_error_message (item), !=, "");
  g_assert_cmpuint (ld_outbox_entry_get_attempts (item), >=, 1);
  g_assert_cmpuint (ld_outbox_get_n_refused (fx->client->outbox), ==, 1);
  g_assert_cmpuint (ld_outbox_get_n_waiting (fx->client->outbox), ==, 0);
  g_assert_nonnull (ld_outbox_entry_get_current (item));
  current = json_node_get_object (ld_outbox_entry_get_current (item));
  g_assert_cmpint (json_object_get_int_member (current, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (current, "address"), ==,
                   "7 Park Street, Kolkata");

  /* The cache shows the server's record beside the refused change. */
  ld_test_client_wait_seq (fx->client, ld_test_server_head (fx->server), 10000);
  cached = ld_test_client_dump (fx->client, "patient");
  record = ld_json_parse_object (g_hash_table_lookup (cached, id), -1, NULL);
  g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 2);
  g_assert_cmpint (
    ld_test_server_query_int (fx->server, "SELECT count (*) FROM patients WHERE phone IS NOT NULL"
                                          " AND phone LIKE '%91234%'"),
    ==, 0);

  discard (fx->client, item);
  wait_outbox (fx->client, 0, NULL, 10000);
}

/* A registration refused for a birth date in the future, and an order for
 * that patient queued behind it. Returns the patient's id. */
static char *
queue_refused_registration (Online     *fx,
                            const char *name)
{
  g_autofree char *patient = g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\","
                                              " \"date_of_birth\": \"2999-01-01\"}", name);
  g_autofree char *order = NULL;
  char *patient_id = submit_ok (fx->client, LD_OUTBOX_ACTION_PATIENT_REGISTER, patient);

  wait_outbox (fx->client, 1, "rejected", 30000);
  order = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\"]}", patient_id);
  g_free (submit_ok (fx->client, LD_OUTBOX_ACTION_ORDER_CREATE, order));
  ld_outbox_flush (fx->client->outbox);
  wait_outbox (fx->client, 2, "rejected", 10000);
  return patient_id;
}

static void
test_validation_kept (Online        *fx,
                      gconstpointer  data)
{
  g_autoptr(LdOutboxEntry) item = NULL;
  g_autoptr(LdOutboxEntry) waiting = NULL;
  JsonObject *fields = NULL;
  g_autoptr(GHashTable) cached = NULL;
  g_autofree char *patient_id = NULL;
  gint64 patients_before = ld_test_server_query_int (fx->server, "SELECT count (*) FROM patients");
  gint64 orders_before = ld_test_server_query_int (fx->server, "SELECT count (*) FROM orders");

  /* Refused, with an order for that patient waiting behind it, shown but
   * not sent. */
  patient_id = queue_refused_registration (fx, "Future Child");

  item = entry_at (fx->client, 0, LD_OUTBOX_ENTRY_REFUSED);
  waiting = entry_at (fx->client, 1, LD_OUTBOX_ENTRY_WAITING);
  g_assert_cmpstr (ld_outbox_entry_get_error_code (item), ==, "validation_failed");
  fields = json_node_get_object (ld_outbox_entry_get_error_fields (item));
  g_assert_cmpstr (json_object_get_string_member (fields, "date_of_birth"), ==, "is in the future");
  g_assert_cmpstr (ld_outbox_entry_get_label (item), ==, "Future Child");
  g_assert_false (ld_outbox_entry_get_blocked (item));
  /* The order waits behind the refused registration, labelled with the
   * patient it is for. */
  g_assert_true (ld_outbox_entry_get_blocked (waiting));
  g_assert_cmpint (ld_outbox_entry_get_action (waiting), ==, LD_OUTBOX_ACTION_ORDER_CREATE);
  g_assert_cmpstr (ld_outbox_entry_get_label (waiting), ==, "Future Child");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (
                                                    ld_outbox_entry_get_params (waiting)),
                                                  "patient_id"),
                   ==, patient_id);
  g_assert_cmpuint (ld_outbox_get_n_refused (fx->client->outbox), ==, 1);
  g_assert_cmpuint (ld_outbox_get_n_waiting (fx->client->outbox), ==, 1);
  cached = ld_test_client_dump (fx->client, "patient");
  g_assert_true (g_hash_table_contains (cached, patient_id));

  /* Discarded: the patient leaves the cache, and the order goes, to be
   * refused in its turn, for the desk to see. */
  discard (fx->client, item);
  g_assert_cmpuint (g_list_model_get_n_items (ld_outbox_get_entries (fx->client->outbox)), ==, 1);
  wait_outbox (fx->client, 1, "rejected", 30000);
  g_clear_object (&waiting);
  waiting = entry_at (fx->client, 0, LD_OUTBOX_ENTRY_REFUSED);
  g_assert_false (ld_outbox_entry_get_blocked (waiting));
  g_assert_cmpstr (ld_outbox_entry_get_error_code (waiting), ==, "validation_failed");
  fields = json_node_get_object (ld_outbox_entry_get_error_fields (waiting));
  g_assert_true (json_object_has_member (fields, "patient_id"));
  g_clear_pointer (&cached, g_hash_table_unref);
  cached = ld_test_client_dump (fx->client, "patient");
  g_assert_false (g_hash_table_contains (cached, patient_id));

  /* The server changed nothing for either. */
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count (*) FROM patients"), ==,
                   patients_before);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count (*) FROM orders"), ==,
                   orders_before);
}

/* Returns the error, if any. */
static GError *
resend (LdTestClient  *client,
        LdOutboxEntry *item,
        const char    *params)
{
  g_autoptr(JsonObject) fixed = params ? ld_json_parse_object (params, -1, NULL) : NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  GError *error = NULL;

  g_assert_true (params == NULL || fixed != NULL);
  ld_outbox_resend_async (client->outbox, item, fixed, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  g_assert_true (ld_outbox_resend_finish (client->outbox, result, &error) == (error == NULL));
  return error;
}

/* Fixed and sent again, a refused registration goes before the order that
 * waited for it, and both are made once; a stale update fixed to the
 * current version goes through; an item no longer refused cannot be. */
static void
test_fixed_and_sent_again (Online        *fx,
                           gconstpointer  data)
{
  g_autoptr(LdOutboxEntry) item = NULL;
  g_autoptr(GHashTable) cached = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *existing = NULL;

  patient_id = queue_refused_registration (fx, "Meera Pillai");

  /* Another id than the item's is not a fix of it. */
  item = entry_at (fx->client, 0, LD_OUTBOX_ENTRY_REFUSED);
  error = resend (fx->client, item,
                  "{\"id\": \"6f1c2a34-0000-4000-8000-000000000000\", \"name\": \"Meera Pillai\","
                  " \"sex\": \"female\", \"date_of_birth\": \"1990-01-01\"}");
  g_assert_error (error, LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED);
  g_clear_error (&error);

  /* The birth year typed right: the patient, then the order. */
  error =
    resend (fx->client, item,
            "{\"name\": \"Meera Pillai\", \"sex\": \"female\", \"date_of_birth\": \"1990-01-01\"}");
  g_assert_no_error (error);
  wait_outbox (fx->client, 0, NULL, 30000);
  sql = g_strdup_printf ("SELECT count (*) FROM patients WHERE id = '%s'"
                         " AND date_of_birth = '1990-01-01'", patient_id);
  g_assert_cmpint (ld_test_server_query_int (fx->server, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM orders WHERE patient_id = '%s'", patient_id);
  g_assert_cmpint (ld_test_server_query_int (fx->server, sql), ==, 1);
  cached = ld_test_client_dump (fx->client, "patient");
  record = ld_json_parse_object (g_hash_table_lookup (cached, patient_id), -1, NULL);
  g_assert_nonnull (ld_json_object_get_string (record, "mrn"));

  /* Gone from the outbox, it cannot be sent again. */
  error =
    resend (fx->client, item,
            "{\"name\": \"Meera Pillai\", \"sex\": \"female\", \"date_of_birth\": \"1990-01-01\"}");
  g_assert_error (error, LD_CACHE_ERROR, LD_CACHE_ERROR_NOT_REFUSED);
  g_clear_error (&error);
  g_clear_object (&item);

  /* A stale update, fixed to the version the server has now. */
  existing = queue_stale_update (fx);
  item = entry_at (fx->client, 0, LD_OUTBOX_ENTRY_REFUSED);
  g_assert_cmpstr (ld_outbox_entry_get_error_code (item), ==, "conflict");
  error = resend (fx->client, item, "{\"version\": 2, \"phone\": \"+91 91234 56789\"}");
  g_assert_no_error (error);
  wait_outbox (fx->client, 0, NULL, 30000);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count (*) FROM patients WHERE id = '%s' AND version = 3"
                         " AND phone LIKE '%%91234%%' AND address LIKE '7 Park%%'", existing);
  g_assert_cmpint (ld_test_server_query_int (fx->server, sql), ==, 1);
}

/* The record as the desk sees it, edits waiting to be sent laid over it. */
static JsonObject *
read_record (LdTestClient *client,
             const char   *entity,
             const char   *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  GAsyncResult *slot = NULL;

  ld_cache_get_record_async (client->cache, entity, id, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  node = ld_cache_get_record_finish (client->cache, result, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static gboolean
list_settled (gpointer list)
{
  return !ld_cache_list_get_loading (list);
}

static gboolean
row_loaded (gpointer row)
{
  return ld_cache_record_get_loaded (row);
}

/* The first patient a search of the cache finds, loaded. */
static LdCacheRecord *
search_first (LdTestClient *client,
              const char   *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCacheList) list = ld_cache_list_new_patient_search (client->cache, query, &error);
  LdCacheRecord *row;

  g_assert_no_error (error);
  ld_test_wait_until (list_settled, list, 30000, "a search");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  row = g_list_model_get_item (G_LIST_MODEL (list), 0);
  ld_test_wait_until (row_loaded, row, 30000, "a search's row");
  return row;
}

/* A phone number changed with the server away is shown changed, in a
 * search's list too (the stored record stays the server's); discarded, the
 * old one is back. */
static void
test_queued_edit_shown (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  g_autofree char *cache_dir = g_build_filename (fx->tmpdir, "cache", NULL);
  g_autoptr(LdTestClient) client = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) server_record = NULL;
  g_autoptr(LdOutboxEntry) item = NULL;
  g_autoptr(LdCacheRecord) row = NULL;
  g_autofree char *update = NULL;
  const char *id;
  LdTestServer *server;

  ld_test_create_demo (db_path);
  server = ld_test_server_spawn (db_path, NULL);
  client = ld_test_client_new (ld_test_server_get_uri (server), "reception",
                               LD_TEST_RECEPTION_PASSWORD, cache_dir);
  /* A bare demo has no patients: one registered by the server first. */
  g_free (submit_ok (client, LD_OUTBOX_ACTION_PATIENT_REGISTER,
                     "{\"name\": \"Meena Joshi\", \"sex\": \"female\", \"age_years\": 52,"
                     " \"phone\": \"9811100022\"}"));
  wait_outbox (client, 0, NULL, 60000);
  wait_synced (client, db_path);
  ld_test_server_free (server);

  ids = query_strings (db_path, "SELECT id FROM patients ORDER BY mrn LIMIT 1");
  id = g_ptr_array_index (ids, 0);
  server_record = read_record (client, "patient", id);
  update = g_strdup_printf ("{\"id\": \"%s\", \"version\": %" G_GINT64_FORMAT ","
                            " \"phone\": \"+91 99887 76655\", \"address\": \"12 Lake Road\"}",
                            id, json_object_get_int_member (server_record, "version"));
  g_free (submit_ok (client, LD_OUTBOX_ACTION_PATIENT_UPDATE, update));

  shown = read_record (client, "patient", id);
  g_assert_cmpstr (json_object_get_string_member (shown, "phone"), ==, "+91 99887 76655");
  g_assert_cmpstr (json_object_get_string_member (shown, "address"), ==, "12 Lake Road");
  g_assert_cmpstr (json_object_get_string_member (shown, "name"), ==,
                   json_object_get_string_member (server_record, "name"));
  g_assert_cmpint (json_object_get_int_member (shown, "version"), ==,
                   json_object_get_int_member (server_record, "version"));
  stored = ld_test_client_dump (client, "patient");
  g_assert_null (strstr (g_hash_table_lookup (stored, id), "99887"));
  row = search_first (client, json_object_get_string_member (server_record, "mrn"));
  g_assert_cmpstr (ld_cache_record_get_id (row), ==, id);
  g_assert_cmpstr (ld_cache_record_get_pending (row), ==, "queued");
  g_assert_cmpstr (ld_patient_get_phone (ld_cache_record_get_patient (row)), ==, "+91 99887 76655");

  item = entry_at (client, 0, LD_OUTBOX_ENTRY_WAITING);
  discard (client, item);
  g_clear_pointer (&shown, json_object_unref);
  shown = read_record (client, "patient", id);
  g_assert_cmpstr (json_object_get_string_member (shown, "phone"), ==,
                   json_object_get_string_member (server_record, "phone"));
}

/* @body's members and "order_id": an outbox action's parameters. */
static char *
with_order_id (const char *body,
               const char *order_id)
{
  g_autoptr(JsonObject) params = ld_json_parse_object (body, -1, NULL);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (params, "order_id", order_id);
  json_node_set_object (node, params);
  return ld_json_to_string (node);
}

static void
test_result_drafts_wait_for_the_server (Fixture       *fx,
                                        gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  g_autofree char *cache_dir = g_build_filename (fx->tmpdir, "cache", NULL);
  g_autoptr(LdTestClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(GHashTable) cached = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *params = NULL;
  g_autofree char *verify = NULL;
  g_autofree char *saved_sql = NULL;
  LdLab *lab;
  guint n_cached = 0;

  ld_test_create_demo (db_path);
  lab = ld_lab_new_on (ld_test_server_spawn (db_path, NULL));
  uri = g_strdup (ld_test_server_get_uri (lab->server));
  patient_id = ld_lab_new_patient (lab, "{\"name\": \"Draft Patient\", \"sex\": \"male\","
                                        " \"age_years\": 41}");
  order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"GLUF\"]");
  body = ld_lab_results_body (lab, order_id, FALSE, "HB", "11.24", "GLUF", "96", NULL);
  params = with_order_id (body, order_id);
  verify = with_order_id ("{\"results\": []}", order_id);

  client = ld_test_client_new (uri, "technician", LD_TEST_TECHNICIAN_PASSWORD, cache_dir);
  wait_synced (client, db_path);

  /* The server goes away: drafts are kept, verification is refused. */
  g_clear_pointer (&lab->server, ld_test_server_free);
  g_free (submit_ok (client, LD_OUTBOX_ACTION_RESULT_SAVE, params));
  wait_outbox (client, 1, "queued", 1000);
  refused = ld_test_client_submit (client, LD_OUTBOX_ACTION_RESULT_VERIFY, verify, &error);
  g_assert_null (refused);
  g_assert_error (error, LD_CACHE_ERROR, LD_CACHE_ERROR_NEEDS_SERVER);

  /* Back: the drafts are saved once, as drafts, rounded by the server. */
  lab->server = ld_test_server_restart (db_path, uri);
  wait_outbox (client, 0, NULL, 60000);
  wait_synced (client, db_path);
  saved_sql = g_strdup_printf ("SELECT count (*) FROM results WHERE order_id = '%s'"
                               " AND state = 'pending' AND ((test_code = 'HB' AND value = '11.2')"
                               " OR (test_code = 'GLUF' AND value = '96'))", order_id);
  g_assert_cmpint (ld_test_query_int (db_path, saved_sql), ==, 2);
  g_assert_cmpint (ld_test_query_int (db_path, "SELECT count (*) FROM audit_events"
                                               " WHERE action = 'result.save'"), ==, 1);

  /* The technician's cache follows the server's results. */
  cached = ld_test_client_dump (client, "result");
  {
    GHashTableIter iter;
    gpointer text;

    g_hash_table_iter_init (&iter, cached);
    while (g_hash_table_iter_next (&iter, NULL, &text))
      {
        g_autoptr(JsonObject) result = ld_json_parse_object (text, -1, NULL);

        if (g_strcmp0 (ld_json_object_get_string (result, "order_id"), order_id) == 0 &&
            g_strcmp0 (ld_json_object_get_string (result, "test_code"), "HB") == 0)
          {
            g_assert_cmpstr (ld_json_object_get_string (result, "value"), ==, "11.2");
            n_cached++;
          }
      }
  }
  g_assert_cmpuint (n_cached, ==, 1);

  g_clear_pointer (&client, ld_test_client_free);
  ld_lab_free (lab);
}

/* The id of @order_id's result of @test_code in @client's cache. */
static char *
cached_result_id (LdTestClient *client,
                  const char   *order_id,
                  const char   *test_code)
{
  g_autoptr(GHashTable) cached = ld_test_client_dump (client, "result");
  GHashTableIter iter;
  gpointer id;
  gpointer text;

  g_hash_table_iter_init (&iter, cached);
  while (g_hash_table_iter_next (&iter, &id, &text))
    {
      g_autoptr(JsonObject) result = ld_json_parse_object (text, -1, NULL);

      if (g_strcmp0 (ld_json_object_get_string (result, "order_id"), order_id) == 0 &&
          g_strcmp0 (ld_json_object_get_string (result, "test_code"), test_code) == 0)
        return g_strdup (id);
    }
  g_assert_not_reached ();
}

static char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(JsonArray) wrap = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

  g_assert_nonnull (node);
  json_array_add_element (wrap, json_node_copy (node));
  json_node_set_array (root, wrap);
  return ld_json_to_string (root);
}

/* A save queued with the server away is shown only as the server will
 * read it (ld_result_save_body_read()): one it would refuse, here for a
 * comment longer than LD_RESULT_MAX_COMMENT_CHARS, shows nothing done. */
static void
test_queued_refused_save_not_shown (Fixture       *fx,
                                    gconstpointer  data)
{
  g_autofree char          *db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  g_autofree char          *cache_dir = g_build_filename (fx->tmpdir, "cache", NULL);
  g_autofree char          *long_comment = g_strnfill (LD_RESULT_MAX_COMMENT_CHARS + 1, 'c');
  g_autoptr(LdTestClient) client = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) shown = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *params = NULL;
  g_autofree char *id = NULL;
  LdLab *lab;

  ld_test_create_demo (db_path);
  lab = ld_lab_new_on (ld_test_server_spawn (db_path, NULL));
  uri = g_strdup (ld_test_server_get_uri (lab->server));
  patient_id = ld_lab_new_patient (lab, "{\"name\": \"Refused Patient\", \"sex\": \"female\","
                                        " \"age_years\": 30}");
  order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\"]");
  text = ld_lab_results_body (lab, order_id, TRUE, "HB", "11.24", NULL);
  body = ld_json_parse_object (text, -1, NULL);
  json_object_set_string_member (
    json_array_get_object_element (json_object_get_array_member (body, "results"), 0), "comment",
    long_comment);
  json_node_set_object (node, body);
  g_clear_pointer (&text, g_free);
  text = ld_json_to_string (node);
  params = with_order_id (text, order_id);

  client = ld_test_client_new (uri, "technician", LD_TEST_TECHNICIAN_PASSWORD, cache_dir);
  wait_synced (client, db_path);
  g_clear_pointer (&lab->server, ld_test_server_free);

  g_free (submit_ok (client, LD_OUTBOX_ACTION_RESULT_SAVE, params));
  wait_outbox (client, 1, "queued", 1000);
  id = cached_result_id (client, order_id, "HB");
  shown = read_record (client, "result", id);
  g_assert_cmpstr (json_object_get_string_member (shown, "state"), ==, "pending");
  g_assert_null (ld_json_object_get_string (shown, "value"));
  g_assert_null (ld_json_object_get_string (shown, "comment"));

  g_clear_pointer (&client, ld_test_client_free);
  ld_lab_free (lab);
}

/* Results saved and submitted with the server away show at once as the
 * server then stores them (the one rule, ld_result_apply_save()):
 * rounded, flagged against the band of the patient's sex and age, with
 * the test's unit and critical limits and the sample's times, and
 * "entered". Back, the server's records say the same. */
static void
test_queued_results_shown_as_saved (Fixture       *fx,
                                    gconstpointer  data)
{
  static const char * const codes[] = { "HB", "GLUF" };
  static const char * const members[] = { "state",        "value",         "numeric_value",
                                          "flag",         "unit",          "reference_range",
                                          "critical_low", "critical_high", "sample_id",
                                          "collected_at", "received_at",   "comment",
                                          "delta" };
  g_autofree char          *db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  g_autofree char          *cache_dir = g_build_filename (fx->tmpdir, "cache", NULL);
  g_autoptr(LdTestClient) client = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *params = NULL;
  JsonObject *shown[G_N_ELEMENTS (codes)];
  char *ids[G_N_ELEMENTS (codes)];
  LdLab *lab;

  ld_test_create_demo (db_path);
  lab = ld_lab_new_on (ld_test_server_spawn (db_path, NULL));
  uri = g_strdup (ld_test_server_get_uri (lab->server));
  patient_id = ld_lab_new_patient (lab, "{\"name\": \"Queued Patient\", \"sex\": \"male\","
                                        " \"age_years\": 41}");
  order_id = ld_lab_order_in_lab (lab, patient_id, "\"items\": [\"HB\", \"GLUF\"]");
  body = ld_lab_results_body (lab, order_id, TRUE, "HB", "11.24", "GLUF", "196", NULL);
  params = with_order_id (body, order_id);

  client = ld_test_client_new (uri, "technician", LD_TEST_TECHNICIAN_PASSWORD, cache_dir);
  wait_synced (client, db_path);
  g_clear_pointer (&lab->server, ld_test_server_free);

  g_free (submit_ok (client, LD_OUTBOX_ACTION_RESULT_SAVE, params));
  wait_outbox (client, 1, "queued", 1000);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      ids[i] = cached_result_id (client, order_id, codes[i]);
      shown[i] = read_record (client, "result", ids[i]);
      g_assert_cmpstr (json_object_get_string_member (shown[i], "state"), ==, "entered");
      g_assert_nonnull (ld_json_object_get_string (shown[i], "sample_id"));
    }
  g_assert_cmpstr (json_object_get_string_member (shown[0], "value"), ==, "11.2");
  g_assert_cmpstr (json_object_get_string_member (shown[0], "flag"), ==, "low");
  g_assert_nonnull (ld_json_object_get_string (shown[1], "flag"));

  /* Back: what the server stored is what was shown. */
  lab->server = ld_test_server_restart (db_path, uri);
  wait_outbox (client, 0, NULL, 60000);
  wait_synced (client, db_path);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(JsonObject) confirmed = read_record (client, "result", ids[i]);

      g_assert_cmpint (json_object_get_int_member (confirmed, "version"), >,
                       json_object_get_int_member (shown[i], "version"));
      for (guint j = 0; j < G_N_ELEMENTS (members); j++)
        {
          g_autofree char *was = member_text (shown[i], members[j]);
          g_autofree char *now = member_text (confirmed, members[j]);

          g_test_message ("%s %s: shown %s, stored %s", codes[i], members[j], was, now);
          g_assert_cmpstr (was, ==, now);
        }
      json_object_unref (shown[i]);
      g_free (ids[i]);
    }

  g_clear_pointer (&client, ld_test_client_free);
  ld_lab_free (lab);
}

/* A patient's fields as shown while queued are those the server keeps. */
static void
assert_same_patient_fields (JsonObject *shown,
                            JsonObject *stored)
{
  static const char * const members[] = { "name",  "sex",   "date_of_birth", "age_years",
                                          "phone", "email", "address",       "national_id" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *was = member_text (shown, members[i]);
      g_autofree char *now = member_text (stored, members[i]);

      g_assert_cmpstr (was, ==, now);
    }
}

/* A patient's age changed to a date of birth with the server away shows
 * as the server then stores it (ld_patient_apply_edit_json()): the age
 * gives way to the date, the name trimmed. A patient registered then
 * shows as the server registers it (ld_patient_apply_registration_json()),
 * the name trimmed, with no MRN yet. Back, the server's records say the
 * same. */
static void
test_queued_patient_edit_shown_as_saved (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autofree char          *db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  g_autofree char          *cache_dir = g_build_filename (fx->tmpdir, "cache", NULL);
  g_autoptr(LdTestClient) client = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) confirmed = NULL;
  g_autoptr(JsonObject) registered = NULL;
  g_autoptr(JsonObject) confirmed_new = NULL;
  g_autofree char *update = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *new_id = NULL;
  const char *id;
  LdTestServer *server;

  ld_test_create_demo (db_path);
  server = ld_test_server_spawn (db_path, NULL);
  uri = g_strdup (ld_test_server_get_uri (server));
  client = ld_test_client_new (uri, "reception", LD_TEST_RECEPTION_PASSWORD, cache_dir);
  g_free (submit_ok (client, LD_OUTBOX_ACTION_PATIENT_REGISTER,
                     "{\"name\": \"Kavya Rao\", \"sex\": \"female\", \"age_years\": 34,"
                     " \"phone\": \"9811100023\"}"));
  wait_outbox (client, 0, NULL, 60000);
  wait_synced (client, db_path);
  ld_test_server_free (server);

  ids = query_strings (db_path, "SELECT id FROM patients WHERE name = 'Kavya Rao'");
  id = g_ptr_array_index (ids, 0);
  before = read_record (client, "patient", id);
  g_assert_cmpint (json_object_get_int_member (before, "age_years"), ==, 34);
  update = g_strdup_printf ("{\"id\": \"%s\", \"version\": %" G_GINT64_FORMAT ","
                            " \"name\": \"  Kavya S. Rao \", \"date_of_birth\": \"1991-04-12\"}",
                            id, json_object_get_int_member (before, "version"));
  g_free (submit_ok (client, LD_OUTBOX_ACTION_PATIENT_UPDATE, update));

  shown = read_record (client, "patient", id);
  g_assert_cmpstr (json_object_get_string_member (shown, "name"), ==, "Kavya S. Rao");
  g_assert_cmpstr (json_object_get_string_member (shown, "date_of_birth"), ==, "1991-04-12");
  g_assert_true (json_object_get_null_member (shown, "age_years"));
  g_assert_cmpstr (json_object_get_string_member (shown, "phone"), ==,
                   json_object_get_string_member (before, "phone"));

  new_id = submit_ok (client, LD_OUTBOX_ACTION_PATIENT_REGISTER,
                      "{\"name\": \"  Ira Sen \", \"sex\": \"female\", \"age_years\": 29,"
                      " \"email\": \"ira.sen@example.com\"}");
  registered = read_record (client, "patient", new_id);
  g_assert_cmpstr (json_object_get_string_member (registered, "name"), ==, "Ira Sen");
  g_assert_cmpint (json_object_get_int_member (registered, "age_years"), ==, 29);
  g_assert_true (json_object_get_null_member (registered, "mrn"));
  g_assert_false (json_object_has_member (registered, "allow_duplicate"));

  server = ld_test_server_restart (db_path, uri);
  wait_outbox (client, 0, NULL, 60000);
  wait_synced (client, db_path);
  confirmed_new = read_record (client, "patient", new_id);
  g_assert_nonnull (json_object_get_string_member (confirmed_new, "mrn"));
  assert_same_patient_fields (registered, confirmed_new);
  confirmed = read_record (client, "patient", id);
  g_assert_cmpint (json_object_get_int_member (confirmed, "version"), >,
                   json_object_get_int_member (before, "version"));
  assert_same_patient_fields (shown, confirmed);

  g_clear_pointer (&client, ld_test_client_free);
  ld_test_server_free (server);
}

/* Nothing in the outbox is to be sent: each item went, was refused, or
 * waits behind a refused one for the same record. */
static gboolean
outbox_settled (gpointer data)
{
  g_autoptr(GPtrArray) items = ld_test_client_outbox (data);
  g_autoptr(GHashTable) refused = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < items->len; i++)
    {
      LdOutboxItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->state, "rejected") == 0)
        g_hash_table_add (refused, item->target_id);
      else if (!g_hash_table_contains (refused, item->target_id))
        return FALSE;
    }
  return TRUE;
}

/* @column of the patient @id. */
static char *
patient_column (const char *db_path,
                const char *column,
                const char *id)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT coalesce (%s, '') FROM patients WHERE id = '%s'", column, id);
  g_autoptr(GPtrArray) values = query_strings (db_path, sql);

  g_assert_cmpuint (values->len, ==, 1);
  return g_strdup (g_ptr_array_index (values, 0));
}

/* A desk offline edits a patient twice (phone, then e-mail), registers a
 * new one and corrects it twice: each edit names the version the desk saw,
 * which the edit before it moves on once accepted. All are accepted, in
 * order. A third patient changed by someone else meanwhile still gives a
 * conflict, and the edit behind it waits. */
static void
test_queued_edits_follow_each_other (Fixture       *fx,
                                     gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  g_autofree char *cache_dir = g_build_filename (fx->tmpdir, "cache", NULL);
  g_autoptr(LdTestClient) client = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonObject) seen = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *made = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  g_autofree char *bump = NULL;
  const char *id;
  const char *other_id;
  LdTestServer *server;

  ld_test_create_demo (db_path);
  server = ld_test_server_spawn (db_path, NULL);
  uri = g_strdup (ld_test_server_get_uri (server));
  client = ld_test_client_new (uri, "reception", LD_TEST_RECEPTION_PASSWORD, cache_dir);
  /* A bare demo has no patients: two registered by the server first. */
  g_free (submit_ok (client, LD_OUTBOX_ACTION_PATIENT_REGISTER,
                     "{\"name\": \"Asha Rao\", \"sex\": \"female\", \"age_years\": 41,"
                     " \"address\": \"7 Park Street, Kolkata\"}"));
  g_free (submit_ok (client, LD_OUTBOX_ACTION_PATIENT_REGISTER,
                     "{\"name\": \"Ravi Iyer\", \"sex\": \"male\", \"age_years\": 58}"));
  wait_outbox (client, 0, NULL, 60000);
  wait_synced (client, db_path);
  ld_test_server_free (server);

  ids = query_strings (db_path, "SELECT id FROM patients ORDER BY mrn LIMIT 2");
  id = g_ptr_array_index (ids, 0);
  other_id = g_ptr_array_index (ids, 1);
  seen = read_record (client, "patient", id);
  other = read_record (client, "patient", other_id);

  /* Two edits of a patient the server has, both over the version shown. */
  {
    g_autofree char *first = g_strdup_printf ("{\"id\": \"%s\", \"version\": %" G_GINT64_FORMAT ","
                                              " \"phone\": \"+91 99887 70001\"}",
                                              id, json_object_get_int_member (seen, "version"));
    g_autofree char *second = NULL;
    g_autoptr(JsonObject) shown = NULL;

    g_free (submit_ok (client, LD_OUTBOX_ACTION_PATIENT_UPDATE, first));
    shown = read_record (client, "patient", id);
    second = g_strdup_printf ("{\"id\": \"%s\", \"version\": %" G_GINT64_FORMAT ","
                              " \"email\": \"asha.followup@example.in\"}",
                              id, json_object_get_int_member (shown, "version"));
    g_free (submit_ok (client, LD_OUTBOX_ACTION_PATIENT_UPDATE, second));
  }

  /* A patient registered here (version 0), corrected twice. */
  made = submit_ok (client, LD_OUTBOX_ACTION_PATIENT_REGISTER,
                    "{\"name\": \"Offline Follow\", \"sex\": \"female\", \"age_years\": 29}");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonObject) shown = read_record (client, "patient", made);
      g_autofree char *fix = g_strdup_printf ("{\"id\": \"%s\", \"version\": %" G_GINT64_FORMAT ","
                                              " \"%s\": \"%s\"}", made,
                                              json_object_get_int_member (shown, "version"),
                                              i == 0 ? "phone" : "email",
                                              i == 0 ? "+91 99887 70002" : "follow@example.in");

      g_assert_cmpint (json_object_get_int_member (shown, "version"), ==, 0);
      g_free (submit_ok (client, LD_OUTBOX_ACTION_PATIENT_UPDATE, fix));
    }

  /* Two edits of a patient someone else changes meanwhile (straight in
   * the database, as another server process would). */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *edit = g_strdup_printf ("{\"id\": \"%s\", \"version\": %" G_GINT64_FORMAT ","
                                               " \"phone\": \"+91 99887 7001%u\"}", other_id,
                                               json_object_get_int_member (other, "version"), i);

      g_free (submit_ok (client, LD_OUTBOX_ACTION_PATIENT_UPDATE, edit));
    }
  bump = g_strdup_printf ("UPDATE patients SET address = 'Elsewhere', version = version + 1"
                          " WHERE id = '%s'", other_id);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LdSqlite) db = ld_sqlite_open (db_path, LD_SQLITE_OPEN_NO_CREATE, &error);

    g_assert_no_error (error);
    ld_sqlite_exec (db, bump, &error);
    g_assert_no_error (error);
  }

  server = ld_test_server_restart (db_path, uri);
  ld_test_wait_until (outbox_settled, client, 120000, "the outbox to settle");

  /* Only the edit over someone else's change was refused, as a conflict;
   * the one behind it waits. */
  items = ld_test_client_outbox (client);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (((LdOutboxItem *) g_ptr_array_index (items, 0))->target_id, ==, other_id);
  g_assert_cmpstr (((LdOutboxItem *) g_ptr_array_index (items, 0))->state, ==, "rejected");
  g_assert_cmpstr (((LdOutboxItem *) g_ptr_array_index (items, 0))->error_code, ==, "conflict");
  g_assert_cmpstr (((LdOutboxItem *) g_ptr_array_index (items, 1))->state, ==, "queued");

  phone = patient_column (db_path, "phone", id);
  email = patient_column (db_path, "email", id);
  g_assert_cmpstr (phone, ==, "+91 99887 70001");
  g_assert_cmpstr (email, ==, "asha.followup@example.in");
  g_free (phone);
  g_free (email);
  phone = patient_column (db_path, "phone", made);
  email = patient_column (db_path, "email", made);
  g_assert_cmpstr (phone, ==, "+91 99887 70002");
  g_assert_cmpstr (email, ==, "follow@example.in");
  g_free (phone);
  phone = patient_column (db_path, "phone", other_id);
  g_assert_null (strstr (phone, "99887 7001"));

  g_clear_pointer (&client, ld_test_client_free);
  ld_test_server_free (server);
}

static gboolean
is_offline (gpointer data)
{
  return !ld_api_client_get_online (data);
}

/* The server answers 503 once (its database busy past its timeout, held
 * by another writer) while the events socket stays open: the outbox sends
 * the item again by itself, with no other change to wake it. */
static void
test_retries_after_503 (Online        *fx,
                        gconstpointer  data)
{
  g_autoptr(LdTestResponse) patient = NULL;
  g_autofree char *params = NULL;
  gpointer lock;

  patient = ld_test_send_json (fx->server, "POST", "/api/v1/patients", fx->desk,
                               "{\"name\": \"Busy Day\", \"sex\": \"male\", \"age_years\": 61}");
  ld_test_assert_status (patient, 201);
  ld_test_client_wait_seq (fx->client, ld_test_server_head (fx->server), 60000);

  lock = ld_test_hold_write_lock (ld_test_server_get_db_path (fx->server));
  params = g_strdup_printf ("{\"id\": \"%s\", \"version\": 1, \"phone\": \"+91 90000 44444\"}",
                            ld_test_response_get_string (patient, "patient.id"));
  g_free (submit_ok (fx->client, LD_OUTBOX_ACTION_PATIENT_UPDATE, params));
  ld_test_wait_until (is_offline, fx->client->api, 120000, "the server to answer 503");
  g_assert_cmpuint (ld_test_count_allowed_warnings ("ld-http"), >, 0);
  ld_test_release_write_lock (lock);

  wait_outbox (fx->client, 0, NULL, 120000);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count (*) FROM patients"
                                                         " WHERE phone = '+91 90000 44444'"),
                   ==, 1);
}

typedef struct
{
  guint added;
  guint sent;
  guint refused;
  guint resent;
  guint discarded;
  guint changes;
  /* The last answer entry-sent carried. */
  JsonNode *answer;
} Told;

static void
on_entry_added_cb (LdOutbox      *outbox,
                   LdOutboxEntry *entry,
                   Told          *told)
{
  told->added++;
}

static void
on_entry_sent_cb (LdOutbox      *outbox,
                  LdOutboxEntry *entry,
                  JsonNode      *answer,
                  Told          *told)
{
  /* Gone from the list before it is told. */
  g_assert_null (ld_outbox_get_entry (outbox, ld_outbox_entry_get_seq (entry)));
  told->sent++;
  g_clear_pointer (&told->answer, json_node_unref);
  told->answer = answer ? json_node_ref (answer) : NULL;
}

static void
on_entry_refused_cb (LdOutbox      *outbox,
                     LdOutboxEntry *entry,
                     Told          *told)
{
  g_assert_cmpint (ld_outbox_entry_get_state (entry), ==, LD_OUTBOX_ENTRY_REFUSED);
  told->refused++;
}

static void
on_entry_resent_cb (LdOutbox      *outbox,
                    LdOutboxEntry *entry,
                    Told          *told)
{
  told->resent++;
}

static void
on_entry_discarded_cb (LdOutbox      *outbox,
                       LdOutboxEntry *entry,
                       Told          *told)
{
  told->discarded++;
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Told       *told)
{
  told->changes++;
}

static gboolean
n_entries_is (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (args[0]) == GPOINTER_TO_UINT (args[1]);
}

static void
wait_n_entries (GListModel *entries,
                guint       n)
{
  gpointer args[2] = { entries, GUINT_TO_POINTER (n) };

  ld_test_wait_until (n_entries_is, args, 30000, "the outbox's entries");
}

static gboolean
told_count_is (gpointer data)
{
  gpointer *args = data;

  return *(guint *) args[0] >= GPOINTER_TO_UINT (args[1]);
}

static void
wait_told (guint      *count,
           guint       want,
           const char *what)
{
  gpointer args[2] = { count, GUINT_TO_POINTER (want) };

  ld_test_wait_until (told_count_is, args, 30000, what);
}

/* The outbox as the screens see it: a list of entries, oldest first, that
 * follows the queue (queued, refused, fixed, sent), tells each change,
 * and is read back from the cache by the next session's outbox; a card
 * payment with the terminal's reference waits and goes like cash. */
static void
test_entries_follow_the_queue (Online        *fx,
                               gconstpointer  data)
{
  LdOutbox *outbox = fx->client->outbox;
  GListModel *entries = ld_outbox_get_entries (outbox);
  g_autoptr(LdOutbox) later = NULL;
  g_autoptr(LdOutboxEntry) patient = NULL;
  g_autoptr(LdOutboxEntry) order = NULL;
  g_autoptr(LdOutboxEntry) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) acting = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *payment = NULL;
  JsonObject      *params;
  Told             told = {
                0,
  };

  g_assert_true (G_TYPE_IS_ENUM (LD_TYPE_OUTBOX_ACTION));
  g_assert_true (G_TYPE_IS_ENUM (LD_TYPE_OUTBOX_ENTRY_STATE));
  g_assert_cmpstr (ld_outbox_action_describe (LD_OUTBOX_ACTION_PATIENT_REGISTER), ==,
                   "Register a patient");
  g_assert_cmpstr (ld_outbox_action_describe (LD_OUTBOX_ACTION_ORDER_CREATE), ==, "Book tests");
  g_assert_cmpstr (ld_outbox_action_describe (LD_OUTBOX_ACTION_PAYMENT_CASH), ==, "Take cash");
  g_assert_true (ld_outbox_action_may_wait (LD_OUTBOX_ACTION_PAYMENT_CARD));
  g_assert_false (ld_outbox_action_may_wait (LD_OUTBOX_ACTION_PAYMENT_REFUND));
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 0);

  g_signal_connect (outbox, "entry-added", G_CALLBACK (on_entry_added_cb), &told);
  g_signal_connect (outbox, "entry-sent", G_CALLBACK (on_entry_sent_cb), &told);
  g_signal_connect (outbox, "entry-refused", G_CALLBACK (on_entry_refused_cb), &told);
  g_signal_connect (outbox, "entry-resent", G_CALLBACK (on_entry_resent_cb), &told);
  g_signal_connect (outbox, "entry-discarded", G_CALLBACK (on_entry_discarded_cb), &told);
  g_signal_connect (entries, "items-changed", G_CALLBACK (on_items_changed_cb), &told);

  /* A refused registration and the order waiting behind it. */
  patient_id = queue_refused_registration (fx, "Kiran Bedi");
  patient = entry_at (fx->client, 0, LD_OUTBOX_ENTRY_REFUSED);
  order = entry_at (fx->client, 1, LD_OUTBOX_ENTRY_WAITING);
  g_assert_cmpuint (told.added, ==, 2);
  g_assert_cmpuint (told.refused, ==, 1);
  g_assert_cmpuint (told.changes, >=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 2);
  g_assert_cmpint (ld_outbox_entry_get_seq (patient), <, ld_outbox_entry_get_seq (order));
  g_assert_cmpstr (ld_outbox_entry_get_entity (patient), ==, "patient");
  g_assert_cmpstr (ld_outbox_entry_get_target_id (patient), ==, patient_id);
  g_assert_nonnull (ld_outbox_entry_get_created (patient));
  g_assert_true (ld_outbox_entry_get_blocked (order));
  acting = ld_outbox_find_entries (outbox, "patient", patient_id);
  g_assert_cmpuint (acting->len, ==, 1);
  g_assert_true (g_ptr_array_index (acting, 0) == patient);

  /* A session opened later reads the same queue from the cache. */
  later = ld_outbox_new (fx->client->api, fx->client->cache);
  wait_n_entries (ld_outbox_get_entries (later), 2);
  loaded = g_list_model_get_item (ld_outbox_get_entries (later), 0);
  g_assert_cmpint (ld_outbox_entry_get_seq (loaded), ==, ld_outbox_entry_get_seq (patient));
  g_assert_cmpint (ld_outbox_entry_get_action (loaded), ==, LD_OUTBOX_ACTION_PATIENT_REGISTER);
  g_assert_cmpint (ld_outbox_entry_get_state (loaded), ==, LD_OUTBOX_ENTRY_REFUSED);
  g_assert_cmpstr (ld_outbox_entry_get_label (loaded), ==, "Kiran Bedi");
  g_assert_cmpstr (ld_outbox_entry_get_error_code (loaded), ==, "validation_failed");
  g_assert_true (
    json_node_equal (ld_outbox_entry_get_params (loaded), ld_outbox_entry_get_params (patient)));
  g_assert_true (json_node_equal (ld_outbox_entry_get_error_fields (loaded),
                                  ld_outbox_entry_get_error_fields (patient)));
  g_assert_cmpuint (ld_outbox_get_n_refused (later), ==, 1);
  g_assert_cmpuint (ld_outbox_get_n_waiting (later), ==, 1);
  g_clear_object (&loaded);
  {
    g_autoptr(LdOutboxEntry) second = g_list_model_get_item (ld_outbox_get_entries (later), 1);

    g_assert_true (ld_outbox_entry_get_blocked (second));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (
                                                      ld_outbox_entry_get_params (second)),
                                                    "patient_id"),
                     ==, patient_id);
  }
  g_clear_object (&later);

  /* Sent again as it is: refused again, for the same reason. */
  g_assert_no_error ((error = resend (fx->client, patient, NULL)));
  g_assert_cmpuint (told.resent, ==, 1);
  wait_told (&told.refused, 2, "the registration refused again");
  g_assert_cmpuint (ld_outbox_entry_get_attempts (patient), >=, 2);

  /* Fixed from its own params: the patient, then the order, go; the list
   * empties. */
  {
    g_autofree char *was = ld_json_to_string (ld_outbox_entry_get_params (patient));
    g_autoptr(JsonObject) fixed = ld_json_parse_object (was, -1, NULL);
    g_autoptr(JsonNode) node = NULL;
    g_autofree char *text = NULL;

    json_object_set_string_member (fixed, "date_of_birth", "1985-06-01");
    node = json_node_init_object (json_node_alloc (), fixed);
    text = ld_json_to_string (node);
    g_assert_no_error ((error = resend (fx->client, patient, text)));
    params = json_node_get_object (ld_outbox_entry_get_params (patient));
    g_assert_cmpstr (json_object_get_string_member (params, "date_of_birth"), ==, "1985-06-01");
  }
  g_assert_cmpuint (told.resent, ==, 2);
  wait_n_entries (entries, 0);
  g_assert_cmpuint (told.sent, ==, 2);
  g_assert_nonnull (told.answer);
  g_assert_nonnull (json_object_get_member (json_node_get_object (told.answer), "order"));
  g_assert_cmpuint (ld_outbox_get_n_waiting (outbox), ==, 0);
  g_assert_cmpuint (ld_outbox_get_n_refused (outbox), ==, 0);

  /* A card payment with the terminal's reference goes as cash does. */
  ld_test_client_wait_seq (fx->client, ld_test_server_head (fx->server), 30000);
  payment = g_strdup_printf ("{\"order_id\": \"%s\", \"method\": \"card\","
                             " \"reference\": \"TID-000417\"}",
                             json_object_get_string_member (json_node_get_object (
                                                              ld_outbox_entry_get_params (order)),
                                                            "id"));
  g_free (submit_ok (fx->client, LD_OUTBOX_ACTION_PAYMENT_CARD, payment));
  g_assert_cmpuint (told.added, ==, 3);
  wait_told (&told.sent, 3, "the card payment sent");
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count (*) FROM payments WHERE method = 'card'"
                                             " AND reference = 'TID-000417'"
                                             " AND status = 'succeeded'"), ==, 1);
  g_assert_cmpuint (told.discarded, ==, 0);
  g_clear_pointer (&told.answer, json_node_unref);
  g_signal_handlers_disconnect_by_data (outbox, &told);
  g_signal_handlers_disconnect_by_data (entries, &told);
}

static LdCacheRecord *
read_pending (LdTestClient *client,
              const char   *entity,
              const char   *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  LdCacheRecord *record;

  ld_cache_read_record_async (client->cache, entity, id, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  record = ld_cache_read_record_finish (client->cache, result, &error);
  g_assert_no_error (error);
  g_assert_true (ld_cache_record_get_loaded (record));
  return record;
}

/* A record read from the cache, and its row in a list, say what the
 * outbox holds for it: a refused registration with the server's reason;
 * an order and its cash payment, both waiting behind it, two entries on
 * one record; nothing once they are gone. */
static void
test_pending_state_of_a_record (Online        *fx,
                                gconstpointer  data)
{
  g_autoptr(LdOutboxEntry) patient_entry = NULL;
  g_autoptr(LdOutboxEntry) order_entry = NULL;
  g_autoptr(LdOutboxEntry) payment_entry = NULL;
  g_autoptr(LdCacheRecord) patient = NULL;
  g_autoptr(LdCacheRecord) order = NULL;
  g_autoptr(LdCacheRecord) row = NULL;
  g_autoptr(LdCacheList) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *payment = NULL;
  GAsyncResult *slot = NULL;
  const char *order_id;
  const gint64 *seqs;
  guint n_seqs;

  patient_id = queue_refused_registration (fx, "Lata Menon");
  patient_entry = entry_at (fx->client, 0, LD_OUTBOX_ENTRY_REFUSED);
  order_entry = entry_at (fx->client, 1, LD_OUTBOX_ENTRY_WAITING);
  order_id =
    json_object_get_string_member (json_node_get_object (ld_outbox_entry_get_params (order_entry)),
                                   "id");
  payment = g_strdup_printf ("{\"order_id\": \"%s\", \"method\": \"cash\","
                             " \"tendered_paise\": 100000}", order_id);
  g_free (submit_ok (fx->client, LD_OUTBOX_ACTION_PAYMENT_CASH, payment));
  payment_entry = entry_at (fx->client, 2, LD_OUTBOX_ENTRY_WAITING);
  g_assert_true (ld_outbox_entry_get_blocked (payment_entry));

  patient = read_pending (fx->client, "patient", patient_id);
  g_assert_cmpstr (ld_cache_record_get_pending (patient), ==, "rejected");
  g_assert_cmpint (ld_cache_record_get_pending_seq (patient), ==,
                   ld_outbox_entry_get_seq (patient_entry));
  g_assert_cmpstr (ld_cache_record_get_error_code (patient), ==, "validation_failed");
  g_assert_cmpstr (ld_cache_record_get_error_message (patient), ==,
                   ld_outbox_entry_get_error_message (patient_entry));
  seqs = ld_cache_record_get_pending_seqs (patient, &n_seqs);
  g_assert_cmpuint (n_seqs, ==, 1);
  g_assert_cmpint (seqs[0], ==, ld_outbox_entry_get_seq (patient_entry));
  g_assert_cmpstr (ld_patient_get_name (ld_cache_record_get_patient (patient)), ==, "Lata Menon");

  order = read_pending (fx->client, "order", order_id);
  g_assert_cmpstr (ld_cache_record_get_pending (order), ==, "queued");
  g_assert_null (ld_cache_record_get_error_code (order));
  g_assert_cmpint (ld_cache_record_get_pending_seq (order), ==,
                   ld_outbox_entry_get_seq (order_entry));
  seqs = ld_cache_record_get_pending_seqs (order, &n_seqs);
  g_assert_cmpuint (n_seqs, ==, 2);
  g_assert_cmpint (seqs[0], ==, ld_outbox_entry_get_seq (order_entry));
  g_assert_cmpint (seqs[1], ==, ld_outbox_entry_get_seq (payment_entry));
  g_assert_true (ld_outbox_get_entry (fx->client->outbox, seqs[1]) == payment_entry);

  /* The patient's orders list: the same, on its row. */
  orders = ld_cache_list_new_patient_orders (fx->client->cache, patient_id);
  ld_test_wait_until (list_settled, orders, 30000, "the patient's orders");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (orders)), ==, 1);
  row = g_list_model_get_item (G_LIST_MODEL (orders), 0);
  ld_test_wait_until (row_loaded, row, 30000, "the order's row");
  g_assert_cmpstr (ld_cache_record_get_pending (row), ==, "queued");
  seqs = ld_cache_record_get_pending_seqs (row, &n_seqs);
  g_assert_cmpuint (n_seqs, ==, 2);
  g_clear_object (&row);
  row = search_first (fx->client, "Lata Menon");
  g_assert_cmpstr (ld_cache_record_get_id (row), ==, patient_id);
  g_assert_cmpstr (ld_cache_record_get_error_code (row), ==, "validation_failed");
  g_assert_cmpint (ld_cache_record_get_pending_seq (row), ==,
                   ld_outbox_entry_get_seq (patient_entry));

  /* Nothing held: a record as the server has it. */
  discard (fx->client, payment_entry);
  discard (fx->client, order_entry);
  discard (fx->client, patient_entry);
  ld_cache_read_record_async (fx->client->cache, "patient", patient_id, NULL,
                              ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  g_clear_object (&patient);
  patient = ld_cache_read_record_finish (fx->client->cache, result, &error);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND);
  g_assert_null (patient);
}

/* Booked and paid in cash with the server away: the order is priced from
 * the cached catalogue and the lab's settings by the server's rule (a
 * panel's test charged once, the lab's tax), and shows paid, with the change, while the payment waits; the
 * server, back, charges the same. Discarding the payment shows it unpaid
 * again. */
static void
test_offline_order_priced_and_paid (Fixture       *fx,
                                    gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fx->tmpdir, "labdesk.db", NULL);
  g_autofree char *cache_dir = g_build_filename (fx->tmpdir, "cache", NULL);
  g_autoptr(LdTestClient) client = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(LdOutboxEntry) payment_entry = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *order = NULL;
  g_autofree char *payment = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *uri = NULL;
  JsonObject *paid;
  JsonArray *items;
  LdTestServer *server;
  gint64 total;

  ld_test_create_demo (db_path);
  server = ld_test_server_spawn (db_path, NULL);
  uri = g_strdup (ld_test_server_get_uri (server));
  /* The lab's tax is not the default: the desk follows the settings. */
  {
    g_autofree char *admin = ld_test_login (server, "admin", LD_TEST_ADMIN_PASSWORD);
    g_autoptr(LdTestResponse) settings = ld_test_get (server, "/api/v1/settings", admin);
    g_autofree char *body = g_strdup_printf ("{\"version\": %" G_GINT64_FORMAT ","
                                             " \"tax_flat_paise\": 3000}",
                                             ld_test_response_get_int (settings, "version"));
    g_autoptr(LdTestResponse) patched =
                 ld_test_send_json (server, "PATCH", "/api/v1/settings", admin, body);

    ld_test_assert_status (patched, 200);
  }
  client = ld_test_client_new (uri, "reception", LD_TEST_RECEPTION_PASSWORD, cache_dir);
  wait_synced (client, db_path);
  ld_test_server_free (server);

  patient_id = submit_ok (client, LD_OUTBOX_ACTION_PATIENT_REGISTER,
                          "{\"name\": \"Sunil Joshi\", \"sex\": \"male\", \"age_years\": 52}");
  order = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\", \"CBC\"],"
                           " \"discount\": {\"kind\": \"percent\", \"value\": 10,"
                           " \"reason\": \"senior citizen\"}}", patient_id);
  order_id = submit_ok (client, LD_OUTBOX_ACTION_ORDER_CREATE, order);

  shown = read_record (client, "order", order_id);
  total = json_object_get_int_member (shown, "total_paise");
  g_assert_cmpint (total, >, 0);
  g_assert_cmpint (json_object_get_int_member (shown, "balance_paise"), ==, total);
  g_assert_cmpint (json_object_get_int_member (shown, "discount_paise"), >, 0);
  g_assert_cmpint (json_object_get_int_member (shown, "tax_paise"), ==, 3000);
  g_assert_false (json_object_has_member (shown, "price_estimated"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (shown, "patient"),
                                                  "name"), ==, "Sunil Joshi");
  items = json_object_get_array_member (shown, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  /* HB is in CBC: charged once. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0),
                                               "charged_paise"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "covered_by"), ==, "CBC");

  payment = g_strdup_printf ("{\"order_id\": \"%s\", \"method\": \"cash\","
                             " \"tendered_paise\": %" G_GINT64_FORMAT "}", order_id,
                             total + 5000);
  g_free (submit_ok (client, LD_OUTBOX_ACTION_PAYMENT_CASH, payment));
  g_clear_pointer (&shown, json_object_unref);
  shown = read_record (client, "order", order_id);
  g_assert_cmpstr (json_object_get_string_member (shown, "payment_state"), ==, "paid");
  g_assert_cmpint (json_object_get_int_member (shown, "balance_paise"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (shown, "paid_paise"), ==, total);
  paid = json_array_get_object_element (json_object_get_array_member (shown, "payments"), 0);
  g_assert_cmpint (json_object_get_int_member (paid, "tendered_paise"), ==, total + 5000);
  g_assert_cmpint (json_object_get_int_member (paid, "change_paise"), ==, 5000);
  g_assert_true (json_object_get_boolean_member (paid, "queued"));

  /* Discarded, the payment no longer shows. */
  payment_entry = entry_at (client, 2, LD_OUTBOX_ENTRY_WAITING);
  discard (client, payment_entry);
  g_clear_pointer (&shown, json_object_unref);
  shown = read_record (client, "order", order_id);
  g_assert_cmpstr (json_object_get_string_member (shown, "payment_state"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (shown, "balance_paise"), ==, total);
  g_free (submit_ok (client, LD_OUTBOX_ACTION_PAYMENT_CASH, payment));

  /* The server charges what the till showed. */
  server = ld_test_server_restart (db_path, uri);
  wait_outbox_drains (client, 60000);
  sql = g_strdup_printf ("SELECT total_paise FROM orders WHERE id = '%s'", order_id);
  g_assert_cmpint (ld_test_query_int (db_path, sql), ==, total);
  g_free (sql);
  sql = g_strdup_printf ("SELECT change_paise FROM payments WHERE order_id = '%s'", order_id);
  g_assert_cmpint (ld_test_query_int (db_path, sql), ==, 5000);

  g_clear_pointer (&client, ld_test_client_free);
  ld_test_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();
  ld_test_allow_warning ("ld-http", "The database is busy");

  g_test_add ("/client/outbox/offline-500-then-restart", Fixture, NULL, fixture_setup,
              test_offline_then_restart, fixture_teardown);
  g_test_add ("/client/outbox/queued-edit-shown", Fixture, NULL, fixture_setup,
              test_queued_edit_shown, fixture_teardown);
  g_test_add ("/client/outbox/result-drafts-wait-for-the-server", Fixture, NULL, fixture_setup,
              test_result_drafts_wait_for_the_server, fixture_teardown);
  g_test_add ("/client/outbox/queued-results-shown-as-saved", Fixture, NULL, fixture_setup,
              test_queued_results_shown_as_saved, fixture_teardown);
  g_test_add ("/client/outbox/queued-refused-save-not-shown", Fixture, NULL, fixture_setup,
              test_queued_refused_save_not_shown, fixture_teardown);
  g_test_add ("/client/outbox/queued-patient-edit-shown-as-saved", Fixture, NULL, fixture_setup,
              test_queued_patient_edit_shown_as_saved, fixture_teardown);
  g_test_add ("/client/outbox/conflict-kept-with-current", Online, NULL, online_setup,
              test_conflict_kept, online_teardown);
  g_test_add ("/client/outbox/validation-error-kept", Online, NULL, online_setup,
              test_validation_kept, online_teardown);
  g_test_add ("/client/outbox/fixed-and-sent-again", Online, NULL, online_setup,
              test_fixed_and_sent_again, online_teardown);
  g_test_add ("/client/outbox/queued-edits-follow-each-other", Fixture, NULL, fixture_setup,
              test_queued_edits_follow_each_other, fixture_teardown);
  g_test_add ("/client/outbox/entries-follow-the-queue", Online, NULL, online_setup,
              test_entries_follow_the_queue, online_teardown);
  g_test_add ("/client/outbox/pending-state-of-a-record", Online, NULL, online_setup,
              test_pending_state_of_a_record, online_teardown);
  g_test_add ("/client/outbox/offline-order-priced-and-paid", Fixture, NULL, fixture_setup,
              test_offline_order_priced_and_paid, fixture_teardown);
  g_test_add ("/client/outbox/retries-after-503", Online, NULL, online_setup,
              test_retries_after_503, online_teardown);

  return g_test_run ();
}

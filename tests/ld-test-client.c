/* ld-test-client.c: the client's data layer against a real server, for tests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server runs in its own thread (ld-test-server.c), so the test's
 * thread-default main context is the client's main loop: the helpers spin
 * it until the asynchronous data layer has done what was asked.
 */

#define G_LOG_DOMAIN "ld-test-client"

#include "config.h"

#include "ld-json.h"
#include "ld-order.h"
#include "ld-server.h"
#include "ld-sqlite.h"
#include "ld-test-client.h"
#include "store/ld-store-orders.h"

#define SEED_BATCH 250

/**
 * ld_test_client_use_own_context:
 *
 * Gives the test's thread a main context of its own. The server under
 * test adds its timers to the global default context (its own main loop
 * in production), so a test that spins the default context for a minute
 * would run the server's expiry sweep on the test's thread.
 */
void
ld_test_client_use_own_context (void)
{
  static GMainContext *context;

  g_assert_null (context);
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
ld_test_wait_until (LdTestCondition  condition,
                    gpointer         data,
                    guint            timeout_ms,
                    const char      *what)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  /* Wakes the blocking iteration now and then to look at the clock. */
  g_autoptr(GSource) tick = g_timeout_source_new (20);

  g_source_set_callback (tick, tick_cb, NULL, NULL);
  g_source_attach (tick, context);
  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %u ms waiting for %s", timeout_ms, what);
      g_main_context_iteration (context, TRUE);
    }
  g_source_destroy (tick);
}

void
ld_test_store_result_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/**
 * ld_test_wait_result:
 * @slot: where ld_test_store_result_cb() puts the result
 *
 * Returns: (transfer full): the result
 */
GAsyncResult *
ld_test_wait_result (GAsyncResult **slot)
{
  ld_test_wait_until (has_result, slot, 120000, "an asynchronous call");
  return g_steal_pointer (slot);
}

LdCache *
ld_test_cache_open (const char  *dir,
                    const char  *password,
                    gboolean     create,
                    GError     **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  ld_cache_open_async (dir, password, create, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  return ld_cache_open_finish (result, error);
}

GBytes *
ld_test_read_dir_bytes (const char *dir)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_get_contents (path, &contents, &length, NULL))
        g_byte_array_append (all, (const guint8 *) contents, length);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/**
 * ld_test_client_new:
 * @server_uri: the server
 * @username: a user
 * @password: their password
 * @dir: (nullable): the cache's directory; a new one under the test's
 *   data directory when %NULL
 *
 * Signs in, opens (or makes) the cache and starts syncing, as the
 * application does after its sign-in page.
 *
 * Returns: (transfer full): the client
 */
LdTestClient *
ld_test_client_new (const char *server_uri,
                    const char *username,
                    const char *password,
                    const char *dir)
{
  LdTestClient *client = g_new0 (LdTestClient, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdUser) user = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  client->api = ld_api_client_new (server_uri);
  ld_api_client_sign_in_async (client->api, username, password, NULL, on_signed_in_cb, &slot);
  result = ld_test_wait_result (&slot);
  user = ld_api_client_sign_in_finish (client->api, result, &error);
  g_assert_no_error (error);

  client->dir = dir ? g_strdup (dir) : ld_cache_dir_for (NULL, server_uri, username);
  client->cache = ld_test_cache_open (client->dir, password, TRUE, &error);
  g_assert_no_error (error);
  client->outbox = ld_outbox_new (client->api, client->cache);
  client->sync = ld_sync_new (client->api, client->cache, client->outbox);
  ld_sync_start (client->sync);
  return client;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Drops the test's reference and waits for the calls still holding one
 * (cancelled, they answer soon) to let go: nothing may leak. */
static void
drop (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  ld_test_wait_until (is_gone, &weak, 30000, "an object to be finalized");
}

void
ld_test_client_free (LdTestClient *client)
{
  if (client == NULL)
    return;

  ld_sync_stop (client->sync);
  drop (g_steal_pointer (&client->sync));
  drop (g_steal_pointer (&client->outbox));
  ld_cache_close (client->cache);
  drop (g_steal_pointer (&client->cache));
  drop (g_steal_pointer (&client->api));
  g_free (client->dir);
  g_free (client);
}

typedef struct
{
  LdTestClient *client;
  gint64        seq;
  gint64        was;
  /* Writes committed, and those seen: a first sync's snapshot stores
   * records page by page and moves the position only at its end. */
  guint         n_writes;
  guint         seen_writes;
} SeqWait;

static void
on_cache_changed_cb (LdCache  *cache,
                     gpointer  batch,
                     SeqWait  *wait)
{
  wait->n_writes++;
}

/* The cache reached the seq, or moved on towards it. */
static gboolean
reached_or_moved (gpointer data)
{
  SeqWait *wait = data;
  gint64 now = ld_cache_get_last_seq (wait->client->cache);
  gboolean moved = now != wait->was || wait->n_writes != wait->seen_writes;

  wait->was = now;
  wait->seen_writes = wait->n_writes;
  return now >= wait->seq || moved;
}

/**
 * ld_test_client_wait_seq:
 * @client: a client
 * @seq: the server's seq to reach
 * @timeout_ms: how long the cache may stand still
 *
 * Waits while the cache keeps moving (its position, or the records a
 * snapshot stores): a busy machine makes a long sync slower, not a
 * failure; one that stops for @timeout_ms fails the test.
 */
void
ld_test_client_wait_seq (LdTestClient *client,
                         gint64        seq,
                         guint         timeout_ms)
{
  SeqWait wait = { client, seq, ld_cache_get_last_seq (client->cache), 0, 0 };
  gulong  changed_id =
    g_signal_connect (client->cache, "changed", G_CALLBACK (on_cache_changed_cb), &wait);

  while (wait.was < seq)
    ld_test_wait_until (reached_or_moved, &wait, timeout_ms, "the cache to reach the server's seq");
  g_signal_handler_disconnect (client->cache, changed_id);
}

GHashTable *
ld_test_client_dump (LdTestClient *client,
                     const char   *entity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  GHashTable *records;

  ld_cache_dump_async (client->cache, entity, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  records = ld_cache_dump_finish (client->cache, result, &error);
  g_assert_no_error (error);
  return records;
}

GPtrArray *
ld_test_client_outbox (LdTestClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  GPtrArray *items;

  ld_cache_outbox_list_async (client->cache, FALSE, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  items = ld_cache_outbox_list_finish (client->cache, result, &error);
  g_assert_no_error (error);
  return items;
}

JsonNode *
ld_test_client_submit (LdTestClient   *client,
                       LdOutboxAction  action,
                       const char    *params_json,
                       GError       **error)
{
  g_autoptr(JsonObject) params = ld_json_parse_object (params_json, -1, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  g_assert_nonnull (params);
  ld_outbox_submit_async (client->outbox, action, params, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  return ld_outbox_submit_finish (client->outbox, result, error);
}

/* Seeding, on the server's thread. */

typedef struct
{
  LdTestServer *server;
  guint         n_patients;
  guint         n_orders;
} Seed;

/* clang-format off */
static const char * const first_names[] = {
  "Priya", "Rahul", "Anjali", "Amit", "Sunita", "Arjun", "José", "Zoë", "प्रिया", "Kavita",
  "Ravi", "Meena", "Imran", "Fatima", "Thomas", "Lakshmi",
};
/* clang-format on */
/* clang-format off */
static const char * const last_names[] = {
  "Kumar", "Sharma", "Singh", "Patel", "Rao", "Álvarez", "Nair", "शर्मा", "Khan", "Iyer",
  "Das", "Mehta", "Gupta", "Reddy",
};
/* clang-format on */

static JsonNode *
patient_node (LdPatient *patient)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_patient_to_json (patient, builder);
  return json_builder_get_root (builder);
}

static void
seed_order (LdStore     *store,
            const char  *patient_id,
            const char  *user_id,
            guint        index,
            gint64       now_us)
{
  static const char * const priorities[] = { "routine", "routine", "urgent", "stat" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdOrder) order = ld_order_new ();
  g_autoptr(LdOrder) saved = NULL;
  g_autoptr(JsonNode) record = NULL;
  LdOrderItem *item = ld_order_item_new ("test", "HB", "Haemoglobin", 10000);

  item->charged_paise = 10000;
  order->id = g_uuid_string_random ();
  order->patient_id = g_strdup (patient_id);
  order->source = g_strdup ("desk");
  order->priority = g_strdup (priorities[index % G_N_ELEMENTS (priorities)]);
  order->collection = g_strdup ("lab");
  order->created_by = g_strdup (user_id);
  order->subtotal_paise = 10000;
  order->tax_paise = 2000;
  order->total_paise = 12000;
  g_ptr_array_add (order->items, item);
  g_ptr_array_add (order->tests,
                   ld_order_test_new ("HB", "Haemoglobin", "whole blood", "EDTA (lavender)", "HB"));

  /* Distinct times, so the lists' order is the same everywhere. */
  ld_store_orders_insert (store, order, now_us - index * 1000, now_us + G_TIME_SPAN_DAY, 0, &error);
  g_assert_no_error (error);

  if (index % 3 == 0)
    {
      g_autoptr(LdPayment) payment = ld_payment_new ();

      payment->id = g_uuid_string_random ();
      payment->order_id = g_strdup (order->id);
      payment->kind = g_strdup ("payment");
      payment->method = g_strdup ("cash");
      payment->status = g_strdup ("succeeded");
      payment->amount_paise = 12000;
      payment->tendered_paise = 12000;
      payment->change_paise = 0;
      payment->taken_by = g_strdup (user_id);
      ld_store_payments_insert (store, payment, &error);
      g_assert_no_error (error);
    }

  saved = ld_store_orders_get (store, order->id, &error);
  g_assert_no_error (error);
  record = ld_order_to_node (saved);
  ld_store_changes_append (store, "order", order->id, LD_ROLE_ALL, record, &error);
  g_assert_no_error (error);
}

static gboolean
seed_cb (gpointer data)
{
  Seed *seed = data;
  LdServer *server = ld_test_server_get_server (seed->server);
  LdStore *store = ld_server_get_store (server);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(LdStoreCredentials) desk = {
    NULL,
  };
  gint64 now_us = g_get_real_time ();
  guint done = 0;

  ld_store_users_get_credentials (store, "reception", &desk, &error);
  g_assert_no_error (error);

  while (done < seed->n_patients + seed->n_orders)
    {
      g_auto(LdStoreTransaction) txn = { NULL };

      ld_store_transaction_begin (&txn, store, &error);
      g_assert_no_error (error);
      for (guint n = 0; n < SEED_BATCH && done < seed->n_patients + seed->n_orders; n++, done++)
        {
          if (done < seed->n_patients)
            {
              g_autofree char *id = g_uuid_string_random ();
              g_autoptr(LdPatient) patient = ld_patient_new (id);
              g_autoptr(JsonNode) record = NULL;
              g_autofree char *name =
                g_strdup_printf ("%s %s", first_names[done % G_N_ELEMENTS (first_names)],
                                 last_names[(done / 7) % G_N_ELEMENTS (last_names)]);
              g_autofree char *phone = g_strdup_printf ("+91 98%08u", done);

              ld_patient_set_fields (patient, name, done % 2 ? LD_SEX_MALE : LD_SEX_FEMALE,
                                     "1980-01-01", -1, phone, NULL, NULL, NULL);
              ld_store_patients_insert (store, patient, desk.user_id, &error);
              g_assert_no_error (error);
              record = patient_node (patient);
              ld_store_changes_append (store, "patient", ld_patient_get_id (patient),
                                       LD_ROLE_ALL, record, &error);
              g_assert_no_error (error);
              g_ptr_array_add (ids, g_strdup (ld_patient_get_id (patient)));
            }
          else
            {
              guint index = done - seed->n_patients;

              seed_order (store, g_ptr_array_index (ids, index % ids->len), desk.user_id, index,
                          now_us);
            }
        }
      ld_store_transaction_commit (&txn, &error);
      g_assert_no_error (error);
    }

  ld_server_announce_changes (server);
  return G_SOURCE_REMOVE;
}

void
ld_test_seed (LdTestServer *server,
              guint         n_patients,
              guint         n_orders)
{
  Seed seed = { server, n_patients, n_orders };

  g_assert_cmpuint (n_patients, >, 0);
  ld_test_server_invoke (server, seed_cb, &seed);
}

typedef struct
{
  LdTestServer *server;
  const char   *entity;
  GPtrArray    *ids;
  GHashTable   *records;
} Records;

static gboolean
records_cb (gpointer data)
{
  Records *records = data;
  LdStore *store = ld_server_get_store (ld_test_server_get_server (records->server));

  for (guint i = 0; i < records->ids->len; i++)
    {
      const char *id = g_ptr_array_index (records->ids, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      if (g_str_equal (records->entity, "order"))
        {
          g_autoptr(LdOrder) order = ld_store_orders_get (store, id, &error);

          g_assert_no_error (error);
          node = ld_order_to_node (order);
        }
      else
        {
          g_autoptr(LdPatient) patient = ld_store_patients_get (store, id, &error);

          g_assert_no_error (error);
          node = patient_node (patient);
        }
      g_hash_table_insert (records->records, g_strdup (id), ld_json_to_string (node));
    }
  return G_SOURCE_REMOVE;
}

/**
 * ld_test_server_records:
 * @server: an in-thread server
 * @entity: "patient" or "order"
 *
 * Returns: (transfer full): id → the record as GET shows it now
 */
GHashTable *
ld_test_server_records (LdTestServer *server,
                        const char   *entity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (ld_test_server_get_db_path (server),
                                            LD_SQLITE_OPEN_READONLY, &error);
  Records       records = { server, entity, g_ptr_array_new_with_free_func (g_free),
                            g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  LdSqliteStmt *stmt;

  g_assert_no_error (error);
  stmt = ld_sqlite_prepare_cached (db, g_str_equal (entity, "order") ? "SELECT id FROM orders"
                                                                     : "SELECT id FROM patients",
                                   &error);
  g_assert_no_error (error);
  while (ld_sqlite_step (stmt, &error) == LD_SQLITE_ROW)
    g_ptr_array_add (records.ids, ld_sqlite_column_dup_text (stmt, 0));
  g_assert_no_error (error);

  ld_test_server_invoke (server, records_cb, &records);
  g_ptr_array_unref (records.ids);
  return records.records;
}

gint64
ld_test_server_head (LdTestServer *server)
{
  return ld_test_server_query_int (server, "SELECT coalesce (max (seq), 0) FROM changes");
}

gpointer
ld_test_hold_write_lock (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (db_path, LD_SQLITE_OPEN_NO_CREATE, &error);

  g_assert_no_error (error);
  ld_sqlite_exec (db, "BEGIN IMMEDIATE", &error);
  g_assert_no_error (error);
  return g_steal_pointer (&db);
}

void
ld_test_release_write_lock (gpointer lock)
{
  g_autoptr(LdSqlite) db = lock;
  g_autoptr(GError) error = NULL;

  ld_sqlite_exec (db, "COMMIT", &error);
  g_assert_no_error (error);
}

static gboolean
announce_cb (gpointer data)
{
  ld_server_announce_changes (data);
  return G_SOURCE_REMOVE;
}

void
ld_test_server_announce (LdTestServer *server)
{
  ld_test_server_invoke (server, announce_cb, ld_test_server_get_server (server));
}

typedef struct
{
  const char *domain;
  const char *contains;
  gint        count;
} AllowedWarning;

static AllowedWarning allowed[4];
static guint n_allowed;

/* Warnings stay fatal, but through here: GLib's default handler aborts on
 * a fatal message before it asks g_test_log_set_fatal_handler()'s
 * function, so that function cannot let one pass. */
static void
on_log_cb (const char     *log_domain,
           GLogLevelFlags  log_level,
           const char     *message,
           gpointer        user_data)
{
  if (log_level & G_LOG_LEVEL_WARNING)
    for (guint i = 0; i < n_allowed; i++)
      if (g_strcmp0 (log_domain, allowed[i].domain) == 0 &&
          strstr (message, allowed[i].contains) != NULL)
        {
          g_atomic_int_inc (&allowed[i].count);
          return;
        }

  g_log_default_handler (log_domain, log_level, message, user_data);
  if (log_level & G_LOG_LEVEL_WARNING)
    g_error ("a warning no test asked for (see above)");
}

void
ld_test_allow_warning (const char *domain,
                       const char *contains)
{
  g_assert_cmpuint (n_allowed, <, G_N_ELEMENTS (allowed));
  allowed[n_allowed].domain = domain;
  allowed[n_allowed].contains = contains;
  n_allowed++;
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_default_handler (on_log_cb, NULL);
}

guint
ld_test_count_allowed_warnings (const char *domain)
{
  guint count = 0;

  for (guint i = 0; i < n_allowed; i++)
    if (g_str_equal (allowed[i].domain, domain))
      count += g_atomic_int_get (&allowed[i].count);
  return count;
}

void
ld_test_create_demo (const char *db_path)
{
  const char *demo[] = { "demo", "--bare", "--db", db_path, NULL };

  g_assert_cmpint (ld_test_run_server_command (demo, NULL, NULL), ==, 0);
}

LdTestServer *
ld_test_server_restart (const char *db_path,
                        const char *old_uri)
{
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%s", strrchr (old_uri, ':') + 1);
  const char *args[] = { "--listen", listen, NULL };

  return ld_test_server_spawn (db_path, args);
}

void
ld_test_tmpdir_setup (LdTestTmpdir  *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->tmpdir = g_dir_make_tmp ("labdesk-test-XXXXXX", &error);
  g_assert_no_error (error);
}

void
ld_test_tmpdir_teardown (LdTestTmpdir  *fx,
                         gconstpointer  data)
{
  ld_test_remove_tree (fx->tmpdir);
  g_free (fx->tmpdir);
}

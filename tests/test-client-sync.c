/* test-client-sync.c: the client's cache follows the server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the real server on loopback: a first sync of ten thousand
 * orders, then the changes since, must leave the cache equal to the
 * server record by record; and a change made by another client reaches
 * this one's cache through the events socket within 250 ms.
 */

#include "config.h"

#include "ld-test-client.h"

#define N_PATIENTS 500
#define N_ORDERS 10000
#define LIVE_BUDGET_MS 250
#define LIVE_ROUNDS 10

typedef struct
{
  LdTestServer *server;
  char         *data_dir;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->server = ld_test_server_new ();
  fx->data_dir = g_dir_make_tmp ("labdesk-client-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_remove_tree (fx->data_dir);
  g_free (fx->data_dir);
  ld_test_server_free (fx->server);
}

static LdTestClient *
new_client (Fixture    *fx,
            const char *username,
            const char *password,
            const char *name)
{
  g_autofree char *dir = g_build_filename (fx->data_dir, name, NULL);

  return ld_test_client_new (ld_test_server_get_uri (fx->server), username, password, dir);
}

/* Every record of the server's is in the cache, the same to the member. */
static void
assert_same (Fixture      *fx,
             LdTestClient *client,
             const char   *entity)
{
  g_autoptr(GHashTable) server = ld_test_server_records (fx->server, entity);
  g_autoptr(GHashTable) cache = ld_test_client_dump (client, entity);
  GHashTableIter iter;
  gpointer id, text;

  g_assert_cmpuint (g_hash_table_size (cache), ==, g_hash_table_size (server));
  g_hash_table_iter_init (&iter, server);
  while (g_hash_table_iter_next (&iter, &id, &text))
    {
      const char *cached = g_hash_table_lookup (cache, id);
      g_autoptr(JsonNode) want = NULL;
      g_autoptr(JsonNode) have = NULL;

      if (cached == NULL)
        g_error ("%s %s is not in the cache", entity, (char *) id);
      /* Both are json-glib's text of the same members in the same order;
       * only a difference is worth parsing. */
      if (g_str_equal (cached, text))
        continue;
      want = json_from_string (text, NULL);
      have = json_from_string (cached, NULL);
      if (!json_node_equal (want, have))
        g_error ("%s %s differs:\nserver %s\ncache  %s", entity, (char *) id, (char *) text,
                 cached);
    }
}

static void
test_first_sync_then_incremental (Fixture       *fx,
                                  gconstpointer  data)
{
  g_autoptr(LdTestClient) client = NULL;
  g_autofree char *desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autoptr(LdTestResponse) patient = NULL;
  g_autoptr(LdTestResponse) order = NULL;
  g_autoptr(LdTestResponse) paid = NULL;
  g_autoptr(LdTestResponse) updated = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  gint64 started;

  ld_test_seed (fx->server, N_PATIENTS, N_ORDERS);

  started = g_get_monotonic_time ();
  client = new_client (fx, "reception", LD_TEST_RECEPTION_PASSWORD, "desk");
  ld_test_client_wait_seq (client, ld_test_server_head (fx->server), 240000);
  g_test_message ("first sync of %d orders: %.1f s", N_ORDERS,
                  (g_get_monotonic_time () - started) / 1e6);
  assert_same (fx, client, "patient");

  /* Then the changes since: a registration, an update, an order, a payment. */
  patient = ld_test_send_json (fx->server, "POST", "/api/v1/patients", desk,
                               "{\"name\": \"Ishaan Verma\", \"sex\": \"male\", \"age_years\": 40}");
  ld_test_assert_status (patient, 201);
  path = g_strdup_printf ("/api/v1/patients/%s", ld_test_response_get_string (patient, "patient.id"));
  updated = ld_test_send_json (fx->server, "PATCH", path, desk,
                               "{\"version\": 1, \"phone\": \"+91 90000 11111\"}");
  ld_test_assert_status (updated, 200);
  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\"]}",
                          ld_test_response_get_string (patient, "patient.id"));
  order = ld_test_send_json (fx->server, "POST", "/api/v1/orders", desk, body);
  ld_test_assert_status (order, 201);
  g_free (path);
  path = g_strdup_printf ("/api/v1/orders/%s/payments", ld_test_response_get_string (order, "order.id"));
  paid = ld_test_send_json (fx->server, "POST", path, desk,
                            "{\"method\": \"cash\", \"tendered_paise\": 50000}");
  ld_test_assert_status (paid, 201);

  ld_test_client_wait_seq (client, ld_test_server_head (fx->server), 10000);
  assert_same (fx, client, "order");
  assert_same (fx, client, "patient");
}

typedef struct
{
  LdTestClient *client;
  const char   *id;
  gboolean      seen;
} Watch;

static void
on_changed_cb (LdCache      *cache,
               LdCacheBatch *batch,
               Watch        *watch)
{
  watch->seen = TRUE;
}

static gboolean
seen (gpointer data)
{
  return ((Watch *) data)->seen;
}

static void
test_live_change (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(LdTestClient) desk = new_client (fx, "reception", LD_TEST_RECEPTION_PASSWORD, "desk");
  g_autoptr(LdTestClient) doctor = new_client (fx, "doctor", LD_TEST_DOCTOR_PASSWORD, "doctor");
  double worst = 0;

  ld_test_client_wait_seq (desk, ld_test_server_head (fx->server), 30000);
  ld_test_client_wait_seq (doctor, ld_test_server_head (fx->server), 30000);

  for (guint round = 0; round < LIVE_ROUNDS; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *params = g_strdup_printf ("{\"name\": \"Live Patient %u\", \"sex\": \"other\","
                                                 " \"age_years\": 30}", round);
      g_autoptr(GHashTable) patients = NULL;
      Watch watch = { desk, NULL, FALSE };
      gulong id;
      gint64 started;
      double ms;

      /* The doctor registers a patient; the desk's cache hears of it. */
      id = g_signal_connect (desk->cache, "changed", G_CALLBACK (on_changed_cb), &watch);
      started = g_get_monotonic_time ();
      answer = ld_test_client_submit (doctor, "patient.register", params, &error);
      g_assert_no_error (error);
      ld_test_wait_until (seen, &watch, 5000, "the desk's cache to change");
      ms = (g_get_monotonic_time () - started) / 1000.0;
      g_signal_handler_disconnect (desk->cache, id);
      worst = MAX (worst, ms);

      patients = ld_test_client_dump (desk, "patient");
      g_assert_true (g_hash_table_contains (
        patients, json_object_get_string_member (json_node_get_object (answer), "id")));
    }

  g_test_message ("change to another client's cache: worst of %d, %.1f ms", LIVE_ROUNDS, worst);
  g_assert_cmpfloat (worst, <, LIVE_BUDGET_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();

  g_test_add ("/client/sync/first-sync-then-incremental", Fixture, NULL, fixture_setup,
              test_first_sync_then_incremental, fixture_teardown);
  g_test_add ("/client/sync/live-change-within-250ms", Fixture, NULL, fixture_setup,
              test_live_change, fixture_teardown);

  return g_test_run ();
}

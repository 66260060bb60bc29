/* test-client-sync.c: the client's cache follows the server
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the real server on loopback: a first sync of some thousands
 * of orders, many snapshot pages, then the changes since, must leave the cache equal to the
 * server record by record; a change made by another client reaches
 * this one's cache through the events socket (bench/bench-sync.c holds
 * the budget for how soon); a page that fails while the socket stays
 * open is asked for again; and a record the server cannot read does not
 * stop a new client's first sync.
 */

#include "config.h"

#include "ld-sqlite.h"
#include "ld-test-client.h"

#define N_PATIENTS 500
/* Enough for a first sync of several full pages (client/store/ld-sync.c
 * asks for 1000 records a page at most); how fast a big one goes is
 * bench/bench-sync.c's business (100000 orders), not a test's. */
#define N_ORDERS 3000
/* The snapshot pages a first sync of N_ORDERS orders reads at least. */
#define MIN_PAGES 3
#define LIVE_ROUNDS 10
/* A failure bound, not a budget: this many times a first sync of the
 * same fixture, measured in the same run. */
#define LIVE_MULTIPLE 20

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

static gint64
count_reads (Fixture    *fx,
             const char *detail)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_events"
                                          " WHERE action = 'change.read' AND detail LIKE '%s'",
                                          detail);

  return ld_test_server_query_int (fx->server, sql);
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
  g_assert_cmpint (count_reads (fx, "snapshot at %"), >=, MIN_PAGES);

  /* Then the changes since: a registration, an update, an order, a payment. */
  patient =
    ld_test_send_json (fx->server, "POST", "/api/v1/patients", desk,
                       "{\"name\": \"Ishaan Verma\", \"sex\": \"male\", \"age_years\": 40}");
  ld_test_assert_status (patient, 201);
  path =
    g_strdup_printf ("/api/v1/patients/%s", ld_test_response_get_string (patient, "patient.id"));
  updated = ld_test_send_json (fx->server, "PATCH", path, desk,
                               "{\"version\": 1, \"phone\": \"+91 90000 11111\"}");
  ld_test_assert_status (updated, 200);
  body = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"HB\"]}",
                          ld_test_response_get_string (patient, "patient.id"));
  order = ld_test_send_json (fx->server, "POST", "/api/v1/orders", desk, body);
  ld_test_assert_status (order, 201);
  g_free (path);
  path =
    g_strdup_printf ("/api/v1/orders/%s/payments", ld_test_response_get_string (order, "order.id"));
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
  gint64 first = g_get_monotonic_time ();
  g_autoptr(LdTestClient) desk = new_client (fx, "reception", LD_TEST_RECEPTION_PASSWORD, "desk");
  g_autoptr(LdTestClient) doctor = NULL;
  double worst = 0;
  guint limit_ms;

  ld_test_client_wait_seq (desk, ld_test_server_head (fx->server), 120000);
  limit_ms = MAX (LIVE_MULTIPLE * (g_get_monotonic_time () - first) / 1000, 10000);
  doctor = new_client (fx, "doctor", LD_TEST_DOCTOR_PASSWORD, "doctor");
  ld_test_client_wait_seq (doctor, ld_test_server_head (fx->server), 120000);

  for (guint round = 0; round < LIVE_ROUNDS; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *params =
        g_strdup_printf ("{\"name\": \"Live Patient %u\", \"sex\": \"other\","
                         " \"age_years\": 30}",
                         round);
      g_autoptr(GHashTable) patients = NULL;
      Watch watch = { desk, NULL, FALSE };
      gulong id;
      gint64 started;
      double ms;

      /* The doctor registers a patient; the desk's cache hears of it. */
      id = g_signal_connect (desk->cache, "changed", G_CALLBACK (on_changed_cb), &watch);
      started = g_get_monotonic_time ();
      answer = ld_test_client_submit (doctor, LD_OUTBOX_ACTION_PATIENT_REGISTER, params, &error);
      g_assert_no_error (error);
      ld_test_wait_until (seen, &watch, limit_ms, "the desk's cache to change");
      ms = (g_get_monotonic_time () - started) / 1000.0;
      g_signal_handler_disconnect (desk->cache, id);
      worst = MAX (worst, ms);

      patients = ld_test_client_dump (desk, "patient");
      g_assert_true (
        g_hash_table_contains (patients,
                               json_object_get_string_member (json_node_get_object (answer),
                                                              "id")));
    }

  g_test_message ("change to another client's cache: worst of %d, %.1f ms (bound %u ms)",
                  LIVE_ROUNDS, worst, limit_ms);
}

static gboolean
is_offline (gpointer data)
{
  return !ld_api_client_get_online (data);
}

/* The first patient's newest change again, with a new phone and version,
 * written straight into the feed. */
static const char changed_patient_sql[] =
  "INSERT INTO changes (entity, entity_id, visible_to, commit_id, record, at)"
  " SELECT entity, entity_id, visible_to, 99,"
  "        json_set (record, '$.phone', '+91 90000 22222',"
  "                  '$.version', json_extract (record, '$.version') + 1), at"
  " FROM changes WHERE entity = 'patient' AND json_valid (record) ORDER BY seq DESC LIMIT 1";

/* Returns the new patient's PATCH path. */
static char *
register_patient (Fixture    *fx,
                  const char *desk)
{
  g_autoptr(LdTestResponse) patient = NULL;

  patient =
    ld_test_send_json (fx->server, "POST", "/api/v1/patients", desk,
                       "{\"name\": \"Meera Nair\", \"sex\": \"female\", \"age_years\": 52}");
  ld_test_assert_status (patient, 201);
  return g_strdup_printf ("/api/v1/patients/%s",
                          ld_test_response_get_string (patient, "patient.id"));
}

static void
exec_sql (const char *db_path,
          const char *sql)
{
  gpointer lock = ld_test_hold_write_lock (db_path);
  g_autoptr(GError) error = NULL;

  ld_sqlite_exec (lock, sql, &error);
  g_assert_no_error (error);
  ld_test_release_write_lock (lock);
}

/* A page that fails while the events socket stays open (the server's
 * database was busy past its timeout: 503) is asked for again: the cache
 * catches up with no other change to wake it. */
static void
test_failed_page_retried (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(LdTestClient) desk = new_client (fx, "reception", LD_TEST_RECEPTION_PASSWORD, "desk");
  const char *db_path = ld_test_server_get_db_path (fx->server);
  g_autoptr(GHashTable) patients = NULL;
  g_autofree char *token = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *path = register_patient (fx, token);
  gpointer lock;
  gint64 head;

  ld_test_client_wait_seq (desk, ld_test_server_head (fx->server), 120000);
  g_assert_true (ld_api_client_get_online (desk->api));

  lock = ld_test_hold_write_lock (db_path);
  {
    g_autoptr(GError) error = NULL;

    ld_sqlite_exec (lock, changed_patient_sql, &error);
    g_assert_no_error (error);
    ld_sqlite_exec (lock, "COMMIT; BEGIN IMMEDIATE", &error);
    g_assert_no_error (error);
  }
  head = ld_test_server_head (fx->server);
  g_assert_cmpint (head, >, ld_cache_get_last_seq (desk->cache));
  ld_test_server_announce (fx->server);

  /* The page asked for now cannot be served. */
  ld_test_wait_until (is_offline, desk->api, 120000, "the page to fail");
  g_assert_cmpuint (ld_test_count_allowed_warnings ("ld-http"), >, 0);
  ld_test_release_write_lock (lock);

  ld_test_client_wait_seq (desk, head, 120000);
  patients = ld_test_client_dump (desk, "patient");
  {
    GHashTableIter iter;
    gpointer text;
    guint n_changed = 0;

    g_hash_table_iter_init (&iter, patients);
    while (g_hash_table_iter_next (&iter, NULL, &text))
      if (strstr (text, "+91 90000 22222") != NULL)
        n_changed++;
    g_assert_cmpuint (n_changed, ==, 1);
  }
}

/* A change whose stored record the server cannot read (an old database's
 * invalid UTF-8) does not stop a new client's first sync. */
static void
test_damaged_record_first_sync (Fixture       *fx,
                                gconstpointer  data)
{
  g_autofree char *token = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *path = register_patient (fx, token);
  g_autoptr(LdTestResponse) corrected = NULL;
  g_autoptr(LdTestClient) desk = NULL;

  exec_sql (ld_test_server_get_db_path (fx->server),
            "INSERT INTO changes (entity, entity_id, visible_to, commit_id, record, at)"
            " SELECT entity, entity_id, visible_to, 98,"
            "        CAST (X'7b226e616d65223a22506f69736f6e20ed' AS TEXT), at"
            " FROM changes WHERE entity = 'patient' ORDER BY seq DESC LIMIT 1");
  /* The damaged change is the record's newest, so the first sync's
   * snapshot serves it, flagged, and goes on. */
  desk = new_client (fx, "reception", LD_TEST_RECEPTION_PASSWORD, "desk");
  ld_test_client_wait_seq (desk, ld_test_server_head (fx->server), 120000);
  g_assert_cmpuint (ld_test_count_allowed_warnings ("ld-api-changes"), >, 0);

  /* Corrected afterwards, as a request writes it: the feed brings it. */
  corrected = ld_test_send_json (fx->server, "PATCH", path, token,
                                 "{\"version\": 1, \"phone\": \"+91 90000 33333\"}");
  ld_test_assert_status (corrected, 200);
  ld_test_client_wait_seq (desk, ld_test_server_head (fx->server), 120000);
  assert_same (fx, desk, "patient");
}


/* A first sync over a history reads the snapshot, not the feed from 0,
 * and then the feed from the snapshot's position, written meanwhile
 * included; the cache ends equal to the server. */
static void
test_first_sync_uses_snapshot (Fixture       *fx,
                               gconstpointer  data)
{
  g_autofree char *token = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *path = register_patient (fx, token);
  g_autoptr(LdTestClient) desk = NULL;
  gint64 history;

  ld_test_seed (fx->server, 50, 300);
  /* Every version of one patient is in the feed; one is the state. */
  for (guint version = 1; version <= 30; version++)
    {
      g_autofree char *body =
        g_strdup_printf ("{\"version\": %u, \"address\": \"%u Lake View\"}", version, version);
      g_autoptr(LdTestResponse) updated =
                   ld_test_send_json (fx->server, "PATCH", path, token, body);

      ld_test_assert_status (updated, 200);
    }
  history = ld_test_server_query_int (fx->server, "SELECT count(*) FROM changes");

  desk = new_client (fx, "reception", LD_TEST_RECEPTION_PASSWORD, "desk");
  ld_test_client_wait_seq (desk, ld_test_server_head (fx->server), 240000);
  assert_same (fx, desk, "patient");
  assert_same (fx, desk, "order");
  g_assert_cmpint (count_reads (fx, "snapshot at %"), >, 0);
  g_assert_cmpint (count_reads (fx, "since 0,%"), ==, 0);
  g_test_message ("%" G_GINT64_FORMAT " changes in the feed", history);

  /* Written after the snapshot: the feed brings it. */
  {
    g_autoptr(LdTestResponse) updated =
                 ld_test_send_json (fx->server, "PATCH", path, token,
                                    "{\"version\": 31, \"phone\": \"+91 90000 44444\"}");

    ld_test_assert_status (updated, 200);
  }
  ld_test_server_announce (fx->server);
  ld_test_client_wait_seq (desk, ld_test_server_head (fx->server), 120000);
  assert_same (fx, desk, "patient");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();
  ld_test_allow_warning ("ld-http", "The database is busy");
  ld_test_allow_warning ("ld-api-changes", "damaged record");

  g_test_add ("/client/sync/first-sync-then-incremental", Fixture, NULL, fixture_setup,
              test_first_sync_then_incremental, fixture_teardown);
  g_test_add ("/client/sync/live-change-reaches-other-cache", Fixture, NULL, fixture_setup,
              test_live_change, fixture_teardown);
  g_test_add ("/client/sync/failed-page-retried", Fixture, NULL, fixture_setup,
              test_failed_page_retried, fixture_teardown);
  g_test_add ("/client/sync/damaged-record-first-sync", Fixture, NULL, fixture_setup,
              test_damaged_record_first_sync, fixture_teardown);
  g_test_add ("/client/sync/first-sync-uses-snapshot", Fixture, NULL, fixture_setup,
              test_first_sync_uses_snapshot, fixture_teardown);

  return g_test_run ();
}

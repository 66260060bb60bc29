/* test-multi-process.c: three server processes on one PostgreSQL
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19's "several processes": a lab behind a load balancer runs the
 * same server several times over one database. Each test spawns three
 * real `labdesk-server serve` processes on one seeded database in one
 * PostgreSQL cluster (ld-test-pg.c), sharing the audit key and head files
 * as processes on one machine do, and sends its clients to all three.
 * Nothing waits a fixed time: every wait polls towards a deadline generous
 * enough for a busy two-core machine under the sanitizers.
 */

#include "config.h"

#include <libsoup/soup.h>

#include "ld-order-expiry.h"
#include "ld-test-orders.h"
#include "store/ld-store.h"

#define N_SERVERS 3
#define N_PAYERS 20
#define WRITES_PER_SERVER 12
/* A registration's other fields; many similar names, none a duplicate. */
#define NEW_PATIENT_FIELDS "\"sex\": \"male\", \"age_years\": 40, \"allow_duplicate\": true"
/* A deadline for what should take milliseconds, for a loaded machine. */
#define DEADLINE_US (30 * G_USEC_PER_SEC)

typedef struct
{
  /* The seeded database and its audit files; also a fourth writer, idle. */
  LdTestServer *seed;
  LdTestServer *servers[N_SERVERS];
  char         *config_path;
  char         *desk;
  char         *admin;
  char         *patient_id;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdTestResponse) patient = NULL;
  const char *tmpdir;
  g_autofree char *base = NULL;
  g_autofree char *config = NULL;

  fx->seed = ld_test_server_new ();
  tmpdir = ld_test_server_get_tmpdir (fx->seed);
  base = g_build_filename (tmpdir, "labdesk.db", NULL);
  /* Many sign-ins from one address in the lockout test. */
  config = g_strdup_printf ("[server]\n"
                            "audit-key=%s.audit-key\n"
                            "audit-head=%s.audit-head\n"
                            "sign-ins-per-minute=1000\n"
                            "payment-webhook-secret=" LD_TEST_WEBHOOK_SECRET "\n",
                            base, base);
  fx->config_path = g_build_filename (tmpdir, "server.conf", NULL);
  g_file_set_contents (fx->config_path, config, -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_SERVERS; i++)
    {
      const char * const args[] = { "--config", fx->config_path, NULL };
      g_autofree char *name = g_strdup_printf ("server-%u.log", i);
      g_autofree char *log = g_build_filename (tmpdir, name, NULL);

      fx->servers[i] =
        ld_test_server_spawn_logged (ld_test_server_get_db_path (fx->seed), args, log);
    }

  /* Sessions live in the database: a token from one server works on all. */
  fx->desk = ld_test_login (fx->servers[0], "reception", LD_TEST_RECEPTION_PASSWORD);
  fx->admin = ld_test_login (fx->servers[1], "admin", LD_TEST_ADMIN_PASSWORD);
  patient = ld_test_send_json (fx->servers[2], "POST", "/api/v1/patients", fx->desk,
                               "{\"name\": \"Asha Rao\", \"sex\": \"female\","
                               " \"date_of_birth\": \"1984-03-21\"}");
  ld_test_assert_status (patient, 201);
  fx->patient_id = g_strdup (ld_test_response_get_string (patient, "patient.id"));
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  /* Each must stop cleanly on SIGTERM (a killed one is already gone). */
  for (guint i = 0; i < N_SERVERS; i++)
    g_clear_pointer (&fx->servers[i], ld_test_server_free);
  g_clear_pointer (&fx->seed, ld_test_server_free);
  g_clear_pointer (&fx->config_path, g_free);
  g_clear_pointer (&fx->desk, g_free);
  g_clear_pointer (&fx->admin, g_free);
  g_clear_pointer (&fx->patient_id, g_free);
}

static gint64
query_int (Fixture    *fx,
           const char *sql)
{
  return ld_test_server_query_int (fx->seed, sql);
}

static char *
create_order (Fixture *fx,
              guint    server)
{
  g_autofree char *body =
    g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"CBC\"]}", fx->patient_id);
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (fx->servers[server], "POST", "/api/v1/orders", fx->desk, body);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "order.id"));
}

/* Threads that start together, each with a job; see run_together(). */
typedef struct
{
  Fixture   *fx;
  GMutex     lock;
  GCond      go;
  gboolean   started;
  const char *id;
  guint      n_ok;
  GPtrArray *made;
} Race;

typedef struct
{
  Race  *race;
  guint  index;
} Runner;

static void
wait_for_start (Race *race)
{
  g_mutex_lock (&race->lock);
  while (!race->started)
    g_cond_wait (&race->go, &race->lock);
  g_mutex_unlock (&race->lock);
}

static void
count_ok (Race *race)
{
  g_mutex_lock (&race->lock);
  race->n_ok++;
  g_mutex_unlock (&race->lock);
}

static void
race_start (Race *race)
{
  g_mutex_lock (&race->lock);
  race->started = TRUE;
  g_cond_broadcast (&race->go);
  g_mutex_unlock (&race->lock);
}

static void
run_together (Race        *race,
              guint        n,
              GThreadFunc  func)
{
  g_autofree GThread **threads = g_new0 (GThread *, n);
  g_autofree Runner *runners = g_new0 (Runner, n);

  for (guint i = 0; i < n; i++)
    {
      runners[i] = (Runner){ race, i };
      threads[i] = g_thread_new ("client", func, &runners[i]);
    }
  race_start (race);
  for (guint i = 0; i < n; i++)
    g_thread_join (threads[i]);
}

static void
race_init (Race    *race,
           Fixture *fx)
{
  *race = (Race){ .fx = fx };
  g_mutex_init (&race->lock);
  g_cond_init (&race->go);
  race->made = g_ptr_array_new_with_free_func (g_free);
}

static void
race_clear (Race *race)
{
  g_cond_clear (&race->go);
  g_mutex_clear (&race->lock);
  g_ptr_array_unref (race->made);
}

/* a) Twenty desks on three servers pay one order: one payment. */
static gpointer
pay_thread (gpointer data)
{
  Runner *runner = data;
  Race *race = runner->race;
  g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s/payments", race->id);
  g_autoptr(LdTestResponse) resp = NULL;

  wait_for_start (race);
  resp = ld_test_send_json (race->fx->servers[runner->index % N_SERVERS], "POST", path,
                            race->fx->desk, "{\"method\": \"cash\", \"tendered_paise\": 50000}");
  if (resp->status == 201)
    count_ok (race);
  else
    /* Refused as already paid; never a server error. */
    g_assert_cmpuint (resp->status / 100, ==, 4);
  return NULL;
}

static void
test_one_payment (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *order_id = create_order (fx, 0);
  g_autofree char *sql = NULL;
  Race race;

  race_init (&race, fx);
  race.id = order_id;
  run_together (&race, N_PAYERS, pay_thread);
  g_assert_cmpuint (race.n_ok, ==, 1);

  sql = g_strdup_printf ("SELECT count(*) FROM payments WHERE order_id = '%s'", order_id);
  g_assert_cmpint (query_int (fx, sql), ==, 1);
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s", order_id);
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->servers[i], path, fx->desk);

      ld_test_assert_status (resp, 200);
      g_assert_cmpstr (ld_test_response_get_string (resp, "order.payment_state"), ==, "paid");
    }
  race_clear (&race);
}

/* POST /api/v1/patients; a server that is gone answers 0. Returns the new
 * patient's id when it was acknowledged. */
static char *
try_register (LdTestServer *server,
              const char   *token,
              const char   *body)
{
  static GPrivate session_key = G_PRIVATE_INIT (g_object_unref);
  SoupSession *session = g_private_get (&session_key);
  g_autofree char *uri = g_strconcat (ld_test_server_get_uri (server), "/api/v1/patients", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);
  JsonObject *patient;

  if (session == NULL)
    {
      session = soup_session_new_with_options ("timeout", 60, NULL);
      g_private_set (&session_key, session);
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, NULL);
  if (answer == NULL || soup_message_get_status (msg) != 201)
    {
      g_test_message ("registration refused: %u %.*s", soup_message_get_status (msg),
                      answer != NULL ? (int) g_bytes_get_size (answer) : 0,
                      answer != NULL ? (const char *) g_bytes_get_data (answer, NULL) : "");
      return NULL;
    }

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                             g_bytes_get_size (answer), NULL));
  patient =
    json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "patient");
  return g_strdup (json_object_get_string_member (patient, "id"));
}

/* Registers patients through one server until @limit are made or one is
 * not acknowledged (its server was killed); keeps the acknowledged ids. */
static void
register_patients (Race  *race,
                   guint  writer,
                   guint  limit)
{
  LdTestServer *server = race->fx->servers[writer % N_SERVERS];

  for (guint i = 0; i < limit; i++)
    {
      g_autofree char *body =
        g_strdup_printf ("{\"name\": \"Writer %u Patient %u\", " NEW_PATIENT_FIELDS "}", writer, i);
      char *id = try_register (server, race->fx->desk, body);

      if (id == NULL)
        break;
      g_mutex_lock (&race->lock);
      g_ptr_array_add (race->made, id);
      g_mutex_unlock (&race->lock);
    }
  count_ok (race);
}

static gpointer
register_thread (gpointer data)
{
  Runner *runner = data;

  wait_for_start (runner->race);
  register_patients (runner->race, runner->index, WRITES_PER_SERVER);
  return NULL;
}

/* Writes to server 2 until it is killed. */
static gpointer
register_until_killed_thread (gpointer data)
{
  register_patients (data, 2, G_MAXUINT);
  return NULL;
}

static gpointer
run_writers_thread (gpointer data)
{
  run_together (data, N_SERVERS, register_thread);
  return NULL;
}

static gint64
get_last_seq (Fixture *fx)
{
  g_autoptr(LdTestResponse) resp =
               ld_test_get (fx->servers[0], "/api/v1/changes?since=0&limit=1", fx->admin);

  ld_test_assert_status (resp, 200);
  return ld_test_response_get_int (resp, "last_seq");
}

/* b) Writes through all three while a client of one follows the feed:
 * every change once, in commit order, and every acknowledged write in
 * it; the human numbers drawn meanwhile never repeat. */
static void
test_feed_follower (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 first_position = get_last_seq (fx);
  gint64 position = first_position;
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US * 4;
  gboolean caught_up = FALSE;
  GThread *writers;
  guint pages = 0;
  Race race;

  race_init (&race, fx);
  writers = g_thread_new ("writers", run_writers_thread, &race);
  while (!caught_up)
    {
      g_autofree char *path =
        g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=7", position);
      g_autoptr(LdTestResponse) resp = NULL;
      JsonArray *changes;
      gboolean writers_done;

      /* Before the read: a page read after the last write ends the test. */
      g_mutex_lock (&race.lock);
      writers_done = race.n_ok == N_SERVERS;
      g_mutex_unlock (&race.lock);
      resp = ld_test_get (fx->servers[0], path, fx->desk);
      ld_test_assert_status (resp, 200);
      changes = json_object_get_array_member (json_node_get_object (resp->json), "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject      *change = json_array_get_object_element (changes, i);
          gint64           seq = json_object_get_int_member (change, "seq");
          g_autofree char *key =
            g_strdup_printf ("%s/%s", json_object_get_string_member (change, "entity"),
                             json_object_get_string_member (change, "id"));

          /* Commit order: seqs only grow, so none is read twice. */
          g_assert_cmpint (seq, >, position);
          position = seq;
          g_assert_false (g_hash_table_contains (seen, key));
          g_hash_table_add (seen, g_steal_pointer (&key));
        }
      position = ld_test_response_get_int (resp, "next");
      caught_up = writers_done && position == ld_test_response_get_int (resp, "last_seq");
      pages++;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_thread_join (writers);

  g_assert_cmpuint (race.made->len, ==, N_SERVERS * WRITES_PER_SERVER);
  for (guint i = 0; i < race.made->len; i++)
    {
      g_autofree char *key = g_strconcat ("patient/", g_ptr_array_index (race.made, i), NULL);

      g_assert_true (g_hash_table_contains (seen, key));
    }
  g_assert_cmpint (g_hash_table_size (seen), ==, race.made->len);
  /* What the follower holds is what the database holds: no change of
   * the window was missed, acknowledged or not. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM changes WHERE seq > %"
                                            G_GINT64_FORMAT " AND seq <= %" G_GINT64_FORMAT,
                                            first_position, position);

    g_assert_cmpint (query_int (fx, sql), ==, g_hash_table_size (seen));
  }
  g_assert_cmpint (query_int (fx, "SELECT count(DISTINCT mrn) - count(*) FROM patients"), ==, 0);
  g_test_message ("read %u changes in %u pages while three servers wrote",
                  g_hash_table_size (seen), pages);
  race_clear (&race);
}

/* c) One server killed mid-writes: the others serve on, every
 * acknowledged write is there, and check passes. */
static void
test_killed_server (Fixture       *fx,
                    gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;
  g_autofree char *db = g_strdup (ld_test_server_get_db_path (fx->seed));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GThread *writer;
  Race race;
  int status;

  race_init (&race, fx);
  writer = g_thread_new ("writer", register_until_killed_thread, &race);
  for (;;)
    {
      guint made;

      g_mutex_lock (&race.lock);
      made = race.made->len;
      g_mutex_unlock (&race.lock);
      if (made >= 3)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 100);
    }
  ld_test_server_kill (fx->servers[2]);
  g_thread_join (writer);
  g_assert_cmpuint (race.made->len, >=, 3);

  /* Writes acknowledged before the kill are there; the other two serve. */
  for (guint i = 0; i < race.made->len; i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/api/v1/patients/%s", (char *) g_ptr_array_index (race.made, i));
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->servers[i % 2], path, fx->desk);

      ld_test_assert_status (resp, 200);
    }
  for (guint i = 0; i < 2; i++)
    g_free (create_order (fx, i));

  {
    const char * const args[] = { "check", "--db", db, "--config", fx->config_path, NULL };

    status = ld_test_run_server_command (args, &out, &err);
    g_test_message ("check: %s%s", out, err);
    g_assert_cmpint (status, ==, 0);
  }
  race_clear (&race);
}

/* d) A WebSocket client of one server hears of a change made through
 * another. */
static void
test_live_across_servers (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(LdTestListener) follower =
               ld_test_listen (ld_test_server_get_uri (fx->servers[1]), fx->admin);
  gint64      worst_us = 0;
  gint64      total_us = 0;
  const guint rounds = 5;

  for (guint i = 0; i < rounds; i++)
    {
      g_autofree char *body =
        g_strdup_printf ("{\"name\": \"Live %u\", " NEW_PATIENT_FIELDS "}", i);
      guint before = follower->n_pushes;
      g_autoptr(LdTestResponse) resp = NULL;
      gint64 sent_us = g_get_monotonic_time ();
      gint64 took_us;

      /* Made through server 0; the follower is server 1's. */
      resp = ld_test_send_json (fx->servers[0], "POST", "/api/v1/patients", fx->desk, body);
      ld_test_assert_status (resp, 201);
      g_assert_true (ld_test_listener_wait (follower, before));
      took_us = follower->last_push_us - sent_us;
      worst_us = MAX (worst_us, took_us);
      total_us += took_us;
    }
  g_assert_cmpint (follower->last_seq, ==, get_last_seq (fx));

  /* From sending the request to the other server's push: the request,
   * its commit, the NOTIFY and the push. */
  g_printerr ("# cross-server live change: mean %.1f ms, worst %.1f ms over %u changes\n",
              total_us / 1000.0 / rounds, worst_us / 1000.0, rounds);
  /* The issue asks for < 250 ms; the bound leaves room for a loaded
   * machine under the sanitizers, and the figure is printed above. */
  g_assert_cmpint (worst_us, <, 2 * G_USEC_PER_SEC);
}

/* e) Wrong passwords spread over the three lock the account as on one. */
static gpointer
wrong_password_thread (gpointer data)
{
  Runner *runner = data;
  Race *race = runner->race;
  g_autoptr(LdTestResponse) resp = NULL;

  wait_for_start (race);
  resp =
    ld_test_send_json (race->fx->servers[runner->index % N_SERVERS], "POST", "/api/v1/sessions",
                       NULL, "{\"username\": \"technician\", \"password\": \"wrong\"}");
  /* 401, or 429 for the one that locked the account. */
  g_assert_true (resp->status == 401 || resp->status == 429);
  if (resp->status == 429)
    count_ok (race);
  return NULL;
}

static void
test_lockout_across_servers (Fixture       *fx,
                             gconstpointer  data)
{
  gint64 max_failures = query_int (fx, "SELECT COALESCE ((SELECT CAST (value AS BIGINT)"
                                       " FROM settings WHERE key = 'login_max_failures'), 5)");
  Race race;

  race_init (&race, fx);
  run_together (&race, max_failures, wrong_password_thread);
  /* Every failure counted: the last one locked, once. */
  g_assert_cmpuint (race.n_ok, ==, 1);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM audit_events WHERE action = 'user.lock'"),
                   ==, 1);
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_autoptr(LdTestResponse) resp = ld_test_send_json (fx->servers[i], "POST",
                                                          "/api/v1/sessions", NULL,
                                                          "{\"username\": \"technician\","
                                                          " \"password\": \""
                                                          LD_TEST_TECHNICIAN_PASSWORD "\"}");

      ld_test_assert_error (resp, 429, "rate_limited");
    }
  race_clear (&race);
}

/* The /verify limit (30 lookups a minute per address) counts a client's
 * lookups on all three servers together, not 30 on each. */
static void
test_verify_limit_across_servers (Fixture       *fx,
                                  gconstpointer  data)
{
  guint refused_at = 0;

  for (guint i = 0; i < 3 * 30 && refused_at == 0; i++)
    {
      g_autoptr(LdTestResponse) resp =
                   ld_test_get (fx->servers[i % N_SERVERS], "/verify/ABCD-EFGH-JKLM", NULL);

      if (resp->status == 429)
        refused_at = i + 1;
    }
  g_assert_cmpuint (refused_at, ==, 31);
}

/* A write that PostgreSQL ends with a serialization failure is run again
 * by the server (ld_http_request_run_retried(), for every handler and for
 * sign-in's own transaction after its password check): refused twice, the
 * third try registers, or signs in; refused every time, the client is told
 * 503. A sequence counts the tries, since it is not rolled back with them. */
static void
test_retry_in_one_place (Fixture       *fx,
                         gconstpointer  data)
{
  static const char refuse[] =
    "CREATE OR REPLACE FUNCTION refuse_insert () RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN IF nextval ('refusals') <= %d THEN"
    "   RAISE EXCEPTION 'refused by the test' USING ERRCODE = 'serialization_failure';"
    " END IF; RETURN NEW; END $$";
  g_autofree char *twice = g_strdup_printf (refuse, 2);
  g_autofree char *always = g_strdup_printf (refuse, G_MAXINT);
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autoptr(LdTestResponse) resp = NULL;
  gint64 sessions;

  ld_test_sql_exec (fx->seed, "CREATE SEQUENCE refusals");
  ld_test_sql_exec (fx->seed, twice);
  ld_test_sql_exec (fx->seed, "CREATE TRIGGER refuse_insert BEFORE INSERT ON patients"
                              " FOR EACH ROW EXECUTE FUNCTION refuse_insert ()");

  id = try_register (fx->servers[0], fx->desk, "{\"name\": \"Third Try\", "
                                               NEW_PATIENT_FIELDS "}");
  g_assert_nonnull (id);
  g_assert_cmpint (query_int (fx, "SELECT last_value FROM refusals"), ==, 3);

  ld_test_sql_exec (fx->seed, always);
  resp = ld_test_send_json (fx->servers[1], "POST", "/api/v1/patients", fx->desk,
                            "{\"name\": \"Never\", " NEW_PATIENT_FIELDS "}");
  ld_test_assert_error (resp, 503, "unavailable");
  g_assert_cmpint (query_int (fx, "SELECT last_value FROM refusals"), ==, 6);

  ld_test_sql_exec (fx->seed, "DROP TRIGGER refuse_insert ON patients");
  ld_test_sql_exec (fx->seed, "ALTER SEQUENCE refusals RESTART");
  ld_test_sql_exec (fx->seed, twice);
  ld_test_sql_exec (fx->seed, "CREATE TRIGGER refuse_insert BEFORE INSERT ON sessions"
                              " FOR EACH ROW EXECUTE FUNCTION refuse_insert ()");
  sessions = query_int (fx, "SELECT count(*) FROM sessions");
  token = ld_test_login (fx->servers[2], "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_assert_nonnull (token);
  g_assert_cmpint (query_int (fx, "SELECT last_value FROM refusals"), ==, 3);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM sessions"), ==, sessions + 1);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM audit_events"
                                  " WHERE action = 'session.create' AND username = 'doctor'"),
                   ==, 1);

  ld_test_sql_exec (fx->seed, always);
  g_clear_pointer (&resp, ld_test_response_free);
  resp =
    ld_test_send_json (fx->servers[2], "POST", "/api/v1/sessions", NULL,
                       "{\"username\": \"doctor\", \"password\": \"" LD_TEST_DOCTOR_PASSWORD "\"}");
  ld_test_assert_error (resp, 503, "unavailable");
  g_assert_cmpint (query_int (fx, "SELECT last_value FROM refusals"), ==, 6);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM sessions"), ==, sessions + 1);
  /* Nothing of the refused tries was kept: no failure counted against the
   * account. */
  g_assert_cmpint (query_int (fx, "SELECT failed_logins FROM users WHERE username = 'doctor'"),
                   ==, 0);
}

/* e) The expiry sweep, run by every process's timer, expires each due
 * order once: one sweeper at a time. */
typedef struct
{
  const char *location;
  const char *key_path;
  const char *head_path;
  Race       *race;
  guint       expired;
} Sweeper;

static gpointer
sweep_thread (gpointer data)
{
  Sweeper *sweeper = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open_existing (sweeper->location, FALSE, &error);

  g_assert_no_error (error);
  g_assert_true (
    ld_store_load_audit_seal (store, sweeper->key_path, sweeper->head_path, FALSE, &error));
  wait_for_start (sweeper->race);
  g_assert_true (
    ld_order_expiry_sweep (store, g_get_real_time (), &sweeper->expired, NULL, &error));
  g_assert_no_error (error);
  return NULL;
}

static void
test_sweep_once (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *base =
    g_build_filename (ld_test_server_get_tmpdir (fx->seed), "labdesk.db", NULL);
  g_autofree char *key_path = g_strconcat (base, ".audit-key", NULL);
  g_autofree char *head_path = g_strconcat (base, ".audit-head", NULL);
  Sweeper sweepers[N_SERVERS];
  GThread *threads[N_SERVERS];
  guint total = 0;
  const guint n_orders = 6;
  Race race;

  for (guint i = 0; i < n_orders; i++)
    g_free (create_order (fx, i % N_SERVERS));
  ld_test_sql_exec (fx->seed, "UPDATE orders SET expires_us = 1");

  race_init (&race, fx);
  for (guint i = 0; i < N_SERVERS; i++)
    {
      sweepers[i] =
        (Sweeper){ ld_test_server_get_db_path (fx->seed), key_path, head_path, &race, 0 };
      threads[i] = g_thread_new ("sweeper", sweep_thread, &sweepers[i]);
    }
  race_start (&race);
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_thread_join (threads[i]);
      total += sweepers[i].expired;
    }

  g_assert_cmpuint (total, ==, n_orders);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM audit_events"
                                  " WHERE action = 'order.expire'"), ==, n_orders);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM orders WHERE lab_state = 'expired'"), ==,
                   n_orders);
  race_clear (&race);
}

int
main (int   argc,
      char *argv[])
{
  /* Every fixture database in one cluster this process starts. */
  g_setenv ("LABDESK_TEST_DB", "postgresql", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/multi-process" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/one-payment", test_one_payment);
  ADD ("/feed-follower", test_feed_follower);
  ADD ("/killed-server", test_killed_server);
  ADD ("/live-across-servers", test_live_across_servers);
  ADD ("/lockout", test_lockout_across_servers);
  ADD ("/verify-limit", test_verify_limit_across_servers);
  ADD ("/retry", test_retry_in_one_place);
  ADD ("/sweep-once", test_sweep_once);
#undef ADD

  return g_test_run ();
}

/* test-group-commit.c: writes that arrive together share a sync of the
 * log, each answered only once it is on disk, each failing alone
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On SQLite the server commits without syncing the log and a thread of
 * its own syncs it (server/store/ld-store-syncer.c). Read through
 * /metrics and the database: an answered write is durable when answered;
 * desks registering at once, some of them refused inside their
 * transaction, leave every accepted patient and none of the refused.
 * That nothing answered is lost to a kill is test-durability's.
 */

#include "config.h"

#include "ld-test-http.h"

#define N_DESKS 12
#define REGISTRATIONS_PER_DESK 6

typedef struct
{
  LdTestServer *server;
  char         *desk;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->server = ld_test_server_new ();
  /* Group commit is SQLite's: PostgreSQL's commit is durable when it
   * returns. The test is in the SQLite suite only. */
  g_assert_false (ld_test_server_is_postgresql (fx->server));
  fx->desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_free (fx->desk);
  ld_test_server_free (fx->server);
}

/* A counter from /metrics; fails the test when it is missing. */
static guint64
read_counter (LdTestServer *server,
              const char   *name)
{
  g_autoptr(LdTestResponse) resp = ld_test_get (server, "/metrics", NULL);
  g_autofree char *prefix = g_strconcat ("\n", name, " ", NULL);
  const char *line;

  ld_test_assert_status (resp, 200);
  line = strstr (resp->body, prefix);
  if (line == NULL)
    g_error ("/metrics has no %s:\n%s", name, resp->body);
  return g_ascii_strtoull (line + strlen (prefix), NULL, 10);
}

static char *
registration (const char *name,
              guint       desk,
              gboolean    allow_duplicate)
{
  return g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\", \"age_years\": %u,"
                          " \"phone\": \"+91 98450 2%04u\"%s}",
                          name, 20 + desk, desk,
                          allow_duplicate ? ", \"allow_duplicate\": true" : "");
}

/* Each answered write was on disk before its answer: the durable count
 * the server shows after it covers the commit it made. */
static void
test_answered_after_sync (Fixture       *fx,
                          gconstpointer  data)
{
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Meera Pillai %u", i);
      g_autofree char *body = registration (name, i, TRUE);
      g_autoptr(LdTestResponse) resp = NULL;
      guint64 before = read_counter (fx->server, "labdesk_log_commits_total");

      resp = ld_test_send_json (fx->server, "POST", "/api/v1/patients", fx->desk, body);
      ld_test_assert_status (resp, 201);
      g_assert_cmpuint (read_counter (fx->server, "labdesk_log_commits_durable_total"), >,
                        before);
    }
  g_assert_cmpuint (read_counter (fx->server, "labdesk_log_syncs_total"), >=, 1);
  /* The log's length as documented; 20 writes are far from a restart. */
  g_assert_cmpuint (read_counter (fx->server, "labdesk_log_frames"), >, 0);
  g_assert_cmpuint (read_counter (fx->server, "labdesk_log_restarts_total"), ==, 0);
}

typedef struct
{
  Fixture    *fx;
  guint       index;
  GMutex     *lock;
  GCond      *go;
  gboolean   *started;
  guint       n_created;
  guint       n_refused;
} Desk;

/* Registers patients, and each again without allow_duplicate: the second
 * is refused inside its transaction, among the others' commits. */
static gpointer
desk_thread (gpointer data)
{
  Desk *desk = data;

  g_mutex_lock (desk->lock);
  while (!*desk->started)
    g_cond_wait (desk->go, desk->lock);
  g_mutex_unlock (desk->lock);

  for (guint i = 0; i < REGISTRATIONS_PER_DESK; i++)
    {
      guint n = desk->index * REGISTRATIONS_PER_DESK + i;
      g_autofree char *name = g_strdup_printf ("Kavya Desk %u", n);
      g_autofree char *first = registration (name, n, TRUE);
      g_autofree char *again = registration (name, n, FALSE);
      g_autoptr(LdTestResponse) created = NULL;
      g_autoptr(LdTestResponse) refused = NULL;

      created =
        ld_test_send_json (desk->fx->server, "POST", "/api/v1/patients", desk->fx->desk, first);
      if (created->status != 201)
        g_error ("desk %u: %u %s", desk->index, created->status, created->body);
      desk->n_created++;
      refused =
        ld_test_send_json (desk->fx->server, "POST", "/api/v1/patients", desk->fx->desk, again);
      if (refused->status != 409)
        g_error ("desk %u, again: %u %s", desk->index, refused->status, refused->body);
      desk->n_refused++;
    }
  return NULL;
}

static void
test_a_refused_request_leaves_the_others (Fixture       *fx,
                                          gconstpointer  data)
{
  GThread *threads[N_DESKS];
  Desk desks[N_DESKS];
  GMutex lock;
  GCond go;
  gboolean started = FALSE;
  gint64 deadline;

  g_mutex_init (&lock);
  g_cond_init (&go);
  for (guint i = 0; i < N_DESKS; i++)
    {
      desks[i] = (Desk){ .fx = fx, .index = i, .lock = &lock, .go = &go, .started = &started };
      threads[i] = g_thread_new ("desk", desk_thread, &desks[i]);
    }
  g_mutex_lock (&lock);
  started = TRUE;
  g_cond_broadcast (&go);
  g_mutex_unlock (&lock);
  for (guint i = 0; i < N_DESKS; i++)
    g_thread_join (threads[i]);
  g_mutex_clear (&lock);
  g_cond_clear (&go);

  /* Every accepted patient once, none of the refused twice. */
  for (guint i = 0; i < N_DESKS; i++)
    g_assert_cmpuint (desks[i].n_created, ==, REGISTRATIONS_PER_DESK);
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(*) FROM patients"
                                             " WHERE name LIKE 'Kavya Desk %'"),
                   ==, N_DESKS * REGISTRATIONS_PER_DESK);
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(DISTINCT name) FROM patients"
                                             " WHERE name LIKE 'Kavya Desk %'"),
                   ==, N_DESKS * REGISTRATIONS_PER_DESK);
  g_assert_cmpint (ld_test_server_query_int (fx->server,
                                             "SELECT count(*) FROM audit_events"
                                             " WHERE action = 'patient.create'"
                                             "   AND entity_id IN (SELECT id FROM patients"
                                             "     WHERE name LIKE 'Kavya Desk %')"),
                   ==, N_DESKS * REGISTRATIONS_PER_DESK);

  /* Syncs ran, never more than the commits, and all is durable once the
   * writes stop (a read's audit batch may still be on its way). */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (read_counter (fx->server, "labdesk_log_commits_durable_total") <
           read_counter (fx->server, "labdesk_log_commits_total") &&
         g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);
  /* Requests run together share a commit (ld-store-batch.c): fewer
   * commits than requests, how many fewer is the load's to say. */
  g_assert_cmpuint (read_counter (fx->server, "labdesk_log_commits_durable_total"), ==,
                    read_counter (fx->server, "labdesk_log_commits_total"));
  g_assert_cmpuint (read_counter (fx->server, "labdesk_log_commits_total"), >=, 1);
  g_assert_cmpuint (read_counter (fx->server, "labdesk_log_syncs_total"), >=, 1);
  g_assert_cmpuint (read_counter (fx->server, "labdesk_log_syncs_total"), <=,
                    read_counter (fx->server, "labdesk_log_commits_total"));
  g_test_message ("%" G_GUINT64_FORMAT " commits shared %" G_GUINT64_FORMAT " syncs",
                  read_counter (fx->server, "labdesk_log_commits_total"),
                  read_counter (fx->server, "labdesk_log_syncs_total"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/group-commit/answered-after-sync", Fixture, NULL, fixture_setup,
              test_answered_after_sync, fixture_teardown);
  g_test_add ("/server/group-commit/a-refused-request-leaves-the-others", Fixture, NULL,
              fixture_setup, test_a_refused_request_leaves_the_others, fixture_teardown);

  return g_test_run ();
}

/* test-idempotency-race.c: one request sent thirty times at once, on two servers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 35, item 3: desks that repeat a registration with the same
 * Idempotency-Key while the first is still running, on two server
 * processes over one PostgreSQL database. The repeats that ran beside the
 * first cannot see its answer until it commits; they used to fail on
 * keeping their own answer after writing it, and the error went after
 * the rolled-back 201 in one body. Now: one patient, and every answer is
 * one JSON document, the first's 201 (replayed) or a single error.
 */

#include "config.h"

#include "ld-test-http.h"

#define N_SERVERS 3
#define N_DESKS 30
/* Rounds of the race, each with its own key and patient: the window in
 * which two servers both miss the other's answer is short. */
#define N_ROUNDS 5
/* Not a likely duplicate of the rounds before (another name each time),
 * and allowed to be one: each repeat that runs beside the first gets as
 * far as keeping its answer. */
#define BODY_FORMAT                                                       \
  "{\"name\": \"Ishaan Verma %u\", \"sex\": \"male\", \"age_years\": 52," \
  " \"allow_duplicate\": true}"

typedef struct
{
  LdTestServer *seed;
  LdTestServer *servers[N_SERVERS];
  char         *desk;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->seed = ld_test_server_new ();
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_autofree char *log = g_strdup_printf ("server-%u.log", i);

      fx->servers[i] = ld_test_server_spawn_beside (fx->seed, NULL, log);
    }
  fx->desk = ld_test_login (fx->servers[0], "reception", LD_TEST_RECEPTION_PASSWORD);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  for (guint i = 0; i < N_SERVERS; i++)
    g_clear_pointer (&fx->servers[i], ld_test_server_free);
  g_clear_pointer (&fx->seed, ld_test_server_free);
  g_clear_pointer (&fx->desk, g_free);
}

typedef struct
{
  Fixture        *fx;
  GMutex          lock;
  GCond           go;
  gboolean        started;
  const char     *key;
  const char     *body;
  LdTestResponse *answers[N_DESKS];
} Race;

typedef struct
{
  Race  *race;
  guint  index;
} Desk;

static gpointer
desk_thread (gpointer data)
{
  Desk *desk = data;
  Race *race = desk->race;
  const char * const headers[] = { "Idempotency-Key", race->key, NULL };

  g_mutex_lock (&race->lock);
  while (!race->started)
    g_cond_wait (&race->go, &race->lock);
  g_mutex_unlock (&race->lock);

  race->answers[desk->index] =
    ld_test_request_with_headers (race->fx->servers[desk->index % N_SERVERS], "POST",
                                  "/api/v1/patients", race->fx->desk, "application/json",
                                  race->body, -1, headers);
  return NULL;
}

/* Where the first JSON value of @text ends (strings skipped). */
static gsize
first_value_end (const char *text)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; text[i] != '\0'; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\' && text[i + 1] != '\0')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && --depth == 0)
        return i + 1;
    }
  return strlen (text);
}

static void
assert_one_document (LdTestResponse *resp)
{
  const char *rest = resp->body + first_value_end (resp->body);

  while (g_ascii_isspace (*rest))
    rest++;
  if (*rest != '\0' || resp->json == NULL)
    g_error ("an answer that is not one JSON document (%u): %s", resp->status, resp->body);
}

/* Thirty desks send one registration at once, spread over the servers;
 * returns how many answers were replayed. */
static guint
race_once (Fixture *fx,
           guint    round)
{
  g_autofree GThread **threads = g_new0 (GThread *, N_DESKS);
  g_autofree Desk *desks = g_new0 (Desk, N_DESKS);
  g_autofree char *key = g_strdup_printf ("race-%u-3f9a2c1e-8d4b-4c6f-a1e2-7b5d9c0f3e21", round);
  g_autofree char *body = g_strdup_printf (BODY_FORMAT, round);
  g_autofree char *name = g_strdup_printf ("Ishaan Verma %u", round);
  g_autofree char *sql = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *mrn = NULL;
  g_autofree char *path = NULL;
  Race race = { .fx = fx, .key = key, .body = body };
  guint n_replayed = 0;

  g_mutex_init (&race.lock);
  g_cond_init (&race.go);
  for (guint i = 0; i < N_DESKS; i++)
    {
      desks[i] = (Desk){ &race, i };
      threads[i] = g_thread_new ("desk", desk_thread, &desks[i]);
    }
  g_mutex_lock (&race.lock);
  race.started = TRUE;
  g_cond_broadcast (&race.go);
  g_mutex_unlock (&race.lock);
  for (guint i = 0; i < N_DESKS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_DESKS; i++)
    {
      LdTestResponse *resp = race.answers[i];
      const char *id;

      assert_one_document (resp);
      /* The one answer of this request is the first's: its repeats, even
       * those that ran beside it, are given it again. */
      if (resp->status != 201)
        g_error ("round %u, desk %u: %u, not the first answer: %s", round, i, resp->status,
                 resp->body);
      id = ld_test_response_get_string (resp, "patient.id");
      if (patient_id == NULL)
        {
          patient_id = g_strdup (id);
          mrn = g_strdup (ld_test_response_get_string (resp, "patient.mrn"));
        }
      g_assert_cmpstr (id, ==, patient_id);
      g_assert_cmpstr (ld_test_response_get_string (resp, "patient.mrn"), ==, mrn);
      if (g_strcmp0 (soup_message_headers_get_one (resp->headers, "Idempotent-Replayed"), "true") ==
          0)
        n_replayed++;
    }
  g_assert_cmpuint (n_replayed, ==, N_DESKS - 1);

  /* One effect: one patient, which every server shows. */
  sql = g_strdup_printf ("SELECT count(*) FROM patients WHERE name = '%s'", name);
  g_assert_cmpint (ld_test_server_query_int (fx->seed, sql), ==, 1);
  path = g_strdup_printf ("/api/v1/patients/%s", patient_id);
  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_autoptr(LdTestResponse) got = ld_test_get (fx->servers[i], path, fx->desk);

      ld_test_assert_status (got, 200);
      g_assert_cmpstr (ld_test_response_get_string (got, "patient.mrn"), ==, mrn);
    }

  for (guint i = 0; i < N_DESKS; i++)
    ld_test_response_free (race.answers[i]);
  g_cond_clear (&race.go);
  g_mutex_clear (&race.lock);
  return n_replayed;
}

static void
test_thirty_repeats (Fixture       *fx,
                     gconstpointer  data)
{
  for (guint round = 0; round < N_ROUNDS; round++)
    race_once (fx, round);
}

int
main (int   argc,
      char *argv[])
{
  /* Both servers on one database in a cluster this process starts. */
  g_setenv ("LABDESK_TEST_DB", "postgresql", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/idempotency-race/thirty-repeats", Fixture, NULL, fixture_setup,
              test_thirty_repeats, fixture_teardown);

  return g_test_run ();
}

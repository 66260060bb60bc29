/* test-api-audit-admin.c: the audit log's filters and the chain's check,
 * over HTTP, for the administrator's screen
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ld-test-http.h"
#include "ld-test-orders.h"
#include "ld-server.h"
#include "store/ld-store.h"

/* A check takes seconds at most here; this only stops a hang. */
#define CHECK_GUARD_US (300 * G_USEC_PER_SEC)

static GPtrArray *
sql_seqs (LdTestServer *server,
          const char   *sql,
          const char   *param,
          const char   *param2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_server_open_db (server);
  GPtrArray *seqs = g_ptr_array_new_with_free_func (g_free);
  LdDbStmt *stmt;
  LdDbStep step;

  stmt = ld_db_prepare_cached (db, sql, &error);
  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, param);
  ld_db_bind_text (stmt, 2, param2);
  while ((step = ld_db_step (stmt, &error)) == LD_DB_ROW)
    g_ptr_array_add (seqs, ld_db_column_dup_text (stmt, 0));
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, LD_DB_DONE);
  return seqs;
}

/* Every page of GET /api/v1/audit?@query, @limit at a time, as
 * "seq,seq,…". */
static char *
list_all (LdTestFixture *fx,
          const char    *query,
          guint          limit)
{
  g_autoptr(GString) seqs = g_string_new (NULL);
  g_autofree char *before = NULL;

  for (guint page = 0; page < 1000; page++)
    {
      g_autofree char *path =
        g_strdup_printf ("/api/v1/audit?%s%slimit=%u%s%s", query, *query ? "&" : "", limit,
                         before ? "&before=" : "", before ? before : "");
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, path, fx->admin);
      JsonObject *body;
      JsonArray *items;

      ld_test_assert_status (resp, 200);
      body = ld_test_response_object (resp);
      items = json_object_get_array_member (body, "items");
      g_assert_cmpuint (json_array_get_length (items), <=, limit);
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_string_append_printf (seqs, "%s%" G_GINT64_FORMAT, seqs->len ? "," : "",
                                json_object_get_int_member (json_array_get_object_element (items,
                                                                                           i),
                                                            "seq"));
      if (json_object_get_null_member (body, "next"))
        return g_strdup (seqs->str);
      g_free (before);
      before = g_strdup (json_object_get_string_member (body, "next"));
    }
  g_assert_not_reached ();
}

static char *
join_seqs (GPtrArray *seqs)
{
  g_ptr_array_add (seqs, NULL);
  return g_strjoinv (",", (GStrv) seqs->pdata);
}

#define SEQS "SELECT seq FROM audit_events WHERE "
#define DESC " ORDER BY seq DESC"

/* The oracle: the same filter as plain SQL over the whole table. */
static void
assert_filter (LdTestFixture *fx,
               const char    *query,
               const char    *sql,
               const char    *param,
               const char    *param2)
{
  g_autoptr(GPtrArray) expected = sql_seqs (fx->server, sql, param, param2);
  g_autofree char *expected_text = join_seqs (expected);
  g_autofree char *one_page = list_all (fx, query, 500);
  g_autofree char *pages = list_all (fx, query, 2);

  g_assert_cmpstr (one_page, ==, expected_text);
  g_assert_cmpstr (pages, ==, expected_text);
}

static char *
create_patient (LdTestFixture *fx,
                const char    *token,
                const char    *name)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"sex\": \"female\","
                                           " \"age_years\": 30}", name);
  g_autoptr(LdTestResponse) resp = ld_test_send_json (fx->server, "POST", "/api/v1/patients",
                                                      token, body);

  ld_test_assert_status (resp, 201);
  return g_strdup (ld_test_response_get_string (resp, "patient.id"));
}

static void
test_filters (LdTestFixture *fx,
              gconstpointer  data)
{
  g_autofree char *desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autofree char *doctor = ld_test_login (fx->server, "doctor", LD_TEST_DOCTOR_PASSWORD);
  g_autofree char *first = create_patient (fx, desk, "Anita Desai");
  g_autofree char *second = create_patient (fx, desk, "Bela Sen");
  g_autofree char *third = create_patient (fx, doctor, "Chitra Nair");
  g_autofree char *desk_id = NULL;
  g_autofree char *by_user = NULL;
  g_autofree char *by_user_action = NULL;
  g_autofree char *by_id = NULL;
  g_autofree char *read_path = g_strdup_printf ("/api/v1/patients/%s", first);
  g_autoptr(LdTestResponse) read = ld_test_get (fx->server, read_path, doctor);
  g_autoptr(LdTestResponse) created = NULL;
  JsonArray *items;

  ld_test_assert_status (read, 200);
  {
    g_autoptr(LdTestResponse) me = ld_test_get (fx->server, "/api/v1/sessions/current", desk);

    desk_id = g_strdup (ld_test_response_get_string (me, "user.id"));
  }

  /* Known by construction: three patients made, by two users. */
  created = ld_test_get (fx->server, "/api/v1/audit?action=patient.create", fx->admin);
  ld_test_assert_status (created, 200);
  items = json_object_get_array_member (ld_test_response_object (created), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0),
                                                  "entity_id"), ==, third);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1),
                                                  "entity_id"), ==, second);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 2),
                                                  "entity_id"), ==, first);

  by_user = g_strdup_printf ("user=%s", desk_id);
  by_user_action = g_strdup_printf ("user=%s&action=patient.create", desk_id);
  by_id = g_strdup_printf ("entity=patient&entity_id=%s", first);
  assert_filter (fx, "", SEQS "1 = 1" DESC, NULL, NULL);
  assert_filter (fx, by_user, SEQS "user_id = ?1" DESC, desk_id, NULL);
  assert_filter (fx, "action=patient.create", SEQS "action = ?1" DESC, "patient.create", NULL);
  assert_filter (fx, "action=session.create", SEQS "action = ?1" DESC, "session.create", NULL);
  assert_filter (fx, "action=no.such", SEQS "action = ?1" DESC, "no.such", NULL);
  assert_filter (fx, "entity=patient", SEQS "entity = ?1" DESC, "patient", NULL);
  assert_filter (fx, by_id, SEQS "entity = 'patient' AND entity_id = ?1" DESC, first, NULL);
  assert_filter (fx, by_user_action, SEQS "action = 'patient.create' AND user_id = ?1" DESC,
                 desk_id, NULL);

  /* A period: from the second patient's creation to the read, excluded. */
  {
    g_autoptr(GPtrArray) since = sql_seqs (fx->server,
      "SELECT at FROM audit_events WHERE action = ?1 ORDER BY seq LIMIT 1 OFFSET 1",
      "patient.create", NULL);
    g_autoptr(GPtrArray) until = sql_seqs (fx->server,
      "SELECT at FROM audit_events WHERE action = ?1 ORDER BY seq LIMIT 1", "patient.read", NULL);
    g_autofree char *period = NULL;

    g_assert_cmpuint (since->len, ==, 1);
    g_assert_cmpuint (until->len, ==, 1);
    period =
      g_strdup_printf ("since=%s&until=%s", (char *) since->pdata[0], (char *) until->pdata[0]);
    assert_filter (fx, period, SEQS "at >= ?1 AND at < ?2" DESC, since->pdata[0], until->pdata[0]);
    g_free (period);
    period = g_strdup_printf ("since=%s", (char *) since->pdata[0]);
    assert_filter (fx, period, SEQS "at >= ?1" DESC, since->pdata[0], NULL);
    g_free (period);
    period = g_strdup_printf ("until=%s&action=patient.create", (char *) until->pdata[0]);
    assert_filter (fx, period, SEQS "at < ?1 AND action = ?2" DESC, until->pdata[0],
                   "patient.create");
  }
}

typedef struct
{
  char   *id;
  char   *state;
  gint64  checked;
  gint64  broken_seq;
  char   *problem;
} Check;

static void
check_clear (Check *check)
{
  g_clear_pointer (&check->id, g_free);
  g_clear_pointer (&check->state, g_free);
  g_clear_pointer (&check->problem, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Check, check_clear)

static void
read_check (LdTestResponse *resp,
            Check          *check)
{
  JsonObject *body = ld_test_response_object (resp);

  check_clear (check);
  check->id = g_strdup (json_object_get_string_member (body, "id"));
  check->state = g_strdup (json_object_get_string_member (body, "state"));
  check->checked = json_object_get_int_member (body, "events_checked");
  g_assert_nonnull (json_object_get_string_member (body, "started_at"));
  if (json_object_get_null_member (body, "broken"))
    check->broken_seq = -1;
  else
    {
      JsonObject *broken = json_object_get_object_member (body, "broken");

      check->broken_seq = json_object_get_null_member (broken, "seq")
                            ? 0
                            : json_object_get_int_member (broken, "seq");
      check->problem = g_strdup (json_object_get_string_member (broken, "problem"));
      g_assert_nonnull (json_object_get_string_member (broken, "message"));
    }
}

static void
start_check (LdTestFixture *fx,
             Check         *check)
{
  g_autoptr(LdTestResponse) resp =
               ld_test_send_json (fx->server, "POST", "/api/v1/audit/check", fx->admin, "{}");

  ld_test_assert_status (resp, 202);
  read_check (resp, check);
}

/* Asks until the check is no longer running. */
static void
wait_check (LdTestFixture *fx,
            Check         *check)
{
  gint64 guard = g_get_monotonic_time () + CHECK_GUARD_US;
  g_autofree char *id = g_strdup (check->id);

  while (g_str_equal (check->state, "running"))
    {
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, "/api/v1/audit/check", fx->admin);

      ld_test_assert_status (resp, 200);
      read_check (resp, check);
      g_assert_cmpstr (check->id, ==, id);
      g_assert_cmpint (g_get_monotonic_time (), <, guard);
      if (g_str_equal (check->state, "running"))
        g_usleep (G_USEC_PER_SEC / 50);
    }
}

static void
test_check_passes (LdTestFixture *fx,
                   gconstpointer  data)
{
  g_auto(Check) check = { NULL };
  gint64 before = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");
  gint64 after;

  start_check (fx, &check);
  g_assert_true (g_str_equal (check.state, "running") || g_str_equal (check.state, "passed"));
  wait_check (fx, &check);
  after = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");

  g_assert_cmpstr (check.state, ==, "passed");
  g_assert_cmpint (check.broken_seq, ==, -1);
  /* Its own event may be committed before the walk starts or after. */
  g_assert_cmpint (check.checked, >=, before);
  g_assert_cmpint (check.checked, <=, after);
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"
                                                         " WHERE action = 'audit.check'"),
                   ==, 1);
}

static void
test_check_finds_broken_link (LdTestFixture *fx,
                              gconstpointer  data)
{
  g_auto(Check) check = { NULL };

  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"), >,
                   3);
  ld_test_sql_exec (fx->server, "UPDATE audit_events SET detail = 'nothing to see' WHERE seq = 3");

  start_check (fx, &check);
  wait_check (fx, &check);
  g_assert_cmpstr (check.state, ==, "failed");
  g_assert_cmpint (check.broken_seq, ==, 3);
  g_assert_cmpstr (check.problem, ==, "mac_mismatch");
}

/* A long chain (events written straight into the file, unlinked), so the
 * first check is still walking when the second request comes. */
static void
test_one_check_at_a_time (LdTestFixture *fx,
                          gconstpointer  data)
{
  g_auto(Check) first = { NULL };
  g_auto(Check) second = { NULL };
  gint64 fake_from =
    ld_test_server_query_int (fx->server, "SELECT max (seq) FROM audit_events") + 1;
  gint64 n_events;

  ld_test_sql_exec (
    fx->server, "INSERT INTO audit_events (seq, at, action, entity, prev_hash, hash, keyed)"
                " WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49999)"
                " SELECT (SELECT max (seq) FROM audit_events) + 1 + i, '2026-01-01T00:00:00.000Z',"
                "        'bench.write', 'bench', 'x', 'y', 1 FROM n");

  start_check (fx, &first);
  start_check (fx, &second);
  g_assert_cmpstr (first.state, ==, "running");
  g_assert_cmpstr (second.id, ==, first.id);
  g_assert_cmpstr (second.state, ==, "running");

  wait_check (fx, &first);
  g_assert_cmpstr (first.state, ==, "failed");
  g_assert_cmpint (first.broken_seq, ==, fake_from);
  g_assert_cmpstr (first.problem, ==, "broken_link");
  /* The walk went through every event in the file, but perhaps the
   * check's own: the request's group commit may write it before the walk
   * starts or after (CI of 35fa359 saw after). */
  n_events = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");
  if (first.checked == n_events - 1)
    g_assert_cmpint (ld_test_server_query_int (fx->server,
                                               "SELECT count(*) FROM audit_events"
                                               " WHERE seq = (SELECT max (seq) FROM audit_events)"
                                               "   AND action = 'audit.check'"),
                     ==, 1);
  else
    g_assert_cmpint (first.checked, ==, n_events);
  /* One started, one audited. */
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"
                                                         " WHERE action = 'audit.check'"),
                   ==, 1);
}

/* Others keep writing while the check walks a long good chain: their
 * events move the sealed head past where the walk's read began, and the
 * check still passes. */
static void
test_check_while_others_write (LdTestFixture *fx,
                               gconstpointer  data)
{
  g_autofree char *desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_auto(Check) check = { NULL };
  gint64 guard = g_get_monotonic_time () + CHECK_GUARD_US;
  guint n_written = 0;

  ld_test_server_append_audit_events (fx->server, 60000);
  start_check (fx, &check);
  while (g_str_equal (check.state, "running"))
    {
      g_autofree char *name = g_strdup_printf ("Writer Number %u", n_written++);
      g_autofree char *patient_id = create_patient (fx, desk, name);
      g_autoptr(LdTestResponse) resp = ld_test_get (fx->server, "/api/v1/audit/check", fx->admin);

      ld_test_assert_status (resp, 200);
      read_check (resp, &check);
      g_assert_cmpint (g_get_monotonic_time (), <, guard);
    }

  g_assert_cmpuint (n_written, >=, 2);
  g_assert_cmpstr (check.state, ==, "passed");
  g_assert_cmpint (check.broken_seq, ==, -1);
}

static void
test_refusals (LdTestFixture *fx,
               gconstpointer  data)
{
  const char * const users[][2] = {
    { "reception", LD_TEST_RECEPTION_PASSWORD },
    { "doctor", LD_TEST_DOCTOR_PASSWORD },
    { "technician", LD_TEST_TECHNICIAN_PASSWORD },
  };
  gint64 events = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");
  struct
  {
    const char *method;
    const char *path;
    const char *body;
    guint       status;
    const char *code;
    const char *field;
  } bad[] = {
    { "GET", "/api/v1/audit/check", NULL, 404, "not_found", NULL },
    { "GET", "/api/v1/audit/check?state=running", NULL, 400, "bad_request", "state" },
    { "POST", "/api/v1/audit/check", "{\"now\": true}", 400, "bad_request", "now" },
    { "POST", "/api/v1/audit/check", "{", 400, "bad_request", NULL },
    { "POST", "/api/v1/audit/check", "[]", 400, "bad_request", NULL },
    { "GET", "/api/v1/audit?actions=x", NULL, 400, "bad_request", "actions" },
    { "GET", "/api/v1/audit?since=yesterday", NULL, 422, "validation_failed", "since" },
    { "GET", "/api/v1/audit?before=x", NULL, 422, "validation_failed", "before" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *token = ld_test_login (fx->server, users[i][0], users[i][1]);
      g_autoptr(LdTestResponse) get = ld_test_get (fx->server, "/api/v1/audit/check", token);
      g_autoptr(LdTestResponse) post =
                   ld_test_send_json (fx->server, "POST", "/api/v1/audit/check", token, "{}");

      ld_test_assert_error (get, 403, "forbidden");
      ld_test_assert_error (post, 403, "forbidden");
    }
  {
    g_autoptr(LdTestResponse) anonymous = ld_test_get (fx->server, "/api/v1/audit/check", NULL);

    ld_test_assert_error (anonymous, 401, "unauthorized");
  }

  events = ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(LdTestResponse) resp = bad[i].body != NULL
                                          ? ld_test_send_json (fx->server, bad[i].method,
                                                               bad[i].path, fx->admin, bad[i].body)
                                          : ld_test_get (fx->server, bad[i].path, fx->admin);

      ld_test_assert_error (resp, bad[i].status, bad[i].code);
      if (bad[i].field != NULL)
        g_assert_nonnull (ld_test_response_get_field_error (resp, bad[i].field));
    }

  /* Nothing was started, nothing written. */
  {
    g_autoptr(LdTestResponse) none = ld_test_get (fx->server, "/api/v1/audit/check", fx->admin);

    ld_test_assert_error (none, 404, "not_found");
  }
  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM audit_events"),
                   ==, events);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  LD_TEST_ADD ("/server/audit-admin/filters", test_filters);
  LD_TEST_ADD ("/server/audit-admin/check-passes", test_check_passes);
  LD_TEST_ADD ("/server/audit-admin/check-finds-broken-link", test_check_finds_broken_link);
  LD_TEST_ADD ("/server/audit-admin/one-check-at-a-time", test_one_check_at_a_time);
  LD_TEST_ADD ("/server/audit-admin/check-while-others-write", test_check_while_others_write);
  LD_TEST_ADD ("/server/audit-admin/refusals", test_refusals);

  return g_test_run ();
}

/* test-api-idempotency.c: a repeated create changes nothing
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-test-http.h"
#include "ld-time.h"
#include "ld-server.h"
#include "http/ld-idempotency.h"

#define PATIENT_BODY "{\"name\": \"Nila Menon\", \"sex\": \"female\", \"age_years\": 41}"

static LdTestResponse *
post_with_key (LdTestServer *server,
               const char   *path,
               const char   *token,
               const char   *key,
               const char   *body)
{
  const char * const headers[] = { "Idempotency-Key", key, NULL };

  return ld_test_request_with_headers (server, "POST", path, token, "application/json", body, -1,
                                       headers);
}

static void
test_repeat_returns_first_answer (LdTestFixture *fx,
                                  gconstpointer  data)
{
  const char *db = ld_test_server_get_db_path (fx->server);
  g_autoptr(LdTestResponse) first =
               post_with_key (fx->server, "/api/v1/patients", fx->admin, "k-1", PATIENT_BODY);
  g_autoptr(LdTestResponse) again =
               post_with_key (fx->server, "/api/v1/patients", fx->admin, "k-1", PATIENT_BODY);

  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_cmpstr (again->body, ==, first->body);
  g_assert_null (soup_message_headers_get_one (first->headers, "Idempotent-Replayed"));
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "Idempotent-Replayed"), ==,
                   "true");
  g_assert_cmpint (ld_test_query_int (db, "SELECT count(*) FROM patients"), ==, 1);
  g_assert_cmpint (
    ld_test_query_int (db, "SELECT count(*) FROM audit_events WHERE action = 'patient.create'"), ==,
    1);
  g_assert_cmpint (ld_test_query_int (db, "SELECT value FROM counters WHERE name = 'mrn'"), ==, 1);
}

static void
test_key_reused_for_other_request (LdTestFixture *fx,
                                   gconstpointer  data)
{
  const char *db = ld_test_server_get_db_path (fx->server);
  g_autoptr(LdTestResponse) first =
               post_with_key (fx->server, "/api/v1/patients", fx->admin, "k-2", PATIENT_BODY);
  g_autoptr(LdTestResponse) other =
               post_with_key (fx->server, "/api/v1/patients", fx->admin, "k-2",
                              "{\"name\": \"Other\", \"sex\": \"male\", \"age_years\": 9}");
  g_autoptr(LdTestResponse) other_path =
               post_with_key (fx->server, "/api/v1/users", fx->admin, "k-2", PATIENT_BODY);

  g_assert_cmpuint (first->status, ==, 201);
  ld_test_assert_error (other, 422, "validation_failed");
  g_assert_nonnull (ld_test_response_get_string (other, "error.fields.Idempotency-Key"));
  ld_test_assert_error (other_path, 422, "validation_failed");
  g_assert_cmpint (ld_test_query_int (db, "SELECT count(*) FROM patients"), ==, 1);
}

static void
test_keys_belong_to_their_user (LdTestFixture *fx,
                                gconstpointer  data)
{
  g_autofree char *desk = ld_test_login (fx->server, "reception", LD_TEST_RECEPTION_PASSWORD);
  g_autoptr(LdTestResponse) by_admin =
               post_with_key (fx->server, "/api/v1/patients", fx->admin, "same", PATIENT_BODY);
  g_autoptr(LdTestResponse) by_desk =
               post_with_key (fx->server, "/api/v1/patients", desk, "same",
                              "{\"name\": \"Someone Else\", \"sex\": \"male\", \"age_years\": 19}");

  g_assert_cmpuint (by_admin->status, ==, 201);
  g_assert_cmpuint (by_desk->status, ==, 201);
  g_assert_cmpstr (ld_test_response_get_string (by_desk, "patient.mrn"), ==, "P000002");
}

static void
test_refusals_are_not_kept (LdTestFixture *fx,
                            gconstpointer  data)
{
  g_autoptr(LdTestResponse) refused = post_with_key (
    fx->server, "/api/v1/patients", fx->admin, "k-3",
    "{\"name\": \"Nila Menon\", \"sex\": \"female\", \"date_of_birth\": \"2999-01-01\"}");
  g_autoptr(LdTestResponse) corrected =
               post_with_key (fx->server, "/api/v1/patients", fx->admin, "k-3", PATIENT_BODY);

  ld_test_assert_error (refused, 422, "validation_failed");
  g_assert_cmpuint (corrected->status, ==, 201);
}

static void
test_bad_keys_are_refused (LdTestFixture *fx,
                           gconstpointer  data)
{
  g_autofree char *long_key = g_strnfill (201, 'k');
  const char *keys[] = { long_key, "has space", "" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(LdTestResponse) resp =
                   post_with_key (fx->server, "/api/v1/patients", fx->admin, keys[i], PATIENT_BODY);
      ld_test_assert_error (resp, 400, "bad_request");
    }

  g_assert_cmpint (ld_test_server_query_int (fx->server, "SELECT count(*) FROM patients"), ==, 0);
}

static void
test_one_time_password_is_not_kept (LdTestFixture *fx,
                                    gconstpointer  data)
{
  const char *body =
    "{\"username\": \"newtech\", \"display_name\": \"New Tech\", \"roles\": [\"technician\"]}";
  g_autoptr(LdTestResponse) first =
               post_with_key (fx->server, "/api/v1/users", fx->admin, "u-1", body);
  g_autoptr(LdTestResponse) again =
               post_with_key (fx->server, "/api/v1/users", fx->admin, "u-1", body);
  g_autofree char *sql = NULL;

  g_assert_cmpuint (first->status, ==, 201);
  ld_test_assert_error (again, 409, "conflict");
  sql = g_strdup_printf ("SELECT count(*) FROM idempotency_keys WHERE response LIKE '%%%s%%'",
                         ld_test_response_get_string (first, "password"));
  g_assert_cmpint (ld_test_server_query_int (fx->server, sql), ==, 0);
  g_assert_cmpint (ld_test_query_int (ld_test_server_get_db_path (fx->server),
                                      "SELECT count(*) FROM users WHERE username = 'newtech'"),
                   ==, 1);
}

typedef struct
{
  LdTestServer *server;
  guint         deleted;
  GError       *error;
} Prune;

/* On the server's thread, as its sweep runs. */
static gboolean
prune_cb (gpointer data)
{
  Prune *prune = data;
  LdStore *store = ld_server_get_store (ld_test_server_get_server (prune->server));

  ld_idempotency_prune (store, g_get_real_time (), &prune->deleted, &prune->error);
  return G_SOURCE_REMOVE;
}

static void
backdate (LdTestServer *server,
          const char   *key,
          gint64        seconds_ago)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_server_open_db (server);
  g_autofree char *at = ld_time_format_rfc3339 (g_get_real_time () - seconds_ago * G_USEC_PER_SEC);
  LdDbStmt *stmt;

  stmt =
    ld_db_prepare_cached (db, "UPDATE idempotency_keys SET created_at = ? WHERE key = ?", &error);
  g_assert_no_error (error);
  ld_db_bind_text (stmt, 1, at);
  ld_db_bind_text (stmt, 2, key);
  g_assert_true (ld_db_step_done (stmt, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ld_db_changes (db), ==, 1);
}

/* A kept answer holds the patient's data: past its period it is deleted,
 * and the same request then counts as a new one. */
static void
test_old_answers_are_pruned (LdTestFixture *fx,
                             gconstpointer  data)
{
  const char *db = ld_test_server_get_db_path (fx->server);
  g_autoptr(LdTestResponse) old_first =
               post_with_key (fx->server, "/api/v1/patients", fx->admin, "old", PATIENT_BODY);
  g_autoptr(LdTestResponse) new_first =
               post_with_key (fx->server, "/api/v1/patients", fx->admin, "new",
                              "{\"name\": \"Arun Das\", \"sex\": \"male\", \"age_years\": 30}");
  g_autoptr(LdTestResponse) old_again = NULL;
  g_autoptr(LdTestResponse) new_again = NULL;
  Prune prune = { fx->server, 0, NULL };

  g_assert_cmpuint (old_first->status, ==, 201);
  g_assert_cmpuint (new_first->status, ==, 201);

  /* "old" was stored a minute past the period, "new" a minute inside it. */
  backdate (fx->server, "old", LD_IDEMPOTENCY_KEEP_SECONDS + 60);
  backdate (fx->server, "new", LD_IDEMPOTENCY_KEEP_SECONDS - 60);

  ld_test_server_invoke (fx->server, prune_cb, &prune);
  g_assert_no_error (prune.error);
  g_assert_cmpuint (prune.deleted, ==, 1);
  g_assert_cmpint (ld_test_query_int (db,
                                      "SELECT count(*) FROM idempotency_keys WHERE key = 'old'"),
                   ==, 0);
  g_assert_cmpint (ld_test_query_int (db,
                                      "SELECT count(*) FROM idempotency_keys WHERE key = 'new'"),
                   ==, 1);

  /* Not the first answer again: the registration runs anew, and finds the
   * patient it made the first time as a likely duplicate. */
  old_again = post_with_key (fx->server, "/api/v1/patients", fx->admin, "old", PATIENT_BODY);
  ld_test_assert_error (old_again, 409, "conflict");
  g_assert_null (soup_message_headers_get_one (old_again->headers, "Idempotent-Replayed"));

  new_again = post_with_key (fx->server, "/api/v1/patients", fx->admin, "new",
                             "{\"name\": \"Arun Das\", \"sex\": \"male\", \"age_years\": 30}");
  g_assert_cmpstr (soup_message_headers_get_one (new_again->headers, "Idempotent-Replayed"), ==,
                   "true");
  g_assert_cmpint (ld_test_query_int (db, "SELECT count(*) FROM patients"), ==, 2);
}

static void
test_repeat_after_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("labdesk-idem-XXXXXX", &error);
  g_autofree char *config = NULL;
  g_autofree char *db = ld_test_db_new (dir, &config);
  const char *demo[] = { "demo", "--bare", "--db", db, "--config", config, NULL };
  const char * const serve[] = { "--config", config, NULL };
  g_autoptr(LdTestServer) server = NULL;
  g_autoptr(LdTestResponse) first = NULL;
  g_autoptr(LdTestResponse) again = NULL;
  g_autofree char *token = NULL;
  gint64 demo_patients;

  g_assert_cmpint (ld_test_run_server_command (demo, NULL, NULL), ==, 0);
  /* The demo database comes with patients of its own. */
  demo_patients = ld_test_query_int (db, "SELECT count(*) FROM patients");

  server = ld_test_server_spawn (db, serve);
  token = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  first = post_with_key (server, "/api/v1/patients", token, "offline-7f3a", PATIENT_BODY);
  g_assert_cmpuint (first->status, ==, 201);
  g_clear_pointer (&server, ld_test_server_free);

  server = ld_test_server_spawn (db, serve);
  g_free (token);
  token = ld_test_login (server, "reception", LD_TEST_RECEPTION_PASSWORD);
  again = post_with_key (server, "/api/v1/patients", token, "offline-7f3a", PATIENT_BODY);
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_cmpstr (again->body, ==, first->body);
  g_clear_pointer (&server, ld_test_server_free);

  g_assert_cmpint (ld_test_query_int (db, "SELECT count(*) FROM patients"), ==, demo_patients + 1);
  ld_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, LdTestFixture, NULL, ld_test_fixture_setup, func, ld_test_fixture_teardown)
  ADD ("/server/idempotency/repeat-returns-first-answer", test_repeat_returns_first_answer);
  ADD ("/server/idempotency/key-reused-for-other-request", test_key_reused_for_other_request);
  ADD ("/server/idempotency/keys-belong-to-their-user", test_keys_belong_to_their_user);
  ADD ("/server/idempotency/refusals-are-not-kept", test_refusals_are_not_kept);
  ADD ("/server/idempotency/bad-keys-are-refused", test_bad_keys_are_refused);
  ADD ("/server/idempotency/one-time-password-is-not-kept", test_one_time_password_is_not_kept);
  ADD ("/server/idempotency/old-answers-are-pruned", test_old_answers_are_pruned);
#undef ADD
  g_test_add_func ("/server/idempotency/repeat-after-restart", test_repeat_after_restart);

  return g_test_run ();
}

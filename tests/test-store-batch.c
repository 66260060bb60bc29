/* test-store-batch.c: requests sharing one commit (server/store/ld-store-batch.c)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTTP layer joins each request to the store's open batch; here the
 * test plays that part on a real store and syncer, so that which requests
 * share a batch is certain, not left to timing: a failed request leaves
 * the others' writes, a batch whose commit fails fails every request of
 * it and keeps none (a COMMIT that fails, or SQLite rolling the whole
 * transaction back on a full disk), work outside a request commits the
 * batch first, and listeners are told of no change before its batch
 * commits.
 * test-group-commit does the same through the server, where grouping is
 * up to the load; test-durability kills the server during group commits.
 */

#include "config.h"

#include "ld-test-server.h"
#include "store/ld-store.h"
#include "store/ld-store-private.h"

typedef struct
{
  char          *dir;
  char          *path;
  LdStore       *store;
  LdStoreCheckpointer *checkpointer;
  LdStoreSyncer *syncer;
} Fixture;

/* What a request waiting for its batch heard. */
typedef struct
{
  gboolean  answered;
  GError   *error;
} Answer;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("labdesk-batch-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "store.db", NULL);
  fx->store = ld_store_open (fx->path, &error);
  g_assert_no_error (error);
  /* As the server has them: the checkpointer's hook counts the commits. */
  fx->checkpointer = ld_store_checkpointer_new (fx->store);
  fx->syncer = ld_store_syncer_new (fx->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fx->syncer);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->syncer, ld_store_syncer_free);
  g_clear_pointer (&fx->checkpointer, ld_store_checkpointer_free);
  g_clear_pointer (&fx->store, ld_store_close);
  ld_test_remove_tree (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

static void
on_durable_cb (const GError *error,
               gpointer      data)
{
  Answer *answer = data;

  answer->answered = TRUE;
  answer->error = error != NULL ? g_error_copy (error) : NULL;
}

/* As ld_http_request_note_writes() and _finish() do for a request that
 * ran while the batch was open. */
static void
wait_for_batch (Fixture *fx,
                Answer  *answer)
{
  g_assert_true (ld_store_batch_is_open (fx->store));
  g_assert_true (ld_store_when_durable (fx->store, ld_store_get_commits_written (fx->store) + 1,
                                        on_durable_cb, answer));
}

static void
run_until_answered (Answer *answer)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!answer->answered && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (answer->answered);
}

/* What a request does inside its own transaction; FALSE rolls it back,
 * as a handler's error does. */
typedef gboolean (*RequestWork) (Fixture *fx,
                                 gpointer data);

/* One request as the HTTP layer runs it: joined to the batch, in its own
 * transaction. */
static void
run_request_doing (Fixture     *fx,
                   RequestWork  work,
                   gpointer     data)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(GError) error = NULL;

  ld_store_batch_join (fx->store);
  g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
  g_assert_no_error (error);
  if (work (fx, data))
    {
      g_assert_true (ld_store_transaction_commit (&txn, &error));
      g_assert_no_error (error);
    }
  else
    ld_store_transaction_rollback (&txn);
  ld_store_batch_leave (fx->store);
}

typedef struct
{
  const char *counter;
  gboolean    fail;
} CounterMove;

static gboolean
move_counter (Fixture *fx,
              gpointer data)
{
  CounterMove *move = data;
  g_autoptr(GError) error = NULL;
  gint64 number = 0;

  g_assert_true (ld_store_next_number (fx->store, move->counter, &number, &error));
  g_assert_no_error (error);
  return !move->fail;
}

/* A request that moves @counter, committed or (@fail) rolled back. */
static void
run_request (Fixture    *fx,
             const char *counter,
             gboolean    fail)
{
  CounterMove move = { counter, fail };

  run_request_doing (fx, move_counter, &move);
}

static gint64
committed_counter (Fixture    *fx,
                   const char *counter)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT count(*) FROM counters WHERE name = '%s'", counter);

  /* Another connection sees only what was committed. */
  return ld_test_query_int (fx->path, sql);
}

static guint64
commits_written (Fixture *fx)
{
  guint64 commits, durable, syncs, pages;

  g_assert_true (ld_store_get_sync_counts (fx->store, &commits, &durable, &syncs, &pages));
  return commits;
}

/* After a batch that was lost, the next has a number of its own, and is
 * kept. */
static void
assert_next_batch_kept (Fixture    *fx,
                        const char *counter)
{
  Answer later = { 0 };

  run_request (fx, counter, FALSE);
  wait_for_batch (fx, &later);
  run_until_answered (&later);
  g_assert_no_error (later.error);
  g_assert_cmpint (committed_counter (fx, counter), ==, 1);
}

static void
test_a_failed_request_leaves_the_others (Fixture       *fx,
                                         gconstpointer  data)
{
  Answer answers[3] = { { 0 } };
  guint64 before = commits_written (fx);

  run_request (fx, "batch-a", FALSE);
  wait_for_batch (fx, &answers[0]);
  run_request (fx, "batch-b", TRUE);
  wait_for_batch (fx, &answers[1]);
  run_request (fx, "batch-c", FALSE);
  wait_for_batch (fx, &answers[2]);

  /* Nothing is committed, and nobody answered, before the batch is. */
  g_assert_cmpint (committed_counter (fx, "batch-a"), ==, 0);
  g_assert_cmpuint (commits_written (fx), ==, before);
  g_assert_false (answers[0].answered);

  /* The server is idle: the batch commits, once for all three. */
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      run_until_answered (&answers[i]);
      g_assert_no_error (answers[i].error);
    }
  g_assert_false (ld_store_batch_is_open (fx->store));
  g_assert_cmpuint (commits_written (fx), ==, before + 1);
  g_assert_cmpint (committed_counter (fx, "batch-a"), ==, 1);
  g_assert_cmpint (committed_counter (fx, "batch-b"), ==, 0);
  g_assert_cmpint (committed_counter (fx, "batch-c"), ==, 1);
}

/* A batch whose requests all failed writes nothing to the log, and its
 * requests must still be answered. */
static void
test_a_batch_of_failures_is_answered (Fixture       *fx,
                                      gconstpointer  data)
{
  Answer answer = { 0 };

  run_request (fx, "batch-failed", TRUE);
  wait_for_batch (fx, &answer);
  run_until_answered (&answer);
  g_assert_no_error (answer.error);
  g_assert_cmpint (committed_counter (fx, "batch-failed"), ==, 0);
}

static gboolean
break_a_deferred_key (Fixture *fx,
                      gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_db_exec_cached (fx->store->db, "PRAGMA defer_foreign_keys = ON", &error));
  g_assert_true (ld_db_exec_cached (fx->store->db,
                                    "INSERT INTO sessions (token_hash, user_id, created_us,"
                                    " last_seen_us) VALUES ('t', 'nobody', 1, 1)",
                                    &error));
  g_assert_no_error (error);
  return TRUE;
}

static void
test_a_failed_commit_fails_every_request (Fixture       *fx,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Answer answers[2] = { { 0 } };

  run_request (fx, "batch-kept-not", FALSE);
  wait_for_batch (fx, &answers[0]);

  /* A second request breaks a foreign key that is checked only at the
   * commit: the statement passes, the batch's COMMIT fails. */
  run_request_doing (fx, break_a_deferred_key, NULL);
  wait_for_batch (fx, &answers[1]);

  g_assert_false (ld_store_batch_commit (fx->store, &error));
  g_assert_nonnull (error);
  g_test_message ("the batch's commit: %s", error->message);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      run_until_answered (&answers[i]);
      g_assert_error (answers[i].error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT);
      g_clear_error (&answers[i].error);
    }
  g_assert_cmpint (committed_counter (fx, "batch-kept-not"), ==, 0);
  g_assert_cmpint (ld_test_query_int (fx->path, "SELECT count(*) FROM sessions"), ==, 0);

  assert_next_batch_kept (fx, "batch-after");
}

/* The database may grow by one page: the write fails as on a full disk,
 * and the request rolls back. */
static gboolean
fill_the_disk (Fixture *fx,
               gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cap = NULL;
  gint64 pages = ld_test_query_int (fx->path, "SELECT page_count FROM pragma_page_count");

  cap = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 1);
  g_assert_true (ld_db_exec_cached (fx->store->db, cap, &error));
  g_assert_false (ld_db_exec_cached (fx->store->db,
                                     "INSERT INTO counters (name, value)"
                                     " VALUES (hex (randomblob (200000)), 1)",
                                     &error));
  g_test_message ("the request's write: %s", error->message);
  return FALSE;
}

/* A full disk: SQLite rolls the whole transaction back, not only the
 * statement, and the batch with it. */
static void
test_a_batch_rolled_back_by_sqlite_fails_every_request (Fixture       *fx,
                                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Answer answers[2] = { { 0 } };

  run_request (fx, "batch-before-the-full-disk", FALSE);
  wait_for_batch (fx, &answers[0]);

  /* The server says so in its log; the request's own rollback finds it. */
  g_test_expect_message ("ld-store", G_LOG_LEVEL_WARNING, "*rolled back a batch of requests*");
  run_request_doing (fx, fill_the_disk, NULL);
  g_test_assert_expected_messages ();
  g_assert_false (ld_store_batch_is_open (fx->store));
  g_assert_true (ld_db_exec_cached (fx->store->db, "PRAGMA max_page_count = 1073741823", &error));

  run_until_answered (&answers[0]);
  g_assert_error (answers[0].error, LD_STORE_ERROR, LD_STORE_ERROR_IO);
  g_clear_error (&answers[0].error);
  g_assert_cmpint (committed_counter (fx, "batch-before-the-full-disk"), ==, 0);

  assert_next_batch_kept (fx, "batch-after-the-full-disk");
}

/* Work that is not a request's (a timer's sweep) keeps its commit-on-return. */
static void
test_other_work_commits_the_batch_first (Fixture       *fx,
                                         gconstpointer  data)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(GError) error = NULL;
  Answer answer = { 0 };
  guint64 before = commits_written (fx);
  gint64 number;

  run_request (fx, "batch-request", FALSE);
  wait_for_batch (fx, &answer);

  g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
  g_assert_no_error (error);
  g_assert_false (ld_store_batch_is_open (fx->store));
  g_assert_cmpuint (commits_written (fx), ==, before + 1);
  g_assert_cmpint (committed_counter (fx, "batch-request"), ==, 1);
  g_assert_true (ld_store_next_number (fx->store, "batch-timer", &number, &error));
  g_assert_true (ld_store_transaction_commit (&txn, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (commits_written (fx), ==, before + 2);
  g_assert_cmpint (committed_counter (fx, "batch-timer"), ==, 1);

  run_until_answered (&answer);
  g_assert_no_error (answer.error);
}

static gboolean
append_a_change (Fixture *fx,
                 gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) record = json_from_string ("{\"id\": \"p1\"}", NULL);

  g_assert_true (
    ld_store_changes_append (fx->store, "patient", "p1", LD_ROLE_RECEPTION, record, &error));
  g_assert_no_error (error);
  return TRUE;
}

/* The change feed's head announced to listeners is what the readers can
 * read: not a batch's own rows before it commits. */
static void
test_the_feed_head_waits_for_the_commit (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Answer answer = { 0 };
  gint64 before, during, inside, after;

  g_assert_true (ld_store_changes_get_committed_head (fx->store, &before, &error));
  run_request_doing (fx, append_a_change, NULL);
  wait_for_batch (fx, &answer);

  g_assert_true (ld_store_changes_get_head (fx->store, &inside, &error));
  g_assert_true (ld_store_changes_get_committed_head (fx->store, &during, &error));
  g_assert_cmpint (inside, >, before);
  g_assert_cmpint (during, ==, before);

  run_until_answered (&answer);
  g_assert_true (ld_store_changes_get_committed_head (fx->store, &after, &error));
  g_assert_cmpint (after, ==, inside);
}

/* What a request appends to the audit chain: @n events, then (@fail)
 * rolled back with its transaction, or (@inner_fail) one more in a
 * savepoint of its own that is rolled back. */
typedef struct
{
  guint    n;
  gboolean fail;
  gboolean inner_fail;
} AuditWork;

static gboolean
append_audit_events (Fixture *fx,
                     gpointer data)
{
  AuditWork *work = data;

  for (guint i = 0; i < work->n; i++)
    ld_test_append_audit_event (fx->store, "user.update");
  if (work->inner_fail)
    {
      g_auto(LdStoreTransaction) inner = { NULL };
      g_autoptr(GError) error = NULL;

      g_assert_true (ld_store_transaction_begin (&inner, fx->store, &error));
      ld_test_append_audit_event (fx->store, "user.update");
      ld_store_transaction_rollback (&inner);
      ld_test_append_audit_event (fx->store, "user.update");
    }
  return !work->fail;
}

/* The walk of the chain, once the head writer's thread has written the
 * sealed head its commits moved (it does so soon after their sync). */
static LdAuditReport
verify_audit_chain (Fixture *fx)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  LdAuditReport report;

  for (;;)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (ld_store_audit_verify (fx->store, &report, &error));
      g_assert_no_error (error);
      if (report.verdict != LD_AUDIT_VERDICT_NO_HEAD || g_get_monotonic_time () > deadline)
        return report;
      g_usleep (10 * 1000);
    }
}

/* Each append chains to the one before it, which a transaction carries
 * from event to event (ld_store_audit_read_head()): events a failed
 * request or savepoint appended are gone, and the next must chain to
 * what is left, or the walk finds a broken link. */
static void
test_the_audit_chain_holds_across_failed_requests (Fixture       *fx,
                                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AuditWork first = { 2, FALSE, FALSE };
  AuditWork failed = { 3, TRUE, FALSE };
  AuditWork half = { 1, FALSE, TRUE };
  g_autoptr(LdStoreHeadWriter) head_writer = NULL;
  Answer answer = { 0 };
  LdAuditReport report;

  g_assert_true (ld_store_load_audit_seal (fx->store, NULL, NULL, TRUE, &error));
  g_assert_no_error (error);
  head_writer = ld_store_head_writer_new (fx->store);

  run_request_doing (fx, append_audit_events, &first);
  run_request_doing (fx, append_audit_events, &failed);
  run_request_doing (fx, append_audit_events, &half);
  run_request_doing (fx, append_audit_events, &first);
  wait_for_batch (fx, &answer);
  run_until_answered (&answer);
  g_assert_no_error (answer.error);

  report = verify_audit_chain (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_OK);
  /* 2, none, 1 + 1 (its savepoint's gone), 2. */
  g_assert_cmpint (report.n_events, ==, 6);
  g_assert_cmpint (report.last_seq, ==, 6);

  /* The next batch reads the head its predecessor committed. */
  run_request_doing (fx, append_audit_events, &first);
  memset (&answer, 0, sizeof answer);
  wait_for_batch (fx, &answer);
  run_until_answered (&answer);
  report = verify_audit_chain (fx);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_OK);
  g_assert_cmpint (report.last_seq, ==, 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/store-batch/a-failed-request-leaves-the-others",
       test_a_failed_request_leaves_the_others);
  ADD ("/server/store-batch/a-batch-of-failures-is-answered", test_a_batch_of_failures_is_answered);
  ADD ("/server/store-batch/a-failed-commit-fails-every-request",
       test_a_failed_commit_fails_every_request);
  ADD ("/server/store-batch/a-batch-rolled-back-by-sqlite-fails-every-request",
       test_a_batch_rolled_back_by_sqlite_fails_every_request);
  ADD ("/server/store-batch/other-work-commits-the-batch-first",
       test_other_work_commits_the_batch_first);
  ADD ("/server/store-batch/the-feed-head-waits-for-the-commit",
       test_the_feed_head_waits_for_the_commit);
  ADD ("/server/store-batch/the-audit-chain-holds-across-failed-requests",
       test_the_audit_chain_holds_across_failed_requests);
#undef ADD

  return g_test_run ();
}

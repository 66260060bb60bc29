/* test-store-writers.c: the change feed and the audit chain under several writers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On PostgreSQL every connection may write at once (issue 19): stores on
 * connections of their own append changes and audit events together,
 * while a follower reads the feed as a client does. The follower must
 * never pass a change that commits later, one transaction's changes must
 * be neighbours, and the chain must verify.
 */

#define G_LOG_DOMAIN "test-store-writers"

#include "config.h"

#include <glib/gstdio.h>

#include "ld-test-pg.h"
#include "ld-test-server.h"
#include "domain/ld-audit.h"
#include "store/ld-db-pg.h"
#include "store/ld-store.h"

#define N_WRITERS           3
#define N_TRANSACTIONS      40
#define CHANGES_PER_COMMIT  3

typedef struct
{
  char         *uri;
  char         *database;
  char         *tmpdir;
  char         *key_path;
  char         *head_path;
  gint          writers_left;
} Fixture;

static LdStore *
open_store (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  LdStore *store = ld_store_open_sealed (fx->uri, fx->key_path, fx->head_path, &error);

  g_assert_no_error (error);
  return store;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->database = ld_test_pg_create_database (NULL);
  fx->uri = ld_test_pg_dup_uri (fx->database);
  fx->tmpdir = g_dir_make_tmp ("labdesk-writers-XXXXXX", &error);
  g_assert_no_error (error);
  fx->key_path = g_build_filename (fx->tmpdir, "audit-key", NULL);
  fx->head_path = g_build_filename (fx->tmpdir, "audit-head", NULL);

  /* Migrated, keyed and its chain begun once, before the writers open it
   * together: a writer that opens a chain with events must find its head
   * (ld_store_open_sealed()), which another's first commit would race. */
  {
    g_autoptr(LdStore) store = open_store (fx);
    g_autoptr(LdAuditEvent) event = ld_audit_event_new ();

    event->action = g_strdup ("test.begin");
    event->entity = g_strdup ("test");
    ld_store_audit_append (store, event, &error);
    g_assert_no_error (error);
  }
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  ld_test_remove_tree (fx->tmpdir);
  ld_test_pg_drop_database (fx->database);
  g_free (fx->key_path);
  g_free (fx->head_path);
  g_free (fx->tmpdir);
  g_free (fx->uri);
  g_free (fx->database);
}

static JsonNode *
make_record (guint writer,
             guint n)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "writer");
  json_builder_add_int_value (builder, writer);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, n);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

typedef struct
{
  Fixture *fx;
  guint    writer;
} Writer;

/* As a request that writes does: its changes and its audit event in one
 * transaction, on the writer's own connection. */
static gpointer
write_thread (gpointer data)
{
  Writer *writer = data;
  g_autoptr(LdStore) store = open_store (writer->fx);

  for (guint n = 0; n < N_TRANSACTIONS; n++)
    {
      g_auto(LdStoreTransaction) txn = { NULL };
      g_autoptr(LdAuditEvent) event = ld_audit_event_new ();
      g_autoptr(GError) error = NULL;

      ld_store_transaction_begin (&txn, store, &error);
      g_assert_no_error (error);
      for (guint c = 0; c < CHANGES_PER_COMMIT; c++)
        {
          g_autoptr(JsonNode) record = make_record (writer->writer, n);
          g_autofree char *id = g_strdup_printf ("w%u-%u-%u", writer->writer, n, c);

          ld_store_changes_append (store, "test", id, LD_ROLE_ALL, record, &error);
          g_assert_no_error (error);
        }
      event->action = g_strdup ("test.write");
      event->entity = g_strdup ("test");
      ld_store_audit_append (store, event, &error);
      g_assert_no_error (error);
      ld_store_transaction_commit (&txn, &error);
      g_assert_no_error (error);
    }

  g_atomic_int_dec_and_test (&writer->fx->writers_left);
  return NULL;
}

/* Reads what is new since @last as a client's sync does; returns how many
 * changes it read. */
static guint
follow (LdDb   *db,
        gint64 *last)
{
  static const char sql[] = "SELECT seq FROM changes WHERE seq > ?1 ORDER BY seq";
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt = ld_db_prepare_cached (db, sql, &error);
  guint n = 0;

  g_assert_no_error (error);
  ld_db_bind_int64 (stmt, 1, *last);
  while (ld_db_step (stmt, &error) == LD_DB_ROW)
    {
      *last = ld_db_column_int64 (stmt, 0);
      n++;
    }
  g_assert_no_error (error);
  return n;
}

static void
test_feed_and_chain (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) follower = ld_db_pg_open (fx->uri, &error);
  g_autoptr(LdStore) store = NULL;
  Writer writers[N_WRITERS];
  GThread *threads[N_WRITERS];
  LdAuditReport report;
  gint64 last = 0;
  guint n_read = 0;
  gboolean done;

  g_assert_no_error (error);
  fx->writers_left = N_WRITERS;
  for (guint i = 0; i < N_WRITERS; i++)
    {
      writers[i] = (Writer){ fx, i };
      threads[i] = g_thread_new ("writer", write_thread, &writers[i]);
    }

  /* Following while they write; a change that committed after the
   * follower passed its seq would never be read. */
  do
    {
      done = g_atomic_int_get (&fx->writers_left) == 0;
      n_read += follow (follower, &last);
    }
  while (!done);

  for (guint i = 0; i < N_WRITERS; i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (n_read, ==, N_WRITERS * N_TRANSACTIONS * CHANGES_PER_COMMIT);
  g_assert_cmpint (ld_test_pg_query_int (fx->uri, "SELECT count(*) FROM changes"), ==, n_read);
  /* One transaction's changes are neighbours: a page is never cut inside
   * one. */
  g_assert_cmpint (ld_test_pg_query_int (fx->uri,
                                         "SELECT count(*) FROM (SELECT commit_id FROM changes"
                                         " GROUP BY commit_id"
                                         " HAVING max (seq) - min (seq) + 1 <> count(*)) AS torn"),
                   ==, 0);

  store = open_store (fx);
  g_assert_true (ld_store_audit_verify (store, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_OK);
  g_assert_cmpint (ld_test_pg_query_int (fx->uri, "SELECT count(*) FROM audit_events"
                                                  " WHERE action = 'test.write'"),
                   ==, N_WRITERS * N_TRANSACTIONS);
}

/* Events recorded alone, outside any transaction, as several servers do
 * at once: each must find its own place in the chain. Before, the feed
 * lock (a transaction's lock on PostgreSQL) held for no time, two writers
 * read the same head, and one insert failed on the seq taken. */
static gpointer
audit_alone_thread (gpointer data)
{
  Writer *writer = data;
  g_autoptr(LdStore) store = open_store (writer->fx);

  for (guint n = 0; n < N_TRANSACTIONS; n++)
    {
      g_autoptr(LdAuditEvent) event = ld_audit_event_new ();
      g_autoptr(GError) error = NULL;

      event->action = g_strdup ("test.alone");
      event->entity = g_strdup ("test");
      ld_store_audit_append (store, event, &error);
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_events_alone (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  Writer writers[N_WRITERS];
  GThread *threads[N_WRITERS];
  LdAuditReport report;

  for (guint i = 0; i < N_WRITERS; i++)
    {
      writers[i] = (Writer){ fx, i };
      threads[i] = g_thread_new ("auditor", audit_alone_thread, &writers[i]);
    }
  for (guint i = 0; i < N_WRITERS; i++)
    g_thread_join (threads[i]);

  g_assert_cmpint (ld_test_pg_query_int (fx->uri, "SELECT count(*) FROM audit_events"
                                                  " WHERE action = 'test.alone'"),
                   ==, N_WRITERS * N_TRANSACTIONS);
  store = open_store (fx);
  g_assert_true (ld_store_audit_verify (store, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.verdict, ==, LD_AUDIT_VERDICT_OK);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/store-writers/postgresql/feed-and-chain", Fixture, NULL,
              fixture_setup, test_feed_and_chain, fixture_teardown);
  g_test_add ("/server/store-writers/postgresql/events-alone", Fixture, NULL,
              fixture_setup, test_events_alone, fixture_teardown);

  status = g_test_run ();
  ld_test_pg_stop ();
  return status;
}

/* test-store-catalog-kept.c: the tests and settings a store keeps are the
 * database's
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 36: a store keeps the catalogue's tests it read and reads only the
 * catalogue's generation (migration 0045; PostgreSQL's 0020), moved by
 * triggers with every change to a test, to know they still hold. Each case
 * reads a test on one connection, changes it some way, and reads it again:
 * the change must show, whoever made it (this connection, another one as a
 * second server process would, plain SQL as an IT person's hand edit), and
 * a change rolled back must not, even when another takes its generation.
 * The lab's settings are kept the same way (migration 0046; PostgreSQL's
 * 0021) and meet the same cases. Run again on PostgreSQL as
 * test-store-catalog-kept-pg.
 */

#include "config.h"

#include "ld-test-server.h"
#include "store/ld-db.h"
#include "store/ld-store-private.h"
#include "store/ld-store.h"

typedef struct
{
  char    *dir;
  char    *location;
  char    *config_path;
  LdStore *store;
  /* Another connection to the same database. */
  LdStore *other;
} Fixture;

static LdStore *
open_store (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_build_filename (fx->dir, "audit-key", NULL);
  g_autofree char *head = g_build_filename (fx->dir, "audit-head", NULL);
  LdStore *store = ld_store_open_sealed (fx->location, key, head, &error);

  g_assert_no_error (error);
  return store;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCatalogTest) test = ld_catalog_test_new ();

  fx->dir = g_dir_make_tmp ("labdesk-catalog-kept-XXXXXX", &error);
  g_assert_no_error (error);
  fx->location = ld_test_db_new (fx->dir, &fx->config_path);
  fx->store = open_store (fx);
  fx->other = open_store (fx);

  test->code = g_strdup ("GLU");
  test->name = g_strdup ("Glucose, fasting");
  test->specimen = g_strdup ("plasma");
  test->container = g_strdup ("fluoride (grey)");
  test->unit = g_strdup ("mg/dL");
  test->department = g_strdup ("biochemistry");
  test->result_type = LD_RESULT_NUMERIC;
  test->price_paise = 15000;
  test->turnaround_hours = 4;
  g_assert_true (ld_store_catalog_insert_test (fx->store, test, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->store, ld_store_close);
  g_clear_pointer (&fx->other, ld_store_close);
  ld_test_remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->location);
  g_free (fx->config_path);
}

static LdCatalogTest *
get (LdStore *store)
{
  g_autoptr(GError) error = NULL;
  LdCatalogTest *test = ld_store_catalog_get_test (store, "GLU", &error);

  g_assert_no_error (error);
  g_assert_nonnull (test);
  return test;
}

/* Sets the price through @store's catalogue API, in a transaction of its
 * own unless one is open. */
static void
set_price (LdStore *store,
           gint64   price_paise)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCatalogTest) test = get (store);
  gint64 version = test->version;

  test->price_paise = price_paise;
  g_assert_true (ld_store_catalog_update_test (store, test, version, &error));
  g_assert_no_error (error);
}

static gint64
price_of (LdStore *store)
{
  g_autoptr(LdCatalogTest) test = get (store);

  return test->price_paise;
}

static void
test_own_change_shows (Fixture       *fx,
                       gconstpointer  data)
{
  g_assert_cmpint (price_of (fx->store), ==, 15000);
  g_assert_cmpint (price_of (fx->store), ==, 15000);
  set_price (fx->store, 18000);
  g_assert_cmpint (price_of (fx->store), ==, 18000);
}

/* As a second server process on the same database would change it. */
static void
test_other_connections_change_shows (Fixture       *fx,
                                     gconstpointer  data)
{
  g_assert_cmpint (price_of (fx->store), ==, 15000);
  set_price (fx->other, 21000);
  g_assert_cmpint (price_of (fx->store), ==, 21000);
  set_price (fx->other, 22000);
  g_assert_cmpint (price_of (fx->store), ==, 22000);
}

/* A hand edit in SQL, with no Labdesk code on the way. */
static void
test_plain_sql_change_shows (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_db_open (fx->location, LD_SQLITE_OPEN_DEFAULT);
  g_autoptr(LdCatalogTest) test = NULL;

  g_assert_cmpint (price_of (fx->store), ==, 15000);
  g_assert_true (ld_db_exec (db, "UPDATE catalog_tests SET name = 'Glucose (F)',"
                                 " reference_ranges = '[{\"low\": 70, \"high\": 100}]'"
                                 " WHERE code = 'GLU'", &error));
  g_assert_no_error (error);
  test = get (fx->store);
  g_assert_cmpstr (test->name, ==, "Glucose (F)");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (test->reference_ranges)), ==, 1);
}

/* Inside a transaction the catalogue's generation is read once while the
 * transaction changes nothing (ld_db_get_read_mark()); any statement that
 * may write reads it again, so a change a trigger moved it for shows. */
static void
test_own_sql_change_in_a_transaction_shows (Fixture       *fx,
                                            gconstpointer  data)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt;

  g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
  g_assert_cmpint (price_of (fx->store), ==, 15000);
  g_assert_cmpint (price_of (fx->store), ==, 15000);
  g_assert_true (ld_db_exec (fx->store->db,
                             "UPDATE catalog_tests SET price_paise = 17000 WHERE code = 'GLU'",
                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (price_of (fx->store), ==, 17000);

  stmt = ld_store_prepare (fx->store,
                           "UPDATE catalog_tests SET price_paise = ?1 WHERE code = 'GLU'", &error);
  g_assert_no_error (error);
  ld_db_bind_int64 (stmt, 1, 17500);
  g_assert_true (ld_db_step_done (stmt, &error));
  g_assert_cmpint (price_of (fx->store), ==, 17500);
  g_assert_true (ld_store_transaction_commit (&txn, &error));
  g_assert_no_error (error);
  g_assert_cmpint (price_of (fx->other), ==, 17500);
}

/* This connection reads its own change inside a transaction that is then
 * rolled back; another connection commits a different change, which moves
 * the generation to the very number the rolled-back one had. The first
 * connection must read the committed price, not the one it saw. */
static void
test_rolled_back_change_is_forgotten (Fixture       *fx,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (price_of (fx->store), ==, 15000);
  {
    g_auto(LdStoreTransaction) txn = { NULL };

    g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
    g_assert_no_error (error);
    set_price (fx->store, 99000);
    g_assert_cmpint (price_of (fx->store), ==, 99000);
    ld_store_transaction_rollback (&txn);
  }
  set_price (fx->other, 16000);
  g_assert_cmpint (price_of (fx->store), ==, 16000);
}

/* A reader (a worker thread's read-only connection, as the release's
 * render uses) ends each snapshot with a rollback. It wrote nothing, so
 * it keeps the tests it read: a hand edit that puts the generation back
 * shows that the kept test was read, not the row. A real change still
 * shows in its next snapshot, and not inside the one it began before. */
static void
test_reader_keeps_across_snapshots (Fixture       *fx,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_db_open (fx->location, LD_SQLITE_OPEN_DEFAULT);
  LdStore *reader = ld_store_open_reader (fx->location, &error);

  g_assert_no_error (error);
  for (guint snapshot = 0; snapshot < 2; snapshot++)
    {
      g_auto(LdStoreTransaction) txn = { NULL };

      g_assert_true (ld_store_transaction_begin (&txn, reader, &error));
      g_assert_no_error (error);
      g_assert_cmpint (price_of (reader), ==, snapshot == 0 ? 15000 : 17000);
      if (snapshot == 0)
        set_price (fx->other, 17000);
      g_assert_cmpint (price_of (reader), ==, snapshot == 0 ? 15000 : 17000);
      ld_store_transaction_rollback (&txn);
    }

  g_assert_true (ld_db_exec (db, "UPDATE catalog_tests SET price_paise = 99000"
                                 " WHERE code = 'GLU'", &error));
  g_assert_no_error (error);
  g_assert_true (
    ld_db_exec (db, "UPDATE catalog_generation SET generation = generation - 1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (price_of (reader), ==, 17000);

  set_price (fx->other, 18000);
  g_assert_cmpint (price_of (reader), ==, 18000);
  ld_store_close (reader);
}

/* Every holder of a test shares its ranges: they are sealed, so that none
 * can change what the others read. */
static void
test_kept_members_are_sealed (Fixture       *fx,
                              gconstpointer  data)
{
  g_autoptr(LdCatalogTest) first = get (fx->store);
  g_autoptr(LdCatalogTest) second = get (fx->store);

  g_assert_true (json_node_is_immutable (first->reference_ranges));
  g_assert_true (json_node_is_immutable (second->reference_ranges));
}

/* The settings as @store loads them, with their version. */
static char *
setting_of (LdStore    *store,
            const char *key,
            gint64     *out_version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) stored = ld_store_settings_load (store, out_version, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return g_strdup (g_hash_table_lookup (stored, key));
}

/* Saves one setting through @store's API, in a transaction of its own
 * unless one is open. */
static void
save_setting (LdStore    *store,
              const char *key,
              const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autofree char *old = NULL;
  gint64 version = 0;

  old = setting_of (store, key, &version);
  g_hash_table_insert (values, (gpointer) key, (gpointer) value);
  g_assert_true (ld_store_transaction_begin (&txn, store, &error));
  g_assert_true (ld_store_settings_save (store, values, version, NULL, &error));
  g_assert_true (ld_store_transaction_commit (&txn, &error));
  g_assert_no_error (error);
}

static void
assert_setting (LdStore    *store,
                const char *value)
{
  g_autofree char *read = setting_of (store, "lab_name", NULL);

  g_assert_cmpstr (read, ==, value);
}

static void
test_settings_kept (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDb) db = ld_test_db_open (fx->location, LD_SQLITE_OPEN_DEFAULT);
  g_autoptr(GHashTable) first = NULL;
  g_autoptr(GHashTable) second = NULL;
  gint64 version = 0;

  save_setting (fx->store, "lab_name", "First Lab");
  /* Read twice with nothing changed: the same table, kept. */
  first = ld_store_settings_load (fx->store, NULL, &error);
  second = ld_store_settings_load (fx->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (first == second);

  /* This connection's change, another connection's, a hand edit. */
  save_setting (fx->store, "lab_name", "Own Lab");
  assert_setting (fx->store, "Own Lab");
  save_setting (fx->other, "lab_name", "Other Lab");
  assert_setting (fx->store, "Other Lab");
  g_free (setting_of (fx->store, "lab_name", &version));
  g_assert_true (
    ld_db_exec (db, "UPDATE settings SET value = 'Hand Lab' WHERE key = 'lab_name'", &error));
  g_assert_no_error (error);
  assert_setting (fx->store, "Hand Lab");
  {
    /* A hand edit leaves the version; the generation alone moved. */
    gint64 after = 0;

    g_free (setting_of (fx->store, "lab_name", &after));
    g_assert_cmpint (after, ==, version);
  }

  /* Rolled back, then another connection's commit takes its generation. */
  {
    g_auto(LdStoreTransaction) txn = { NULL };

    g_assert_true (ld_store_transaction_begin (&txn, fx->store, &error));
    g_assert_no_error (error);
    save_setting (fx->store, "lab_name", "Rolled Back Lab");
    assert_setting (fx->store, "Rolled Back Lab");
    ld_store_transaction_rollback (&txn);
  }
  save_setting (fx->other, "lab_name", "Committed Lab");
  assert_setting (fx->store, "Committed Lab");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/catalog-kept/own-change-shows", test_own_change_shows);
  ADD ("/store/catalog-kept/other-connections-change-shows", test_other_connections_change_shows);
  ADD ("/store/catalog-kept/plain-sql-change-shows", test_plain_sql_change_shows);
  ADD ("/store/catalog-kept/own-sql-change-in-a-transaction-shows",
       test_own_sql_change_in_a_transaction_shows);
  ADD ("/store/catalog-kept/rolled-back-change-is-forgotten", test_rolled_back_change_is_forgotten);
  ADD ("/store/catalog-kept/kept-members-are-sealed", test_kept_members_are_sealed);
  ADD ("/store/catalog-kept/reader-keeps-across-snapshots", test_reader_keeps_across_snapshots);
  ADD ("/store/settings-kept/every-change-shows", test_settings_kept);
#undef ADD
  return g_test_run ();
}

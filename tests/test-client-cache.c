/* test-client-cache.c: the client's cache, encrypted at rest
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache holds patients on a shared front-desk PC: the files on disk
 * must not show a name, only the user's password opens them, and what
 * the server sends is kept whatever its kind.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>

#include "ld-test-client.h"
#include "ld-cache-key.h"
#include "ld-sqlite-crypt.h"

#define NAME "Zenobia Quillfeather"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("labdesk-cache-XXXXXX", &error);

  g_assert_no_error (error);
  fx->dir = g_build_filename (tmp, "server", "user", NULL);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *server = g_path_get_dirname (fx->dir);
  g_autofree char *top = g_path_get_dirname (server);

  ld_test_remove_tree (top);
  g_free (fx->dir);
}

static GBytes *
page_bytes (gint64      since,
            const char *changes,
            gint64      next)
{
  char *text = g_strdup_printf ("{\"changes\": [%s], \"next\": %" G_GINT64_FORMAT
                                ", \"last_seq\": %" G_GINT64_FORMAT "}", changes, next, next);

  return g_bytes_new_take (text, strlen (text));
}

static gboolean
apply_page (LdCache    *cache,
            GBytes     *page,
            gint64      since,
            GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  LdCacheFeedPage answer;

  ld_cache_apply_changes_async (cache, page, since, NULL, ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  return ld_cache_apply_changes_finish (cache, result, &answer, error);
}

static const char patient_change[] =
  "{\"seq\": 1, \"entity\": \"patient\", \"id\": \"5e1b3c2a-0000-4000-8000-000000000001\","
  " \"at\": \"2026-11-22T10:00:00.000Z\","
  " \"record\": {\"id\": \"5e1b3c2a-0000-4000-8000-000000000001\", \"mrn\": \"P000001\","
  "  \"name\": \"" NAME "\", \"sex\": \"female\", \"date_of_birth\": \"1990-01-01\","
  "  \"age_years\": null, \"phone\": \"+91 98450 77777\", \"email\": null, \"address\": null,"
  "  \"national_id\": null, \"version\": 1, \"created_at\": \"2026-11-22T10:00:00.000Z\","
  "  \"updated_at\": \"2026-11-22T10:00:00.000Z\"}}";

static gboolean
bytes_contain (GBytes     *bytes,
               const char *text)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  gsize n = strlen (text);

  for (gsize i = 0; i + n <= size; i++)
    if (memcmp (data + i, text, n) == 0)
      return TRUE;
  return FALSE;
}

static void
close_and_free (LdCache *cache)
{
  ld_cache_close (cache);
  while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
    ;
  g_assert_finalize_object (cache);
}

static void
test_encrypted_at_rest (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = page_bytes (0, patient_change, 1);
  g_autoptr(GBytes) disk = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  LdCache *cache;

  cache = ld_test_cache_open (fx->dir, LD_TEST_CACHE_PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (apply_page (cache, page, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ld_cache_get_last_seq (cache), ==, 1);

  /* While open, with the page still in the WAL, and after closing. */
  for (guint pass = 0; pass < 2; pass++)
    {
      disk = ld_test_read_dir_bytes (fx->dir);
      g_assert_cmpuint (g_bytes_get_size (disk), >, 4096);
      g_assert_false (bytes_contain (disk, "Zenobia"));
      g_assert_false (bytes_contain (disk, "98450"));
      g_assert_false (bytes_contain (disk, "SQLite format 3"));
      g_clear_pointer (&disk, g_bytes_unref);
      if (pass == 0)
        close_and_free (cache);
    }

  /* The right password opens it again, with the patient in it. */
  cache = ld_test_cache_open (fx->dir, LD_TEST_CACHE_PASSWORD, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_cache_get_last_seq (cache), ==, 1);
  ld_cache_get_record_async (cache, "patient", "5e1b3c2a-0000-4000-8000-000000000001", NULL,
                             ld_test_store_result_cb, &slot);
  result = ld_test_wait_result (&slot);
  record = ld_cache_get_record_finish (cache, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (record), "name"), ==, NAME);
  g_clear_object (&result);
  close_and_free (cache);
}

static void
test_wrong_password (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (fx->dir, "cache.db", NULL);
  g_autoptr(LdSqlite) plain = NULL;
  LdCache *cache;

  /* Nothing to open offline for a user never signed in here. */
  cache = ld_test_cache_open (fx->dir, LD_TEST_CACHE_PASSWORD, FALSE, &error);
  g_assert_error (error, LD_CACHE_ERROR, LD_CACHE_ERROR_NO_CACHE);
  g_assert_null (cache);
  g_clear_error (&error);

  cache = ld_test_cache_open (fx->dir, LD_TEST_CACHE_PASSWORD, TRUE, &error);
  g_assert_no_error (error);
  close_and_free (cache);

  cache = ld_test_cache_open (fx->dir, "not-the-password", FALSE, &error);
  g_assert_error (error, LD_CACHE_ERROR, LD_CACHE_ERROR_WRONG_PASSWORD);
  g_assert_null (cache);
  g_clear_error (&error);

  /* Nor does the file open as a plain SQLite database. */
  plain = ld_sqlite_open (db, LD_SQLITE_OPEN_READONLY, &error);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT);
  g_assert_null (plain);
}

static void
test_kinds_kept (Fixture       *fx,
                 gconstpointer  data)
{
  static const char changes[] =
    "{\"seq\": 3, \"entity\": \"result\", \"id\": \"r1\", \"at\": \"2026-11-22T10:00:00.000Z\","
    " \"record\": {\"id\": \"r1\", \"order_id\": \"o1\", \"state\": \"entered\", \"version\": 2}},"
    "{\"seq\": 4, \"entity\": \"alert\", \"id\": \"a1\", \"at\": \"2026-11-22T10:00:00.000Z\","
    " \"record\": {\"id\": \"a1\", \"order_id\": \"o1\", \"doctor_id\": \"d1\","
    "              \"acknowledged_at\": null, \"version\": 1}},"
    "{\"seq\": 5, \"entity\": \"gizmo\", \"id\": \"g1\", \"at\": \"2026-11-22T10:00:00.000Z\","
    " \"record\": {\"id\": \"g1\", \"colour\": \"teal\"}}";
  static const char * const entities[] = { "result", "alert", "gizmo" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = page_bytes (0, changes, 5);
  LdCache *cache = ld_test_cache_open (fx->dir, LD_TEST_CACHE_PASSWORD, TRUE, &error);

  g_assert_no_error (error);
  g_assert_true (apply_page (cache, page, 0, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GHashTable) records = NULL;
      GAsyncResult *slot = NULL;

      ld_cache_dump_async (cache, entities[i], NULL, ld_test_store_result_cb, &slot);
      result = ld_test_wait_result (&slot);
      records = ld_cache_dump_finish (cache, result, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_hash_table_size (records), ==, 1);
    }
  close_and_free (cache);
}

/* A page that cannot be read changes nothing, not even the position. */
static void
test_damaged_page (Fixture       *fx,
                   gconstpointer  data)
{
  static const char * const bad[] = {
    "{\"changes\": [",
    "{\"changes\": {}, \"next\": 1, \"last_seq\": 1}",
    "{\"changes\": [{\"seq\": 1, \"entity\": \"patient\", \"id\": \"x\", \"record\": 5}], "
    "\"next\": 1, \"last_seq\": 1}",
    "{\"changes\": [{\"seq\": 1, \"entity\": \"order\", \"id\": \"x\", \"record\": {\"id\": "
    "\"x\"}}], \"next\": 1, \"last_seq\": 1}",
    "{\"changes\": [], \"next\": \"1\", \"last_seq\": 1}",
  };
  g_autoptr(GError) error = NULL;
  LdCache *cache = ld_test_cache_open (fx->dir, LD_TEST_CACHE_PASSWORD, TRUE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) page = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GHashTable) orders = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      GAsyncResult *slot = NULL;

      g_assert_false (apply_page (cache, page, 0, &error));
      g_assert_error (error, LD_API_ERROR, LD_API_ERROR_INTERNAL);
      g_clear_error (&error);
      g_assert_cmpint (ld_cache_get_last_seq (cache), ==, 0);

      ld_cache_dump_async (cache, "order", NULL, ld_test_store_result_cb, &slot);
      result = ld_test_wait_result (&slot);
      orders = ld_cache_dump_finish (cache, result, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_hash_table_size (orders), ==, 0);
    }

  /* A page that does not start where the cache stands is refused. */
  {
    g_autoptr(GBytes) page = page_bytes (5, patient_change, 7);

    g_assert_false (apply_page (cache, page, 5, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpint (ld_cache_get_last_seq (cache), ==, 0);
  }
  close_and_free (cache);
}

/* The cache's database opened beside the cache, with the user's key: what
 * an older Labdesk left on disk, written here by hand. */
static LdSqlite *
open_raw (Fixture *fx)
{
  g_autofree char *db = g_build_filename (fx->dir, "cache.db", NULL);
  g_autofree char *key_path = g_build_filename (fx->dir, "cache.key", NULL);
  guint8 *key = sodium_malloc (LD_SQLITE_CRYPT_KEY_BYTES);
  g_autoptr(GError) error = NULL;
  LdSqlite *raw;

  g_assert_true (ld_cache_key_file_unlock (key_path, LD_TEST_CACHE_PASSWORD, key, &error));
  g_assert_no_error (error);
  g_assert_true (ld_sqlite_crypt_register (&error));
  ld_sqlite_crypt_set_key (db, key);
  sodium_free (key);
  raw = ld_sqlite_open_full (db, LD_SQLITE_OPEN_DEFAULT, LD_SQLITE_CRYPT_VFS,
                             LD_SQLITE_CRYPT_RESERVE_BYTES, &error);
  g_assert_no_error (error);
  return raw;
}

static char *
phone_key (Fixture *fx)
{
  g_autoptr(LdSqlite) raw = open_raw (fx);
  g_autoptr(GError) error = NULL;
  LdSqliteStmt *stmt =
    ld_sqlite_prepare_cached (raw, "SELECT phone_national FROM patients ORDER BY rowid LIMIT 1",
                              &error);

  g_assert_no_error (error);
  g_assert_cmpint (ld_sqlite_step (stmt, &error), ==, LD_SQLITE_ROW);
  return ld_sqlite_column_dup_text (stmt, 0);
}

/* A cache whose phone keys an older rule made (a number's last ten
 * digits, or anything else) has them made again when it opens, so the
 * patient is found by the number as typed without waiting for the record
 * to change. */
static void
test_stale_phone_keys_made_again (Fixture       *fx,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = page_bytes (0, patient_change, 1);
  g_autofree char *fresh = NULL;
  g_autofree char *again = NULL;
  LdCache *cache = ld_test_cache_open (fx->dir, LD_TEST_CACHE_PASSWORD, TRUE, &error);

  g_assert_no_error (error);
  g_assert_true (apply_page (cache, page, 0, &error));
  g_assert_no_error (error);
  close_and_free (cache);
  fresh = phone_key (fx);
  g_assert_cmpstr (fresh, ==, "9845077777");

  {
    g_autoptr(LdSqlite) raw = open_raw (fx);

    /* More than two of fill_phone_keys()' batches, a third of them with
     * no phone (their key stays NULL), so that each batch is seen to go
     * on where the last one ended. */
    g_assert_true (ld_sqlite_exec (raw, "UPDATE patients SET phone_national = '919845077777';"
                                        " WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL"
                                        "   SELECT i + 1 FROM n WHERE i < 1200)"
                                        " INSERT INTO patients (id, name_fold, phone_national,"
                                        "   version, record)"
                                        " SELECT 'extra-' || i, 'extra', NULL, 1,"
                                        "   json_object ('id', 'extra-' || i,"
                                        "   'phone', CASE WHEN i % 3 = 0 THEN NULL"
                                        "   ELSE '+91 9845' || printf ('%06d', i) END) FROM n;"
                                        " PRAGMA user_version = 8", &error));
    g_assert_no_error (error);
  }

  cache = ld_test_cache_open (fx->dir, LD_TEST_CACHE_PASSWORD, FALSE, &error);
  g_assert_no_error (error);
  close_and_free (cache);
  {
    g_autoptr(LdSqlite) raw = open_raw (fx);
    LdSqliteStmt *stmt = ld_sqlite_prepare_cached (
      raw, "SELECT count(*), sum (phone_national = '9845' || printf ('%06d',"
           " substr (id, 7))), sum (phone_national IS NULL AND substr (id, 7) % 3 = 0)"
           " FROM patients WHERE id LIKE 'extra-%'", &error);

    g_assert_no_error (error);
    g_assert_true (ld_sqlite_step (stmt, &error) == LD_SQLITE_ROW);
    g_assert_cmpint (ld_sqlite_column_int64 (stmt, 0), ==, 1200);
    g_assert_cmpint (ld_sqlite_column_int64 (stmt, 1), ==, 800);
    g_assert_cmpint (ld_sqlite_column_int64 (stmt, 2), ==, 400);
    ld_sqlite_reset (stmt);
  }
  again = phone_key (fx);
  g_assert_cmpstr (again, ==, "9845077777");
}

/* A record merged into another (the desk's review of a web
 * registration) stays in the cache but leaves its search: the name index
 * and the phone key. */
static void
test_merged_leaves_search (Fixture       *fx,
                           gconstpointer  data)
{
  static const char merged_change[] =
    "{\"seq\": 2, \"entity\": \"patient\", \"id\": \"5e1b3c2a-0000-4000-8000-000000000001\","
    " \"at\": \"2026-11-26T10:00:00.000Z\","
    " \"record\": {\"id\": \"5e1b3c2a-0000-4000-8000-000000000001\", \"mrn\": \"P000001\","
    "  \"name\": \"" NAME "\", \"sex\": \"female\", \"date_of_birth\": \"1990-01-01\","
    "  \"age_years\": null, \"phone\": \"+91 98450 77777\", \"email\": null, \"address\": null,"
    "  \"national_id\": null, \"version\": 2, \"created_at\": \"2026-11-22T10:00:00.000Z\","
    "  \"updated_at\": \"2026-11-26T10:00:00.000Z\","
    "  \"merged_into\": \"5e1b3c2a-0000-4000-8000-000000000002\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = page_bytes (0, patient_change, 1);
  g_autoptr(GBytes) second = page_bytes (1, merged_change, 2);
  LdCache *cache = ld_test_cache_open (fx->dir, LD_TEST_CACHE_PASSWORD, TRUE, &error);

  g_assert_no_error (error);
  g_assert_true (apply_page (cache, first, 0, &error));
  g_assert_no_error (error);
  g_assert_true (apply_page (cache, second, 1, &error));
  g_assert_no_error (error);
  close_and_free (cache);

  {
    g_autoptr(LdSqlite) raw = open_raw (fx);
    LdSqliteStmt *stmt = ld_sqlite_prepare_cached (
      raw,
      "SELECT (SELECT count(*) FROM patient_name_prefixes),"
      " (SELECT count(*) FROM patients WHERE phone_digits IS NULL AND version = 2)",
      &error);

    g_assert_no_error (error);
    g_assert_cmpint (ld_sqlite_step (stmt, &error), ==, LD_SQLITE_ROW);
    g_assert_cmpint (ld_sqlite_column_int64 (stmt, 0), ==, 0);
    g_assert_cmpint (ld_sqlite_column_int64 (stmt, 1), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ld_test_client_use_own_context ();

  g_test_add ("/client/cache/encrypted-at-rest", Fixture, NULL, fixture_setup,
              test_encrypted_at_rest, fixture_teardown);
  g_test_add ("/client/cache/wrong-password", Fixture, NULL, fixture_setup, test_wrong_password,
              fixture_teardown);
  g_test_add ("/client/cache/unknown-kinds-kept", Fixture, NULL, fixture_setup, test_kinds_kept,
              fixture_teardown);
  g_test_add ("/client/cache/stale-phone-keys-made-again", Fixture, NULL, fixture_setup,
              test_stale_phone_keys_made_again, fixture_teardown);
  g_test_add ("/client/cache/merged-leaves-search", Fixture, NULL, fixture_setup,
              test_merged_leaves_search, fixture_teardown);
  g_test_add ("/client/cache/damaged-page-changes-nothing", Fixture, NULL, fixture_setup,
              test_damaged_page, fixture_teardown);

  return g_test_run ();
}

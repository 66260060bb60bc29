/* test-shared-sqlite.c: the schema runner and the name index both programs use
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * shared/sqlite holds one migration runner and one word-start name index
 * for the server's database and the client's cache. The runner must order
 * files by their number whatever order their names sit in memory (the
 * cache once sorted them by pointer), and the index must find exactly
 * the patients the shared rule (ld_patient_query_matches_name()) matches,
 * in page order, also after the cache's upgrade that adds whole words.
 */

#include "config.h"

#include "ld-patient-rules.h"
#include "ld-sqlite-migrate.h"
#include "ld-sqlite-name-index.h"
#include "ld-test-server.h"
#include "ld-text.h"

#define CACHE_MIGRATIONS "/org/labdesk/Labdesk/cache/migrations"

/* The cache's compiled resource (its generated header may not exist yet
 * when this file compiles); calling it keeps it linked in. */
GResource *ld_cache_get_resource (void);

typedef struct
{
  char     *dir;
  LdSqlite *db;
} Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fx->dir = g_dir_make_tmp ("labdesk-shared-sqlite-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "test.db", NULL);
  fx->db = ld_sqlite_open (path, LD_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_pointer (&fx->db, ld_sqlite_close);
  ld_test_remove_tree (fx->dir);
  g_free (fx->dir);
}

static gint64
query_int (LdSqlite   *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_cmpint (ld_sqlite_step (stmt, &error), ==, LD_SQLITE_ROW);
  value = ld_sqlite_column_int64 (stmt, 0);
  g_assert_true (ld_sqlite_step_done (stmt, &error));
  g_assert_no_error (error);
  return value;
}

static void
test_sort_by_number (void)
{
  /* One block, later names first: sorting by where the names sit in
   * memory would keep this order, which is wrong. */
  static const char block[] = "10-tenth.sql\0" "0009-ninth.sql\0" "0002-second.sql\0"
                              "0001-first.sql";
  const char *names[4];
  const char *p = block;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++, p += strlen (p) + 1)
    names[i] = p;
  ld_sqlite_migrations_sort (names, G_N_ELEMENTS (names));

  g_assert_cmpstr (names[0], ==, "0001-first.sql");
  g_assert_cmpstr (names[1], ==, "0002-second.sql");
  g_assert_cmpstr (names[2], ==, "0009-ninth.sql");
  g_assert_cmpstr (names[3], ==, "10-tenth.sql");
  g_assert_cmpint (ld_sqlite_migration_number ("0010-x.sql"), ==, 10);
  g_assert_cmpint (ld_sqlite_migration_number ("x-0010.sql"), ==, 0);
}

static void
test_migrate_in_number_order (Fixture       *fx,
                              gconstpointer  data)
{
  /* The second needs the first's table: applied out of order it fails. */
  static const LdSqliteMigration migrations[] = {
    { "0003-third.sql", "INSERT INTO t (a, b) VALUES (1, 2)" },
    { "0002-second.sql", "ALTER TABLE t ADD COLUMN b INTEGER" },
    { "0001-first.sql", "CREATE TABLE t (a INTEGER)" },
  };
  g_autoptr(GError) error = NULL;
  gint64 version;

  g_assert_true (ld_sqlite_migrate_list (fx->db, migrations, G_N_ELEMENTS (migrations), &error));
  g_assert_no_error (error);
  g_assert_true (ld_sqlite_get_user_version (fx->db, &version, &error));
  g_assert_cmpint (version, ==, 3);
  g_assert_cmpint (query_int (fx->db, "SELECT a + b FROM t"), ==, 3);

  /* Up to date: nothing runs again. */
  g_assert_true (ld_sqlite_migrate_list (fx->db, migrations, G_N_ELEMENTS (migrations), &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fx->db, "SELECT count(*) FROM t"), ==, 1);

  /* A newer database is refused and left as it is. */
  g_assert_false (ld_sqlite_migrate_list (fx->db, &migrations[1], 2, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "schema 3, this program knows 2"));
  g_assert_true (ld_sqlite_get_user_version (fx->db, &version, NULL));
  g_assert_cmpint (version, ==, 3);
}

/* Two files of one number are a packaging mistake, refused before any
 * change: the second would otherwise never run. */
static void
test_duplicate_numbers_refused (Fixture       *fx,
                                gconstpointer  data)
{
  static const LdSqliteMigration migrations[] = {
    { "0001-first.sql", "CREATE TABLE t (a INTEGER)" },
    { "0002-mine.sql", "CREATE TABLE u (a INTEGER)" },
    { "0002-theirs.sql", "CREATE TABLE v (a INTEGER)" },
  };
  gint64 version;

  g_test_expect_message ("ld-sqlite", G_LOG_LEVEL_CRITICAL, "*number*");
  g_assert_false (ld_sqlite_migrate_list (fx->db, migrations, G_N_ELEMENTS (migrations), NULL));
  g_test_assert_expected_messages ();
  g_assert_true (ld_sqlite_get_user_version (fx->db, &version, NULL));
  g_assert_cmpint (version, ==, 0);
}

static void
test_failed_step_keeps_version (Fixture       *fx,
                                gconstpointer  data)
{
  static const LdSqliteMigration migrations[] = {
    { "0001-first.sql", "CREATE TABLE t (a INTEGER)" },
    { "0002-broken.sql", "CREATE TABLE u (a INTEGER); INSERT INTO nowhere VALUES (1)" },
  };
  g_autoptr(GError) error = NULL;
  gint64 version;

  g_assert_false (ld_sqlite_migrate_list (fx->db, migrations, G_N_ELEMENTS (migrations), &error));
  g_assert_nonnull (error);
  g_assert_true (ld_sqlite_get_user_version (fx->db, &version, NULL));
  g_assert_cmpint (version, ==, 1);
  g_assert_cmpint (query_int (fx->db, "SELECT count(*) FROM sqlite_master WHERE name = 'u'"),
                   ==, 0);
}

/* The client's cache has two migrations, the second on the first's
 * tables: both listed in number order and applied. */
static void
test_cache_migrations (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  gint64 version;

  (void) ld_cache_get_resource ();
  names = ld_sqlite_migrations_list (CACHE_MIGRATIONS);
  g_assert_cmpuint (g_strv_length (names), >=, 2);
  for (guint i = 1; names[i] != NULL; i++)
    g_assert_cmpint (ld_sqlite_migration_number (names[i - 1]), <,
                     ld_sqlite_migration_number (names[i]));

  g_assert_true (ld_sqlite_migrate (fx->db, CACHE_MIGRATIONS, &error));
  g_assert_no_error (error);
  g_assert_true (ld_sqlite_get_user_version (fx->db, &version, &error));
  g_assert_cmpint (version, ==, ld_sqlite_migrations_latest (CACHE_MIGRATIONS));
  g_assert_cmpint (version, ==, ld_sqlite_migration_number (names[g_strv_length (names) - 1]));
}

/* clang-format off */
static const char * const register_names[] = {
  "Amit Kulkarni", "Amit Kumar", "Amita Rao", "Kumari Devi", "Ram Kumar", "Ramesh Kulkarni",
  "Kulbhushan Amit", "Priya Sharma", "José Álvarez", "Ku Li", "Kumar Kumar", "Amit",
  "Zoë O'Brien", "प्रिया शर्मा", "Anita Ku", "Kuldeep Amitabh Rao", "Sharmila Kumari",
};
/* clang-format on */

/* clang-format off */
static const char * const queries[] = {
  "ku", "kum", "kuma", "kumar", "kulk", "amit", "amit ku", "ku amit", "rao ami", "k a r",
  "jose alv", "o'b", "प्रि", "sharm", "kumari devi", "kumar kumar", "nobody", "a", "ram kum",
};
/* clang-format on */

static char *
patient_id (guint i)
{
  return g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
}

static void
insert_patients (LdSqlite *db,
                 gboolean  whole_words)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (register_names); i++)
    {
      g_autofree char *id = patient_id (i);
      g_autofree char *fold = ld_text_fold (register_names[i]);
      LdSqliteStmt *stmt;

      stmt = ld_sqlite_prepare_cached (db, "INSERT INTO patients (id, name_fold, version, record)"
                                           " VALUES (?1, ?2, 1, '{}')", &error);
      g_assert_no_error (error);
      ld_sqlite_bind_text (stmt, 1, id);
      ld_sqlite_bind_text (stmt, 2, fold);
      g_assert_true (ld_sqlite_step_done (stmt, &error));
      g_assert_no_error (error);

      if (whole_words)
        {
          g_assert_true (ld_sqlite_name_index_update (db, id, NULL, fold, &error));
          g_assert_no_error (error);
          continue;
        }

      /* As the cache stored names before its second migration: starts of
       * one to three letters only. */
      {
        g_autoptr(GPtrArray) starts = ld_patient_name_word_starts (fold, 3, FALSE);

        for (guint s = 0; s < starts->len; s++)
          {
            stmt = ld_sqlite_prepare_cached (db, "INSERT INTO patient_name_prefixes"
                                                 " (prefix, name_fold, patient_id)"
                                                 " VALUES (?1, ?2, ?3)", &error);
            g_assert_no_error (error);
            ld_sqlite_bind_text (stmt, 1, g_ptr_array_index (starts, s));
            ld_sqlite_bind_text (stmt, 2, fold);
            ld_sqlite_bind_text (stmt, 3, id);
            g_assert_true (ld_sqlite_step_done (stmt, &error));
            g_assert_no_error (error);
          }
      }
    }
}

static gboolean
collect_cb (const char *name_fold,
            const char *id,
            gpointer    user_data)
{
  GPtrArray *keys = user_data;

  g_ptr_array_add (keys, g_strdup_printf ("%s\t%s", name_fold, id));
  return TRUE;
}

static gboolean
take_two_cb (const char *name_fold,
             const char *id,
             gpointer    user_data)
{
  GPtrArray *keys = user_data;

  g_ptr_array_add (keys, g_strdup_printf ("%s\t%s", name_fold, id));
  return keys->len % 2 != 0;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* What the rule says, by reading every name. */
static GPtrArray *
expected_matches (const LdPatientQuery *query)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (register_names); i++)
    {
      g_autofree char *fold = ld_text_fold (register_names[i]);
      g_autofree char *id = patient_id (i);

      if (ld_patient_query_matches_name (query, fold))
        g_ptr_array_add (keys, g_strdup_printf ("%s\t%s", fold, id));
    }
  g_ptr_array_sort (keys, compare_keys);
  return keys;
}

static void
check_every_query (LdSqlite *db)
{
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_auto(LdPatientQuery) query = { 0 };
      g_autoptr(GPtrArray) expected = NULL;
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) paged = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      const char *reason = NULL;
      const char * const *words;
      gint64 count;

      g_assert_true (ld_patient_query_parse (queries[q], &query, &reason));
      g_assert_cmpint (query.kind, ==, LD_PATIENT_QUERY_NAME);
      words = (const char * const *) query.words;
      expected = expected_matches (&query);

      g_assert_true (
        ld_sqlite_name_index_search (db, words, NULL, NULL, 25, collect_cb, found, &error));
      g_assert_no_error (error);
      if (found->len != expected->len)
        g_error ("“%s”: the index found %u, the rule %u", queries[q], found->len, expected->len);
      for (guint i = 0; i < found->len; i++)
        g_assert_cmpstr (g_ptr_array_index (found, i), ==, g_ptr_array_index (expected, i));

      /* Page by page from the cursor, two at a time: the same list. */
      for (;;)
        {
          guint before = paged->len;
          g_auto(GStrv) last = NULL;

          if (before > 0)
            last = g_strsplit (g_ptr_array_index (paged, before - 1), "\t", 2);
          g_assert_true (ld_sqlite_name_index_search (db, words, last ? last[0] : NULL,
                                                      last ? last[1] : NULL, 2, take_two_cb,
                                                      paged, &error));
          g_assert_no_error (error);
          if (paged->len == before)
            break;
        }
      g_assert_cmpuint (paged->len, ==, expected->len);
      for (guint i = 0; i < paged->len; i++)
        g_assert_cmpstr (g_ptr_array_index (paged, i), ==, g_ptr_array_index (expected, i));

      g_assert_true (ld_sqlite_name_index_count (db, words, NULL, NULL, &count, &error));
      g_assert_no_error (error);
      g_assert_cmpint (count, ==, expected->len);
      if (expected->len > 1)
        {
          g_auto(GStrv) place = g_strsplit (g_ptr_array_index (expected, 1), "\t", 2);

          g_assert_true (
            ld_sqlite_name_index_count (db, words, place[0], place[1], &count, &error));
          g_assert_no_error (error);
          g_assert_cmpint (count, ==, 1);
        }
    }
}

/* A fresh cache: every name indexed by the shared code. */
static void
test_index_is_the_rule (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) ld_cache_get_resource ();
  g_assert_true (ld_sqlite_migrate (fx->db, CACHE_MIGRATIONS, &error));
  g_assert_no_error (error);
  insert_patients (fx->db, TRUE);
  check_every_query (fx->db);

  /* A rename moves the rows; a removal drops them. */
  {
    g_autofree char *id = patient_id (0);
    g_autofree char *old_fold = ld_text_fold (register_names[0]);
    gint64 rows;

    g_assert_true (ld_sqlite_name_index_update (fx->db, id, old_fold, "amit kulkarni-rao", &error));
    g_assert_no_error (error);
    g_assert_cmpint (query_int (fx->db, "SELECT count(*) FROM patient_name_prefixes"
                                        " WHERE prefix = 'kulkarni-rao'"), ==, 1);
    g_assert_true (ld_sqlite_name_index_update (fx->db, id, "amit kulkarni-rao", NULL, &error));
    g_assert_no_error (error);
    rows = query_int (fx->db, "SELECT count(*) FROM patient_name_prefixes"
                              " WHERE patient_id = '00000000-0000-4000-8000-000000000000'");
    g_assert_cmpint (rows, ==, 0);
  }
}

/* A cache made before whole words were indexed, brought up to date by
 * its second migration, answers as a fresh one. */
static void
test_cache_upgrade_indexes_whole_words (Fixture       *fx,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autofree char *first_sql = NULL;
  LdSqliteMigration migration = { "0001-cache.sql", NULL };

  (void) ld_cache_get_resource ();
  first = g_resources_lookup_data (CACHE_MIGRATIONS "/0001-cache.sql", 0, &error);
  g_assert_no_error (error);
  first_sql = g_strndup (g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  migration.sql = first_sql;
  g_assert_true (ld_sqlite_migrate_list (fx->db, &migration, 1, &error));
  g_assert_no_error (error);

  insert_patients (fx->db, FALSE);
  g_assert_true (ld_sqlite_migrate (fx->db, CACHE_MIGRATIONS, &error));
  g_assert_no_error (error);
  check_every_query (fx->db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared/sqlite/migrations/sorted-by-number", test_sort_by_number);
  g_test_add ("/shared/sqlite/migrations/applied-in-number-order", Fixture, NULL,
              fixture_setup, test_migrate_in_number_order, fixture_teardown);
  g_test_add ("/shared/sqlite/migrations/duplicate-numbers-refused", Fixture, NULL,
              fixture_setup, test_duplicate_numbers_refused, fixture_teardown);
  g_test_add ("/shared/sqlite/migrations/failed-step-keeps-version", Fixture, NULL,
              fixture_setup, test_failed_step_keeps_version, fixture_teardown);
  g_test_add ("/shared/sqlite/migrations/cache-two-in-order", Fixture, NULL,
              fixture_setup, test_cache_migrations, fixture_teardown);
  g_test_add ("/shared/sqlite/name-index/finds-what-the-rule-matches", Fixture, NULL,
              fixture_setup, test_index_is_the_rule, fixture_teardown);
  g_test_add ("/shared/sqlite/name-index/cache-upgrade-adds-whole-words", Fixture, NULL,
              fixture_setup, test_cache_upgrade_indexes_whole_words, fixture_teardown);

  return g_test_run ();
}

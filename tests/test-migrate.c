/* test-migrate.c: `labdesk-server migrate` copies a lab's SQLite database
 * into PostgreSQL with every record and the audit chain intact
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 19: one demo database (`demo --patients N`, the story and more
 * patients with their orders) is made by the real binary and migrated into
 * a throwaway cluster (ld-test-pg.c). Then, on both sides: rows in every
 * table, `check`, a sample of patients, orders (with their payments) and
 * results read field by field through the API of a real server on each
 * backend, and what the next registration gets on PostgreSQL. The refusals
 * come first, on databases of their own.
 *
 * LABDESK_TEST_MIGRATE_PATIENTS sets the register's size (default 700:
 * the story's 600 and a crowd, whose newest patient is sampled); the
 * 100,000-patient figures are the README's, made the same way. The demo
 * is most of the run, so it is made once, in memory where the machine
 * has it (ld_test_dir_make_tmp_in_memory()), and migrated once; every
 * case reads that one copy, the refusals on databases of their own.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ld-sqlite.h"
#include "ld-test-http.h"
#include "ld-test-pg.h"

#define DEFAULT_PATIENTS 700
/* Records read through both servers, spread evenly over each table. */
#define SAMPLE_SIZE 25

static char *tmpdir;
static char *sqlite_path;
static char *config_path;
static char *pg_uri;
static char *pg_database;
static char *migrate_out;

static char *
write_config (const char *name)
{
  g_autofree char *key = g_strdup_printf ("%s/%s.audit-key", tmpdir, name);
  g_autofree char *head = g_strdup_printf ("%s/%s.audit-head", tmpdir, name);
  g_autofree char *text = g_strdup_printf ("[server]\naudit-key=%s\naudit-head=%s\n", key, head);
  g_autofree char *path = g_strdup_printf ("%s/%s.conf", tmpdir, name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static int
run_migrate (const char  *from,
             const char  *uri,
             const char  *config,
             char       **out,
             char       **err)
{
  const char *args[] = { "migrate", "--from", from, "--db", uri, "--config", config, NULL };

  return ld_test_run_server_command (args, out, err);
}

static void
assert_refused (const char *from,
                const char *uri,
                const char *config,
                const char *because)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_migrate (from, uri, config, &out, &err), ==, 1);
  if (strstr (err, because) == NULL)
    g_error ("migrate was refused, but not because “%s”: %s", because, err);
}

/* Every table the SQLite database has, from its own catalogue. */
static GPtrArray *
list_tables (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (sqlite_path, LD_SQLITE_OPEN_READONLY, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  LdSqliteStmt *stmt;
  LdSqliteStep step;

  g_assert_no_error (error);
  stmt = ld_sqlite_prepare_cached (db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                   "AND name NOT LIKE 'sqlite%' ORDER BY name", &error);
  g_assert_no_error (error);
  while ((step = ld_sqlite_step (stmt, &error)) == LD_SQLITE_ROW)
    g_ptr_array_add (names, ld_sqlite_column_dup_text (stmt, 0));
  g_assert_cmpint (step, ==, LD_SQLITE_DONE);
  return g_steal_pointer (&names);
}

/* Every @step-th value of @sql's first column, in the SQLite database. */
static GPtrArray *
sample_ids (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = ld_sqlite_open (sqlite_path, LD_SQLITE_OPEN_READONLY, &error);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *sample = g_ptr_array_new_with_free_func (g_free);
  LdSqliteStmt *stmt;

  g_assert_no_error (error);
  stmt = ld_sqlite_prepare_cached (db, sql, &error);
  g_assert_no_error (error);
  while (ld_sqlite_step (stmt, &error) == LD_SQLITE_ROW)
    g_ptr_array_add (all, ld_sqlite_column_dup_text (stmt, 0));
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 0);

  for (guint i = 0; i < all->len; i += MAX (all->len / SAMPLE_SIZE, 1))
    g_ptr_array_add (sample, g_strdup (g_ptr_array_index (all, i)));
  /* The newest too: the crowd's, made last. */
  g_ptr_array_add (sample, g_strdup (g_ptr_array_index (all, all->len - 1)));
  return sample;
}

static void
test_refuses_a_sqlite_target (void)
{
  g_autofree char *other = g_build_filename (tmpdir, "other.db", NULL);

  assert_refused (sqlite_path, other, config_path, "must be a PostgreSQL URI");
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

static void
test_refuses_an_older_schema (void)
{
  g_autofree char *old = g_build_filename (tmpdir, "old.db", NULL);
  g_autofree char *config = write_config ("old-target");
  g_autofree char *database = ld_test_pg_create_database (NULL);
  g_autofree char *uri = ld_test_pg_dup_uri (database);
  g_autoptr(GFile) from = g_file_new_for_path (sqlite_path);
  g_autoptr(GFile) to = g_file_new_for_path (old);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSqlite) db = NULL;

  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  db = ld_sqlite_open (old, LD_SQLITE_OPEN_NO_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (ld_sqlite_exec (db, "PRAGMA user_version = 26", &error));
  g_clear_pointer (&db, ld_sqlite_close);

  assert_refused (old, uri, config, "schema 26");
  /* Nothing was made on PostgreSQL. */
  g_assert_cmpint (ld_test_pg_query_int (uri, "SELECT count(*) FROM information_schema.tables "
                                              "WHERE table_schema = current_schema ()"), ==, 0);
  ld_test_pg_drop_database (database);
}

/* The same lab twice into one database: the second is refused, whatever
 * it would have merged. Runs after the copy. */
static void
test_refuses_a_target_with_rows (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 patients = ld_test_pg_query_int (pg_uri, "SELECT count(*) FROM patients");

  g_assert_cmpint (run_migrate (sqlite_path, pg_uri, config_path, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "is not empty"));
  g_assert_cmpint (ld_test_pg_query_int (pg_uri, "SELECT count(*) FROM patients"), ==, patients);
}

/* An audit key already where the copy's goes, and not the lab's: the
 * copied chain could never be checked with it. */
static void
test_refuses_another_labs_key (void)
{
  g_autofree char *config = write_config ("stranger");
  g_autofree char *key = g_build_filename (tmpdir, "stranger.audit-key", NULL);
  g_autofree char *database = ld_test_pg_create_database (NULL);
  g_autofree char *uri = ld_test_pg_dup_uri (database);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (key, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
                       -1, &error);
  g_assert_no_error (error);
  assert_refused (sqlite_path, uri, config, "is not the SQLite database's");
  ld_test_pg_drop_database (database);
}

static void
test_copies_and_checks_both_sides (void)
{
  g_assert_nonnull (strstr (migrate_out, "Source: schema"));
  g_assert_nonnull (strstr (migrate_out, "tables: the same rows, value for value"));
  g_assert_nonnull (strstr (migrate_out, "audit chain: ok on both"));
}

static void
test_every_table_has_every_row (void)
{
  g_autoptr(GPtrArray) tables = list_tables ();

  g_assert_cmpuint (tables->len, >=, 25);
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
      gint64 in_sqlite = ld_test_query_int (sqlite_path, sql);
      gint64 in_pg = ld_test_pg_query_int (pg_uri, sql);

      if (in_sqlite != in_pg)
        g_error ("%s: %" G_GINT64_FORMAT " rows in SQLite, %" G_GINT64_FORMAT " in PostgreSQL",
                 table, in_sqlite, in_pg);
    }
}

static void
assert_check_passes (const char * const *args)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (ld_test_run_server_command (args, &out, &err) != 0)
    g_error ("check failed: %s%s", out, err);
  g_assert_nonnull (strstr (out, "database: ok"));
  g_assert_nonnull (strstr (out, "audit chain: ok"));
}

static void
test_check_passes_on_both (void)
{
  const char *on_sqlite[] = { "check", "--db", sqlite_path, NULL };
  const char *on_pg[] = { "check", "--db", pg_uri, "--config", config_path, NULL };

  assert_check_passes (on_sqlite);
  assert_check_passes (on_pg);
}

/* The two servers, and a user signed in on each. */
typedef struct
{
  LdTestServer *on_sqlite;
  LdTestServer *on_pg;
  char         *sqlite_token;
  char         *pg_token;
} BothSides;

/* GETs @prefix, each of @ids, @suffix from both servers and asserts the
 * two answers are the same JSON, member for member. */
static void
assert_same_answers (const BothSides *both,
                     const char      *prefix,
                     GPtrArray       *ids,
                     const char      *suffix)
{
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *path = g_strconcat (prefix, g_ptr_array_index (ids, i), suffix, NULL);
      g_autoptr(LdTestResponse) a = ld_test_get (both->on_sqlite, path, both->sqlite_token);
      g_autoptr(LdTestResponse) b = ld_test_get (both->on_pg, path, both->pg_token);
      g_autoptr(JsonParser) parser_a = json_parser_new ();
      g_autoptr(JsonParser) parser_b = json_parser_new ();
      g_autoptr(GError) error = NULL;

      ld_test_assert_status (a, 200);
      ld_test_assert_status (b, 200);
      json_parser_load_from_data (parser_a, a->body, -1, &error);
      g_assert_no_error (error);
      json_parser_load_from_data (parser_b, b->body, -1, &error);
      g_assert_no_error (error);
      if (!json_node_equal (json_parser_get_root (parser_a), json_parser_get_root (parser_b)))
        g_error ("GET %s differs:\nSQLite:     %s\nPostgreSQL: %s", path, a->body, b->body);
    }
}

static void
test_sample_reads_the_same (void)
{
  const char *pg_args[] = { "--config", config_path, NULL };
  g_autoptr(LdTestServer) on_sqlite = ld_test_server_spawn (sqlite_path, NULL);
  g_autoptr(LdTestServer) on_pg = ld_test_server_spawn (pg_uri, pg_args);
  g_autofree char *desk_sqlite = ld_test_login (on_sqlite, "reception", "reception-demo");
  g_autofree char *desk_pg = ld_test_login (on_pg, "reception", "reception-demo");
  g_autofree char *lab_sqlite = ld_test_login (on_sqlite, "technician", "technician-demo");
  g_autofree char *lab_pg = ld_test_login (on_pg, "technician", "technician-demo");
  BothSides desk = { on_sqlite, on_pg, desk_sqlite, desk_pg };
  BothSides lab = { on_sqlite, on_pg, lab_sqlite, lab_pg };
  g_autoptr(GPtrArray) patients = sample_ids ("SELECT id FROM patients ORDER BY rowid");
  g_autoptr(GPtrArray) orders = sample_ids ("SELECT id FROM orders ORDER BY rowid");
  g_autoptr(GPtrArray) paid =
               sample_ids ("SELECT DISTINCT order_id FROM payments ORDER BY order_id");
  g_autoptr(GPtrArray) resulted = sample_ids ("SELECT DISTINCT order_id FROM results "
                                               "WHERE state IN ('verified', 'released', 'amended') "
                                               "ORDER BY order_id");

  assert_same_answers (&desk, "/api/v1/patients/", patients, "");
  /* An order carries its items, money and every payment attempt. */
  assert_same_answers (&desk, "/api/v1/orders/", orders, "");
  assert_same_answers (&desk, "/api/v1/orders/", paid, "");
  assert_same_answers (&lab, "/api/v1/orders/", resulted, "/results");
}

/* After the copy, PostgreSQL gives out what comes next: a new MRN, a new
 * order number, a feed seq after the copied ones, an audit event linked to
 * the copied chain. */
static void
test_new_records_follow_the_copied_ones (void)
{
  const char *pg_args[] = { "--config", config_path, NULL };
  g_autoptr(LdTestServer) on_pg = ld_test_server_spawn (pg_uri, pg_args);
  g_autofree char *token = ld_test_login (on_pg, "reception", "reception-demo");
  const char *check[] = { "check", "--db", pg_uri, "--config", config_path, NULL };
  gint64 last_seq = ld_test_query_int (sqlite_path, "SELECT max(seq) FROM changes");
  gint64 patients = ld_test_query_int (sqlite_path, "SELECT count(*) FROM patients");
  g_autoptr(LdTestResponse) created = NULL;
  g_autoptr(LdTestResponse) order = NULL;
  g_autofree char *mrn_sql = NULL;
  g_autofree char *order_body = NULL;
  g_autofree char *number_sql = NULL;

  created =
    ld_test_send_json (on_pg, "POST", "/api/v1/patients", token,
                       "{\"name\": \"Nandini Rao\", \"sex\": \"female\", "
                       "\"date_of_birth\": \"1990-04-02\", \"phone\": \"+91 90000 00001\"}");
  ld_test_assert_status (created, 201);
  mrn_sql = g_strdup_printf ("SELECT count(*) FROM patients WHERE mrn >= '%s'",
                             ld_test_response_get_string (created, "patient.mrn"));
  g_assert_cmpint (ld_test_pg_query_int (pg_uri, mrn_sql), ==, 1);
  g_assert_cmpint (ld_test_pg_query_int (pg_uri, "SELECT count(*) FROM patients"), ==,
                   patients + 1);

  order_body = g_strdup_printf ("{\"patient_id\": \"%s\", \"items\": [\"CBC\"]}",
                                ld_test_response_get_string (created, "patient.id"));
  order = ld_test_send_json (on_pg, "POST", "/api/v1/orders", token, order_body);
  ld_test_assert_status (order, 201);
  number_sql = g_strdup_printf ("SELECT count(*) FROM orders WHERE number = '%s'",
                                ld_test_response_get_string (order, "order.number"));
  g_assert_cmpint (ld_test_pg_query_int (pg_uri, number_sql), ==, 1);
  g_assert_cmpint (ld_test_query_int (sqlite_path, number_sql), ==, 0);

  g_assert_cmpint (ld_test_pg_query_int (pg_uri, "SELECT min(seq) FROM changes WHERE entity_id IN "
                                                 "(SELECT id FROM patients WHERE name = "
                                                 "'Nandini Rao')"), >, last_seq);
  g_clear_pointer (&on_pg, ld_test_server_free);
  assert_check_passes (check);
}

int
main (int   argc,
      char *argv[])
{
  const char *size = g_getenv ("LABDESK_TEST_MIGRATE_PATIENTS");
  g_autofree char *patients = g_strdup (size != NULL ? size : G_STRINGIFY (DEFAULT_PATIENTS));
  g_autofree char *demo_out = NULL;
  g_autofree char *demo_err = NULL;
  g_autofree char *migrate_err = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* In memory where the machine has it: the demo's 5,500 requests each
   * waited for a sync of the log, most of its time (78 s of 124 s in a
   * debug build), and this test is about the copy, not the disk. */
  tmpdir = ld_test_dir_make_tmp_in_memory ("labdesk-migrate-XXXXXX");
  sqlite_path = g_build_filename (tmpdir, "lab.db", NULL);
  config_path = write_config ("pg");

  /* Made once for every test: the demo alone is most of the run. */
  {
    const char *args[] = { "demo", "--db", sqlite_path, "--patients", patients, NULL };
    gint64 started = g_get_monotonic_time ();

    if (ld_test_run_server_command (args, &demo_out, &demo_err) != 0)
      g_error ("demo failed: %s%s", demo_out, demo_err);
    g_test_message ("demo --patients %s: %.1f s", patients,
                    (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  }
  pg_database = ld_test_pg_create_database (NULL);
  pg_uri = ld_test_pg_dup_uri (pg_database);

  g_test_add_func ("/migrate/refuses-a-sqlite-target", test_refuses_a_sqlite_target);
  g_test_add_func ("/migrate/refuses-an-older-schema", test_refuses_an_older_schema);
  g_test_add_func ("/migrate/refuses-another-labs-key", test_refuses_another_labs_key);
  g_test_add_func ("/migrate/copies-and-checks-both-sides", test_copies_and_checks_both_sides);
  g_test_add_func ("/migrate/every-table-has-every-row", test_every_table_has_every_row);
  g_test_add_func ("/migrate/check-passes-on-both", test_check_passes_on_both);
  g_test_add_func ("/migrate/sample-reads-the-same", test_sample_reads_the_same);
  g_test_add_func ("/migrate/refuses-a-target-with-rows", test_refuses_a_target_with_rows);
  g_test_add_func ("/migrate/new-records-follow-the-copied-ones",
                   test_new_records_follow_the_copied_ones);

  /* The copy itself, before the tests read it; its output is checked by
   * copies-and-checks-both-sides. */
  if (run_migrate (sqlite_path, pg_uri, config_path, &migrate_out, &migrate_err) != 0)
    g_error ("migrate failed: %s%s", migrate_out, migrate_err);
  g_test_message ("%s", migrate_out);

  status = g_test_run ();

  ld_test_pg_drop_database (pg_database);
  ld_test_pg_stop ();
  ld_test_remove_tree (tmpdir);
  g_free (pg_database);
  g_free (pg_uri);
  g_free (migrate_out);
  g_free (config_path);
  g_free (sqlite_path);
  g_free (tmpdir);
  return status;
}

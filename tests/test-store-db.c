/* test-store-db.c: the store's statement vocabulary, on SQLite and on PostgreSQL
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ld-test-pg.h"
#include "store/ld-db-pg-error.h"
#include "store/ld-db-pg-sql.h"
#include "store/ld-db-pg.h"
#include "store/ld-db-sqlite.h"

/* Every test runs once per backend, on the same SQL; only the table
 * definitions differ (BLOB is BYTEA on PostgreSQL). */
typedef struct
{
  LdDbBackend  backend;
  char        *dir;
  LdDb        *db;
} Fixture;

static const char drop_sql[] = "DROP TABLE IF EXISTS kinds; DROP TABLE IF EXISTS people";
static const char sqlite_schema[] =
  "CREATE TABLE kinds (id BIGINT PRIMARY KEY, t TEXT, i BIGINT, d DOUBLE PRECISION,"
  "                    b BLOB, f BOOLEAN);"
  "CREATE TABLE people (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE)";
static const char pg_schema[] =
  "CREATE TABLE kinds (id BIGINT PRIMARY KEY, t TEXT, i BIGINT, d DOUBLE PRECISION,"
  "                    b BYTEA, f BOOLEAN);"
  "CREATE TABLE people (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE)";

static LdDb *
open_db (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  LdDb *db;

  if (fx->backend == LD_DB_SQLITE)
    {
      g_autofree char *path = g_build_filename (fx->dir, "vocabulary.db", NULL);

      db = ld_db_sqlite_open (path, LD_SQLITE_OPEN_DEFAULT, &error);
    }
  else
    db = ld_db_pg_open (ld_test_pg_start (), &error);

  g_assert_no_error (error);
  g_assert_cmpint (ld_db_get_backend (db), ==, fx->backend);
  return db;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->backend = GPOINTER_TO_INT (data);
  if (fx->backend == LD_DB_SQLITE)
    {
      fx->dir = g_dir_make_tmp ("ld-store-db-XXXXXX", &error);
      g_assert_no_error (error);
    }
  fx->db = open_db (fx);

  /* The PostgreSQL database is the process's: each test starts it afresh. */
  g_assert_true (ld_db_exec (fx->db, drop_sql, &error));
  g_assert_no_error (error);
  g_assert_true (
    ld_db_exec (fx->db, fx->backend == LD_DB_SQLITE ? sqlite_schema : pg_schema, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_pointer (&fx->db, ld_db_close);
  if (fx->dir == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s/vocabulary.db%s", fx->dir, suffixes[i]);

      g_unlink (file);
    }
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

static LdDbStmt *
prepare (Fixture    *fx,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt = ld_db_prepare_cached (fx->db, sql, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  return stmt;
}

static void
step_done (LdDbStmt *stmt)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_db_step_done (stmt, &error));
  g_assert_no_error (error);
}

static void
step_row (LdDbStmt *stmt)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
  g_assert_no_error (error);
}

static void
insert_person (Fixture    *fx,
               gint64      id,
               const char *name)
{
  LdDbStmt *stmt = prepare (fx, "INSERT INTO people (id, name) VALUES (?1, ?2)");

  ld_db_bind_int64 (stmt, 1, id);
  ld_db_bind_text (stmt, 2, name);
  step_done (stmt);
}

/* The names in id order, joined by spaces. */
static char *
dup_names (Fixture *fx)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt = prepare (fx, "SELECT name FROM people ORDER BY id");
  LdDbStep step;

  while ((step = ld_db_step (stmt, &error)) == LD_DB_ROW)
    g_string_append_printf (names, "%s%s", names->len > 0 ? " " : "",
                            ld_db_column_text (stmt, 0));
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, LD_DB_DONE);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
assert_rewrite (const char *sql,
                const char *expected,
                guint       expected_n,
                const char *expected_used)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *used = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) used_text = g_string_new (NULL);
  guint n = 0;

  text = ld_db_pg_rewrite_parameters (sql, &n, &used, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpuint (n, ==, expected_n);
  for (guint i = 0; i < n; i++)
    g_string_append_c (used_text, used[i] ? 'x' : '-');
  g_assert_cmpstr (used_text->str, ==, expected_used);
}

static void
assert_rewrite_refused (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *used = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  text = ld_db_pg_rewrite_parameters (sql, &n, &used, &error);
  g_assert_null (text);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO);
}

static void
test_rewrite_parameters (void)
{
  assert_rewrite ("SELECT 1", "SELECT 1", 0, "");
  assert_rewrite ("SELECT a FROM t WHERE a = ?1 AND b = ?2",
                  "SELECT a FROM t WHERE a = $1 AND b = $2", 2, "xx");
  /* ?10 is parameter ten, not ?1 followed by a 0. */
  assert_rewrite ("VALUES (?10, ?1)", "VALUES ($10, $1)", 10, "x--------x");
  /* A bare ? is one more than the largest so far, as in SQLite. */
  assert_rewrite ("VALUES (?, ?5, ?, ?1)", "VALUES ($1, $5, $6, $1)", 6, "x---xx");
  assert_rewrite ("SELECT '?1', 'it''s ?2', ?1", "SELECT '?1', 'it''s ?2', $1", 1, "x");
  assert_rewrite ("SELECT \"odd?1\" FROM \"t\"\"?\" WHERE x = ?1",
                  "SELECT \"odd?1\" FROM \"t\"\"?\" WHERE x = $1", 1, "x");
  assert_rewrite ("SELECT E'\\'?1' || ?1", "SELECT E'\\'?1' || $1", 1, "x");
  /* Not an E-string: a backslash is itself, and the quote ends it. */
  assert_rewrite ("SELECT '\\' || ?1", "SELECT '\\' || $1", 1, "x");
  assert_rewrite ("SELECT ?1 -- why ?2\n, ?2", "SELECT $1 -- why ?2\n, $2", 2, "xx");
  assert_rewrite ("SELECT /* ?1 /* nested ?2 */ ?3 */ ?4", "SELECT /* ?1 /* nested ?2 */ ?3 */ $4",
                  4, "---x");
  assert_rewrite ("SELECT $$ ?1 $$, $q$ '?2 $q$, ?3", "SELECT $$ ?1 $$, $q$ '?2 $q$, $3", 3, "--x");
  assert_rewrite ("SELECT x::text FROM t WHERE y=?1", "SELECT x::text FROM t WHERE y=$1", 1, "x");
  /* "a$1" would be one name to PostgreSQL. */
  assert_rewrite ("SELECT a?1", "SELECT a $1", 1, "x");
  assert_rewrite ("SELECT 'नमस्ते ?1' || ?1", "SELECT 'नमस्ते ?1' || $1", 1, "x");

  assert_rewrite_refused ("SELECT ?0");
  assert_rewrite_refused ("SELECT ?32767");
  assert_rewrite_refused ("SELECT $1");
}

/* The rewriting as each backend runs it: what is text stays text, and
 * ?10 is not ?1. */
static void
test_parameters (Fixture       *fx,
                 gconstpointer  data)
{
  static const char *words[] = { "one", "two",   "three", "four", "five",
                                 "six", "seven", "eight", "nine", "ten" };
  LdDbStmt          *stmt = prepare (fx, "SELECT CAST(?10 AS TEXT), CAST(?1 AS TEXT), '?1 stays', "
                                                  "CAST(?2 AS TEXT), CAST(? AS TEXT)");

  for (guint i = 0; i < 11; i++)
    ld_db_bind_text (stmt, i + 1, i < 10 ? words[i] : "eleven");
  step_row (stmt);
  g_assert_cmpstr (ld_db_column_text (stmt, 0), ==, "ten");
  g_assert_cmpstr (ld_db_column_text (stmt, 1), ==, "one");
  g_assert_cmpstr (ld_db_column_text (stmt, 2), ==, "?1 stays");
  g_assert_cmpstr (ld_db_column_text (stmt, 3), ==, "two");
  g_assert_cmpstr (ld_db_column_text (stmt, 4), ==, "eleven");
  step_done (stmt);

  /* Numbers the text skips are allowed, as SQLite allows them. */
  stmt = prepare (fx, "SELECT CAST(?3 AS BIGINT) + 1");
  ld_db_bind_int64 (stmt, 3, 41);
  step_row (stmt);
  g_assert_cmpint (ld_db_column_int64 (stmt, 0), ==, 42);
  step_done (stmt);
}

#define INSERT_KINDS "INSERT INTO kinds (id, t, i, d, b, f) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"

typedef struct
{
  gint64      id;
  const char *text;
  gint64      integer;
  double      real;
  const char *blob;
  gsize       blob_size;
  int         flag;
} Kinds;

static void
insert_kinds (Fixture     *fx,
              const Kinds *row)
{
  LdDbStmt *stmt = prepare (fx, INSERT_KINDS);

  ld_db_bind_int64 (stmt, 1, row->id);
  ld_db_bind_text (stmt, 2, row->text);
  ld_db_bind_int64 (stmt, 3, row->integer);
  ld_db_bind_double (stmt, 4, row->real);
  ld_db_bind_blob (stmt, 5, row->blob, row->blob_size);
  ld_db_bind_int (stmt, 6, row->flag);
  step_done (stmt);
}

static void
test_types (Fixture       *fx,
            gconstpointer  data)
{
  static const char blob[] = { 0, 'a', 0, 0, (char) 0xff, 0 };
  const Kinds       rows[] = {
          { 1, "नमस्ते, डॉ॰ शर्मा", G_MAXINT64, 1.0 / 3.0, blob, sizeof blob, 1 },
          { 2, "café — ünïcode ✓", G_MININT64, -2.5e-300, "", 0, 0 },
          { 3, "", 0, 1.7976931348623157e308, "x", 1, 1 },
  };
  LdDbStmt *stmt;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    insert_kinds (fx, &rows[i]);

  stmt = prepare (fx, "SELECT t, i, d, b, f FROM kinds WHERE id = ?1");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *text = NULL;

      ld_db_bind_int64 (stmt, 1, rows[i].id);
      step_row (stmt);
      g_assert_cmpstr (ld_db_column_text (stmt, 0), ==, rows[i].text);
      text = ld_db_column_dup_text (stmt, 0);
      g_assert_cmpstr (text, ==, rows[i].text);
      g_assert_cmpint (ld_db_column_int64 (stmt, 1), ==, rows[i].integer);
      g_assert_cmpfloat (ld_db_column_double (stmt, 2), ==, rows[i].real);
      bytes = ld_db_column_dup_bytes (stmt, 3);
      g_assert_false (ld_db_column_is_null (stmt, 3));
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       rows[i].blob, rows[i].blob_size);
      g_assert_cmpint (ld_db_column_int (stmt, 4), ==, rows[i].flag);
      g_assert_cmpstr (ld_db_column_text (stmt, 4), ==, rows[i].flag ? "1" : "0");
      step_done (stmt);
    }

  /* NULL in every column, bound both ways. */
  stmt = prepare (fx, INSERT_KINDS);
  ld_db_bind_int64 (stmt, 1, 4);
  ld_db_bind_text (stmt, 2, NULL);
  for (int i = 3; i <= 6; i++)
    ld_db_bind_null (stmt, i);
  step_done (stmt);

  stmt = prepare (fx, "SELECT t, i, d, b, f FROM kinds WHERE id = ?1");
  ld_db_bind_int64 (stmt, 1, 4);
  step_row (stmt);
  for (int i = 0; i < 5; i++)
    {
      g_autoptr(GBytes) bytes = ld_db_column_dup_bytes (stmt, i);

      g_assert_true (ld_db_column_is_null (stmt, i));
      g_assert_null (ld_db_column_text (stmt, i));
      g_assert_cmpint (ld_db_column_int64 (stmt, i), ==, 0);
      g_assert_cmpfloat (ld_db_column_double (stmt, i), ==, 0);
      g_assert_cmpuint (g_bytes_get_size (bytes), ==, 0);
    }
  step_done (stmt);

  /* What SUM() gives (a numeric on PostgreSQL) reads as an integer too. */
  stmt = prepare (fx, "SELECT SUM(id), AVG(id), COUNT(*) FROM kinds");
  step_row (stmt);
  g_assert_cmpint (ld_db_column_int64 (stmt, 0), ==, 10);
  g_assert_cmpfloat (ld_db_column_double (stmt, 1), ==, 2.5);
  g_assert_cmpint (ld_db_column_int64 (stmt, 1), ==, 2);
  g_assert_cmpint (ld_db_column_int (stmt, 2), ==, 4);
  step_done (stmt);
}

static void
test_rows (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt;
  guint n = 0;

  for (gint64 id = 1; id <= 5; id++)
    {
      g_autofree char *name = g_strdup_printf ("person %" G_GINT64_FORMAT, id);

      insert_person (fx, id, name);
    }

  stmt = prepare (fx, "SELECT id, name FROM people WHERE id >= ?1 ORDER BY id");
  ld_db_bind_int (stmt, 1, 2);
  while (ld_db_step (stmt, &error) == LD_DB_ROW)
    {
      g_autofree char *name = g_strdup_printf ("person %u", n + 2);

      g_assert_cmpint (ld_db_column_int64 (stmt, 0), ==, n + 2);
      g_assert_cmpstr (ld_db_column_text (stmt, 1), ==, name);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);

  /* After DONE the next step runs it again, with the same binding. */
  step_row (stmt);
  g_assert_cmpint (ld_db_column_int64 (stmt, 0), ==, 2);
  /* A reset ends a run that was not read to its end. */
  ld_db_reset (stmt);
  step_row (stmt);
  g_assert_cmpint (ld_db_column_int64 (stmt, 0), ==, 2);
  ld_db_reset (stmt);
}

static void
test_changes (Fixture       *fx,
              gconstpointer  data)
{
  LdDbStmt *stmt;

  insert_person (fx, 1, "Asha");
  g_assert_cmpint (ld_db_changes (fx->db), ==, 1);
  insert_person (fx, 2, "Bela");
  insert_person (fx, 3, "Chitra");

  stmt = prepare (fx, "UPDATE people SET name = name || '!' WHERE id >= ?1");
  ld_db_bind_int64 (stmt, 1, 2);
  step_done (stmt);
  g_assert_cmpint (ld_db_changes (fx->db), ==, 2);

  /* A read changes nothing, and does not move the count. */
  g_free (dup_names (fx));
  g_assert_cmpint (ld_db_changes (fx->db), ==, 2);

  stmt = prepare (fx, "DELETE FROM people WHERE id > ?1");
  ld_db_bind_int64 (stmt, 1, 100);
  step_done (stmt);
  g_assert_cmpint (ld_db_changes (fx->db), ==, 0);

  /* RETURNING answers rows and counts the change. */
  stmt = prepare (fx, "UPDATE people SET name = ?2 WHERE id = ?1 RETURNING id");
  ld_db_bind_int64 (stmt, 1, 1);
  ld_db_bind_text (stmt, 2, "Asha K");
  step_row (stmt);
  g_assert_cmpint (ld_db_column_int64 (stmt, 0), ==, 1);
  step_done (stmt);
  g_assert_cmpint (ld_db_changes (fx->db), ==, 1);
}

static void
test_transactions (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;

  {
    g_auto(LdDbTransaction) outer = { NULL };

    g_assert_true (ld_db_transaction_begin (&outer, fx->db, &error));
    insert_person (fx, 1, "kept");
    {
      g_auto(LdDbTransaction) inner = { NULL };

      g_assert_true (ld_db_transaction_begin (&inner, fx->db, &error));
      g_assert_cmpuint (ld_db_transaction_depth (fx->db), ==, 2);
      insert_person (fx, 2, "undone");
      ld_db_transaction_rollback (&inner);
      g_assert_cmpuint (ld_db_transaction_depth (fx->db), ==, 1);
    }
    {
      g_auto(LdDbTransaction) inner = { NULL };

      g_assert_true (ld_db_transaction_begin (&inner, fx->db, &error));
      insert_person (fx, 3, "inner");
      g_assert_true (ld_db_transaction_commit (&inner, &error));
    }
    insert_person (fx, 4, "after");
    g_assert_true (ld_db_transaction_commit (&outer, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (ld_db_transaction_depth (fx->db), ==, 0);
  names = dup_names (fx);
  g_assert_cmpstr (names, ==, "kept inner after");

  /* A guard left without a commit rolls back, savepoints committed in it
   * too. */
  {
    g_auto(LdDbTransaction) outer = { NULL };
    g_auto(LdDbTransaction) inner = { NULL };

    g_assert_true (ld_db_transaction_begin (&outer, fx->db, &error));
    insert_person (fx, 5, "lost");
    g_assert_true (ld_db_transaction_begin (&inner, fx->db, &error));
    insert_person (fx, 6, "lost too");
    g_assert_true (ld_db_transaction_commit (&inner, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (ld_db_transaction_depth (fx->db), ==, 0);
  g_clear_pointer (&names, g_free);
  names = dup_names (fx);
  g_assert_cmpstr (names, ==, "kept inner after");
}

static void
test_unique_violation (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  LdDbStmt *stmt;

  insert_person (fx, 1, "Asha");

  stmt = prepare (fx, "INSERT INTO people (id, name) VALUES (?1, ?2)");
  ld_db_bind_int64 (stmt, 1, 2);
  ld_db_bind_text (stmt, 2, "Asha");
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ERROR);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT);
  /* The message is for a person: no SQL, no table, no value. */
  g_assert_null (strstr (error->message, "people"));
  g_assert_null (strstr (error->message, "Asha"));
  g_clear_error (&error);

  /* In a savepoint, the failure undoes only the savepoint, and the
   * transaction goes on (on PostgreSQL only a savepoint allows that). */
  {
    g_auto(LdDbTransaction) outer = { NULL };

    g_assert_true (ld_db_transaction_begin (&outer, fx->db, &error));
    insert_person (fx, 3, "Bela");
    {
      g_auto(LdDbTransaction) attempt = { NULL };

      g_assert_true (ld_db_transaction_begin (&attempt, fx->db, &error));
      stmt = prepare (fx, "INSERT INTO people (id, name) VALUES (?1, ?2)");
      ld_db_bind_int64 (stmt, 1, 4);
      ld_db_bind_text (stmt, 2, "Bela");
      g_assert_false (ld_db_step_done (stmt, &error));
      g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT);
      g_clear_error (&error);
    }
    insert_person (fx, 5, "Chitra");
    g_assert_true (ld_db_transaction_commit (&outer, &error));
    g_assert_no_error (error);
  }
  names = dup_names (fx);
  g_assert_cmpstr (names, ==, "Asha Bela Chitra");
}

static gboolean
insert_person_soon (Fixture     *fx,
                    gint64       id,
                    const char  *name,
                    GError     **error)
{
  LdDbStmt *stmt = prepare (fx, "INSERT INTO people (id, name) VALUES (?1, ?2)");

  ld_db_bind_int64 (stmt, 1, id);
  ld_db_bind_text (stmt, 2, name);
  return ld_db_step_soon (stmt, error);
}

static void
assert_names (Fixture    *fx,
              const char *expected)
{
  g_autofree char *names = dup_names (fx);

  g_assert_cmpstr (names, ==, expected);
}

/* A statement stepped soon (on PostgreSQL it waits for the next one, as
 * BEGIN, SAVEPOINT and RELEASE do) is as good as one stepped at once:
 * read back in its transaction, undone with a savepoint that held it,
 * kept with one that was released. */
static void
test_statements_soon (Fixture       *fx,
                      gconstpointer  data)
{
  g_auto(LdDbTransaction) outer = { NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_db_transaction_begin (&outer, fx->db, &error));
  g_assert_true (insert_person_soon (fx, 1, "Asha", &error));
  {
    g_auto(LdDbTransaction) undone = { NULL };
    g_auto(LdDbTransaction) empty = { NULL };

    g_assert_true (ld_db_transaction_begin (&undone, fx->db, &error));
    g_assert_true (insert_person_soon (fx, 2, "undone", &error));
    g_assert_true (ld_db_transaction_begin (&empty, fx->db, &error));
    g_assert_true (ld_db_transaction_commit (&empty, &error));
    ld_db_transaction_rollback (&undone);
  }
  {
    g_auto(LdDbTransaction) kept = { NULL };
    g_auto(LdDbTransaction) empty = { NULL };

    g_assert_true (ld_db_transaction_begin (&kept, fx->db, &error));
    g_assert_true (ld_db_transaction_begin (&empty, fx->db, &error));
    ld_db_transaction_rollback (&empty);
    g_assert_true (insert_person_soon (fx, 3, "Bela", &error));
    g_assert_true (ld_db_transaction_commit (&kept, &error));
  }
  g_assert_true (insert_person_soon (fx, 4, "Chitra", &error));
  assert_names (fx, "Asha Bela Chitra");
  g_assert_true (insert_person_soon (fx, 5, "Devi", &error));
  g_assert_true (ld_db_transaction_commit (&outer, &error));
  g_assert_no_error (error);
  assert_names (fx, "Asha Bela Chitra Devi");
}

/* One that fails fails the statement it travels with, or the commit, and
 * the transaction is lost whole. */
static void
test_statements_soon_failing (Fixture       *fx,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean queued;

  insert_person (fx, 1, "Asha");
  insert_person (fx, 2, "Bela");

  /* A duplicate: the read that carries it fails with its error. */
  {
    g_auto(LdDbTransaction) txn = { NULL };
    LdDbStmt *stmt;

    g_assert_true (ld_db_transaction_begin (&txn, fx->db, &error));
    insert_person (fx, 6, "Esha");
    queued = insert_person_soon (fx, 7, "Asha", &error);
    if (fx->backend == LD_DB_SQLITE)
      {
        g_assert_false (queued);
        g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT);
      }
    else
      {
        g_assert_true (queued);
        g_assert_no_error (error);
        stmt = prepare (fx, "SELECT count(*) FROM people");
        g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ERROR);
        g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT);
      }
    g_clear_error (&error);
  }

  /* The same, alone before the commit: the commit fails. */
  {
    g_auto(LdDbTransaction) txn = { NULL };

    g_assert_true (ld_db_transaction_begin (&txn, fx->db, &error));
    queued = insert_person_soon (fx, 8, "Bela", &error);
    g_assert_true (fx->backend == LD_DB_SQLITE ? !queued : queued);
    g_clear_error (&error);
    if (queued)
      {
        g_assert_false (ld_db_transaction_commit (&txn, &error));
        g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT);
        g_clear_error (&error);
      }
  }
  g_assert_cmpuint (ld_db_transaction_depth (fx->db), ==, 0);
  assert_names (fx, "Asha Bela");
}

/* Many at once go a batch at a time, every one of them kept. */
static void
test_statements_soon_many (Fixture       *fx,
                           gconstpointer  data)
{
  g_auto(LdDbTransaction) txn = { NULL };
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt;

  g_assert_true (ld_db_transaction_begin (&txn, fx->db, &error));
  for (gint64 id = 100; id < 400; id++)
    {
      g_autofree char *name = g_strdup_printf ("person %" G_GINT64_FORMAT, id);

      g_assert_true (insert_person_soon (fx, id, name, &error));
    }
  g_assert_true (ld_db_transaction_commit (&txn, &error));
  g_assert_no_error (error);
  stmt = prepare (fx, "SELECT count(*) FROM people");
  step_row (stmt);
  g_assert_cmpint (ld_db_column_int64 (stmt, 0), ==, 300);
  step_done (stmt);
}

/* Statements run together (one round trip on PostgreSQL) each step
 * through their own rows, after what was queued; one that fails fails
 * them all. */
static void
test_statements_together (Fixture       *fx,
                          gconstpointer  data)
{
  g_auto(LdDbTransaction) txn = { NULL };
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmts[2];

  insert_person (fx, 1, "Asha");
  g_assert_true (ld_db_transaction_begin (&txn, fx->db, &error));
  g_assert_true (insert_person_soon (fx, 2, "Bela", &error));

  stmts[0] = prepare (fx, "SELECT name FROM people WHERE id = ?1");
  ld_db_bind_int64 (stmts[0], 1, 2);
  stmts[1] = prepare (fx, "SELECT count(*) FROM people WHERE id >= ?1");
  ld_db_bind_int64 (stmts[1], 1, 1);
  g_assert_true (ld_db_step_together (stmts, G_N_ELEMENTS (stmts), &error));
  g_assert_no_error (error);

  step_row (stmts[1]);
  g_assert_cmpint (ld_db_column_int64 (stmts[1], 0), ==, 2);
  step_done (stmts[1]);
  step_row (stmts[0]);
  g_assert_cmpstr (ld_db_column_text (stmts[0], 0), ==, "Bela");
  step_done (stmts[0]);

  /* On PostgreSQL the second fails (a division by zero), and so do both;
   * SQLite answers it NULL. */
  stmts[0] = prepare (fx, "SELECT name FROM people WHERE id = ?1");
  ld_db_bind_int64 (stmts[0], 1, 1);
  stmts[1] = prepare (fx, "SELECT CAST (?1 AS BIGINT) / 0");
  ld_db_bind_int64 (stmts[1], 1, 1);
  if (ld_db_step_together (stmts, G_N_ELEMENTS (stmts), &error))
    {
      /* SQLite runs each at its first step. */
      g_assert_cmpint (fx->backend, ==, LD_DB_SQLITE);
      step_row (stmts[0]);
      step_done (stmts[0]);
    }
  else
    {
      g_assert_cmpint (fx->backend, ==, LD_DB_POSTGRESQL);
      g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO);
    }
}

/* A read made at a mark may be kept while the mark stays: reads leave it,
 * anything that may write moves it, and outside a transaction there is
 * none. */
static void
test_read_mark (Fixture       *fx,
                gconstpointer  data)
{
  g_auto(LdDbTransaction) txn = { NULL };
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt;
  guint64 mark;

  g_assert_cmpuint (ld_db_get_read_mark (fx->db), ==, 0);
  g_assert_true (ld_db_transaction_begin (&txn, fx->db, &error));
  mark = ld_db_get_read_mark (fx->db);
  g_assert_cmpuint (mark, !=, 0);

  stmt = prepare (fx, "  select count(*) FROM people");
  step_row (stmt);
  step_done (stmt);
  g_assert_cmpuint (ld_db_get_read_mark (fx->db), ==, mark);

  insert_person (fx, 1, "Asha");
  g_assert_cmpuint (ld_db_get_read_mark (fx->db), !=, mark);
  mark = ld_db_get_read_mark (fx->db);
  g_assert_true (insert_person_soon (fx, 2, "Bela", &error));
  g_assert_cmpuint (ld_db_get_read_mark (fx->db), !=, mark);

  /* A savepoint's start and end move it: its rollback undoes writes. */
  mark = ld_db_get_read_mark (fx->db);
  {
    g_auto(LdDbTransaction) inner = { NULL };

    g_assert_true (ld_db_transaction_begin (&inner, fx->db, &error));
    g_assert_cmpuint (ld_db_get_read_mark (fx->db), !=, mark);
    mark = ld_db_get_read_mark (fx->db);
  }
  g_assert_cmpuint (ld_db_get_read_mark (fx->db), !=, mark);

  g_assert_true (ld_db_transaction_commit (&txn, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ld_db_get_read_mark (fx->db), ==, 0);
}

static gint64
count_prepared_probes (Fixture *fx)
{
  /* The probe's text is split here, so this statement does not count
   * itself. */
  LdDbStmt *stmt = prepare (fx, "SELECT count(*) FROM pg_prepared_statements"
                                " WHERE strpos(statement, 'cache_' || 'probe') > 0");
  gint64 count;

  step_row (stmt);
  count = ld_db_column_int64 (stmt, 0);
  step_done (stmt);
  return count;
}

static void
test_statement_cache (Fixture       *fx,
                      gconstpointer  data)
{
  static const char sql[] = "SELECT CAST(?1 AS TEXT) AS cache_probe";
  LdDbStmt *first;
  LdDbStmt *again;

  first = prepare (fx, sql);
  ld_db_bind_text (first, 1, "bound");
  step_row (first);
  g_assert_cmpstr (ld_db_column_text (first, 0), ==, "bound");

  /* The same statement, reset, its binding cleared. */
  again = prepare (fx, sql);
  g_assert_true (again == first);
  step_row (again);
  g_assert_true (ld_db_column_is_null (again, 0));
  step_done (again);

  if (fx->backend == LD_DB_POSTGRESQL)
    g_assert_cmpint (count_prepared_probes (fx), ==, 1);

  /* The cache is per connection. */
  {
    g_autoptr(LdDb) other = open_db (fx);
    g_autoptr(GError) error = NULL;
    LdDbStmt *stmt = ld_db_prepare_cached (other, sql, &error);

    g_assert_no_error (error);
    g_assert_true (stmt != first);
  }
}

/* The one value a statement of one row and column answers, as text. */
static char *
dup_single_value (LdDb       *db,
                  const char *sql)
{
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt = ld_db_prepare_cached (db, sql, &error);
  char *value;

  g_assert_no_error (error);
  g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
  value = ld_db_column_dup_text (stmt, 0);
  g_assert_true (ld_db_step_done (stmt, &error));
  return value;
}

static char *
dup_random_page_cost (LdDb *db)
{
  return dup_single_value (db, "SELECT current_setting ('random_page_cost')");
}

/* Our connections cost a page read by index as a cached one (1.1), unless
 * the administrator chose a cost other than PostgreSQL's default 4: here
 * in the connection's options, as in postgresql.conf. */
static void
test_random_page_cost (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ours = dup_random_page_cost (fx->db);
  g_autofree char *conninfo =
    g_strconcat (ld_test_pg_start (), " options='-c random_page_cost=2.5'", NULL);
  g_autoptr(LdDb) chosen = ld_db_pg_open (conninfo, &error);
  g_autofree char *theirs = NULL;

  g_assert_no_error (error);
  theirs = dup_random_page_cost (chosen);
  g_assert_cmpstr (ours, ==, "1.1");
  g_assert_cmpstr (theirs, ==, "2.5");
}

/* No JIT on our connections, readers' or writers', unless the
 * administrator turned it on. */
static void
test_no_jit (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = g_strconcat (ld_test_pg_start (), " options='-c jit=on'", NULL);
  g_autoptr(LdDb) reader = ld_db_pg_open_reader (ld_test_pg_start (), &error);
  g_autoptr(LdDb) chosen = NULL;
  g_autofree char *writer_jit = dup_single_value (fx->db, "SELECT current_setting ('jit')");
  g_autofree char *reader_jit = NULL;
  g_autofree char *chosen_jit = NULL;

  g_assert_no_error (error);
  chosen = ld_db_pg_open (conninfo, &error);
  g_assert_no_error (error);
  reader_jit = dup_single_value (reader, "SELECT current_setting ('jit')");
  chosen_jit = dup_single_value (chosen, "SELECT current_setting ('jit')");
  g_assert_cmpstr (writer_jit, ==, "off");
  g_assert_cmpstr (reader_jit, ==, "off");
  g_assert_cmpstr (chosen_jit, ==, "on");
}

/* Runs a look-up by key on @db @times times, one id after another. */
static void
look_up_people (LdDb *db,
                int   times)
{
  for (int i = 0; i < times; i++)
    {
      g_autoptr(GError) error = NULL;
      LdDbStmt *stmt = ld_db_prepare_cached (db, "SELECT name FROM people WHERE id = ?1", &error);

      g_assert_no_error (error);
      ld_db_bind_int64 (stmt, 1, 1 + i % 3);
      g_assert_cmpint (ld_db_step (stmt, &error), ==, LD_DB_ROW);
      g_assert_true (ld_db_step_done (stmt, &error));
      g_assert_no_error (error);
    }
}

/* How many runs of that look-up PostgreSQL planned for their values on
 * @db's connection, rather than with the statement's one plan. */
static gint64
count_custom_plans (LdDb *db)
{
  g_autofree char *count =
    dup_single_value (db, "SELECT coalesce (sum (custom_plans), 0) FROM pg_prepared_statements"
                          " WHERE statement = 'SELECT name FROM people WHERE id = $1'");

  return g_ascii_strtoll (count, NULL, 10);
}

/* A writer's statements are planned once (its connection forces the
 * generic plan): PostgreSQL's own choice planned them again on every run
 * once ANALYZE had counted the grown tables (docs/bench.md). A reader
 * keeps PostgreSQL's choice, which plans the first five runs for their
 * values; so does a connection whose administrator chose a mode. */
static void
test_writer_plans_once (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo =
    g_strconcat (ld_test_pg_start (), " options='-c plan_cache_mode=force_custom_plan'", NULL);
  g_autoptr(LdDb) reader = ld_db_pg_open_reader (ld_test_pg_start (), &error);
  g_autoptr(LdDb) chosen = NULL;

  g_assert_no_error (error);
  chosen = ld_db_pg_open (conninfo, &error);
  g_assert_no_error (error);
  g_assert_true (ld_db_exec (fx->db,
                             "INSERT INTO people (id, name) VALUES (1, 'Asha'), (2, 'Ravi'),"
                             " (3, 'Meera'); ANALYZE people",
                             &error));
  g_assert_no_error (error);

  look_up_people (fx->db, 12);
  look_up_people (reader, 12);
  look_up_people (chosen, 12);

  g_assert_cmpint (count_custom_plans (fx->db), ==, 0);
  g_assert_cmpint (count_custom_plans (reader), >=, 5);
  g_assert_cmpint (count_custom_plans (chosen), ==, 12);
}

/* PostgreSQL aborts a transaction at its first error; COMMIT then answers
 * ROLLBACK without an error, which must not pass for a commit. */
static void
test_commit_after_error_fails (Fixture       *fx,
                               gconstpointer  data)
{
  g_auto(LdDbTransaction) txn = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  LdDbStmt *stmt;

  insert_person (fx, 1, "Asha");
  g_assert_true (ld_db_transaction_begin (&txn, fx->db, &error));
  insert_person (fx, 2, "Bela");
  stmt = prepare (fx, "INSERT INTO people (id, name) VALUES (?1, ?2)");
  ld_db_bind_int64 (stmt, 1, 3);
  ld_db_bind_text (stmt, 2, "Asha");
  g_assert_false (ld_db_step_done (stmt, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_false (ld_db_transaction_commit (&txn, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO);
  ld_db_transaction_rollback (&txn);
  g_assert_cmpuint (ld_db_transaction_depth (fx->db), ==, 0);

  names = dup_names (fx);
  g_assert_cmpstr (names, ==, "Asha");
}

/* A write that lost a race to a concurrent one is the retryable error. */
static void
test_serialization_failure_is_retryable (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autoptr(LdDb) other = open_db (fx);
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt;

  insert_person (fx, 1, "Asha");

  g_assert_true (ld_db_exec (fx->db, "BEGIN ISOLATION LEVEL REPEATABLE READ", &error));
  g_free (dup_names (fx));

  stmt = ld_db_prepare_cached (other, "UPDATE people SET name = ?2 WHERE id = ?1", &error);
  g_assert_no_error (error);
  ld_db_bind_int64 (stmt, 1, 1);
  ld_db_bind_text (stmt, 2, "Asha K");
  g_assert_true (ld_db_step_done (stmt, &error));

  stmt = prepare (fx, "UPDATE people SET name = ?2 WHERE id = ?1");
  ld_db_bind_int64 (stmt, 1, 1);
  ld_db_bind_text (stmt, 2, "Asha S");
  g_assert_false (ld_db_step_done (stmt, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_RETRY);
  g_clear_error (&error);
  g_assert_true (ld_db_exec (fx->db, "ROLLBACK", &error));
  g_assert_no_error (error);
}

static void
test_error_codes (void)
{
  g_assert_cmpint (ld_db_pg_error_code ("23505"), ==, LD_STORE_ERROR_CONSTRAINT);
  g_assert_cmpint (ld_db_pg_error_code ("23503"), ==, LD_STORE_ERROR_CONSTRAINT);
  g_assert_cmpint (ld_db_pg_error_code ("40001"), ==, LD_STORE_ERROR_RETRY);
  g_assert_cmpint (ld_db_pg_error_code ("40P01"), ==, LD_STORE_ERROR_RETRY);
  g_assert_cmpint (ld_db_pg_error_code ("55P03"), ==, LD_STORE_ERROR_BUSY);
  g_assert_cmpint (ld_db_pg_error_code ("XX001"), ==, LD_STORE_ERROR_CORRUPT);
  g_assert_cmpint (ld_db_pg_error_code ("42P01"), ==, LD_STORE_ERROR_IO);
  g_assert_cmpint (ld_db_pg_error_code (NULL), ==, LD_STORE_ERROR_IO);
}

typedef void (*FixtureTest) (Fixture *, gconstpointer);

static void
add_both (const char  *name,
          FixtureTest  test)
{
  static const struct
  {
    const char *name;
    LdDbBackend backend;
  } backends[] = {
    { "sqlite", LD_DB_SQLITE },
    { "postgresql", LD_DB_POSTGRESQL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (backends); i++)
    {
      g_autofree char *path = g_strdup_printf ("/server/store-db/%s/%s", backends[i].name, name);

      g_test_add (path, Fixture, GINT_TO_POINTER (backends[i].backend),
                  fixture_setup, test, fixture_teardown);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/store-db/rewrite-parameters", test_rewrite_parameters);
  g_test_add_func ("/server/store-db/postgresql-error-codes", test_error_codes);
  add_both ("parameters", test_parameters);
  add_both ("types", test_types);
  add_both ("rows", test_rows);
  add_both ("changes", test_changes);
  add_both ("transactions", test_transactions);
  add_both ("unique-violation", test_unique_violation);
  add_both ("statement-cache", test_statement_cache);
  add_both ("statements-soon", test_statements_soon);
  add_both ("statements-soon-failing", test_statements_soon_failing);
  add_both ("statements-soon-many", test_statements_soon_many);
  add_both ("statements-together", test_statements_together);
  add_both ("read-mark", test_read_mark);
  g_test_add ("/server/store-db/postgresql/random-page-cost", Fixture,
              GINT_TO_POINTER (LD_DB_POSTGRESQL), fixture_setup, test_random_page_cost,
              fixture_teardown);
  g_test_add ("/server/store-db/postgresql/no-jit", Fixture, GINT_TO_POINTER (LD_DB_POSTGRESQL),
              fixture_setup, test_no_jit, fixture_teardown);
  g_test_add ("/server/store-db/postgresql/writer-plans-once", Fixture,
              GINT_TO_POINTER (LD_DB_POSTGRESQL), fixture_setup, test_writer_plans_once,
              fixture_teardown);
  g_test_add ("/server/store-db/postgresql/commit-after-error-fails", Fixture,
              GINT_TO_POINTER (LD_DB_POSTGRESQL), fixture_setup, test_commit_after_error_fails,
              fixture_teardown);
  g_test_add ("/server/store-db/postgresql/serialization-failure-is-retryable", Fixture,
              GINT_TO_POINTER (LD_DB_POSTGRESQL), fixture_setup,
              test_serialization_failure_is_retryable, fixture_teardown);

  status = g_test_run ();
  ld_test_pg_stop ();
  return status;
}

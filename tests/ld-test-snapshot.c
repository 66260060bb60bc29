/* ld-test-snapshot.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Nothing changed" is checked on the whole database, not on the tables a
 * test thinks of: every column of every row of every table, read from the
 * file beside the running server (or on PostgreSQL through a connection
 * of its own). Sessions are left out: a read may note that a session was
 * used.
 */

#define G_LOG_DOMAIN "ld-test-snapshot"

#include "config.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include "ld-test-snapshot.h"
#include "store/ld-store.h"

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Sorted, so that the text does not depend on the plan's row order. */
static void
append_rows (const char *table,
             GPtrArray  *rows,
             GString    *text)
{
  g_ptr_array_sort (rows, compare_rows);
  g_string_append_printf (text, "[%s]\n", table);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (rows, i));
}

static void
append_table (sqlite3    *db,
              const char *table,
              GString    *text)
{
  /* The name comes from sqlite_master, and is quoted as an identifier. */
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const unsigned char *value = sqlite3_column_text (stmt, i);

          g_string_append_printf (row, "%s%s", i ? "|" : "", value ? (const char *) value : "∅");
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  append_rows (table, rows, text);
}

static PGresult *
pg_query (PGconn     *conn,
          const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  return result;
}

/* The same text from PostgreSQL: its tables but the migrations' record. */
static char *
snapshot_postgresql (const char *uri)
{
  GString *text = g_string_new (NULL);
  PGconn *conn = PQconnectdb (uri);
  PGresult *tables;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Could not connect to the test cluster: %s", PQerrorMessage (conn));
  tables = pg_query (conn, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                           " AND tablename NOT IN ('sessions', 'schema_version')"
                           " ORDER BY tablename COLLATE \"C\"");
  for (int t = 0; t < PQntuples (tables); t++)
    {
      const char *table = PQgetvalue (tables, t, 0);
      /* The name comes from the catalogue, and is quoted as an identifier. */
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      PGresult *result = pg_query (conn, sql);

      for (int r = 0; r < PQntuples (result); r++)
        {
          GString *row = g_string_new (NULL);

          for (int i = 0; i < PQnfields (result); i++)
            g_string_append_printf (row, "%s%s", i ? "|" : "",
                                    PQgetisnull (result, r, i) ? "∅" : PQgetvalue (result, r, i));
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      PQclear (result);
      append_rows (table, rows, text);
    }
  PQclear (tables);
  PQfinish (conn);
  return g_string_free (text, FALSE);
}

/**
 * ld_test_snapshot_database:
 * @server: a running test server
 *
 * Returns: (transfer full): the database's rows, as text
 */
char *
ld_test_snapshot_database (LdTestServer *server)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  GString *text = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  if (ld_store_location_is_postgresql (ld_test_server_get_db_path (server)))
    {
      g_string_free (text, TRUE);
      return snapshot_postgresql (ld_test_server_get_db_path (server));
    }

  g_assert_cmpint (sqlite3_open_v2 (ld_test_server_get_db_path (server), &db, SQLITE_OPEN_READONLY,
                                    NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name FROM sqlite_master WHERE type = 'table'"
                                       " AND name NOT IN ('sessions', 'sqlite_sequence')"
                                       " AND name NOT LIKE 'sqlite_stat%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < tables->len; i++)
    append_table (db, g_ptr_array_index (tables, i), text);

  sqlite3_close (db);
  return g_string_free (text, FALSE);
}

/* Asserts that the database is as @snapshot found it, naming the first
 * row that differs rather than printing both databases. */
void
ld_test_assert_unchanged (LdTestServer *server,
                          const char   *snapshot)
{
  g_autofree char *now = ld_test_snapshot_database (server);
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  const char *table = "";

  if (g_str_equal (now, snapshot))
    return;

  before = g_strsplit (snapshot, "\n", -1);
  after = g_strsplit (now, "\n", -1);
  for (guint i = 0; before[i] != NULL && after[i] != NULL; i++)
    {
      if (before[i][0] == '[')
        table = before[i];
      if (!g_str_equal (before[i], after[i]))
        g_error ("the database changed in %s:\n  before: %s\n  after:  %s", table, before[i],
                 after[i]);
    }
  g_error ("the database changed: %u lines before, %u after", g_strv_length (before),
           g_strv_length (after));
}

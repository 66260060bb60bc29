/* ld-db-pg-error.c: PostgreSQL's errors as the store's
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-db"

#include "config.h"

#include "ld-db-pg-error.h"

/**
 * ld_db_pg_error_code:
 * @sqlstate: (nullable): a SQLSTATE, such as "23505"; %NULL when the
 *   server gave none (a lost connection)
 *
 * The one place PostgreSQL's error codes become %LD_STORE_ERROR codes,
 * the same ones SQLite's map to, so the store and ld-http-error.c need not
 * know which database answered.
 *
 * Returns: the store's code
 */
LdStoreError
ld_db_pg_error_code (const char *sqlstate)
{
  if (sqlstate == NULL)
    return LD_STORE_ERROR_IO;

  /* Class 23, integrity constraint violation: unique (23505), foreign key
   * (23503), not null, check; SQLite's SQLITE_CONSTRAINT covers them all. */
  if (g_str_has_prefix (sqlstate, "23"))
    return LD_STORE_ERROR_CONSTRAINT;

  /* Serialization failure and deadlock: the server rolled the transaction
   * back, and running it again may well succeed. */
  if (g_str_equal (sqlstate, "40001") || g_str_equal (sqlstate, "40P01"))
    return LD_STORE_ERROR_RETRY;

  /* A lock not taken within lock_timeout, or a statement_timeout: what
   * SQLite's busy timeout is. */
  if (g_str_equal (sqlstate, "55P03") || g_str_equal (sqlstate, "57014"))
    return LD_STORE_ERROR_BUSY;

  /* Data or index corrupted. */
  if (g_str_equal (sqlstate, "XX001") || g_str_equal (sqlstate, "XX002"))
    return LD_STORE_ERROR_CORRUPT;

  /* Disk full, a lost connection, a server shutting down, a bad statement:
   * nothing the person at the desk can fix. */
  return LD_STORE_ERROR_IO;
}

/**
 * ld_db_pg_error_ends_connection:
 * @sqlstate: (nullable): a SQLSTATE
 *
 * Class 08 (connection exception) and the server going away: an
 * administrator's shutdown (57P01), a crash (57P02), or not accepting
 * connections yet (57P03). The connection is made again before its next
 * use (ld-db-pg.c); the statement's error is IO, a 503 to a client.
 *
 * Returns: whether the connection that answered @sqlstate is over
 */
gboolean
ld_db_pg_error_ends_connection (const char *sqlstate)
{
  return sqlstate != NULL &&
         (g_str_has_prefix (sqlstate, "08") || g_str_equal (sqlstate, "57P01") ||
          g_str_equal (sqlstate, "57P02") || g_str_equal (sqlstate, "57P03"));
}

static const char *
message_for (LdStoreError code)
{
  switch (code)
    {
    case LD_STORE_ERROR_CONSTRAINT:
      return "The change conflicts with a record that already exists.";
    case LD_STORE_ERROR_RETRY:
      return "The change met another one made at the same time. Please try again.";
    case LD_STORE_ERROR_BUSY:
      return "The database is busy. Please try again.";
    case LD_STORE_ERROR_CORRUPT:
      return "The database is damaged.";
    case LD_STORE_ERROR_NOT_FOUND:
    case LD_STORE_ERROR_CONFLICT:
    case LD_STORE_ERROR_TOO_NEW:
    case LD_STORE_ERROR_IO:
    default:
      return "The database could not be read or written.";
    }
}

/**
 * ld_db_pg_set_error:
 * @error: return location for an %LD_STORE_ERROR
 * @conn: the connection
 * @result: (nullable): the failed result, if there is one
 * @what: the step that failed, for the debug log
 *
 * Sets @error from @result's SQLSTATE. The server's own message names
 * tables and values, so it goes to the debug log, never into the GError
 * text, which a person may read.
 */
void
ld_db_pg_set_error (GError         **error,
                    PGconn          *conn,
                    const PGresult  *result,
                    const char      *what)
{
  const char *sqlstate = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *detail = result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (conn);
  LdStoreError code = ld_db_pg_error_code (sqlstate);

  g_debug ("%s: %s (%s)", what, detail, sqlstate != NULL ? sqlstate : "no SQLSTATE");
  g_set_error_literal (error, LD_STORE_ERROR, code, message_for (code));
}

/* Whether @result is a success: rows, a command done, or nothing to do. */
gboolean
ld_db_pg_result_ok (const PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ||
         status == PGRES_EMPTY_QUERY;
}

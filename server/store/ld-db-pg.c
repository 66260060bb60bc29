/* ld-db-pg.c: the store's database vocabulary on PostgreSQL (libpq)
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-db"

#include "config.h"

#include <libpq-fe.h>
#include <math.h>

#include "ld-db-pg-error.h"
#include "ld-db-pg-queue.h"
#include "ld-db-pg-sql.h"
#include "ld-db-pg.h"
#include "ld-db-private.h"

/* Type OIDs from PostgreSQL's catalog (pg_type.dat), fixed since its first
 * releases; the server's headers that name them are not a client's to use. */
#define BOOL_OID  16
#define BYTEA_OID 17
#define TEXT_OID  25

/* Statements queued at most before they are sent without waiting for a
 * statement to carry them (stmt_step_soon()). */
#define QUEUE_MAX 64

/* How long a broken connection waits before its next reconnection, at
 * first and at most: the database answering again is noticed within the
 * longest wait plus a request, and a database that is away is not asked
 * on every request. */
#define RECONNECT_FIRST_US (100 * 1000)
#define RECONNECT_MAX_US   (2 * G_USEC_PER_SEC)

typedef struct
{
  LdDb        parent;
  PGconn     *conn;
  /* A reader's connection refuses writes; said again on a new one. */
  gboolean    read_only;
  /* Counts connections: a statement prepared on an earlier one is
   * prepared again before it runs (the server dropped it). */
  guint       generation;
  /* The server said the connection is over (an error of class 08, or
   * 57P01-57P03), whatever libpq's status says yet. */
  gboolean    broken;
  /* No reconnection before this time; the wait doubles up to its cap. */
  gint64      next_reset_us;
  gint64      reset_wait_us;
  /* SQL text as the store wrote it → Stmt, prepared once on the server. */
  GHashTable *statements;
  /* One connection belongs to one thread, as SQLite's do. */
  GThread    *owner;
  /* Open transactions: 1 is BEGIN … COMMIT, more are savepoints in it. */
  guint       depth;
  /* Statements whose answer only says they worked, not yet sent: they
   * travel with the next statement whose answer is read. */
  LdDbPgQueue *queue;
  /* Per open level (from 1), where its BEGIN or SAVEPOINT is in the
   * queue, or -1 once sent. */
  GArray     *begun_at;
  /* Names the next server-side prepared statement. */
  guint       n_prepared;
  gint64      changes;
} Db;

/* Values travel as text, except blobs, which go as bytes: text format
 * would need bytea's escaping, and a NUL ends a text value. */
typedef struct
{
  LdDbStmt    parent;
  char       *name;
  /* The text and parameter types as prepared, to prepare it again on a
   * new connection; and the connection's generation it was prepared on. */
  char       *text;
  Oid        *types;
  guint       generation;
  int         n_params;
  char      **values;
  int        *lengths;
  int        *formats;
  /* The whole answer, fetched by the first step; NULL before and after. */
  PGresult   *result;
  int         row;
} Stmt;

#define DB(db)     ((Db *) (db))
#define STMT(stmt) ((Stmt *) (stmt))
#define STMT_DB(stmt) DB (((LdDbStmt *) (stmt))->db)

static void
assert_owner (Db *self)
{
#ifndef G_DISABLE_ASSERT
  g_assert (self->owner == g_thread_self ());
#endif
}

static void
clear_bindings (Stmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      stmt->lengths[i] = 0;
      stmt->formats[i] = 0;
    }
}

static void
stmt_free (Stmt *stmt)
{
  clear_bindings (stmt);
  g_clear_pointer (&stmt->result, PQclear);
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  g_free (stmt->types);
  g_free (stmt->text);
  g_free (stmt->name);
  g_free (stmt);
}

static void
db_close (LdDb *db)
{
  Db *self = DB (db);

  /* The server drops the prepared statements, and rolls back what is
   * open, when the connection ends. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->conn, PQfinish);
  ld_db_pg_queue_free (self->queue);
  g_array_unref (self->begun_at);
  g_free (self);
}

/* What every connection of ours is told once it is made. Not through
 * exec_simple(), which checks the connection first. */
static gboolean
setup_session (Db *self)
{
  PGresult *result;
  gboolean ok;

  if (PQsetClientEncoding (self->conn, "UTF8") != 0)
    return FALSE;

  /* Our reads follow an index to a few rows (an order's samples, their
   * tests). Costed as a spinning disk's random reads (the default 4), a
   * table of a few thousand rows looked cheaper read whole, and a small
   * lab's database was scanned on every order's read (docs/bench.md).
   * The cost of a cached page or an SSD's, unless the database's
   * administrator chose one. */
  result = PQexec (self->conn, "SELECT set_config ('random_page_cost', '1.1', false)"
                               " WHERE current_setting ('random_page_cost') = '4'");
  ok = PQresultStatus (result) == PGRES_TUPLES_OK;
  PQclear (result);
  if (!ok)
    return FALSE;

  /* JIT compiles a plan's expressions at every run of a statement whose
   * estimate passes jit_above_cost, which a generic plan's guesses do on
   * a grown table: the doctors' change feed over 1,000,000 changes spent
   * 183-189 ms compiling to run for 0.4 ms (bench/pg-doctor-feed.sql).
   * Our statements each read a few rows; no run is long enough to repay
   * it. An administrator who turned it on keeps it. */
  result = PQexec (self->conn, "SELECT set_config ('jit', 'off', false) FROM pg_settings"
                               " WHERE name = 'jit' AND source = 'default'");
  ok = PQresultStatus (result) == PGRES_TUPLES_OK;
  PQclear (result);
  if (!ok)
    return FALSE;

  if (!self->read_only)
    {
      /* A writer's statements find their rows by key, so one plan serves
       * every value. PostgreSQL plans a prepared statement for its values
       * five times, then keeps its generic plan only while that looks no
       * dearer than those plans did; once ANALYZE has counted the grown
       * tables it does, and every statement was planned again on every
       * run: PostgreSQL's CPU a flow went from 13 to 21 ms within 6,000
       * orders (docs/bench.md). Readers keep PostgreSQL's choice: their
       * lists take optional filters and a LIMIT that a plan for the
       * values serves better. An administrator's own setting stands. */
      result =
        PQexec (self->conn, "SELECT set_config ('plan_cache_mode', 'force_generic_plan', false)"
                            " WHERE current_setting ('plan_cache_mode') = 'auto'");
      ok = PQresultStatus (result) == PGRES_TUPLES_OK;
      PQclear (result);
      return ok;
    }

  /* What SQLite's read-only open promises: nothing written by mistake. */
  result = PQexec (self->conn, "SET default_transaction_read_only = on");
  ok = PQresultStatus (result) == PGRES_COMMAND_OK;
  PQclear (result);
  return ok;
}

/* Notes a failure: a result whose SQLSTATE says the connection is over
 * marks it for a reconnection before its next use. */
static void
note_failure (Db             *self,
              const PGresult *result)
{
  const char *sqlstate = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;

  if (PQstatus (self->conn) == CONNECTION_BAD || ld_db_pg_error_ends_connection (sqlstate))
    self->broken = TRUE;
}

/* Before a statement outside a transaction: a connection the database
 * ended (it restarted, or an administrator ended it) is made again, so
 * one restart does not stop the server for good (issue 35). Nothing was
 * sent on the old one, so nothing is run twice. PostgreSQL's goodbye to
 * an idle connection is read here without waiting: an idle connection
 * whose database restarted is made again before it is used, and the
 * request goes on as if nothing happened. While the database is away,
 * each try waits twice as long as the last, up to RECONNECT_MAX_US, and
 * a statement in the wait fails at once (a 503 for a request).
 *
 * Inside a transaction nothing is made again: its statements fail, its
 * rollback ends it, and the connection is made again before the next. */
static gboolean
ensure_connected (Db      *self,
                  GError **error)
{
  gint64 now;

  if (self->depth > 0)
    return TRUE;

  if (!self->broken && PQstatus (self->conn) == CONNECTION_OK)
    {
      /* Reads what has arrived, without waiting; an end of file marks
       * the connection bad. One call stops after the server's goodbye
       * (57P01, taken as a notice on an idle connection) and sees the end
       * of file behind it only in the next, so twice. */
      for (guint i = 0; i < 2 && PQstatus (self->conn) == CONNECTION_OK; i++)
        PQconsumeInput (self->conn);
      if (PQstatus (self->conn) == CONNECTION_OK)
        return TRUE;
      g_debug ("connection lost: %s", PQerrorMessage (self->conn));
    }

  now = g_get_monotonic_time ();
  if (now >= self->next_reset_us)
    {
      PQreset (self->conn);
      if (PQstatus (self->conn) == CONNECTION_OK && setup_session (self))
        {
          g_message ("reconnected to the database");
          self->broken = FALSE;
          self->generation++;
          self->reset_wait_us = 0;
          self->next_reset_us = 0;
          return TRUE;
        }
      g_debug ("reconnect: %s", PQerrorMessage (self->conn));
      self->broken = TRUE;
      self->reset_wait_us = CLAMP (self->reset_wait_us * 2, RECONNECT_FIRST_US,
                                   RECONNECT_MAX_US);
      self->next_reset_us = g_get_monotonic_time () + self->reset_wait_us;
    }

  g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                       "The database server could not be reached.");
  return FALSE;
}

/* SQLite's changes() counts only rows inserted, updated or deleted; a
 * SELECT's "SELECT 3" must not move it. */
static void
note_changes (Db             *self,
              const PGresult *result)
{
  const char *status = PQcmdStatus ((PGresult *) result);

  if (g_str_has_prefix (status, "INSERT ") || g_str_has_prefix (status, "UPDATE ") ||
      g_str_has_prefix (status, "DELETE ") || g_str_has_prefix (status, "MERGE "))
    self->changes = g_ascii_strtoll (PQcmdTuples ((PGresult *) result), NULL, 10);
}

/* Everything queued is on its way: no level's beginning waits. */
static void
note_queue_sent (Db *self)
{
  for (guint i = 0; i < self->begun_at->len; i++)
    g_array_index (self->begun_at, int, i) = -1;
}

/* A failed answer as the store's error, and the connection marked if
 * it is over. */
static void
note_failed_answer (Db              *self,
                    const PGresult  *result,
                    const char      *what,
                    GError         **error)
{
  ld_db_pg_set_error (error, self->conn, result, what);
  note_failure (self, result);
}

/* The queue, then @lasts, in one pipeline (ld-db-pg-queue.c). */
static gboolean
send_queue (Db                     *self,
            const LdDbPgStatement  *lasts,
            guint                   n_lasts,
            PGresult              **out_answers,
            const char             *what,
            GError                **error)
{
  PGresult *failure;
  gboolean  broken;
  gboolean  ok =
    ld_db_pg_queue_send (self->queue, self->conn, lasts, n_lasts, out_answers, &failure, &broken);

  note_queue_sent (self);
  if (broken)
    self->broken = TRUE;
  if (!ok)
    {
      note_failed_answer (self, failure, what, error);
      PQclear (failure);
    }
  return ok;
}

/* One or more statements without parameters, by the simple protocol,
 * after what is queued: in one text when the queue holds no prepared
 * statement, else in one pipeline when @sql is @one_statement, else
 * after it. @expect_status, if given, is the command tag the last must
 * answer. */
static gboolean
exec_simple (Db          *self,
             const char  *sql,
             gboolean     one_statement,
             const char  *expect_status,
             GError     **error)
{
  g_autofree char *joined = NULL;
  PGresult *result = NULL;
  gboolean ok = TRUE;

  assert_owner (self);

  if (!ensure_connected (self, error))
    return FALSE;

  if (ld_db_pg_queue_length (self->queue) > 0 &&
      (joined = ld_db_pg_queue_take_text (self->queue, sql)) != NULL)
    {
      note_queue_sent (self);
      sql = joined;
    }

  if (ld_db_pg_queue_length (self->queue) > 0 && one_statement)
    {
      if (!send_queue (self, &(LdDbPgStatement){ .text = sql }, 1, &result, "exec", error))
        return FALSE;
    }
  else
    {
      if (ld_db_pg_queue_length (self->queue) > 0 &&
          !send_queue (self, NULL, 0, NULL, "exec", error))
        return FALSE;
      result = PQexec (self->conn, sql);
      if (result == NULL || !ld_db_pg_result_ok (result))
        {
          note_failed_answer (self, result, "exec", error);
          PQclear (result);
          return FALSE;
        }
    }
  note_changes (self, result);

  /* COMMIT in a transaction that an error aborted answers ROLLBACK, with
   * no error: a commit that saved nothing must not say it did. */
  if (ok && expect_status != NULL && !g_str_equal (PQcmdStatus (result), expect_status))
    {
      g_debug ("exec: %s answered %s", sql, PQcmdStatus (result));
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                           "The database could not be read or written.");
      ok = FALSE;
    }

  PQclear (result);
  return ok;
}

static gboolean
db_exec (LdDb        *db,
         const char  *sql,
         GError     **error)
{
  return exec_simple (DB (db), sql, FALSE, NULL, error);
}

/* Prepares @stmt on the connection, once per connection. */
static gboolean
prepare_on_server (Db       *self,
                   Stmt     *stmt,
                   GError  **error)
{
  PGresult *result;

  if (stmt->generation == self->generation)
    return TRUE;

  result = PQprepare (self->conn, stmt->name, stmt->text, stmt->n_params, stmt->types);
  if (result == NULL || PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      ld_db_pg_set_error (error, self->conn, result, "prepare");
      note_failure (self, result);
      g_debug ("prepare: in %s", stmt->text);
      PQclear (result);
      return FALSE;
    }

  PQclear (result);
  stmt->generation = self->generation;
  return TRUE;
}

static Stmt *
prepare (Db          *self,
         const char  *sql,
         GError     **error)
{
  g_autofree guint8 *used = NULL;
  g_autofree char *text = NULL;
  g_autofree Oid *types = NULL;
  Stmt *stmt;
  guint n_params = 0;

  text = ld_db_pg_rewrite_parameters (sql, &n_params, &used, error);
  if (text == NULL)
    return NULL;

  /* A number the text skips has no context to give it a type, and
   * PostgreSQL refuses a parameter of unknown type: call it text. The
   * others the server infers from where they stand. */
  types = g_new0 (Oid, MAX (n_params, 1));
  for (guint i = 0; i < n_params; i++)
    if (!used[i])
      types[i] = TEXT_OID;

  stmt = g_new0 (Stmt, 1);
  stmt->parent.db = &self->parent;
  stmt->name = g_strdup_printf ("ld_%u", ++self->n_prepared);
  stmt->n_params = n_params;
  stmt->values = g_new0 (char *, MAX (n_params, 1));
  stmt->lengths = g_new0 (int, MAX (n_params, 1));
  stmt->formats = g_new0 (int, MAX (n_params, 1));
  stmt->text = g_steal_pointer (&text);
  stmt->types = g_steal_pointer (&types);
  /* Generations count from 1: 0 is prepared on none. */
  stmt->generation = 0;

  if (!prepare_on_server (self, stmt, error))
    {
      stmt_free (stmt);
      return NULL;
    }
  return stmt;
}

static void
stmt_reset (LdDbStmt *stmt)
{
  g_clear_pointer (&STMT (stmt)->result, PQclear);
}

static LdDbStmt *
db_prepare_cached (LdDb        *db,
                   const char  *sql,
                   GError     **error)
{
  Db *self = DB (db);
  Stmt *stmt;

  assert_owner (self);

  if (!ensure_connected (self, error))
    return NULL;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt == NULL)
    {
      stmt = prepare (self, sql, error);
      if (stmt == NULL)
        return NULL;
      g_hash_table_insert (self->statements, g_strdup (sql), stmt);
    }
  else
    {
      stmt_reset (&stmt->parent);
      clear_bindings (stmt);
      if (!prepare_on_server (self, stmt, error))
        return NULL;
    }

  return &stmt->parent;
}

/* Takes @value. An index the statement does not have is ignored, as
 * SQLite ignores it (its bind answers SQLITE_RANGE, which the wrapper
 * does not look at). */
static void
set_value (LdDbStmt *stmt,
           int       index,
           char     *value,
           int       length,
           int       format)
{
  Stmt *self = STMT (stmt);

  if (index < 1 || index > self->n_params)
    {
      g_debug ("bind: no parameter %d in %s", index, self->name);
      g_free (value);
      return;
    }

  g_free (self->values[index - 1]);
  self->values[index - 1] = value;
  self->lengths[index - 1] = length;
  self->formats[index - 1] = format;
}

static void
stmt_bind_text (LdDbStmt   *stmt,
                int         index,
                const char *value)
{
  set_value (stmt, index, g_strdup (value), 0, 0);
}

static void
stmt_bind_int64 (LdDbStmt *stmt,
                 int       index,
                 gint64    value)
{
  set_value (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), 0, 0);
}

static void
stmt_bind_double (LdDbStmt *stmt,
                  int       index,
                  double    value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* PostgreSQL's own spellings; the shortest text that reads back as the
   * same double otherwise. */
  if (isnan (value))
    set_value (stmt, index, g_strdup ("NaN"), 0, 0);
  else if (isinf (value))
    set_value (stmt, index, g_strdup (value > 0 ? "Infinity" : "-Infinity"), 0, 0);
  else
    set_value (stmt, index, g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value)), 0, 0);
}

static void
stmt_bind_null (LdDbStmt *stmt,
                int       index)
{
  set_value (stmt, index, NULL, 0, 0);
}

static void
stmt_bind_blob (LdDbStmt   *stmt,
                int         index,
                const void *data,
                gsize       size)
{
  g_return_if_fail (size <= G_MAXINT);

  /* As SQLite: no data is NULL, but an empty blob is not. */
  if (data == NULL)
    set_value (stmt, index, NULL, 0, 0);
  else
    set_value (stmt, index, size > 0 ? g_memdup2 (data, size) : g_strdup (""), (int) size, 1);
}

/* @stmt as the queue sends it. */
static LdDbPgStatement
statement_of (Stmt *stmt)
{
  return (LdDbPgStatement){ .name = stmt->name,
                            .n_params = stmt->n_params,
                            .values = (const char * const *) stmt->values,
                            .lengths = stmt->lengths,
                            .formats = stmt->formats };
}

/* Runs @stmt, after what is queued; its answer is kept for the steps. */
static gboolean
run (Db       *db,
     Stmt     *stmt,
     GError  **error)
{
  LdDbPgStatement statement;
  PGresult *result;

  if (!ensure_connected (db, error) || !prepare_on_server (db, stmt, error))
    return FALSE;

  if (ld_db_pg_queue_length (db->queue) > 0)
    {
      statement = statement_of (stmt);
      if (!send_queue (db, &statement, 1, &result, "step", error))
        return FALSE;
    }
  else
    {
      result =
        PQexecPrepared (db->conn, stmt->name, stmt->n_params, (const char * const *) stmt->values,
                        stmt->lengths, stmt->formats, 0);
      if (result == NULL || !ld_db_pg_result_ok (result))
        {
          note_failed_answer (db, result, "step", error);
          PQclear (result);
          return FALSE;
        }
    }

  note_changes (db, result);
  stmt->result = result;
  stmt->row = -1;
  return TRUE;
}

static LdDbStep
stmt_step (LdDbStmt  *stmt,
           GError   **error)
{
  Stmt *self = STMT (stmt);
  Db *db = STMT_DB (stmt);

  assert_owner (db);

  if (self->result == NULL && !run (db, self, error))
    return LD_DB_ERROR;

  if (++self->row < PQntuples (self->result))
    return LD_DB_ROW;

  /* As SQLite: the step after DONE runs the statement again. */
  g_clear_pointer (&self->result, PQclear);
  return LD_DB_DONE;
}

/* In one round trip, after what is queued; each keeps its answer for its
 * steps. */
static gboolean
db_step_together (LdDbStmt * const  *stmts,
                  guint              n_stmts,
                  GError           **error)
{
  Db *db = STMT_DB (stmts[0]);
  g_autofree LdDbPgStatement *statements = g_new0 (LdDbPgStatement, n_stmts);
  g_autofree PGresult **answers = g_new0 (PGresult *, n_stmts);

  assert_owner (db);

  if (!ensure_connected (db, error))
    return FALSE;
  for (guint i = 0; i < n_stmts; i++)
    {
      Stmt *stmt = STMT (stmts[i]);

      if (!prepare_on_server (db, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt->result, PQclear);
      statements[i] = statement_of (stmt);
    }

  if (!send_queue (db, statements, n_stmts, answers, "step", error))
    return FALSE;
  for (guint i = 0; i < n_stmts; i++)
    {
      STMT (stmts[i])->result = answers[i];
      STMT (stmts[i])->row = -1;
    }
  return TRUE;
}

/* Queued with its values, which it takes: the statement gets new ones. */
static gboolean
stmt_step_soon (LdDbStmt  *stmt,
                GError   **error)
{
  Stmt *self = STMT (stmt);
  Db *db = STMT_DB (stmt);
  int n = MAX (self->n_params, 1);

  assert_owner (db);

  if (!ensure_connected (db, error) || !prepare_on_server (db, self, error))
    return FALSE;

  g_clear_pointer (&self->result, PQclear);
  ld_db_pg_queue_add_prepared (db->queue, self->name, self->n_params, self->values,
                               self->lengths, self->formats);
  self->values = g_new0 (char *, n);
  self->lengths = g_new0 (int, n);
  self->formats = g_new0 (int, n);

  /* A transaction that writes thousands of rows (the change feed's
   * backfill) sends them a batch at a time: memory stays bounded, and a
   * blocking pipeline never waits to send while the server waits for its
   * answers to be read. */
  if (ld_db_pg_queue_length (db->queue) >= QUEUE_MAX)
    return send_queue (db, NULL, 0, NULL, "step", error);
  return TRUE;
}

/* The value at @column of the current row, or NULL for NULL, or when there
 * is no such row or column (SQLite answers NULL there too). */
static const char *
value_at (LdDbStmt *stmt,
          int       column,
          Oid      *out_type)
{
  Stmt *self = STMT (stmt);

  if (self->result == NULL || self->row < 0 || self->row >= PQntuples (self->result) ||
      column < 0 || column >= PQnfields (self->result) ||
      PQgetisnull (self->result, self->row, column))
    return NULL;

  if (out_type != NULL)
    *out_type = PQftype (self->result, column);
  return PQgetvalue (self->result, self->row, column);
}

/* A boolean is 1 or 0 whichever way it is read, as SQLite stores it. */
static const char *
stmt_column_text (LdDbStmt *stmt,
                  int       column)
{
  Oid type = 0;
  const char *value = value_at (stmt, column, &type);

  if (value != NULL && type == BOOL_OID)
    return value[0] == 't' ? "1" : "0";
  return value;
}

static GBytes *
stmt_column_dup_bytes (LdDbStmt *stmt,
                       int       column)
{
  Oid type = 0;
  const char *value = value_at (stmt, column, &type);
  unsigned char *bytes;
  size_t length = 0;
  GBytes *copy;

  if (value == NULL)
    return g_bytes_new (NULL, 0);
  if (type != BYTEA_OID)
    return g_bytes_new (value, PQgetlength (STMT (stmt)->result, STMT (stmt)->row, column));

  bytes = PQunescapeBytea ((const unsigned char *) value, &length);
  if (bytes == NULL)
    return g_bytes_new (NULL, 0);
  copy = g_bytes_new (bytes, length);
  PQfreemem (bytes);
  return copy;
}

static double
stmt_column_double (LdDbStmt *stmt,
                    int       column)
{
  const char *value = stmt_column_text (stmt, column);

  return value != NULL ? g_ascii_strtod (value, NULL) : 0;
}

/* As SQLite converts: a real is truncated toward zero, and so is a
 * numeric (what SUM() of integers gives on PostgreSQL). */
static gint64
stmt_column_int64 (LdDbStmt *stmt,
                   int       column)
{
  const char *value = stmt_column_text (stmt, column);
  char *end = NULL;
  gint64 number;
  double real;

  if (value == NULL)
    return 0;

  number = g_ascii_strtoll (value, &end, 10);
  if (end != value && *end != '.' && *end != 'e' && *end != 'E')
    return number;

  real = g_ascii_strtod (value, NULL);
  if (isnan (real))
    return 0;
  if (real >= 9223372036854775807.0)
    return G_MAXINT64;
  if (real <= -9223372036854775808.0)
    return G_MININT64;
  return (gint64) real;
}

static gboolean
stmt_column_is_null (LdDbStmt *stmt,
                     int       column)
{
  return value_at (stmt, column, NULL) == NULL;
}

static gint64
db_changes (LdDb *db)
{
  return DB (db)->changes;
}

/* Where level @depth's BEGIN or SAVEPOINT waits in the queue (nothing of
 * the level has reached the server), or -1 once it was sent. */
static int
level_begun_at (Db    *self,
                guint  depth)
{
  return g_array_index (self->begun_at, int, depth - 1);
}

static gboolean
db_exec_soon (LdDb        *db,
              const char  *sql,
              GError     **error)
{
  assert_owner (DB (db));
  ld_db_pg_queue_add_text (DB (db)->queue, g_strdup (sql));
  return TRUE;
}

/* A level's beginning is queued, not sent: the server hears of it with
 * the level's first statement, in the same round trip, and a level that
 * runs none costs nothing. Savepoints are named from the level number,
 * never from input. */
static gboolean
db_transaction_begin (LdDb    *db,
                      GError **error)
{
  Db *self = DB (db);
  int at = (int) ld_db_pg_queue_length (self->queue);

  assert_owner (self);

  /* A connection the database ended is made again now, as before any
   * statement outside a transaction. */
  if (self->depth == 0 && !ensure_connected (self, error))
    return FALSE;

  /* A reader's transaction is a snapshot, as SQLite's is: under READ
   * COMMITTED each statement would see every commit made meanwhile, and a
   * release's render could read the order before a change and its results
   * after it. Read-only, it can never fail to serialize. */
  if (self->depth == 0)
    ld_db_pg_queue_add_text (self->queue,
                             g_strdup (self->read_only ? "BEGIN ISOLATION LEVEL REPEATABLE READ"
                                                       : "BEGIN"));
  else
    ld_db_pg_queue_add_text (self->queue, g_strdup_printf ("SAVEPOINT ld_%u", self->depth + 1));

  self->depth++;
  g_array_set_size (self->begun_at, self->depth);
  g_array_index (self->begun_at, int, self->depth - 1) = at;
  return TRUE;
}

/* A level that is still only its queued beginning ends without a word to
 * the server. */
static gboolean
drop_unsent_level (Db *self)
{
  int at = level_begun_at (self, self->depth);

  if (at < 0 || (guint) at + 1 != ld_db_pg_queue_length (self->queue))
    return FALSE;
  ld_db_pg_queue_truncate (self->queue, at);
  return TRUE;
}

/* A savepoint's release is queued too; the transaction's COMMIT goes with
 * everything queued, in one round trip. */
static gboolean
db_transaction_commit (LdDb    *db,
                       GError **error)
{
  Db *self = DB (db);
  gboolean ok = TRUE;

  assert_owner (self);

  if (drop_unsent_level (self))
    ;
  else if (self->depth == 1)
    ok = exec_simple (self, "COMMIT", TRUE, "COMMIT", error);
  else
    ld_db_pg_queue_add_text (self->queue, g_strdup_printf ("RELEASE SAVEPOINT ld_%u", self->depth));

  if (ok)
    {
      self->depth--;
      g_array_set_size (self->begun_at, self->depth);
    }
  return ok;
}

static void
db_transaction_rollback (LdDb *db)
{
  Db *self = DB (db);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  int at = level_begun_at (self, self->depth);

  assert_owner (self);

  /* What is queued since the level began is the level's, and is undone
   * with it: not sent. A level the server never heard of needs no word. */
  if (at >= 0)
    ld_db_pg_queue_truncate (self->queue, at);
  else
    {
      ld_db_pg_queue_truncate (self->queue, 0);
      if (self->depth == 1)
        sql = g_strdup ("ROLLBACK");
      else
        sql = g_strdup_printf ("ROLLBACK TO SAVEPOINT ld_%u; RELEASE SAVEPOINT ld_%u",
                               self->depth, self->depth);
      if (!exec_simple (self, sql, FALSE, NULL, &error))
        g_debug ("rollback failed: %s", error->message);
    }

  self->depth--;
  g_array_set_size (self->begun_at, self->depth);
}

static guint
db_transaction_depth (LdDb *db)
{
  return DB (db)->depth;
}

static const LdDbClass pg_class = {
  .backend = LD_DB_POSTGRESQL,
  .close = db_close,
  .exec = db_exec,
  .exec_soon = db_exec_soon,
  .prepare_cached = db_prepare_cached,
  .bind_text = stmt_bind_text,
  .bind_int64 = stmt_bind_int64,
  .bind_double = stmt_bind_double,
  .bind_null = stmt_bind_null,
  .bind_blob = stmt_bind_blob,
  .step = stmt_step,
  .step_soon = stmt_step_soon,
  .step_together = db_step_together,
  .reset = stmt_reset,
  .column_text = stmt_column_text,
  .column_dup_bytes = stmt_column_dup_bytes,
  .column_int64 = stmt_column_int64,
  .column_double = stmt_column_double,
  .column_is_null = stmt_column_is_null,
  .changes = db_changes,
  .transaction_begin = db_transaction_begin,
  .transaction_commit = db_transaction_commit,
  .transaction_rollback = db_transaction_rollback,
  .transaction_depth = db_transaction_depth,
};

/* NOTICEs ("relation … already exists, skipping") would go to stderr. */
static void
on_notice (void       *data,
           const char *message)
{
  g_debug ("notice: %s", message);
}

static LdDb *
open_connection (const char  *conninfo,
                 gboolean     read_only,
                 GError     **error)
{
  /* Before the URI, which may set its own: a database host that does not
   * answer holds the thread for this long at the most, also when the
   * connection is made again. */
  static const char * const keywords[] = { "connect_timeout", "dbname", NULL };
  const char * const values[] = { LD_DB_PG_CONNECT_TIMEOUT_SECONDS, conninfo, NULL };
  Db *self;

  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_new0 (Db, 1);
  self->parent.klass = &pg_class;
  self->read_only = read_only;
  self->generation = 1;
  self->owner = g_thread_self ();
  self->statements =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) stmt_free);
  self->queue = ld_db_pg_queue_new ();
  self->begun_at = g_array_new (FALSE, FALSE, sizeof (int));
  self->conn = PQconnectdbParams (keywords, values, TRUE);
  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK || !setup_session (self))
    {
      g_debug ("connect: %s", self->conn != NULL ? PQerrorMessage (self->conn) : "out of memory");
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                           "The database server could not be reached.");
      db_close (&self->parent);
      return NULL;
    }
  PQsetNoticeProcessor (self->conn, on_notice, NULL);
  return &self->parent;
}

/**
 * ld_db_pg_open:
 * @conninfo: a libpq connection string, such as
 *   "host=/run/postgresql dbname=labdesk"
 * @error: return location for an %LD_STORE_ERROR
 *
 * Connects, with UTF-8 as the client encoding. The connection belongs to
 * the calling thread. When the database ends it (a restart, a shutdown),
 * it is made again before its next statement outside a transaction
 * (ensure_connected()).
 *
 * Returns: (transfer full) (nullable): the connection
 */
LdDb *
ld_db_pg_open (const char  *conninfo,
               GError     **error)
{
  return open_connection (conninfo, FALSE, error);
}

/**
 * ld_db_pg_open_reader:
 * @conninfo: a libpq connection string
 * @error: return location for an %LD_STORE_ERROR
 *
 * As ld_db_pg_open(), for a connection whose transactions are read-only,
 * as SQLite's read-only open promises: nothing written by mistake.
 *
 * Returns: (transfer full) (nullable): the connection
 */
LdDb *
ld_db_pg_open_reader (const char  *conninfo,
                      GError     **error)
{
  return open_connection (conninfo, TRUE, error);
}

/* ld-store-copy.c: every row of one store copied into another, and the
 * figures that show the two hold the same
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For `labdesk-server migrate` (issue 19): a lab's SQLite database into
 * an empty PostgreSQL one. The PostgreSQL schema says which tables and
 * columns there are and what each column holds; the rows are read from
 * the source in those columns and written in batches of many rows per
 * INSERT, all in one transaction, ids and seqs as they were.
 *
 * Table and column names are spliced into the SQL text: they come from
 * the target database's own catalogue, never from a request, and are
 * quoted. Every value is bound.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include <string.h>

#include "ld-store-copy.h"
#include "ld-store-private.h"

/* Parameters per INSERT: PostgreSQL takes up to 65,535; a few thousand
 * rows per statement already make the round trips negligible. */
#define MAX_PARAMS_PER_INSERT 30000
#define MAX_ROWS_PER_INSERT   1000

/* Each backend's own: its migrations' version, and PostgreSQL's rate
 * windows shared by several processes (SQLite keeps them in memory).
 * technician_load and completed_by_day are the target's own as well: its
 * triggers count the orders as they are copied in, and a copied row would
 * count them twice; so are catalog_generation and settings_generation,
 * which their triggers move as the tests and settings are copied in, and
 * notification_counts, which counts the messages as they are copied. */
static const char * const not_copied[] = { "schema_version",     "rate_windows",
                                           "technician_load",    "completed_by_day",
                                           "catalog_generation", "settings_generation",
                                           "notification_counts", NULL };

void
ld_store_table_free (LdStoreTable *table)
{
  if (table == NULL)
    return;

  g_free (table->name);
  g_clear_pointer (&table->columns, g_ptr_array_unref);
  g_free (table);
}

static void
column_free (LdStoreColumn *column)
{
  g_free (column->name);
  g_free (column);
}

static gboolean
require_postgresql (LdStore  *store,
                    GError  **error)
{
  if (ld_db_get_backend (store->db) == LD_DB_POSTGRESQL)
    return TRUE;

  g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                       "The database to copy into must be on PostgreSQL.");
  return FALSE;
}

static LdStoreColumnKind
kind_of_type (const char *data_type)
{
  if (g_str_equal (data_type, "bigint") || g_str_equal (data_type, "integer") ||
      g_str_equal (data_type, "smallint") || g_str_equal (data_type, "boolean"))
    return LD_STORE_COLUMN_INTEGER;
  if (g_str_equal (data_type, "double precision") || g_str_equal (data_type, "real"))
    return LD_STORE_COLUMN_REAL;
  if (g_str_equal (data_type, "bytea"))
    return LD_STORE_COLUMN_BLOB;
  return LD_STORE_COLUMN_TEXT;
}

static void
quote_name (GString    *sql,
            const char *name)
{
  g_string_append_c (sql, '"');
  for (const char *c = name; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (sql, '"');
      g_string_append_c (sql, *c);
    }
  g_string_append_c (sql, '"');
}

static LdStoreTable *
find_table (GPtrArray  *tables,
            const char *name)
{
  for (guint i = 0; i < tables->len; i++)
    {
      LdStoreTable *table = g_ptr_array_index (tables, i);

      if (g_str_equal (table->name, name))
        return table;
    }
  return NULL;
}

static gboolean
read_columns (LdStore    *store,
              GPtrArray  *tables,
              GError    **error)
{
  static const char sql[] =
    "SELECT c.table_name, c.column_name, c.data_type, c.is_identity"
    " FROM information_schema.columns c"
    " JOIN information_schema.tables t"
    "   ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
    " WHERE c.table_schema = current_schema () AND t.table_type = 'BASE TABLE'"
    " ORDER BY c.table_name, c.ordinal_position";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      const char *name = ld_db_column_text (stmt, 0);
      LdStoreTable *table = find_table (tables, name);
      LdStoreColumn *column;

      if (g_strv_contains (not_copied, name))
        continue;
      if (table == NULL)
        {
          table = g_new0 (LdStoreTable, 1);
          table->name = g_strdup (name);
          table->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
          g_ptr_array_add (tables, table);
        }
      column = g_new0 (LdStoreColumn, 1);
      column->name = ld_db_column_dup_text (stmt, 1);
      column->kind = kind_of_type (ld_db_column_text (stmt, 2));
      column->identity = g_strcmp0 (ld_db_column_text (stmt, 3), "YES") == 0;
      g_ptr_array_add (table->columns, column);
    }
  return step == LD_DB_DONE;
}

/* Parents before children: each table after every table it refers to. */
static gboolean
sort_by_foreign_keys (LdStore    *store,
                      GPtrArray  *tables,
                      GError    **error)
{
  static const char sql[] =
    "SELECT child.relname, parent.relname"
    " FROM pg_constraint c"
    " JOIN pg_class child ON child.oid = c.conrelid"
    " JOIN pg_class parent ON parent.oid = c.confrelid"
    " JOIN pg_namespace n ON n.oid = child.relnamespace"
    " WHERE c.contype = 'f' AND n.nspname = current_schema ()";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) edges = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdStoreTable *child = find_table (tables, ld_db_column_text (stmt, 0));

      if (child != NULL && g_str_equal (ld_db_column_text (stmt, 0), ld_db_column_text (stmt, 1)))
        child->self_referencing = TRUE;
      else
        {
          g_ptr_array_add (edges, ld_db_column_dup_text (stmt, 0));
          g_ptr_array_add (edges, ld_db_column_dup_text (stmt, 1));
        }
    }
  if (step != LD_DB_DONE)
    return FALSE;

  /* A few dozen tables: take, each round, those whose parents are taken. */
  while (sorted->len < tables->len)
    {
      guint before = sorted->len;

      for (guint i = 0; i < tables->len; i++)
        {
          LdStoreTable *table = g_ptr_array_index (tables, i);
          gboolean ready = !g_ptr_array_find (sorted, table, NULL);

          for (guint e = 0; ready && e < edges->len; e += 2)
            {
              LdStoreTable *parent = find_table (tables, g_ptr_array_index (edges, e + 1));

              if (g_str_equal (g_ptr_array_index (edges, e), table->name) && parent != NULL &&
                  !g_ptr_array_find (sorted, parent, NULL))
                ready = FALSE;
            }
          if (ready)
            g_ptr_array_add (sorted, table);
        }
      if (sorted->len == before)
        {
          g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT,
                               "The tables' foreign keys go round in a circle; they cannot be "
                               "copied one table after another.");
          return FALSE;
        }
    }

  /* Same pointers, new order; the array keeps owning them. */
  for (guint i = 0; i < sorted->len; i++)
    tables->pdata[i] = g_ptr_array_index (sorted, i);
  return TRUE;
}

/**
 * ld_store_copy_describe:
 * @store: a store on PostgreSQL, migrated
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdStoreTable): the tables to copy,
 *   parents before children
 */
GPtrArray *
ld_store_copy_describe (LdStore  *store,
                        GError  **error)
{
  g_autoptr(GPtrArray) tables =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_store_table_free);

  g_return_val_if_fail (store != NULL, NULL);

  if (!require_postgresql (store, error) || !read_columns (store, tables, error) ||
      !sort_by_foreign_keys (store, tables, error))
    return NULL;
  return g_steal_pointer (&tables);
}

/**
 * ld_store_copy_check_tables:
 * @from: the store to copy from
 * @tables: what ld_store_copy_describe() found in the target
 * @error: return location for an %LD_STORE_ERROR
 *
 * A table of @from that the target has not would be left behind: refused.
 * (A column the target has and @from has not fails the copy's first read.)
 *
 * Returns: %TRUE when every table of @from has a place in the target
 */
gboolean
ld_store_copy_check_tables (LdStore    *from,
                            GPtrArray  *tables,
                            GError    **error)
{
  static const char sql[] = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                            "'sqlite\\_%' ESCAPE '\\'";
  LdDbStmt         *stmt;
  LdDbStep          step;

  g_return_val_if_fail (from != NULL && tables != NULL, FALSE);

  if (ld_db_get_backend (from->db) != LD_DB_SQLITE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                           "The database to copy from must be a SQLite file.");
      return FALSE;
    }

  stmt = ld_store_prepare (from, sql, error);
  if (stmt == NULL)
    return FALSE;
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      const char *name = ld_db_column_text (stmt, 0);

      if (find_table (tables, name) == NULL && !g_strv_contains (not_copied, name))
        {
          g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT,
                       "The SQLite database has a table, %s, that the PostgreSQL schema has "
                       "not; this Labdesk cannot copy it.", name);
          return FALSE;
        }
    }
  return step == LD_DB_DONE;
}

/**
 * ld_store_copy_count:
 * @store: either store
 * @table: a table ld_store_copy_describe() found
 * @out_rows: (out): its rows
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_copy_count (LdStore             *store,
                     const LdStoreTable  *table,
                     gint64              *out_rows,
                     GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT COUNT(*) FROM ");
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && table != NULL, FALSE);

  quote_name (sql, table->name);
  stmt = ld_store_prepare (store, sql->str, error);
  if (stmt == NULL || ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  *out_rows = ld_db_column_int64 (stmt, 0);
  return ld_db_step_done (stmt, error);
}

/* SELECT the target's columns, by name, from either database. */
static char *
build_select (const LdStoreTable *table,
              gboolean            in_written_order)
{
  GString *sql = g_string_new ("SELECT ");

  for (guint i = 0; i < table->columns->len; i++)
    {
      LdStoreColumn *column = g_ptr_array_index (table->columns, i);

      if (i > 0)
        g_string_append (sql, ", ");
      quote_name (sql, column->name);
    }
  g_string_append (sql, " FROM ");
  quote_name (sql, table->name);
  /* SQLite's rowid is the order rows were written in. */
  if (in_written_order)
    g_string_append (sql, " ORDER BY rowid");
  return g_string_free (sql, FALSE);
}

static char *
build_insert (const LdStoreTable *table,
              guint               n_rows)
{
  GString *sql = g_string_new ("INSERT INTO ");
  guint n_columns = table->columns->len;
  gboolean has_identity = FALSE;

  quote_name (sql, table->name);
  g_string_append (sql, " (");
  for (guint i = 0; i < n_columns; i++)
    {
      LdStoreColumn *column = g_ptr_array_index (table->columns, i);

      has_identity |= column->identity;
      if (i > 0)
        g_string_append (sql, ", ");
      quote_name (sql, column->name);
    }
  g_string_append (sql, ")");
  /* The copied ids and seqs, not new ones. */
  if (has_identity)
    g_string_append (sql, " OVERRIDING SYSTEM VALUE");
  g_string_append (sql, " VALUES ");
  for (guint row = 0; row < n_rows; row++)
    {
      g_string_append (sql, row > 0 ? ", (" : "(");
      for (guint i = 0; i < n_columns; i++)
        g_string_append_printf (sql, i > 0 ? ", ?%u" : "?%u", row * n_columns + i + 1);
      g_string_append_c (sql, ')');
    }
  return g_string_free (sql, FALSE);
}

/* One value read from the source, kept until its batch is written. */
typedef struct
{
  gboolean  null;
  double    real;
  GBytes   *bytes;
  char     *text;
} Value;

static void
value_clear (Value *value)
{
  g_clear_pointer (&value->bytes, g_bytes_unref);
  g_clear_pointer (&value->text, g_free);
}

static void
read_value (LdDbStmt            *from,
            int                  column,
            const LdStoreColumn *desc,
            Value               *out)
{
  out->null = ld_db_column_is_null (from, column);
  if (out->null)
    return;

  switch (desc->kind)
    {
    case LD_STORE_COLUMN_REAL:
      /* As a double: SQLite's text for a real keeps only 15 digits. */
      out->real = ld_db_column_double (from, column);
      break;
    case LD_STORE_COLUMN_BLOB:
      out->bytes = ld_db_column_dup_bytes (from, column);
      if (out->bytes == NULL)
        out->bytes = g_bytes_new (NULL, 0);
      break;
    case LD_STORE_COLUMN_INTEGER:
    case LD_STORE_COLUMN_TEXT:
    default:
      /* An integer as its exact digits: one that is not a whole number
       * fails the copy rather than being truncated. */
      out->text = ld_db_column_dup_text (from, column);
      break;
    }
}

static void
bind_value (LdDbStmt            *into,
            int                  index,
            const LdStoreColumn *desc,
            const Value         *value)
{
  gsize size = 0;
  const void *data;

  if (value->null)
    {
      ld_db_bind_null (into, index);
      return;
    }

  switch (desc->kind)
    {
    case LD_STORE_COLUMN_REAL:
      ld_db_bind_double (into, index, value->real);
      break;
    case LD_STORE_COLUMN_BLOB:
      data = g_bytes_get_data (value->bytes, &size);
      ld_db_bind_blob (into, index, data != NULL ? data : "", size);
      break;
    case LD_STORE_COLUMN_INTEGER:
    case LD_STORE_COLUMN_TEXT:
    default:
      ld_db_bind_text (into, index, value->text);
      break;
    }
}

/* Writes @n_rows rows of @values in one INSERT. */
static gboolean
insert_rows (LdStore             *into,
             const LdStoreTable  *table,
             GArray              *values,
             guint                n_rows,
             GError             **error)
{
  g_autofree char *sql = build_insert (table, n_rows);
  guint n_columns = table->columns->len;
  LdDbStmt *stmt = ld_store_prepare (into, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_rows * n_columns; i++)
    bind_value (stmt, i + 1, g_ptr_array_index (table->columns, i % n_columns),
                &g_array_index (values, Value, i));
  return ld_db_step_done (stmt, error);
}

static gboolean
copy_table (LdStore              *from,
            LdStore              *into,
            const LdStoreTable   *table,
            LdStoreCopyProgress   progress,
            gpointer              user_data,
            GError              **error)
{
  g_autofree char *select_sql = build_select (table, table->self_referencing);
  guint            n_columns = table->columns->len;
  guint            rows_per_insert =
    CLAMP (MAX_PARAMS_PER_INSERT / MAX (n_columns, 1), 1, MAX_ROWS_PER_INSERT);
  g_autoptr(GArray) values =
               g_array_sized_new (FALSE, TRUE, sizeof (Value), rows_per_insert * n_columns);
  LdDbStmt *select;
  LdDbStep step;
  gint64 total = 0, done = 0;
  guint n_rows = 0;

  g_array_set_clear_func (values, (GDestroyNotify) value_clear);

  if (!ld_store_copy_count (from, table, &total, error))
    return FALSE;
  select = ld_store_prepare (from, select_sql, error);
  if (select == NULL)
    return FALSE;

  while ((step = ld_db_step (select, error)) == LD_DB_ROW)
    {
      g_array_set_size (values, (n_rows + 1) * n_columns);
      for (guint i = 0; i < n_columns; i++)
        read_value (select, i, g_ptr_array_index (table->columns, i),
                    &g_array_index (values, Value, n_rows * n_columns + i));
      if (++n_rows < rows_per_insert)
        continue;

      if (!insert_rows (into, table, values, n_rows, error))
        return FALSE;
      done += n_rows;
      n_rows = 0;
      g_array_set_size (values, 0);
      if (progress != NULL)
        progress (table->name, done, total, user_data);
    }
  if (step != LD_DB_DONE)
    return FALSE;

  if (n_rows > 0 && !insert_rows (into, table, values, n_rows, error))
    return FALSE;
  done += n_rows;
  /* A table whose last batch was full has been reported already. */
  if (progress != NULL && (n_rows > 0 || done == 0))
    progress (table->name, done, total, user_data);
  return TRUE;
}

/* SQLite's AUTOINCREMENT remembers the largest id ever given, even when
 * its row is gone: the copy goes on from there too. */
static gboolean
get_sqlite_sequence (LdStore     *from,
                     const char  *table,
                     gint64      *out_value,
                     GError     **error)
{
  static const char exists_sql[] =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'";
  static const char sql[] = "SELECT seq FROM sqlite_sequence WHERE name = ?1";
  LdDbStmt *stmt = ld_store_prepare (from, exists_sql, error);
  gint64 exists;
  LdDbStep step;

  *out_value = 0;
  if (stmt == NULL || ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  exists = ld_db_column_int64 (stmt, 0);
  if (!ld_db_step_done (stmt, error))
    return FALSE;
  if (exists == 0)
    return TRUE;

  stmt = ld_store_prepare (from, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, table);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_ROW)
    {
      *out_value = ld_db_column_int64 (stmt, 0);
      return ld_db_step_done (stmt, error);
    }
  return TRUE;
}

/* Each identity goes on after the largest copied value, so the next row
 * made on PostgreSQL gets a new id and the feed's next seq follows on. */
static gboolean
move_identities (LdStore             *from,
                 LdStore             *into,
                 const LdStoreTable  *table,
                 GError             **error)
{
  static const char setval_sql[] =
    "SELECT setval (pg_get_serial_sequence (?1, ?2), CAST (?3 AS BIGINT))";

  for (guint i = 0; i < table->columns->len; i++)
    {
      LdStoreColumn *column = g_ptr_array_index (table->columns, i);
      g_autoptr(GString) max_sql = g_string_new ("SELECT MAX(");
      g_autoptr(GString) qualified = g_string_new (NULL);
      LdDbStmt *stmt;
      gint64 largest, remembered;

      if (!column->identity)
        continue;

      quote_name (max_sql, column->name);
      g_string_append (max_sql, ") FROM ");
      quote_name (max_sql, table->name);
      stmt = ld_store_prepare (into, max_sql->str, error);
      if (stmt == NULL || ld_db_step (stmt, error) != LD_DB_ROW)
        return FALSE;
      largest = ld_db_column_int64 (stmt, 0);
      if (!ld_db_step_done (stmt, error) ||
          !get_sqlite_sequence (from, table->name, &remembered, error))
        return FALSE;
      largest = MAX (largest, remembered);
      if (largest == 0)
        continue;

      quote_name (qualified, table->name);
      stmt = ld_store_prepare (into, setval_sql, error);
      if (stmt == NULL)
        return FALSE;
      ld_db_bind_text (stmt, 1, qualified->str);
      ld_db_bind_text (stmt, 2, column->name);
      ld_db_bind_int64 (stmt, 3, largest);
      if (ld_db_step (stmt, error) != LD_DB_ROW || !ld_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * ld_store_copy_tables:
 * @from: the SQLite store to copy from
 * @into: the PostgreSQL store to copy into, with no rows
 * @tables: from ld_store_copy_describe() on @into
 * @progress: (nullable): told after each batch
 * @user_data: for @progress
 * @error: return location for an %LD_STORE_ERROR
 *
 * Copies every row in one transaction on @into: a copy that fails leaves
 * it as empty as it was.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_copy_tables (LdStore              *from,
                      LdStore              *into,
                      GPtrArray            *tables,
                      LdStoreCopyProgress   progress,
                      gpointer              user_data,
                      GError              **error)
{
  g_auto(LdDbTransaction) txn = { NULL };

  g_return_val_if_fail (from != NULL && into != NULL && tables != NULL, FALSE);

  if (!require_postgresql (into, error) || !ld_db_transaction_begin (&txn, into->db, error))
    return FALSE;

  for (guint i = 0; i < tables->len; i++)
    {
      LdStoreTable *table = g_ptr_array_index (tables, i);

      if (!copy_table (from, into, table, progress, user_data, error) ||
          !move_identities (from, into, table, error))
        return FALSE;
    }

  return ld_db_transaction_commit (&txn, error);
}

/* Adds @row's digest to @sum, four 64-bit lanes modulo 2^64: the sum does
 * not depend on the order rows come in, which differs between the two
 * databases, and a row changed, missing or added changes it. */
static void
add_row_digest (GChecksum *row,
                guint64    sum[4])
{
  guint8 digest[32];
  gsize length = sizeof digest;

  g_checksum_get_digest (row, digest, &length);
  for (guint lane = 0; lane < 4; lane++)
    {
      guint64 part;

      memcpy (&part, digest + lane * 8, 8);
      sum[lane] += part;
    }
}

/* A tag, the length for what has one, then the bytes: no two rows of
 * different values digest the same run of bytes. */
static void
digest_tagged (GChecksum  *row,
               guint8      tag,
               gboolean    with_length,
               const void *data,
               gsize       size)
{
  guint64 length = size;

  g_checksum_update (row, &tag, 1);
  if (with_length)
    g_checksum_update (row, (const guchar *) &length, sizeof length);
  if (size > 0)
    g_checksum_update (row, data, size);
}

static void
digest_value (GChecksum           *row,
              LdDbStmt            *stmt,
              int                  column,
              const LdStoreColumn *desc)
{
  if (ld_db_column_is_null (stmt, column))
    {
      digest_tagged (row, 'N', FALSE, NULL, 0);
      return;
    }

  switch (desc->kind)
    {
    case LD_STORE_COLUMN_INTEGER:
      {
        gint64 number = ld_db_column_int64 (stmt, column);

        digest_tagged (row, 'I', FALSE, &number, sizeof number);
      }
      break;
    case LD_STORE_COLUMN_REAL:
      {
        double real = ld_db_column_double (stmt, column);

        digest_tagged (row, 'R', FALSE, &real, sizeof real);
      }
      break;
    case LD_STORE_COLUMN_BLOB:
      {
        g_autoptr(GBytes) bytes = ld_db_column_dup_bytes (stmt, column);
        gsize size = 0;
        const void *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

        digest_tagged (row, 'B', TRUE, data, size);
      }
      break;
    case LD_STORE_COLUMN_TEXT:
    default:
      {
        const char *text = ld_db_column_text (stmt, column);

        digest_tagged (row, 'T', TRUE, text, strlen (text));
      }
      break;
    }
}

/**
 * ld_store_copy_dup_checksum:
 * @store: either store
 * @table: a table ld_store_copy_describe() found
 * @error: return location for an %LD_STORE_ERROR
 *
 * Every value of every row, each read in its column's type: equal on both
 * sides when the rows are equal, field by field.
 *
 * Returns: (transfer full) (nullable): the table's checksum, in hex
 */
/* PostgreSQL hands a statement's rows over whole (ld-db-pg.c): a table
 * of a million results would be held at once. Its checksum reads the
 * rows through a cursor, this many at a time. */
#define CHECKSUM_BATCH 5000
#define CHECKSUM_CURSOR "ld_copy_checksum_rows"

/* Adds every row @stmt gives to @sum; how many in @out_n. */
static gboolean
sum_rows (LdDbStmt            *stmt,
          const LdStoreTable  *table,
          guint64              sum[4],
          guint               *out_n,
          GError             **error)
{
  g_autoptr(GChecksum) row = g_checksum_new (G_CHECKSUM_SHA256);
  LdDbStep step;

  *out_n = 0;
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      g_checksum_reset (row);
      for (guint i = 0; i < table->columns->len; i++)
        digest_value (row, stmt, i, g_ptr_array_index (table->columns, i));
      add_row_digest (row, sum);
      (*out_n)++;
    }
  return step == LD_DB_DONE;
}

static gboolean
sum_rows_by_cursor (LdStore             *store,
                    const char          *sql,
                    const LdStoreTable  *table,
                    guint64              sum[4],
                    GError             **error)
{
  g_auto(LdDbTransaction) txn = { NULL };
  g_autofree char *declare =
    g_strdup_printf ("DECLARE " CHECKSUM_CURSOR " NO SCROLL CURSOR FOR %s", sql);
  LdDbStmt *fetch;
  guint n;

  if (!ld_db_transaction_begin (&txn, store->db, error) ||
      !ld_db_exec (store->db, declare, error))
    return FALSE;
  fetch = ld_store_prepare (store, "FETCH FORWARD " G_STRINGIFY (CHECKSUM_BATCH)
                            " FROM " CHECKSUM_CURSOR, error);
  if (fetch == NULL)
    return FALSE;
  do
    {
      if (!sum_rows (fetch, table, sum, &n, error))
        return FALSE;
    }
  while (n > 0);
  return ld_db_exec (store->db, "CLOSE " CHECKSUM_CURSOR, error) &&
         ld_db_transaction_commit (&txn, error);
}

char *
ld_store_copy_dup_checksum (LdStore             *store,
                            const LdStoreTable  *table,
                            GError             **error)
{
  g_autofree char *sql = build_select (table, FALSE);
  guint64 sum[4] = { 0 };
  guint n;

  g_return_val_if_fail (store != NULL && table != NULL, NULL);

  if (ld_db_get_backend (store->db) == LD_DB_POSTGRESQL)
    {
      if (!sum_rows_by_cursor (store, sql, table, sum, error))
        return NULL;
    }
  else
    {
      LdDbStmt *stmt = ld_store_prepare (store, sql, error);

      if (stmt == NULL || !sum_rows (stmt, table, sum, &n, error))
        return NULL;
    }

  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x%016"
                          G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x",
                          sum[0], sum[1], sum[2], sum[3]);
}

/**
 * ld_store_copy_same_key:
 * @from: a store with its audit seal loaded
 * @key_path: another audit key file, which may not exist
 * @out_same: (out): whether it exists and holds @from's key (or @from
 *   has none)
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE unless a file could not be read
 */
gboolean
ld_store_copy_same_key (LdStore     *from,
                        const char  *key_path,
                        gboolean    *out_same,
                        GError     **error)
{
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (from != NULL && key_path != NULL, FALSE);

  /* A chain never keyed has no key to differ from. */
  *out_same = from->seal == NULL;
  if (from->seal == NULL || !g_file_test (key_path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_file_get_contents (ld_audit_seal_get_key_path (from->seal), &ours, NULL, &local) ||
      !g_file_get_contents (key_path, &theirs, NULL, &local))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_IO,
                   "An audit key could not be read: %s", local->message);
      return FALSE;
    }
  *out_same = g_str_equal (g_strstrip (ours), g_strstrip (theirs));
  return TRUE;
}

/**
 * ld_store_copy_export_seal:
 * @from: a store, with its audit seal if it has one
 * @key_path: where the copy's key goes
 * @head_path: where the copy's head goes
 * @error: return location for an %LD_STORE_ERROR
 *
 * The copy's chain is @from's, so it is checked with @from's key, and its
 * head names @from's newest event.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_copy_export_seal (LdStore     *from,
                           const char  *key_path,
                           const char  *head_path,
                           GError     **error)
{
  g_autofree char *hash = NULL;
  gint64 seq;

  g_return_val_if_fail (from != NULL, FALSE);

  /* A chain never keyed: the target makes its own key as it opens. */
  if (from->seal == NULL)
    return TRUE;
  if (!ld_store_audit_get_head (from, &seq, &hash, error))
    return FALSE;
  return ld_audit_seal_export (from->seal, key_path, head_path, seq, hash, error);
}

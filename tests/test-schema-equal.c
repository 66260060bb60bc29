/* test-schema-equal.c: SQLite's and PostgreSQL's migrations give one schema
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema is written twice: server/store/migrations/ for SQLite and
 * server/store/migrations-pg/ for PostgreSQL, in each one's types. The
 * store runs the same SQL on both, so the two must agree. This test
 * migrates a fresh database of each kind with the store's own migration
 * code, reads back what each catalogue says, and compares them table by
 * table, column by column: the column's name, its kind of value (integer,
 * text, real, blob, boolean, timestamp), whether it may be NULL, its
 * default; the primary key; the indexes and unique constraints by the
 * columns they cover (whether unique, whether partial); the foreign keys;
 * and the views by name and columns. Every difference is listed before it
 * fails. CHECK constraints (SQLite's catalogue does not list them) and
 * triggers (each backend writes the same rule its own way,
 * 0027-cohort-time.sql) are not compared.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ld-sqlite-migrate.h"
#include "ld-test-pg.h"
#include "store/ld-db-pg.h"
#include "store/ld-db-sqlite.h"
#include "store/ld-store-migrate-pg.h"

#define SQLITE_MIGRATIONS "/org/labdesk/Labdesk/server/migrations"

/* Tables one backend has for a reason of its own, not part of the shared
 * schema: PostgreSQL keeps its version in a table (SQLite in
 * user_version), and the rate limits' windows (SQLite's single process
 * holds them in memory; ld-store-rates.c). */
static const char * const pg_only_tables[] = { "schema_version", "rate_windows", NULL };

typedef struct
{
  char    *name;
  char    *kind;
  gboolean not_null;
  char    *default_value; /* as written, casts dropped; NULL for none */
} Column;

typedef struct
{
  GPtrArray *columns; /* Column, in table order */
  char      *primary_key; /* its columns, in key order, comma-separated */
  /* "index unique (a, b)", "index (a) partial", "foreign key (a)
   * references t (b)", sorted */
  GPtrArray *indexes;
} Table;

static void
column_free (Column *column)
{
  g_free (column->name);
  g_free (column->kind);
  g_free (column->default_value);
  g_free (column);
}

static void
table_free (Table *table)
{
  g_ptr_array_unref (table->columns);
  g_ptr_array_unref (table->indexes);
  g_free (table->primary_key);
  g_free (table);
}

static Table *
table_new (void)
{
  Table *table = g_new0 (Table, 1);

  table->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  table->indexes = g_ptr_array_new_with_free_func (g_free);
  return table;
}

static GHashTable *
schema_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) table_free);
}

/* The kind of value a declared type holds, by SQLite's affinity rules for
 * SQLite's names and by PostgreSQL's type names for its own. */
static const char *
kind_of_type (const char *declared)
{
  g_autofree char *type = g_ascii_strdown (declared != NULL ? declared : "", -1);

  if (strstr (type, "bool") != NULL)
    return "boolean";
  if (strstr (type, "timestamp") != NULL || g_str_equal (type, "date"))
    return "timestamp";
  if (strstr (type, "int") != NULL)
    return "integer";
  if (strstr (type, "char") != NULL || strstr (type, "text") != NULL ||
      strstr (type, "clob") != NULL)
    return "text";
  if (strstr (type, "real") != NULL || strstr (type, "floa") != NULL ||
      strstr (type, "doub") != NULL || strstr (type, "numeric") != NULL)
    return "real";
  if (strstr (type, "blob") != NULL || strstr (type, "bytea") != NULL || *type == '\0')
    return "blob";
  return type[0] != '\0' ? g_intern_string (type) : "blob";
}

static LdDbStmt *
prepare (LdDb       *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  LdDbStmt *stmt = ld_db_prepare_cached (db, sql, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stmt);
  return stmt;
}

static gboolean
next_row (LdDbStmt *stmt)
{
  g_autoptr(GError) error = NULL;
  LdDbStep step = ld_db_step (stmt, &error);

  g_assert_no_error (error);
  g_assert_cmpint (step, !=, LD_DB_ERROR);
  return step == LD_DB_ROW;
}

/* Both lists of names, for one statement's first column with @arg bound. */
static GPtrArray *
dup_names (LdDb       *db,
           const char *sql,
           const char *arg)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  LdDbStmt  *stmt = prepare (db, sql);

  if (arg != NULL)
    ld_db_bind_text (stmt, 1, arg);
  while (next_row (stmt))
    g_ptr_array_add (names, ld_db_column_is_null (stmt, 0) ? g_strdup ("<expression>")
                                                           : ld_db_column_dup_text (stmt, 0));
  return names;
}

static char *
join_names (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static char *
describe_index (gboolean   unique,
                GPtrArray *columns,
                gboolean   partial)
{
  g_autofree char *list = join_names (columns);

  return g_strdup_printf ("index %s(%s)%s", unique ? "unique " : "", list,
                          partial ? " partial" : "");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A column's default as both catalogues can agree on it: PostgreSQL
 * writes 'x'::text where SQLite keeps 'x', and brackets an expression
 * SQLite may not. */
static char *
dup_default (LdDbStmt *stmt,
             int       column)
{
  g_autoptr(GString) text = NULL;
  char              *cast;

  if (ld_db_column_is_null (stmt, column))
    return NULL;
  text = g_string_new (ld_db_column_text (stmt, column));
  while ((cast = strstr (text->str, "::")) != NULL)
    {
      gsize end = cast - text->str + 2;

      /* The type's name: "text", "character varying", "bigint[]". */
      while (end < text->len &&
             (g_ascii_isalnum (text->str[end]) || strchr ("_ []", text->str[end]) != NULL))
        end++;
      g_string_erase (text, cast - text->str, end - (cast - text->str));
    }
  while (text->len >= 2 && text->str[0] == '(' && text->str[text->len - 1] == ')')
    {
      g_string_erase (text, text->len - 1, 1);
      g_string_erase (text, 0, 1);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GHashTable *
describe_sqlite (LdDb *db)
{
  static const char tables_sql[] =
    "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
    " AND name NOT LIKE 'sqlite_%' ORDER BY name";
  static const char columns_sql[] =
    "SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info (?1) ORDER BY cid";
  static const char indexes_sql[] =
    "SELECT name, \"unique\", partial FROM pragma_index_list (?1) WHERE origin <> 'pk'";
  static const char index_columns_sql[] =
    "SELECT name FROM pragma_index_info (?1) ORDER BY seqno";
  /* A key of several columns is one id, its columns in seq order. */
  static const char foreign_keys_sql[] =
    "SELECT \"table\", group_concat (\"from\", ', '), group_concat (\"to\", ', ')"
    " FROM (SELECT * FROM pragma_foreign_key_list (?1) ORDER BY id, seq) GROUP BY id";
  GHashTable *schema = schema_new ();
  g_autoptr(GPtrArray) tables = dup_names (db, tables_sql, NULL);

  for (guint t = 0; t < tables->len; t++)
    {
      const char *name = g_ptr_array_index (tables, t);
      g_autoptr(GPtrArray) key = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) key_order = g_ptr_array_new ();
      g_autoptr(GPtrArray) index_names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) index_flags = g_array_new (FALSE, FALSE, sizeof (int));
      Table    *table = table_new ();
      LdDbStmt *stmt;

      stmt = prepare (db, columns_sql);
      ld_db_bind_text (stmt, 1, name);
      while (next_row (stmt))
        {
          Column *column = g_new0 (Column, 1);
          int     pk = ld_db_column_int (stmt, 3);

          column->name = ld_db_column_dup_text (stmt, 0);
          column->kind = g_strdup (kind_of_type (ld_db_column_text (stmt, 1)));
          /* A key column is never NULL on PostgreSQL; on SQLite only an
           * INTEGER PRIMARY KEY is, but the store never writes a NULL key. */
          column->not_null = ld_db_column_int (stmt, 2) != 0 || pk > 0;
          column->default_value = dup_default (stmt, 4);
          if (pk > 0)
            {
              g_ptr_array_add (key, g_strdup (column->name));
              g_ptr_array_add (key_order, GINT_TO_POINTER (pk));
            }
          g_ptr_array_add (table->columns, column);
        }
      /* pk counts the key's columns from 1, in key order. */
      for (guint i = 0; i < key->len; i++)
        for (guint j = i + 1; j < key->len; j++)
          if (GPOINTER_TO_INT (key_order->pdata[j]) < GPOINTER_TO_INT (key_order->pdata[i]))
            {
              gpointer swap = key->pdata[i];

              key->pdata[i] = key->pdata[j];
              key->pdata[j] = swap;
              swap = key_order->pdata[i];
              key_order->pdata[i] = key_order->pdata[j];
              key_order->pdata[j] = swap;
            }
      table->primary_key = join_names (key);

      stmt = prepare (db, indexes_sql);
      ld_db_bind_text (stmt, 1, name);
      while (next_row (stmt))
        {
          int flags =
            (ld_db_column_int (stmt, 1) != 0 ? 1 : 0) | (ld_db_column_int (stmt, 2) != 0 ? 2 : 0);

          g_ptr_array_add (index_names, ld_db_column_dup_text (stmt, 0));
          g_array_append_val (index_flags, flags);
        }
      for (guint i = 0; i < index_names->len; i++)
        {
          g_autoptr(GPtrArray) columns =
                       dup_names (db, index_columns_sql, g_ptr_array_index (index_names, i));
          int flags = g_array_index (index_flags, int, i);

          g_ptr_array_add (table->indexes, describe_index (flags & 1, columns, flags & 2));
        }
      stmt = prepare (db, foreign_keys_sql);
      ld_db_bind_text (stmt, 1, name);
      while (next_row (stmt))
        g_ptr_array_add (table->indexes,
                         g_strdup_printf ("foreign key (%s) references %s (%s)",
                                          ld_db_column_text (stmt, 1), ld_db_column_text (stmt, 0),
                                          ld_db_column_is_null (stmt, 2)
                                            ? "its key"
                                            : ld_db_column_text (stmt, 2)));
      g_ptr_array_sort (table->indexes, compare_strings);
      g_hash_table_insert (schema, g_strdup (name), table);
    }
  return schema;
}

static GHashTable *
describe_pg (LdDb *db)
{
  static const char tables_sql[] =
    "SELECT table_name::text FROM information_schema.tables"
    " WHERE table_schema = current_schema () AND table_type = 'BASE TABLE' ORDER BY 1";
  static const char columns_sql[] =
    "SELECT column_name::text, data_type::text, is_nullable::text, column_default::text"
    " FROM information_schema.columns"
    " WHERE table_schema = current_schema () AND table_name = ?1 ORDER BY ordinal_position";
  static const char key_sql[] =
    "SELECT a.attname::text FROM pg_index i"
    " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
    " WHERE i.indrelid = to_regclass (?1) AND i.indisprimary"
    " ORDER BY array_position (i.indkey::int2[], a.attnum)";
  static const char indexes_sql[] =
    "SELECT i.indexrelid::bigint, i.indisunique::int, (i.indpred IS NOT NULL)::int"
    " FROM pg_index i WHERE i.indrelid = to_regclass (?1) AND NOT i.indisprimary";
  static const char index_columns_sql[] =
    "SELECT CASE WHEN k.attnum = 0 THEN NULL ELSE a.attname::text END"
    " FROM pg_index i CROSS JOIN unnest (i.indkey::int2[]) WITH ORDINALITY AS k (attnum, n)"
    " LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
    " WHERE i.indexrelid = ?1::text::bigint::oid ORDER BY k.n";
  static const char foreign_keys_sql[] =
    "SELECT c.confrelid::regclass::text,"
    " (SELECT string_agg (a.attname, ', ' ORDER BY k.n)"
    "   FROM unnest (c.conkey) WITH ORDINALITY AS k (attnum, n)"
    "   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),"
    " (SELECT string_agg (a.attname, ', ' ORDER BY k.n)"
    "   FROM unnest (c.confkey) WITH ORDINALITY AS k (attnum, n)"
    "   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum)"
    " FROM pg_constraint c WHERE c.conrelid = to_regclass (?1) AND c.contype = 'f'";
  GHashTable *schema = schema_new ();
  g_autoptr(GPtrArray) tables = dup_names (db, tables_sql, NULL);

  for (guint t = 0; t < tables->len; t++)
    {
      const char *name = g_ptr_array_index (tables, t);
      g_autoptr(GArray) index_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) key = NULL;
      g_autoptr(GArray) index_flags = g_array_new (FALSE, FALSE, sizeof (int));
      Table    *table;
      LdDbStmt *stmt;

      if (g_strv_contains (pg_only_tables, name))
        continue;

      table = table_new ();
      stmt = prepare (db, columns_sql);
      ld_db_bind_text (stmt, 1, name);
      while (next_row (stmt))
        {
          Column *column = g_new0 (Column, 1);

          column->name = ld_db_column_dup_text (stmt, 0);
          column->kind = g_strdup (kind_of_type (ld_db_column_text (stmt, 1)));
          column->not_null = g_str_equal (ld_db_column_text (stmt, 2), "NO");
          column->default_value = dup_default (stmt, 3);
          g_ptr_array_add (table->columns, column);
        }
      key = dup_names (db, key_sql, name);
      table->primary_key = join_names (key);

      stmt = prepare (db, indexes_sql);
      ld_db_bind_text (stmt, 1, name);
      while (next_row (stmt))
        {
          gint64 id = ld_db_column_int64 (stmt, 0);
          int    flags =
            (ld_db_column_int (stmt, 1) != 0 ? 1 : 0) | (ld_db_column_int (stmt, 2) != 0 ? 2 : 0);

          g_array_append_val (index_ids, id);
          g_array_append_val (index_flags, flags);
        }
      for (guint i = 0; i < index_ids->len; i++)
        {
          g_autofree char *id =
            g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (index_ids, gint64, i));
          g_autoptr(GPtrArray) columns = dup_names (db, index_columns_sql, id);
          int flags = g_array_index (index_flags, int, i);

          g_ptr_array_add (table->indexes, describe_index (flags & 1, columns, flags & 2));
        }
      stmt = prepare (db, foreign_keys_sql);
      ld_db_bind_text (stmt, 1, name);
      while (next_row (stmt))
        g_ptr_array_add (table->indexes,
                         g_strdup_printf ("foreign key (%s) references %s (%s)",
                                          ld_db_column_text (stmt, 1), ld_db_column_text (stmt, 0),
                                          ld_db_column_text (stmt, 2)));
      g_ptr_array_sort (table->indexes, compare_strings);
      g_hash_table_insert (schema, g_strdup (name), table);
    }
  return schema;
}

static Column *
find_column (Table      *table,
             const char *name)
{
  for (guint i = 0; i < table->columns->len; i++)
    {
      Column *column = g_ptr_array_index (table->columns, i);

      if (g_str_equal (column->name, name))
        return column;
    }
  return NULL;
}

static gboolean
has_string (GPtrArray  *strings,
            const char *s)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), s))
      return TRUE;
  return FALSE;
}

static void
compare_tables (const char *name,
                Table      *lite,
                Table      *pg,
                GString    *differences)
{
  for (guint i = 0; i < lite->columns->len; i++)
    {
      Column *a = g_ptr_array_index (lite->columns, i);
      Column *b = find_column (pg, a->name);

      if (b == NULL)
        {
          g_string_append_printf (differences, "%s.%s: only on SQLite\n", name, a->name);
          continue;
        }
      if (!g_str_equal (a->kind, b->kind))
        g_string_append_printf (differences, "%s.%s: %s on SQLite, %s on PostgreSQL\n", name,
                                a->name, a->kind, b->kind);
      if (g_strcmp0 (a->default_value, b->default_value) != 0)
        g_string_append_printf (differences, "%s.%s: default %s on SQLite, %s on PostgreSQL\n",
                                name, a->name, a->default_value ? a->default_value : "none",
                                b->default_value ? b->default_value : "none");
      if (a->not_null != b->not_null)
        g_string_append_printf (differences, "%s.%s: %s on SQLite, %s on PostgreSQL\n", name,
                                a->name, a->not_null ? "NOT NULL" : "nullable",
                                b->not_null ? "NOT NULL" : "nullable");
    }
  for (guint i = 0; i < pg->columns->len; i++)
    {
      Column *b = g_ptr_array_index (pg->columns, i);

      /* SQLite's tables have a rowid of their own, unlisted; PostgreSQL's
       * spell out the ones the store orders by (0001-initial.sql). */
      if (g_str_equal (b->name, "rowid"))
        continue;
      if (find_column (lite, b->name) == NULL)
        g_string_append_printf (differences, "%s.%s: only on PostgreSQL\n", name, b->name);
    }

  if (!g_str_equal (lite->primary_key, pg->primary_key))
    g_string_append_printf (differences, "%s: primary key (%s) on SQLite, (%s) on PostgreSQL\n",
                            name, lite->primary_key, pg->primary_key);

  for (guint i = 0; i < lite->indexes->len; i++)
    if (!has_string (pg->indexes, g_ptr_array_index (lite->indexes, i)))
      g_string_append_printf (differences, "%s: %s only on SQLite\n", name,
                              (char *) g_ptr_array_index (lite->indexes, i));
  for (guint i = 0; i < pg->indexes->len; i++)
    if (!has_string (lite->indexes, g_ptr_array_index (pg->indexes, i)))
      g_string_append_printf (differences, "%s: %s only on PostgreSQL\n", name,
                              (char *) g_ptr_array_index (pg->indexes, i));
}

typedef struct
{
  char *dir;
  char *path;
  char *database;
  LdDb *lite;
  LdDb *pg;
} Fixture;

/* A fresh database of each kind, migrated by the store's own code. */
static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *uri = NULL;

  fx->dir = g_dir_make_tmp ("ld-schema-equal-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "schema.db", NULL);
  fx->lite = ld_db_sqlite_open (fx->path, LD_SQLITE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (ld_sqlite_migrate (ld_db_sqlite_get_handle (fx->lite), SQLITE_MIGRATIONS, &error));
  g_assert_no_error (error);

  fx->database = ld_test_pg_create_database (NULL);
  uri = ld_test_pg_dup_uri (fx->database);
  fx->pg = ld_db_pg_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (ld_store_pg_migrate (fx->pg, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_pointer (&fx->lite, ld_db_close);
  g_clear_pointer (&fx->pg, ld_db_close);
  ld_test_pg_drop_database (fx->database);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fx->path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (fx->dir);
  g_free (fx->database);
  g_free (fx->path);
  g_free (fx->dir);
}

/* Views by name and by their columns' names (a view's column has no
 * declared type on SQLite to compare). */
static void
compare_views (Fixture *fx,
               GString *differences)
{
  static const char lite_views_sql[] =
    "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'view' ORDER BY name";
  static const char lite_columns_sql[] = "SELECT name FROM pragma_table_info (?1) ORDER BY cid";
  static const char pg_views_sql[] =
    "SELECT table_name::text FROM information_schema.views"
    " WHERE table_schema = current_schema () ORDER BY 1";
  static const char pg_columns_sql[] =
    "SELECT column_name::text FROM information_schema.columns"
    " WHERE table_schema = current_schema () AND table_name = ?1 ORDER BY ordinal_position";
  g_autoptr(GPtrArray) lite_views = dup_names (fx->lite, lite_views_sql, NULL);
  g_autoptr(GPtrArray) pg_views = dup_names (fx->pg, pg_views_sql, NULL);

  for (guint i = 0; i < lite_views->len; i++)
    {
      const char *name = g_ptr_array_index (lite_views, i);
      g_autoptr(GPtrArray) lite_columns = NULL;
      g_autoptr(GPtrArray) pg_columns = NULL;
      g_autofree char     *lite_list = NULL;
      g_autofree char     *pg_list = NULL;

      if (!has_string (pg_views, name))
        {
          g_string_append_printf (differences, "%s: a view only on SQLite\n", name);
          continue;
        }
      lite_columns = dup_names (fx->lite, lite_columns_sql, name);
      pg_columns = dup_names (fx->pg, pg_columns_sql, name);
      lite_list = join_names (lite_columns);
      pg_list = join_names (pg_columns);
      if (!g_str_equal (lite_list, pg_list))
        g_string_append_printf (differences, "%s: view of (%s) on SQLite, (%s) on PostgreSQL\n",
                                name, lite_list, pg_list);
    }
  for (guint i = 0; i < pg_views->len; i++)
    if (!has_string (lite_views, g_ptr_array_index (pg_views, i)))
      g_string_append_printf (differences, "%s: a view only on PostgreSQL\n",
                              (char *) g_ptr_array_index (pg_views, i));
}

/* Every difference between the two, one a line, sorted by table. */
static char *
dup_differences (Fixture *fx)
{
  g_autoptr(GHashTable) lite_schema = describe_sqlite (fx->lite);
  g_autoptr(GHashTable) pg_schema = describe_pg (fx->pg);
  g_autoptr(GString) differences = g_string_new (NULL);
  g_autofree const char **names = NULL;
  GHashTableIter          iter;
  gpointer                key, value;

  /* A catalogue that read nothing would make the comparison pass. */
  g_assert_cmpuint (g_hash_table_size (lite_schema), >, 20);
  g_assert_cmpuint (g_hash_table_size (pg_schema), >, 20);

  names = (const char **) g_hash_table_get_keys_as_array (lite_schema, NULL);
  g_qsort_with_data (names, g_hash_table_size (lite_schema), sizeof (char *),
                     (GCompareDataFunc) compare_strings, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      Table *pg_table = g_hash_table_lookup (pg_schema, names[i]);

      if (pg_table == NULL)
        g_string_append_printf (differences, "%s: a table only on SQLite\n", names[i]);
      else
        compare_tables (names[i], g_hash_table_lookup (lite_schema, names[i]), pg_table,
                        differences);
    }
  g_hash_table_iter_init (&iter, pg_schema);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (lite_schema, key))
      g_string_append_printf (differences, "%s: a table only on PostgreSQL\n", (char *) key);
  compare_views (fx, differences);

  return g_string_free (g_steal_pointer (&differences), FALSE);
}

static void
test_schemas_equal (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *differences = dup_differences (fx);

  if (*differences != '\0')
    g_test_message ("The two schemas differ:\n%s", differences);
  g_assert_cmpstr (differences, ==, "");
}

static void
assert_lists (const char *differences,
              const char *line)
{
  if (strstr (differences, line) == NULL)
    g_error ("\"%s\" is not among the differences:\n%s", line, differences);
}

/* The comparison itself sees each kind of difference, on either side. */
static void
test_differences_are_found (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char  *differences = NULL;
  guint             n_lines = 0;

  g_assert_true (ld_db_exec (fx->pg,
                             "ALTER TABLE users ALTER COLUMN qualification SET NOT NULL;"
                             " ALTER TABLE users ALTER COLUMN registration_number TYPE BIGINT"
                             "  USING NULL;"
                             " ALTER TABLE settings ADD COLUMN note TEXT;"
                             " CREATE UNIQUE INDEX users_by_name ON users (display_name);"
                             " CREATE TABLE extra (id TEXT PRIMARY KEY);"
                             " ALTER TABLE sessions DROP CONSTRAINT sessions_user_id_fkey;"
                             " ALTER TABLE users ALTER COLUMN disabled SET DEFAULT 1;"
                             " ALTER TABLE settings ALTER COLUMN value SET DEFAULT 'none'",
                             &error));
  g_assert_no_error (error);
  g_assert_true (ld_db_exec (fx->lite,
                             "ALTER TABLE sessions ADD COLUMN device BLOB;"
                             " CREATE INDEX sessions_by_age ON sessions (created_us)"
                             "  WHERE last_seen_us > 0;"
                             " CREATE TABLE other (a INTEGER, b TEXT, PRIMARY KEY (b, a));"
                             " CREATE VIEW other_view AS SELECT a FROM other",
                             &error));
  g_assert_no_error (error);

  differences = dup_differences (fx);
  assert_lists (differences, "users.qualification: nullable on SQLite, NOT NULL on PostgreSQL");
  assert_lists (differences,
                "users.registration_number: text on SQLite, integer on PostgreSQL");
  assert_lists (differences, "settings.note: only on PostgreSQL");
  assert_lists (differences, "users: index unique (display_name) only on PostgreSQL");
  assert_lists (differences, "extra: a table only on PostgreSQL");
  assert_lists (differences, "sessions.device: only on SQLite");
  assert_lists (differences,
                "sessions: foreign key (user_id) references users (id) only on SQLite");
  assert_lists (differences, "sessions: index (created_us) partial only on SQLite");
  assert_lists (differences, "other: a table only on SQLite");
  assert_lists (differences, "other_view: a view only on SQLite");
  assert_lists (differences, "users.disabled: default 0 on SQLite, 1 on PostgreSQL");
  assert_lists (differences, "settings.value: default none on SQLite, 'none' on PostgreSQL");
  /* And nothing else. */
  for (const char *c = differences; *c != '\0'; c++)
    n_lines += *c == '\n';
  g_assert_cmpuint (n_lines, ==, 12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/schema/sqlite-equals-postgresql", Fixture, NULL, fixture_setup,
              test_schemas_equal, fixture_teardown);
  g_test_add ("/store/schema/differences-are-found", Fixture, NULL, fixture_setup,
              test_differences_are_found, fixture_teardown);

  return g_test_run ();
}

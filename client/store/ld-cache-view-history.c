/* ld-cache-view-history.c: a patient's cumulative results from the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The doctor's cumulative view (tests down, dates across) and its trend
 * charts read the results the feed has already brought into the cache:
 * it opens at once, and offline, for every patient whose results this
 * doctor may see (the feed carries a doctor's verified results, and only
 * those). Two seeks: the patient's orders by orders_by_patient, each
 * order's results by results_by_order; the catalogue's tests by the
 * records' key. Debug builds check those plans once and complain of a
 * scan, so a schema change that loses an index fails the tests.
 *
 * The records are read into plain structs here, on the reader's thread,
 * so the page only lays them out.
 */

#define G_LOG_DOMAIN "ld-cache-view-history"

#include "config.h"

#include "ld-cache-private.h"
#include "ld-cache-view-history.h"
#include "ld-catalog.h"
#include "ld-time.h"

/* Only the members the page shows, taken out by SQLite's JSON functions:
 * parsing 2,000 whole records with json-glib cost more than the rest of
 * the page together (bench-history-view). */
static const char results_sql[] =
  "SELECT r.order_id, r.id,"
  " json_extract (r.record, '$.test_code'), json_extract (r.record, '$.test_name'),"
  " json_extract (r.record, '$.unit'), json_extract (r.record, '$.value'),"
  " json_extract (r.record, '$.numeric_value'), json_extract (r.record, '$.flag'),"
  " coalesce (json_extract (r.record, '$.collected_at'), json_extract (r.record, '$.verified_at')),"
  " json_extract (r.record, '$.reference_range.low'),"
  " json_extract (r.record, '$.reference_range.high'),"
  " json_extract (r.record, '$.reference_range.text'),"
  " (SELECT json_extract (a.value, '$.old_value') FROM json_each (r.record, '$.amendments') a"
  "   WHERE json_extract (a.value, '$.kind') = 'amendment' ORDER BY a.key DESC LIMIT 1)"
  " FROM orders o JOIN results r ON r.order_id = o.id"
  " WHERE o.patient_id = ?1 AND r.state IN ('verified', 'released', 'amended')";

/* In the order they came from the server's catalogue. */
static const char tests_sql[] =
  "SELECT id, json_extract (record, '$.department') FROM records"
  " WHERE entity = 'catalog_test' ORDER BY rowid";

static void
history_value_free (LdHistoryValue *value)
{
  g_free (value->result_id);
  g_free (value->order_id);
  g_free (value->value);
  g_free (value->flag);
  g_free (value->old_value);
  g_free (value->range_text);
  g_free (value);
}

static void
history_test_free (LdHistoryTest *test)
{
  g_free (test->code);
  g_free (test->name);
  g_free (test->unit);
  g_free (test->department);
  g_ptr_array_unref (test->values);
  g_free (test);
}

void
ld_history_free (LdHistory *history)
{
  if (history == NULL)
    return;
  g_ptr_array_unref (history->tests);
  g_array_unref (history->times_us);
  g_free (history);
}

/**
 * ld_history_test_value_at:
 * @test: a test of a history
 * @collected_us: a column's time
 *
 * Returns: (transfer none) (nullable): the test's value collected then
 */
const LdHistoryValue *
ld_history_test_value_at (const LdHistoryTest *test,
                          gint64               collected_us)
{
  g_return_val_if_fail (test != NULL, NULL);

  /* Newest first: a binary search over falling times. */
  for (guint lo = 0, hi = test->values->len; lo < hi;)
    {
      guint mid = (lo + hi) / 2;
      const LdHistoryValue *value = g_ptr_array_index (test->values, mid);

      if (value->collected_us == collected_us)
        return value;
      if (value->collected_us > collected_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

static char *
dup_text (LdSqliteStmt *stmt,
          int           column)
{
  return ld_sqlite_column_is_null (stmt, column) ? NULL : ld_sqlite_column_dup_text (stmt, column);
}

static gboolean
get_number (LdSqliteStmt *stmt,
            int           column,
            double       *out)
{
  if (ld_sqlite_column_is_null (stmt, column))
    return FALSE;
  *out = ld_sqlite_column_double (stmt, column);
  return TRUE;
}

/* A row of results_sql. */
static LdHistoryValue *
read_value (LdSqliteStmt *stmt)
{
  LdHistoryValue *value;
  gint64 collected_us;

  if (ld_sqlite_column_is_null (stmt, 5) ||
      !ld_time_parse_rfc3339 (ld_sqlite_column_text (stmt, 8), &collected_us))
    return NULL;

  value = g_new0 (LdHistoryValue, 1);
  value->order_id = dup_text (stmt, 0);
  value->result_id = dup_text (stmt, 1);
  value->collected_us = collected_us;
  value->value = dup_text (stmt, 5);
  value->has_number = get_number (stmt, 6, &value->number);
  value->flag = dup_text (stmt, 7);
  value->has_low = get_number (stmt, 9, &value->low);
  value->has_high = get_number (stmt, 10, &value->high);
  value->range_text = dup_text (stmt, 11);
  /* The corrected value stands; the last amendment says what it replaced. */
  value->old_value = dup_text (stmt, 12);
  return value;
}

#ifndef G_DISABLE_ASSERT
/* A full scan of orders or results would make a patient's history cost
 * the whole cache: say so, loudly, in debug builds. */
static void
check_plan (LdSqlite   *db,
            const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GError) error = NULL;
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, explain, &error);
  LdSqliteStep step;

  g_assert_no_error (error);
  while ((step = ld_sqlite_step (stmt, &error)) == LD_SQLITE_ROW)
    {
      const char *detail = ld_sqlite_column_text (stmt, 3);

      /* (An amendment's list is a JSON array walked in place.) */
      if (g_str_has_prefix (detail, "SCAN") && strstr (detail, "VIRTUAL TABLE") == NULL)
        g_critical ("A patient's history scans a table: %s", detail);
    }
  ld_sqlite_reset (stmt);
  g_assert_no_error (error);
}
#endif

typedef struct
{
  char   *department;
  guint   rank;
  guint   position;
} TestInfo;

static void
test_info_free (TestInfo *info)
{
  g_free (info->department);
  g_free (info);
}

static GHashTable *
read_tests (LdSqlite  *db,
            GError   **error)
{
  g_autoptr(GHashTable) tests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) test_info_free);
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, tests_sql, error);
  LdSqliteStep step;

  if (stmt == NULL)
    return NULL;
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      TestInfo *info = g_new0 (TestInfo, 1);
      const char *department = ld_sqlite_column_is_null (stmt, 1) ? NULL :
                               ld_sqlite_column_text (stmt, 1);

      info->department = g_strdup (department);
      info->rank = ld_department_rank (department);
      info->position = g_hash_table_size (tests);
      g_hash_table_insert (tests, ld_sqlite_column_dup_text (stmt, 0), info);
    }
  /* Held open, a statement would keep the reader's snapshot, and the
   * writer's checkpoints would wait on it. */
  ld_sqlite_reset (stmt);
  if (step == LD_SQLITE_ERROR)
    return NULL;
  return g_steal_pointer (&tests);
}

static int
compare_tests (gconstpointer a,
               gconstpointer b,
               gpointer      tests)
{
  const LdHistoryTest *ta = *(LdHistoryTest **) a, *tb = *(LdHistoryTest **) b;
  TestInfo *ia = g_hash_table_lookup (tests, ta->code);
  TestInfo *ib = g_hash_table_lookup (tests, tb->code);
  guint ra = ia != NULL ? ia->rank : G_MAXUINT, rb = ib != NULL ? ib->rank : G_MAXUINT;
  guint pa = ia != NULL ? ia->position : G_MAXUINT, pb = ib != NULL ? ib->position : G_MAXUINT;

  if (ra != rb)
    return ra < rb ? -1 : 1;
  if (pa != pb)
    return pa < pb ? -1 : 1;
  return g_strcmp0 (ta->code, tb->code);
}

static int
compare_values (gconstpointer a,
                gconstpointer b)
{
  const LdHistoryValue *va = *(LdHistoryValue **) a, *vb = *(LdHistoryValue **) b;

  return (va->collected_us < vb->collected_us) - (va->collected_us > vb->collected_us);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 ta = *(const gint64 *) a, tb = *(const gint64 *) b;

  return (ta < tb) - (ta > tb);
}

/**
 * ld_history_read:
 * @db: a connection to the cache (the reader's, on its thread)
 * @patient_id: the patient
 * @error: return location for an %LD_STORE_ERROR
 *
 * Reads what ld_cache_patient_history_async() gives; for the reader's
 * thread and for benchmarks.
 *
 * Returns: (transfer full) (nullable): the patient's history
 */
LdHistory *
ld_history_read (LdSqlite    *db,
                 const char  *patient_id,
                 GError     **error)
{
  g_autoptr(LdHistory) history = g_new0 (LdHistory, 1);
  g_autoptr(GHashTable) tests = NULL;
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  /* An order's values share one column: its first collection. */
  g_autoptr(GHashTable) order_times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) times = g_hash_table_new (g_int64_hash, g_int64_equal);
  LdSqliteStmt *stmt;
  LdSqliteStep step;

#ifndef G_DISABLE_ASSERT
  static gsize checked;

  if (g_once_init_enter (&checked))
    {
      check_plan (db, results_sql);
      check_plan (db, tests_sql);
      g_once_init_leave (&checked, 1);
    }
#endif

  history->tests = g_ptr_array_new_with_free_func ((GDestroyNotify) history_test_free);
  history->times_us = g_array_new (FALSE, FALSE, sizeof (gint64));

  tests = read_tests (db, error);
  if (tests == NULL)
    return NULL;

  stmt = ld_sqlite_prepare_cached (db, results_sql, error);
  if (stmt == NULL)
    return NULL;
  ld_sqlite_bind_text (stmt, 1, patient_id);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      LdHistoryValue *value = read_value (stmt);
      const char *code;
      LdHistoryTest *test;
      gint64 *first;

      if (value == NULL)
        continue;
      code = ld_sqlite_column_is_null (stmt, 2) ? NULL : ld_sqlite_column_text (stmt, 2);
      test = code != NULL ? g_hash_table_lookup (by_code, code) : NULL;
      if (code == NULL)
        {
          history_value_free (value);
          continue;
        }
      if (test == NULL)
        {
          TestInfo *info = g_hash_table_lookup (tests, code);

          test = g_new0 (LdHistoryTest, 1);
          test->code = g_strdup (code);
          test->name = ld_sqlite_column_is_null (stmt, 3) ? g_strdup (code) : dup_text (stmt, 3);
          test->unit = dup_text (stmt, 4);
          test->department = g_strdup (info != NULL ? info->department : NULL);
          test->values = g_ptr_array_new_with_free_func ((GDestroyNotify) history_value_free);
          g_ptr_array_add (history->tests, test);
          g_hash_table_insert (by_code, test->code, test);
        }
      g_ptr_array_add (test->values, value);
      first = g_hash_table_lookup (order_times, value->order_id);
      if (first == NULL)
        g_hash_table_insert (order_times, g_strdup (value->order_id),
                             g_memdup2 (&value->collected_us, sizeof (gint64)));
      else if (value->collected_us < *first)
        *first = value->collected_us;
    }
  /* Stopped on a row, the statement would keep the reader's snapshot. */
  ld_sqlite_reset (stmt);
  if (step == LD_SQLITE_ERROR)
    return NULL;

  for (guint t = 0; t < history->tests->len; t++)
    {
      LdHistoryTest *test = g_ptr_array_index (history->tests, t);

      for (guint i = 0; i < test->values->len; i++)
        {
          LdHistoryValue *value = g_ptr_array_index (test->values, i);
          value->collected_us = *(gint64 *) g_hash_table_lookup (order_times, value->order_id);
          if (!g_hash_table_contains (times, &value->collected_us))
            {
              g_hash_table_add (times, &value->collected_us);
              g_array_append_val (history->times_us, value->collected_us);
            }
        }
      g_ptr_array_sort (test->values, compare_values);
    }
  g_array_sort (history->times_us, compare_times);

  g_ptr_array_sort_with_data (history->tests, compare_tests, tests);
  return g_steal_pointer (&history);
}

static gpointer
history_job (LdSqlite **db,
             gpointer   data,
             GError   **error)
{
  return ld_history_read (*db, data, error);
}

/**
 * ld_cache_patient_history_async:
 * @self: a cache
 * @patient_id: the patient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Reads the patient's reported results from the cache, on its reader's
 * thread.
 */
void
ld_cache_patient_history_async (LdCache             *self,
                                const char          *patient_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (LD_IS_CACHE (self));
  g_return_if_fail (patient_id != NULL);

  ld_cache_read_async (self, ld_cache_patient_history_async, history_job, g_strdup (patient_id),
                       g_free, (GDestroyNotify) ld_history_free, cancellable, callback, user_data);
}

/**
 * ld_cache_patient_history_finish:
 *
 * Returns: (transfer full): the history (empty when the cache holds no
 *   result of the patient's), or %NULL with @error set
 */
LdHistory *
ld_cache_patient_history_finish (LdCache       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return ld_cache_read_finish (self, result, error);
}

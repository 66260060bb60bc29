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
#include "ld-states.h"
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
      TestInfo   *info = g_new0 (TestInfo, 1);
      const char *department =
        ld_sqlite_column_is_null (stmt, 1) ? NULL : ld_sqlite_column_text (stmt, 1);

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

/* A history being put together from values in any order: the reader's
 * rows, or the server's results (the fallback). */
typedef struct
{
  LdHistory  *history;
  GHashTable *tests;
  GHashTable *by_code;
  /* An order's values share one column: its first collection. */
  GHashTable *order_times;
} Builder;

static gboolean
builder_init (Builder   *builder,
              LdSqlite  *db,
              GError   **error)
{
  builder->history = g_new0 (LdHistory, 1);
  builder->history->tests = g_ptr_array_new_with_free_func ((GDestroyNotify) history_test_free);
  builder->history->times_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  builder->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  builder->order_times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  builder->tests = read_tests (db, error);
  return builder->tests != NULL;
}

static void
builder_clear (Builder *builder)
{
  g_clear_pointer (&builder->history, ld_history_free);
  g_clear_pointer (&builder->tests, g_hash_table_unref);
  g_clear_pointer (&builder->by_code, g_hash_table_unref);
  g_clear_pointer (&builder->order_times, g_hash_table_unref);
}

/* Takes @value. */
static void
builder_add (Builder        *builder,
             const char     *code,
             const char     *name,
             const char     *unit,
             LdHistoryValue *value)
{
  LdHistoryTest *test = g_hash_table_lookup (builder->by_code, code);
  gint64 *first;

  if (test == NULL)
    {
      TestInfo *info = g_hash_table_lookup (builder->tests, code);

      test = g_new0 (LdHistoryTest, 1);
      test->code = g_strdup (code);
      test->name = g_strdup (name != NULL ? name : code);
      test->unit = g_strdup (unit);
      test->department = g_strdup (info != NULL ? info->department : NULL);
      test->values = g_ptr_array_new_with_free_func ((GDestroyNotify) history_value_free);
      g_ptr_array_add (builder->history->tests, test);
      g_hash_table_insert (builder->by_code, test->code, test);
    }
  g_ptr_array_add (test->values, value);
  first = g_hash_table_lookup (builder->order_times, value->order_id);
  if (first == NULL)
    g_hash_table_insert (builder->order_times, g_strdup (value->order_id),
                         g_memdup2 (&value->collected_us, sizeof (gint64)));
  else if (value->collected_us < *first)
    *first = value->collected_us;
}

static LdHistory *
builder_finish (Builder *builder)
{
  LdHistory *history = builder->history;
  g_autoptr(GHashTable) times = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint t = 0; t < history->tests->len; t++)
    {
      LdHistoryTest *test = g_ptr_array_index (history->tests, t);

      for (guint i = 0; i < test->values->len; i++)
        {
          LdHistoryValue *value = g_ptr_array_index (test->values, i);
          value->collected_us =
            *(gint64 *) g_hash_table_lookup (builder->order_times, value->order_id);
          if (!g_hash_table_contains (times, &value->collected_us))
            {
              g_hash_table_add (times, &value->collected_us);
              g_array_append_val (history->times_us, value->collected_us);
            }
        }
      g_ptr_array_sort (test->values, compare_values);
    }
  g_array_sort (history->times_us, compare_times);

  g_ptr_array_sort_with_data (history->tests, compare_tests, builder->tests);
  builder->history = NULL;
  return history;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Builder, builder_clear)

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
  g_auto(Builder) builder = { NULL };
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

  if (!builder_init (&builder, db, error))
    return NULL;

  stmt = ld_sqlite_prepare_cached (db, results_sql, error);
  if (stmt == NULL)
    return NULL;
  ld_sqlite_bind_text (stmt, 1, patient_id);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      LdHistoryValue *value;

      if (ld_sqlite_column_is_null (stmt, 2) || (value = read_value (stmt)) == NULL)
        continue;
      builder_add (&builder, ld_sqlite_column_text (stmt, 2),
                   ld_sqlite_column_is_null (stmt, 3) ? NULL : ld_sqlite_column_text (stmt, 3),
                   ld_sqlite_column_is_null (stmt, 4) ? NULL : ld_sqlite_column_text (stmt, 4),
                   value);
    }
  /* Stopped on a row, the statement would keep the reader's snapshot. */
  ld_sqlite_reset (stmt);
  if (step == LD_SQLITE_ERROR)
    return NULL;
  return builder_finish (&builder);
}

/* The server's results (GET /api/v1/orders/{id}/results), read as the
 * cache's rows are: a member of the wrong type is taken as absent. */

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
             json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
}

static gboolean
get_double (JsonObject *object,
            const char *member,
            double     *out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : 0;

  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_double (node);
  return TRUE;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
dup_old_value (JsonObject *result)
{
  JsonNode  *node = json_object_get_member (result, "amendments");
  JsonArray *amendments =
    node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = amendments != NULL ? json_array_get_length (amendments) : 0; i > 0; i--)
    {
      JsonNode   *element = json_array_get_element (amendments, i - 1);
      JsonObject *amendment =
        JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;

      if (g_strcmp0 (get_string (amendment, "kind"), "amendment") == 0)
        return g_strdup (get_string (amendment, "old_value"));
    }
  return NULL;
}

static LdHistoryValue *
value_of_result (JsonObject *result)
{
  LdResultState             state = ld_result_state_parse (get_string (result, "state"));
  const char               *at = get_string (result, "collected_at");
  JsonObject               *range = get_object (result, "reference_range");
  LdHistoryValue           *value;
  gint64                    collected_us;

  /* A value is history once checked: verified, then released or amended. */
  if ((state != LD_RESULT_STATE_VERIFIED && state != LD_RESULT_STATE_RELEASED &&
       state != LD_RESULT_STATE_AMENDED) ||
      get_string (result, "value") == NULL ||
      get_string (result, "order_id") == NULL || get_string (result, "test_code") == NULL)
    return NULL;
  if (at == NULL)
    at = get_string (result, "verified_at");
  if (at == NULL || !ld_time_parse_rfc3339 (at, &collected_us))
    return NULL;

  value = g_new0 (LdHistoryValue, 1);
  value->order_id = g_strdup (get_string (result, "order_id"));
  value->result_id = g_strdup (get_string (result, "id"));
  value->collected_us = collected_us;
  value->value = g_strdup (get_string (result, "value"));
  value->has_number = get_double (result, "numeric_value", &value->number);
  value->flag = g_strdup (get_string (result, "flag"));
  value->has_low = get_double (range, "low", &value->low);
  value->has_high = get_double (range, "high", &value->high);
  value->range_text = g_strdup (get_string (range, "text"));
  value->old_value = dup_old_value (result);
  return value;
}

static gpointer
results_job (LdSqlite **db,
             gpointer   data,
             GError   **error)
{
  JsonArray *results = data;
  g_auto(Builder) builder = { NULL };

  if (!builder_init (&builder, *db, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *result = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      LdHistoryValue *value = result != NULL ? value_of_result (result) : NULL;

      if (value != NULL)
        builder_add (&builder, get_string (result, "test_code"), get_string (result, "test_name"),
                     get_string (result, "unit"), value);
    }
  return builder_finish (&builder);
}

/**
 * ld_cache_history_from_results_async:
 * @self: a cache
 * @results: results as the server gives them (`GET /api/v1/patients/{id}/results`
 *   or `GET /api/v1/orders/{id}/results`), of one patient; not touched again
 *   by the caller until the callback
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Lays out a history from results read from the server rather than the
 * cache (a patient whose results the cache does not hold), in the cache's
 * catalogue order, as ld_cache_patient_history_async() does; the reported
 * ones only.
 */
void
ld_cache_history_from_results_async (LdCache             *self,
                                     JsonArray           *results,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (LD_IS_CACHE (self));
  g_return_if_fail (results != NULL);

  ld_cache_read_async (self, ld_cache_history_from_results_async, results_job,
                       json_array_ref (results), (GDestroyNotify) json_array_unref,
                       (GDestroyNotify) ld_history_free, cancellable, callback, user_data);
}

/**
 * ld_cache_history_from_results_finish:
 *
 * Returns: (transfer full): the history, or %NULL with @error set
 */
LdHistory *
ld_cache_history_from_results_finish (LdCache       *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return ld_cache_read_finish (self, result, error);
}

struct _LdHistoryResults
{
  JsonArray *items;
};

/**
 * ld_history_results_new:
 *
 * Returns: (transfer full): no results yet
 */
LdHistoryResults *
ld_history_results_new (void)
{
  LdHistoryResults *results = g_rc_box_new0 (LdHistoryResults);

  results->items = json_array_new ();
  return results;
}

LdHistoryResults *
ld_history_results_ref (LdHistoryResults *results)
{
  g_return_val_if_fail (results != NULL, NULL);

  return g_rc_box_acquire (results);
}

static void
history_results_clear (LdHistoryResults *results)
{
  json_array_unref (results->items);
}

void
ld_history_results_unref (LdHistoryResults *results)
{
  g_return_if_fail (results != NULL);

  g_rc_box_release_full (results, (GDestroyNotify) history_results_clear);
}

/**
 * ld_history_results_add_page:
 * @page: the next (older) page the server sent
 *
 * Adds @page's results after those gathered so far.
 */
void
ld_history_results_add_page (LdHistoryResults    *results,
                             const LdResultsPage *page)
{
  g_return_if_fail (results != NULL);
  g_return_if_fail (page != NULL);

  for (guint i = 0; page->items != NULL && i < json_array_get_length (page->items); i++)
    json_array_add_element (results->items,
                            json_node_copy (json_array_get_element (page->items, i)));
}

guint
ld_history_results_get_n (LdHistoryResults *results)
{
  g_return_val_if_fail (results != NULL, 0);

  return json_array_get_length (results->items);
}

/**
 * ld_cache_history_from_gathered_async:
 * @results: what was gathered; not added to until the callback
 *
 * As ld_cache_history_from_results_async(); finish with
 * ld_cache_history_from_results_finish().
 */
void
ld_cache_history_from_gathered_async (LdCache             *self,
                                      LdHistoryResults    *results,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (results != NULL);

  ld_cache_history_from_results_async (self, results->items, cancellable, callback, user_data);
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

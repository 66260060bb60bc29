/* ld-store-results.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A result row is made, pending, for each ordered test when the order is
 * collected; from then on it is only updated with the version it was read
 * at, so two technicians never overwrite each other. Amendments are only
 * ever added.
 */

#define G_LOG_DOMAIN "ld-store-results"

#include "config.h"

#include "ld-record-id.h"
#include "ld-store-private.h"
#include "ld-store-results.h"
#include "ld-time.h"

#define RESULT_COLUMNS \
  "r.id, r.order_id, o.number, r.test_code, t.name, r.state, r.value, r.numeric_value, r.unit," \
  " r.reference_range, r.critical_low, r.critical_high, r.flag, r.comment, r.cancel_reason,"    \
  " r.sample_id, r.entered_by, r.entered_at, r.verified_by, r.verified_at, r.released_at,"      \
  " r.collected_us, r.received_us, r.entered_us, r.verified_us, r.released_us, r.version, "     \
  "r.delta,"                                                                                    \
  " r.critical_call_name, r.critical_call_role, r.critical_call_at, r.critical_call_by,"     \
  " r.source, r.instrument_flags, r.observed_at,"                                               \
  " EXISTS (SELECT 1 FROM result_amendments a WHERE a.result_id = r.id)"

/* Whether the result has amendments, after the columns result_from_row() reads. */
#define RESULT_COLUMN_AMENDED 35

#define RESULT_FROM \
  " FROM results r JOIN orders o ON o.id = r.order_id" \
  " JOIN order_tests t ON t.order_id = r.order_id AND t.test_code = r.test_code"

/* The same rows, read from a patient's orders first: CROSS JOIN keeps that
 * order, so one test's history costs the patient's orders, not every
 * result of that test the lab ever made. */
#define RESULT_FROM_PATIENT \
  " FROM orders o CROSS JOIN results r" \
  " JOIN order_tests t ON t.order_id = r.order_id AND t.test_code = r.test_code"

static gboolean
column_double (LdDbStmt     *stmt,
               int           column,
               double       *out_value)
{
  if (ld_db_column_is_null (stmt, column))
    return FALSE;

  *out_value = ld_db_column_double (stmt, column);
  return TRUE;
}

static gint64
column_us (LdDbStmt     *stmt,
           int           column)
{
  return ld_db_column_is_null (stmt, column) ? 0 : ld_db_column_int64 (stmt, column);
}

/* Distinct bands a connection keeps parsed: a catalogue's tests by sex
 * and age give a few hundred; past this many they are dropped and begin
 * again. */
#define BANDS_KEPT_MAX 4096

/* A result's band, parsed once for each text the connection reads: an
 * order's results were parsed again at each of the lab flow's reads, 1.3 %
 * of the writing thread's time (perf, 32 clients). Sealed, since every
 * result that holds it shares it. Written by this code from a validated
 * band, it parses; one that did not would be left out, as before. */
static JsonNode *
parsed_band (LdStore    *store,
             const char *text)
{
  JsonNode *band;

  if (store->bands_parsed != NULL && (band = g_hash_table_lookup (store->bands_parsed, text)))
    return json_node_ref (band);
  if ((band = ld_json_parse (text, -1, NULL)) == NULL)
    return NULL;

  json_node_seal (band);
  if (store->bands_parsed == NULL || g_hash_table_size (store->bands_parsed) >= BANDS_KEPT_MAX)
    {
      g_clear_pointer (&store->bands_parsed, g_hash_table_unref);
      store->bands_parsed =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
    }
  g_hash_table_insert (store->bands_parsed, g_strdup (text), json_node_ref (band));
  return band;
}

static LdResult *
result_from_row (LdStore  *store,
                 LdDbStmt *stmt)
{
  LdResult *result = ld_result_new ();
  const char *range = ld_db_column_text (stmt, 9);

  result->id = ld_db_column_dup_text (stmt, 0);
  result->order_id = ld_db_column_dup_text (stmt, 1);
  result->order_number = ld_db_column_dup_text (stmt, 2);
  result->test_code = ld_db_column_dup_text (stmt, 3);
  result->test_name = ld_db_column_dup_text (stmt, 4);
  result->state = ld_db_column_dup_text (stmt, 5);
  result->value = ld_db_column_dup_text (stmt, 6);
  result->has_numeric_value = column_double (stmt, 7, &result->numeric_value);
  result->unit = ld_db_column_dup_text (stmt, 8);
  if (range != NULL)
    result->reference_range = parsed_band (store, range);
  result->has_critical_low = column_double (stmt, 10, &result->critical_low);
  result->has_critical_high = column_double (stmt, 11, &result->critical_high);
  result->flag = ld_db_column_dup_text (stmt, 12);
  result->comment = ld_db_column_dup_text (stmt, 13);
  result->cancel_reason = ld_db_column_dup_text (stmt, 14);
  result->sample_id = ld_db_column_dup_text (stmt, 15);
  result->entered_by = ld_db_column_dup_text (stmt, 16);
  result->entered_at = ld_db_column_dup_text (stmt, 17);
  result->verified_by = ld_db_column_dup_text (stmt, 18);
  result->verified_at = ld_db_column_dup_text (stmt, 19);
  result->released_at = ld_db_column_dup_text (stmt, 20);
  result->collected_us = column_us (stmt, 21);
  result->received_us = column_us (stmt, 22);
  result->entered_us = column_us (stmt, 23);
  result->verified_us = column_us (stmt, 24);
  result->released_us = column_us (stmt, 25);
  result->version = ld_db_column_int64 (stmt, 26);
  if (!ld_db_column_is_null (stmt, 27))
    result->delta = ld_json_parse (ld_db_column_text (stmt, 27), -1, NULL);
  /* Issue 18, signing: the critical value's telephone call, if one was made. */
  if (!ld_db_column_is_null (stmt, 28))
    {
      result->critical_call = ld_critical_call_new ();
      result->critical_call->name = ld_db_column_dup_text (stmt, 28);
      result->critical_call->role = ld_db_column_dup_text (stmt, 29);
      result->critical_call->called_at = ld_db_column_dup_text (stmt, 30);
      ld_time_parse_rfc3339 (result->critical_call->called_at, &result->critical_call->called_us);
      result->critical_call->called_by = ld_db_column_dup_text (stmt, 31);
    }
  result->source = ld_db_column_dup_text (stmt, 32);
  result->instrument_flags = ld_db_column_dup_text (stmt, 33);
  result->observed_at = ld_db_column_dup_text (stmt, 34);
  return result;
}

static gboolean
load_amendments (LdStore   *store,
                 LdResult  *result,
                 GError   **error)
{
  static const char sql[] =
    "SELECT old_value, old_flag, old_comment, new_value, new_flag, new_comment, reason, amended_by,"
    "       amended_at, report_version, kind"
    " FROM result_amendments WHERE result_id = ? ORDER BY id";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, result->id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdResultAmendment *amendment = ld_result_amendment_new ();

      amendment->old_value = ld_db_column_dup_text (stmt, 0);
      amendment->old_flag = ld_db_column_dup_text (stmt, 1);
      amendment->old_comment = ld_db_column_dup_text (stmt, 2);
      amendment->new_value = ld_db_column_dup_text (stmt, 3);
      amendment->new_flag = ld_db_column_dup_text (stmt, 4);
      amendment->new_comment = ld_db_column_dup_text (stmt, 5);
      amendment->reason = ld_db_column_dup_text (stmt, 6);
      amendment->amended_by = ld_db_column_dup_text (stmt, 7);
      amendment->amended_at = ld_db_column_dup_text (stmt, 8);
      amendment->report_version = column_us (stmt, 9);
      amendment->kind = ld_db_column_dup_text (stmt, 10);
      g_ptr_array_add (result->amendments, amendment);
    }

  return step == LD_DB_DONE;
}

static GPtrArray *
collect_results (LdStore       *store,
                 LdDbStmt      *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_free);
  g_autoptr(GArray) amended = g_array_new (FALSE, FALSE, sizeof (gboolean));
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      gboolean has_amendments = ld_db_column_int64 (stmt, RESULT_COLUMN_AMENDED) != 0;

      g_ptr_array_add (results, result_from_row (store, stmt));
      g_array_append_val (amended, has_amendments);
    }
  if (step != LD_DB_DONE)
    return NULL;

  /* Almost every result has none: asking each one for its own was one in
   * twenty of PostgreSQL's round trips in the lab flow (docs/bench.md). */
  for (guint i = 0; i < results->len; i++)
    if (g_array_index (amended, gboolean, i) &&
        !load_amendments (store, g_ptr_array_index (results, i), error))
      return NULL;

  return g_steal_pointer (&results);
}

static const LdSample *
sample_holding (GPtrArray  *samples,
                const char *test_code)
{
  for (guint i = 0; samples != NULL && i < samples->len; i++)
    {
      const LdSample *sample = g_ptr_array_index (samples, i);

      if (sample->test_codes != NULL &&
          g_strv_contains ((const char * const *) sample->test_codes, test_code))
        return sample;
    }

  return NULL;
}

/**
 * ld_store_results_open:
 * @store: a store, inside a write transaction
 * @order: an order being collected
 * @samples: (nullable) (element-type LdSample): the samples collected, to
 *   note which one each test is measured on
 * @out_n_opened: (out) (optional): how many results were made
 * @error: return location for an %LD_STORE_ERROR
 *
 * Makes a pending result for each of the order's tests that has none.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_results_open (LdStore        *store,
                       const LdOrder  *order,
                       GPtrArray      *samples,
                       guint          *out_n_opened,
                       GError        **error)
{
  static const char missing_sql[] = "SELECT t.test_code FROM order_tests t WHERE t.order_id = ?1"
                                    "   AND NOT EXISTS (SELECT 1 FROM results r WHERE r.order_id = "
                                    "t.order_id AND r.test_code = t.test_code)"
                                    " ORDER BY t.position";
  static const char insert_sql[] =
    "INSERT INTO results (id, order_id, test_code, state, unit, sample_id, collected_us,"
    "                     order_created_us)"
    " VALUES (?1, ?2, ?3, 'pending', (SELECT unit FROM catalog_tests WHERE code = ?3), ?4, ?5,"
    "         " LD_STORE_ORDER_TIME_OF ("?2") ")";
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;
  LdDbStmt *stmt = ld_store_prepare (store, missing_sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, order->id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_strv_builder_add (builder, ld_db_column_text (stmt, 0));
  if (step != LD_DB_DONE)
    return FALSE;
  codes = g_strv_builder_end (builder);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      const LdSample *sample = sample_holding (samples, codes[i]);
      g_autofree char *id = ld_record_id_new ();
      gint64 collected_us;

      stmt = ld_store_prepare (store, insert_sql, error);
      if (stmt == NULL)
        return FALSE;
      ld_db_bind_text (stmt, 1, id);
      ld_db_bind_text (stmt, 2, order->id);
      ld_db_bind_text (stmt, 3, codes[i]);
      ld_db_bind_text (stmt, 4, sample ? sample->id : NULL);
      if (sample != NULL && ld_time_parse_rfc3339 (sample->collected_at, &collected_us))
        ld_db_bind_int64 (stmt, 5, collected_us);
      else
        ld_db_bind_null (stmt, 5);
      /* Only tests without a result: no key is broken. */
      if (!ld_db_step_soon (stmt, error))
        return FALSE;
    }

  if (out_n_opened != NULL)
    *out_n_opened = g_strv_length (codes);
  return TRUE;
}

/**
 * ld_store_results_for_order:
 * @store: a store
 * @order_id: an order
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdResult): its results, in the
 *   order's test order, with their amendments
 */
GPtrArray *
ld_store_results_for_order (LdStore     *store,
                            const char  *order_id,
                            GError     **error)
{
  static const char sql[] =
    "SELECT " RESULT_COLUMNS RESULT_FROM " WHERE r.order_id = ? ORDER BY t.position";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, order_id);
  return collect_results (store, stmt, error);
}

/**
 * ld_store_results_get:
 * @store: a store
 * @id: a result id
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none)
 *
 * Returns: (transfer full) (nullable): the result
 */
LdResult *
ld_store_results_get (LdStore     *store,
                      const char  *id,
                      GError     **error)
{
  static const char sql[] = "SELECT " RESULT_COLUMNS RESULT_FROM " WHERE r.id = ?";
  g_autoptr(GPtrArray) found = NULL;
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, id);
  found = collect_results (store, stmt, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such result.");
      return NULL;
    }

  return g_ptr_array_steal_index (found, 0);
}

static void
bind_double (LdDbStmt     *stmt,
             int           index,
             gboolean      has_value,
             double        value)
{
  if (has_value)
    ld_db_bind_double (stmt, index, value);
  else
    ld_db_bind_null (stmt, index);
}

static void
bind_us (LdDbStmt     *stmt,
         int           index,
         gint64        unix_us)
{
  if (unix_us > 0)
    ld_db_bind_int64 (stmt, index, unix_us);
  else
    ld_db_bind_null (stmt, index);
}

/**
 * ld_store_results_update:
 * @store: a store, inside a write transaction
 * @result: the result as read, with the caller's changes; its version is
 *   the one it was read at
 * @error: return location for an %LD_STORE_ERROR (CONFLICT if it changed
 *   since it was read)
 *
 * Writes every changeable member of @result, only if nobody changed the
 * row since; the version is raised.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_results_update (LdStore   *store,
                         LdResult  *result,
                         GError   **error)
{
  static const char sql[] =
    "UPDATE results SET state = ?3, value = ?4, numeric_value = ?5, unit = ?6, reference_range = "
    "?7,"
    "                   critical_low = ?8, critical_high = ?9, flag = ?10, comment = ?11,"
    "                   cancel_reason = ?12, sample_id = ?13, entered_by = ?14, entered_at = ?15,"
    "                   verified_by = ?16, verified_at = ?17, released_at = ?18, collected_us = "
    "?19,"
    "                   received_us = ?20, entered_us = ?21, verified_us = ?22, released_us = ?23,"
    "                   delta = ?24, critical_call_name = ?25, critical_call_role = ?26,"
    "                   critical_call_at = ?27, critical_call_by = ?28, source = ?29,"
    "                   instrument_flags = ?30, observed_at = ?31, version = version + 1"
    " WHERE id = ?1 AND version = ?2";
  g_autofree char *range =
    result->reference_range ? ld_json_to_string (result->reference_range) : NULL;
  g_autofree char *delta = result->delta ? ld_json_to_string (result->delta) : NULL;
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, result->id);
  ld_db_bind_int64 (stmt, 2, result->version);
  ld_db_bind_text (stmt, 3, result->state);
  ld_db_bind_text (stmt, 4, result->value);
  bind_double (stmt, 5, result->has_numeric_value, result->numeric_value);
  ld_db_bind_text (stmt, 6, result->unit);
  ld_db_bind_text (stmt, 7, range);
  bind_double (stmt, 8, result->has_critical_low, result->critical_low);
  bind_double (stmt, 9, result->has_critical_high, result->critical_high);
  ld_db_bind_text (stmt, 10, result->flag);
  ld_db_bind_text (stmt, 11, result->comment);
  ld_db_bind_text (stmt, 12, result->cancel_reason);
  ld_db_bind_text (stmt, 13, result->sample_id);
  ld_db_bind_text (stmt, 14, result->entered_by);
  ld_db_bind_text (stmt, 15, result->entered_at);
  ld_db_bind_text (stmt, 16, result->verified_by);
  ld_db_bind_text (stmt, 17, result->verified_at);
  ld_db_bind_text (stmt, 18, result->released_at);
  bind_us (stmt, 19, result->collected_us);
  bind_us (stmt, 20, result->received_us);
  bind_us (stmt, 21, result->entered_us);
  bind_us (stmt, 22, result->verified_us);
  bind_us (stmt, 23, result->released_us);
  ld_db_bind_text (stmt, 24, delta);
  ld_db_bind_text (stmt, 25, result->critical_call ? result->critical_call->name : NULL);
  ld_db_bind_text (stmt, 26, result->critical_call ? result->critical_call->role : NULL);
  ld_db_bind_text (stmt, 27, result->critical_call ? result->critical_call->called_at : NULL);
  ld_db_bind_text (stmt, 28, result->critical_call ? result->critical_call->called_by : NULL);
  ld_db_bind_text (stmt, 29, result->source);
  ld_db_bind_text (stmt, 30, result->instrument_flags);
  ld_db_bind_text (stmt, 31, result->observed_at);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  if (ld_db_changes (store->db) == 0)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                   "%s has changed since it was read.", result->test_code);
      return FALSE;
    }

  result->version++;
  return TRUE;
}

/**
 * ld_store_results_add_amendment:
 * @store: a store, inside a write transaction
 * @result_id: the amended result
 * @amendment: what changed, why, by whom; its time is set here
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_results_add_amendment (LdStore            *store,
                                const char         *result_id,
                                LdResultAmendment  *amendment,
                                GError            **error)
{
  static const char sql[] =
    "INSERT INTO result_amendments (result_id, old_value, old_flag, old_comment, new_value, "
    "new_flag,"
    "                               new_comment, reason, amended_by, amended_at, report_version,"
    "                               kind)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  g_free (amendment->amended_at);
  amendment->amended_at = ld_time_format_rfc3339 (ld_time_now ());
  ld_db_bind_text (stmt, 1, result_id);
  ld_db_bind_text (stmt, 2, amendment->old_value);
  ld_db_bind_text (stmt, 3, amendment->old_flag);
  ld_db_bind_text (stmt, 4, amendment->old_comment);
  ld_db_bind_text (stmt, 5, amendment->new_value);
  ld_db_bind_text (stmt, 6, amendment->new_flag);
  ld_db_bind_text (stmt, 7, amendment->new_comment);
  ld_db_bind_text (stmt, 8, amendment->reason);
  ld_db_bind_text (stmt, 9, amendment->amended_by);
  ld_db_bind_text (stmt, 10, amendment->amended_at);
  bind_us (stmt, 11, amendment->report_version);
  ld_db_bind_text (stmt, 12, amendment->kind ? amendment->kind : "amendment");
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_results_history:
 * @store: a store
 * @patient_id: a patient
 * @test_code: (nullable): a test, or %NULL for every test
 * @after_collected_us: the page cursor's collection time, used with @after_id
 * @after_id: (nullable): the last result of the previous page
 * @limit: rows to read
 * @error: return location for an %LD_STORE_ERROR
 *
 * The patient's verified, released and amended results of one test,
 * newest collection first: the points of a trend chart. Without a test,
 * all of them in the same order: the cumulative results a doctor reads
 * when the client's cache holds none. Either reads the patient's orders
 * first (RESULT_FROM_PATIENT), then each one's results by the results'
 * (order_id, test_code) key, so a page costs one patient's results.
 *
 * Returns: (transfer full) (element-type LdResult): the results
 */
GPtrArray *
ld_store_results_history (LdStore     *store,
                          const char  *patient_id,
                          const char  *test_code,
                          gint64       after_collected_us,
                          const char  *after_id,
                          guint        limit,
                          GError     **error)
{
  static const char one_test_sql[] =
    "SELECT " RESULT_COLUMNS RESULT_FROM_PATIENT
    " WHERE o.patient_id = ?1 AND r.order_id = o.id AND r.test_code = ?2 AND r.state IN "
    "('verified', 'released', 'amended')"
    "   AND (CAST (?4 AS TEXT) IS NULL OR r.collected_us < ?3"
    "        OR (r.collected_us = ?3 AND r.id < ?4))"
    " ORDER BY r.collected_us DESC, r.id DESC LIMIT ?5";
  /* The same without ?2 (the test): both are bound alike, and SQLite
   * numbers the parameters up to ?5 whether or not ?2 appears. */
  static const char every_test_sql[] = "SELECT " RESULT_COLUMNS RESULT_FROM_PATIENT
                                       " WHERE o.patient_id = ?1 AND r.order_id = o.id AND r.state "
                                       "IN ('verified', 'released', 'amended')"
                                       "   AND (CAST (?4 AS TEXT) IS NULL OR r.collected_us < ?3"
                                       "        OR (r.collected_us = ?3 AND r.id < ?4))"
                                       " ORDER BY r.collected_us DESC, r.id DESC LIMIT ?5";
  LdDbStmt *stmt =
    ld_store_prepare (store, test_code != NULL ? one_test_sql : every_test_sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, patient_id);
  ld_db_bind_text (stmt, 2, test_code);
  ld_db_bind_int64 (stmt, 3, after_collected_us);
  ld_db_bind_text (stmt, 4, after_id);
  ld_db_bind_int64 (stmt, 5, limit);
  return collect_results (store, stmt, error);
}

/**
 * ld_store_results_previous:
 * @store: a store
 * @patient_id: a patient
 * @test_code: a test
 * @except_id: the result being compared, never its own previous one
 * @since_us: the window's start: a result collected then still counts
 * @before_us: the collection of the sample being compared; only earlier
 *   results count
 * @out_previous: (out) (transfer full) (nullable): the patient's newest
 *   verified, released or amended result of the test collected in
 *   [@since_us, @before_us), without its amendments; %NULL when none is
 * @error: return location for an %LD_STORE_ERROR
 *
 * The delta check's previous result. It reads the patient's orders first
 * (orders_by_patient), then each order's result of the test (the results'
 * (order_id, test_code) key): what one patient had, never a test's whole
 * history.
 *
 * Returns: %TRUE on success, whether or not there is a previous result
 */
gboolean
ld_store_results_previous (LdStore     *store,
                           const char  *patient_id,
                           const char  *test_code,
                           const char  *except_id,
                           gint64       since_us,
                           gint64       before_us,
                           LdResult   **out_previous,
                           GError     **error)
{
  static const char sql[] =
    "SELECT " RESULT_COLUMNS RESULT_FROM_PATIENT
    " WHERE o.patient_id = ?1 AND r.order_id = o.id AND r.test_code = ?2"
    "   AND r.state IN ('verified', 'released', 'amended') AND r.id <> ?3"
    "   AND r.collected_us >= ?4 AND r.collected_us < ?5"
    " ORDER BY r.collected_us DESC, r.id DESC LIMIT 1";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  g_return_val_if_fail (out_previous != NULL, FALSE);

  *out_previous = NULL;
  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, patient_id);
  ld_db_bind_text (stmt, 2, test_code);
  ld_db_bind_text (stmt, 3, except_id);
  ld_db_bind_int64 (stmt, 4, since_us);
  ld_db_bind_int64 (stmt, 5, before_us);

  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_ROW)
    {
      *out_previous = result_from_row (store, stmt);
      ld_db_step_done (stmt, NULL);
    }

  return TRUE;
}

/**
 * ld_store_results_set_interpretation:
 * @store: a store, inside a write transaction
 * @order_id: an order
 * @text: the report-wide interpretation
 * @error: return location for an %LD_STORE_ERROR
 *
 * Issue 18: kept on the order and printed at the end of its report.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_results_set_interpretation (LdStore     *store,
                                     const char  *order_id,
                                     const char  *text,
                                     GError     **error)
{
  static const char sql[] = "UPDATE orders SET interpretation = ? WHERE id = ?";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, text);
  ld_db_bind_text (stmt, 2, order_id);
  return ld_db_step_done (stmt, error);
}

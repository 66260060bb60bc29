/* ld-store-samples.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Custody events are only ever added; a sample's state is the last of
 * them, kept on the sample for lists and checked with its version.
 */

#define G_LOG_DOMAIN "ld-store-samples"

#include "config.h"

#include "ld-record-id.h"
#include "ld-store-private.h"
#include "ld-store-samples.h"
#include "ld-states.h"
#include "ld-time.h"

#define SAMPLE_COLUMNS \
  "id, order_id, accession, specimen, container, state, collected_by, collected_at," \
  " received_by, received_at, reject_reason, location, replaces_sample_id, version"

static LdSample *
sample_from_row (LdDbStmt *stmt)
{
  LdSample *sample = ld_sample_new ();

  sample->id = ld_db_column_dup_text (stmt, 0);
  sample->order_id = ld_db_column_dup_text (stmt, 1);
  sample->accession = ld_db_column_dup_text (stmt, 2);
  sample->specimen = ld_db_column_dup_text (stmt, 3);
  sample->container = ld_db_column_dup_text (stmt, 4);
  sample->state = ld_db_column_dup_text (stmt, 5);
  sample->collected_by = ld_db_column_dup_text (stmt, 6);
  sample->collected_at = ld_db_column_dup_text (stmt, 7);
  sample->received_by = ld_db_column_dup_text (stmt, 8);
  sample->received_at = ld_db_column_dup_text (stmt, 9);
  sample->reject_reason = ld_db_column_dup_text (stmt, 10);
  sample->location = ld_db_column_dup_text (stmt, 11);
  sample->replaces_sample_id = ld_db_column_dup_text (stmt, 12);
  sample->version = ld_db_column_int64 (stmt, 13);
  return sample;
}

/* The values measured on the sample before it was rejected, if it was. */
static gboolean
load_rejected_results (LdStore   *store,
                       LdSample  *sample,
                       GError   **error)
{
  static const char sql[] =
    "SELECT test_code, state, value, unit, flag, entered_by, entered_at"
    " FROM rejected_sample_results WHERE sample_id = ? ORDER BY id";
  LdDbStmt *stmt;
  LdDbStep step;

  if (sample->reject_reason == NULL)
    return TRUE;
  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, sample->id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdRejectedResult *result = g_new0 (LdRejectedResult, 1);

      result->test_code = ld_db_column_dup_text (stmt, 0);
      result->state = ld_db_column_dup_text (stmt, 1);
      result->value = ld_db_column_dup_text (stmt, 2);
      result->unit = ld_db_column_dup_text (stmt, 3);
      result->flag = ld_db_column_dup_text (stmt, 4);
      result->entered_by = ld_db_column_dup_text (stmt, 5);
      result->entered_at = ld_db_column_dup_text (stmt, 6);
      g_ptr_array_add (sample->rejected_results, result);
    }
  return step == LD_DB_DONE;
}

/* The tests (part 0, in the order they were added) and the custody (part
 * 1, oldest first) of the samples WHERE picks out of `samples s`, sample
 * by sample, in one statement that runs together with the samples' own
 * read: on PostgreSQL an order's samples were a round trip each, and their
 * details one more each (docs/bench.md). */
#define DETAILS_SQL(WHERE)                                                                     \
  "SELECT 0, st.sample_id, st.rowid, st.test_code, NULL, NULL, NULL, NULL, NULL"               \
  " FROM samples s JOIN sample_tests st ON st.sample_id = s.id WHERE " WHERE " UNION ALL"      \
  " SELECT 1, c.sample_id, c.id, c.event, c.at, c.user_id, c.location, c.note, u.display_name" \
  " FROM samples s JOIN custody_events c ON c.sample_id = s.id"                                \
  " LEFT JOIN users u ON u.id = c.user_id WHERE " WHERE " ORDER BY 2, 1, 3"

/* Hands each detail row to its sample in @by_id. */
static gboolean
read_details (LdDbStmt    *stmt,
              GHashTable  *by_id,
              GError     **error)
{
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                        (GDestroyNotify) g_strv_builder_unref);
  GHashTableIter iter;
  gpointer key, value;
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdSample *sample = g_hash_table_lookup (by_id, ld_db_column_text (stmt, 1));
      LdCustodyEvent *custody;
      GStrvBuilder *builder;

      if (sample == NULL)
        continue;
      if (ld_db_column_int64 (stmt, 0) == 0)
        {
          if ((builder = g_hash_table_lookup (codes, sample)) == NULL)
            g_hash_table_insert (codes, sample, builder = g_strv_builder_new ());
          g_strv_builder_add (builder, ld_db_column_text (stmt, 3));
          continue;
        }
      custody = ld_custody_event_new (ld_db_column_text (stmt, 3), ld_db_column_text (stmt, 4),
                                      ld_db_column_text (stmt, 5), ld_db_column_text (stmt, 6),
                                      ld_db_column_text (stmt, 7));
      custody->user_name = ld_db_column_dup_text (stmt, 8);
      g_ptr_array_add (sample->custody, custody);
    }
  if (step != LD_DB_DONE)
    return FALSE;

  g_hash_table_iter_init (&iter, codes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      LdSample *sample = key;

      g_strfreev (sample->test_codes);
      sample->test_codes = g_strv_builder_end (value);
    }
  return TRUE;
}

/* The samples @stmt reads, with the details @details_stmt reads of the
 * same samples, both bound and run together. */
static GPtrArray *
collect_samples (LdStore   *store,
                 LdDbStmt  *stmt,
                 LdDbStmt  *details_stmt,
                 GError   **error)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_sample_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  LdDbStmt * const both[] = { stmt, details_stmt };
  LdDbStep step;

  if (!ld_db_step_together (both, G_N_ELEMENTS (both), error))
    return NULL;
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdSample *sample = sample_from_row (stmt);

      /* Empty, not NULL, should it have no tests. */
      sample->test_codes = g_new0 (char *, 1);
      g_ptr_array_add (samples, sample);
      g_hash_table_insert (by_id, sample->id, sample);
    }
  if (step != LD_DB_DONE)
    {
      ld_db_reset (details_stmt);
      return NULL;
    }
  if (!read_details (details_stmt, by_id, error))
    return NULL;

  for (guint i = 0; i < samples->len; i++)
    if (!load_rejected_results (store, g_ptr_array_index (samples, i), error))
      return NULL;

  return g_steal_pointer (&samples);
}

/* "S26112100017": the day of collection and its number that day. */
static char *
next_accession (LdStore  *store,
                GError  **error)
{
  g_autoptr(GDateTime) now = ld_time_local_from_unix (ld_time_now () / G_USEC_PER_SEC);
  g_autofree char *day = g_date_time_format (now, "%y%m%d");
  g_autofree char *counter = g_strconcat ("sample-", day, NULL);
  gint64 number;

  if (!ld_store_next_number (store, counter, &number, error))
    return NULL;

  return g_strdup_printf ("S%s%05" G_GINT64_FORMAT, day, number);
}

/**
 * ld_store_samples_add_custody:
 * @store: a store, inside a write transaction
 * @sample_id: the sample
 * @event: what happened, such as "received"
 * @user_id: who did it
 * @location: (nullable): where
 * @note: (nullable): a note
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_samples_add_custody (LdStore     *store,
                              const char  *sample_id,
                              const char  *event,
                              const char  *user_id,
                              const char  *location,
                              const char  *note,
                              GError     **error)
{
  static const char sql[] = "INSERT INTO custody_events (sample_id, event, at, user_id, location, "
                            "note) VALUES (?, ?, ?, ?, ?, ?)";
  g_autofree char  *now = ld_time_format_rfc3339 (ld_time_now ());
  LdDbStmt         *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, sample_id);
  ld_db_bind_text (stmt, 2, event);
  ld_db_bind_text (stmt, 3, now);
  ld_db_bind_text (stmt, 4, user_id);
  ld_db_bind_text (stmt, 5, location);
  ld_db_bind_text (stmt, 6, note);
  return ld_db_step_soon (stmt, error);
}

/**
 * ld_store_samples_insert:
 * @store: a store, inside a write transaction
 * @sample: the new sample (order, specimen, container, tests, collector,
 *   location, replaced sample); its id, accession and times are set here
 * @note: (nullable): the collection's note
 * @error: return location for an %LD_STORE_ERROR
 *
 * Stores a collected sample with its first custody event.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_samples_insert (LdStore     *store,
                         LdSample    *sample,
                         const char  *note,
                         GError     **error)
{
  static const char sql[] =
    "INSERT INTO samples (id, order_id, accession, specimen, container, state, collected_by,"
    "                     collected_at, location, replaces_sample_id, order_created_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 'collected', ?6, ?7, ?8, ?9, " LD_STORE_ORDER_TIME_OF ("?2") ")";
  static const char test_sql[] = "INSERT INTO sample_tests (sample_id, test_code) VALUES (?, ?)";
  g_autofree char *accession = next_accession (store, error);
  LdDbStmt *stmt;

  if (accession == NULL || (stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;

  g_free (sample->id);
  sample->id = ld_record_id_new ();
  g_free (sample->collected_at);
  sample->collected_at = ld_time_format_rfc3339 (ld_time_now ());
  ld_db_bind_text (stmt, 1, sample->id);
  ld_db_bind_text (stmt, 2, sample->order_id);
  ld_db_bind_text (stmt, 3, accession);
  ld_db_bind_text (stmt, 4, sample->specimen);
  ld_db_bind_text (stmt, 5, sample->container);
  ld_db_bind_text (stmt, 6, sample->collected_by);
  ld_db_bind_text (stmt, 7, sample->collected_at);
  ld_db_bind_text (stmt, 8, sample->location);
  ld_db_bind_text (stmt, 9, sample->replaces_sample_id);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  for (guint i = 0; sample->test_codes[i] != NULL; i++)
    {
      stmt = ld_store_prepare (store, test_sql, error);
      if (stmt == NULL)
        return FALSE;
      ld_db_bind_text (stmt, 1, sample->id);
      ld_db_bind_text (stmt, 2, sample->test_codes[i]);
      if (!ld_db_step_soon (stmt, error))
        return FALSE;
    }

  g_free (sample->accession);
  sample->accession = g_steal_pointer (&accession);
  g_free (sample->state);
  sample->state = g_strdup (ld_sample_state_wire (LD_SAMPLE_STATE_COLLECTED));
  return ld_store_samples_add_custody (store, sample->id, sample->state, sample->collected_by,
                                       sample->location, note, error);
}

/* Every sample of an order, oldest first, with tests and custody. */
GPtrArray *
ld_store_samples_for_order (LdStore     *store,
                            const char  *order_id,
                            GError     **error)
{
  static const char sql[] =
    "SELECT " SAMPLE_COLUMNS " FROM samples WHERE order_id = ?1 ORDER BY rowid";
  static const char details_sql[] = DETAILS_SQL ("s.order_id = ?1");
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStmt *details_stmt = stmt != NULL ? ld_store_prepare (store, details_sql, error) : NULL;

  if (details_stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, order_id);
  ld_db_bind_text (details_stmt, 1, order_id);
  return collect_samples (store, stmt, details_stmt, error);
}

/**
 * ld_store_samples_find:
 * @store: a store
 * @id: (nullable): a sample id
 * @accession: (nullable): or its barcode text
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none)
 *
 * Returns: (transfer full) (nullable): the sample
 */
LdSample *
ld_store_samples_find (LdStore     *store,
                       const char  *id,
                       const char  *accession,
                       GError     **error)
{
  static const char sql[] =
    "SELECT " SAMPLE_COLUMNS " FROM samples WHERE id = ?1 OR accession = ?2";
  static const char details_sql[] = DETAILS_SQL ("(s.id = ?1 OR s.accession = ?2)");
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStmt *details_stmt = stmt != NULL ? ld_store_prepare (store, details_sql, error) : NULL;
  g_autoptr(GPtrArray) found = NULL;

  if (details_stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_text (stmt, 2, accession);
  ld_db_bind_text (details_stmt, 1, id);
  ld_db_bind_text (details_stmt, 2, accession);
  found = collect_samples (store, stmt, details_stmt, error);
  if (found == NULL)
    return NULL;

  if (found->len == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such sample.");
      return NULL;
    }

  return g_ptr_array_steal_index (found, 0);
}

/**
 * ld_store_samples_move:
 * @store: a store, inside a write transaction
 * @sample: the sample as read, with its new state, location, reason and
 *   receiver set by the caller
 * @expected_state: the state it was read in
 * @error: return location for an %LD_STORE_ERROR (CONFLICT if it changed)
 *
 * Returns: %TRUE on success; the version is raised
 */
gboolean
ld_store_samples_move (LdStore     *store,
                       LdSample    *sample,
                       const char  *expected_state,
                       GError     **error)
{
  static const char sql[] =
    "UPDATE samples SET state = ?3, location = ?4, reject_reason = ?5, received_by = ?6,"
    "                   received_at = ?7, version = version + 1"
    " WHERE id = ?1 AND state = ?2 AND version = ?8";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, sample->id);
  ld_db_bind_text (stmt, 2, expected_state);
  ld_db_bind_text (stmt, 3, sample->state);
  ld_db_bind_text (stmt, 4, sample->location);
  ld_db_bind_text (stmt, 5, sample->reject_reason);
  ld_db_bind_text (stmt, 6, sample->received_by);
  ld_db_bind_text (stmt, 7, sample->received_at);
  ld_db_bind_int64 (stmt, 8, sample->version);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  if (ld_db_changes (store->db) == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "The sample has changed since it was read.");
      return FALSE;
    }

  sample->version++;
  return TRUE;
}

/**
 * ld_store_samples_keep_rejected_results:
 * @store: a store, inside a write transaction
 * @sample: a sample being rejected
 * @error: return location for an %LD_STORE_ERROR
 *
 * Copies the values measured on @sample, as they are now, into its
 * history: they no longer count, and the results will take the new
 * sample's values.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_samples_keep_rejected_results (LdStore         *store,
                                        const LdSample  *sample,
                                        GError         **error)
{
  static const char sql[] =
    "INSERT INTO rejected_sample_results (sample_id, result_id, test_code, state, value, unit, "
    "flag,"
    "                                     entered_by, entered_at)"
    " SELECT sample_id, id, test_code, state, value, unit, flag, entered_by, entered_at"
    " FROM results WHERE sample_id = ?1 AND value IS NOT NULL ORDER BY test_code";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, sample->id);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_samples_set_awaiting:
 * @store: a store, inside a write transaction
 * @order_id: an order
 * @awaiting: whether it now waits for a new sample
 * @error: return location for an %LD_STORE_ERROR
 *
 * Puts the order on the recollection tab, or takes it off; the order's
 * version is raised when this changes it.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_samples_set_awaiting (LdStore     *store,
                               const char  *order_id,
                               gboolean     awaiting,
                               GError     **error)
{
  static const char set_sql[] =
    "UPDATE orders SET recollect_us = ?2, version = version + 1"
    " WHERE id = ?1 AND recollect_us IS NULL";
  static const char clear_sql[] =
    "UPDATE orders SET recollect_us = NULL, version = version + 1"
    " WHERE id = ?1 AND recollect_us IS NOT NULL";
  LdDbStmt *stmt = ld_store_prepare (store, awaiting ? set_sql : clear_sql, error);

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, order_id);
  if (awaiting)
    ld_db_bind_int64 (stmt, 2, ld_time_now ());
  return ld_db_step_done (stmt, error);
}

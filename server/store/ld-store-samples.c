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

/* The sample's tests (part 0, in the order they were added) and its
 * custody (part 1, oldest first) in one statement: one round trip a
 * sample instead of two on PostgreSQL, where an order's read asked for
 * each sample's twice (docs/bench.md). */
static gboolean
load_details (LdStore   *store,
              LdSample  *sample,
              GError   **error)
{
  static const char sql[] =
    "SELECT 0, rowid, test_code, NULL, NULL, NULL, NULL, NULL"
    " FROM sample_tests WHERE sample_id = ?1"
    " UNION ALL"
    " SELECT 1, c.id, c.event, c.at, c.user_id, c.location, c.note, u.display_name"
    " FROM custody_events c LEFT JOIN users u ON u.id = c.user_id"
    " WHERE c.sample_id = ?1"
    " ORDER BY 1, 2";
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, sample->id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdCustodyEvent *custody;

      if (ld_db_column_int64 (stmt, 0) == 0)
        {
          g_strv_builder_add (codes, ld_db_column_text (stmt, 2));
          continue;
        }
      custody = ld_custody_event_new (ld_db_column_text (stmt, 2), ld_db_column_text (stmt, 3),
                                      ld_db_column_text (stmt, 4), ld_db_column_text (stmt, 5),
                                      ld_db_column_text (stmt, 6));
      custody->user_name = ld_db_column_dup_text (stmt, 7);
      g_ptr_array_add (sample->custody, custody);
    }
  if (step != LD_DB_DONE)
    return FALSE;
  g_strfreev (sample->test_codes);
  sample->test_codes = g_strv_builder_end (codes);

  return load_rejected_results (store, sample, error);
}

static GPtrArray *
collect_samples (LdStore       *store,
                 LdDbStmt      *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_sample_free);
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (samples, sample_from_row (stmt));
  if (step != LD_DB_DONE)
    return NULL;

  for (guint i = 0; i < samples->len; i++)
    if (!load_details (store, g_ptr_array_index (samples, i), error))
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
    "SELECT " SAMPLE_COLUMNS " FROM samples WHERE order_id = ? ORDER BY rowid";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, order_id);
  return collect_samples (store, stmt, error);
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
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_text (stmt, 2, accession);
  found = collect_samples (store, stmt, error);
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

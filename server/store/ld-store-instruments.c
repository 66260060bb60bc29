/* ld-store-instruments.c: analyzers, their messages and unmatched results
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same message twice stores once: instrument_messages is unique on
 * (sender, message_id), and the insert that finds it taken says so
 * instead of failing, so the caller stores nothing more.
 */

#define G_LOG_DOMAIN "ld-store-instruments"

#include "config.h"

#include "ld-record-id.h"
#include "ld-store-private.h"
#include "ld-store-instruments.h"

LdUnmatchedResult *
ld_unmatched_result_new (void)
{
  return g_new0 (LdUnmatchedResult, 1);
}

void
ld_unmatched_result_free (LdUnmatchedResult *unmatched)
{
  if (unmatched == NULL)
    return;

  g_free (unmatched->id);
  g_free (unmatched->instrument_id);
  g_free (unmatched->instrument_name);
  g_free (unmatched->accession);
  g_free (unmatched->instrument_code);
  g_free (unmatched->value);
  g_free (unmatched->units);
  g_free (unmatched->flags);
  g_free (unmatched->observed_at);
  g_free (unmatched->reason);
  g_free (unmatched->resolution);
  g_free (unmatched->resolution_note);
  g_free (unmatched->resolved_by);
  g_free (unmatched);
}

static gboolean
load_codes (LdStore       *store,
            LdInstrument  *instrument,
            GError       **error)
{
  static const char sql[] =
    "SELECT instrument_code, test_code, unit, factor FROM instrument_codes"
    " WHERE instrument_id = ?1 ORDER BY instrument_code";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, instrument->id);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      LdInstrumentCode *code =
        ld_instrument_code_new (ld_db_column_text (stmt, 0), ld_db_column_text (stmt, 1));

      code->unit = ld_db_column_dup_text (stmt, 2);
      code->has_factor = !ld_db_column_is_null (stmt, 3);
      code->factor = code->has_factor ? ld_db_column_double (stmt, 3) : 0;
      g_ptr_array_add (instrument->codes, code);
    }
  return step == LD_DB_DONE;
}

static LdInstrument *
instrument_from_row (LdDbStmt *stmt)
{
  LdInstrument *instrument = ld_instrument_new ();

  instrument->id = ld_db_column_dup_text (stmt, 0);
  instrument->name = ld_db_column_dup_text (stmt, 1);
  instrument->protocol = ld_db_column_dup_text (stmt, 2);
  instrument->address = ld_db_column_dup_text (stmt, 3);
  instrument->port = ld_db_column_int64 (stmt, 4);
  instrument->enabled = ld_db_column_int64 (stmt, 5) != 0;
  instrument->version = ld_db_column_int64 (stmt, 6);
  return instrument;
}

/**
 * ld_store_instruments_list:
 * @store: a store
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdInstrument) (nullable): every
 *   instrument with its code map, by name
 */
GPtrArray *
ld_store_instruments_list (LdStore  *store,
                           GError  **error)
{
  static const char sql[] =
    "SELECT id, name, protocol, address, port, enabled, version FROM instruments ORDER BY name";
  g_autoptr(GPtrArray) instruments =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_instrument_free);
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL, NULL);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (instruments, instrument_from_row (stmt));
  if (step != LD_DB_DONE)
    return NULL;

  for (guint i = 0; i < instruments->len; i++)
    if (!load_codes (store, g_ptr_array_index (instruments, i), error))
      return NULL;

  return g_steal_pointer (&instruments);
}

/**
 * ld_store_instruments_get:
 * @store: a store
 * @id: an instrument's id
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND)
 *
 * Returns: (transfer full) (nullable): the instrument with its code map
 */
LdInstrument *
ld_store_instruments_get (LdStore     *store,
                          const char  *id,
                          GError     **error)
{
  static const char sql[] =
    "SELECT id, name, protocol, address, port, enabled, version FROM instruments WHERE id = ?1";
  g_autoptr(LdInstrument) instrument = NULL;
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && id != NULL, NULL);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, id);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return NULL;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such instrument.");
      return NULL;
    }
  instrument = instrument_from_row (stmt);
  ld_db_reset (stmt);

  return load_codes (store, instrument, error) ? g_steal_pointer (&instrument) : NULL;
}

static gboolean
put_codes (LdStore             *store,
           const LdInstrument  *instrument,
           GError             **error)
{
  static const char delete_sql[] = "DELETE FROM instrument_codes WHERE instrument_id = ?1";
  static const char insert_sql[] =
    "INSERT INTO instrument_codes (instrument_id, instrument_code, test_code, unit, factor)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
  LdDbStmt *stmt;

  if ((stmt = ld_store_prepare (store, delete_sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, instrument->id);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  for (guint i = 0; i < instrument->codes->len; i++)
    {
      const LdInstrumentCode *code = g_ptr_array_index (instrument->codes, i);

      if ((stmt = ld_store_prepare (store, insert_sql, error)) == NULL)
        return FALSE;
      ld_db_bind_text (stmt, 1, instrument->id);
      ld_db_bind_text (stmt, 2, code->instrument_code);
      ld_db_bind_text (stmt, 3, code->test_code);
      ld_db_bind_text (stmt, 4, code->unit);
      if (code->has_factor)
        ld_db_bind_double (stmt, 5, code->factor);
      else
        ld_db_bind_null (stmt, 5);
      if (!ld_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * ld_store_instruments_insert:
 * @store: a store, inside a write transaction
 * @instrument: the new instrument; its id and version are set here
 * @now_us: the time
 * @error: return location for an %LD_STORE_ERROR (CONSTRAINT when the
 *   name is taken)
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_instruments_insert (LdStore       *store,
                             LdInstrument  *instrument,
                             gint64         now_us,
                             GError       **error)
{
  static const char sql[] =
    "INSERT INTO instruments (id, name, protocol, address, port, enabled, version, created_us,"
    "                         updated_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && instrument != NULL, FALSE);

  g_free (instrument->id);
  instrument->id = ld_record_id_new ();
  instrument->version = 1;
  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, instrument->id);
  ld_db_bind_text (stmt, 2, instrument->name);
  ld_db_bind_text (stmt, 3, instrument->protocol);
  ld_db_bind_text (stmt, 4, instrument->address);
  ld_db_bind_int64 (stmt, 5, instrument->port);
  ld_db_bind_int64 (stmt, 6, instrument->enabled ? 1 : 0);
  ld_db_bind_int64 (stmt, 7, now_us);

  return ld_db_step_done (stmt, error) && put_codes (store, instrument, error);
}

/**
 * ld_store_instruments_update:
 * @store: a store, inside a write transaction
 * @instrument: the instrument as it is to be, code map whole; its
 *   version is raised here
 * @expected_version: the version the administrator edited
 * @now_us: the time
 * @error: return location for an %LD_STORE_ERROR (CONFLICT when stale,
 *   CONSTRAINT when the name is taken)
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_instruments_update (LdStore       *store,
                             LdInstrument  *instrument,
                             gint64         expected_version,
                             gint64         now_us,
                             GError       **error)
{
  static const char sql[] =
    "UPDATE instruments SET name = ?3, protocol = ?4, address = ?5, port = ?6, enabled = ?7,"
    "                       version = version + 1, updated_us = ?8"
    " WHERE id = ?1 AND version = ?2";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && instrument != NULL && instrument->id != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, instrument->id);
  ld_db_bind_int64 (stmt, 2, expected_version);
  ld_db_bind_text (stmt, 3, instrument->name);
  ld_db_bind_text (stmt, 4, instrument->protocol);
  ld_db_bind_text (stmt, 5, instrument->address);
  ld_db_bind_int64 (stmt, 6, instrument->port);
  ld_db_bind_int64 (stmt, 7, instrument->enabled ? 1 : 0);
  ld_db_bind_int64 (stmt, 8, now_us);
  if (!ld_db_step_done (stmt, error))
    return FALSE;
  if (ld_db_changes (store->db) == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "The instrument has changed since it was read.");
      return FALSE;
    }

  instrument->version = expected_version + 1;
  return put_codes (store, instrument, error);
}

/**
 * ld_store_instruments_last:
 * @store: a store
 * @instrument_id: an instrument
 * @out_last: (out caller-allocates): its last message; a time of 0 and
 *   no summary when it sent none
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_instruments_last (LdStore           *store,
                           const char        *instrument_id,
                           LdInstrumentLast  *out_last,
                           GError           **error)
{
  static const char sql[] =
    "SELECT received_us, summary FROM instrument_messages WHERE instrument_id = ?1"
    " ORDER BY id DESC LIMIT 1";
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && instrument_id != NULL && out_last != NULL, FALSE);

  out_last->received_us = 0;
  out_last->summary = NULL;
  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, instrument_id);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ROW)
    {
      out_last->received_us = ld_db_column_int64 (stmt, 0);
      out_last->summary = ld_db_column_dup_text (stmt, 1);
      ld_db_reset (stmt);
    }
  return step != LD_DB_ERROR;
}

/**
 * ld_store_instrument_messages_add:
 * @store: a store, inside a write transaction
 * @instrument_id: the instrument it came from
 * @sender: what the instrument calls itself
 * @message_id: the message's own id
 * @raw: the message as it arrived
 * @summary: one line for the status
 * @received_us: when
 * @out_row: (out): the stored row's id; 0 when the message was stored before
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success, the message stored before included
 */
gboolean
ld_store_instrument_messages_add (LdStore     *store,
                                  const char  *instrument_id,
                                  const char  *sender,
                                  const char  *message_id,
                                  const char  *raw,
                                  const char  *summary,
                                  gint64       received_us,
                                  gint64      *out_row,
                                  GError     **error)
{
  static const char sql[] =
    "INSERT INTO instrument_messages (instrument_id, sender, message_id, raw, summary,"
    "                                 received_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT (sender, message_id) DO NOTHING RETURNING id";
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && out_row != NULL, FALSE);

  *out_row = 0;
  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, instrument_id);
  ld_db_bind_text (stmt, 2, sender);
  ld_db_bind_text (stmt, 3, message_id);
  ld_db_bind_text (stmt, 4, raw);
  ld_db_bind_text (stmt, 5, summary);
  ld_db_bind_int64 (stmt, 6, received_us);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;
  if (step == LD_DB_ROW)
    {
      *out_row = ld_db_column_int64 (stmt, 0);
      return ld_db_step_done (stmt, error);
    }
  return TRUE;
}

/**
 * ld_store_instrument_messages_set_summary:
 * @store: a store, inside a write transaction
 * @row: a stored message's row id
 * @summary: one line for the status, once the message is placed
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_instrument_messages_set_summary (LdStore     *store,
                                          gint64       row,
                                          const char  *summary,
                                          GError     **error)
{
  static const char sql[] = "UPDATE instrument_messages SET summary = ?2 WHERE id = ?1";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && summary != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_int64 (stmt, 1, row);
  ld_db_bind_text (stmt, 2, summary);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_unmatched_insert:
 * @store: a store, inside a write transaction
 * @unmatched: the result; its id is set here
 * @message_row: the stored message it came in
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_unmatched_insert (LdStore            *store,
                           LdUnmatchedResult  *unmatched,
                           gint64              message_row,
                           GError            **error)
{
  static const char sql[] =
    "INSERT INTO instrument_unmatched (id, instrument_id, message_row, accession, instrument_code,"
    "                                  value, units, flags, observed_at, reason, received_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && unmatched != NULL, FALSE);

  g_free (unmatched->id);
  unmatched->id = ld_record_id_new ();
  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, unmatched->id);
  ld_db_bind_text (stmt, 2, unmatched->instrument_id);
  ld_db_bind_int64 (stmt, 3, message_row);
  ld_db_bind_text (stmt, 4, unmatched->accession);
  ld_db_bind_text (stmt, 5, unmatched->instrument_code);
  ld_db_bind_text (stmt, 6, unmatched->value);
  ld_db_bind_text (stmt, 7, unmatched->units);
  ld_db_bind_text (stmt, 8, unmatched->flags);
  ld_db_bind_text (stmt, 9, unmatched->observed_at);
  ld_db_bind_text (stmt, 10, unmatched->reason);
  ld_db_bind_int64 (stmt, 11, unmatched->received_us);
  return ld_db_step_done (stmt, error);
}

#define UNMATCHED_COLUMNS                                                                       \
  "u.id, u.instrument_id, i.name, u.accession, u.instrument_code, u.value, u.units, u.flags,"  \
  " u.observed_at, u.reason, u.received_us, u.resolution, u.resolution_note, u.resolved_by,"  \
  " u.resolved_us FROM instrument_unmatched u JOIN instruments i ON i.id = u.instrument_id"

static LdUnmatchedResult *
unmatched_from_row (LdDbStmt *stmt)
{
  LdUnmatchedResult *unmatched = ld_unmatched_result_new ();

  unmatched->id = ld_db_column_dup_text (stmt, 0);
  unmatched->instrument_id = ld_db_column_dup_text (stmt, 1);
  unmatched->instrument_name = ld_db_column_dup_text (stmt, 2);
  unmatched->accession = ld_db_column_dup_text (stmt, 3);
  unmatched->instrument_code = ld_db_column_dup_text (stmt, 4);
  unmatched->value = ld_db_column_dup_text (stmt, 5);
  unmatched->units = ld_db_column_dup_text (stmt, 6);
  unmatched->flags = ld_db_column_dup_text (stmt, 7);
  unmatched->observed_at = ld_db_column_dup_text (stmt, 8);
  unmatched->reason = ld_db_column_dup_text (stmt, 9);
  unmatched->received_us = ld_db_column_int64 (stmt, 10);
  unmatched->resolution = ld_db_column_dup_text (stmt, 11);
  unmatched->resolution_note = ld_db_column_dup_text (stmt, 12);
  unmatched->resolved_by = ld_db_column_dup_text (stmt, 13);
  unmatched->resolved_us = ld_db_column_is_null (stmt, 14) ? 0 : ld_db_column_int64 (stmt, 14);
  return unmatched;
}

/**
 * ld_store_unmatched_list:
 * @store: a store
 * @open_only: only those nobody resolved yet
 * @limit: the most to list
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdUnmatchedResult) (nullable):
 *   the unmatched results, oldest first
 */
GPtrArray *
ld_store_unmatched_list (LdStore   *store,
                         gboolean   open_only,
                         guint      limit,
                         GError   **error)
{
  /* One statement each, so that each walks its own index in order and
   * stops after the page (migration 0053): the open ones are a partial
   * index's. */
  static const char open_sql[] =
    "SELECT " UNMATCHED_COLUMNS " WHERE u.resolved_us IS NULL"
    " ORDER BY u.received_us, u.id LIMIT ?1";
  static const char all_sql[] =
    "SELECT " UNMATCHED_COLUMNS " ORDER BY u.received_us, u.id LIMIT ?1";
  g_autoptr(GPtrArray) items =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_unmatched_result_free);
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL, NULL);

  if ((stmt = ld_store_prepare (store, open_only ? open_sql : all_sql, error)) == NULL)
    return NULL;
  ld_db_bind_int64 (stmt, 1, limit);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (items, unmatched_from_row (stmt));

  return step == LD_DB_DONE ? g_steal_pointer (&items) : NULL;
}

/**
 * ld_store_unmatched_get:
 * @store: a store
 * @id: an unmatched result's id
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND)
 *
 * Returns: (transfer full) (nullable): the unmatched result
 */
LdUnmatchedResult *
ld_store_unmatched_get (LdStore     *store,
                        const char  *id,
                        GError     **error)
{
  static const char sql[] = "SELECT " UNMATCHED_COLUMNS " WHERE u.id = ?1";
  LdUnmatchedResult *unmatched;
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && id != NULL, NULL);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, id);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return NULL;
  if (step == LD_DB_DONE)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such unmatched result.");
      return NULL;
    }
  unmatched = unmatched_from_row (stmt);
  ld_db_reset (stmt);
  return unmatched;
}

/**
 * ld_store_unmatched_resolve:
 * @store: a store, inside a write transaction
 * @unmatched: the result with its resolution, note, resolver and time set
 * @error: return location for an %LD_STORE_ERROR (CONFLICT when someone
 *   resolved it first)
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_unmatched_resolve (LdStore            *store,
                            LdUnmatchedResult  *unmatched,
                            GError            **error)
{
  static const char sql[] =
    "UPDATE instrument_unmatched SET resolution = ?2, resolution_note = ?3, resolved_by = ?4,"
    "                                resolved_us = ?5"
    " WHERE id = ?1 AND resolved_us IS NULL";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && unmatched != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, unmatched->id);
  ld_db_bind_text (stmt, 2, unmatched->resolution);
  ld_db_bind_text (stmt, 3, unmatched->resolution_note);
  ld_db_bind_text (stmt, 4, unmatched->resolved_by);
  ld_db_bind_int64 (stmt, 5, unmatched->resolved_us);
  if (!ld_db_step_done (stmt, error))
    return FALSE;
  if (ld_db_changes (store->db) == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "This result has already been resolved.");
      return FALSE;
    }
  return TRUE;
}

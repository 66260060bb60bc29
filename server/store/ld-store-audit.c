/* ld-store-audit.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-store-audit"

#include "config.h"

#include "ld-store-private.h"
#include "ld-time.h"

#define AUDIT_COLUMNS \
  "seq, at, user_id, username, action, entity, entity_id, client, detail, prev_hash, hash"

static LdAuditEvent *
event_from_row (LdSqliteStmt *stmt)
{
  LdAuditEvent *event = ld_audit_event_new ();

  event->seq = ld_sqlite_column_int64 (stmt, 0);
  event->at = ld_sqlite_column_dup_text (stmt, 1);
  event->user_id = ld_sqlite_column_dup_text (stmt, 2);
  event->username = ld_sqlite_column_dup_text (stmt, 3);
  event->action = ld_sqlite_column_dup_text (stmt, 4);
  event->entity = ld_sqlite_column_dup_text (stmt, 5);
  event->entity_id = ld_sqlite_column_dup_text (stmt, 6);
  event->client = ld_sqlite_column_dup_text (stmt, 7);
  event->detail = ld_sqlite_column_dup_text (stmt, 8);
  event->prev_hash = ld_sqlite_column_dup_text (stmt, 9);
  event->hash = ld_sqlite_column_dup_text (stmt, 10);

  return event;
}

/**
 * ld_store_audit_append:
 * @store: a store, inside the write transaction of the change it records
 * @event: the event; its seq, time, prev_hash and hash are set here
 * @error: return location for an %LD_STORE_ERROR
 *
 * Appends @event to the chain. Called inside the change's own transaction,
 * the event and the change commit or vanish together, and the write lock
 * keeps two events from claiming the same place.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_audit_append (LdStore       *store,
                       LdAuditEvent  *event,
                       GError       **error)
{
  static const char last_sql[] = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1";
  static const char insert_sql[] =
    "INSERT INTO audit_events (" AUDIT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  LdSqliteStmt *stmt;
  LdSqliteStep step;

  g_return_val_if_fail (event != NULL && event->action != NULL && event->entity != NULL, FALSE);

  stmt = ld_store_prepare (store, last_sql, error);
  if (stmt == NULL)
    return FALSE;

  step = ld_sqlite_step (stmt, error);
  if (step == LD_SQLITE_ERROR)
    return FALSE;

  g_clear_pointer (&event->prev_hash, g_free);
  if (step == LD_SQLITE_ROW)
    {
      event->seq = ld_sqlite_column_int64 (stmt, 0) + 1;
      event->prev_hash = ld_sqlite_column_dup_text (stmt, 1);
    }
  else
    {
      event->seq = 1;
      event->prev_hash = g_strdup (LD_AUDIT_GENESIS_HASH);
    }
  ld_sqlite_step_done (stmt, NULL);

  g_free (event->at);
  event->at = ld_time_format_rfc3339 (g_get_real_time ());
  g_free (event->hash);
  event->hash = ld_audit_event_compute_hash (event);

  stmt = ld_store_prepare (store, insert_sql, error);
  if (stmt == NULL)
    return FALSE;

  ld_sqlite_bind_int64 (stmt, 1, event->seq);
  ld_sqlite_bind_text (stmt, 2, event->at);
  ld_sqlite_bind_text (stmt, 3, event->user_id);
  ld_sqlite_bind_text (stmt, 4, event->username);
  ld_sqlite_bind_text (stmt, 5, event->action);
  ld_sqlite_bind_text (stmt, 6, event->entity);
  ld_sqlite_bind_text (stmt, 7, event->entity_id);
  ld_sqlite_bind_text (stmt, 8, event->client);
  ld_sqlite_bind_text (stmt, 9, event->detail);
  ld_sqlite_bind_text (stmt, 10, event->prev_hash);
  ld_sqlite_bind_text (stmt, 11, event->hash);
  return ld_sqlite_step_done (stmt, error);
}

/**
 * ld_store_audit_list:
 * @store: a store
 * @filter: what to list; a %NULL member does not filter
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdAuditEvent) (nullable): the
 *   newest events first, at most @filter->limit
 */
GPtrArray *
ld_store_audit_list (LdStore              *store,
                     const LdAuditFilter  *filter,
                     GError              **error)
{
  static const char sql[] =
    "SELECT " AUDIT_COLUMNS " FROM audit_events"
    " WHERE (?1 IS NULL OR user_id = ?1)"
    "   AND (?2 IS NULL OR entity = ?2)"
    "   AND (?3 IS NULL OR entity_id = ?3)"
    "   AND (?4 IS NULL OR at >= ?4)"
    "   AND (?5 IS NULL OR at < ?5)"
    "   AND seq < ?6"
    " ORDER BY seq DESC LIMIT ?7";
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_audit_event_free);
  LdSqliteStmt *stmt;
  LdSqliteStep step;

  g_return_val_if_fail (filter != NULL, NULL);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;

  ld_sqlite_bind_text (stmt, 1, filter->user_id);
  ld_sqlite_bind_text (stmt, 2, filter->entity);
  ld_sqlite_bind_text (stmt, 3, filter->entity_id);
  ld_sqlite_bind_text (stmt, 4, filter->since);
  ld_sqlite_bind_text (stmt, 5, filter->until);
  ld_sqlite_bind_int64 (stmt, 6, filter->before_seq > 0 ? filter->before_seq : G_MAXINT64);
  ld_sqlite_bind_int64 (stmt, 7, filter->limit);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    g_ptr_array_add (events, event_from_row (stmt));

  if (step == LD_SQLITE_ERROR)
    return NULL;

  return g_steal_pointer (&events);
}

/**
 * ld_store_audit_verify:
 * @store: a store
 * @out_n_events: (out): how many events were read
 * @out_broken_seq: (out): the first event whose link is broken, or 0
 * @error: return location for an %LD_STORE_ERROR
 *
 * Walks the chain from the first event, recomputing every hash. An event
 * edited in place, removed or inserted breaks the chain at that place.
 *
 * Returns: %TRUE if the walk ran (look at @out_broken_seq for its verdict)
 */
gboolean
ld_store_audit_verify (LdStore  *store,
                       gint64   *out_n_events,
                       gint64   *out_broken_seq,
                       GError  **error)
{
  static const char sql[] = "SELECT " AUDIT_COLUMNS " FROM audit_events ORDER BY seq";
  g_autofree char *expected_prev = g_strdup (LD_AUDIT_GENESIS_HASH);
  LdSqliteStmt *stmt;
  LdSqliteStep step;
  gint64 n_events = 0;
  gint64 broken = 0;

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      g_autoptr(LdAuditEvent) event = event_from_row (stmt);
      g_autofree char *recomputed = ld_audit_event_compute_hash (event);

      n_events++;
      if (broken == 0 &&
          (event->seq != n_events ||
           g_strcmp0 (event->prev_hash, expected_prev) != 0 ||
           g_strcmp0 (event->hash, recomputed) != 0))
        broken = event->seq;

      g_free (expected_prev);
      expected_prev = g_steal_pointer (&event->hash);
    }
  if (step == LD_SQLITE_ERROR)
    return FALSE;

  *out_n_events = n_events;
  *out_broken_seq = broken;
  return TRUE;
}

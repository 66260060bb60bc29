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
  "seq, at, user_id, username, action, entity, entity_id, client, detail, prev_hash, hash, keyed"

static LdAuditEvent *
event_from_row (LdDbStmt *stmt)
{
  LdAuditEvent *event = ld_audit_event_new ();

  event->seq = ld_db_column_int64 (stmt, 0);
  event->at = ld_db_column_dup_text (stmt, 1);
  event->user_id = ld_db_column_dup_text (stmt, 2);
  event->username = ld_db_column_dup_text (stmt, 3);
  event->action = ld_db_column_dup_text (stmt, 4);
  event->entity = ld_db_column_dup_text (stmt, 5);
  event->entity_id = ld_db_column_dup_text (stmt, 6);
  event->client = ld_db_column_dup_text (stmt, 7);
  event->detail = ld_db_column_dup_text (stmt, 8);
  event->prev_hash = ld_db_column_dup_text (stmt, 9);
  event->hash = ld_db_column_dup_text (stmt, 10);
  event->keyed = ld_db_column_int64 (stmt, 11) != 0;

  return event;
}

/**
 * ld_store_audit_get_head:
 * @store: a store
 * @out_seq: (out): the newest event's seq, 0 if there is none
 * @out_hash: (out) (transfer full): its hash, or the genesis hash
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_audit_get_head (LdStore  *store,
                         gint64   *out_seq,
                         char    **out_hash,
                         GError  **error)
{
  static const char sql[] = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;

  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return FALSE;

  if (step == LD_DB_ROW)
    {
      *out_seq = ld_db_column_int64 (stmt, 0);
      *out_hash = ld_db_column_dup_text (stmt, 1);
    }
  else
    {
      *out_seq = 0;
      *out_hash = g_strdup (LD_AUDIT_GENESIS_HASH);
    }
  return ld_db_step_done (stmt, error);
}

/* Each event is chained to the one before it, so every append, and the
 * commit that moves the sealed head, needs the chain's newest event. Read
 * once per transaction and then carried from event to event: on
 * PostgreSQL each read was a round trip, two a request of the lab's flow
 * (docs/bench.md). Good only within the transaction: on PostgreSQL other
 * servers append once its feed lock is let go, and a rollback, even of a
 * savepoint, may take the events it names away. */
gboolean
ld_store_audit_read_head (LdStore  *store,
                          gint64   *out_seq,
                          char    **out_hash,
                          GError  **error)
{
  if (store->audit_head_hash == NULL)
    return ld_store_audit_get_head (store, out_seq, out_hash, error);

  *out_seq = store->audit_head_seq;
  *out_hash = g_strdup (store->audit_head_hash);
  return TRUE;
}

/* At a rollback, and as the outermost transaction ends. */
void
ld_store_audit_forget_head (LdStore *store)
{
  g_clear_pointer (&store->audit_head_hash, g_free);
  store->audit_head_seq = 0;
}

/**
 * ld_store_audit_newest_is_keyed:
 * @store: a store
 * @out_keyed: (out): whether the newest event is keyed
 * @error: return location for an %LD_STORE_ERROR
 *
 * Once the keyed chain starts every later event is keyed (an unkeyed one
 * after it is a MAC mismatch for `check`), so the newest event tells
 * whether the chain has keyed events, in one seek rather than a count of
 * the whole history at every start.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_audit_newest_is_keyed (LdStore   *store,
                                gboolean  *out_keyed,
                                GError   **error)
{
  static const char sql[] = "SELECT keyed FROM audit_events ORDER BY seq DESC LIMIT 1";
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  switch (ld_db_step (stmt, error))
    {
    case LD_DB_ROW:
      *out_keyed = ld_db_column_int64 (stmt, 0) != 0;
      return ld_db_step_done (stmt, error);
    case LD_DB_DONE:
      *out_keyed = FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * ld_store_audit_append:
 * @store: a store with an audit seal, inside the write transaction of the
 *   change it records (or in none: the event then commits alone)
 * @event: the event; its seq, time, prev_hash, hash and keyed are set here
 * @error: return location for an %LD_STORE_ERROR
 *
 * Appends @event to the chain, keyed with the seal's secret. Called inside
 * the change's own transaction, the event and the change commit or vanish
 * together, and the write lock keeps two events from claiming the same
 * place. The sealed head moves once the transaction is durable (see
 * ld_store_transaction_commit()).
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_audit_append (LdStore       *store,
                       LdAuditEvent  *event,
                       GError       **error)
{
  static const char insert_sql[] =
    "INSERT INTO audit_events (" AUDIT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  LdDbStmt *stmt;
  const guint8 *key;
  gsize key_length;
  gint64 last_seq;

  g_return_val_if_fail (event != NULL && event->action != NULL && event->entity != NULL, FALSE);
  g_return_val_if_fail (store->seal != NULL, FALSE);

  /* An event alone takes a transaction of its own: on PostgreSQL the feed
   * lock below holds only within one, and without it two servers could
   * read the same head and claim the same seq (one of them then lost). */
  if (ld_db_transaction_depth (store->db) == 0)
    {
      g_auto(LdStoreTransaction) txn = { 0 };

      return ld_store_transaction_begin (&txn, store, error) &&
             ld_store_audit_append (store, event, error) &&
             ld_store_transaction_commit (&txn, error);
    }

  g_clear_pointer (&event->prev_hash, g_free);
  /* On PostgreSQL the feed lock is this chain's write lock: the head read
   * next is the last committed one's (ld-store-writers.c). */
  if (!ld_store_take_feed_lock (store, error) ||
      !ld_store_audit_read_head (store, &last_seq, &event->prev_hash, error))
    return FALSE;
  event->seq = last_seq + 1;

  g_free (event->at);
  event->at = ld_time_format_rfc3339 (ld_time_now ());
  key = ld_audit_seal_get_key (store->seal, &key_length);
  g_free (event->hash);
  event->hash = ld_audit_event_compute_hash (event, key, key_length);
  event->keyed = TRUE;

  stmt = ld_store_prepare (store, insert_sql, error);
  if (stmt == NULL)
    return FALSE;

  ld_db_bind_int64 (stmt, 1, event->seq);
  ld_db_bind_text (stmt, 2, event->at);
  ld_db_bind_text (stmt, 3, event->user_id);
  ld_db_bind_text (stmt, 4, event->username);
  ld_db_bind_text (stmt, 5, event->action);
  ld_db_bind_text (stmt, 6, event->entity);
  ld_db_bind_text (stmt, 7, event->entity_id);
  ld_db_bind_text (stmt, 8, event->client);
  ld_db_bind_text (stmt, 9, event->detail);
  ld_db_bind_text (stmt, 10, event->prev_hash);
  ld_db_bind_text (stmt, 11, event->hash);
  ld_db_bind_int64 (stmt, 12, 1);
  /* Goes with the next statement on PostgreSQL; if it fails, so does the
   * transaction, whose rollback forgets the head kept below. */
  if (!ld_db_step_soon (stmt, error))
    return FALSE;

  store->audit_dirty = TRUE;
  g_free (store->audit_head_hash);
  store->audit_head_hash = g_strdup (event->hash);
  store->audit_head_seq = event->seq;
  return TRUE;
}

/* What every list statement asks of the events besides its leading
 * condition; ?1 … ?6 are the filters, ?7 the page's upper seq, ?8 the
 * page's size. */
#define AUDIT_LIST_TAIL \
  "   AND (CAST (?1 AS TEXT) IS NULL OR user_id = ?1)" \
  "   AND (CAST (?2 AS TEXT) IS NULL OR action = ?2)" \
  "   AND (CAST (?3 AS TEXT) IS NULL OR entity = ?3)" \
  "   AND (CAST (?4 AS TEXT) IS NULL OR entity_id = ?4)" \
  "   AND (CAST (?5 AS TEXT) IS NULL OR at >= ?5)" \
  "   AND (CAST (?6 AS TEXT) IS NULL OR at < ?6)" \
  "   AND seq < ?7" \
  " ORDER BY seq DESC LIMIT ?8"

/* One statement per index, each walking its index backwards from the
 * page's cursor, so that a page is read from the events that match the
 * most selective filter given, never from the whole log. */
static const char list_by_entity_id_sql[] =
  "SELECT " AUDIT_COLUMNS " FROM audit_events WHERE entity = ?3 AND entity_id = ?4"
  AUDIT_LIST_TAIL;
static const char list_by_user_sql[] =
  "SELECT " AUDIT_COLUMNS " FROM audit_events WHERE user_id = ?1" AUDIT_LIST_TAIL;
static const char list_by_action_sql[] =
  "SELECT " AUDIT_COLUMNS " FROM audit_events WHERE action = ?2" AUDIT_LIST_TAIL;
static const char list_by_entity_sql[] =
  "SELECT " AUDIT_COLUMNS " FROM audit_events WHERE entity = ?3" AUDIT_LIST_TAIL;
static const char list_all_sql[] =
  "SELECT " AUDIT_COLUMNS " FROM audit_events WHERE seq > ?9" AUDIT_LIST_TAIL;

/* The seq of the first event at or after @at (by audit_events_by_time),
 * or @none. Events are appended in time order, under the write lock, so
 * that a period's events lie between two such seqs. */
static gboolean
seq_at_time (LdStore     *store,
             const char  *at,
             gint64       none,
             gint64      *out_seq,
             GError     **error)
{
  static const char sql[] =
    "SELECT seq FROM audit_events WHERE at >= ?1 ORDER BY at, seq LIMIT 1";
  LdDbStmt *stmt;

  *out_seq = none;
  if (at == NULL)
    return TRUE;

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  ld_db_bind_text (stmt, 1, at);
  switch (ld_db_step (stmt, error))
    {
    case LD_DB_ROW:
      *out_seq = ld_db_column_int64 (stmt, 0);
      return ld_db_step_done (stmt, error);
    case LD_DB_DONE:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * ld_store_audit_list:
 * @store: a store
 * @filter: what to list; a %NULL member does not filter
 * @error: return location for an %LD_STORE_ERROR
 *
 * Reads by the index of the most selective filter given: entity and id,
 * then user, then action, then entity; with none of these, by seq between
 * the period's ends (a period's events lie between the first event at or
 * after `since` and the first at or after `until`).
 *
 * Returns: (transfer full) (element-type LdAuditEvent) (nullable): the
 *   newest events first, at most @filter->limit
 */
GPtrArray *
ld_store_audit_list (LdStore              *store,
                     const LdAuditFilter  *filter,
                     GError              **error)
{
  g_autoptr(GPtrArray) events =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_audit_event_free);
  gint64      before = filter->before_seq > 0 ? filter->before_seq : G_MAXINT64;
  gint64      after = 0;
  const char *sql;
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (filter != NULL, NULL);

  if (filter->entity != NULL && filter->entity_id != NULL)
    sql = list_by_entity_id_sql;
  else if (filter->user_id != NULL)
    sql = list_by_user_sql;
  else if (filter->action != NULL)
    sql = list_by_action_sql;
  else if (filter->entity != NULL)
    sql = list_by_entity_sql;
  else
    {
      gint64 until_seq, since_seq;

      sql = list_all_sql;
      if (!seq_at_time (store, filter->until, G_MAXINT64, &until_seq, error) ||
          !seq_at_time (store, filter->since, G_MAXINT64, &since_seq, error))
        return NULL;
      before = MIN (before, until_seq);
      after = filter->since != NULL ? since_seq - 1 : 0;
    }

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;

  ld_db_bind_text (stmt, 1, filter->user_id);
  ld_db_bind_text (stmt, 2, filter->action);
  ld_db_bind_text (stmt, 3, filter->entity);
  ld_db_bind_text (stmt, 4, filter->entity_id);
  ld_db_bind_text (stmt, 5, filter->since);
  ld_db_bind_text (stmt, 6, filter->until);
  ld_db_bind_int64 (stmt, 7, before);
  ld_db_bind_int64 (stmt, 8, filter->limit);
  if (sql == list_all_sql)
    ld_db_bind_int64 (stmt, 9, after);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (events, event_from_row (stmt));

  if (step == LD_DB_ERROR)
    return NULL;

  return g_steal_pointer (&events);
}

/* The sealed head as it was before the walk began. Read first, so that
 * events committed while a live server is checked never look like a
 * truncation: the head only ever names an event already committed. */
typedef struct
{
  gboolean  read;
  gboolean  corrupt;
  gint64    seq;
  char     *hash;
} SealedHead;

static void
read_sealed_head (LdStore    *store,
                  SealedHead *head)
{
  g_autoptr(GError) local = NULL;

  if (store->seal == NULL)
    return;

  head->read = ld_audit_seal_read_head (store->seal, &head->seq, &head->hash, &local);
  head->corrupt = !head->read && g_error_matches (local, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT);
}

/* Compares the walked chain with the sealed head. */
static gboolean
check_head (LdStore           *store,
            const SealedHead  *head,
            const char        *last_hash,
            LdAuditReport     *report,
            GError           **error)
{
  LdAuditFilter filter = { .limit = 1 };
  g_autoptr(GPtrArray) events = NULL;

  if (store->seal == NULL)
    return TRUE;

  report->head_seq = head->read ? head->seq : 0;
  if (!head->read)
    {
      if (head->corrupt)
        report->verdict = LD_AUDIT_VERDICT_BAD_HEAD;
      else if (report->keyed_from != 0)
        report->verdict = LD_AUDIT_VERDICT_NO_HEAD;
      return TRUE;
    }

  if (report->head_seq > report->last_seq)
    {
      report->verdict = LD_AUDIT_VERDICT_TRUNCATED;
      report->at_seq = report->last_seq + 1;
      return TRUE;
    }
  if (report->head_seq == 0)
    return TRUE;

  if (report->head_seq == report->last_seq)
    {
      if (g_strcmp0 (head->hash, last_hash) != 0)
        {
          report->verdict = LD_AUDIT_VERDICT_MAC_MISMATCH;
          report->at_seq = report->head_seq;
        }
      return TRUE;
    }

  /* Events after the head are those of the last commits before a crash,
   * or of one under way; the keyed walk already vouched for them. */
  filter.before_seq = report->head_seq + 1;
  events = ld_store_audit_list (store, &filter, error);
  if (events == NULL)
    return FALSE;
  if (events->len == 0 ||
      g_strcmp0 (((LdAuditEvent *) g_ptr_array_index (events, 0))->hash, head->hash) != 0)
    {
      report->verdict = LD_AUDIT_VERDICT_MAC_MISMATCH;
      report->at_seq = report->head_seq;
    }
  return TRUE;
}

/**
 * ld_store_audit_verify:
 * @store: a store; with its audit seal, if it has one, keyed events and
 *   the head are checked too
 * @out_report: (out caller-allocates): what the walk found
 * @error: return location for an %LD_STORE_ERROR
 *
 * Walks the chain from the first event, recomputing every hash (keyed
 * events with the seal's key), then compares the newest event with the
 * sealed head. An event edited in place, removed or inserted breaks the
 * chain at that place; without the key, a rewritten event cannot be given
 * a matching MAC; removing the newest events leaves the chain behind its
 * head.
 *
 * Returns: %TRUE if the walk ran (look at @out_report for its verdict)
 */
gboolean
ld_store_audit_verify (LdStore        *store,
                       LdAuditReport  *out_report,
                       GError        **error)
{
  return ld_store_audit_verify_full (store, NULL, NULL, out_report, error);
}

/* How many events between two looks at the cancellable and the count. */
#define VERIFY_STRIDE 4096

/**
 * ld_store_audit_verify_full:
 * @store: a store, as for ld_store_audit_verify()
 * @progress: (nullable): set atomically, every few thousand events, to
 *   how many have been checked, for another thread to read
 * @cancellable: (nullable): stops the walk, with %G_IO_ERROR_CANCELLED
 * @out_report: (out caller-allocates): what the walk found
 * @error: return location for an %LD_STORE_ERROR or %G_IO_ERROR
 *
 * ld_store_audit_verify(), watched from another thread: the check the
 * administrator starts over HTTP runs this on a reader's connection.
 *
 * Returns: %TRUE if the walk ran to the end
 */
gboolean
ld_store_audit_verify_full (LdStore        *store,
                            gint           *progress,
                            GCancellable   *cancellable,
                            LdAuditReport  *out_report,
                            GError        **error)
{
  static const char sql[] = "SELECT " AUDIT_COLUMNS " FROM audit_events ORDER BY seq";
  g_autofree char  *expected_prev = g_strdup (LD_AUDIT_GENESIS_HASH);
  LdAuditReport     report = { LD_AUDIT_VERDICT_OK, 0 };
  SealedHead        head = {
           FALSE,
  };
  const guint8 *key = NULL;
  gsize key_length = 0;
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && out_report != NULL, FALSE);

  if (store->seal != NULL)
    key = ld_audit_seal_get_key (store->seal, &key_length);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  /* Before the walk's first step, which starts its read transaction. */
  read_sealed_head (store, &head);

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      g_autoptr(LdAuditEvent) event = event_from_row (stmt);
      LdAuditVerdict found = LD_AUDIT_VERDICT_OK;

      report.n_events++;
      report.last_seq = event->seq;
      if (report.n_events % VERIFY_STRIDE == 0)
        {
          if (progress != NULL)
            g_atomic_int_set (progress, (gint) MIN (report.n_events, G_MAXINT));
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ld_db_reset (stmt);
              g_free (head.hash);
              return FALSE;
            }
        }
      if (event->keyed && report.keyed_from == 0)
        report.keyed_from = event->seq;

      if (event->seq != report.n_events || g_strcmp0 (event->prev_hash, expected_prev) != 0)
        found = LD_AUDIT_VERDICT_BROKEN_LINK;
      /* The keyed chain, once begun, never ends: an event made unkeyed
       * again is one somebody rewrote without the key. */
      else if (!event->keyed && report.keyed_from != 0)
        found = LD_AUDIT_VERDICT_MAC_MISMATCH;
      else if (event->keyed && key == NULL)
        found = LD_AUDIT_VERDICT_NO_KEY;
      else
        {
          g_autofree char *recomputed = ld_audit_event_compute_hash (event,
                                                                     event->keyed ? key : NULL,
                                                                     key_length);

          if (g_strcmp0 (event->hash, recomputed) != 0)
            found = event->keyed ? LD_AUDIT_VERDICT_MAC_MISMATCH : LD_AUDIT_VERDICT_HASH_MISMATCH;
        }

      if (report.verdict == LD_AUDIT_VERDICT_OK && found != LD_AUDIT_VERDICT_OK)
        {
          report.verdict = found;
          report.at_seq = event->seq;
        }

      g_free (expected_prev);
      expected_prev = g_steal_pointer (&event->hash);
    }
  if (step == LD_DB_ERROR ||
      (report.verdict == LD_AUDIT_VERDICT_OK &&
       !check_head (store, &head, expected_prev, &report, error)))
    {
      g_free (head.hash);
      return FALSE;
    }
  g_free (head.hash);

  *out_report = report;
  return TRUE;
}

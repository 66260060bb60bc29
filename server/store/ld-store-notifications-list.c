/* ld-store-notifications-list.c: the outbox as people see and steer it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the desk and the administrator do with the outbox, beside the
 * sender's own steps (ld-store-notifications.c): read an order's messages
 * or a day's, withhold what a patient no longer wants, resend one as a new
 * row, put a stopped one back to waiting, cancel one not yet sent. Each
 * change re-checks the state it moves from in its UPDATE, so a row the
 * sender has meanwhile claimed is never changed under it.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-store-notifications.h"
#include "ld-store-private.h"

#define COLUMNS                                                                        \
  "id, patient_id, order_id, channel, template, language, facts, recipient, state,"   \
  " attempts, next_attempt_us, last_error, provider_id, created_us, sent_us, resent_from,"    \
  " appointment_id, appointment_slot_us"

static LdNotification *
notification_from_row (LdDbStmt *stmt)
{
  LdNotification *notification = g_new0 (LdNotification, 1);

  notification->id = ld_db_column_dup_text (stmt, 0);
  notification->patient_id = ld_db_column_dup_text (stmt, 1);
  notification->order_id = ld_db_column_dup_text (stmt, 2);
  notification->channel = ld_db_column_dup_text (stmt, 3);
  notification->template_name = ld_db_column_dup_text (stmt, 4);
  notification->language = ld_db_column_dup_text (stmt, 5);
  notification->facts = ld_db_column_dup_text (stmt, 6);
  notification->recipient = ld_db_column_dup_text (stmt, 7);
  notification->state = ld_db_column_dup_text (stmt, 8);
  notification->attempts = ld_db_column_int64 (stmt, 9);
  notification->next_attempt_us = ld_db_column_int64 (stmt, 10);
  notification->last_error = ld_db_column_dup_text (stmt, 11);
  notification->provider_id = ld_db_column_dup_text (stmt, 12);
  notification->created_us = ld_db_column_int64 (stmt, 13);
  notification->sent_us = ld_db_column_is_null (stmt, 14) ? 0 : ld_db_column_int64 (stmt, 14);
  notification->resent_from = ld_db_column_dup_text (stmt, 15);
  notification->appointment_id = ld_db_column_dup_text (stmt, 16);
  notification->appointment_slot_us =
    ld_db_column_is_null (stmt, 17) ? 0 : ld_db_column_int64 (stmt, 17);
  return notification;
}

static GPtrArray *
collect (LdDbStmt  *stmt,
         GError   **error)
{
  g_autoptr(GPtrArray) found =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_notification_free);
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (found, notification_from_row (stmt));
  return step == LD_DB_DONE ? g_steal_pointer (&found) : NULL;
}

/**
 * ld_store_notifications_for_order:
 * @store: a store
 * @order_id: an order
 * @error: return location for an %LD_STORE_ERROR
 *
 * A doctor's critical-result e-mail is about the order but not the
 * patient's message: the desk, who reads this list, is not told of it.
 *
 * Returns: (transfer full) (element-type LdNotification) (nullable): the
 *   order's messages to its patient, oldest first
 */
GPtrArray *
ld_store_notifications_for_order (LdStore     *store,
                                  const char  *order_id,
                                  GError     **error)
{
  static const char sql[] =
    "SELECT " COLUMNS " FROM notifications WHERE order_id = ?1 AND template <> 'critical-result'"
    " ORDER BY created_us, id";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && order_id != NULL, NULL);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, order_id);
  return collect (stmt, error);
}

/**
 * ld_store_notifications_for_appointment:
 * @store: a store
 * @appointment_id: an appointment
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdNotification) (nullable): the
 *   messages about the appointment, oldest first
 */
GPtrArray *
ld_store_notifications_for_appointment (LdStore     *store,
                                        const char  *appointment_id,
                                        GError     **error)
{
  static const char sql[] =
    "SELECT " COLUMNS " FROM notifications WHERE appointment_id = ?1 ORDER BY created_us, id";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && appointment_id != NULL, NULL);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, appointment_id);
  return collect (stmt, error);
}

/**
 * ld_store_notifications_reminded:
 * @store: a store
 * @appointment_id: an appointment
 * @slot_us: one of its slots
 * @out_reminded: (out): whether its patient has had a reminder of that
 *   slot already (resends apart)
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_notifications_reminded (LdStore     *store,
                                 const char  *appointment_id,
                                 gint64       slot_us,
                                 gboolean    *out_reminded,
                                 GError     **error)
{
  static const char sql[] =
    "SELECT COUNT(*) FROM notifications WHERE appointment_id = ?1 AND appointment_slot_us = ?2"
    " AND template = 'appointment-reminder' AND resent_from IS NULL";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && appointment_id != NULL && out_reminded != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, appointment_id);
  ld_db_bind_int64 (stmt, 2, slot_us);
  if (ld_db_step (stmt, error) != LD_DB_ROW)
    return FALSE;
  *out_reminded = ld_db_column_int64 (stmt, 0) > 0;
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_notifications_list:
 * @store: a store
 * @state: (nullable): only messages in this state
 * @from_us: the first microsecond of the day they were written on
 * @to_us: the first microsecond after it
 * @limit: at most this many
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdNotification) (nullable): the
 *   day's messages, newest first
 */
GPtrArray *
ld_store_notifications_list (LdStore     *store,
                             const char  *state,
                             gint64       from_us,
                             gint64       to_us,
                             gint64       limit,
                             GError     **error)
{
  static const char sql[] =
    "SELECT " COLUMNS " FROM notifications"
    " WHERE created_us >= ?1 AND created_us < ?2 AND (CAST (?3 AS TEXT) IS NULL OR state = ?3)"
    " ORDER BY created_us DESC, id DESC LIMIT ?4";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && limit > 0, NULL);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_int64 (stmt, 1, from_us);
  ld_db_bind_int64 (stmt, 2, to_us);
  ld_db_bind_text (stmt, 3, state);
  ld_db_bind_int64 (stmt, 4, limit);
  return collect (stmt, error);
}

/**
 * ld_store_notifications_get:
 * @store: a store
 * @id: a message
 * @error: return location for an %LD_STORE_ERROR (NOT_FOUND if none)
 *
 * Returns: (transfer full) (nullable): the message
 */
LdNotification *
ld_store_notifications_get (LdStore     *store,
                            const char  *id,
                            GError     **error)
{
  static const char sql[] = "SELECT " COLUMNS " FROM notifications WHERE id = ?1";
  g_autoptr(GPtrArray) found = NULL;
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && id != NULL, NULL);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, id);
  found = collect (stmt, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           "There is no such message.");
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

/**
 * ld_store_notifications_withhold_waiting:
 * @store: a store, inside the write transaction of the consent's change
 * @patient_id: the patient
 * @channel: the channel they said no to
 * @reason: what the rows then show
 * @error: return location for an %LD_STORE_ERROR
 *
 * A doctor's critical-result e-mail goes to the doctor, not the patient:
 * the patient's consent does not hold it back.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_notifications_withhold_waiting (LdStore     *store,
                                         const char  *patient_id,
                                         const char  *channel,
                                         const char  *reason,
                                         GError     **error)
{
  static const char sql[] =
    "UPDATE notifications SET state = 'withheld', last_error = ?3"
    " WHERE patient_id = ?1 AND channel = ?2 AND state = 'waiting'"
    " AND template <> 'critical-result'";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && patient_id != NULL && channel != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, patient_id);
  ld_db_bind_text (stmt, 2, channel);
  ld_db_bind_text (stmt, 3, reason);
  return ld_db_step_done (stmt, error);
}

/* Moves @id from one of @from (a SQL list) to @to; CONFLICT when it is in
 * none of them (anymore). */
static gboolean
move (LdStore     *store,
      const char  *sql,
      const char  *id,
      gint64       now_us,
      const char  *refusal,
      GError     **error)
{
  g_autoptr(LdNotification) current = NULL;
  LdDbStmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_int64 (stmt, 2, now_us);
  if (!ld_db_step_done (stmt, error))
    return FALSE;
  if (ld_db_changes (store->db) > 0)
    return TRUE;

  current = ld_store_notifications_get (store, id, error);
  if (current != NULL)
    g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT, refusal);
  return FALSE;
}

/**
 * ld_store_notifications_retry:
 * @store: a store, inside a write transaction
 * @id: a message that failed or was given up
 * @now_us: when it is due again
 * @error: return location for an %LD_STORE_ERROR (CONFLICT in another state)
 *
 * Returns: %TRUE when it waits again
 */
gboolean
ld_store_notifications_retry (LdStore     *store,
                              const char  *id,
                              gint64       now_us,
                              GError     **error)
{
  static const char sql[] =
    "UPDATE notifications SET state = 'waiting', next_attempt_us = ?2, claimed_by = NULL,"
    " claim_until = NULL"
    " WHERE id = ?1 AND state IN ('failed', 'given_up')";

  g_return_val_if_fail (store != NULL && id != NULL, FALSE);

  return move (store, sql, id, now_us, "Only a message that failed or was given up can be retried.",
               error);
}

/**
 * ld_store_notifications_cancel:
 * @store: a store, inside a write transaction
 * @id: a message waiting to be sent, or stopped
 * @now_us: when it is cancelled (kept as its next attempt, which never comes)
 * @error: return location for an %LD_STORE_ERROR (CONFLICT when sent or
 *   being sent)
 *
 * Returns: %TRUE when it is cancelled
 */
gboolean
ld_store_notifications_cancel (LdStore     *store,
                               const char  *id,
                               gint64       now_us,
                               GError     **error)
{
  static const char sql[] =
    "UPDATE notifications SET state = 'cancelled', next_attempt_us = ?2"
    " WHERE id = ?1 AND state IN ('waiting', 'failed', 'given_up')";

  g_return_val_if_fail (store != NULL && id != NULL, FALSE);

  return move (store, sql, id, now_us,
               "Only a message not sent and not being sent can be cancelled.", error);
}

/**
 * ld_store_notifications_expiring_unwarned:
 * @store: a store
 * @from_us: now
 * @until_us: the end of the warning window
 * @limit: at most this many
 * @error: return location for an %LD_STORE_ERROR
 *
 * Unpaid orders that expire before @until_us (the orders the expiry
 * sweep will take, ld_store_orders_due_to_expire()), of patients with an
 * e-mail address, that have had no "order-expiring" message yet.
 *
 * Returns: (transfer full): their ids, soonest deadline first
 */
GStrv
ld_store_notifications_expiring_unwarned (LdStore     *store,
                                          gint64       from_us,
                                          gint64       until_us,
                                          guint        limit,
                                          GError     **error)
{
  static const char sql[] =
    "SELECT o.id FROM orders o JOIN order_money m ON m.order_id = o.id"
    " JOIN patients p ON p.id = o.patient_id"
    " WHERE o.lab_state = 'ordered' AND o.expires_us > ?1 AND o.expires_us <= ?2"
    "   AND m.payment_state IN ('pending', 'failed') AND m.online_pending = 0"
    "   AND p.email IS NOT NULL"
    "   AND NOT EXISTS (SELECT 1 FROM notifications n"
    "                   WHERE n.order_id = o.id AND n.template = 'order-expiring')"
    " ORDER BY o.expires_us LIMIT ?3";
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_int64 (stmt, 1, from_us);
  ld_db_bind_int64 (stmt, 2, until_us);
  ld_db_bind_int64 (stmt, 3, limit);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_strv_builder_add (ids, ld_db_column_text (stmt, 0));
  return step == LD_DB_DONE ? g_strv_builder_end (ids) : NULL;
}

/**
 * ld_store_notifications_figures:
 * @store: a store
 * @now_us: now
 * @out_oldest_waiting_us: (out): how long the oldest waiting message has
 *   waited since it was written, or 0 when none waits
 * @error: return location for an %LD_STORE_ERROR
 *
 * The outbox's figures for /metrics.
 *
 * Returns: (transfer full) (nullable): "channel/state" ("sms/sent") →
 *   count (a gint64 in a pointer-sized box: GINT_TO_POINTER would lose
 *   range), every channel and state there is
 */
GHashTable *
ld_store_notifications_figures (LdStore  *store,
                                gint64    now_us,
                                gint64   *out_oldest_waiting_us,
                                GError  **error)
{
  /* Kept with the messages by triggers (migration 0051): counting the
   * table on each scrape read every message ever queued. */
  static const char count_sql[] =
    "SELECT channel, state, messages FROM notification_counts WHERE messages > 0";
  static const char oldest_sql[] =
    "SELECT MIN(created_us) FROM notifications WHERE state = 'waiting'";
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && out_oldest_waiting_us != NULL, NULL);

  stmt = ld_store_prepare (store, count_sql, error);
  if (stmt == NULL)
    return NULL;
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_hash_table_insert (counts,
                         g_strdup_printf ("%s/%s", ld_db_column_text (stmt, 0),
                                          ld_db_column_text (stmt, 1)),
                         g_memdup2 (&(gint64){ ld_db_column_int64 (stmt, 2) }, sizeof (gint64)));
  if (step != LD_DB_DONE)
    return NULL;

  stmt = ld_store_prepare (store, oldest_sql, error);
  if (stmt == NULL)
    return NULL;
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return NULL;
  *out_oldest_waiting_us = step == LD_DB_ROW && !ld_db_column_is_null (stmt, 0)
                             ? MAX (0, now_us - ld_db_column_int64 (stmt, 0))
                             : 0;
  ld_db_reset (stmt);
  return g_steal_pointer (&counts);
}

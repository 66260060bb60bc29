/* ld-store-notifications.c: the notification outbox
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are added inside the transaction of the change that causes them
 * (ld-service-notify.c). The sender (ld-notify-sender.c) works outside
 * transactions, one short statement at a time, on a connection of its own:
 * a claim reads the oldest due row, then moves it from waiting to sending
 * in one UPDATE that re-checks the state it moves it from, so two
 * processes on PostgreSQL that read the same row both try, and only the
 * first changes it (read committed re-evaluates the condition on the row
 * the first one changed): the other gets none. Every later step names the claimant, so a
 * row taken away from a sender is never recorded by it.
 */

#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include "ld-store-notifications.h"
#include "ld-store-private.h"

void
ld_notification_free (LdNotification *notification)
{
  if (notification == NULL)
    return;

  g_free (notification->id);
  g_free (notification->patient_id);
  g_free (notification->order_id);
  g_free (notification->channel);
  g_free (notification->template_name);
  g_free (notification->language);
  g_free (notification->facts);
  g_free (notification->recipient);
  g_free (notification->state);
  g_free (notification->last_error);
  g_free (notification->provider_id);
  g_free (notification->resent_from);
  g_free (notification->appointment_id);
  g_free (notification);
}

/**
 * ld_store_notifications_add:
 * @store: a store, inside the write transaction of the change
 * @notification: the message, with its id, patient, channel, template,
 *   language, facts, recipient, next attempt and creation time; its state
 *   (waiting when %NULL, or withheld), last error, resent_from and the
 *   appointment and slot it is about
 * @error: return location for an %LD_STORE_ERROR (CONSTRAINT for a second
 *   "order-expiring" message of an order, or a second
 *   "appointment-reminder" of an appointment's slot on a channel)
 *
 * Adds a message to the outbox.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_notifications_add (LdStore               *store,
                            const LdNotification  *notification,
                            GError               **error)
{
  static const char sql[] =
    "INSERT INTO notifications (id, patient_id, order_id, channel, template, language, facts,"
    " recipient, state, attempts, next_attempt_us, created_us, last_error, resent_from,"
    " appointment_id, appointment_slot_us)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?11, 0, ?9, ?10, ?12, ?13, ?14, ?15)";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && notification != NULL, FALSE);
  g_return_val_if_fail (notification->id != NULL && notification->recipient != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, notification->id);
  ld_db_bind_text (stmt, 2, notification->patient_id);
  ld_db_bind_text (stmt, 3, notification->order_id);
  ld_db_bind_text (stmt, 4, notification->channel);
  ld_db_bind_text (stmt, 5, notification->template_name);
  ld_db_bind_text (stmt, 6, notification->language);
  ld_db_bind_text (stmt, 7, notification->facts);
  ld_db_bind_text (stmt, 8, notification->recipient);
  ld_db_bind_int64 (stmt, 9, notification->next_attempt_us);
  ld_db_bind_int64 (stmt, 10, notification->created_us);
  ld_db_bind_text (stmt, 11, notification->state != NULL ? notification->state : "waiting");
  ld_db_bind_text (stmt, 12, notification->last_error);
  ld_db_bind_text (stmt, 13, notification->resent_from);
  ld_db_bind_text (stmt, 14, notification->appointment_id);
  if (notification->appointment_slot_us != 0)
    ld_db_bind_int64 (stmt, 15, notification->appointment_slot_us);
  else
    ld_db_bind_null (stmt, 15);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_notifications_set_sms_templates:
 * @store: the server's store
 * @templates: (nullable): the templates the server sends by SMS (those
 *   with a registered template id in [sms]); %NULL: SMS is off
 *
 * Says which messages ld_service_notify() also writes for SMS. It belongs
 * to the store because every change that writes a message runs on it.
 */
void
ld_store_notifications_set_sms_templates (LdStore *store, const char * const *templates)
{
  g_return_if_fail (store != NULL);

  g_clear_pointer (&store->sms_templates, g_hash_table_unref);
  if (templates == NULL)
    return;
  store->sms_templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; templates[i] != NULL; i++)
    g_hash_table_add (store->sms_templates, g_strdup (templates[i]));
}

/**
 * ld_store_notifications_sends_sms:
 * @store: a store
 * @template_name: a message template
 *
 * Returns: whether messages from @template_name are sent by SMS too
 */
gboolean
ld_store_notifications_sends_sms (LdStore    *store,
                                  const char *template_name)
{
  g_return_val_if_fail (store != NULL && template_name != NULL, FALSE);

  return store->sms_templates != NULL &&
         g_hash_table_contains (store->sms_templates, template_name);
}

/**
 * ld_store_notifications_claim:
 * @store: a store, outside a transaction
 * @channel: (nullable): "email" or "sms" to take only that channel's
 *   messages (the other one is not configured); %NULL for either
 * @claimed_by: the claiming sender's name, unique per process
 * @now_us: the wall-clock time; rows due by then are taken
 * @claim_until_us: when the claim counts as abandoned
 * @error: return location for an %LD_STORE_ERROR
 *
 * Takes the oldest due waiting message for sending, counting the attempt.
 *
 * Returns: (transfer full) (nullable): the message; %NULL with @error
 *   unset when none is due or another sender took it first
 */
LdNotification *
ld_store_notifications_claim (LdStore     *store,
                              const char  *channel,
                              const char  *claimed_by,
                              gint64       now_us,
                              gint64       claim_until_us,
                              GError     **error)
{
  /* A read first: an idle outbox costs the writer nothing, where an
   * UPDATE, even of no row, would take SQLite's write lock twice a second. */
  static const char due_sql[] =
    "SELECT id FROM notifications WHERE state = 'waiting' AND next_attempt_us <= ?1"
    " AND channel IN (?2, ?3) ORDER BY next_attempt_us, id LIMIT 1";
  static const char claim_sql[] =
    "UPDATE notifications SET state = 'sending', claimed_by = ?2, claim_until = ?3,"
    " attempts = attempts + 1"
    " WHERE id = ?1 AND state = 'waiting'"
    " RETURNING id, patient_id, order_id, channel, template, language, facts, recipient,"
    " attempts, next_attempt_us, last_error, created_us";
  g_autoptr(LdNotification) notification = NULL;
  g_autofree char *id = NULL;
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && claimed_by != NULL, NULL);

  stmt = ld_store_prepare (store, due_sql, error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_int64 (stmt, 1, now_us);
  ld_db_bind_text (stmt, 2, channel != NULL ? channel : "email");
  ld_db_bind_text (stmt, 3, channel != NULL ? channel : "sms");
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ROW)
    id = ld_db_column_dup_text (stmt, 0);
  ld_db_reset (stmt);
  if (step == LD_DB_ERROR || id == NULL)
    return NULL;

  stmt = ld_store_prepare (store, claim_sql, error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_text (stmt, 2, claimed_by);
  ld_db_bind_int64 (stmt, 3, claim_until_us);

  step = ld_db_step (stmt, error);
  if (step == LD_DB_ERROR)
    return NULL;
  if (step == LD_DB_ROW)
    {
      notification = g_new0 (LdNotification, 1);
      notification->id = ld_db_column_dup_text (stmt, 0);
      notification->patient_id = ld_db_column_dup_text (stmt, 1);
      notification->order_id = ld_db_column_dup_text (stmt, 2);
      notification->channel = ld_db_column_dup_text (stmt, 3);
      notification->template_name = ld_db_column_dup_text (stmt, 4);
      notification->language = ld_db_column_dup_text (stmt, 5);
      notification->facts = ld_db_column_dup_text (stmt, 6);
      notification->recipient = ld_db_column_dup_text (stmt, 7);
      notification->state = g_strdup ("sending");
      notification->attempts = ld_db_column_int64 (stmt, 8);
      notification->next_attempt_us = ld_db_column_int64 (stmt, 9);
      notification->last_error = ld_db_column_dup_text (stmt, 10);
      notification->created_us = ld_db_column_int64 (stmt, 11);
      /* Read to its end, so the statement is done before the next one. */
      if (ld_db_step (stmt, error) == LD_DB_ERROR)
        return NULL;
    }
  ld_db_reset (stmt);
  return g_steal_pointer (&notification);
}

/* Runs one UPDATE of a claimed row; a row no longer this sender's is
 * left alone, with a debug line. */
static gboolean
update_claimed (LdStore     *store,
                LdDbStmt    *stmt,
                const char  *id,
                GError     **error)
{
  if (!ld_db_step_done (stmt, error))
    return FALSE;
  if (ld_db_changes (store->db) == 0)
    g_debug ("notification %s was no longer this sender's to record", id);
  return TRUE;
}

/**
 * ld_store_notifications_mark_sent:
 * @store: a store, outside a transaction
 * @id: a message this sender claimed
 * @claimed_by: the sender's name
 * @provider_id: (nullable): the mail server's answer
 * @now_us: when it was accepted
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_notifications_mark_sent (LdStore     *store,
                                  const char  *id,
                                  const char  *claimed_by,
                                  const char  *provider_id,
                                  gint64       now_us,
                                  GError     **error)
{
  static const char sql[] =
    "UPDATE notifications SET state = 'sent', provider_id = ?3, sent_us = ?4, last_error = NULL,"
    " claim_until = NULL"
    " WHERE id = ?1 AND claimed_by = ?2 AND state = 'sending'";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && id != NULL && claimed_by != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_text (stmt, 2, claimed_by);
  ld_db_bind_text (stmt, 3, provider_id);
  ld_db_bind_int64 (stmt, 4, now_us);
  return update_claimed (store, stmt, id, error);
}

/**
 * ld_store_notifications_retry_later:
 * @store: a store, outside a transaction
 * @id: a message this sender claimed
 * @claimed_by: the sender's name
 * @next_attempt_us: when to try again
 * @last_error: what this attempt met
 * @error: return location for an %LD_STORE_ERROR
 *
 * Puts a message that met a temporary failure back to waiting.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_notifications_retry_later (LdStore     *store,
                                    const char  *id,
                                    const char  *claimed_by,
                                    gint64       next_attempt_us,
                                    const char  *last_error,
                                    GError     **error)
{
  static const char sql[] =
    "UPDATE notifications SET state = 'waiting', next_attempt_us = ?3, last_error = ?4,"
    " claimed_by = NULL, claim_until = NULL"
    " WHERE id = ?1 AND claimed_by = ?2 AND state = 'sending'";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && id != NULL && claimed_by != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_text (stmt, 2, claimed_by);
  ld_db_bind_int64 (stmt, 3, next_attempt_us);
  ld_db_bind_text (stmt, 4, last_error);
  return update_claimed (store, stmt, id, error);
}

/**
 * ld_store_notifications_stop:
 * @store: a store, outside a transaction
 * @id: a message this sender claimed
 * @claimed_by: the sender's name
 * @state: "failed" or "given_up"
 * @last_error: why
 * @error: return location for an %LD_STORE_ERROR
 *
 * Stops a message for good: it is not tried again.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_notifications_stop (LdStore     *store,
                             const char  *id,
                             const char  *claimed_by,
                             const char  *state,
                             const char  *last_error,
                             GError     **error)
{
  static const char sql[] =
    "UPDATE notifications SET state = ?3, last_error = ?4, claim_until = NULL"
    " WHERE id = ?1 AND claimed_by = ?2 AND state = 'sending'";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && id != NULL && claimed_by != NULL, FALSE);
  g_return_val_if_fail (g_strcmp0 (state, "failed") == 0 || g_strcmp0 (state, "given_up") == 0,
                        FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, id);
  ld_db_bind_text (stmt, 2, claimed_by);
  ld_db_bind_text (stmt, 3, state);
  ld_db_bind_text (stmt, 4, last_error);
  return update_claimed (store, stmt, id, error);
}

/**
 * ld_store_notifications_fail_interrupted:
 * @store: a store, outside a transaction
 * @claimed_before_us: rows in sending whose claim ended before this are
 *   taken as interrupted (%G_MAXINT64: every row in sending)
 * @last_error: what to record on them
 * @out_count: (out) (optional): how many were marked
 * @error: return location for an %LD_STORE_ERROR
 *
 * Marks messages whose sender stopped in the middle of sending as failed.
 * They may have reached the mail server, so they are not sent again.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_notifications_fail_interrupted (LdStore     *store,
                                         gint64       claimed_before_us,
                                         const char  *last_error,
                                         gint64      *out_count,
                                         GError     **error)
{
  static const char sql[] =
    "UPDATE notifications SET state = 'failed', last_error = ?2, claim_until = NULL"
    " WHERE state = 'sending' AND claim_until < ?1";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && last_error != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_int64 (stmt, 1, claimed_before_us);
  ld_db_bind_text (stmt, 2, last_error);
  if (!ld_db_step_done (stmt, error))
    return FALSE;
  if (out_count != NULL)
    *out_count = ld_db_changes (store->db);
  return TRUE;
}

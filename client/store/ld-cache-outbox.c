/* ld-cache-outbox.c: the outbox's rows in the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each change to the outbox is one write transaction of the cache, with
 * what it shows: an action queued here puts its record in the cache at
 * once (a new patient or order, version 0), an accepted one writes the
 * server's answer and leaves the outbox, a refused one keeps its reason
 * (and a conflict's current record, which is the truth, goes in the
 * cache), a discarded one takes back the record it made, and one fixed
 * and sent again goes back to its place in the queue. The lists
 * showing those records see each change as it commits.
 */

#define G_LOG_DOMAIN "ld-cache-outbox"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-cache-outbox.h"
#include "ld-cache-private.h"
#include "ld-command-records.h"
#include "ld-json.h"
#include "ld-patient-apply.h"
#include "ld-payment-body.h"
#include "ld-payment-rules.h"
#include "ld-result-apply.h"
#include "ld-result-body.h"
#include "ld-result-flow.h"
#include "ld-states.h"
#include "ld-time.h"

#define ITEM_COLUMNS \
  "seq, kind, entity, target_id, depends_on, idempotency_key, method, path, body, state," \
  " error_code, error_message, error_fields, error_current, attempts, label, created_at"

/* clang-format off */
static const char insert_sql[] =
  "INSERT INTO outbox (kind, entity, target_id, depends_on, idempotency_key, method, path, body,"
  "                    created_at, label)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING seq";
static const char delete_sql[] = "DELETE FROM outbox WHERE seq = ?1";
static const char reject_sql[] =
  "UPDATE outbox SET state = 'rejected', attempts = attempts + 1, error_code = ?2,"
  " error_message = ?3, error_fields = ?4, error_current = ?5 WHERE seq = ?1";
/* In its old place, with what the desk fixed and a new key: the server
 * changed nothing for the refused request, and may keep its answer to the
 * old key. */
static const char resend_sql[] =
  "UPDATE outbox SET state = 'queued', idempotency_key = ?2, path = ?3, body = ?4,"
  " depends_on = ?5, error_code = NULL, error_message = NULL, error_fields = NULL,"
  " error_current = NULL WHERE seq = ?1 AND state = 'rejected'";
static const char others_sql[] = "SELECT count(*) FROM outbox WHERE target_id = ?1";
/* The first queued item that does not wait for a record an earlier item
 * (queued, or refused and not yet fixed) is to make. */
static const char next_sql[] =
  "SELECT " ITEM_COLUMNS " FROM outbox o WHERE state = 'queued'"
  "   AND (depends_on IS NULL OR NOT EXISTS"
  "     (SELECT 1 FROM outbox d WHERE d.seq < o.seq AND d.target_id = o.depends_on))"
  " ORDER BY seq LIMIT 1";
static const char list_sql[] = "SELECT " ITEM_COLUMNS " FROM outbox ORDER BY seq";
/* The items queued after an accepted one for the same record. */
static const char later_sql[] =
  "SELECT seq, body FROM outbox WHERE target_id = ?1 AND entity = ?2 AND seq > ?3"
  " AND state = 'queued' ORDER BY seq";
static const char set_body_sql[] = "UPDATE outbox SET body = ?2 WHERE seq = ?1";
/* Changes to a record the server has, waiting to be sent (patient.update). */
/* Payments taken here and waiting to be sent (cash, card or UPI). */
static const char queued_payments_sql[] =
  "SELECT body FROM outbox WHERE target_id = ?1 AND state = 'queued'"
  " AND kind IN ('payment.cash', 'payment.card') ORDER BY seq";
/* Result saves of an order waiting to be sent. */
static const char queued_saves_sql[] =
  "SELECT body, created_at FROM outbox WHERE target_id = ?1 AND state = 'queued'"
  " AND kind = 'result.save' ORDER BY seq";
/* An order's samples, oldest first, as ld_result_find_sample() reads them. */
static const char order_samples_sql[] =
  "SELECT record FROM samples WHERE order_id = ?1 ORDER BY rowid";
/* What the outbox holds for one record. */
static const char pending_sql[] =
  "SELECT seq, state, error_code, error_message FROM outbox WHERE target_id = ?1 ORDER BY seq";
static const char queued_edits_sql[] =
  "SELECT body FROM outbox WHERE target_id = ?1 AND state = 'queued' AND method = 'PATCH'"
  " ORDER BY seq";

void
ld_outbox_item_free (LdOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->kind);
  g_free (item->entity);
  g_free (item->target_id);
  g_free (item->depends_on);
  g_free (item->idempotency_key);
  g_free (item->method);
  g_free (item->path);
  g_free (item->body);
  g_free (item->state);
  g_free (item->error_code);
  g_free (item->error_message);
  g_free (item->error_fields);
  g_free (item->error_current);
  g_free (item->label);
  g_free (item->created_at);
  g_free (item);
}

typedef struct
{
  LdOutboxChange  change;
  LdOutboxItem   *item;
  JsonObject     *record;
} ChangeJob;

static void
change_job_free (ChangeJob *job)
{
  ld_outbox_item_free (job->item);
  g_clear_pointer (&job->record, json_object_unref);
  g_free (job);
}

static gboolean
run_seq (LdSqlite    *db,
         const char  *sql,
         gint64       seq,
         GError     **error)
{
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_int64 (stmt, 1, seq);
  return ld_sqlite_step_done (stmt, error);
}

/* The name a person knows @entity @id by, from its record here: a
 * patient's name; an order's number, or its patient's name until the
 * server has numbered it; an appointment's patient. NULL when the cache
 * does not know. */
static char *
find_label (LdSqlite    *db,
            const char  *entity,
            const char  *id,
            GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) record = NULL;
  const char *found = NULL;

  if (!ld_cache_read_record_text (db, entity, id, &text, error))
    return NULL;
  record = text ? ld_json_parse_object (text, -1, NULL) : NULL;
  if (record == NULL)
    return NULL;

  if (g_str_equal (entity, "patient"))
    found = ld_json_object_get_string (record, "name");
  else if (g_str_equal (entity, "appointment"))
    found = ld_json_object_get_string (record, "patient_name");
  else if (g_str_equal (entity, "order"))
    {
      JsonNode *patient = json_object_get_member (record, "patient");
      JsonObject *who = patient && JSON_NODE_HOLDS_OBJECT (patient) ? json_node_get_object (patient)
                                                                    : NULL;

      found = ld_json_object_get_string (record, "number");
      if (found == NULL && who != NULL)
        found = ld_json_object_get_string (who, "name");
      if (found == NULL && who != NULL && ld_json_object_get_string (who, "id") != NULL)
        return find_label (db, "patient", ld_json_object_get_string (who, "id"), error);
    }
  return g_strdup (found);
}

static gboolean
insert_item (LdSqlite      *db,
             LdOutboxItem  *item,
             GError       **error)
{
  LdSqliteStmt *stmt;
  g_autofree char *now = ld_time_format_rfc3339 (g_get_real_time ());
  g_autoptr(GError) local = NULL;

  g_free (item->label);
  item->label = find_label (db, item->entity, item->target_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  stmt = ld_sqlite_prepare_cached (db, insert_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, item->kind);
  ld_sqlite_bind_text (stmt, 2, item->entity);
  ld_sqlite_bind_text (stmt, 3, item->target_id);
  ld_sqlite_bind_text (stmt, 4, item->depends_on);
  ld_sqlite_bind_text (stmt, 5, item->idempotency_key);
  ld_sqlite_bind_text (stmt, 6, item->method);
  ld_sqlite_bind_text (stmt, 7, item->path);
  ld_sqlite_bind_text (stmt, 8, item->body);
  ld_sqlite_bind_text (stmt, 9, now);
  ld_sqlite_bind_text (stmt, 10, item->label);
  if (ld_sqlite_step (stmt, error) != LD_SQLITE_ROW)
    return FALSE;
  item->seq = ld_sqlite_column_int64 (stmt, 0);
  g_free (item->created_at);
  item->created_at = g_steal_pointer (&now);
  return ld_sqlite_step_done (stmt, error);
}

static gboolean
reject_item (LdSqlite      *db,
             LdOutboxItem  *item,
             GError       **error)
{
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, reject_sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_int64 (stmt, 1, item->seq);
  ld_sqlite_bind_text (stmt, 2, item->error_code);
  ld_sqlite_bind_text (stmt, 3, item->error_message);
  ld_sqlite_bind_text (stmt, 4, item->error_fields);
  ld_sqlite_bind_text (stmt, 5, item->error_current);
  return ld_sqlite_step_done (stmt, error);
}

static gboolean
resend_item (LdSqlite      *db,
             LdOutboxItem  *item,
             GError       **error)
{
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, resend_sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_int64 (stmt, 1, item->seq);
  ld_sqlite_bind_text (stmt, 2, item->idempotency_key);
  ld_sqlite_bind_text (stmt, 3, item->path);
  ld_sqlite_bind_text (stmt, 4, item->body);
  ld_sqlite_bind_text (stmt, 5, item->depends_on);
  if (!ld_sqlite_step_done (stmt, error))
    return FALSE;
  if (ld_sqlite_changes (db) == 0)
    {
      g_set_error_literal (error, LD_CACHE_ERROR, LD_CACHE_ERROR_NOT_REFUSED,
                           _("This item is no longer waiting to be fixed."));
      return FALSE;
    }
  return TRUE;
}

/* A discarded item takes back the record it made, unless another item
 * still shows on it. */
static gboolean
discard_item (LdSqlite      *db,
              LdOutboxItem  *item,
              GError       **error)
{
  LdSqliteStmt *stmt;
  gint64 others;

  if (!run_seq (db, delete_sql, item->seq, error) ||
      (stmt = ld_sqlite_prepare_cached (db, others_sql, error)) == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, item->target_id);
  if (ld_sqlite_step (stmt, error) != LD_SQLITE_ROW)
    return FALSE;
  others = ld_sqlite_column_int64 (stmt, 0);
  if (!ld_sqlite_step_done (stmt, error))
    return FALSE;
  return others > 0 || ld_cache_remove_made_here (db, item->entity, item->target_id, error);
}

/* An accepted item moved its record from @item->based_on to the
 * answer's version: the later items made over the same version were made
 * over what this item changed, so they now name the answer's. Those made
 * over another version (someone else's, seen here meanwhile) keep it, and
 * a change made by someone else still comes back as a conflict. */
static gboolean
follow_accepted (LdSqlite      *db,
                 LdOutboxItem  *item,
                 JsonObject    *record,
                 GError       **error)
{
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  LdSqliteStmt *stmt;
  JsonNode *version = record ? json_object_get_member (record, "version") : NULL;
  gint64 now;
  LdSqliteStep step;

  if (item->based_on < 0 || version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64)
    return TRUE;
  now = json_node_get_int (version);

  stmt = ld_sqlite_prepare_cached (db, later_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, item->target_id);
  ld_sqlite_bind_text (stmt, 2, item->entity);
  ld_sqlite_bind_int64 (stmt, 3, item->seq);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      g_autoptr(JsonObject) body = ld_json_parse_object (ld_sqlite_column_text (stmt, 1), -1, NULL);
      JsonNode *was = body ? json_object_get_member (body, "version") : NULL;
      g_autoptr(JsonNode) node = NULL;
      gint64 seq = ld_sqlite_column_int64 (stmt, 0);

      if (was == NULL || !JSON_NODE_HOLDS_VALUE (was) ||
          json_node_get_value_type (was) != G_TYPE_INT64 || json_node_get_int (was) != item->based_on)
        continue;
      json_object_set_int_member (body, "version", now);
      node = json_node_init_object (json_node_alloc (), body);
      g_array_append_val (seqs, seq);
      g_ptr_array_add (bodies, ld_json_to_string (node));
    }
  if (step == LD_SQLITE_ERROR)
    return FALSE;

  for (guint i = 0; i < seqs->len; i++)
    {
      stmt = ld_sqlite_prepare_cached (db, set_body_sql, error);
      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_int64 (stmt, 1, g_array_index (seqs, gint64, i));
      ld_sqlite_bind_text (stmt, 2, g_ptr_array_index (bodies, i));
      if (!ld_sqlite_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_change (LdSqlite  *db,
              gpointer   data,
              gpointer  *out_result,
              GError   **error)
{
  ChangeJob *job = data;
  LdOutboxItem *item = job->item;
  gboolean ok = FALSE;

  switch (job->change)
    {
    case LD_OUTBOX_ADD:
      /* The record made here first: the item's label may come from it. */
      if (job->record != NULL && g_str_equal (item->entity, "order") &&
          !ld_cache_price_made_here (db, job->record, error))
        return FALSE;
      if (job->record != NULL &&
          !ld_cache_apply_record (db, item->entity, item->target_id, job->record, error))
        return FALSE;
      g_clear_pointer (&job->record, json_object_unref);
      ok = insert_item (db, item, error);
      break;
    case LD_OUTBOX_DONE:
      ok = run_seq (db, delete_sql, item->seq, error) &&
           follow_accepted (db, item, job->record, error);
      break;
    case LD_OUTBOX_REJECT:
      ok = reject_item (db, item, error);
      item->attempts++;
      break;
    case LD_OUTBOX_RESEND:
      ok = resend_item (db, item, error) &&
           (job->record == NULL || !g_str_equal (item->entity, "order") ||
            ld_cache_price_made_here (db, job->record, error));
      break;
    case LD_OUTBOX_DISCARD:
    default:
      ok = discard_item (db, item, error);
      break;
    }

  if (!ok || (job->record != NULL &&
              !ld_cache_apply_record (db, item->entity, item->target_id, job->record, error)))
    return FALSE;
  *out_result = g_steal_pointer (&job->item);
  return TRUE;
}

static const LdCacheWriteClass change_write = {
  .source_tag = ld_cache_outbox_change_async,
  .apply = apply_change,
  .result_free = (GDestroyNotify) ld_outbox_item_free,
};
/* clang-format on */

/**
 * ld_cache_outbox_change_async:
 * @self: a cache
 * @change: what happens to @item
 * @item: (transfer full): the item; for %LD_OUTBOX_ADD a new one (its seq
 *   is given here), else one read back, with the error filled in for
 *   %LD_OUTBOX_REJECT and the new key, path, body and dependency for
 *   %LD_OUTBOX_RESEND
 * @record: (nullable) (transfer full): the record of @item's entity and
 *   target to write with it: the one made here (add, or resend with what
 *   was fixed), the server's answer (done) or its current record (a
 *   conflict)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 */
void
ld_cache_outbox_change_async (LdCache             *self,
                              LdOutboxChange       change,
                              LdOutboxItem        *item,
                              JsonObject          *record,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GPtrArray *touched = g_ptr_array_new ();
  ChangeJob *job = g_new0 (ChangeJob, 1);

  job->change = change;
  job->item = item;
  job->record = record;
  ld_cache_touch (touched, item->entity, item->target_id);
  ld_cache_write_async (self, &change_write, touched, job, (GDestroyNotify) change_job_free,
                        cancellable, callback, user_data);
}

/**
 * ld_cache_outbox_change_finish:
 * @self: a cache
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the item as written (an added one
 *   with its seq, label and time), or %NULL on error
 */
LdOutboxItem *
ld_cache_outbox_change_finish (LdCache       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return ld_cache_write_finish (self, result, error);
}

static LdOutboxItem *
read_item (LdSqliteStmt *stmt)
{
  LdOutboxItem *item = g_new0 (LdOutboxItem, 1);

  item->based_on = -1;
  item->seq = ld_sqlite_column_int64 (stmt, 0);
  item->kind = ld_sqlite_column_dup_text (stmt, 1);
  item->entity = ld_sqlite_column_dup_text (stmt, 2);
  item->target_id = ld_sqlite_column_dup_text (stmt, 3);
  item->depends_on = ld_sqlite_column_dup_text (stmt, 4);
  item->idempotency_key = ld_sqlite_column_dup_text (stmt, 5);
  item->method = ld_sqlite_column_dup_text (stmt, 6);
  item->path = ld_sqlite_column_dup_text (stmt, 7);
  item->body = ld_sqlite_column_dup_text (stmt, 8);
  item->state = ld_sqlite_column_dup_text (stmt, 9);
  item->error_code = ld_sqlite_column_dup_text (stmt, 10);
  item->error_message = ld_sqlite_column_dup_text (stmt, 11);
  item->error_fields = ld_sqlite_column_dup_text (stmt, 12);
  item->error_current = ld_sqlite_column_dup_text (stmt, 13);
  item->attempts = ld_sqlite_column_int64 (stmt, 14);
  item->label = ld_sqlite_column_dup_text (stmt, 15);
  item->created_at = ld_sqlite_column_dup_text (stmt, 16);
  return item;
}

static gpointer
list_job (LdSqlite **db,
          gpointer   data,
          GError   **error)
{
  gboolean next_only = GPOINTER_TO_INT (data);
  g_autoptr(GPtrArray) items =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_outbox_item_free);
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (*db, next_only ? next_sql : list_sql, error);
  LdSqliteStep step;

  if (stmt == NULL)
    return NULL;
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    g_ptr_array_add (items, read_item (stmt));
  if (step == LD_SQLITE_ERROR)
    return NULL;
  return g_steal_pointer (&items);
}

/**
 * ld_cache_outbox_list_async:
 * @self: a cache
 * @next_only: only the next item to send, if any
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Reads the outbox in the order it is sent, on the reader's thread.
 */
void
ld_cache_outbox_list_async (LdCache             *self,
                            gboolean             next_only,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ld_cache_read_async (self, ld_cache_outbox_list_async, list_job, GINT_TO_POINTER (next_only),
                       NULL, (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

/**
 * ld_cache_outbox_list_finish:
 * @self: a cache
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type LdOutboxItem) (nullable): the items
 */
GPtrArray *
ld_cache_outbox_list_finish (LdCache       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return ld_cache_read_finish (self, result, error);
}

/* A reader over a queued body, as the server reads it: the path's
 * order_id aside, the rest for the shared body reader; the caller's
 * ld_json_reader_finish() says whether the server would take it. */
static LdJsonReader *
queued_body_reader (JsonObject *body)
{
  LdJsonReader *reader = ld_json_reader_new (body);
  g_autofree char *order_id = NULL;

  ld_json_reader_get_string (reader, "order_id", LD_JSON_OPTIONAL, &order_id);
  return reader;
}

/* A payment taken here shows its order as the server will make it: the
 * shared rule settles the attempt (the whole amount due, the change from
 * cash) and a payment that succeeds at once pays the order. It stands
 * among the attempts marked "queued", its status "pending" until the
 * server has it. */
static gboolean
overlay_payments (LdSqlite    *db,
                  const char  *id,
                  JsonObject  *shown,
                  gboolean    *edited,
                  GError     **error)
{
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, queued_payments_sql, error);
  LdSqliteStep step;

  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, id);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      g_autoptr(JsonObject) body = ld_json_parse_object (ld_sqlite_column_text (stmt, 0), -1, NULL);
      g_autoptr(LdOrder) order = NULL;
      g_autoptr(LdPayment) payment = ld_payment_new ();
      JsonNode *payments = json_object_get_member (shown, "payments");
      g_autoptr(LdJsonReader) reader = NULL;
      JsonObject *attempt;

      if (body == NULL)
        continue;
      reader = queued_body_reader (body);
      ld_payment_body_read (reader, payment);
      if (!ld_json_reader_finish (reader, NULL))
        continue;
      order = ld_command_read_order (shown);
      if (!ld_payment_settle (payment, order, NULL))
        continue;

      attempt = json_object_new ();
      json_object_set_string_member (attempt, "id", payment->id);
      json_object_set_string_member (attempt, "kind", "payment");
      json_object_set_string_member (attempt, "method", payment->method);
      json_object_set_string_member (attempt, "status", "pending");
      json_object_set_int_member (attempt, "amount_paise", payment->amount_paise);
      if (payment->change_paise >= 0)
        {
          json_object_set_int_member (attempt, "tendered_paise", payment->tendered_paise);
          json_object_set_int_member (attempt, "change_paise", payment->change_paise);
        }
      json_object_set_string_member (attempt, "reference", payment->reference);
      json_object_set_boolean_member (attempt, "queued", TRUE);
      if (payments == NULL || !JSON_NODE_HOLDS_ARRAY (payments))
        json_object_set_array_member (shown, "payments", json_array_new ());
      json_array_add_object_element (json_object_get_array_member (shown, "payments"), attempt);
      if (g_str_equal (payment->status, "succeeded"))
        {
          json_object_set_int_member (shown, "paid_paise",
                                      order->paid_paise + payment->amount_paise);
          json_object_set_int_member (shown, "balance_paise", 0);
          json_object_set_string_member (shown, "payment_state",
                                         ld_payment_state_wire (LD_PAYMENT_STATE_PAID));
        }
      *edited = TRUE;
    }
  return step != LD_SQLITE_ERROR;
}

/* @entity @id's cached record, or NULL. */
static JsonObject *
read_cached (LdSqlite    *db,
             const char  *entity,
             const char  *id,
             GError     **error)
{
  g_autofree char *text = NULL;

  if (id == NULL || !ld_cache_read_record_text (db, entity, id, &text, error) || text == NULL)
    return NULL;
  return ld_json_parse_object (text, -1, NULL);
}

/* What a save of a result of @order_id reads besides the result, as the
 * cache knows it: the order's patient and samples, and the test. */
typedef struct
{
  LdPatient     *patient;
  GPtrArray     *samples;
  LdCatalogTest *test;
} SaveReads;

static void
save_reads_clear (SaveReads *reads)
{
  g_clear_object (&reads->patient);
  g_clear_pointer (&reads->samples, g_ptr_array_unref);
  g_clear_pointer (&reads->test, ld_catalog_test_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SaveReads, save_reads_clear)

static gboolean
read_for_save (LdSqlite    *db,
               const char  *order_id,
               const char  *test_code,
               SaveReads   *reads,
               GError     **error)
{
  g_autoptr(JsonObject) order = NULL;
  g_autoptr(JsonObject) patient = NULL;
  g_autoptr(JsonObject) test = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *who;
  LdSqliteStmt *stmt;
  LdSqliteStep step;

  order = read_cached (db, "order", order_id, &local);
  who = order ? json_object_get_member (order, "patient") : NULL;
  if (local == NULL && who != NULL && JSON_NODE_HOLDS_OBJECT (who))
    patient = read_cached (db, "patient",
                           ld_json_object_get_string (json_node_get_object (who), "id"), &local);
  if (local == NULL)
    test = read_cached (db, "catalog_test", test_code, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (patient != NULL)
    {
      g_autoptr(LdJsonReader) reader = ld_json_reader_new (patient);

      reads->patient = ld_patient_new (ld_json_object_get_string (patient, "id"));
      ld_patient_read_json (reads->patient, reader, TRUE);
    }
  if (test != NULL)
    {
      g_autoptr(LdJsonReader) reader = ld_json_reader_new (test);

      reads->test = ld_catalog_test_new ();
      ld_catalog_test_read_json (reads->test, reader, TRUE);
    }

  reads->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_sample_free);
  stmt = ld_sqlite_prepare_cached (db, order_samples_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, order_id);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      g_autoptr(JsonObject) sample =
                   ld_json_parse_object (ld_sqlite_column_text (stmt, 0), -1, NULL);

      if (sample != NULL)
        g_ptr_array_add (reads->samples, ld_command_read_sample (sample));
    }
  return step != LD_SQLITE_ERROR;
}

/* Lays what a queued save says of one result over the result @shown, by
 * the shared rule; one the server would refuse is not shown. */
static gboolean
overlay_save (JsonObject          *shown,
              const LdResultSave  *save,
              const LdResultEntry *entry,
              gint64               queued_us,
              SaveReads           *reads)
{
  g_autoptr(LdResult) result = ld_command_read_result (shown);
  g_autofree char *problem = NULL;
  LdResultSaveInput input;
  LdResultSaveContext context = { reads->test, reads->patient, NULL, NULL, queued_us };
  const char *field = NULL;

  if (result->state == NULL || !ld_result_check_entry (result, NULL))
    return FALSE;
  ld_result_save_input_init (&input, save, entry);
  if (input.value != NULL)
    {
      context.sample = ld_result_find_sample (reads->samples, result->test_code, NULL);
      if (context.sample == NULL || context.test == NULL || context.patient == NULL)
        return FALSE;
    }
  problem = ld_result_apply_save_json (shown, &input, &context, &field);
  return problem == NULL;
}

/* A result whose order has saves waiting shows them as the server will
 * store them (ld_result_apply_save()): the value flagged against the
 * patient's band, a submitted one "entered". A value the cache cannot
 * judge (no test, patient or received sample here) is not shown. */
static gboolean
overlay_results (LdSqlite    *db,
                 JsonObject  *shown,
                 gboolean    *edited,
                 GError     **error)
{
  const char *order_id = ld_json_object_get_string (shown, "order_id");
  const char *test_code = ld_json_object_get_string (shown, "test_code");
  g_auto(SaveReads) reads = { NULL };
  LdSqliteStmt *stmt;
  LdSqliteStep step;
  gboolean read = FALSE;

  /* Only a result has a test code of its own. */
  if (order_id == NULL || test_code == NULL)
    return TRUE;
  stmt = ld_sqlite_prepare_cached (db, queued_saves_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, order_id);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      g_autoptr(JsonObject) body = ld_json_parse_object (ld_sqlite_column_text (stmt, 0), -1, NULL);
      g_autoptr(LdResultSave) save = ld_result_save_new ();
      const LdResultEntry *entry = NULL;
      gint64 queued_us = 0;

      if (body != NULL)
        {
          g_autoptr(LdJsonReader) reader = queued_body_reader (body);

          ld_result_save_body_read (reader, save);
          if (ld_json_reader_finish (reader, NULL))
            entry = ld_result_save_find (save, test_code);
        }
      if (entry == NULL)
        continue;
      if (!read && !read_for_save (db, order_id, test_code, &reads, error))
        {
          ld_sqlite_reset (stmt);
          return FALSE;
        }
      read = TRUE;
      ld_time_parse_rfc3339 (ld_sqlite_column_text (stmt, 1), &queued_us);
      if (overlay_save (shown, save, entry, queued_us, &reads))
        *edited = TRUE;
    }
  return step != LD_SQLITE_ERROR;
}

/**
 * ld_cache_outbox_overlay:
 * @db: a connection to the cache
 * @id: a record's id
 * @record: (inout): the record's JSON text as the server last sent it
 * @error: return location for an %LD_STORE_ERROR
 *
 * Lays the queued edits of the record (in the order they were made) over
 * it, each by the rule the server applies (ld_patient_apply_edit_json(),
 * ld_payment_settle(), ld_result_apply_save_json()), so that a desk that
 * changed a phone number offline sees the new one beside the pending
 * mark. The stored record stays the server's: a discarded edit needs
 * nothing undone, a refused one is not shown as made, and searches find
 * the record by what the server has.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_outbox_overlay (LdSqlite    *db,
                         const char  *id,
                         char       **record,
                         GError     **error)
{
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, queued_edits_sql, error);
  g_autoptr(JsonObject) shown = ld_json_parse_object (*record, -1, NULL);
  g_autoptr(JsonNode) node = NULL;
  gboolean edited = FALSE;
  LdSqliteStep step;

  if (stmt == NULL)
    return FALSE;
  if (shown == NULL)
    return TRUE;

  ld_sqlite_bind_text (stmt, 1, id);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      g_autoptr(JsonObject) edit = ld_json_parse_object (ld_sqlite_column_text (stmt, 0), -1, NULL);

      /* A patient's edit, as the server will store it. */
      if (edit != NULL && ld_patient_apply_edit_json (shown, edit))
        edited = TRUE;
    }
  if (step == LD_SQLITE_ERROR || !overlay_payments (db, id, shown, &edited, error) ||
      !overlay_results (db, shown, &edited, error))
    return FALSE;

  if (edited)
    {
      node = json_node_init_object (json_node_alloc (), shown);
      g_free (*record);
      *record = ld_json_to_string (node);
    }
  return TRUE;
}

/**
 * ld_cache_outbox_pending:
 * @db: a connection to the cache
 * @id: a record's id
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): what the outbox holds for the
 *   record (a @state of %NULL when nothing); %NULL on error
 */
LdCachePending *
ld_cache_outbox_pending (LdSqlite    *db,
                         const char  *id,
                         GError     **error)
{
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, pending_sql, error);
  g_autoptr(LdCachePending) pending = g_new0 (LdCachePending, 1);
  LdSqliteStep step;

  if (stmt == NULL)
    return NULL;
  pending->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  ld_sqlite_bind_text (stmt, 1, id);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      gint64 seq = ld_sqlite_column_int64 (stmt, 0);
      gboolean refused = g_strcmp0 (ld_sqlite_column_text (stmt, 1), "rejected") == 0;

      g_array_append_val (pending->seqs, seq);
      if (pending->state == NULL)
        {
          pending->state = g_strdup ("queued");
          pending->seq = seq;
        }
      if (refused && pending->error_code == NULL)
        {
          g_free (pending->state);
          pending->state = g_strdup ("rejected");
          pending->seq = seq;
          pending->error_code = ld_sqlite_column_dup_text (stmt, 2);
          pending->error_message = ld_sqlite_column_dup_text (stmt, 3);
        }
    }
  if (step == LD_SQLITE_ERROR)
    return NULL;
  return g_steal_pointer (&pending);
}

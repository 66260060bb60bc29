/* ld-result-drafts.c: typed results kept as drafts and submitted, for any entry page
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One order's entry page and the batch page (one test across many
 * orders) keep what is typed the same way, so it is written once here.
 * A page hands over its rows (ld-result-row.c, which it still owns) with
 * the order each belongs to. What is typed is saved through the outbox
 * as drafts, a short while after the last key, so that a run typed while
 * the server is away is saved when it is back; one body per order.
 *
 * Each draft names the version of the result it was typed over. While a
 * row's draft has not come back from the server (through the change
 * feed, as a new version of the result), later typing in that row waits,
 * so that no second draft is sent over a version the first has already
 * moved on. Submit sends every typed value for verification once no
 * draft is on its way.
 */

#define G_LOG_DOMAIN "ld-result-drafts"

#include "config.h"

#include <glib/gi18n.h>

#include "common/ld-error-text.h"
#include "ld-result-drafts.h"
#include "store/ld-outbox.h"

/* Long enough for a run of keys, short enough that a draft is not lost
 * with a crash in the middle of a row. */
#define SAVE_DELAY_MS 700

typedef struct
{
  LdResultRow *row;
  char        *order_id;
} DraftRow;

struct _LdResultDrafts
{
  GObject       parent_instance;

  LdSession    *session;
  GCancellable *cancellable;
  /* DraftRow, in the page's order; the rows are the page's. */
  GPtrArray    *rows;
  /* Order id → the rows (LdResultRow, borrowed; NULL once removed) of
   * the last body sent for it: the server's field errors name them by
   * their place, results[i]. */
  GHashTable   *sent;
  guint         save_id;
  gboolean      submit_wanted;
  gboolean      closed;
};

G_DEFINE_FINAL_TYPE (LdResultDrafts, ld_result_drafts, G_TYPE_OBJECT)

enum
{
  STATUS,
  REFUSED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
draft_row_free (DraftRow *draft)
{
  g_free (draft->order_id);
  g_free (draft);
}

static gboolean
has_order (LdResultDrafts *self,
           const char     *order_id)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (g_strcmp0 (((DraftRow *) g_ptr_array_index (self->rows, i))->order_id, order_id) == 0)
      return TRUE;
  return FALSE;
}

static void
say (LdResultDrafts *self,
     const char     *text,
     gboolean        is_error)
{
  g_signal_emit (self, signals [STATUS], 0, text, is_error);
}

static void
on_submitted_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdResultDrafts) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ld_session_run_finish (LD_SESSION (source), result, &error);

  if (self->closed)
    return;
  if (answer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = ld_error_text_describe (error);

      say (self, text, TRUE);
    }
}

/* One order's body: the rows of @order_id that may be sent now, in
 * @out_sent (empty when there is nothing to send). */
static JsonObject *
build_body (LdResultDrafts *self,
            const char     *order_id,
            gboolean        submit,
            GPtrArray     **out_sent)
{
  g_autoptr(GPtrArray) entries =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_result_entry_free);
  GPtrArray *sent = g_ptr_array_new ();

  for (guint i = 0; i < self->rows->len; i++)
    {
      DraftRow *draft = g_ptr_array_index (self->rows, i);
      LdResultEntry *entry;

      if (g_strcmp0 (draft->order_id, order_id) != 0 ||
          (entry = ld_result_row_take_entry (draft->row, submit)) == NULL)
        continue;
      g_ptr_array_add (entries, entry);
      g_ptr_array_add (sent, draft->row);
    }
  *out_sent = sent;
  return ld_lab_dup_results_body (order_id, submit, entries);
}

/* Sends what was typed in the rows that may be sent now, one body per
 * order: drafts, or every typed value once Submit was asked for and no
 * draft is still on its way. */
static gboolean
save_now (gpointer user_data)
{
  LdResultDrafts *self = user_data;
  gboolean submit = self->submit_wanted && !ld_result_drafts_get_awaiting (self);
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_sent = 0;

  self->save_id = 0;
  for (guint i = 0; i < self->rows->len; i++)
    {
      const char *order_id = ((DraftRow *) g_ptr_array_index (self->rows, i))->order_id;
      g_autoptr(JsonObject) body = NULL;
      GPtrArray *sent;

      if (order_id == NULL || !g_hash_table_add (done, (gpointer) order_id))
        continue;
      body = build_body (self, order_id, submit, &sent);
      if (sent->len == 0)
        {
          g_ptr_array_unref (sent);
          continue;
        }
      n_sent += sent->len;
      g_hash_table_replace (self->sent, g_strdup (order_id), sent);
      ld_session_run_async (self->session, LD_OUTBOX_ACTION_RESULT_SAVE,
                              NULL, body, self->cancellable, on_submitted_cb,
                              g_object_ref (self));
    }
  if (submit)
    {
      /* Asked before the page had its rows, Submit waits for them. */
      if (n_sent > 0 || self->rows->len > 0)
        self->submit_wanted = FALSE;
      if (n_sent > 0)
        say (self, _("Results submitted for verification."), FALSE);
    }
  return G_SOURCE_REMOVE;
}

/* The server's field errors beside their rows: results[i] names the i-th
 * row of the last body sent for the order. The page says the rest. */
static void
on_entry_refused_cb (LdResultDrafts *self,
                     LdOutboxEntry  *entry)
{
  const char *order_id = ld_outbox_entry_get_target_id (entry);
  g_autoptr(GError) refusal = NULL;
  GHashTable *fields;
  GPtrArray *sent;
  GHashTableIter iter;
  gpointer name, message;

  if (self->closed || order_id == NULL || !has_order (self, order_id))
    return;
  sent = g_hash_table_lookup (self->sent, order_id);
  refusal = ld_outbox_entry_dup_error (entry);
  fields = refusal != NULL ? ld_api_error_get_fields (refusal) : NULL;
  if (fields != NULL && sent != NULL)
    {
      g_hash_table_iter_init (&iter, fields);
      while (g_hash_table_iter_next (&iter, &name, &message))
        {
          guint index = 0;
          LdResultRow *row;

          if (!ld_result_item_field_index (name, &index) || index >= sent->len ||
              (row = g_ptr_array_index (sent, index)) == NULL)
            continue;
          ld_result_row_show_error (row, ld_error_text_field_message (message));
          row->sent_version = -1;
        }
    }
  g_signal_emit (self, signals [REFUSED], 0, order_id, ld_outbox_entry_get_error_message (entry));
}

static void
ld_result_drafts_dispose (GObject *object)
{
  LdResultDrafts *self = LD_RESULT_DRAFTS (object);

  ld_result_drafts_close (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ld_result_drafts_parent_class)->dispose (object);
}

static void
ld_result_drafts_finalize (GObject *object)
{
  LdResultDrafts *self = LD_RESULT_DRAFTS (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->sent, g_hash_table_unref);

  G_OBJECT_CLASS (ld_result_drafts_parent_class)->finalize (object);
}

static void
ld_result_drafts_class_init (LdResultDraftsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ld_result_drafts_dispose;
  object_class->finalize = ld_result_drafts_finalize;

  /**
   * LdResultDrafts::status:
   * @text: what to say under the rows, translated
   * @is_error: whether it is a refusal
   */
  signals [STATUS] =
    g_signal_new ("status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /**
   * LdResultDrafts::refused:
   * @order_id: the order whose save the server refused
   * @message: (nullable): its reason, translated
   *
   * The rows the server named have their field error already, and send
   * again as soon as they are typed in.
   */
  signals [REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
ld_result_drafts_init (LdResultDrafts *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) draft_row_free);
  self->sent =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ld_result_drafts_new:
 * @session: the signed-in session, whose outbox sends the drafts
 *
 * Returns: (transfer full): drafts without rows yet
 */
LdResultDrafts *
ld_result_drafts_new (LdSession *session)
{
  LdResultDrafts *self;

  g_return_val_if_fail (LD_IS_SESSION (session), NULL);

  self = g_object_new (LD_TYPE_RESULT_DRAFTS, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (ld_session_get_outbox (session), "entry-refused",
                           G_CALLBACK (on_entry_refused_cb), self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * ld_result_drafts_add_row:
 * @self: the drafts
 * @row: a row of the page, which keeps it (remove it before freeing it)
 * @order_id: (nullable): the order its result belongs to; a row without
 *   one is never sent
 */
void
ld_result_drafts_add_row (LdResultDrafts *self,
                          LdResultRow    *row,
                          const char     *order_id)
{
  DraftRow *draft;

  g_return_if_fail (LD_IS_RESULT_DRAFTS (self));
  g_return_if_fail (row != NULL);

  draft = g_new0 (DraftRow, 1);
  draft->row = row;
  draft->order_id = g_strdup (order_id);
  g_ptr_array_add (self->rows, draft);
}

void
ld_result_drafts_remove_row (LdResultDrafts *self,
                             LdResultRow    *row)
{
  GHashTableIter iter;
  GPtrArray *sent;

  g_return_if_fail (LD_IS_RESULT_DRAFTS (self));

  for (guint i = self->rows->len; i > 0; i--)
    if (((DraftRow *) g_ptr_array_index (self->rows, i - 1))->row == row)
      g_ptr_array_remove_index (self->rows, i - 1);
  /* Kept in place, so that results[i] still names the others. */
  g_hash_table_iter_init (&iter, self->sent);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &sent))
    for (guint i = 0; i < sent->len; i++)
      if (g_ptr_array_index (sent, i) == row)
        g_ptr_array_index (sent, i) = NULL;
}

/* Whether a row's draft is still on its way (not yet back through the
 * change feed). */
gboolean
ld_result_drafts_get_awaiting (LdResultDrafts *self)
{
  g_return_val_if_fail (LD_IS_RESULT_DRAFTS (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    if (ld_result_row_is_awaiting (((DraftRow *) g_ptr_array_index (self->rows, i))->row))
      return TRUE;
  return FALSE;
}

/* Something was typed: saved after a short pause (at once while Submit
 * is waiting). */
void
ld_result_drafts_schedule (LdResultDrafts *self)
{
  g_return_if_fail (LD_IS_RESULT_DRAFTS (self));

  if (self->closed)
    return;
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (self->submit_wanted ? 0 : SAVE_DELAY_MS, save_now, self);
}

/* The page's rows have followed their results in the cache: typing that
 * waited for a draft to come back, or a Submit that waited, goes now. */
void
ld_result_drafts_rows_followed (LdResultDrafts *self)
{
  gboolean sendable = FALSE;

  g_return_if_fail (LD_IS_RESULT_DRAFTS (self));

  for (guint i = 0; i < self->rows->len && !sendable; i++)
    {
      LdResultRow *row = ((DraftRow *) g_ptr_array_index (self->rows, i))->row;

      sendable = row->dirty && !ld_result_row_is_awaiting (row);
    }
  if (sendable || (self->submit_wanted && !ld_result_drafts_get_awaiting (self)))
    ld_result_drafts_schedule (self);
}

/* Submit: every typed value goes for verification, once no draft is on
 * its way. */
void
ld_result_drafts_submit (LdResultDrafts *self)
{
  g_return_if_fail (LD_IS_RESULT_DRAFTS (self));

  if (self->closed)
    return;
  self->submit_wanted = TRUE;
  if (ld_result_drafts_get_awaiting (self))
    say (self, _("Submitting once the drafts are saved…"), FALSE);
  else
    {
      g_clear_handle_id (&self->save_id, g_source_remove);
      save_now (self);
    }
}

/* A draft still waiting for its delay is sent now (the rows it is
 * typed in are about to go). */
void
ld_result_drafts_flush (LdResultDrafts *self)
{
  g_return_if_fail (LD_IS_RESULT_DRAFTS (self));

  if (self->save_id != 0)
    {
      g_clear_handle_id (&self->save_id, g_source_remove);
      save_now (self);
    }
}

/* The page goes: a draft still waiting for its delay is kept, not lost
 * with it; then nothing more is sent or said, and the rows are let go. */
void
ld_result_drafts_close (LdResultDrafts *self)
{
  g_return_if_fail (LD_IS_RESULT_DRAFTS (self));

  if (self->closed)
    return;
  ld_result_drafts_flush (self);
  self->closed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_ptr_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->sent);
}

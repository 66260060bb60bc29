/* ld-db-pg-queue.c: statements that wait to travel with the next one
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On PostgreSQL every statement is a round trip, and in the lab's flow
 * each wakes both processes twice: the round trips were more than half of
 * the server's CPU (docs/bench.md). Many statements' answers say only
 * that they worked: BEGIN, SAVEPOINT, RELEASE, NOTIFY, the change feed's
 * and the audit chain's inserts. Those wait here and go with the next
 * statement whose answer is read, in one pipeline (libpq's pipeline mode:
 * every statement, then one sync, then every answer), so one round trip
 * carries them all. A failure among them aborts the rest, as it would
 * have aborted the transaction, and is what that statement answers, with
 * its own error: only statements that break no constraint in the normal
 * course are queued, so that a caller never takes another's failure for
 * its own refusal (a name already taken).
 */

#define G_LOG_DOMAIN "ld-db"

#include "config.h"

#include "ld-db-pg-error.h"
#include "ld-db-pg-queue.h"

typedef struct
{
  char  *text;
  char  *name;
  int    n_params;
  char **values;
  int   *lengths;
  int   *formats;
} Entry;

struct _LdDbPgQueue
{
  GPtrArray *entries;
  /* How many of them are prepared statements: those never go as text. */
  guint      n_prepared;
};

static void
entry_free (Entry *entry)
{
  for (int i = 0; entry->values != NULL && i < entry->n_params; i++)
    g_free (entry->values[i]);
  g_free (entry->values);
  g_free (entry->lengths);
  g_free (entry->formats);
  g_free (entry->name);
  g_free (entry->text);
  g_free (entry);
}

LdDbPgQueue *
ld_db_pg_queue_new (void)
{
  LdDbPgQueue *queue = g_new0 (LdDbPgQueue, 1);

  queue->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  return queue;
}

void
ld_db_pg_queue_free (LdDbPgQueue *queue)
{
  if (queue == NULL)
    return;
  g_ptr_array_unref (queue->entries);
  g_free (queue);
}

guint
ld_db_pg_queue_length (LdDbPgQueue *queue)
{
  return queue->entries->len;
}

/* Drops the entries from @length on: a level rolled back before they
 * were sent. */
void
ld_db_pg_queue_truncate (LdDbPgQueue *queue,
                         guint        length)
{
  for (guint i = length; i < queue->entries->len; i++)
    if (((Entry *) g_ptr_array_index (queue->entries, i))->name != NULL)
      queue->n_prepared--;
  if (length < queue->entries->len)
    g_ptr_array_set_size (queue->entries, length);
}

/* Takes @text, one statement without parameters. */
void
ld_db_pg_queue_add_text (LdDbPgQueue *queue,
                         char        *text)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->text = text;
  g_ptr_array_add (queue->entries, entry);
}

/* Takes @values (each and the array), @lengths and @formats. */
void
ld_db_pg_queue_add_prepared (LdDbPgQueue  *queue,
                             const char   *name,
                             int           n_params,
                             char        **values,
                             int          *lengths,
                             int          *formats)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->name = g_strdup (name);
  entry->n_params = n_params;
  entry->values = values;
  entry->lengths = lengths;
  entry->formats = formats;
  g_ptr_array_add (queue->entries, entry);
  queue->n_prepared++;
}

/**
 * ld_db_pg_queue_take_text:
 * @queue: a queue
 * @last: statements without parameters, to run after the queue's
 *
 * Returns: (transfer full) (nullable): the queue's statements and @last as
 *   one text for the simple protocol, the queue then empty; or %NULL, the
 *   queue unchanged, if it holds a prepared statement
 */
char *
ld_db_pg_queue_take_text (LdDbPgQueue *queue,
                          const char  *last)
{
  GString *text;

  if (queue->n_prepared > 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < queue->entries->len; i++)
    g_string_append_printf (text, "%s; ", ((Entry *) g_ptr_array_index (queue->entries, i))->text);
  g_string_append (text, last);
  g_ptr_array_set_size (queue->entries, 0);
  return g_string_free (text, FALSE);
}

static gboolean
send_one (PGconn                *conn,
          const LdDbPgStatement *statement)
{
  if (statement->text != NULL)
    return PQsendQueryParams (conn, statement->text, 0, NULL, NULL, NULL, NULL, 0) == 1;
  return PQsendQueryPrepared (conn, statement->name, statement->n_params, statement->values,
                              statement->lengths, statement->formats, 0) == 1;
}

/* One statement's answer in a pipeline, and the NULL that ends it. */
static PGresult *
read_one (PGconn *conn)
{
  PGresult *result = PQgetResult (conn);
  PGresult *more;

  if (result != NULL && (more = PQgetResult (conn)) != NULL)
    {
      g_debug ("pipeline: a statement answered more than one result");
      PQclear (more);
    }
  return result;
}

/**
 * ld_db_pg_queue_send:
 * @queue: a queue
 * @conn: an idle connection, not in pipeline mode
 * @lasts: (array length=n_lasts): the statements whose answers are wanted,
 *   after the queue's
 * @n_lasts: how many
 * @out_answers: (out caller-allocates) (array length=n_lasts): their
 *   answers, when every statement worked
 * @out_failure: (out): the first failure, when one failed (%NULL when the
 *   connection did)
 * @out_broken: (out): whether the connection can no longer be trusted
 *
 * Sends the queue's statements and @lasts in one pipeline and reads every
 * answer; the queue is then empty.
 *
 * Returns: %TRUE if every statement worked
 */
gboolean
ld_db_pg_queue_send (LdDbPgQueue            *queue,
                     PGconn                 *conn,
                     const LdDbPgStatement  *lasts,
                     guint                   n_lasts,
                     PGresult              **out_answers,
                     PGresult              **out_failure,
                     gboolean               *out_broken)
{
  guint n_queued = queue->entries->len;
  guint n_sent = n_queued + n_lasts;
  guint n_read = 0;
  PGresult *failure = NULL;
  PGresult *sync;
  gboolean sent;

  *out_failure = NULL;
  *out_broken = FALSE;
  for (guint i = 0; i < n_lasts; i++)
    out_answers[i] = NULL;
  g_return_val_if_fail (n_sent > 0, FALSE);

  sent = PQenterPipelineMode (conn) == 1;
  for (guint i = 0; i < n_queued && sent; i++)
    {
      Entry *entry = g_ptr_array_index (queue->entries, i);
      LdDbPgStatement statement = { entry->text, entry->name, entry->n_params,
                                    (const char * const *) entry->values, entry->lengths,
                                    entry->formats };

      sent = send_one (conn, &statement);
    }
  for (guint i = 0; i < n_lasts && sent; i++)
    sent = send_one (conn, &lasts[i]);
  g_ptr_array_set_size (queue->entries, 0);
  queue->n_prepared = 0;
  if (!sent || PQpipelineSync (conn) != 1)
    {
      /* What was sent, if anything, is lost with the connection, made
       * again after this transaction. */
      *out_broken = TRUE;
      return FALSE;
    }

  for (; n_read < n_sent; n_read++)
    {
      PGresult *result = read_one (conn);

      if (result == NULL)
        break;
      if (failure == NULL && !ld_db_pg_result_ok (result))
        failure = result;
      else if (failure == NULL && n_read >= n_queued)
        out_answers[n_read - n_queued] = result;
      else
        PQclear (result);
    }

  sync = PQgetResult (conn);
  if (sync == NULL || PQresultStatus (sync) != PGRES_PIPELINE_SYNC || PQexitPipelineMode (conn) != 1)
    *out_broken = TRUE;
  PQclear (sync);

  if (failure == NULL && n_read == n_sent && !*out_broken)
    return TRUE;

  for (guint i = 0; i < n_lasts; i++)
    g_clear_pointer (&out_answers[i], PQclear);
  *out_failure = failure;
  return FALSE;
}

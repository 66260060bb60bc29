/* ld-cache-feed.c: the server's change feed into the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page of GET /api/v1/changes (or of its snapshot) is stored whole, with
 * the position after it, in one write transaction; the signed-in user is
 * kept beside it for an offline sign-in.
 */

#define G_LOG_DOMAIN "ld-cache-feed"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-cache-private.h"
#include "ld-json.h"

typedef struct
{
  GBytes     *bytes;
  gint64      since;
  /* A page of GET /api/v1/changes/snapshot, not of the feed. */
  gboolean    snapshot;
  JsonNode   *root;
  JsonArray  *changes;
  gint64      next;
  gint64      last_seq;
} FeedJob;

static void
feed_job_free (FeedJob *job)
{
  g_bytes_unref (job->bytes);
  g_clear_pointer (&job->root, json_node_unref);
  g_free (job);
}

static gboolean
feed_int (JsonObject *object,
          const char *name,
          gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
damaged_page (GError **error)
{
  g_set_error_literal (error, LD_API_ERROR, LD_API_ERROR_INTERNAL,
                       _("The server's list of changes could not be read."));
  return FALSE;
}

/* The server shows a change whose stored record it cannot read with
 * "record": null and "damaged": true, so that the feed goes on. */
static gboolean
change_is_damaged (JsonObject *change)
{
  JsonNode *damaged = json_object_get_member (change, "damaged");

  return damaged != NULL && JSON_NODE_HOLDS_VALUE (damaged) &&
         json_node_get_value_type (damaged) == G_TYPE_BOOLEAN && json_node_get_boolean (damaged) &&
         JSON_NODE_HOLDS_NULL (json_object_get_member (change, "record"));
}

/* A snapshot page leaves the position at 0, the last one moves it to
 * the snapshot's "at": the feed goes on from there. */
static gboolean
snapshot_position (JsonObject *page,
                   FeedJob    *job)
{
  JsonNode *after = json_object_get_member (page, "after");

  if (!feed_int (page, "at", &job->last_seq) || after == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (after))
    job->next = job->last_seq;
  else if (feed_int (page, "after", &job->next))
    job->next = 0;
  else
    return FALSE;
  return TRUE;
}

/* Reads the page on the writer's thread (a page of a thousand orders is
 * megabytes of JSON) and names every record it holds. */
static gboolean
prepare_feed (gpointer    data,
              GPtrArray  *touched,
              GError    **error)
{
  FeedJob *job = data;
  JsonObject *page;
  JsonNode *changes;

  job->root =
    ld_json_parse (g_bytes_get_data (job->bytes, NULL), g_bytes_get_size (job->bytes), NULL);
  page = job->root && JSON_NODE_HOLDS_OBJECT (job->root) ? json_node_get_object (job->root) : NULL;
  changes = page ? json_object_get_member (page, "changes") : NULL;
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes))
    return damaged_page (error);
  if (job->snapshot
        ? !snapshot_position (page, job)
        : (!feed_int (page, "next", &job->next) || !feed_int (page, "last_seq", &job->last_seq)))
    return damaged_page (error);
  job->changes = json_node_get_array (changes);
  if (job->last_seq < job->since)
    {
      g_set_error_literal (error, LD_CACHE_ERROR, LD_CACHE_ERROR_SERVER_BEHIND,
                           "The server's change feed is behind this cache.");
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (job->changes); i++)
    {
      JsonNode *node = json_array_get_element (job->changes, i);
      JsonObject *change = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *entity = change ? ld_json_object_get_string (change, "entity") : NULL;
      const char *id = change ? ld_json_object_get_string (change, "id") : NULL;
      JsonNode *record = change ? json_object_get_member (change, "record") : NULL;
      gint64 seq;

      if (entity == NULL || id == NULL || record == NULL || !feed_int (change, "seq", &seq) ||
          seq <= job->since)
        return damaged_page (error);
      /* A record the server could not read is left as it was here. */
      if (change_is_damaged (change))
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (record))
        return damaged_page (error);
      ld_cache_touch (touched, entity, id);
    }
  return TRUE;
}

static const char set_last_seq_sql[] = "UPDATE sync_state SET last_seq = ?1 WHERE last_seq = ?2";

/* The rows and the new position in one transaction: after a crash the
 * page is either all there, with its position, or not at all. */
static gboolean
apply_feed (LdSqlite  *db,
            gpointer   data,
            gpointer  *out_result,
            GError   **error)
{
  FeedJob *job = data;
  LdSqliteStmt *stmt;
  LdCacheFeedPage *page;

  for (guint i = 0; i < json_array_get_length (job->changes); i++)
    {
      JsonObject *change = json_array_get_object_element (job->changes, i);

      if (change_is_damaged (change))
        continue;
      if (!ld_cache_apply_record (db, ld_json_object_get_string (change, "entity"),
                                  ld_json_object_get_string (change, "id"),
                                  json_object_get_object_member (change, "record"), error))
        return FALSE;
    }

  stmt = ld_sqlite_prepare_cached (db, set_last_seq_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_int64 (stmt, 1, job->next);
  ld_sqlite_bind_int64 (stmt, 2, job->since);
  if (!ld_sqlite_step_done (stmt, error))
    return FALSE;
  /* Two syncs must never both apply the page after the same position. */
  if (ld_sqlite_changes (db) != 1)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_CONFLICT,
                           "The cache moved on while this page was read.");
      return FALSE;
    }

  page = g_new0 (LdCacheFeedPage, 1);
  page->next = job->next;
  page->last_seq = job->last_seq;
  page->n_changes = json_array_get_length (job->changes);
  *out_result = page;
  return TRUE;
}

static const LdCacheWriteClass feed_write = {
  .source_tag = ld_cache_apply_changes_async,
  .prepare = prepare_feed,
  .apply = apply_feed,
  .result_free = g_free,
};

/**
 * ld_cache_apply_changes_async:
 * @self: a cache
 * @page: the body of GET /api/v1/changes?since=@since
 * @since: the position the page was asked from: the cache's last_seq
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Stores each record of the page and the page's "next" as the new
 * position, in one transaction. Refused (%LD_STORE_ERROR_CONFLICT) if the
 * cache is no longer at @since.
 */
void
ld_cache_apply_changes_async (LdCache             *self,
                              GBytes              *page,
                              gint64               since,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  FeedJob *job = g_new0 (FeedJob, 1);

  g_return_if_fail (LD_IS_CACHE (self));
  g_return_if_fail (page != NULL);

  job->bytes = g_bytes_ref (page);
  job->since = since;
  ld_cache_write_async (self, &feed_write, NULL, job, (GDestroyNotify) feed_job_free,
                        cancellable, callback, user_data);
}

static const LdCacheWriteClass snapshot_write = {
  .source_tag = ld_cache_apply_snapshot_async,
  .prepare = prepare_feed,
  .apply = apply_feed,
  .result_free = g_free,
};

/**
 * ld_cache_apply_snapshot_async:
 * @self: a cache at position 0
 * @page: the body of a page of GET /api/v1/changes/snapshot
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Stores each record of the page as a feed page's are; the last page
 * (its "after" null) also moves the position to the snapshot's "at".
 * Finish with ld_cache_apply_changes_finish(): the page's next is 0 until
 * the last page, then its last_seq, the snapshot's "at".
 */
void
ld_cache_apply_snapshot_async (LdCache             *self,
                               GBytes              *page,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  FeedJob *job = g_new0 (FeedJob, 1);

  g_return_if_fail (LD_IS_CACHE (self));
  g_return_if_fail (page != NULL);

  job->bytes = g_bytes_ref (page);
  job->snapshot = TRUE;
  ld_cache_write_async (self, &snapshot_write, NULL, job, (GDestroyNotify) feed_job_free,
                        cancellable, callback, user_data);
}

gboolean
ld_cache_apply_changes_finish (LdCache          *self,
                               GAsyncResult     *result,
                               LdCacheFeedPage  *out_page,
                               GError          **error)
{
  g_autofree LdCacheFeedPage *page = ld_cache_write_finish (self, result, error);

  if (page == NULL)
    return FALSE;
  *out_page = *page;
  return TRUE;
}

static gboolean
apply_forget (LdSqlite  *db,
              gpointer   data,
              gpointer  *out_result,
              GError   **error)
{
  return ld_cache_forget_rows (db, error) &&
         ld_sqlite_exec (db, "UPDATE sync_state SET last_seq = 0", error);
}

static const LdCacheWriteClass forget_write = {
  .source_tag = ld_cache_forget_server_async,
  .apply = apply_forget,
  .touches_all = TRUE,
};

/**
 * ld_cache_forget_server_async:
 * @self: a cache
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Drops every record the server sent and goes back to position 0 (the
 * server runs from an older backup), keeping the outbox and what it shows.
 */
void
ld_cache_forget_server_async (LdCache             *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (LD_IS_CACHE (self));

  ld_cache_write_async (self, &forget_write, NULL, NULL, NULL, cancellable, callback, user_data);
}

gboolean
ld_cache_forget_server_finish (LdCache       *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return ld_cache_write_finish (self, result, error) != NULL;
}

/* The signed-in user, kept for an offline sign-in. */

static gboolean
apply_user (LdSqlite  *db,
            gpointer   data,
            gpointer  *out_result,
            GError   **error)
{
  JsonNode *user = data;
  LdSqliteStmt *stmt;
  LdSqliteStep step;

  if (user != NULL)
    {
      g_autofree char *text = ld_json_to_string (user);

      stmt = ld_sqlite_prepare_cached (db, "UPDATE sync_state SET user = ?1", error);
      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_text (stmt, 1, text);
      if (!ld_sqlite_step_done (stmt, error))
        return FALSE;
    }

  stmt = ld_sqlite_prepare_cached (db, "SELECT user FROM sync_state", error);
  if (stmt == NULL || (step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ERROR)
    return FALSE;
  if (step == LD_SQLITE_ROW && !ld_sqlite_column_is_null (stmt, 0))
    *out_result = ld_json_parse (ld_sqlite_column_text (stmt, 0), -1, NULL);
  return ld_sqlite_step_done (stmt, error);
}

static const LdCacheWriteClass user_write = {
  .source_tag = ld_cache_save_user_async,
  .apply = apply_user,
  .result_free = (GDestroyNotify) json_node_unref,
};

/**
 * ld_cache_save_user_async:
 * @self: a cache
 * @user: (nullable): the user as the server describes them; %NULL only to
 *   read back the one saved
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * The finish function returns the user saved (for an offline sign-in).
 */
void
ld_cache_save_user_async (LdCache             *self,
                          JsonNode            *user,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (LD_IS_CACHE (self));

  /* No user (reading back): nothing to free either. */
  ld_cache_write_async (self, &user_write, NULL, user ? json_node_ref (user) : NULL,
                        user ? (GDestroyNotify) json_node_unref : NULL,
                        cancellable, callback, user_data);
}

/**
 * ld_cache_save_user_finish:
 * @self: a cache
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the user saved, or %NULL with no
 *   error when none was ever saved
 */
JsonNode *
ld_cache_save_user_finish (LdCache       *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gpointer value = ld_cache_write_finish (self, result, error);

  return value == GINT_TO_POINTER (TRUE) ? NULL : value;
}

/* ld-cache-read.c: reads of the cache, on its reader's thread
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One record, every record of a kind (for checks), and the pages of the
 * lists, each with the version of the cache it was read at.
 */

#define G_LOG_DOMAIN "ld-cache-read"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-cache-private.h"
#include "ld-command-records.h"
#include "ld-json.h"

typedef struct
{
  char *entity;
  char *id;
} RecordQuery;

static void
record_query_free (RecordQuery *query)
{
  g_free (query->entity);
  g_free (query->id);
  g_free (query);
}

static const char *
select_records_sql (const char *entity,
                    gboolean    one)
{
  const char *table = ld_cache_record_table (entity);

  /* Fixed texts, one per table; the table name is never input. */
#define SELECT_RECORDS(t) \
  (one ? "SELECT id, record FROM " t " WHERE id = ?2" : "SELECT id, record FROM " t)
  if (g_str_equal (table, "patients"))
    return SELECT_RECORDS ("patients");
  if (g_str_equal (table, "orders"))
    return SELECT_RECORDS ("orders");
  if (g_str_equal (table, "samples"))
    return SELECT_RECORDS ("samples");
  if (g_str_equal (table, "results"))
    return SELECT_RECORDS ("results");
  if (g_str_equal (table, "alerts"))
    return SELECT_RECORDS ("alerts");
  if (g_str_equal (table, "appointments"))
    return SELECT_RECORDS ("appointments");
#undef SELECT_RECORDS
  return one ? "SELECT id, record FROM records WHERE entity = ?1 AND id = ?2"
             : "SELECT id, record FROM records WHERE entity = ?1";
}

/* Every record of the query's entity (or the one with its id): id → text. */
static GHashTable *
collect_records (LdSqlite     *db,
                 RecordQuery  *query,
                 GError      **error)
{
  g_autoptr(GHashTable) records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, select_records_sql (query->entity,
                                                                         query->id != NULL),
                                                 error);
  LdSqliteStep step;

  if (stmt == NULL)
    return NULL;
  if (g_str_equal (ld_cache_record_table (query->entity), "records"))
    ld_sqlite_bind_text (stmt, 1, query->entity);
  if (query->id != NULL)
    ld_sqlite_bind_text (stmt, 2, query->id);
  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    g_hash_table_insert (records, ld_sqlite_column_dup_text (stmt, 0),
                         ld_sqlite_column_dup_text (stmt, 1));
  if (step == LD_SQLITE_ERROR)
    return NULL;
  return g_steal_pointer (&records);
}

/**
 * ld_cache_read_record_text:
 * @db: a connection to the cache
 * @entity: a kind of record
 * @id: its id
 * @out_text: (out) (transfer full): the record's JSON text as stored, or
 *   %NULL when the cache has no such record
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE unless the read failed
 */
gboolean
ld_cache_read_record_text (LdSqlite    *db,
                           const char  *entity,
                           const char  *id,
                           char       **out_text,
                           GError     **error)
{
  RecordQuery query = { (char *) entity, (char *) id };
  g_autoptr(GHashTable) records = collect_records (db, &query, error);

  *out_text = NULL;
  if (records == NULL)
    return FALSE;
  *out_text = g_strdup (g_hash_table_lookup (records, id));
  return TRUE;
}

static gpointer
get_record_job (LdSqlite **db,
                gpointer   data,
                GError   **error)
{
  RecordQuery *query = data;
  g_autoptr(GHashTable) records = collect_records (*db, query, error);
  g_autofree char *text = NULL;

  if (records == NULL)
    return NULL;
  text = g_strdup (g_hash_table_lookup (records, query->id));
  if (text == NULL)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           _("This record is not in the local data."));
      return NULL;
    }
  if (!ld_cache_outbox_overlay (*db, query->id, &text, error))
    return NULL;
  return ld_json_parse (text, -1, error);
}

/**
 * ld_cache_get_record_async:
 * @self: a cache
 * @entity: a kind of record, as the change feed names it ("patient", …)
 * @id: its id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Reads one record as the desk sees it: as the server last sent it (or as
 * made here), with the edits still waiting to be sent laid over it.
 */
void
ld_cache_get_record_async (LdCache             *self,
                           const char          *entity,
                           const char          *id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  RecordQuery *query = g_new0 (RecordQuery, 1);

  g_return_if_fail (LD_IS_CACHE (self));

  query->entity = g_strdup (entity);
  query->id = g_strdup (id);
  ld_cache_read_async (self, ld_cache_get_record_async, get_record_job, query,
                       (GDestroyNotify) record_query_free, (GDestroyNotify) json_node_unref,
                       cancellable, callback, user_data);
}

JsonNode *
ld_cache_get_record_finish (LdCache       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return ld_cache_read_finish (self, result, error);
}

/**
 * ld_cache_get_patient_finish:
 *
 * Finishes ld_cache_get_record_async() for a "patient", read typed.
 *
 * Returns: (transfer full) (nullable): the patient, %NULL when the cache
 *   does not hold them or on error
 */
LdPatient *
ld_cache_get_patient_finish (LdCache       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(JsonNode) node = ld_cache_read_finish (self, result, error);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return ld_patient_new_from_json (json_node_get_object (node));
}

/**
 * ld_cache_get_order_finish:
 *
 * Finishes ld_cache_get_record_async() for an "order", read typed
 * (ld_command_read_order()).
 *
 * Returns: (transfer full) (nullable): the order, %NULL when the cache
 *   does not hold it or on error
 */
LdOrder *
ld_cache_get_order_finish (LdCache       *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_autoptr(JsonNode) node = ld_cache_read_finish (self, result, error);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return ld_command_read_order (json_node_get_object (node));
}

/**
 * ld_cache_get_sample_finish:
 *
 * As ld_cache_get_order_finish(), for a "sample".
 *
 * Returns: (transfer full) (nullable): the sample
 */
LdSample *
ld_cache_get_sample_finish (LdCache       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_autoptr(JsonNode) node = ld_cache_read_finish (self, result, error);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return ld_command_read_sample (json_node_get_object (node));
}

/**
 * ld_cache_get_catalog_test_finish:
 *
 * Finishes ld_cache_get_record_async() for a catalogue "test", read typed
 * by the catalogue's own reader.
 *
 * Returns: (transfer full) (nullable): the test, %NULL when the cache does
 *   not hold it (or holds no test under that code) or on error
 */
LdCatalogTest *
ld_cache_get_catalog_test_finish (LdCache       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_autoptr(JsonNode) node = ld_cache_read_finish (self, result, error);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return ld_catalog_test_new_from_json (json_node_get_object (node));
}

static gpointer
read_record_job (LdSqlite **db,
                 gpointer   data,
                 GError   **error)
{
  RecordQuery *query = data;
  g_autofree char *text = NULL;
  g_autoptr(LdCachePending) pending = NULL;
  LdCacheRecord *record;

  if (!ld_cache_read_record_text (*db, query->entity, query->id, &text, error))
    return NULL;
  if (text == NULL)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           _("This record is not in the local data."));
      return NULL;
    }
  if (!ld_cache_outbox_overlay (*db, query->id, &text, error) ||
      (pending = ld_cache_outbox_pending (*db, query->id, error)) == NULL)
    return NULL;
  record = ld_cache_record_new (query->entity);
  ld_cache_record_fill (record, query->id, text, NULL, pending);
  return record;
}

/**
 * ld_cache_read_record_async:
 * @self: a cache
 * @entity: a kind of record, as the change feed names it ("patient", …)
 * @id: its id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Reads one record as the desk sees it (as ld_cache_get_record_async()
 * does), with what the outbox holds for it: whether work on it waits or
 * was refused, why, and which entries act on it.
 */
void
ld_cache_read_record_async (LdCache             *self,
                            const char          *entity,
                            const char          *id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  RecordQuery *query;

  g_return_if_fail (LD_IS_CACHE (self));
  g_return_if_fail (entity != NULL && id != NULL);

  query = g_new0 (RecordQuery, 1);
  query->entity = g_strdup (entity);
  query->id = g_strdup (id);
  ld_cache_read_async (self, ld_cache_read_record_async, read_record_job, query,
                       (GDestroyNotify) record_query_free, g_object_unref,
                       cancellable, callback, user_data);
}

/**
 * ld_cache_read_record_finish:
 * @self: a cache
 * @result: the result
 * @error: return location for an %LD_STORE_ERROR (%LD_STORE_ERROR_NOT_FOUND
 *   when the cache does not have it)
 *
 * Returns: (transfer full) (nullable): the record, loaded
 */
LdCacheRecord *
ld_cache_read_record_finish (LdCache       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return ld_cache_read_finish (self, result, error);
}

/**
 * ld_cache_settings_from_record:
 * @record: (nullable): the "settings" record as the feed sent it
 *
 * Returns: (transfer full): the settings, typed, each one the record
 *   does not hold (or holds out of range) at its default
 */
LdSettings *
ld_cache_settings_from_record (JsonObject *record)
{
  LdSettings *settings = ld_settings_new ();
  const LdSettingSpec *specs;
  guint n_specs;

  specs = ld_settings_get_specs (&n_specs);
  for (guint i = 0; record != NULL && i < n_specs; i++)
    {
      JsonNode *value = json_object_get_member (record, specs[i].key);
      g_autofree char *text = NULL;
      const char *reason = NULL;

      if (value != NULL && ld_settings_parse_value (&specs[i], value, &text, &reason))
        ld_settings_set_text (settings, specs[i].key, text);
    }
  return settings;
}

static gpointer
settings_job (LdSqlite **db,
              gpointer   data,
              GError   **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) record = NULL;

  if (!ld_cache_read_record_text (*db, "settings", "lab", &text, error))
    return NULL;
  if (text == NULL || (record = ld_json_parse_object (text, -1, NULL)) == NULL)
    {
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                           _("The lab's settings are not in the local data."));
      return NULL;
    }
  return ld_cache_settings_from_record (record);
}

/**
 * ld_cache_get_settings_async:
 * @self: a cache
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Reads the lab's settings (tax, discount limit, home-collection fee, …)
 * from the cache, typed: one small row, cheap to read whenever a cart is
 * priced. Every role's feed carries the settings record; a cache not yet
 * synced has none (%LD_STORE_ERROR_NOT_FOUND).
 */
void
ld_cache_get_settings_async (LdCache             *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (LD_IS_CACHE (self));

  ld_cache_read_async (self, ld_cache_get_settings_async, settings_job, NULL, NULL,
                       (GDestroyNotify) ld_settings_free, cancellable, callback, user_data);
}

/**
 * ld_cache_get_settings_finish:
 * @self: a cache
 * @result: the result
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the settings
 */
LdSettings *
ld_cache_get_settings_finish (LdCache       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return ld_cache_read_finish (self, result, error);
}

static gpointer
dump_job (LdSqlite **db,
          gpointer   data,
          GError   **error)
{
  return collect_records (*db, data, error);
}

/**
 * ld_cache_dump_async:
 * @self: a cache
 * @entity: a kind of record
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Every record of @entity, id → record text: for checks and tests, not
 * for screens (which read pages).
 */
void
ld_cache_dump_async (LdCache             *self,
                     const char          *entity,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  RecordQuery *query = g_new0 (RecordQuery, 1);

  g_return_if_fail (LD_IS_CACHE (self));

  query->entity = g_strdup (entity);
  ld_cache_read_async (self, ld_cache_dump_async, dump_job, query,
                       (GDestroyNotify) record_query_free, (GDestroyNotify) g_hash_table_unref,
                       cancellable, callback, user_data);
}

GHashTable *
ld_cache_dump_finish (LdCache       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  return ld_cache_read_finish (self, result, error);
}

typedef struct
{
  LdCacheView    *view;
  gboolean        has_after;
  LdCacheViewKey  after;
  gint64          offset;
  guint           limit;
} PageJob;

typedef struct
{
  GPtrArray *rows;
  gint64     version;
} PageAnswer;

static void
page_job_free (PageJob *job)
{
  ld_cache_view_unref (job->view);
  ld_cache_view_key_clear (&job->after);
  g_free (job);
}

static void
page_answer_free (PageAnswer *answer)
{
  g_clear_pointer (&answer->rows, g_ptr_array_unref);
  g_free (answer);
}

/* The version and the page from one read transaction: one snapshot. */
static gpointer
page_job (LdSqlite **db,
          gpointer   data,
          GError   **error)
{
  PageJob *job = data;
  PageAnswer *answer = g_new0 (PageAnswer, 1);
  LdCachePosition position;
  gboolean ok;

  ok = ld_sqlite_exec (*db, "BEGIN", error);
  ok = ok && ld_cache_read_position (*db, &position, error) &&
       (answer->rows = ld_cache_view_read_page (job->view, *db, job->has_after ? &job->after : NULL,
                                                job->offset, job->limit, error)) != NULL;
  ld_sqlite_exec (*db, "COMMIT", NULL);

  if (!ok)
    {
      page_answer_free (answer);
      return NULL;
    }
  /* Parsed here, not when a row is first drawn: a scrollbar dragged over
   * a worklist brings a page a frame, and its parsing was the main
   * thread's to do in that frame (bench-lab). */
  for (guint i = 0; i < answer->rows->len; i++)
    {
      LdCacheViewRow *row = g_ptr_array_index (answer->rows, i);

      if (row->record != NULL)
        row->object = ld_json_parse_object (row->record, -1, NULL);
    }
  answer->version = position.version;
  return answer;
}

/**
 * ld_cache_read_page_async:
 * @self: a cache
 * @view: a view
 * @after: (nullable): the key of the row before the page
 * @offset: where the page starts, when @after is %NULL
 * @limit: the most rows wanted
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Reads a page on the reader's thread, with the version it belongs to.
 */
void
ld_cache_read_page_async (LdCache              *self,
                          LdCacheView          *view,
                          const LdCacheViewKey *after,
                          gint64                offset,
                          guint                 limit,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  PageJob *job = g_new0 (PageJob, 1);

  g_return_if_fail (LD_IS_CACHE (self));

  job->view = ld_cache_view_ref (view);
  job->has_after = after != NULL;
  if (after != NULL)
    ld_cache_view_key_copy (after, &job->after);
  job->offset = offset;
  job->limit = limit;
  ld_cache_read_async (self, ld_cache_read_page_async, page_job, job,
                       (GDestroyNotify) page_job_free, (GDestroyNotify) page_answer_free,
                       cancellable, callback, user_data);
}

/**
 * ld_cache_read_page_finish:
 * @self: a cache
 * @result: the result
 * @out_version: (out): the cache's version the page belongs to
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type LdCacheViewRow) (nullable): the rows
 */
GPtrArray *
ld_cache_read_page_finish (LdCache       *self,
                           GAsyncResult  *result,
                           gint64        *out_version,
                           GError       **error)
{
  PageAnswer *answer = ld_cache_read_finish (self, result, error);
  GPtrArray *rows;

  if (answer == NULL)
    return NULL;
  *out_version = answer->version;
  rows = g_steal_pointer (&answer->rows);
  page_answer_free (answer);
  return rows;
}

/* ld-cache-find.c: a record by the number a person scans or types
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scanner types an MRN, an order number or an accession and Enter;
 * the window opens what it names. Each number has its index in the
 * cache, so this is one seek on the reader's thread. A record found on
 * the server instead (ld-number-lookup.c) is kept here as the feed would
 * keep it, so it opens like any other.
 */

#define G_LOG_DOMAIN "ld-cache-find"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-cache-find.h"
#include "ld-cache-private.h"
#include "ld-json.h"

typedef struct
{
  LdIdentifierKind  kind;
  char             *number;
} FindQuery;

static void
find_query_free (FindQuery *query)
{
  g_free (query->number);
  g_free (query);
}

static const char *
find_sql (LdIdentifierKind kind)
{
  switch (kind)
    {
    case LD_IDENTIFIER_MRN:
      return "SELECT id FROM patients WHERE mrn = ?1";
    case LD_IDENTIFIER_ORDER:
      return "SELECT id FROM orders WHERE number = ?1";
    case LD_IDENTIFIER_ACCESSION:
      return "SELECT id FROM samples WHERE accession = ?1";
    case LD_IDENTIFIER_NONE:
    default:
      g_assert_not_reached ();
    }
}

static gpointer
find_job (LdSqlite **db,
          gpointer   data,
          GError   **error)
{
  FindQuery *query = data;
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (*db, find_sql (query->kind), error);
  LdSqliteStep step;
  char *id;

  if (stmt == NULL)
    return NULL;
  ld_sqlite_bind_text (stmt, 1, query->number);
  step = ld_sqlite_step (stmt, error);
  if (step == LD_SQLITE_ERROR)
    return NULL;
  if (step == LD_SQLITE_DONE)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                   /* Translators: %s is an MRN, order number or accession. */
                   _("Nothing numbered %s is in this computer’s data."), query->number);
      return NULL;
    }
  id = ld_sqlite_column_dup_text (stmt, 0);
  /* Stopped on its row, the statement would hold the reader's snapshot
   * open, and every later read would miss what the feed wrote since. */
  ld_sqlite_reset (stmt);
  return id;
}

/**
 * ld_cache_find_number_async:
 * @self: a cache
 * @kind: which number @number is (ld_identifier_parse())
 * @number: the number as the server writes it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Finds the id of the patient, order or sample @number names.
 */
void
ld_cache_find_number_async (LdCache             *self,
                            LdIdentifierKind     kind,
                            const char          *number,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  FindQuery *query;

  g_return_if_fail (LD_IS_CACHE (self));
  g_return_if_fail (kind != LD_IDENTIFIER_NONE);
  g_return_if_fail (number != NULL);

  query = g_new0 (FindQuery, 1);
  query->kind = kind;
  query->number = g_strdup (number);
  ld_cache_read_async (self, ld_cache_find_number_async, find_job, query,
                       (GDestroyNotify) find_query_free, g_free,
                       cancellable, callback, user_data);
}

/**
 * ld_cache_find_number_finish:
 *
 * Returns: (transfer full): the record's id, or %NULL with
 *   %LD_STORE_ERROR_NOT_FOUND when the cache has no such number
 */
char *
ld_cache_find_number_finish (LdCache       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return ld_cache_read_finish (self, result, error);
}

typedef struct
{
  char       *entity;
  char       *id;
  JsonObject *record;
} KeepFound;

static void
keep_found_free (KeepFound *keep)
{
  g_free (keep->entity);
  g_free (keep->id);
  g_clear_pointer (&keep->record, json_object_unref);
  g_free (keep);
}

static gboolean
apply_found (LdSqlite  *db,
             gpointer   data,
             gpointer  *out_result,
             GError   **error)
{
  KeepFound *keep = data;

  if (!ld_cache_apply_record (db, keep->entity, keep->id, keep->record, error))
    return FALSE;
  *out_result = g_strdup (keep->id);
  return TRUE;
}

static const LdCacheWriteClass keep_found_write = {
  .source_tag = ld_cache_keep_found_async,
  .apply = apply_found,
  .result_free = g_free,
};

/**
 * ld_cache_keep_found_async:
 * @self: a cache
 * @entity: "patient", "order" or "sample", as the change feed names it
 * @record: the record as the server's GET shows it, with its "id"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context
 * @user_data: for @callback
 *
 * Keeps a record the server gave for a number the cache did not hold,
 * as the feed keeps its records; the feed brings its later changes.
 */
void
ld_cache_keep_found_async (LdCache             *self,
                           const char          *entity,
                           JsonObject          *record,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  KeepFound *keep;
  GPtrArray *touched;

  g_return_if_fail (LD_IS_CACHE (self));
  g_return_if_fail (entity != NULL);
  g_return_if_fail (record != NULL);
  g_return_if_fail (ld_json_object_get_string (record, "id") != NULL);

  keep = g_new0 (KeepFound, 1);
  keep->entity = g_strdup (entity);
  keep->id = g_strdup (ld_json_object_get_string (record, "id"));
  keep->record = json_object_ref (record);
  touched = g_ptr_array_new ();
  ld_cache_touch (touched, keep->entity, keep->id);
  ld_cache_write_async (self, &keep_found_write, touched, keep, (GDestroyNotify) keep_found_free,
                        cancellable, callback, user_data);
}

/**
 * ld_cache_keep_found_finish:
 *
 * Returns: (transfer full): the record's id, or %NULL with an
 *   %LD_STORE_ERROR
 */
char *
ld_cache_keep_found_finish (LdCache       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return ld_cache_write_finish (self, result, error);
}

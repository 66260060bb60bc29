/* ld-cache-search.c: patient names in the cache, found word by word
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names are folded as the server folds them (ld-text.c), a query is read
 * by the server's own rule (ld_patient_query_parse()), and the index is
 * the server's, kept and searched by the same code
 * (ld-sqlite-name-index.c), so the desk finds the same patients offline as
 * online, a page for a few dozen index seeks whatever the register's size.
 */

#define G_LOG_DOMAIN "ld-cache-search"

#include "config.h"

#include "ld-cache-search.h"
#include "ld-sqlite-name-index.h"

/* Keys one read takes while walking one word's list. */
#define WALK_STRETCH 64

static const char name_of_sql[] =
  "SELECT name_fold FROM patients WHERE id = ?1";

/**
 * ld_cache_search_index:
 * @db: the writer's connection, in a transaction
 * @patient_id: a patient
 * @old_name_fold: (nullable): the folded name the index holds, if any
 * @name_fold: (nullable): the folded name to index; %NULL to remove
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_search_index (LdSqlite    *db,
                       const char  *patient_id,
                       const char  *old_name_fold,
                       const char  *name_fold,
                       GError     **error)
{
  return ld_sqlite_name_index_update (db, patient_id, old_name_fold, name_fold, error);
}

/**
 * ld_cache_search_locate:
 * @query: a name query
 * @db: a worker's connection
 * @id: a patient
 * @out_key: (out caller-allocates): the patient's place, when found
 * @out_found: (out): whether the patient matches
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_search_locate (const LdPatientQuery  *query,
                        LdSqlite              *db,
                        const char            *id,
                        LdCacheViewKey        *out_key,
                        gboolean              *out_found,
                        GError               **error)
{
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, name_of_sql, error);
  LdSqliteStep step;

  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, id);
  step = ld_sqlite_step (stmt, error);
  *out_found =
    step == LD_SQLITE_ROW && ld_patient_query_matches_name (query, ld_sqlite_column_text (stmt, 0));
  if (*out_found)
    {
      out_key->text = ld_sqlite_column_dup_text (stmt, 0);
      out_key->id = g_strdup (id);
    }
  return step != LD_SQLITE_ERROR && ld_sqlite_step_done (stmt, error);
}

typedef struct
{
  gint64     skip;
  guint      limit;
  GPtrArray *rows;
} Collect;

/**
 * ld_cache_search_count:
 * @query: a name query
 * @db: a worker's connection
 * @before: (nullable): a place; %NULL to count every match
 * @out_count: (out): the matches before @before
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_search_count (const LdPatientQuery  *query,
                       LdSqlite              *db,
                       const LdCacheViewKey  *before,
                       gint64                *out_count,
                       GError               **error)
{
  return ld_sqlite_name_index_count (db, (const char * const *) query->words,
                                     before ? before->text : NULL, before ? before->id : NULL,
                                     out_count, error);
}

static gboolean
page_cb (const char *name_fold,
         const char *id,
         gpointer    user_data)
{
  Collect *collect = user_data;
  LdCacheViewRow *row;

  if (collect->skip > 0)
    {
      collect->skip--;
      return TRUE;
    }

  row = g_new0 (LdCacheViewRow, 1);
  row->key.text = g_strdup (name_fold);
  row->key.id = g_strdup (id);
  g_ptr_array_add (collect->rows, row);
  return collect->rows->len < collect->limit;
}

/**
 * ld_cache_search_page:
 * @query: a name query
 * @db: a worker's connection
 * @after: (nullable): the place before the page
 * @offset: matches to skip when @after is %NULL
 * @limit: the most rows wanted
 * @rows: (element-type LdCacheViewRow): where to add the rows, keys only
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_search_page (const LdPatientQuery  *query,
                      LdSqlite              *db,
                      const LdCacheViewKey  *after,
                      gint64                 offset,
                      guint                  limit,
                      GPtrArray             *rows,
                      GError               **error)
{
  Collect collect = { after ? 0 : offset, limit, rows };

  if (limit == 0)
    return TRUE;
  return ld_sqlite_name_index_search (db, (const char * const *) query->words,
                                      after ? after->text : NULL, after ? after->id : NULL,
                                      WALK_STRETCH, page_cb, &collect, error);
}

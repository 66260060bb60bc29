/* ld-cache-search.c: patient names in the cache, found word by word
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names are folded as the server folds them (ld-text.c), and a query is
 * read by the server's own rule (ld_patient_query_parse()), so the desk
 * finds the same patients offline as online. Every word of a name puts
 * its first one, two and three letters in patient_name_prefixes, keyed in
 * name order. A typed word reads the list of its first three letters (or
 * fewer); longer words are then checked against the name itself. One word
 * is a walk along its list; several are joined by leapfrogging: each list
 * seeks to the furthest name any list has reached, so "amit o'b" skips
 * every Amit who is not an O'Brien without reading them. A page costs a
 * few dozen index seeks whatever the register's size.
 */

#define G_LOG_DOMAIN "ld-cache-search"

#include "config.h"

#include "ld-cache-search.h"
#include "ld-text.h"

#define LIST_LETTERS 3
#define WALK_STRETCH 64

static const char delete_prefixes_sql[] =
  "DELETE FROM patient_name_prefixes WHERE prefix = ?1 AND name_fold = ?2 AND patient_id = ?3";
static const char insert_prefix_sql[] =
  "INSERT OR IGNORE INTO patient_name_prefixes (prefix, name_fold, patient_id) VALUES (?1, ?2, ?3)";
/* From a place, strictly after it, in name order, a stretch at a time:
 * a statement is always run to its end, and a list may be 80,000 long. */
static const char walk_sql[] =
  "SELECT name_fold, patient_id FROM patient_name_prefixes"
  " WHERE prefix = ?1 AND (name_fold, patient_id) > (?2, ?3)"
  " ORDER BY name_fold, patient_id LIMIT ?4";
static const char seek_sql[] =
  "SELECT name_fold, patient_id FROM patient_name_prefixes"
  " WHERE prefix = ?1 AND (name_fold, patient_id) >= (?2, ?3)"
  " ORDER BY name_fold, patient_id LIMIT 1";
static const char count_list_sql[] =
  "SELECT count(*) FROM patient_name_prefixes WHERE prefix = ?1";
static const char count_list_before_sql[] =
  "SELECT count(*) FROM patient_name_prefixes"
  " WHERE prefix = ?1 AND (name_fold, patient_id) < (?2, ?3)";
static const char name_of_sql[] =
  "SELECT name_fold FROM patients WHERE id = ?1";

/* The first @letters characters of @word. */
static char *
word_start (const char *word,
            guint       letters)
{
  const char *end = word;

  for (guint i = 0; i < letters && *end != '\0'; i++)
    end = g_utf8_next_char (end);
  return g_strndup (word, end - word);
}

static gboolean
change_prefixes (LdSqlite    *db,
                 const char  *sql,
                 const char  *patient_id,
                 const char  *name_fold,
                 GError     **error)
{
  /* Each distinct list a name's words are in (no whole words here). */
  g_autoptr(GPtrArray) lists = ld_patient_name_word_starts (name_fold, LIST_LETTERS, FALSE);

  for (guint i = 0; i < lists->len; i++)
    {
      LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, sql, error);

      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_text (stmt, 1, g_ptr_array_index (lists, i));
      ld_sqlite_bind_text (stmt, 2, name_fold);
      ld_sqlite_bind_text (stmt, 3, patient_id);
      if (!ld_sqlite_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

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
  if (g_strcmp0 (old_name_fold, name_fold) == 0)
    return TRUE;

  return (old_name_fold == NULL ||
          change_prefixes (db, delete_prefixes_sql, patient_id, old_name_fold, error)) &&
         (name_fold == NULL ||
          change_prefixes (db, insert_prefix_sql, patient_id, name_fold, error));
}

/* Each typed word must start one of the name's words. */
static gboolean
name_matches (const LdPatientQuery *query,
              const char           *name_fold)
{
  g_auto(GStrv) words = g_strsplit (name_fold, " ", -1);

  for (guint i = 0; query->words[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; !found && words[j] != NULL; j++)
        found = g_str_has_prefix (words[j], query->words[i]);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static int
compare_place (const char *name_a,
               const char *id_a,
               const char *name_b,
               const char *id_b)
{
  int by_name = strcmp (name_a, name_b);

  return by_name != 0 ? by_name : strcmp (id_a, id_b);
}

/* Called with each matching patient in name order; FALSE stops. */
typedef gboolean (*MatchFunc) (const char *name_fold,
                               const char *id,
                               gpointer    user_data);

/* One list: a walk along it, checking the whole words. */
static gboolean
walk_one (const LdPatientQuery  *query,
          LdSqlite              *db,
          const char            *list,
          const LdCacheViewKey  *after,
          MatchFunc              func,
          gpointer               user_data,
          GError               **error)
{
  g_autofree char *name_fold = g_strdup (after ? after->text : "");
  g_autofree char *id = g_strdup (after ? after->id : "");

  for (;;)
    {
      LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, walk_sql, error);
      g_autoptr(GPtrArray) stretch = g_ptr_array_new_with_free_func (g_free);
      LdSqliteStep step;

      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_text (stmt, 1, list);
      ld_sqlite_bind_text (stmt, 2, name_fold);
      ld_sqlite_bind_text (stmt, 3, id);
      ld_sqlite_bind_int64 (stmt, 4, WALK_STRETCH);
      while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
        {
          g_ptr_array_add (stretch, ld_sqlite_column_dup_text (stmt, 0));
          g_ptr_array_add (stretch, ld_sqlite_column_dup_text (stmt, 1));
        }
      if (step == LD_SQLITE_ERROR)
        return FALSE;

      for (guint i = 0; i < stretch->len; i += 2)
        if (name_matches (query, g_ptr_array_index (stretch, i)) &&
            !func (g_ptr_array_index (stretch, i), g_ptr_array_index (stretch, i + 1), user_data))
          return TRUE;

      if (stretch->len < 2 * WALK_STRETCH)
        return TRUE;
      g_free (name_fold);
      g_free (id);
      name_fold = g_strdup (g_ptr_array_index (stretch, stretch->len - 2));
      id = g_strdup (g_ptr_array_index (stretch, stretch->len - 1));
    }
}

/* The first entry of @list at or after the place; FALSE at the end. */
static gboolean
seek (LdSqlite     *db,
      const char   *list,
      char        **name_fold,
      char        **id,
      gboolean     *out_found,
      GError      **error)
{
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, seek_sql, error);
  LdSqliteStep step;

  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, list);
  ld_sqlite_bind_text (stmt, 2, *name_fold);
  ld_sqlite_bind_text (stmt, 3, *id);

  step = ld_sqlite_step (stmt, error);
  *out_found = step == LD_SQLITE_ROW;
  if (*out_found && compare_place (*name_fold, *id, ld_sqlite_column_text (stmt, 0),
                                   ld_sqlite_column_text (stmt, 1)) != 0)
    {
      g_free (*name_fold);
      g_free (*id);
      *name_fold = ld_sqlite_column_dup_text (stmt, 0);
      *id = ld_sqlite_column_dup_text (stmt, 1);
    }
  return step != LD_SQLITE_ERROR && ld_sqlite_step_done (stmt, error);
}

/* Several lists: leapfrog until all agree on one patient. */
static gboolean
leapfrog (const LdPatientQuery  *query,
          LdSqlite              *db,
          GPtrArray             *lists,
          const LdCacheViewKey  *after,
          MatchFunc              func,
          gpointer               user_data,
          GError               **error)
{
  g_autofree char *name_fold = g_strdup (after ? after->text : "");
  /* Strictly after: the smallest id greater than the last one. */
  g_autofree char *id = g_strconcat (after ? after->id : "", after ? "\x01" : "", NULL);
  guint n = lists->len;

  for (;;)
    {
      guint agreed = 0;

      for (guint i = 0; agreed < n; i = (i + 1) % n)
        {
          g_autofree char *was_name = g_strdup (name_fold);
          g_autofree char *was_id = g_strdup (id);
          gboolean found;

          if (!seek (db, g_ptr_array_index (lists, i), &name_fold, &id, &found, error))
            return FALSE;
          if (!found)
            return TRUE;
          agreed = compare_place (was_name, was_id, name_fold, id) == 0 ? agreed + 1 : 1;
        }

      if (name_matches (query, name_fold) && !func (name_fold, id, user_data))
        return TRUE;

      {
        char *next = g_strconcat (id, "\x01", NULL);

        g_free (id);
        id = next;
      }
    }
}

static gboolean
for_each_match (const LdPatientQuery  *query,
                LdSqlite              *db,
                const LdCacheViewKey  *after,
                MatchFunc              func,
                gpointer               user_data,
                GError               **error)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; query->words[i] != NULL; i++)
    {
      char *list = word_start (query->words[i], LIST_LETTERS);

      if (g_ptr_array_find_with_equal_func (lists, list, g_str_equal, NULL))
        g_free (list);
      else
        g_ptr_array_add (lists, list);
    }

  if (lists->len == 1)
    return walk_one (query, db, g_ptr_array_index (lists, 0), after, func, user_data, error);
  return leapfrog (query, db, lists, after, func, user_data, error);
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
  *out_found = step == LD_SQLITE_ROW && name_matches (query, ld_sqlite_column_text (stmt, 0));
  if (*out_found)
    {
      out_key->text = ld_sqlite_column_dup_text (stmt, 0);
      out_key->id = g_strdup (id);
    }
  return step != LD_SQLITE_ERROR && ld_sqlite_step_done (stmt, error);
}

typedef struct
{
  const LdCacheViewKey *before;
  gint64                count;
  gint64                skip;
  guint                 limit;
  GPtrArray            *rows;
} Collect;

static gboolean
count_cb (const char *name_fold,
          const char *id,
          gpointer    user_data)
{
  Collect *collect = user_data;

  if (collect->before != NULL &&
      compare_place (name_fold, id, collect->before->text, collect->before->id) >= 0)
    return FALSE;
  collect->count++;
  return TRUE;
}

/* One short word is its whole list: counted by the index alone. */
static gboolean
count_list (const LdPatientQuery  *query,
            LdSqlite              *db,
            const LdCacheViewKey  *before,
            gint64                *out_count,
            GError               **error)
{
  LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, before ? count_list_before_sql : count_list_sql,
                                                 error);

  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, query->words[0]);
  if (before != NULL)
    {
      ld_sqlite_bind_text (stmt, 2, before->text);
      ld_sqlite_bind_text (stmt, 3, before->id);
    }
  if (ld_sqlite_step (stmt, error) != LD_SQLITE_ROW)
    return FALSE;
  *out_count = ld_sqlite_column_int64 (stmt, 0);
  return ld_sqlite_step_done (stmt, error);
}

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
  Collect collect = { before, 0, };

  if (g_strv_length (query->words) == 1 && g_utf8_strlen (query->words[0], -1) <= LIST_LETTERS)
    return count_list (query, db, before, out_count, error);

  if (!for_each_match (query, db, NULL, count_cb, &collect, error))
    return FALSE;
  *out_count = collect.count;
  return TRUE;
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
  Collect collect = { NULL, 0, after ? 0 : offset, limit, rows };

  if (limit == 0)
    return TRUE;
  return for_each_match (query, db, after, page_cb, &collect, error);
}

/* ld-store-icd10.c: the lab's ICD-10 code list in the database
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A prefix is looked up as the range [prefix, prefix + U+10FFFF): codes
 * and words compare byte by byte on both backends (SQLite's BINARY, the
 * PostgreSQL columns' "C"), so the primary keys' indexes answer it.
 */

#define G_LOG_DOMAIN "ld-store-icd10"

#include "config.h"

#include <string.h>

#include "ld-store-private.h"
#include "ld-store-icd10.h"
#include "ld-text.h"

/* After every character a word or code may hold. */
#define PREFIX_END "\xf4\x8f\xbf\xbf"

/**
 * ld_icd10_list_info_clear:
 * @info: what ld_store_icd10_get_info() filled
 */
void
ld_icd10_list_info_clear (LdIcd10ListInfo *info)
{
  g_clear_pointer (&info->source, g_free);
  g_clear_pointer (&info->loaded_by, g_free);
  info->count = 0;
  info->loaded_us = 0;
}

static gboolean
put_code (LdStore            *store,
          const LdIcd10Code  *line,
          GError            **error)
{
  static const char code_sql[] =
    "INSERT INTO icd10_codes (code, title, title_fold) VALUES (?1, ?2, ?3)";
  static const char word_sql[] = "INSERT INTO icd10_words (word, code) VALUES (?1, ?2)";
  g_autofree char *fold = ld_text_fold (line->title);
  g_auto(GStrv) words = ld_icd10_title_words (line->title);
  LdDbStmt *stmt;

  if ((stmt = ld_store_prepare (store, code_sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, line->code);
  ld_db_bind_text (stmt, 2, line->title);
  ld_db_bind_text (stmt, 3, fold);
  if (!ld_db_step_done (stmt, error))
    return FALSE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if ((stmt = ld_store_prepare (store, word_sql, error)) == NULL)
        return FALSE;
      ld_db_bind_text (stmt, 1, words[i]);
      ld_db_bind_text (stmt, 2, line->code);
      if (!ld_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * ld_store_icd10_replace:
 * @store: a store, in a transaction
 * @source: where the list comes from
 * @codes: (element-type LdIcd10Code): the whole list, each code once
 * @loaded_by: (nullable): the administrator's id
 * @now_us: when
 * @error: return location for an %LD_STORE_ERROR
 *
 * Puts @codes in place of the list there was.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_icd10_replace (LdStore     *store,
                        const char  *source,
                        GPtrArray   *codes,
                        const char  *loaded_by,
                        gint64       now_us,
                        GError     **error)
{
  static const char delete_words_sql[] = "DELETE FROM icd10_words";
  static const char delete_codes_sql[] = "DELETE FROM icd10_codes";
  static const char list_sql[] =
    "INSERT INTO icd10_list (id, source, count, loaded_us, loaded_by) VALUES (1, ?1, ?2, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET source = excluded.source, count = excluded.count,"
    " loaded_us = excluded.loaded_us, loaded_by = excluded.loaded_by";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && source != NULL && codes != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, delete_words_sql, error)) == NULL ||
      !ld_db_step_done (stmt, error) ||
      (stmt = ld_store_prepare (store, delete_codes_sql, error)) == NULL ||
      !ld_db_step_done (stmt, error))
    return FALSE;

  for (guint i = 0; i < codes->len; i++)
    if (!put_code (store, g_ptr_array_index (codes, i), error))
      return FALSE;

  if ((stmt = ld_store_prepare (store, list_sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, source);
  ld_db_bind_int64 (stmt, 2, codes->len);
  ld_db_bind_int64 (stmt, 3, now_us);
  ld_db_bind_text (stmt, 4, loaded_by);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_icd10_get_info:
 * @store: a store
 * @out_info: (out caller-allocates): what the list is; zeroes when none
 *   is loaded
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_icd10_get_info (LdStore          *store,
                         LdIcd10ListInfo  *out_info,
                         GError          **error)
{
  static const char sql[] = "SELECT source, count, loaded_us, loaded_by FROM icd10_list";
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && out_info != NULL, FALSE);

  memset (out_info, 0, sizeof *out_info);
  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ROW)
    {
      out_info->source = ld_db_column_dup_text (stmt, 0);
      out_info->count = ld_db_column_int64 (stmt, 1);
      out_info->loaded_us = ld_db_column_int64 (stmt, 2);
      out_info->loaded_by = ld_db_column_dup_text (stmt, 3);
      ld_db_reset (stmt);
    }
  return step != LD_DB_ERROR;
}

/**
 * ld_store_icd10_contains:
 * @store: a store
 * @code: a code
 * @out_contains: (out): whether the list has it
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_icd10_contains (LdStore     *store,
                         const char  *code,
                         gboolean    *out_contains,
                         GError     **error)
{
  static const char sql[] = "SELECT 1 FROM icd10_codes WHERE code = ?1";
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && code != NULL && out_contains != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, code);
  step = ld_db_step (stmt, error);
  if (step == LD_DB_ROW)
    ld_db_reset (stmt);
  *out_contains = step == LD_DB_ROW;
  return step != LD_DB_ERROR;
}

/**
 * ld_store_icd10_by_code:
 * @store: a store
 * @prefix: the start of a code, upper case (ld_icd10_code_prefix())
 * @limit: the most to add
 * @out_codes: (element-type LdIcd10Code): where the codes that start with
 *   @prefix go, by code
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_icd10_by_code (LdStore     *store,
                        const char  *prefix,
                        guint        limit,
                        GPtrArray   *out_codes,
                        GError     **error)
{
  static const char sql[] =
    "SELECT code, title FROM icd10_codes WHERE code >= ?1 AND code < ?2 ORDER BY code LIMIT ?3";
  g_autofree char *end = g_strconcat (prefix, PREFIX_END, NULL);
  LdDbStmt *stmt;
  LdDbStep step;

  g_return_val_if_fail (store != NULL && prefix != NULL && out_codes != NULL, FALSE);

  if ((stmt = ld_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, prefix);
  ld_db_bind_text (stmt, 2, end);
  ld_db_bind_int64 (stmt, 3, limit);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (out_codes,
                     ld_icd10_code_new (ld_db_column_text (stmt, 0), ld_db_column_text (stmt, 1)));
  return step == LD_DB_DONE;
}

/* Whether every one of @words begins a word of @title_words. */
static gboolean
has_every_word (const char * const *words,
                const char * const *title_words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; !found && title_words[j] != NULL; j++)
        found = g_str_has_prefix (title_words[j], words[i]);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/* The codes one of whose words starts with ?1, through the words' key. */
const char ld_store_icd10_words_sql[] =
  "SELECT code, title FROM icd10_codes WHERE code IN"
  " (SELECT code FROM icd10_words WHERE word >= ?1 AND word < ?2) ORDER BY code";

/**
 * ld_store_icd10_by_words:
 * @store: a store
 * @words: (array zero-terminated=1): folded words (ld_icd10_title_words()),
 *   at least one
 * @limit: the most to add
 * @skip: (element-type utf8 utf8): codes not to add (those found by code)
 * @out_codes: (element-type LdIcd10Code): where the codes whose title has
 *   a word starting with each of @words go, by code
 * @error: return location for an %LD_STORE_ERROR
 *
 * The longest word is looked up through the words' index; the others are
 * checked on the titles it finds.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_icd10_by_words (LdStore            *store,
                         const char * const *words,
                         guint               limit,
                         GHashTable         *skip,
                         GPtrArray          *out_codes,
                         GError            **error)
{
  const char *longest;
  g_autofree char *end = NULL;
  LdDbStmt *stmt;
  LdDbStep step = LD_DB_DONE;
  guint added = 0;

  g_return_val_if_fail (store != NULL && words != NULL && words[0] != NULL, FALSE);
  g_return_val_if_fail (skip != NULL && out_codes != NULL, FALSE);

  longest = words[0];
  for (guint i = 1; words[i] != NULL; i++)
    if (strlen (words[i]) > strlen (longest))
      longest = words[i];
  end = g_strconcat (longest, PREFIX_END, NULL);

  if ((stmt = ld_store_prepare (store, ld_store_icd10_words_sql, error)) == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, longest);
  ld_db_bind_text (stmt, 2, end);
  while (added < limit && (step = ld_db_step (stmt, error)) == LD_DB_ROW)
    {
      const char *code = ld_db_column_text (stmt, 0);
      const char *title = ld_db_column_text (stmt, 1);
      g_auto(GStrv) title_words = NULL;

      if (g_hash_table_contains (skip, code))
        continue;
      title_words = ld_icd10_title_words (title);
      if (!has_every_word (words, (const char * const *) title_words))
        continue;
      g_ptr_array_add (out_codes, ld_icd10_code_new (code, title));
      added++;
    }
  if (added >= limit)
    {
      ld_db_reset (stmt);
      return TRUE;
    }
  return step == LD_DB_DONE;
}

/* ld-sqlite-name-index.c: patients found by the starts of their names' words
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's register and the client's cache answer a name search the
 * same way, from the same table, with this code. A search answers one
 * page in name order without reading every match: "ku" matches 80,000 of
 * a million patients, and sorting them all for 25 took the desk's time.
 * patient_name_prefixes keeps, for every word start a desk can type, its
 * patients sorted by (name_fold, id), the page order: each word's starts
 * of one to three letters and, when longer, the whole word
 * (ld_patient_name_word_starts()). A typed word reads one such list, or
 * from four letters on the few lists of the whole words it begins. Several
 * typed words step through their lists side by side, each seeking to the
 * furthest key any of them has reached (a leapfrog join): "amit ku" jumps
 * over every "amit a…" to "amit kulkarni" in two seeks. The SQL is
 * portable: ordinary indexes and row values, no SQLite extension.
 */

#define G_LOG_DOMAIN "ld-sqlite"

#include "config.h"

#include "ld-sqlite-name-index.h"
#include "ld-patient-rules.h"


/* Past the highest code point: "abc" <= word < "abc" U+10FFFF is a prefix
 * match that an ordinary index serves, in any database. */
#define PREFIX_END "\xf4\x8f\xbf\xbf"

static gboolean
write_prefixes (LdSqlite    *db,
                const char  *sql,
                const char  *patient_id,
                const char  *name_fold,
                GError     **error)
{
  g_autoptr(GPtrArray) prefixes =
               ld_patient_name_word_starts (name_fold, LD_NAME_INDEX_PREFIX_CHARS, TRUE);

  for (guint i = 0; i < prefixes->len; i++)
    {
      LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, sql, error);

      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_text (stmt, 1, g_ptr_array_index (prefixes, i));
      ld_sqlite_bind_text (stmt, 2, name_fold);
      ld_sqlite_bind_text (stmt, 3, patient_id);
      if (!ld_sqlite_step_done (stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * ld_sqlite_name_index_update:
 * @db: a connection, inside the write transaction that stores the name
 * @patient_id: the patient
 * @old_name_fold: (nullable): the folded name indexed so far, if any
 * @new_name_fold: (nullable): the folded name to index; %NULL to remove
 * @error: return location for an %LD_STORE_ERROR
 *
 * Moves the patient's rows in patient_name_prefixes from one name to the
 * other. The old rows are found from @old_name_fold, the name as stored.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_sqlite_name_index_update (LdSqlite    *db,
                             const char  *patient_id,
                             const char  *old_name_fold,
                             const char  *new_name_fold,
                             GError     **error)
{
  static const char delete_sql[] =
    "DELETE FROM patient_name_prefixes WHERE prefix = ? AND name_fold = ? AND patient_id = ?";
  static const char insert_sql[] =
    "INSERT INTO patient_name_prefixes (prefix, name_fold, patient_id) VALUES (?, ?, ?)";

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (patient_id != NULL, FALSE);

  if (g_strcmp0 (old_name_fold, new_name_fold) == 0)
    return TRUE;

  return (old_name_fold == NULL ||
          write_prefixes (db, delete_sql, patient_id, old_name_fold, error)) &&
         (new_name_fold == NULL ||
          write_prefixes (db, insert_sql, patient_id, new_name_fold, error));
}

/* Keys read per query while several words step through their lists: most
 * steps are jumps, and a longer read would be thrown away. */
#define JOIN_READ_AHEAD 4

/* One stored prefix's patients in page order, read a few keys at a time:
 * keys holds fold, id, fold, id… of the last read, the head is the pair at
 * next, and at_end says the index holds nothing past the last read. A
 * one-word search reads a whole page at once. */
typedef struct
{
  char      *prefix;
  guint      read_ahead;
  GPtrArray *keys;
  guint      next;
  gboolean   at_end;
} List;

static void
list_free (List *list)
{
  g_free (list->prefix);
  g_ptr_array_unref (list->keys);
  g_free (list);
}

static int
compare_key (const char *fold_a,
             const char *id_a,
             const char *fold_b,
             const char *id_b)
{
  int cmp = strcmp (fold_a, fold_b);

  return cmp != 0 ? cmp : strcmp (id_a, id_b);
}

/* Whether @list has a head, and which. */
static gboolean
list_get_head (List        *list,
               const char **out_fold,
               const char **out_id)
{
  if (list->next >= list->keys->len)
    return FALSE;

  *out_fold = g_ptr_array_index (list->keys, list->next);
  *out_id = g_ptr_array_index (list->keys, list->next + 1);
  return TRUE;
}

/* Moves @list to its first key past (@fold, @id), or at it unless @strict:
 * within the keys already read if it can, else by reading on from there. */
static gboolean
list_seek (LdSqlite    *db,
           List        *list,
           const char  *fold,
           const char  *id,
           gboolean     strict,
           GError     **error)
{
  static const char from_sql[] =
    "SELECT name_fold, patient_id FROM patient_name_prefixes"
    " WHERE prefix = ? AND (name_fold, patient_id) >= (?, ?)"
    " ORDER BY name_fold, patient_id LIMIT ?";
  static const char past_sql[] =
    "SELECT name_fold, patient_id FROM patient_name_prefixes"
    " WHERE prefix = ? AND (name_fold, patient_id) > (?, ?)"
    " ORDER BY name_fold, patient_id LIMIT ?";
  g_autofree char *from_fold = NULL;
  g_autofree char *from_id = NULL;
  const char *head_fold;
  const char *head_id;
  LdSqliteStmt *stmt;
  LdSqliteStep step;

  while (list_get_head (list, &head_fold, &head_id))
    {
      int cmp = compare_key (head_fold, head_id, fold, id);

      if (cmp > 0 || (cmp == 0 && !strict))
        return TRUE;
      list->next += 2;
    }
  if (list->at_end)
    return TRUE;

  /* The target may point into the keys about to be dropped. */
  from_fold = g_strdup (fold);
  from_id = g_strdup (id);
  g_ptr_array_set_size (list->keys, 0);
  list->next = 0;

  stmt = ld_sqlite_prepare_cached (db, strict ? past_sql : from_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_sqlite_bind_text (stmt, 1, list->prefix);
  ld_sqlite_bind_text (stmt, 2, from_fold);
  ld_sqlite_bind_text (stmt, 3, from_id);
  ld_sqlite_bind_int64 (stmt, 4, list->read_ahead);

  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      g_ptr_array_add (list->keys, ld_sqlite_column_dup_text (stmt, 0));
      g_ptr_array_add (list->keys, ld_sqlite_column_dup_text (stmt, 1));
    }
  list->at_end = list->keys->len < 2 * list->read_ahead;

  return step == LD_SQLITE_DONE;
}

/* Moves every list of @term (one typed word) like list_seek(), and finds
 * the one whose head comes first: the word's next match. */
static gboolean
term_seek (LdSqlite    *db,
           GPtrArray   *term,
           const char  *fold,
           const char  *id,
           gboolean     strict,
           const char **out_fold,
           const char **out_id,
           GError     **error)
{
  gboolean found = FALSE;

  for (guint i = 0; i < term->len; i++)
    {
      List *list = g_ptr_array_index (term, i);
      const char *head_fold;
      const char *head_id;

      if (!list_seek (db, list, fold, id, strict, error))
        return FALSE;
      if (list_get_head (list, &head_fold, &head_id) &&
          (!found || compare_key (head_fold, head_id, *out_fold, *out_id) < 0))
        {
          *out_fold = head_fold;
          *out_id = head_id;
          found = TRUE;
        }
    }

  if (!found)
    *out_fold = *out_id = NULL;
  return TRUE;
}

static void
add_list (GPtrArray  *term,
          const char *prefix,
          guint       read_ahead)
{
  List *list = g_new0 (List, 1);

  list->prefix = g_strdup (prefix);
  list->read_ahead = read_ahead;
  list->keys = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (term, list);
}

/* The lists one typed word reads: its own, if starts that long are stored;
 * otherwise those of the whole words it begins, found one seek each. */
static GPtrArray *
build_term (LdSqlite    *db,
            const char  *word,
            guint        read_ahead,
            GError     **error)
{
  static const char from_sql[] =
    "SELECT prefix FROM patient_name_prefixes WHERE prefix >= ? AND prefix < ?"
    " ORDER BY prefix LIMIT 1";
  static const char past_sql[] =
    "SELECT prefix FROM patient_name_prefixes WHERE prefix > ? AND prefix < ?"
    " ORDER BY prefix LIMIT 1";
  g_autoptr(GPtrArray) term = g_ptr_array_new_with_free_func ((GDestroyNotify) list_free);
  g_autofree char *end = NULL;
  g_autofree char *next = NULL;
  const char *after = word;

  if (g_utf8_strlen (word, -1) <= LD_NAME_INDEX_PREFIX_CHARS)
    {
      add_list (term, word, read_ahead);
      return g_steal_pointer (&term);
    }

  end = g_strconcat (word, PREFIX_END, NULL);
  for (;;)
    {
      LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, next == NULL ? from_sql : past_sql, error);
      LdSqliteStep step;

      if (stmt == NULL)
        return NULL;
      ld_sqlite_bind_text (stmt, 1, after);
      ld_sqlite_bind_text (stmt, 2, end);
      step = ld_sqlite_step (stmt, error);
      if (step == LD_SQLITE_ERROR)
        return NULL;
      if (step == LD_SQLITE_DONE)
        break;

      g_free (next);
      next = ld_sqlite_column_dup_text (stmt, 0);
      if (!ld_sqlite_step_done (stmt, error))
        return NULL;
      add_list (term, next, read_ahead);
      after = next;
    }

  return g_steal_pointer (&term);
}

/* Calls @func with each patient past the cursor whose name matches every
 * term, in page order, until it returns FALSE or the lists run out. */
static gboolean
join_terms (LdSqlite          *db,
            GPtrArray        **terms,
            guint              n_terms,
            const char        *after_fold,
            const char        *after_id,
            LdSqliteNameFunc   func,
            gpointer           user_data,
            GError           **error)
{
  g_autofree char *fold = g_strdup (after_fold ? after_fold : "");
  g_autofree char *id = g_strdup (after_id ? after_id : "");
  gboolean strict = TRUE;
  guint agreed = 0;

  for (guint i = 0;; i = (i + 1) % n_terms)
    {
      const char *next_fold = NULL;
      const char *next_id = NULL;

      if (!term_seek (db, terms[i], fold, id, strict, &next_fold, &next_id, error))
        return FALSE;
      if (next_fold == NULL)
        return TRUE;

      /* A term ahead of the others sets the key they must reach. */
      if (strict || compare_key (next_fold, next_id, fold, id) != 0)
        {
          g_free (fold);
          g_free (id);
          fold = g_strdup (next_fold);
          id = g_strdup (next_id);
          agreed = 0;
          strict = FALSE;
        }

      if (++agreed == n_terms)
        {
          if (!func (fold, id, user_data))
            return TRUE;
          strict = TRUE;
        }
    }
}

/**
 * ld_sqlite_name_index_search:
 * @db: a connection; in a read transaction, for one snapshot
 * @words: (array zero-terminated=1): the typed words, folded, at least one
 * @after_name_fold: (nullable): the keyset cursor's folded name
 * @after_id: (nullable): the keyset cursor's id
 * @read_ahead: keys one read of a one-word search takes: about a page
 * @func: called with each match, in name then id order, past the cursor
 * @user_data: for @func
 * @error: return location for an %LD_STORE_ERROR
 *
 * Finds the patients each of whose @words starts one of their name's
 * words, in any order.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_sqlite_name_index_search (LdSqlite            *db,
                             const char * const  *words,
                             const char          *after_name_fold,
                             const char          *after_id,
                             guint                read_ahead,
                             LdSqliteNameFunc     func,
                             gpointer             user_data,
                             GError             **error)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (words != NULL && words[0] != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* Several words jump more than they walk: a long read is thrown away. */
  if (words[1] != NULL)
    read_ahead = JOIN_READ_AHEAD;

  for (guint i = 0; words[i] != NULL; i++)
    {
      GPtrArray *term = build_term (db, words[i], MAX (read_ahead, 1), error);

      if (term == NULL)
        return FALSE;
      g_ptr_array_add (terms, term);
    }

  return join_terms (db, (GPtrArray **) terms->pdata, terms->len, after_name_fold, after_id,
                     func, user_data, error);
}

typedef struct
{
  const char *before_fold;
  const char *before_id;
  gint64      count;
} Count;

static gboolean
count_cb (const char *name_fold,
          const char *id,
          gpointer    user_data)
{
  Count *count = user_data;

  if (count->before_fold != NULL &&
      compare_key (name_fold, id, count->before_fold, count->before_id) >= 0)
    return FALSE;
  count->count++;
  return TRUE;
}

/**
 * ld_sqlite_name_index_count:
 * @db: a connection; in a read transaction, for one snapshot
 * @words: (array zero-terminated=1): the typed words, folded, at least one
 * @before_name_fold: (nullable): a place; %NULL to count every match
 * @before_id: (nullable): the place's id
 * @out_count: (out): the matches before the place
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_sqlite_name_index_count (LdSqlite            *db,
                            const char * const  *words,
                            const char          *before_name_fold,
                            const char          *before_id,
                            gint64              *out_count,
                            GError             **error)
{
  static const char count_sql[] =
    "SELECT count(*) FROM patient_name_prefixes WHERE prefix = ?";
  static const char count_before_sql[] =
    "SELECT count(*) FROM patient_name_prefixes"
    " WHERE prefix = ? AND (name_fold, patient_id) < (?, ?)";
  Count count = { before_name_fold, before_id, 0 };
  LdSqliteStmt *stmt;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (words != NULL && words[0] != NULL, FALSE);
  g_return_val_if_fail ((before_name_fold == NULL) == (before_id == NULL), FALSE);

  /* One stored start is its whole list: counted by the index alone. */
  if (words[1] == NULL && g_utf8_strlen (words[0], -1) <= LD_NAME_INDEX_PREFIX_CHARS)
    {
      stmt = ld_sqlite_prepare_cached (db, before_name_fold ? count_before_sql : count_sql, error);
      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_text (stmt, 1, words[0]);
      if (before_name_fold != NULL)
        {
          ld_sqlite_bind_text (stmt, 2, before_name_fold);
          ld_sqlite_bind_text (stmt, 3, before_id);
        }
      if (ld_sqlite_step (stmt, error) != LD_SQLITE_ROW)
        return FALSE;
      *out_count = ld_sqlite_column_int64 (stmt, 0);
      return ld_sqlite_step_done (stmt, error);
    }

  if (!ld_sqlite_name_index_search (db, words, NULL, NULL, 256, count_cb, &count, error))
    return FALSE;
  *out_count = count.count;
  return TRUE;
}

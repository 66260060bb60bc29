/* ld-store-patients-search.c: the name index and the patient searches
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A search answers one page in name order without reading every match:
 * "ku" matches 80,000 of a million patients, and sorting them all for 25
 * took the desk's time. patient_name_prefixes keeps, for every word start
 * a desk can type, its patients sorted by (name_fold, id), the page order.
 * A typed word reads one such list, or from four letters on the few lists
 * of the whole words it begins. Several typed words step through their
 * lists side by side, each seeking to the furthest key any of them has
 * reached (a leapfrog join): "amit ku" jumps over every "amit a…" to
 * "amit kulkarni" in two seeks.
 */

#define G_LOG_DOMAIN "ld-store-patients"

#include "config.h"

#include "ld-store-patients-private.h"

/* Starts of one to this many letters are stored; a longer typed word is
 * looked up as the whole words it begins. */
#define STORED_PREFIX_CHARS 3

/* Past the highest code point: "abc" <= word < "abc" U+10FFFF is a prefix
 * match that an ordinary index serves, in any database. */
#define PREFIX_END "\xf4\x8f\xbf\xbf"

static gboolean
write_prefixes (LdStore     *store,
                const char  *sql,
                const char  *patient_id,
                const char  *name_fold,
                GError     **error)
{
  /* The rows 0009-patient-search.sql makes: starts and whole words. */
  g_autoptr(GPtrArray) prefixes = ld_patient_name_word_starts (name_fold, STORED_PREFIX_CHARS, TRUE);

  for (guint i = 0; i < prefixes->len; i++)
    {
      LdSqliteStmt *stmt = ld_store_prepare (store, sql, error);

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
 * ld_store_patients_index_name:
 * @store: a store, inside the write transaction that stores the name
 * @patient_id: the patient
 * @old_name_fold: (nullable): the folded name indexed so far, if any
 * @new_name_fold: the folded name to index
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_patients_index_name (LdStore     *store,
                              const char  *patient_id,
                              const char  *old_name_fold,
                              const char  *new_name_fold,
                              GError     **error)
{
  static const char delete_sql[] =
    "DELETE FROM patient_name_prefixes WHERE prefix = ? AND name_fold = ? AND patient_id = ?";
  static const char insert_sql[] =
    "INSERT INTO patient_name_prefixes (prefix, name_fold, patient_id) VALUES (?, ?, ?)";

  g_return_val_if_fail (patient_id != NULL && new_name_fold != NULL, FALSE);

  if (g_strcmp0 (old_name_fold, new_name_fold) == 0)
    return TRUE;

  return (old_name_fold == NULL ||
          write_prefixes (store, delete_sql, patient_id, old_name_fold, error)) &&
         write_prefixes (store, insert_sql, patient_id, new_name_fold, error);
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
list_seek (LdStore     *store,
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

  stmt = ld_store_prepare (store, strict ? past_sql : from_sql, error);
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
term_seek (LdStore     *store,
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

      if (!list_seek (store, list, fold, id, strict, error))
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
build_term (LdStore     *store,
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

  if (g_utf8_strlen (word, -1) <= STORED_PREFIX_CHARS)
    {
      add_list (term, word, read_ahead);
      return g_steal_pointer (&term);
    }

  end = g_strconcat (word, PREFIX_END, NULL);
  for (;;)
    {
      LdSqliteStmt *stmt = ld_store_prepare (store, next == NULL ? from_sql : past_sql, error);
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

/* The ids of the first @limit patients past the cursor whose name matches
 * every term, in page order. */
static gboolean
join_terms (LdStore     *store,
            GPtrArray  **terms,
            guint        n_terms,
            const char  *after_fold,
            const char  *after_id,
            guint        limit,
            GPtrArray   *ids,
            GError     **error)
{
  g_autofree char *fold = g_strdup (after_fold ? after_fold : "");
  g_autofree char *id = g_strdup (after_id ? after_id : "");
  gboolean strict = TRUE;
  guint agreed = 0;

  for (guint i = 0; ids->len < limit; i = (i + 1) % n_terms)
    {
      const char *next_fold = NULL;
      const char *next_id = NULL;

      if (!term_seek (store, terms[i], fold, id, strict, &next_fold, &next_id, error))
        return FALSE;
      if (next_fold == NULL)
        break;

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
          g_ptr_array_add (ids, g_strdup (id));
          strict = TRUE;
        }
    }

  return TRUE;
}

static GPtrArray *
search_by_name (LdStore               *store,
                const LdPatientQuery  *query,
                const char            *after_fold,
                const char            *after_id,
                guint                  limit,
                GError               **error)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func (g_object_unref);
  guint read_ahead = query->words[1] == NULL ? limit : JOIN_READ_AHEAD;

  for (guint i = 0; query->words[i] != NULL; i++)
    {
      GPtrArray *term = build_term (store, query->words[i], read_ahead, error);

      if (term == NULL)
        return NULL;
      g_ptr_array_add (terms, term);
    }

  if (!join_terms (store, (GPtrArray **) terms->pdata, terms->len, after_fold, after_id, limit,
                   ids, error))
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      LdPatient *patient = ld_store_patients_get (store, g_ptr_array_index (ids, i), error);

      if (patient == NULL)
        return NULL;
      g_ptr_array_add (patients, patient);
    }

  return g_steal_pointer (&patients);
}

/* The other kinds match few patients (a phone or MRN prefix); each is
 * found through its own index and the few are sorted by name. */
#define SEARCH_HEAD \
  "SELECT " LD_PATIENT_COLUMNS " FROM patients p WHERE (p.name_fold, p.id) > (?1, ?2)"
#define SEARCH_TAIL " ORDER BY p.name_fold, p.id LIMIT ?3"

/* The digits as typed against the full number, and the typed number's
 * national part against each number's (ld_patient_phone_national()), each
 * by its own index: an OR of the two made SQLite walk the whole name index
 * instead. */
static const char phone_search_sql[] =
  SEARCH_HEAD
  " AND p.id IN (SELECT id FROM patients WHERE phone_digits >= ?4 AND phone_digits < ?5"
  "              UNION"
  "              SELECT id FROM patients WHERE phone_national >= ?6 AND phone_national < ?7)"
  SEARCH_TAIL;
static const char mrn_search_sql[] = SEARCH_HEAD " AND p.mrn >= ?4 AND p.mrn < ?5" SEARCH_TAIL;
static const char id_search_sql[] =
  SEARCH_HEAD " AND p.national_id_norm >= ?4 AND p.national_id_norm < ?5" SEARCH_TAIL;

static GPtrArray *
search_by_term (LdStore               *store,
                const LdPatientQuery  *query,
                const char            *after_fold,
                const char            *after_id,
                guint                  limit,
                GError               **error)
{
  g_autofree char *end = g_strconcat (query->term, PREFIX_END, NULL);
  const char *sql;
  LdSqliteStmt *stmt;

  switch (query->kind)
    {
    case LD_PATIENT_QUERY_PHONE:
      sql = phone_search_sql;
      break;

    case LD_PATIENT_QUERY_MRN:
      sql = mrn_search_sql;
      break;

    case LD_PATIENT_QUERY_NATIONAL_ID:
    case LD_PATIENT_QUERY_NAME:
    default:
      sql = id_search_sql;
      break;
    }

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;

  ld_sqlite_bind_text (stmt, 1, after_fold ? after_fold : "");
  ld_sqlite_bind_text (stmt, 2, after_id ? after_id : "");
  ld_sqlite_bind_int64 (stmt, 3, limit);
  ld_sqlite_bind_text (stmt, 4, query->term);
  ld_sqlite_bind_text (stmt, 5, end);
  if (query->kind == LD_PATIENT_QUERY_PHONE && *query->national != '\0')
    {
      g_autofree char *national_end = g_strconcat (query->national, PREFIX_END, NULL);

      ld_sqlite_bind_text (stmt, 6, query->national);
      ld_sqlite_bind_text (stmt, 7, national_end);
    }

  return ld_store_patients_collect (stmt, error);
}

/**
 * ld_store_patients_search:
 * @store: a store
 * @query: a parsed query
 * @after_name_fold: (nullable): the keyset cursor's folded name
 * @after_id: (nullable): the keyset cursor's id
 * @limit: at most this many
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdPatient) (nullable): patients by
 *   name, then id
 */
GPtrArray *
ld_store_patients_search (LdStore               *store,
                          const LdPatientQuery  *query,
                          const char            *after_name_fold,
                          const char            *after_id,
                          guint                  limit,
                          GError               **error)
{
  g_auto(LdStoreTransaction) txn = { NULL };
  g_autoptr(GPtrArray) patients = NULL;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->kind == LD_PATIENT_QUERY_NAME ? query->words && query->words[0]
                                                             : query->term != NULL, NULL);

  /* A name search runs dozens of small statements: in one transaction
   * they read one snapshot and take the file locks once, not each. */
  if (!ld_store_transaction_begin (&txn, store, error))
    return NULL;

  if (query->kind == LD_PATIENT_QUERY_NAME)
    patients = search_by_name (store, query, after_name_fold, after_id, limit, error);
  else
    patients = search_by_term (store, query, after_name_fold, after_id, limit, error);

  if (patients == NULL || !ld_store_transaction_commit (&txn, error))
    return NULL;

  return g_steal_pointer (&patients);
}

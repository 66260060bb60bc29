/* ld-store-patients-search.c: the name index and the patient searches
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A name search is the shared word-start index (ld-sqlite-name-index.c),
 * which the client's cache answers with the same code; the other kinds
 * of query are plain prefix ranges over their own indexes.
 *
 * That code speaks SQLite's wrapper, so on PostgreSQL the same table is
 * kept and read here, through the store's vocabulary: the same rows, and
 * one statement that walks the patients in name order keeping those that
 * have, for every typed word, a stored start or whole word beginning with
 * it. It reads more rows than the leapfrog join for a short word in a
 * large register: the join speaks SQLite's wrapper, and moving it onto
 * ld-db.h, shared by both backends, is issue 19's work still to do.
 */

#define G_LOG_DOMAIN "ld-store-patients"

#include "config.h"

#include "ld-store-patients-private.h"
#include "ld-db-sqlite.h"
#include "ld-patient-rules.h"
#include "ld-sqlite-name-index.h"

/* Past the highest code point: "abc" <= word < "abc" U+10FFFF is a prefix
 * match that an ordinary index serves, in any database. */
#define PREFIX_END "\xf4\x8f\xbf\xbf"

static gboolean
pg_write_prefixes (LdStore     *store,
                   const char  *sql,
                   const char  *patient_id,
                   const char  *name_fold,
                   GError     **error)
{
  g_autoptr(GPtrArray) prefixes =
               ld_patient_name_word_starts (name_fold, LD_NAME_INDEX_PREFIX_CHARS, TRUE);

  for (guint i = 0; i < prefixes->len; i++)
    {
      LdDbStmt *stmt = ld_store_prepare (store, sql, error);

      if (stmt == NULL)
        return FALSE;
      ld_db_bind_text (stmt, 1, g_ptr_array_index (prefixes, i));
      ld_db_bind_text (stmt, 2, name_fold);
      ld_db_bind_text (stmt, 3, patient_id);
      if (!ld_db_step_done (stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
pg_index_name (LdStore     *store,
               const char  *patient_id,
               const char  *old_name_fold,
               const char  *new_name_fold,
               GError     **error)
{
  static const char delete_sql[] =
    "DELETE FROM patient_name_prefixes WHERE prefix = ? AND name_fold = ? AND patient_id = ?";
  static const char insert_sql[] =
    "INSERT INTO patient_name_prefixes (prefix, name_fold, patient_id) VALUES (?, ?, ?)";

  if (g_strcmp0 (old_name_fold, new_name_fold) == 0)
    return TRUE;

  return (old_name_fold == NULL ||
          pg_write_prefixes (store, delete_sql, patient_id, old_name_fold, error)) &&
         (new_name_fold == NULL ||
          pg_write_prefixes (store, insert_sql, patient_id, new_name_fold, error));
}

/* The words as one text[] value: {"kumar","am"}. */
static char *
pg_text_array (const char * const *words)
{
  GString *array = g_string_new ("{");

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (array, ',');
      g_string_append_c (array, '"');
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (array, '\\');
          g_string_append_c (array, *p);
        }
      g_string_append_c (array, '"');
    }
  g_string_append_c (array, '}');
  return g_string_free (array, FALSE);
}

/* One statement, driven like SQLite's join by the first word's stored
 * list, which is in page order: a start of up to three letters is one
 * list, read from the page's place on and stopped by the LIMIT; a longer
 * word reads the few lists of the whole words it begins (a patient with
 * two such words is there twice: DISTINCT). Every word is then checked
 * on the row's own folded name by the matching rule itself (a word of the
 * name begins with it, ld_patient_query_matches_name()), not by more
 * lookups in the index, which has no order by patient. */
static gboolean
pg_search_names (LdStore             *store,
                 const char * const  *words,
                 const char          *after_fold,
                 const char          *after_id,
                 guint                limit,
                 GPtrArray           *ids,
                 GError             **error)
{
#define PG_SEARCH_SQL(FIRST_WORD) \
    "SELECT DISTINCT x.name_fold, x.patient_id FROM patient_name_prefixes x" \
    " WHERE " FIRST_WORD " AND (x.name_fold, x.patient_id) > (?1, ?2)" \
    " AND NOT EXISTS (SELECT 1 FROM unnest (CAST (?3 AS text[])) AS w (word)" \
    "  WHERE strpos (' ' || x.name_fold, ' ' || w.word) = 0)" \
    " ORDER BY x.name_fold, x.patient_id LIMIT ?5"
  static const char start_sql[] =
    PG_SEARCH_SQL ("x.prefix = ?4");
  static const char whole_words_sql[] =
    PG_SEARCH_SQL ("x.prefix >= ?4 AND x.prefix < ?4 || CAST (?6 AS text)");
#undef PG_SEARCH_SQL
  gboolean stored_start = g_utf8_strlen (words[0], -1) <= LD_NAME_INDEX_PREFIX_CHARS;
  g_autofree char *array = pg_text_array (words);
  LdDbStmt *stmt = ld_store_prepare (store, stored_start ? start_sql : whole_words_sql, error);
  LdDbStep step;

  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, after_fold ? after_fold : "");
  ld_db_bind_text (stmt, 2, after_id ? after_id : "");
  ld_db_bind_text (stmt, 3, array);
  ld_db_bind_text (stmt, 4, words[0]);
  ld_db_bind_int64 (stmt, 5, limit);
  if (!stored_start)
    ld_db_bind_text (stmt, 6, PREFIX_END);
  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (ids, ld_db_column_dup_text (stmt, 1));
  return step == LD_DB_DONE;
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
  g_return_val_if_fail (patient_id != NULL && new_name_fold != NULL, FALSE);

  if (ld_db_get_backend (store->db) == LD_DB_POSTGRESQL)
    return pg_index_name (store, patient_id, old_name_fold, new_name_fold, error);

  /* The index's code is the client's too, written for SQLite alone. */
  return ld_sqlite_name_index_update (ld_db_sqlite_get_handle (store->db), patient_id,
                                      old_name_fold, new_name_fold, error);
}

typedef struct
{
  GPtrArray *ids;
  guint      limit;
} Collect;

static gboolean
collect_id_cb (const char *name_fold,
               const char *id,
               gpointer    user_data)
{
  Collect *collect = user_data;

  g_ptr_array_add (collect->ids, g_strdup (id));
  return collect->ids->len < collect->limit;
}

static GPtrArray *
search_by_name (LdStore               *store,
                const LdPatientQuery  *query,
                const char            *after_fold,
                const char            *after_id,
                guint                  limit,
                GError               **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) patients = g_ptr_array_new_with_free_func (g_object_unref);
  Collect collect = { ids, limit };

  if (limit > 0 && ld_db_get_backend (store->db) == LD_DB_POSTGRESQL)
    {
      if (!pg_search_names (store, (const char * const *) query->words, after_fold, after_id,
                            limit, ids, error))
        return NULL;
    }
  else if (limit > 0 &&
           !ld_sqlite_name_index_search (ld_db_sqlite_get_handle (store->db),
                                         (const char * const *) query->words,
                                         after_fold, after_id, limit, collect_id_cb, &collect,
                                         error))
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
 * found through its own index and the few are sorted by name. A record
 * merged into another is not found (the name index has dropped it). */
#define SEARCH_HEAD \
  "SELECT " LD_PATIENT_COLUMNS " FROM patients p WHERE (p.name_fold, p.id) > (?1, ?2)" \
  " AND p.merged_into IS NULL"
#define SEARCH_TAIL " ORDER BY p.name_fold, p.id LIMIT ?3"

/* The digits as typed against the full number, and the typed number's
 * national part against each number's (ld_patient_phone_national()), each
 * by its own index: an OR of the two made SQLite walk the whole name index
 * instead. */
static const char phone_search_sql[] =
  SEARCH_HEAD " AND p.id IN (SELECT id FROM patients WHERE phone_digits >= ?4 AND phone_digits < ?5"
              "              UNION"
              "              SELECT id FROM patients WHERE phone_national >= ?6 AND phone_national "
              "< ?7)" SEARCH_TAIL;
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
  LdDbStmt *stmt;

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

  ld_db_bind_text (stmt, 1, after_fold ? after_fold : "");
  ld_db_bind_text (stmt, 2, after_id ? after_id : "");
  ld_db_bind_int64 (stmt, 3, limit);
  ld_db_bind_text (stmt, 4, query->term);
  ld_db_bind_text (stmt, 5, end);
  if (query->kind == LD_PATIENT_QUERY_PHONE && *query->national != '\0')
    {
      g_autofree char *national_end = g_strconcat (query->national, PREFIX_END, NULL);

      ld_db_bind_text (stmt, 6, query->national);
      ld_db_bind_text (stmt, 7, national_end);
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

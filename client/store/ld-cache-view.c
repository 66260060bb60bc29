/* ld-cache-view.c: the queries behind the cache's lists
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view is one list a screen shows: a patient search, a worklist tab, a
 * patient's orders. It answers three questions, each an index walk:
 * where a row is (locate), how many rows come before a place (count), and
 * a page after a place (keyset) or, for a jump, at an offset. LdCacheList
 * builds exact items-changed signals from those answers (ld-cache.c
 * computes them in the write transaction), so no list is ever read whole.
 */

#define G_LOG_DOMAIN "ld-cache-view"

#include "config.h"

#include "ld-cache-private.h"
#include "ld-cache-search.h"
#include "ld-cache-view.h"
#include "ld-cache-view-desk.h"
#include "ld-cache-view-doctor.h"
#include "ld-patient-rules.h"
#include "ld-worklist.h"

struct _LdCacheView
{
  LdCacheViewKind  kind;
  int              tab;
  /* Whose rows: the patient of a patient's orders, the order of its samples. */
  char            *owner_id;
  LdPatientQuery   query;
  /* The catalogue: what was typed, as a LIKE pattern's start. */
  char            *catalog_term;
  /* The desk's views: a day, or ranges of a home visit's slot. */
  gint64           bounds[4];
  /* A worklist's filters (see WORKLIST_FILTER): the highest rank shown or
   * -1, the technician or NULL, the test as a LIKE pattern's part or NULL. */
  int              max_rank;
  char            *technician_id;
  char            *test_term;
  /* A visit's lists take a second id as ?7: the patient of a visit's
   * results (whose orders are looked in), the visit of a visit's orders. */
  char            *extra_id;
};

/* The results' views, keyed by text then the id. */
static gboolean
is_results_view (const LdCacheView *view)
{
  return view->kind == LD_CACHE_VIEW_ORDER_RESULTS || view->kind == LD_CACHE_VIEW_PENDING_RESULTS ||
         view->kind == LD_CACHE_VIEW_VISIT_RESULTS;
}

#define PENDING_OF(table) "(SELECT max(state) FROM outbox WHERE target_id = " table ".id)"

/* Worklist tabs: stat first, then urgent, then routine; oldest first.
 * The bench's filters narrow a tab in the same statements: ?7 the
 * highest rank shown (urgent: stat and urgent only), ?8 the technician
 * holding the order ("mine"), ?9 the start of a test's or panel's code
 * or of a word of a test's name, folded to lower case with LIKE's
 * wildcards escaped, matched in tests_key (migration 0006); each NULL
 * when not set. The tab's index gives the order and the priority's
 * range; the technician and the test are checked on the tab's rows. */
#define WORKLIST_FILTER \
  " AND (?7 IS NULL OR rank <= ?7)" \
  " AND (?8 IS NULL OR technician_id = ?8)" \
  " AND (?9 IS NULL OR tests_key LIKE '%|' || ?9 || '%' ESCAPE '\\')"
/* clang-format off */
static const char worklist_locate_sql[] =
  "SELECT rank, created_us FROM orders WHERE id = ?1 AND tab = ?2" WORKLIST_FILTER;
static const char worklist_count_sql[] =
  "SELECT count(*) FROM orders WHERE tab = ?1" WORKLIST_FILTER;
static const char worklist_before_sql[] =
  "SELECT count(*) FROM orders WHERE tab = ?1 AND (rank, created_us, id) < (?2, ?3, ?4)"
  WORKLIST_FILTER;
static const char worklist_after_sql[] =
  "SELECT id, rank, created_us, record, " PENDING_OF ("orders") " FROM orders"
  " WHERE tab = ?1 AND (rank, created_us, id) > (?2, ?3, ?4)" WORKLIST_FILTER
  " ORDER BY rank, created_us, id LIMIT ?5";
static const char worklist_offset_sql[] =
  "SELECT id, rank, created_us, record, " PENDING_OF ("orders") " FROM orders"
  " WHERE tab = ?1" WORKLIST_FILTER " ORDER BY rank, created_us, id LIMIT ?5 OFFSET ?6";

/* A patient's orders, newest first. */
static const char orders_locate_sql[] =
  "SELECT 0, created_us FROM orders WHERE id = ?1 AND patient_id = ?2";
static const char orders_count_sql[] =
  "SELECT count(*) FROM orders WHERE patient_id = ?1";
static const char orders_before_sql[] =
  "SELECT count(*) FROM orders WHERE patient_id = ?1 AND (created_us, id) > (?3, ?4)";
static const char orders_after_sql[] =
  "SELECT id, 0, created_us, record, " PENDING_OF ("orders") " FROM orders"
  " WHERE patient_id = ?1 AND (created_us, id) < (?3, ?4)"
  " ORDER BY created_us DESC, id DESC LIMIT ?5";
static const char orders_offset_sql[] =
  "SELECT id, 0, created_us, record, " PENDING_OF ("orders") " FROM orders"
  " WHERE patient_id = ?1 ORDER BY created_us DESC, id DESC LIMIT ?5 OFFSET ?6";

/* A visit's orders (?7) among its patient's (?1), as a patient's orders. */
#define OF_VISIT_ORDER " AND json_extract (record, '$.visit_id') = ?7"
static const char visit_orders_locate_sql[] =
  "SELECT 0, created_us FROM orders WHERE id = ?1 AND patient_id = ?2" OF_VISIT_ORDER;
static const char visit_orders_count_sql[] =
  "SELECT count(*) FROM orders WHERE patient_id = ?1" OF_VISIT_ORDER;
static const char visit_orders_before_sql[] =
  "SELECT count(*) FROM orders WHERE patient_id = ?1 AND (created_us, id) > (?3, ?4)" OF_VISIT_ORDER;
static const char visit_orders_after_sql[] =
  "SELECT id, 0, created_us, record, " PENDING_OF ("orders") " FROM orders"
  " WHERE patient_id = ?1 AND (created_us, id) < (?3, ?4)" OF_VISIT_ORDER
  " ORDER BY created_us DESC, id DESC LIMIT ?5";
static const char visit_orders_offset_sql[] =
  "SELECT id, 0, created_us, record, " PENDING_OF ("orders") " FROM orders"
  " WHERE patient_id = ?1" OF_VISIT_ORDER " ORDER BY created_us DESC, id DESC LIMIT ?5 OFFSET ?6";

/* Patients found by a number rather than a name, in name order. Ranges
 * rather than LIKE, so each is an index range; '~' sorts after every
 * digit and capital letter. The unary plus keeps SQLite from walking the
 * whole name index in order and filtering (it does, for the phone's OR):
 * the few matches are found by their own index, then sorted. */
#define MRN_MATCH "mrn >= ?1 AND mrn < ?1 || '~'"
#define PHONE_MATCH \
  "((phone_digits >= ?1 AND phone_digits < ?1 || '~')" \
  " OR (phone_national >= ?1 AND phone_national < ?1 || '~'))"
#define NATIONAL_ID_MATCH "national_id >= ?1 AND national_id < ?1 || '~'"

#define NUMBER_SQL(match) \
  { "SELECT name_fold FROM patients WHERE id = ?2 AND " match, \
    "SELECT count(*) FROM patients WHERE " match, \
    "SELECT count(*) FROM patients WHERE " match " AND (+name_fold, +id) < (?2, ?3)", \
    "SELECT id, 0, 0, record, " PENDING_OF ("patients") ", name_fold FROM patients" \
    " WHERE " match " AND (+name_fold, +id) > (?2, ?3) ORDER BY +name_fold, +id LIMIT ?5", \
    "SELECT id, 0, 0, record, " PENDING_OF ("patients") ", name_fold FROM patients" \
    " WHERE " match " ORDER BY +name_fold, +id LIMIT ?5 OFFSET ?6" }

/* An order's samples in accession order, which is the order they were
 * collected in (a sample not yet given one sorts first). The key is the
 * accession as text, then the id. */
#define SAMPLE_ACCESSION "coalesce (accession, '')"
static const char samples_locate_sql[] =
  "SELECT 0, " SAMPLE_ACCESSION " FROM samples WHERE id = ?2 AND order_id = ?1";
static const char samples_count_sql[] =
  "SELECT count(*) FROM samples WHERE order_id = ?1";
static const char samples_before_sql[] =
  "SELECT count(*) FROM samples WHERE order_id = ?1"
  " AND (" SAMPLE_ACCESSION ", 0, id) < (?2, ?3, ?4)";
static const char samples_after_sql[] =
  "SELECT id, 0, 0, record, " PENDING_OF ("samples") ", " SAMPLE_ACCESSION " AS accession_key"
  " FROM samples WHERE order_id = ?1 AND (" SAMPLE_ACCESSION ", 0, id) > (?2, ?3, ?4)"
  " ORDER BY accession_key, id LIMIT ?5";
static const char samples_offset_sql[] =
  "SELECT id, 0, 0, record, " PENDING_OF ("samples") ", " SAMPLE_ACCESSION " AS accession_key"
  " FROM samples WHERE order_id = ?1 ORDER BY accession_key, id LIMIT ?5 OFFSET ?6";

/* An order's results by test code: a handful of rows found by the order's
 * index, then sorted. The key is the code as text, then the id. */
#define RESULT_CODE "coalesce (json_extract (record, '$.test_code'), '')"
static const char results_locate_sql[] =
  "SELECT 0, " RESULT_CODE " FROM results WHERE id = ?2 AND order_id = ?1";
static const char results_count_sql[] =
  "SELECT count(*) FROM results WHERE order_id = ?1";
static const char results_before_sql[] =
  "SELECT count(*) FROM results WHERE order_id = ?1 AND (" RESULT_CODE ", 0, id) < (?2, ?3, ?4)";
static const char results_after_sql[] =
  "SELECT id, 0, 0, record, " PENDING_OF ("results") ", " RESULT_CODE " AS code_key"
  " FROM results WHERE order_id = ?1 AND (" RESULT_CODE ", 0, id) > (?2, ?3, ?4)"
  " ORDER BY code_key, id LIMIT ?5";
static const char results_offset_sql[] =
  "SELECT id, 0, 0, record, " PENDING_OF ("results") ", " RESULT_CODE " AS code_key"
  " FROM results WHERE order_id = ?1 ORDER BY code_key, id LIMIT ?5 OFFSET ?6";

/* The results of the orders prescribed during a visit (?1), found among
 * the orders of its patient (?7) by their index, then by test code as an
 * order's results are. */
#define OF_VISIT \
  " order_id IN (SELECT id FROM orders WHERE patient_id = ?7" \
  "              AND json_extract (record, '$.visit_id') = ?1)"
static const char visit_results_locate_sql[] =
  "SELECT 0, " RESULT_CODE " FROM results WHERE id = ?2 AND" OF_VISIT;
static const char visit_results_count_sql[] =
  "SELECT count(*) FROM results WHERE" OF_VISIT;
static const char visit_results_before_sql[] =
  "SELECT count(*) FROM results WHERE" OF_VISIT " AND (" RESULT_CODE ", 0, id) < (?2, ?3, ?4)";
static const char visit_results_after_sql[] =
  "SELECT id, 0, 0, record, " PENDING_OF ("results") ", " RESULT_CODE " AS code_key"
  " FROM results WHERE" OF_VISIT " AND (" RESULT_CODE ", 0, id) > (?2, ?3, ?4)"
  " ORDER BY code_key, id LIMIT ?5";
static const char visit_results_offset_sql[] =
  "SELECT id, 0, 0, record, " PENDING_OF ("results") ", " RESULT_CODE " AS code_key"
  " FROM results WHERE" OF_VISIT " ORDER BY code_key, id LIMIT ?5 OFFSET ?6";

/* One test's results still waiting for a value, across orders (batch
 * entry): in order number order, which is the order they were made in.
 * A draft keeps a result pending; a submitted one leaves the list. ?1 is
 * the test's code; the key is the order number as text, then the id. */
#define RESULT_TEST "json_extract (record, '$.test_code')"
#define RESULT_ORDER "coalesce (json_extract (record, '$.order_number'), '')"
#define PENDING_WHERE " FROM results WHERE state = 'pending' AND " RESULT_TEST " = ?1"
static const char pending_locate_sql[] =
  "SELECT 0, " RESULT_ORDER PENDING_WHERE " AND id = ?2";
static const char pending_count_sql[] =
  "SELECT count(*)" PENDING_WHERE;
static const char pending_before_sql[] =
  "SELECT count(*)" PENDING_WHERE " AND (" RESULT_ORDER ", 0, id) < (?2, ?3, ?4)";
static const char pending_after_sql[] =
  "SELECT id, 0, 0, record, " PENDING_OF ("results") ", " RESULT_ORDER " AS order_key"
  PENDING_WHERE " AND (" RESULT_ORDER ", 0, id) > (?2, ?3, ?4) ORDER BY order_key, id LIMIT ?5";
static const char pending_offset_sql[] =
  "SELECT id, 0, 0, record, " PENDING_OF ("results") ", " RESULT_ORDER " AS order_key"
  PENDING_WHERE " ORDER BY order_key, id LIMIT ?5 OFFSET ?6";

typedef LdCacheViewSql ViewSql;

/* The catalogue's tests and panels for booking, active ones only, in name
 * order (tests before panels of the same name): a code starting with what
 * was typed, or a name with a word starting with it. The catalogue holds
 * a few hundred items, so a scan of its rows is cheap. ?1 is the typed
 * text with LIKE's wildcards escaped; n1 0 for a test, 1 for a panel. */
#define CATALOG_FROM \
  " FROM (SELECT id, record, entity = 'catalog_panel' AS n1," \
  "              lower (json_extract (record, '$.name')) AS name_fold FROM records" \
  "        WHERE entity IN ('catalog_test', 'catalog_panel')" \
  "          AND coalesce (json_extract (record, '$.active'), 1)" \
  "          AND (id LIKE ?1 || '%' ESCAPE '\\'" \
  "               OR json_extract (record, '$.name') LIKE ?1 || '%' ESCAPE '\\'" \
  "               OR json_extract (record, '$.name') LIKE '% ' || ?1 || '%' ESCAPE '\\'))"
static const char catalog_locate_sql[] =
  "SELECT n1, name_fold" CATALOG_FROM " WHERE id = ?2";
static const char catalog_count_sql[] =
  "SELECT count(*)" CATALOG_FROM;
static const char catalog_before_sql[] =
  "SELECT count(*)" CATALOG_FROM " WHERE (name_fold, n1, id) < (?2, ?3, ?4)";
static const char catalog_after_sql[] =
  "SELECT id, n1, 0, record, NULL, name_fold" CATALOG_FROM
  " WHERE (name_fold, n1, id) > (?2, ?3, ?4) ORDER BY name_fold, n1, id LIMIT ?5";
static const char catalog_offset_sql[] =
  "SELECT id, n1, 0, record, NULL, name_fold" CATALOG_FROM
  " ORDER BY name_fold, n1, id LIMIT ?5 OFFSET ?6";


static const ViewSql worklist_sql = {
  worklist_locate_sql, worklist_count_sql, worklist_before_sql, worklist_after_sql,
  worklist_offset_sql
};
/* clang-format on */
static const ViewSql orders_sql = { orders_locate_sql, orders_count_sql, orders_before_sql,
                                    orders_after_sql, orders_offset_sql };
static const ViewSql samples_sql = { samples_locate_sql, samples_count_sql, samples_before_sql,
                                     samples_after_sql, samples_offset_sql };
static const ViewSql results_sql = { results_locate_sql, results_count_sql, results_before_sql,
                                     results_after_sql, results_offset_sql };
static const ViewSql visit_orders_sql = { visit_orders_locate_sql, visit_orders_count_sql,
                                          visit_orders_before_sql, visit_orders_after_sql,
                                          visit_orders_offset_sql };
static const ViewSql visit_results_sql = { visit_results_locate_sql, visit_results_count_sql,
                                           visit_results_before_sql, visit_results_after_sql,
                                           visit_results_offset_sql };
static const ViewSql pending_sql = { pending_locate_sql, pending_count_sql, pending_before_sql,
                                     pending_after_sql, pending_offset_sql };
static const ViewSql catalog_sql = { catalog_locate_sql, catalog_count_sql, catalog_before_sql,
                                     catalog_after_sql, catalog_offset_sql };
/* clang-format off */
static const ViewSql number_sql[] = {
  [LD_PATIENT_QUERY_MRN] = NUMBER_SQL (MRN_MATCH),
  [LD_PATIENT_QUERY_PHONE] = NUMBER_SQL (PHONE_MATCH),
  [LD_PATIENT_QUERY_NATIONAL_ID] = NUMBER_SQL (NATIONAL_ID_MATCH),
};
/* clang-format on */

static const char patient_row_sql[] =
  "SELECT record, " PENDING_OF ("patients") " FROM patients WHERE id = ?1";

static void
view_free (LdCacheView *view)
{
  g_free (view->owner_id);
  g_free (view->catalog_term);
  g_free (view->technician_id);
  g_free (view->test_term);
  g_free (view->extra_id);
  ld_patient_query_clear (&view->query);
}

static LdCacheView *
view_new (LdCacheViewKind kind)
{
  LdCacheView *view = g_atomic_rc_box_new0 (LdCacheView);

  view->kind = kind;
  view->max_rank = -1;
  return view;
}

/* @text folded to lower case, stripped, with LIKE's wildcards escaped
 * (ESCAPE '\\'); "" for NULL. */
static char *
dup_like_term (const char *text,
               gboolean    fold)
{
  g_autofree char *typed =
    g_strstrip (fold ? g_utf8_strdown (text ? text : "", -1) : g_strdup (text ? text : ""));
  GString *term = g_string_new (NULL);

  for (const char *p = typed; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (term, '\\');
      g_string_append_c (term, *p);
    }
  return g_string_free (term, FALSE);
}

/**
 * ld_cache_view_new_patient_search:
 * @query: what the desk typed: a name, phone number, MRN or ID, read as
 *   the server reads it
 * @error: return location for an %LD_API_ERROR (validation_failed)
 *
 * Returns: (transfer full) (nullable): the view
 */
LdCacheView *
ld_cache_view_new_patient_search (const char  *query,
                                  GError     **error)
{
  g_autoptr(LdCacheView) view = view_new (LD_CACHE_VIEW_PATIENT_SEARCH);
  const char *reason = NULL;

  if (!ld_patient_query_parse (query, &view->query, &reason))
    {
      GError *local = g_error_new_literal (LD_API_ERROR, LD_API_ERROR_VALIDATION_FAILED,
                                           "Type a name, a phone number, an MRN or an ID.");

      ld_api_error_set_field (local, "q", reason);
      g_propagate_error (error, local);
      return NULL;
    }
  return g_steal_pointer (&view);
}

LdCacheView *
ld_cache_view_new_worklist (int tab)
{
  LdCacheView *view = view_new (LD_CACHE_VIEW_WORKLIST);

  view->tab = tab;
  return view;
}

/**
 * ld_cache_view_new_worklist_filtered:
 * @tab: an #LdWorklistTab
 * @urgent_only: only stat and urgent orders
 * @technician_id: (nullable): only the orders this technician holds
 * @test: (nullable): only the orders with a test whose code (or panel's
 *   code), name or a word of its name starts with this, in any case;
 *   blank for any
 *
 * Returns: (transfer full): the tab's orders the filters let through,
 *   in the tab's order
 */
LdCacheView *
ld_cache_view_new_worklist_filtered (int         tab,
                                     gboolean    urgent_only,
                                     const char *technician_id,
                                     const char *test)
{
  LdCacheView *view = ld_cache_view_new_worklist (tab);
  g_autofree char *term = dup_like_term (test, TRUE);

  view->max_rank = urgent_only ? ld_worklist_priority_rank ("urgent") : -1;
  view->technician_id = g_strdup (technician_id);
  view->test_term = *term != '\0' ? g_steal_pointer (&term) : NULL;
  return view;
}

LdCacheView *
ld_cache_view_new_patient_orders (const char *patient_id)
{
  LdCacheView *view;

  g_return_val_if_fail (patient_id != NULL, NULL);

  view = view_new (LD_CACHE_VIEW_PATIENT_ORDERS);
  view->owner_id = g_strdup (patient_id);
  return view;
}

/**
 * ld_cache_view_new_catalog_search:
 * @query: (nullable): what the desk typed: the start of a code or of a
 *   word of a name; %NULL or blank for the whole catalogue
 *
 * Returns: (transfer full): the view
 */
LdCacheView *
ld_cache_view_new_catalog_search (const char *query)
{
  LdCacheView *view = view_new (LD_CACHE_VIEW_CATALOG_SEARCH);

  view->catalog_term = dup_like_term (query, FALSE);
  return view;
}

LdCacheView *
ld_cache_view_new_order_samples (const char *order_id)
{
  LdCacheView *view;

  g_return_val_if_fail (order_id != NULL, NULL);

  view = view_new (LD_CACHE_VIEW_ORDER_SAMPLES);
  view->owner_id = g_strdup (order_id);
  return view;
}

LdCacheView *
ld_cache_view_new_order_results (const char *order_id)
{
  LdCacheView *view;

  g_return_val_if_fail (order_id != NULL, NULL);

  view = view_new (LD_CACHE_VIEW_ORDER_RESULTS);
  view->owner_id = g_strdup (order_id);
  return view;
}

/* @test_code's results waiting for a value, across orders. */
LdCacheView *
ld_cache_view_new_pending_results (const char *test_code)
{
  LdCacheView *view;

  g_return_val_if_fail (test_code != NULL, NULL);

  view = view_new (LD_CACHE_VIEW_PENDING_RESULTS);
  view->owner_id = g_strdup (test_code);
  return view;
}

/**
 * ld_cache_view_new_visit_results:
 * @patient_id: the visit's patient
 * @visit_id: the visit
 *
 * Returns: (transfer full): the results of the orders prescribed during
 *   @visit_id, by test code, pending ones too: the tests as the visit
 *   shows them, each with its value once the lab has it
 */
LdCacheView *
ld_cache_view_new_visit_results (const char *patient_id,
                                 const char *visit_id)
{
  LdCacheView *view;

  g_return_val_if_fail (patient_id != NULL && visit_id != NULL, NULL);

  view = view_new (LD_CACHE_VIEW_VISIT_RESULTS);
  view->owner_id = g_strdup (visit_id);
  view->extra_id = g_strdup (patient_id);
  return view;
}

/**
 * ld_cache_view_new_visit_orders:
 * @patient_id: the visit's patient
 * @visit_id: the visit
 *
 * Returns: (transfer full): the orders prescribed during @visit_id, newest
 *   first, as a patient's orders are listed
 */
LdCacheView *
ld_cache_view_new_visit_orders (const char *patient_id,
                                const char *visit_id)
{
  LdCacheView *view;

  g_return_val_if_fail (patient_id != NULL && visit_id != NULL, NULL);

  view = view_new (LD_CACHE_VIEW_VISIT_ORDERS);
  view->owner_id = g_strdup (patient_id);
  view->extra_id = g_strdup (visit_id);
  return view;
}

LdCacheView *
ld_cache_view_new_owing (gint64 day_start_us,
                         gint64 day_end_us)
{
  LdCacheView *view = view_new (LD_CACHE_VIEW_OWING);

  view->bounds[0] = day_start_us;
  view->bounds[1] = day_end_us;
  return view;
}

LdCacheView *
ld_cache_view_new_home_visits (gint64 start_from_us,
                               gint64 start_until_us,
                               gint64 end_after_us,
                               gint64 end_until_us)
{
  LdCacheView *view = view_new (LD_CACHE_VIEW_HOME_VISITS);

  view->bounds[0] = start_from_us;
  view->bounds[1] = start_until_us;
  view->bounds[2] = end_after_us;
  view->bounds[3] = end_until_us;
  return view;
}

/**
 * ld_cache_view_new_doctor:
 * @kind: %LD_CACHE_VIEW_DOCTOR_ORDERS, %LD_CACHE_VIEW_DOCTOR_PATIENTS or
 *   %LD_CACHE_VIEW_DOCTOR_ALERTS
 * @doctor_id: the doctor user whose list it is
 *
 * Returns: (transfer full): the view (ld-cache-view-doctor.c)
 */
LdCacheView *
ld_cache_view_new_doctor (LdCacheViewKind  kind,
                          const char      *doctor_id)
{
  LdCacheView *view;

  g_return_val_if_fail (kind == LD_CACHE_VIEW_DOCTOR_ORDERS ||
                          kind == LD_CACHE_VIEW_DOCTOR_PATIENTS ||
                          kind == LD_CACHE_VIEW_DOCTOR_ALERTS,
                        NULL);
  g_return_val_if_fail (doctor_id != NULL, NULL);

  view = view_new (kind);
  view->owner_id = g_strdup (doctor_id);
  return view;
}

LdCacheView *
ld_cache_view_ref (LdCacheView *view)
{
  return g_atomic_rc_box_acquire (view);
}

void
ld_cache_view_unref (LdCacheView *view)
{
  g_atomic_rc_box_release_full (view, (GDestroyNotify) view_free);
}

const char *
ld_cache_view_get_entity (const LdCacheView *view)
{
  switch (view->kind)
    {
    case LD_CACHE_VIEW_PATIENT_SEARCH:
    case LD_CACHE_VIEW_DOCTOR_PATIENTS:
      return "patient";
    case LD_CACHE_VIEW_DOCTOR_ALERTS:
      return "alert";
    case LD_CACHE_VIEW_CATALOG_SEARCH:
      return "catalog";
    case LD_CACHE_VIEW_ORDER_SAMPLES:
      return "sample";
    case LD_CACHE_VIEW_ORDER_RESULTS:
    case LD_CACHE_VIEW_PENDING_RESULTS:
    case LD_CACHE_VIEW_VISIT_RESULTS:
      return "result";
    case LD_CACHE_VIEW_WORKLIST:
    case LD_CACHE_VIEW_PATIENT_ORDERS:
    default:
      return "order";
    }
}

/* Whether a change to a record of @entity makes the view recount rather
 * than follow it row by row: the catalogue spans two kinds of record and
 * changes seldom; a doctor's patients (a few hundred at most) are
 * ordered by their orders. */
gboolean
ld_cache_view_recounts_for (const LdCacheView *view,
                            const char        *entity)
{
  /* A visit's results show once their order, naming the visit, is here. */
  if (view->kind == LD_CACHE_VIEW_DOCTOR_PATIENTS || view->kind == LD_CACHE_VIEW_VISIT_RESULTS)
    return g_str_equal (entity, "order");
  return view->kind == LD_CACHE_VIEW_CATALOG_SEARCH &&
         (g_str_equal (entity, "catalog_test") || g_str_equal (entity, "catalog_panel"));
}

void
ld_cache_view_key_clear (LdCacheViewKey *key)
{
  g_clear_pointer (&key->text, g_free);
  g_clear_pointer (&key->id, g_free);
}

void
ld_cache_view_key_copy (const LdCacheViewKey *key,
                        LdCacheViewKey       *out_copy)
{
  out_copy->n1 = key->n1;
  out_copy->n2 = key->n2;
  out_copy->text = g_strdup (key->text);
  out_copy->id = g_strdup (key->id);
}

void
ld_cache_view_row_free (LdCacheViewRow *row)
{
  ld_cache_view_key_clear (&row->key);
  g_free (row->record);
  g_clear_pointer (&row->object, json_object_unref);
  g_free (row->pending);
  ld_cache_pending_free (row->detail);
  g_free (row);
}

/* The SQL of a view read through plain statements; NULL for a name search. */
static const ViewSql *
view_sql (const LdCacheView *view)
{
  switch (view->kind)
    {
    case LD_CACHE_VIEW_WORKLIST:
      return &worklist_sql;
    case LD_CACHE_VIEW_PATIENT_ORDERS:
      return &orders_sql;
    case LD_CACHE_VIEW_CATALOG_SEARCH:
      return &catalog_sql;
    case LD_CACHE_VIEW_ORDER_SAMPLES:
      return &samples_sql;
    case LD_CACHE_VIEW_ORDER_RESULTS:
      return &results_sql;
    case LD_CACHE_VIEW_PENDING_RESULTS:
      return &pending_sql;
    case LD_CACHE_VIEW_VISIT_RESULTS:
      return &visit_results_sql;
    case LD_CACHE_VIEW_VISIT_ORDERS:
      return &visit_orders_sql;
    case LD_CACHE_VIEW_OWING:
    case LD_CACHE_VIEW_HOME_VISITS:
      return ld_cache_desk_sql (view->kind);
    case LD_CACHE_VIEW_DOCTOR_ORDERS:
    case LD_CACHE_VIEW_DOCTOR_PATIENTS:
    case LD_CACHE_VIEW_DOCTOR_ALERTS:
      return ld_cache_doctor_sql (view->kind);
    case LD_CACHE_VIEW_PATIENT_SEARCH:
    default:
      return view->query.kind == LD_PATIENT_QUERY_NAME ? NULL : &number_sql[view->query.kind];
    }
}

/**
 * ld_cache_view_get_sql:
 * @view: a view
 *
 * For tests of the query plans: what the view runs.
 *
 * Returns: (transfer none) (nullable): the view's statements; %NULL for a
 *   search by name, which goes through the name words instead
 */
const LdCacheViewSql *
ld_cache_view_get_sql (const LdCacheView *view)
{
  g_return_val_if_fail (view != NULL, NULL);

  return view_sql (view);
}

/* ?1 is what selects the view; ?2 … ?4 a key, where the statement has one. */
static void
bind_view (const LdCacheView    *view,
           LdSqliteStmt         *stmt,
           const LdCacheViewKey *key)
{
  switch (view->kind)
    {
    case LD_CACHE_VIEW_WORKLIST:
      ld_sqlite_bind_int64 (stmt, 1, view->tab);
      if (key != NULL)
        {
          ld_sqlite_bind_int64 (stmt, 2, key->n1);
          ld_sqlite_bind_int64 (stmt, 3, key->n2);
          ld_sqlite_bind_text (stmt, 4, key->id);
        }
      if (view->max_rank >= 0)
        ld_sqlite_bind_int64 (stmt, 7, view->max_rank);
      ld_sqlite_bind_text (stmt, 8, view->technician_id);
      ld_sqlite_bind_text (stmt, 9, view->test_term);
      break;

    case LD_CACHE_VIEW_PATIENT_ORDERS:
    case LD_CACHE_VIEW_DOCTOR_ORDERS:
    case LD_CACHE_VIEW_DOCTOR_PATIENTS:
    case LD_CACHE_VIEW_VISIT_ORDERS:
      ld_sqlite_bind_text (stmt, 1, view->owner_id);
      if (view->kind == LD_CACHE_VIEW_VISIT_ORDERS)
        ld_sqlite_bind_text (stmt, 7, view->extra_id);
      if (key != NULL)
        {
          ld_sqlite_bind_int64 (stmt, 3, key->n2);
          ld_sqlite_bind_text (stmt, 4, key->id);
        }
      break;

    case LD_CACHE_VIEW_ORDER_SAMPLES:
    case LD_CACHE_VIEW_ORDER_RESULTS:
    case LD_CACHE_VIEW_DOCTOR_ALERTS:
    case LD_CACHE_VIEW_PENDING_RESULTS:
    case LD_CACHE_VIEW_VISIT_RESULTS:
      ld_sqlite_bind_text (stmt, 1, view->owner_id);
      if (view->kind == LD_CACHE_VIEW_VISIT_RESULTS)
        ld_sqlite_bind_text (stmt, 7, view->extra_id);
      if (key != NULL)
        {
          ld_sqlite_bind_text (stmt, 2, key->text);
          ld_sqlite_bind_int64 (stmt, 3, key->n1);
          ld_sqlite_bind_text (stmt, 4, key->id);
        }
      break;

    case LD_CACHE_VIEW_CATALOG_SEARCH:
      ld_sqlite_bind_text (stmt, 1, view->catalog_term);
      if (key != NULL)
        {
          ld_sqlite_bind_text (stmt, 2, key->text);
          ld_sqlite_bind_int64 (stmt, 3, key->n1);
          ld_sqlite_bind_text (stmt, 4, key->id);
        }
      break;

    case LD_CACHE_VIEW_OWING:
    case LD_CACHE_VIEW_HOME_VISITS:
      ld_cache_desk_bind (view->kind, view->bounds, stmt, key);
      break;

    case LD_CACHE_VIEW_PATIENT_SEARCH:
    default:
      ld_sqlite_bind_text (stmt, 1, view->query.term);
      if (key != NULL)
        {
          ld_sqlite_bind_text (stmt, 2, key->text);
          ld_sqlite_bind_text (stmt, 3, key->id);
        }
      break;
    }
}

/* Views whose key holds text (a name, a code, a time as text), and whose
 * locate statement takes the record's id as ?2. */
static gboolean
keyed_by_text (const LdCacheView *view)
{
  return view->kind == LD_CACHE_VIEW_PATIENT_SEARCH || view->kind == LD_CACHE_VIEW_CATALOG_SEARCH ||
         view->kind == LD_CACHE_VIEW_ORDER_SAMPLES || is_results_view (view) ||
         view->kind == LD_CACHE_VIEW_DOCTOR_ALERTS;
}

/**
 * ld_cache_view_locate:
 * @view: a view
 * @db: the worker's connection
 * @id: a record of the view's entity
 * @out_key: (out caller-allocates): its key, when found
 * @out_found: (out): whether the record is in the view
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE if the question was answered
 */
gboolean
ld_cache_view_locate (const LdCacheView  *view,
                      LdSqlite           *db,
                      const char         *id,
                      LdCacheViewKey     *out_key,
                      gboolean           *out_found,
                      GError            **error)
{
  const ViewSql *sql = view_sql (view);
  LdSqliteStmt *stmt;
  LdSqliteStep step;

  *out_found = FALSE;
  if (sql == NULL)
    return ld_cache_search_locate (&view->query, db, id, out_key, out_found, error);

  stmt = ld_sqlite_prepare_cached (db, sql->locate, error);
  if (stmt == NULL)
    return FALSE;

  bind_view (view, stmt, NULL);
  /* The locate statements take the id as ?1 (orders) or ?2 (patients,
   * the catalogue). */
  if (keyed_by_text (view))
    ld_sqlite_bind_text (stmt, 2, id);
  else
    {
      ld_sqlite_bind_text (stmt, 1, id);
      if (view->kind == LD_CACHE_VIEW_WORKLIST)
        ld_sqlite_bind_int64 (stmt, 2, view->tab);
      else if (view->kind == LD_CACHE_VIEW_PATIENT_ORDERS ||
               view->kind == LD_CACHE_VIEW_VISIT_ORDERS ||
               view->kind == LD_CACHE_VIEW_DOCTOR_ORDERS ||
               view->kind == LD_CACHE_VIEW_DOCTOR_PATIENTS)
        ld_sqlite_bind_text (stmt, 2, view->owner_id);
    }

  step = ld_sqlite_step (stmt, error);
  if (step == LD_SQLITE_ROW)
    {
      *out_found = TRUE;
      out_key->id = g_strdup (id);
      if (view->kind == LD_CACHE_VIEW_PATIENT_SEARCH)
        out_key->text = ld_sqlite_column_dup_text (stmt, 0);
      else if (keyed_by_text (view))
        {
          out_key->n1 = ld_sqlite_column_int64 (stmt, 0);
          out_key->text = ld_sqlite_column_dup_text (stmt, 1);
        }
      else
        {
          out_key->n1 = ld_sqlite_column_int64 (stmt, 0);
          out_key->n2 = ld_sqlite_column_int64 (stmt, 1);
        }
    }
  return step != LD_SQLITE_ERROR && ld_sqlite_step_done (stmt, error);
}

/**
 * ld_cache_view_count:
 * @view: a view
 * @db: the worker's connection
 * @before: (nullable): a key; %NULL to count the whole view
 * @out_count: (out): how many rows come before @before
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_cache_view_count (const LdCacheView     *view,
                     LdSqlite              *db,
                     const LdCacheViewKey  *before,
                     gint64                *out_count,
                     GError               **error)
{
  const ViewSql *sql = view_sql (view);
  LdSqliteStmt *stmt;

  if (sql == NULL)
    return ld_cache_search_count (&view->query, db, before, out_count, error);

  stmt = ld_sqlite_prepare_cached (db, before != NULL ? sql->before : sql->count, error);
  if (stmt == NULL)
    return FALSE;

  bind_view (view, stmt, before);
  if (ld_sqlite_step (stmt, error) != LD_SQLITE_ROW)
    return FALSE;
  *out_count = ld_sqlite_column_int64 (stmt, 0);
  return ld_sqlite_step_done (stmt, error);
}

/* Fills in the record and outbox state of each patient found by a name. */
static gboolean
read_patient_rows (LdSqlite   *db,
                   GPtrArray  *rows,
                   GError    **error)
{
  for (guint i = 0; i < rows->len; i++)
    {
      LdCacheViewRow *row = g_ptr_array_index (rows, i);
      LdSqliteStmt *stmt = ld_sqlite_prepare_cached (db, patient_row_sql, error);

      if (stmt == NULL)
        return FALSE;
      ld_sqlite_bind_text (stmt, 1, row->key.id);
      if (ld_sqlite_step (stmt, error) != LD_SQLITE_ROW)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                                 "A patient of the name list is missing.");
          return FALSE;
        }
      row->record = ld_sqlite_column_dup_text (stmt, 0);
      row->pending = ld_sqlite_column_dup_text (stmt, 1);
      if (!ld_sqlite_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Rows with work waiting show it (see ld_cache_outbox_overlay()). */
static gboolean
overlay_pending (LdSqlite   *db,
                 GPtrArray  *rows,
                 GError    **error)
{
  for (guint i = 0; i < rows->len; i++)
    {
      LdCacheViewRow *row = g_ptr_array_index (rows, i);

      if (row->pending == NULL)
        continue;
      if (row->record != NULL && !ld_cache_outbox_overlay (db, row->key.id, &row->record, error))
        return FALSE;
      if ((row->detail = ld_cache_outbox_pending (db, row->key.id, error)) == NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * ld_cache_view_read_page:
 * @view: a view
 * @db: the worker's connection
 * @after: (nullable): the key of the row before the page (keyset)
 * @offset: where the page starts, when @after is %NULL
 * @limit: the most rows wanted
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdCacheViewRow) (nullable): the rows
 */
GPtrArray *
ld_cache_view_read_page (const LdCacheView     *view,
                         LdSqlite              *db,
                         const LdCacheViewKey  *after,
                         gint64                 offset,
                         guint                  limit,
                         GError               **error)
{
  g_autoptr(GPtrArray) rows =
               g_ptr_array_new_with_free_func ((GDestroyNotify) ld_cache_view_row_free);
  const ViewSql *sql = view_sql (view);
  LdSqliteStmt *stmt;
  LdSqliteStep step;

  if (sql == NULL)
    {
      if (!ld_cache_search_page (&view->query, db, after, offset, limit, rows, error) ||
          !read_patient_rows (db, rows, error) ||
          !overlay_pending (db, rows, error))
        return NULL;
      return g_steal_pointer (&rows);
    }

  stmt = ld_sqlite_prepare_cached (db, after != NULL ? sql->after : sql->offset, error);
  if (stmt == NULL)
    return NULL;

  bind_view (view, stmt, after);
  ld_sqlite_bind_int64 (stmt, 5, limit);
  if (after == NULL)
    ld_sqlite_bind_int64 (stmt, 6, offset);

  while ((step = ld_sqlite_step (stmt, error)) == LD_SQLITE_ROW)
    {
      LdCacheViewRow *row = g_new0 (LdCacheViewRow, 1);

      row->key.id = ld_sqlite_column_dup_text (stmt, 0);
      row->key.n1 = ld_sqlite_column_int64 (stmt, 1);
      row->key.n2 = ld_sqlite_column_int64 (stmt, 2);
      row->record = ld_sqlite_column_dup_text (stmt, 3);
      row->pending = ld_sqlite_column_dup_text (stmt, 4);
      if (keyed_by_text (view))
        row->key.text = ld_sqlite_column_dup_text (stmt, 5);
      g_ptr_array_add (rows, row);
    }
  if (step == LD_SQLITE_ERROR || !overlay_pending (db, rows, error))
    return NULL;

  return g_steal_pointer (&rows);
}

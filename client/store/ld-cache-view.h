/* ld-cache-view.h: the queries behind the cache's lists
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ld-sqlite.h"

#include "ld-cache-record.h"

G_BEGIN_DECLS

/* A row's place in a view's order: numbers, text and the id, compared in
 * that order (each view says which it uses). */
typedef struct
{
  gint64  n1;
  gint64  n2;
  char   *text;
  char   *id;
} LdCacheViewKey;

/* One row of a page: its key, the record as the server sent it (or as it
 * was made here) and its outbox state: NULL, "queued" or "rejected". */
typedef struct
{
  LdCacheViewKey  key;
  char           *record;
  /* The record parsed on the reader's thread (ld_cache_read_page_async()),
   * handed with the row to the main thread, which alone uses it after. */
  JsonObject     *object;
  char           *pending;
  /* For a row with work waiting: what the outbox holds for it. */
  LdCachePending *detail;
} LdCacheViewRow;

typedef enum
{
  LD_CACHE_VIEW_PATIENT_SEARCH,
  LD_CACHE_VIEW_WORKLIST,
  LD_CACHE_VIEW_PATIENT_ORDERS,
  LD_CACHE_VIEW_OWING,
  LD_CACHE_VIEW_HOME_VISITS,
  LD_CACHE_VIEW_CATALOG_SEARCH,
  LD_CACHE_VIEW_ORDER_SAMPLES,
  LD_CACHE_VIEW_ORDER_RESULTS,
  LD_CACHE_VIEW_DOCTOR_ORDERS,
  LD_CACHE_VIEW_DOCTOR_PATIENTS,
  LD_CACHE_VIEW_DOCTOR_ALERTS,
  LD_CACHE_VIEW_PENDING_RESULTS,
  LD_CACHE_VIEW_VISIT_RESULTS,
  LD_CACHE_VIEW_VISIT_ORDERS,
} LdCacheViewKind;

typedef struct _LdCacheView LdCacheView;

LdCacheView   *ld_cache_view_new_patient_search  (const char            *query,
                                                  GError               **error);
LdCacheView   *ld_cache_view_new_worklist        (int                    tab);
LdCacheView   *ld_cache_view_new_worklist_filtered (int                  tab,
                                                    gboolean             urgent_only,
                                                    const char          *technician_id,
                                                    const char          *test);
LdCacheView   *ld_cache_view_new_patient_orders  (const char            *patient_id);
LdCacheView   *ld_cache_view_new_owing           (gint64                 day_start_us,
                                                  gint64                 day_end_us);
LdCacheView   *ld_cache_view_new_home_visits     (gint64                 start_from_us,
                                                  gint64                 start_until_us,
                                                  gint64                 end_after_us,
                                                  gint64                 end_until_us);
LdCacheView   *ld_cache_view_new_catalog_search  (const char            *query);
LdCacheView   *ld_cache_view_new_order_samples   (const char            *order_id);
LdCacheView   *ld_cache_view_new_order_results   (const char            *order_id);
LdCacheView   *ld_cache_view_new_doctor          (LdCacheViewKind        kind,
                                                  const char            *doctor_id);
LdCacheView   *ld_cache_view_new_pending_results (const char            *test_code);
LdCacheView   *ld_cache_view_new_visit_results   (const char            *patient_id,
                                                  const char            *visit_id);
LdCacheView   *ld_cache_view_new_visit_orders    (const char            *patient_id,
                                                  const char            *visit_id);
LdCacheView   *ld_cache_view_ref                 (LdCacheView           *view);
void           ld_cache_view_unref               (LdCacheView           *view);
const char    *ld_cache_view_get_entity          (const LdCacheView     *view);
gboolean       ld_cache_view_recounts_for        (const LdCacheView     *view,
                                                  const char            *entity);

/* The statements behind one view: where a row is, how many rows there
 * are or come before a key, a page after a key or at an offset. */
typedef struct
{
  const char *locate;
  const char *count;
  const char *before;
  const char *after;
  const char *offset;
} LdCacheViewSql;

const LdCacheViewSql *ld_cache_view_get_sql      (const LdCacheView     *view);

/* On a worker's thread, with its connection. */
gboolean              ld_cache_view_locate (const LdCacheView *view,
                                            LdSqlite          *db,
                                            const char        *id,
                                            LdCacheViewKey    *out_key,
                                            gboolean          *out_found,
                                            GError           **error);
gboolean              ld_cache_view_count (const LdCacheView    *view,
                                           LdSqlite             *db,
                                           const LdCacheViewKey *before,
                                           gint64               *out_count,
                                           GError              **error);
GPtrArray            *ld_cache_view_read_page (const LdCacheView    *view,
                                               LdSqlite             *db,
                                               const LdCacheViewKey *after,
                                               gint64                offset,
                                               guint                 limit,
                                               GError              **error);

void           ld_cache_view_key_clear           (LdCacheViewKey        *key);
void           ld_cache_view_key_copy            (const LdCacheViewKey  *key,
                                                  LdCacheViewKey        *out_copy);
void           ld_cache_view_row_free            (LdCacheViewRow        *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCacheView, ld_cache_view_unref)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdCacheViewKey, ld_cache_view_key_clear)

G_END_DECLS

/* ld-cache-view-history.h: a patient's cumulative results from the cache
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-cache.h"
#include "ld-doctor-calls.h"

G_BEGIN_DECLS

/* One reported value of a test, as the doctor may read it (verified,
 * released or amended): the value now (an amendment's correction), the
 * flag as the server set it, and the reference interval copied when it was
 * entered, which is the patient's for their sex and age on that date. */
typedef struct
{
  char      *result_id;
  char      *order_id;
  gint64     collected_us;
  char      *value;
  gboolean   has_number;
  double     number;
  char      *flag;
  /* The value before the last amendment, or NULL. */
  char      *old_value;
  gboolean   has_low;
  double     low;
  gboolean   has_high;
  double     high;
  char      *range_text;
} LdHistoryValue;

/* A test with its values, newest first. */
typedef struct
{
  char      *code;
  char      *name;
  char      *unit;
  char      *department;
  GPtrArray *values;
} LdHistoryTest;

/* A patient's results: tests in the report's order (department, then the
 * catalogue's order), and every collection time, newest first. */
typedef struct
{
  GPtrArray *tests;
  GArray    *times_us;
} LdHistory;

void                  ld_history_free                 (LdHistory     *history);
const LdHistoryValue *ld_history_test_value_at        (const LdHistoryTest *test,
                                                       gint64         collected_us);

void                  ld_cache_patient_history_async (LdCache            *self,
                                                      const char         *patient_id,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
LdHistory *ld_cache_patient_history_finish (LdCache *self, GAsyncResult *result, GError **error);
void       ld_cache_history_from_results_async (LdCache            *self,
                                                JsonArray          *results,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
LdHistory *
ld_cache_history_from_results_finish (LdCache *self, GAsyncResult *result, GError **error);

/* A patient's reported results gathered from the server, page by page,
 * for ld_cache_history_from_gathered_async(). */
typedef struct _LdHistoryResults LdHistoryResults;

LdHistoryResults *ld_history_results_new      (void);
LdHistoryResults *ld_history_results_ref      (LdHistoryResults    *results);
void              ld_history_results_unref    (LdHistoryResults    *results);
void              ld_history_results_add_page (LdHistoryResults    *results,
                                               const LdResultsPage *page);
guint             ld_history_results_get_n    (LdHistoryResults    *results);
void              ld_cache_history_from_gathered_async (LdCache            *self,
                                                        LdHistoryResults   *results,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
LdHistory *ld_history_read (LdSqlite *db, const char *patient_id, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdHistory, ld_history_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdHistoryResults, ld_history_results_unref)

G_END_DECLS

/* ld-cache-worker.h: one thread, one SQLite connection, jobs in order
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-sqlite.h"

G_BEGIN_DECLS

typedef struct _LdCacheWorker LdCacheWorker;

/* Runs on the worker's thread with its connection (NULL until a job opens
 * it through @db); returns a result, or NULL with @error set. A job that
 * has nothing to return returns GINT_TO_POINTER (TRUE). */
typedef gpointer (*LdCacheJobFunc) (LdSqlite  **db,
                                    gpointer    data,
                                    GError    **error);

LdCacheWorker *ld_cache_worker_new         (const char           *name);
void           ld_cache_worker_free        (LdCacheWorker        *worker);
void           ld_cache_worker_run_async   (LdCacheWorker        *worker,
                                            gpointer              source_object,
                                            gpointer              source_tag,
                                            LdCacheJobFunc        func,
                                            gpointer              data,
                                            GDestroyNotify        data_free,
                                            GDestroyNotify        result_free,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gpointer       ld_cache_worker_run_finish  (GAsyncResult         *result,
                                            GError              **error);
gboolean       ld_cache_worker_wait_idle   (LdCacheWorker        *worker,
                                            gint64                end_time);

G_END_DECLS

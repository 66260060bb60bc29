/* ld-read-pool.h: reads on worker threads, each with its own connection
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "../store/ld-store.h"

G_BEGIN_DECLS

typedef struct _LdReadPool LdReadPool;

/* Runs on a reader thread, with that thread's read-only store. */
typedef gboolean (*LdReadFunc)     (LdStore        *store,
                                    gpointer        data,
                                    GError        **error);
/* Runs on the server's thread with the read's error, if any; for HTTP
 * it answers and resumes the request, or hands it on paused. */
typedef void     (*LdReadDoneFunc) (gpointer        data,
                                    const GError   *error);

LdReadPool *ld_read_pool_new          (const char     *db_path,
                                       guint           n_threads);
void        ld_read_pool_free         (LdReadPool     *self);
void        ld_read_pool_run          (LdReadPool     *self,
                                       LdReadFunc      read,
                                       LdReadDoneFunc  done,
                                       gpointer        data,
                                       GDestroyNotify  data_free);
guint       ld_read_pool_get_waiting  (LdReadPool     *self);
guint       ld_read_pool_answer_ready (LdReadPool     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReadPool, ld_read_pool_free)

G_END_DECLS

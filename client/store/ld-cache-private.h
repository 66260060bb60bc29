/* ld-cache-private.h: what the cache's files share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-cache.h"
#include "ld-cache-worker.h"
#include "ld-cache-record.h"

G_BEGIN_DECLS

/* Where the cache stands: the feed's position and the write count. */
typedef struct
{
  gint64 last_seq;
  gint64 version;
} LdCachePosition;

/* A record a write changes: the lists showing its entity look at it. */
typedef struct
{
  char *entity;
  char *id;
} LdCacheTouched;

/* One write transaction, on the writer's thread. @prepare (optional)
 * reads its input and names each record it will change with
 * ld_cache_touch(); then @apply changes them. @apply may set *@out_result
 * (freed with @result_free if unused). */
typedef gboolean (*LdCachePrepareFunc) (gpointer     data,
                                        GPtrArray   *touched,
                                        GError     **error);
typedef gboolean (*LdCacheApplyFunc)   (LdSqlite    *db,
                                        gpointer     data,
                                        gpointer    *out_result,
                                        GError     **error);

typedef struct
{
  gpointer            source_tag;
  LdCachePrepareFunc  prepare;
  LdCacheApplyFunc    apply;
  GDestroyNotify      result_free;
  /* Every list is recounted: the change is too wide to follow row by row. */
  gboolean            touches_all;
} LdCacheWriteClass;

void      ld_cache_touch          (GPtrArray                *touched,
                                   const char               *entity,
                                   const char               *id);
void      ld_cache_write_async    (LdCache                  *self,
                                   const LdCacheWriteClass  *klass,
                                   GPtrArray                *touched,
                                   gpointer                  data,
                                   GDestroyNotify            data_free,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data);
gpointer  ld_cache_write_finish   (LdCache                  *self,
                                   GAsyncResult             *result,
                                   GError                  **error);
void      ld_cache_read_async     (LdCache                  *self,
                                   gpointer                  source_tag,
                                   LdCacheJobFunc            func,
                                   gpointer                  data,
                                   GDestroyNotify            data_free,
                                   GDestroyNotify            result_free,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data);
gpointer  ld_cache_read_finish    (LdCache                  *self,
                                   GAsyncResult             *result,
                                   GError                  **error);
gboolean  ld_cache_wait_reads     (LdCache                  *self,
                                   gint64                    end_time);

gboolean  ld_cache_read_position  (LdSqlite                 *db,
                                   LdCachePosition          *out,
                                   GError                  **error);

/* ld-cache-apply.c: records into rows, on the writer's connection. */
gboolean  ld_cache_apply_record   (LdSqlite                 *db,
                                   const char               *entity,
                                   const char               *id,
                                   JsonObject               *record,
                                   GError                  **error);
gboolean  ld_cache_remove_made_here (LdSqlite               *db,
                                   const char               *entity,
                                   const char               *id,
                                   GError                  **error);
gboolean  ld_cache_forget_rows    (LdSqlite                 *db,
                                   GError                  **error);
const char *ld_cache_record_table (const char               *entity);

/* ld-cache-read.c: one stored record, on either connection. */
gboolean        ld_cache_read_record_text (LdSqlite   *db,
                                           const char *entity,
                                           const char *id,
                                           char      **out_text,
                                           GError    **error);

/* ld-cache-price.c: an order made here, priced, on the writer's connection. */
gboolean  ld_cache_price_made_here (LdSqlite               *db,
                                   JsonObject               *record,
                                   GError                  **error);

/* ld-cache-outbox.c: a record as the desk sees it, on either connection. */
LdCachePending *ld_cache_outbox_pending (LdSqlite           *db,
                                   const char               *id,
                                   GError                  **error);
gboolean  ld_cache_outbox_overlay (LdSqlite                 *db,
                                   const char               *id,
                                   char                    **record,
                                   GError                  **error);

G_END_DECLS

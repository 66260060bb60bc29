/* ld-cache.h: the client's encrypted local copy of the server's records
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ld-cache-key.h"
#include "ld-catalog.h"
#include "ld-cache-record.h"
#include "ld-settings.h"
#include "ld-cache-view.h"
#include "ld-order.h"
#include "ld-patient.h"
#include "ld-sample.h"

G_BEGIN_DECLS

#define LD_TYPE_CACHE (ld_cache_get_type ())

G_DECLARE_FINAL_TYPE (LdCache, ld_cache, LD, CACHE, GObject)

/* One change to a list: as GListModel::items-changed. A @removed of
 * G_MAXUINT means "everything the list had": the list was recounted. */
typedef struct
{
  guint position;
  guint removed;
  guint added;
} LdCacheOp;

/* What one write transaction of the cache changed, told on the main
 * context after it committed. @ops maps each registered view to its
 * changes (a GArray of LdCacheOp), in the order to apply them. @entities
 * holds the kinds of record it wrote ("order", "appointment", …), or is
 * NULL when it may have changed any (ld_cache_batch_touches()). */
typedef struct
{
  gint64      version;
  gint64      last_seq;
  GHashTable *ops;
  GHashTable *entities;
} LdCacheBatch;

/* The answer of ld_cache_apply_changes_async(). */
typedef struct
{
  gint64   next;
  gint64   last_seq;
  guint    n_changes;
} LdCacheFeedPage;

char        *ld_cache_dir_for                 (const char           *data_dir,
                                               const char           *server_uri,
                                               const char           *username);
void         ld_cache_open_async              (const char           *dir,
                                               const char           *password,
                                               gboolean              create,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void         ld_cache_open_escrowed_async     (const char           *dir,
                                               const char           *password,
                                               GBytes               *escrow,
                                               gboolean              create,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
LdCache     *ld_cache_open_finish             (GAsyncResult         *result,
                                               GError              **error);
gboolean     ld_cache_exists                  (const char           *dir);
gboolean     ld_cache_batch_touches           (const LdCacheBatch   *batch,
                                               const char           *entity);
const char  *ld_cache_get_path                (LdCache              *self);
gint64       ld_cache_get_last_seq            (LdCache              *self);
gint64       ld_cache_get_version             (LdCache              *self);
void         ld_cache_close                   (LdCache              *self);

/* The change feed (LdSync). */
void         ld_cache_apply_changes_async     (LdCache              *self,
                                               GBytes               *page,
                                               gint64                since,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
void         ld_cache_apply_snapshot_async    (LdCache              *self,
                                               GBytes               *page,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean     ld_cache_apply_changes_finish    (LdCache              *self,
                                               GAsyncResult         *result,
                                               LdCacheFeedPage      *out_page,
                                               GError              **error);
void         ld_cache_forget_server_async     (LdCache              *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean     ld_cache_forget_server_finish    (LdCache              *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void         ld_cache_save_user_async         (LdCache              *self,
                                               JsonNode             *user,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
JsonNode    *ld_cache_save_user_finish        (LdCache              *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Reads, on the reader's thread. */
void         ld_cache_get_record_async        (LdCache              *self,
                                               const char           *entity,
                                               const char           *id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
JsonNode    *ld_cache_get_record_finish       (LdCache              *self,
                                               GAsyncResult         *result,
                                               GError              **error);
LdPatient   *ld_cache_get_patient_finish (LdCache *self, GAsyncResult *result, GError **error);
LdOrder     *ld_cache_get_order_finish (LdCache *self, GAsyncResult *result, GError **error);
LdSample    *ld_cache_get_sample_finish (LdCache *self, GAsyncResult *result, GError **error);
LdCatalogTest              *
ld_cache_get_catalog_test_finish (LdCache *self, GAsyncResult *result, GError **error);
void         ld_cache_read_record_async       (LdCache              *self,
                                               const char           *entity,
                                               const char           *id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
LdCacheRecord *ld_cache_read_record_finish    (LdCache              *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void         ld_cache_get_settings_async      (LdCache              *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
LdSettings  *ld_cache_get_settings_finish     (LdCache              *self,
                                               GAsyncResult         *result,
                                               GError              **error);
LdSettings  *ld_cache_settings_from_record    (JsonObject           *record);
void         ld_cache_dump_async              (LdCache              *self,
                                               const char           *entity,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GHashTable  *ld_cache_dump_finish             (LdCache              *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Lists (LdCacheList). */
void         ld_cache_watch_async             (LdCache              *self,
                                               LdCacheView          *view,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean     ld_cache_watch_finish            (LdCache              *self,
                                               GAsyncResult         *result,
                                               gint64               *out_count,
                                               gint64               *out_version,
                                               GError              **error);
void         ld_cache_unwatch                 (LdCache              *self,
                                               LdCacheView          *view);
void         ld_cache_read_page_async         (LdCache              *self,
                                               LdCacheView          *view,
                                               const LdCacheViewKey *after,
                                               gint64                offset,
                                               guint                 limit,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray   *ld_cache_read_page_finish        (LdCache              *self,
                                               GAsyncResult         *result,
                                               gint64               *out_version,
                                               GError              **error);

G_END_DECLS

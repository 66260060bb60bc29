/* ld-cache-record.h: one row of a cache list
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-alert.h"
#include "ld-catalog.h"
#include "ld-order.h"
#include "ld-patient.h"
#include "ld-result.h"
#include "ld-sample.h"

G_BEGIN_DECLS

/**
 * LdCachePending:
 * @state: %NULL when nothing of the outbox acts on the record, "queued"
 *   while work done here waits, "rejected" when the server refused some
 * @seqs: the seqs (gint64) of the outbox entries acting on the record,
 *   oldest first (an order and its payment are two); see
 *   ld_outbox_get_entry()
 * @seq: the entry to show: the first refused one, else the first one
 * @error_code: (nullable): the first refused entry's wire code
 * @error_message: (nullable): and the server's message
 *
 * What the outbox holds for one record.
 */
typedef struct
{
  char   *state;
  GArray *seqs;
  gint64  seq;
  char   *error_code;
  char   *error_message;
} LdCachePending;

void            ld_cache_pending_free  (LdCachePending *pending);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCachePending, ld_cache_pending_free)

#define LD_TYPE_CACHE_RECORD (ld_cache_record_get_type ())

G_DECLARE_FINAL_TYPE (LdCacheRecord, ld_cache_record, LD, CACHE_RECORD, GObject)

LdCacheRecord *ld_cache_record_new          (const char    *entity);
const char    *ld_cache_record_get_entity   (LdCacheRecord *self);
const char    *ld_cache_record_get_id       (LdCacheRecord *self);
gboolean       ld_cache_record_get_loaded   (LdCacheRecord *self);
const char    *ld_cache_record_get_pending  (LdCacheRecord *self);
gint64         ld_cache_record_get_pending_seq (LdCacheRecord *self);
const gint64  *ld_cache_record_get_pending_seqs (LdCacheRecord *self,
                                             guint         *n_seqs);
const char    *ld_cache_record_get_error_code (LdCacheRecord *self);
const char    *ld_cache_record_get_error_message (LdCacheRecord *self);
JsonObject    *ld_cache_record_get_object   (LdCacheRecord *self);
LdResult      *ld_cache_record_dup_result   (LdCacheRecord *self);
LdOrder       *ld_cache_record_dup_order    (LdCacheRecord *self);
LdSample      *ld_cache_record_dup_sample   (LdCacheRecord *self);
LdCatalogTest *ld_cache_record_dup_catalog_test (LdCacheRecord *self);
const LdOrder *ld_cache_record_get_order    (LdCacheRecord *self);
LdPatient     *ld_cache_record_get_patient  (LdCacheRecord *self);
const LdAlert *ld_cache_record_get_alert    (LdCacheRecord *self);
void           ld_cache_record_fill         (LdCacheRecord        *self,
                                             const char           *id,
                                             const char           *record,
                                             JsonObject           *object,
                                             const LdCachePending *pending);
void           ld_cache_record_unload       (LdCacheRecord *self);

G_END_DECLS

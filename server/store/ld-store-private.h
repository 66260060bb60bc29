/* ld-store-private.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-audit-seal.h"
#include "ld-db.h"
#include "ld-store.h"

G_BEGIN_DECLS

/* The generation tables triggers move when the catalogue or the settings
 * change. */
typedef enum
{
  LD_STORE_GENERATION_CATALOG,
  LD_STORE_GENERATION_SETTINGS,
  LD_STORE_N_GENERATIONS,
} LdStoreGeneration;

struct _LdStore
{
  LdDb     *db;
  /* Where it was opened: a SQLite file's path or a PostgreSQL URI; another
   * connection to the same database (a reader) is opened from it. */
  char     *location;
  /* The open transaction's id in the change feed; see ld-store-changes.c. */
  gint64    commit_id;
  /* Set while a checkpointer serves this store; see ld-store-checkpointer.c. */
  LdStoreCheckpointer *checkpointer;
  /* Set while a thread writes the audit head; see ld-store-head-writer.c. */
  LdStoreHeadWriter *head_writer;
  /* Set while commits share syncs of the log; see ld-store-syncer.c. */
  LdStoreSyncer *syncer;
  /* The requests' transaction they share, and how deep the requests
   * running now are nested; see ld-store-batch.c. */
  LdStoreBatch *batch;
  guint         batch_joined;
  /* The audit chain's key and head; see ld-audit-seal.c. */
  LdAuditSeal *seal;
  /* The open transaction appended audit events: its commit moves the head. */
  gboolean     audit_dirty;
  /* The newest event the open transaction appended, while nothing was
   * rolled back since (NULL hash: none, or unknown): its next append and
   * its commit need not read the chain's head again. See ld-store-audit.c. */
  gint64       audit_head_seq;
  char        *audit_head_hash;
  /* The transaction level that took the feed lock, 0 when none holds it;
   * see ld-store-writers.c. */
  guint        feed_lock_depth;
  /* Opened read-only (a reader): it never writes, so never locks rows. */
  gboolean     read_only;
  /* The templates the server sends by SMS, a set; NULL: SMS is off. See
   * ld_store_notifications_set_sms_templates(). */
  GHashTable  *sms_templates;
  /* The catalogue's tests this connection read (code to LdCatalogTest),
   * good while the catalogue's generation is tests_read_generation; see
   * ld-store-catalog.c. NULL: none kept. */
  GHashTable  *tests_read;
  gint64       tests_read_generation;
  /* The settings this connection read (key to text), their version, and
   * the settings' generation they were read at; see ld-store-settings.c.
   * NULL: none kept. */
  GHashTable  *settings_read;
  gint64       settings_read_version;
  gint64       settings_read_generation;
  /* Each generation as last read, and the connection's read mark then
   * (0: not kept); see ld_store_read_generation(). */
  struct
  {
    gint64  value;
    guint64 mark;
  } generations[LD_STORE_N_GENERATIONS];
  /* Results' reference bands parsed, text to a sealed JsonNode; see
   * ld-store-results.c. Not a read of the database: kept across
   * rollbacks. */
  GHashTable  *bands_parsed;
};

/* The chain's head as the open transaction sees it; from what it appended
 * when it can. See ld-store-audit.c. */
gboolean ld_store_audit_read_head (LdStore  *store,
                                   gint64   *out_seq,
                                   char    **out_hash,
                                   GError  **error);
void     ld_store_audit_forget_head (LdStore *store);

void ld_store_catalog_forget_tests (LdStore *store);
void ld_store_settings_forget (LdStore *store);
/* Forgets every read the store keeps by a generation number. */
void ld_store_forget_kept_reads (LdStore *store);
/* The number in @which as the connection sees it now; -1 when it cannot
 * be read, as in an older schema. See ld-store.c. */
gint64 ld_store_read_generation (LdStore           *store,
                                 LdStoreGeneration  which);

/* An order's results, samples and reports keep a copy of its created_us
 * for the analytics' cohort indexes (migration 0027). Their inserts write
 * it with this subquery of an SQL expression for the order's id (a
 * parameter such as "?2", or "results.order_id" in the recount); the
 * triggers that also keep it (AFTER INSERT on SQLite, guarded since 0049;
 * BEFORE on PostgreSQL) then have nothing to write again. Held to the
 * orders by ld_store_counters_check(). */
#define LD_STORE_ORDER_TIME_OF(order_id) "(SELECT created_us FROM orders WHERE id = " order_id ")"

/* Prepares @sql on the store's connection; NULL with @error set on failure.
 * See ld-store-statements.c. */
LdDbStmt *ld_store_prepare (LdStore     *store,
                            const char  *sql,
                            GError     **error);

/* See ld-store-batch.c. */
gboolean  ld_store_batch_before_begin  (LdStore       *store,
                                        GError       **error);
void      ld_store_batch_note_rollback (LdStore       *store);
guint     ld_store_batch_get_depth     (LdStore       *store);
void      ld_store_syncer_expect_commit (LdStoreSyncer *self);
void      ld_store_syncer_fail_upcoming (LdStoreSyncer *self,
                                         const GError  *error);

/* See ld-store-writers.c. */
gboolean  ld_store_take_feed_lock   (LdStore     *store,
                                     GError     **error);
void      ld_store_note_level_ended (LdStore     *store,
                                     gboolean     committed);
gboolean  ld_store_reads_hold_rows  (LdStore     *store);
gboolean  ld_store_lock_row         (LdStore     *store,
                                     const char  *lock_sql,
                                     const char  *id,
                                     GError     **error);

G_END_DECLS

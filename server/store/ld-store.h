/* ld-store.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's storage API. It is portable on purpose: nothing here names
 * SQLite, so a PostgreSQL backend can sit behind the same functions.
 */

#pragma once

#include <gio/gio.h>

#include "ld-catalog.h"
#include "ld-error.h"
#include "ld-patient.h"
#include "ld-user.h"
#include "../domain/ld-audit.h"
#include "ld-patient-rules.h"

G_BEGIN_DECLS

typedef struct _LdStore LdStore;

typedef struct _LdStoreNotifier LdStoreNotifier;
typedef struct _LdStoreCheckpointer LdStoreCheckpointer;
typedef struct _LdStoreHeadWriter LdStoreHeadWriter;
typedef struct _LdStoreSyncer LdStoreSyncer;
typedef struct _LdStoreBatch LdStoreBatch;

/* A write transaction guard; see ld_store_transaction_begin(). */
typedef struct
{
  gpointer  impl;
  LdStore  *store;
  /* Set by ld_store_transaction_begin_unsynced(). */
  LdStore  *unsynced_store;
} LdStoreTransaction;

typedef struct
{
  char    *user_id;
  char    *password_hash;
  gboolean disabled;
  gint64   failed_logins;
  gint64   locked_until_us;
} LdStoreCredentials;

typedef struct
{
  char   *user_id;
  gint64  created_us;
  gint64  last_seen_us;
} LdStoreSession;

/* The first answer given to an Idempotency-Key, and what it answered. */
typedef struct
{
  char  *method;
  char  *path;
  char  *request_hash;
  guint  status;
  char  *response;
} LdIdempotentAnswer;

/* One change of the feed. Changes written by one transaction share
 * @commit_id. */
typedef struct
{
  gint64  seq;
  char   *entity;
  char   *entity_id;
  char   *at;
  char   *record;
  gint64  commit_id;
} LdStoreChange;

typedef struct
{
  const char *user_id;
  const char *action;
  const char *entity;
  const char *entity_id;
  const char *since;
  const char *until;
  gint64      before_seq;
  guint       limit;
} LdAuditFilter;

/**
 * LdFeedReader:
 * @free_roles: roles that read every record visible to them
 * @kept_roles: roles that read a patient's clinical records only when the
 *   patient is theirs (see ld-care-access.c)
 * @user_id: the reader
 * @now_us: the time break-the-glass grants are compared with
 *
 * Who reads the change feed.
 */
typedef struct
{
  LdRole      free_roles;
  LdRole      kept_roles;
  const char *user_id;
  gint64      now_us;
} LdFeedReader;

/* One break-the-glass grant. */
typedef struct
{
  char   *id;
  char   *doctor_id;
  char   *doctor_name;
  char   *patient_id;
  char   *patient_mrn;
  char   *patient_name;
  char   *reason;
  gint64  at_us;
  gint64  until_us;
} LdBreakGlass;

typedef struct
{
  const char *doctor_id;
  gint64      from_us;
  gint64      until_us;
  /* The page goes on before this grant (0 and NULL: from the newest). */
  gint64      before_us;
  const char *before_id;
  guint       limit;
} LdBreakGlassFilter;

/* ld-store.c */
LdStore      *ld_store_open                     (const char          *path,
                                                 GError             **error);
LdStore      *ld_store_open_sealed              (const char          *path,
                                                 const char          *key_path,
                                                 const char          *head_path,
                                                 GError             **error);
gboolean      ld_store_load_audit_seal          (LdStore             *store,
                                                 const char          *key_path,
                                                 const char          *head_path,
                                                 gboolean             create,
                                                 GError             **error);
gboolean      ld_store_derive_secret            (LdStore             *store,
                                                 const char          *context,
                                                 const char          *id,
                                                 guint8              *out,
                                                 gsize                out_length);
LdStore      *ld_store_open_existing            (const char          *path,
                                                 gboolean             read_only,
                                                 GError             **error);
void          ld_store_close                    (LdStore             *store);
gint64        ld_store_get_latest_schema        (void);
gint64        ld_store_get_latest_schema_for    (LdStore             *store);
gboolean      ld_store_is_read_only             (LdStore             *store);
gboolean      ld_store_location_is_postgresql   (const char          *location);
char         *ld_store_location_dup_shown       (const char          *location);
gboolean      ld_store_get_schema               (LdStore             *store,
                                                 gint64              *out_schema,
                                                 GError             **error);
gboolean      ld_store_ping                     (LdStore             *store,
                                                 GError             **error);
gboolean      ld_store_backup                   (LdStore             *store,
                                                 const char          *dest_path,
                                                 GError             **error);
gboolean      ld_store_check_backup             (const char          *dest_path,
                                                 char               **out_problem,
                                                 GError             **error);
gboolean      ld_store_backup_and_check         (LdStore             *store,
                                                 const char          *dest_path,
                                                 char               **out_problem,
                                                 GError             **error);
gboolean      ld_store_check_integrity          (LdStore             *store,
                                                 char               **out_problems,
                                                 GError             **error);
gboolean      ld_store_transaction_begin        (LdStoreTransaction  *txn,
                                                 LdStore             *store,
                                                 GError             **error);
gboolean      ld_store_transaction_begin_unsynced (LdStoreTransaction *txn,
                                                 LdStore             *store,
                                                 GError             **error);
gboolean      ld_store_transaction_commit       (LdStoreTransaction  *txn,
                                                 GError             **error);
void          ld_store_transaction_rollback     (LdStoreTransaction  *txn);
gboolean      ld_store_next_number              (LdStore             *store,
                                                 const char          *counter,
                                                 gint64              *out_number,
                                                 GError             **error);

/* ld-store-rates.c */
gboolean      ld_store_rates_are_shared         (LdStore             *store);
gboolean      ld_store_rates_take               (LdStore             *store,
                                                 const char          *key,
                                                 guint                max_per_window,
                                                 gint64               window_us,
                                                 gint64               now_us,
                                                 gboolean            *out_allowed,
                                                 gint64              *out_retry_after_s,
                                                 GError             **error);
gboolean      ld_store_rates_prune              (LdStore             *store,
                                                 gint64               before_us,
                                                 GError             **error);

/* ld-store-writers.c */
gboolean      ld_store_take_sweep_turn          (LdStore             *store,
                                                 gboolean            *out_taken,
                                                 GError             **error);

/* ld-store-statements.c */
void          ld_store_record_statements        (void);
GStrv         ld_store_dup_recorded_statements  (void);
GStrv         ld_store_dup_query_plan           (LdStore             *store,
                                                 const char          *sql,
                                                 GError             **error);

/* ld-store-checkpointer.c */
LdStoreCheckpointer *ld_store_checkpointer_new       (LdStore             *store);
void                 ld_store_checkpointer_free      (LdStoreCheckpointer *self);
void                 ld_store_checkpointer_sync_soon (LdStoreCheckpointer *self);
guint                ld_store_checkpointer_get_n_done (LdStoreCheckpointer *self);
void                 ld_store_checkpointer_before_write (LdStoreCheckpointer *self);
void                 ld_store_checkpointer_set_log_limit (LdStoreCheckpointer *self,
                                                          guint                n_frames);
gboolean             ld_store_get_log_figures        (LdStore             *store,
                                                      guint               *out_frames,
                                                      guint               *out_restarts);

/* ld-store-head-writer.c */
LdStoreHeadWriter   *ld_store_head_writer_new        (LdStore             *store);
void                 ld_store_head_writer_free       (LdStoreHeadWriter   *self);
void                 ld_store_head_writer_write_soon (LdStoreHeadWriter   *self);

/* ld-store-syncer.c: group commit on SQLite. */
typedef void (*LdStoreDurableFunc) (const GError *error,
                                    gpointer      data);

LdStoreSyncer       *ld_store_syncer_new             (LdStore             *store,
                                                      GError             **error);
void                 ld_store_syncer_free            (LdStoreSyncer       *self);
void                 ld_store_syncer_note_commit     (LdStoreSyncer       *self,
                                                      int                  log_frames);
void                 ld_store_syncer_hand_over       (LdStoreSyncer       *self);
gboolean             ld_store_get_sync_counts (LdStore *store,
                                               guint64 *out_commits,
                                               guint64 *out_durable,
                                               guint64 *out_syncs,
                                               guint64 *out_pages);
guint64              ld_store_get_commits_written    (LdStore             *store);
gboolean             ld_store_when_durable           (LdStore             *store,
                                                      guint64              seq,
                                                      LdStoreDurableFunc   func,
                                                      gpointer             data);

/* ld-store-batch.c: requests sharing one commit on SQLite. */
void                 ld_store_batch_join             (LdStore             *store);
void                 ld_store_batch_leave            (LdStore             *store);
gboolean             ld_store_batch_is_open          (LdStore             *store);
gboolean             ld_store_batch_commit           (LdStore             *store,
                                                      GError             **error);
gboolean             ld_store_batch_settle           (LdStore             *store,
                                                      GError             **error);
gboolean             ld_store_changes_get_committed_head (LdStore         *store,
                                                      gint64              *out_seq,
                                                      GError             **error);

/* ld-store-notify.c: the channel a commit that appends to the change feed
 * notifies on PostgreSQL, so that every server process hears of it. */
#define LD_STORE_CHANGES_CHANNEL "labdesk_changes"
typedef void (*LdStoreNotifyFunc) (gpointer user_data);
LdStoreNotifier     *ld_store_notifier_new           (LdStore             *store,
                                                      LdStoreNotifyFunc    func,
                                                      gpointer             user_data);
void                 ld_store_notifier_free          (LdStoreNotifier     *self);

/* ld-store-reader.c */
LdStore      *ld_store_open_reader              (const char          *path,
                                                 GError             **error);

/* ld-store-patients.c */
gboolean      ld_store_patients_insert          (LdStore             *store,
                                                 LdPatient           *patient,
                                                 const char          *user_id,
                                                 GError             **error);
LdPatient    *ld_store_patients_get             (LdStore             *store,
                                                 const char          *id,
                                                 GError             **error);
gboolean      ld_store_patients_update          (LdStore             *store,
                                                 LdPatient           *patient,
                                                 gint64               expected_version,
                                                 GError             **error);
GPtrArray    *ld_store_patients_find_duplicates (LdStore             *store,
                                                 LdPatient           *patient,
                                                 GError             **error);
GPtrArray    *ld_store_patients_search          (LdStore             *store,
                                                 const LdPatientQuery *query,
                                                 const char          *after_name_fold,
                                                 const char          *after_id,
                                                 guint                limit,
                                                 GError             **error);

/* ld-store-users.c */
gboolean
ld_store_users_insert (LdStore *store, LdUser *user, const char *password_hash, GError **error);
LdUser *ld_store_users_get (LdStore *store, const char *id, GError **error);
LdUser *ld_store_users_get_for_session (LdStore         *store,
                                        const char      *token_hash,
                                        LdStoreSession  *out_session,
                                        GError         **error);
GPtrArray *
ld_store_users_list (LdStore *store, const char *after_username, guint limit, GError **error);
gboolean ld_store_users_update (LdStore    *store,
                                LdUser     *user,
                                gint64      expected_version,
                                const char *new_password_hash,
                                GError    **error);
gboolean
ld_store_users_set_signature (LdStore *store, const char *user_id, GBytes *png, GError **error);
GBytes  *ld_store_users_dup_signature (LdStore *store, const char *user_id, GError **error);
gboolean ld_store_users_count (LdStore *store, gint64 *out_count, GError **error);
gboolean ld_store_users_count_active_with_role (LdStore *store,
                                                LdRole   role,
                                                gint64  *out_count,
                                                GError **error);
gboolean ld_store_users_get_credentials (LdStore            *store,
                                         const char         *username,
                                         LdStoreCredentials *out_credentials,
                                         GError            **error);
gboolean ld_store_users_set_login_state (LdStore    *store,
                                         const char *user_id,
                                         gint64      failed_logins,
                                         gint64      locked_until_us,
                                         GError    **error);
void     ld_store_credentials_clear (LdStoreCredentials *credentials);

/* ld-store-sessions.c */
gboolean      ld_store_sessions_insert          (LdStore             *store,
                                                 const char          *token_hash,
                                                 const char          *user_id,
                                                 gint64               now_us,
                                                 GError             **error);
gboolean      ld_store_sessions_lookup          (LdStore             *store,
                                                 const char          *token_hash,
                                                 LdStoreSession      *out_session,
                                                 GError             **error);
gboolean      ld_store_sessions_touch           (LdStore             *store,
                                                 const char          *token_hash,
                                                 gint64               now_us,
                                                 GError             **error);
gboolean      ld_store_sessions_delete          (LdStore             *store,
                                                 const char          *token_hash,
                                                 GError             **error);
gboolean      ld_store_sessions_delete_for_user (LdStore             *store,
                                                 const char          *user_id,
                                                 GError             **error);
gboolean      ld_store_sessions_delete_ended    (LdStore             *store,
                                                 gint64               created_before_us,
                                                 gint64               seen_before_us,
                                                 GError             **error);
void          ld_store_session_clear            (LdStoreSession      *session);

/* ld-store-settings.c */
GHashTable   *ld_store_settings_load            (LdStore             *store,
                                                 gint64              *out_version,
                                                 GError             **error);
gboolean      ld_store_settings_save            (LdStore             *store,
                                                 GHashTable          *values,
                                                 gint64               expected_version,
                                                 const char          *user_id,
                                                 GError             **error);

/* ld-store-catalog.c */
GPtrArray      *ld_store_catalog_list_tests     (LdStore             *store,
                                                 GError             **error);
LdCatalogTest  *ld_store_catalog_get_test       (LdStore             *store,
                                                 const char          *code,
                                                 GError             **error);
gboolean        ld_store_catalog_insert_test    (LdStore             *store,
                                                 LdCatalogTest       *test,
                                                 GError             **error);
gboolean        ld_store_catalog_update_test    (LdStore             *store,
                                                 LdCatalogTest       *test,
                                                 gint64               expected_version,
                                                 GError             **error);
GPtrArray      *ld_store_catalog_list_panels    (LdStore             *store,
                                                 GError             **error);
LdCatalogPanel *ld_store_catalog_get_panel      (LdStore             *store,
                                                 const char          *code,
                                                 GError             **error);
gboolean        ld_store_catalog_insert_panel   (LdStore             *store,
                                                 LdCatalogPanel      *panel,
                                                 GError             **error);
gboolean        ld_store_catalog_update_panel   (LdStore             *store,
                                                 LdCatalogPanel      *panel,
                                                 gint64               expected_version,
                                                 GError             **error);

/* ld-store-idempotency.c */
gboolean   ld_store_idempotency_lookup (LdStore            *store,
                                        const char         *user_id,
                                        const char         *key,
                                        LdIdempotentAnswer *out_answer,
                                        GError            **error);
gboolean   ld_store_idempotency_save (LdStore                  *store,
                                      const char               *user_id,
                                      const char               *key,
                                      const LdIdempotentAnswer *answer,
                                      GError                  **error);
gboolean   ld_store_idempotency_delete_older (LdStore *store,
                                              gint64   before_us,
                                              guint    limit,
                                              guint   *out_deleted,
                                              GError **error);
void       ld_idempotent_answer_clear (LdIdempotentAnswer *answer);

/* ld-store-audit.c */
gboolean      ld_store_audit_append             (LdStore             *store,
                                                 LdAuditEvent        *event,
                                                 GError             **error);
GPtrArray    *ld_store_audit_list               (LdStore             *store,
                                                 const LdAuditFilter *filter,
                                                 GError             **error);
gboolean      ld_store_audit_verify             (LdStore             *store,
                                                 LdAuditReport       *out_report,
                                                 GError             **error);
gboolean      ld_store_audit_verify_full        (LdStore             *store,
                                                 gint                *progress,
                                                 GCancellable        *cancellable,
                                                 LdAuditReport       *out_report,
                                                 GError             **error);
gboolean      ld_store_audit_get_head           (LdStore             *store,
                                                 gint64              *out_seq,
                                                 char               **out_hash,
                                                 GError             **error);
gboolean      ld_store_audit_newest_is_keyed    (LdStore             *store,
                                                 gboolean            *out_keyed,
                                                 GError             **error);

/* ld-store-changes.c */
gboolean      ld_store_changes_append           (LdStore             *store,
                                                 const char          *entity,
                                                 const char          *entity_id,
                                                 LdRole               visible_to,
                                                 JsonNode            *record,
                                                 GError             **error);
gboolean        ld_store_changes_append_kept (LdStore    *store,
                                              const char *entity,
                                              const char *entity_id,
                                              LdRole      visible_to,
                                              const char *order_id,
                                              const char *doctor_id,
                                              const char *record,
                                              GError    **error);
gboolean      ld_store_changes_get_head         (LdStore             *store,
                                                 gint64              *out_seq,
                                                 GError             **error);
GPtrArray    *ld_store_changes_list             (LdStore             *store,
                                                 gint64               since,
                                                 const LdFeedReader  *reader,
                                                 guint                limit,
                                                 gsize                max_bytes,
                                                 gboolean            *out_more,
                                                 GError             **error);
GPtrArray    *ld_store_changes_list_snapshot    (LdStore             *store,
                                                 gint64               at,
                                                 gint64               after,
                                                 const LdFeedReader  *reader,
                                                 guint                limit,
                                                 gsize                max_bytes,
                                                 gboolean            *out_more,
                                                 GError             **error);
GStrv         ld_store_changes_list_missing     (LdStore             *store,
                                                 const char          *entity,
                                                 GError             **error);
void          ld_store_change_free              (LdStoreChange       *change);

/* ld-store-care.c */
gboolean   ld_store_care_is_their_patient (LdStore    *store,
                                           const char *doctor_id,
                                           const char *patient_id,
                                           gint64      now_us,
                                           gboolean   *out_theirs,
                                           GError    **error);
gboolean   ld_store_break_glass_add (LdStore *store, const LdBreakGlass *grant, GError **error);
GPtrArray      *
ld_store_break_glass_list (LdStore *store, const LdBreakGlassFilter *filter, GError **error);
void ld_break_glass_free (LdBreakGlass *grant);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdStore, ld_store_close)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdStoreTransaction, ld_store_transaction_rollback)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdStoreCredentials, ld_store_credentials_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdStoreSession, ld_store_session_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdIdempotentAnswer, ld_idempotent_answer_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdStoreChange, ld_store_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdBreakGlass, ld_break_glass_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdStoreCheckpointer, ld_store_checkpointer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdStoreHeadWriter, ld_store_head_writer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdStoreSyncer, ld_store_syncer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdStoreNotifier, ld_store_notifier_free)

G_END_DECLS

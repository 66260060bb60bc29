/* ld-sqlite.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "../model/ld-error.h"

G_BEGIN_DECLS

/* Opaque on purpose: callers never see sqlite3.h. */
typedef struct _LdSqlite LdSqlite;
typedef struct sqlite3_stmt LdSqliteStmt;

typedef enum
{
  LD_SQLITE_ERROR = -1,
  LD_SQLITE_DONE  = 0,
  LD_SQLITE_ROW   = 1,
} LdSqliteStep;

typedef enum
{
  LD_SQLITE_OPEN_DEFAULT   = 0,
  LD_SQLITE_OPEN_READONLY  = 1 << 0,
  LD_SQLITE_OPEN_NO_CREATE = 1 << 1,
} LdSqliteOpenFlags;

/* A transaction guard: declare with g_auto(LdSqliteTransaction); it rolls
 * back when it goes out of scope unless ld_sqlite_transaction_commit() ran.
 * Inside another transaction it is a savepoint: its commit keeps its
 * changes for the outer transaction to commit, its rollback undoes only
 * its own. */
typedef struct
{
  LdSqlite *db;
  guint     level;
} LdSqliteTransaction;

/* Called after each commit with the number of frames in the write-ahead log. */
typedef void (*LdSqliteWalFunc) (int      n_frames,
                                 gpointer data);

LdSqlite      *ld_sqlite_open                  (const char         *path,
                                                LdSqliteOpenFlags   flags,
                                                GError            **error);
LdSqlite      *ld_sqlite_open_full             (const char         *path,
                                                LdSqliteOpenFlags   flags,
                                                const char         *vfs,
                                                guint               reserve_bytes,
                                                GError            **error);
void           ld_sqlite_close                 (LdSqlite           *db);
const char    *ld_sqlite_get_path              (LdSqlite           *db);

gboolean       ld_sqlite_exec                  (LdSqlite           *db,
                                                const char         *sql,
                                                GError            **error);
gboolean       ld_sqlite_exec_cached           (LdSqlite           *db,
                                                const char         *sql,
                                                GError            **error);
LdSqliteStmt  *ld_sqlite_prepare_cached        (LdSqlite           *db,
                                                const char         *sql,
                                                GError            **error);

void           ld_sqlite_bind_text             (LdSqliteStmt       *stmt,
                                                int                 index,
                                                const char         *value);
void           ld_sqlite_bind_int64            (LdSqliteStmt       *stmt,
                                                int                 index,
                                                gint64              value);
void           ld_sqlite_bind_double           (LdSqliteStmt       *stmt,
                                                int                 index,
                                                double              value);
void           ld_sqlite_bind_null             (LdSqliteStmt       *stmt,
                                                int                 index);
void           ld_sqlite_bind_blob             (LdSqliteStmt       *stmt,
                                                int                 index,
                                                const void         *data,
                                                gsize               size);

LdSqliteStep   ld_sqlite_step                  (LdSqliteStmt       *stmt,
                                                GError            **error);
gboolean       ld_sqlite_step_done             (LdSqliteStmt       *stmt,
                                                GError            **error);
void           ld_sqlite_reset                 (LdSqliteStmt       *stmt);

const char    *ld_sqlite_column_text           (LdSqliteStmt       *stmt,
                                                int                 column);
char          *ld_sqlite_column_dup_text       (LdSqliteStmt       *stmt,
                                                int                 column);
GBytes        *ld_sqlite_column_dup_bytes      (LdSqliteStmt       *stmt,
                                                int                 column);
gint64         ld_sqlite_column_int64          (LdSqliteStmt       *stmt,
                                                int                 column);
double         ld_sqlite_column_double         (LdSqliteStmt       *stmt,
                                                int                 column);
gboolean       ld_sqlite_column_is_null        (LdSqliteStmt       *stmt,
                                                int                 column);

gint64         ld_sqlite_changes               (LdSqlite           *db);

gboolean       ld_sqlite_transaction_begin     (LdSqliteTransaction *txn,
                                                LdSqlite            *db,
                                                GError             **error);
gboolean       ld_sqlite_transaction_commit    (LdSqliteTransaction *txn,
                                                GError             **error);
void           ld_sqlite_transaction_rollback  (LdSqliteTransaction *txn);

guint          ld_sqlite_transaction_depth    (LdSqlite            *db);
gboolean       ld_sqlite_in_transaction       (LdSqlite            *db);

gboolean       ld_sqlite_get_user_version      (LdSqlite           *db,
                                                gint64             *out_version,
                                                GError            **error);
gboolean       ld_sqlite_set_user_version      (LdSqlite           *db,
                                                gint64              version,
                                                GError            **error);
gboolean       ld_sqlite_backup_to             (LdSqlite           *db,
                                                const char         *dest_path,
                                                GError            **error);
void           ld_sqlite_set_wal_hook          (LdSqlite           *db,
                                                LdSqliteWalFunc     func,
                                                gpointer            data);
gboolean       ld_sqlite_checkpoint            (LdSqlite           *db,
                                                gboolean           *out_done,
                                                int                *out_copied,
                                                GError            **error);
gboolean       ld_sqlite_checkpoint_restart    (LdSqlite           *db,
                                                guint               wait_ms,
                                                gboolean           *out_restarted,
                                                GError            **error);
gboolean       ld_sqlite_integrity_check       (LdSqlite           *db,
                                                char              **out_problems,
                                                GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSqlite, ld_sqlite_close)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdSqliteTransaction, ld_sqlite_transaction_rollback)

G_END_DECLS

/* ld-db.h: the statement vocabulary the store speaks to its database
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ld-error.h"

G_BEGIN_DECLS

/* Only server/store includes this: nothing else may know which database
 * runs (DESIGN.md §1). The calls mirror shared/sqlite's wrapper, which the
 * store was written against, so that moving to them changed no behaviour.
 *
 * SQL text writes its parameters SQLite's way, `?1 ?2 …` (or a bare `?`,
 * one more than the largest so far); a backend that spells them otherwise
 * rewrites them once, when it prepares the statement. */

typedef enum
{
  LD_DB_SQLITE,
  LD_DB_POSTGRESQL,
} LdDbBackend;

/* Opaque: each backend has its own. */
typedef struct _LdDb     LdDb;
typedef struct _LdDbStmt LdDbStmt;

typedef enum
{
  LD_DB_ERROR = -1,
  LD_DB_DONE  = 0,
  LD_DB_ROW   = 1,
} LdDbStep;

/* A transaction guard: declare with g_auto(LdDbTransaction) txn = { NULL };
 * it rolls back when it goes out of scope unless ld_db_transaction_commit()
 * ran. Inside another transaction it is a savepoint: its commit keeps its
 * changes for the outer transaction to commit, its rollback undoes only
 * its own. */
typedef struct
{
  LdDb  *db;
  guint  level;
} LdDbTransaction;

LdDbBackend    ld_db_get_backend               (LdDb               *db);
void           ld_db_close                     (LdDb               *db);

gboolean       ld_db_exec                      (LdDb               *db,
                                                const char         *sql,
                                                GError            **error);
gboolean       ld_db_exec_cached               (LdDb               *db,
                                                const char         *sql,
                                                GError            **error);
gboolean       ld_db_exec_soon                 (LdDb               *db,
                                                const char         *sql,
                                                GError            **error);
LdDbStmt      *ld_db_prepare_cached            (LdDb               *db,
                                                const char         *sql,
                                                GError            **error);

void           ld_db_bind_text                 (LdDbStmt           *stmt,
                                                int                 index,
                                                const char         *value);
void           ld_db_bind_int                  (LdDbStmt           *stmt,
                                                int                 index,
                                                int                 value);
void           ld_db_bind_int64                (LdDbStmt           *stmt,
                                                int                 index,
                                                gint64              value);
void           ld_db_bind_double               (LdDbStmt           *stmt,
                                                int                 index,
                                                double              value);
void           ld_db_bind_null                 (LdDbStmt           *stmt,
                                                int                 index);
void           ld_db_bind_blob                 (LdDbStmt           *stmt,
                                                int                 index,
                                                const void         *data,
                                                gsize               size);

LdDbStep       ld_db_step                      (LdDbStmt           *stmt,
                                                GError            **error);
gboolean       ld_db_step_done                 (LdDbStmt           *stmt,
                                                GError            **error);
gboolean       ld_db_step_soon (LdDbStmt *stmt, GError **error);
gboolean       ld_db_step_together (LdDbStmt       *const *stmts, guint n_stmts, GError **error);
void           ld_db_reset                     (LdDbStmt           *stmt);

const char    *ld_db_column_text               (LdDbStmt           *stmt,
                                                int                 column);
char          *ld_db_column_dup_text           (LdDbStmt           *stmt,
                                                int                 column);
GBytes        *ld_db_column_dup_bytes          (LdDbStmt           *stmt,
                                                int                 column);
int            ld_db_column_int                (LdDbStmt           *stmt,
                                                int                 column);
gint64         ld_db_column_int64              (LdDbStmt           *stmt,
                                                int                 column);
double         ld_db_column_double             (LdDbStmt           *stmt,
                                                int                 column);
gboolean       ld_db_column_is_null            (LdDbStmt           *stmt,
                                                int                 column);

gint64         ld_db_changes                   (LdDb               *db);

gboolean       ld_db_transaction_begin         (LdDbTransaction    *txn,
                                                LdDb               *db,
                                                GError            **error);
gboolean       ld_db_transaction_commit        (LdDbTransaction    *txn,
                                                GError            **error);
void           ld_db_transaction_rollback      (LdDbTransaction    *txn);
guint          ld_db_transaction_depth         (LdDb               *db);
guint64        ld_db_get_read_mark             (LdDb               *db);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdDb, ld_db_close)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdDbTransaction, ld_db_transaction_rollback)

G_END_DECLS

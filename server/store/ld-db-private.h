/* ld-db-private.h: what a backend of ld-db.h provides
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-db.h"

G_BEGIN_DECLS

/* One table of functions per backend; ld-db.c checks arguments and
 * dispatches, and builds what can be built from the rest (step_done,
 * exec_cached, the transaction guard), so a backend has only its own
 * work to do. */
typedef struct
{
  LdDbBackend   backend;

  void        (*close)                (LdDb        *db);
  gboolean    (*exec)                 (LdDb        *db,
                                       const char  *sql,
                                       GError     **error);
  /* May be NULL: ld_db_exec_soon() then runs the statement at once. */
  gboolean    (*exec_soon)            (LdDb        *db,
                                       const char  *sql,
                                       GError     **error);
  /* Reset, with its bindings cleared, as ld_db_prepare_cached() promises. */
  LdDbStmt   *(*prepare_cached)       (LdDb        *db,
                                       const char  *sql,
                                       GError     **error);

  void        (*bind_text)            (LdDbStmt    *stmt,
                                       int          index,
                                       const char  *value);
  void        (*bind_int64)           (LdDbStmt    *stmt,
                                       int          index,
                                       gint64       value);
  void        (*bind_double)          (LdDbStmt    *stmt,
                                       int          index,
                                       double       value);
  void        (*bind_null)            (LdDbStmt    *stmt,
                                       int          index);
  void        (*bind_blob)            (LdDbStmt    *stmt,
                                       int          index,
                                       const void  *data,
                                       gsize        size);

  LdDbStep    (*step)                 (LdDbStmt    *stmt,
                                       GError     **error);
  /* May be NULL: each statement then runs at its first step. */
  gboolean    (*step_together)        (LdDbStmt * const *stmts,
                                       guint        n_stmts,
                                       GError     **error);
  /* May be NULL: ld_db_step_soon() then runs the statement at once. */
  gboolean    (*step_soon)            (LdDbStmt    *stmt,
                                       GError     **error);
  void        (*reset)                (LdDbStmt    *stmt);

  const char *(*column_text)          (LdDbStmt    *stmt,
                                       int          column);
  GBytes     *(*column_dup_bytes)     (LdDbStmt    *stmt,
                                       int          column);
  gint64      (*column_int64)         (LdDbStmt    *stmt,
                                       int          column);
  double      (*column_double)        (LdDbStmt    *stmt,
                                       int          column);
  gboolean    (*column_is_null)       (LdDbStmt    *stmt,
                                       int          column);

  gint64      (*changes)              (LdDb        *db);

  /* Open, commit or roll back the innermost level: the transaction at
   * depth 1, a savepoint deeper. A failed commit leaves the level open. */
  gboolean    (*transaction_begin)    (LdDb        *db,
                                       GError     **error);
  gboolean    (*transaction_commit)   (LdDb        *db,
                                       GError     **error);
  void        (*transaction_rollback) (LdDb        *db);
  guint       (*transaction_depth)    (LdDb        *db);
} LdDbClass;

/* The first member of every backend's connection and statement. */
struct _LdDb
{
  const LdDbClass *klass;
  /* Counts what may change what the connection reads; see
   * ld_db_get_read_mark(). */
  guint64          mark;
};

struct _LdDbStmt
{
  LdDb     *db;
  /* Not a SELECT: running it moves the connection's read mark. */
  gboolean  may_write;
};

G_END_DECLS

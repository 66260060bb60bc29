/* ld-store-backups.c: the record of backups taken over HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The copies themselves are written by ld_store_backup() and checked by
 * ld_store_check_backup(); these rows say which exist, when they were
 * taken and how their check ended (ld-backup-runner.c keeps them).
 */

#define G_LOG_DOMAIN "ld-store-backups"

#include "config.h"

#include "ld-store-backups.h"
#include "ld-store-private.h"

#define BACKUP_COLUMNS "id, file_name, started_us, finished_us, size_bytes, state, problem"

LdBackup *
ld_backup_copy (const LdBackup *backup)
{
  LdBackup *copy;

  g_return_val_if_fail (backup != NULL, NULL);

  copy = g_memdup2 (backup, sizeof *backup);
  copy->id = g_strdup (backup->id);
  copy->file_name = g_strdup (backup->file_name);
  copy->state = g_strdup (backup->state);
  copy->problem = g_strdup (backup->problem);
  return copy;
}

void
ld_backup_free (LdBackup *backup)
{
  if (backup == NULL)
    return;

  g_free (backup->id);
  g_free (backup->file_name);
  g_free (backup->state);
  g_free (backup->problem);
  g_free (backup);
}

static LdBackup *
read_backup (LdDbStmt *stmt)
{
  LdBackup *backup = g_new0 (LdBackup, 1);

  backup->id = ld_db_column_dup_text (stmt, 0);
  backup->file_name = ld_db_column_dup_text (stmt, 1);
  backup->started_us = ld_db_column_int64 (stmt, 2);
  backup->finished_us = ld_db_column_int64 (stmt, 3);
  backup->size_bytes = ld_db_column_is_null (stmt, 4) ? -1 : ld_db_column_int64 (stmt, 4);
  backup->state = ld_db_column_dup_text (stmt, 5);
  backup->problem = ld_db_column_dup_text (stmt, 6);
  return backup;
}

static GPtrArray *
read_backups (LdDbStmt      *stmt,
              GError       **error)
{
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_backup_free);
  LdDbStep step;

  while ((step = ld_db_step (stmt, error)) == LD_DB_ROW)
    g_ptr_array_add (backups, read_backup (stmt));
  if (step == LD_DB_ERROR)
    return NULL;

  return g_steal_pointer (&backups);
}

/**
 * ld_store_backups_add:
 * @store: a store, inside a write transaction
 * @backup: a backup just started
 * @started_by: (nullable): the user who started it
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_backups_add (LdStore         *store,
                      const LdBackup  *backup,
                      const char      *started_by,
                      GError         **error)
{
  static const char sql[] =
    "INSERT INTO backups (id, file_name, started_us, state, started_by)"
    " VALUES (?, ?, ?, 'running', ?)";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && backup != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, backup->id);
  ld_db_bind_text (stmt, 2, backup->file_name);
  ld_db_bind_int64 (stmt, 3, backup->started_us);
  ld_db_bind_text (stmt, 4, started_by);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_backups_finish:
 * @store: a store, inside a write transaction
 * @backup: a backup whose check has ended: its @finished_us, @size_bytes,
 *   @state and @problem are written
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_backups_finish (LdStore         *store,
                         const LdBackup  *backup,
                         GError         **error)
{
  static const char sql[] =
    "UPDATE backups SET finished_us = ?, size_bytes = ?, state = ?, problem = ? WHERE id = ?";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && backup != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_int64 (stmt, 1, backup->finished_us);
  if (backup->size_bytes >= 0)
    ld_db_bind_int64 (stmt, 2, backup->size_bytes);
  ld_db_bind_text (stmt, 3, backup->state);
  ld_db_bind_text (stmt, 4, backup->problem);
  ld_db_bind_text (stmt, 5, backup->id);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_backups_fail_unfinished:
 * @store: a store
 * @now_us: the time written as their end
 * @error: return location for an %LD_STORE_ERROR
 *
 * A backup still running when the server stopped never finished: its row
 * says so once the server starts again.
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_backups_fail_unfinished (LdStore  *store,
                                  gint64    now_us,
                                  GError  **error)
{
  static const char sql[] =
    "UPDATE backups SET state = 'failed', finished_us = ?,"
    " problem = 'The server stopped before this backup was checked.' WHERE state = 'running'";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_int64 (stmt, 1, now_us);
  return ld_db_step_done (stmt, error);
}

/**
 * ld_store_backups_list:
 * @store: a store
 * @limit: how many at most
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: (transfer full) (element-type LdBackup) (nullable): the newest
 *   backups first
 */
GPtrArray *
ld_store_backups_list (LdStore  *store,
                       guint     limit,
                       GError  **error)
{
  static const char sql[] =
    "SELECT " BACKUP_COLUMNS " FROM backups ORDER BY started_us DESC, id DESC LIMIT ?";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL, NULL);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_int64 (stmt, 1, limit);
  return read_backups (stmt, error);
}

/**
 * ld_store_backups_list_expired:
 * @store: a store
 * @keep: how many checked backups to keep
 * @error: return location for an %LD_STORE_ERROR
 *
 * The checked (passed or failed) backups older than the newest @keep,
 * never the newest one that passed: whatever the count, one good copy
 * is always kept.
 *
 * Returns: (transfer full) (element-type LdBackup) (nullable): the backups
 *   to remove, newest first
 */
GPtrArray *
ld_store_backups_list_expired (LdStore  *store,
                               gint64    keep,
                               GError  **error)
{
  static const char sql[] =
    "SELECT " BACKUP_COLUMNS " FROM backups"
    " WHERE state <> 'running'"
    " AND id NOT IN (SELECT id FROM backups WHERE state <> 'running'"
    "                ORDER BY started_us DESC, id DESC LIMIT ?1)"
    " AND id NOT IN (SELECT id FROM backups WHERE state = 'passed'"
    "                ORDER BY started_us DESC, id DESC LIMIT 1)"
    " ORDER BY started_us DESC, id DESC";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && keep >= 0, NULL);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  ld_db_bind_int64 (stmt, 1, keep);
  return read_backups (stmt, error);
}

/**
 * ld_store_backups_delete:
 * @store: a store, inside a write transaction
 * @id: a backup whose files are being removed
 * @error: return location for an %LD_STORE_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
ld_store_backups_delete (LdStore     *store,
                         const char  *id,
                         GError     **error)
{
  static const char sql[] = "DELETE FROM backups WHERE id = ?";
  LdDbStmt *stmt;

  g_return_val_if_fail (store != NULL && id != NULL, FALSE);

  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_db_bind_text (stmt, 1, id);
  return ld_db_step_done (stmt, error);
}

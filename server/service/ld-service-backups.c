/* ld-service-backups.c: recording a backup taken over HTTP
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The backup's row is written, and its start audited, before the copy
 * begins (ld-backup-runner.c, which records the end the same way).
 */

#define G_LOG_DOMAIN "ld-service-backups"

#include "config.h"

#include "ld-service-backups.h"

static gboolean
start_backup (LdServiceContext  *ctx,
              gpointer           data,
              GError           **error)
{
  LdBackup *backup = data;

  return ld_store_backups_add (ctx->store, backup, ld_user_get_id (ctx->actor), error) &&
         ld_service_audit (ctx, "backup.start", "backup", backup->id, backup->file_name, error);
}

/**
 * ld_service_start_backup:
 * @ctx: the administrator starting it
 * @backup: the backup as prepared (ld_backup_runner_prepare())
 * @error: return location for a #GError
 *
 * Records that @backup starts, audited; the caller then starts the copy.
 *
 * Returns: %TRUE once recorded
 */
gboolean
ld_service_start_backup (LdServiceContext  *ctx,
                         LdBackup          *backup,
                         GError           **error)
{
  g_return_val_if_fail (ctx != NULL && ctx->actor != NULL && backup != NULL, FALSE);

  return ld_service_run (ctx, start_backup, backup, error);
}

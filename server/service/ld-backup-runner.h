/* ld-backup-runner.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "../store/ld-store-backups.h"

G_BEGIN_DECLS

typedef struct _LdBackupRunner LdBackupRunner;

/**
 * LdBackupStarter:
 * @user_id: who started the backup
 * @username: their name
 * @client: their address
 *
 * Who a backup's events are audited as, the finish as well as the start.
 */
typedef struct
{
  const char *user_id;
  const char *username;
  const char *client;
} LdBackupStarter;

LdBackupRunner *ld_backup_runner_new (LdStore    *store,
                                      const char *db_path,
                                      const char *key_path,
                                      const char *head_path,
                                      const char *backup_dir);
void            ld_backup_runner_free (LdBackupRunner *self);
const char     *ld_backup_runner_get_dir (LdBackupRunner *self);
const char     *ld_backup_runner_get_running (LdBackupRunner *self);
LdBackup       *ld_backup_runner_prepare (LdBackupRunner *self);
void            ld_backup_runner_start (LdBackupRunner        *self,
                                        const LdBackup        *backup,
                                        const LdBackupStarter *starter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdBackupRunner, ld_backup_runner_free)

G_END_DECLS

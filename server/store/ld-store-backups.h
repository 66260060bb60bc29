/* ld-store-backups.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-store.h"

G_BEGIN_DECLS

/**
 * LdBackup:
 * @id: the backup's id
 * @file_name: the copy's name inside the backup directory
 * @started_us: when it started
 * @finished_us: when its check ended; 0 while it runs
 * @size_bytes: the copy's size once written; -1 while unknown
 * @state: "running", "passed" or "failed"
 * @problem: (nullable): what went wrong, for a failed one
 *
 * One backup taken through `POST /api/v1/backups`.
 */
typedef struct
{
  char   *id;
  char   *file_name;
  gint64  started_us;
  gint64  finished_us;
  gint64  size_bytes;
  char   *state;
  char   *problem;
} LdBackup;

LdBackup  *ld_backup_copy                   (const LdBackup  *backup);
void       ld_backup_free                   (LdBackup        *backup);

gboolean   ld_store_backups_add             (LdStore         *store,
                                             const LdBackup  *backup,
                                             const char      *started_by,
                                             GError         **error);
gboolean   ld_store_backups_finish          (LdStore         *store,
                                             const LdBackup  *backup,
                                             GError         **error);
gboolean   ld_store_backups_fail_unfinished (LdStore         *store,
                                             gint64           now_us,
                                             GError         **error);
GPtrArray *ld_store_backups_list            (LdStore         *store,
                                             guint            limit,
                                             GError         **error);
GPtrArray *ld_store_backups_list_expired    (LdStore         *store,
                                             gint64           keep,
                                             GError         **error);
gboolean   ld_store_backups_delete          (LdStore         *store,
                                             const char      *id,
                                             GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdBackup, ld_backup_free)

G_END_DECLS

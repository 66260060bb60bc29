/* ld-backup-item.h: one backup the server took, as GET /api/v1/backups lists it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_BACKUP_ITEM (ld_backup_item_get_type ())

G_DECLARE_FINAL_TYPE (LdBackupItem, ld_backup_item, LD, BACKUP_ITEM, GObject)

LdBackupItem *ld_backup_item_new_from_json   (JsonObject *object);
const char   *ld_backup_item_get_id          (LdBackupItem *self);
const char   *ld_backup_item_get_file_name   (LdBackupItem *self);
const char   *ld_backup_item_get_started_at  (LdBackupItem *self);
const char   *ld_backup_item_get_finished_at (LdBackupItem *self);
const char   *ld_backup_item_get_state       (LdBackupItem *self);
const char   *ld_backup_item_get_problem     (LdBackupItem *self);
gint64        ld_backup_item_get_size_bytes  (LdBackupItem *self);
gint64        ld_backup_item_get_duration_ms (LdBackupItem *self);

G_END_DECLS

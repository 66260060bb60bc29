/* ld-backup-item.c: one backup the server took, as GET /api/v1/backups lists it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A running backup is listed again each time it is asked after, so
 * the item is a snapshot and its properties are read-only.
 */

#define G_LOG_DOMAIN "ld-backup-item"

#include "config.h"

#include "ld-backup-item.h"
#include "ld-json.h"
#include "ld-record.h"

struct _LdBackupItem
{
  GObject parent_instance;

  char   *id;
  char   *file_name;
  char   *started_at;
  char   *finished_at;
  char   *state;
  char   *problem;
  gint64  size_bytes;
  gint64  duration_ms;
};

G_DEFINE_FINAL_TYPE (LdBackupItem, ld_backup_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_FILE_NAME,
  PROP_STARTED_AT,
  PROP_FINISHED_AT,
  PROP_STATE,
  PROP_PROBLEM,
  PROP_SIZE_BYTES,
  PROP_DURATION_MS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
ld_backup_item_finalize (GObject *object)
{
  LdBackupItem *self = LD_BACKUP_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->started_at, g_free);
  g_clear_pointer (&self->finished_at, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (ld_backup_item_parent_class)->finalize (object);
}

static void
ld_backup_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdBackupItem *self = LD_BACKUP_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_FILE_NAME:
      g_value_set_string (value, self->file_name);
      break;

    case PROP_STARTED_AT:
      g_value_set_string (value, self->started_at);
      break;

    case PROP_FINISHED_AT:
      g_value_set_string (value, self->finished_at);
      break;

    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    case PROP_SIZE_BYTES:
      g_value_set_int64 (value, self->size_bytes);
      break;

    case PROP_DURATION_MS:
      g_value_set_int64 (value, self->duration_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_backup_item_class_init (LdBackupItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_backup_item_finalize;
  object_class->get_property = ld_backup_item_get_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_FILE_NAME] =
    g_param_spec_string ("file-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_STARTED_AT] =
    g_param_spec_string ("started-at", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_FINISHED_AT] =
    g_param_spec_string ("finished-at", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_SIZE_BYTES] =
    g_param_spec_int64 ("size-bytes", NULL, NULL, G_MININT64, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_DURATION_MS] =
    g_param_spec_int64 ("duration-ms", NULL, NULL, G_MININT64, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_backup_item_init (LdBackupItem *self)
{
  self->size_bytes = -1;
  self->duration_ms = -1;
}

/**
 * ld_backup_item_new_from_json:
 * @object: one backup the server took, as the server writes it
 *
 * Missing members read as %NULL (or -1 for a number), as an older server
 * may leave them out.
 *
 * Returns: (transfer full): the item
 */
LdBackupItem *
ld_backup_item_new_from_json (JsonObject *object)
{
  LdBackupItem *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (LD_TYPE_BACKUP_ITEM, NULL);
  self->id = ld_record_dup_string (object, "id");
  self->file_name = ld_record_dup_string (object, "file_name");
  self->started_at = ld_record_dup_string (object, "started_at");
  self->finished_at = ld_record_dup_string (object, "finished_at");
  self->state = ld_record_dup_string (object, "state");
  self->problem = ld_record_dup_string (object, "problem");
  self->size_bytes = ld_record_get_int_or (object, "size_bytes", -1);
  self->duration_ms = ld_record_get_int_or (object, "duration_ms", -1);
  return self;
}

/**
 * ld_backup_item_get_id:
 *
 * Returns: (nullable): the backup
 */
const char *
ld_backup_item_get_id (LdBackupItem *self)
{
  g_return_val_if_fail (LD_IS_BACKUP_ITEM (self), NULL);

  return self->id;
}

/**
 * ld_backup_item_get_file_name:
 *
 * Returns: (nullable): its file on the server
 */
const char *
ld_backup_item_get_file_name (LdBackupItem *self)
{
  g_return_val_if_fail (LD_IS_BACKUP_ITEM (self), NULL);

  return self->file_name;
}

/**
 * ld_backup_item_get_started_at:
 *
 * Returns: (nullable): when it started (RFC 3339)
 */
const char *
ld_backup_item_get_started_at (LdBackupItem *self)
{
  g_return_val_if_fail (LD_IS_BACKUP_ITEM (self), NULL);

  return self->started_at;
}

/**
 * ld_backup_item_get_finished_at:
 *
 * Returns: (nullable): when it ended
 */
const char *
ld_backup_item_get_finished_at (LdBackupItem *self)
{
  g_return_val_if_fail (LD_IS_BACKUP_ITEM (self), NULL);

  return self->finished_at;
}

/**
 * ld_backup_item_get_state:
 *
 * Returns: (nullable): running, passed or failed
 */
const char *
ld_backup_item_get_state (LdBackupItem *self)
{
  g_return_val_if_fail (LD_IS_BACKUP_ITEM (self), NULL);

  return self->state;
}

/**
 * ld_backup_item_get_problem:
 *
 * Returns: (nullable): what went wrong
 */
const char *
ld_backup_item_get_problem (LdBackupItem *self)
{
  g_return_val_if_fail (LD_IS_BACKUP_ITEM (self), NULL);

  return self->problem;
}

/**
 * ld_backup_item_get_size_bytes:
 *
 * Returns: its size; -1 while not known
 */
gint64
ld_backup_item_get_size_bytes (LdBackupItem *self)
{
  g_return_val_if_fail (LD_IS_BACKUP_ITEM (self), -1);

  return self->size_bytes;
}

/**
 * ld_backup_item_get_duration_ms:
 *
 * Returns: how long it took; -1 while not known
 */
gint64
ld_backup_item_get_duration_ms (LdBackupItem *self)
{
  g_return_val_if_fail (LD_IS_BACKUP_ITEM (self), -1);

  return self->duration_ms;
}

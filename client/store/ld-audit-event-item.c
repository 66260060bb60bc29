/* ld-audit-event-item.c: one event of the audit log, as GET /api/v1/audit lists it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An event is read once and never changed: the log is append-only, so
 * its properties are read-only.
 */

#define G_LOG_DOMAIN "ld-audit-event-item"

#include "config.h"

#include "ld-audit-event-item.h"
#include "ld-json.h"
#include "ld-record.h"

struct _LdAuditEventItem
{
  GObject parent_instance;

  gint64  seq;
  char   *at;
  char   *user_id;
  char   *username;
  char   *action;
  char   *entity;
  char   *entity_id;
  char   *client;
  char   *detail;
  char   *hash;
};

G_DEFINE_FINAL_TYPE (LdAuditEventItem, ld_audit_event_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SEQ,
  PROP_AT,
  PROP_USER_ID,
  PROP_USERNAME,
  PROP_ACTION,
  PROP_ENTITY,
  PROP_ENTITY_ID,
  PROP_CLIENT,
  PROP_DETAIL,
  PROP_HASH,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
ld_audit_event_item_finalize (GObject *object)
{
  LdAuditEventItem *self = LD_AUDIT_EVENT_ITEM (object);

  g_clear_pointer (&self->at, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->entity, g_free);
  g_clear_pointer (&self->entity_id, g_free);
  g_clear_pointer (&self->client, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->hash, g_free);

  G_OBJECT_CLASS (ld_audit_event_item_parent_class)->finalize (object);
}

static void
ld_audit_event_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LdAuditEventItem *self = LD_AUDIT_EVENT_ITEM (object);

  switch (prop_id)
    {
    case PROP_SEQ:
      g_value_set_int64 (value, self->seq);
      break;

    case PROP_AT:
      g_value_set_string (value, self->at);
      break;

    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;

    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;

    case PROP_ENTITY:
      g_value_set_string (value, self->entity);
      break;

    case PROP_ENTITY_ID:
      g_value_set_string (value, self->entity_id);
      break;

    case PROP_CLIENT:
      g_value_set_string (value, self->client);
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    case PROP_HASH:
      g_value_set_string (value, self->hash);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_audit_event_item_class_init (LdAuditEventItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_audit_event_item_finalize;
  object_class->get_property = ld_audit_event_item_get_property;

  properties [PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_AT] =
    g_param_spec_string ("at", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_ENTITY] =
    g_param_spec_string ("entity", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_ENTITY_ID] =
    g_param_spec_string ("entity-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_CLIENT] =
    g_param_spec_string ("client", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_HASH] =
    g_param_spec_string ("hash", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_audit_event_item_init (LdAuditEventItem *self)
{
}

/**
 * ld_audit_event_item_new_from_json:
 * @object: one event of the audit log, as the server writes it
 *
 * Missing members read as %NULL (or -1 for a number), as an older server
 * may leave them out.
 *
 * Returns: (transfer full): the item
 */
LdAuditEventItem *
ld_audit_event_item_new_from_json (JsonObject *object)
{
  LdAuditEventItem *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (LD_TYPE_AUDIT_EVENT_ITEM, NULL);
  self->seq = ld_record_get_int (object, "seq");
  self->at = ld_record_dup_string (object, "at");
  self->user_id = ld_record_dup_string (object, "user_id");
  self->username = ld_record_dup_string (object, "username");
  self->action = ld_record_dup_string (object, "action");
  self->entity = ld_record_dup_string (object, "entity");
  self->entity_id = ld_record_dup_string (object, "entity_id");
  self->client = ld_record_dup_string (object, "client");
  self->detail = ld_record_dup_string (object, "detail");
  self->hash = ld_record_dup_string (object, "hash");
  return self;
}

/**
 * ld_audit_event_item_get_seq:
 *
 * Returns: the event's place in the chain
 */
gint64
ld_audit_event_item_get_seq (LdAuditEventItem *self)
{
  g_return_val_if_fail (LD_IS_AUDIT_EVENT_ITEM (self), -1);

  return self->seq;
}

/**
 * ld_audit_event_item_get_at:
 *
 * Returns: (nullable): when (RFC 3339)
 */
const char *
ld_audit_event_item_get_at (LdAuditEventItem *self)
{
  g_return_val_if_fail (LD_IS_AUDIT_EVENT_ITEM (self), NULL);

  return self->at;
}

/**
 * ld_audit_event_item_get_user_id:
 *
 * Returns: (nullable): who, by id
 */
const char *
ld_audit_event_item_get_user_id (LdAuditEventItem *self)
{
  g_return_val_if_fail (LD_IS_AUDIT_EVENT_ITEM (self), NULL);

  return self->user_id;
}

/**
 * ld_audit_event_item_get_username:
 *
 * Returns: (nullable): who, by user name
 */
const char *
ld_audit_event_item_get_username (LdAuditEventItem *self)
{
  g_return_val_if_fail (LD_IS_AUDIT_EVENT_ITEM (self), NULL);

  return self->username;
}

/**
 * ld_audit_event_item_get_action:
 *
 * Returns: (nullable): what was done
 */
const char *
ld_audit_event_item_get_action (LdAuditEventItem *self)
{
  g_return_val_if_fail (LD_IS_AUDIT_EVENT_ITEM (self), NULL);

  return self->action;
}

/**
 * ld_audit_event_item_get_entity:
 *
 * Returns: (nullable): on what kind of record
 */
const char *
ld_audit_event_item_get_entity (LdAuditEventItem *self)
{
  g_return_val_if_fail (LD_IS_AUDIT_EVENT_ITEM (self), NULL);

  return self->entity;
}

/**
 * ld_audit_event_item_get_entity_id:
 *
 * Returns: (nullable): on which record
 */
const char *
ld_audit_event_item_get_entity_id (LdAuditEventItem *self)
{
  g_return_val_if_fail (LD_IS_AUDIT_EVENT_ITEM (self), NULL);

  return self->entity_id;
}

/**
 * ld_audit_event_item_get_client:
 *
 * Returns: (nullable): from where
 */
const char *
ld_audit_event_item_get_client (LdAuditEventItem *self)
{
  g_return_val_if_fail (LD_IS_AUDIT_EVENT_ITEM (self), NULL);

  return self->client;
}

/**
 * ld_audit_event_item_get_detail:
 *
 * Returns: (nullable): what the server noted
 */
const char *
ld_audit_event_item_get_detail (LdAuditEventItem *self)
{
  g_return_val_if_fail (LD_IS_AUDIT_EVENT_ITEM (self), NULL);

  return self->detail;
}

/**
 * ld_audit_event_item_get_hash:
 *
 * Returns: (nullable): the event's seal
 */
const char *
ld_audit_event_item_get_hash (LdAuditEventItem *self)
{
  g_return_val_if_fail (LD_IS_AUDIT_EVENT_ITEM (self), NULL);

  return self->hash;
}

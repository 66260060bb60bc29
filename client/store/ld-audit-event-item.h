/* ld-audit-event-item.h: one event of the audit log, as GET /api/v1/audit lists it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_TYPE_AUDIT_EVENT_ITEM (ld_audit_event_item_get_type ())

G_DECLARE_FINAL_TYPE (LdAuditEventItem, ld_audit_event_item, LD, AUDIT_EVENT_ITEM, GObject)

LdAuditEventItem *ld_audit_event_item_new_from_json (JsonObject *object);
gint64            ld_audit_event_item_get_seq       (LdAuditEventItem *self);
const char       *ld_audit_event_item_get_at        (LdAuditEventItem *self);
const char       *ld_audit_event_item_get_user_id   (LdAuditEventItem *self);
const char       *ld_audit_event_item_get_username  (LdAuditEventItem *self);
const char       *ld_audit_event_item_get_action    (LdAuditEventItem *self);
const char       *ld_audit_event_item_get_entity    (LdAuditEventItem *self);
const char       *ld_audit_event_item_get_entity_id (LdAuditEventItem *self);
const char       *ld_audit_event_item_get_client    (LdAuditEventItem *self);
const char       *ld_audit_event_item_get_detail    (LdAuditEventItem *self);
const char       *ld_audit_event_item_get_hash      (LdAuditEventItem *self);

G_END_DECLS

/* ld-audit.h
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * LdAuditEvent:
 * @seq: position in the chain, from 1
 * @at: RFC 3339 UTC time
 * @user_id: (nullable): who, if anyone was signed in
 * @username: (nullable): the name used, also for failed log-ins
 * @action: what, such as "session.create" or "user.update"
 * @entity: the kind of record, such as "user"
 * @entity_id: (nullable): its id
 * @client: the client's address
 * @detail: (nullable): a short note, never patient data
 * @prev_hash: the previous event's hash (64 zeros for the first)
 * @hash: SHA-256 over this event and @prev_hash
 */
typedef struct
{
  gint64  seq;
  char   *at;
  char   *user_id;
  char   *username;
  char   *action;
  char   *entity;
  char   *entity_id;
  char   *client;
  char   *detail;
  char   *prev_hash;
  char   *hash;
} LdAuditEvent;

#define LD_AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

LdAuditEvent *ld_audit_event_new     (void);
void          ld_audit_event_free    (LdAuditEvent       *event);
void          ld_audit_event_clamp   (LdAuditEvent       *event);
char         *ld_audit_clamp_text    (const char         *text,
                                      gsize               max_bytes);
char         *ld_audit_event_compute_hash (const LdAuditEvent *event);
void          ld_audit_event_to_json (const LdAuditEvent *event,
                                      JsonBuilder        *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditEvent, ld_audit_event_free)

G_END_DECLS

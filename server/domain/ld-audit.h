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
 * @hash: HMAC-SHA-256 (if @keyed) or SHA-256 over this event and @prev_hash
 * @keyed: whether @hash is keyed; every event after the first keyed one is
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
  gboolean keyed;
} LdAuditEvent;

/**
 * LdAuditVerdict:
 * @LD_AUDIT_VERDICT_OK: every event and the head are as written
 * @LD_AUDIT_VERDICT_BROKEN_LINK: at @at_seq a seq is missing or the link to
 *   the event before does not match: an event was removed or inserted
 * @LD_AUDIT_VERDICT_HASH_MISMATCH: the unkeyed event @at_seq was altered
 * @LD_AUDIT_VERDICT_MAC_MISMATCH: the keyed event @at_seq was altered (or
 *   made unkeyed), or differs from the sealed head
 * @LD_AUDIT_VERDICT_TRUNCATED: the sealed head names a newer event than the
 *   database holds: the newest events were removed
 * @LD_AUDIT_VERDICT_NO_HEAD: the chain has keyed events but no head file
 * @LD_AUDIT_VERDICT_BAD_HEAD: the head file was not sealed with this key
 * @LD_AUDIT_VERDICT_NO_KEY: keyed events from @at_seq, and no key to check them
 */
typedef enum
{
  LD_AUDIT_VERDICT_OK,
  LD_AUDIT_VERDICT_BROKEN_LINK,
  LD_AUDIT_VERDICT_HASH_MISMATCH,
  LD_AUDIT_VERDICT_MAC_MISMATCH,
  LD_AUDIT_VERDICT_TRUNCATED,
  LD_AUDIT_VERDICT_NO_HEAD,
  LD_AUDIT_VERDICT_BAD_HEAD,
  LD_AUDIT_VERDICT_NO_KEY,
} LdAuditVerdict;

/**
 * LdAuditReport:
 * @verdict: what the walk found first
 * @at_seq: the event it found it at, if any
 * @n_events: how many events the database holds
 * @last_seq: the newest event's seq (0: none)
 * @keyed_from: the first keyed event (0: none yet)
 * @head_seq: the sealed head's seq (0: no head)
 */
typedef struct
{
  LdAuditVerdict verdict;
  gint64         at_seq;
  gint64         n_events;
  gint64         last_seq;
  gint64         keyed_from;
  gint64         head_seq;
} LdAuditReport;

#define LD_AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

LdAuditEvent *ld_audit_event_new     (void);
void          ld_audit_event_free    (LdAuditEvent       *event);
void          ld_audit_event_clamp   (LdAuditEvent       *event);
char         *ld_audit_clamp_text    (const char         *text,
                                      gsize               max_bytes);
char         *ld_audit_event_compute_hash (const LdAuditEvent *event,
                                          const guint8       *key,
                                          gsize               key_length);
void          ld_audit_event_to_json (const LdAuditEvent *event,
                                      JsonBuilder        *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditEvent, ld_audit_event_free)

G_END_DECLS

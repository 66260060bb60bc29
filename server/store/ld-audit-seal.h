/* ld-audit-seal.h: the audit chain's key and its anchored head, kept
 * outside the database
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LdAuditSeal LdAuditSeal;

/* The key's length in bytes (HMAC-SHA-256 wants at least 32). */
#define LD_AUDIT_KEY_BYTES 32

char         *ld_audit_seal_default_key_path  (const char   *db_path);
char         *ld_audit_seal_default_head_path (const char   *db_path);

LdAuditSeal *
ld_audit_seal_open (const char *key_path, const char *head_path, gboolean create, GError **error);
void          ld_audit_seal_free (LdAuditSeal *seal);
const guint8 *ld_audit_seal_get_key (LdAuditSeal *seal, gsize *out_length);
void          ld_audit_seal_derive (LdAuditSeal *seal,
                                    const char  *context,
                                    const char  *id,
                                    guint8      *out,
                                    gsize        out_length);
const char   *ld_audit_seal_get_key_path (LdAuditSeal *seal);
const char   *ld_audit_seal_get_head_path (LdAuditSeal *seal);
gboolean      ld_audit_seal_read_head   (LdAuditSeal   *seal,
                                         gint64        *out_seq,
                                         char         **out_hash,
                                         GError       **error);
gboolean      ld_audit_seal_write_head  (LdAuditSeal   *seal,
                                         gint64         seq,
                                         const char    *hash,
                                         GError       **error);
void          ld_audit_seal_set_pending (LdAuditSeal   *seal,
                                         gint64         seq,
                                         const char    *hash,
                                         gboolean       durable);
void          ld_audit_seal_mark_durable (LdAuditSeal  *seal,
                                         gint64        seq);
gboolean      ld_audit_seal_dup_pending (LdAuditSeal   *seal,
                                         gint64        *out_seq,
                                         char         **out_hash,
                                         gboolean      *out_durable);
gboolean      ld_audit_seal_export      (LdAuditSeal   *seal,
                                         const char    *key_path,
                                         const char    *head_path,
                                         gint64         seq,
                                         const char    *hash,
                                         GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditSeal, ld_audit_seal_free)

G_END_DECLS

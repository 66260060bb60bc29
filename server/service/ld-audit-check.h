/* ld-audit-check.h: the audit chain's check, run in the background for
 * the administrator
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _LdAuditCheck LdAuditCheck;

LdAuditCheck *ld_audit_check_new          (const char    *db_path,
                                           const char    *key_path,
                                           const char    *head_path);
void          ld_audit_check_free         (LdAuditCheck  *self);
gboolean      ld_audit_check_is_running   (LdAuditCheck  *self);
gboolean      ld_audit_check_start        (LdAuditCheck  *self);
gboolean      ld_audit_check_write_latest (LdAuditCheck  *self,
                                           JsonBuilder   *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditCheck, ld_audit_check_free)

G_END_DECLS

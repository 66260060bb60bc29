/* ld-audit-batch.h: audit events of many reads, made durable together
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-http-request.h"

G_BEGIN_DECLS


LdAuditBatch *ld_audit_batch_new   (LdStore       *store);
void          ld_audit_batch_free  (LdAuditBatch  *self);
void          ld_audit_batch_add   (LdAuditBatch  *self,
                                    LdHttpRequest *req,
                                    const char    *action,
                                    const char    *entity,
                                    const char    *entity_id,
                                    const char    *detail);
void          ld_audit_batch_flush (LdAuditBatch  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditBatch, ld_audit_batch_free)

G_END_DECLS

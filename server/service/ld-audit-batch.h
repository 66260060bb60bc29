/* ld-audit-batch.h: audit events of many reads, made durable together
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"

G_BEGIN_DECLS

typedef struct _LdAuditBatch LdAuditBatch;

/* Called on the batch's main context once the event is written, or with
 * the error that kept it from being written. */
typedef void (*LdAuditBatchDoneFunc) (gpointer      user_data,
                                      const GError *error);

LdAuditBatch *ld_audit_batch_new   (LdStore       *store);
void          ld_audit_batch_free  (LdAuditBatch  *self);
void          ld_audit_batch_add (LdAuditBatch        *self,
                                  LdServiceContext    *ctx,
                                  const char          *action,
                                  const char          *entity,
                                  const char          *entity_id,
                                  const char          *detail,
                                  LdAuditBatchDoneFunc done,
                                  gpointer             user_data);
void          ld_audit_batch_flush (LdAuditBatch  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditBatch, ld_audit_batch_free)

G_END_DECLS

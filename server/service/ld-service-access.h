/* ld-service-access.h: audited reads, breaking the glass, the audit check
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-service.h"
#include "ld-audit-check.h"

G_BEGIN_DECLS

/**
 * LdAuditedRead:
 * @entity_id: (nullable): the record read, set by the read
 * @detail: (nullable): a short note on what was shown (never patient
 *   data), set by the read
 *
 * What an audited read says of itself once it has read.
 */
typedef struct
{
  char *entity_id;
  char *detail;
} LdAuditedRead;

/* Reads from @store inside the audited read's transaction. */
typedef gboolean (*LdAuditedReadFunc) (LdStore        *store,
                                       gpointer        data,
                                       LdAuditedRead  *audited,
                                       GError        **error);

gboolean      ld_service_read_audited    (LdServiceContext   *ctx,
                                          const char         *action,
                                          const char         *entity,
                                          LdAuditedReadFunc   read,
                                          gpointer            data,
                                          GError            **error);
LdBreakGlass *ld_service_break_glass     (LdServiceContext   *ctx,
                                          const char         *patient_id,
                                          const char         *reason,
                                          GError            **error);
gboolean      ld_service_start_audit_check (LdServiceContext *ctx,
                                          LdAuditCheck       *check,
                                          GError            **error);

G_END_DECLS

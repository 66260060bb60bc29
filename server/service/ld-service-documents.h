/* ld-service-documents.h: an order's report, receipt and labels, read and audited
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-order.h"
#include "ld-permissions.h"
#include "ld-report-version.h"
#include "ld-service.h"
#include "../documents/ld-documents.h"

G_BEGIN_DECLS

typedef enum
{
  LD_DOCUMENT_REPORT,
  LD_DOCUMENT_REPORT_PREVIEW,
  LD_DOCUMENT_RECEIPT,
  LD_DOCUMENT_LABELS,
} LdDocumentKind;

/**
 * LdDocumentAsk:
 * @kind: which document
 * @version: for a report, the version; 0 for the latest
 * @layout: for labels, roll or sheet
 * @first_position: for labels on a sheet, the first free position (from 0)
 * @dpi: for labels on a roll, the printer's dots per inch
 *
 * Which document of an order a reader asks for.
 */
typedef struct
{
  LdDocumentKind kind;
  gint64         version;
  LdLabelLayout  layout;
  guint          first_position;
  guint          dpi;
} LdDocumentAsk;

GBytes *ld_service_read_document (LdServiceContext     *ctx,
                                  const LdPermission   *permission,
                                  const char           *order_id,
                                  const LdDocumentAsk  *ask,
                                  LdOrder             **out_order,
                                  LdReportVersion     **out_report,
                                  GError              **error);

G_END_DECLS

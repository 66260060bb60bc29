/* ld-report-version.h: one released version of an order's lab report
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json-out.h"

G_BEGIN_DECLS

/**
 * LdReportVersion:
 *
 * Version 1 is the original; 2 and later are corrected reports, one per
 * amendment. @verification_code is what the report's QR code carries;
 * @pdf_sha256 is %NULL until the rendered PDF is recorded.
 */
typedef struct
{
  char     *id;
  char     *order_id;
  gint64    version;
  gboolean  corrected;
  char     *released_by;
  char     *released_at;
  char     *verification_code;
  char     *pdf_sha256;
} LdReportVersion;

LdReportVersion *ld_report_version_new     (void);
void             ld_report_version_free    (LdReportVersion       *report);
void             ld_report_version_write_json (const LdReportVersion *report,
                                               LdJsonOut             *out);
void             ld_report_version_to_json (const LdReportVersion *report,
                                            JsonBuilder           *builder);
JsonNode        *ld_report_version_to_node (const LdReportVersion *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdReportVersion, ld_report_version_free)

G_END_DECLS

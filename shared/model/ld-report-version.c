/* ld-report-version.c
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-report-version"

#include "config.h"

#include "ld-json.h"
#include "ld-report-version.h"

LdReportVersion *
ld_report_version_new (void)
{
  return g_new0 (LdReportVersion, 1);
}

void
ld_report_version_free (LdReportVersion *report)
{
  if (report == NULL)
    return;

  g_free (report->id);
  g_free (report->order_id);
  g_free (report->released_by);
  g_free (report->released_at);
  g_free (report->verification_code);
  g_free (report->pdf_sha256);
  g_free (report);
}

void
ld_report_version_write_json (const LdReportVersion *report,
                           LdJsonOut             *out)
{
  ld_json_out_begin_object (out, NULL);
  ld_json_out_string (out, "id", report->id);
  ld_json_out_string (out, "order_id", report->order_id);
  ld_json_out_int (out, "version", report->version);
  ld_json_out_bool (out, "corrected", report->corrected);
  ld_json_out_string (out, "released_by", report->released_by);
  ld_json_out_string (out, "released_at", report->released_at);
  ld_json_out_string (out, "verification_code", report->verification_code);
  ld_json_out_string (out, "pdf_sha256", report->pdf_sha256);
  ld_json_out_end_object (out);
}

void
ld_report_version_to_json (const LdReportVersion *report,
                           JsonBuilder           *builder)
{
  LdJsonOut out;

  ld_json_out_init_builder (&out, builder);
  ld_report_version_write_json (report, &out);
}

JsonNode *
ld_report_version_to_node (const LdReportVersion *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  ld_report_version_to_json (report, builder);
  return json_builder_get_root (builder);
}

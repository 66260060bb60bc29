/* ld-service-fhir.h: released reports read for FHIR, with need-to-know and audit
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-permissions.h"
#include "ld-service.h"
#include "../fhir/ld-fhir.h"

G_BEGIN_DECLS

/**
 * LdFhirSearch:
 * @patient_id: whose reports
 * @from_us: the earliest first collection
 * @until_us: the first collection before this
 * @after_id: (nullable): the last report of the previous page
 * @limit: the most reports on a page
 *
 * A search of one patient's released reports.
 */
typedef struct
{
  const char *patient_id;
  gint64      from_us;
  gint64      until_us;
  const char *after_id;
  guint       limit;
} LdFhirSearch;

LdFhirReport *ld_service_fhir_read_report (LdServiceContext   *ctx,
                                           const LdPermission *permission,
                                           const char         *report_id,
                                           GError            **error);
GPtrArray    *ld_service_fhir_search_reports (LdServiceContext   *ctx,
                                              const LdPermission *permission,
                                              const LdFhirSearch *search,
                                              gboolean           *out_more,
                                              GError            **error);

G_END_DECLS

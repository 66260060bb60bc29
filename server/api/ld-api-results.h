/* ld-api-results.h: what the result, release and alert handlers share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-json.h"
#include "ld-order.h"
#include "ld-report-version.h"
#include "ld-result.h"
#include "ld-result-body.h"
#include "../http/ld-http-request.h"
#include "../service/ld-service-results.h"
#include "../store/ld-store-results.h"

G_BEGIN_DECLS

gboolean  ld_api_results_refused     (LdHttpRequest   *req,
                                      JsonNode        *current,
                                      GError         **local,
                                      GError         **error);
void      ld_api_results_respond     (LdHttpRequest   *req,
                                      guint            status,
                                      const LdOrder   *order,
                                      GPtrArray       *results,
                                      const LdReportVersion *report);

G_END_DECLS

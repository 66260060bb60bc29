/* ld-fhir.h: a released report as FHIR R4 resources
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-error.h"
#include "ld-order.h"
#include "ld-patient.h"
#include "ld-report-version.h"

G_BEGIN_DECLS

/**
 * LdFhirReport:
 * @report: the released version
 * @order: its order
 * @patient: the order's patient
 * @samples: (element-type LdSample): the order's samples
 * @results: (element-type LdResult): the order's results, as released
 * @tests: (element-type utf8 LdCatalogTest): the catalogue's tests by
 *   code, for their LOINC codes
 * @pdf: the version's PDF, as it was issued
 *
 * All a Bundle of one released report is written from.
 */
typedef struct
{
  LdReportVersion *report;
  LdOrder         *order;
  LdPatient       *patient;
  GPtrArray       *samples;
  GPtrArray       *results;
  GHashTable      *tests;
  GBytes          *pdf;
} LdFhirReport;

LdFhirReport *ld_fhir_report_new     (void);
void          ld_fhir_report_free    (LdFhirReport  *report);

JsonNode     *ld_fhir_report_bundle  (const LdFhirReport *report,
                                      const char         *base);
JsonNode     *ld_fhir_search_bundle  (GPtrArray          *reports,
                                      const char         *base,
                                      const char         *self_url,
                                      const char         *next_url);
JsonNode     *ld_fhir_outcome_new    (LdApiError          code,
                                      const char         *message,
                                      GHashTable         *fields);
const char   *ld_fhir_ucum_code      (const char         *unit);
char         *ld_fhir_to_string      (JsonNode           *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdFhirReport, ld_fhir_report_free)

G_END_DECLS

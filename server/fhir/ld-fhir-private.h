/* ld-fhir-private.h: what the FHIR resource writers share
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-fhir.h"
#include "ld-result.h"

G_BEGIN_DECLS

#define LD_FHIR_LOINC "http://loinc.org"
#define LD_FHIR_UCUM "http://unitsofmeasure.org"

/* How an entry of a searchset was found; NULL outside a searchset. */
#define LD_FHIR_MATCH "match"
#define LD_FHIR_INCLUDE "include"

char *ld_fhir_urn            (const char   *uuid);
char *ld_fhir_derived_uuid   (const char   *kind,
                              const char   *key,
                              const char   *key2);
char *ld_fhir_system         (const char   *base,
                              const char   *path);
char *ld_fhir_service_request_uuid (const LdOrder *order,
                                    const char    *test_code);
void  ld_fhir_add_string     (JsonBuilder  *builder,
                              const char   *name,
                              const char   *value);
void  ld_fhir_add_reference  (JsonBuilder  *builder,
                              const char   *name,
                              const char   *urn);
void  ld_fhir_add_quantity   (JsonBuilder  *builder,
                              const char   *name,
                              double        value,
                              const char   *unit);
void  ld_fhir_add_coding     (JsonBuilder  *builder,
                              const char   *system,
                              const char   *code,
                              const char   *display);
void  ld_fhir_begin_entry    (JsonBuilder  *builder,
                              const char   *uuid,
                              const char   *resource_type);
void  ld_fhir_end_entry      (JsonBuilder  *builder,
                              const char   *search_mode);

void     ld_fhir_write_patient (JsonBuilder        *builder,
                                const LdFhirReport *report,
                                const char         *base,
                                const char         *search_mode);
void     ld_fhir_write_service_requests (JsonBuilder        *builder,
                                         const LdFhirReport *report,
                                         const char         *base,
                                         const char         *search_mode);
void     ld_fhir_write_specimens (JsonBuilder        *builder,
                                  const LdFhirReport *report,
                                  const char         *base,
                                  const char         *search_mode);
void     ld_fhir_write_observations (JsonBuilder        *builder,
                                     const LdFhirReport *report,
                                     const char         *base,
                                     const char         *search_mode);
void     ld_fhir_write_diagnostic_report (JsonBuilder        *builder,
                                          const LdFhirReport *report,
                                          const char         *base,
                                          const char         *search_mode);
void     ld_fhir_add_test_code (JsonBuilder        *builder,
                                const LdFhirReport *report,
                                const char         *base,
                                const char         *code,
                                const char         *name);
gboolean ld_fhir_result_is_reported (const LdResult *result);
void     ld_fhir_add_reference_range (JsonBuilder    *builder,
                                      const LdResult *result);

G_END_DECLS

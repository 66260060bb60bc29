/* ld-fhir-service-request.c: the order's tests as FHIR ServiceRequests
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-fhir"

#include "config.h"

#include "ld-fhir-private.h"
#include "ld-catalog.h"

/* The test's code: LOINC first when the catalogue gives one, then the
 * lab's own code; the name as text. Observations share it. */
void
ld_fhir_add_test_code (JsonBuilder        *builder,
                       const LdFhirReport *report,
                       const char         *base,
                       const char         *code,
                       const char         *name)
{
  const LdCatalogTest *test = g_hash_table_lookup (report->tests, code);
  g_autofree char *system = ld_fhir_system (base, "CodeSystem/tests");

  json_builder_set_member_name (builder, "code");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  if (test != NULL && test->loinc != NULL && test->loinc[0] != '\0')
    ld_fhir_add_coding (builder, LD_FHIR_LOINC, test->loinc, NULL);
  ld_fhir_add_coding (builder, system, code, name);
  json_builder_end_array (builder);
  ld_fhir_add_string (builder, "text", name);
  json_builder_end_object (builder);
}

/* One ServiceRequest per test of the order (FHIR's code is one test),
 * grouped by the order's number as their requisition. */
void
ld_fhir_write_service_requests (JsonBuilder        *builder,
                                const LdFhirReport *report,
                                const char         *base,
                                const char         *search_mode)
{
  const LdOrder *order = report->order;
  g_autofree char *system = ld_fhir_system (base, "sid/order");
  g_autofree char *subject = ld_fhir_urn (order->patient_id);

  for (guint i = 0; i < order->tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (order->tests, i);
      g_autofree char *uuid = ld_fhir_service_request_uuid (order, test->code);

      ld_fhir_begin_entry (builder, uuid, "ServiceRequest");
      json_builder_set_member_name (builder, "requisition");
      json_builder_begin_object (builder);
      ld_fhir_add_string (builder, "system", system);
      ld_fhir_add_string (builder, "value", order->number);
      json_builder_end_object (builder);
      ld_fhir_add_string (builder, "status", "completed");
      ld_fhir_add_string (builder, "intent", "order");
      /* Ours (routine, urgent, stat) are FHIR's request priorities. */
      ld_fhir_add_string (builder, "priority", order->priority);
      ld_fhir_add_test_code (builder, report, base, test->code, test->name);
      ld_fhir_add_reference (builder, "subject", subject);
      ld_fhir_add_string (builder, "authoredOn", order->created_at);
      ld_fhir_end_entry (builder, search_mode);
    }
}

/* ld-fhir-diagnostic-report.c: a released report version as a FHIR DiagnosticReport
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-fhir"

#include "config.h"

#include "ld-fhir-private.h"
#include "ld-sample.h"
#include "ld-time.h"
#include "../documents/ld-documents.h"

/* LOINC's code for a laboratory report as a whole. */
#define LOINC_LAB_REPORT "11502-2"

static void
add_references (JsonBuilder *builder,
                const char  *name,
                GPtrArray   *uuids)
{
  if (uuids->len == 0)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < uuids->len; i++)
    {
      g_autofree char *urn = ld_fhir_urn (g_ptr_array_index (uuids, i));

      ld_fhir_add_reference (builder, NULL, urn);
    }
  json_builder_end_array (builder);
}

/* The kept PDF, byte for byte, with the SHA-1 FHIR's Attachment.hash
 * asks for (base64 of the digest). */
static void
add_presented_form (JsonBuilder        *builder,
                    const LdFhirReport *report)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *data = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *title =
    ld_documents_file_name (report->order, "report", report->report->version);
  guint8 digest[20];
  gsize digest_len = sizeof digest;
  gsize size;
  const guchar *bytes = g_bytes_get_data (report->pdf, &size);

  g_checksum_update (sum, bytes, size);
  g_checksum_get_digest (sum, digest, &digest_len);
  hash = g_base64_encode (digest, digest_len);
  data = g_base64_encode (bytes, size);

  json_builder_set_member_name (builder, "presentedForm");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "contentType", "application/pdf");
  ld_fhir_add_string (builder, "data", data);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, size);
  ld_fhir_add_string (builder, "hash", hash);
  ld_fhir_add_string (builder, "title", title);
  ld_fhir_add_string (builder, "creation", report->report->released_at);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

/* DiagnosticReport: final, or corrected for a corrected version; its
 * effective time is when the first reported result's sample was
 * collected (what searching by date finds), issued when released. */
void
ld_fhir_write_diagnostic_report (JsonBuilder        *builder,
                                 const LdFhirReport *report,
                                 const char         *base,
                                 const char         *search_mode)
{
  const LdOrder *order = report->order;
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) specimens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subject = ld_fhir_urn (order->patient_id);
  g_autofree char *system = ld_fhir_system (base, "sid/report");
  g_autofree char *value = NULL;
  g_autofree char *effective = NULL;
  gint64 first_collected_us = 0;

  for (guint i = 0; i < order->tests->len; i++)
    {
      const LdOrderTest *test = g_ptr_array_index (order->tests, i);

      g_ptr_array_add (requests, ld_fhir_service_request_uuid (order, test->code));
    }
  for (guint i = 0; i < report->samples->len; i++)
    {
      const LdSample *sample = g_ptr_array_index (report->samples, i);

      g_ptr_array_add (specimens, g_strdup (sample->id));
    }
  for (guint i = 0; i < report->results->len; i++)
    {
      const LdResult *result = g_ptr_array_index (report->results, i);

      if (!ld_fhir_result_is_reported (result))
        continue;
      g_ptr_array_add (results, g_strdup (result->id));
      if (result->collected_us > 0 &&
          (first_collected_us == 0 || result->collected_us < first_collected_us))
        first_collected_us = result->collected_us;
    }
  if (first_collected_us > 0)
    effective = ld_time_format_rfc3339 (first_collected_us);
  value = g_strdup_printf ("%s-v%" G_GINT64_FORMAT, order->number, report->report->version);

  ld_fhir_begin_entry (builder, report->report->id, "DiagnosticReport");
  json_builder_set_member_name (builder, "identifier");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "system", system);
  ld_fhir_add_string (builder, "value", value);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_references (builder, "basedOn", requests);
  ld_fhir_add_string (builder, "status", report->report->corrected ? "corrected" : "final");

  json_builder_set_member_name (builder, "category");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  ld_fhir_add_coding (builder, "http://terminology.hl7.org/CodeSystem/v2-0074", "LAB",
                      "Laboratory");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "code");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "coding");
  json_builder_begin_array (builder);
  ld_fhir_add_coding (builder, LD_FHIR_LOINC, LOINC_LAB_REPORT, "Laboratory report");
  json_builder_end_array (builder);
  ld_fhir_add_string (builder, "text", "Laboratory report");
  json_builder_end_object (builder);

  ld_fhir_add_reference (builder, "subject", subject);
  ld_fhir_add_string (builder, "effectiveDateTime", effective);
  ld_fhir_add_string (builder, "issued", report->report->released_at);
  add_references (builder, "specimen", specimens);
  add_references (builder, "result", results);
  add_presented_form (builder, report);
  ld_fhir_end_entry (builder, search_mode);
}

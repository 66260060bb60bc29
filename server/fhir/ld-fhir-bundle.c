/* ld-fhir-bundle.c: released reports as FHIR Bundles
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One report is a Bundle of type "collection", not a FHIR document: the
 * signed, issued document is the kept PDF (carried as the report's
 * presentedForm, hash and all), and a "document" Bundle would make its
 * Composition a second attested document that could disagree with it.
 * See docs/fhir.md.
 */

#define G_LOG_DOMAIN "ld-fhir"

#include "config.h"

#include "ld-fhir-private.h"
#include "ld-time.h"

static void
begin_bundle (JsonBuilder *builder,
              const char  *id,
              const char  *type)
{
  g_autofree char *now = ld_time_format_rfc3339 (ld_time_now ());

  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "resourceType", "Bundle");
  ld_fhir_add_string (builder, "id", id);
  ld_fhir_add_string (builder, "type", type);
  ld_fhir_add_string (builder, "timestamp", now);
}

/* The report's resources; the patient's only when @with_patient. */
static void
write_report_entries (JsonBuilder        *builder,
                      const LdFhirReport *report,
                      const char         *base,
                      gboolean            searchset,
                      gboolean            with_patient)
{
  const char *other = searchset ? LD_FHIR_INCLUDE : NULL;

  ld_fhir_write_diagnostic_report (builder, report, base, searchset ? LD_FHIR_MATCH : NULL);
  if (with_patient)
    ld_fhir_write_patient (builder, report, base, other);
  ld_fhir_write_service_requests (builder, report, base, other);
  ld_fhir_write_specimens (builder, report, base, other);
  ld_fhir_write_observations (builder, report, base, other);
}

/**
 * ld_fhir_report_bundle:
 * @report: a released report and all it is written from
 * @base: (nullable): the lab's public address, for identifier systems
 *
 * A "collection" Bundle: the DiagnosticReport first, then its Patient,
 * ServiceRequests, Specimens and Observations, referring to each other
 * by their `urn:uuid:` fullUrls.
 *
 * Returns: (transfer full): the Bundle
 */
JsonNode *
ld_fhir_report_bundle (const LdFhirReport *report,
                       const char         *base)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = NULL;

  g_return_val_if_fail (report != NULL && report->pdf != NULL, NULL);

  id = ld_fhir_derived_uuid ("Bundle", report->report->id, NULL);
  begin_bundle (builder, id, "collection");
  json_builder_set_member_name (builder, "entry");
  json_builder_begin_array (builder);
  write_report_entries (builder, report, base, FALSE, TRUE);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
add_link (JsonBuilder *builder,
          const char  *relation,
          const char  *url)
{
  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "relation", relation);
  ld_fhir_add_string (builder, "url", url);
  json_builder_end_object (builder);
}

/**
 * ld_fhir_search_bundle:
 * @reports: (element-type LdFhirReport): one patient's released reports
 * @base: (nullable): the lab's public address, for identifier systems
 * @self_url: the search as asked
 * @next_url: (nullable): the next page, when there is one
 *
 * A "searchset" Bundle: each DiagnosticReport a match, followed by what
 * it refers to as includes; the patient, shared by all, once.
 *
 * Returns: (transfer full): the Bundle
 */
JsonNode *
ld_fhir_search_bundle (GPtrArray  *reports,
                       const char *base,
                       const char *self_url,
                       const char *next_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = g_uuid_string_random ();

  g_return_val_if_fail (reports != NULL && self_url != NULL, NULL);

  begin_bundle (builder, id, "searchset");
  json_builder_set_member_name (builder, "link");
  json_builder_begin_array (builder);
  add_link (builder, "self", self_url);
  if (next_url != NULL)
    add_link (builder, "next", next_url);
  json_builder_end_array (builder);
  /* FHIR's JSON has no empty lists: no match, no "entry". */
  if (reports->len > 0)
    {
      json_builder_set_member_name (builder, "entry");
      json_builder_begin_array (builder);
      for (guint i = 0; i < reports->len; i++)
        write_report_entries (builder, g_ptr_array_index (reports, i), base, TRUE, i == 0);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

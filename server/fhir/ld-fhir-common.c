/* ld-fhir-common.c: identifiers, references and JSON text for the FHIR writers
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-fhir"

#include "config.h"

#include <stdlib.h>

#include "ld-fhir-private.h"
#include "ld-json-out.h"
#include "ld-catalog.h"
#include "ld-sample.h"
#include "ld-states.h"

/* Identifier systems when the lab has set no public_base_url: a URN of
 * our own, still a valid FHIR uri. */
#define LOCAL_SYSTEM "urn:labdesk:"

LdFhirReport *
ld_fhir_report_new (void)
{
  return g_new0 (LdFhirReport, 1);
}

void
ld_fhir_report_free (LdFhirReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->report, ld_report_version_free);
  g_clear_pointer (&report->order, ld_order_free);
  g_clear_object (&report->patient);
  g_clear_pointer (&report->samples, g_ptr_array_unref);
  g_clear_pointer (&report->results, g_ptr_array_unref);
  g_clear_pointer (&report->tests, g_hash_table_unref);
  g_clear_pointer (&report->pdf, g_bytes_unref);
  g_free (report);
}

char *
ld_fhir_urn (const char *uuid)
{
  return g_strconcat ("urn:uuid:", uuid, NULL);
}

/* A UUID made from a name (RFC 4122 version 5 layout over SHA-1), for
 * resources that have no record of their own, such as one ServiceRequest
 * per test of an order: the same report gives the same ids every time. */
char *
ld_fhir_derived_uuid (const char *kind,
                      const char *key,
                      const char *key2)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (sum, (const guchar *) kind, -1);
  g_checksum_update (sum, (const guchar *) "/", 1);
  g_checksum_update (sum, (const guchar *) key, -1);
  if (key2 != NULL)
    {
      g_checksum_update (sum, (const guchar *) "/", 1);
      g_checksum_update (sum, (const guchar *) key2, -1);
    }
  g_checksum_get_digest (sum, digest, &len);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

char *
ld_fhir_service_request_uuid (const LdOrder *order,
                              const char    *test_code)
{
  return ld_fhir_derived_uuid ("ServiceRequest", order->id, test_code);
}

/* An identifier or code system of this lab: under its public address
 * ("https://lab.example.in/fhir/sid/mrn"), or a URN when it has none. */
char *
ld_fhir_system (const char *base,
                const char *path)
{
  g_autofree char *local = NULL;

  if (base == NULL || base[0] == '\0')
    {
      local = g_strdelimit (g_strdup (path), "/", ':');
      return g_strconcat (LOCAL_SYSTEM, local, NULL);
    }
  if (g_str_has_suffix (base, "/"))
    return g_strconcat (base, "fhir/", path, NULL);
  return g_strconcat (base, "/fhir/", path, NULL);
}

/* FHIR has no null and no empty string: a missing value is left out. */
void
ld_fhir_add_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  if (value == NULL || value[0] == '\0')
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

void
ld_fhir_add_reference (JsonBuilder *builder,
                       const char  *name,
                       const char  *urn)
{
  if (name != NULL)
    json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "reference", urn);
  json_builder_end_object (builder);
}

void
ld_fhir_add_coding (JsonBuilder *builder,
                    const char  *system,
                    const char  *code,
                    const char  *display)
{
  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "system", system);
  ld_fhir_add_string (builder, "code", code);
  ld_fhir_add_string (builder, "display", display);
  json_builder_end_object (builder);
}

/* Opens `{"fullUrl": "urn:uuid:…", "resource": {"resourceType": …, "id": …`. */
void
ld_fhir_begin_entry (JsonBuilder *builder,
                     const char  *uuid,
                     const char  *resource_type)
{
  g_autofree char *urn = ld_fhir_urn (uuid);

  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "fullUrl", urn);
  json_builder_set_member_name (builder, "resource");
  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "resourceType", resource_type);
  ld_fhir_add_string (builder, "id", uuid);
}

void
ld_fhir_end_entry (JsonBuilder *builder,
                   const char  *search_mode)
{
  json_builder_end_object (builder);
  if (search_mode != NULL)
    {
      json_builder_set_member_name (builder, "search");
      json_builder_begin_object (builder);
      ld_fhir_add_string (builder, "mode", search_mode);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

gboolean
ld_fhir_result_is_reported (const LdResult *result)
{
  LdResultState state = ld_result_state_parse (result->state);

  return result->value != NULL &&
         (state == LD_RESULT_STATE_RELEASED || state == LD_RESULT_STATE_AMENDED);
}

/**
 * ld_fhir_to_string:
 * @node: a FHIR resource
 *
 * Compact JSON text of @node, numbers as short as they read back exactly.
 *
 * Returns: (transfer full): the text
 */
char *
ld_fhir_to_string (JsonNode *node)
{
  LdJsonOut out;

  g_return_val_if_fail (node != NULL, NULL);

  /* A FHIR decimal's digits are its precision: 4.1 must not be written as
   * 4.0999999999999996, as the API's doubles are. */
  ld_json_out_init_text (&out);
  ld_json_out_set_doubles (&out, LD_JSON_OUT_DOUBLES_SHORTEST);
  ld_json_out_node (&out, NULL, node);
  return ld_json_out_end_text (&out);
}

/* A Quantity: the value in the catalogue's @unit, with its UCUM code
 * when the unit has one (ld-fhir-units.c). */
void
ld_fhir_add_quantity (JsonBuilder *builder,
                      const char  *name,
                      double       value,
                      const char  *unit)
{
  const char *ucum = ld_fhir_ucum_code (unit);

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_double_value (builder, value);
  ld_fhir_add_string (builder, "unit", unit);
  if (ucum != NULL)
    {
      ld_fhir_add_string (builder, "system", LD_FHIR_UCUM);
      ld_fhir_add_string (builder, "code", ucum);
    }
  json_builder_end_object (builder);
}

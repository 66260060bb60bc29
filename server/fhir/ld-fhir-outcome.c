/* ld-fhir-outcome.c: a refusal on a FHIR route as an OperationOutcome
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ld-fhir"

#include "config.h"

#include "ld-fhir-private.h"

/* Our wire codes as FHIR issue types (the IssueType value set). */
static const char *
issue_type (LdApiError code)
{
  switch (code)
    {
    case LD_API_ERROR_BAD_REQUEST:
    case LD_API_ERROR_VALIDATION_FAILED:
      return "invalid";
    case LD_API_ERROR_UNAUTHORIZED:
      return "login";
    case LD_API_ERROR_FORBIDDEN:
      return "forbidden";
    case LD_API_ERROR_NOT_FOUND:
      return "not-found";
    case LD_API_ERROR_METHOD_NOT_ALLOWED:
      return "not-supported";
    case LD_API_ERROR_CONFLICT:
      return "conflict";
    case LD_API_ERROR_GONE:
      return "deleted";
    case LD_API_ERROR_PAYLOAD_TOO_LARGE:
      return "too-long";
    case LD_API_ERROR_RATE_LIMITED:
      return "throttled";
    case LD_API_ERROR_UNAVAILABLE:
      return "transient";
    case LD_API_ERROR_INTERNAL:
    default:
      return "exception";
    }
}

static void
add_issue (JsonBuilder *builder,
           const char  *type,
           const char  *wire_code,
           const char  *diagnostics,
           const char  *field)
{
  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "severity", "error");
  ld_fhir_add_string (builder, "code", type);
  json_builder_set_member_name (builder, "details");
  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "text", wire_code);
  json_builder_end_object (builder);
  ld_fhir_add_string (builder, "diagnostics", diagnostics);
  if (field != NULL)
    {
      json_builder_set_member_name (builder, "expression");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, field);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

/**
 * ld_fhir_outcome_new:
 * @code: the wire error
 * @message: what the person reads
 * @fields: (nullable) (element-type utf8 utf8): field → problem
 *
 * The one error shape's content as an OperationOutcome: one issue with
 * the message and our wire code as `details.text`, then one per field
 * naming it in `expression`.
 *
 * Returns: (transfer full): the resource
 */
JsonNode *
ld_fhir_outcome_new (LdApiError  code,
                     const char *message,
                     GHashTable *fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *type = issue_type (code);
  const char *wire_code = ld_api_error_to_code (code);

  json_builder_begin_object (builder);
  ld_fhir_add_string (builder, "resourceType", "OperationOutcome");
  json_builder_set_member_name (builder, "issue");
  json_builder_begin_array (builder);
  add_issue (builder, type, wire_code, message, NULL);
  if (fields != NULL)
    {
      g_autoptr(GList) names =
                   g_list_sort (g_hash_table_get_keys (fields), (GCompareFunc) g_strcmp0);

      for (GList *l = names; l != NULL; l = l->next)
        add_issue (builder, type, wire_code, g_hash_table_lookup (fields, l->data), l->data);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

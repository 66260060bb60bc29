/* ld-visit-amendment.c: one amendment of a signed visit, as the API shows it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wire shape is docs/api.md's ("GET /api/v1/appointments/{id}/visit"):
 * "version", "reason", "amended_by", "amended_by_name", "amended_at" and
 * "was", the whole visit record as it was before (without amendments).
 */

#define G_LOG_DOMAIN "ld-visit-amendment"

#include "config.h"

#include "ld-appointment-private.h"
#include "ld-visit-amendment.h"

/**
 * ld_visit_amendment_new:
 *
 * Returns: (transfer full): an empty amendment
 */
LdVisitAmendment *
ld_visit_amendment_new (void)
{
  return g_new0 (LdVisitAmendment, 1);
}

/**
 * ld_visit_amendment_free:
 * @amendment: (nullable): an amendment
 */
void
ld_visit_amendment_free (LdVisitAmendment *amendment)
{
  if (amendment == NULL)
    return;

  g_free (amendment->reason);
  g_free (amendment->amended_by);
  g_free (amendment->amended_by_name);
  g_clear_pointer (&amendment->was, ld_visit_free);
  g_free (amendment);
}

/**
 * ld_visit_amendment_to_json:
 * @amendment: an amendment
 * @builder: a builder, where a value goes
 *
 * Writes the amendment as the API shows it, its "was" as
 * ld_visit_to_json() writes a visit (null when not known).
 */
void
ld_visit_amendment_to_json (const LdVisitAmendment *amendment,
                            JsonBuilder            *builder)
{
  g_return_if_fail (amendment != NULL && builder != NULL);

  json_builder_begin_object (builder);
  ld_json_builder_add_int (builder, "version", amendment->version);
  ld_json_builder_add_string (builder, "reason", amendment->reason);
  ld_json_builder_add_string (builder, "amended_by", amendment->amended_by);
  ld_json_builder_add_string (builder, "amended_by_name", amendment->amended_by_name);
  ld_appointment_add_time (builder, "amended_at", amendment->amended_us);
  json_builder_set_member_name (builder, "was");
  if (amendment->was != NULL)
    ld_visit_to_json (amendment->was, builder);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/**
 * ld_visit_amendment_read_object:
 * @object: an amendment as the API shows it (ld_visit_amendment_to_json())
 *
 * Reads it back leniently, as ld_visit_read_object() reads a visit: a
 * member missing or of the wrong type stays empty, and a "was" that is
 * not an object leaves @was %NULL.
 *
 * Returns: (transfer full): the amendment
 */
LdVisitAmendment *
ld_visit_amendment_read_object (JsonObject *object)
{
  LdVisitAmendment *amendment = ld_visit_amendment_new ();
  JsonNode *was;

  g_return_val_if_fail (object != NULL, amendment);

  amendment->version = ld_appointment_read_int (object, "version");
  amendment->reason = g_strdup (ld_json_object_get_string (object, "reason"));
  amendment->amended_by = g_strdup (ld_json_object_get_string (object, "amended_by"));
  amendment->amended_by_name = g_strdup (ld_json_object_get_string (object, "amended_by_name"));
  amendment->amended_us = ld_appointment_read_time (object, "amended_at");
  was = json_object_get_member (object, "was");
  if (was != NULL && JSON_NODE_HOLDS_OBJECT (was))
    amendment->was = ld_visit_read_object (json_node_get_object (was));
  return amendment;
}

/* ld-web-review-body.c: the desk's word on a parked web registration, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk writes this body when it settles a registration from the
 * patient pages that looked like a patient already registered; the server
 * reads it. Both go through this file. The wire is in docs/api.md,
 * "POST /api/v1/web-registrations/{patient_id}/resolve".
 */

#define G_LOG_DOMAIN "ld-web-review-body"

#include "config.h"

#include "ld-web-review-body.h"

/**
 * ld_web_review_body_write:
 * @builder: a builder inside an object
 * @review: the decision
 */
void
ld_web_review_body_write (JsonBuilder           *builder,
                          const LdWebReviewBody *review)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (review != NULL);
  g_return_if_fail (!review->same || review->patient_id != NULL);

  ld_json_builder_add_string (builder, "decision", review->same ? "same" : "distinct");
  if (review->same)
    ld_json_builder_add_string (builder, "patient_id", review->patient_id);
}

/**
 * ld_web_review_body_read:
 * @reader: the body
 * @review: receives what was read; problems go to @reader
 *
 * "same" needs the existing record's id, a UUID; "distinct" takes none.
 */
void
ld_web_review_body_read (LdJsonReader    *reader,
                         LdWebReviewBody *review)
{
  g_autofree char *decision = NULL;
  gboolean present, has_id;

  g_return_if_fail (reader != NULL && review != NULL);

  present = ld_json_reader_has (reader, "patient_id");
  has_id = ld_json_reader_get_string (reader, "patient_id", LD_JSON_OPTIONAL,
                                      &review->patient_id);
  if (!ld_json_reader_get_string (reader, "decision", LD_JSON_REQUIRED, &decision))
    return;
  review->same = g_str_equal (decision, "same");
  if (!review->same && !g_str_equal (decision, "distinct"))
    ld_json_reader_add_error (reader, "decision", "must be \"same\" or \"distinct\"");
  else if (review->same && !present)
    ld_json_reader_add_error (reader, "patient_id", "is required");
  else if (review->same && has_id && !g_uuid_string_is_valid (review->patient_id))
    ld_json_reader_add_error (reader, "patient_id", "is not a patient's id");
  else if (!review->same && present && has_id)
    ld_json_reader_add_error (reader, "patient_id", "goes only with \"same\"");
}

void
ld_web_review_body_clear (LdWebReviewBody *review)
{
  g_clear_pointer (&review->patient_id, g_free);
}

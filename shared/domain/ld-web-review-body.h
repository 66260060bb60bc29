/* ld-web-review-body.h: the desk's word on a parked web registration, one spelling
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ld-json.h"

G_BEGIN_DECLS

/**
 * LdWebReviewBody:
 * @same: the parked record is the existing patient's (merge it); otherwise
 *   they are different people (clear the flag)
 * @patient_id: (nullable): with @same, the existing record it joins
 *
 * POST /api/v1/web-registrations/{id}/resolve:
 * `{"decision": "distinct"}` or `{"decision": "same", "patient_id": …}`.
 */
typedef struct
{
  gboolean  same;
  char     *patient_id;
} LdWebReviewBody;

void ld_web_review_body_write (JsonBuilder           *builder,
                               const LdWebReviewBody *review);
void ld_web_review_body_read  (LdJsonReader          *reader,
                               LdWebReviewBody       *review);
void ld_web_review_body_clear (LdWebReviewBody       *review);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdWebReviewBody, ld_web_review_body_clear)

G_END_DECLS

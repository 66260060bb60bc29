/* ld-service-web-review.h: the desk settles web registrations parked for it
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ld-patient.h"
#include "ld-service.h"
#include "ld-web-review-body.h"

G_BEGIN_DECLS

/**
 * LdWebReviewItem:
 * @patient: the parked record
 * @accounts: (element-type LdWebAccountLink): the web accounts that
 *   registered it
 * @resembles: (element-type LdPatient): the records it looks like, by the
 *   desk's likely-duplicate rule
 *
 * One registration from the patient pages waiting for the desk.
 */
typedef struct
{
  LdPatient *patient;
  GPtrArray *accounts;
  GPtrArray *resembles;
} LdWebReviewItem;

void       ld_web_review_item_free        (LdWebReviewItem        *item);

GPtrArray *ld_service_web_review_list     (LdServiceContext       *ctx,
                                           GError                **error);
gboolean   ld_service_web_review_resolve  (LdServiceContext       *ctx,
                                           const char             *patient_id,
                                           const LdWebReviewBody  *review,
                                           GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdWebReviewItem, ld_web_review_item_free)

G_END_DECLS

/* ld-web-review-calls.h: the desk's review of registrations parked from the patient pages
 *
 * Copyright 2026 The Labdesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ld-api-client.h"
#include "ld-patient.h"

G_BEGIN_DECLS

/**
 * LdWebReviewEntry:
 * @patient: the parked record
 * @registered_at: when it was registered on the patient pages (RFC 3339)
 * @accounts: (element-type utf8): the registering accounts, each as
 *   "e-mail · phone" (or the e-mail alone)
 * @resembles: (element-type LdPatient): the records it looks like
 *
 * One registration waiting for the desk (GET /api/v1/web-registrations/review).
 */
typedef struct
{
  LdPatient *patient;
  char      *registered_at;
  GPtrArray *accounts;
  GPtrArray *resembles;
} LdWebReviewEntry;

void       ld_web_review_entry_free   (LdWebReviewEntry *entry);

void       ld_web_review_list_async   (LdApiClient         *client,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GPtrArray *ld_web_review_list_finish  (LdApiClient         *client,
                                       GAsyncResult        *result,
                                       GError             **error);
void       ld_web_review_resolve_async (LdApiClient         *client,
                                        const char          *patient_id,
                                        const char          *same_as_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean   ld_web_review_resolve_finish (LdApiClient        *client,
                                         GAsyncResult       *result,
                                         GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdWebReviewEntry, ld_web_review_entry_free)

G_END_DECLS
